"""hedgeopt: hedge an MMF core plus a thin, possibly leveraged equity-index satellite against ruin."""

"""One-period scenario sets: factor moves over a horizon as a table (grid, historical episodes, Monte Carlo).

Users import them from ``scenarios`` (:class:`ScenarioSet`, :func:`grid`, :func:`historical_episodes`,
:func:`monte_carlo`, the factor model). Imports ``pricing`` only.
"""

"""Implied-vol smiles fitted to option quotes: one SSVI slice per expiry, joined into an arbitrage-free surface.

``slices`` holds the surface (:class:`SSVISlices`, a :class:`pricing.vol_surface.VolSurface`) and the analytic
no-arbitrage conditions it enforces, ``arbitrage`` their numerical twin (:func:`arbitrage_report`), ``fit`` the
calibration (:func:`fit_ssvi_slices`). Imports only the rest of :mod:`pricing`.
"""

from pricing.smiles.arbitrage import arbitrage_report
from pricing.smiles.fit import SliceFit, fit_ssvi_slices
from pricing.smiles.slices import SSVISlice, SSVISlices

__all__ = ["SSVISlice", "SSVISlices", "SliceFit", "arbitrage_report", "fit_ssvi_slices"]

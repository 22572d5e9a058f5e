"""Scenario layer of hedgeopt: factor moves over a horizon and the P&L of instruments under them.

Imports ``pricing`` only.
"""

from scenarios.factor_model import FactorModel, VolResponse
from scenarios.grid import grid, grid_values
from scenarios.scenario_set import ScenarioSet, equity_col, fx_col, rate_col, vol_col

__all__ = [
    "FactorModel",
    "ScenarioSet",
    "VolResponse",
    "equity_col",
    "fx_col",
    "grid",
    "grid_values",
    "rate_col",
    "vol_col",
]

"""Scenario layer of hedgeopt: factor moves over a horizon and the P&L of instruments under them.

Imports ``pricing`` only.
"""

from scenarios.factor_model import FactorModel, VolResponse
from scenarios.grid import grid, grid_values
from scenarios.historical import EPISODES, Episode, episode, historical_episodes
from scenarios.monte_carlo import DEFAULT_VOLS, Distribution, default_corr, monte_carlo, student_t_scale
from scenarios.scenario_set import ScenarioSet, equity_col, fx_col, rate_col, vol_col

__all__ = [
    "DEFAULT_VOLS",
    "EPISODES",
    "Distribution",
    "Episode",
    "FactorModel",
    "ScenarioSet",
    "VolResponse",
    "default_corr",
    "episode",
    "equity_col",
    "fx_col",
    "grid",
    "grid_values",
    "historical_episodes",
    "monte_carlo",
    "rate_col",
    "student_t_scale",
    "vol_col",
]

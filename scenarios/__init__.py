"""Scenario layer of hedgeopt: factor moves over a horizon and the value of instruments under them.

``scenarios.sets``: one-period sets (grid, historical episodes, Monte Carlo; re-exported here);
``scenarios.paths``: daily path sources; ``scenarios.repricing``: options under scenarios, lazily.
Imports ``pricing`` only; inside, ``paths`` may import ``sets``, never the reverse.
"""

from scenarios.sets.factor_model import FactorModel, VolResponse
from scenarios.sets.grid import grid, grid_values
from scenarios.sets.historical import EPISODES, Episode, episode, historical_episodes
from scenarios.sets.monte_carlo import DEFAULT_VOLS, Distribution, default_corr, monte_carlo, student_t_scale
from scenarios.sets.scenario_set import ScenarioSet, equity_col, fx_col, rate_col, vol_col

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

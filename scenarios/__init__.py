"""Scenario layer of hedgeopt: factor moves over a horizon and the value of instruments under them.

``scenarios.sets``: one-period sets (grid, historical episodes, Monte Carlo; re-exported here, imported on first
use through ``lazy_loader``); ``scenarios.paths``: daily path sources; ``scenarios.repricing``: options under
scenarios, lazily. Imports ``pricing`` only; inside, ``paths`` may import ``sets``, never the reverse.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "sets.factor_model": ("FactorModel", "FxVolResponse", "VolResponse"),
    "sets.grid": ("grid", "grid_values"),
    "sets.historical": ("EPISODES", "Episode", "episode", "historical_episodes"),
    "sets.monte_carlo": ("DEFAULT_VOLS", "Distribution", "default_corr", "monte_carlo", "student_t_scale"),
    "sets.scenario_set": ("ScenarioSet", "equity_col", "fx_col", "fx_vol_col", "rate_col", "vol_col"),
})

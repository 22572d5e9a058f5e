"""hedgeopt: hedge an MMF core plus a thin, possibly leveraged equity-index satellite against ruin.

Rooms by concept, imported in one order (a room imports only those before it):
``account`` -> ``config`` -> ``risk``, ``optimizer``, ``paths`` (side by side) -> ``face``.
The public API is re-exported here; see the README's Python API section and docs/architecture.md.
"""

from hedgeopt.account import (
    MMF,
    Account,
    Cash,
    EtfPosition,
    FuturesPosition,
    LinearAsset,
    MarginPosition,
    OptionPosition,
    account_pnl,
    yearly_carry,
)
from hedgeopt.config import Config, load_config
from hedgeopt.optimizer import (
    Candidates,
    HedgeProblem,
    HedgeResult,
    LeverageResult,
    StandingPutResult,
    hedging,
    solve_dense,
    solve_hedge,
)
from hedgeopt.paths import PathRun, backtest, put_roll_study, simulate, simulate_loop
from hedgeopt.risk import Checklist, StressResult, checklist, stress, what_if

__all__ = [
    "MMF",
    "Account",
    "Candidates",
    "Cash",
    "Checklist",
    "Config",
    "EtfPosition",
    "FuturesPosition",
    "HedgeProblem",
    "HedgeResult",
    "LeverageResult",
    "LinearAsset",
    "MarginPosition",
    "OptionPosition",
    "PathRun",
    "StandingPutResult",
    "StressResult",
    "account_pnl",
    "backtest",
    "checklist",
    "hedging",
    "load_config",
    "put_roll_study",
    "simulate",
    "simulate_loop",
    "solve_dense",
    "solve_hedge",
    "stress",
    "what_if",
    "yearly_carry",
]

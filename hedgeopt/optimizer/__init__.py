"""The optimizer: the cheapest hedge under the loss cap, by constraint generation.

Candidates (index options and yen hedges), the hedge problem, the LP/MILP (and its dense twin), verification, the
standing put, put vs spread and index vs yen, the largest leverage, a hedge's yen leg, route C (the cheapest calls
and call spreads worth a target participation in the index's rise: :mod:`hedgeopt.optimizer.participation`);
:mod:`hedgeopt.optimizer.hedging` runs them from a config.
Imports ``hedgeopt.account`` and ``hedgeopt.config``; beside ``risk`` and ``paths``, importing neither.
"""

from hedgeopt.optimizer import hedging
from hedgeopt.optimizer.candidates import Candidates
from hedgeopt.optimizer.comparison import Comparison, compare, frontier
from hedgeopt.optimizer.leverage import HedgeMode, LeverageResult, max_leverage
from hedgeopt.optimizer.participation import (
    CallProblem,
    Participation,
    largest_call_exposure,
    participation_target,
    size_calls,
)
from hedgeopt.optimizer.problem import HedgeProblem
from hedgeopt.optimizer.result import CallRoute, HedgeResult, Position, Verification
from hedgeopt.optimizer.solve import solve_dense, solve_hedge
from hedgeopt.optimizer.standing_put import StandingPutResult, standing_put
from hedgeopt.optimizer.verification import verify
from hedgeopt.optimizer.yen_leg import YenLeg, yen_leg

__all__ = [
    "CallProblem",
    "CallRoute",
    "Candidates",
    "compare",
    "Comparison",
    "frontier",
    "HedgeMode",
    "HedgeProblem",
    "HedgeResult",
    "hedging",
    "largest_call_exposure",
    "LeverageResult",
    "max_leverage",
    "Participation",
    "participation_target",
    "Position",
    "solve_dense",
    "solve_hedge",
    "size_calls",
    "standing_put",
    "StandingPutResult",
    "Verification",
    "verify",
    "yen_leg",
    "YenLeg",
]

"""The path engine: the account day by day through market paths, vectorized over paths.

Its per-path loop twin (``loop``, on its own day-0 book ``loop_book``), the rules, the rolled standing hedge and
the rolled FX hedge of the dollar MMF (``fx_steps``, its twin ``fx_loop``), the yearly Japanese tax ledger of a row
run with tax (``aftertax``); metrics, backtests and the put study on top.
Imports ``hedgeopt.account`` and ``hedgeopt.config``; beside ``risk`` and ``optimizer``, importing neither.
"""

from hedgeopt.paths import backtest
from hedgeopt.paths.engine import Row, Simulator, simulate
from hedgeopt.paths.events import EventKind
from hedgeopt.paths.loop import simulate_loop
from hedgeopt.paths.put_study import PutStudy, put_roll_study
from hedgeopt.paths.result import CapCheck, PathRun

__all__ = ["backtest", "CapCheck", "EventKind", "PathRun", "put_roll_study", "PutStudy", "Row", "simulate",
           "simulate_loop", "Simulator"]

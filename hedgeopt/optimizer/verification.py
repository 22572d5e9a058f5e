"""Every reported hedge is re-checked on the whole scenario set, and with QuantLib prices where affordable.

The fast kernel evaluates the hedge on every scenario. QuantLib re-prices the held instruments on every
scenario when the set has at most :data:`QUANTLIB_ALL` scenarios; beyond that on the binding scenarios, the
worst :data:`WORST_SAMPLE` and a seeded random :data:`RANDOM_SAMPLE`. A hedge that breaks its cap under either
raises: a result that fails its own verification is an error, never an answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from hedgeopt.optimizer.result import HedgeResult, Verification
from pricing import HedgeoptError
from pricing._typing import FloatArray

if TYPE_CHECKING:
    from hedgeopt.optimizer.problem import HedgeProblem

QUANTLIB_ALL = 100_000
"""Largest scenario set re-priced with QuantLib in full."""

WORST_SAMPLE = 1_000
RANDOM_SAMPLE = 10_000
SAMPLE_SEED = 20261125

FAST_TOL = 1e-6
"""A hedge passes when its fast worst case is within this of the cap (fraction of NAV)."""

QUANTLIB_TOL = 1e-4
"""... and its QuantLib worst case within this (1 basis point of NAV; covers the American approximation)."""


def _sample(total: FloatArray, binding: np.ndarray) -> tuple[np.ndarray, str]:
    n = total.size
    if n <= QUANTLIB_ALL:
        return np.arange(n), "all"
    worst = np.argpartition(total, WORST_SAMPLE - 1)[:WORST_SAMPLE]
    rng = np.random.default_rng(SAMPLE_SEED)
    random = rng.choice(n, size=RANDOM_SAMPLE, replace=False)
    rows = np.unique(np.concatenate([binding, worst, random]))
    return rows, f"binding + worst {WORST_SAMPLE:,} + random {RANDOM_SAMPLE:,} (seed {SAMPLE_SEED})"


def verify(problem: HedgeProblem, q: FloatArray, total: FloatArray, result: HedgeResult) -> Verification:
    """Re-check a hedge: fast worst case on every scenario, QuantLib worst case on the stated sample.

    Parameters
    ----------
    problem : HedgeProblem
    q : ndarray of shape (n_candidates,)
        Contracts held.
    total : ndarray of shape (n_scenarios,)
        Hedged P&L by the fast kernel, fraction of NAV.
    result : HedgeResult
        The result being checked (its cap and CVaR).

    Raises
    ------
    HedgeoptError
        If the hedge breaks its worst-case cap (or its CVaR cap) under the fast kernel or QuantLib.
    """
    held = np.flatnonzero(q)
    bound = result.worst_case_after if result.cap is None else result.cap
    binding = np.flatnonzero(-total >= bound - 1e-6)
    rows, sample = _sample(total, binding)
    fast_total = total[rows]
    if held.size:
        fast = problem.candidates.value(problem.scenarios, rows, held)
        slow = problem.candidates.value(problem.scenarios, rows, held, quantlib=True)
        ql_total = fast_total + ((slow - fast) @ q[held]) / problem.nav
        diff = float(np.max(np.abs((slow - fast) @ q[held])))
    else:
        ql_total, diff = fast_total, 0.0
    worst_fast, worst_ql = float(-total.min()), float(-ql_total.min())
    passed = True
    if result.cap is not None:
        passed = worst_fast <= result.cap + FAST_TOL and worst_ql <= result.cap + QUANTLIB_TOL
    if problem.cvar is not None and problem.objective.value == "cost":
        passed = passed and (result.cvar_after or 0.0) <= problem.cvar.cap + FAST_TOL
    check = Verification(total.size, worst_fast, int(rows.size), worst_ql, diff, sample, passed)
    if not passed:
        raise HedgeoptError(f"the hedge failed its own verification: {check}")
    return check

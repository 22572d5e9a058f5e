"""Every reported hedge is re-checked on the whole scenario set, and with QuantLib prices where affordable.

The fast kernel evaluates the hedge on every scenario. QuantLib re-prices the held instruments on every
scenario when the set has at most :data:`QUANTLIB_ALL` scenarios; beyond that on every scenario whose fast loss is
within :data:`NEAR_CAP` of the cap (the binding ones among them), the worst :data:`WORST_SAMPLE` and a seeded
random :data:`RANDOM_SAMPLE`. A hedge that breaks its cap under either raises: a result that fails its own
verification is an error, never an answer.

:data:`QUANTLIB_ALL` is the sample's own size: a set re-priced in full never costs QuantLib more rows than a
sampled one (it was 100,000, where the cost fell ninefold from 100,000 rows to 100,001). A scenario outside the
sample can break the cap under QuantLib only if the kernel is off there by more than the band (:func:`near_band`)
less :data:`QUANTLIB_TOL`: :data:`NEAR_CAP` (0.1% of NAV; the closed forms agree with QuantLib to 1e-8 relative)
plus, for American legs, the approximation's stated bound (:data:`~pricing.american.MAX_ERROR_PER_STRIKE`). The
random sample measures the gap across the whole set (``max_abs_diff``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from hedgeopt.optimizer.result import HedgeResult, Verification
from pricing import HedgeoptError
from pricing._typing import FloatArray
from pricing.american import MAX_ERROR_PER_STRIKE

if TYPE_CHECKING:
    from hedgeopt.optimizer.problem import HedgeProblem

WORST_SAMPLE = 1_000
RANDOM_SAMPLE = 10_000
SAMPLE_SEED = 20261125

QUANTLIB_ALL = WORST_SAMPLE + RANDOM_SAMPLE
"""Largest scenario set re-priced with QuantLib in full (11,000): beyond it, the sample of about as many rows."""

NEAR_CAP = 1e-3
"""Every scenario whose fast hedged loss is within this of the cap (fraction of NAV) is re-priced with QuantLib
(more with American legs held: :func:`near_band`)."""

FX_HEADROOM = 2.0
"""The most a contract currency is taken to gain on the base over a window, as a factor, when bounding an error."""

FAST_TOL = 1e-6
"""A hedge passes when its fast worst case is within this of the cap (fraction of NAV)."""

QUANTLIB_TOL = 1e-4
"""... and its QuantLib worst case within this (1 basis point of NAV; covers the American approximation)."""


SAMPLE = (f"within {NEAR_CAP:.1%} of the cap (more with American legs) + worst {WORST_SAMPLE:,} + random "
          f"{RANDOM_SAMPLE:,} (seed {SAMPLE_SEED})")
"""What is re-priced with QuantLib on a set of more than :data:`QUANTLIB_ALL` scenarios."""


def random_rows(n: int) -> np.ndarray:
    """The seeded random :data:`RANDOM_SAMPLE` of ``n > QUANTLIB_ALL`` rows (positions, unsorted)."""
    return np.random.default_rng(SAMPLE_SEED).choice(n, size=RANDOM_SAMPLE, replace=False)


def near_band(problem: HedgeProblem, q: FloatArray) -> float:
    """How close to the cap a scenario's fast loss must come for QuantLib to re-price it, fraction of NAV.

    :data:`NEAR_CAP`, plus the stated error of the American approximation on every American leg held:
    :data:`~pricing.american.MAX_ERROR_PER_STRIKE` x strike x multiplier x legs x contracts, at
    :data:`FX_HEADROOM` times today's FX rate to the base.
    """
    options = problem.candidates.options
    held = np.flatnonzero(q[:len(options)] > 0)
    legs, column = options.legs.select(held)
    american = legs.american
    if not american.any():
        return NEAR_CAP
    fx = np.array([problem.market.fx_rate(c) for c in legs.currency[american]]) * FX_HEADROOM
    per_contract = (MAX_ERROR_PER_STRIKE * legs.strike[american] * legs.multiplier[american]
                    * np.abs(legs.quantity[american]) * fx)
    return NEAR_CAP + float(per_contract @ q[held][column[american]]) / problem.nav


def _sample(total: FloatArray, near: np.ndarray) -> tuple[np.ndarray, str]:
    n = total.size
    if n <= QUANTLIB_ALL:
        return np.arange(n), "all"
    worst = np.argpartition(total, WORST_SAMPLE - 1)[:WORST_SAMPLE]
    rows = np.unique(np.concatenate([near, worst, random_rows(n)]))
    return rows, SAMPLE


def quantlib_totals(problem: HedgeProblem, q: FloatArray, rows: np.ndarray, fast_total: FloatArray
                    ) -> tuple[FloatArray, float]:
    """The hedged P&L on ``rows`` with the held instruments re-priced by QuantLib, fraction of NAV.

    ``fast_total`` is the fast kernel's hedged P&L on those rows. Also returns the largest difference between the
    fast and the QuantLib value of the hedge on them, base currency.
    """
    held = np.flatnonzero(q)
    if not held.size:
        return fast_total, 0.0
    fast = problem.candidates.value(problem.scenarios, rows, held)
    slow = problem.candidates.value(problem.scenarios, rows, held, quantlib=True)
    return fast_total + ((slow - fast) @ q[held]) / problem.nav, float(np.max(np.abs((slow - fast) @ q[held])))


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
    bound = result.worst_case_after if result.cap is None else result.cap
    near = np.flatnonzero(-total >= bound - near_band(problem, q))  # the binding scenarios and those close to them
    rows, sample = _sample(total, near)
    ql_total, diff = quantlib_totals(problem, q, rows, total[rows])
    return judge(problem, result, Verification(total.size, float(-total.min()), int(rows.size),
                                               float(-ql_total.min()), diff, sample, True))


def judge(problem: HedgeProblem, result: HedgeResult, check: Verification) -> Verification:
    """``check`` with ``passed`` set: the worst cases within the cap (and the CVaR within its cap).

    Raises
    ------
    HedgeoptError
        If it does not pass: a result that fails its own verification is an error, never an answer.
    """
    passed = True
    if result.cap is not None:
        passed = (check.worst_case_fast <= result.cap + FAST_TOL
                  and check.worst_case_quantlib <= result.cap + QUANTLIB_TOL)
    if problem.cvar is not None and problem.objective.value == "cost":
        passed = passed and (result.cvar_after or 0.0) <= problem.cvar.cap + FAST_TOL
    check = replace(check, passed=passed)
    if not passed:
        raise HedgeoptError(f"the hedge failed its own verification: {check}")
    return check

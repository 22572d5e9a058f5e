"""Every reported hedge is re-evaluated by the independent reference evaluator, and the check can fail.

The optimizer's hedged P&L (the fast kernel's, ``total``) covers every scenario. The reference evaluator
(:mod:`hedgeopt.reference`) then re-values the account and the hedge from the positions — each holding and each
option leg from its contract terms, with QuantLib, one scenario at a time, sharing none of the fast path's
helpers — on every scenario when the set has at most :data:`REFERENCE_ALL`; beyond that on every scenario whose
fast loss is within :func:`near_band` of the cap (the binding ones among them), the worst :data:`WORST_SAMPLE`
and a seeded random :data:`RANDOM_SAMPLE`. The worst case is recomputed from the positions, never taken from the
optimizer.

A hedge passes when all of these hold (:func:`verify` lists those that do not):

* the fast P&L has one value per scenario;
* its worst case is within the cap (:data:`FAST_TOL`);
* the reference worst case is within the cap, up to :func:`tolerance`;
* on every re-evaluated scenario the fast and the reference P&L agree within :func:`tolerance`;
* the CVaR (when capped) is within its cap.

:func:`tolerance` is :data:`AGREEMENT` (1e-6 of NAV: the fast kernel agrees with QuantLib to about 1e-8
relative on European legs, and the ledgers are the same arithmetic) plus, for every American leg held (by the
hedge or the account), the fast approximation's one stated bound,
:data:`~pricing.american.MAX_ERROR_PER_STRIKE` x strike per unit, at :data:`FX_HEADROOM` times today's FX.
A planted fault of 0.1% of NAV anywhere in the account P&L, a leg valued off its terms or a scenario dropped from
the check therefore fails the hedge. :func:`~hedgeopt.optimizer.solve.solve_hedge` raises on a failed check: a
result that fails its own verification is an error, never an answer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from hedgeopt.account.holdings import OptionPosition
from hedgeopt.optimizer.result import HedgeResult, Verification
from hedgeopt.reference import Held, ReferenceEvaluator
from pricing import ExerciseStyle, HedgeoptError, Instrument, legs_of
from pricing._typing import FloatArray
from pricing.american import MAX_ERROR_PER_STRIKE
from pricing.fx.instruments import FxHedge

if TYPE_CHECKING:
    from hedgeopt.optimizer.problem import HedgeProblem

WORST_SAMPLE = 1_000
RANDOM_SAMPLE = 10_000
SAMPLE_SEED = 20261125

REFERENCE_ALL = WORST_SAMPLE + RANDOM_SAMPLE
"""Largest scenario set re-evaluated by the reference in full (11,000): beyond it, the sample of about as many rows."""

NEAR_CAP = 1e-3
"""Every scenario whose fast hedged loss is within this of the cap (fraction of NAV) is re-evaluated by the
reference (more with American legs held: :func:`near_band`)."""

FX_HEADROOM = 2.0
"""The most a contract currency is taken to gain on the base over a window, as a factor, when bounding an error."""

FAST_TOL = 1e-6
"""A hedge passes when its fast worst case is within this of the cap (fraction of NAV)."""

AGREEMENT = 1e-6
"""How far the fast and the reference P&L of one scenario may differ without American legs, fraction of NAV."""

SAMPLE = (f"within {NEAR_CAP:.1%} of the cap (more with American legs) + worst {WORST_SAMPLE:,} + random "
          f"{RANDOM_SAMPLE:,} (seed {SAMPLE_SEED})")
"""What the reference re-evaluates on a set of more than :data:`REFERENCE_ALL` scenarios."""


def random_rows(n: int) -> np.ndarray:
    """The seeded random :data:`RANDOM_SAMPLE` of ``n > REFERENCE_ALL`` rows (positions, unsorted)."""
    return np.random.default_rng(SAMPLE_SEED).choice(n, size=RANDOM_SAMPLE, replace=False)


def held(problem: HedgeProblem, q: FloatArray) -> list[Held]:
    """The hedge as positions for the reference: each candidate held, its contracts and what one cost today.

    What one cost is its outlay (premium at the quotes and commission; a yen hedge's half-spread and commission):
    its carry is in its value.
    """
    c = problem.candidates
    return [Held(c.instruments[j], float(q[j]), float(c.outlay[j])) for j in np.flatnonzero(q)]


def american_error(problem: HedgeProblem, q: FloatArray) -> float:
    """The stated bound of the fast American approximation on every American leg held, base currency.

    :data:`~pricing.american.MAX_ERROR_PER_STRIKE` x strike x multiplier x legs x contracts, at
    :data:`FX_HEADROOM` times today's FX rate to the base, over the hedge's legs and the account's options.
    """
    lines: list[tuple[Instrument, float]] = [(h.instrument, h.quantity) for h in held(problem, q)
                                             if not isinstance(h.instrument, FxHedge)]
    lines += [(p.instrument, float(p.contracts)) for p in problem.account.satellite if isinstance(p, OptionPosition)]
    total = 0.0
    for instrument, contracts in lines:
        for leg in legs_of(instrument):
            spec = leg.option.spec
            if spec.exercise is ExerciseStyle.AMERICAN:
                total += (MAX_ERROR_PER_STRIKE * leg.option.strike * spec.multiplier * abs(leg.quantity) * contracts
                          * problem.market.fx_rate(spec.currency) * FX_HEADROOM)
    return total


def tolerance(problem: HedgeProblem, q: FloatArray) -> float:
    """How far the fast and the reference P&L of a scenario may differ, fraction of NAV (see the module docstring)."""
    return AGREEMENT + american_error(problem, q) / problem.nav


def near_band(problem: HedgeProblem, q: FloatArray) -> float:
    """How close to the cap a scenario's fast loss must come for the reference to re-evaluate it, fraction of NAV.

    :data:`NEAR_CAP`, plus the American legs' stated error (:func:`american_error`).
    """
    return NEAR_CAP + american_error(problem, q) / problem.nav


def sample_rows(total: FloatArray, near: np.ndarray) -> tuple[np.ndarray, str]:
    """The rows the reference re-evaluates: all up to :data:`REFERENCE_ALL`, else ``near`` + worst + random."""
    n = total.size
    if n <= REFERENCE_ALL:
        return np.arange(n), "all"
    worst = np.argpartition(total, WORST_SAMPLE - 1)[:WORST_SAMPLE]
    return np.unique(np.concatenate([near, worst, random_rows(n)])), SAMPLE


@dataclass(frozen=True)
class Recheck:
    """The reference's P&L of the account with the hedge on some rows, and how far the fast one was from it.

    Attributes
    ----------
    pnl : ndarray
        The reference P&L on the rows, fraction of the reference NAV.
    max_abs_diff : float
        Largest difference between the fast and the reference P&L there (and between their NAVs), base currency.
    """

    pnl: FloatArray
    max_abs_diff: float


def recheck(problem: HedgeProblem, q: FloatArray, rows: np.ndarray, fast: FloatArray) -> Recheck:
    """Re-evaluate the account with ``q`` contracts on ``rows`` with the reference; ``fast`` its P&L there (NAV)."""
    evaluator = ReferenceEvaluator(problem.account, problem.market)
    nav = evaluator.nav()
    pnl = evaluator.pnl(problem.scenarios, rows, held(problem, q))
    diff = float(np.max(np.abs(pnl - fast * problem.nav)))  # rows: never empty (the worst row at least)
    return Recheck(pnl / nav, max(diff, abs(nav - problem.nav)))


def verify(problem: HedgeProblem, q: FloatArray, total: FloatArray, result: HedgeResult) -> Verification:
    """Re-check a hedge with the reference evaluator; ``passed`` says whether it holds (see the module docstring).

    Parameters
    ----------
    problem : HedgeProblem
    q : ndarray of shape (n_candidates,)
        Contracts held.
    total : ndarray of shape (n_scenarios,)
        The optimizer's hedged P&L by the fast kernel, fraction of NAV.
    result : HedgeResult
        The result being checked (its cap and CVaR).

    Returns
    -------
    Verification
        Both worst cases, the largest difference and every failed condition (``failures``); use :func:`judge` to
        raise on a failure.
    """
    n = len(problem.scenarios)
    total = np.asarray(total, dtype=float)
    bound = result.worst_case_after if result.cap is None else result.cap
    if total.size == n:
        fast_worst = float(-total.min())
        rows, sample = sample_rows(total, np.flatnonzero(-total >= bound - near_band(problem, q)))
        fast = total[rows]
    else:  # a fast P&L of the wrong length is itself a failure: the reference still checks every row
        fast_worst, rows, sample = float(-np.min(total)) if total.size else 0.0, np.arange(n), "all"
        fast = np.full(n, np.nan)
    check = recheck(problem, q, rows, fast)
    return assess(problem, result, Verification(
        n, fast_worst, int(rows.size), float(-check.pnl.min()), check.max_abs_diff, sample, True,
        tolerance=tolerance(problem, q) * problem.nav, n_fast=int(total.size)))


def assess(problem: HedgeProblem, result: HedgeResult, check: Verification) -> Verification:
    """``check`` with ``passed`` and ``failures`` set from its figures and the result's caps."""
    failures = []
    tol = check.tolerance / problem.nav
    if check.n_fast != check.n_scenarios:
        failures.append(f"the fast P&L has {check.n_fast:,} values for {check.n_scenarios:,} scenarios")
    if not np.isfinite(check.max_abs_diff) or check.max_abs_diff > check.tolerance:
        failures.append(f"the fast and the reference P&L differ by {check.max_abs_diff:,.6g} "
                        f"{result.base_currency}, beyond {check.tolerance:,.6g}")
    if result.cap is not None:
        if check.worst_case_fast > result.cap + FAST_TOL:
            failures.append(f"the fast worst case {check.worst_case_fast:.6%} breaks the cap {result.cap:.4%}")
        if check.worst_case_reference > result.cap + tol:
            failures.append(f"the reference worst case {check.worst_case_reference:.6%} breaks the cap "
                            f"{result.cap:.4%}")
    if problem.cvar is not None and problem.objective.value == "cost" and (
            (result.cvar_after or 0.0) > problem.cvar.cap + FAST_TOL):
        failures.append(f"the CVaR {result.cvar_after:.6%} breaks its cap {problem.cvar.cap:.4%}")
    return replace(check, passed=not failures, failures=tuple(failures))


def judge(problem: HedgeProblem, result: HedgeResult, check: Verification) -> Verification:
    """:func:`assess`, raising when the hedge fails.

    Raises
    ------
    HedgeoptError
        If it does not pass: a result that fails its own verification is an error, never an answer.
    """
    check = assess(problem, result, check)
    if not check.passed:
        raise HedgeoptError("the hedge failed its own verification: " + "; ".join(check.failures))
    return check

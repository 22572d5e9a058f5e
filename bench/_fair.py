"""Fair comparisons for the benchmarks: every method timed the same way, the fastest reference found, one reader.

* :func:`best_of_each` times every method of a comparison the same way: wall clock (``time.perf_counter``), the
  methods run in turn for a number of rounds (a load spike on a shared machine falls on all of them alike), the
  fastest round of each reported, so no method carries its first call's set-up (imports, caches) and none is
  favoured by being timed more often.
* :func:`dense_linprog` is the dense LP handed straight to HiGHS (``scipy.optimize.linprog``), the fastest dense
  reference the optimizer benchmarks run beside cvxpy's; :func:`fastest` picks the reference a verdict is judged
  against.
* :func:`rechecked` reads what the hedge's verification re-checked: the one place that names those fields.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.optimize import linprog

from hedgeopt.optimizer.problem import HedgeProblem, Objective
from hedgeopt.optimizer.result import Verification


def best_of_each(methods: dict[str, Callable[[], Any]], rounds: int = 3) -> dict[str, tuple[float, Any]]:
    """Every method run ``rounds`` times in turn; the fastest wall time of each (seconds) and that run's result.

    Parameters
    ----------
    methods : dict of str to callable
        Name to a function of no arguments doing the whole of what is timed.
    rounds : int, default 3
        Runs of each method, round-robin: round 1 runs every method once, then round 2, and so on.

    Returns
    -------
    dict of str to (float, object)
        Name to (fastest wall time in seconds, the result of that run), in the order of ``methods``.
    """
    best: dict[str, tuple[float, Any]] = {}
    for _ in range(rounds):
        for name, fn in methods.items():
            start = time.perf_counter()
            out = fn()
            seconds = time.perf_counter() - start
            if name not in best or seconds < best[name][0]:
                best[name] = (seconds, out)
    return best


def fastest(references: dict[str, float]) -> tuple[str, float]:
    """The name and time (seconds) of the fastest of ``references`` (name to seconds)."""
    name = min(references, key=references.__getitem__)
    return name, references[name]


def dense_linprog(problem: HedgeProblem) -> tuple[str, float | None]:
    """The dense LP straight to HiGHS (scipy), every candidate priced on every scenario.

    Minimise ``c.q`` subject to ``-(b + P q) <= cap`` on every scenario, the problem's linear limits ``a.q <= l``
    (the yen hedges' notional, route C's participation floors), the budget ``c.q <= B`` and ``0 <= q <= u``.
    All NAV-scaled, as :func:`hedgeopt.optimizer.solve.solve_dense`.

    Parameters
    ----------
    problem : HedgeProblem
        A continuous cost-minimising problem with a cap and no CVaR or tax terms.

    Returns
    -------
    (str, float or None)
        HiGHS's message and the optimal cost, fraction of NAV (None unless optimal).

    Raises
    ------
    ValueError
        For a problem this plain LP does not state (whole contracts, CVaR, tax, the risk objective, no cap).
    """
    if (problem.whole.any() or problem.minimum.any() or problem.cvar is not None or problem.shield is not None
            or problem.tax_cap is not None or problem.objective is not Objective.COST or problem.cap is None):
        raise ValueError("dense_linprog states the continuous cost LP with a cap only")
    rows = [-problem.payoff()]
    bounds = [problem.cap + problem.base_pnl]
    for a, limit in problem.limits:
        rows.append(a[None, :])
        bounds.append(np.array([limit]))
    if problem.budget_fraction is not None:
        rows.append(problem.cost[None, :])
        bounds.append(np.array([problem.budget_fraction]))
    res = linprog(problem.cost, A_ub=np.vstack(rows), b_ub=np.concatenate(bounds),
                  bounds=list(zip(np.zeros(len(problem.candidates)), problem.upper, strict=True)), method="highs")
    return res.message, float(res.fun) if res.status == 0 else None


def rechecked(verification: Verification) -> tuple[int, float]:
    """Scenarios the verification re-evaluated independently, and the worst case it found there (fraction of NAV).

    The only reader of those two fields in ``bench/``.
    """
    return verification.n_reference, verification.worst_case_reference


def described(verification: Verification) -> str:
    """One line on the verification: both worst cases, where each was found, the largest difference, the verdict."""
    n_checked, worst_checked = rechecked(verification)
    return (f"fast worst case {verification.worst_case_fast:.6f} on all {verification.n_scenarios:,}; re-checked "
            f"worst case {worst_checked:.6f} on {n_checked:,} ({verification.sample}); largest difference "
            f"{verification.max_abs_diff:.1e} JPY; passed {verification.passed}")

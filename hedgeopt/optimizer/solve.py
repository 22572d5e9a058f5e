"""The cheapest hedge (or the least risk for a budget), by constraint generation with lazy pricing.

A worst-case cap is one constraint per scenario, and only a handful bind. The optimizer solves the LP (MILP
with whole contracts) on a small active set of scenarios, evaluates the solution on every scenario — a
product of the few held candidates' columns, priced only for those candidates — adds the most violated
scenarios, and repeats until none is violated. The LP on the active set is a relaxation of the full problem,
so a solution feasible for every scenario is optimal for the full problem: the answer is exact, not sampled.
A CVaR cap works the same way with cuts from the current tail (Künzi-Bay and Mayer, 2006).

:func:`solve_dense` is the slow, obviously-right twin: every scenario as a constraint and the
Rockafellar–Uryasev CVaR formulation, in one cvxpy problem. The tests hold both to the same optimum.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from hedgeopt.account.pnl import pnl_components
from hedgeopt.optimizer import after_tax, lp
from hedgeopt.optimizer.lp import Cut, Objective
from hedgeopt.optimizer.problem import HedgeProblem
from hedgeopt.optimizer.result import HedgeResult, Position
from hedgeopt.optimizer.verification import judge, verify
from pricing import SolverError
from pricing._typing import FloatArray

TOL = 1e-7
"""Feasibility tolerance on a scenario's loss, fraction of NAV (1 yen on 10,000,000)."""

BATCH = 100
"""Most scenarios added to the active set per round."""

INITIAL = 50
"""Worst unhedged scenarios in the first active set (beside each factor's extremes)."""

MAX_ROUNDS = 500
"""Rounds of constraint generation before giving up (never reached in practice: each round adds a row)."""

CHUNK = 20_000
"""Rows priced at once when forming a CVaR cut (bounds memory)."""


def cvar_weights(loss: FloatArray, level: float) -> tuple[np.ndarray, FloatArray]:
    r"""Rows and weights of the tail average that equals CVaR at ``level``.

    With :math:`m = (1 - \alpha) S`, the worst :math:`\lfloor m \rfloor` losses get weight :math:`1/m` and the
    next one :math:`(m - \lfloor m \rfloor)/m`; the weights sum to 1.
    """
    m = (1.0 - level) * loss.size
    whole = int(np.floor(m + 1e-12))
    count = min(whole + 1, loss.size)
    idx = np.argpartition(-loss, count - 1)[:count]
    idx = idx[np.argsort(-loss[idx], kind="stable")]
    weights = np.full(count, 1.0 / m)
    if count > whole:
        weights[-1] = (m - whole) / m
    return idx, weights


def cvar(loss: FloatArray, level: float) -> float:
    """CVaR of ``loss`` at ``level``: the mean of the worst ``1 − level`` fraction (same units as ``loss``)."""
    idx, weights = cvar_weights(loss, level)
    return float(weights @ loss[idx])


class HeldColumns:
    """Full-set payoff columns of the candidates the solution holds, priced once each (lazy pricing).

    ``hedgeopt.shards`` keeps one per shard of a set larger than memory (the problem on that shard's rows).
    """

    def __init__(self, problem: HedgeProblem) -> None:
        self.problem = problem
        self.cache: dict[int, FloatArray] = {}

    def hedge(self, q: FloatArray) -> FloatArray:
        """The P&L of holding ``q`` contracts on every scenario, fraction of NAV, shape (n_scenarios,)."""
        held = np.flatnonzero(q > 1e-12)
        missing = [j for j in held if j not in self.cache]
        if missing:
            block = self.problem.payoff(None, np.asarray(missing))
            for k, j in enumerate(missing):
                self.cache[j] = block[:, k]
        total = np.zeros(len(self.problem.scenarios))
        for j in held:
            total += q[j] * self.cache[j]
        return total

    def by_group(self, q: FloatArray, member: np.ndarray) -> FloatArray:
        """The hedge's P&L per candidate group (``member``: groups x candidates), shape (n_scenarios, n_groups).

        Call after :meth:`hedge` with the same ``q`` (which prices the held columns).
        """
        out = np.zeros((len(self.problem.scenarios), member.shape[0]))
        for j in np.flatnonzero(q > 1e-12):
            out += q[j] * self.cache[j][:, None] * member[:, j][None, :]
        return out


def _cut(problem: HedgeProblem, loss: FloatArray) -> Cut:
    """The CVaR cut of the current tail: weights from ``loss``, coefficients priced for the tail rows."""
    idx, weights = cvar_weights(loss, problem.cvar.level)
    coef = np.zeros(problem.cost.size)
    for start in range(0, idx.size, CHUNK):
        rows = idx[start:start + CHUNK]
        coef += weights[start:start + CHUNK] @ problem.payoff(rows)
    return Cut(coef, float(-(weights @ problem.base_pnl[idx])))


def _initial_rows(problem: HedgeProblem, size: int = INITIAL) -> np.ndarray:
    """The worst unhedged scenarios and each factor's extremes: a good first active set."""
    return initial_rows(problem.base_pnl, problem.scenarios.table, size)


def initial_rows(base: FloatArray, table: pd.DataFrame, size: int = INITIAL) -> np.ndarray:
    """Positions of the ``size`` worst of ``base`` and of each factor column's least and greatest, sorted.

    Ties go to the first in row order, so that the rule applied to the picks of each shard of a set, joined in row
    order, picks what it picks on the whole set (:mod:`hedgeopt.shards`).
    """
    size = min(size, base.size)
    kth = np.partition(base, size - 1)[size - 1]  # the size-th worst, without sorting the whole set
    below = np.flatnonzero(base < kth)
    picks = [below, np.flatnonzero(base == kth)[: size - below.size]]
    for col in table.columns:
        if col.startswith(("equity.", "fx.", "vol.")):
            values = table[col].to_numpy()
            picks.append(np.array([np.argmin(values), np.argmax(values)]))
    return np.unique(np.concatenate(picks))


def _violations(total: FloatArray, bound: float, active: np.ndarray) -> np.ndarray:
    """The most violated scenarios not yet active, worst first (at most :data:`BATCH`)."""
    excess = -total - bound
    excess[active] = -np.inf
    return most_violated(excess)


def most_violated(excess: FloatArray) -> np.ndarray:
    """Positions of the largest ``excess`` (loss beyond the bound) above :data:`TOL`, worst first; at most BATCH."""
    bad = np.flatnonzero(excess > TOL)
    if bad.size > BATCH:
        bad = bad[np.argpartition(-excess[bad], BATCH - 1)[:BATCH]]
    return bad[np.argsort(-excess[bad], kind="stable")]


def generate(problem: HedgeProblem) -> tuple[lp.LPSolution, FloatArray, int, np.ndarray]:
    """Run constraint generation to the exact optimum.

    Returns
    -------
    tuple
        The final LP solution (``q`` None when the active set is already infeasible), the hedged P&L on every
        scenario (fraction of NAV), the number of rounds and the active rows.
    """
    rows = _initial_rows(problem)
    payoff = problem.payoff(rows)
    columns = HeldColumns(problem)
    risk = problem.objective is Objective.RISK
    cuts: list[Cut] = [_cut(problem, -problem.base_pnl)] if problem.cvar is not None else []
    for rounds in range(1, MAX_ROUNDS + 1):
        sol = lp.solve(
            payoff, problem.base_pnl[rows], problem.cost, problem.upper, objective=problem.objective,
            cap=None if risk else problem.cap, cuts=tuple(cuts),
            cvar_cap=None if problem.cvar is None or risk else problem.cvar.cap,
            budget=problem.budget_fraction, integer=problem.whole, coef=problem.objective_coef,
            limits=problem.limits, minimum=problem.minimum, shield=problem.shield,
            tax_cap=None if problem.tax_cap is None else problem.tax_cap.take(rows),
        )
        if sol.q is None:
            return sol, problem.base_pnl, rounds, rows
        total = problem.base_pnl + columns.hedge(sol.q)
        bound = sol.value if risk else problem.cap
        new_rows = np.array([], dtype=np.int64)
        if bound is not None and not (risk and problem.cvar is not None):
            new_rows = _violations(total, bound, rows)
        if problem.tax_cap is not None:
            taxed = total - problem.tax_cap.tax(columns.by_group(sol.q, problem.tax_cap.member))
            new_rows = np.unique(np.concatenate([new_rows, _violations(taxed, problem.cap, rows)]))
        cut_added = False
        if problem.cvar is not None:
            limit = sol.value if risk else problem.cvar.cap
            if cvar(-total, problem.cvar.level) > limit + TOL:
                cuts.append(_cut(problem, -total))
                cut_added = True
        if new_rows.size == 0 and not cut_added:
            return sol, total, rounds, rows
        if new_rows.size:
            rows = np.concatenate([rows, new_rows])
            payoff = np.vstack([payoff, problem.payoff(new_rows)])
    raise SolverError(lp.SOLVER, "no convergence", f"{MAX_ROUNDS} rounds of constraint generation")


def solve_dense(problem: HedgeProblem) -> tuple[str, FloatArray | None, float | None]:
    """The dense reference: every scenario at once, CVaR by Rockafellar–Uryasev. Returns (status, q, objective).

    The objective is NAV-scaled: the cost, or the after-tax cost with ``problem.after_tax``.

    Slow by design (it prices every candidate on every scenario); tests and benchmarks only.
    """
    cp = lp.cvxpy()
    payoff, base = problem.payoff(), problem.base_pnl
    n, s = len(problem.candidates), base.size
    q, q_value = lp.contracts(n, problem.whole)
    loss = -(base + payoff @ q)
    cons = [q >= 0, q <= problem.upper, *lp.least_deal(q, problem.upper, problem.minimum)]
    if problem.budget_fraction is not None:
        cons.append(problem.cost @ q <= problem.budget_fraction)
    cons += [a @ q <= b for a, b in problem.limits]
    ru = None
    if problem.cvar is not None:
        t, u = cp.Variable(), cp.Variable(s, nonneg=True)
        cons.append(u >= loss - t)
        ru = t + cp.sum(u) / ((1.0 - problem.cvar.level) * s)
    if problem.objective is Objective.RISK:
        goal = ru if ru is not None else cp.max(loss)
    else:
        shield_cons, saved = lp.shield_terms(q, problem.shield)
        cons += shield_cons + lp.tax_cap_terms(q, payoff, base, problem.cap, problem.tax_cap)
        goal = problem.cost @ q - saved
        if problem.cap is not None:
            cons.append(loss <= problem.cap)
        if ru is not None:
            cons.append(ru <= problem.cvar.cap)
    prob = cp.Problem(cp.Minimize(goal), cons)
    prob.solve(solver=lp.SOLVER, verbose=False, output_flag=False)
    if prob.status != cp.OPTIMAL:
        return prob.status, None, None
    return prob.status, q_value(), float(prob.value)


def _binding(problem: HedgeProblem, total: FloatArray, bound: float) -> pd.DataFrame:
    """The scenarios that set the worst case (hedged loss within 1e-6 of NAV of ``bound``), at most 20."""
    near = np.flatnonzero(-total >= bound - 1e-6)  # the labels of these rows only: a million labels take 0.1 s
    return binding_table(problem.scenarios.table["label"].iloc[near].to_numpy(), total[near], bound, problem.nav)


def binding_table(labels: np.ndarray, total: FloatArray, bound: float, nav: float) -> pd.DataFrame:
    """The binding scenarios: hedged loss within 1e-6 of ``bound``, lowest P&L first (ties in row order), at most 20.

    ``total`` is the hedged P&L of the scenarios ``labels``, fraction of NAV; columns ``label``, ``pnl`` (base
    currency) and ``pnl_pct``.
    """
    rows = np.flatnonzero(-total >= bound - 1e-6)
    rows = rows[np.argsort(total[rows], kind="stable")][:20]
    return pd.DataFrame({"label": labels[rows], "pnl": total[rows] * nav, "pnl_pct": total[rows]})


def uncredited_labels(problem: HedgeProblem, held: np.ndarray) -> tuple[str, ...]:
    """Labels of the scenarios where a held instrument expires inside the window with no recorded path."""
    if held.size == 0:
        return ()
    rows = np.flatnonzero(problem.candidates.uncredited(problem.scenarios, columns=held).any(axis=1))
    return tuple(problem.scenarios.labels[i] for i in rows)


def what_would_hold(problem: HedgeProblem, row: int) -> dict[str, Any]:
    """What could hold the scenario at ``row`` that no candidate holds: the remedies, in order, with their figures.

    ``longer_expiry`` when every candidate expires inside the scenario's window (it is then credited only with
    what the index's path said at its expiry, or nothing without a path), with ``rolled_program`` (the path
    engine rolls a standing put through it: ``hedgeopt backtest``); ``currency`` when the FX move makes more
    than half of the scenario's unhedged loss (the yen's rise on dollar holdings: no index option pays for it);
    ``less_exposure`` always (``hedgeopt max-leverage``).
    """
    window = int(problem.scenarios.horizon_days[row])
    longest = int(problem.candidates.expiry_days().max())
    remedies: list[str] = []
    if longest < window:
        remedies += ["longer_expiry", "rolled_program"]
    parts = pnl_components(problem.account, problem.market, problem.scenarios, np.array([row]))
    loss = -sum(float(v[0]) for v in parts.values())
    if loss > 0 and -float(parts["fx"][0]) > 0.5 * loss:
        remedies.append("currency")
    remedies.append("less_exposure")
    return {"limiting_window_days": window, "longest_expiry_days": longest, "remedies": remedies}


def _infeasible(problem: HedgeProblem) -> HedgeResult:
    """The answer when no hedge meets the caps: the least each cap can be, where, and which cap blocks.

    ``min_achievable_cap`` is the least worst case these candidates reach (within the budget, or a premium of
    at most NAV) and ``limiting_scenario`` the scenario that sets it; with a CVaR cap, ``min_achievable_cvar``
    is the least CVaR. ``limit`` says which cap cannot be met: ``"worst case"``, ``"cvar"``, or
    ``"both caps together"`` when each is reachable alone.
    """
    budget = problem.budget if problem.budget is not None else problem.nav
    least = replace(problem, objective=Objective.RISK, cap=None, cvar=None, budget=budget, cap_after_tax=False)
    _, total, rounds, rows = generate(least)
    worst = int(np.argmin(total))
    diagnosis = {
        "min_achievable_cap": float(-total[worst]),
        "limiting_scenario": problem.scenarios.labels[worst],
        "budget_used_for_diagnosis": budget,
        **what_would_hold(problem, worst),
    }
    blocked = problem.cap is not None and diagnosis["min_achievable_cap"] > problem.cap + TOL
    limit = "worst case" if blocked else "after tax" if problem.cap_after_tax else "both caps together"
    if problem.cvar is not None:
        tail, _, _, _ = generate(replace(problem, objective=Objective.RISK, cap=None, budget=budget,
                                         cap_after_tax=False))
        diagnosis["min_achievable_cvar"] = float(tail.value)
        if not blocked and tail.value > problem.cvar.cap + TOL:
            limit = "cvar"
    diagnosis["limit"] = limit
    return HedgeResult("infeasible", problem.nav, problem.account.base_currency, problem.cap,
                       worst_case_before=float(-problem.base_pnl.min()), diagnosis=diagnosis, iterations=rounds,
                       active_rows=rows.size)


def held_positions(problem: HedgeProblem, q_lp: FloatArray) -> tuple[FloatArray, list[Position]]:
    """The contracts the LP's ``q_lp`` says to hold (dust below 1e-9 dropped, whole contracts rounded), as positions."""
    q = np.where(q_lp > 1e-9, q_lp, 0.0)
    q = np.where(problem.whole, np.round(q), q)
    c = problem.candidates
    return q, [Position(c.instruments[j], float(q[j]), float(c.cost[j]), float(c.model_value[j]),
                        float(c.premium[j]), float(c.commission_cost[j]), float(c.carry[j]), c.cost_basis[j])
               for j in np.flatnonzero(q)]


def solve_hedge(problem: HedgeProblem, *, check: bool = True, extras: bool = True) -> HedgeResult:
    """Solve ``problem`` by constraint generation and report everything about the answer.

    Parameters
    ----------
    problem : HedgeProblem
    check : bool, default True
        Re-check the hedge on the whole set with the reference evaluator, on up to 11,000 scenarios (see
        :func:`hedgeopt.optimizer.verification.verify`); a hedge that fails its check raises. With
        ``problem.tax``, also after tax (:func:`hedgeopt.optimizer.after_tax.recheck`: ``result.after_tax``).
    extras : bool, default True
        For integer problems, also solve the continuous problem (``continuous_cost``) and the problem at
        cap + 0.01 (``shadow_price``).

    Returns
    -------
    HedgeResult
        ``status`` is ``"optimal"`` or ``"infeasible"`` (with a diagnosis); anything else raises
        :class:`~pricing.errors.SolverError`.
    """
    start = time.perf_counter()
    sol, total, rounds, rows = generate(problem)
    if sol.q is None:
        return _infeasible(problem)
    q, positions = held_positions(problem, sol.q)
    worst_after = float(-total.min())
    level = problem.cvar.level if problem.cvar is not None else None
    result = HedgeResult(
        status="optimal", nav=problem.nav, base_currency=problem.account.base_currency, cap=problem.cap,
        positions=positions, worst_case_before=float(-problem.base_pnl.min()), worst_case_after=worst_after,
        cvar_before=None if level is None else cvar(-problem.base_pnl, level),
        cvar_after=None if level is None else cvar(-total, level),
        binding_scenarios=_binding(problem, total, worst_after), iterations=rounds, active_rows=rows.size,
        shadow_price=_shadow_price(problem, sum(p.cost for p in positions), extras),
        cap_dual=None if sol.row_duals is None or problem.objective is Objective.RISK
        else float(sol.row_duals.sum() * 0.01 * problem.nav),
        continuous_cost=_continuous_cost(problem, extras),
        seconds={"solve": time.perf_counter() - start},
        uncredited=uncredited_labels(problem, np.flatnonzero(q)),
    )
    if check:
        start = time.perf_counter()
        checked = judge(problem, result, verify(problem, q, total, result))
        result = replace(result, verification=checked,
                         seconds={**result.seconds, "verification": time.perf_counter() - start})
        if problem.tax is not None:
            start = time.perf_counter()
            held = after_tax.Hedged(problem.account, problem.market, problem.scenarios, problem.candidates, q)
            taxed = after_tax.recheck(held, problem.tax, worst_after, problem.cap,
                                      "after_tax" if problem.shield is not None else "pre_tax")
            result = replace(result, after_tax=taxed,
                             seconds={**result.seconds, "after_tax": time.perf_counter() - start})
    return result


def _shadow_price(problem: HedgeProblem, cost: float, extras: bool) -> float | None:
    """Premium saved by allowing one more percentage point of worst-case loss, base currency.

    Measured by solving again at cap + 0.01: the actual saving, which the duals' marginal rate (reported as
    ``cap_dual``) overstates once the cheaper hedge changes shape or reaches zero.
    """
    if problem.objective is Objective.RISK or problem.cap is None or not extras or problem.cap + 0.01 > 1.0:
        return None
    looser = solve_hedge(replace(problem, cap=problem.cap + 0.01), check=False, extras=False)
    return float(cost - looser.cost) if looser.optimal else None


def _continuous_cost(problem: HedgeProblem, extras: bool) -> float | None:
    """Cost of the continuous optimum of an integer problem, base currency."""
    if not (problem.integer and extras and problem.objective is Objective.COST):
        return None
    relaxed = solve_hedge(replace(problem, integer=False), check=False, extras=False)
    return relaxed.cost if relaxed.optimal else None

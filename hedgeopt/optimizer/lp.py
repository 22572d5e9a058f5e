r"""The hedge LP/MILP on a given set of scenario rows, built with cvxpy and solved by HiGHS.

Everything is scaled by NAV (losses and costs are fractions of NAV) so the problem is well conditioned
whatever the account's size. With quantities :math:`q` (contracts), per-contract payoff :math:`P_{sj}` (value
at the horizon less cost) and account P&L :math:`b_s` on scenario rows :math:`s`, the loss is
:math:`L_s(q) = -(b_s + P_s q)`. Two objectives:

* ``cost``: minimise :math:`c^\top q` subject to :math:`L_s(q) \le \text{cap}` for every row, the CVaR cuts
  :math:`o_k - a_k^\top q \le \text{cvar cap}`, the budget :math:`c^\top q \le B` and :math:`0 \le q \le u`;
  With a tax shield (the after-tax objective, :mod:`hedgeopt.optimizer.after_tax`) the objective is
  :math:`c^\top q - \sum_k r_k s_k` with :math:`0 \le s_k \le w_k` and, per income category :math:`g`,
  :math:`\sum_{k \in g} s_k \le c_g^\top q`: the tax the hedge's cost saves, at most the category's gains;
* ``risk``: minimise :math:`\eta` subject to :math:`\eta \ge L_s(q)` for every row (worst case) or
  :math:`\eta \ge o_k - a_k^\top q` for every cut (CVaR), the budget and the bounds.

A CVaR cut is the tail average of the loss under fixed tail weights :math:`w` (Künzi-Bay and Mayer, 2006):
:math:`\sum_s w_s L_s(q) = o - a^\top q` with :math:`o = -w^\top b` and :math:`a = w^\top P`. CVaR is the largest
such average over admissible weights, so the cuts from the current tail converge to it.

The same function solves the dense reference (all rows at once) and each round of constraint generation.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from types import ModuleType
from typing import Any

import numpy as np

from pricing import SolverError
from pricing._typing import FloatArray

SOLVER = "HIGHS"


def _absorb_highs_banner() -> None:
    """Create the process's first HiGHS instance with stdout closed.

    HiGHS prints its copyright banner on the first ``Highs()`` of a process, before any option can be set, and
    on the C file descriptor, so it would corrupt ``--json`` output. Later instances print nothing.
    """
    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


@functools.cache
def highs() -> ModuleType:
    """The ``highspy`` module, its banner absorbed (a few hundredths of a second to import)."""
    _absorb_highs_banner()
    import highspy

    return highspy


@functools.cache
def cvxpy() -> ModuleType:
    """The ``cvxpy`` module, imported on the first solve after the HiGHS banner is absorbed.

    Importing cvxpy takes about a second (scipy.stats with it); commands that never optimise (``price``,
    ``stress``, the path engine) do not pay it, nor a plain LP (:func:`solve_direct`).
    """
    highs()
    import cvxpy as cp

    return cp


def contracts(n: int, whole: bool | np.ndarray) -> tuple[Any, Callable[[], FloatArray]]:
    """The vector of quantities as a cvxpy expression, whole numbers where ``whole`` is True; and its value.

    All whole or none: one variable. Mixed (index options in contracts, a bank forward in any amount): one integer
    and one continuous variable placed by sparse selection matrices, since cvxpy's HiGHS interface reads
    per-entry integrality of a single vector variable wrongly.
    """
    cp = cvxpy()
    mask = np.broadcast_to(np.asarray(whole, dtype=bool), (n,))
    if mask.all() or not mask.any():
        q = cp.Variable(n, integer=bool(mask.all()), name="contracts")
        return q, lambda: np.asarray(q.value, dtype=float).ravel()
    import scipy.sparse as sp

    parts = [cp.Variable(int(m.sum()), integer=flag, name=name)
             for m, flag, name in ((mask, True, "contracts"), (~mask, False, "amounts"))]
    place = [sp.csr_matrix((np.ones(m.sum()), (np.flatnonzero(m), np.arange(m.sum()))), shape=(n, int(m.sum())))
             for m in (mask, ~mask)]
    q = place[0] @ parts[0] + place[1] @ parts[1]
    return q, lambda: place[0] @ np.asarray(parts[0].value).ravel() + place[1] @ np.asarray(parts[1].value).ravel()


def least_deal(q: Any, upper: FloatArray, minimum: FloatArray | None) -> list:
    """Constraints making ``q[j]`` either 0 or at least ``minimum[j]`` where that is positive (one binary each)."""
    if minimum is None or not np.any(minimum > 0):
        return []
    cp = cvxpy()
    where = np.flatnonzero(minimum > 0)
    dealt = cp.Variable(where.size, boolean=True, name="dealt")
    return [q[where] <= cp.multiply(upper[where], dealt), q[where] >= cp.multiply(minimum[where], dealt)]


class Objective(StrEnum):
    """What the LP minimises."""

    COST = "cost"
    RISK = "risk"


@dataclass(frozen=True)
class Cut:
    """A tail-average loss ``offset - coef @ q`` (a CVaR cut), NAV-scaled."""

    coef: FloatArray
    offset: float


@dataclass(frozen=True)
class TaxShield:
    """The tax a hedge's cost saves, as linear pieces (NAV-scaled; see :mod:`hedgeopt.optimizer.after_tax`).

    Attributes
    ----------
    cost : ndarray of shape (n_groups, n_candidates)
        Cost per contract falling in each income category (a row per category), fraction of NAV.
    group : ndarray of int, shape (n_pieces,)
        The category row of each piece.
    rate : ndarray of shape (n_pieces,)
        Tax saved per unit of loss in the piece, decimal.
    width : ndarray of shape (n_pieces,)
        Most loss the piece can absorb (the category's gains in that tax band), fraction of NAV.
    """

    cost: FloatArray
    group: np.ndarray
    rate: FloatArray
    width: FloatArray


def shield_terms(q: Any, shield: TaxShield | None) -> tuple[list, Any]:
    """The shield's constraints and the tax it saves (an expression to subtract from the cost); none without one."""
    if shield is None or shield.rate.size == 0:
        return [], 0.0
    cp = cvxpy()
    s = cp.Variable(shield.rate.size, nonneg=True, name="shield")
    groups = np.zeros((shield.cost.shape[0], shield.rate.size))
    groups[shield.group, np.arange(shield.rate.size)] = 1.0
    return [s <= shield.width, groups @ s <= shield.cost @ q], shield.rate @ s


@dataclass(frozen=True)
class TaxCap:
    """The worst-case cap after tax on some scenario rows: each row's tax as convex pieces (NAV-scaled).

    A scenario's after-tax P&L is ``base + payoff @ q - sum_c tax_c(net_c) - fixed``, where ``net_c`` is the net
    result of income category ``c`` (one holding candidates) and ``tax_c(n) = max_k alpha_ck + beta_ck n``
    (convex: the separate rate above the carried losses, the progressive scale). Built by
    :func:`hedgeopt.optimizer.after_tax.tax_cap`.

    Attributes
    ----------
    member : ndarray of bool, shape (n_groups, n_candidates)
        Which candidates fall in each category (a row per category holding candidates).
    start : ndarray of shape (n_rows, n_groups)
        Each category's net result before the hedge: this year's results so far, the gains held and the account's
        scenario P&L, fraction of NAV.
    fixed : ndarray of shape (n_rows,)
        Tax of the categories holding no candidate, less the year's bill before the scenario, fraction of NAV.
    pieces : tuple of (ndarray, ndarray)
        Per category row, ``(alpha, beta)``: intercepts (fraction of NAV) and slopes (decimal) of the pieces.
    """

    member: np.ndarray
    start: FloatArray
    fixed: FloatArray
    pieces: tuple[tuple[FloatArray, FloatArray], ...]

    def take(self, rows: np.ndarray) -> TaxCap:
        """The same on scenario ``rows`` only."""
        return TaxCap(self.member, self.start[rows], self.fixed[rows], self.pieces)

    def tax(self, held: FloatArray) -> FloatArray:
        """Each row's tax (less the bill before), fraction of NAV, from the hedge's P&L per category ``held``.

        ``held`` has shape (n_rows, n_groups), fraction of NAV.
        """
        net = self.start + held
        out = self.fixed.copy()
        for c, (alpha, beta) in enumerate(self.pieces):
            out += np.max(alpha[:, None] + beta[:, None] * net[None, :, c], axis=0)
        return out


def tax_cap_terms(q: Any, payoff: FloatArray, base: FloatArray, cap: float | None, tax: TaxCap | None) -> list:
    """Constraints holding the after-tax loss of every row within ``cap`` (an epigraph per row and category)."""
    if tax is None or cap is None or payoff.shape[0] == 0:
        return []
    cp = cvxpy()
    groups = tax.member.shape[0]
    if groups == 0:
        return [base + payoff @ q - tax.fixed >= -cap]
    tau = cp.Variable((payoff.shape[0], groups), name="tax")
    out = []
    for c, (alpha, beta) in enumerate(tax.pieces):
        net = tax.start[:, c] + (payoff * tax.member[c][None, :]) @ q
        out += [tau[:, c] >= a + b * net for a, b in zip(alpha, beta, strict=True)]
    return [*out, base + payoff @ q - cp.sum(tau, axis=1) - tax.fixed >= -cap]


@dataclass(frozen=True)
class LPSolution:
    """What the solver returned.

    Attributes
    ----------
    status : str
        cvxpy status (``"optimal"``, ``"infeasible"``, ...).
    q : ndarray of shape (n_candidates,) or None
        Quantities (contracts) when optimal.
    value : float or None
        Objective, fraction of NAV.
    row_duals : ndarray of shape (n_rows,) or None
        Duals of the per-row constraints (continuous problems only): the marginal objective per unit of
        relaxed loss bound on each row.
    """

    status: str
    q: FloatArray | None
    value: float | None
    row_duals: FloatArray | None


def solve(
    payoff: FloatArray,
    base: FloatArray,
    cost: FloatArray,
    upper: FloatArray,
    *,
    objective: Objective = Objective.COST,
    cap: float | None = None,
    cuts: tuple[Cut, ...] = (),
    cvar_cap: float | None = None,
    budget: float | None = None,
    integer: bool | np.ndarray = False,
    coef: FloatArray | None = None,
    limits: tuple[tuple[FloatArray, float], ...] = (),
    minimum: FloatArray | None = None,
    shield: TaxShield | None = None,
    tax_cap: TaxCap | None = None,
    direct: bool = True,
) -> LPSolution:
    """Solve the hedge problem on the given rows (all arguments NAV-scaled).

    Parameters
    ----------
    payoff : ndarray of shape (n_rows, n_candidates)
        Per-contract value at the horizon less cost, fraction of NAV.
    base : ndarray of shape (n_rows,)
        Account P&L without hedge, fraction of NAV.
    cost : ndarray of shape (n_candidates,)
        Cost per contract, fraction of NAV.
    upper : ndarray of shape (n_candidates,)
        Most contracts of each candidate.
    objective : Objective
        ``cost`` (cheapest hedge under the caps) or ``risk`` (least worst-case or CVaR loss).
    cap : float, optional
        Worst-case loss cap, fraction of NAV (``cost`` objective).
    cuts : tuple of Cut
        CVaR cuts: constraints under ``cost``, epigraph pieces under ``risk`` (then rows are ignored).
    cvar_cap : float, optional
        CVaR loss cap, fraction of NAV (``cost`` objective with cuts).
    budget : float, optional
        Most premium, fraction of NAV.
    integer : bool or ndarray of bool, default False
        Whole contracts (a MILP): every candidate, or those where the mask is True (a bank forward is any amount).
    coef : ndarray of shape (n_candidates,), optional
        What the ``cost`` objective minimises, when not the cost itself (the maximum-leverage problem
        minimises minus the exposure column).
    limits : tuple of (ndarray, float)
        Further linear limits ``a @ q <= b`` (the yen hedges' notional within the dollars held).
    minimum : ndarray of shape (n_candidates,), optional
        Least deal where positive: that entry is 0 or between ``minimum`` and ``upper`` (a semi-continuous
        variable, one binary each: a bank forward from 10,000 USD).
    shield : TaxShield, optional
        ``cost`` objective: minimise the cost less the tax it saves (the after-tax cost).
    tax_cap : TaxCap, optional
        ``cost`` objective with ``cap``: the cap holds after tax too, on the same rows.
    direct : bool, default True
        Hand a plain LP (:func:`plain`) to HiGHS directly (:func:`solve_direct`: no cvxpy to import, a second
        saved on a command's first solve); False builds it with cvxpy as every other problem (the tests' twin).

    Raises
    ------
    SolverError
        The solver returned a status other than optimal or infeasible.
    """
    if direct and plain(objective, cap, cvar_cap, integer, minimum, shield, tax_cap):
        return solve_direct(payoff, base, cost, upper, cap, budget, coef, limits)
    cp = cvxpy()
    n = cost.size
    q, q_value = contracts(n, integer)
    constraints = [q >= 0, q <= upper, *least_deal(q, upper, minimum)]
    if budget is not None:
        constraints.append(cost @ q <= budget)
    constraints += [a @ q <= b for a, b in limits]
    row_constraint = None
    if objective is Objective.COST:
        if cap is not None and payoff.shape[0]:
            row_constraint = base + payoff @ q >= -cap
            constraints.append(row_constraint)
        if cvar_cap is not None:
            constraints += [cut.offset - cut.coef @ q <= cvar_cap for cut in cuts]
        shield_cons, saved = shield_terms(q, shield)
        constraints += shield_cons + tax_cap_terms(q, payoff, base, cap, tax_cap)
        goal = (cost if coef is None else coef) @ q - saved
    else:
        eta = cp.Variable(name="loss")
        if cuts:
            constraints += [eta >= cut.offset - cut.coef @ q for cut in cuts]
        else:
            row_constraint = eta >= -(base + payoff @ q)
            constraints.append(row_constraint)
        goal = eta
    problem = cp.Problem(cp.Minimize(goal), constraints)
    try:
        problem.solve(solver=SOLVER, verbose=False, output_flag=False)
    except cp.SolverError as exc:
        raise SolverError(SOLVER, "error", f"{n} candidates, {payoff.shape[0]} rows: {exc}") from None
    status = problem.status
    if status in (cp.INFEASIBLE, cp.INFEASIBLE_INACCURATE):
        return LPSolution(cp.INFEASIBLE, None, None, None)
    if status != cp.OPTIMAL:
        raise SolverError(
            SOLVER, status,
            f"{n} candidates, {payoff.shape[0]} scenario rows, integer={bool(np.any(integer))}; try fewer candidates, "
            "looser bounds, or the continuous problem",
        )
    duals = None
    if row_constraint is not None and not np.any(integer) and (minimum is None or not np.any(minimum > 0)):
        duals = np.asarray(row_constraint.dual_value, dtype=float).ravel()
    return LPSolution(status, q_value(), float(problem.value), duals)


def plain(objective: Objective, cap: float | None, cvar_cap: float | None, integer: bool | np.ndarray,
          minimum: FloatArray | None, shield: TaxShield | None, tax_cap: TaxCap | None) -> bool:
    """Whether :func:`solve` is a plain LP, which :func:`solve_direct` hands to HiGHS itself.

    The cheapest hedge under a worst-case cap on the rows (a budget and linear limits allowed), continuous, without
    CVaR, tax or least deal.
    """
    return (objective is Objective.COST and cap is not None and cvar_cap is None and not np.any(integer)
            and (minimum is None or not np.any(minimum > 0)) and shield is None and tax_cap is None)


def solve_direct(payoff: FloatArray, base: FloatArray, cost: FloatArray, upper: FloatArray, cap: float,
                 budget: float | None = None, coef: FloatArray | None = None,
                 limits: tuple[tuple[FloatArray, float], ...] = ()) -> LPSolution:
    """The plain LP of :func:`solve` (see :func:`plain`) built for HiGHS directly, without cvxpy (NAV-scaled).

    Minimise ``coef @ q`` (``cost`` when None) subject to ``-payoff @ q <= cap + base`` on every row, the budget
    ``cost @ q <= budget``, ``a @ q <= b`` for each limit and ``0 <= q <= upper``. The rows in that order, which
    is also cvxpy's, so that HiGHS meets the same problem; :func:`solve` through cvxpy is its twin in the tests.
    """
    data = [payoff, base, cost, cap, *([] if budget is None else [budget]), *([] if coef is None else [coef]),
            *(x for limit in limits for x in limit)]
    if not all(np.all(np.isfinite(x)) for x in data):  # cvxpy refuses these too; HiGHS would read past a NaN
        raise ValueError("Problem data contains NaN or Inf. Check your parameter values and constants.")
    hp = highs()
    rows = [-payoff] + ([cost[None, :]] if budget is not None else []) + [a[None, :] for a, _ in limits]
    bounds = [cap + base] + ([np.array([budget])] if budget is not None else []) + [np.array([b]) for _, b in limits]
    matrix = np.vstack(rows)
    lp = hp.HighsLp()
    lp.num_col_, lp.num_row_ = cost.size, matrix.shape[0]
    lp.col_cost_ = np.asarray(cost if coef is None else coef, dtype=float)
    lp.col_lower_, lp.col_upper_ = np.zeros(cost.size), np.asarray(upper, dtype=float)
    lp.row_lower_, lp.row_upper_ = np.full(matrix.shape[0], -hp.kHighsInf), np.concatenate(bounds)
    nz = np.nonzero(matrix.T)  # column-wise: HiGHS's native format
    lp.a_matrix_.format_ = hp.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum(np.bincount(nz[0], minlength=cost.size))])
    lp.a_matrix_.index_, lp.a_matrix_.value_ = nz[1], matrix.T[nz]
    solver = hp.Highs()
    solver.setOptionValue("output_flag", False)
    solver.passModel(lp)
    solver.run()
    status = solver.getModelStatus()
    if status == hp.HighsModelStatus.kInfeasible:  # as cvxpy reads HiGHS: anything else not optimal raises
        return LPSolution("infeasible", None, None, None)
    if status != hp.HighsModelStatus.kOptimal:
        said = {"kUnbounded": "unbounded", "kUnboundedOrInfeasible": "infeasible_or_unbounded"}  # cvxpy's words
        raise SolverError(SOLVER, said.get(status.name, status.name), f"{cost.size} candidates, {payoff.shape[0]} "
                          "scenario rows; try fewer candidates, looser bounds")
    solution = solver.getSolution()
    duals = -np.asarray(solution.row_dual, dtype=float)[:payoff.shape[0]] if payoff.shape[0] else None
    return LPSolution("optimal", np.asarray(solution.col_value, dtype=float),
                      float(solver.getInfo().objective_function_value), duals)

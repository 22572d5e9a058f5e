"""hedgeopt.optimizer.lp.solve on small hand-made problems whose optimum is worked out by hand in the comments.

Every problem below is NAV-scaled like the real ones: ``payoff`` is value less cost per contract, ``base`` the
unhedged P&L, both fractions of NAV; the loss on row ``s`` is ``-(base[s] + payoff[s] @ q)``.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linprog

from hedgeopt.optimizer import lp
from hedgeopt.optimizer.lp import Cut, LPSolution, Objective
from pricing import SolverError

# Two scenario rows, two candidates. With cap 0.10 the rows read
#   0.10 q1 + 0.30 q2 >= 0.20      (row 0: -0.30 + ... >= -0.10)
#   0.20 q1 + 0.05 q2 >= 0.10      (row 1: -0.20 + ... >= -0.10)
# and the cost is q1 + 2 q2. Vertices: (2, 0) costs 2; (0, 2) costs 4; both rows tight:
#   q1 = 2 - 3 q2  ->  0.2 (2 - 3 q2) + 0.05 q2 = 0.1  ->  q2 = 0.3 / 0.55 = 6/11, q1 = 4/11, cost 16/11.
# Duals: A^T y = c  ->  0.1 y0 + 0.2 y1 = 1, 0.3 y0 + 0.05 y1 = 2  ->  y1 = 20/11, y0 = 70/11
# (check: b^T y = 0.2 * 70/11 + 0.1 * 20/11 = 16/11, strong duality).
PAYOFF = np.array([[0.10, 0.30], [0.20, 0.05]])
BASE = np.array([-0.30, -0.20])
COST = np.array([1.0, 2.0])
UPPER = np.array([10.0, 10.0])
Q_OPT = np.array([4 / 11, 6 / 11])  # hand arithmetic above
COST_OPT = 16 / 11  # hand arithmetic above
DUALS_OPT = np.array([70 / 11, 20 / 11])  # hand arithmetic above

TOL = 1e-8  # HiGHS primal/dual feasibility tolerance is 1e-7 on this scale; simplex vertices are exact to ~1e-15


def test_cheapest_hedge_by_hand():
    sol = lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.10)
    assert isinstance(sol, LPSolution) and sol.status == "optimal"
    np.testing.assert_allclose(sol.q, Q_OPT, atol=TOL)
    assert sol.value == pytest.approx(COST_OPT, abs=TOL)
    np.testing.assert_allclose(sol.row_duals, DUALS_OPT, rtol=1e-7)


def test_duals_are_the_marginal_cost_of_each_row():
    # Relaxing row 0 alone by h lowers the optimum by y0 * h while the same rows stay tight.
    h = 1e-4
    relaxed = lp.solve(PAYOFF, BASE + np.array([h, 0.0]), COST, UPPER, cap=0.10)
    assert COST_OPT - relaxed.value == pytest.approx(DUALS_OPT[0] * h, rel=1e-6)
    # Relaxing every row (a looser cap) lowers it by (y0 + y1) * h.
    looser = lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.10 + h)
    assert COST_OPT - looser.value == pytest.approx(DUALS_OPT.sum() * h, rel=1e-6)


def test_against_scipy_linprog_on_random_lps():
    # The same LP through a different solver path (scipy's HiGHS on the raw matrices, no cvxpy).
    rng = np.random.default_rng(7)
    for _ in range(20):
        rows, n = int(rng.integers(5, 40)), int(rng.integers(2, 8))
        payoff = rng.normal(0.0, 0.05, (rows, n)) + 0.02
        base = -rng.uniform(0.0, 0.3, rows)
        cost = rng.uniform(0.001, 0.01, n)
        upper = rng.uniform(1.0, 20.0, n)
        cap = float(rng.uniform(0.05, 0.2))
        ours = lp.solve(payoff, base, cost, upper, cap=cap)
        ref = linprog(cost, A_ub=-payoff, b_ub=base + cap, bounds=list(zip(np.zeros(n), upper, strict=True)),
                      method="highs")
        assert (ours.status == "optimal") == (ref.status == 0), (ours.status, ref.message)
        if ref.status == 0:
            assert ours.value == pytest.approx(ref.fun, rel=1e-7, abs=1e-10)


def test_upper_bounds_hold_and_can_make_it_infeasible():
    # Bounds that contain the optimum leave it unchanged.
    sol = lp.solve(PAYOFF, BASE, COST, np.array([1.0, 1.0]), cap=0.10)
    assert sol.value == pytest.approx(COST_OPT, abs=TOL)
    # q <= 0.3 each: row 0 reaches at most 0.1 * 0.3 + 0.3 * 0.3 = 0.12 < 0.20.
    sol = lp.solve(PAYOFF, BASE, COST, np.array([0.3, 0.3]), cap=0.10)
    assert sol == LPSolution("infeasible", None, None, None)


def test_budget_below_the_cheapest_hedge_is_infeasible():
    assert lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.10, budget=1.4).status == "infeasible"  # 1.4 < 16/11
    sol = lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.10, budget=1.5)
    assert sol.value == pytest.approx(COST_OPT, abs=TOL) and COST @ sol.q <= 1.5 + TOL


def test_integer_lots_by_hand():
    # Cap 0.12: rows 0.1 q1 + 0.3 q2 >= 0.18 and 0.2 q1 + 0.05 q2 >= 0.08.
    # Continuous: q1 = 1.8 - 3 q2 -> 0.36 - 0.55 q2 = 0.08 -> q2 = 28/55, q1 = 3/11, cost 3/11 + 56/55 = 71/55.
    # Integer: (1,0) fails row 0 (0.1); (0,1) fails row 1 (0.05); (2,0) holds (0.2, 0.4) at cost 2, and every
    # other feasible point, (1,1) at 3 and (0,2) at 4, costs more.
    continuous = lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.12)
    assert continuous.value == pytest.approx(71 / 55, abs=TOL)
    whole = lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.12, integer=True)
    assert whole.status == "optimal" and whole.value == pytest.approx(2.0, abs=TOL)
    np.testing.assert_allclose(whole.q, [2.0, 0.0], atol=TOL)
    assert whole.row_duals is None  # no duals for a MILP
    # At most one contract each: only (1,1) holds, cost 3.
    assert lp.solve(PAYOFF, BASE, COST, np.ones(2), cap=0.12, integer=True).value == pytest.approx(3.0, abs=TOL)
    # Budget 1.0 allows (1,0) only, which fails row 0.
    assert lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.12, integer=True, budget=1.0).status == "infeasible"


def test_least_worst_case_by_hand():
    # One put: loss 0.30 - 0.20 q in the crash, 0.10 + 0.05 q (premium lost) otherwise; cost q, budget 1.
    # Equal at 0.20 = 0.25 q -> q = 0.8, loss 0.14; the budget (0.8 <= 1) does not bind.
    # Duals of eta >= loss_s sum to 1 (eta's objective coefficient), and -0.2 y0 + 0.05 y1 = 0 -> (0.2, 0.8).
    payoff, base, cost, upper = np.array([[0.20], [-0.05]]), np.array([-0.30, -0.10]), np.ones(1), np.full(1, 10.0)
    sol = lp.solve(payoff, base, cost, upper, objective=Objective.RISK, budget=1.0)
    assert sol.q[0] == pytest.approx(0.8, abs=TOL) and sol.value == pytest.approx(0.14, abs=TOL)
    np.testing.assert_allclose(sol.row_duals, [0.2, 0.8], atol=1e-7)
    # Budget 0.5 binds: q = 0.5, losses 0.20 and 0.125; only the crash row has a dual.
    sol = lp.solve(payoff, base, cost, upper, objective=Objective.RISK, budget=0.5)
    assert sol.q[0] == pytest.approx(0.5, abs=TOL) and sol.value == pytest.approx(0.20, abs=TOL)
    np.testing.assert_allclose(sol.row_duals, [1.0, 0.0], atol=1e-7)
    # Budget 0: no hedge, the unhedged worst case.
    assert lp.solve(payoff, base, cost, upper, objective=Objective.RISK, budget=0.0).value == pytest.approx(0.30)
    # Whole contracts with budget 1: q in {0, 1} -> max(0.30, 0.10) or max(0.10, 0.15) = 0.15.
    sol = lp.solve(payoff, base, cost, upper, objective=Objective.RISK, budget=1.0, integer=True)
    assert sol.value == pytest.approx(0.15, abs=TOL) and sol.q[0] == pytest.approx(1.0)


CUTS = (Cut(np.array([0.20, 0.10]), 0.30), Cut(np.array([0.05, 0.30]), 0.20))


def test_cvar_cuts_as_constraints_by_hand():
    # Cuts with cap 0.1: 0.2 q1 + 0.1 q2 >= 0.2 and 0.05 q1 + 0.3 q2 >= 0.1; cost q1 + 2 q2.
    # One cut: q1 = 1 (0.2 per unit of cost against q2's 0.05), cost 1.
    # Both: q1 = 1 - 0.5 q2 -> 0.05 - 0.025 q2 + 0.3 q2 = 0.1 -> q2 = 2/11, q1 = 10/11, cost 14/11
    # (against q1 alone: q1 >= 2, cost 2; q2 alone: q2 >= 2, cost 4).
    empty, none = np.zeros((0, 2)), np.zeros(0)
    one = lp.solve(empty, none, COST, UPPER, cuts=CUTS[:1], cvar_cap=0.10)
    assert one.value == pytest.approx(1.0, abs=TOL)
    both = lp.solve(empty, none, COST, UPPER, cuts=CUTS, cvar_cap=0.10)
    np.testing.assert_allclose(both.q, [10 / 11, 2 / 11], atol=TOL)
    assert both.value == pytest.approx(14 / 11, abs=TOL)
    # Without a CVaR cap the cuts are not constraints: nothing to buy.
    assert lp.solve(empty, none, COST, UPPER, cuts=CUTS).value == pytest.approx(0.0, abs=TOL)
    # Cuts and rows together: the row optimum (4/11, 6/11) breaks cut 0 (0.3 - 0.2 * 4/11 - 0.1 * 6/11 = 0.173 >
    # 0.1), so all four bind in some mix; the reference is scipy's HiGHS on the four stacked inequalities.
    joint = lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.10, cuts=CUTS, cvar_cap=0.10)
    a_ub = np.vstack([-PAYOFF, [-c.coef for c in CUTS]])
    b_ub = np.concatenate([BASE + 0.10, [0.10 - c.offset for c in CUTS]])
    ref = linprog(COST, A_ub=a_ub, b_ub=b_ub, bounds=[(0, 10)] * 2, method="highs")
    assert joint.value == pytest.approx(ref.fun, abs=TOL) and joint.value > max(COST_OPT, 14 / 11)


def test_cvar_cuts_as_risk_epigraph_by_hand():
    # min max(0.3 - 0.2 q1 - 0.1 q2, 0.2 - 0.05 q1 - 0.3 q2) with q1 + 2 q2 <= 1. Both pieces fall in q, so the
    # budget binds: q1 = 1 - 2 q2 -> pieces 0.1 + 0.3 q2 and 0.15 - 0.2 q2, equal at q2 = 0.1: loss 0.13.
    # Rows are ignored when cuts are given (a row with loss 0.9 would otherwise set the value).
    rows, base = np.array([[0.0, 0.0]]), np.array([-0.9])
    sol = lp.solve(rows, base, COST, UPPER, objective=Objective.RISK, cuts=CUTS, budget=1.0)
    np.testing.assert_allclose(sol.q, [0.8, 0.1], atol=TOL)
    assert sol.value == pytest.approx(0.13, abs=TOL)
    assert sol.row_duals is None


def test_custom_objective_coefficients():
    # Maximise q1 (coef = -e1) under the rows of cap 0.10, q <= 5 and the budget q1 + 2 q2 <= 3: q1 = 3 (both
    # rows hold: 0.3 >= 0.2, 0.6 >= 0.1), value -3.
    sol = lp.solve(PAYOFF, BASE, COST, np.full(2, 5.0), cap=0.10, budget=3.0, coef=np.array([-1.0, 0.0]))
    assert sol.value == pytest.approx(-3.0, abs=TOL) and sol.q[0] == pytest.approx(3.0, abs=TOL)


def test_no_rows_and_no_cap_buys_nothing():
    sol = lp.solve(np.zeros((0, 2)), np.zeros(0), COST, UPPER, cap=0.10)
    assert sol.status == "optimal" and sol.value == pytest.approx(0.0) and sol.row_duals is None
    np.testing.assert_allclose(sol.q, 0.0, atol=TOL)
    # A cap already met by the unhedged rows: the cheapest hedge is none, every dual zero.
    sol = lp.solve(PAYOFF, np.array([-0.05, 0.02]), COST, UPPER, cap=0.10)
    assert sol.value == pytest.approx(0.0, abs=TOL)
    np.testing.assert_allclose(sol.row_duals, 0.0, atol=TOL)


def test_unbounded_raises_solver_error_naming_the_status():
    with pytest.raises(SolverError, match=r"solver HIGHS returned status 'unbounded': 2 candidates, 2 scenario rows"):
        lp.solve(PAYOFF, BASE, COST, np.full(2, np.inf), cap=0.10, coef=np.array([-1.0, 0.0]))


@pytest.mark.parametrize("seed", range(6))
def test_plain_lp_direct_to_highs_equals_the_cvxpy_build(seed):
    """solve_direct (the plain LP handed to HiGHS without cvxpy) against the same LP built by cvxpy, its twin.

    Random rows, bounds, a budget and a linear limit on some draws, a custom objective on others, caps from loose
    to infeasible, the rows shuffled (the binding row anywhere, last included): the same status, the same optimum
    to 1e-9 relative, the same contracts and row duals (the vertex is unique on generic random data).
    """
    rng = np.random.default_rng(100 + seed)
    for draw in range(15):
        rows, n = int(rng.integers(1, 60)), int(rng.integers(1, 12))
        payoff = rng.normal(0.0, 0.05, (rows, n)) + 0.02
        base = -rng.uniform(0.0, 0.3, rows)
        order = rng.permutation(rows)
        payoff, base = payoff[order], base[order]
        cost, upper = rng.uniform(0.001, 0.01, n), rng.uniform(1.0, 20.0, n)
        options = {"cap": float(rng.uniform(0.02, 0.25))}
        if draw % 3 == 1:
            options |= {"budget": float(rng.uniform(0.005, 0.1)), "limits": ((rng.uniform(0.0, 1.0, n), 5.0),)}
        if draw % 5 == 2:
            options["coef"] = cost * rng.uniform(0.5, 1.5, n)
        assert lp.plain(Objective.COST, options["cap"], None, False, None, None, None)
        fast = lp.solve(payoff, base, cost, upper, **options)
        slow = lp.solve(payoff, base, cost, upper, direct=False, **options)
        assert fast.status == slow.status, (seed, draw, options)
        if slow.status == "optimal":
            assert fast.value == pytest.approx(slow.value, rel=1e-9, abs=1e-13)
            np.testing.assert_allclose(fast.q, slow.q, rtol=1e-7, atol=1e-9)
            np.testing.assert_allclose(fast.row_duals, slow.row_duals, rtol=1e-6, atol=1e-9)


def test_only_plain_lps_go_direct():
    """A CVaR cap, whole contracts, a least deal, a tax shield or the risk objective stay with cvxpy."""
    shield = lp.TaxShield(np.ones((1, 2)), np.array([0]), np.array([0.2]), np.array([0.01]))
    assert lp.plain(Objective.COST, 0.1, None, False, None, None, None)
    assert lp.plain(Objective.COST, 0.1, None, np.zeros(2, bool), np.zeros(2), None, None)
    for args in [(Objective.RISK, None, None, False, None, None, None), (Objective.COST, None, 0.1, False, None, None,
                 None), (Objective.COST, 0.1, 0.1, False, None, None, None), (Objective.COST, 0.1, None, True, None,
                 None, None), (Objective.COST, 0.1, None, np.array([True, False]), None, None, None),
                 (Objective.COST, 0.1, None, False, np.array([0.0, 10.0]), None, None),
                 (Objective.COST, 0.1, None, False, None, shield, None)]:
        assert not lp.plain(*args), args


@pytest.mark.parametrize("direct", [True, False])
def test_nan_or_inf_in_the_data_is_refused_on_both_paths(direct):
    """A NaN payoff (a kernel fed nonsense) is refused, never read as a number: HiGHS alone would skip it."""
    bad = PAYOFF.copy()
    bad[0, 1] = np.nan
    with pytest.raises(ValueError, match="NaN or Inf"):
        lp.solve(bad, BASE, COST, UPPER, cap=0.10, direct=direct)
    with pytest.raises(ValueError):  # an infinite loss: cvxpy's own words differ ("Cannot unpack invalid solution")
        lp.solve(PAYOFF, np.array([-np.inf, -0.2]), COST, UPPER, cap=0.10, direct=direct)

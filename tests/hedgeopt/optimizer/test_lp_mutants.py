"""The hedge LP's less travelled branches, each on a problem solved by hand: mixed whole and free quantities, the
least deal, the tax shield, the cap after tax, linear limits on both builds, the solver's refusals and the HiGHS
banner. Written to kill the mutants ``make mutation`` found alive in :mod:`hedgeopt.optimizer.lp`.
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from scipy.optimize import linprog

from hedgeopt.optimizer import lp
from hedgeopt.optimizer.lp import Objective, TaxCap, TaxShield
from pricing import SolverError

TOL = 1e-8  # HiGHS's feasibility tolerance is 1e-7 on this scale; these vertices are exact to ~1e-15

# One crash row and one calm row, two candidates: a listed put (whole contracts) and a bank forward (any amount).
# Cap 0.10: row 0 reads 0.10 q1 + 0.04 q2 >= 0.15 and row 1 0.02 q1 + 0.01 q2 >= 0.0 (always holds); cost
# 1.0 q1 + 0.3 q2. Per unit of cover on row 0 the put costs 10 and the forward 7.5, so the continuous optimum
# is the forward alone: q2 = 3.75, cost 1.125.
PAYOFF = np.array([[0.10, 0.04], [0.02, 0.01]])
BASE = np.array([-0.25, -0.01])
COST = np.array([1.0, 0.3])
UPPER = np.array([10.0, 10.0])


def test_all_free_buys_the_forward_alone():
    sol = lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.10, integer=False)
    np.testing.assert_allclose(sol.q, [0.0, 3.75], atol=TOL)
    assert sol.value == pytest.approx(1.125, abs=TOL)


def test_mixed_whole_and_free_quantities_by_hand():
    # Forward capped at 2 (0.08 of cover): the put must bring 0.07, i.e. 0.7 contracts continuous (cost 0.7 +
    # 0.6 = 1.3). With the put whole and the forward free: q1 = 1 brings 0.10, the forward tops up
    # 0.05 / 0.04 = 1.25 (cost 1 + 0.375 = 1.375); q1 = 0 cannot reach 0.15 (0.08 at most). Both whole: q1 = 1,
    # q2 = 2 (0.18, cost 1.6) or q1 = 2, q2 = 0 (cost 2): 1.6.
    upper = np.array([10.0, 2.0])
    assert lp.solve(PAYOFF, BASE, COST, upper, cap=0.10).value == pytest.approx(1.3, abs=TOL)
    mixed = lp.solve(PAYOFF, BASE, COST, upper, cap=0.10, integer=np.array([True, False]))
    assert mixed.status == "optimal" and mixed.row_duals is None
    np.testing.assert_allclose(mixed.q, [1.0, 1.25], atol=TOL)
    assert mixed.value == pytest.approx(1.375, abs=TOL)
    # The mask the other way round: the forward whole (0, 1 or 2), the put free: q2 = 2 and q1 = 0.7.
    flipped = lp.solve(PAYOFF, BASE, COST, upper, cap=0.10, integer=np.array([False, True]))
    np.testing.assert_allclose(flipped.q, [0.7, 2.0], atol=TOL)
    assert flipped.value == pytest.approx(1.3, abs=TOL)
    whole = lp.solve(PAYOFF, BASE, COST, upper, cap=0.10, integer=np.array([True, True]))
    np.testing.assert_allclose(whole.q, [1.0, 2.0], atol=TOL)
    assert whole.value == pytest.approx(1.6, abs=TOL)


def test_a_zero_one_mask_reads_as_whole_and_free():
    mixed = lp.solve(PAYOFF, BASE, COST, np.array([10.0, 2.0]), cap=0.10, integer=np.array([1, 0]))
    np.testing.assert_allclose(mixed.q, [1.0, 1.25], atol=TOL)


def test_contracts_places_each_part_where_the_mask_says():
    # Three candidates, the middle one free: the values read back in the candidates' order.
    payoff = np.array([[0.10, 0.04, 0.02]])
    cost = np.array([1.0, 0.3, 0.05])  # per unit of cover: 10, 7.5, 2.5 -> the third, up to its bound 1
    upper = np.array([10.0, 10.0, 1.0])
    sol = lp.solve(payoff, np.array([-0.25]), cost, upper, cap=0.10, integer=np.array([True, False, True]))
    # The third gives 0.02; 0.13 is left: the forward (7.5 per unit) brings it all, 3.25 of it.
    np.testing.assert_allclose(sol.q, [0.0, 3.25, 1.0], atol=TOL)
    assert sol.value == pytest.approx(0.975 + 0.05, abs=TOL)


def test_least_deal_is_zero_or_at_least_the_minimum():
    # The forward alone needs 3.75. A least deal of 4 makes it 0 or 4..10: the forward at 4 (cost 1.2) beats the
    # put alone (1.5 contracts, 1.5) and any mix (the put's cover costs more). A least deal of 6: the forward at 6
    # costs 1.8, the put alone 1.5, a mix needs the forward at 0 or >= 6: the put alone.
    sol = lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.10, minimum=np.array([0.0, 4.0]))
    np.testing.assert_allclose(sol.q, [0.0, 4.0], atol=TOL)
    assert sol.value == pytest.approx(1.2, abs=TOL) and sol.row_duals is None
    sol = lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.10, minimum=np.array([0.0, 6.0]))
    np.testing.assert_allclose(sol.q, [1.5, 0.0], atol=TOL)
    assert sol.value == pytest.approx(1.5, abs=TOL)
    # A least deal above the bound: the forward cannot be dealt at all.
    sol = lp.solve(PAYOFF, BASE, COST, np.array([10.0, 5.0]), cap=0.10, minimum=np.array([0.0, 6.0]))
    np.testing.assert_allclose(sol.q, [1.5, 0.0], atol=TOL)
    # A least deal the optimum already meets changes nothing and the problem stays a plain LP.
    assert lp.least_deal(None, UPPER, None) == [] and lp.least_deal(None, UPPER, np.zeros(2)) == []
    assert lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.10, minimum=np.array([0.0, 3.0])).value == pytest.approx(1.125)


def test_least_deal_constraints_are_one_binary_per_dealt_candidate():
    cp = lp.cvxpy()
    q = cp.Variable(3)
    cons = lp.least_deal(q, np.array([10.0, 20.0, 30.0]), np.array([0.0, 4.0, 5.0]))
    assert len(cons) == 2
    dealt = [v for v in cons[0].variables() if v is not q]
    assert len(dealt) == 1 and dealt[0].shape == (2,) and dealt[0].attributes["boolean"]
    assert [v is q or v is dealt[0] for v in cons[1].variables()] == [True, True]


# The tax shield: one income category with 0.5 of gains this year at 20%, one candidate costing 1 per unit.
def _shielded(width: float, rate: float = 0.2, cost_in_category: float = 1.0):
    return TaxShield(np.array([[cost_in_category]]), np.array([0]), np.array([rate]), np.array([width]))


def test_the_shield_saves_tax_up_to_the_gains_by_hand():
    # One row needing q >= 1 (payoff 0.2 against a loss of 0.3 over a cap of 0.1); cost 1 per unit.
    payoff, base, cost, upper = np.array([[0.2]]), np.array([-0.3]), np.ones(1), np.full(1, 5.0)
    # Gains 0.5 >= the cost 1 * q = 1? No: the shield is min(cost, gains) = 0.5 at 20%: after-tax 1 - 0.1 = 0.9.
    sol = lp.solve(payoff, base, cost, upper, cap=0.1, shield=_shielded(0.5))
    assert sol.q[0] == pytest.approx(1.0, abs=TOL) and sol.value == pytest.approx(0.9, abs=TOL)
    # Gains 2 above the cost: the whole cost is offset, 1 - 0.2 = 0.8.
    assert lp.solve(payoff, base, cost, upper, cap=0.1, shield=_shielded(2.0)).value == pytest.approx(0.8, abs=TOL)
    # Only half the cost falls in the category: at most 0.5 offset, 1 - 0.1 = 0.9 even with ample gains.
    half = _shielded(2.0, cost_in_category=0.5)
    assert lp.solve(payoff, base, cost, upper, cap=0.1, shield=half).value == pytest.approx(0.9, abs=TOL)
    # An empty shield (no pieces) is no shield.
    empty = TaxShield(np.zeros((1, 1)), np.zeros(0, np.int64), np.zeros(0), np.zeros(0))
    assert lp.shield_terms(None, empty) == ([], 0.0) and lp.shield_terms(None, None) == ([], 0.0)
    assert lp.solve(payoff, base, cost, upper, cap=0.1, shield=empty).value == pytest.approx(1.0, abs=TOL)


def test_two_shield_pieces_in_two_categories_by_hand():
    # Two candidates, each costing 1 per unit and each needed (rows q1 >= 1, q2 >= 1). Category 0 holds candidate
    # 0 with gains 0.3 at 20% then 0.4 at 10% (two bands); category 1 holds candidate 1 with gains 0.25 at 30%.
    # Saved: 0.3 * 0.2 + 0.4 * 0.1 (0.7 < 1) + 0.25 * 0.3 = 0.06 + 0.04 + 0.075 = 0.175; after tax 2 - 0.175.
    payoff, base = np.array([[0.1, 0.0], [0.0, 0.1]]), np.array([-0.2, -0.2])
    shield = TaxShield(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0, 0, 1]), np.array([0.2, 0.1, 0.3]),
                       np.array([0.3, 0.4, 0.25]))
    sol = lp.solve(payoff, base, np.ones(2), np.full(2, 5.0), cap=0.1, shield=shield)
    np.testing.assert_allclose(sol.q, [1.0, 1.0], atol=TOL)
    assert sol.value == pytest.approx(2.0 - 0.175, abs=TOL)


def _tax_cap(pieces, start, fixed, member=((True,),)):
    return TaxCap(np.array(member, dtype=bool), np.array(start, dtype=float), np.array(fixed, dtype=float),
                  tuple((np.array(a, dtype=float), np.array(b, dtype=float)) for a, b in pieces))


def test_tax_cap_tax_is_the_largest_piece_plus_the_fixed_part():
    # One category, tax(n) = max(0, 0.2 n): a net of +0.5 pays 0.1, a net of -0.5 pays nothing; fixed 0.01, 0.02.
    cap = _tax_cap([([0.0, 0.0], [0.0, 0.2])], [[0.3], [-0.2]], [0.01, 0.02])
    np.testing.assert_allclose(cap.tax(np.array([[0.2], [-0.3]])), [0.01 + 0.1, 0.02])
    # Two categories: the second tax(n) = max(-0.05, 0.15 n) adds 0.15 * 0.4 and max(-0.05, -0.015) = -0.015.
    two = _tax_cap([([0.0, 0.0], [0.0, 0.2]), ([-0.05, 0.0], [0.0, 0.15])], [[0.3, 0.4], [-0.2, -0.1]],
                   [0.0, 0.0], member=((True, False), (False, True)))
    np.testing.assert_allclose(two.tax(np.zeros((2, 2))), [0.06 + 0.06, 0.0 - 0.015])
    taken = two.take(np.array([1]))
    np.testing.assert_allclose(taken.start, [[-0.2, -0.1]]) and np.testing.assert_allclose(taken.fixed, [0.0])
    assert taken.member is two.member and taken.pieces is two.pieces
    np.testing.assert_allclose(taken.tax(np.zeros((1, 2))), [-0.015])


def test_a_tax_piece_without_its_slope_is_refused():
    cap = TaxCap(np.ones((1, 1), bool), np.zeros((1, 1)), np.zeros(1), ((np.zeros(2), np.array([0.2])),))
    with pytest.raises(ValueError, match="zip"):
        lp.solve(np.array([[0.2]]), np.array([-0.3]), np.ones(1), np.full(1, 5.0), cap=0.1, tax_cap=cap)


def test_the_cap_after_tax_by_hand():
    # One row: unhedged -0.3, a put paying 0.2 per unit (taxed at 20% in its category, which starts at 0),
    # cap 0.1, cost 1. Before tax q >= 1. After tax the payoff nets 0.2 q - 0.2 * 0.2 q = 0.16 q >= 0.2:
    # q = 1.25 (cost 1.25); the tax is max(0, 0.2 n) on the category's net 0.2 q.
    payoff, base, cost, upper = np.array([[0.2]]), np.array([-0.3]), np.ones(1), np.full(1, 5.0)
    cap = _tax_cap([([0.0, 0.0], [0.0, 0.2])], [[0.0]], [0.0])
    sol = lp.solve(payoff, base, cost, upper, cap=0.1, tax_cap=cap)
    assert sol.q[0] == pytest.approx(1.25, abs=TOL) and sol.value == pytest.approx(1.25, abs=TOL)
    # A fixed tax of 0.02 on the row (another category's bill): 0.16 q >= 0.22, q = 1.375.
    fixed = _tax_cap([([0.0, 0.0], [0.0, 0.2])], [[0.0]], [0.02])
    assert lp.solve(payoff, base, cost, upper, cap=0.1, tax_cap=fixed).q[0] == pytest.approx(1.375, abs=TOL)
    # A category that starts at a loss of -0.3 absorbs 0.2 q up to q = 1.5 untaxed: q = 1 as before tax.
    carried = _tax_cap([([0.0, 0.0], [0.0, 0.2])], [[-0.3]], [0.0])
    assert lp.solve(payoff, base, cost, upper, cap=0.1, tax_cap=carried).q[0] == pytest.approx(1.0, abs=TOL)
    # No category holds a candidate: only the fixed part, q >= (0.2 + 0.05) / 0.2 = 1.25.
    none = TaxCap(np.zeros((0, 1), bool), np.zeros((1, 0)), np.array([0.05]), ())
    assert lp.solve(payoff, base, cost, upper, cap=0.1, tax_cap=none).q[0] == pytest.approx(1.25, abs=TOL)
    # Without a cap, or without rows, the tax cap adds nothing.
    assert lp.tax_cap_terms(None, payoff, base, None, cap) == []
    assert lp.tax_cap_terms(None, np.zeros((0, 1)), np.zeros(0), 0.1, cap) == []


def test_the_tax_cap_counts_only_its_categorys_candidates():
    # Two puts, each paying 0.2 per unit and costing 1; the first is taxed at 20%, the second's category pays no
    # tax (slope 0). The cheapest after-tax cover of 0.2 is the untaxed put alone: q = (0, 1), cost 1.
    payoff, base, cost, upper = np.array([[0.2, 0.2]]), np.array([-0.3]), np.ones(2), np.full(2, 5.0)
    cap = _tax_cap([([0.0, 0.0], [0.0, 0.2]), ([0.0], [0.0])], [[0.0, 0.0]], [0.0],
                   member=((True, False), (False, True)))
    sol = lp.solve(payoff, base, cost, upper, cap=0.1, tax_cap=cap)
    np.testing.assert_allclose(sol.q, [0.0, 1.0], atol=TOL)
    # The second put made dearer (1.3): the taxed one at 1.25 is cheaper.
    sol = lp.solve(payoff, base, np.array([1.0, 1.3]), upper, cap=0.1, tax_cap=cap)
    np.testing.assert_allclose(sol.q, [1.25, 0.0], atol=TOL)


@pytest.mark.parametrize("direct", [True, False])
def test_linear_limits_bind_on_both_builds(direct):
    # Limit q2 <= 2 (as a yen hedge within the dollars held): the cheapest forward-only cover (3.75) is cut;
    # the put brings the rest: 0.10 q1 + 0.08 >= 0.15 -> q1 = 0.7, cost 0.7 + 0.6 = 1.3. A second limit
    # q1 + q2 <= 2.5 then forces q1 + q2 <= 2.5 with 0.10 q1 + 0.04 q2 >= 0.15: q1 = (0.15 - 0.04 * 2.5) / 0.06
    # = 5/6, q2 = 2.5 - 5/6 = 5/3, cost 5/6 + 0.5 = 4/3.
    one = ((np.array([0.0, 1.0]), 2.0),)
    sol = lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.10, limits=one, direct=direct)
    np.testing.assert_allclose(sol.q, [0.7, 2.0], atol=TOL)
    two = one + ((np.array([1.0, 1.0]), 2.5),)
    sol = lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.10, limits=two, direct=direct)
    np.testing.assert_allclose(sol.q, [5 / 6, 5 / 3], atol=TOL)
    assert sol.value == pytest.approx(4 / 3, abs=TOL)
    assert sol.row_duals.shape == (2,) and sol.row_duals[1] == pytest.approx(0.0, abs=TOL)  # the rows' duals only
    ref = linprog(COST, A_ub=np.vstack([-PAYOFF, [0, 1], [1, 1]]), b_ub=[BASE[0] + 0.1, BASE[1] + 0.1, 2, 2.5],
                  bounds=[(0, 10)] * 2, method="highs")
    np.testing.assert_allclose(sol.row_duals, -ref.ineqlin.marginals[:2], atol=1e-9)


@pytest.mark.parametrize("direct", [True, False])
def test_a_budget_and_a_limit_together(direct):
    # Budget 1.25 with the limit q2 <= 2: the optimum above costs 1.3 > 1.25: infeasible; budget 1.3 holds.
    one = ((np.array([0.0, 1.0]), 2.0),)
    assert lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.10, limits=one, budget=1.25, direct=direct).status == "infeasible"
    sol = lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.10, limits=one, budget=1.3 + 1e-9, direct=direct)
    np.testing.assert_allclose(sol.q, [0.7, 2.0], atol=1e-7)


def test_direct_returns_duals_of_the_rows_only_and_none_without_rows():
    sol = lp.solve_direct(PAYOFF, BASE, COST, UPPER, 0.10, budget=5.0, limits=((np.array([0.0, 1.0]), 2.0),))
    assert sol.row_duals.shape == (2,) and sol.row_duals[0] == pytest.approx(10.0)  # the put's cost per cover
    empty = lp.solve_direct(np.zeros((0, 2)), np.zeros(0), COST, UPPER, 0.10)
    assert empty.status == "optimal" and empty.row_duals is None and empty.value == pytest.approx(0.0)


def test_direct_refuses_a_nan_in_the_budget_the_objective_or_a_limit():
    for options in ({"budget": np.nan}, {"coef": np.array([np.nan, 1.0])},
                    {"limits": ((np.array([0.0, np.inf]), 2.0),)}, {"limits": ((np.ones(2), np.nan),)}):
        with pytest.raises(ValueError, match="NaN or Inf"):
            lp.solve_direct(PAYOFF, BASE, COST, UPPER, 0.10, **options)


@pytest.mark.filterwarnings("ignore::UserWarning")  # cvxpy's note that the MILP is infeasible or unbounded
@pytest.mark.parametrize(("integer", "said"), [(False, "unbounded"),
                                               (np.array([False, True]), "infeasible_or_unbounded")])
def test_an_unbounded_problem_through_cvxpy_names_its_status_and_size(integer, said):
    rows, base = np.vstack([PAYOFF, PAYOFF[:1]]), np.append(BASE, BASE[0])
    with pytest.raises(SolverError, match=rf"^solver HIGHS returned status '{said}': 2 candidates, 3 scenario "
                       rf"rows, integer={bool(np.any(integer))}; try fewer candidates, looser bounds, or the "
                       r"continuous problem$"):
        lp.solve(rows, base, COST, np.full(2, np.inf), cap=0.10, coef=np.array([-1.0, 0.0]), integer=integer,
                 direct=False)


def test_a_solver_error_from_cvxpy_is_a_solver_error_naming_the_size(monkeypatch):
    cp = lp.cvxpy()

    def broken(self, *args, **kwargs):
        raise cp.SolverError("HiGHS failed")

    monkeypatch.setattr(cp.Problem, "solve", broken)
    with pytest.raises(SolverError, match=r"^solver HIGHS returned status 'error': 2 candidates, 3 rows: HiGHS failed"):
        lp.solve(np.vstack([PAYOFF, PAYOFF[:1]]), np.append(BASE, BASE[0]), COST, UPPER, cap=0.10, direct=False)


def test_infeasible_inaccurate_is_read_as_infeasible(monkeypatch):
    cp = lp.cvxpy()
    monkeypatch.setattr(cp.Problem, "status", property(lambda self: cp.INFEASIBLE_INACCURATE))
    monkeypatch.setattr(cp.Problem, "solve", lambda self, *args, **kwargs: None)
    assert lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.10, direct=False) == lp.LPSolution("infeasible", None, None, None)


def test_the_solve_passes_highs_quietly(monkeypatch):
    cp = lp.cvxpy()
    seen = {}
    original = cp.Problem.solve

    def spy(self, *args, **kwargs):
        seen.update(kwargs)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cp.Problem, "solve", spy)
    lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.10, direct=False)
    assert seen == {"solver": "HIGHS", "verbose": False, "output_flag": False}


def test_risk_objective_with_rows_and_integer_duals_absent():
    # Least worst case over the two rows with the put alone (forward bound 0): losses 0.25 - 0.10 q1 (+ premium
    # none: payoff is net) and 0.01 - 0.02 q1; budget 1.2 binds (q1 <= 1.2): loss 0.13, the crash row's dual 1.
    sol = lp.solve(PAYOFF, BASE, COST, np.array([10.0, 0.0]), objective=Objective.RISK, budget=1.2)
    assert sol.value == pytest.approx(0.13, abs=TOL)
    np.testing.assert_allclose(sol.row_duals, [1.0, 0.0], atol=1e-7)
    whole = lp.solve(PAYOFF, BASE, COST, np.array([10.0, 0.0]), objective=Objective.RISK, budget=1.2, integer=True)
    assert whole.value == pytest.approx(0.15, abs=TOL) and whole.row_duals is None
    least = lp.solve(PAYOFF, BASE, COST, np.array([10.0, 1.0]), objective=Objective.RISK, budget=1.2,
                     minimum=np.array([0.0, 1.0]))
    assert least.row_duals is None


def test_the_first_highs_prints_no_banner_on_stdout(capfd):
    """``--json`` output must stay clean: the first HiGHS of a process prints its copyright on the C stdout.

    Run in a fresh process (this one has made its first HiGHS already); the call in this process leaves stdout
    where it was (and lets ``make mutation`` see that this test reaches the function).
    """
    lp._absorb_highs_banner()
    print("still stdout")
    assert capfd.readouterr() == ("still stdout\n", "")
    code = ("import numpy as np; from hedgeopt.optimizer import lp; "
            "s = lp.solve(np.array([[0.2]]), np.array([-0.3]), np.ones(1), np.ones(1), cap=0.1); "
            "print(round(s.q[0], 6))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)})
    assert out.stdout == "1.0\n", out.stdout


@pytest.mark.parametrize("direct", [True, False])
def test_a_candidate_that_pays_nothing_anywhere_is_a_valid_last_column(direct):
    # The second candidate's payoff column is all zeros (a put struck far below every scenario): the matrix
    # handed to HiGHS has an empty last column. The put alone holds row 0 (0.2 q >= 0.2): q = (1, 0), row 0's
    # dual the put's cost per unit of cover, 5.
    payoff, base = np.array([[0.2, 0.0], [0.1, 0.0], [0.05, 0.0]]), np.array([-0.3, -0.2, -0.1])
    sol = lp.solve(payoff, base, np.ones(2), np.full(2, 10.0), cap=0.1, direct=direct)
    np.testing.assert_allclose(sol.q, [1.0, 0.0], atol=TOL)
    np.testing.assert_allclose(sol.row_duals, [5.0, 0.0, 0.0], atol=1e-9)


def test_direct_names_a_status_cvxpy_has_no_word_for(monkeypatch):
    """A HiGHS status other than optimal, infeasible or unbounded (an iteration limit) is raised by its name."""
    import highspy

    class Stopped(highspy.Highs):
        def run(self):
            self.setOptionValue("presolve", "off")
            self.setOptionValue("simplex_iteration_limit", 0)
            return super().run()

    monkeypatch.setattr(highspy, "Highs", Stopped)
    payoff, base = np.vstack([PAYOFF, PAYOFF[:1]]), np.append(BASE, BASE[0])
    with pytest.raises(SolverError, match=r"^solver HIGHS returned status 'kIterationLimit': 2 candidates, 3 scenario "
                       r"rows; try fewer candidates, looser bounds$"):
        lp.solve_direct(payoff, base, COST, UPPER, 0.10)


def test_the_nan_message_is_cvxpys_own():
    with pytest.raises(ValueError, match=r"^Problem data contains NaN or Inf\. Check your parameter values and "
                       r"constants\.$"):
        lp.solve_direct(PAYOFF, BASE, COST, UPPER, np.nan)


def test_direct_reports_unbounded_or_infeasible_in_cvxpys_words(monkeypatch):
    """HiGHS's presolve may only know the problem is unbounded or infeasible: said as cvxpy says it."""
    import highspy

    class Undecided(highspy.Highs):
        def getModelStatus(self):
            return highspy.HighsModelStatus.kUnboundedOrInfeasible

    monkeypatch.setattr(highspy, "Highs", Undecided)
    with pytest.raises(SolverError, match=r"^solver HIGHS returned status 'infeasible_or_unbounded': 2 candidates"):
        lp.solve_direct(PAYOFF, BASE, COST, UPPER, 0.10)


def test_a_least_deal_below_one_unit_still_binds():
    # The forward alone needs 0.3 (0.04 x 0.3 = 0.012 of cover, cost 0.09); a least deal of 0.5 makes it cost
    # 0.15, above the put's 0.12 (0.12 contracts): the put alone. Not a plain LP, no duals.
    base = np.array([-0.112, -0.01])
    assert lp.solve(PAYOFF, base, COST, UPPER, cap=0.10).q == pytest.approx([0.0, 0.3], abs=TOL)
    assert not lp.plain(Objective.COST, 0.10, None, False, np.array([0.0, 0.5]), None, None)
    sol = lp.solve(PAYOFF, base, COST, UPPER, cap=0.10, minimum=np.array([0.0, 0.5]))
    np.testing.assert_allclose(sol.q, [0.12, 0.0], atol=TOL)
    assert sol.row_duals is None


def test_a_plain_lp_never_imports_cvxpy(monkeypatch):
    """The direct path spares a command's first solve cvxpy's second of import: it must not call it at all."""
    def refused():
        raise AssertionError("cvxpy imported for a plain LP")

    monkeypatch.setattr(lp, "cvxpy", refused)
    assert lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.10).value == pytest.approx(1.125)
    with pytest.raises(AssertionError, match="cvxpy imported"):
        lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.10, direct=False)


def test_cvar_cuts_ignore_the_rows_when_there_is_no_cap():
    # A CVaR-only problem still carries its active rows: without a worst-case cap they bind nothing. The cut
    # 0.2 q1 + 0.1 q2 >= 0.2 alone, at costs 1 and 0.3: q2 = 2, cost 0.6 (the row would need 0.10 q1 + 0.04 q2
    # >= 0.9: q2 = 10 at most brings 0.4, infeasible).
    rows, base = np.array([[0.10, 0.04]]), np.array([-1.0])
    sol = lp.solve(rows, base, COST, UPPER, cuts=(lp.Cut(np.array([0.20, 0.10]), 0.30),), cvar_cap=0.10)
    np.testing.assert_allclose(sol.q, [0.0, 2.0], atol=TOL)
    assert sol.row_duals is None


def test_no_rows_through_cvxpy_has_no_row_duals():
    sol = lp.solve(np.zeros((0, 2)), np.zeros(0), COST, UPPER, cap=0.10, direct=False)
    assert sol.status == "optimal" and sol.row_duals is None and sol.value == pytest.approx(0.0, abs=TOL)


@pytest.mark.parametrize("direct", [True, False])
def test_a_solve_prints_nothing(capfd, direct):
    """HiGHS's log would land in ``--json`` output: both builds solve silently."""
    lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.10, direct=direct)
    lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.10, integer=True, direct=direct)
    assert capfd.readouterr() == ("", "")


def test_a_zero_least_deal_leaves_a_continuous_lp_with_its_duals():
    # Least deals of zero are no least deal: the cvxpy build is the plain LP, duals included (row 0: the
    # forward's 7.5 per unit of cover; row 1 slack).
    sol = lp.solve(PAYOFF, BASE, COST, UPPER, cap=0.10, minimum=np.zeros(2), direct=False)
    np.testing.assert_allclose(sol.row_duals, [7.5, 0.0], atol=1e-9)

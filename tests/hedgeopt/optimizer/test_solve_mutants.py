"""The optimizer's diagnosis and bookkeeping on small hand-made accounts: what would hold a scenario no candidate
holds, which cap an infeasible problem names at the boundary, the held positions and the binding table. Written to
kill the mutants ``make mutation`` found alive in :mod:`hedgeopt.optimizer.solve`.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, Cash, MarginPosition
from hedgeopt.account.pnl import pnl_components
from hedgeopt.config.hedge_spec import CandidateSpec
from hedgeopt.config.risk_spec import CVaRCap
from hedgeopt.optimizer.candidates import Candidates
from hedgeopt.optimizer.problem import HedgeProblem
from hedgeopt.optimizer.solve import (
    TOL,
    binding_table,
    held_positions,
    most_violated,
    solve_hedge,
    what_would_hold,
)
from pricing import default_market
from scenarios import grid

MARKET = default_market()
# The seed: 7,000,000 JPY in the USD MMF, 3,000,000 JPY cash, 3,000,000 JPY of S&P 500 on a 6% margin loan.
SEED = Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
               satellite=(MarginPosition("SPX", 3_000_000, 0.06, value_currency="JPY"),))
PUTS = CandidateSpec(months=(2,), put_moneyness=(0.85, 0.9, 0.95), spread_widths=()).instruments(MARKET, 30)


def problem(scenarios, **kwargs) -> HedgeProblem:
    return HedgeProblem(SEED, MARKET, scenarios, Candidates(PUTS, MARKET), **kwargs)


def parts(p: HedgeProblem, row: int) -> tuple[float, float]:
    """The scenario's unhedged loss and its FX part's loss, JPY (the figures the currency remedy compares)."""
    c = pnl_components(p.account, p.market, p.scenarios, np.array([row]))
    return -sum(float(v[0]) for v in c.values()), -float(c["fx"][0])


@pytest.mark.parametrize(("equity", "fx", "currency"), [
    (-0.05, -0.10, True),   # the yen's rise on 7M of dollars (~700,000) is most of a ~850,000 loss
    (0.00, -0.10, True),    # the FX move is the whole loss
    (-0.30, -0.01, False),  # ~70,000 of FX in a ~970,000 loss: an index put's job
    (-0.10, 0.02, False),   # the dollar up: FX is a gain that softens a loss
    (0.10, -0.01, False),   # a gain overall: nothing to hold
])
def test_the_currency_remedy_when_the_fx_move_makes_most_of_the_loss(equity, fx, currency):
    p = problem(grid([equity], [fx], horizon_days=[30]))
    loss, fx_loss = parts(p, 0)
    assert (loss > 0 and fx_loss > 0.5 * loss) is currency  # the figures the parameters above describe
    if equity == -0.10:
        assert -fx_loss > 0.5 * loss > 0  # an FX gain larger than half the loss it softens: still no currency
    if equity == -0.30:
        assert 0 < fx_loss < 0.5 * loss
    longest = int(p.candidates.expiry_days().max())
    want = ["currency", "less_exposure"] if currency else ["less_exposure"]
    assert what_would_hold(p, 0) == {"limiting_window_days": 30, "longest_expiry_days": longest, "remedies": want}


def test_a_window_longer_than_every_candidate_asks_for_a_longer_expiry_or_a_rolled_program():
    longest = int(Candidates(PUTS, MARKET).expiry_days().max())
    p = problem(grid([-0.30], [0.0], horizon_days=[longest, longest + 1]))
    assert what_would_hold(p, 0)["remedies"] == ["less_exposure"]  # the longest put lives through the window
    assert what_would_hold(p, 1) == {"limiting_window_days": longest + 1, "longest_expiry_days": longest,
                                     "remedies": ["longer_expiry", "rolled_program", "less_exposure"]}


def test_a_worst_case_cap_met_exactly_by_the_least_worst_case_does_not_block():
    """At the boundary the CVaR cap is named: the worst-case cap equal to the least worst case is reachable."""
    scenarios = grid(np.round(np.arange(-0.40, 0.101, 0.05), 4), [-0.10, 0.0], horizon_days=[30])
    base = problem(scenarios, cap=0.001, budget=100_000)
    least = solve_hedge(base).diagnosis["min_achievable_cap"]
    at = replace(base, cap=least, cvar=CVaRCap(0.9, 0.001))
    d = solve_hedge(at).diagnosis
    assert d["min_achievable_cap"] == least and d["limit"] == "cvar"
    assert d["min_achievable_cvar"] > 0.001
    beyond = replace(at, cap=least - 2 * TOL)
    assert solve_hedge(beyond).diagnosis["limit"] == "worst case"


def test_held_positions_drop_dust_and_round_whole_contracts():
    p = problem(grid([-0.30], [0.0]), integer=True)
    q, positions = held_positions(p, np.array([1e-10, 2.0000001, 0.9999999]))
    np.testing.assert_array_equal(q, [0.0, 2.0, 1.0])
    assert [pos.quantity for pos in positions] == [2.0, 1.0]
    c = p.candidates
    assert [pos.instrument for pos in positions] == [c.instruments[1], c.instruments[2]]
    assert positions[0].cost == pytest.approx(2 * c.cost[1]) and positions[1].cost == pytest.approx(c.cost[2])
    free = replace(p, integer=False)
    q, positions = held_positions(free, np.array([2e-9, 0.5, 0.0]))
    np.testing.assert_array_equal(q, [2e-9, 0.5, 0.0])  # above 1e-9 is a holding when contracts are not whole
    assert [pos.quantity for pos in positions] == [2e-9, 0.5]


def test_the_binding_table_lists_the_scenarios_at_the_worst_case_lowest_first():
    labels = np.array(["a", "b", "c", "d", "e"])
    total = np.array([-0.20, -0.1999995, -0.15, -0.2000005, -0.20])  # within 1e-6 of 0.20: a, b, d, e
    table = binding_table(labels, total, 0.20, 10_000_000.0)
    assert table["label"].tolist() == ["d", "a", "e", "b"]  # lowest P&L first, ties in row order
    np.testing.assert_allclose(table["pnl"], [-2_000_005.0, -2_000_000.0, -2_000_000.0, -1_999_995.0])
    np.testing.assert_allclose(table["pnl_pct"], [-0.2000005, -0.20, -0.20, -0.1999995])
    many = binding_table(np.arange(30).astype(str), np.full(30, -0.2), 0.2, 1.0)
    assert many["label"].tolist() == [str(i) for i in range(20)]  # at most 20


def test_most_violated_takes_the_batch_worst_first_above_the_tolerance():
    excess = np.array([TOL, 2 * TOL, 0.5, -1.0, 0.3, 0.5])
    np.testing.assert_array_equal(most_violated(excess), [2, 5, 4, 1])  # TOL itself is within
    many = np.linspace(0.001, 0.2, 150)[::-1].copy()
    got = most_violated(many)
    np.testing.assert_array_equal(got, np.arange(100))  # the BATCH = 100 worst, worst first

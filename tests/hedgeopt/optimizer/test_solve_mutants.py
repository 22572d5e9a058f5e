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
    cvar,
    cvar_weights,
    held_positions,
    most_violated,
    solve_dense,
    solve_hedge,
    uncredited_labels,
    what_would_hold,
)
from pricing import SolverError, default_market
from pricing.fx.instruments import FxHedge
from scenarios import grid, monte_carlo

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


def test_the_binding_table_keeps_a_scenario_exactly_at_its_edge():
    edge = -(0.2 - 1e-6)  # -total == bound - 1e-6 to the last bit: within the band
    table = binding_table(np.array(["edge", "worst", "out"]), np.array([edge, -0.2, -0.19]), 0.2, 1.0)
    assert table["label"].tolist() == ["worst", "edge"]


def test_the_reported_binding_scenarios_are_those_at_the_worst_case():
    scenarios = grid(np.round(np.arange(-0.40, 0.101, 0.05), 4), [-0.10, 0.0], horizon_days=[30])
    r = solve_hedge(problem(scenarios, cap=0.15), check=False, extras=False)
    total = -np.sort(-r.binding_scenarios["pnl_pct"].to_numpy())
    assert r.optimal and len(r.binding_scenarios) >= 1
    assert r.binding_scenarios["pnl_pct"].iloc[0] == pytest.approx(-r.worst_case_after, abs=1e-15)
    assert np.all(-total >= r.worst_case_after - 1e-6) and len(r.binding_scenarios) < len(scenarios)
    labels = set(r.binding_scenarios["label"])
    assert "SPX +10% / USD +0% / vol +0 / 30d" not in labels


@pytest.mark.parametrize("level", [0.5, 0.9, 0.95, 0.975, 0.99, 0.7])
def test_cvar_equals_the_sorted_tail_average_on_random_losses(level):
    rng = np.random.default_rng(int(level * 1000))
    for _ in range(40):
        n = int(rng.integers(3, 400))
        loss = rng.normal(0.0, 1.0, n) * rng.choice([1.0, 1e-3])
        m = (1.0 - level) * n
        k = int(np.floor(m + 1e-12))
        worst = np.sort(loss)[::-1]
        want = (worst[:k].sum() + (m - k) * (worst[k] if k < n else 0.0)) / m
        assert cvar(loss, level) == pytest.approx(want, rel=1e-12, abs=1e-15)
        idx, weights = cvar_weights(loss, level)
        np.testing.assert_array_equal(np.sort(loss[idx])[::-1], worst[:idx.size])  # the worst rows, worst first
        assert weights.sum() == pytest.approx(1.0, abs=1e-12)


def test_cvar_at_level_zero_is_the_mean():
    loss = np.array([3.0, -1.0, 2.0, 0.5])
    assert cvar(loss, 0.0) == pytest.approx(loss.mean(), abs=1e-15)
    idx, weights = cvar_weights(loss, 0.0)
    np.testing.assert_allclose(weights, 0.25) and np.testing.assert_array_equal(loss[idx], [3.0, 2.0, 0.5, -1.0])


def test_a_cvar_cut_over_several_chunks_sums_them(monkeypatch):
    from hedgeopt.optimizer import solve as module

    p = problem(grid(np.round(np.arange(-0.40, 0.101, 0.01), 4), [-0.10, 0.0], horizon_days=[30]),
                cap=None, cvar=CVaRCap(0.5, 0.2))
    whole = module._cut(p, -p.base_pnl)
    monkeypatch.setattr(module, "CHUNK", 7)  # the tail (51 rows) in 8 chunks
    chunked = module._cut(p, -p.base_pnl)
    idx, weights = cvar_weights(-p.base_pnl, 0.5)
    np.testing.assert_allclose(chunked.coef, weights @ p.payoff(idx), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(chunked.coef, whole.coef, rtol=1e-12, atol=1e-15)
    assert chunked.offset == pytest.approx(-(weights @ p.base_pnl[idx]), rel=1e-12)


def test_uncredited_labels_are_the_windows_a_held_put_dies_inside():
    longest = int(Candidates(PUTS, MARKET).expiry_days().max())
    p = problem(grid([-0.30, -0.2], [0.0], horizon_days=[30, longest + 5]))
    assert uncredited_labels(p, np.array([], dtype=np.int64)) == ()
    want = tuple(label for label, d in zip(p.scenarios.labels, p.scenarios.horizon_days, strict=True) if d > longest)
    assert len(want) == 2 and uncredited_labels(p, np.array([1])) == want
    assert uncredited_labels(p, np.array([0, 2])) == want


def test_held_positions_carry_each_candidates_figures():
    p = problem(grid([-0.30], [0.0]))
    q, positions = held_positions(p, np.array([1e-9, 0.5, 2.0]))
    assert q[0] == 0.0  # 1e-9 itself is dust
    c = p.candidates
    for pos, j in zip(positions, (1, 2), strict=True):
        assert (pos.carry_per_contract, pos.cost_basis) == (float(c.carry[j]), c.cost_basis[j])
        assert pos.commission_per_contract == float(c.commission_cost[j]) and pos.quantity == q[j]


@pytest.fixture
def calls(monkeypatch) -> dict[str, int]:
    """How many times the optimizer generates and verifies, counted while the test runs."""
    from hedgeopt.optimizer import solve as module

    counts = {"generate": 0, "verify": 0}

    def counted(name):
        real = getattr(module, name)

        def wrapper(*args, **kwargs):
            counts[name] += 1
            return real(*args, **kwargs)
        return wrapper

    for name in counts:
        monkeypatch.setattr(module, name, counted(name))
    return counts


def test_the_shadow_price_solves_once_more_unchecked_and_only_for_a_cost_under_a_cap(calls):
    scenarios = grid(np.round(np.arange(-0.40, 0.101, 0.05), 4), [-0.10, 0.0], horizon_days=[30])
    r = solve_hedge(problem(scenarios, cap=0.15))
    assert r.shadow_price is not None and r.shadow_price > 0
    assert calls == {"generate": 2, "verify": 1}  # the answer, and the looser cap's solve (not re-verified)
    assert solve_hedge(problem(scenarios, cap=0.15), extras=False).shadow_price is None
    assert solve_hedge(problem(scenarios, cap=0.995), check=False).shadow_price is None  # no cap beyond 100%
    assert solve_hedge(problem(scenarios, cap=0.99), check=False).shadow_price == 0.0  # nothing to buy at 99%
    risk = problem(scenarios, cap=0.15, objective="risk", budget=100_000)
    assert solve_hedge(risk, check=False).shadow_price is None


def test_cvar_of_a_large_set_takes_the_right_row_for_the_fractional_weight():
    # 5,003 normal losses at 90%: m = 500.3, the 500 worst and 0.3 of the 501st. A partial selection around the
    # 500th alone (not the 501st) leaves another row in the 501st place on this draw.
    loss = np.random.default_rng(44).normal(size=5003)
    worst = np.sort(loss)[::-1]
    m = 0.1 * 5003
    assert cvar(loss, 0.9) == pytest.approx((worst[:500].sum() + (m - 500) * worst[500]) / m, rel=1e-13)


def test_the_dense_twin_keeps_the_forwards_least_deal():
    """A yen-only fall a few hundred dollars of forward would cover: the bank forward deals 10,000 USD or nothing."""
    cands = Candidates([PUTS[0], FxHedge("USDJPY_FWD", "2027-02-25")], MARKET)
    loose = HedgeProblem(SEED, MARKET, grid([0.0], [-0.10, 0.0]), cands, cap=1.0, integer=True)
    problem = replace(loose, cap=float(-loose.base_pnl.min()) - 0.001)  # 0.1% of NAV short: ~670 USD of forward
    assert problem.minimum[-1] == 10.0
    status, q, objective = solve_dense(problem)
    assert status == "optimal" and q[-1] == pytest.approx(10.0, abs=1e-7) and q[0] == pytest.approx(0.0, abs=1e-9)
    result = solve_hedge(problem, check=False, extras=False)
    assert result.cost / problem.nav == pytest.approx(objective, rel=1e-9)
    # a notional limit below the least deal's 10,000 USD (1,500,000 JPY): the forward cannot be dealt at all
    limited = replace(problem, fx_notional_limit=1_000_000.0)
    assert limited.limits and solve_dense(limited)[0] == "infeasible"
    assert solve_hedge(limited, check=False, extras=False).status == "infeasible"


GRID = grid(np.round(np.arange(-0.40, 0.101, 0.05), 4), [-0.10, 0.0], horizon_days=[30])


def test_every_figure_of_an_answer_is_the_problems():
    p = problem(GRID, cap=0.15, cvar=CVaRCap(0.9, 0.2))
    r = solve_hedge(p)
    assert (r.status, r.nav, r.base_currency, r.cap) == ("optimal", p.nav, "JPY", 0.15)
    assert r.worst_case_before == float(-p.base_pnl.min()) > 0.15 >= r.worst_case_after
    assert r.cvar_before == pytest.approx(cvar(-p.base_pnl, 0.9), rel=1e-15) and r.cvar_after <= r.cvar_before
    assert r.binding_scenarios["pnl_pct"].iloc[0] == pytest.approx(-r.worst_case_after, abs=1e-15)
    assert r.uncredited == () and set(r.seconds) == {"solve", "verification"}
    assert 0 < r.seconds["solve"] < 60 and 0 < r.seconds["verification"] < 60
    assert r.iterations >= 1 and r.active_rows >= 1 and r.verification.passed


def test_the_cap_dual_is_the_saving_of_a_looser_cap_per_point():
    p = problem(GRID, cap=0.15)
    r = solve_hedge(p, check=False)
    h = 1e-5
    looser = solve_hedge(replace(p, cap=0.15 + h), check=False, extras=False)
    # cap_dual: premium saved per percentage point of cap (NAV x 0.01 x the rows' duals), at the margin
    assert (r.cost - looser.cost) / (h / 0.01) == pytest.approx(r.cap_dual, rel=1e-4)
    assert r.cap_dual > 0 and solve_hedge(replace(p, objective="risk", budget=100_000), check=False).cap_dual is None


def test_generation_gives_up_after_its_rounds_and_counts_them(monkeypatch):
    from hedgeopt.optimizer import solve as module

    p = problem(GRID, cap=0.15)
    monkeypatch.setattr(module, "_initial_rows", lambda problem: np.array([len(GRID) - 1]))  # a calm row alone
    rounds = solve_hedge(p, check=False, extras=False).iterations
    assert rounds >= 2
    monkeypatch.setattr(module, "MAX_ROUNDS", rounds)
    assert solve_hedge(p, check=False, extras=False).iterations == rounds
    monkeypatch.setattr(module, "MAX_ROUNDS", rounds - 1)
    with pytest.raises(SolverError, match=rf"^solver HIGHS returned status 'no convergence': {rounds - 1} rounds of "
                       r"constraint generation$"):
        solve_hedge(p, check=False, extras=False)


def test_the_first_active_set_is_the_worst_rows_and_each_factors_extremes():
    import pandas as pd

    from hedgeopt.optimizer.solve import initial_rows

    base = np.array([0.0, -0.3, -0.1, -0.3, -0.2, 0.1, -0.05, -0.3])
    table = pd.DataFrame({"equity.SPX": [0.0, -0.3, 0.1, 0.0, 0.0, 0.2, 0.0, 0.0],
                          "fx.USD": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.1, 0.1],
                          "vol.SPX": [0.0, 0.0, 0.0, 0.0, 0.3, 0.0, 0.0, -0.05],
                          "rate.USD": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 9.0],
                          "label": list("abcdefgh")})
    # two worst: the -0.3 ties go to the first in row order (rows 1 and 3, not 7); the extremes of equity (1, 5),
    # fx (6, 7) and vol (7, 4); the rate column is not a factor the rule reads
    np.testing.assert_array_equal(initial_rows(base, table, 2), [1, 3, 4, 5, 6, 7])
    np.testing.assert_array_equal(initial_rows(base, table[["label"]], 4), [1, 3, 4, 7])  # the 4 worst
    np.testing.assert_array_equal(initial_rows(base, table[["label"]], 50), np.arange(8))  # at most all


def test_an_infeasible_answer_carries_the_problems_figures():
    p = problem(GRID, cap=0.001, budget=100_000)
    r = solve_hedge(p)
    assert (r.status, r.nav, r.base_currency, r.cap) == ("infeasible", p.nav, "JPY", 0.001)
    assert r.iterations >= 1 and r.active_rows >= 1 and r.positions == []


def test_the_continuous_cost_and_shadow_price_of_an_integer_problem_solve_twice_more_unchecked(calls):
    r = solve_hedge(problem(GRID, cap=0.15, integer=True))
    assert r.continuous_cost is not None and r.continuous_cost <= r.cost
    assert calls == {"generate": 3, "verify": 1}  # the answer, the looser cap, the continuous problem


def test_the_dense_twin_prints_nothing(capfd):
    solve_dense(problem(GRID, cap=0.15))
    assert capfd.readouterr() == ("", "")


def test_uncredited_counts_only_the_held_candidates():
    long_put = CandidateSpec(months=(6,), put_moneyness=(0.9,), spread_widths=()).instruments(MARKET, 30)[0]
    cands = Candidates([PUTS[0], long_put], MARKET)
    short = int(cands.expiry_days().min())
    p = HedgeProblem(SEED, MARKET, grid([-0.3], [0.0], horizon_days=[short + 5]), cands)
    assert uncredited_labels(p, np.array([1])) == ()  # the 6-month put lives through the window
    assert uncredited_labels(p, np.array([0])) == tuple(p.scenarios.labels)


def test_the_most_violated_are_the_batch_worst_of_many():
    excess = np.random.default_rng(3).normal(0.0, 1.0, 5000)
    got = most_violated(excess)
    np.testing.assert_array_equal(np.sort(got), np.sort(np.argsort(-excess)[:100]))
    np.testing.assert_array_equal(excess[got], np.sort(excess[got])[::-1])


def test_held_positions_of_a_forward_keep_its_cost_basis_and_model_value():
    cands = Candidates([PUTS[0], FxHedge("USDJPY_FWD", "2027-02-25")], MARKET)
    p = HedgeProblem(SEED, MARKET, grid([0.0], [-0.10, 0.0]), cands, cap=0.2)
    _, positions = held_positions(p, np.array([1.0, 12.0]))
    for pos, j in zip(positions, (0, 1), strict=True):
        assert pos.cost_basis == cands.cost_basis[j] and pos.model_per_contract == float(cands.model_value[j])
    assert cands.cost_basis[1] != cands.cost_basis[0]


def test_generation_keeps_a_small_active_set_on_a_large_set():
    """3,000 Monte Carlo scenarios: the cap binds on a few; the LP never needs more than a small share of them."""
    loose = problem(monte_carlo(3000, 30, seed=1), cap=1.0)
    least = solve_hedge(replace(loose, cap=0.001, budget=loose.nav), check=False).diagnosis["min_achievable_cap"]
    p = replace(loose, cap=0.5 * (least + float(-loose.base_pnl.min())))
    r = solve_hedge(p, check=False, extras=False)
    assert r.optimal and r.active_rows < 300 and r.worst_case_after <= p.cap + 1e-9

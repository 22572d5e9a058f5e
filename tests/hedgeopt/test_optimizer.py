"""The optimizer against its slow, obviously-right twins: the dense LP and brute-force enumeration."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from hedgeopt.account import Account
from hedgeopt.candidates import Candidates, CandidateSpec
from hedgeopt.holdings import MMF, Cash, EtfPosition, FuturesPosition, MarginPosition
from hedgeopt.lp import Objective
from hedgeopt.optimizer import cvar, cvar_weights, solve_dense, solve_hedge
from hedgeopt.problem import CVaRCap, HedgeProblem
from pricing import InputError, Option, Quote, default_market, put_spread
from scenarios import grid, monte_carlo

MARKET = default_market()
ALL = CandidateSpec(months=(2, 3, 6), put_moneyness=tuple(np.round(np.arange(0.75, 1.0001, 0.025), 4)),
                    spread_widths=(0.05, 0.10, 0.15)).instruments(MARKET, 30)


def account(exposure: float, route: str) -> Account:
    sat = {"margin": MarginPosition("SPX", exposure, 0.06, value_currency="JPY"),
           "cash": EtfPosition("SPX", exposure, value_currency="JPY"),
           "futures": FuturesPosition("MES", max(1, round(exposure / 4_500_000)), 2_000.0)}[route]
    cash = 3_000_000 - (exposure if route == "cash" else 0)
    return Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(cash),), satellite=(sat,))


def random_problem(seed: int, **kwargs) -> HedgeProblem:
    rng = np.random.default_rng(seed)
    route = rng.choice(["margin", "cash", "futures"])
    exposure = float(rng.uniform(2e6, 3e6 if route == "cash" else 8e6))
    if rng.random() < 0.5:
        scen = grid(np.round(np.arange(-0.45, 0.21, 0.05), 4), [-0.1, 0.0, 0.1], [0.0, -0.05], [0.0], [30])
    else:
        scen = monte_carlo(int(rng.integers(200, 1500)), 30, seed=int(seed), dist="gbm", vols={"USD": 0.05})
    picks = rng.choice(len(ALL), size=int(rng.integers(10, 60)), replace=False)
    cands = Candidates([ALL[i] for i in sorted(picks)], MARKET)
    return HedgeProblem(account(exposure, route), MARKET, scen, cands, **kwargs)


def same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b)) or abs(a - b) <= 1e-9


def binding_cap(problem: HedgeProblem, fraction: float) -> HedgeProblem:
    """The same problem with a cap at ``fraction`` of its own unhedged worst case (so the cap binds)."""
    cap = fraction * float(-problem.base_pnl.min())
    return HedgeProblem(problem.account, MARKET, problem.scenarios, problem.candidates, cap=cap)


@pytest.mark.parametrize("seed", range(8))
def test_generation_equals_dense_worst_case(seed):
    rng = np.random.default_rng(100 + seed)
    problem = binding_cap(random_problem(seed, cap=0.5), float(rng.uniform(0.6, 0.95)))
    result = solve_hedge(problem, check=False, extras=False)
    status, q, objective = solve_dense(problem)
    assert (result.status == "optimal") == (status == "optimal"), (result.status, status)
    if status == "optimal":
        assert result.cost > 0  # the cap binds: the comparison is not vacuous
        assert same(result.cost / problem.nav, objective), (result.cost / problem.nav, objective)


@pytest.mark.parametrize("seed", range(4))
def test_generation_equals_dense_cvar(seed):
    problem = random_problem(20 + seed, cap=None, cvar=CVaRCap(0.9, 0.08))
    result = solve_hedge(problem, check=False, extras=False)
    status, _, objective = solve_dense(problem)
    assert (result.status == "optimal") == (status == "optimal")
    if status == "optimal":
        assert same(result.cost / problem.nav, objective)
        assert result.cvar_after <= 0.08 + 1e-7


@pytest.mark.parametrize("seed", range(4))
def test_generation_equals_dense_least_risk(seed):
    worst = random_problem(40 + seed, cap=None, budget=50_000, objective=Objective.RISK)
    r = solve_hedge(worst, check=False, extras=False)
    assert same(r.worst_case_after, solve_dense(worst)[2])
    tail = random_problem(40 + seed, cap=None, budget=50_000, cvar=CVaRCap(0.9, 0.5), objective=Objective.RISK)
    r = solve_hedge(tail, check=False, extras=False)
    assert same(r.cvar_after, solve_dense(tail)[2])


def brute_force(problem: HedgeProblem, most: int) -> float:
    """Cheapest whole-contract vector meeting the cap on every scenario (inf when none does)."""
    payoff, base, cost = problem.payoff(), problem.base_pnl, problem.candidates.cost
    best = np.inf
    for q in itertools.product(range(most + 1), repeat=len(cost)):
        q = np.array(q, dtype=float)
        if (base + payoff @ q).min() >= -problem.cap - 1e-12:
            best = min(best, float(cost @ q))
    return best


@pytest.mark.parametrize(("seed", "cap"), [(1, 0.12), (2, 0.15), (3, 0.10), (4, 0.20)])
def test_integer_lots_equal_brute_force(seed, cap):
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(ALL), size=3, replace=False)
    cands = Candidates([ALL[i] for i in picks], MARKET)
    scen = grid(np.round(np.arange(-0.4, 0.21, 0.1), 4), [-0.1, 0.0], [0.0], [0.0], [30])
    problem = HedgeProblem(account(6e6, "margin"), MARKET, scen, cands, cap=cap, integer=True, max_contracts=4)
    expected = brute_force(problem, 4)
    result = solve_hedge(problem)
    if np.isinf(expected):
        assert result.status == "infeasible"
        return
    assert result.cost == pytest.approx(expected, rel=1e-9, abs=1e-9)
    assert result.continuous_cost <= result.cost + 1e-9
    assert result.rounding_cost == pytest.approx(result.cost - result.continuous_cost)


def test_tighter_cap_never_costs_less_and_the_worst_case_holds():
    base = random_problem(3, cap=0.2)
    costs = []
    unhedged = float(-base.base_pnl.min())
    for cap in unhedged * np.array([1.05, 0.95, 0.85, 0.75, 0.65]):
        for integer in (False, True):
            problem = HedgeProblem(base.account, MARKET, base.scenarios, base.candidates, cap=cap, integer=integer)
            r = solve_hedge(problem, extras=False)
            if not r.optimal:
                continue
            q = np.zeros(len(base.candidates))
            for p in r.positions:
                q[base.candidates.instruments.index(p.instrument)] = p.quantity
            hedged = problem.base_pnl + problem.payoff() @ q  # recomputed independently of the optimizer
            assert r.worst_case_after == pytest.approx(-hedged.min(), abs=1e-12)
            assert r.worst_case_after <= cap + 1e-7
            assert r.binding_scenarios["pnl_pct"].iloc[0] == pytest.approx(-r.worst_case_after, abs=1e-9)
            assert r.verification.passed and r.verification.n_quantlib == len(base.scenarios)
            assert r.verification.max_abs_diff < 1e-4  # yen; European legs agree with QuantLib to ~1e-13
            costs.append((cap, integer, r.cost))
    for integer in (False, True):
        series = [c for cap, i, c in costs if i is integer]
        assert len(series) >= 3 and series[0] == 0 and series[-1] > 0, series
        assert all(b >= a - 1e-6 for a, b in zip(series, series[1:], strict=False)), series


def test_looser_budget_never_gives_a_worse_least_worst_case():
    base = random_problem(5, cap=0.2)
    worst = []
    for budget in (0.0, 10_000, 50_000, 200_000):
        p = HedgeProblem(base.account, MARKET, base.scenarios, base.candidates, cap=None, budget=budget,
                         objective=Objective.RISK)
        r = solve_hedge(p, extras=False)
        assert r.cost <= budget + 1e-6
        worst.append(r.worst_case_after)
    assert all(b <= a + 1e-9 for a, b in zip(worst, worst[1:], strict=False)), worst


def test_infeasible_diagnosis_matches_the_dense_least_worst_case():
    base = random_problem(6, cap=0.2)
    p = HedgeProblem(base.account, MARKET, base.scenarios, base.candidates, cap=0.001, budget=100_000)
    r = solve_hedge(p)
    assert r.status == "infeasible" and r.positions == []
    least = HedgeProblem(base.account, MARKET, base.scenarios, base.candidates, cap=None, budget=100_000,
                         objective=Objective.RISK)
    assert r.diagnosis["min_achievable_cap"] == pytest.approx(solve_dense(least)[2], rel=1e-6)
    assert r.diagnosis["limiting_scenario"] in base.scenarios.labels


def test_shadow_price_is_the_saving_of_one_more_point():
    base = random_problem(7, cap=0.2)
    unhedged = float(-base.base_pnl.min())
    for cap in (0.7 * unhedged, 0.85 * unhedged):
        p = HedgeProblem(base.account, MARKET, base.scenarios, base.candidates, cap=cap)
        looser = HedgeProblem(base.account, MARKET, base.scenarios, base.candidates, cap=cap + 0.01)
        r = solve_hedge(p)
        assert r.optimal and r.cost > 0
        assert r.shadow_price == pytest.approx(r.cost - solve_hedge(looser, check=False).cost, abs=1e-6)
        assert r.shadow_price > 0
    unhedged = HedgeProblem(base.account, MARKET, base.scenarios, base.candidates, cap=0.99)
    r = solve_hedge(unhedged)
    assert r.positions == [] and r.cost == 0 and r.shadow_price == 0


def test_cvar_by_hand_and_against_rockafellar_uryasev():
    # Ten losses, level 0.75: m = 0.25 * 10 = 2.5 -> the worst two in full and half of the third:
    # (10 + 9 + 0.5 * 8) / 2.5 = 9.2.
    losses = np.arange(1.0, 11.0)
    idx, w = cvar_weights(losses, 0.75)
    assert list(losses[idx]) == [10.0, 9.0, 8.0] and w.tolist() == [0.4, 0.4, 0.2]
    assert cvar(losses, 0.75) == pytest.approx(9.2, abs=1e-12)
    rng = np.random.default_rng(0)
    for level in (0.9, 0.95, 0.99):
        x = rng.standard_t(4, 3_001)
        ts = np.sort(x)
        ru = min(t + np.maximum(x - t, 0).mean() / (1 - level) for t in ts)  # RU minimised over the sample points
        assert cvar(x, level) == pytest.approx(ru, rel=1e-12)


def test_quoted_candidates_cost_the_ask():
    # 2 XSP puts: ask 5.10 points x 100 x 150 = 76,500 JPY plus 50 JPY commission. A spread pays the long
    # ask 5.10 less the short bid 2.00: 3.10 x 15,000 = 46,500 plus 2 legs x 50.
    q_long, q_short = Quote(4.90, 5.10), Quote(2.00, 2.20)
    put = Option("XSP", "put", 560, "2027-02-19", q_long)
    spread = put_spread("XSP", 560, 520, "2027-02-19")
    spread = type(spread)(spread.name, tuple(type(leg)(type(leg.option)(leg.option.symbol, leg.option.kind,
                                                                         leg.option.strike, leg.option.expiry,
                                                                         q_long if leg.quantity > 0 else q_short),
                                                       leg.quantity) for leg in spread.legs))
    cands = Candidates([put, spread], MARKET, commission=50.0)
    assert cands.cost.tolist() == pytest.approx([76_500 + 50, 46_500 + 100])


def test_problem_validation():
    base = random_problem(0, cap=0.2)
    args = (base.account, MARKET, base.scenarios, base.candidates)
    with pytest.raises(InputError, match=r"cap=20\.0: expected a decimal fraction in \(0, 1\]"):
        HedgeProblem(*args, cap=20)
    with pytest.raises(InputError, match=r"cap=None: expected a worst-case cap or a CVaR cap"):
        HedgeProblem(*args, cap=None)
    with pytest.raises(InputError, match=r"budget=None: expected a premium budget"):
        HedgeProblem(*args, cap=None, objective=Objective.RISK)
    with pytest.raises(InputError, match=r"budget=-1\.0: expected a number >= 0"):
        HedgeProblem(*args, budget=-1)
    with pytest.raises(InputError, match=r"max_contracts=0"):
        HedgeProblem(*args, max_contracts=0)
    with pytest.raises(InputError, match=r"cvar\.level=95: expected a confidence level"):
        CVaRCap(95, 0.1)
    with pytest.raises(InputError, match=r"cvar='0\.95': expected LEVEL:CAP"):
        CVaRCap.parse("0.95")
    with pytest.raises(InputError, match=r"hedge\.months=\(1,\): expected at least one expiry 60 days"):
        CandidateSpec(months=(1,)).instruments(MARKET, 60)
    with pytest.raises(InputError, match=r"hedge\.puts=False: expected at least one of puts or spreads"):
        CandidateSpec(puts=False, spreads=False)
    assert all((i.expiry - MARKET.valuation_date).days >= 60 for i in CandidateSpec(months=(1, 3)).instruments(
        MARKET, 60))


@pytest.mark.parametrize("seed", range(3))
def test_generation_from_a_single_row_still_reaches_the_dense_optimum(seed, monkeypatch):
    # Start the active set from the single best scenario, so the loop must add violated rows round after round.
    import hedgeopt.optimizer as optimizer

    monkeypatch.setattr(optimizer, "_initial_rows", lambda problem, size=50: np.array([problem.base_pnl.argmax()]))
    monkeypatch.setattr(optimizer, "BATCH", 1)
    problem = binding_cap(random_problem(60 + seed, cap=0.5), 0.8)
    result = solve_hedge(problem, check=False, extras=False)
    status, _, objective = solve_dense(problem)
    assert status == "optimal" and result.iterations >= 2 and result.active_rows < len(problem.scenarios)
    assert same(result.cost / problem.nav, objective)

"""Route C sized by the optimizer, against its twins: the dense LP, brute-force enumeration, QuantLib by hand.

The account is the seed's core (7,000,000 JPY of USD Treasury MMF + 3,000,000 JPY cash: route C replaces the
3,000,000 JPY margin ETF). Random problems are seeded: 4–14 calls and call spreads of ``CALLS``, a grid or Monte
Carlo set, a target exposure, moves and a cap drawn per seed.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import replace
from functools import cache

import numpy as np
import pytest

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, Cash
from hedgeopt.account.routes import with_exposure
from hedgeopt.config.call_spec import CallCandidateSpec
from hedgeopt.config.config import load_config
from hedgeopt.optimizer.candidates import Candidates
from hedgeopt.optimizer.participation import (
    CallProblem,
    Participation,
    delta_exposure,
    largest_call_exposure,
    participation_target,
    size_calls,
)
from hedgeopt.optimizer.solve import solve_dense, solve_hedge
from pricing import InputError, Option, OptionKind, default_market
from pricing.quantlib_engine import price
from scenarios import VolResponse, grid, monte_carlo

MARKET = default_market()  # SPX 6,000 (XSP 600), USDJPY 150, USD 4%
NAV = 10_000_000.0
CORE = Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),))
CALLS = CallCandidateSpec(months=(3, 6), call_moneyness=(0.95, 1.0, 1.05, 1.1),
                          spread_widths=(0.05, 0.10)).instruments(MARKET, 30)
GRID = grid(np.round(np.arange(-0.4, 0.2001, 0.05), 4), [-0.1, 0.0, 0.1], [0.0], [0.0], [30])
XSP_UNIT = 100 * 150.0  # JPY per XSP point: multiplier 100 USD, USDJPY 150
IBKR_ONE_CONTRACT = 1.04685 * 150.0  # JPY: IBKR's 1.00 USD order minimum + 0.04685 USD regulatory and clearing
# fees; Cboe charges no XSP fee below 10 contracts (pricing.trading_costs.commissions)


@cache
def seed() -> tuple:
    """The seed config's core, market, scenario set, route C candidates (defaults) and vol responses."""
    config = load_config("examples/seed_10m.toml")
    core = with_exposure(config.account, config.market, "margin", "SPX", 0.0)
    spec = CallCandidateSpec()
    days = config.scenarios.horizon_days
    candidates = Candidates(spec.instruments(config.market, days), config.market, spec.commission)
    responses = (config.scenarios.model.vol_response, *config.scenarios.extra_responses)
    return core, config.market, config.scenario_set(), candidates, responses, days


def seed_target(exposure: float = 3_000_000.0, moves: tuple[float, ...] = (0.10, 0.20)) -> Participation:
    _, market, _, _, responses, days = seed()
    return participation_target(market, "SPX", exposure, moves, horizon_days=days, vol_response=responses)


@cache
def seed_route(exposure: float = 3_000_000.0, budget: float | None = None, cap: float = 0.20):
    core, market, scenarios, candidates, _, _ = seed()
    return size_calls(core, market, scenarios, candidates, seed_target(exposure), cap=cap, budget=budget)


# -- the target ---------------------------------------------------------------------------------------------------

def test_target_is_one_row_per_move_and_response():
    t = participation_target(MARKET, "SPX", 3_000_000, (0.10, 0.20), horizon_days=45,
                             vol_response=[VolResponse(0.8, 0.2), VolResponse(0.2, 0.0)])
    assert t.required.tolist() == [300_000.0, 300_000.0, 600_000.0, 600_000.0]  # 3,000,000 x move
    assert t.scenarios.equity("SPX").tolist() == [0.10, 0.10, 0.20, 0.20]
    assert t.scenarios.vol("SPX").round(12).tolist() == [-0.02, 0.0, -0.04, 0.0]  # -up_beta x move
    assert t.scenarios.fx("USD").tolist() == [0.0] * 4 and t.scenarios.horizon_days.tolist() == [45] * 4
    assert t.distinct_moves == (0.10, 0.20)
    assert t.by_move(np.array([5.0, 3.0, 1.0, 2.0])) == (3.0, 1.0)  # the weaker response of each move


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"index": "DAX"}, r"index='DAX': expected an index of the market"),
    ({"exposure": 0.0}, r"exposure"),
    ({"moves": (0.10, -0.05)}, r"moves"),
    ({"moves": (10, 20)}, r"moves=20\.0: expected rises as decimals in \(0, 1\], such as 0\.10 \(0\.10 is a 10%"),
])
def test_target_refuses_bad_input(kwargs, match):
    args = {"index": "SPX", "exposure": 3_000_000.0, "moves": (0.10, 0.20)} | kwargs
    with pytest.raises(InputError, match=match):
        participation_target(MARKET, **args)


# -- the seed account -----------------------------------------------------------------------------------------

def test_seed_route_c_holds_the_participation_in_whole_contracts():
    core, market, scenarios, candidates, _, _ = seed()
    assert core.satellite == () and core.nav(market) == pytest.approx(NAV, rel=1e-12)  # the margin ETF sold back
    route = seed_route()
    assert route.optimal and route.moves == (0.10, 0.20) and route.required == (300_000.0, 600_000.0)
    positions = route.result.positions
    assert positions and all(p.quantity == round(p.quantity) >= 1 for p in positions)
    # worth at least what 3,000,000 JPY of index gains, re-priced here independently with QuantLib
    held = Candidates([p.instrument for p in positions], market, None)
    value = held.value(seed_target().scenarios, quantlib=True) @ np.array([p.quantity for p in positions])
    assert value.min() >= 300_000 and value[2:].min() >= 600_000, value
    assert route.achieved_quantlib == pytest.approx(route.achieved, rel=1e-9)
    assert route.achieved == pytest.approx((value[:2].min(), value[2:].min()), rel=1e-9)
    # the loss fixed in advance: the cost is the positions' contracts x cost per contract, premium + commission
    assert route.cost == pytest.approx(sum(p.quantity * p.cost_per_contract for p in positions), rel=1e-12)
    assert all(p.cost_per_contract == pytest.approx(p.quoted_per_contract + p.commission_per_contract, rel=1e-12)
               for p in positions)
    assert route.net == pytest.approx(tuple(a - route.cost for a in route.achieved))
    # within the 20% cap on all 88 scenarios, checked with QuantLib; the core alone loses 9.25% (the yen +11%)
    assert route.result.worst_case_after <= 0.20 and route.result.verification.passed
    assert route.result.verification.n_reference == len(scenarios) == 88
    assert route.result.worst_case_before == pytest.approx(0.0925, abs=5e-4)
    # the premium lost on top of the core's worst case (the calls are worth nothing there)
    assert route.result.worst_case_after == pytest.approx(route.result.worst_case_before + route.cost / NAV, abs=1e-6)


def test_seed_figures_for_the_report():
    # Measured on the seed (default market, 88 scenarios): 2 x XSP 2027-02-19 660/690 call spreads, 48,329 JPY,
    # worth 396,120 and 766,758 JPY at +10% and +20% in 30 days. A pinned figure that fails says what changed.
    route = seed_route()
    assert [(p.quantity, p.instrument.label) for p in route.result.positions] == [
        (2.0, "XSP 2027-02-19 660/690 call spread")]
    assert route.cost == pytest.approx(48_329, abs=1)
    assert route.achieved == pytest.approx((396_120, 766_758), abs=1)
    assert route.as_dict()["participation"][0] == pytest.approx(
        {"move": 0.10, "required": 300_000.0, "achieved": route.achieved[0],
         "achieved_quantlib": route.achieved_quantlib[0], "net_of_cost": route.achieved[0] - route.cost})


def test_one_atm_call_by_hand_against_quantlib():
    # One 3-month ATM call: XSP 600, 2027-02-19. Its premium, value and delta by hand from QuantLib's unit figures.
    call = Option("XSP", OptionKind.CALL, 600.0, "2027-02-19")
    candidates = Candidates([call], MARKET)
    target = participation_target(MARKET, "SPX", 3_000_000, horizon_days=30)
    route = size_calls(CORE, MARKET, GRID, candidates, target, cap=0.20)
    v = price(call, MARKET)
    assert [(p.quantity, p.instrument.label) for p in route.result.positions] == [(1.0, call.label)]
    # Black-Scholes-Merton by hand at QuantLib's vol, zero rate and the SPX dividend yield (tol 1e-10 relative)
    r, q, s, t, k = float(MARKET.curve("USD").zero_rate(v.t)), MARKET.dividend_yield("SPX"), 600.0, v.t, 600.0
    d1 = (math.log(s / k) + (r - q + v.vols[0] ** 2 / 2) * t) / (v.vols[0] * math.sqrt(t))
    d2 = d1 - v.vols[0] * math.sqrt(t)
    n = lambda x: 0.5 * (1 + math.erf(x / math.sqrt(2)))  # noqa: E731
    bsm = s * math.exp(-q * t) * n(d1) - k * math.exp(-r * t) * n(d2)
    assert v.price == pytest.approx(bsm, rel=1e-10)
    assert v.delta == pytest.approx(math.exp(-q * t) * n(d1), rel=1e-10)
    position = route.result.positions[0]
    assert position.model_per_contract == pytest.approx(v.price * XSP_UNIT, rel=1e-10)
    assert position.quoted_per_contract > position.model_per_contract  # bought at the ask, above the mid
    assert position.commission_per_contract == pytest.approx(IBKR_ONE_CONTRACT, rel=1e-12)
    assert route.cost == pytest.approx(position.quoted_per_contract + IBKR_ONE_CONTRACT, rel=1e-12)
    # delta exposure today: delta x 600 x 100 USD x 150 JPY, about half the 9,000,000 JPY notional
    assert route.delta_exposure == pytest.approx(v.delta * 600.0 * XSP_UNIT, rel=1e-10)
    assert 0.4 * 9_000_000 < route.delta_exposure < 0.7 * 9_000_000
    assert delta_exposure(MARKET, [call], np.array([3.0])) == pytest.approx(3 * route.delta_exposure, rel=1e-12)


# -- constraint generation == the dense LP --------------------------------------------------------------------------

def random_problem(seed_: int, integer: bool) -> CallProblem:
    rng = np.random.default_rng(seed_)
    picks = np.sort(rng.choice(len(CALLS), size=int(rng.integers(4, 15)), replace=False))
    if rng.random() < 0.5:
        scenarios = grid(np.round(np.arange(-0.5, 0.2001, float(rng.choice([0.025, 0.05]))), 4),
                         [-0.15, -0.1, 0.0, 0.1], [0.0, 0.05], [0.0], [30])
    else:
        scenarios = monte_carlo(int(rng.integers(200, 1001)), 30, seed=int(rng.integers(1_000_000)))
    moves = tuple(np.round(np.sort(rng.choice([0.03, 0.05, 0.10, 0.15, 0.20, 0.30], size=int(rng.integers(1, 4)),
                                              replace=False)), 4))
    target = participation_target(MARKET, "SPX", float(rng.uniform(0.5e6, 8e6)), moves,
                                  horizon_days=int(rng.choice([20, 30])),
                                  vol_response=[VolResponse(0.8, 0.2), VolResponse(0.2, 0.0)][:int(rng.integers(1, 3))])
    budget = float(rng.uniform(2e4, 3e5)) if rng.random() < 0.3 else None
    return CallProblem(CORE, MARKET, scenarios, Candidates([CALLS[i] for i in picks], MARKET),
                       cap=float(rng.uniform(0.08, 0.25)), budget=budget, integer=integer, max_contracts=40,
                       target=target)


SEEDS = range(10)


@pytest.mark.parametrize("seed_", SEEDS)
def test_generation_equals_dense_continuous(seed_):
    problem = random_problem(seed_, integer=False)
    result = solve_hedge(problem, check=False, extras=False)
    status, q, objective = solve_dense(problem)
    assert result.status == status, (seed_, result.status, status)
    if status == "optimal":
        assert result.cost / NAV == pytest.approx(objective, rel=1e-7, abs=1e-12), seed_
        floors = problem.floor_values @ q
        assert np.all(floors >= problem.target.required * (1 - 1e-7)), (floors, problem.target.required)


@pytest.mark.parametrize("seed_", SEEDS)
def test_generation_equals_dense_integer(seed_):
    problem = random_problem(seed_, integer=True)
    result = solve_hedge(problem, check=False, extras=False)
    status, q, objective = solve_dense(problem)
    assert result.status == status, (seed_, result.status, status)
    if status == "optimal":
        assert result.cost == pytest.approx(objective * NAV, rel=1e-9), seed_
        assert np.allclose(q, np.round(q), atol=1e-6)


def test_random_problems_cover_paid_and_infeasible_answers():
    # Not vacuous: among the cases above some buy options and some cannot meet their floors under cap or budget.
    kinds = {solve_hedge(random_problem(s, integer=True), check=False, extras=False).status for s in SEEDS}
    assert kinds == {"optimal", "infeasible"}


def test_floors_are_kept_beside_the_problems_own_limits():
    problem = replace(random_problem(0, integer=False), fx_notional_limit=0.0)
    assert len(problem.limits) == len(problem.target.scenarios)  # index calls cover no dollars: no fx limit
    a, b = problem.limits[0]
    assert np.allclose(a, -problem.floor_values[0] / NAV) and b == pytest.approx(-problem.target.required[0] / NAV)


# -- integer lots == brute force ------------------------------------------------------------------------------------

def brute_force(problem: CallProblem, most: int) -> tuple[float, np.ndarray | None]:
    """Cheapest whole-contract vector meeting every floor, the budget and the cap on all scenarios."""
    payoff, base, cost = problem.payoff(), problem.base_pnl, problem.candidates.cost
    values, required = problem.floor_values, problem.target.required
    grid_q = np.array(list(itertools.product(range(most + 1), repeat=len(cost))), dtype=float)
    ok = (base[None, :] + grid_q @ payoff.T).min(axis=1) >= -problem.cap - 1e-12
    ok &= np.all(grid_q @ values.T >= required[None, :] * (1 - 1e-12), axis=1)
    if problem.budget is not None:
        ok &= grid_q @ cost <= problem.budget
    if not ok.any():
        return np.inf, None
    best = np.flatnonzero(ok)[np.argmin(grid_q[ok] @ cost)]
    return float(grid_q[best] @ cost), grid_q[best]


BRUTE = [(s, n, most) for s in range(6) for n, most in ((2, 8), (3, 6), (4, 4))]


def brute_problem(seed_: int, n: int, most: int) -> CallProblem:
    rng = np.random.default_rng(seed_)
    picks = np.sort(rng.choice(len(CALLS), size=n, replace=False))
    target = participation_target(MARKET, "SPX", float(rng.uniform(0.5e6, 6e6)), (0.05, 0.10, 0.20))
    return CallProblem(CORE, MARKET, GRID, Candidates([CALLS[i] for i in picks], MARKET),
                       cap=float(rng.uniform(0.085, 0.12)), integer=True, max_contracts=most, target=target)


@pytest.mark.parametrize(("seed_", "n", "most"), BRUTE)
def test_integer_lots_equal_brute_force(seed_, n, most):
    problem = brute_problem(seed_, n, most)
    expected, q = brute_force(problem, most)
    result = solve_hedge(problem, extras=False)
    if np.isinf(expected):
        assert result.status == "infeasible"
        return
    assert result.optimal and result.cost == pytest.approx(expected, rel=1e-9)
    # the enumerated best holds every floor and the cap on all scenarios, computed here from its contracts
    assert np.all(problem.floor_values @ q >= problem.target.required)
    assert (problem.base_pnl + problem.payoff() @ q).min() >= -problem.cap


def test_brute_force_cases_are_not_vacuous():
    # Among the cases: options bought, floors no whole-contract mix meets under the cap, and rounding that costs
    # something (the continuous optimum cheaper, or feasible where whole contracts are not).
    found, relaxed = [], []
    for case in BRUTE:
        problem = brute_problem(*case)
        found.append(brute_force(problem, case[2])[0])
        relaxed.append(solve_hedge(replace(problem, integer=False), check=False, extras=False).cost)
    assert sum(np.isfinite(found)) >= 12 and sum(np.isinf(found)) >= 3, found
    assert all(c < f for c, f in zip(relaxed, found, strict=True)), (relaxed, found)


# -- monotonicity, budget, cap, diagnosis ---------------------------------------------------------------------------

def test_more_participation_never_costs_less():
    core, market, scenarios, candidates, _, _ = seed()
    costs = [size_calls(core, market, scenarios, candidates, seed_target(e), cap=0.20, check=False,
                        extras=False).cost for e in (1e6, 2e6, 3e6, 4e6, 6e6)]
    assert all(b >= a for a, b in itertools.pairwise(costs)) and costs[-1] > costs[0], costs
    more_moves = size_calls(core, market, scenarios, candidates, seed_target(moves=(0.05, 0.10, 0.20)), cap=0.20,
                            check=False, extras=False)
    assert more_moves.cost >= seed_route().cost and more_moves.achieved[0] >= 150_000


def test_a_binding_budget_is_infeasible_with_the_least_premium():
    cheapest = seed_route().cost
    route = seed_route(budget=cheapest - 100.0)  # beyond the solvers' 1e-7 of NAV (1 JPY)
    assert route.status == "infeasible" and route.result.status == "infeasible"
    assert route.diagnosis["limit"] == "budget" and route.result.diagnosis == route.diagnosis
    assert route.diagnosis["least_premium"] == pytest.approx(cheapest, rel=1e-9)
    assert route.achieved == () and route.cost == 0.0
    assert seed_route(budget=cheapest + 100.0).optimal


def test_a_cap_below_the_core_and_premium_is_infeasible():
    # The core alone loses 9.25%; the cheapest participation adds its premium (0.48%) in a fall: 9.73% at best.
    route = seed_route(cap=0.095)
    d = route.diagnosis
    assert route.status == "infeasible" and d["limit"] == "worst case"
    assert d["core_worst_case"] == pytest.approx(0.0925, abs=5e-4)
    assert d["min_achievable_cap"] > 0.095
    assert d["min_achievable_cap"] == pytest.approx(d["core_worst_case"] + d["least_premium"] / NAV, abs=1e-6)
    assert isinstance(d["limiting_scenario"], str) and d["limiting_scenario"]


def test_participation_beyond_the_candidates_says_so():
    # One 600/630 call spread is worth at most 30 x 100 x 150 = 450,000 JPY: two cannot give 2,000,000 at +20%.
    spread = [i for i in CALLS if i.label == "XSP 2027-02-19 600/630 call spread"]
    target = participation_target(MARKET, "SPX", 10_000_000, horizon_days=30)
    route = size_calls(CORE, MARKET, GRID, Candidates(spread, MARKET), target, cap=0.20, max_contracts=2)
    d = route.diagnosis
    assert route.status == "infeasible" and d["limit"] == "participation"
    assert d["required"] == [1_000_000.0, 2_000_000.0] and d["most_value"][1] < 2 * 450_000


def test_largest_exposure_steps_until_the_first_failure():
    # Under a 10% cap the core's 9.25% leaves 0.75% of NAV for premium: 5,000,000 JPY of participation fits,
    # 6,000,000 does not (measured); every step below fits, since feasibility only falls as the exposure grows.
    core, market, scenarios, candidates, responses, days = seed()
    best, route = largest_call_exposure(core, market, scenarios, candidates, index="SPX", horizon_days=days,
                                        vol_response=responses, cap=0.10)
    assert best == pytest.approx(5_000_000) and route.optimal and route.exposure == best
    assert route.result.verification.passed and min(route.achieved) >= 500_000
    nxt = size_calls(core, market, scenarios, candidates, seed_target(6_000_000), cap=0.10, check=False,
                     extras=False)
    assert nxt.status == "infeasible" and nxt.diagnosis["limit"] == "worst case"
    none, nothing = largest_call_exposure(core, market, scenarios, candidates, index="SPX", horizon_days=days,
                                          vol_response=responses, cap=0.093)
    assert none is None and nothing is None
    whole, _ = largest_call_exposure(core, market, scenarios, candidates, index="SPX", horizon_days=days,
                                     vol_response=responses, cap=0.20, step_fraction=0.25, most=1.0)
    assert whole == pytest.approx(NAV)  # the 20% cap allows every step up to 1x NAV

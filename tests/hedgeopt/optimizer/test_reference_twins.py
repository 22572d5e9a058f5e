"""Constraint generation against a dense LP and a brute force whose matrices come from the reference evaluator.

The dense twins elsewhere in the tests read the optimizer's own ``base_pnl`` and ``payoff``: they check constraint
generation, not the numbers it optimizes. Here every matrix is built by the reference evaluator
(hedgeopt.reference) — the account re-valued holding by holding, each candidate leg by leg with QuantLib — so a
fault in the account P&L, the repricing or the scenario mapping makes the twins disagree. The scenarios are
shuffled and the binding one placed last in every case, so that a generation that never looks at the end of the
set is caught too.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import numpy as np
import pytest
from scipy.optimize import linprog

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, Cash, EtfPosition, FuturesPosition, MarginPosition
from hedgeopt.config.hedge_spec import CandidateSpec
from hedgeopt.optimizer.candidates import Candidates
from hedgeopt.optimizer.problem import HedgeProblem
from hedgeopt.optimizer.solve import solve_hedge
from hedgeopt.reference import ReferenceEvaluator
from pricing import default_market
from scenarios import ScenarioSet, grid, monte_carlo

MARKET = default_market()
ALL = CandidateSpec(months=(2, 3, 6), put_moneyness=(0.8, 0.85, 0.9, 0.95), spread_widths=(0.05, 0.1)).instruments(
    MARKET, 30)


def account(rng: np.random.Generator) -> Account:
    exposure = float(rng.uniform(2e6, 6e6))
    route = str(rng.choice(["margin", "cash", "futures"]))
    sat = {"margin": MarginPosition("SPX", exposure, 0.06, value_currency="JPY"),
           "cash": EtfPosition("SPX", min(exposure, 3e6), value_currency="JPY"),
           "futures": FuturesPosition("MES", max(1, round(exposure / 4_500_000)), 2_000.0)}[route]
    cash = 3_000_000 - (min(exposure, 3e6) if route == "cash" else 0)
    return Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(cash),), satellite=(sat,))


def scenarios(rng: np.random.Generator) -> ScenarioSet:
    if rng.random() < 0.5:
        return grid(np.round(np.arange(-0.4, 0.101, 0.02), 4), [-0.1, 0.0, 0.1], [-0.05, 0.0, 0.1], [0.0], [30])
    return monte_carlo(int(rng.integers(150, 400)), 30, seed=int(rng.integers(1_000_000)), dist="student_t")


@dataclass
class Matrices:
    """The problem as the reference sees it: fractions of the reference NAV."""

    base: np.ndarray
    payoff: np.ndarray
    cost: np.ndarray


def reference_matrices(problem: HedgeProblem) -> Matrices:
    ref = ReferenceEvaluator(problem.account, problem.market)
    nav = ref.nav()
    c = problem.candidates
    values = ref.unit_values(problem.scenarios, c.instruments)
    return Matrices(ref.pnl(problem.scenarios) / nav, (values - c.outlay[None, :]) / nav, c.cost / nav)


def dense_cost(m: Matrices, cap: float, upper: float) -> float | None:
    """min cost @ q subject to base + payoff @ q >= -cap on every row, 0 <= q <= upper: HiGHS through scipy."""
    out = linprog(m.cost, A_ub=-m.payoff, b_ub=m.base + cap, bounds=[(0.0, upper)] * m.cost.size, method="highs")
    return float(out.fun) if out.status == 0 else None


def brute_cost(m: Matrices, cap: float, most: int) -> float | None:
    """Every whole-contract vector up to ``most`` of each candidate: the cheapest that holds the cap."""
    best = None
    for q in itertools.product(range(most + 1), repeat=m.cost.size):
        q = np.asarray(q, dtype=float)
        if np.all(m.base + m.payoff @ q >= -cap - 1e-12):
            value = float(m.cost @ q)
            best = value if best is None or value < best else best
    return best


def binding_last(problem: HedgeProblem, rng: np.random.Generator, m: Matrices, cap: float) -> HedgeProblem:
    """The scenarios shuffled, with the binding one (under the dense optimum) moved to the end."""
    out = linprog(m.cost, A_ub=-m.payoff, b_ub=m.base + cap, bounds=[(0.0, problem.max_contracts)] * m.cost.size,
                  method="highs")
    binding = int(np.argmin(m.base + m.payoff @ out.x))
    order = rng.permutation(np.delete(np.arange(len(problem.scenarios)), binding))
    return replace(problem, scenarios=problem.scenarios.subset(np.append(order, binding)))


@pytest.mark.parametrize("seed", range(6))
def test_generation_equals_the_dense_lp_built_by_the_reference(seed):
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(ALL), size=int(rng.integers(6, 15)), replace=False)
    loose = HedgeProblem(account(rng), MARKET, scenarios(rng), Candidates([ALL[i] for i in sorted(picks)], MARKET),
                         cap=1.0, max_contracts=200)
    m = reference_matrices(loose)
    cap = round(float(-m.base.min()) * float(rng.uniform(0.55, 0.9)), 6)
    expected = dense_cost(m, cap, 200.0)
    problem = binding_last(replace(loose, cap=cap), rng, m, cap) if expected is not None else replace(loose, cap=cap)
    got = solve_hedge(problem, extras=False)
    if expected is None:
        assert not got.optimal
        return
    assert got.optimal and got.cost / problem.nav == pytest.approx(expected, rel=1e-6, abs=1e-9)
    moved = reference_matrices(problem)
    q = np.array([sum(p.quantity for p in got.positions if p.instrument == x) for x in problem.candidates.instruments])
    assert float(-(moved.base + moved.payoff @ q).min()) <= cap + 1e-7  # holds on the reference's numbers


@pytest.mark.parametrize("seed", range(4))
def test_whole_contracts_equal_the_brute_force_built_by_the_reference(seed):
    rng = np.random.default_rng(100 + seed)
    picks = rng.choice(len(ALL), size=3, replace=False)
    loose = HedgeProblem(account(rng), MARKET, scenarios(rng), Candidates([ALL[i] for i in sorted(picks)], MARKET),
                         cap=1.0, integer=True, max_contracts=5)
    m = reference_matrices(loose)
    cap = round(float(-m.base.min()) * float(rng.uniform(0.8, 0.97)), 6)
    expected = brute_cost(m, cap, 5)
    got = solve_hedge(replace(loose, cap=cap), extras=False)
    if expected is None:
        assert not got.optimal
    else:
        assert got.optimal and got.cost / loose.nav == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_the_brute_force_cases_are_not_vacuous():
    """Some of the brute-force cases above buy a hedge, at a cost above nothing."""
    bought = 0
    for seed in range(4):
        rng = np.random.default_rng(100 + seed)
        picks = rng.choice(len(ALL), size=3, replace=False)
        loose = HedgeProblem(account(rng), MARKET, scenarios(rng),
                             Candidates([ALL[i] for i in sorted(picks)], MARKET), cap=1.0, integer=True,
                             max_contracts=5)
        m = reference_matrices(loose)
        cost = brute_cost(m, round(float(-m.base.min()) * float(rng.uniform(0.8, 0.97)), 6), 5)
        bought += cost is not None and cost > 0
    assert bought >= 2

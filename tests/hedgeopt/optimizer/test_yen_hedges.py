"""Yen hedges in the optimizer: the seed's yen-only loss held, joint never dearer, twins for the mixed problem.

The mixed problem (index options and USD/JPY options in whole contracts, 店頭FX / くりっく365 / CME lots in whole
lots, a bank forward in any amount) is held to the same twins as the index problem: the dense formulation (every
scenario at once) and, on small cases, brute force over the whole lots with the forward's least amount solved
exactly by hand for each of them.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest

from hedgeopt.config.config import load_config
from hedgeopt.config.fx_hedge_spec import FxCandidateSpec
from hedgeopt.optimizer import hedging
from hedgeopt.optimizer.candidates import Candidates
from hedgeopt.optimizer.comparison import compare
from hedgeopt.optimizer.problem import HedgeProblem
from hedgeopt.optimizer.solve import solve_dense, solve_hedge
from hedgeopt.optimizer.yen_leg import yen_leg
from pricing.fx.instruments import FxHedge
from scenarios import grid

SEED = load_config("examples/seed_10m.toml")
YEN_ALONE = "SPX +0% / USD -10% / vol +0 / 30d"


def test_the_seeds_yen_only_loss_is_held_by_a_yen_hedge_and_by_no_index_put() -> None:
    scenarios = SEED.scenario_set()
    rows = [i for i, label in enumerate(scenarios.labels) if label.startswith(YEN_ALONE)]
    alone = scenarios.subset(rows)  # the yen up 11.1% (USDJPY 150 -> 135) and nothing else
    index = hedging.candidates(replace(SEED, hedge=replace(SEED.hedge, fx=FxCandidateSpec(enabled=False))))
    fx = Candidates(SEED.hedge.fx.candidates(SEED.market, 30), SEED.market)
    unhedged = HedgeProblem(SEED.account, SEED.market, alone, index, cap=0.05, integer=True)
    loss = float(-unhedged.base_pnl.min())
    # by hand, 30 days: the MMF earns 7M x 4% x 30/365 and loses 10% of itself with that carry; the margin ETF earns
    # its 1.3% dividends and pays 6% on the 3M loan, and its net dollar carry moves 10% too
    mmf, dividends, loan = 7e6 * 0.04 * 30 / 365, 3e6 * 0.013 * 30 / 365, -3e6 * 0.06 * 30 / 365
    by_hand = mmf - 0.10 * (7e6 + mmf) + dividends + loan - 0.10 * (dividends + loan)
    assert loss == pytest.approx(-by_hand / 10e6, rel=1e-12)
    assert round(-by_hand) == 689_718
    # no index option pays when only the yen moves: the index family cannot go below the unhedged loss there
    by_index = solve_hedge(unhedged)
    assert by_index.status == "infeasible"
    assert by_index.diagnosis["min_achievable_cap"] >= loss - 1e-4
    assert "currency" in by_index.diagnosis["remedies"]
    # a yen hedge holds it, and the hedged account loses under 2% there
    by_fx = solve_hedge(replace(unhedged, candidates=fx, cap=0.02))
    assert by_fx.optimal and by_fx.worst_case_after <= 0.02 + 1e-9
    assert all(fx.is_fx)


def test_the_seed_reaches_a_cap_below_the_yen_floor_with_yen_hedges() -> None:
    before = hedging.hedge(replace(SEED, hedge=replace(SEED.hedge, fx=FxCandidateSpec(enabled=False))), cap=0.05)
    assert before.status == "infeasible" and before.diagnosis["min_achievable_cap"] > 0.07
    after = hedging.hedge(SEED, cap=0.05)
    assert after.optimal and after.worst_case_after <= 0.05 + 1e-9 and after.verification.passed
    leg = yen_leg(SEED.account, SEED.market, after)
    assert leg.hedged and leg.exposure == pytest.approx(7_000_000.0)
    assert leg.sold + leg.insured > 0


@pytest.mark.parametrize("cap", [0.08, 0.12, 0.20])
def test_joint_is_never_dearer_than_either_family_alone(cap: float) -> None:
    result = compare(SEED.account, SEED.market, SEED.scenario_set(), SEED.hedge.candidates, cap=cap, integer=True,
                     fx=SEED.hedge.fx)
    joint = result.results["joint"]
    assert joint.optimal
    for family in ("mix", "fx"):
        alone = result.results[family]
        if alone.optimal:
            assert joint.cost <= alone.cost + 1e-6


# -- twins for the mixed problem ----------------------------------------------------------------------------------

def _mixed(seed: int, n_index: int, n_yen: int, scenarios=None, **kwargs) -> HedgeProblem:
    rng = np.random.default_rng(seed)
    index = SEED.hedge.candidates.instruments(SEED.market, 30)
    yen = SEED.hedge.fx.candidates(SEED.market, 30)
    options = [index[i] for i in sorted(rng.choice(len(index), n_index, replace=False))]
    yen_options = [c for c in yen if not isinstance(c, FxHedge)]
    linear = [c for c in yen if isinstance(c, FxHedge)]
    picked = [yen_options[i] for i in sorted(rng.choice(len(yen_options), n_yen, replace=False))]
    cands = Candidates([*options, *picked, *linear], SEED.market, horizon_days=365)
    scen = scenarios if scenarios is not None else grid(np.round(np.arange(-0.4, 0.21, 0.05), 4),
                                                        [-0.15, -0.1, 0.0, 0.1], [0.0], [0.0], [30])
    return HedgeProblem(SEED.account, SEED.market, scen, cands, **kwargs)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("integer", [False, True])
def test_constraint_generation_equals_the_dense_mixed_problem(seed: int, integer: bool) -> None:
    loose = _mixed(seed, 12, 4, cap=1.0, integer=integer)
    problem = replace(loose, cap=float(np.random.default_rng(seed).uniform(0.3, 0.8)) * float(-loose.base_pnl.min()))
    result = solve_hedge(problem, extras=False)
    status, q, objective = solve_dense(problem)
    assert result.optimal == (status == "optimal")
    if result.optimal:
        assert result.cost / problem.nav == pytest.approx(objective, rel=1e-6, abs=1e-9)
        if integer:  # whole lots where the contract has them; the forward any amount
            for p in result.positions:
                whole = not (isinstance(p.instrument, FxHedge) and not p.instrument.spec.whole)
                assert (p.quantity == round(p.quantity)) or not whole


def brute_force(problem: HedgeProblem, most: int) -> float:
    """Cheapest hedge meeting the cap: every whole-lot vector up to ``most``, the forward's least amount by hand.

    The forward (any amount from its minimum deal) is 0, or the least amount that closes every row's gap, raised to
    the minimum deal when below it; the rows it hurts (a yen fall) bound it from above.
    """
    payoff, base, cost = problem.payoff(), problem.base_pnl, problem.cost
    whole = problem.whole
    free = np.flatnonzero(~whole)
    assert free.size == 1
    f = free[0]
    p, least, upper = payoff[:, f], problem.minimum[f], problem.upper[f]
    best = np.inf
    for lots in itertools.product(range(most + 1), repeat=int(whole.sum())):
        q = np.zeros(cost.size)
        q[whole] = lots
        slack = base + payoff @ q + problem.cap  # must be >= 0 on every row
        need = float(np.max(np.where(p > 0, -slack / np.where(p > 0, p, 1.0), -np.inf)))
        x = 0.0 if slack.min() >= -1e-12 else max(need, least)
        if x > upper or (slack + p * x).min() < -1e-12:
            continue
        q[f] = x
        best = min(best, float(cost @ q))
    return best * problem.nav


@pytest.mark.parametrize("seed", range(6))
def test_whole_lots_and_a_free_forward_equal_brute_force(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    index = SEED.hedge.candidates.instruments(SEED.market, 30)
    yen = [c for c in SEED.hedge.fx.candidates(SEED.market, 30) if not isinstance(c, FxHedge)]
    picks = [index[int(rng.integers(len(index)))], yen[int(rng.integers(len(yen)))]]
    lots = [FxHedge("CLICK365")] if seed % 2 else []  # without くりっく365 the forward is the dollars' only seller
    cands = Candidates([*picks, *lots, FxHedge("USDJPY_FWD", "2027-02-25")], SEED.market)
    scen = grid(np.round(np.arange(-0.4, 0.21, 0.1), 4), [-0.12, 0.0, 0.1], [0.0], [0.0], [30])
    loose = HedgeProblem(SEED.account, SEED.market, scen, cands, cap=1.0, integer=True, max_contracts=40)
    problem = replace(loose, cap=float(rng.uniform(0.4, 0.9)) * float(-loose.base_pnl.min()))
    assert problem.minimum[-1] == 10.0  # a bank forward: 0, or 10,000 USD and more
    expected = brute_force(problem, 40)
    result = solve_hedge(problem, extras=False)
    if np.isinf(expected):
        assert result.status == "infeasible"
        return
    assert result.optimal
    assert result.cost == pytest.approx(expected, rel=1e-6, abs=1e-6)
    forward = [p.quantity for p in result.positions
               if isinstance(p.instrument, FxHedge) and not p.instrument.spec.whole]
    assert not forward or forward[0] >= 10.0 - 1e-9


def test_yen_hedges_never_cover_more_dollars_than_held() -> None:
    # max_hedge_ratio 1.0: sold + insured <= the 7,000,000 JPY of dollars the seed holds, at every cap
    for cap in (0.05, 0.08):
        result = hedging.hedge(SEED, cap=cap)
        leg = yen_leg(SEED.account, SEED.market, result)
        assert leg.sold + leg.insured <= 7_000_000 * (1 + 1e-9)
    loose = replace(SEED, hedge=replace(SEED.hedge, fx=replace(SEED.hedge.fx, max_hedge_ratio=3.0)))
    wide = yen_leg(SEED.account, SEED.market, hedging.hedge(loose, cap=0.05))
    assert wide.sold + wide.insured > 7_000_000  # without the limit, cheap dollar puts cover more than is held
    assert hedging.hedge(loose, cap=0.05).cost <= hedging.hedge(SEED, cap=0.05).cost + 1e-6

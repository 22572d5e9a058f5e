"""`advise`: the verdict and the ways to the cap, held to the seed's arithmetic and to the library's own answers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from hedgeopt.account.listing import HoldingKind, holdings
from hedgeopt.advice import Verdict, advise
from hedgeopt.config.config import load_config
from hedgeopt.optimizer import hedging
from hedgeopt.optimizer.candidates import Candidates
from hedgeopt.optimizer.yen_leg import yen_leg
from hedgeopt.risk.stress import stress
from scenarios import grid

SEED = "examples/seed_10m.toml"


@pytest.fixture(scope="module")
def seed():
    return load_config(SEED)


@pytest.fixture(scope="module")
def seed_advice(seed):
    return advise(seed)


def test_holdings_list_the_account_and_add_up_to_nav(seed):
    lines = holdings(seed.account, seed.market)
    assert [h.kind for h in lines] == [HoldingKind.MMF, HoldingKind.CASH, HoldingKind.MARGIN_POSITION,
                                       HoldingKind.MARGIN_LOAN]
    assert [round(h.value) for h in lines] == [7_000_000, 3_000_000, 3_000_000, -3_000_000]
    assert lines[0].amount == pytest.approx(7_000_000 / 150) and lines[0].currency == "USD"
    assert lines[3].rate == 0.06 and lines[2].exposure == pytest.approx(3_000_000)
    assert sum(h.value for h in lines) == pytest.approx(seed.account.nav(seed.market), rel=1e-12)


def test_the_seed_breaks_its_cap_and_the_hedge_is_the_optimizers(seed, seed_advice):
    a = seed_advice
    assert a.verdict is Verdict.HEDGE and a.cap == 0.20
    assert a.worst_scenario == "2007-10 GFC bear" and a.worst_days == 517
    assert a.worst_case == pytest.approx(-stress(seed).table["pnl_pct"].min(), rel=1e-12)
    assert a.worst_case > 0.20
    hedge = a.recommended
    assert hedge.kind == "hedge" and hedge.worst_case <= 0.20 + 1e-9
    assert hedge.cost == pytest.approx(hedging.hedge(seed, cap=0.20, integer=True).cost, rel=1e-12)
    assert all(float(p.quantity).is_integer() for p in hedge.hedge.positions)
    # a year of rolling the same hedge: the premium over each option's life, by hand
    (p,) = hedge.hedge.positions
    days = (p.instrument.expiry - seed.market.valuation_date).days
    assert hedge.cost_per_year == pytest.approx(p.cost * 365 / days, rel=1e-12)


def test_named_stresses_by_hand(seed_advice):
    """Index -30% with USDJPY 150 -> 135, now: -900,000 on the index, -700,000 on the MMF's dollars, and the
    dollar loan shrinks in yen as the position does: 14,000 USD x 135 - 3,000,000 + 20,000 x 15 = -1,510,000."""
    minus20, minus30 = seed_advice.named
    assert (minus30.equity, minus30.fx, minus30.fx_before, minus30.fx_after) == (-0.30, -0.10, 150.0, 135.0)
    assert minus30.pnl == pytest.approx(-1_510_000 / 10_000_000, abs=1e-12)
    assert minus20.pnl == pytest.approx((16_000 * 135 - 3_000_000 - 700_000 + 300_000) / 10_000_000, abs=1e-12)
    assert minus30.pnl_hedged > minus30.pnl  # the spread pays in the fall


def test_less_exposure_is_the_largest_0_1x_step_and_its_carry_by_hand(seed, seed_advice):
    cut = seed_advice.alternative("reduce")
    assert cut.exposure == pytest.approx(2_000_000) and cut.leverage == pytest.approx(1.2)
    assert cut.worst_case <= 0.20 and cut.cost == 0.0
    # 1,000,000 JPY less on a 6% loan, 1.3% less dividend: +47,000 JPY a year
    assert cut.carry_change == pytest.approx(1_000_000 * (0.06 - 0.013), rel=1e-9)


def test_put_vs_spread_trade_off_beyond_the_grid(seed_advice):
    put, spread = seed_advice.alternative("puts"), seed_advice.alternative("spreads")
    assert put.cost > spread.cost
    # the spread stops paying at its short strike; the put keeps paying in a 50% fall
    assert put.deep_pnl > spread.deep_pnl + 0.10


def test_within_the_cap_there_is_nothing_to_buy(seed):
    a = advise(seed, cap=0.30)
    assert a.verdict is Verdict.WITHIN_CAP and a.alternatives == () and a.recommended is None


def index_only(config):
    """``config`` with the yen hedges switched off ([hedge.fx] enabled = false): index options only."""
    return replace(config, hedge=replace(config.hedge, fx=replace(config.hedge.fx, enabled=False)))


def test_a_cap_the_currency_alone_breaks_is_unreachable(seed):
    a = advise(index_only(seed), cap=0.05)
    assert a.verdict is Verdict.UNREACHABLE and a.leverage is None
    assert a.unreachable["min_achievable_cap"] > 0.05  # with no index exposure: the 2007-09 yen on the MMF
    assert not a.hedge.optimal
    # the smallest worst case within reach is the hedge's (7.58%: USDJPY -10% alone), below no exposure's
    smallest, scenario = a.smallest_reachable
    assert smallest == a.hedge.diagnosis["min_achievable_cap"] < a.unreachable["min_achievable_cap"]
    assert scenario.startswith("SPX +0% / USD -10%")


def test_a_budget_no_hedge_fits_leaves_cutting_exposure(seed):
    poor = replace(seed, hedge=replace(seed.hedge, budget=1_000.0))
    a = advise(poor)
    assert a.verdict is Verdict.REDUCE and a.recommended.kind == "reduce"
    assert a.recommended.exposure == pytest.approx(2_000_000)


def test_advice_as_json_has_every_section(seed_advice):
    d = seed_advice.as_dict()
    assert d["verdict"] == "hedge" and len(d["holdings"]) == 4 and len(d["named_stresses"]) == 2
    assert [x["kind"] for x in d["alternatives"]] == ["hedge", "puts", "spreads", "fx", "reduce"]
    assert d["yen_leg"] is None  # the 20% hedge is index options only
    assert d["alternatives"][0]["positions"][0]["contracts"] == 2


def test_with_yen_hedges_the_5_percent_cap_is_a_hedge_and_its_yen_leg_is_the_librarys(seed):
    """The seed's 5% cap, out of reach of index options, is met with yen hedges; the named stresses hold them."""
    a = advise(seed, cap=0.05)
    assert a.verdict is Verdict.HEDGE and a.hedge.optimal and a.hedge.worst_case_after <= 0.05 + 1e-9
    leg = yen_leg(seed.account, seed.market, a.hedge)
    assert a.yen == leg and a.as_dict()["yen_leg"] == leg.as_dict()
    # per year: options over their life to expiry, a linear hedge's cost (a year of carry) once a year
    expected = sum(p.cost * 365 / (seed.hedge.fx.carry_days if p.cost_basis == "carry"
                                   else (p.instrument.expiry - seed.market.valuation_date).days)
                   for p in a.hedge.positions)
    assert a.recommended.kind == "hedge" and a.recommended.cost_per_year == pytest.approx(expected, rel=1e-12)
    # the named stress held by hand: each position's value in the instant scenario less its model value today
    held = Candidates([p.instrument for p in a.hedge.positions], seed.market, horizon_days=365)
    nav = seed.account.nav(seed.market)
    options_value = sum(p.quantity * p.model_per_contract for p in a.hedge.positions)
    for n in a.named:
        scenario = grid([n.equity], [n.fx], [0.0], [0.0], [0], currency="USD", model=seed.scenarios.model)
        gain = float((held.value(scenario)[0] - held.model_value) @ [p.quantity for p in a.hedge.positions])
        assert n.pnl_hedged * (nav + options_value) == pytest.approx(n.pnl * nav + gain, rel=1e-9, abs=1.0)

"""The account side of the yen: a yen-hedged MMF share class, and linear yen hedges held (FxHedgePosition).

Hand figures on the embedded default market (USDJPY 150, USD 4% and JPY 0.5% flat, continuous): the 3-month
forward points annualised are (1 - e^(-0.035 × 91/365)) × 365/91 = 0.0348477; a hedged class at the default
hedge fee 0.25% pays 0.0373477 a year. The seed: 7,000,000 JPY of MMF (46,666.67 USD), 3,000,000 JPY cash,
3,000,000 JPY of SPX on a 6% USD margin loan.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from hedgeopt.account.account import Account, yearly_forward_points
from hedgeopt.account.carry import yearly_carry
from hedgeopt.account.holdings import DEFAULT_HEDGE_FEE, MMF, Cash, EtfPosition, FxHedgePosition, MarginPosition
from hedgeopt.account.listing import HoldingKind, holdings
from hedgeopt.account.pnl import COMPONENTS, account_pnl, margin_calls
from hedgeopt.config.config import load_config
from pricing import InputError, default_market
from pricing.fx.instruments import FxHedge
from scenarios import ScenarioSet

SEED = Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml"
X = 150.0  # USDJPY of the default market
POINTS = (1.0 - math.exp(-0.035 * 91 / 365)) * 365 / 91  # 3-month forward points a year, 4.0% vs 0.5%: 0.0348477
HEDGE_COST = POINTS + 0.0025  # with the default hedge fee
MMF_USD = 7_000_000 / X  # 46,666.67 USD


@pytest.fixture
def market():
    return default_market()


def seed(*, hedged: bool = False, fx_hedges: tuple = (), cash_route: bool = False) -> Account:
    satellite = (EtfPosition("SPX", 3_000_000, "JPY") if cash_route
                 else MarginPosition("SPX", 3_000_000, 0.06, value_currency="JPY"))
    return Account(mmf=(MMF(7_000_000, amount_currency="JPY", hedged=hedged),), cash=(Cash(3_000_000),),
                   satellite=(satellite,), fx_hedges=fx_hedges)


def shocks(*records: dict) -> ScenarioSet:
    return ScenarioSet.from_records([{"label": str(i), **r} for i, r in enumerate(records)])


YEN_UP = {"horizon_days": 0, "fx.USD": -0.10}  # USDJPY 150 -> 135: the yen up 11.1%
CRASH = {"horizon_days": 0, "fx.USD": -0.10, "equity.SPX": -0.30}


# -- the hedged share class -----------------------------------------------------------------------------------
def test_hedge_cost_is_the_annualised_3_month_points_plus_the_fee(market):
    assert yearly_forward_points(market, "USDJPY") == pytest.approx(POINTS, rel=1e-12)
    acct = seed(hedged=True)
    fund = acct.mmf[0]
    assert fund.hedge_fee == DEFAULT_HEDGE_FEE == 0.0025
    assert acct.mmf_hedge_cost(market, fund) == pytest.approx(0.0373477, abs=1e-7)
    assert acct.mmf_net_yield(market, fund) == pytest.approx(0.04 - HEDGE_COST, rel=1e-12)  # 0.27%
    assert seed().mmf_hedge_cost(market, seed().mmf[0]) == 0.0  # an unhedged fund pays none


def test_hedged_mmf_loses_nothing_to_the_yen_while_the_etf_still_moves(market):
    plain, hedged = (account_pnl(seed(hedged=h), market, shocks(YEN_UP, CRASH)) for h in (False, True))
    # Unhedged: the MMF loses 10% of 7,000,000; the margin ETF's FX move is offset by its USD loan.
    assert plain["pnl"].tolist() == pytest.approx([-700_000.0, -700_000.0 - 900_000.0 + 90_000.0])
    # Hedged: nothing on the yen alone; in the crash the index -900,000 and the ETF's loan-netted value
    # (2,100,000 - 3,000,000 JPY) × -10% = +90,000 still move.
    assert hedged["pnl"].tolist() == pytest.approx([0.0, -810_000.0], abs=1e-6)
    assert hedged["fx"].tolist() == pytest.approx([0.0, 90_000.0], abs=1e-6)
    # On the cash route the ETF carries the whole FX move: 3,000,000 × -10%.
    etf = account_pnl(seed(hedged=True, cash_route=True), market, shocks(YEN_UP))
    assert float(etf["pnl"].iloc[0]) == pytest.approx(-300_000.0)


def test_hedged_yearly_carry_falls_by_the_hedge_cost(market):
    plain, hedged = yearly_carry(seed(), market), yearly_carry(seed(hedged=True), market)
    assert hedged.hedging == pytest.approx(-7_000_000 * HEDGE_COST, rel=1e-12)  # -261,434 JPY
    assert plain.net - hedged.net == pytest.approx(7_000_000 * HEDGE_COST, rel=1e-12)
    assert hedged.mmf_yield == plain.mmf_yield == pytest.approx(280_000.0)
    assert hedged.borrowed_spreads["SPX"] == pytest.approx(0.04 - HEDGE_COST - 0.06, rel=1e-12)  # -5.73%
    assert hedged.as_dict()["hedging"] == hedged.hedging


def test_hedged_carry_floats_with_the_yen_rate_not_the_dollar_rate(market):
    acct = Account(mmf=(MMF(7_000_000, amount_currency="JPY", hedged=True),))
    s = shocks({"horizon_days": 365, "rate.JPY": 0.01, "rate.USD": -0.02},
               {"horizon_days": 365, "rate.JPY": 0.0, "rate.USD": -0.02})
    carry = account_pnl(acct, market, s)["carry"].to_numpy()
    # A straight line to the end rate: the yen rate averages +0.5% over the year; the dollar's fall is ignored.
    assert carry == pytest.approx([7_000_000 * (0.04 - HEDGE_COST + 0.005), 7_000_000 * (0.04 - HEDGE_COST)])
    unhedged = Account(mmf=(MMF(7_000_000, amount_currency="JPY"),))
    assert float(account_pnl(unhedged, market, s)["carry"].iloc[1]) == pytest.approx(7_000_000 * (0.04 - 0.01))


def test_hedged_class_leaves_the_fx_share_and_still_counts_as_collateral(market):
    assert seed().fx_shares(market) == pytest.approx({"USD": 0.70})
    assert seed(hedged=True).fx_shares(market) == pytest.approx({"USD": 0.0})  # ETF less its USD loan: 0
    assert seed(hedged=True).nav(market) == pytest.approx(10_000_000.0)
    # Collateral 1,000,000 JPY of MMF, ETF 3,000,000 on a full loan, maintenance 7%. Index -30% with the yen
    # up 11.1%: ETF 1,890,000, loan 2,700,000 JPY. Unhedged MMF 900,000: equity 90,000 < 7% × 1,890,000 =
    # 132,300, called; hedged 1,000,000: 190,000, not called.
    def thin(hedged: bool) -> Account:
        return Account(mmf=(MMF(1_000_000, amount_currency="JPY", hedged=hedged),),
                       satellite=(MarginPosition("SPX", 3_000_000, 0.06, value_currency="JPY",
                                                 maintenance_ratio=0.07),))
    rows = np.arange(1)
    assert margin_calls(thin(False), market, shocks(CRASH), rows).tolist() == [True]
    assert margin_calls(thin(True), market, shocks(CRASH), rows).tolist() == [False]


def test_hedged_class_is_its_own_line_with_its_net_rate(market):
    line = holdings(seed(hedged=True), market)[0]
    assert line.kind is HoldingKind.MMF_HEDGED and line.value == pytest.approx(7_000_000.0)
    assert line.rate == pytest.approx(0.04 - HEDGE_COST, rel=1e-12)
    assert holdings(seed(), market)[0].kind is HoldingKind.MMF


def test_hedged_class_validates():
    with pytest.raises(InputError, match=r"mmf\.hedged='yes'"):
        MMF(1.0, hedged="yes")
    with pytest.raises(InputError, match=r"mmf\.hedge_fee=3\.0"):
        MMF(1.0, hedged=True, hedge_fee=3.0)
    with pytest.raises(InputError, match=r"mmf\[0\]\.hedged=True: expected false: the fund is in the base"):
        Account(mmf=(MMF(1.0, currency="JPY", hedged=True),))


# -- yen hedges held ------------------------------------------------------------------------------------------
OTC46 = FxHedgePosition(FxHedge("OTC_FX"), 46)  # 46 × 1,000 USD sold


def test_46_otc_lots_hold_the_mmf_against_the_yen(market):
    table = account_pnl(seed(fx_hedges=(OTC46,)), market, shocks(YEN_UP, CRASH))
    # Only the lot rounding is left: (46,666.67 - 46,000) USD × -15 yen = -10,000 JPY.
    assert table["pnl"].tolist() == pytest.approx([-10_000.0, -10_000.0 - 900_000.0 + 90_000.0])
    assert table["fx"].tolist() == pytest.approx([-10_000.0, 80_000.0])  # the hedge reported in the fx column


def test_46_otc_lots_over_30_days_leave_the_carry_the_swap_and_the_rounding(market):
    acct = Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), fx_hedges=(OTC46,))
    s = shocks({"horizon_days": 30, "fx.USD": -0.10})
    tau = 30 / 365
    mmf_carry = MMF_USD * 0.04 * tau  # USD
    mmf = MMF_USD * X * -0.10 + mmf_carry * 135.0  # units move with the yen; the carry is earned in dollars
    gap = 0.04 - 0.005
    swap = 46_000 * X * gap * 1.15 * tau  # 店頭FX: the seller pays the gap plus the broker's 15% markup
    hedge = 46_000 * (X - 135.0) - swap
    row = account_pnl(acct, market, s).iloc[0]
    assert float(row["pnl"]) == pytest.approx(mmf + hedge, rel=1e-9)
    assert sum(float(row[c]) for c in COMPONENTS) == pytest.approx(float(row["pnl"]), rel=1e-12)


def test_parts_sum_to_the_total_on_the_config_scenarios(tmp_path):
    text = SEED.read_text().replace("redemption_days = 1\n", "redemption_days = 1\nhedged = true\n", 1)
    text = text.replace("[scenarios]\n", '[[account.fx_hedge]]\nsymbol = "6J"\nmaturity = "2027-03-15"\nlots = 1\n\n'
                        '[[account.fx_hedge]]\nsymbol = "USDJPY_FWD"\nmaturity = "2027-01-04"\nlots = 7.5\n\n'
                        "[scenarios]\n", 1)
    path = tmp_path / "hedged.toml"
    path.write_text(text)
    config = load_config(path)
    table = account_pnl(config.account, config.market, config.scenario_set())
    parts = table[list(COMPONENTS)].sum(axis=1).to_numpy()
    assert len(table) > 40
    np.testing.assert_allclose(parts, table["pnl"].to_numpy(), rtol=1e-12, atol=1e-6)


def test_fx_share_margin_and_carry_of_held_hedges(market):
    acct = seed(fx_hedges=(OTC46, FxHedgePosition(FxHedge("CLICK365"), 3)))
    # USD held: 46,666.67 MMF - 46,000 - 30,000 sold = -29,333.33 USD, × 150 / 10,000,000.
    assert acct.fx_shares(market)["USD"] == pytest.approx((MMF_USD - 76_000) * X / 10_000_000)
    # 4% of each lot's yen notional: 46 × 0.04 × 150,000 + 3 × 0.04 × 1,500,000 = 276,000 + 180,000.
    assert acct.fx_hedge_margin(market) == pytest.approx(456_000.0)
    # A year of points, 1 - e^(-0.035): 店頭FX pays 15% over the gap, くりっく365 the exchange's single value.
    carry = yearly_carry(acct, market)
    assert carry.hedging == pytest.approx(-(46_000 * 1.15 + 30_000) * X * (1 - math.exp(-0.035)), rel=1e-12)
    assert acct.nav(market) == pytest.approx(10_000_000.0)  # held at mid: worth nothing today
    assert acct.leverage(market) == pytest.approx(1.3)  # no index exposure


def test_held_hedges_are_listed_with_their_lots(market):
    forward = FxHedgePosition(FxHedge("USDJPY_FWD", "2027-01-04"), 7.5)
    lines = holdings(seed(fx_hedges=(OTC46, forward)), market)
    kinds = [(h.kind, h.name, h.currency, h.amount, h.value) for h in lines if h.kind is HoldingKind.FX_HEDGE]
    assert kinds == [(HoldingKind.FX_HEDGE, "OTC_FX USDJPY (sell USD)", "USD", 46.0, 0.0),
                     (HoldingKind.FX_HEDGE, "USDJPY_FWD 2027-01-04 forward (sell USD)", "USD", 7.5, 0.0)]


@pytest.mark.parametrize(("symbol", "lots", "match"), [
    ("OTC_FX", -1, r"fx_hedge\.lots=-1(\.0)?: expected a number > 0"),
    ("OTC_FX", 2.5, r"fx_hedge\.lots=2\.5: expected a whole number of lots: OTC_FX"),
    ("CLICK365", 0, r"fx_hedge\.lots=0"),
])
def test_held_hedge_lots_validate(symbol, lots, match):
    with pytest.raises(InputError, match=match):
        FxHedgePosition(FxHedge(symbol), lots)

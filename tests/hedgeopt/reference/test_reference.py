"""The reference evaluator: the strategy's arithmetic by hand, and the fast path agreeing with it on any account.

The reference (hedgeopt.reference) values every holding and leg from its contract terms, with QuantLib for the
options, and shares none of the fast path's helpers. These tests pin it to hand arithmetic on the embedded
default market (SPX 6,000, USDJPY 150, USD 4.0% and JPY 0.5% flat, SPX dividend 1.3%), then check that the fast
account P&L (hedgeopt.account.pnl) and the fast repricers (scenarios.repricing, scenarios.fx_repricing) agree
with it on random scenarios, every kind of holding, options expiring inside windows with and without a path,
and a curve that is not flat.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import (
    MMF,
    Cash,
    EtfPosition,
    FuturesPosition,
    FxHedgePosition,
    LinearAsset,
    MarginPosition,
    OptionPosition,
)
from hedgeopt.account.pnl import account_pnl
from hedgeopt.optimizer.candidates import Candidates
from hedgeopt.reference import Held, ReferenceEvaluator
from pricing import Option, default_market, put_spread
from pricing.american import MAX_ERROR_PER_STRIKE
from pricing.fx.instruments import FxHedge
from pricing.market import RateCurve
from scenarios import ScenarioSet

MARKET = default_market()  # valued 2026-11-25
X = 150.0
TAU30 = 30 / 365


def seed(exposure: float = 3_000_000.0) -> Account:
    return Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
                   satellite=(MarginPosition("SPX", exposure, 0.06, value_currency="JPY"),))


def one(horizon: int = 0, **factors: float) -> ScenarioSet:
    return ScenarioSet.from_records([{"label": "s", "horizon_days": horizon,
                                      **{k.replace("_", "."): v for k, v in factors.items()}}])


# -- the strategy's arithmetic --------------------------------------------------------------------------------

def test_the_seed_loses_900000_yen_when_the_index_falls_30_percent():
    ref = ReferenceEvaluator(seed(), MARKET)
    assert ref.nav() == pytest.approx(10_000_000, abs=1e-6)
    assert ref.pnl(one(equity_SPX=-0.30))[0] == pytest.approx(-900_000, abs=1e-6)
    doubled = ReferenceEvaluator(seed(6_000_000), MARKET)
    assert doubled.pnl(one(equity_SPX=-0.30))[0] / doubled.nav() == pytest.approx(-0.18, abs=1e-12)


def test_thirty_quiet_days_by_hand_line_by_line():
    """No move for 30 days: the MMF earns 4%, the loan costs 6%, the ETF pays its 1.3% dividend; cash nothing."""
    table = ReferenceEvaluator(seed(), MARKET).table(one(30))
    assert table["mmf USD Treasury MMF"].iloc[0] == pytest.approx(7_000_000 * 0.04 * TAU30, abs=1e-6)  # 23,013.70
    assert table["loan SPX"].iloc[0] == pytest.approx(-3_000_000 * 0.06 * TAU30, abs=1e-6)  # -14,794.52: funding
    assert table["margin SPX"].iloc[0] == pytest.approx(3_000_000 * 0.013 * TAU30, abs=1e-6)  # 3,205.48
    assert table["cash JPY"].iloc[0] == 0.0
    assert table["pnl"].iloc[0] == pytest.approx((7e6 * 0.04 - 3e6 * 0.06 + 3e6 * 0.013) * TAU30, abs=1e-6)


def test_yen_plus_10_percent_and_rates_by_hand():
    """USD -10% (the yen rises) over 30 days, USD rates +1% at the end (a straight line: +0.5% on average)."""
    table = ReferenceEvaluator(seed(), MARKET).table(one(30, fx_USD=-0.10, rate_USD=0.01))
    mmf_usd = 7_000_000 / X
    assert table["mmf USD Treasury MMF"].iloc[0] == pytest.approx(
        mmf_usd * (1 + 0.045 * TAU30) * X * 0.9 - 7_000_000, abs=1e-6)
    loan = 3_000_000 / X
    assert table["loan SPX"].iloc[0] == pytest.approx(-(loan * (1 + 0.065 * TAU30) * X * 0.9 - 3_000_000), abs=1e-6)


def test_futures_variation_margin_and_basis_by_hand():
    """1 MES at SPX 6,000 (30,000 USD notional): -10% over 30 days is -3,000 USD of variation margin, less the
    basis converging (dividend 1.3% less the 3-month USD rate 4.0%), at USDJPY 150."""
    acct = Account(cash=(Cash(3_000_000),), satellite=(FuturesPosition("MES", 1, 1_500.0),))
    table = ReferenceEvaluator(acct, MARKET).table(one(30, equity_SPX=-0.10))
    notional = 5.0 * 6000.0
    assert table["futures MES"].iloc[0] == pytest.approx(notional * (-0.10 + (0.013 - 0.04) * TAU30) * X, abs=1e-6)


def test_a_hedged_mmf_class_pays_the_three_month_points_and_does_not_move_with_the_yen():
    fund = MMF(7_000_000, amount_currency="JPY", hedged=True)
    table = ReferenceEvaluator(Account(mmf=(fund,)), MARKET).table(one(30, fx_USD=-0.10))
    t = 91 / 365
    points = (1 - math.exp((0.005 - 0.04) * t)) * 365 / 91  # about 3.48% a year
    assert table["pnl"].iloc[0] == pytest.approx(7_000_000 * (0.04 - points - 0.0025) * TAU30, abs=1e-6)


# -- options: the valuation rule ------------------------------------------------------------------------------

def _bs_put(s: float, k: float, t: float, r: float, q: float, v: float) -> float:
    n = lambda x: 0.5 * (1 + math.erf(x / math.sqrt(2)))  # noqa: E731
    d1 = (math.log(s / k) + (r - q + 0.5 * v * v) * t) / (v * math.sqrt(t))
    return k * math.exp(-r * t) * n(-(d1 - v * math.sqrt(t))) - s * math.exp(-q * t) * n(-d1)


def test_a_put_under_a_scenario_is_black_scholes_at_the_moved_spot_and_sticky_moneyness_vol():
    """XSP 540 put (SPX/10), 30 days on, SPX -20%, vols +5 points, USD rates +1%, USD -10%: by the closed form."""
    put = Option("XSP", "put", 540.0, "2027-03-19")
    ref = ReferenceEvaluator(Account(cash=(Cash(1.0),)), MARKET)
    got = ref.unit_values(one(30, equity_SPX=-0.2, vol_SPX=0.05, rate_USD=0.01, fx_USD=-0.1), [put])[0, 0]
    spot, t = 480.0, (dt_days(put) - 30) / 365
    vol = float(MARKET.surface("SPX").vol(540.0 / spot, t)) + 0.05
    assert got == pytest.approx(100 * _bs_put(spot, 540.0, t, 0.05, 0.013, vol) * X * 0.9, rel=1e-9)


def dt_days(option: Option) -> int:
    return (option.expiry - MARKET.valuation_date).days


def test_a_put_expiring_inside_the_window_pays_on_the_path_and_nothing_without_one():
    """An XSP put expiring on day 10 of a 30-day window pays its intrinsic value at the path's level on day 10,
    at the window's end FX; with no path it is credited with nothing, never the end-point payoff."""
    put = Option("XSP", "put", 600.0, MARKET.valuation_date + pd.Timedelta(days=10))
    path = np.linspace(1.0, 0.9, 31)
    path[10] = 0.8  # SPX 4,800 on day 10: XSP 480
    with_path = ScenarioSet.from_records([{"label": "p", "horizon_days": 30, "equity.SPX": -0.1, "fx.USD": -0.05,
                                           "path.SPX": path}])
    ref = ReferenceEvaluator(Account(cash=(Cash(1.0),)), MARKET)
    assert ref.unit_values(with_path, [put])[0, 0] == pytest.approx((600 - 480) * 100 * X * 0.95, rel=1e-12)
    assert ref.unit_values(one(30, equity_SPX=-0.5), [put])[0, 0] == 0.0
    on_the_day = one(10, equity_SPX=-0.2)  # expiring on the scenario's date: intrinsic at the moved spot
    assert ref.unit_values(on_the_day, [put])[0, 0] == pytest.approx((600 - 480) * 100 * X, rel=1e-12)


# -- the fast path agrees with the reference ------------------------------------------------------------------

PUT = Option("XSP", "put", 540.0, "2027-03-19")
SPREAD = put_spread("SPX", 5700.0, 5100.0, "2027-03-19")
NK_PUT = Option("NK225M_OPT", "put", 36000.0, "2027-03-12")
SHORT_PUT = Option("XSP", "put", 580.0, "2026-12-18")  # expires on day 23: inside the longer windows
YEN_PUT = Option("USDJPY_OPT", "put", 145.0, "2027-03-05")
SPY_PUT = Option("SPY", "put", 560.0, "2027-03-19")
YEN_HEDGES = (FxHedge("USDJPY_FWD", "2027-02-25"), FxHedge("USDJPY_FWD", "2026-12-10"), FxHedge("6J", "2027-03-15"),
              FxHedge("MJY", "2026-12-14"), FxHedge("CLICK365"), FxHedge("OTC_FX"))


def everything() -> Account:
    """Every kind of holding the account model knows."""
    return Account(
        mmf=(MMF(7_000_000, amount_currency="JPY", fee=0.0005), MMF(1_000_000, currency="JPY", yield_=0.003),
             MMF(2_000_000, amount_currency="JPY", hedged=True)),
        cash=(Cash(3_000_000), Cash(5_000, "USD")),
        satellite=(
            MarginPosition("SPX", 3_000_000, 0.06, value_currency="JPY"),
            MarginPosition("NKY", 1_000_000, 0.028, loan_currency="JPY", loan_fraction=0.5),
            EtfPosition("SPX", 10_000.0),
            EtfPosition("NKY", 1_000_000.0),
            FuturesPosition("MES", 2, 1_500.0),
            FuturesPosition("NK225M_FUT", 1, 250_000.0),
            OptionPosition(PUT, 3),
            OptionPosition(SPREAD, 1),
            OptionPosition(NK_PUT, 2),
            OptionPosition(SHORT_PUT, 1),
            OptionPosition(YEN_PUT, 1),
        ),
        other=(LinearAsset("gold", 8_000.0, "USD", {"SPX": -0.1}, carry=-0.004),),
        fx_hedges=tuple(FxHedgePosition(h, 2.0) for h in YEN_HEDGES),
    )


def random_set(seed_: int, n: int = 120) -> ScenarioSet:
    rng = np.random.default_rng(seed_)
    horizon = rng.integers(0, 60, n)
    equity = rng.uniform(-0.5, 0.3, n)
    records = []
    for i in range(n):
        path = None
        if i % 3 and horizon[i] > 0:  # two rows in three carry a recorded path
            path = np.concatenate([[1.0], 1.0 + equity[i] * np.sqrt(np.arange(1, horizon[i] + 1) / max(horizon[i], 1))])
        records.append({"label": f"r{i}", "horizon_days": int(horizon[i]), "equity.SPX": equity[i],
                        "equity.NKY": rng.uniform(-0.5, 0.3), "fx.USD": rng.uniform(-0.2, 0.2),
                        "vol.SPX": rng.uniform(-0.05, 0.3), "vol.NKY": rng.uniform(-0.05, 0.3),
                        "vol.USDJPY": rng.uniform(-0.03, 0.1), "rate.USD": rng.uniform(-0.02, 0.01),
                        "rate.JPY": rng.uniform(-0.005, 0.01), "rate_avg.USD": rng.uniform(-0.01, 0.005),
                        "path.SPX": path})
    return ScenarioSet.from_records(records)


@pytest.mark.parametrize("curved", [False, True])
def test_the_fast_account_pnl_agrees_with_the_reference_on_every_kind_of_holding(curved):
    market = MARKET if not curved else dataclasses.replace(MARKET, curves={
        "USD": RateCurve((30, 91, 365, 730), (0.043, 0.041, 0.038, 0.036)),
        "JPY": RateCurve((30, 365), (0.004, 0.007))})
    acct, scen = everything(), random_set(7)
    ref = ReferenceEvaluator(acct, market)
    assert ref.nav() == pytest.approx(acct.nav(market), rel=1e-12)
    fast = account_pnl(acct, market, scen)["pnl"].to_numpy()
    np.testing.assert_allclose(fast, ref.pnl(scen), rtol=0, atol=1e-7 * ref.nav())  # 2 yen on 20 million
    assert np.ptp(fast) > 0.1 * ref.nav()  # the set moves the account: the comparison could fail


def test_the_fast_repricers_agree_with_the_reference_leg_by_leg():
    """European legs to 1e-9 relative; the SPY (American) put within the one stated bound, 7.5e-3 x strike."""
    instruments = [PUT, SPREAD, NK_PUT, SHORT_PUT, YEN_PUT, SPY_PUT, *YEN_HEDGES]
    scen = random_set(11, 80)
    fast = Candidates(instruments, MARKET).value(scen)
    slow = ReferenceEvaluator(Account(cash=(Cash(1.0),)), MARKET).unit_values(scen, instruments)
    american = np.array([i is SPY_PUT for i in instruments])
    np.testing.assert_allclose(fast[:, ~american], slow[:, ~american], rtol=1e-9, atol=1e-6)
    bound = MAX_ERROR_PER_STRIKE * 560.0 * 100.0 * X * (1 + scen.fx("USD"))
    assert np.all(np.abs(fast[:, american][:, 0] - slow[:, american][:, 0]) <= bound)
    assert np.abs(slow).max() > 1e5  # the values are not all nothing


def test_a_hedge_line_is_quantity_times_value_less_what_was_paid():
    scen = random_set(3, 20)
    ref = ReferenceEvaluator(seed(), MARKET)
    table = ref.table(scen, hedge=[Held(PUT, 3.0, 12_345.0)])
    unit = ref.unit_values(scen, [PUT])[:, 0]
    np.testing.assert_allclose(table[f"hedge {PUT.label}"], 3.0 * (unit - 12_345.0), rtol=1e-15)
    np.testing.assert_allclose(table["pnl"], ref.pnl(scen) + 3.0 * (unit - 12_345.0), rtol=1e-12)


def test_rows_are_evaluated_in_the_order_asked():
    scen = random_set(5, 30)
    ref = ReferenceEvaluator(everything(), MARKET)
    rows = np.array([29, 0, 17, 17, 3])
    np.testing.assert_allclose(ref.pnl(scen, rows), ref.pnl(scen)[rows], rtol=1e-15)

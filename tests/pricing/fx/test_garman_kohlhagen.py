"""USD/JPY options: Garman–Kohlhagen through QuantLib, against Haug's published value and the vectorized kernel."""

from __future__ import annotations

import numpy as np
import pytest
import QuantLib as ql

from pricing import Option, default_market, price
from pricing.black_scholes import bs_price
from scenarios import ScenarioSet
from scenarios.repricing import OptionRepricer


def _quantlib_gk(kind: str, spot: float, strike: float, r_d: float, r_f: float, vol: float, t_days: int) -> float:
    today = ql.Date(25, 11, 2026)
    ql.Settings.instance().evaluationDate = today
    dc = ql.Actual365Fixed()
    process = ql.GarmanKohlagenProcess(
        ql.QuoteHandle(ql.SimpleQuote(spot)),
        ql.YieldTermStructureHandle(ql.FlatForward(today, r_f, dc, ql.Continuous)),
        ql.YieldTermStructureHandle(ql.FlatForward(today, r_d, dc, ql.Continuous)),
        ql.BlackVolTermStructureHandle(ql.BlackConstantVol(today, ql.NullCalendar(), vol, dc)))
    option = ql.VanillaOption(ql.PlainVanillaPayoff(ql.Option.Call if kind == "call" else ql.Option.Put, strike),
                              ql.EuropeanExercise(today + t_days))
    option.setPricingEngine(ql.AnalyticEuropeanEngine(process))
    return option.NPV()


def test_quantlib_garman_kohlhagen_gives_haugs_published_value() -> None:
    # Haug, The Complete Guide to Option Pricing Formulas (2nd ed.), section 1.1.6: S = 1.56, X = 1.60, T = 0.5,
    # r = 6%, r_f = 8%, vol 12%: call 0.0291. Half a year is 182.5 days: take 0.5 exactly through the kernel, and
    # the nearest day count through QuantLib.
    assert float(bs_price("call", 1.56, 1.60, 0.5, 0.06, 0.08, 0.12)) == pytest.approx(0.0291, abs=5e-5)
    assert _quantlib_gk("call", 1.56, 1.60, 0.06, 0.08, 0.12, 182) == pytest.approx(0.0291, abs=2e-4)


def test_kernel_equals_quantlib_garman_kohlhagen_on_random_usdjpy_options() -> None:
    rng = np.random.default_rng(14)
    for _ in range(200):
        kind = "call" if rng.random() < 0.5 else "put"
        spot, strike = rng.uniform(100, 200), rng.uniform(90, 210)
        r_d, r_f, vol = rng.uniform(-0.01, 0.03), rng.uniform(0.0, 0.06), rng.uniform(0.04, 0.35)
        days = int(rng.integers(1, 800))
        kernel = float(bs_price(kind, spot, strike, days / 365, r_d, r_f, vol))
        assert kernel == pytest.approx(_quantlib_gk(kind, spot, strike, r_d, r_f, vol, days), rel=1e-9, abs=1e-10)


def test_a_usdjpy_option_prices_the_same_through_quantlib_and_the_repricer() -> None:
    m = default_market()
    options = [Option("USDJPY_OPT", "put", k, "2027-02-19") for k in (135.0, 145.0, 150.0)] + [
        Option("USDJPY_OPT", "call", 155.0, "2027-05-21")]
    fast = OptionRepricer(options, m).value_today()
    slow = np.array([price(o, m).contract_value_base for o in options])
    np.testing.assert_allclose(fast, slow, rtol=1e-9)


def test_put_call_parity_on_the_pair_uses_both_curves() -> None:
    # C - P = 10,000 USD x (S e^{-r_f T} - K e^{-r_d T}) yen, both legs on the same smile vol at the same strike
    m = default_market()
    call, put = Option("USDJPY_OPT", "call", 148.0, "2027-05-21"), Option("USDJPY_OPT", "put", 148.0, "2027-05-21")
    t = (call.expiry - m.valuation_date).days / 365
    c, p = price(call, m).contract_value_base, price(put, m).contract_value_base
    assert c - p == pytest.approx(10_000 * (150.0 * np.exp(-0.04 * t) - 148.0 * np.exp(-0.005 * t)), rel=1e-9)


def test_a_yen_rise_lifts_a_dollar_put_and_more_with_fx_vol() -> None:
    m = default_market()
    repricer = OptionRepricer([Option("USDJPY_OPT", "put", 140.0, "2027-02-19")], m)
    moves = ScenarioSet.from_records([
        {"label": "calm", "horizon_days": 0},
        {"label": "yen +11%", "horizon_days": 0, "fx.USD": -0.10},
        {"label": "yen +11%, vol +5", "horizon_days": 0, "fx.USD": -0.10, "vol.USDJPY": 0.05},
    ])
    calm, yen_up, yen_up_vol = repricer.value(moves)[:, 0]
    assert calm == pytest.approx(repricer.value_today()[0], rel=1e-12)
    assert yen_up > 50_000 > calm  # 140 - 135 = 5 yen of intrinsic value on 10,000 USD
    assert yen_up_vol > yen_up
    np.testing.assert_allclose(repricer.value(moves), repricer.quantlib_value(moves), rtol=1e-9)

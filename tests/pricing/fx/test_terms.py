"""The linear yen hedges' published terms, and a CME yen future's P&L and margin worked by hand."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from pricing import InputError, default_market
from pricing.fx.instruments import FxHedge
from pricing.fx.terms import FX_CATALOGUE, FxRoute, cme_fx_last_trade, fx_contract
from scenarios import ScenarioSet
from scenarios.fx_repricing import FxRepricer

TERMS = {  # symbol: route, lot, lot currency, whole, tick, initial margin (fraction of notional)
    "USDJPY_FWD": (FxRoute.FORWARD, 1_000.0, "USD", False, 0.01, 0.0),  # bank 為替予約, any amount
    "6J": (FxRoute.FUTURE, 12_500_000.0, "JPY", True, 0.0000005, 2860 / 134_815),  # CME: 6.25 USD a tick
    "MJY": (FxRoute.FUTURE, 1_250_000.0, "JPY", True, 0.000001, 2860 / 134_815),  # CME micro: 1.25 USD a tick
    "CLICK365": (FxRoute.ROLLING, 10_000.0, "USD", True, 0.005, 0.04),  # TFX: 0.5 sen, 50 JPY a lot
    "OTC_FX": (FxRoute.ROLLING, 1_000.0, "USD", True, 0.001, 0.04),  # 店頭FX: 25x cap
}


def test_catalogue_holds_the_documented_contracts() -> None:
    assert set(FX_CATALOGUE) == set(TERMS)
    for symbol, (route, lot, ccy, whole, tick, margin) in TERMS.items():
        spec = fx_contract(symbol.lower())
        assert (spec.route, spec.lot, spec.lot_currency, spec.whole, spec.tick) == (route, lot, ccy, whole, tick)
        assert spec.initial_margin == pytest.approx(margin)
        assert spec.pair == "USDJPY" and spec.source


def test_tick_values_in_currency() -> None:
    assert fx_contract("6J").lot * fx_contract("6J").tick == pytest.approx(6.25)  # USD a tick
    assert fx_contract("MJY").lot * fx_contract("MJY").tick == pytest.approx(1.25)
    assert fx_contract("CLICK365").lot * fx_contract("CLICK365").tick == pytest.approx(50.0)  # JPY a tick


def test_cme_last_trading_day_is_two_business_days_before_the_third_wednesday() -> None:
    assert cme_fx_last_trade(2027, 3) == dt.date(2027, 3, 15)  # third Wednesday 17 March 2027
    assert cme_fx_last_trade(2026, 12) == dt.date(2026, 12, 14)  # third Wednesday 16 December 2026
    assert fx_contract("6J").expiry(dt.date(2026, 11, 25)) == dt.date(2026, 12, 14)
    assert fx_contract("6J").expiry(dt.date(2026, 11, 25), after_days=30) == dt.date(2027, 3, 15)
    assert fx_contract("OTC_FX").expiry(dt.date(2026, 11, 25)) is None


def test_yen_future_pnl_and_margin_by_hand() -> None:
    # One 6J (12,500,000 JPY) bought when USDJPY is 150; the March 2027 future is priced at the USDJPY forward.
    m = default_market()
    hedge = FxHedge("6J", "2027-03-15")
    repricer = FxRepricer([hedge], m)
    t = (hedge.maturity - m.valuation_date).days / 365
    f0 = 150.0 * math.exp((0.005 - 0.04) * t)
    assert repricer.forward_today(hedge) == pytest.approx(f0)
    # the yen rises 11.1% at once (USDJPY 150 -> 135): the future gains 12.5M x (1/F_h - 1/F_0) dollars,
    # paid in dollars and worth S_h = 135 yen each
    f_h = 135.0 * math.exp((0.005 - 0.04) * t)
    usd = 12_500_000 * (1 / f_h - 1 / f0)
    move = ScenarioSet.from_records([{"label": "yen up", "horizon_days": 0, "fx.USD": -0.10}])
    assert float(repricer.value(move)[0, 0]) == pytest.approx(usd * 135.0, rel=1e-12)
    # = 12.5M x (e^{0.035 t} - 135 / F_0) = 1,263,255 yen: the 1,250,000 of a spot hedge (12.5M x 15/150) plus the
    # basis the future carries for its 110 days
    assert usd * 135.0 == pytest.approx(12_500_000 * (math.exp(0.035 * t) - 135.0 / f0), rel=1e-12)
    assert round(usd * 135.0) == 1_263_255
    # margin: 2.12% of the contract's dollar notional (12.5M / 150 = 83,333 USD), posted in dollars
    assert fx_contract("6J").margin(150.0) == pytest.approx(12_500_000 / 150 * 2860 / 134_815)
    assert fx_contract("6J").margin(150.0, maintenance=True) == pytest.approx(12_500_000 / 150 * 2600 / 134_815)
    assert fx_contract("CLICK365").margin(150.0) == pytest.approx(60_000.0)  # 4% of 1,500,000 JPY


def test_instrument_terms_are_checked() -> None:
    with pytest.raises(InputError, match="^maturity=None"):
        FxHedge("6J")
    with pytest.raises(InputError, match="^maturity="):
        FxHedge("OTC_FX", "2027-01-01")
    with pytest.raises(InputError, match="^hedge.fx.instruments='EURJPY_FWD'"):
        FxHedge("EURJPY_FWD", "2027-01-01")

"""Tests of pricing.market: RateCurve arithmetic, Market validation and immutability, the default market."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re

import numpy as np
import pytest

from pricing.errors import InputError
from pricing.market import DEFAULT_VALUATION_DATE, Market, RateCurve, default_market, recentred, with_inputs
from pricing.smile_metrics import moneyness_at_delta
from pricing.vol_surface import ParametricVolSurface

SURFACE = ParametricVolSurface(0.2, 0.2, 1.0, skew=0.0)


def _market(**overrides: object) -> Market:
    """A small valid two-index market (base JPY) with any field replaced."""
    fields: dict[str, object] = {
        "valuation_date": "2026-11-25",
        "base_currency": "JPY",
        "spots": {"SPX": 6000.0, "NKY": 38000.0},
        "index_currency": {"SPX": "USD", "NKY": "JPY"},
        "fx": {"USD": 150.0},
        "curves": {"USD": RateCurve.flat(0.04), "JPY": RateCurve.flat(0.005)},
        "dividend_yields": {"SPX": 0.013, "NKY": 0.018},
        "vol_surfaces": {"SPX": SURFACE, "NKY": SURFACE},
    }
    fields.update(overrides)
    return Market(**fields)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------------------------
# RateCurve
# --------------------------------------------------------------------------------------------------------------


def test_flat_curve_rate_and_discount() -> None:
    curve = RateCurve.flat(0.04)
    assert curve.days == (365,) and curve.rates == (0.04,)
    np.testing.assert_array_equal(curve.zero_rate([0.0, 0.5, 1.0, 30.0]), [0.04] * 4)
    # exp(-0.04 * 2) = exp(-0.08) = 0.923116346386636 (hand/calculator), tol 1e-15
    df = float(curve.discount(2.0))
    assert abs(df - 0.923116346386636) < 1e-15, f"t=2, r=0.04: calculated {df!r}, expected 0.923116346386636"
    assert float(curve.discount(0.0)) == 1.0


def test_zero_rate_linear_interpolation_hand_computed() -> None:
    curve = RateCurve((30, 365), (0.04, 0.05))
    # pillars at t1 = 30/365 = 0.0821918 and t2 = 1; at t = 0.5:
    # r = 0.04 + (0.05 - 0.04) * (0.5 - 30/365) / (1 - 30/365) = 0.04 + 0.01 * 152.5/335 = 0.0445522388059701
    expected = 0.04 + 0.01 * 152.5 / 335
    calculated = float(curve.zero_rate(0.5))
    assert abs(calculated - expected) < 1e-15, f"t=0.5: calculated {calculated!r}, expected {expected!r}"
    assert abs(expected - 0.0445522388059701) < 1e-15  # the decimal written above
    # at a pillar the rate is the pillar's
    assert float(curve.zero_rate(30 / 365)) == pytest.approx(0.04, abs=1e-15)


def test_zero_rate_flat_extrapolation_both_ends() -> None:
    curve = RateCurve((30, 365, 730), (0.04, 0.05, 0.045))
    out = curve.zero_rate([0.0, 1 / 365, 2.0, 2.5, 10.0])
    np.testing.assert_allclose(out, [0.04, 0.04, 0.045, 0.045, 0.045], rtol=0, atol=1e-15)


def test_discount_uses_interpolated_zero_rate() -> None:
    curve = RateCurve((30, 365), (0.04, 0.05))
    # DF(0.5) = exp(-r(0.5) * 0.5) with r(0.5) = 0.04 + 0.01 * 152.5/335 (see test above)
    expected = math.exp(-(0.04 + 0.01 * 152.5 / 335) * 0.5)
    calculated = float(curve.discount(0.5))
    assert abs(calculated - expected) < 1e-15, f"t=0.5: calculated {calculated!r}, expected {expected!r}"


def test_discount_keeps_array_shape() -> None:
    out = RateCurve.flat(0.02).discount(np.array([[0.5, 1.0], [2.0, 3.0]]))
    assert out.shape == (2, 2)
    np.testing.assert_allclose(out, np.exp(-0.02 * np.array([[0.5, 1.0], [2.0, 3.0]])), rtol=1e-15)


def test_negative_rates_allowed() -> None:
    assert float(RateCurve.flat(-0.005).discount(1.0)) == pytest.approx(math.exp(0.005), rel=1e-15)


def test_curve_rate_as_percentage() -> None:
    with pytest.raises(InputError, match=re.escape("rates=6.0: expected a decimal such as 0.04 (6.0 looks like a")):
        RateCurve.flat(6.0)


def test_curve_rate_percentage_among_pillars_named_by_index() -> None:
    with pytest.raises(InputError, match=re.escape("rates[1]=5.0: expected a decimal such as 0.04")):
        RateCurve((30, 365), (0.04, 5.0))


def test_curve_days_must_increase() -> None:
    with pytest.raises(InputError, match=re.escape("days=(365, 30): expected strictly increasing day counts > 0")):
        RateCurve((365, 30), (0.04, 0.05))


def test_curve_days_must_be_positive() -> None:
    with pytest.raises(InputError, match=re.escape("days=(0, 365): expected strictly increasing day counts > 0")):
        RateCurve((0, 365), (0.04, 0.05))


def test_curve_one_pillar_per_rate() -> None:
    with pytest.raises(InputError, match=re.escape("days=(30, 365): expected one pillar per rate (1 rates)")):
        RateCurve((30, 365), (0.04,))


def test_curve_zero_rate_rejects_nan_time() -> None:
    with pytest.raises(InputError, match=r"^t=nan: expected a finite number$"):
        RateCurve.flat(0.04).zero_rate(float("nan"))


# --------------------------------------------------------------------------------------------------------------
# default_market
# --------------------------------------------------------------------------------------------------------------


def test_default_market_values_as_documented() -> None:
    m = default_market()
    # documented in default_market's docstring: SPX 6,000, NKY 38,000, USDJPY 150, USD 4.0%, JPY 0.5%,
    # dividend yields 1.3% (SPX) and 1.8% (NKY), valuation date 2026-11-25, base JPY
    assert m.valuation_date == DEFAULT_VALUATION_DATE == dt.date(2026, 11, 25)
    assert m.base_currency == "JPY"
    assert dict(m.spots) == {"SPX": 6000.0, "NKY": 38000.0}
    assert dict(m.index_currency) == {"SPX": "USD", "NKY": "JPY"}
    assert m.fx_rate("USD") == 150.0 and m.fx_rate("JPY") == 1.0
    for ccy, rate in (("USD", 0.04), ("JPY", 0.005)):
        got = m.curve(ccy).zero_rate([0.1, 1.0, 5.0])
        np.testing.assert_array_equal(got, [rate] * 3, err_msg=f"{ccy} curve")
    assert (m.dividend_yield("SPX"), m.dividend_yield("NKY")) == (0.013, 0.018)
    assert "illustrative" in m.label


def test_default_market_surfaces_levels() -> None:
    m = default_market()
    spx, nky = m.surface("SPX"), m.surface("NKY")
    # docstring: SPX 30-day ATM about 17% with a 25-delta put 3.6 vol points above it (the 25-delta strike, a
    # forward delta of -0.25 on the smile, is K/S = 0.9643); the Nikkei's ATM about 4 points higher at short expiries
    assert float(spx.vol(1.0, 30 / 365)) == pytest.approx(0.17, abs=0.005)
    put25 = moneyness_at_delta(spx, m.carry("SPX"), 30 / 365, -0.25)
    assert put25 == pytest.approx(0.9643, abs=5e-4)
    assert float(spx.vol(put25, 30 / 365) - spx.vol(1.0, 30 / 365)) == pytest.approx(0.036, abs=0.001)
    for t in (1 / 365, 30 / 365):
        gap = float(nky.vol(1.0, t) - spx.vol(1.0, t))
        assert gap == pytest.approx(0.04, abs=0.005), f"t={t}: NKY - SPX ATM = {gap}, expected about 0.04"
    # equity put skew: a 10% lower strike has a higher vol
    assert float(spx.vol(0.9, 0.5)) > float(spx.vol(1.0, 0.5))


def test_default_market_valuation_date_override() -> None:
    assert default_market("2027-01-04").valuation_date == dt.date(2027, 1, 4)
    assert default_market(dt.date(2027, 1, 4)).spots["SPX"] == 6000.0


# --------------------------------------------------------------------------------------------------------------
# Market accessors, immutability
# --------------------------------------------------------------------------------------------------------------


def test_market_accepts_iso_date_and_datetime() -> None:
    assert _market(valuation_date="2026-11-25").valuation_date == dt.date(2026, 11, 25)
    assert _market(valuation_date=dt.datetime(2026, 11, 25, 9, 30)).valuation_date == dt.date(2026, 11, 25)


def test_market_unknown_index() -> None:
    with pytest.raises(InputError, match=r"^index='DAX': expected one of SPX, NKY$"):
        _market().spot("DAX")


def test_market_surface_of_unknown_index() -> None:
    with pytest.raises(InputError, match=r"^index='DAX': expected one of"):
        _market().surface("DAX")


def test_market_unknown_curve() -> None:
    with pytest.raises(InputError, match=r"^currency='EUR': expected one of USD, JPY$"):
        _market().curve("EUR")


def test_market_fx_for_unknown_currency() -> None:
    with pytest.raises(InputError, match=r"^fx\.EUR=None: expected an FX rate in JPY per EUR$"):
        _market().fx_rate("EUR")


def test_market_missing_dividend_yield_is_zero() -> None:
    assert _market(dividend_yields={"SPX": 0.013}).dividend_yield("NKY") == 0.0


def test_market_mappings_are_read_only() -> None:
    m = _market()
    for name in ("spots", "index_currency", "fx", "curves", "dividend_yields", "vol_surfaces"):
        mapping = getattr(m, name)
        with pytest.raises(TypeError):
            mapping["SPX"] = 1.0


def test_market_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        _market().base_currency = "USD"  # type: ignore[misc]


def test_market_copies_the_callers_dicts() -> None:
    spots = {"SPX": 6000.0, "NKY": 38000.0}
    m = _market(spots=spots)
    spots["SPX"] = 1.0
    assert m.spot("SPX") == 6000.0, "mutating the dict passed in changed the market"


# --------------------------------------------------------------------------------------------------------------
# Market validation: one test per check
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [0.0, -6000.0])
def test_market_spot_must_be_positive(bad: float) -> None:
    with pytest.raises(InputError, match=f"^{re.escape(f'spots.SPX={bad!r}: expected a number > 0')}$"):
        _market(spots={"SPX": bad, "NKY": 38000.0})


def test_market_spot_nan() -> None:
    with pytest.raises(InputError, match=r"^spots\.NKY=nan: expected a finite number$"):
        _market(spots={"SPX": 6000.0, "NKY": float("nan")})


def test_market_fx_must_be_positive() -> None:
    with pytest.raises(InputError, match=r"^fx\.USD=0\.0: expected a number > 0$"):
        _market(fx={"USD": 0.0})


def test_market_dividend_yield_percentage() -> None:
    message = "dividend_yields.SPX=1.3: expected a decimal such as 0.04 (1.3 looks like a percentage)"
    with pytest.raises(InputError, match=f"^{re.escape(message)}$"):
        _market(dividend_yields={"SPX": 1.3, "NKY": 0.018})


def test_market_curve_rate_percentage() -> None:
    with pytest.raises(InputError, match=re.escape("rates=6.0: expected a decimal such as 0.04 (6.0 looks like a")):
        _market(curves={"USD": RateCurve.flat(6.0), "JPY": RateCurve.flat(0.005)})


def test_market_missing_fx_for_used_currency() -> None:
    # base USD, the Nikkei is in JPY, no USD-per-JPY rate given
    with pytest.raises(InputError, match=r"^fx\.JPY=None: expected an FX rate in USD per JPY$"):
        _market(base_currency="USD", fx={})


def test_market_missing_curve_for_index_currency() -> None:
    message = "curves.USD=None: expected a rate curve for every currency used (USD)"
    with pytest.raises(InputError, match=f"^{re.escape(message)}$"):
        _market(curves={"JPY": RateCurve.flat(0.005)})


def test_market_missing_curve_for_base_currency() -> None:
    # only SPX (USD) is held, but the base JPY still needs a curve
    with pytest.raises(InputError, match=r"^curves\.JPY=None: expected a rate curve for every currency used"):
        _market(spots={"SPX": 6000.0}, curves={"USD": RateCurve.flat(0.04)})


def test_market_missing_index_currency() -> None:
    with pytest.raises(InputError, match=r"^index_currency\.NKY=None: expected an entry for every index in spots"):
        _market(index_currency={"SPX": "USD"})


def test_market_missing_vol_surface() -> None:
    message = "vol_surfaces.SPX=None: expected an entry for every index in spots (SPX)"
    with pytest.raises(InputError, match=f"^{re.escape(message)}$"):
        _market(vol_surfaces={"NKY": SURFACE})


def test_rate_curve_rejects_fractional_days() -> None:
    with pytest.raises(InputError, match=r"^days=\(30.7,\): expected whole numbers of calendar days$"):
        RateCurve((30.7,), (0.04,))


# --------------------------------------------------------------------------------------------------------------
# Cost of carry, and SSVI surfaces re-centred on a moved forward
# --------------------------------------------------------------------------------------------------------------


def test_carry_is_rate_less_dividend_yield() -> None:
    m = default_market()
    assert m.carry("SPX") == pytest.approx(0.04 - 0.013, abs=1e-15)  # USD 4.0% less SPX yield 1.3%
    assert m.carry("NKY") == pytest.approx(0.005 - 0.018, abs=1e-15)  # JPY 0.5% less NKY yield 1.8%
    assert m.surface("SPX").carry == m.carry("SPX") and m.surface("NKY").carry == m.carry("NKY")


def test_with_inputs_recentres_the_ssvi_surfaces_it_moves() -> None:
    m = default_market()
    moved = with_inputs(m, "SPX", rate=0.05)
    assert moved.surface("SPX") == dataclasses.replace(m.surface("SPX"), carry=0.05 - 0.013)
    assert moved.surface("NKY") is m.surface("NKY")  # JPY rate and NKY yield untouched
    # the smile keeps its shape in ln(K/F): the vol at the new forward is the old ATM-forward vol
    t = 0.5
    assert float(moved.surface("SPX").vol(np.exp(0.037 * t), t)) == pytest.approx(
        float(m.surface("SPX").atm_forward(t)), rel=1e-14)
    yen = with_inputs(m, "NKY", dividend_yield=0.02)
    assert yen.surface("NKY").carry == pytest.approx(0.005 - 0.02, abs=1e-15)
    assert with_inputs(m, "SPX", spot=5000.0).surface("SPX") is m.surface("SPX")  # a spot moves no forward rate


def test_recentred_leaves_other_surfaces_and_a_centred_market_alone() -> None:
    m = default_market()
    assert recentred(m) is m
    flat = _market()  # ParametricVolSurface in K/S: nothing to re-centre
    assert recentred(flat) is flat


def test_a_market_survives_pickle_for_dask_workers() -> None:
    """Workers receive the market by pickle: its read-only mappings come back read-only and equal."""
    import pickle
    from types import MappingProxyType

    from pricing import default_market

    market = default_market()
    back = pickle.loads(pickle.dumps(market))
    assert back == market
    assert isinstance(back.spots, MappingProxyType) and back.spots["SPX"] == market.spots["SPX"]
    with pytest.raises(TypeError):
        back.spots["SPX"] = 1.0  # type: ignore[index]

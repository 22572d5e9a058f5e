"""OptionRepricer (the vectorized kernel under scenarios) held to QuantLib.

The reference is ``pricing.price`` (QuantLib ``AnalyticEuropeanEngine``) on a market moved by hand: spot
``S(1 + e)``, valuation date plus the horizon, the contract currency's curve shifted by ``dr``, FX ``X(1 + f)``,
and ``vol=`` the sticky-moneyness vol ``surface.vol(K/S', τ) + dv`` of the *today's* surface. Tolerance 1e-8
relative (both are the closed form; the difference is rounding).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from pricing import (
    InputError,
    Option,
    ParametricVolSurface,
    RateCurve,
    collar,
    default_market,
    price,
    put_spread,
    year_fraction,
)
from pricing.american import MAX_ERROR_PER_STRIKE
from scenarios import ScenarioSet
from scenarios.repricing import MIN_SCENARIO_VOL, LegTable, OptionRepricer

REL = 1e-8  # kernel vs QuantLib closed form, relative

EUROPEAN = [
    Option("XSP", "put", 540.0, "2027-03-19"),
    Option("SPX", "call", 6200.0, "2027-06-18"),
    Option("SPX", "put", 5000.0, "2026-12-18"),
    Option("NK225M_OPT", "put", 36000.0, "2027-03-12"),
    Option("NK225_OPT", "call", 40000.0, "2027-06-11"),
]
SPREAD = put_spread("SPX", 5700.0, 5100.0, "2027-03-19")
COLLAR = collar("XSP", 540.0, 650.0, "2027-03-19")


@pytest.fixture(scope="module")
def market():
    return default_market()


def one(**factors) -> ScenarioSet:
    record = {"label": "s", "horizon_days": factors.pop("horizon_days", 0)}
    record.update({k.replace("_", ".", 1): v for k, v in factors.items()})
    return ScenarioSet.from_records([record])


def moved_reference(option: Option, market, e: float, dv: float, h: int, dr: float = 0.0, f: float = 0.0) -> float:
    """QuantLib contract value in base currency on the hand-moved market (see the module docstring)."""
    spec = option.spec
    spot = market.spot(spec.underlying) * (1.0 + e)
    rate = float(market.curve(spec.currency).zero_rate(1.0))  # the default curves are flat
    fx = {**market.fx}
    if spec.currency != market.base_currency:
        fx[spec.currency] = market.fx_rate(spec.currency) * (1.0 + f)
    moved = dataclasses.replace(
        market, spots={**market.spots, spec.underlying: spot},
        valuation_date=market.valuation_date + dt.timedelta(days=h),
        curves={**market.curves, spec.currency: RateCurve.flat(rate + dr)}, fx=fx,
    )
    tau = year_fraction(moved.valuation_date, option.expiry)
    vol = float(market.surface(spec.underlying).vol(option.strike / (spot * spec.price_ratio), tau)) + dv
    return price(option, moved, vol=vol).contract_value_base


# -- today --------------------------------------------------------------------------------------------------------
def test_value_today_equals_quantlib(market):
    r = OptionRepricer([*EUROPEAN, SPREAD, COLLAR], market)
    expected = [price(i, market).contract_value_base for i in [*EUROPEAN, SPREAD, COLLAR]]
    np.testing.assert_allclose(r.value_today(), expected, rtol=REL)
    assert r.labels == [i.label for i in [*EUROPEAN, SPREAD, COLLAR]] and len(r) == 7


def test_value_at_horizon_zero_without_moves_is_today(market):
    r = OptionRepricer(EUROPEAN, market)
    s = one()
    np.testing.assert_allclose(r.value(s)[0], [price(o, market).contract_value_base for o in EUROPEAN], rtol=REL)
    np.testing.assert_allclose(r.pnl(s)[0], 0.0, atol=1e-7)


def test_xsp_put_by_reference_number(market):
    # pricing.price docstring (QuantLib): XSP 540 put 2027-03-19 at a flat 0.20 vol → 5.0735 points, 76,102 JPY
    # a contract (× 100 USD × 150). A flat 20% surface gives the kernel that vol at every strike.
    flat = dataclasses.replace(market, vol_surfaces={**market.vol_surfaces,
                                                     "SPX": ParametricVolSurface(0.2, 0.2, 1.0, skew=0.0)})
    value = OptionRepricer(EUROPEAN[:1], flat).value_today()[0]
    assert value / 15_000 == pytest.approx(5.0735, abs=5e-5)
    assert round(value) == 76_102


# -- after a move -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("option", EUROPEAN, ids=lambda o: o.label)
def test_value_after_move_equals_quantlib(market, option):
    # Spot × 0.8, vols +0.05 over the sticky-moneyness surface, 10 days later.
    index = option.spec.underlying
    s = one(horizon_days=10, **{f"equity_{index}": -0.2, f"vol_{index}": 0.05})
    got = OptionRepricer([option], market).value(s)[0, 0]
    assert got == pytest.approx(moved_reference(option, market, -0.2, 0.05, 10), rel=REL)


@pytest.mark.parametrize("option", EUROPEAN[:2], ids=lambda o: o.label)
def test_value_with_rate_and_fx_moves(market, option):
    s = one(horizon_days=45, equity_SPX=0.1, vol_SPX=-0.03, rate_USD=0.01, fx_USD=-0.1)
    got = OptionRepricer([option], market).value(s)[0, 0]
    assert got == pytest.approx(moved_reference(option, market, 0.1, -0.03, 45, dr=0.01, f=-0.1), rel=REL)


def test_yen_options_ignore_usd_fx(market):
    r = OptionRepricer(EUROPEAN[3:], market)
    a = r.value(one(equity_NKY=-0.1))
    b = r.value(one(equity_NKY=-0.1, fx_USD=-0.2, rate_USD=0.02, equity_SPX=0.3))
    np.testing.assert_array_equal(a, b)


def test_usd_option_scales_with_fx(market):
    r = OptionRepricer(EUROPEAN[:1], market)
    # FX only converts: value(f = −0.1) = 0.9 × value(f = 0) on the same scenario.
    base = r.value(one(horizon_days=5, equity_SPX=-0.1))[0, 0]
    assert r.value(one(horizon_days=5, equity_SPX=-0.1, fx_USD=-0.1))[0, 0] == pytest.approx(0.9 * base, rel=1e-14)


def test_vol_floor(market):
    # A −2.0 vol shift would make vols negative: the kernel prices at MIN_SCENARIO_VOL (0.01) instead.
    option = EUROPEAN[1]
    got = OptionRepricer([option], market).value(one(horizon_days=10, vol_SPX=-1.9))[0, 0]
    moved = dataclasses.replace(market, valuation_date=market.valuation_date + dt.timedelta(days=10))
    assert got == pytest.approx(price(option, moved, vol=MIN_SCENARIO_VOL).contract_value_base, rel=REL)


# -- at and after expiry --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("dv", [0.0, 0.5, 1.9, -1.9])
def test_at_expiry_worth_intrinsic_whatever_the_vol(market, dv):
    put = EUROPEAN[0]  # XSP 540 put
    assert (put.expiry - market.valuation_date).days == 114  # 2026-11-25 -> 2027-03-19
    r = OptionRepricer([put, SPREAD, COLLAR], market)
    got = r.value(one(horizon_days=114, equity_SPX=-0.2, vol_SPX=dv, fx_USD=0.05))[0]
    # XSP: 540 − 600 × 0.8 = 60 points × 100 USD × 150 × 1.05 = 945,000 JPY.
    # SPX spread 5700/5100 at 4800: (900 − 300) × 100 × 157.5 = 600 × 15,750 = 9,450,000.
    # XSP collar 540/650 at 480: long put 60, short call 0 → 945,000.
    np.testing.assert_allclose(got, [945_000.0, 9_450_000.0, 945_000.0], rtol=1e-14)


@pytest.mark.parametrize("horizon", [115, 400])
def test_expired_inside_a_window_without_a_path_is_credited_with_nothing(market, horizon):
    """The conservative bound: never the end-point payoff (issue 12)."""
    r = OptionRepricer([EUROPEAN[0], SPREAD, COLLAR], market)
    s = one(horizon_days=horizon, equity_SPX=-0.2, fx_USD=0.05)
    np.testing.assert_array_equal(r.value(s)[0], [0.0, 0.0, 0.0])
    np.testing.assert_array_equal(r.uncredited(s)[0], [True, True, True])
    np.testing.assert_array_equal(r.quantlib_value(s)[0], [0.0, 0.0, 0.0])


@pytest.mark.parametrize("horizon", [115, 400])
def test_expired_inside_a_window_pays_at_its_expiry_on_the_path(market, horizon):
    """The path is at 0.8 on day 114 (the expiry) and ends at 0.7: the put pays at 0.8, converted at the end FX."""
    path = np.linspace(1.0, 0.7, horizon + 1)
    path[114] = 0.8
    s = ScenarioSet(pd.DataFrame({"label": ["p"], "horizon_days": [horizon], "equity.SPX": [-0.3],
                                  "fx.USD": [0.05], "path.SPX": pd.Series([path], dtype=object)}))
    r = OptionRepricer([EUROPEAN[0], SPREAD, COLLAR], market)
    # the hand numbers of the test above: 945,000, 9,450,000 and 945,000 JPY, at 0.8 not 0.7
    np.testing.assert_allclose(r.value(s)[0], [945_000.0, 9_450_000.0, 945_000.0], rtol=1e-14)
    np.testing.assert_allclose(r.quantlib_value(s)[0], [945_000.0, 9_450_000.0, 945_000.0], rtol=1e-14)
    assert not r.uncredited(s).any()


def test_at_expiry_calls_in_and_out_of_the_money(market):
    call = Option("XSP", "call", 590.0, "2027-03-19")
    r = OptionRepricer([call], market)
    # Spot 600 × 1.1 = 660: 70 points × 100 × 150 = 1,050,000; spot 600 × 0.9 = 540: worthless.
    s = ScenarioSet.from_records([{"label": "up", "horizon_days": 114, "equity.SPX": 0.1},
                                  {"label": "down", "horizon_days": 114, "equity.SPX": -0.1}])
    np.testing.assert_allclose(r.value(s)[:, 0], [1_050_000.0, 0.0], rtol=1e-13, atol=0)


# -- packages and lazy evaluation ------------------------------------------------------------------------------------
@pytest.fixture
def random_set(rng) -> ScenarioSet:
    n = 40
    return ScenarioSet(pd.DataFrame({
        "label": [f"r{i}" for i in range(n)],
        "horizon_days": rng.integers(0, 150, n),
        "equity.SPX": rng.uniform(-0.5, 0.3, n),
        "equity.NKY": rng.uniform(-0.5, 0.3, n),
        "fx.USD": rng.uniform(-0.2, 0.2, n),
        "vol.SPX": rng.uniform(-0.05, 0.4, n),
        "vol.NKY": rng.uniform(-0.05, 0.4, n),
        "rate.USD": rng.uniform(-0.01, 0.01, n),
    }))


def test_put_spread_is_long_minus_short(market, random_set):
    long_put, short_put = Option("SPX", "put", 5700.0, "2027-03-19"), Option("SPX", "put", 5100.0, "2027-03-19")
    r = OptionRepricer([SPREAD, long_put, short_put], market)
    v = r.value(random_set)
    np.testing.assert_allclose(v[:, 0], v[:, 1] - v[:, 2], rtol=1e-12, atol=1e-6)
    today = r.value_today()
    assert today[0] == pytest.approx(today[1] - today[2], rel=1e-12)


def test_lazy_subsets_equal_slices(market, random_set):
    r = OptionRepricer([*EUROPEAN, SPREAD, COLLAR], market)
    full = r.value(random_set)
    rows, cols = np.array([7, 0, 33, 7]), np.array([6, 2, 0])
    np.testing.assert_allclose(r.value(random_set, rows, cols), full[np.ix_(rows, cols)], rtol=1e-14, atol=0)
    np.testing.assert_allclose(r.value(random_set, rows=rows), full[rows], rtol=1e-14, atol=0)
    np.testing.assert_allclose(r.value(random_set, columns=cols), full[:, cols], rtol=1e-14, atol=0)
    pnl = r.pnl(random_set)
    np.testing.assert_allclose(pnl, full - r.value_today()[None, :], rtol=1e-14, atol=0)
    np.testing.assert_allclose(r.pnl(random_set, rows, cols), pnl[np.ix_(rows, cols)], rtol=1e-14, atol=1e-8)


@pytest.mark.parametrize("block", [1, 3, 7, 16, 39, 40, 10_000])
def test_row_blocks_give_the_unblocked_values_bit_for_bit(market, random_set, rng, block):
    """Blocked repricing (ROW_BLOCK rows at a time) against one block of every row: the slow, obviously-right twin.

    Index options, a package, American SPY legs and USD/JPY options (a currency pair's return and foreign rate),
    rows shuffled and repeated, windows of 0-150 days (legs expiring inside some); a row's value depends on that
    row alone, so the two must agree exactly.
    """
    r = OptionRepricer([*EUROPEAN, SPREAD, COLLAR, Option("SPY", "put", 560.0, "2027-03-19"),
                        Option("USDJPY_OPT", "put", 145.0, "2027-02-19")], market)
    rows = rng.permutation(np.concatenate([np.arange(40), rng.integers(0, 40, 25)]))
    cols = rng.permutation(len(r))[:6]
    whole = r.value(random_set, rows, cols, block=rows.size)
    np.testing.assert_array_equal(r.value(random_set, rows, cols, block=block), whole)
    np.testing.assert_array_equal(r.value(random_set, block=block), r.value(random_set, block=40))


def test_uncredited_without_legs_inside_any_window_is_all_false(market, random_set):
    """The shortcut (every leg outlives every window) against the rule it skips: no path, a leg expiring inside."""
    r = OptionRepricer([*EUROPEAN, SPREAD], market)
    first = int(r.legs.expiry_days.min())  # the 2026-12-18 put's days
    shorter = random_set.subset(np.flatnonzero(random_set.horizon_days <= first)) + one(horizon_days=first)
    assert not r.uncredited(shorter).any()  # a leg expiring on the window's last day is not inside it
    assert r.uncredited(one(horizon_days=first + 1))[0].tolist() == [False, False, True, False, False, False]
    inside = np.zeros((len(random_set), len(r)), dtype=bool)  # by hand: a leg expiring before the window's end
    for leg, owner in enumerate(r.legs.owner):
        inside[:, owner] |= r.legs.expiry_days[leg] < random_set.horizon_days
    assert inside.any()
    np.testing.assert_array_equal(r.uncredited(random_set), inside)


def test_kernel_equals_quantlib_twin_european(market, random_set):
    r = OptionRepricer([*EUROPEAN, SPREAD, COLLAR], market)
    rows = np.arange(0, 40, 4)
    fast, slow = r.value(random_set, rows), r.quantlib_value(random_set, rows)
    # Closed form both sides; deep out-of-the-money values near 0 are compared absolutely (1e-6 JPY).
    np.testing.assert_allclose(fast, slow, rtol=REL, atol=1e-6)


def test_kernel_within_stated_error_for_american(market, random_set):
    spy = [Option("SPY", "put", 560.0, "2027-03-19"), Option("SPY", "call", 620.0, "2027-06-18")]
    r = OptionRepricer(spy, market)
    rows = np.arange(0, 40, 5)
    fast, slow = r.value(random_set, rows), r.quantlib_value(random_set, rows)
    # the one stated American tolerance, pricing.american.MAX_ERROR_PER_STRIKE (7.5e-3 x strike per unit); per
    # contract x 100 shares x FX.
    fx = 150.0 * (1.0 + random_set.fx("USD")[rows])[:, None]
    bound = MAX_ERROR_PER_STRIKE * np.array([560.0, 620.0])[None, :] * 100.0 * fx
    assert np.all(np.abs(fast - slow) <= bound)


def test_quantlib_twin_equals_price_after_move(market):
    s = one(horizon_days=10, equity_SPX=-0.2, vol_SPX=0.05)
    got = OptionRepricer(EUROPEAN[:1], market).quantlib_value(s)[0, 0]
    assert got == pytest.approx(moved_reference(EUROPEAN[0], market, -0.2, 0.05, 10), rel=REL)


def test_leg_table(market):
    legs = LegTable.build([EUROPEAN[0], SPREAD], market)
    assert legs.owner.tolist() == [0, 1, 1]
    assert legs.quantity.tolist() == [1.0, 1.0, -1.0]  # spread: long 5700, short 5100
    assert legs.strike.tolist() == [540.0, 5700.0, 5100.0]
    assert legs.price_ratio.tolist() == [0.1, 1.0, 1.0]
    assert legs.t[0] == pytest.approx(114 / 365, rel=1e-15)
    picked, col = legs.select(np.array([1]))
    assert picked.strike.tolist() == [5700.0, 5100.0] and col.tolist() == [0, 0]


def test_empty_repricer(market):
    r = OptionRepricer([], market)
    assert len(r) == 0 and r.value(one()).shape == (1, 0) and r.value_today().shape == (0,)


def test_expired_option_rejected(market):
    with pytest.raises(InputError, match=r"expiry"):
        OptionRepricer([Option("XSP", "put", 640.0, "2026-10-16")], market).value_today()


# -- the 2007-09 bear on its recorded path (issue 12) ---------------------------------------------------------------
def test_gfc_51_day_put_pays_on_2007_11_29_and_a_two_year_put_at_the_end(market):
    """The 517-day GFC episode: a put expiring on day 51 sees 2007-11-29 (-6.1%), not the trough (-56.8%)."""
    from scenarios import historical_episodes

    gfc = historical_episodes("2007-10 GFC bear")
    short = Option("XSP", "put", 540.0, "2027-01-15")  # 51 days after 2026-11-25, strike 90% of 600
    long = Option("XSP", "put", 540.0, "2028-12-15")  # 751 days: alive at the episode's end (day 517)
    assert (short.expiry - market.valuation_date).days == 51
    r = OptionRepricer([short, long], market)
    got = r.value(gfc)[0]
    # day 51: 600 x 1469.72 / 1565.15 = 563.4 > 540: worthless (the end-point payoff would be 280 points)
    assert got[0] == 0.0
    # day 517: spot 600 x 676.53 / 1565.15 = 259.34, 234 days left: at least the discounted intrinsic
    spot_end = 600.0 * 676.53 / 1565.15
    rate = 0.04 - 0.0383  # the flat USD curve moved by the episode's 3m T-bill change
    intrinsic = (540.0 * np.exp(-rate * 234 / 365) - spot_end * np.exp(-0.013 * 234 / 365))
    fx_end = 150.0 * (1.0 + gfc.fx("USD")[0])
    assert got[1] >= intrinsic * 100.0 * fx_end
    np.testing.assert_allclose(got, r.quantlib_value(gfc)[0], rtol=1e-10)
    assert not r.uncredited(gfc).any()

"""Option repricing: the numbers the mutation run found unchecked (``make mutation``): each leg's price and delta
today against QuantLib, the window that ends on an expiry day, subsets of rows and columns, the American twin."""

from __future__ import annotations

import numpy as np
import pytest

from pricing import Option, default_market, put_spread
from pricing.american import MAX_ERROR_PER_STRIKE
from pricing.quantlib_engine import price
from scenarios import ScenarioSet
from scenarios.repricing import OptionRepricer, underlying_return

M = default_market()  # valued on 25 Nov 2026
XSP = Option("XSP", "put", 540.0, "2026-12-18")  # 23 days to expiry
SPREAD = put_spread("SPX", 5700.0, 5100.0, "2027-03-19")
SPY = Option("SPY", "put", 500.0, "2027-03-19")  # American, 100 shares
WINDOWS = ScenarioSet.from_records([{"label": "to expiry", "horizon_days": 23},
                                    {"label": "a day past", "horizon_days": 24},
                                    {"label": "today", "horizon_days": 0}])


def test_each_leg_today_is_quantlibs_price_and_delta() -> None:
    unit, delta = OptionRepricer([XSP, SPREAD, SPY], M).legs_today()
    xsp, spread, spy = (price(i, M) for i in (XSP, SPREAD, SPY))
    assert unit[0] == pytest.approx(xsp.price, rel=1e-9)
    assert unit[1] - unit[2] == pytest.approx(spread.price, rel=1e-9)  # long the 5700, short the 5100
    assert abs(unit[3] - spy.price) <= MAX_ERROR_PER_STRIKE * 500.0  # the fast American approximation
    assert delta[0] == pytest.approx(abs(xsp.delta), rel=1e-9)
    assert delta[1] - delta[2] == pytest.approx(abs(spread.delta), rel=1e-9)
    assert 0.0 < delta[3] < 1.0 and delta[3] == pytest.approx(abs(spy.delta), abs=2e-3)  # European delta


def test_a_window_ending_on_the_expiry_day_credits_the_option_and_one_past_it_does_not() -> None:
    flags = OptionRepricer([XSP, SPREAD], M).uncredited(WINDOWS)
    np.testing.assert_array_equal(flags, [[False, False], [True, False], [False, False]])


def test_uncredited_on_subsets_and_on_no_rows() -> None:
    repricer = OptionRepricer([SPREAD, XSP], M)
    whole = repricer.uncredited(WINDOWS)
    np.testing.assert_array_equal(repricer.uncredited(WINDOWS, np.array([1, 2]), np.array([1])), whole[1:, 1:])
    assert repricer.uncredited(WINDOWS, np.array([], dtype=np.int64)).shape == (0, 2)


def test_the_quantlib_twin_prices_an_american_leg_as_american_on_a_subset() -> None:
    repricer = OptionRepricer([XSP, SPY], M)
    twin = repricer.quantlib_value(WINDOWS, np.array([2]), np.array([1]))
    assert twin.shape == (1, 1)
    assert twin[0, 0] == pytest.approx(price(SPY, M).contract_value_base, rel=2e-4)  # today: QuantLib's value


def test_a_pairs_return_is_its_foreign_currencys_move_against_the_base_and_an_index_its_equity_move() -> None:
    moves = ScenarioSet.from_records([{"label": "yen up", "horizon_days": 0, "fx.USD": -0.10, "equity.SPX": -0.2},
                                      {"label": "yen down", "horizon_days": 0, "fx.USD": 0.25}])
    np.testing.assert_allclose(underlying_return(moves, M, "USDJPY"), [-0.10, 0.25], rtol=1e-15)
    np.testing.assert_allclose(underlying_return(moves, M, "SPX"), [-0.2, 0.0], rtol=1e-15)

"""Path metrics: hand-computed values, vectorisation over paths, input checks and invariance properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hedgeopt.paths.metrics import (
    annual_vol,
    cagr,
    calmar,
    drawdown,
    max_drawdown,
    max_drawdown_dates,
    min_survival_days,
    sharpe,
    survival_days,
)
from pricing import InputError

NAV = np.array([100.0, 120.0, 90.0, 95.0, 130.0])
# 2021-01-01 -> 2022-01-01 is exactly 365 calendar days.
DATES = pd.DatetimeIndex(["2021-01-01", "2021-03-01", "2021-06-01", "2021-09-01", "2022-01-01"])
RETURNS = np.array([0.01, -0.02, 0.03, 0.0])
RET_NAV = 100.0 * np.concatenate([[1.0], np.cumprod(1.0 + RETURNS)])
# Consecutive calendar days: every step is dt = 1/365.
DAILY = pd.date_range("2024-01-01", periods=5, freq="D")
# By hand: mean 0.005; deviations .005, -.025, .025, -.005; sum of squares 0.0013; sample variance 0.0013 / 3.
VOL_BY_HAND = math.sqrt(0.0013 / 3.0) * math.sqrt(252.0)


# --- drawdown ---------------------------------------------------------------------------------------------------

def test_drawdown_by_hand() -> None:
    np.testing.assert_allclose(drawdown(NAV), [0.0, 0.0, -0.25, 95.0 / 120.0 - 1.0, 0.0])


def test_max_drawdown_by_hand() -> None:
    assert max_drawdown(NAV) == pytest.approx(-0.25)
    assert max_drawdown([100.0, 101.0, 102.0]) == 0.0
    assert max_drawdown([100.0, 0.0]) == -1.0  # a ruined path


def test_max_drawdown_dates_by_hand() -> None:
    assert max_drawdown_dates(NAV, DATES) == (pd.Timestamp("2021-03-01"), pd.Timestamp("2021-06-01"))


def test_max_drawdown_dates_first_peak_and_no_drawdown() -> None:
    # The running max 120 is reached on day 1 and again on day 3; the trough (day 4) is measured from it.
    nav = [100.0, 120.0, 110.0, 120.0, 60.0]
    dates = pd.date_range("2024-01-01", periods=5, freq="D")
    assert max_drawdown_dates(nav, dates) == (dates[1], dates[4])
    assert max_drawdown_dates([1.0, 2.0, 3.0], dates[:3]) == (dates[0], dates[0])


# --- cagr, vol, sharpe, calmar ------------------------------------------------------------------------------------

def test_cagr_by_hand() -> None:
    one_year = pd.DatetimeIndex(["2021-01-04", "2022-01-04"])
    assert cagr([100.0, 110.0], one_year) == pytest.approx(0.10)
    two_years = pd.DatetimeIndex(["2021-01-04", "2022-01-04", "2023-01-04"])
    assert cagr([100.0, 150.0, 121.0], two_years) == pytest.approx(0.10)
    assert cagr(NAV, DATES) == pytest.approx(0.30)


def test_annual_vol_by_hand() -> None:
    assert annual_vol(RET_NAV) == pytest.approx(VOL_BY_HAND)
    assert annual_vol(RET_NAV, periods_per_year=12) == pytest.approx(math.sqrt(0.0013 / 3.0) * math.sqrt(12.0))


def test_sharpe_by_hand() -> None:
    assert sharpe(RET_NAV, DAILY, 0.0) == pytest.approx(0.005 * 252.0 / VOL_BY_HAND)
    # rate 3.65% accrues 0.0001 a calendar day; x252 gives a mean risk-free of 0.0252 a year.
    assert sharpe(RET_NAV, DAILY, 0.0365) == pytest.approx((0.005 - 0.0001) * 252.0 / VOL_BY_HAND)


def test_sharpe_accrues_over_calendar_gaps_and_ignores_last_rate() -> None:
    # Fri -> Mon is 3 calendar days: rf = rate * 3/365 on that step.
    dates = pd.DatetimeIndex(["2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09", "2024-01-10"])
    rates = np.array([0.0365, 0.0365, 0.0365, 0.0365, 0.45])  # the last date's rate is never used
    rf_mean = 0.0001 * (1 + 3 + 1 + 1) / 4.0
    assert sharpe(RET_NAV, dates, rates) == pytest.approx((0.005 - rf_mean) * 252.0 / VOL_BY_HAND)


def test_sharpe_zero_vol_is_nan() -> None:
    nav = 100.0 * 1.001 ** np.arange(5)  # constant returns: vol is 0 up to rounding
    assert math.isnan(sharpe(nav, DAILY, 0.0))


def test_calmar_by_hand() -> None:
    assert calmar(NAV, DATES) == pytest.approx(0.30 / 0.25)
    assert math.isnan(calmar([100.0, 101.0, 102.0, 103.0, 104.0], DATES))


# --- survival days ------------------------------------------------------------------------------------------------

def test_survival_cash_covers_lag_so_mmf_counts() -> None:
    # Daily loss 1000 x 10% = 100; cash lasts 3 days >= lag 2, so the MMF arrives: (300 + 1000) / 100.
    assert survival_days(300.0, 1000.0, 1000.0, -0.10, 2) == pytest.approx(13.0)
    assert survival_days(200.0, 1000.0, 1000.0, -0.10, 2) == pytest.approx(12.0)  # exactly on the lag


def test_survival_cash_runs_out_before_lag() -> None:
    assert survival_days(100.0, 1000.0, 1000.0, -0.10, 2) == pytest.approx(1.0)


def test_survival_zero_exposure_or_move_is_inf() -> None:
    assert survival_days(0.0, 0.0, 0.0, -0.10, 2) == math.inf
    assert survival_days(100.0, 0.0, 1000.0, 0.0, 2) == math.inf


def test_survival_magnitude_and_negative_cash() -> None:
    assert survival_days(300.0, 1000.0, 1000.0, 0.10, 2) == survival_days(300.0, 1000.0, 1000.0, -0.10, 2)
    assert survival_days(-50.0, 1000.0, 1000.0, -0.10, 0) == pytest.approx(10.0)  # same-day MMF
    assert survival_days(-50.0, 1000.0, 1000.0, -0.10, 1) == 0.0


def test_min_survival_days_per_path() -> None:
    cash = np.array([[300.0, 100.0, 500.0], [300.0, 300.0, 300.0]])
    # Path 2: loss 1000 x 5% = 50 a day; cash lasts 6 days >= 2, so (300 + 1000) / 50 = 26.
    days = survival_days(cash, 1000.0, 1000.0, np.array([-0.10, -0.05]), 2)
    np.testing.assert_allclose(days, [[13.0, 1.0, 15.0], [26.0, 26.0, 26.0]])
    np.testing.assert_allclose(min_survival_days(cash, 1000.0, 1000.0, np.array([-0.10, -0.05]), 2), [1.0, 26.0])
    assert min_survival_days(cash[0], 1000.0, 1000.0, -0.10, 2) == pytest.approx(1.0)


# --- vectorisation ------------------------------------------------------------------------------------------------

def test_two_paths_match_per_path_results() -> None:
    other = np.array([100.0, 90.0, 99.0, 80.0, 104.0])
    both = np.vstack([NAV, other])
    rates = np.array([[0.01], [0.03]])
    for i, path in enumerate(both):
        np.testing.assert_allclose(drawdown(both)[i], drawdown(path))
        assert max_drawdown(both)[i] == pytest.approx(max_drawdown(path))
        assert max_drawdown_dates(both, DATES)[i] == max_drawdown_dates(path, DATES)
        assert cagr(both, DATES)[i] == pytest.approx(cagr(path, DATES))
        assert annual_vol(both)[i] == pytest.approx(annual_vol(path))
        assert sharpe(both, DATES, rates)[i] == pytest.approx(sharpe(path, DATES, rates[i, 0]))
        assert calmar(both, DATES)[i] == pytest.approx(calmar(path, DATES))
    assert max_drawdown_dates(both, DATES)[1] == (DATES[0], DATES[3])
    assert max_drawdown(both).shape == (2,)


# --- input checks -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("call", "field"), [
    (lambda: survival_days(100.0, 1000.0, -1.0, -0.1, 2), "exposure"),
    (lambda: survival_days(100.0, -1.0, 1000.0, -0.1, 2), "redeemable"),
    (lambda: survival_days(100.0, 1000.0, 1000.0, -0.1, -1), "lag_days"),
    (lambda: survival_days(100.0, 1000.0, 1000.0, -0.1, 1.5), "lag_days"),
    (lambda: survival_days(100.0, 1000.0, 1000.0, -10.0, 2), "worst_move"),
    (lambda: survival_days(np.ones((2, 3)), 1000.0, 1000.0, [-0.1, -0.1, -0.1], 2), "worst_move"),
    (lambda: survival_days(np.ones((2, 3)), np.ones(4), 1000.0, -0.1, 2), "redeemable"),
    (lambda: max_drawdown(np.ones((2, 2, 2))), "nav"),
    (lambda: max_drawdown([0.0, 1.0]), "nav[0, 0]"),
    (lambda: annual_vol([1.0, 0.0, 1.0]), "nav[0, 1]"),
    (lambda: annual_vol([1.0, 1.1]), "nav"),
    (lambda: annual_vol(NAV, periods_per_year=0), "periods_per_year"),
    (lambda: cagr(NAV, DATES[:4]), "dates"),
    (lambda: cagr(NAV, DATES[::-1]), "dates"),
    (lambda: sharpe(NAV, DATES, 4.0), "rate"),
    (lambda: sharpe(np.vstack([NAV, NAV]), DATES, np.array([0.01, 0.02])), "rate"),
])
def test_bad_input_names_the_field(call, field: str) -> None:
    with pytest.raises(InputError) as info:
        call()
    assert info.value.field == field


# --- properties ---------------------------------------------------------------------------------------------------

@st.composite
def nav_paths(draw) -> np.ndarray:
    n_paths = draw(st.integers(1, 4))
    n_days = draw(st.integers(2, 40))
    returns = draw(st.lists(st.floats(-0.6, 0.6), min_size=n_paths * n_days, max_size=n_paths * n_days))
    growth = np.cumprod(1.0 + np.reshape(returns, (n_paths, n_days)), axis=1)
    return 100.0 * np.hstack([np.ones((n_paths, 1)), growth])


@settings(max_examples=200, deadline=None)
@given(nav=nav_paths(), scale=st.floats(1e-3, 1e6))
def test_properties_of_random_paths(nav: np.ndarray, scale: float) -> None:
    dates = pd.bdate_range("2020-01-01", periods=nav.shape[1])
    mdd = max_drawdown(nav)
    assert np.all((mdd >= -1.0) & (mdd <= 0.0))
    assert np.all(drawdown(nav) <= 0.0)
    for peak, trough in max_drawdown_dates(nav, dates):
        assert peak <= trough
    scaled = nav * scale
    np.testing.assert_allclose(drawdown(scaled), drawdown(nav), atol=1e-12)
    np.testing.assert_allclose(max_drawdown(scaled), mdd, atol=1e-12)
    # Scaling may only move the dates between equally deep troughs (a tie up to rounding).
    dd = drawdown(nav)
    for row, (_, trough) in enumerate(max_drawdown_dates(scaled, dates)):
        assert dd[row, dates.get_loc(trough)] == pytest.approx(mdd[row], abs=1e-12)
    np.testing.assert_allclose(cagr(scaled, dates), cagr(nav, dates), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(annual_vol(scaled), annual_vol(nav), rtol=1e-9, atol=1e-12)
    # Ratios over a near-zero vol or drawdown are ill-conditioned (rounding of 1e-16 over 1e-12): compare the rest.
    vol_ok = annual_vol(nav) > 1e-6
    np.testing.assert_allclose(sharpe(scaled, dates, 0.02)[vol_ok], sharpe(nav, dates, 0.02)[vol_ok],
                               rtol=1e-7, atol=1e-9)
    dd_ok = mdd < -1e-6
    np.testing.assert_allclose(calmar(scaled, dates)[dd_ok], calmar(nav, dates)[dd_ok], rtol=1e-7, atol=1e-9)
    assert np.all(np.isnan(calmar(nav, dates)[mdd == 0.0]))

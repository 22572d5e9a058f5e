"""The embedded SSVI surfaces against the published figures they were fitted to, each cited where it is used.

Fitted values (what the surfaces give) are printed by ``bench/fit_surfaces.py``; the tolerances are stated per test.
"""

from __future__ import annotations

import numpy as np
import pytest

from pricing.market import NKY_SURFACE, PARAMETRIC_SURFACES, SPX_SURFACE, default_market
from pricing.smile_metrics import cboe_skew, model_free_vol, moneyness_at_delta

SPX_CARRY, NKY_CARRY = 0.04 - 0.013, 0.005 - 0.018  # the default market's r - q (pricing.market.DEFAULT_RATES ...)

# -- published figures ------------------------------------------------------------------------------------------
VIX_AVG = 19.80  # Cboe Options Hub, "Introducing the Cboe One-Year Volatility Index", 22 Apr 2018: avg 1/2007-3/2018
VIX1Y_AVG = 23.00  # same post: VIX1Y average close over the same period, January 2007 - March 2018
SKEW_AVG = 118.8  # Cboe Options Hub, 18 Aug 2017 ("... SKEW Index tops 142 each day this week"): daily avg since 1990
SKEW_RANGE = (100.0, 150.0)  # Investopedia, "SKEW Index": "SKEW values generally range from 100 to 150"
# SPX monthly averages of 30-day implied vols, percent: (month, ATM, 25-delta put, 25-delta call, 10-delta put - call),
# optionsanalysissuite.com/index/spx/history/<month> ("ATM IV", "Put IV 25d", "Call IV 25d", "Skew 10d"). The page's
# ATM IV is its 30-day measure (30-day expected move 3.4% = 11.8% x sqrt(30/365) in 2015-04); the delta vols are
# taken to be 30-day as well.
SPX_30D_BY_DELTA = [
    ("2010-03", 14.6, 17.0, 13.6, 7.3),  # optionsanalysissuite.com/index/spx/history/2010-03
    ("2015-02", 13.2, 16.3, 11.1, 10.6),  # optionsanalysissuite.com/index/spx/history/2015-02
    ("2015-04", 11.8, 14.5, 9.9, 8.2),  # optionsanalysissuite.com/index/spx/history/2015-04
    ("2015-05", 11.5, 14.2, 9.6, 8.4),  # optionsanalysissuite.com/index/spx/history/2015-05
    ("2016-07", 10.7, 13.1, 9.1, 7.7),  # optionsanalysissuite.com/index/spx/history/2016-07
]
# SPY on 3 Apr 2017, spot 235.33, May 19 expiry 46 days away, implied vols of OTM puts, percent (elitetrader.com,
# thread "Question about (Strike Price) Implied Volatility Skew", 3 Apr 2017); 235 is the at-the-money strike.
SPY_SPOT, SPY_DAYS, SPY_ATM = 235.33, 46, (235.0, 9.29)
SPY_PUTS = [(210.0, 19.09), (215.0, 17.16), (220.0, 15.21), (225.0, 13.27), (230.0, 11.31)]  # same thread
# SPY 31 days to the 30 May 2025 expiry: the implied-vol minimum of both puts and calls sits around 590-600 with the
# spot around 550 (reddit r/options, "reasoning behind SPY 5/30 IV skew", Apr 2025): K/S about 1.07-1.09.
SMILE_MINIMUM = (590.0 / 550.0, 600.0 / 550.0)
NIKKEI_VI_RANGE = (20.0, 30.0)  # Futu News, 29 Oct 2024 (news.futunn.com/en/post/49258966): Nikkei VI "returns to ...
# a certain range (around 20 to 30) after a sharp rise"


def _vol(surface, m, days):
    return float(surface.vol(m, days / 365))


def _delta_vol(surface, carry, delta, days=30):
    return _vol(surface, moneyness_at_delta(surface, carry, days / 365, delta), days)


# -- S&P 500 -----------------------------------------------------------------------------------------------------
def test_spx_vix_and_vix1y_long_run_levels():
    # Fitted exactly; 0.10 vol point covers rounding the parameters to four decimals.
    assert 100 * model_free_vol(SPX_SURFACE, SPX_CARRY) == pytest.approx(VIX_AVG, abs=0.10)  # surface 19.81
    assert 100 * model_free_vol(SPX_SURFACE, SPX_CARRY, 1.0) == pytest.approx(VIX1Y_AVG, abs=0.10)  # surface 23.00


def test_spx_skew_index_near_its_long_run_average():
    # Tolerance 3 points: the fit trades SKEW against the smile points below (daily SKEW moves far more than that).
    skew = cboe_skew(SPX_SURFACE, SPX_CARRY)  # surface 120.2
    assert skew == pytest.approx(SKEW_AVG, abs=3.0)
    assert SKEW_RANGE[0] < skew < SKEW_RANGE[1]
    # the old parametric surface sits well below: about 110 even after truncating at half an SPX tick
    assert cboe_skew(PARAMETRIC_SURFACES["SPX"], SPX_CARRY, min_price=0.025 / 6000) < SKEW_AVG - 8


def test_spx_30_day_smile_by_delta_relative_to_atm():
    # Published ratios (skew over ATM carries across vol levels: Mixon, J. Derivatives 18(4), 2011). Each fitted
    # ratio must lie within the five months' range and within 0.03 (puts, calls) / 0.08 (10-delta risk reversal)
    # of their mean.
    atm = np.array([row[1] for row in SPX_30D_BY_DELTA])
    put25 = np.array([row[2] for row in SPX_30D_BY_DELTA]) / atm - 1  # 0.164 .. 0.235, mean 0.217
    call25 = np.array([row[3] for row in SPX_30D_BY_DELTA]) / atm - 1  # -0.165 .. -0.068, mean -0.141
    rr10 = np.array([row[4] for row in SPX_30D_BY_DELTA]) / atm  # 0.500 .. 0.803, mean 0.690
    surface_atm = _vol(SPX_SURFACE, 1.0, 30)
    got_put25 = _delta_vol(SPX_SURFACE, SPX_CARRY, -0.25) / surface_atm - 1  # surface 0.211
    got_call25 = _delta_vol(SPX_SURFACE, SPX_CARRY, 0.25) / surface_atm - 1  # surface -0.140
    got_rr10 = (_delta_vol(SPX_SURFACE, SPX_CARRY, -0.10) - _delta_vol(SPX_SURFACE, SPX_CARRY, 0.10)) / surface_atm
    for name, got, published, tol in (("25-delta put", got_put25, put25, 0.03),
                                      ("25-delta call", got_call25, call25, 0.03),
                                      ("10-delta risk reversal", got_rr10, rr10, 0.08)):
        assert published.min() <= got <= published.max(), (name, got, published)
        assert got == pytest.approx(published.mean(), abs=tol), (name, got, published.mean())


def test_spx_30_day_put_wing_in_vol_points():
    # At the surface's 17.2% ATM the ratios above mean a 25-delta put 3.6 and a 10-delta put 8.6 vol points over
    # ATM; the issue that asked for this surface measured 1.4 and 3.2 on the old one (issue 12).
    atm = _vol(SPX_SURFACE, 1.0, 30)
    assert 100 * (_delta_vol(SPX_SURFACE, SPX_CARRY, -0.25) - atm) == pytest.approx(3.64, abs=0.01)  # surface value
    assert 100 * (_delta_vol(SPX_SURFACE, SPX_CARRY, -0.10) - atm) == pytest.approx(8.61, abs=0.01)  # surface value
    old = PARAMETRIC_SURFACES["SPX"]
    old_atm = _vol(old, 1.0, 30)
    assert 100 * (_delta_vol(old, SPX_CARRY, -0.25) - old_atm) == pytest.approx(1.4, abs=0.05)  # issue 12
    assert 100 * (_delta_vol(old, SPX_CARRY, -0.10) - old_atm) == pytest.approx(3.2, abs=0.05)  # issue 12


@pytest.mark.parametrize(("strike", "published"), SPY_PUTS)
def test_spy_april_2017_46_day_smile_by_strike(strike, published):
    # Vol points over the at-the-money strike, tolerance 1.0 point: one day's snapshot at a 9.3% ATM vol, where the
    # surface sits at the long-run 17%; the fit gives 9.09, 7.36, 5.57, 3.72, 1.84 for 210 ... 230.
    got = 100 * (_vol(SPX_SURFACE, strike / SPY_SPOT, SPY_DAYS) - _vol(SPX_SURFACE, SPY_ATM[0] / SPY_SPOT, SPY_DAYS))
    assert got == pytest.approx(published - SPY_ATM[1], abs=1.0)


def test_spx_short_dated_call_wing_turns_up():
    # The smile's minimum lies above the spot, near the published 1.07-1.09 at 31 days (tolerance 0.03), and far
    # calls are not cheap: the 7-day 110% call is above the 7-day ATM vol (the old surface gave it 5.5%).
    strikes = np.linspace(0.95, 1.25, 30001)
    lowest = float(strikes[np.argmin(SPX_SURFACE.vol(strikes, 31 / 365))])  # surface 1.057
    assert SMILE_MINIMUM[0] - 0.03 <= lowest <= SMILE_MINIMUM[1] + 0.03
    call_7d = _vol(SPX_SURFACE, 1.10, 7)  # surface 17.5%
    assert call_7d > _vol(SPX_SURFACE, 1.0, 7)
    assert call_7d == pytest.approx(0.1754, abs=5e-4)  # the surface's value, pinned
    assert _vol(PARAMETRIC_SURFACES["SPX"], 1.10, 7) == pytest.approx(0.055, abs=5e-4)  # issue 12: "5.5% vol"


# -- Nikkei 225 ----------------------------------------------------------------------------------------------------
def test_nky_vi_level_and_term_structure():
    vi = 100 * model_free_vol(NKY_SURFACE, NKY_CARRY)  # surface 25.00
    assert vi == pytest.approx(sum(NIKKEI_VI_RANGE) / 2, abs=0.10)  # the middle of the published range
    assert NIKKEI_VI_RANGE[0] < vi < NIKKEI_VI_RANGE[1]
    # one year: no Nikkei figure found; the S&P 500's VIX1Y / VIX ratio applied (25.0 x 23.00 / 19.80 = 29.04)
    assert 100 * model_free_vol(NKY_SURFACE, NKY_CARRY, 1.0) == pytest.approx(25.0 * VIX1Y_AVG / VIX_AVG, abs=0.10)


def test_nky_smile_shape_is_the_spx_one():
    # No published Nikkei smile found: the S&P 500's rho, eta, gamma (Foresi & Wu, J. Derivatives 13(2), 2005: the
    # major indices' smirks are "strikingly similar").
    assert (NKY_SURFACE.rho, NKY_SURFACE.eta, NKY_SURFACE.gamma) == (SPX_SURFACE.rho, SPX_SURFACE.eta,
                                                                     SPX_SURFACE.gamma)
    assert 100 < cboe_skew(NKY_SURFACE, NKY_CARRY) < 150  # surface 121.8


def test_default_market_uses_them_and_says_it_is_illustrative():
    market = default_market()
    assert market.surface("SPX") is SPX_SURFACE and market.surface("NKY") is NKY_SURFACE
    assert "illustrative" in market.label and "not live data" in market.label
    assert SPX_SURFACE.carry == pytest.approx(SPX_CARRY, abs=1e-15)
    assert NKY_SURFACE.carry == pytest.approx(NKY_CARRY, abs=1e-15)

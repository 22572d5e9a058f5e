"""Tests of pricing.smiles.fit: recovery of known slices, noise, calendar-inconsistent quotes, weights, refusals."""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
import pytest

from pricing.errors import InputError
from pricing.market import SPX_SURFACE
from pricing.smiles.arbitrage import arbitrage_report
from pricing.smiles.fit import default_weights, fit_ssvi_slices

TIMES = np.array([14, 30, 91, 182, 365]) / 365.0


def spx_quotes(times: np.ndarray = TIMES, n: int = 40, spread: float = 0.01) -> pd.DataFrame:
    """Quotes read off the embedded SPX surface: n strikes per expiry, wider in moneyness for longer expiries."""
    rows = []
    for t in times:
        width = 0.25 * math.sqrt(t / 0.25) ** 0.5
        m = np.exp(np.linspace(-1.6 * width, 0.7 * width, n) + SPX_SURFACE.carry * t)
        iv = SPX_SURFACE.vol(m, t)
        rows.append(pd.DataFrame({"t": t, "forward_ratio": math.exp(SPX_SURFACE.carry * t), "moneyness": m, "iv": iv,
                                  "iv_bid": iv - spread / 2, "iv_ask": iv + spread / 2}))
    return pd.concat(rows, ignore_index=True)


def test_recovers_the_slices_the_quotes_came_from():
    fit = fit_ssvi_slices(spx_quotes(), label="SPX")
    assert float(fit.quotes["error"].abs().max()) < 1e-4
    assert fit.quotes["inside"].all() and fit.arbitrage.empty and fit.surface.label == "SPX"
    for row in fit.by_expiry.itertuples():
        theta = float(SPX_SURFACE.theta(row.t))
        assert row.theta == pytest.approx(theta, rel=1e-3)
        assert row.rho == pytest.approx(SPX_SURFACE.rho, abs=1e-3)
        assert row.psi == pytest.approx(theta * float(SPX_SURFACE.phi(theta)), rel=1e-3)
        assert row.forward_ratio == pytest.approx(math.exp(SPX_SURFACE.carry * row.t), rel=1e-14)
        assert row.n == 40 and row.max_abs_error < 1e-4


def test_with_noise_the_rms_error_is_the_noise():
    quotes = spx_quotes(n=60)
    noise = 0.003  # 0.3 vol points
    quotes["iv"] += np.random.default_rng(7).normal(0.0, noise, len(quotes))
    fit = fit_ssvi_slices(quotes)
    rms = float(np.sqrt(np.mean(fit.quotes["error"] ** 2)))
    # three parameters per 60 quotes: the residual rms is about noise * sqrt(57/60) = 0.00292
    assert 0.8 * noise < rms < 1.1 * noise
    assert (0.6 * noise < fit.by_expiry["rms_error"]).all() and (fit.by_expiry["rms_error"] < 1.4 * noise).all()
    # and the fit is closer to the truth than the quotes are
    truth = SPX_SURFACE.vol(quotes["moneyness"].to_numpy(), quotes["t"].to_numpy())
    assert float(np.sqrt(np.mean((fit.quotes["fit_iv"] - truth) ** 2))) < 0.3 * noise


def test_calendar_inconsistent_quotes_give_an_arbitrage_free_fit_with_the_error_where_it_belongs():
    quotes = spx_quotes()
    second = quotes["t"] == TIMES[1]
    # the second expiry's vols cut so that its ATM total variance is 20% below the first's
    ratio = math.sqrt(0.8 * float(SPX_SURFACE.theta(TIMES[0]) / SPX_SURFACE.theta(TIMES[1])))
    quotes.loc[second, "iv"] *= ratio
    fit = fit_ssvi_slices(quotes)
    assert fit.arbitrage.empty and arbitrage_report(fit.surface, k=np.linspace(-4.0, 3.0, 1401)).empty
    s1, s2 = fit.surface.slices[:2]
    assert s2.theta >= s1.theta
    errors = fit.by_expiry.set_index("t")["rms_error"]
    assert errors[TIMES[1]] > 0.01 and errors.drop(TIMES[1]).max() < 0.3 * errors[TIMES[1]]


def test_fits_a_chain_of_six_expiries_by_sixty_strikes_well_under_a_second():
    quotes = spx_quotes(np.array([7, 30, 61, 91, 182, 365]) / 365.0, n=60)
    start = time.perf_counter()
    fit_ssvi_slices(quotes)
    assert time.perf_counter() - start < 0.5


def test_default_weights_are_inverse_spreads_floored_at_half_a_vol_point():
    bid = np.array([0.19, 0.199, np.nan, 0.18, 0.20])
    ask = np.array([0.21, 0.200, 0.21, 0.20, np.nan])
    # spreads 0.02 -> 50; 0.001 -> floored at 0.005 -> 200; 0.02 -> 50; unknown -> the median of 50, 200, 50
    np.testing.assert_allclose(default_weights(bid, ask), [50.0, 200.0, 50.0, 50.0, 50.0])
    np.testing.assert_array_equal(default_weights(np.full(2, np.nan), np.full(2, np.nan)), [1.0, 1.0])


def test_a_zero_weight_quote_has_no_say():
    quotes = spx_quotes(TIMES[:2])
    outlier = quotes.iloc[[5]].assign(iv=0.9, iv_bid=np.nan, iv_ask=np.nan, weight=0.0)
    fit, with_outlier = fit_ssvi_slices(quotes), fit_ssvi_slices(pd.concat([quotes, outlier], ignore_index=True))
    pd.testing.assert_frame_equal(fit.by_expiry, with_outlier.by_expiry)
    assert with_outlier.quotes["fit_iv"].iloc[-1] == pytest.approx(quotes["iv"].iloc[5], abs=1e-4)
    assert with_outlier.quotes["inside"].isna().iloc[-1]


def test_quotes_come_back_with_fit_error_and_inside():
    quotes = spx_quotes(TIMES[:2])
    quotes.loc[0, "iv_bid"] = quotes.loc[0, "iv"] + 0.001  # a bid above the mid: the fit cannot be inside
    fit = fit_ssvi_slices(quotes)
    np.testing.assert_allclose(fit.quotes["error"], fit.quotes["fit_iv"] - quotes["iv"], rtol=0, atol=0)
    np.testing.assert_allclose(fit.quotes["fit_iv"], fit.surface.vol(quotes["moneyness"], quotes["t"]), rtol=1e-15)
    assert fit.quotes["inside"].dtype == "boolean"
    assert not fit.quotes["inside"].iloc[0] and fit.quotes["inside"].iloc[1:].all()
    assert list(fit.quotes.columns[:6]) == list(quotes.columns)


def test_refuses_an_expiry_with_fewer_than_three_quotes():
    quotes = spx_quotes(TIMES[:2])
    short = pd.concat([quotes[quotes["t"] == TIMES[0]], quotes[quotes["t"] == TIMES[1]].iloc[:2]])
    with pytest.raises(InputError, match=r"^quotes at t=0.0821918='2 usable quotes': expected at least 3 per expiry"):
        fit_ssvi_slices(short)


def test_refuses_no_usable_row_a_missing_column_and_two_forwards():
    quotes = spx_quotes(TIMES[:1])
    with pytest.raises(InputError, match=r"^quotes='40 rows': expected at least one usable row"):
        fit_ssvi_slices(quotes.assign(iv=np.nan))
    with pytest.raises(InputError, match=r"expected columns t, forward_ratio, moneyness, iv \(missing forward_ratio\)"):
        fit_ssvi_slices(quotes.drop(columns="forward_ratio"))
    with pytest.raises(InputError, match=r"^forward_ratio at t=0.0383562=.*expected one forward ratio F/S per expiry"):
        fit_ssvi_slices(quotes.assign(forward_ratio=np.linspace(1.0, 1.01, len(quotes))))
    with pytest.raises(InputError, match=r"^weight=-1.0: expected a weight >= 0"):
        fit_ssvi_slices(quotes.assign(weight=-1.0))

"""The daily history shipped offline by ``arch`` (S&P 500 opens and closes, VIX, T-bill rate), dividends, a vol model.

The S&P 500 runs 1999-2018, its VIX from 2014; the S&P 500's yearly dividends are embedded (cited) and a threshold
GARCH model forecasts its 30-day vol.

One loader (:func:`sp500_daily`, cached), shared by the historical episodes' recorded paths
(:mod:`scenarios.sets.historical`) and the history paths of the path engine (:mod:`scenarios.paths.history`);
one cached vol model (:func:`garch_vol`), the implied vol of the history paths before the VIX ships (2014).
Imports ``pricing`` only (and ``arch``'s models inside :func:`garch_vol`, once).

Opening levels (measured on the shipped file; ``tests/scenarios/test_history_data.py`` pins the counts): the
"Open" of a Yahoo-sourced S&P 500 file is often not a real open. It is within a cent of the previous close on 251
of 252 days in 1999, on 240-249 days a year through 2005, 131 in 2006, 63 in 2007, then 0-7 a year except 2011-2013
(26, 73, 75); it equals the same day's close on 3 days (2006-06-20, 2010-10-11, 2017-04-10). An open at the
previous close carries no overnight gap, so a contract settled on it settles on the previous close: that is the
honest fallback, and the paths' notes count such days in their window. An open equal to the day's close is taken
as a data error. On both kinds of day the previous close stands in and ``open_real`` is False (2,115 days). Even a real
first print of the index is not the exchange's Special Opening Quotation (SOQ), which waits for every component's
opening trade: the first print still holds the previous close of the components that have not traded (in 2012 the
open is within half a point of the previous close on 223 days), so it sits nearer the previous close than the SOQ.
"""

from __future__ import annotations

import functools
import importlib.util
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from pricing._typing import FloatArray
from pricing.errors import InputError

RV_DAYS = 21
"""Trading days in the realised-vol window of the pre-VIX proxy."""

FORECAST_DAYS = 21
"""Trading days the GARCH vol forecast averages over: the VIX's 30 calendar days."""

DIVIDENDS_PER_SHARE: dict[int, float] = {
    1999: 16.69, 2000: 16.27, 2001: 15.74, 2002: 16.07, 2003: 17.39, 2004: 19.44, 2005: 22.22, 2006: 24.88,
    2007: 27.73, 2008: 28.39, 2009: 22.41, 2010: 22.73, 2011: 26.43, 2012: 31.25, 2013: 34.99, 2014: 39.44,
    2015: 43.39, 2016: 45.70, 2017: 48.93, 2018: 53.75,
}
"""S&P 500 dividends per index share paid in each calendar year, index points.

Source: Robert Shiller, "U.S. Stock Markets 1871-Present and CAPE Ratio" (ie_data.xls,
http://www.econ.yale.edu/~shiller/data.htm), column D (dividends: S&P's four-quarter total, interpolated
monthly) in December of each year, the four quarters of that calendar year; as tidied in
github.com/datasets/s-and-p-500 data/data.csv (commit f23898667d8764ea9e8a641b0b41487437e33b39). The figures
agree with S&P Dow Jones Indices' own yearly totals where they are widely quoted (28.39 for 2008, 22.41 for 2009:
S&P, February 2009 and January 2010 dividend reports).
"""
CENT = 0.0101
"""One cent of an index point, with room for the file's float32 rounding (6e-5 at 1,400)."""
DIVIDEND_SOURCE = "Shiller's ie_data.xls, S&P four-quarter totals"


def decode_yyyymm(index: pd.Index) -> pd.PeriodIndex:
    """Monthly periods of a Fama-French index whose integer value is ``yyyymm`` (``arch`` stores 192607 as ns).

    Examples
    --------
    >>> decode_yyyymm(pd.to_datetime(pd.Index([192607, 200812]))).astype(str).tolist()
    ['1926-07', '2008-12']
    """
    codes = np.asarray(index.asi8 if isinstance(index, pd.DatetimeIndex) else index, dtype=np.int64)
    years, months = codes // 100, codes % 100
    if np.any((months < 1) | (months > 12)) or np.any((years < 1900) | (years > 2200)):
        if isinstance(index, pd.DatetimeIndex) and index.min().year > 1900:
            return index.to_period("M")  # real dates (a future arch may decode them itself)
        raise InputError("frenchdata.index", int(codes[0]), "integer yyyymm codes such as 192607")
    return pd.PeriodIndex.from_fields(year=years, month=months, freq="M")


def realised_vol(levels: pd.Series | FloatArray) -> FloatArray:
    """21-day realised vol of daily closes, decimal per year (the implied-vol proxy's input).

    Root mean square of the last :data:`RV_DAYS` daily log returns x sqrt(252); the first days use the returns
    available (at least 2), and days 0 and 1 take day 2's value. NaN everywhere under three closes.
    """
    log_ret = np.log(pd.Series(np.asarray(levels, dtype=float))).diff()
    rv = (log_ret**2).rolling(RV_DAYS, min_periods=2).mean().pow(0.5).bfill() * np.sqrt(252.0)
    return rv.to_numpy()


def arch_data(name: str) -> pd.DataFrame:
    """One data set shipped by ``arch`` (``"sp500"``, ``"vix"``, ``"frenchdata"``), as ``arch.data.<name>.load()``.

    The ``.csv.gz`` file is read from the installed package the way arch's own loader reads it (``Date`` parsed into
    the index, every column numeric) but without importing ``arch``: its ``__init__`` loads arch's models, with
    scipy.stats and statsmodels, for over a second, and the data needs none of them. The test suite holds the
    two equal (``tests/scenarios/test_history_data.py``).

    Raises
    ------
    InputError
        When arch is not installed.
    """
    spec = importlib.util.find_spec("arch")  # finds the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise InputError("source", "S&P 500 history", "the optional package arch (pip install arch), which ships "
                         "the data", hint="the S&P 500, VIX and T-bill history come from it, offline")
    data = pd.read_csv(Path(spec.submodule_search_locations[0], "data", name, f"{name}.csv.gz"))
    if "Date" in data:
        data["Date"] = pd.to_datetime(data["Date"])
        data = data.set_index("Date")
    for column in data:
        data[column] = pd.to_numeric(data[column], errors="coerce")
    return data


@functools.lru_cache(maxsize=1)
def sp500_daily() -> pd.DataFrame:
    """Full daily history, one row per S&P 500 date.

    Columns: ``spx`` (close, points), ``open`` (opening level, points), ``open_real`` (False where the file's open
    is not a real open, see the module docstring), ``rv`` (21-day realised vol, decimal per year), ``vix``
    (decimal, NaN before 2014), ``usd`` (decimal per year), ``dividend`` (dividend yield, decimal per year).

    ``rv`` is :func:`realised_vol` of the closes. ``usd`` is 12 x RF / 100 of the date's month; months after the
    last Fama-French month carry its rate forward. ``dividend`` is the date's calendar-year dividends
    (:data:`DIVIDENDS_PER_SHARE`) over the date's close, so that a position accrues, day by day, the year's
    dividends in index points: sum(yield x close x days / 365) over a year = the year's dividends.
    """
    raw = arch_data("sp500")
    raw.index = pd.DatetimeIndex(raw.index).normalize().as_unit("ns")
    spx = raw["Adj Close"].astype(float)
    opens, open_real = _clean_opens(raw["Open"].astype(float), raw["Close"].astype(float))
    rv = pd.Series(realised_vol(spx), index=spx.index)
    vix_close = arch_data("vix")["vix"].dropna().astype(float) / 100.0
    vix_close.index = pd.DatetimeIndex(vix_close.index).normalize().as_unit("ns")
    ff = arch_data("frenchdata")
    rf = pd.Series(12.0 * ff["RF"].to_numpy(dtype=float) / 100.0, index=decode_yyyymm(ff.index))
    months = spx.index.to_period("M")
    usd = rf.reindex(pd.period_range(rf.index.min(), max(months.max(), rf.index.max()), freq="M")).ffill()
    dividends = pd.Series(DIVIDENDS_PER_SHARE).reindex(spx.index.year).to_numpy()
    frame = pd.DataFrame({"spx": spx, "open": opens, "open_real": open_real, "rv": rv,
                          "vix": vix_close.reindex(spx.index), "usd": usd.reindex(months).to_numpy(),
                          "dividend": dividends / spx.to_numpy()}, index=spx.index)
    frame.attrs["rf_last"] = str(rf.index.max())
    return frame


def _clean_opens(opens: pd.Series, closes: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(opening levels, real?) from the file's Open and Close, points and booleans.

    An open within a cent of the previous close (stale) or equal to the day's close (to the cent, a data error)
    is not real: the previous close stands in.
    """
    previous = closes.shift(1)
    stale = (opens - previous).abs() <= CENT
    same_as_close = ((opens - closes).abs() < CENT / 2) & previous.notna()
    real = ~(stale | same_as_close)
    return opens.where(real, previous), real


@dataclass(frozen=True)
class GarchVol:
    """The pre-VIX implied-vol model: a threshold-GARCH forecast of the next 21 days' variance plus a premium.

    Attributes
    ----------
    params : mapping of str to float
        ``arch``'s fitted parameters on daily log returns in percent: mu, omega, alpha[1], gamma[1], beta[1], nu.
    forecast : pandas.Series
        Forecast vol of each date's next :data:`FORECAST_DAYS` trading days, decimal per year, from the returns up
        to that date's close (the date's own return included), before the premium.
    premium : float
        Variance premium, decimal squared per year: the mean of VIX^2 - forecast^2 over the 2014-2018 overlap.
    """

    params: Mapping[str, float]
    forecast: pd.Series
    premium: float

    @property
    def implied(self) -> pd.Series:
        """Model implied vol, VIX-style (whole smile, 30 days), decimal per year: sqrt(forecast^2 + premium)."""
        return np.sqrt(self.forecast**2 + self.premium)


def tarch_variance_path(params: Mapping[str, float], next_sigma: FloatArray, horizon: int) -> FloatArray:
    """Expected daily variances E[sigma_{t+k}^2], k = 1..horizon, of a TARCH(1,1) with Student t shocks, percent^2.

    Parameters
    ----------
    params : mapping of str to float
        omega, alpha[1], gamma[1], beta[1], nu as ``arch`` names them (``power=1.0``).
    next_sigma : ndarray of shape (n,)
        sigma_{t+1}, the next day's conditional vol, known at t, percent per day.
    horizon : int
        Days ahead.

    Returns
    -------
    ndarray of shape (n, horizon)

    Notes
    -----
    sigma_{k} = omega + c_{k-1} sigma_{k-1} with c = alpha |z| + gamma |z| 1[z < 0] + beta and z the standardised
    t. With m = E|z| = 2 sqrt(nu - 2) Gamma((nu + 1) / 2) / (sqrt(pi) (nu - 1) Gamma(nu / 2)), E[c] = (alpha +
    gamma / 2) m + beta and E[c^2] = alpha^2 + alpha gamma + gamma^2 / 2 + 2 beta (alpha + gamma / 2) m + beta^2,
    the first two moments follow exactly: E[sigma_k] = omega + E[c] E[sigma_{k-1}], E[sigma_k^2] = omega^2 +
    2 omega E[c] E[sigma_{k-1}] + E[c^2] E[sigma_{k-1}^2]. ``arch`` forecasts this model only by simulation; the
    tests hold the two equal.
    """
    omega, alpha, gamma, beta, nu = (params[k] for k in ("omega", "alpha[1]", "gamma[1]", "beta[1]", "nu"))
    m = 2.0 * math.sqrt(nu - 2.0) * math.exp(math.lgamma((nu + 1.0) / 2.0) - math.lgamma(nu / 2.0)) / (
        math.sqrt(math.pi) * (nu - 1.0))
    c1 = (alpha + gamma / 2.0) * m + beta
    c2 = alpha**2 + alpha * gamma + gamma**2 / 2.0 + 2.0 * beta * (alpha + gamma / 2.0) * m + beta**2
    first, second = np.asarray(next_sigma, dtype=float), np.asarray(next_sigma, dtype=float) ** 2
    out = [second]
    for _ in range(horizon - 1):
        first, second = omega + c1 * first, omega**2 + 2.0 * omega * c1 * first + c2 * second
        out.append(second)
    return np.stack(out, axis=-1)


@functools.lru_cache(maxsize=1)
def garch_vol() -> GarchVol:
    """Fit the pre-VIX vol model once (a tenth of a second, plus arch's import, about a second).

    Notes
    -----
    Daily log returns r_t of the S&P 500 closes, in percent, follow r_t = mu + e_t, e_t = sigma_t z_t with z_t
    standardised Student t (nu degrees of freedom) and the threshold GARCH(1,1) vol (TARCH, Zakoian, "Threshold
    heteroskedastic models", J. Economic Dynamics and Control 18(5), 1994)

        sigma_t = omega + (alpha + gamma 1[e_{t-1} < 0]) |e_{t-1}| + beta sigma_{t-1},

    fitted by maximum likelihood on all 1999-2018 returns (``arch.univariate.arch_model``, ``vol="GARCH", p=1,
    o=1, q=1, power=1.0, dist="t"``). The vol reacts to the size of a fall, not its square: the squared-shock
    GJR-GARCH (power 2) put 2008-10-15 at 91 against a VIX close of 69. The forecast on date t averages
    :func:`tarch_variance_path` over the next 21 days from sigma_{t+1}, which the returns up to t fix (the
    filtered vol: no later return enters it), annualised x 252 / 100^2; day 0 (1999-01-04, no return yet) takes
    day 1's. Fitting the parameters on the whole sample is parameter look-ahead, not data look-ahead: refitting
    them each year on the returns to the previous year-end (an expanding fit, measured from 2002) moves the model
    vol (premium included) by 0.9 vol points on average (mean absolute difference over 2002-2018, mean difference
    -0.01): 2002-10-09 from 42.6 to 34.5, 2008-10-15 from 82.5 to 71.9, 2008-11-20 from 84.3 to 78.1,
    2011-08-08 from 45.2 to 39.6, and its RMSE against the VIX over 2014-2018 from 1.79 to 1.74 points.

    The premium makes the VIX a forecast of variance plus a variance risk premium, VIX^2 = E[RV^2] + premium
    (the definition of Bollerslev, Tauchen and Zhou, "Expected stock returns and variance risk premia", Rev.
    Financial Studies 22(11), 2009; Carr and Wu, "Variance risk premiums", Rev. Financial Studies 22(3), 2009).
    Its size is calibrated, not cited: the mean of VIX^2 - forecast^2 over 2014-01-03 .. 2018-12-31, the only
    dates with both, so that it also absorbs the gap between the VIX's and the model's view of variance. It is
    0.0025, 5.0 vol points at a zero forecast, 0.6 on a 20% forecast. A calm-years premium: in crises the true
    premium is larger, so crisis values can still err low.
    """
    from arch import arch_model  # imports scipy.stats and statsmodels: about a second, once

    close = sp500_daily()["spx"]
    returns = 100.0 * np.log(close).diff().dropna()
    fit = arch_model(returns, mean="Constant", vol="GARCH", p=1, o=1, q=1, power=1.0, dist="t").fit(disp="off")
    params = {str(k): float(v) for k, v in fit.params.items()}
    shock = (returns - params["mu"]).to_numpy()
    next_sigma = (params["omega"] + (params["alpha[1]"] + params["gamma[1]"] * (shock < 0)) * np.abs(shock)
                  + params["beta[1]"] * fit.conditional_volatility.to_numpy())
    daily = tarch_variance_path(params, next_sigma, FORECAST_DAYS).mean(axis=1)
    variance = pd.Series(daily * 252.0 / 100.0**2, index=returns.index).reindex(close.index).bfill()
    vix = sp500_daily()["vix"].dropna()
    premium = float(np.mean(vix.to_numpy() ** 2 - variance.loc[vix.index].to_numpy()))
    return GarchVol(MappingProxyType(params), np.sqrt(variance), premium)


def sp500_range() -> tuple[str, str]:
    """First and last S&P 500 date available, ISO strings.

    Examples
    --------
    >>> sp500_range()
    ('1999-01-04', '2018-12-31')
    """
    dates = sp500_daily().index
    return str(dates[0].date()), str(dates[-1].date())

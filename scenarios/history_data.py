"""The daily history shipped offline by ``arch``: S&P 500 closes 1999-2018, its VIX from 2014, the T-bill rate.

One loader (:func:`sp500_daily`, cached), shared by the historical episodes' recorded paths
(:mod:`scenarios.sets.historical`) and the history paths of the path engine (:mod:`scenarios.paths.history`).
Imports ``pricing`` only.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd

from pricing._typing import FloatArray
from pricing.errors import InputError

RV_DAYS = 21
"""Trading days in the realised-vol window of the pre-VIX proxy."""


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
    """Full daily history: ``spx`` (points), ``rv`` (21-day realised vol), ``vix`` (decimal, NaN before 2014), ``usd``.

    ``rv`` is :func:`realised_vol` of the closes. ``usd`` is 12 x RF / 100 of the date's
    month; months after the last Fama-French month carry its rate forward.
    """
    spx = arch_data("sp500")["Adj Close"].astype(float)
    spx.index = pd.DatetimeIndex(spx.index).normalize().as_unit("ns")
    rv = pd.Series(realised_vol(spx), index=spx.index)
    vix_close = arch_data("vix")["vix"].dropna().astype(float) / 100.0
    vix_close.index = pd.DatetimeIndex(vix_close.index).normalize().as_unit("ns")
    ff = arch_data("frenchdata")
    rf = pd.Series(12.0 * ff["RF"].to_numpy(dtype=float) / 100.0, index=decode_yyyymm(ff.index))
    months = spx.index.to_period("M")
    usd = rf.reindex(pd.period_range(rf.index.min(), max(months.max(), rf.index.max()), freq="M")).ffill()
    frame = pd.DataFrame({"spx": spx, "rv": rv, "vix": vix_close.reindex(spx.index),
                          "usd": usd.reindex(months).to_numpy()}, index=spx.index)
    frame.attrs["rf_last"] = str(rf.index.max())
    return frame


def sp500_range() -> tuple[str, str]:
    """First and last S&P 500 date available, ISO strings.

    Examples
    --------
    >>> sp500_range()
    ('1999-01-04', '2018-12-31')
    """
    dates = sp500_daily().index
    return str(dates[0].date()), str(dates[-1].date())

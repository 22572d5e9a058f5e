"""Performance and liquidity metrics of simulated or historical NAV paths, vectorised over paths.

A NAV array has shape ``(n_paths, n_days + 1)``: one row per path, one column per trading date, the first
column being the start. A 1-D array is a single path; the functions then return a scalar (``np.float64``)
instead of an array of shape ``(n_paths,)``. ``dates`` is the matching :class:`pandas.DatetimeIndex` of
trading dates (``n_days + 1`` of them, strictly increasing). Every return, rate and drawdown is a decimal
(0.04 = 4%, −0.25 = a 25% fall).

Conventions:

* daily returns are simple returns between consecutive columns, ``nav[t + 1] / nav[t] − 1``;
* annualisation of daily figures uses ``periods_per_year`` (252 trading days); CAGR uses calendar days / 365;
* the drawdown family accepts a NAV that falls to 0 (a ruined path shows −100%); the return-based
  :func:`annual_vol` and :func:`sharpe` need a NAV > 0 throughout.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from pricing._typing import ArrayLike, FloatArray
from pricing.errors import InputError
from pricing.validation import as_float_array, check_non_negative, check_rate

TRADING_DAYS = 252
"""Trading days per year used to annualise daily returns and volatilities."""

DatePair = tuple[pd.Timestamp, pd.Timestamp]
"""A (peak date, trough date) pair."""

ZERO_VOL = 1e-12
"""Annualised volatility (decimal) at or below which :func:`sharpe` treats a path as riskless (NaN)."""


def _result(values: FloatArray, single: bool) -> FloatArray | float:
    """Return the per-path ``values``, or its only element when the input was one 1-D path."""
    return values[0] if single else values


def _paths(nav: ArrayLike, *, strict: bool) -> tuple[FloatArray, bool]:
    """Check a NAV array and return it as 2-D ``(n_paths, n_days + 1)`` with a flag "was one 1-D path".

    Parameters
    ----------
    nav : array_like
        NAV, base currency (any unit: only ratios matter), shape ``(n_days + 1,)`` or ``(n_paths, n_days + 1)``.
    strict : bool
        Require every NAV > 0 (return-based metrics); otherwise NAV >= 0 with a first value > 0.

    Raises
    ------
    InputError
        If the array is not 1-D or 2-D, is empty, has a NaN or infinity, or has a value out of range.
    """
    arr = as_float_array("nav", nav)
    if arr.ndim not in (1, 2) or arr.size == 0:
        raise InputError("nav", f"array of shape {arr.shape}",
                         "a non-empty 1-D path or a 2-D array of shape (n_paths, n_days + 1)")
    paths = arr[None, :] if arr.ndim == 1 else arr
    if strict:
        bad = paths <= 0.0
        expected = "a NAV > 0 on every date"
    else:
        bad = (paths < 0.0) | ((np.arange(paths.shape[1]) == 0) & (paths <= 0.0))
        expected = "a NAV >= 0, and > 0 on the first date"
    if np.any(bad):
        row, col = np.argwhere(bad)[0]
        raise InputError(f"nav[{row}, {col}]", paths[row, col].item(), expected,
                         hint="a ruined path (NAV <= 0) has no returns: stop it at its last positive value"
                         if strict else None)
    return paths, arr.ndim == 1


def _dates(dates: Any, n_columns: int) -> pd.DatetimeIndex:
    """Check ``dates`` holds one strictly increasing date per NAV column and return it as a DatetimeIndex."""
    try:
        index = pd.DatetimeIndex(dates)
    except (TypeError, ValueError) as exc:
        raise InputError("dates", dates, "a pandas DatetimeIndex of trading dates") from exc
    if len(index) != n_columns:
        raise InputError("dates", f"{len(index)} dates", f"{n_columns} dates, one per NAV column (n_days + 1)")
    if not (index.is_monotonic_increasing and index.is_unique):
        raise InputError("dates", list(index[:10].strftime("%Y-%m-%d")), "strictly increasing dates")
    return index


def _daily_returns(paths: FloatArray) -> FloatArray:
    """Simple daily returns, shape ``(n_paths, n_days)``, decimal per day."""
    if paths.shape[1] < 3:
        raise InputError("nav", f"{paths.shape[1]} dates per path",
                         "at least 3 dates (2 daily returns) to estimate a volatility")
    return paths[:, 1:] / paths[:, :-1] - 1.0


def drawdown(nav: ArrayLike) -> FloatArray:
    """Drawdown from the running maximum on every date: ``nav / running max − 1``.

    Parameters
    ----------
    nav : array_like
        NAV paths, shape ``(n_paths, n_days + 1)`` or one path ``(n_days + 1,)``; >= 0, first value > 0.

    Returns
    -------
    ndarray of float64
        Same shape as ``nav``; decimal, <= 0 (−0.25 = 25% below the highest NAV seen so far).

    Examples
    --------
    >>> drawdown([100.0, 120.0, 90.0]).tolist()
    [0.0, 0.0, -0.25]
    """
    paths, single = _paths(nav, strict=False)
    dd = paths / np.maximum.accumulate(paths, axis=1) - 1.0
    return dd[0] if single else dd


def max_drawdown(nav: ArrayLike) -> FloatArray | float:
    """Most negative drawdown of each path (see :func:`drawdown`).

    Returns
    -------
    ndarray of float64, shape (n_paths,), or float for one 1-D path
        Decimal in [−1, 0] (−0.568 = a 56.8% fall from peak to trough); 0 for a path that never falls.
    """
    paths, single = _paths(nav, strict=False)
    return _result(drawdown(paths).min(axis=1), single)


def max_drawdown_dates(nav: ArrayLike, dates: Any) -> list[DatePair] | DatePair:
    """Peak and trough dates of each path's maximum drawdown, for reporting.

    The trough is the first date the maximum drawdown is reached; the peak is the first date on which the
    NAV reached the running maximum measured at the trough. A path that never falls gives
    ``(dates[0], dates[0])``.

    Parameters
    ----------
    nav : array_like
        NAV paths, shape ``(n_paths, n_days + 1)`` or one path ``(n_days + 1,)``.
    dates : pandas.DatetimeIndex
        The ``n_days + 1`` trading dates of the NAV columns.

    Returns
    -------
    list of (Timestamp, Timestamp), one per path, or one tuple for a 1-D path
        ``(peak date, trough date)``.
    """
    paths, single = _paths(nav, strict=False)
    index = _dates(dates, paths.shape[1])
    trough = drawdown(paths).argmin(axis=1)
    rows = np.arange(paths.shape[0])
    peak_value = np.maximum.accumulate(paths, axis=1)[rows, trough]
    peak = np.argmax(paths == peak_value[:, None], axis=1)
    pairs = [(index[p], index[t]) for p, t in zip(peak, trough, strict=True)]
    return pairs[0] if single else pairs


def cagr(nav: ArrayLike, dates: Any) -> FloatArray | float:
    """Compound annual growth rate over calendar time: ``(nav_T / nav_0) ** (365 / calendar days) − 1``.

    Parameters
    ----------
    nav : array_like
        NAV paths, shape ``(n_paths, n_days + 1)`` or one path ``(n_days + 1,)``; >= 0, first value > 0.
    dates : pandas.DatetimeIndex
        The ``n_days + 1`` trading dates; calendar days = ``dates[-1] − dates[0]`` in days (> 0).

    Returns
    -------
    ndarray of float64, shape (n_paths,), or float for one 1-D path
        Decimal per year (0.10 = 10% a year); −1 for a path that ends at 0.

    Examples
    --------
    >>> round(float(cagr([100.0, 110.0], pd.DatetimeIndex(["2021-01-04", "2022-01-04"]))), 12)
    0.1
    """
    paths, single = _paths(nav, strict=False)
    index = _dates(dates, paths.shape[1])
    days = (index[-1] - index[0]).total_seconds() / 86_400.0
    if days <= 0.0:
        raise InputError("dates", f"{days} calendar days", "a first and a last date at least one day apart")
    return _result((paths[:, -1] / paths[:, 0]) ** (365.0 / days) - 1.0, single)


def annual_vol(nav: ArrayLike, periods_per_year: int = TRADING_DAYS) -> FloatArray | float:
    """Annualised volatility: sample standard deviation (ddof=1) of daily simple returns × sqrt(periods_per_year).

    Parameters
    ----------
    nav : array_like
        NAV paths, shape ``(n_paths, n_days + 1)`` or one path; > 0, at least 3 dates.
    periods_per_year : int, default 252
        Trading days a year.

    Returns
    -------
    ndarray of float64, shape (n_paths,), or float for one 1-D path
        Decimal per sqrt(year) (0.16 = 16%).
    """
    paths, single = _paths(nav, strict=True)
    _check_periods(periods_per_year)
    vol = _daily_returns(paths).std(axis=1, ddof=1) * math.sqrt(periods_per_year)
    return _result(vol, single)


def _check_periods(periods_per_year: int) -> None:
    """Reject a number of periods a year that is not a positive integer."""
    if isinstance(periods_per_year, bool) or not isinstance(periods_per_year, int | np.integer) \
            or periods_per_year <= 0:
        raise InputError("periods_per_year", periods_per_year, "an integer > 0 such as 252")


def sharpe(nav: ArrayLike, dates: Any, rate: ArrayLike, periods_per_year: int = TRADING_DAYS) -> FloatArray | float:
    """Annualised Sharpe ratio of daily simple returns in excess of the short rate.

    With ``r[t] = nav[t + 1] / nav[t] − 1`` for ``t = 0 .. n_days − 1``:

    * mean return = ``mean(r) × periods_per_year`` (arithmetic annualisation, ×252 by default);
    * risk-free: day ``t`` accrues simple interest ``rf[t] = rate[t] × dt[t]`` with
      ``dt[t] = (dates[t + 1] − dates[t]) in calendar days / 365`` (so a Friday → Monday step earns three
      days), using the rate of the start day ``t`` (days 0 .. n_days − 1; the rate on the last date is not
      used); the mean risk-free rate is ``mean(rf) × periods_per_year``, which equals a constant ``rate``
      when a year holds 252 trading days over 365 calendar days;
    * Sharpe = ``(mean return − mean risk-free) / annual_vol(nav)``.

    Parameters
    ----------
    nav : array_like
        NAV paths, shape ``(n_paths, n_days + 1)`` or one path; > 0, at least 3 dates.
    dates : pandas.DatetimeIndex
        The ``n_days + 1`` trading dates.
    rate : float or array_like
        Base-currency short rate, decimal per year (0.04 = 4%), scalar or broadcastable to
        ``(n_paths, n_days + 1)``: a rate per date has shape ``(n_days + 1,)``, a constant rate per path
        shape ``(n_paths, 1)``.
    periods_per_year : int, default 252
        Trading days a year, for the mean return, the mean risk-free rate and the volatility.

    Returns
    -------
    ndarray of float64, shape (n_paths,), or float for one 1-D path
        Dimensionless; NaN where the annualised volatility is <= :data:`ZERO_VOL` (a riskless path).
    """
    paths, single = _paths(nav, strict=True)
    index = _dates(dates, paths.shape[1])
    returns = _daily_returns(paths)
    rates = check_rate("rate", rate)
    try:
        rates = np.broadcast_to(rates, paths.shape)
    except ValueError as exc:
        raise InputError("rate", f"array of shape {rates.shape}",
                         f"a scalar or an array broadcastable to {paths.shape} (n_paths, n_days + 1)",
                         hint="give a constant rate per path the shape (n_paths, 1)") from exc
    dt = np.asarray((index[1:] - index[:-1]).total_seconds()) / (86_400.0 * 365.0)
    excess = (returns.mean(axis=1) - (rates[:, :-1] * dt).mean(axis=1)) * periods_per_year
    vol = np.atleast_1d(annual_vol(paths, periods_per_year))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(vol > ZERO_VOL, excess / vol, np.nan)
    return _result(ratio, single)


def calmar(nav: ArrayLike, dates: Any) -> FloatArray | float:
    """Calmar ratio: ``cagr(nav, dates) / |max_drawdown(nav)|``.

    Returns
    -------
    ndarray of float64, shape (n_paths,), or float for one 1-D path
        Dimensionless; NaN for a path that never falls (maximum drawdown 0) rather than ±inf.
    """
    paths, single = _paths(nav, strict=False)
    growth = np.atleast_1d(cagr(paths, dates))
    depth = -np.atleast_1d(max_drawdown(paths))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(depth > 0.0, growth / depth, np.nan)
    return _result(ratio, single)


def _survival_inputs(cash: ArrayLike, redeemable: ArrayLike, exposure: ArrayLike, worst_move: ArrayLike,
                     lag_days: int) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Check the inputs of :func:`survival_days`; return (cash >= 0, MMF, daily loss) broadcast together."""
    fields = {"cash": as_float_array("cash", cash), "redeemable": check_non_negative("redeemable", redeemable),
              "exposure": check_non_negative("exposure", exposure)}
    shape: tuple[int, ...] = ()
    for field, arr in fields.items():
        try:
            shape = np.broadcast_shapes(shape, arr.shape)
        except ValueError as exc:
            raise InputError(field, f"array of shape {arr.shape}", f"a shape broadcastable to {shape}") from exc
    if len(shape) > 2:
        raise InputError("cash", f"shape {shape}", "one path (n_days + 1,) or paths (n_paths, n_days + 1)")
    move = as_float_array("worst_move", worst_move)
    if np.any(np.abs(move) > 1.0):
        raise InputError("worst_move", move.ravel()[np.argmax(np.abs(move.ravel()) > 1.0)].item(),
                         "a daily return as a decimal such as -0.09", hint="it looks like a percentage")
    if move.size == 1:
        move = move.reshape(())
    elif move.ndim == 1 and len(shape) == 2 and move.shape[0] == shape[0]:
        move = move[:, None]
    elif move.ndim != 0:
        raise InputError("worst_move", f"array of shape {move.shape}",
                         "a scalar or one value per path, shape (n_paths,)")
    if isinstance(lag_days, bool) or not isinstance(lag_days, int | np.integer) or lag_days < 0:
        raise InputError("lag_days", lag_days, "a whole number of days >= 0")
    cash_b, mmf_b, exposure_b = np.broadcast_arrays(*fields.values())
    loss = exposure_b * np.abs(move)
    return np.maximum(cash_b, 0.0), mmf_b, np.broadcast_to(loss, np.broadcast_shapes(loss.shape, shape))


def survival_days(cash: ArrayLike, redeemable: ArrayLike, exposure: ArrayLike, worst_move: ArrayLike,
                  lag_days: int) -> FloatArray:
    """Days a liquidity buffer would last if the worst observed daily index move repeated every day.

    The daily loss is ``L = exposure × |worst_move|``. Cash alone lasts ``d_c = max(cash, 0) / L`` days. If
    ``d_c >= lag_days`` the redeemed MMF arrives before the cash runs out, so the buffer lasts
    ``(max(cash, 0) + redeemable) / L`` days; otherwise the MMF comes too late and it lasts ``d_c`` days.
    With ``L = 0`` (no exposure or a zero move) the buffer lasts forever (``inf``).

    Parameters
    ----------
    cash : array_like
        Cash, base currency, per path per day: shape ``(n_days + 1,)`` for one path or ``(n_paths, n_days + 1)``
        (anything broadcastable with the other per-day inputs). Negative cash (an overdraft) counts as 0.
    redeemable : array_like
        Value of the MMF that can be redeemed, base currency, >= 0, broadcastable with ``cash``.
    exposure : array_like
        Index exposure, base currency, >= 0, broadcastable with ``cash``.
    worst_move : float or array_like
        Worst daily index return observed, decimal, one per path (shape ``(n_paths,)``) or a scalar. A fall
        may be given as a negative return (−0.09) or as its magnitude (0.09); only ``|worst_move|`` is used.
    lag_days : int
        MMF redemption lag, days, >= 0 (0 = same-day redemption).

    Returns
    -------
    ndarray of float64
        Days (float) of survival on each date, the broadcast shape of the per-day inputs; ``inf`` where the
        daily loss is 0.

    Raises
    ------
    InputError
        If shapes do not broadcast, ``redeemable`` or ``exposure`` is negative, ``|worst_move| > 1`` or
        ``lag_days`` is not an integer >= 0.

    Examples
    --------
    >>> survival_days(300.0, 1000.0, 1000.0, -0.10, 2).item()  # cash lasts 3 days >= 2: the MMF arrives
    13.0
    >>> survival_days(100.0, 1000.0, 1000.0, -0.10, 2).item()  # cash lasts 1 day < 2: the MMF is too late
    1.0
    """
    cash_pos, mmf, loss = _survival_inputs(cash, redeemable, exposure, worst_move, lag_days)
    with np.errstate(divide="ignore", invalid="ignore"):
        cash_days = cash_pos / loss
        days = np.where(cash_days >= lag_days, (cash_pos + mmf) / loss, cash_days)
    return np.where(loss > 0.0, days, np.inf)


def min_survival_days(cash: ArrayLike, redeemable: ArrayLike, exposure: ArrayLike, worst_move: ArrayLike,
                      lag_days: int) -> FloatArray | float:
    """Tightest moment of each path: the minimum over dates of :func:`survival_days` (same parameters).

    Returns
    -------
    ndarray of float64, shape (n_paths,), or float for one 1-D path
        Days (float); ``inf`` for a path that never has a daily loss.
    """
    days = survival_days(cash, redeemable, exposure, worst_move, lag_days)
    return days.min(axis=-1) if days.ndim else float(days)

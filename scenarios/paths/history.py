"""Real-history market paths: the S&P 500 1999-2018 with its VIX and T-bill rate, all shipped offline by ``arch``.

:func:`sp500_history` returns one :class:`~scenarios.paths.MarketPaths` path over S&P 500 trading dates. Sources
and proxies (each one is also a sentence of the paths' ``notes``):

=============  ================================================================================================
``equity.SPX``  ``arch.data.sp500`` "Adj Close", a price index (dividends come from the market's dividend yield)
``vol.SPX``     ``arch.data.vix`` / 100 from 2014-01-03; before it a PROXY: a + b x 21-day realised vol, a and b
                fitted by least squares of the VIX on realised vol over 2014-01-03 .. 2018-12-31; both times
                :func:`atm_per_vix` (0.871 on the embedded market), as a path carries a 30-day ATM vol
``rates.USD``   Fama-French one-month T-bill return ``RF`` (``arch.data.frenchdata``, percent per month) of the
                date's month, as the simple annual decimal 12 x RF / 100
``rates.JPY``   PROXY: constant, the market's 3-month JPY zero rate (no JPY rate history ships offline)
``fx.USD``      PROXY: USDJPY from the S&P 500 by the factor model's beta, or flat (no USDJPY history offline)
=============  ================================================================================================

Every derived series is computed on the full history first, then windowed, so a date has the same vol in every
window.

Why affine and not a multiple of realised vol: in a crash realised vol runs above implied (a multiple fitted on
2014-2018, 1.273, put 2008-10-15 at 1.02 while the VIX closed at 0.69), so a multiple overstates put values
exactly when they matter. The fitted slope is below 1 (about 0.59). The fit only sees realised vol up to about 0.32,
so crisis values are an extrapolation and now err low: the proxy peaks at 0.58 (2008-10-28) where the VIX's highest
close was 0.81 (2008-11-20), and it averages 0.185 over 1999-2013 where the VIX averaged about 0.21.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pricing.errors import InputError
from pricing.market import Market, default_market
from pricing.smile_metrics import SKEW_TENOR, model_free_vol
from scenarios.history_data import RV_DAYS, sp500_daily, sp500_range
from scenarios.paths.market_paths import MarketPaths, Note
from scenarios.sets.monte_carlo import DEFAULT_VOLS, default_corr

LABEL = "S&P 500 history"
VOL_CLIP = (0.05, 2.0)
"""Bounds of the proxy vol, decimal."""
FX_MODES = ("beta", "constant")
HALF_TICK = 0.025 / 6000.0
"""Out-of-the-money prices below half an SPX tick at 6,000 (a fraction of the spot) leave the VIX-formula integral,
as Cboe leaves out strikes past two zero bids; it keeps a surface whose wings break Lee's bound finite."""


def atm_per_vix(market: Market, index: str = "SPX") -> float:
    """The market surface's 30-day ATM vol over its VIX-formula vol: what turns a VIX-style level into an ATM vol.

    The VIX prices the whole smile, so on a skewed surface it sits above the at-the-money vol (19.8 against 17.2 on
    the embedded S&P 500 surface), while the path engine reads a path's vol as the 30-day ATM vol
    (:func:`hedgeopt.paths.valuation.option_vol`). The ratio is taken as constant along a path, as a smile whose
    skew scales with its level keeps it (skew over ATM vol is the measure stable across vol levels: Mixon, "What
    does implied volatility skew measure?", J. Derivatives 18(4), 2011).

    Parameters
    ----------
    market : Market
        Supplies the surface and the index's cost of carry.
    index : str, default "SPX"
        The index whose surface is read.

    Examples
    --------
    >>> round(atm_per_vix(default_market()), 3)
    0.871
    """
    surface = market.surface(index)
    vix = model_free_vol(surface, market.carry(index), SKEW_TENOR, min_price=HALF_TICK)
    return float(np.asarray(surface.vol(1.0, SKEW_TENOR))) / vix


def _overlap() -> pd.DataFrame:
    """The rows of the full history with a VIX close (2014-01-03 .. 2018-12-31)."""
    return sp500_daily().dropna(subset=["vix"])


def default_vol_fit() -> tuple[float, float]:
    """(intercept a, slope b) of the ordinary least squares fit VIX ~ a + b x 21-day realised vol, decimals.

    Fitted over the dates with both (2014-01-03 .. 2018-12-31); about (0.080, 0.592): implied vol sits above
    realised in calm markets (a > 0) and rises more slowly than it (b < 1).

    Examples
    --------
    >>> [round(v, 3) for v in default_vol_fit()]
    [0.08, 0.592]
    """
    both = _overlap()
    x, y = both["rv"].to_numpy(), both["vix"].to_numpy()
    slope = float(np.sum((x - x.mean()) * (y - y.mean())) / np.sum((x - x.mean()) ** 2))
    return float(y.mean() - slope * x.mean()), slope


def vol_fit_residual_std(vol_fit: tuple[float, float] | None = None) -> float:
    """Residual standard deviation, sqrt(sum of squared residuals / (n - 2)), of VIX - (a + b x realised vol).

    Over the overlap of VIX and realised vol (2014-01-03 .. 2018-12-31); default ``vol_fit`` is
    :func:`default_vol_fit`, whose residual std is about 0.027 (2.7 vol points).
    """
    a, b = default_vol_fit() if vol_fit is None else vol_fit
    both = _overlap()
    resid = both["vix"].to_numpy() - (a + b * both["rv"].to_numpy())
    return float(np.sqrt(np.sum(resid**2) / (len(resid) - 2)))


def _check_vol_fit(vol_fit: tuple[float, float]) -> tuple[float, float]:
    """``vol_fit`` as (intercept, slope) floats: two finite numbers with slope > 0; errors name "vol_fit"."""
    expected = "(intercept, slope): two finite numbers with slope > 0, such as (0.08, 0.59)"
    try:
        if isinstance(vol_fit, str):
            raise TypeError(vol_fit)
        a, b = (float(v) for v in vol_fit)
    except (TypeError, ValueError):
        raise InputError("vol_fit", vol_fit, expected) from None
    if not (np.isfinite(a) and np.isfinite(b) and b > 0):
        raise InputError("vol_fit", vol_fit, expected)
    return a, b


def fx_beta() -> float:
    """Slope of log USDJPY on log SPX in the Monte Carlo factor model: corr x vol(USD) / vol(SPX)."""
    return float(default_corr(["SPX", "USD"])[0, 1] * DEFAULT_VOLS["USD"] / DEFAULT_VOLS["SPX"])


def _window(start: str | None, end: str | None) -> pd.DataFrame:
    """The rows of the full history from ``start`` to ``end`` inclusive; errors name "from" or "to"."""
    frame = sp500_daily()
    first, last = sp500_range()
    bounds = {}
    for field, value in (("from", start), ("to", end)):
        try:
            bounds[field] = None if value is None else pd.Timestamp(value)
        except (TypeError, ValueError):
            bounds[field] = pd.NaT
        if bounds[field] is pd.NaT:
            raise InputError(field, value, f"an ISO date such as {first}")
    keep = frame.loc[bounds["from"]:bounds["to"]]
    if len(keep) < 2:
        field = "to" if bounds["to"] is not None and bounds["to"] < frame.index[0] else "from"
        raise InputError(field, f"{start} to {end}", f"a window with at least two S&P 500 dates within "
                         f"{first} to {last}")
    return keep


def sp500_history(market: Market | None = None, *, start: str | None = None, end: str | None = None,
                  fx: str = "beta", vol_fit: tuple[float, float] | None = None) -> MarketPaths:
    """One path of real S&P 500 history, with its implied vol, USD rate and proxies for USDJPY and the JPY rate.

    Parameters
    ----------
    market : Market, optional
        Supplies USDJPY on day 0, the JPY rate and the dividend yield named in the notes; default
        :func:`~pricing.market.default_market`.
    start, end : str, optional
        ISO dates, inclusive; default the whole range (:func:`sp500_range`).
    fx : {"beta", "constant"}, default "beta"
        USDJPY proxy. ``"beta"``: log(USDJPY_t / USDJPY_0) = beta x log(SPX_t / SPX_0) with :func:`fx_beta`
        (the yen strengthens when stocks fall); ``"constant"``: flat at the market's USDJPY.
    vol_fit : (float, float), optional
        (intercept a, slope b) of the pre-VIX proxy a + b x 21-day realised vol, decimals, then clipped to
        ``VOL_CLIP``; slope > 0. Default :func:`default_vol_fit`, the least squares fit on 2014-01-03 ..
        2018-12-31.

    Returns
    -------
    MarketPaths
        One path labelled "S&P 500 history"; ``equity.SPX`` in points, ``vol.SPX`` and ``rates`` as decimals,
        ``fx.USD`` in yen per dollar.

    Raises
    ------
    InputError
        For an unknown ``fx`` ("fx"), a ``vol_fit`` that is not two finite numbers with slope > 0 ("vol_fit"), or
        a window outside the data or with fewer than two dates ("from" / "to").
    """
    market = market or default_market()
    if fx not in FX_MODES:
        raise InputError("fx", fx, "one of " + ", ".join(FX_MODES))
    if market.base_currency == "USD":
        raise InputError("market.base_currency", "USD", "a base other than USD (the paths hold USDJPY)")
    a, b = default_vol_fit() if vol_fit is None else _check_vol_fit(vol_fit)
    full = sp500_daily()
    vol_full = full["vix"].fillna((a + b * full["rv"]).clip(*VOL_CLIP))
    rows = _window(start, end)
    scale = atm_per_vix(market)
    vol = scale * vol_full.loc[rows.index].to_numpy()
    spx = rows["spx"].to_numpy()
    base, fx0 = market.base_currency, market.fx_rate("USD")
    beta = fx_beta() if fx == "beta" else 0.0
    usdjpy = fx0 * (spx / spx[0]) ** beta
    jpy = float(np.asarray(market.curve(base).zero_rate(0.25)))
    first, last = (str(d.date()) for d in rows.index[[0, -1]])
    vix_start = str(full["vix"].first_valid_index().date())
    fitted = vol_fit is None
    fit_source = ("fitted by ordinary least squares of the VIX on realised vol" if fitted
                  else "supplied as vol_fit, checked against the VIX")
    if fx == "beta":
        fx_note = Note("history_fx_beta", f"USDJPY: no history ships offline; proxy, log(USDJPY / {fx0:.2f}) = "
                       f"{beta:.3f} x log(SPX / SPX on {first}), the regression part of the Monte Carlo factor model "
                       f"(corr x vol USD / vol SPX), so the yen strengthens when stocks fall.",
                       fx0=fx0, beta=beta, first=first)
    else:
        fx_note = Note("history_fx_constant", f"USDJPY: no history ships offline; proxy, flat at the market's "
                       f"{fx0:.2f}.", fx0=fx0)
    dividend = market.dividend_yield("SPX")
    resid, fit_end = vol_fit_residual_std((a, b)), sp500_range()[1]
    notes = (
        Note("history_sp500", f"S&P 500: arch.data.sp500 'Adj Close', a price index; dividends are added at the "
             f"market's dividend yield ({dividend:.2%}).", dividend=dividend),
        Note("history_vol_fitted" if fitted else "history_vol_given",
             f"Implied vol: VIX / 100 (arch.data.vix) from {vix_start}; before it a proxy, {a:.3f} + {b:.3f} x "
             f"{RV_DAYS}-day realised vol ({fit_source} over {vix_start} to {fit_end}, residual std {resid:.3f}), "
             f"clipped to [{VOL_CLIP[0]:.0%}, {VOL_CLIP[1]:.0%}]; both times {scale:.3f}, the market surface's "
             f"30-day ATM vol over its VIX-formula vol, as the paths carry an ATM vol.",
             vix_start=vix_start, a=a, b=b, days=RV_DAYS, fit_end=fit_end, resid=resid, low=VOL_CLIP[0],
             high=VOL_CLIP[1], scale=scale),
        Note("history_usd_rate", f"USD rate: Fama-French RF (arch.data.frenchdata, percent per month) of each "
             f"date's month as 12 x RF / 100 per year, simple; months after {full.attrs['rf_last']} carry it "
             f"forward.", last=full.attrs["rf_last"]),
        Note("history_base_rate", f"{base} rate: proxy, constant {jpy:.2%} (the market's 3-month zero rate); no "
             f"{base} rate history ships offline.", currency=base, rate=jpy),
        fx_note,
    )
    return MarketPaths(rows.index, {"SPX": spx}, fx={"USD": usdjpy}, vol={"SPX": vol},
                       rates={"USD": rows["usd"].to_numpy(), base: np.full(len(rows), jpy)}, base_currency=base,
                       labels=(LABEL,), name=Note("history_name", f"{LABEL} {first} to {last}", first=first, last=last),
                       notes=notes)

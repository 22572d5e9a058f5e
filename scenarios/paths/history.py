"""Real-history market paths: the S&P 500 1999-2018 with its VIX and T-bill rate, all shipped offline by ``arch``.

:func:`sp500_history` returns one :class:`~scenarios.paths.MarketPaths` path over S&P 500 trading dates. Sources
and proxies (each one is also a sentence of the paths' ``notes``):

================  =============================================================================================
``equity.SPX``    ``arch.data.sp500`` "Adj Close", a price index (it equals "Close" on every date)
``dividends.SPX`` the calendar year's dividends per index share (Shiller's table of S&P four-quarter totals,
                  :data:`~scenarios.history_data.DIVIDENDS_PER_SHARE`) over each date's close, decimal per year:
                  a position accrues the year's dividends in points, so price plus dividends is total return
``opens.SPX``     ``arch.data.sp500`` "Open"; where it is not a real open (within a cent of the previous close,
                  nearly every day before 2006) it is the previous close, and the notes count those days
``vol.SPX``       ``arch.data.vix`` / 100 from 2014-01-03; before it a MODEL: a threshold-GARCH(1,1) forecast of
                  the next 21 days' vol from the returns up to each date, plus a variance premium calibrated on
                  2014-2018 (:func:`~scenarios.history_data.garch_vol`), clipped to ``VOL_CLIP``; both times
                  :func:`atm_per_vix` (0.871 on the embedded market), as a path carries a 30-day ATM vol
``rates.USD``     Fama-French one-month T-bill return ``RF`` (``arch.data.frenchdata``, percent per month) of the
                  date's month, as the simple annual decimal 12 x RF / 100
``rates.JPY``     PROXY: constant, the market's 3-month JPY zero rate (no JPY rate history ships offline)
``fx.USD``        PROXY: USDJPY from the S&P 500 by the factor model's beta, or flat (no USDJPY history offline)
================  =============================================================================================

Every derived series is computed on the full history first, then windowed, so a date has the same vol in every
window.

The pre-VIX model against every VIX close the project cites (:mod:`scenarios.sets.historical`; 2008-10-15 from
Cboe's history, cited in the tests), VIX-style vol points before the 0.871 scaling. "Old" is the affine proxy this
model replaced, 0.080 + 0.592 x 21-day realised vol fitted on 2014-2018 (:func:`default_vol_fit`, still the proxy
of a user's own file in :mod:`scenarios.paths.csv_file`):

==========  =====  =====  =====  ======
Date        VIX    Old    Model  Error
==========  =====  =====  =====  ======
2000-03-24  23.31  24.77  17.19   -6.12
2002-10-09  42.13  27.29  42.63   +0.50
2007-10-09  16.12  16.31  12.85   -3.27
2008-09-12  25.66  21.30  24.42   -1.24
2008-10-15  69.25  55.48  82.52  +13.27
2008-11-20  80.86  49.67  84.31   +3.45
2009-03-09  49.68  32.63  47.79   -1.89
2011-07-22  17.52  16.85  15.07   -2.45
2011-08-08  48.00  27.79  45.19   -2.81
2015-08-10  12.23  14.03  14.48   +2.25
2015-08-24  40.74  20.65  33.45   -7.29
2018-09-20  11.80  11.79  10.59   -1.21
2018-12-24  36.07  22.70  37.23   +1.16
==========  =====  =====  =====  ======

On the 12 closes of the episode table the model's RMSE is 3.42 points (mean error -1.58; the old proxy 14.43,
mean -9.86); on its 7 closes before 2014, 3.15 (old 15.47); with 2008-10-15, 4.93. Over all 1,257 dates of
2014-01-03 .. 2018-12-31 (where the paths use the VIX itself) its RMSE is 1.79 points, mean error -0.15,
correlation 0.928 (the old proxy: 2.67, 0.00 by construction, 0.781). The model reacts to a fall within the day:
two days after the 2008-10-13 rally, the 9% fall of 2008-10-15 puts it 13 points above that day's VIX; it peaks at
84.3 on 2008-11-20, the day of the VIX's record close. It averages 0.192 over 1999-2013 (the VIX about 0.21).
"""


from __future__ import annotations

import numpy as np
import pandas as pd

from pricing.errors import InputError
from pricing.market import Market, default_market
from pricing.smile_metrics import SKEW_TENOR, model_free_vol
from scenarios.history_data import (
    DIVIDEND_SOURCE,
    DIVIDENDS_PER_SHARE,
    FORECAST_DAYS,
    garch_vol,
    sp500_daily,
    sp500_range,
)
from scenarios.paths.market_paths import MarketPaths, Note
from scenarios.sets.monte_carlo import DEFAULT_VOLS, default_corr

LABEL = "S&P 500 history"
VOL_CLIP = (0.05, 2.0)
"""Bounds of the pre-VIX vol (the model's and a user's file's proxy), decimal."""
CITED_RMSE = 3.42
"""RMSE of the pre-VIX model against the 12 VIX closes of the episode table, vol points (module docstring)."""
OLD_CITED_RMSE = 14.43
"""The same for the realised-vol proxy the model replaced, :func:`default_vol_fit`."""
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
    realised in calm markets (a > 0) and rises more slowly than it (b < 1). The proxy of a user's own file without
    vol (:mod:`scenarios.paths.csv_file`); the shipped history no longer uses it, as it errs 31 vol points low on
    2008-11-20 (module docstring).

    Examples
    --------
    >>> [round(v, 3) for v in default_vol_fit()]
    [0.08, 0.592]
    """
    both = _overlap()
    x, y = both["rv"].to_numpy(), both["vix"].to_numpy()
    slope = float(np.sum((x - x.mean()) * (y - y.mean())) / np.sum((x - x.mean()) ** 2))
    return float(y.mean() - slope * x.mean()), slope


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
                  fx: str = "beta") -> MarketPaths:
    """One path of real S&P 500 history with its opens, dividends, implied vol, USD rate and USDJPY / JPY proxies.

    Parameters
    ----------
    market : Market, optional
        Supplies USDJPY on day 0, the JPY rate and the surface whose ATM / VIX ratio scales the vol; default
        :func:`~pricing.market.default_market`.
    start, end : str, optional
        ISO dates, inclusive; default the whole range (:func:`sp500_range`).
    fx : {"beta", "constant"}, default "beta"
        USDJPY proxy. ``"beta"``: log(USDJPY_t / USDJPY_0) = beta x log(SPX_t / SPX_0) with :func:`fx_beta`
        (the yen strengthens when stocks fall); ``"constant"``: flat at the market's USDJPY.

    Returns
    -------
    MarketPaths
        One path labelled "S&P 500 history"; ``equity.SPX`` and ``opens.SPX`` in points, ``vol.SPX``,
        ``dividends.SPX`` and ``rates`` as decimals per year, ``fx.USD`` in yen per dollar.

    Raises
    ------
    InputError
        For an unknown ``fx`` ("fx") or a window outside the data or with fewer than two dates ("from" / "to").
    """
    market = market or default_market()
    if fx not in FX_MODES:
        raise InputError("fx", fx, "one of " + ", ".join(FX_MODES))
    if market.base_currency == "USD":
        raise InputError("market.base_currency", "USD", "a base other than USD (the paths hold USDJPY)")
    full = sp500_daily()
    rows = _window(start, end)
    scale = atm_per_vix(market)
    vol = scale * _implied_vol().loc[rows.index].to_numpy()
    spx = rows["spx"].to_numpy()
    base, fx0 = market.base_currency, market.fx_rate("USD")
    beta = fx_beta() if fx == "beta" else 0.0
    usdjpy = fx0 * (spx / spx[0]) ** beta
    jpy = float(np.asarray(market.curve(base).zero_rate(0.25)))
    first, last = (str(d.date()) for d in rows.index[[0, -1]])
    if fx == "beta":
        fx_note = Note("history_fx_beta", f"USDJPY: no history ships offline; proxy, log(USDJPY / {fx0:.2f}) = "
                       f"{beta:.3f} x log(SPX / SPX on {first}), the regression part of the Monte Carlo factor model "
                       f"(corr x vol USD / vol SPX), so the yen strengthens when stocks fall.",
                       fx0=fx0, beta=beta, first=first)
    else:
        fx_note = Note("history_fx_constant", f"USDJPY: no history ships offline; proxy, flat at the market's "
                       f"{fx0:.2f}.", fx0=fx0)
    notes = (
        _dividend_note(rows),
        _vol_note(scale),
        Note("history_usd_rate", f"USD rate: Fama-French RF (arch.data.frenchdata, percent per month) of each "
             f"date's month as 12 x RF / 100 per year, simple; months after {full.attrs['rf_last']} carry it "
             f"forward.", last=full.attrs["rf_last"]),
        Note("history_base_rate", f"{base} rate: proxy, constant {jpy:.2%} (the market's 3-month zero rate); no "
             f"{base} rate history ships offline.", currency=base, rate=jpy),
        fx_note,
        _opens_note(rows),
    )
    return MarketPaths(rows.index, {"SPX": spx}, fx={"USD": usdjpy}, vol={"SPX": vol},
                       rates={"USD": rows["usd"].to_numpy(), base: np.full(len(rows), jpy)}, base_currency=base,
                       labels=(LABEL,), name=Note("history_name", f"{LABEL} {first} to {last}", first=first, last=last),
                       notes=notes, opens={"SPX": rows["open"].to_numpy()},
                       dividends={"SPX": rows["dividend"].to_numpy()})


def _implied_vol() -> pd.Series:
    """VIX-style implied vol of every date, decimal: the VIX from 2014, the clipped model before it."""
    full = sp500_daily()
    return full["vix"].fillna(garch_vol().implied.clip(*VOL_CLIP))


def _vol_note(scale: float) -> Note:
    """The implied vol's sources: VIX, the TARCH model and its premium, the ATM scaling."""
    model, full = garch_vol(), sp500_daily()
    vix_start = str(full["vix"].first_valid_index().date())
    premium, premium_vol = model.premium, float(np.sqrt(model.premium))
    return Note("history_vol_model",
                f"Implied vol: VIX / 100 (arch.data.vix) from {vix_start}; before it a model, the threshold-GARCH(1,1) "
                f"forecast of the next {FORECAST_DAYS} days' vol from the S&P 500 returns up to each date "
                f"(parameters fitted on 1999-2018, so the parameters, not the data, look ahead), plus a variance "
                f"premium of {premium:.4f} a year ({premium_vol:.1%} on a zero forecast) calibrated on the VIX from "
                f"{vix_start} to 2018-12-31; against the VIX closes of the "
                f"episode table it errs by {CITED_RMSE:.1f} vol points RMSE (the realised-vol proxy it replaced: "
                f"{OLD_CITED_RMSE:.1f}); clipped to [{VOL_CLIP[0]:.0%}, {VOL_CLIP[1]:.0%}]; both times {scale:.3f}, "
                f"the market surface's 30-day ATM vol over its VIX-formula vol, as the paths carry an ATM vol.",
                vix_start=vix_start, days=FORECAST_DAYS, premium=premium, premium_vol=premium_vol,
                rmse=CITED_RMSE, old_rmse=OLD_CITED_RMSE,
                low=VOL_CLIP[0], high=VOL_CLIP[1], scale=scale)


def _dividend_note(rows: pd.DataFrame) -> Note:
    """Where the price index and its dividends come from, with the window's mean yield."""
    mean = float(rows["dividend"].mean())
    years = f"{min(DIVIDENDS_PER_SHARE)}-{max(DIVIDENDS_PER_SHARE)}"
    return Note("history_sp500_dividends",
                f"S&P 500: arch.data.sp500 'Adj Close', a price index; dividends are added as a dividend yield, each "
                f"calendar year's dividends per index share ({DIVIDEND_SOURCE}, {years}) over each date's close "
                f"(mean {mean:.2%} a year over this window), so price plus dividends is total return.",
                source=DIVIDEND_SOURCE, years=years, mean=mean)


def _opens_note(rows: pd.DataFrame) -> Note:
    """How many of the window's opens are real (see :mod:`scenarios.history_data` on the file's opens)."""
    stale, days = int((~rows["open_real"]).sum()), len(rows)
    return Note("history_opens",
                f"Opening levels: arch.data.sp500 'Open'; on {stale} of the window's {days} dates it is not a real "
                f"open (it equals the previous close, or the close) and the previous close stands in, so an option "
                f"settled on the opening quotation settles there on the previous close; even a real first print is "
                f"only near the exchange's Special Opening Quotation.", stale=stale, days=days)

"""The standing put on 1999–2018 against the S&P 500 itself and against Cboe's published put indices.

An account that holds the S&P 500 (98% of NAV in a fund that reinvests its dividends, 2% in the T-bill MMF
that pays for the premiums) is replayed on the shipped history three ways: unhedged; with a one-month 95% SPX
put bought at each monthly expiry and held to expiry (the construction of the Cboe S&P 500 5% Put Protection
Index, PPUT); and with the project's default standing put (90%, three months, rolled 21 days before expiry). FX
is held constant, so the figures are those of a dollar investor, in total return. The published figures in
:data:`PUBLISHED` (sources in ``docs/cboe_reference.md``) cover other periods; :func:`pput_check` sets the
PPUT-like put beside Cboe's published quarters and takes the gap apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, EtfPosition
from hedgeopt.config.path_settings import Frictions, HedgeKind, StandingHedge
from hedgeopt.paths.engine import simulate
from hedgeopt.paths.metrics import annual_vol, cagr, max_drawdown
from hedgeopt.paths.result import PathRun
from pricing import Market, default_market
from pricing.standard_hedges import option_expiry
from scenarios.history_data import sp500_daily
from scenarios.paths.history import VOL_CLIP, atm_per_vix, default_vol_fit, sp500_history
from scenarios.paths.market_paths import MarketPaths, Note

STUDY_NAV = 10_000_000.0
"""The study account's NAV, base currency (the figures are returns: the size only sets the contracts' fractions)."""

_FRICTIONS = Frictions(fx_cost=0.0, etf_cost=0.0)


def _study_account() -> Account:
    """98% of NAV in an S&P 500 fund that reinvests its dividends, 2% in a T-bill MMF that pays the premiums."""
    return Account(mmf=(MMF(0.02 * STUDY_NAV, amount_currency="JPY", redemption_days=1),),
                   satellite=(EtfPosition("SPX", 0.98 * STUDY_NAV, value_currency="JPY", accumulating=True),))


_FIGURES = {"return_2008": "calendar 2008 return, TR", "return_4q2008": "4Q 2008 return, TR",
            "crisis_drawdown": "crisis drawdown 2007-10-31 to 2009-02-27",
            "max_drawdown": "max drawdown Jun 1986 - Dec 2018", "cagr": "annual compound return Jun 1986 - Dec 2018",
            "vol": "standard deviation Jun 1986 - Dec 2018"}
"""The published figures' names, by the key of the figure they stand beside."""


def _figure(key: str) -> Note:
    return Note(f"study_figure_{key}", _FIGURES[key])


PUBLISHED = pd.DataFrame(
    [(_figure("return_2008"), "S&P 500", -0.370, "CP"), (_figure("return_2008"), "PUT", -0.268, "CP"),
     (_figure("return_4q2008"), "S&P 500", -0.219, "IP"), (_figure("return_4q2008"), "PPUT", 0.002, "IP"),
     (_figure("crisis_drawdown"), "S&P 500", -0.509, "CB17"),
     (_figure("max_drawdown"), "PPUT", -0.389, "B19"),
     (_figure("cagr"), "PPUT", 0.0664, "B19"),
     (_figure("vol"), "PPUT", 0.1208, "B19")],
    columns=["figure", "index", "value", "source"], dtype=object).astype({"value": float})  # figures stay Notes
"""Published Cboe figures (decimals) with the source keys of ``docs/cboe_reference.md``."""

PPUT_LIKE = StandingHedge(kind=HedgeKind.PUT, symbol="SPX", moneyness=0.95, tenor_days=28, roll_days=0,
                          coverage=1.0, integer=False, half_spread=0.02)
"""One-month 95% SPX put bought at each monthly expiry and held to it (the PPUT's construction)."""


@dataclass(frozen=True)
class PutStudy:
    """The study's figures per strategy (:attr:`table`), the runs, the published figures and the PPUT check."""

    table: pd.DataFrame
    runs: dict[str, PathRun]
    published: pd.DataFrame
    notes: tuple[str, ...]
    pput: PputCheck


def _window_return(run: PathRun, start: str, end: str) -> float:
    """NAV return between the last close before ``start`` and the last close on or before ``end``."""
    dates = run.paths.dates
    i0 = max(int(np.searchsorted(dates, pd.Timestamp(start))) - 1, 0)
    i1 = int(np.searchsorted(dates, pd.Timestamp(end), side="right")) - 1
    return float(run.nav[0, i1] / run.nav[0, i0] - 1.0)


def _window_drawdown(run: PathRun, start: str, end: str) -> float:
    dates = run.paths.dates
    keep = (dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))
    return float(max_drawdown(run.nav[0, keep]))


def put_roll_study(market: Market | None = None, start: str | None = None, end: str | None = None) -> PutStudy:
    """Replay the three strategies on the S&P 500 history between ``start`` and ``end`` (default 1999–2018)."""
    market = market or default_market()
    paths = sp500_history(market, start=start, end=end, fx="constant")
    strategies = {Note("study_unhedged", "S&P 500 (unhedged)"): None,
                  Note("study_pput", "95% put, monthly (PPUT-like)"): PPUT_LIKE,
                  Note("study_standing", "90% put, 3 months (standing put)"): StandingHedge(symbol="SPX",
                                                                                            integer=False)}
    runs = {name: simulate(_study_account(), market, paths, None, hedge, _FRICTIONS)
            for name, hedge in strategies.items()}
    rows = {}
    for name, run in runs.items():
        rows[name] = {
            "cagr": float(cagr(run.nav, paths.dates)[0]), "vol": float(annual_vol(run.nav)[0]),
            "max_drawdown": float(run.max_drawdown[0]),
            "return_2008": _window_return(run, "2008-01-01", "2008-12-31"),
            "return_4q2008": _window_return(run, "2008-10-01", "2008-12-31"),
            "crisis_drawdown": _window_drawdown(run, "2007-10-01", "2009-03-31"),
            "premiums": float(run.costs["premiums"][0]),
        }
    table = pd.DataFrame(rows).T
    table.index = pd.Index(list(rows), dtype=object, name="strategy")  # the Notes themselves (pandas 3: not str)
    notes = (*paths.notes, Note("study_terms", "Total returns (the index fund reinvests the dated dividends); FX "
                                "constant (a dollar investor); 98% index, 2% T-bill MMF paying the premiums; SPX "
                                "puts settled on the opening quotation; the monthly put at model value +/- 2% of "
                                "it, the standing put at the quote model's bid/ask; both pay the IBKR + Cboe "
                                "commission schedule on the (fractional) contracts held."))
    return PutStudy(table, runs, PUBLISHED, notes, pput_check(market))


PPUT_QUARTERS = (("3Q 2001", "2001-07-01", "2001-09-30", -0.041, -0.147),
                 ("3Q 2002", "2002-07-01", "2002-09-30", -0.091, -0.173),
                 ("4Q 2008", "2008-10-01", "2008-12-31", 0.002, -0.219),
                 ("3Q 2011", "2011-07-01", "2011-09-30", -0.080, -0.139))
"""(quarter, first day, last day, PPUT, S&P 500 TR): the quarters of 1999–2018 for which Cboe publishes both
returns ([IP] in ``docs/cboe_reference.md``: "Portfolio Protection Strategy Indices", quarterly returns of the
six quarters the S&P 500 fell most, total return, pre-tax)."""

PPUT_STEPS = ("close_price_old_vol", "open_settlement", "dividends", "vol_model", "no_costs")
"""The PPUT-like put's quarter return, one model change at a time: (1) the study as it was (the expiring put
settled at the expiry day's close, price returns, the old affine vol proxy); (2) settled on the opening
quotation (SPX's SOQ; the history's open, the previous close where the data has no real open); (3) with the
dated dividends (total return); (4) the TARCH vol model instead of the affine proxy: the model as it is;
(5) the same without trading costs (no spread, no commission), what is left being what costs take."""


@dataclass(frozen=True)
class PputCheck:
    """The PPUT-like put beside Cboe's published quarters, and the gap taken apart one model change at a time.

    Attributes
    ----------
    table : DataFrame
        One row per quarter of :data:`PPUT_QUARTERS`: ``sp500_published``, ``sp500`` (our total return),
        ``pput_published``, then one column per :data:`PPUT_STEPS` (the PPUT-like account's return) and ``gap``
        (the model as it is, ``vol_model``, less the published PPUT); decimals.
    notes : tuple of str
        What the steps and the remaining gap are.
    """

    table: pd.DataFrame
    notes: tuple[str, ...]


def _old_vol(paths: MarketPaths, market: Market) -> np.ndarray:
    """The pre-2014 vol the study used before the TARCH model: VIX, else 0.080 + 0.592 x 21-day realised vol."""
    full = sp500_daily()
    a, b = default_vol_fit()
    vix = full["vix"].fillna((a + b * full["rv"]).clip(*VOL_CLIP))
    return atm_per_vix(market) * vix.reindex(paths.dates).to_numpy()


def _step_paths(paths: MarketPaths, market: Market, step: str) -> MarketPaths:
    """The quarter's paths as model step ``step`` sees them (see :data:`PPUT_STEPS`)."""
    k = PPUT_STEPS.index(step)
    spx = paths.equity["SPX"]
    changes: dict[str, object] = {}
    if k < 1:
        changes["opens"] = {"SPX": spx}
    if k < 2:
        changes["dividends"] = {"SPX": np.zeros_like(spx)}
    if k < 3:
        changes["vol"] = {"SPX": _old_vol(paths, market)}
    return replace(paths, **changes)


def _quarter_return(nav: np.ndarray, dates: pd.DatetimeIndex, first: str, last: str) -> np.ndarray:
    """NAV at the quarter's last close over NAV at the close before its first day, less one, per lane."""
    i0 = int(np.searchsorted(dates, pd.Timestamp(first))) - 1
    i1 = int(np.searchsorted(dates, pd.Timestamp(last), side="right")) - 1
    return nav[:, i1] / nav[:, i0] - 1.0


def pput_check(market: Market | None = None) -> PputCheck:
    """The PPUT-like monthly 95% SPX put on Cboe's published quarters, with the gap explained step by step.

    Each quarter is replayed from the monthly expiry before it (so the put held on the quarter's first day is the
    one bought at that expiry, as PPUT's is) with the study's account (98% index, 2% T-bill MMF) in dollars.
    """
    base = market or default_market()
    rows = {}
    for quarter, first, last, pput, sp500 in PPUT_QUARTERS:
        start = option_expiry(dt.date.fromisoformat(first) - dt.timedelta(days=35), "SPX", 0)
        paths = sp500_history(base, start=str(start), end=last, fx="constant")
        row = {"sp500_published": sp500, "pput_published": pput}
        for step in PPUT_STEPS:
            hedge = PPUT_LIKE if step != "no_costs" else replace(PPUT_LIKE, half_spread=0.0, commission=0.0)
            navs = [simulate(_study_account(), base, _step_paths(paths, base, step), None, h, _FRICTIONS).nav
                    for h in ((None, hedge) if step == "vol_model" else (hedge,))]
            returns = [float(_quarter_return(nav, paths.dates, first, last)[0]) for nav in navs]
            if step == "vol_model":
                row["sp500"] = returns[0]
            row[step] = returns[-1]
        row["gap"] = row["vol_model"] - pput
        rows[quarter] = row
    table = pd.DataFrame(rows).T
    table.index.name = "quarter"
    return PputCheck(table[["sp500_published", "sp500", "pput_published", *PPUT_STEPS, "gap"]], _PPUT_NOTES)


_PPUT_NOTES = (
    Note("pput_steps", "Ours, one change at a time: the expiring put settled at the expiry day's close, price "
         "returns and the old affine vol proxy; + settled on the opening quotation (SOQ); + dividends (total "
         "return); + the TARCH vol model (the model as it is); + no trading costs."),
    Note("pput_opens", "Settlement on the open uses the history's opening level; before 2006 it is mostly not a "
         "real open and the previous close stands in, so the 2001 and 2002 quarters settle on the eve's close: that "
         "step moves them by the whole expiry day's move, not by its overnight gap."),
    Note("pput_index", "Ours holds 98% in the index (2% in the MMF that pays the premiums): a -21.9% quarter of "
         "the S&P 500 is -21.5% for the account before any put."),
    Note("pput_left", "What is left: PPUT buys its put at the volume-weighted price of 11:30-12:00 ET on the roll "
         "day and reinvests at the T-bill rate; ours buys at the close at the model value +/- 2% (the costs step "
         "shows their size), on the SSVI surface moved by the path's vol, not the day's quoted smile."),
)

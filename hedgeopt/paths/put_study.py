"""The standing put on 1999–2018 against the S&P 500 itself and against Cboe's published put indices.

An account that holds the S&P 500 (98% of NAV through the cash route, 2% in the T-bill MMF that pays for the
premiums) is replayed on the shipped history three ways: unhedged; with a one-month 95% SPX put bought at each
monthly expiry and held to expiry (the construction of the Cboe S&P 500 5% Put Protection Index, PPUT); and with
the project's default standing put (90%, three months, rolled 21 days before expiry). FX is held constant, so
the figures are those of a dollar investor. The published figures in :data:`PUBLISHED` (sources in
``docs/cboe_reference.md``) need not match — different periods, the PPUT uses quoted prices and total returns,
our implied vol before 2014 is a proxy — but the direction must: the put costs return in calm years and cuts the
2008 loss.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, EtfPosition
from hedgeopt.config.path_settings import Frictions, HedgeKind, StandingHedge
from hedgeopt.paths.engine import simulate
from hedgeopt.paths.metrics import annual_vol, cagr, max_drawdown
from hedgeopt.paths.result import PathRun
from pricing import Market, default_market
from pricing.market import with_inputs
from scenarios.paths.history import sp500_history
from scenarios.paths.market_paths import Note

STUDY_DIVIDEND_YIELD = 0.0
"""Dividend yield of the study, decimal: none, so the figures are price returns like the shipped history (paid
into cash, dividends would pile up uninvested over 20 years and soften every later drawdown). The published
figures are total returns, about 2% a year higher."""

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
    columns=["figure", "index", "value", "source"])
"""Published Cboe figures (decimals) with the source keys of ``docs/cboe_reference.md``."""

PPUT_LIKE = StandingHedge(kind=HedgeKind.PUT, symbol="SPX", moneyness=0.95, tenor_days=28, roll_days=0,
                          coverage=1.0, integer=False, half_spread=0.02)
"""One-month 95% SPX put bought at each monthly expiry and held to it (the PPUT's construction)."""


@dataclass(frozen=True)
class PutStudy:
    """The study's figures per strategy (:attr:`table`), the runs, and the published figures."""

    table: pd.DataFrame
    runs: dict[str, PathRun]
    published: pd.DataFrame
    notes: tuple[str, ...]


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
    base = market or default_market()
    market = with_inputs(base, "SPX", dividend_yield=STUDY_DIVIDEND_YIELD)
    paths = sp500_history(market, start=start, end=end, fx="constant")
    nav = 10_000_000.0
    account = Account(mmf=(MMF(0.02 * nav, amount_currency="JPY", redemption_days=1),),
                      satellite=(EtfPosition("SPX", 0.98 * nav, value_currency="JPY"),))
    frictions = Frictions(fx_cost=0.0, etf_cost=0.0)
    strategies = {Note("study_unhedged", "S&P 500 (unhedged)"): None,
                  Note("study_pput", "95% put, monthly (PPUT-like)"): PPUT_LIKE,
                  Note("study_standing", "90% put, 3 months (standing put)"): StandingHedge(symbol="SPX",
                                                                                            integer=False)}
    runs = {name: simulate(account, market, paths, None, hedge, frictions) for name, hedge in strategies.items()}
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
    table.index.name = "strategy"
    notes = (*paths.notes, Note("study_terms", "Price returns (no dividends); FX constant (a dollar investor); 98% "
                                "index, 2% T-bill MMF paying the premiums; the monthly put at model value +/- 2% of "
                                "it, the standing put at the quote model's bid/ask; both pay the IBKR + Cboe "
                                "commission schedule on the (fractional) contracts held."))
    return PutStudy(table, runs, PUBLISHED, notes)

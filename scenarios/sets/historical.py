"""Named historical stress episodes: what the S&P 500, Nikkei 225, USD/JPY, VIX, yen vol and short rates did.

Every number of an :class:`Episode` is a close-to-close move between two dates, with its own source string
(``episode("2008-09 Lehman").sources["usdjpy"]``); :func:`historical_episodes` turns episodes into a
:class:`~scenarios.sets.scenario_set.ScenarioSet`, one row each.

==========================  =========================  ====  ======  ======  ======  =======  ======  =====  ======
Episode                     Window (close to close)    Days  SPX     NKY     USDJPY  VIX pts  USD 3m  JPY    FX vol
==========================  =========================  ====  ======  ======  ======  =======  ======  =====  ======
1987-10 Black Monday        1987-10-16 .. 1987-10-19      3  -20.5%  -16.9%   -0.6%  +113.8*   -0.52  +0.00   +0.3m
2000-03 Dot-com bear        2000-03-24 .. 2002-10-09    929  -49.1%  -57.2%  +15.2%    +18.8   -4.34  +0.00   +2.3m
2007-10 GFC bear            2007-10-09 .. 2009-03-09    517  -56.8%  -58.7%  -15.5%    +33.6   -3.83  -0.40   +7.7m
2008-09 Lehman              2008-09-12 .. 2008-11-20     69  -39.9%  -36.9%  -11.7%    +55.2   -1.46  -0.20   +15.6
2011-08 US downgrade        2011-07-22 .. 2011-08-08     17  -16.8%  -10.2%   -1.2%    +30.5   +0.00  +0.00   +0.6m
2015-08 China devaluation   2015-08-10 .. 2015-08-24     14  -10.0%  -10.9%   -4.8%    +28.5   -0.06  +0.00   +2.4m
2018-Q4 Fed selloff         2018-09-20 .. 2018-12-24     95  -19.8%  -19.1%   -1.9%    +24.3   +0.28  +0.00   +0.9m
2020-03 COVID crash         2020-02-19 .. 2020-03-23     33  -33.9%  -27.8%   +0.2%    +47.2   -1.56  +0.00   +0.0m
2022 Rate-hike bear         2022-01-03 .. 2022-10-12    282  -25.4%   -8.3%  +27.4%    +17.0   +3.62  +0.00   +4.1m
2024-08 Yen carry unwind    2024-07-10 .. 2024-08-05     26   -7.9%  -24.8%  -11.0%    +25.7   -0.11  +0.15    +5.4
==========================  =========================  ====  ======  ======  ======  =======  ======  =====  ======

Rates in percentage points; ``*`` VXO, see below; ``m`` modelled, see FX vol. Sources and conventions:

* **SPX** -- S&P 500 price-index closes (not total return). 1999-2018 windows are typed from
  ``arch.data.sp500`` (its ``Close``, equal to ``Adj Close`` for an index) and the tests hold them to it; the
  1987, 2020, 2022 and 2024 closes are the widely reported ones.
* **NKY** -- Nikkei 225 closes (Yahoo Finance ``^N225`` history; 2024 as reported by Nikkei/Xinhua), from the
  Tokyo close on the start date (the last one before, if Tokyo was shut) to the Tokyo close on the end date
  (the next one, if shut). Black Monday ends on Tokyo's 1987-10-20 close: Tokyo had closed before New York
  crashed on the 19th and fell 14.9% the next day.
* **USDJPY** -- FRED ``DEXJPUS`` (noon buying rates in New York) on the same dates, the next one if missing;
  + means the yen fell (``fx.USD`` > 0).
* **VIX pts** -- Cboe VIX closes (FRED ``VIXCLS``; 2014-2018 also ``arch.data.vix``). 1987 has no VIX: the
  number is the VXO (Cboe's old S&P 100 index, FRED ``VXOCLS``), whose trading-day convention reads about 1.2x
  a VIX-style index (Carr and Wu, 2006); +114 points is a 30-day, at-the-money figure that longer expiries
  never saw. Episodes end on the equity trough, not the vol peak (VIX closed at 82.69 on 2020-03-16, 61.59 on
  the 03-23 trough), which understates vol for a put holder.
* **FX vol** -- change of USDJPY 1-month at-the-money implied vol, vol points (``vol.USDJPY``). Published
  figures exist for two windows only: 2008 (about 10% before the crisis to 25.55% on 10-08, Bloomberg; record
  31.04% on 10-24, Fisco) and 2024 (below 10.6% to 16.0% on 08-05, Tickmill), both approximate. The others
  (``m``) are :class:`~scenarios.sets.factor_model.FxVolResponse` defaults applied to the USDJPY move, which sit
  at the low end of the recorded response; 2020 ends flat, so it shows no change though yen vols rose inside
  the window (Reuters called 03-09 an 11-year high).
* **USD 3m** -- change of the 3-month Treasury constant-maturity yield (FRED ``DGS3MO``), the yield a
  Treasury MMF earns. **JPY** -- change of the Bank of Japan's policy-rate target (approximate; 0 when it did
  not move).

**Paths.** An episode is a window, and an option that expires inside it is valued on the window's path
(:mod:`scenarios.repricing`). The six windows inside 1999-01-04 .. 2018-12-31 carry the S&P 500's recorded daily
path (``path.SPX``, from ``arch.data.sp500``) and the average change of the USD short rate over the window
(``rate_avg.USD``) from the same Fama-French T-bill series the path engine floats the MMF and loans on, so the
stress table and ``hedgeopt backtest`` read the same history. The others (1987, 2020, 2022, 2024) and every
Nikkei window are known only by the two end points their sources give: an option expiring inside them is credited
with nothing, and their rates move in a straight line from start to end (``rate_avg`` = half the change); so does
the JPY rate in every window (no JPY rate history ships offline).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

from pricing._typing import FloatArray
from pricing.errors import InputError
from pricing.validation import check_rate, check_return, check_vol_shift
from scenarios.history_data import sp500_daily
from scenarios.sets.factor_model import FxVolResponse, VolResponse
from scenarios.sets.scenario_set import (
    HORIZON,
    LABEL,
    ScenarioSet,
    equity_col,
    fx_col,
    fx_vol_col,
    path_col,
    rate_avg_col,
    rate_col,
    vol_col,
)

MOVES = ("spx", "nky", "usdjpy", "vix", "usd_rate", "jpy_rate", "usdjpy_vol")
"""The recorded numbers of an episode; each has an entry in ``Episode.sources``."""

INDEX_FIELDS = {"SPX": "spx", "NKY": "nky"}
"""Index codes :func:`historical_episodes` can emit, and the episode field holding each one's return."""


@dataclass(frozen=True)
class Episode:
    """One historical stress window and the moves recorded over it.

    Parameters
    ----------
    name : str
        Label, starting with the year and month (``"2008-09 Lehman"``).
    start, end : str
        ISO dates of the first and last close of the window, ``end`` after ``start``.
    spx, nky, usdjpy : float
        Simple returns of the S&P 500, the Nikkei 225 (price indices) and of one USD in JPY, decimal (-0.40 = a
        40% fall; ``usdjpy`` -0.10 = USDJPY fell 10%, the yen rose 11.1%).
    vix : float
        Change of the VIX in vol points, decimal (+0.55 = +55 points).
    usd_rate, jpy_rate : float
        Changes of the USD 3-month Treasury yield and of the BoJ policy rate, decimal (0.01 = +100 bp).
    usdjpy_vol : float
        Change of USDJPY 1-month at-the-money implied vol in vol points, decimal (+0.155 = +15.5 points): the
        published figure where one exists, else the default :class:`FxVolResponse` applied to ``usdjpy`` (its
        source says which).
    sources : mapping of str to str
        Where each of :data:`MOVES` comes from: series, dates, levels, and "approximate" where it is.
    note : str, default ""
        What the window is and what it leaves out.

    Raises
    ------
    InputError
        For a non-ISO date, ``end`` not after ``start``, a move out of range or a move without a source.
    """

    name: str
    start: str
    end: str
    spx: float
    nky: float
    usdjpy: float
    vix: float
    usd_rate: float
    jpy_rate: float
    usdjpy_vol: float
    sources: Mapping[str, str] = field(repr=False)
    note: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        first, last = _date(f"{self.name}.start", self.start), _date(f"{self.name}.end", self.end)
        if last <= first:
            raise InputError(f"{self.name}.end", self.end, f"a date after start ({self.start})")
        for move in ("spx", "nky", "usdjpy"):
            check_return(f"{self.name}.{move}", getattr(self, move))
        check_vol_shift(f"{self.name}.vix", self.vix)
        check_vol_shift(f"{self.name}.usdjpy_vol", self.usdjpy_vol)
        for move in ("usd_rate", "jpy_rate"):
            check_rate(f"{self.name}.{move}", getattr(self, move))
        missing = [move for move in MOVES if not str(self.sources.get(move, "")).strip()]
        if missing:
            raise InputError(f"{self.name}.sources", missing, "a source string for every recorded move")
        object.__setattr__(self, "sources", MappingProxyType(dict(self.sources)))

    def spx_path(self) -> FloatArray | None:
        """The S&P 500's recorded path over the window, by calendar day, relative to the start; None outside 1999-2018.

        Element ``d`` is the last close on or before ``start + d`` over the close on ``start``; ``horizon_days + 1``
        elements, from 1 to ``1 + spx``.
        """
        closes = _window(self, "spx")
        return None if closes is None else (closes / closes.iloc[0]).to_numpy()

    def usd_rate_average(self) -> float | None:
        """Average change of the USD T-bill rate over the window, decimal; None outside 1999-2018.

        The rate over calendar day ``d`` is the Fama-French T-bill rate (12 x RF / 100) at the last close on or
        before it, as the path engine accrues; averaged over the window's days and less the rate on ``start``.
        """
        rates = _window(self, "usd")
        return None if rates is None else float(rates.iloc[:-1].mean() - rates.iloc[0])

    @property
    def horizon_days(self) -> int:
        """Calendar days from ``start`` to ``end``."""
        return (dt.date.fromisoformat(self.end) - dt.date.fromisoformat(self.start)).days


def _date(field_name: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise InputError(field_name, value, "an ISO date such as 2008-09-12") from exc


def _level(what: str, d0: str, x0: float, d1: str, x1: float, where: str) -> tuple[float, str]:
    """Return ``x1 / x0 - 1`` and its source sentence."""
    move = x1 / x0 - 1.0
    return move, f"{what} {d0} {x0:,.2f} -> {d1} {x1:,.2f} ({move:+.2%}); {where}"


def _points(what: str, d0: str, x0: float, d1: str, x1: float, where: str, pct: str = "") -> tuple[float, str]:
    """Return ``(x1 - x0) / 100`` (vol points, or percentage points with ``pct="%"``) and its source sentence."""
    unit = "pp" if pct else "vol points"
    text = f"{what} {d0} {x0:.2f}{pct} -> {d1} {x1:.2f}{pct} ({x1 - x0:+.2f} {unit}); {where}"
    return round((x1 - x0) / 100.0, 10), text


def _window(ep: Episode, column: str) -> pd.Series | None:
    """``column`` of the shipped daily history on every calendar day of ``ep``'s window (last close carried).

    None when the window is not inside the history (or arch is not installed).
    """
    try:
        history = sp500_daily()[column]
    except InputError:
        return None
    first, last = pd.Timestamp(ep.start), pd.Timestamp(ep.end)
    if first not in history.index or last > history.index[-1]:
        return None
    days = pd.date_range(first, last, freq="D")
    last_close = history.index.searchsorted(days, side="right") - 1  # the last trading day on or before each day
    return pd.Series(history.ffill().to_numpy()[last_close], index=days, name=column)


def _modelled_fx_vol(usdjpy: float) -> tuple[float, str]:
    """The default :class:`FxVolResponse` applied to a USDJPY move, and a source sentence saying so."""
    response = FxVolResponse()
    value = round(float(response.shift(usdjpy)), 10)
    return value, (f"modelled, no published 1M USDJPY implied-vol figure for the window: FxVolResponse(yen_up_beta="
                   f"{response.yen_up_beta:g}, yen_down_beta={response.yen_down_beta:g}) applied to USDJPY "
                   f"{usdjpy:+.2%} ({value * 100:+.2f} vol points)")


def _episode(name: str, start: str, end: str, note: str, **moves: tuple[float, str]) -> Episode:
    moves.setdefault("usdjpy_vol", _modelled_fx_vol(moves["usdjpy"][0]))  # where no figure is typed below
    values = {key: value for key, (value, _) in moves.items()}
    return Episode(name, start, end, **values, sources={key: src for key, (_, src) in moves.items()}, note=note)


_ARCH = "arch.data.sp500, close to close"
_N225 = "Yahoo Finance ^N225 history"
_FX = "FRED DEXJPUS (noon buying rates, New York)"
_VIX = "Cboe VIX close (FRED VIXCLS)"
_AVIX = "Cboe VIX close (arch.data.vix, FRED VIXCLS)"
_BILL = "FRED DGS3MO (3-month Treasury constant maturity)"
_BOJ_FLAT = (0.0, "BoJ policy rate unchanged over the window (approximate: overnight call rate stayed near its target)")


def _usd(d0: str, x0: float, d1: str, x1: float) -> tuple[float, str]:
    return _points("US 3m Treasury yield", d0, x0, d1, x1, _BILL, pct="%")


EPISODES: tuple[Episode, ...] = (
    _episode(
        "1987-10 Black Monday", "1987-10-16", "1987-10-19",
        "The one-day crash; NKY is Tokyo's answer on 10-20, VXO stands in for the VIX.",
        spx=_level("S&P 500", "1987-10-16", 282.70, "1987-10-19", 224.84, "widely reported closes"),
        nky=_level("Nikkei 225", "1987-10-16", 26366.74, "1987-10-20", 21910.08, _N225 + "; Tokyo fell on 10-20"),
        usdjpy=_level("USD/JPY", "1987-10-16", 142.75, "1987-10-19", 141.83, _FX),
        vix=_points("VXO", "1987-10-16", 36.37, "1987-10-19", 150.19,
                    "FRED VXOCLS; no VIX in 1987, VXO reads ~1.2x a VIX-style index (Carr and Wu 2006)"),
        usd_rate=_usd("1987-10-16", 7.19, "1987-10-19", 6.67),
        jpy_rate=(0.0, "BoJ official discount rate 2.5% unchanged (Feb 1987 - May 1989)"),
    ),
    _episode(
        "2000-03 Dot-com bear", "2000-03-24", "2002-10-09",
        "S&P 500 peak to trough; the yen FELL, so a JPY investor lost less than the index.",
        spx=_level("S&P 500", "2000-03-24", 1527.46, "2002-10-09", 776.76, _ARCH),
        nky=_level("Nikkei 225", "2000-03-24", 19958.08, "2002-10-09", 8539.34, _N225),
        usdjpy=_level("USD/JPY", "2000-03-24", 107.25, "2002-10-09", 123.55, _FX),
        vix=_points("VIX", "2000-03-24", 23.31, "2002-10-09", 42.13, _VIX),
        usd_rate=_usd("2000-03-24", 5.91, "2002-10-09", 1.57),
        jpy_rate=(0.0, "BoJ call-rate target ~0% at both ends (raised to 0.25% 2000-08, back to ~0 by 2001-03); "
                       "approximate"),
    ),
    _episode(
        "2007-10 GFC bear", "2007-10-09", "2009-03-09",
        "S&P 500 peak to trough of the financial crisis; USD/JPY's low was 87.80 on 2009-01-21.",
        spx=_level("S&P 500", "2007-10-09", 1565.15, "2009-03-09", 676.53, _ARCH),
        nky=_level("Nikkei 225", "2007-10-09", 17159.90, "2009-03-09", 7086.03, _N225),
        usdjpy=_level("USD/JPY", "2007-10-09", 116.98, "2009-03-09", 98.87, _FX + "; low 87.80 on 2009-01-21"),
        vix=_points("VIX", "2007-10-09", 16.12, "2009-03-09", 49.68, _VIX + "; peak close 80.86 on 2008-11-20"),
        usd_rate=_usd("2007-10-09", 4.06, "2009-03-09", 0.23),
        jpy_rate=(-0.004, "BoJ call-rate target 0.5% -> 0.3% (2008-10-31) -> 0.1% (2008-12-19)"),
    ),
    _episode(
        "2008-09 Lehman", "2008-09-12", "2008-11-20",
        "Friday before Lehman's bankruptcy to the VIX's record close of 2008; the yen rose with the crash.",
        spx=_level("S&P 500", "2008-09-12", 1251.70, "2008-11-20", 752.44, _ARCH),
        nky=_level("Nikkei 225", "2008-09-12", 12214.76, "2008-11-20", 7703.04, _N225),
        usdjpy=_level("USD/JPY", "2008-09-12", 107.51, "2008-11-20", 94.98, _FX),
        vix=_points("VIX", "2008-09-12", 25.66, "2008-11-20", 80.86, _VIX),
        usd_rate=_usd("2008-09-12", 1.49, "2008-11-20", 0.03),
        jpy_rate=(-0.002, "BoJ call-rate target 0.5% -> 0.3% on 2008-10-31"),
        usdjpy_vol=(0.1555, "USDJPY 1M ATM implied vol about 10% before the crisis (its calm level, 8-12%; no "
                            "2008-09-12 quote found) -> 25.55% on 2008-10-08, the highest since October 1998 "
                            "(Bloomberg, S. White, 2008-10-08); the record 31.04% came on 10-24 (Fisco's "
                            "daily USDJPY option column); approximate: no 11-20 quote found, the 10-08 level stands "
                            "in for the window's end"),
    ),
    _episode(
        "2011-08 US downgrade", "2011-07-22", "2011-08-08",
        "Debt-ceiling standoff to the first trading day after S&P's downgrade of the US (2011-08-05).",
        spx=_level("S&P 500", "2011-07-22", 1345.02, "2011-08-08", 1119.46, _ARCH),
        nky=_level("Nikkei 225", "2011-07-22", 10132.11, "2011-08-08", 9097.56, _N225),
        usdjpy=_level("USD/JPY", "2011-07-22", 78.44, "2011-08-08", 77.53, _FX + "; Japan intervened on 08-04"),
        vix=_points("VIX", "2011-07-22", 17.52, "2011-08-08", 48.00, _VIX),
        usd_rate=_usd("2011-07-22", 0.05, "2011-08-08", 0.05),
        jpy_rate=_BOJ_FLAT,
    ),
    _episode(
        "2015-08 China devaluation", "2015-08-10", "2015-08-24",
        "Eve of the renminbi devaluation (08-11) to the 08-24 flash crash and VIX close peak.",
        spx=_level("S&P 500", "2015-08-10", 2104.18, "2015-08-24", 1893.21, _ARCH),
        nky=_level("Nikkei 225", "2015-08-10", 20808.69, "2015-08-24", 18540.68, _N225),
        usdjpy=_level("USD/JPY", "2015-08-10", 124.55, "2015-08-24", 118.56, _FX),
        vix=_points("VIX", "2015-08-10", 12.23, "2015-08-24", 40.74, _AVIX),
        usd_rate=_usd("2015-08-10", 0.12, "2015-08-24", 0.06),
        jpy_rate=_BOJ_FLAT,
    ),
    _episode(
        "2018-Q4 Fed selloff", "2018-09-20", "2018-12-24",
        "S&P 500 record close to the Christmas Eve trough while the Fed kept hiking (09-26, 12-19).",
        spx=_level("S&P 500", "2018-09-20", 2930.75, "2018-12-24", 2351.10, _ARCH),
        nky=_level("Nikkei 225", "2018-09-20", 23674.93, "2018-12-25", 19155.74, _N225 + "; Tokyo shut 12-24"),
        usdjpy=_level("USD/JPY", "2018-09-20", 112.58, "2018-12-26", 110.45, _FX + "; no fixing 12-24/25"),
        vix=_points("VIX", "2018-09-20", 11.80, "2018-12-24", 36.07, _AVIX),
        usd_rate=_usd("2018-09-20", 2.17, "2018-12-24", 2.45),
        jpy_rate=(0.0, "BoJ policy-balance rate -0.1% unchanged"),
    ),
    _episode(
        "2020-03 COVID crash", "2020-02-19", "2020-03-23",
        "S&P 500 record close to the trough; USD/JPY ended flat but touched 102.52 on 03-09 in between.",
        spx=_level("S&P 500", "2020-02-19", 3386.15, "2020-03-23", 2237.40, "widely reported closes"),
        nky=_level("Nikkei 225", "2020-02-19", 23400.70, "2020-03-23", 16887.78, _N225),
        usdjpy=_level("USD/JPY", "2020-02-19", 111.17, "2020-03-23", 111.36, _FX + "; low 102.52 on 03-09"),
        vix=_points("VIX", "2020-02-19", 14.38, "2020-03-23", 61.59, _VIX + "; peak close 82.69 on 03-16"),
        usd_rate=_usd("2020-02-19", 1.58, "2020-03-23", 0.02),
        jpy_rate=(0.0, "BoJ policy-balance rate -0.1% unchanged"),
    ),
    _episode(
        "2022 Rate-hike bear", "2022-01-03", "2022-10-12",
        "S&P 500 record close to the trough; the yen FELL 21%, so a JPY investor lost about 5% only.",
        spx=_level("S&P 500", "2022-01-03", 4796.56, "2022-10-12", 3577.03, "widely reported closes"),
        nky=_level("Nikkei 225", "2021-12-30", 28791.71, "2022-10-12", 26396.83, _N225 + "; Tokyo shut 01-03"),
        usdjpy=_level("USD/JPY", "2022-01-03", 115.27, "2022-10-12", 146.87, _FX),
        vix=_points("VIX", "2022-01-03", 16.60, "2022-10-12", 33.57, _VIX),
        usd_rate=_usd("2022-01-03", 0.08, "2022-10-12", 3.70),
        jpy_rate=(0.0, "BoJ policy-balance rate -0.1% unchanged"),
    ),
    _episode(
        "2024-08 Yen carry unwind", "2024-07-10", "2024-08-05",
        "USD/JPY at its July high fixing to the Tokyo crash of 08-05 (Nikkei -12.4% that day); the Nikkei VI rose "
        "more than the VIX (intraday record 85.38 on 08-05), so vol.NKY understates it.",
        spx=_level("S&P 500", "2024-07-10", 5633.91, "2024-08-05", 5186.33, "widely reported closes"),
        nky=_level("Nikkei 225", "2024-07-10", 41831.99, "2024-08-05", 31458.42,
                   "Nikkei closes as reported (31,458.42 on 08-05, -12.4% on the day; record close 42,224.02 on "
                   "07-11); 07-10 close approximate"),
        usdjpy=_level("USD/JPY", "2024-07-10", 161.73, "2024-08-05", 143.95, _FX),
        vix=_points("VIX", "2024-07-10", 12.85, "2024-08-05", 38.57, _VIX + "; intraday high about 65.7 on 08-05"),
        usd_rate=_usd("2024-07-10", 5.46, "2024-08-05", 5.35),
        jpy_rate=(0.0015, "BoJ call-rate target 0-0.1% -> ~0.25% on 2024-07-31; approximate (+0.15 pp)"),
        usdjpy_vol=(0.054, "USDJPY 1M ATM implied vol below 10.6% on 2024-07-10 (10.6% on 07-24 was its highest "
                           "since 05-03: Tickmill FX Options Insights 2024-07-24) -> 16.0% on 08-05, its highest "
                           "since January 2023, from 11.35% the session before (Tickmill FX Options Insights "
                           "2024-08-09); approximate: +5.4 points is a floor"),
    ),
)
"""Every episode, in date order."""

_BY_NAME = {ep.name.lower(): ep for ep in EPISODES}


def episode(name: str) -> Episode:
    """The episode called ``name`` (case-insensitive).

    Raises
    ------
    InputError
        For an unknown name; the message lists the valid ones.

    Examples
    --------
    >>> episode("2020-03 covid crash").end
    '2020-03-23'
    """
    found = _BY_NAME.get(str(name).strip().lower())
    if found is None:
        raise InputError("episode", name, "one of " + ", ".join(repr(ep.name) for ep in EPISODES))
    return found


def historical_episodes(
    names: str | Iterable[str] | None = None,
    *,
    vol_response: VolResponse | None = None,
    fx_vol_response: FxVolResponse | None = None,
    indices: Iterable[str] = ("SPX", "NKY"),
    currency: str = "USD",
    instantaneous: bool = False,
) -> ScenarioSet:
    """Replay historical episodes as scenarios, one row per episode.

    Parameters
    ----------
    names : str or iterable of str, optional
        Episode names (case-insensitive, see :data:`EPISODES`), in the order wanted. None (the default) means
        every episode; a single string means one (``"2008-09 Lehman"``).
    vol_response : VolResponse, optional
        None (the default) sets ``vol.<INDEX>`` to the recorded VIX change (VXO in 1987) for every index, the
        Nikkei included, as no Nikkei vol index covers all episodes. Given, ``vol.<INDEX>`` is instead
        ``vol_response.shift(index return)``: run the set under several responses and take the worst case,
        since a long-put hedger is hurt by a weak vol response.
    fx_vol_response : FxVolResponse, optional
        None (the default) sets ``vol.USDJPY`` to each episode's ``usdjpy_vol`` (published where it exists,
        else the default response). Given, ``vol.USDJPY`` is ``fx_vol_response.shift(usdjpy)`` for every episode.
    indices : iterable of str, default ("SPX", "NKY")
        Indices to emit ``equity.<INDEX>`` and ``vol.<INDEX>`` columns for; a subset of ``SPX``, ``NKY``.
    currency : str, default "USD"
        The foreign currency; the episodes record USD/JPY only, so it must be ``"USD"``.
    instantaneous : bool, default False
        False: ``horizon_days`` is the episode's window, so options age over it. True: ``horizon_days`` is 0,
        the episode's moves applied to today's book (no theta, no roll-down), which suits long windows such as
        the 929-day dot-com bear that outlast every option held.

    Returns
    -------
    ScenarioSet
        Named ``"historical"``; labels are the episode names; columns ``equity.<INDEX>`` and ``vol.<INDEX>`` for
        each index, ``fx.USD``, ``vol.USDJPY`` (USDJPY implied-vol change), ``rate.USD`` (3-month T-bill change,
        applied as a parallel shift) and ``rate.JPY``.

    Raises
    ------
    InputError
        For an unknown episode name, index or currency, or no index at all.

    Examples
    --------
    >>> s = historical_episodes("2008-09 Lehman")
    >>> round(float(s.equity("SPX")[0]), 4), round(float(s.fx("USD")[0]), 4), int(s.horizon_days[0])
    (-0.3989, -0.1165, 69)
    >>> modelled = historical_episodes("2008-09 Lehman", vol_response=VolResponse(down_beta=1.0, up_beta=0.0))
    >>> round(float(modelled.vol("NKY")[0]), 4)
    0.3694
    >>> round(float(s.vol("USDJPY")[0]), 4)  # the yen rose and its vol with it: about 10% -> 25.55%
    0.1555
    """
    if currency != "USD":
        raise InputError("currency", currency, "'USD'", hint="the episodes record USD/JPY moves only")
    chosen = EPISODES if names is None else [episode(n) for n in ([names] if isinstance(names, str) else names)]
    if not chosen:
        raise InputError("names", names, "at least one episode name, or None for all")
    wanted = list(indices)
    bad = [index for index in wanted if index not in INDEX_FIELDS]
    if bad or not wanted:
        raise InputError("indices", bad or wanted, "a non-empty subset of " + ", ".join(INDEX_FIELDS))
    table = pd.DataFrame({
        LABEL: [ep.name for ep in chosen],
        HORIZON: [0 if instantaneous else ep.horizon_days for ep in chosen],
    })
    for index in wanted:
        moves = [getattr(ep, INDEX_FIELDS[index]) for ep in chosen]
        table[equity_col(index)] = moves
        table[vol_col(index)] = [ep.vix for ep in chosen] if vol_response is None else vol_response.shift(moves)
    fx_moves = [ep.usdjpy for ep in chosen]
    table[fx_col(currency)] = fx_moves
    table[fx_vol_col(currency, "JPY")] = ([ep.usdjpy_vol for ep in chosen] if fx_vol_response is None
                                          else fx_vol_response.shift(fx_moves))
    table[rate_col("USD")] = [ep.usd_rate for ep in chosen]
    table[rate_col("JPY")] = [ep.jpy_rate for ep in chosen]
    if not instantaneous:
        if "SPX" in wanted:
            table[path_col("SPX")] = pd.Series([ep.spx_path() for ep in chosen], dtype=object)
        averages = [ep.usd_rate_average() for ep in chosen]
        table[rate_avg_col("USD")] = [0.5 * ep.usd_rate if a is None else a for ep, a in zip(chosen, averages,
                                                                                             strict=True)]
    return ScenarioSet(table, "historical")

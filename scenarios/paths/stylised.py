"""Stylised crash paths: deterministic, one-path :class:`~scenarios.paths.MarketPaths` shaped on three crashes.

Each path is a chain of :class:`Segment` s. Over a segment the S&P 500 and USD/JPY move log-linearly (the same
log-return every day) to the segment's total return, and the S&P 500 implied vol moves linearly to the
segment's end vol. Paths start at the market's S&P 500 level and USD/JPY rate on its valuation date, run on
business days (Monday to Friday), and keep the market's 3-month zero rates constant. Nothing is random.

They are **stylised, not replays**: the sizes are historical where the table says so and rounded or invented
(marked *stylised*) elsewhere, so a hedge can be walked through a crash of a known shape day by day.

================  ====  ==============================================  ==========================  ===============
Path              Days  S&P 500                                         ATM vol                     USD/JPY
================  ====  ==============================================  ==========================  ===============
crash_1987          71  flat 10 days, -20.5% in one day, +15% from the  0.20, 1.50 on the day,      -3% over the
                        low over the next 60 days                       0.60 a week on, 0.30        crash week
slow_bleed_2008    355  -30% over 175 days, a -9% week, -32.2% over     0.18, 0.30, 0.80 at the     -12%, -6%,
                        175 days: -56.8% peak to trough                 crash week, 0.45 at the     then to -30%
                                                                        trough                      at the trough
v_2020             123  -34% in 23 days, then +30% in 40 days and to    0.14, 0.82 at the low,      +5% in the
                        +45% from the low after 100                     0.35, then 0.25             fall, then back
================  ====  ==============================================  ==========================  ===============

Sources and approximations, path by path, are in each :class:`StylisedPath` ``sources`` (and in the
:attr:`MarketPaths.notes` of the built path). Index levels and dates are the widely reported closes; USD/JPY is
FRED ``DEXJPUS``; vols are Cboe VIX closes (FRED ``VIXCLS``), and for 1987 the VXO (``VXOCLS``), which reads
about 1.2 times a VIX-style index.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pricing._typing import FloatArray
from pricing.errors import InputError
from pricing.market import Market, default_market
from pricing.validation import check_return, check_vol
from scenarios.paths.market_paths import MarketPaths, Note
from scenarios.paths.monte_carlo import constant_rates, path_dates

INDEX = "SPX"
"""The index every stylised path moves (the S&P 500); its currency's FX rate moves with it."""


@dataclass(frozen=True)
class Segment:
    """A stretch of a stylised path over which every series moves steadily.

    Parameters
    ----------
    days : int
        Trading days in the segment, >= 1.
    equity : float
        Simple return of the S&P 500 over the segment, decimal (-0.205 = a 20.5% fall), spread log-linearly.
    fx : float
        Simple return of USD/JPY over the segment, decimal (-0.03 = the yen 3% stronger), spread log-linearly.
    vol : float
        S&P 500 at-the-money implied vol at the end of the segment, decimal; reached linearly from the previous
        segment's end (or the path's start vol).
    what : str
        What the segment stands for ("Black Monday").
    """

    days: int
    equity: float
    fx: float
    vol: float
    what: str

    def __post_init__(self) -> None:
        if int(self.days) != self.days or self.days < 1:
            raise InputError("segment.days", self.days, "a whole number of trading days >= 1")
        check_return("segment.equity", self.equity)
        check_return("segment.fx", self.fx)
        check_vol("segment.vol", self.vol)


@dataclass(frozen=True)
class StylisedPath:
    """A named stylised path: a start vol and segments, with its sources.

    Parameters
    ----------
    name : str
        Key in :data:`STYLISED` (``"crash_1987"``).
    title : str
        One line saying what the path is.
    start_vol : float
        S&P 500 at-the-money implied vol on day 0, decimal.
    segments : tuple of Segment
        The path, in order.
    sources : str
        Where the numbers come from and what is stylised, in sentences.
    """

    name: str
    title: str
    start_vol: float
    segments: tuple[Segment, ...]
    sources: str

    def __post_init__(self) -> None:
        check_vol("start_vol", self.start_vol)
        if not self.segments:
            raise InputError("segments", (), "at least one segment")

    @property
    def n_days(self) -> int:
        """Trading days after day 0."""
        return sum(s.days for s in self.segments)

    def growth(self, series: str) -> FloatArray:
        """Cumulative growth factor of ``"equity"`` or ``"fx"`` on each day, shape ``(n_days + 1,)``, 1.0 at day 0."""
        days = np.array([s.days for s in self.segments])
        daily = np.log1p([getattr(s, series) for s in self.segments]) / days
        return np.exp(np.concatenate(([0.0], np.cumsum(np.repeat(daily, days)))))

    def vols(self) -> FloatArray:
        """Implied vol on each day, piecewise linear between segment ends, shape ``(n_days + 1,)``."""
        knots = np.concatenate(([0], np.cumsum([s.days for s in self.segments])))
        return np.interp(np.arange(self.n_days + 1), knots, [self.start_vol, *(s.vol for s in self.segments)])


_CRASH_1987 = StylisedPath(
    name="crash_1987",
    title="1987-style one-day crash: -20.5% in a day, vol 0.20 to 1.50, +15% from the low over 60 days",
    start_vol=0.20,
    segments=(
        Segment(10, 0.0, 0.0, 0.20, "calm lead-in (stylised)"),
        Segment(1, -0.205, -0.01, 1.50, "Black Monday"),
        Segment(4, 0.05, 0.97 / 0.99 - 1.0, 0.60, "rest of the crash week"),
        Segment(56, 1.15 / 1.05 - 1.0, 0.0, 0.30, "partial recovery"),
    ),
    sources=(
        "Stylised on 1987-10-19, not a replay: the S&P 500 fell from 282.70 to 224.84 (-20.47%, rounded to "
        "-20.5%), after already losing about 9% in the week before, which the flat lead-in leaves out. "
        "The VXO closed at about 150 on the day (FRED VXOCLS), from about 36 on 10-16; it reads about 1.2 "
        "times a VIX-style index, so the 1.50 peak overstates a 30-day ATM vol, and the decay to 0.60 in a "
        "week and 0.30 after 60 days is stylised. The S&P 500 was back around 250-260 in January 1988, "
        "11-16% above the low; the path uses +15% over 60 trading days (+5% in the crash week). "
        "USD/JPY (FRED DEXJPUS) went from about 143 before the crash to about 138 by early November 1987 "
        "(-0.6% on the day itself); the path puts -3% into the crash week (-1% on the day) and then holds it, "
        "although the dollar kept sliding, to about 121 in early January 1988."
    ),
)

_SLOW_BLEED_2008 = StylisedPath(
    name="slow_bleed_2008",
    title="2008-style bear market: -56.8% over 355 trading days with a -9% week, vol to 0.80, the yen 30% stronger",
    start_vol=0.18,
    segments=(
        Segment(175, -0.30, -0.12, 0.30, "slow bleed"),
        Segment(5, -0.09, -0.06, 0.80, "crash week"),
        Segment(175, 0.432 / (0.70 * 0.91) - 1.0, 0.70 / (0.88 * 0.94) - 1.0, 0.45, "second leg down"),
    ),
    sources=(
        "Stylised on the 2007-09 bear market, not a replay: the S&P 500 fell from 1565.15 (2007-10-09) to "
        "676.53 (2009-03-09), -56.78% (rounded to -56.8%) over 355 trading days, but not in three straight "
        "lines; its worst week (2008-10-06 to 10-10) was -18.2%, the path's mid-path crash week is half that. "
        "The VIX (FRED VIXCLS) rose from about 17 to closes near 80 in October and November 2008 and stood "
        "near 50 at the trough; the path's 0.18, 0.30, 0.80 and 0.45 are stylised. USD/JPY (FRED DEXJPUS) "
        "fell from about 124 (June 2007) to about 87 (December 2008 to January 2009), -30%, but was about 117 "
        "at the equity peak and back near 98 at the trough (-15.5% over the window): the path's -30% at the "
        "trough puts the yen's strength on the worst equity day, a harsher case for a JPY investor."
    ),
)

_V_2020 = StylisedPath(
    name="v_2020",
    title="2020-style V: -34% in 23 trading days, vol 0.14 to 0.82, +45% from the low over 100 days, USD/JPY +5%",
    start_vol=0.14,
    segments=(
        Segment(23, -0.34, 0.05, 0.82, "fall"),
        Segment(40, 0.30, 1.02 / 1.05 - 1.0, 0.35, "rebound"),
        Segment(60, 1.45 / 1.30 - 1.0, 1.0 / 1.02 - 1.0, 0.25, "recovery"),
    ),
    sources=(
        "Stylised on the 2020 COVID crash, not a replay: the S&P 500 fell from 3386.15 (2020-02-19) to "
        "2237.40 (2020-03-23), -33.9% in 23 trading days, and the real rebound was faster than the path's: "
        "+44% by 2020-06-08, 53 trading days after the low. The VIX (FRED VIXCLS) went from about 14 to a "
        "close of 82.69 on 2020-03-16 and 61.59 on the trough; the path peaks at 0.82 on the trough and "
        "decays linearly. USD/JPY (FRED DEXJPUS) ended the fall about where it started (+0.2%), after a dip "
        "to about 102 on 2020-03-09 and a dollar squeeze back to about 111; the path's +5% stands for that "
        "squeeze, the case where the yen does not cushion a JPY investor, and drifts back to the start."
    ),
)

STYLISED: dict[str, StylisedPath] = {p.name: p for p in (_CRASH_1987, _SLOW_BLEED_2008, _V_2020)}
"""The stylised paths by name."""


def stylised_names() -> list[str]:
    """Names of the stylised paths, in :data:`STYLISED` order.

    Examples
    --------
    >>> stylised_names()
    ['crash_1987', 'slow_bleed_2008', 'v_2020']
    """
    return list(STYLISED)


def stylised_path(name: str, market: Market | None = None) -> MarketPaths:
    """Build the one-path :class:`MarketPaths` of a stylised crash.

    Parameters
    ----------
    name : str
        One of :func:`stylised_names` (case-insensitive).
    market : Market, optional
        Day 0 (its valuation date), the S&P 500 level and USD/JPY the path starts from, and the constant short
        rates (3-month zero rates of the base currency and of the S&P 500's currency). None:
        :func:`~pricing.market.default_market`.

    Returns
    -------
    MarketPaths
        One path labelled ``name``: ``equity.SPX`` (index points), ``vol.SPX`` (decimal), ``fx.<SPX currency>``
        (base units per unit, unless the S&P 500 is quoted in the base) and one-row ``rates``; its notes give
        the sources and what is stylised.

    Raises
    ------
    InputError
        Naming ``path`` for an unknown name (listing the names), or from ``market`` if it lacks the S&P 500.

    Examples
    --------
    >>> p = stylised_path("crash_1987")
    >>> p.n_days, round(float(p.equity["SPX"][0, 11] / p.equity["SPX"][0, 10] - 1), 6), float(p.vol["SPX"][0, 11])
    (71, -0.205, 1.5)
    """
    key = str(name).strip().lower()
    if key not in STYLISED:
        raise InputError("path", name, "one of " + ", ".join(STYLISED))
    spec = STYLISED[key]
    market = default_market() if market is None else market
    currency = market.index_currency[INDEX] if INDEX in market.index_currency else market.spot(INDEX)
    n_cols = spec.n_days + 1
    fx = {} if currency == market.base_currency else {currency: market.fx_rate(currency) * spec.growth("fx")}
    return MarketPaths(
        dates=path_dates(market.valuation_date, spec.n_days),
        equity={INDEX: market.spot(INDEX) * spec.growth("equity")},
        fx=fx,
        vol={INDEX: spec.vols()},
        rates=constant_rates(market, dict.fromkeys([market.base_currency, currency]), n_cols),
        base_currency=market.base_currency,
        labels=(spec.name,),
        name=Note(f"stylised_name_{spec.name}", f"stylised {spec.name}: {spec.title}"),
        notes=(
            Note("stylised_model", f"Stylised path, not a replay: deterministic log-linear segments "
                 f"({_segment_summary(spec)}) from the market's {INDEX} level and FX rate, ATM vol linear between "
                 f"segment ends, short rates held at today's 3-month zero rates.", index=INDEX,
                 segments=tuple((s.days, s.what, s.equity, s.fx, s.vol) for s in spec.segments)),
            Note(f"stylised_sources_{spec.name}", spec.sources),
        ),
    )


def _segment_summary(spec: StylisedPath) -> str:
    """``10 days calm lead-in: SPX +0.0%, USD/JPY +0.0%, vol to 0.20; ...`` for the notes."""
    return "; ".join(f"{s.days} days {s.what}: SPX {s.equity:+.1%}, USD/JPY {s.fx:+.1%}, vol to {s.vol:.2f}"
                     for s in spec.segments)

"""The standard hedges hedgeopt proposes on a market: listed expiries and strikes a small account can buy.

Listed index options expire on the third Friday of the month (the monthly standard expiry of SPX/XSP, and the
second Friday for Nikkei 225 options); strikes are rounded to the listed grid (5 points for SPX, 1 for XSP,
125 yen points for the Nikkei 225 options). These are the candidates the optimizer chooses from by default.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from pricing._typing import FloatArray
from pricing.catalogue import contract
from pricing.contracts import Instrument, Option, OptionKind, put_spread
from pricing.errors import InputError
from pricing.market import Market

STRIKE_STEP = {"SPX": 5.0, "XSP": 1.0, "SPY": 1.0, "NK225_OPT": 125.0, "NK225M_OPT": 125.0, "USDJPY_OPT": 0.5}
"""Listed strike interval by option symbol, in the contract's points."""

_EXPIRY_FRIDAY = {"NKY": 2, "SPX": 3}


def monthly_expiry(year: int, month: int, nth_friday: int = 3) -> dt.date:
    """The ``nth_friday`` Friday of a month (3 for SPX/XSP/SPY monthlies, 2 for Nikkei 225 options).

    Examples
    --------
    >>> monthly_expiry(2027, 3)
    datetime.date(2027, 3, 19)
    """
    first = dt.date(year, month, 1)
    offset = (4 - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (nth_friday - 1))


LEAPS_MONTHS = (6, 12)
"""Beyond a year, only June and December expiries are taken: the long-dated (LEAPS) cycle. Cboe: "LEAPS may also be
listed" for XSP, tick 0.01 "for all series, including LEAPS" (XSP product specification,
markets.cboe.com/tradable_products/sp_500/mini_spx_options/specifications); SPX LEAPS and JPX's long-dated Nikkei
225 options expire in June and December."""


def expiry_after(valuation_date: dt.date, months: int, underlying: str = "SPX") -> dt.date:
    """The standard monthly expiry ``months`` calendar months after ``valuation_date``.

    Beyond 12 months, the first June or December expiry at or after that month (:data:`LEAPS_MONTHS`).

    Examples
    --------
    >>> expiry_after(dt.date(2026, 11, 25), 6), expiry_after(dt.date(2026, 11, 25), 24)
    (datetime.date(2027, 5, 21), datetime.date(2028, 12, 15))
    """
    if months < 1:
        raise InputError("months", months, "a whole number of months >= 1")
    index = valuation_date.year * 12 + valuation_date.month - 1 + months
    if months > 12:
        while index % 12 + 1 not in LEAPS_MONTHS:
            index += 1
    return monthly_expiry(index // 12, index % 12 + 1, _EXPIRY_FRIDAY.get(underlying, 3))


def listed_strike(symbol: str, level: float) -> float:
    """Round a contract-point level down to the nearest listed strike of ``symbol``."""
    step = STRIKE_STEP.get(contract(symbol).symbol, 1.0)
    return math.floor(level / step + 1e-9) * step


def quarterly_expiry(date: dt.date, underlying: str, roll_days: int) -> dt.date:
    """The quarterly futures expiry held at ``date``: the first with more than ``roll_days`` days left."""
    nth = _EXPIRY_FRIDAY.get(underlying, 3)
    year, month = date.year, date.month
    while True:
        if month % 3 == 0:
            expiry = monthly_expiry(year, month, nth)
            if (expiry - date).days > roll_days:
                return expiry
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def option_expiry(date: dt.date, underlying: str, tenor_days: int) -> dt.date:
    """The first standard monthly expiry at least ``tenor_days`` calendar days after ``date``."""
    nth = _EXPIRY_FRIDAY.get(underlying, 3)
    target = date + dt.timedelta(days=tenor_days)
    year, month = target.year, target.month
    while (expiry := monthly_expiry(year, month, nth)) < target:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return expiry


def listed_strikes(symbol: str, level: FloatArray) -> FloatArray:
    """Round contract-point levels down to listed strikes (vectorized :func:`listed_strike`)."""
    step = STRIKE_STEP.get(symbol, 1.0)
    return np.floor(level / step + 1e-9) * step


def standard_hedges(market: Market, symbol: str = "XSP", months: int = 3) -> list[Instrument]:
    """Protective puts at 95/90/85/80% of spot and put spreads 95/80 and 90/75 on one expiry.

    Parameters
    ----------
    market : Market
        Supplies the spot and valuation date.
    symbol : str, default "XSP"
        Option contract (XSP suits a 10,000,000 JPY account: one contract covers about 60,000 USD).
    months : int, default 3
        Months to the standard expiry.

    Returns
    -------
    list of Option or Package

    Examples
    --------
    >>> from pricing.market import default_market
    >>> [h.label for h in standard_hedges(default_market())][:2]
    ['XSP 2027-02-19 570 put', 'XSP 2027-02-19 540 put']
    """
    spec = contract(symbol)
    spot = market.spot(spec.underlying) * spec.price_ratio
    expiry = expiry_after(market.valuation_date, months, spec.underlying)
    puts: list[Instrument] = [
        Option(spec.symbol, OptionKind.PUT, listed_strike(spec.symbol, m * spot), expiry)
        for m in (0.95, 0.90, 0.85, 0.80)
    ]
    spreads: list[Instrument] = [
        put_spread(spec.symbol, listed_strike(spec.symbol, hi * spot), listed_strike(spec.symbol, lo * spot), expiry)
        for hi, lo in ((0.95, 0.80), (0.90, 0.75))
    ]
    return puts + spreads

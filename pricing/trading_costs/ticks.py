"""Minimum price increments (ticks) of the listed options hedgeopt trades, as published by their exchanges.

A tick rule is data: the premium levels where the increment changes and the increment in each band, with the
side of a level the band boundary falls on, the exchange page it was read from and the date it took effect.
:func:`round_to_tick` puts any price on the grid: an ask rounds up, a bid rounds down (a price never improves
for the trader by rounding).

=================  ====================================================  ========================================
rule               increment                                             source
=================  ====================================================  ========================================
SPX, SPXW          0.05 below 3.00; 0.10 at 3.00 and above               Cboe, SPX Options Product Specification
XSP (Mini-SPX)     0.01 for all series                                   Cboe, XSP Options Product Specification
SPY                0.01 for all series (Penny Interval Program)          Penny Interval Program, 1 July 2020
NK225_OPT          1 yen up to 300 yen; 5 yen above 300 yen              OSE rule revision effective 17 Nov 2025
NK225M_OPT         1 yen up to 300 yen; 5 yen above 300 yen              OSE rule revision effective 17 Nov 2025
USDJPY_OPT         0.01 yen per dollar (OTC: no exchange tick)            dealer convention, see ``_OTC_FX``
=================  ====================================================  ========================================

The rules are today's and are applied to every date, historical backtests included (before 17 November 2025 the
Nikkei 225 options moved by 1 yen up to 100 yen and 5 yen above; Mini-SPX moved by 0.05 / 0.10 in 2007).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from pricing._typing import ArrayLike, FloatArray
from pricing.catalogue import ContractSpec
from pricing.errors import InputError
from pricing.validation import as_float_array, check_non_negative

_EPS = 1e-9
"""Tolerance, in ticks, below which a price counts as already on the grid (floating-point noise)."""


class QuoteSide(StrEnum):
    """Which side of a quote a price is: an ask rounds up to the tick grid, a bid rounds down."""

    BID = "bid"
    ASK = "ask"

    @classmethod
    def parse(cls, value: str | QuoteSide) -> QuoteSide:
        """Convert ``"bid"`` or ``"ask"`` (any case) or raise :class:`InputError`."""
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            raise InputError("side", value, "'bid' or 'ask'") from None


@dataclass(frozen=True)
class TickRule:
    """The minimum increment of one option class by premium level.

    Parameters
    ----------
    name : str
        Option class (``"SPX"``).
    levels : tuple of float
        Premium levels where the increment changes, points, strictly increasing (empty: one increment).
    ticks : tuple of float
        Increment in each band, points: ``ticks[0]`` below ``levels[0]``, ..., ``ticks[-1]`` above the last level;
        one more than ``levels``, each > 0.
    level_in_upper : bool
        True when a premium exactly at a level takes the upper band's increment (Cboe: "trading below 3.00 is
        0.05", so 3.00 moves by 0.10); False when it keeps the lower band's (OSE: "300 yen or less: 1 yen").
    source : str
        The rule as published and where it was read.
    effective : datetime.date or None
        The date the rule took effect, when the source gives it (None: in force on the retrieved page, date of
        introduction not stated there).

    Examples
    --------
    >>> rule = TICK_RULES["SPX"]
    >>> rule.tick([2.95, 3.0, 3.05]).tolist()
    [0.05, 0.1, 0.1]
    """

    name: str
    levels: tuple[float, ...]
    ticks: tuple[float, ...]
    level_in_upper: bool
    source: str
    effective: dt.date | None

    def __post_init__(self) -> None:
        levels = tuple(float(v) for v in check_non_negative(f"{self.name}.levels", list(self.levels)))
        ticks = tuple(float(v) for v in as_float_array(f"{self.name}.ticks", list(self.ticks)))
        if any(b <= a for a, b in zip(levels, levels[1:], strict=False)):
            raise InputError(f"{self.name}.levels", levels, "strictly increasing premium levels")
        if len(ticks) != len(levels) + 1 or any(t <= 0 for t in ticks):
            raise InputError(f"{self.name}.ticks", ticks, f"{len(levels) + 1} increments > 0, one per band")
        object.__setattr__(self, "levels", levels)
        object.__setattr__(self, "ticks", ticks)

    @property
    def smallest(self) -> float:
        """The smallest increment, points: no positive ask is below it."""
        return min(self.ticks)

    def tick(self, price: ArrayLike) -> FloatArray:
        """Increment that applies at ``price`` (points), same shape."""
        side = "right" if self.level_in_upper else "left"
        band = np.searchsorted(np.asarray(self.levels), np.asarray(price, dtype=float), side=side)
        return np.asarray(self.ticks)[band]

    def round(self, price: ArrayLike, side: QuoteSide | str, *, validate: bool = True) -> FloatArray:
        """Put ``price`` (points, >= 0) on the tick grid: up for an ask, down for a bid.

        The increment is the one at the unrounded price. Every band boundary is a multiple of the increments on
        both sides of it, so the rounded price is a valid price of its own band.
        """
        side = QuoteSide.parse(side)
        p = check_non_negative("price", price) if validate else np.asarray(price, dtype=float)
        tick = self.tick(p)
        steps = np.ceil(p / tick - _EPS) if side is QuoteSide.ASK else np.floor(p / tick + _EPS)
        return np.round(steps * tick, 10)


_CBOE_SPX = ("Cboe, 'SPX Options Product Specification' (cboe.com/products/indexopts/spx_spec.aspx, symbols "
             "SPX/SPXW): 'Minimum tick for options trading below 3.00 is 0.05 ($5.00) and for all other series, "
             "0.10 ($10.00)'")
_CBOE_XSP = ("Cboe, 'XSP Options Product Specification' (markets.cboe.com/tradable_products/sp_500/"
             "mini_spx_options/specifications): 'The minimum tick for XSP options is 0.01 ($1.00) for all series, "
             "including LEAPS'")
_PENNY = ("Penny Interval Program, permanent from 1 July 2020 (MIAX notice of 30 June 2020, mondovisione.com; "
          "Titan Regulation, 1 June 2020): 'IWM, QQQ, and SPY will continue to be $0.01, regardless of price'")
_OTC_FX = ("OTC USD/JPY options have no exchange tick; premiums are quoted in yen per dollar to two decimals (0.01 "
           "yen, 100 yen a 10,000 USD contract), the price step of the retail USD/JPY quote (0.1 sen) rounded up")
_OSE = ("Osaka Exchange revision of the tick size of Nikkei 225 options and Nikkei 225 mini options, effective "
        "17 Nov 2025 (reg-track.com summary of the OSE consultation; Matsui Securities notice of 7 Nov 2025): "
        "'JPY 1 for premiums of JPY 300 or less and JPY 5 for premiums of greater than JPY 300'")

TICK_RULES: dict[str, TickRule] = {
    "SPX": TickRule("SPX", (3.0,), (0.05, 0.10), True, _CBOE_SPX, None),
    "SPXW": TickRule("SPXW", (3.0,), (0.05, 0.10), True, _CBOE_SPX, None),
    "XSP": TickRule("XSP", (), (0.01,), True, _CBOE_XSP, None),
    "SPY": TickRule("SPY", (), (0.01,), True, _PENNY, dt.date(2020, 7, 1)),
    "NK225_OPT": TickRule("NK225_OPT", (300.0,), (1.0, 5.0), False, _OSE, dt.date(2025, 11, 17)),
    "NK225M_OPT": TickRule("NK225M_OPT", (300.0,), (1.0, 5.0), False, _OSE, dt.date(2025, 11, 17)),
    "USDJPY_OPT": TickRule("USDJPY_OPT", (), (0.01,), True, _OTC_FX, None),
}
"""Tick rule by option class. SPXW (the weekly, p.m.-settled S&P 500 options) follows the SPX rule (one
specification page covers both symbols)."""


def tick_rule(contract: str | ContractSpec) -> TickRule:
    """The tick rule of an option class: a symbol (``"SPX"``, ``"spxw"``) or a catalogue :class:`ContractSpec`.

    Raises
    ------
    InputError
        For a class without a rule (futures, unknown symbols); the message lists the classes known.
    """
    key = (contract.symbol if isinstance(contract, ContractSpec) else str(contract)).strip().upper()
    if key not in TICK_RULES:
        raise InputError("contract", key, "an option class with a tick rule: " + ", ".join(TICK_RULES))
    return TICK_RULES[key]


def minimum_tick(price: ArrayLike, contract: str | ContractSpec) -> FloatArray:
    """The increment (points) that applies to ``price`` (points) on ``contract``.

    Examples
    --------
    >>> minimum_tick([300.0, 301.0], "NK225M_OPT").tolist()
    [1.0, 5.0]
    """
    return tick_rule(contract).tick(check_non_negative("price", price))


def round_to_tick(price: ArrayLike, contract: str | ContractSpec, side: QuoteSide | str,
                  *, validate: bool = True) -> FloatArray:
    """Round prices (points, >= 0) to the contract's tick grid: an ask up, a bid down; vectorized.

    Parameters
    ----------
    price : array_like
        Premium per unit, points of the contract's underlying (before the multiplier), >= 0.
    contract : str or ContractSpec
        Option class: ``"SPX"``, ``"SPXW"``, ``"XSP"``, ``"SPY"``, ``"NK225_OPT"``, ``"NK225M_OPT"``.
    side : {"ask", "bid"}
        ``"ask"`` rounds up (what a buyer pays), ``"bid"`` down (what a seller receives).
    validate : bool, default True
        Check the prices (finite, >= 0); the path engine passes False on arrays it built itself.

    Returns
    -------
    ndarray of float
        Prices on the grid, points, the shape of ``price``.

    Raises
    ------
    InputError
        An unknown class, a bad side, or a negative or non-finite price.

    Examples
    --------
    >>> round_to_tick([2.93, 2.97, 3.01], "SPX", "ask").tolist()
    [2.95, 3.0, 3.1]
    >>> round_to_tick([2.93, 3.07, 3.19], "SPX", "bid").tolist()
    [2.9, 3.0, 3.1]
    >>> round_to_tick([299.2, 300.4], "NK225_OPT", "ask").tolist()
    [300.0, 305.0]
    """
    return tick_rule(contract).round(price, side, validate=validate)

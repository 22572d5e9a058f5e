"""Contract terms of the instruments hedgeopt prices: single options and packages of legs.

An :class:`Option` is one listed option (a catalogue contract, a kind, a strike and an expiry, with a quote when
known). A :class:`Package` is a set of legs traded together: a vertical put or call spread, or a collar. A short
leg only ever exists inside a package that covers it; there is no naked short option.

Strikes are in the points of the contract's own underlying: an XSP strike of 540 is an SPX level of 5,400.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from pricing._typing import ArrayLike
from pricing.catalogue import ContractSpec, contract
from pricing.errors import InputError
from pricing.validation import check_non_negative, check_positive


class OptionKind(StrEnum):
    """Put or call; accepted as the strings ``"put"`` and ``"call"`` at the edges."""

    PUT = "put"
    CALL = "call"

    @classmethod
    def parse(cls, value: str | OptionKind, field_name: str = "kind") -> OptionKind:
        """Convert a string (case-insensitive) to an :class:`OptionKind` or raise :class:`InputError`."""
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            raise InputError(field_name, value, "'put' or 'call'") from None


def parse_is_call(kind: ArrayLike | str) -> np.ndarray:
    """Map a kind (string, OptionKind, array of strings, or boolean ``is_call``) to a boolean array ``is_call``.

    The one parser of option kinds for the vectorized kernels: exact lower-case strings take a fast path, and
    a bad element is named by its position (``kind[3]='straddle'``).

    Raises
    ------
    InputError
        An element that is neither put nor call.
    """
    if isinstance(kind, str):
        return np.asarray(OptionKind.parse(kind) is OptionKind.CALL)
    arr = np.asarray(kind)
    if arr.dtype == np.bool_:
        return arr
    if arr.dtype.kind not in "USOT":
        raise InputError("kind", arr.dtype.name, "'put', 'call', an array of them, or a boolean array is_call")
    is_call, is_put = arr == OptionKind.CALL.value, arr == OptionKind.PUT.value
    if not np.all(is_call | is_put):  # slow path: other cases, spaces, OptionKind objects, bad values
        words = np.char.lower(np.char.strip(arr.astype(str)))
        is_call, is_put = words == OptionKind.CALL.value, words == OptionKind.PUT.value
        bad = np.flatnonzero(~(is_call | is_put))
        if bad.size:
            where = f"kind[{bad[0]}]" if arr.ndim else "kind"
            raise InputError(where, arr.ravel()[bad[0]].item(), "'put' or 'call'")
    return is_call


@dataclass(frozen=True)
class Quote:
    """A bid/ask quote in points of the contract's underlying (premium per unit, before the multiplier).

    Parameters
    ----------
    bid, ask : float
        Bid and ask, >= 0, with ``bid <= ask``.
    """

    bid: float
    ask: float

    def __post_init__(self) -> None:
        check_non_negative("bid", self.bid)
        check_non_negative("ask", self.ask)
        if self.bid > self.ask:
            raise InputError("bid", self.bid, f"bid <= ask (ask={self.ask})")

    @property
    def mid(self) -> float:
        """Mid price, points."""
        return 0.5 * (self.bid + self.ask)


@dataclass(frozen=True)
class Option:
    """One listed option.

    Parameters
    ----------
    symbol : str
        Catalogue symbol (``"SPX"``, ``"XSP"``, ``"SPY"``, ``"NK225_OPT"``, ``"NK225M_OPT"``).
    kind : OptionKind or {"put", "call"}
        Put or call.
    strike : float
        Strike in points of the contract's underlying (> 0).
    expiry : datetime.date
        Expiry date (ISO string accepted).
    quote : Quote, optional
        Bid/ask when known; hedges are bought at the ask.

    Examples
    --------
    >>> Option("XSP", "put", 540.0, "2027-03-19").spec.multiplier
    100.0
    """

    symbol: str
    kind: OptionKind
    strike: float
    expiry: dt.date
    quote: Quote | None = None

    def __post_init__(self) -> None:
        spec = contract(self.symbol)
        if not spec.is_option:
            raise InputError("symbol", self.symbol, "an option contract, not a future")
        object.__setattr__(self, "symbol", spec.symbol)
        object.__setattr__(self, "kind", OptionKind.parse(self.kind))
        object.__setattr__(self, "strike", float(check_positive("strike", self.strike)))
        object.__setattr__(self, "expiry", parse_date("expiry", self.expiry))

    @property
    def spec(self) -> ContractSpec:
        """The contract's catalogue terms."""
        return contract(self.symbol)

    @property
    def label(self) -> str:
        """Short label such as ``XSP 2027-03-19 540 put``."""
        return f"{self.symbol} {self.expiry.isoformat()} {self.strike:g} {self.kind.value}"


@dataclass(frozen=True)
class Leg:
    """One leg of a package: an option and a signed quantity (+1 long, -1 short) per package."""

    option: Option
    quantity: int

    def __post_init__(self) -> None:
        if not isinstance(self.quantity, int) or isinstance(self.quantity, bool) or self.quantity == 0:
            raise InputError("quantity", self.quantity, "a non-zero whole number of contracts per package")


@dataclass(frozen=True)
class Package:
    """Options traded together, priced as the signed sum of their legs.

    Build it with :func:`put_spread`, :func:`call_spread` or :func:`collar`; a package of a single long leg is
    the same as the option.

    Parameters
    ----------
    name : str
        Label for reports.
    legs : tuple of Leg
        The legs; all on the same contract.
    """

    name: str
    legs: tuple[Leg, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        object.__setattr__(self, "legs", tuple(self.legs))
        if not self.legs:
            raise InputError("legs", self.legs, "at least one leg")
        symbols = {leg.option.symbol for leg in self.legs}
        if len(symbols) != 1:
            raise InputError("legs", sorted(symbols), "legs on one contract")

    @property
    def spec(self) -> ContractSpec:
        """The contract all legs share."""
        return self.legs[0].option.spec

    @property
    def expiry(self) -> dt.date:
        """The earliest expiry among the legs."""
        return min(leg.option.expiry for leg in self.legs)

    @property
    def label(self) -> str:
        """The package's name."""
        return self.name


Instrument = Option | Package
"""Anything hedgeopt prices: an option or a package of options."""


def legs_of(instrument: Instrument) -> tuple[Leg, ...]:
    """Return the legs of ``instrument``; an option is one long leg."""
    if isinstance(instrument, Option):
        return (Leg(instrument, 1),)
    return instrument.legs


def _strikes(*named: tuple[str, float]) -> tuple[float, ...]:
    """Validate strikes (finite, > 0) before they are compared."""
    return tuple(float(check_positive(name, value)) for name, value in named)


def put_spread(symbol: str, long_strike: float, short_strike: float, expiry: dt.date | str) -> Package:
    """Vertical put spread bought for protection: long the higher strike, short the lower.

    Parameters
    ----------
    symbol : str
        Catalogue symbol.
    long_strike, short_strike : float
        Strikes in the contract's points; ``long_strike > short_strike``.
    expiry : date or str
        Common expiry.

    Raises
    ------
    InputError
        If the long strike is not above the short strike.

    Examples
    --------
    >>> put_spread("SPX", 5400, 4800, "2027-03-19").name
    'SPX 2027-03-19 5400/4800 put spread'
    """
    return _vertical(symbol, OptionKind.PUT, long_strike, short_strike, expiry)


def call_spread(symbol: str, long_strike: float, short_strike: float, expiry: dt.date | str) -> Package:
    """Vertical call spread: long the lower strike, short the higher (``long_strike < short_strike``)."""
    return _vertical(symbol, OptionKind.CALL, long_strike, short_strike, expiry)


def _vertical(
    symbol: str, kind: OptionKind, long_strike: float, short_strike: float, expiry: dt.date | str
) -> Package:
    """Long one strike, short a further out-of-the-money one (below for puts, above for calls), same expiry."""
    long_strike, short_strike = _strikes(("long_strike", long_strike), ("short_strike", short_strike))
    if kind is OptionKind.PUT and not long_strike > short_strike:
        raise InputError("short_strike", short_strike, f"a strike below the long strike {long_strike:g}")
    if kind is OptionKind.CALL and not long_strike < short_strike:
        raise InputError("short_strike", short_strike, f"a strike above the long strike {long_strike:g}")
    long_leg = Option(symbol, kind, long_strike, expiry)
    short_leg = Option(symbol, kind, short_strike, expiry)
    name = f"{long_leg.symbol} {long_leg.expiry.isoformat()} {long_strike:g}/{short_strike:g} {kind.value} spread"
    return Package(name, (Leg(long_leg, 1), Leg(short_leg, -1)))


def collar(symbol: str, put_strike: float, call_strike: float, expiry: dt.date | str) -> Package:
    """Collar on a long index holding: long a put, short a call above it (``put_strike < call_strike``).

    The short call is covered by the holding the collar protects; hedgeopt only offers collars against a long
    satellite.
    """
    put_strike, call_strike = _strikes(("put_strike", put_strike), ("call_strike", call_strike))
    if not put_strike < call_strike:
        raise InputError("call_strike", call_strike, f"a strike above the put strike {put_strike:g}")
    put = Option(symbol, OptionKind.PUT, put_strike, expiry)
    call = Option(symbol, OptionKind.CALL, call_strike, expiry)
    name = f"{put.symbol} {put.expiry.isoformat()} {put_strike:g}/{call_strike:g} collar"
    return Package(name, (Leg(put, 1), Leg(call, -1)))


def parse_date(field_name: str, value: dt.date | str) -> dt.date:
    """Accept a ``date`` or an ISO string (``2027-03-19``); raise :class:`InputError` otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise InputError(field_name, value, "an ISO date such as 2027-03-19")
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(field_name, value, "an ISO date such as 2027-03-19") from None


def year_fraction(start: dt.date, end: dt.date) -> float:
    """Act/365 year fraction between two dates (the one time convention of hedgeopt)."""
    return (end - start).days / 365.0

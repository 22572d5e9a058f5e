"""Instruments named the way people type them: ``--spread 570/480``, ``--collar 540/650``."""

from __future__ import annotations

from pricing import InputError, Instrument, Market, Option, OptionKind, call_spread, collar, contract, put_spread
from pricing.standard_hedges import expiry_after


def _pair(field: str, text: str) -> tuple[float, float]:
    parts = str(text).split("/")
    try:
        first, second = (float(p) for p in parts)
    except ValueError:
        raise InputError(field, text, "two strikes separated by '/', such as 570/480") from None
    return first, second


def parse_instrument(
    market: Market,
    symbol: str,
    kind: str = "put",
    *,
    strike: float | None = None,
    spread: str | None = None,
    collar_strikes: str | None = None,
    expiry: str | None = None,
) -> Instrument:
    """Build an option, vertical spread or collar from command-line style inputs.

    Parameters
    ----------
    market : Market
        Supplies the valuation date for the default expiry.
    symbol : str
        Catalogue option symbol.
    kind : {"put", "call"}
        Option kind; for ``spread`` a put spread or a call spread.
    strike : float, optional
        Strike of a single option, contract points.
    spread : str, optional
        ``"LONG/SHORT"`` strikes of a vertical spread.
    collar_strikes : str, optional
        ``"PUT/CALL"`` strikes of a collar.
    expiry : str, optional
        ISO date; default the standard monthly expiry three months after the valuation date.

    Raises
    ------
    InputError
        None or more than one of strike/spread/collar given, or a malformed pair.
    """
    given = [name for name, v in (("strike", strike), ("spread", spread), ("collar", collar_strikes)) if v is not None]
    if len(given) != 1:
        raise InputError("strike", given or None, "exactly one of strike, spread or collar")
    spec = contract(symbol)
    when = expiry or expiry_after(market.valuation_date, 3, spec.underlying)
    if strike is not None:
        return Option(spec.symbol, kind, strike, when)
    if spread is not None:
        high, low = _pair("spread", spread)
        make = put_spread if OptionKind.parse(kind) is OptionKind.PUT else call_spread
        return make(spec.symbol, high, low, when)
    put_k, call_k = _pair("collar", str(collar_strikes))
    return collar(spec.symbol, put_k, call_k, when)

"""Interactive Brokers: an option-chain page of TWS exported as CSV (one option a line).

What was verified, and what was not
-----------------------------------
Nothing in this layout could be checked against an Interactive Brokers document or a real export: the searches
of IB's pages, of public code and of question-and-answer pages found no export of TWS's Option Chain or
OptionTrader window. IB's Client Portal Web API has option-chain endpoints (``/iserver/secdef/search``,
``/iserver/secdef/strikes``, ``/iserver/secdef/info``, interactivebrokers.com/campus, "options chains") but
they return JSON to a program, not a file a user downloads. This reader therefore reads columns **by name**,
not by position, and accepts the names a TWS page shows (as far as known) and common variants:

==================  ===================================================================================
canonical           header names accepted (case-insensitive; spaces, dots, slashes read as ``_``)
==================  ===================================================================================
contract            ``Financial Instrument`` (TWS's description, such as ``XSP DEC 18 '26 540 Put``),
                    ``Financial Instrument Description``, ``Description``; and/or ``Local Symbol``
                    (IB's local symbol of a US option is its OCC symbol, ``XSP   261218P00540000``)
``bid``, ``ask``    ``Bid``, ``Ask`` (also ``Bid Price``, ``Ask Price``)
``iv``              ``Implied Vol. %``, ``Implied Volatility``, ``Impl Vol`` ...: **percent** in TWS
                    (``15.2%``), divided by 100 here
``expiry``          ``Expiry``, ``Expiration``, ``Expiration Date`` (``YYYYMMDD`` or ISO)
``strike``          ``Strike``;  ``type``: ``Right``, ``Put/Call``, ``P/C``, ``Type``
``underlying_price``  ``Underlying Price``, ``Und Price``
==================  ===================================================================================

Missing expiry, strike or right columns are filled from the local symbol (:func:`~.cboe.occ_symbol`) or else
from the description. The root (OCC root, or the description's first word) routes each line: SPX reads ``SPX``
(``SPXW`` lines go to :attr:`ChainTable.other`), XSP ``XSP``, SPY ``SPY``; for the Nikkei 225 options IB's
symbols are taken to be ``N225`` (large) and ``N225M`` (mini), which is a guess. A line that names no option at
all (the underlying's own line, a total) goes to ``other`` too. The export states no quote date.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from pricing.catalogue import ContractSpec
from pricing.chains.cboe import SPXW_REASON
from pricing.chains.cells import (
    Lines,
    Row,
    TableParts,
    iso_date,
    kind_text,
    normalise_name,
    occ_symbol,
    plain_number,
    split_line,
)
from pricing.errors import InputError

ROOTS = {"SPX": ("SPX",), "XSP": ("XSP",), "SPY": ("SPY",), "NK225_OPT": ("N225",), "NK225M_OPT": ("N225M",)}
"""IB symbols (OCC roots for US options) read for each catalogue symbol; the Nikkei ones are unverified."""

ALIASES: Mapping[str, tuple[str, ...]] = {
    "description": ("financial_instrument", "financial_instrument_description", "description"),
    "local_symbol": ("local_symbol",),
    "bid": ("bid", "bid_price"),
    "ask": ("ask", "ask_price"),
    "iv": ("implied_vol_%", "implied_vol", "implied_volatility", "impl_vol", "impl_vol_%", "iv", "iv_%"),
    "expiry": ("expiry", "expiration", "expiration_date"),
    "strike": ("strike",),
    "type": ("right", "put_call", "p_c", "type"),
    "underlying_price": ("underlying_price", "und_price"),
    "last_trade_date": ("last_trading_day", "last_trade_date"),
}
"""Header names (normalised by :func:`~.cboe.normalise_name`) accepted for each column."""

IBKR_NOTE = ("The Interactive Brokers export layout was not verified against an IB document: check that the "
             "strikes, rights and expiries read are the ones on your screen.")

_DESCRIPTION = re.compile(r"^(?P<root>[A-Z][A-Z0-9]*)\s+(?P<month>[A-Z]{3})\s*(?P<day>\d{1,2})\s*'\s*(?P<yy>\d{2})"
                          r"\s+(?P<strike>\d[\d,]*(?:\.\d+)?)\s+(?P<right>PUT|CALL|P|C)\b")


def read_ibkr(name: str | None, lines: Lines, spec: ContractSpec) -> TableParts:
    """Read a TWS option-chain page exported as CSV.

    Parameters
    ----------
    name : str or None
        The file's name, for messages.
    lines : list of (int, str)
        Numbered lines without blank and comment lines; the first is the header.
    spec : ContractSpec
        The options wanted.

    Returns
    -------
    TableParts

    Raises
    ------
    InputError
        A contract IB's roots are not known for; a file none of whose options is of the requested root.
    """
    if spec.symbol not in ROOTS:
        raise InputError("symbol", spec.symbol, f"one of {', '.join(ROOTS)} for an Interactive Brokers export")
    header = split_line(lines[0][1])
    columns = _columns(header)
    rows: list[Row] = []
    other: list[tuple[int, str]] = []
    roots: set[str] = set()
    for n, text in lines[1:]:
        root, cells = _row(split_line(text), columns)
        if root is None and not (cells["expiry"] and cells["strike"] and cells["type"]):
            other.append((n, "not an option (no expiry, strike and right found)"))
        elif root is None or root in ROOTS[spec.symbol]:
            rows.append((n, cells, {c: header[i] for c, i in columns.items()}))
        else:
            roots.add(root)
            other.append((n, SPXW_REASON if root == "SPXW" else f"{root}: not {spec.symbol}"))
    if not rows and roots:
        raise InputError(f"line {lines[0][0]} header", sorted(roots), f"an export of {spec.symbol} options "
                         f"(root {', '.join(ROOTS[spec.symbol])})", hint="this file holds other options")
    return TableParts("ibkr", f"Interactive Brokers export, {spec.symbol}", rows, other, None, None, None,
                      (IBKR_NOTE,))


def _columns(header: Sequence[str]) -> dict[str, int]:
    """Canonical (and ``description``/``local_symbol``) name -> column index; the first of each name wins."""
    out: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = normalise_name(cell)
        canon = next((c for c, names in ALIASES.items() if key in names), None)
        if canon is not None and canon not in out:
            out[canon] = i
    return out


def _row(cells: Sequence[str], columns: Mapping[str, int]) -> tuple[str | None, dict[str, str]]:
    """The root of one line (None when unknown) and its canonical cells, gaps filled from symbol or description."""
    text = {c: cells[i] if i < len(cells) else "" for c, i in columns.items()}
    parsed = _contract(text.get("local_symbol", ""), text.get("description", ""))
    out = {"expiry": iso_date(text.get("expiry", "")), "strike": plain_number(text.get("strike", "")),
           "type": kind_text(text.get("type", "")), "bid": plain_number(text.get("bid", "")),
           "ask": plain_number(text.get("ask", "")), "iv": percent_to_decimal(text.get("iv", "")),
           "underlying_price": plain_number(text.get("underlying_price", "")),
           "last_trade_date": iso_date(text.get("last_trade_date", ""))}
    if parsed is None:
        return None, out
    root, expiry, kind, strike = parsed
    out["expiry"] = out["expiry"] or expiry
    out["strike"] = out["strike"] or strike
    out["type"] = out["type"] or kind
    return root, out


def _contract(local_symbol: str, description: str) -> tuple[str, str, str, str] | None:
    """Root, ISO expiry, kind and strike text from an OCC local symbol, else from a TWS description, else None."""
    occ = occ_symbol(local_symbol)
    if occ is not None:
        return occ[0], occ[1].isoformat(), occ[2], f"{occ[3]:g}"
    match = _DESCRIPTION.match(description.strip().upper())
    if match is None:
        return None
    expiry = iso_date(f"{match['day']} {match['month']} {match['yy']}", ("%d %b %y",))
    return match["root"], expiry, kind_text(match["right"][0]), plain_number(match["strike"])


def percent_to_decimal(text: str) -> str:
    """A percentage cell (``"15.2%"`` or ``"15.2"``) as decimal text (``"0.152"``); other text unchanged.

    Examples
    --------
    >>> percent_to_decimal("15.23%"), percent_to_decimal("8"), percent_to_decimal("n/a")
    ('0.1523', '0.08', 'n/a')
    """
    stripped = plain_number(text.strip().removesuffix("%").strip())
    try:
        value = Decimal(stripped) / 100
    except InvalidOperation:
        return text.strip()
    return format(value.normalize(), "f") if stripped else ""

"""What every chain reader shares: the row and table types a reader returns, and the helpers that read one cell.

Imports only the rest of :mod:`pricing`; the readers (``cboe``, ``jpx``, ``ibkr``) and ``formats`` import it.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

Lines = list[tuple[int, str]]
"""``(line number, text)`` of each line a reader sees: blank and comment lines already dropped."""

Row = tuple[int, dict[str, str], dict[str, str]]
"""A reader's row: line number, canonical cells, canonical name -> the file's column name (a
:class:`~pricing.chains.formats.SourceRow` once :func:`~pricing.chains.formats.read_chain_table` has it)."""


class TableParts(NamedTuple):
    """What a format reader returns; :func:`~pricing.chains.formats.read_chain_table` makes a ``ChainTable`` of it.

    The fields are those of :class:`~pricing.chains.formats.ChainTable`, rows as :data:`Row` tuples.
    """

    format: str
    source: str
    rows: list[Row]
    other: list[tuple[int, str]]
    quote_date: dt.date | None
    quote_time: str | None
    underlying_price: float | None
    notes: tuple[str, ...]


_KINDS = {"put": "put", "p": "put", "call": "call", "c": "call"}
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_OCC = re.compile(r"^(?P<root>[A-Z][A-Z0-9]{0,5})\s*(?P<date>\d{6})(?P<kind>[CP])(?P<strike>\d{8})$")


def split_line(line: str) -> list[str]:
    """One CSV line's cells, stripped (quotes handled by :mod:`csv`)."""
    return [cell.strip() for cell in next(csv.reader([line]), [])]


def normalise_name(name: str) -> str:
    """A header name lower-cased, spaces, dashes, slashes and dots read as ``_`` (``"Put/Call"`` -> ``put_call``)."""
    return re.sub(r"[\s\-/.]+", "_", name.strip().lower()).strip("_")


def plain_number(text: str) -> str:
    """``text`` without thousands separators when it is a number written with them (``"1,234.5"`` -> ``"1234.5"``)."""
    text = text.strip()
    return text.replace(",", "") if _THOUSANDS.match(text) else text


def kind_text(text: str) -> str:
    """``"put"`` or ``"call"`` for put/call/P/C in any case, else the text unchanged."""
    return _KINDS.get(text.strip().lower(), text.strip())


def iso_date(text: str, formats: Sequence[str] = ("%Y-%m-%d", "%Y%m%d")) -> str:
    """``text`` as ISO ``YYYY-MM-DD`` when it is a date in one of ``formats``, else the text unchanged."""
    return _iso_date(text.strip(), tuple(formats))


@functools.lru_cache(maxsize=4096)
def _iso_date(text: str, formats: tuple[str, ...]) -> str:
    """:func:`iso_date`, remembered: a chain repeats a few dates on thousands of lines (strptime is slow)."""
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return text


@functools.lru_cache(maxsize=4096)
def _yymmdd(text: str) -> dt.date | None:
    """An OCC symbol's ``YYMMDD`` as a date (None when no such day), remembered as :func:`_iso_date`."""
    try:
        return dt.datetime.strptime(text, "%y%m%d").date()
    except ValueError:
        return None


def occ_symbol(text: str) -> tuple[str, dt.date, str, float] | None:
    """Parse an OCC option symbol: root, expiry, ``"call"``/``"put"`` and strike (points).

    The symbol is the root (1-6 characters, padded with spaces or not), the expiry ``YYMMDD``, ``C`` or ``P``,
    and the strike times 1,000 on 8 digits (OCC "Symbology Initiative"; the form Cboe's delayed-quote files and
    brokers print).

    Parameters
    ----------
    text : str
        The symbol, such as ``"SPX261218P05200000"`` or ``"SPXW  261218C06100000"``.

    Returns
    -------
    tuple of (str, datetime.date, str, float) or None
        None when ``text`` is not such a symbol (or its date does not exist).

    Examples
    --------
    >>> occ_symbol("SPXW261218P05200000")
    ('SPXW', datetime.date(2026, 12, 18), 'put', 5200.0)
    >>> occ_symbol("XSP 270115C00612500")
    ('XSP', datetime.date(2027, 1, 15), 'call', 612.5)
    >>> occ_symbol("SPX Dec 18 2026 5200 Put") is None
    True
    """
    match = _OCC.match(text.strip().upper())
    if match is None:
        return None
    expiry = _yymmdd(match["date"])
    if expiry is None:
        return None
    return match["root"], expiry, _KINDS[match["kind"].lower()], int(match["strike"]) / 1000.0

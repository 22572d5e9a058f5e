"""Option-chain files as downloaded: detect the layout from the header, map every row to canonical cells.

A retail user can get a chain without a data subscription from four places; each has its own module:

============  ==========================================================================================
format        file
============  ==========================================================================================
``generic``   hedgeopt's own CSV (this module): ``expiry,strike,type,bid,ask[,iv][,underlying_price]
              [,last_trade_date]``, see :func:`read_generic`
``cboe``      Cboe's delayed quotes "Download CSV" (SPX, XSP, SPY), :mod:`pricing.chains.cboe`
``jpx``       JPX / Osaka Exchange "Option Theoretical Price, etc." daily file (Nikkei 225 options, large
              and mini), :mod:`pricing.chains.jpx`
``ibkr``      Interactive Brokers TWS option-chain page exported as CSV, :mod:`pricing.chains.ibkr`
============  ==========================================================================================

:func:`read_chain_table` reads the text (a path through :func:`pricing.files.read_text`: UTF-8, a byte-order mark
dropped, at most 512 MiB), skips blank lines and comment lines (first non-blank character ``#``) in every format,
refuses a line longer than :data:`MAX_LINE_CHARACTERS`, detects the format from the lines' content (never from the
file name) and hands the lines to the format's reader. Each reader returns a :class:`ChainTable`: the rows of the
requested contract as :class:`SourceRow` (canonical names -> cell text, with the file's line numbers), the rows of
other contracts in ``other`` with a reason, and what the file says about itself (quote date and time, underlying
level). Cells are passed through as text: checking them is :func:`pricing.chains.chain.load_chain`'s job.

The readers import nothing of this module (the layout forbids import circles): they return
:class:`~pricing.chains.cboe.TableParts`, and the cell helpers they share (:func:`~pricing.chains.cboe.occ_symbol`,
re-exported here, :func:`~pricing.chains.cboe.split_line`...) live in :mod:`pricing.chains.cboe`, the bottom one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pricing.catalogue import ContractSpec, contract
from pricing.chains.cboe import is_cboe_header, read_cboe
from pricing.chains.cells import (
    Lines,
    TableParts,
    iso_date,
    kind_text,
    normalise_name,
    occ_symbol,
    plain_number,
    split_line,
)
from pricing.chains.ibkr import read_ibkr
from pricing.chains.jpx import looks_like_jpx_record, read_jpx
from pricing.errors import InputError
from pricing.files import MAX_TABLE_BYTES, read_text

__all__ = ["CANONICAL", "FORMATS", "ChainTable", "SourceRow", "detect_format", "occ_symbol", "read_chain_table",
           "read_generic"]

CANONICAL = ("expiry", "strike", "type", "bid", "ask", "settlement", "iv", "underlying_price", "last_trade_date")
"""Canonical cell names of a :class:`SourceRow`."""

FORMATS = ("generic", "cboe", "jpx", "ibkr")
"""Formats :func:`detect_format` knows."""

MAX_LINE_CHARACTERS = 2**17
"""Longest line read, characters (131,072, the :mod:`csv` module's own limit for one cell)."""

GENERIC_REQUIRED = ("expiry", "strike", "type", "bid", "ask")
"""Columns a generic file must have (by canonical name, after aliases)."""

GENERIC_ALIASES: Mapping[str, tuple[str, ...]] = {
    "expiry": ("expiry", "exp", "expiration", "expiration_date", "expiry_date", "maturity"),
    "strike": ("strike", "strike_price", "k"),
    "type": ("type", "put_call", "call_put", "cp", "pc", "right", "option_type", "kind"),
    "bid": ("bid", "bid_price"),
    "ask": ("ask", "ask_price", "offer"),
    "settlement": ("settlement", "settle", "settlement_price"),
    "iv": ("iv", "implied_vol", "implied_volatility"),
    "underlying_price": ("underlying_price", "underlying", "spot", "underlying_last"),
    "last_trade_date": ("last_trade_date", "last_trading_day", "last_trading_date"),
}
"""Header names (case-insensitive; spaces, dashes and slashes read as ``_``) accepted for each canonical column."""

FORMAT_NEEDS = {
    "generic": "a header with expiry, strike, type, bid and ask (aliases such as exp, put_call, cp, right)",
    "cboe": "Cboe's header 'Expiration Date,Calls,Last Sale,Net,Bid,Ask,...,Strike,Puts,...' after its two "
            "metadata lines",
    "jpx": "JPX records 'product code,OOP,contract month,strike,...' (17 cells, no header line)",
    "ibkr": "a header with 'Financial Instrument' or 'Local Symbol' and Bid and Ask (a TWS page exported as CSV)",
}
"""What :func:`detect_format` looks for, by format, for the message of an unrecognised file."""

KNOWN_LAYOUTS = "; ".join(f"{fmt}: {need}" for fmt, need in FORMAT_NEEDS.items())
""":data:`FORMAT_NEEDS` as one phrase (``hedgeopt.face.errors_ja`` holds its Japanese)."""

@dataclass(frozen=True)
class SourceRow:
    """One option of a chain file, as text under canonical names.

    Parameters
    ----------
    line : int
        1-based line number in the file, as an editor shows it (two rows share it in a Cboe file: call and put).
    cells : Mapping[str, str]
        Canonical name (:data:`CANONICAL`) -> cell text, stripped. ``expiry`` is ISO ``YYYY-MM-DD`` when the
        reader understood the file's date, else the raw text; ``type`` is ``"put"``/``"call"`` when recognised,
        else raw; numbers have their thousands separators removed; ``iv`` is decimal (0.20 = 20%); a missing
        cell is ``""`` or absent. Prices and strikes are in points of the contract's own underlying.
    columns : Mapping[str, str]
        Canonical name -> the file's own column name, for messages (``"Puts Bid"``).
    """

    line: int
    cells: Mapping[str, str]
    columns: Mapping[str, str]


@dataclass(frozen=True)
class ChainTable:
    """A chain file read into canonical rows of one contract.

    Parameters
    ----------
    format : str
        One of :data:`FORMATS`.
    source : str
        One-line description (``"Cboe delayed quotes, SPX, as of 2026-11-25 16:15 EST"``).
    rows : tuple of SourceRow
        Rows of the requested contract, in file order.
    other : tuple of (int, str)
        ``(line, reason)`` of each line of another contract in the same file (SPXW weeklies in an SPX
        download, mini options in a JPX file read for the large contract...): to be reported, never an error.
    quote_date : datetime.date or None
        The date the file says its quotes are as of, None when it does not say.
    quote_time : str or None
        The time the file gives (``"16:15 EST"``), else None.
    underlying_price : float or None
        The underlying level the file states, points of the contract's own underlying (XSP ~600), else None.
    notes : tuple of str, default ()
        Plain sentences the user should read.
    """

    format: str
    source: str
    rows: tuple[SourceRow, ...]
    other: tuple[tuple[int, str], ...]
    quote_date: dt.date | None
    quote_time: str | None
    underlying_price: float | None
    notes: tuple[str, ...] = ()


def read_chain_table(source: str | Path | IO[str], symbol: str) -> ChainTable:
    """Read an option-chain file of any known format into the rows of contract ``symbol``.

    Parameters
    ----------
    source : str, pathlib.Path or text file object
        The file (read by :func:`pricing.files.read_text`: UTF-8, a byte-order mark dropped), or an open text
        stream.
    symbol : str
        Catalogue symbol of the options wanted (``"SPX"``, ``"XSP"``, ``"SPY"``, ``"NK225_OPT"``,
        ``"NK225M_OPT"``), case-insensitive.

    Returns
    -------
    ChainTable

    Raises
    ------
    InputError
        An unknown symbol, an empty file, a line too long, an unrecognised header (the message lists the formats
        and what each needs), a format that does not carry ``symbol``'s options, or a file of another contract.
        Fields name the file and line (``"spx.csv line 3 header"``).
    """
    spec = contract(symbol)
    name, lines = _source_lines(source)
    try:
        fmt = detect_format([text for _, text in lines])
        parts = READERS[fmt](name, lines, spec)
    except InputError as exc:
        raise _named(exc, name, lines) from None
    return ChainTable(parts.format, parts.source, tuple(SourceRow(*row) for row in parts.rows), tuple(parts.other),
                      parts.quote_date, parts.quote_time, parts.underlying_price, tuple(parts.notes))


def detect_format(lines: Sequence[str]) -> str:
    """The format of a chain file from its first lines: ``"generic"``, ``"cboe"``, ``"jpx"`` or ``"ibkr"``.

    Parameters
    ----------
    lines : sequence of str
        The file's lines (blank and ``#`` comment lines are skipped here too).

    Returns
    -------
    str

    Raises
    ------
    InputError
        ``"line N header"`` (N counted among the lines given): none of the formats; the message lists them and
        the columns each needs.
    """
    content = [(n, line) for n, line in enumerate(lines, 1) if not _skipped(line)]
    if not content:
        raise InputError("lines", "(no data line)", "a CSV file with a header line")
    head = [(n, split_line(line)) for n, line in content[:6]]
    if any(is_cboe_header(cells) for _, cells in head):
        return "cboe"
    first_line, first = head[0]
    if any(looks_like_jpx_record(cells) for _, cells in head[:2]):
        return "jpx"  # a record on the first line, or on the second after a header line (JPX's own "head.csv")
    names = {normalise_name(c) for c in first}
    if {"financial_instrument", "local_symbol", "financial_instrument_description"} & names:
        return "ibkr"
    if (len(first) == 1 and _separator_hint(first)) or any(_canonical_name(n) for n in names):
        return "generic"
    raise InputError(f"line {first_line} header", content[0][1], f"a known option-chain layout ({KNOWN_LAYOUTS})",
                     hint="is this an option-chain file?")


def where(name: str | None, field_name: str) -> str:
    """``field_name`` after the file's name (``spx.csv line 3 header``), or alone for a stream without a name."""
    return field_name if name is None else f"{name} {field_name}"


def option_symbols(spec: ContractSpec, readers: str) -> None:
    """Refuse a contract whose options a format does not carry (``readers``: the format's name, for the message)."""
    if not spec.is_option:
        raise InputError("symbol", spec.symbol, f"an option contract for a {readers} file, not a future")


def read_generic(name: str | None, lines: Lines, spec: ContractSpec) -> TableParts:
    """Read hedgeopt's generic CSV: one header line, then one line per option.

    The header names the columns (any order, case-insensitive, other columns ignored); :data:`GENERIC_ALIASES`
    gives the names accepted for each canonical column, so ``exp``/``expiration`` read as ``expiry`` and
    ``put_call``/``cp``/``right`` as ``type``. Required: :data:`GENERIC_REQUIRED`. Expiries are ISO or
    ``YYYYMMDD``; ``iv`` is decimal; ``last_trade_date`` is optional.

    Parameters
    ----------
    name : str or None
        The file's name, for messages.
    lines : list of (int, str)
        Numbered lines without blank and comment lines.
    spec : ContractSpec
        The contract the rows are read for (the generic file has no contract column).

    Returns
    -------
    TableParts

    Raises
    ------
    InputError
        A column named twice (also through an alias), or a required column missing.
    """
    option_symbols(spec, "generic chain")
    header_line, header = lines[0][0], split_line(lines[0][1])
    mapping = _generic_mapping(header_line, header)
    missing = [c for c in GENERIC_REQUIRED if c not in mapping]
    if missing:
        raise InputError("columns", [h.lower() for h in header], f"a column named {missing[0]!r} (required: "
                         f"{', '.join(GENERIC_REQUIRED)})", hint=_separator_hint(header))
    columns = {canon: header[i] for canon, i in mapping.items()}
    rows = [(n, _generic_cells(split_line(text), mapping), columns) for n, text in lines[1:]]
    return TableParts("generic", f"generic CSV, {spec.symbol}", rows, [], None, None, None, ())


def _generic_mapping(line: int, header: list[str]) -> dict[str, int]:
    """Canonical name -> column index; a canonical column named twice is refused."""
    mapping: dict[str, int] = {}
    for i, cell in enumerate(header):
        canon = _canonical_name(normalise_name(cell))
        if canon is None:
            continue
        if canon in mapping:
            raise InputError(f"line {line} header", cell.lower(), "one column of each name",
                             hint=f"the column is there twice ({header[mapping[canon]]!r} and {cell!r}): "
                                  "delete one")
        mapping[canon] = i
    return mapping


def _generic_cells(cells: list[str], mapping: Mapping[str, int]) -> dict[str, str]:
    """Canonical cells of one generic row: dates ISO when understood, type normalised, numbers plain."""
    raw = {canon: cells[i] if i < len(cells) else "" for canon, i in mapping.items()}
    out = {canon: plain_number(text) for canon, text in raw.items()}
    for key in ("expiry", "last_trade_date"):
        if key in out:
            out[key] = iso_date(raw[key])
    out["type"] = kind_text(raw["type"])
    return out


def _canonical_name(normalised: str) -> str | None:
    """The canonical column a normalised header name stands for, or None."""
    return next((canon for canon, names in GENERIC_ALIASES.items() if normalised in names), None)


def _separator_hint(header: Sequence[str]) -> str | None:
    """A hint when the header is one cell holding another separator (a semicolon or tab CSV), else None."""
    if len(header) == 1 and any(sep in header[0] for sep in ";\t|"):
        return "the header is one cell: save the file with commas between the columns, not semicolons or tabs"
    return None


def _skipped(line: str) -> bool:
    """True for a blank line or a comment line (first non-blank character ``#``)."""
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _source_lines(source: str | Path | IO[str]) -> tuple[str | None, Lines]:
    """The file's name (None for a stream without one) and its numbered content lines (blank and comments dropped)."""
    if hasattr(source, "read"):
        name, text = getattr(source, "name", None), source.read()
    else:
        name = Path(source).name
        text = read_text(source, "path", "option-chain CSV file", MAX_TABLE_BYTES)
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if not _skipped(line)]
    if not lines:
        raise InputError("path", name or "(a stream)", "a CSV file with a header line")
    long = next(((n, line) for n, line in lines if len(line) > MAX_LINE_CHARACTERS), None)
    if long is not None:
        raise InputError(where(name, f"line {long[0]}"), long[1], f"a line of at most {MAX_LINE_CHARACTERS:,} "
                         "characters", hint="is this an option-chain file?")
    return name, lines


def _named(exc: InputError, name: str | None, lines: Lines) -> InputError:
    """``exc`` with the file's name before its field; a detection error's ``line N`` made the file's line number."""
    field_name = exc.field
    match = re.fullmatch(r"line (\d+) header", field_name)
    if match and exc.expected.startswith("a known option-chain layout"):
        field_name = f"line {lines[int(match[1]) - 1][0]} header"
    if name is None and field_name == exc.field:
        return exc
    return type(exc)(where(name, field_name), exc.value, exc.expected, hint=exc.hint)


READERS: dict[str, Callable[[str | None, Lines, ContractSpec], TableParts]] = {
    "generic": read_generic, "cboe": read_cboe, "jpx": read_jpx, "ibkr": read_ibkr,
}
"""The reader of each format."""

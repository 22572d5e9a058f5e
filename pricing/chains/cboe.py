"""Cboe delayed quotes: the "Download CSV" of cboe.com/delayed_quotes/<symbol>/quote_table (SPX, XSP, SPY).

The layout
----------
Cboe publishes no specification of this file; the layout below is what the files themselves show. It was read
from real downloads committed to public repositories, and the parsers that read them:

* ``phammings/SPX500-Gamma-Exposure-Calculator``, ``spx_quotedata.csv`` (SPX, June 2022; its script downloads it
  from ``https://www.cboe.com/delayed_quotes/spx/quote_table``): 9,835 option lines in one file, 3,453 of root
  ``SPX`` and 6,382 of root ``SPXW``, both roots on 2022-06-17 (the a.m. monthly and the p.m. option of that day);
* ``AyourElwazani97/gamma``, ``spx_quotedata.csv`` (SPX, April 2023); ``carlosjimenezdiaz/GEX_Python``,
  ``xsp_quotedata.csv`` (XSP, September 2023: root ``XSP`` only); ``Linyanotlinda/svi-volatility-calibration``,
  ``spy_quotedata.csv`` (SPY, September 2026: root ``SPY``);
* ``jensolson/SPX-Gamma-Exposure`` ``GEX.py`` (splits each line at ``Strike`` into a call and a put; an older
  layout with ``Vol``/``Open Int`` headers and another date line, not read here).

What they show::

    (a blank line)
    Standard & Poors 500 Index,Last: 4090.3799,Change:  -10.2201
    "Date: June 11, 2022, 8:47 PM EDT",Bid: 3878.48,Ask: 3927.9299,Size: 1*1,Volume: 0
    Expiration Date,Calls,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest,Strike,Puts,Last Sale,Net,...
    Fri Jun 17 2022,SPX220617C00200000,3954.75,0,3702.7,3712.2,0,0,0.9997,0,528,200.00,SPX220617P00200000,...

* line 2: the index's or fund's *name* (not its ticker: "Standard & Poors 500 Index", "S&P 500 Mini-SPX Options
  Index", "SPDR S&P 500 ETF Trust") and ``Last:`` its level, read as :attr:`ChainTable.underlying_price`;
* line 3: ``Date:`` and the time, seen as ``June 11, 2022, 8:47 PM EDT``, ``September 14, 2023 at 4:30 PM EDT``
  and ``5 April 2023, 19:41 UTC−4`` (a locale variant): the quote date and time;
* one line per (expiration, strike): the call's OCC symbol in column 2, its quote, the strike, the put's symbol in
  column 13 and its quote. Expirations are written ``Fri Jun 17 2022``;
* ``IV`` is decimal (0.2464 = 24.64%); 0 where Cboe has none, which is read here as an empty cell (the vol is
  then implied from the mid). Bid and ask are index points per unit.

Columns are found by name on each side of ``Strike`` (the ``Calls`` side, then the ``Puts`` side), so a reordered
or shortened download still reads; messages name them ``Calls Bid``, ``Puts IV``...

Contracts
---------
The root of each side's OCC symbol says which options a line holds. SPX reads root ``SPX`` (AM-settled
third-Friday monthlies); ``SPXW`` lines (weeklies and p.m.-settled) are listed in :attr:`ChainTable.other`. XSP
reads ``XSP``, SPY ``SPY``. A file with none of the requested roots (an XSP download read as SPX) is refused.
Where a side has no expiry or strike cell its OCC symbol supplies them; where both exist and disagree the
columns are kept.

Not verified: Cboe may change the page's export at any time; the time-zone text is kept as printed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from pricing.catalogue import ContractSpec
from pricing.chains.cells import (
    Lines,
    Row,
    TableParts,
    iso_date,
    occ_symbol,
    plain_number,
    split_line,
)
from pricing.errors import InputError

ROOTS = {"SPX": ("SPX",), "XSP": ("XSP",), "SPY": ("SPY",)}
"""OCC roots read for each catalogue symbol."""

ROOT_CONTRACTS = {"SPX": "SPX", "SPXW": "SPX weeklies (SPXW)", "XSP": "XSP", "SPY": "SPY"}
"""What a root found in a Cboe file is, for the message of a file of another contract."""

SPXW_REASON = "SPXW: S&P 500 weekly / p.m.-settled option, not the catalogue's SPX (a.m.-settled third-Friday monthly)"



_EXPIRY_FORMATS = ("%a %b %d %Y", "%Y-%m-%d", "%m/%d/%Y")
_DATE_MDY = re.compile(r"(?P<month>[A-Za-z]+)\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})")
_DATE_DMY = re.compile(r"(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\.?,?\s+(?P<year>\d{4})")
_TIME = re.compile(r"(?P<h>\d{1,2}):(?P<m>\d{2})(?::\d{2})?\s*(?P<ampm>[AaPp][Mm])?\s*(?P<zone>.*)$")
_SIDE_FIELDS = {"bid": "bid", "ask": "ask", "iv": "iv"}


def is_cboe_header(cells: Sequence[str]) -> bool:
    """True for Cboe's column header line (``Expiration Date,Calls,...,Strike,Puts,...``)."""
    return len(cells) >= 3 and cells[0].lower() == "expiration date" and cells[1].lower() == "calls" and any(
        c.lower() == "puts" for c in cells)


def read_cboe(name: str | None, lines: Lines, spec: ContractSpec) -> TableParts:
    """Read a Cboe delayed-quotes CSV: each line's call and put become two rows.

    Parameters
    ----------
    name : str or None
        The file's name, for messages.
    lines : list of (int, str)
        Numbered lines without blank and comment lines.
    spec : ContractSpec
        SPX, XSP or SPY.

    Returns
    -------
    TableParts
        ``rows``: a call and a put per line of the requested root (both with the line's number); ``other``: lines
        of other roots with the reason.

    Raises
    ------
    InputError
        A contract other than SPX, XSP or SPY; a file none of whose lines is of the requested root.
    """
    if spec.symbol not in ROOTS:
        raise InputError("symbol", spec.symbol, "SPX, XSP or SPY for a Cboe delayed-quotes file")
    at = next(i for i, (_, text) in enumerate(lines) if is_cboe_header(split_line(text)))
    meta = [text for _, text in lines[:at]]
    header = split_line(lines[at][1])
    sides = _side_columns(header)
    rows: list[Row] = []
    other: dict[int, str] = {}
    roots: set[str] = set()
    for n, text in lines[at + 1:]:
        cells = split_line(text)
        for kind, columns in sides:
            row, root = _side_row(n, cells, kind, columns, header)
            if root is None or root in ROOTS[spec.symbol]:
                rows.append(row)
            else:
                roots.add(root)
                other.setdefault(n, SPXW_REASON if root == "SPXW" else f"root {root}: not {spec.symbol}")
    _check_contract(spec, roots, rows, lines[at][0])
    quote_date, quote_time = _quote_time(meta)
    when = f"{quote_date} {quote_time}" if quote_date and quote_time else str(quote_date or "an unstated time")
    return TableParts("cboe", f"Cboe delayed quotes, {spec.symbol}, as of {when}", rows, sorted(other.items()),
                      quote_date, quote_time, _last(meta), _notes(other, rows))


def _side_columns(header: Sequence[str]) -> list[tuple[str, dict[str, int]]]:
    """For the call and the put side: canonical name -> column index (``symbol`` for the OCC symbol)."""
    lower = [c.lower() for c in header]
    strike = lower.index("strike") if "strike" in lower else len(lower)
    puts = lower.index("puts")
    out = []
    for kind, lo, hi in (("call", 1, min(strike, puts)), ("put", puts, len(lower))):
        columns = {"symbol": lo}
        for i in range(lo + 1, hi):
            canon = _SIDE_FIELDS.get(lower[i])
            if canon and canon not in columns:
                columns[canon] = i
        columns.update({"expiry": 0} | ({"strike": strike} if strike < len(lower) else {}))
        out.append((kind, columns))
    return out


def _side_row(n: int, cells: Sequence[str], kind: str, columns: Mapping[str, int],
              header: Sequence[str]) -> tuple[Row, str | None]:
    """One side of a line as a row, and the root of its OCC symbol (None when the symbol does not parse)."""
    text = {canon: cells[i] if i < len(cells) else "" for canon, i in columns.items()}
    occ = occ_symbol(text["symbol"])
    expiry, strike = iso_date(text["expiry"], _EXPIRY_FORMATS), plain_number(text.get("strike", ""))
    if occ is not None:
        expiry = expiry or occ[1].isoformat()
        strike = strike or f"{occ[3]:g}"
    iv = plain_number(text.get("iv", ""))
    out = {"expiry": expiry, "strike": strike, "type": kind, "bid": plain_number(text.get("bid", "")),
           "ask": plain_number(text.get("ask", "")), "iv": "" if _is_zero(iv) else iv}
    side = "Calls" if kind == "call" else "Puts"
    names = {canon: (header[i] if canon in ("expiry", "strike") else f"{side} {header[i]}")
             for canon, i in columns.items() if canon != "symbol"}
    names["type"] = header[columns["symbol"]]
    return (n, out, names), occ[0] if occ else None


def _is_zero(text: str) -> bool:
    """True for a cell reading 0 (Cboe's "no IV")."""
    try:
        return float(text) == 0.0
    except ValueError:
        return False


def _check_contract(spec: ContractSpec, roots: set[str], rows: list[Row], header_line: int) -> None:
    """Refuse a file whose options are all of another contract than ``spec``."""
    if rows or not roots:
        return
    found = ", ".join(sorted(ROOT_CONTRACTS.get(r, r) for r in roots))
    raise InputError(f"line {header_line} header", sorted(roots), f"a Cboe file of {spec.symbol} options "
                     f"(root {', '.join(ROOTS[spec.symbol])})", hint=f"this file holds {found}: load it as that")


def _last(meta: Sequence[str]) -> float | None:
    """The ``Last:`` level of the metadata lines, points, or None."""
    for line in meta:
        for cell in split_line(line):
            if cell.lower().startswith("last:"):
                try:
                    return float(plain_number(cell[5:]))
                except ValueError:
                    return None
    return None


def _quote_time(meta: Sequence[str]) -> tuple[dt.date | None, str | None]:
    """The ``Date:`` text's date and its time as ``HH:MM ZONE`` (24-hour), each None when not understood.

    Read from the raw line: real files quote the cell (``"Date: June 11, 2022, 8:47 PM EDT"``) or not (``Date: 5
    April 2023, 19:41 UTC−4,Bid: ...``), so the text runs to the next ``,Label:``.
    """
    line = next((line for line in meta if "Date:" in line), None)
    if line is None:
        return None, None
    text = line[line.index("Date:") + 5:]
    end = re.search(r'"?\s*,\s*"?[A-Za-z][A-Za-z ]*:', text)
    text = text[:end.start() if end else len(text)].strip().strip('"')
    match = _DATE_MDY.search(text) or _DATE_DMY.search(text)
    if match is None:
        return None, None
    try:
        day = dt.datetime.strptime(f"{match['day']} {match['month'][:3]} {match['year']}", "%d %b %Y").date()
    except ValueError:
        return None, None
    rest = text[match.end():].lstrip(" ,").removeprefix("at").strip()
    return day, _clock(rest)


def _clock(text: str) -> str | None:
    """``4:15 PM EST`` -> ``16:15 EST``; ``19:41 UTC−4`` kept; None when no time is there."""
    match = _TIME.match(text)
    if match is None:
        return None
    hour = int(match["h"])
    if match["ampm"]:
        hour = hour % 12 + (12 if match["ampm"].upper() == "PM" else 0)
    return f"{hour:02d}:{match['m']} {match['zone'].strip()}".strip()


def _notes(other: Mapping[int, str], rows: Sequence[Row]) -> tuple[str, ...]:
    """Sentences for the user: SPXW lines set aside, IV cells of 0 left empty."""
    notes = []
    spxw = sum(reason == SPXW_REASON for reason in other.values())
    if spxw:
        notes.append(f"{spxw} SPXW lines (weekly / p.m.-settled S&P 500 options) are not SPX: listed apart, unused.")
    if any(not cells["iv"] for _, cells, _ in rows):
        notes.append("Cboe prints IV 0 where it has none: such cells are left empty (the vol is implied from the "
                     "mid).")
    return tuple(notes)

"""JPX / Osaka Exchange daily "Option Theoretical Price, etc." file: Nikkei 225 options, large and mini.

The file
--------
JPX publishes one CSV a business day (``oseYYYYMMDDtp.csv``, in the past also zipped) on
https://www.jpx.co.jp/english/markets/derivatives/option-price/01.html ("Option Theoretical Price, etc.",
Japanese page オプション理論価格等情報). That page says the files hold, for every option issue, the contract month,
issue codes, closing prices of premiums, theoretical prices at the end of the day session, volatilities at the
time of calculating settlement prices, the underlying's closing price and base volatilities; that the column
meanings are in a PDF ("Items in CSV files"), and that a separate "CSV header record" file can serve as a header:
**the data file itself has no header line**. It is all ASCII (codes and numbers), so no Shift_JIS decoding is
needed.

Columns, from JPX's "Contents of the Option Theoretical Price File" (read in a copy at
https://studylib.net/doc/7978778/contents-of-the-option-theoretical-price-file, not on jpx.co.jp itself) and
three public parsers that agree with it on 17 cells a record (``zaq9/ose`` ``ose/ose.py``, 2019; and two 2026
scripts found by content, one of them stating "Current JPX format (Apr. 13 2026 onward) is a 17-column record"):

==  =====================  =================================================================================
 0  Product Code           ``NK225E`` Nikkei 225 options (monthly), ``NK225WE`` (weekly), ``NK225MWE`` Nikkei
                           225 mini options, ``TOPIXE``, ``JGBLFE``, securities options ``<code>E``...
                           (older files pad it with spaces: ``NK225E    ``)
 1  Product Type           ``OOP`` (``OOF`` for options on JGB futures)
 2  Contract Month         ``yyyymm`` (6 digits), ``yyyymmdd`` (8 digits) for weeklies
 3  Strike Price           ``000000038000.000000`` (yen for Nikkei 225 options)
 4  Reserve                blank
 5  Put Issue Code         9 digits
 6  Put Closing Price      last trade of the day, ``0`` when none
 7  Reserve
 8  Put Theoretical Price  yen
 9  Put Volatility         decimal, 6 decimals (0.183289 = 18.33%)
10  Call Issue Code        and 11-14 the call's, as 5-9
15  Underlying Price       the Nikkei 225's close
16  Base Volatility        decimal
==  =====================  =================================================================================

How it is read
--------------
Each record gives a put and a call row: ``settlement`` is the theoretical price column (JPX computes Nikkei 225
option settlement prices as theoretical prices from the settlement volatility; that this column equals the
published settlement price was not checked), ``iv`` the volatility column, ``underlying_price`` column 15;
``bid`` and ``ask`` are empty: these are not tradable quotes. The closing price (a last trade) is not used.

Routing: ``NK225_OPT`` reads ``NK225E`` and ``NK225WE`` (the weeklies are the same large contract, multiplier
1,000); ``NK225M_OPT`` reads ``NK225MWE`` (mini options, multiplier 100; product code from J-Quants' list of
option product codes, "NK225MWE 日経225miniオプション, 2023/5/29〜", and a public script reading the mini rows of
this file). Every other record (TOPIX, JGB futures, securities options, the other Nikkei contract, a prepended
header line) is listed in :attr:`ChainTable.other`. The file has no futures records.

A 6-digit contract month is the month's second Friday, the SQ day (moved earlier by JPX when it is a holiday: not
applied here, see the notes); an 8-digit month is read as the expiry date itself. The trade date is not in the
file: it is taken from a file name ``oseYYYYMMDDtp.csv`` when the source has one, else ``quote_date`` is None.

Not verified: the exact 8-digit meaning (SQ day or last trading day), the padding of product codes today, and
whether the mini options' monthly series use 6 or 8 digits (both are read).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from pricing.catalogue import ContractSpec
from pricing.chains.cells import Lines, Row, TableParts, split_line
from pricing.errors import InputError

PRODUCTS = {"NK225_OPT": ("NK225E", "NK225WE"), "NK225M_OPT": ("NK225MWE",)}
"""JPX product codes read for each catalogue symbol."""

PRODUCT_NAMES = {
    "NK225E": "Nikkei 225 options", "NK225WE": "Nikkei 225 weekly options", "NK225MWE": "Nikkei 225 mini options",
    "TOPIXE": "TOPIX options", "JGBLFE": "options on JGB futures",
}
"""What the product codes JPX documents are, for messages."""

COLUMNS = ("Product Code", "Product Type", "Contract Month", "Strike Price", "Reserve", "Put Issue Code",
           "Put Closing Price", "Reserve", "Put Theoretical Price", "Put Volatility", "Call Issue Code",
           "Call Closing Price", "Reserve", "Call Theoretical Price", "Call Volatility", "Underlying Price",
           "Base Volatility")
"""The record's cells in order, named after JPX's "Contents of the Option Theoretical Price File"."""

SETTLEMENT_NOTE = ("JPX settlement (theoretical) prices are not tradable quotes: the file has no bid or ask, so "
                   "bid and ask are to be modelled around them.")
SQ_NOTE = ("6-digit contract months are read as their second Friday (the SQ day); when JPX moves an SQ day "
           "for a holiday, that is not applied.")

_SIDES = (("put", 5, 8, 9), ("call", 10, 13, 14))


def looks_like_jpx_record(cells: Sequence[str]) -> bool:
    """True when ``cells`` read as one record of JPX's option theoretical price file (see the module docstring)."""
    return (len(cells) >= 15 and cells[1].upper() in ("OOP", "OOF") and bool(re.fullmatch(r"[A-Z0-9]+", cells[0]))
            and bool(re.fullmatch(r"\d{6}|\d{8}", cells[2])))


def read_jpx(name: str | None, lines: Lines, spec: ContractSpec) -> TableParts:
    """Read JPX's option theoretical price file: each record of the requested product becomes a put and a call.

    Parameters
    ----------
    name : str or None
        The file's name: ``oseYYYYMMDDtp.csv`` gives the trade date.
    lines : list of (int, str)
        Numbered lines without blank and comment lines.
    spec : ContractSpec
        ``NK225_OPT`` or ``NK225M_OPT``.

    Returns
    -------
    TableParts

    Raises
    ------
    InputError
        Another contract than the Nikkei 225 options; a file with no record of the requested product.
    """
    if spec.symbol not in PRODUCTS:
        raise InputError("symbol", spec.symbol, "NK225_OPT or NK225M_OPT for a JPX option price file")
    rows: list[Row] = []
    other: list[tuple[int, str]] = []
    products: set[str] = set()
    underlying: float | None = None
    monthly = False
    for n, text in lines:
        cells = split_line(text)
        if not looks_like_jpx_record(cells):
            other.append((n, "not a JPX option record (a header line?)"))
            continue
        code = cells[0].upper()
        products.add(code)
        if code not in PRODUCTS[spec.symbol]:
            other.append((n, f"{code} ({PRODUCT_NAMES.get(code, 'another product')}): not {spec.symbol}"))
            continue
        rows.extend(_record_rows(n, cells))
        monthly = monthly or len(cells[2]) == 6
        underlying = underlying if underlying is not None else _number(cells, 15)
    if not rows:
        raise InputError("rows", sorted(products), f"a JPX file with records of {' or '.join(PRODUCTS[spec.symbol])} "
                         f"for {spec.symbol}", hint="this file has none: is it the right file or contract?")
    quote_date = _trade_date(name)
    notes = (SETTLEMENT_NOTE, SQ_NOTE) if monthly else (SETTLEMENT_NOTE,)
    when = f"trade date {quote_date}" if quote_date else "trade date not stated"
    return TableParts("jpx", f"JPX option theoretical prices, {spec.symbol}, {when}", rows, other, quote_date,
                      None, underlying, notes)


def contract_month_expiry(text: str) -> str:
    """A JPX contract month as an ISO date: ``yyyymmdd`` as is, ``yyyymm`` its second Friday; else the text.

    Examples
    --------
    >>> contract_month_expiry("202612"), contract_month_expiry("20261204"), contract_month_expiry("2026-12")
    ('2026-12-11', '2026-12-04', '2026-12')
    """
    text = text.strip()
    try:
        if re.fullmatch(r"\d{8}", text):
            return dt.datetime.strptime(text, "%Y%m%d").date().isoformat()
        if re.fullmatch(r"\d{6}", text):
            year, month = int(text[:4]), int(text[4:])
            fridays = [week[calendar.FRIDAY] for week in calendar.monthcalendar(year, month) if week[calendar.FRIDAY]]
            return dt.date(year, month, fridays[1]).isoformat()
    except ValueError:
        return text
    return text


def fixed_number(text: str) -> str:
    """JPX's zero-padded number as plain text (``"000000038000.000000"`` -> ``"38000"``); other text unchanged."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return text.strip()
    plain = format(value, "f")
    return plain.rstrip("0").rstrip(".") if "." in plain else plain


def _record_rows(n: int, cells: Sequence[str]) -> list[Row]:
    """The put and the call of one record."""
    common = {"expiry": contract_month_expiry(cells[2]), "strike": fixed_number(cells[3]), "bid": "", "ask": "",
              "underlying_price": fixed_number(cells[15]) if len(cells) > 15 else ""}
    rows = []
    for kind, code, theo, vol in _SIDES:
        cells_of = common | {"type": kind, "settlement": fixed_number(cells[theo]), "iv": fixed_number(cells[vol])}
        columns = {"expiry": COLUMNS[2], "strike": COLUMNS[3], "type": COLUMNS[code], "settlement": COLUMNS[theo],
                   "iv": COLUMNS[vol], "underlying_price": COLUMNS[15]}
        rows.append((n, cells_of, columns))
    return rows


def _number(cells: Sequence[str], i: int) -> float | None:
    """Cell ``i`` as a float, or None when absent or not a number."""
    try:
        return float(cells[i])
    except (IndexError, ValueError):
        return None


def _trade_date(name: str | None) -> dt.date | None:
    """The trade date of a file named ``oseYYYYMMDDtp.csv`` (any case, any folder), else None."""
    match = re.search(r"ose(\d{8})tp", (name or "").lower())
    if match is None:
        return None
    try:
        return dt.datetime.strptime(match[1], "%Y%m%d").date()
    except ValueError:
        return None

"""Your own daily history as market paths: one :class:`~scenarios.paths.MarketPaths` path read from a CSV file.

:func:`load_paths` reads daily closes you exported yourself (a broker, FRED, a spreadsheet): index levels, FX,
implied vols and short rates, one line per date.

The format
----------
A UTF-8 CSV file (a byte-order mark is dropped; a regular file of at most 512 MiB, lines of at most 131,072
characters, read by :func:`pricing.files.read_text`) with one header line and one line per date:

=================  ==============================================================================================
column             meaning
=================  ==============================================================================================
``date``           Trading date, ISO (``2024-03-15``; ``2024-03-15 00:00:00`` is read as the date). Required.
``equity.<INDEX>`` Close of the index, index points, > 0. At least one; ``INDEX`` is an index of the market
                   (``SPX``, ``NKY`` with :func:`~pricing.market.default_market`). Read as a price index: the
                   engine adds dividends at the market's dividend yield.
``fx.<CCY>``       Value of one unit of ``CCY`` in the base currency (``fx.USD`` = USDJPY, 150.2, with a JPY
                   base), > 0. Not for the base currency itself.
``vol.<INDEX>``    The index's 30-day at-the-money implied vol, decimal (0.20 = 20%), in (0, 2]; for an index
                   with an ``equity.<INDEX>`` column.
``rate.<CCY>``     The currency's short rate, decimal per year (0.04 = 4%), ``|rate| <= 0.5``.
=================  ==============================================================================================

Column names are case-insensitive (``Date``, ``equity.nky``) and surrounding spaces are ignored; any other column
is an error (delete or rename it), so nothing is dropped silently. Lines whose first non-blank character is ``#``
are comments and blank lines are skipped. Line numbers in messages are **line numbers in the file**, as an editor
shows them (the header is line 1 when the file has no comments).

Example::

    # Nikkei 225 and USDJPY closes, from my broker
    date,equity.NKY,fx.USD
    2024-01-04,33288.29,144.6
    2024-01-05,33377.42,144.6
    2024-01-09,33763.18,

Rows
----
* Lines may come in any order; they are sorted by date. Two lines with the same date are an error naming both.
* Numbers are plain decimals (``33288.29``, ``1.2e-3``): no thousands separators, no ``%`` signs, no ``N/A``.
* A vol above 2 or a rate above 0.5 in magnitude looks like a percentage and is an error naming the line and
  column (write 0.20, not 20); so is an FX rate that looks inverted (0.0067 for USDJPY when the market has 150).
* An **empty** ``fx``, ``vol`` or ``rate`` cell takes the value of the previous date (forward fill, after
  sorting); the notes count the filled cells. The earliest date must have every cell. An empty ``equity`` cell is
  an error: a missing close would be a day of zero return (delete the line or fill the close).
* An index level more than :data:`LEVEL_FACTOR` (1,000) times from the market's spot, an FX rate outside
  :data:`FX_RANGE`, or a level or FX rate more than :data:`MAX_DAILY_FACTOR` (3) times from the previous date's is
  an error naming the line and column: a typo or the wrong series (set ``[market] spots`` to the index's level when
  it is far from the default), on which the engine would overflow or round the holdings to nothing.
* The dates must be daily closes: a median gap above :data:`MAX_MEDIAN_GAP_DAYS` calendar days is an error.
* ``start`` and ``end`` keep the dates between them, inclusive, after sorting; at least two must remain.

Missing series (PROXIES)
------------------------
The path engine needs a vol for every index and an FX rate and a short rate for every currency it meets. What the
file lacks is filled with a labelled proxy, one sentence of :attr:`MarketPaths.notes` each:

=================  ==============================================================================================
missing            proxy
=================  ==============================================================================================
``vol.<INDEX>``    a + b x 21-day realised vol of the file's own ``equity.<INDEX>`` closes, clipped to
                   [5%, 200%]: the affine fit of the VIX on S&P 500 realised vol over 2014-2018
                   (:func:`~scenarios.paths.history.default_vol_fit`, about 0.080 + 0.592 x realised; the shipped
                   history now uses a TARCH model before 2014 instead, :func:`scenarios.history_data.garch_vol`,
                   fitted on the S&P 500's own returns). Computed over the whole file, then windowed, so a date has the
                   same vol in every window; times :func:`~scenarios.paths.history.atm_per_vix` of the index, as
                   the fit is of the VIX and the paths carry an ATM vol. Fitted on the S&P 500, so an approximation
                   for other indices, and it errs low in crashes (31 vol points under the VIX on 2008-11-20, see
                   :mod:`scenarios.paths.history`). A file of two dates has no realised vol: constant at the
                   market surface's 30-day ATM vol.
``fx.<CCY>``       for the currency of an ``equity`` index: constant at the market's rate (``market.fx_rate``).
``rate.<CCY>``     for the base currency, every index's currency and every ``fx`` currency: constant at the
                   market's 3-month zero rate. A currency the market has no curve for needs its column.
=================  ==============================================================================================

The path is labelled with the file's stem and named ``"<file name> <first date> to <last date>"``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pricing._typing import FloatArray
from pricing.errors import InputError
from pricing.files import MAX_TABLE_BYTES, check_file, read_text
from pricing.market import Market, default_market
from pricing.validation import FX_LEVEL_FACTOR, MAX_RATE, MAX_VOL
from scenarios.history_data import RV_DAYS, realised_vol
from scenarios.paths.history import VOL_CLIP, atm_per_vix, default_vol_fit
from scenarios.paths.market_paths import MarketPaths, Note
from scenarios.paths.monte_carlo import RATE_TENOR, START_VOL_TENOR

KINDS = ("equity", "fx", "vol", "rate")
"""Column prefixes, in the order :data:`ACCEPTED_COLUMNS` lists them."""

ACCEPTED_COLUMNS = ("date", "equity.<INDEX>", "fx.<CCY>", "vol.<INDEX>", "rate.<CCY>")
"""Column name patterns a path file may use (case-insensitive)."""

FORWARD_FILLED = ("fx", "vol", "rate")
"""Kinds whose empty cells take the previous date's value."""

MAX_MEDIAN_GAP_DAYS = 5
"""Largest median gap between consecutive dates, calendar days, of a file of daily closes."""

LEVEL_FACTOR = 1000.0
"""An index level more than this many times away from the market's spot is an error (the S&P 500 rose about 350
times from 1932 to 2025; a level 10,000 times the spot overflows the engine's sums or rounds holdings to zero)."""

FX_RANGE = (1e-6, 1e6)
"""Smallest and largest FX rate read, base currency per unit."""

MAX_DAILY_FACTOR = 3.0
"""Largest ratio between an index level or FX rate and the previous date's (a fall of 2/3, a rise of 200%): more
is a typo (a missing digit, a misplaced decimal point), never a day of an index."""

MAX_LINE_CHARACTERS = 2**17
"""Longest line read, characters (131,072, the :mod:`csv` module's own limit for one cell)."""

SHOWN_NAME_CHARACTERS = 40
"""How much of a column name a message shows (a 1 MB header cell is not echoed whole)."""

_CCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class _Column:
    """One value column of the file: position in the header, kind, key (market spelling) and name as written."""

    position: int
    kind: str
    key: str
    name: str

    @property
    def canonical(self) -> str:
        return f"{self.kind}.{self.key}"


def _check_file(path: str | Path) -> Path:
    """``path`` as an existing regular ``.csv`` file of at most 512 MiB; errors name "paths" and the path."""
    file = check_file(path, "paths", "CSV file of daily closes", MAX_TABLE_BYTES)
    if file.suffix.lower() != ".csv":
        raise InputError("paths", str(path), "a CSV file of daily closes, named *.csv",
                         hint=f"{file.suffix or 'no suffix'}; export the data as CSV")
    return file


def _read(file: Path) -> tuple[list[str], int, pd.DataFrame]:
    """The header cells, the header's line number and the data lines as strings (row ``i`` is line header + 1 + i).

    The file is read by :func:`pricing.files.read_text` (UTF-8, a byte-order mark dropped; a byte that is not UTF-8
    is an error naming its line and column). Comment lines are blanked, not removed, so line numbers stay those of
    the file; blank lines come back as rows of empty strings. A line longer than :data:`MAX_LINE_CHARACTERS` is an
    error naming it.
    """
    text = read_text(file, "paths", "CSV file of daily closes", MAX_TABLE_BYTES)
    lines = ["" if line.lstrip().startswith("#") else line for line in text.splitlines()]
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None:
        raise InputError("paths", str(file), "a CSV file with a header line and one line per date",
                         hint="the file is empty")
    long = next((i for i, line in enumerate(lines) if len(line) > MAX_LINE_CHARACTERS), None)
    if long is not None:
        raise InputError(f"{file.name} line {long + 1}", lines[long], f"a line of at most {MAX_LINE_CHARACTERS:,} "
                         "characters", hint="is this a file of daily closes?")
    header = [cell.strip() for cell in next(csv.reader([lines[start]]))]
    body = lines[start:]
    for n, cells in enumerate(csv.reader(body), start + 1):
        if len(cells) > len(header):
            raise InputError(f"{file.name} line {n}", f"{len(cells)} cells",
                             f"at most one cell per header column ({len(header)})")
    try:
        frame = pd.read_csv(io.StringIO("\n".join(body) + "\n"), header=0, dtype=str, na_filter=False,
                            skip_blank_lines=False)
    except pd.errors.ParserError as exc:
        raise InputError("paths", str(file), "a plain CSV file of daily closes", hint=str(exc)) from None
    frame.columns = range(len(header))
    return header, start + 1, frame.apply(lambda col: col.str.strip())


def _short(name: str, limit: int = SHOWN_NAME_CHARACTERS) -> str:
    """A column name (or a header) as a message shows it: cut to ``limit`` characters."""
    return name if len(name) <= limit else name[:limit - 1] + "…"


def _columns(file: Path, header: list[str], header_line: int, market: Market) -> tuple[int, list[_Column]]:
    """Position of the date column and the value columns; every other name is an error."""
    field = f"{file.name} line {header_line} header"
    indices = {k.upper(): k for k in market.spots}
    accepted = (f"{', '.join(ACCEPTED_COLUMNS)} (INDEX one of {', '.join(market.spots)}; CCY a currency code such "
                f"as USD)")
    dates = [i for i, name in enumerate(header) if name.lower() == "date"]
    if not dates:
        listed = _short(", ".join(header), 200) or "nothing"
        one_cell = len(header) == 1 and any(sep in header[0] for sep in ";\t|")
        raise InputError("paths", str(file), "a CSV file whose header has a date column",
                         hint="the header is one cell: save the file with commas between the columns, not semicolons "
                              "or tabs" if one_cell else f"line {header_line} has {listed}")
    if len(dates) > 1:
        raise InputError(field, "date", "one date column", hint=f"columns {dates[0] + 1} and {dates[1] + 1}")
    columns: dict[str, _Column] = {}
    for i, name in enumerate(header):
        if i == dates[0]:
            continue
        kind, _, key = name.partition(".")
        name = _short(name)
        kind, key = kind.strip().lower(), key.strip().upper()
        if kind not in KINDS or not key:
            raise InputError(field, name, f"columns named {accepted}", hint="delete or rename the column")
        if kind in ("equity", "vol"):
            if key not in indices:
                raise InputError(f"{field} {name}", key, f"an index of the market: one of {', '.join(market.spots)}")
            key = indices[key]
        elif not _CCY.fullmatch(key):
            raise InputError(f"{field} {name}", key, "a three-letter currency code such as USD")
        elif kind == "fx" and key == market.base_currency:
            raise InputError(f"{field} {name}", key, f"a currency other than the base {market.base_currency} "
                             "(worth 1 by definition)", hint="delete the column")
        column = _Column(i, kind, key, name)
        if column.canonical in columns:
            raise InputError(f"{field} {name}", column.canonical, "one column per series",
                             hint=f"also column {columns[column.canonical].position + 1}, "
                                  f"{columns[column.canonical].name}")
        columns[column.canonical] = column
    if not any(c.kind == "equity" for c in columns.values()):
        raise InputError(field, ", ".join(header), "at least one equity.<INDEX> column of index levels "
                         f"(INDEX one of {', '.join(market.spots)})")
    for c in columns.values():
        if c.kind == "vol" and f"equity.{c.key}" not in columns:
            raise InputError(f"{field} {c.name}", c.key, f"a vol for an index with its equity.{c.key} column")
    return dates[0], list(columns.values())


def _parse_date(cell: str) -> pd.Timestamp | None:
    """An ISO date (a midnight-or-later time is dropped), or None."""
    try:
        return pd.Timestamp(dt.date.fromisoformat(cell))
    except ValueError:
        pass
    try:
        return pd.Timestamp(dt.datetime.fromisoformat(cell).date())
    except ValueError:
        return None


def _check_cells(file: Path, col: _Column, text: pd.Series, lines: np.ndarray, market: Market
                 ) -> tuple[int, InputError] | None:
    """The first bad cell of one column (its line and error), or None; empty cells are left to the caller."""
    empty = (text == "").to_numpy()
    values = pd.to_numeric(text.where(~empty), errors="coerce").to_numpy(dtype=float)
    not_number = ~empty & ~np.isfinite(values)
    checks: list[tuple[np.ndarray, str, str | None]] = [(not_number, "a plain decimal number", "number")]
    if col.kind == "equity":
        checks.append((values <= 0, "an index level > 0, index points", None))
        spot = market.spot(col.key)
        with np.errstate(divide="ignore", invalid="ignore"):
            far = np.abs(np.log(values / spot)) > np.log(LEVEL_FACTOR)
        checks.append((far & (values > 0), f"an index level within a factor of {LEVEL_FACTOR:,.0f} of the market's "
                       f"{spot:,.0f} points", "far"))
    elif col.kind == "fx":
        checks.append((values <= 0, f"{market.base_currency} per one {col.key}, > 0", None))
        checks.append(((values < FX_RANGE[0]) | (values > FX_RANGE[1]), f"{market.base_currency} per one {col.key}, "
                       f"between {FX_RANGE[0]:g} and {FX_RANGE[1]:g}", None))
        if col.key in market.fx:
            ref = market.fx_rate(col.key)
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # 1e308 cells: caught by FX_RANGE
                off = np.abs(np.log(values / ref))
                inverted = (off > np.log(FX_LEVEL_FACTOR)) & (np.abs(np.log(1.0 / (values * ref))) < off)
            checks.append((inverted, f"{market.base_currency} per one {col.key} (the market has {ref:g})",
                           "inverted"))
    elif col.kind == "vol":
        checks.append((values > MAX_VOL, "a decimal vol such as 0.20", "percent"))
        checks.append((values <= 0, f"a decimal vol in (0, {MAX_VOL:g}], such as 0.20", None))
    else:
        checks.append((np.abs(values) > MAX_RATE, "a decimal rate per year such as 0.04", "percent"))
    found = []
    for bad, expected, kind in checks:
        rows = np.flatnonzero(bad)  # NaN (empty) cells compare False
        if not rows.size:
            continue
        i = rows[np.argmin(lines[rows])]
        cell, value = text.iat[i], float(values[i])
        hint = None
        if kind == "percent":
            hint = f"{cell} looks like a percentage: write {value / 100:g} for {value:g}%"
        elif kind == "inverted":
            hint = f"{cell} looks inverted: 1 / {cell} = {1.0 / value:.6g}"
        elif kind == "far":
            hint = f"is the column the market's {col.key}? set [market] spots to this index's level if it is"
        elif kind == "number":
            hint = ("no % signs: write 0.20 for 20%" if "%" in cell
                    else "no thousands separators" if "," in cell else None)
        found.append((int(lines[i]), InputError(f"{file.name} line {lines[i]} {col.name}",
                                                cell if kind == "number" else value, expected, hint=hint)))
    return min(found, key=lambda f: f[0]) if found else None


def _jump_error(file: Path, col: _Column, values: FloatArray, lines: np.ndarray) -> tuple[int, InputError] | None:
    """The first date whose level or FX rate is more than :data:`MAX_DAILY_FACTOR` times from the previous one."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        jumps = np.abs(np.log(values[1:] / values[:-1])) > np.log(MAX_DAILY_FACTOR)
    if not jumps.any():
        return None
    i = int(np.flatnonzero(jumps)[0]) + 1
    return int(lines[i]), InputError(
        f"{file.name} line {lines[i]} {col.name}", float(values[i]), f"a level within a factor of "
        f"{MAX_DAILY_FACTOR:g} of the previous date's ({values[i - 1]:g} on line {lines[i - 1]})",
        hint="a missing digit or a misplaced decimal point?")


def _window(file: Path, dates: pd.DatetimeIndex, start: str | None, end: str | None) -> np.ndarray:
    """Boolean mask of the dates from ``start`` to ``end`` inclusive; errors name "start" or "end"."""
    first, last = (str(d.date()) for d in dates[[0, -1]])
    bounds = {}
    for field, value in (("start", start), ("end", end)):
        bounds[field] = None if value is None else _parse_date(str(value).strip())
        if value is not None and bounds[field] is None:
            raise InputError(field, value, f"an ISO date such as {first}")
    keep = np.ones(len(dates), dtype=bool)
    if bounds["start"] is not None:
        keep &= dates >= bounds["start"]
    if bounds["end"] is not None:
        keep &= dates <= bounds["end"]
    if keep.sum() < 2:
        field = "end" if bounds["end"] is not None and bounds["end"] < dates[0] else "start"
        raise InputError(field, f"{start} to {end}", f"a window with at least two dates of {file.name}, which runs "
                         f"{first} to {last}", hint=f"{int(keep.sum())} date(s) in the window")
    return keep


def _lines_text(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:5])
    return shown + (f" and {len(lines) - 5} more" if len(lines) > 5 else "")


def load_paths(path: str | Path, market: Market | None = None, *, start: str | None = None,
               end: str | None = None) -> MarketPaths:
    r"""Read one path of your own daily history from a CSV file (format and proxies in the module docstring).

    Parameters
    ----------
    path : str or pathlib.Path
        The CSV file: a ``date`` column and ``equity.<INDEX>`` (points), ``fx.<CCY>`` (base currency per unit),
        ``vol.<INDEX>`` (decimal) and ``rate.<CCY>`` (decimal per year) columns.
    market : Market, optional
        Base currency, the indices and their currencies, and the constants of the proxies (FX rate, 3-month zero
        rate, 30-day ATM vol); default :func:`~pricing.market.default_market`.
    start, end : str, optional
        ISO dates, inclusive, cutting the window after sorting; default the whole file.

    Returns
    -------
    MarketPaths
        One path labelled with the file's stem, named ``"<file name> <first date> to <last date>"``, in the
        market's base currency; every proxy used is a sentence of its ``notes``.

    Raises
    ------
    InputError
        A missing, non-CSV, non-regular or too large file, or one without a date column (field ``"paths"``);
        bytes that are not UTF-8 or a line that is too long (``"<path> line N column C"``, ``"<file> line N"``); an
        unknown or repeated column (``"<file> line N header"``); a bad cell (``"<file> line N <column>"``: an
        unparseable date or number, a repeated date naming both lines, an empty equity cell or an empty cell on the
        earliest date, a level <= 0 or far from the market's, a jump of more than 3 times in a day, a vol or rate
        that looks like a percentage, an inverted FX rate); dates further apart than daily; a ``start``/``end`` that
        is not an ISO date or leaves fewer than two dates (``"start"`` / ``"end"``); a currency without a rate
        column that the market has no curve for.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "nikkei.csv").write_text("date,equity.NKY,fx.USD\n2024-01-05,33377.42,144.6\n"
    ...                                        "2024-01-04,33288.29,144.2\n2024-01-09,33763.18,\n")
    >>> paths = load_paths(folder / "nikkei.csv")
    >>> paths.name, paths.labels
    ('nikkei.csv 2024-01-04 to 2024-01-09', ('nikkei',))
    >>> paths.fx["USD"].tolist()
    [[144.2, 144.6, 144.6]]
    """
    market = market or default_market()
    file = _check_file(path)
    header, header_line, frame = _read(file)
    date_pos, columns = _columns(file, header, header_line, market)
    lines = np.arange(len(frame)) + header_line + 1
    filled = (frame != "").any(axis=1).to_numpy()
    frame, lines = frame[filled].reset_index(drop=True), lines[filled]

    dates = []
    for n, cell in zip(lines, frame[date_pos], strict=True):
        date = _parse_date(cell)
        if date is None:
            raise InputError(f"{file.name} line {n} {header[date_pos]}", cell, "an ISO date such as 2024-03-15",
                             hint="missing" if cell == "" else None)
        dates.append(date)
    if not dates:
        raise InputError("paths", str(file), "a CSV file with one line per date after the header",
                         hint="no data lines")
    order = np.argsort(np.asarray(dates, dtype="datetime64[ns]"), kind="stable")
    dates = pd.DatetimeIndex([dates[i] for i in order])
    frame, lines = frame.iloc[order].reset_index(drop=True), lines[order]
    same = np.flatnonzero(dates[1:] == dates[:-1])
    if same.size:
        pairs = sorted((min(lines[i], lines[i + 1]), max(lines[i], lines[i + 1])) for i in same)
        first, second = pairs[0]
        raise InputError(f"{file.name} line {second} {header[date_pos]}", str(dates[same[0]].date()),
                         f"one line per date (already on line {first})")

    errors = [e for c in columns if (e := _check_cells(file, c, frame[c.position], lines, market)) is not None]
    for c in columns:
        text = frame[c.position]
        if c.kind == "equity" and (text == "").any():
            i = int(np.flatnonzero((text == "").to_numpy())[0])
            errors.append((int(lines[i]), InputError(
                f"{file.name} line {lines[i]} {c.name}", "", "an index level on every date",
                hint="equity cells are not forward-filled, a missing close would be a day of zero return: "
                     "delete the line or fill in the close")))
        elif text.iat[0] == "":
            errors.append((int(lines[0]), InputError(
                f"{file.name} line {lines[0]} {c.name}", "", f"a value on the earliest date ({dates[0].date()})",
                hint="empty cells take the previous date's value, and the earliest date has none")))
    if errors:
        raise min(errors, key=lambda e: e[0])[1]

    if len(dates) >= 2:
        gap = float(np.median(np.asarray((dates[1:] - dates[:-1]).days)))
        if gap > MAX_MEDIAN_GAP_DAYS:
            raise InputError(f"{file.name} date", f"median gap {gap:g} days", f"daily closes (a median gap of at "
                             f"most {MAX_MEDIAN_GAP_DAYS} calendar days)", hint="the path engine steps one line "
                             "a trading day")
    keep = _window(file, dates, start, end)

    values: dict[str, FloatArray] = {}
    fill_notes = []
    for c in columns:
        text = frame[c.position]
        series = pd.to_numeric(text.where(text != ""), errors="coerce")
        gaps = (text == "").to_numpy() & keep
        if gaps.any():
            empty = sorted(int(n) for n in lines[gaps])
            fill_notes.append(Note("csv_fill", f"{c.canonical}: {len(empty)} empty cell(s) in the window took the "
                                   f"previous date's value (line(s) {_lines_text(empty)}).", column=c.canonical,
                                   n=len(empty), shown=", ".join(str(n) for n in empty[:5]), more=len(empty) - 5))
        values[c.canonical] = series.ffill().to_numpy(dtype=float)
    jumps = [e for c in columns if c.kind in ("equity", "fx")
             and (e := _jump_error(file, c, values[c.canonical], lines)) is not None]
    if jumps:
        raise min(jumps, key=lambda e: e[0])[1]

    base = market.base_currency
    n_all = len(dates)
    equity = {c.key: values[c.canonical] for c in columns if c.kind == "equity"}
    fx = {c.key: values[c.canonical] for c in columns if c.kind == "fx"}
    vol = {c.key: values[c.canonical] for c in columns if c.kind == "vol"}
    rates = {c.key: values[c.canonical] for c in columns if c.kind == "rate"}
    proxy_notes = []
    for index in equity:
        if index in vol:
            continue
        rv = realised_vol(equity[index])
        if np.all(np.isfinite(rv)):
            a, b = default_vol_fit()
            scale = atm_per_vix(market, index)
            vol[index] = scale * np.clip(a + b * rv, *VOL_CLIP)
            caveat = (f"fitted on the S&P 500, so an approximation for {index}, and it " if index != "SPX"
                      else "it ")
            proxy_notes.append(Note(
                "csv_vol_fit" if index == "SPX" else "csv_vol_fit_other",
                f"vol.{index}: not in the file; PROXY {a:.3f} + {b:.3f} x {RV_DAYS}-day realised vol of the file's "
                f"{index} closes (the VIX fit of scenarios.paths.history, default_vol_fit), clipped to "
                f"[{VOL_CLIP[0]:.0%}, {VOL_CLIP[1]:.0%}] and computed over the whole file, times {scale:.3f} (the "
                f"market surface's 30-day ATM vol over its VIX-formula vol: the fit is of the VIX, the paths carry "
                f"an ATM vol); {caveat}errs low in crashes.", index=index, a=a, b=b, days=RV_DAYS, low=VOL_CLIP[0],
                high=VOL_CLIP[1], scale=scale))
        else:
            atm = float(np.asarray(market.surface(index).vol(1.0, START_VOL_TENOR)))
            vol[index] = np.full(n_all, atm)
            proxy_notes.append(Note("csv_vol_constant", f"vol.{index}: not in the file and too few dates for a "
                                    f"realised vol; PROXY constant {atm:.2%}, the market surface's 30-day "
                                    f"at-the-money vol.", index=index, vol=atm))
    for index in equity:
        ccy = market.index_currency[index]
        if ccy != base and ccy not in fx:
            fx[ccy] = np.full(n_all, market.fx_rate(ccy))
            proxy_notes.append(Note("csv_fx", f"fx.{ccy}: not in the file; PROXY constant at the market's "
                                    f"{fx[ccy][0]:.2f} {base} per {ccy}.", currency=ccy, base=base,
                                    fx=float(fx[ccy][0])))
    for ccy in sorted({base, *fx, *(market.index_currency[i] for i in equity)} - set(rates)):
        if ccy not in market.curves:
            raise InputError(f"{file.name} line {header_line} header", f"rate.{ccy}",
                             f"a rate.{ccy} column: the market has no {ccy} curve for a proxy")
        rates[ccy] = np.full(n_all, float(np.asarray(market.curve(ccy).zero_rate(RATE_TENOR))))
        proxy_notes.append(Note("csv_rate", f"rate.{ccy}: not in the file; PROXY constant {rates[ccy][0]:.2%}, "
                                f"the market's 3-month zero rate.", currency=ccy, rate=float(rates[ccy][0])))

    kept = dates[keep]
    first, last = str(kept[0].date()), str(kept[-1].date())
    given = ", ".join(c.canonical for c in columns)
    span = "" if keep.all() else f" (the file has {n_all}, {dates[0].date()} to {dates[-1].date()})"
    dividends = ", ".join(f"{i} {market.dividend_yield(i):.2%}" for i in equity)
    notes = (
        Note("csv_own" if keep.all() else "csv_own_window",
             f"Own history: {file.name}, {len(kept)} dates {first} to {last}{span}, with {given} as given; index "
             f"levels are read as price indices, so the engine adds dividends at the market's yield ({dividends}) "
             f"and a total-return series would count them twice.", file=file.name, n=len(kept), first=first,
             last=last, n_file=n_all, file_first=str(dates[0].date()), file_last=str(dates[-1].date()), given=given,
             dividends=dividends),
        *fill_notes,
        *proxy_notes,
    )

    def cut(table: dict[str, FloatArray]) -> dict[str, FloatArray]:
        return {k: v[keep] for k, v in table.items()}

    return MarketPaths(kept, cut(equity), fx=cut(fx), vol=cut(vol), rates=cut(rates), base_currency=base,
                       labels=(file.stem,), name=Note("csv_name", f"{file.name} {first} to {last}", file=file.name,
                                                      first=first, last=last), notes=notes)

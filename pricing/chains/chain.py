"""Option-chain CSV import: quotes, implied vols and a :class:`~pricing.quote_surface.QuoteVolSurface`.

The generic format
------------------
A UTF-8 CSV file (a byte-order mark is dropped; a regular file of at most 512 MiB, lines of at most 131,072
characters, read by :func:`pricing.files.read_text`) with one header line and one line per quoted option:

============================  ===========================================================================
column                        meaning
============================  ===========================================================================
``expiry``                    Expiry date, ISO (``2027-03-19``); must be after the market's valuation date.
``strike``                    Strike in points of the contract's own underlying (XSP 540 = SPX 5,400), > 0.
``type``                      ``put`` or ``call``; ``P`` and ``C`` are accepted, any case.
``bid``, ``ask``              Premium per unit in points (before the multiplier), ``0 <= bid <= ask``.
``iv`` (optional)             Implied vol, decimal (0.20 = 20%). An empty cell or no column: implied from mid.
``underlying_price``          Optional. Level of the contract's underlying for this row, points; overrides
                              ``market.spot(index) * price_ratio`` (use it for a chain's own forward-consistent
                              spot). An empty cell or no column: the market's.
============================  ===========================================================================

Header names are case-insensitive and surrounding spaces are ignored; other columns are ignored. Lines whose
first non-blank character is ``#`` are comments and blank lines are skipped, so a file can say where its numbers
come from. Row numbers in messages are **line numbers in the file** (the header is line 1 when the file has no
comments), as an editor shows them. The contract is not a column: :func:`load_chain` takes its catalogue
symbol (``"SPX"``, ``"XSP"``, ``"SPY"``, ``"NK225_OPT"``...).

Example::

    # SPX, illustrative
    expiry,strike,type,bid,ask
    2027-03-19,5400,P,61.2,62.4
    2027-03-19,6200,C,101.5,103.1

Implied vols
------------
A missing ``iv`` is implied from the mid ``(bid + ask) / 2`` by inverting the European Black–Scholes–Merton
price with the contract currency's zero rate to expiry and the index's continuous dividend yield from the market
(Act/365 from the market's valuation date). For American contracts (SPY) these are **European-implied** vols: an
American put is worth a little more than its European twin, so its implied vol is biased slightly upward, most for
deep in-the-money puts (which can even fall outside the European bounds and be rejected); out-of-the-money
options, which build the surface, are barely affected.

Bad rows
--------
A bid above the ask, a missing or negative price, a strike <= 0, an unparseable or past expiry, an unknown type,
a duplicate (expiry, strike, type), a bad ``iv`` or ``underlying_price``, or a mid outside the no-arbitrage
bounds (or with an implied vol outside [1e-6, 4]) make a row bad. With ``on_bad_row="error"`` (the default) the
first bad row raises an :class:`~pricing.errors.InputError` whose field names the file and the row
(``"spx.csv row 7 bid"``; ``"row 7 bid"`` for a stream without a name); a column named twice in the header is an
error too; with
``"skip"`` bad rows are dropped and listed in :attr:`OptionChain.skipped` with their reasons. A file with no
usable row raises; nothing is dropped silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any, NamedTuple

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from pricing.black_scholes import bs_price
from pricing.catalogue import ContractSpec, contract
from pricing.contracts import Option, OptionKind, Quote, parse_date, year_fraction
from pricing.errors import ImpliedVolError, InputError
from pricing.files import MAX_TABLE_BYTES, read_text
from pricing.market import Market
from pricing.quote_surface import QuoteVolSurface
from pricing.validation import as_float_array, check_choice, check_positive, check_vol

REQUIRED_COLUMNS = ("expiry", "strike", "type", "bid", "ask")
"""Columns every chain file must have (case-insensitive)."""

OPTIONAL_COLUMNS = ("iv", "underlying_price")
"""Columns read when present."""

QUOTE_COLUMNS = ("row", "expiry", "t", "strike", "kind", "bid", "ask", "mid", "iv", "spot", "moneyness")
"""Columns of :attr:`OptionChain.quotes`."""

MAX_LINE_CHARACTERS = 2**17
"""Longest line read, characters (131,072, the :mod:`csv` module's own limit for one cell)."""

_KINDS = {"put": OptionKind.PUT, "p": OptionKind.PUT, "call": OptionKind.CALL, "c": OptionKind.CALL}
_MIN_IV, _MAX_IV = 1e-6, 4.0


class BadRowPolicy(StrEnum):
    """What :func:`load_chain` does with a bad row: raise (``"error"``) or drop and record it (``"skip"``)."""

    ERROR = "error"
    SKIP = "skip"


class SkippedRow(NamedTuple):
    """A dropped row: its line number in the file and the reason (the error message)."""

    row: int
    reason: str


@dataclass(frozen=True)
class OptionChain:
    """Quotes of one contract's options at one valuation date, with implied vols.

    Parameters
    ----------
    symbol : str
        Catalogue symbol of the options (``"SPX"``).
    valuation_date : datetime.date
        Date the quotes are for (the market's valuation date).
    quotes : pandas.DataFrame
        One row per option, columns :data:`QUOTE_COLUMNS`: ``row`` (line in the file), ``expiry`` (date),
        ``t`` (years, Act/365), ``strike`` (points), ``kind`` (``"put"``/``"call"``), ``bid``, ``ask``, ``mid``
        (points per unit), ``iv`` (decimal), ``spot`` (underlying level used, points), ``moneyness``
        (``strike / spot``).
    skipped : tuple of SkippedRow, default ()
        Rows dropped with ``on_bad_row="skip"``, with reasons.
    """

    symbol: str
    valuation_date: dt.date
    quotes: pd.DataFrame
    skipped: tuple[SkippedRow, ...] = ()

    def __post_init__(self) -> None:
        spec = contract(self.symbol)
        if not spec.is_option:
            raise InputError("symbol", self.symbol, "an option contract, not a future")
        object.__setattr__(self, "symbol", spec.symbol)
        object.__setattr__(self, "valuation_date", parse_date("valuation_date", self.valuation_date))
        missing = [c for c in QUOTE_COLUMNS if c not in self.quotes.columns]
        if missing:
            raise InputError("quotes", list(self.quotes.columns), f"the columns {', '.join(missing)}")
        object.__setattr__(self, "skipped", tuple(SkippedRow(*s) for s in self.skipped))

    @property
    def spec(self) -> ContractSpec:
        """The contract's catalogue terms."""
        return contract(self.symbol)

    @property
    def n_skipped(self) -> int:
        """Number of rows dropped as bad."""
        return len(self.skipped)

    def surface(self) -> QuoteVolSurface:
        """Implied-vol surface from the out-of-the-money options.

        At each (expiry, strike) the out-of-the-money option gives the vol: puts below the underlying
        (``moneyness < 1``), calls above, the mean of both where ``moneyness == 1`` (standard practice: OTM
        options are the liquid ones, and their mids carry no intrinsic value to hide the time value). Where only
        the in-the-money option is quoted its vol is used.

        Returns
        -------
        QuoteVolSurface
            Nodes at ``(t, moneyness)``; see its Notes for the interpolation.
        """
        q = self.quotes
        is_put = q["kind"] == OptionKind.PUT.value
        otm = (is_put & (q["moneyness"] < 1.0)) | (~is_put & (q["moneyness"] > 1.0)) | (q["moneyness"] == 1.0)
        has_otm = otm.groupby([q["t"], q["strike"]]).transform("any")
        used = q[otm | ~has_otm]
        nodes = used.groupby(["t", "moneyness"], as_index=False)["iv"].mean()
        return QuoteVolSurface.from_quotes(nodes, t="t", label=f"{self.symbol} chain {self.valuation_date}")

    def options(self) -> tuple[Option, ...]:
        """The quoted options as :class:`~pricing.contracts.Option` objects with their bid/ask :class:`Quote`."""
        return tuple(
            Option(self.symbol, r.kind, r.strike, r.expiry, Quote(r.bid, r.ask))
            for r in self.quotes.itertuples(index=False)
        )


def _price_bounds(
    is_call: np.ndarray, spot: np.ndarray, strike: np.ndarray, t: np.ndarray, r: np.ndarray, q: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Open interval of European prices (points) for which an implied vol exists."""
    fwd_s, pv_k = spot * np.exp(-q * t), strike * np.exp(-r * t)
    low = np.where(is_call, np.maximum(fwd_s - pv_k, 0.0), np.maximum(pv_k - fwd_s, 0.0))
    return low, np.where(is_call, fwd_s, pv_k)


def _implied_vols(
    kind: np.ndarray, price: np.ndarray, spot: np.ndarray, strike: np.ndarray, t: np.ndarray, r: np.ndarray,
    q: np.ndarray,
) -> np.ndarray:
    """European implied vols (decimal), Brent's method per row on the shared kernel; NaN where none fits."""
    is_call = np.asarray(kind) == OptionKind.CALL.value
    out = np.full(np.shape(price), np.nan)
    for i in range(out.size):
        args = (is_call[i], spot[i], strike[i], t[i], r[i], q[i])

        def gap(vol: float, args: tuple = args, target: float = price[i]) -> float:
            return float(bs_price(*args, vol, validate=False)) - target

        if gap(_MIN_IV) < 0.0 < gap(_MAX_IV):
            out[i] = brentq(gap, _MIN_IV, _MAX_IV, xtol=1e-15, rtol=1e-15, maxiter=200)
    return out


def _read_rows(source: str | Path | IO[str]) -> tuple[str | None, list[str], list[tuple[int, list[str]]]]:
    """The file's name (None for a stream without one), the lower-cased header and (line, cells) of each data line.

    A path is read by :func:`pricing.files.read_text` (a regular UTF-8 file of at most 512 MiB, a byte-order mark
    dropped); comment and blank lines are skipped. A header naming a column twice is refused.
    """
    if hasattr(source, "read"):
        name, text = getattr(source, "name", None), source.read()
    else:
        name = Path(source).name if isinstance(source, str | Path) else None
        text = read_text(source, "path", "option-chain CSV file", MAX_TABLE_BYTES)
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise InputError("path", name or "(a stream)", "a CSV file with a header line")
    long = next(((n, line) for n, line in lines if len(line) > MAX_LINE_CHARACTERS), None)
    if long is not None:
        raise InputError(_where(name, f"line {long[0]}"), long[1], f"a line of at most {MAX_LINE_CHARACTERS:,} "
                         "characters", hint="is this an option-chain file?")
    rows = [(n, next(csv.reader([line]))) for n, line in lines]
    header = [cell.strip().lower() for cell in rows[0][1]]
    repeated = sorted({c for c in header if header.count(c) > 1 and c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)})
    if repeated:
        raise InputError(_where(name, f"line {rows[0][0]} header"), repeated[0], "one column of each name",
                         hint="the column is there twice: delete one")
    return name, header, rows[1:]


def _where(name: str | None, field: str) -> str:
    """``field`` after the file's name (``spx.csv row 3 bid``), or alone for a stream without a name."""
    return field if name is None else f"{name} {field}"


def _named(exc: InputError, name: str | None) -> InputError:
    """``exc`` with the file's name before its field, of the same class."""
    return exc if name is None else type(exc)(_where(name, exc.field), exc.value, exc.expected, hint=exc.hint)


def _separator_hint(header: list[str]) -> str | None:
    """A hint when the header is one cell holding another separator (a semicolon or tab CSV), else None."""
    if len(header) == 1 and any(sep in header[0] for sep in ";\t|"):
        return "the header is one cell: save the file with commas between the columns, not semicolons or tabs"
    return None


def _number(field: str, cell: str, expected: str) -> float:
    """A CSV cell read as a number (CSV text is parsed here; elsewhere a string is never read as a number)."""
    if cell == "":
        raise InputError(field, cell, expected, hint="missing")
    try:
        value = float(cell)
    except ValueError:
        raise InputError(field, cell, "a number") from None
    return float(as_float_array(field, value))


def _parse_row(n: int, cells: dict[str, str], valuation_date: dt.date) -> dict[str, Any]:
    """Parse and check one data row; raise :class:`InputError` naming the row and column."""
    expiry = parse_date(f"row {n} expiry", cells["expiry"])
    if expiry <= valuation_date:
        raise InputError(f"row {n} expiry", expiry.isoformat(), f"a date after the valuation date {valuation_date}")
    kind = cells["type"].lower()
    if kind not in _KINDS:
        raise InputError(f"row {n} type", cells["type"], "put, call, P or C")
    strike = _number(f"row {n} strike", cells["strike"], "a strike > 0 in points")
    if strike <= 0.0:
        raise InputError(f"row {n} strike", strike, "a strike > 0 in points")
    bid = _number(f"row {n} bid", cells["bid"], "a price >= 0 in points")
    ask = _number(f"row {n} ask", cells["ask"], "a price >= 0 in points")
    for name, value in (("bid", bid), ("ask", ask)):
        if value < 0.0:
            raise InputError(f"row {n} {name}", value, "a price >= 0 in points")
    if bid > ask:
        raise InputError(f"row {n} bid", bid, f"bid <= ask (ask={ask:g})")
    iv, spot = cells.get("iv", ""), cells.get("underlying_price", "")
    return {
        "row": n, "expiry": expiry, "t": year_fraction(valuation_date, expiry), "strike": strike,
        "kind": _KINDS[kind].value, "bid": bid, "ask": ask, "mid": 0.5 * (bid + ask),
        "iv": float(check_vol(f"row {n} iv", _number(f"row {n} iv", iv, "a decimal vol"))) if iv else math.nan,
        "spot": float(check_positive(f"row {n} underlying_price",
                                     _number(f"row {n} underlying_price", spot, "a level > 0"))) if spot else math.nan,
    }


def _price_errors(frame: pd.DataFrame, spec: ContractSpec, market: Market) -> dict[int, InputError]:
    """Fill ``spot``, ``moneyness`` and missing ``iv`` in place; return the rows whose mid admits no vol."""
    frame["spot"] = frame["spot"].fillna(market.spot(spec.underlying) * spec.price_ratio)
    frame["moneyness"] = frame["strike"] / frame["spot"]
    args = [frame[c].to_numpy(float) for c in ("spot", "strike", "t")]
    rate = market.curve(spec.currency).zero_rate(args[2])
    args += [rate, market.income_rate(spec.underlying, args[2])]
    low, high = _price_bounds(frame["kind"].to_numpy() == OptionKind.CALL.value, *args)
    mid = frame["mid"].to_numpy(float)
    inside = (low < mid) & (mid < high)
    todo = inside & frame["iv"].isna().to_numpy()
    implied = _implied_vols(frame["kind"].to_numpy()[todo], mid[todo], *(a[todo] for a in args))
    frame.loc[todo, "iv"] = implied
    errors = {}
    for i in np.flatnonzero(~inside | frame["iv"].isna().to_numpy()):
        n = int(frame["row"].iat[i])
        if inside[i]:
            expected, hint = f"a mid whose implied vol lies in [{_MIN_IV:g}, {_MAX_IV:g}]", "no root in that range"
        else:
            expected = f"a mid strictly between {low[i]:.6g} and {high[i]:.6g} points"
            hint = "outside the no-arbitrage bounds, no volatility reproduces it"
        errors[n] = ImpliedVolError(f"row {n} mid", round(float(mid[i]), 10), expected, hint=hint)
    return errors


def _duplicate_errors(frame: pd.DataFrame) -> dict[int, InputError]:
    """Flag every row quoting an (expiry, strike, type) already quoted on an earlier good row."""
    errors, seen = {}, {}
    for n, expiry, strike, kind in frame[["row", "expiry", "strike", "kind"]].itertuples(index=False):
        first = seen.setdefault((expiry, strike, kind), n)
        if first != n:
            expected = f"one quote per expiry, strike and type (already on row {first})"
            errors[n] = InputError(f"row {n} strike", strike, expected)
    return errors


def load_chain(
    path_or_buffer: str | Path | IO[str], symbol: str, market: Market, *, on_bad_row: str = "error"
) -> OptionChain:
    r"""Read an option-chain CSV in the generic format (see the module docstring).

    Parameters
    ----------
    path_or_buffer : str, pathlib.Path or text file object
        The CSV file, or an open text stream (``io.StringIO``).
    symbol : str
        Catalogue symbol of the options (``"SPX"``, ``"XSP"``, ``"SPY"``, ``"NK225_OPT"``).
    market : Market
        Valuation date, underlying spot, rate curve and dividend yield used for ``t``, moneyness and implied vols.
    on_bad_row : {"error", "skip"}, default "error"
        ``"error"``: raise on the first bad row (by line number). ``"skip"``: drop bad rows and record them in
        :attr:`OptionChain.skipped`.

    Returns
    -------
    OptionChain

    Raises
    ------
    InputError
        A missing file or required column, a bad row (with ``"error"``; its field is ``"row N column"``), or no
        usable row at all. A mid outside the no-arbitrage bounds raises :class:`~pricing.errors.ImpliedVolError`.

    Examples
    --------
    >>> import io
    >>> from pricing.market import default_market
    >>> text = "expiry,strike,type,bid,ask\n2027-03-19,5400,P,43.6,44.6\n2027-03-19,6600,c,-1,1\n"
    >>> chain = load_chain(io.StringIO(text), "SPX", default_market(), on_bad_row="skip")
    >>> round(float(chain.quotes["iv"].iloc[0]), 4)  # the default surface has 0.1909 at K/S = 0.9, 114 days
    0.1909
    >>> chain.skipped
    (SkippedRow(row=3, reason='row 3 bid=-1.0: expected a price >= 0 in points'),)
    """
    policy = check_choice("on_bad_row", on_bad_row, {p.value: p for p in BadRowPolicy})
    spec = contract(symbol)
    file, header, rows = _read_rows(path_or_buffer)
    for name in REQUIRED_COLUMNS:
        if name not in header:
            raise InputError(_where(file, "columns"), header, f"a column named {name!r} (required: "
                             f"{', '.join(REQUIRED_COLUMNS)})", hint=_separator_hint(header))
    errors: dict[int, InputError] = {}
    parsed = []
    for n, row in rows:
        cells = {name: cell.strip() for name, cell in zip(header, row, strict=False)}
        cells = {name: cells.get(name, "") for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)}
        try:
            parsed.append(_parse_row(n, cells, market.valuation_date))
        except InputError as exc:
            errors[n] = exc
    frame = pd.DataFrame(parsed, columns=[c for c in QUOTE_COLUMNS if c != "moneyness"])
    if parsed:
        errors.update(_price_errors(frame, spec, market))
        errors.update(_duplicate_errors(frame[~frame["row"].isin(list(errors))]))
    if errors and policy is BadRowPolicy.ERROR:
        raise _named(errors[min(errors)], file)
    skipped = tuple(SkippedRow(n, str(errors[n])) for n in sorted(errors))
    good = frame[~frame["row"].isin(list(errors))].reset_index(drop=True) if parsed else frame
    if good.empty:
        first = f"; first: {skipped[0].reason}" if skipped else ""
        raise InputError(_where(file, "rows"), len(rows), "at least one usable quote",
                         hint=f"{len(skipped)} bad rows{first}")
    return OptionChain(spec.symbol, market.valuation_date, good[list(QUOTE_COLUMNS)], skipped)

"""One option chain: rows of a downloaded file checked, implied vols from QuantLib, an arbitrage-free fit.

:func:`load_chain` reads a file in any supported format (:mod:`pricing.chains.formats`: the project's generic CSV,
Cboe's delayed quotes, JPX's settlement prices, Interactive Brokers' chain export), checks every row, implies vols
and fits the surface; :func:`chain_from_table` does the same from a table already read.

Rows
----
Each row is one option: expiry, strike (points of the contract's own underlying: XSP 540 = SPX 5,400), put or
call, and a bid and an ask in points per unit — or, for a settlement file, the settlement price, around which the
bid and ask are **modelled** by :class:`~pricing.trading_costs.quotes.QuoteModel` (a settlement price is not a
price anyone will trade at; the output says so).

A row of an option expiring on the valuation date itself (a daily download's 0DTE series) is left out and counted
(:attr:`OptionChain.expiring`): nothing can hedge with it. A row is **bad** — refused with ``on_bad_row="error"``
(the first bad row raises an :class:`~pricing.errors.InputError` naming the file, the line, the file's own column
and the value), dropped and listed in :attr:`OptionChain.skipped` with ``"skip"`` — when: a date cannot be read or
is not after the valuation date; the type is not put/call; a strike is not positive or **not on the contract's
listed strike grid** (SPX 5 points, XSP 1, NK225 125 yen: :data:`~pricing.standard_hedges.STRIKE_STEP`); an **SPX**
expiry is not the third-Friday monthly (the catalogue's SPX is the AM-settled monthly; PM weeklies are SPXW); a
price is missing or negative; **the bid is above the ask** (a crossed quote); the mid admits no implied vol (outside
the no-arbitrage bounds); or an (expiry, strike, type) repeats an earlier row. A row with a **zero bid** is kept (it
can be bought at its ask) but is left out of the fit: its mid is not a price. A row with **no quote at all** (bid
and ask 0, as Cboe prints a strike nobody quotes; or a settlement price of 0) is kept as listed, with no vol, and
can be neither bought nor fitted.

Implied vols
------------
``iv``, ``iv_bid`` and ``iv_ask`` are Black vols implied by QuantLib's ``blackFormulaImpliedStdDev`` from the mid,
the bid (when > 0) and the ask on the market's forward :math:`F = S e^{(r-q)t}` and discount factor (the contract
currency's zero curve, the index's dividend yield, Act/365 from the valuation date): the same forward the pricer
uses, so a quoted option's model value at its own implied vol is its mid. A generic file's ``iv`` column, when
given, replaces the vol implied from the mid. For American contracts (SPY) these are European-implied vols,
slightly above the American ones for in-the-money puts.

The parity forward of each expiry (:mod:`pricing.chains.forward`) is reported beside the model forward: a gap
says the spot or the dividend yield is not the chain's (:func:`pricing.chains.checks.chain_warnings`).

The surface
-----------
Quotes that admit an arbitrage against a neighbouring strike of the same expiry and side (a put asked below the bid
of the put struck under it, or a spread bid above its discounted width: a stale quote) are marked ``inconsistent``,
worst first until none is left, and kept out of the fit. The out-of-the-money side (puts below the forward, calls
above) of the rest with a bid above zero is fitted by one SSVI slice
per expiry (:func:`pricing.smiles.fit_ssvi_slices`: butterfly and calendar conditions imposed, then checked on a
dense grid); expiries with fewer than :data:`MIN_FIT_QUOTES` such quotes are not fitted and said so. The fit prices
what the chain does not quote — other strikes, other expiries, every scenario; the chain's own bid and ask price
the options it quotes.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO, Any, NamedTuple

import numpy as np
import pandas as pd
import QuantLib as ql

from pricing.black_scholes import bs_greeks
from pricing.catalogue import ContractSpec, ExerciseStyle, contract
from pricing.chains.cells import kind_text
from pricing.chains.formats import ChainTable, SourceRow, read_chain_table, where
from pricing.chains.forward import ImpliedCarry, implied_carry, parity_forwards
from pricing.contracts import Option, OptionKind, Quote, parse_date, year_fraction
from pricing.errors import ImpliedVolError, InputError
from pricing.market import Market
from pricing.smiles import SliceFit, SSVISlices, fit_ssvi_slices
from pricing.standard_hedges import STRIKE_STEP, monthly_expiry
from pricing.trading_costs import DEFAULT_QUOTE_MODEL
from pricing.validation import as_float_array, check_choice, check_positive, check_vol

QUOTE_COLUMNS = ("row", "expiry", "t", "strike", "kind", "bid", "ask", "mid", "settled", "iv", "iv_bid", "iv_ask",
                 "spot", "moneyness", "forward_ratio", "inconsistent", "in_fit")
"""Columns of :attr:`OptionChain.quotes`."""

MIN_FIT_QUOTES = 3
"""Fewest out-of-the-money quotes with a bid that an expiry needs to get a fitted slice."""

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
    """Quotes of one contract's options at one valuation date, with implied vols and the surface fitted to them.

    Parameters
    ----------
    symbol : str
        Catalogue symbol of the options (``"SPX"``).
    valuation_date : datetime.date
        Date the quotes are for (the market's valuation date).
    quotes : pandas.DataFrame
        One row per option, columns :data:`QUOTE_COLUMNS`: ``row`` (line in the file), ``expiry`` (date), ``t``
        (years, Act/365), ``strike`` (points), ``kind`` (``"put"``/``"call"``), ``bid``, ``ask``, ``mid`` (points
        per unit), ``settled`` (True where bid and ask are modelled around a settlement price), ``iv``,
        ``iv_bid``, ``iv_ask`` (decimal; NaN where the price is zero), ``spot`` (underlying level used, points),
        ``moneyness`` (``strike / spot``), ``forward_ratio`` (the model forward over the spot), ``inconsistent``
        (its bid or ask admits an arbitrage against a neighbouring strike: left out of the fit), ``in_fit`` (used by
        the fit).
    skipped : tuple of SkippedRow, default ()
        Rows dropped with ``on_bad_row="skip"``, with reasons.
    source : str, default ""
        Where the quotes come from (the file and its format, and the time it states).
    fit : SliceFit or None, default None
        The surface fitted to the quotes (None: no expiry has enough quotes).
    forwards : pandas.DataFrame or None, default None
        Parity forwards by expiry (:func:`pricing.chains.forward.parity_forwards`).
    carry : ImpliedCarry or None, default None
        What the parity forwards say about the spot and the carry.
    table : ChainTable or None, default None
        The file as read: its format, the rows of other contracts, the date and underlying level it states.
    expiring : int, default 0
        Rows of options expiring on the valuation date (a daily download's 0DTE series): left out, not bad.
    """

    symbol: str
    valuation_date: dt.date
    quotes: pd.DataFrame
    skipped: tuple[SkippedRow, ...] = ()
    source: str = ""
    fit: SliceFit | None = field(default=None, repr=False)
    forwards: pd.DataFrame | None = field(default=None, repr=False)
    carry: ImpliedCarry | None = None
    table: ChainTable | None = field(default=None, repr=False)
    expiring: int = 0

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

    def surface(self) -> SSVISlices:
        """The fitted surface (one SSVI slice per fitted expiry), in ``K/S`` of the contract's own underlying.

        Raises
        ------
        InputError
            When no expiry has :data:`MIN_FIT_QUOTES` out-of-the-money quotes with a bid.
        """
        if self.fit is None:
            raise InputError(f"{self.symbol} chain", self.source or self.symbol, f"an expiry with at least "
                             f"{MIN_FIT_QUOTES} out-of-the-money quotes with a bid above zero, to fit a smile")
        return self.fit.surface

    def options(self) -> tuple[Option, ...]:
        """The quoted options as :class:`~pricing.contracts.Option` objects with their bid/ask :class:`Quote`."""
        return tuple(
            Option(self.symbol, r.kind, r.strike, r.expiry, Quote(r.bid, r.ask))
            for r in self.quotes.itertuples(index=False)
        )


def _named(exc: InputError, name: str | None) -> InputError:
    """``exc`` with the file's name before its field (``spx.csv row 3 bid``), of the same class."""
    return exc if name is None else type(exc)(where(name, exc.field), exc.value, exc.expected, hint=exc.hint)


def _number(field_name: str, cell: str, expected: str) -> float:
    """A CSV cell read as a number (CSV text is parsed here; elsewhere a string is never read as a number)."""
    if cell == "":
        raise InputError(field_name, cell, expected, hint="missing")
    try:
        value = float(cell)
    except ValueError:
        raise InputError(field_name, cell, "a number") from None
    return value if math.isfinite(value) else float(as_float_array(field_name, value))  # the latter raises


def _listed_expiry(field_name: str, expiry: dt.date, spec: ContractSpec) -> None:
    """Refuse an SPX expiry that is not the AM-settled third-Friday monthly (or the Thursday before it)."""
    if spec.symbol != "SPX":
        return
    friday = monthly_expiry(expiry.year, expiry.month, 3)
    if expiry not in (friday, friday - dt.timedelta(days=1)):
        raise InputError(field_name, expiry.isoformat(), f"an SPX monthly expiry (the third Friday, {friday})",
                         hint="other expiries are SPXW weeklies, PM-settled: not the catalogue's SPX")


def _listed_strike(field_name: str, strike: float, spec: ContractSpec) -> None:
    """Refuse a strike off the contract's listed grid."""
    step = STRIKE_STEP.get(spec.symbol)
    if step is not None and abs(strike / step - round(strike / step)) > 1e-9:
        raise InputError(field_name, strike, f"a listed {spec.symbol} strike, a multiple of {step:g} points")


class _ExpiresToday(Exception):
    """A row of an option expiring on the valuation date (a 0DTE series in a daily download): left out, counted."""


def _parse_row(row: SourceRow, valuation_date: dt.date, spec: ContractSpec, generic: bool) -> dict[str, Any]:
    """Parse and check one row; raise :class:`InputError` naming the line and the file's column."""
    n = row.line

    def at(name: str) -> str:
        return f"row {n} {row.columns.get(name, name)}"

    def cell(name: str) -> str:
        return str(row.cells.get(name, "")).strip()

    expiry = parse_date(at("expiry"), cell("expiry"))
    if expiry == valuation_date:
        raise _ExpiresToday(n)
    if expiry < valuation_date:
        raise InputError(at("expiry"), expiry.isoformat(), f"a date after the valuation date {valuation_date}")
    _listed_expiry(at("expiry"), expiry, spec)
    kind = kind_text(cell("type"))  # put, call, P or C in any case, as the readers normalise it
    if kind not in (OptionKind.PUT.value, OptionKind.CALL.value):
        raise InputError(at("type"), cell("type"), "put, call, P or C")
    strike = _number(at("strike"), cell("strike"), "a strike > 0 in points")
    if strike <= 0.0:
        raise InputError(at("strike"), strike, "a strike > 0 in points")
    _listed_strike(at("strike"), strike, spec)
    settled = cell("bid") == "" and cell("ask") == "" and cell("settlement") != ""
    if settled:
        mid = _number(at("settlement"), cell("settlement"), "a price >= 0 in points")
        if mid < 0.0:
            raise InputError(at("settlement"), mid, "a price >= 0 in points")
        bid = ask = math.nan
    else:
        bid = _number(at("bid"), cell("bid"), "a price >= 0 in points")
        ask = _number(at("ask"), cell("ask"), "a price >= 0 in points")
        for name, value in (("bid", bid), ("ask", ask)):
            if value < 0.0:
                raise InputError(at(name), value, "a price >= 0 in points")
        if bid > ask:
            raise InputError(at("bid"), bid, f"bid <= ask (ask={ask:g})", hint="a crossed quote")
        mid = 0.5 * (bid + ask)
    iv, spot = cell("iv") if generic else "", cell("underlying_price")
    return {
        "row": n, "expiry": expiry, "t": year_fraction(valuation_date, expiry), "strike": strike,
        "kind": kind, "bid": bid, "ask": ask, "mid": mid, "settled": settled,
        "iv": float(check_vol(at("iv"), _number(at("iv"), iv, "a decimal vol"))) if iv else math.nan,
        "spot": float(check_positive(at("underlying_price"), _number(at("underlying_price"), spot, "a level > 0")))
        if spot else math.nan,
    }


def _black_vols(is_call: np.ndarray, price: np.ndarray, strike: np.ndarray, forward: np.ndarray,
                discount: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Black vols (decimal) implied by QuantLib from prices in points; NaN where none lies in [1e-6, 4]."""
    out = np.full(price.shape, np.nan)
    for i in range(price.size):
        if not price[i] > 0.0:
            continue
        kind = ql.Option.Call if is_call[i] else ql.Option.Put
        try:
            std = ql.blackFormulaImpliedStdDev(kind, float(strike[i]), float(forward[i]), float(price[i]),
                                               float(discount[i]), 0.0, 0.2 * math.sqrt(t[i]), 1e-12, 200)
        except RuntimeError:
            continue
        vol = std / math.sqrt(t[i])
        out[i] = vol if _MIN_IV <= vol <= _MAX_IV else np.nan
    return out


def _bounds(is_call: np.ndarray, strike: np.ndarray, forward: np.ndarray, discount: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """Open interval of European prices (points) for which a Black vol exists."""
    low = discount * np.where(is_call, np.maximum(forward - strike, 0.0), np.maximum(strike - forward, 0.0))
    return low, discount * np.where(is_call, forward, strike)


def _price(frame: pd.DataFrame, spec: ContractSpec, market: Market) -> tuple[dict[int, InputError], np.ndarray,
                                                                            np.ndarray]:
    """Fill spot, moneyness, forward ratio, vols and modelled quotes in place; the rows whose mid has no vol.

    Returns the errors by line, and each row's discount factor and model forward (points).
    """
    frame["spot"] = frame["spot"].fillna(market.spot(spec.underlying) * spec.price_ratio)
    frame["moneyness"] = frame["strike"] / frame["spot"]
    t, spot, strike = (frame[c].to_numpy(float) for c in ("t", "spot", "strike"))
    rate, income = market.curve(spec.currency).zero_rate(t), market.income_rate(spec.underlying, t)
    discount, ratio = np.exp(-rate * t), np.exp((rate - income) * t)
    forward = spot * ratio
    frame["forward_ratio"] = ratio
    is_call = frame["kind"].to_numpy() == OptionKind.CALL.value
    mid = frame["mid"].to_numpy(float)
    low, high = _bounds(is_call, strike, forward, discount)
    inside = (low < mid) & (mid < high)
    unquoted = unquoted_rows(frame)
    todo = inside & frame["iv"].isna().to_numpy()
    vols = frame["iv"].to_numpy(float).copy()
    vols[todo] = _black_vols(is_call[todo], mid[todo], strike[todo], forward[todo], discount[todo], t[todo])
    frame["iv"] = vols
    _model_quotes(frame, spec, is_call, spot, strike, t, rate, income)
    for side in ("bid", "ask"):
        frame[f"iv_{side}"] = _black_vols(is_call, frame[side].to_numpy(float), strike, forward, discount, t)
    frame.loc[unquoted, ["bid", "ask"]] = 0.0
    errors = {}
    for i in np.flatnonzero((~inside | np.isnan(vols)) & ~unquoted):
        n = int(frame["row"].iat[i])
        key = int(frame["id"].iat[i])
        if inside[i]:
            expected, hint = f"a mid whose implied vol lies in [{_MIN_IV:g}, {_MAX_IV:g}]", "no root in that range"
        else:
            expected = f"a mid strictly between {low[i]:.6g} and {high[i]:.6g} points"
            hint = "outside the no-arbitrage bounds, no volatility reproduces it"
        errors[key] = ImpliedVolError(f"row {n} mid", round(float(mid[i]), 10), expected, hint=hint)
    return errors, discount, forward


def unquoted_rows(frame: pd.DataFrame) -> np.ndarray:
    """Listed options nobody quotes: an ask of zero (Cboe prints 0 and 0), or a settlement price of zero."""
    settled = frame["settled"].to_numpy(bool)
    return np.where(settled, frame["mid"].to_numpy(float) == 0.0, frame["ask"].to_numpy(float) == 0.0)


def _model_quotes(frame: pd.DataFrame, spec: ContractSpec, is_call: np.ndarray, spot: np.ndarray,
                  strike: np.ndarray, t: np.ndarray, rate: np.ndarray, income: np.ndarray) -> None:
    """Bid and ask of settled rows, modelled around the settlement at its own vol and delta (in place)."""
    settled = frame["settled"].to_numpy(bool) & frame["iv"].notna().to_numpy()
    if not settled.any():
        return
    s = settled
    delta = bs_greeks(np.where(is_call[s], "call", "put"), spot[s], strike[s], t[s], rate[s], income[s],
                      frame["iv"].to_numpy(float)[s], validate=False).delta
    quotes = DEFAULT_QUOTE_MODEL.quote(frame["mid"].to_numpy(float)[s], np.abs(delta), spec, validate=False)
    frame.loc[s, "bid"], frame.loc[s, "ask"] = quotes.bid, quotes.ask


def _duplicate_errors(frame: pd.DataFrame) -> dict[int, InputError]:
    """Flag every row quoting an (expiry, strike, type) already quoted on an earlier good row (keyed by id)."""
    errors, seen = {}, {}
    for key, n, expiry, strike, kind in frame[["id", "row", "expiry", "strike", "kind"]].itertuples(index=False):
        first = seen.setdefault((expiry, strike, kind), n)
        if first != n:
            expected = f"one quote per expiry, strike and type (already on row {first})"
            errors[key] = InputError(f"row {n} strike", strike, expected)
    return errors


def _breaks(bid: np.ndarray, ask: np.ndarray, strikes: np.ndarray, discount: float, is_put: bool) -> np.ndarray:
    """Neighbours in strike whose quotes admit an arbitrage, shape (n - 1,).

    A put is worth at least the put struck below it and at most that plus the discounted strike step (calls the
    other way round), so the quotes break the bounds when one can buy the dearer option below the other's bid —
    ``ask(K2) < bid(K1)`` for puts, ``K1 < K2`` — or sell the spread above the step: ``bid(K2) - ask(K1) >
    D (K2 - K1)``. Mids inside a wide spread never trigger it; a stale quote does.
    """
    if not is_put:
        bid, ask = bid[::-1], ask[::-1]
    below = ask[1:] < bid[:-1]
    above = bid[1:] - ask[:-1] > discount * np.abs(np.diff(strikes if is_put else strikes[::-1]))
    out = below | above
    return out if is_put else out[::-1]


def _inconsistent(quotes: pd.DataFrame, discount: np.ndarray) -> np.ndarray:
    """Quotes that admit an arbitrage against a neighbour in strike, removed one at a time, worst first.

    Per expiry and side, over the options with a bid: while a pair of neighbours breaks :func:`_breaks`, the quote
    in the most broken pairs (the one whose mid is furthest from its neighbours' mean on a tie) is marked and left
    out of the fit. A stale quote — a put left at yesterday's price, below the bid of the put struck under it — is
    one such; a smile fitted through it would be dragged everywhere.
    """
    out = np.zeros(len(quotes), dtype=bool)
    priced = quotes["bid"].to_numpy() > 0.0
    for (_, kind), group in quotes[priced].groupby(["expiry", "kind"]):
        group = group.sort_values("strike")
        rows, strikes = group.index.to_numpy(), group["strike"].to_numpy(float)
        bid, ask, mids = (group[c].to_numpy(float) for c in ("bid", "ask", "mid"))
        d = float(discount[rows[0]])
        keep = np.ones(len(rows), dtype=bool)
        while keep.sum() > 1:
            broken = _breaks(bid[keep], ask[keep], strikes[keep], d, kind == OptionKind.PUT.value)
            if not broken.any():
                break
            m = mids[keep]
            count = np.zeros(m.size)
            count[:-1] += broken
            count[1:] += broken
            gap = np.abs(m - np.convolve(np.r_[m[0], m, m[-1]], [0.5, 0.0, 0.5], "valid"))
            worst = np.lexsort((-gap, -count))[0]
            keep[np.flatnonzero(keep)[worst]] = False
        out[rows[~keep]] = True
    return out


def _in_fit(quotes: pd.DataFrame) -> np.ndarray:
    """The out-of-the-money side (puts below the forward, calls above) with a bid, a vol and consistent quotes."""
    is_put = quotes["kind"].to_numpy() == OptionKind.PUT.value
    below = (quotes["moneyness"] < quotes["forward_ratio"]).to_numpy()
    usable = (quotes["bid"] > 0.0).to_numpy() & quotes["iv"].notna().to_numpy() & ~quotes["inconsistent"].to_numpy()
    return usable & np.where(is_put, below, ~below)


def _fit(quotes: pd.DataFrame, label: str) -> SliceFit | None:
    """The SSVI slices fitted to the expiries with :data:`MIN_FIT_QUOTES` or more usable quotes (None: none has)."""
    used = quotes[quotes["in_fit"]]
    counts = used.groupby("t")["iv"].transform("size")
    used = used[counts >= MIN_FIT_QUOTES]
    if used.empty:
        return None
    columns = ["expiry", "strike", "kind", "t", "forward_ratio", "moneyness", "iv", "iv_bid", "iv_ask"]
    return fit_ssvi_slices(used[columns].reset_index(drop=True), label=label)


def chain_from_table(table: ChainTable, symbol: str, market: Market, *, on_bad_row: str = "error",
                     name: str | None = None) -> OptionChain:
    """Check the rows of a chain already read, imply vols and fit the surface (see the module docstring).

    Parameters
    ----------
    table : ChainTable
        :func:`pricing.chains.formats.read_chain_table`'s result.
    symbol : str
        Catalogue symbol of the options.
    market : Market
        Valuation date, underlying spot, rate curve and dividend yield.
    on_bad_row : {"error", "skip"}, default "error"
        Raise on the first bad row, or drop bad rows and list them in :attr:`OptionChain.skipped`.
    name : str, optional
        The file's name, put before every field in messages.

    Raises
    ------
    InputError
        A bad row (with ``"error"``), or no usable row at all.
    """
    policy = check_choice("on_bad_row", on_bad_row, {p.value: p for p in BadRowPolicy})
    spec = contract(symbol)
    errors: dict[int, InputError] = {}
    parsed = []
    expiring = 0
    for key, row in enumerate(table.rows):  # a key per row: a Cboe line holds a call and a put
        try:
            parsed.append({"id": key, **_parse_row(row, market.valuation_date, spec, table.format == "generic")})
        except _ExpiresToday:
            expiring += 1
        except InputError as exc:
            errors[key] = exc
    columns = ["id"] + [c for c in QUOTE_COLUMNS if c not in ("moneyness", "forward_ratio", "iv_bid", "iv_ask",
                                                              "inconsistent", "in_fit")]
    frame = pd.DataFrame(parsed, columns=columns)
    discount = forward = np.zeros(0)
    if parsed:
        priced, discount, forward = _price(frame, spec, market)
        errors.update(priced)
        errors.update(_duplicate_errors(frame[~frame["id"].isin(list(errors))]))
    if errors and policy is BadRowPolicy.ERROR:
        raise _named(errors[min(errors)], name)
    skipped = tuple(SkippedRow(table.rows[k].line, str(errors[k])) for k in sorted(errors))
    good = ~frame["id"].isin(list(errors)).to_numpy() if parsed else np.zeros(0, bool)
    if not (good & (frame["ask"].to_numpy(float) > 0.0 if parsed else good)).any():
        first = f"; first: {skipped[0].reason}" if skipped else ""
        raise InputError(where(name, "rows"), len(table.rows), "at least one usable quote",
                         hint=f"{len(skipped)} bad rows{first}")
    quotes = frame[good].reset_index(drop=True)
    quotes["inconsistent"] = _inconsistent(quotes, discount[good])
    quotes["in_fit"] = _in_fit(quotes)
    forwards = carry = None
    if spec.exercise is ExerciseStyle.EUROPEAN:
        forwards = parity_forwards(quotes, discount[good], forward[good])
        carry = implied_carry(forwards, float(quotes["spot"].iat[0]))
    source = table.source if name is None else f"{name} ({table.source})"
    quotes = quotes[list(QUOTE_COLUMNS)]
    return OptionChain(spec.symbol, market.valuation_date, quotes, skipped, source,
                       _fit(quotes, f"{spec.symbol} fitted to {source}"), forwards, carry, table, expiring)


def load_chain(
    path_or_buffer: str | Path | IO[str], symbol: str, market: Market, *, on_bad_row: str = "error"
) -> OptionChain:
    r"""Read an option chain in any supported format (:mod:`pricing.chains.formats`), check it and fit it.

    Parameters
    ----------
    path_or_buffer : str, pathlib.Path or text file object
        The file, or an open text stream (``io.StringIO``).
    symbol : str
        Catalogue symbol of the options (``"SPX"``, ``"XSP"``, ``"SPY"``, ``"NK225_OPT"``, ``"NK225M_OPT"``).
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
        A missing file, an unknown format, a bad row (with ``"error"``; its field is ``"<file> row N <column>"``),
        or no usable row at all. A mid outside the no-arbitrage bounds raises
        :class:`~pricing.errors.ImpliedVolError`.

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
    table = read_chain_table(path_or_buffer, symbol)
    if hasattr(path_or_buffer, "read"):
        name = getattr(path_or_buffer, "name", None)
    else:
        name = Path(path_or_buffer).name
    return chain_from_table(table, symbol, market, on_bad_row=on_bad_row, name=name)

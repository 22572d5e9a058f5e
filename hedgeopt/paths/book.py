"""The account on a path, for the path engine.

Its static terms (:class:`Book`), its state at a close (:class:`State`), the market series the day loop reads
(:class:`Inputs`), and the day-0 conversion of the configured account into both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace

import numpy as np

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import EtfPosition, FuturesPosition, MarginPosition, OptionPosition
from hedgeopt.config.path_settings import Frictions
from pricing import InputError, Market, contract
from pricing._typing import FloatArray
from pricing.standard_hedges import quarterly_expiry
from scenarios.paths.market_paths import MarketPaths

REFERENCE_TENOR = 0.25
"""Years of the market rate the configured yields and loan rates are stated against (their spreads)."""


CASH_TOLERANCE = 1e-6
"""Base-currency amount below which a cash balance counts as zero (rounding, not a shortfall)."""


def round_half_up(x: FloatArray) -> FloatArray:
    """Nearest whole number, halves up (contract counts); 1.5 - 1e-12 from rounding still rounds up."""
    return np.floor(np.asarray(x, dtype=float) + 0.5 + 1e-9)


@dataclass(frozen=True)
class Fund:
    r"""A redeemable holding: an MMF (floating at a spread to the short rate) or foreign cash (yield 0).

    ``fx_cost`` is the conversion cost of a redemption into base cash: the frictions' ``fx_cost`` for a
    foreign-currency fund, 0 for one in the base currency.

    A yen-hedged share class (``MMF.hedged``) is a fund in the base currency (``currency``; its value does not
    move with the exchange rate, and it redeems without conversion) that floats with the short rate of the
    fund's own currency (``rate_currency``) less the hedge cost: the path's 3-month forward points annualised,
    :math:`(1 - e^{-(r_f - r_d)\tau}) / \tau` with :math:`\tau` = 91/365 (as
    :func:`hedgeopt.account.account.yearly_forward_points`, on the path's short rates), plus ``hedge_fee``.
    """

    name: str
    currency: str
    spread: float
    fee: float
    lag: int
    floats: bool
    fx_cost: float
    rate_currency: str = ""
    hedged: bool = False
    hedge_fee: float = 0.0


@dataclass(frozen=True)
class Inputs:
    """Everything the day loop reads, resolved once from the account, the market and the paths.

    Every series has shape ``(n_paths, n_days + 1)`` (broadcast views where the paths store one row): ``div`` is the
    dividend yield (decimal per year, the paths' own series, else the market's constant), ``opens`` the opening
    levels of the indices whose paths carry them.
    """

    paths: MarketPaths
    dates: list[dt.date]
    dt: FloatArray
    spot: dict[str, FloatArray]
    fx: dict[str, FloatArray]
    rate: dict[str, FloatArray]
    vol: dict[str, FloatArray]
    div: dict[str, FloatArray]
    opens: dict[str, FloatArray]
    index_ccy: dict[str, str]
    driver: str
    market: Market

    def fx_of(self, ccy: str, t: int) -> FloatArray:
        """Base-currency value of one unit of ``ccy`` at the close of day ``t``, per path."""
        return self.fx[ccy][:, t]


def market_inputs(account: Account, market: Market, paths: MarketPaths) -> Inputs:
    """Resolve every series the account needs from ``paths`` (rates and vols a path lacks from ``market``).

    Raises
    ------
    InputError
        The paths lack an index level or FX series the account holds, or their base currency differs.
    """
    if paths.base_currency != account.base_currency:
        raise InputError("paths.base_currency", paths.base_currency, f"the account's base currency "
                         f"{account.base_currency}")
    n, cols = paths.n_paths, paths.n_days + 1
    indices = {p.index for p in account.satellite if not isinstance(p, OptionPosition)}
    indices |= {i for a in account.other for i in a.betas}
    currencies = {f.currency for f in account.mmf} | {c.currency for c in account.cash}
    currencies |= {market.index_currency[i] for i in indices if i in market.index_currency}
    currencies |= {p.loan_currency for p in account.satellite if isinstance(p, MarginPosition) and p.loan_currency}
    currencies |= {contract(p.symbol).currency for p in account.satellite if isinstance(p, FuturesPosition)}
    currencies |= {a.currency for a in account.other} | set(paths.fx)
    for i in sorted(indices):
        if i not in paths.equity:
            held, have = ", ".join(sorted(indices)), ", ".join(paths.equity)
            raise InputError("paths.equity", i, f"a level series for every index the account holds ({held}); "
                             f"the paths have {have}")
    spot = {i: paths.series("equity", i) for i in paths.equity}
    fx = {account.base_currency: np.ones((1, cols))}
    for ccy in sorted(currencies - {account.base_currency}):
        if ccy not in paths.fx:
            raise InputError("paths.fx", ccy, f"an FX series for every currency the account holds; the paths have "
                             f"{', '.join(paths.fx) or 'none'}")
        fx[ccy] = np.broadcast_to(paths.fx[ccy], (n, cols))
    fx[account.base_currency] = np.broadcast_to(fx[account.base_currency], (n, cols))
    all_ccy = currencies | {market.index_currency.get(i, account.base_currency) for i in paths.equity}
    rate = {c: np.broadcast_to(paths.rates[c] if c in paths.rates else np.full((1, cols), float(
        market.curve(c).zero_rate(REFERENCE_TENOR))), (n, cols)) for c in all_ccy | {account.base_currency}}
    vol = {i: paths.series("vol", i) if i in paths.vol else np.broadcast_to(
        np.full((1, cols), float(market.surface(i).atm(30 / 365))), (n, cols)) for i in paths.equity}
    div = {i: np.broadcast_to(paths.dividends[i] if i in paths.dividends else np.full(
        (1, cols), market.dividend_yield(i)), (n, cols)) for i in paths.equity}
    opens = {i: paths.series("opens", i) for i in paths.opens}
    exposure = account.exposures(market)
    driver = max(exposure, key=lambda i: abs(exposure[i])) if exposure else next(iter(paths.equity))
    return Inputs(paths, [d.date() for d in paths.dates], paths.year_fractions, spot, fx, rate, vol, div, opens,
                  dict(market.index_currency), driver, market)


@dataclass
class State:
    """The account on every lane at the current close; every field an array of shape ``(programs, n_paths)``.

    A lane is one path under one standing-hedge program (:class:`~hedgeopt.paths.engine.Simulator` runs several
    programs on the same paths at once); market series of shape ``(n_paths,)`` broadcast over the programs.
    """

    cash: FloatArray
    units: list[FloatArray]          # funds, in fund currency
    pending: list[FloatArray]        # funds in transit, ring buffer (lag + 1, n) per fund, fund currency
    etf: list[FloatArray]            # cash-route ETF units (index units)
    margin: list[FloatArray]         # margin ETF units
    loan: list[FloatArray]           # margin loans, loan currency
    futures: list[FloatArray]        # contracts
    other: list[FloatArray]          # other assets, their currency
    opt_contracts: FloatArray
    strike_long: FloatArray
    strike_short: FloatArray
    call_days: FloatArray
    peak: FloatArray
    prev_dd: FloatArray
    reduced: np.ndarray              # bool: a staircase step has fired and re-entry is armed
    calm_days: FloatArray
    last_step: FloatArray
    costs: dict[str, FloatArray]
    liquidations: FloatArray
    short_today: np.ndarray          # bool: a futures margin call was open at today's check
    fx_lots: FloatArray              # lots of the rolled FX hedge held (0: none, or closed by a margin call)
    fx_strike: FloatArray            # a forward's locked outright rate, domestic per foreign (yen per dollar)
    fx_open: np.ndarray              # bool: the FX hedge may be (re)opened (False once a margin call closed it)
    hedge_spend: FloatArray          # the standing hedge's outlay: bought (with fees) less sold back before expiry
    cover: FloatArray                # sum over rolls of the notional bought / the index exposure hedged
    rolls: FloatArray                # rolls that bought options
    bought: FloatArray               # contracts bought, summed over those rolls
    armed: list[np.ndarray] = field(default_factory=list)  # bool per staircase step: it may fire (set by the engine)


@dataclass(frozen=True)
class Book:
    """The static terms of every holding on the path (rescaled to the path's day-0 prices)."""

    funds: list[Fund]
    etf: list[EtfPosition]
    margin: list[MarginPosition]
    loan_ccy: list[str]
    loan_spread: list[float]
    futures: list[FuturesPosition]
    fut_init: list[FloatArray]       # initial margin per contract, contract currency, per path
    fut_maint: list[FloatArray]
    fut_held: list[list[dt.date]]    # quarterly expiry held at each close
    other_betas: list[dict[str, float]]
    other_ccy: list[str]
    other_carry: list[float]


COST_KINDS = ("funding", "premiums", "commissions", "fx_conversion", "roll", "fx_spread", "fx_carry",
              "fx_commission")
"""Costs by kind, base currency, accumulated per path (the ``fx_`` kinds: the rolled FX hedge's, 0 without one)."""


def open_book(account: Account, market: Market, x: Inputs, frictions: Frictions, programs: int = 1
              ) -> tuple[Book, State]:
    """The holdings on every lane at day 0: the account's base-currency values at the path's day-0 prices.

    ``programs`` copies of every path (one per standing-hedge program) start from the same holdings.
    """
    a, m = account, market
    n = x.paths.n_paths
    funds, units = [], []
    for f in a.mmf:
        base = a.to_base(m, a.mmf_units(m, f), f.currency)
        ref = float(m.curve(f.currency).zero_rate(REFERENCE_TENOR))
        ccy = a.mmf_currency(f)  # the base currency for a yen-hedged class
        cost = frictions.fx_cost if ccy != a.base_currency else 0.0
        funds.append(Fund(f.name, ccy, f.yield_ - ref, f.fee, f.redemption_days, True, cost, f.currency, f.hedged,
                          f.hedge_fee if f.hedged else 0.0))
        units.append(base / x.fx_of(ccy, 0))
    cash = np.zeros(n)
    for c in a.cash:
        if c.currency == a.base_currency:
            cash = cash + c.amount
        else:
            funds.append(Fund(f"{c.currency} cash", c.currency, 0.0, 0.0, 0, False, frictions.fx_cost, c.currency))
            units.append(a.to_base(m, c.amount, c.currency) / x.fx_of(c.currency, 0))
    order = sorted(range(len(funds)), key=lambda k: funds[k].lag)
    funds, units = [funds[k] for k in order], [np.array(units[k], dtype=float) for k in order]
    etf, etf_u, mg, mg_u, loans, loan_ccy, loan_spread = [], [], [], [], [], [], []
    fut, fut_c, fut_i, fut_m, fut_held = [], [], [], [], []
    for pos in a.satellite:
        if isinstance(pos, EtfPosition | MarginPosition):
            ccy = x.index_ccy[pos.index]
            base = a.to_base(m, a.position_value(m, pos), ccy)
            u = base / (x.fx_of(ccy, 0) * x.spot[pos.index][:, 0])
            if isinstance(pos, EtfPosition):
                etf.append(pos)
                etf_u.append(u)
                continue
            amount, lccy = a.loan(m, pos)
            mg.append(pos)
            mg_u.append(u)
            loans.append(a.to_base(m, amount, lccy) / x.fx_of(lccy, 0))
            loan_ccy.append(lccy)
            loan_spread.append(pos.loan_rate - float(m.curve(lccy).zero_rate(REFERENCE_TENOR)))
        elif isinstance(pos, FuturesPosition):
            spec = contract(pos.symbol)
            scale = m.spot(spec.underlying) / x.spot[spec.underlying][:, 0]
            fut.append(pos)
            fut_c.append(np.maximum(round_half_up(pos.contracts * scale), 1.0))
            fut_i.append(pos.initial_margin / scale)
            fut_m.append((pos.maintenance_margin or pos.initial_margin) / scale)
            fut_held.append([quarterly_expiry(d, spec.underlying, frictions.futures_roll_days)
                             for d in x.dates])
    other = [a.to_base(m, o.value, o.currency) / x.fx_of(o.currency, 0) for o in a.other]
    book = Book(funds, etf, mg, loan_ccy, loan_spread, fut, fut_i, fut_m, fut_held,
                [dict(o.betas) for o in a.other], [o.currency for o in a.other], [o.carry for o in a.other])
    lanes = (programs, n)

    def lane(v: object, dtype: type = float, rows: int = programs) -> np.ndarray:
        return np.array(np.broadcast_to(np.asarray(v, dtype=dtype), (rows, n)))

    def shared(v: object) -> np.ndarray:  # one row every program shares until a trade sets it apart
        return lane(v, rows=1)

    def zeros() -> FloatArray:
        return np.zeros(lanes)

    state = State(lane(cash), [shared(u) for u in units], [np.zeros((f.lag + 1, 1, n)) for f in funds],
                  [shared(u) for u in etf_u], [shared(u) for u in mg_u], [shared(v) for v in loans],
                  [shared(c) for c in fut_c], [shared(v) for v in other], zeros(), zeros(), zeros(), zeros(), zeros(),
                  zeros(), lane(False, bool), zeros(), lane(-np.inf), {k: zeros() for k in COST_KINDS}, zeros(),
                  lane(False, bool), zeros(), zeros(), lane(True, bool), zeros(), zeros(), zeros(), zeros())
    return book, state


def merge_inputs(parts: Sequence[Inputs]) -> Inputs:
    """The series of several accounts on the same paths: the union of their currencies' FX and rates.

    Raises
    ------
    InputError
        The accounts are driven by different indices (their largest exposures differ).
    """
    first = parts[0]
    drivers = sorted({x.driver for x in parts})
    if len(drivers) > 1:
        raise InputError("rows.account", ", ".join(drivers), "accounts driven by one index (their largest exposure)")
    fx = {k: v for x in parts for k, v in x.fx.items()}
    rate = {k: v for x in parts for k, v in x.rate.items()}
    return replace(first, fx=fx, rate=rate)


_SLOTS = {"funds": (("funds",), ("units", "pending")), "etf": (("etf",), ("etf",)),
          "margin": (("margin", "loan_ccy", "loan_spread"), ("margin", "loan")),
          "futures": (("futures", "fut_held", "fut_init", "fut_maint"), ("futures",)),
          "other": (("other_betas", "other_ccy", "other_carry"), ("other",))}
"""Each kind of holding: the book's lists of its terms (the futures' margins follow from the contracts and the
paths), and the state's lists of its per-lane amounts."""


def merge_books(parts: Sequence[tuple[Book, State]], rows: Sequence[Sequence[int]]) -> tuple[Book, State]:
    """One book and state for several accounts run side by side, account ``k``'s lanes on the rows ``rows[k]``.

    For each kind of holding (funds, ETFs, margin positions, futures, other assets), an account whose terms equal
    those of an account before it shares its slots; otherwise its holdings get slots of their own, held at zero
    on every other row. Each row therefore adds exactly its own account's terms, in its own order, and zeros.

    Parameters
    ----------
    parts : sequence of (Book, State)
        Each account's day-0 book and state (:func:`open_book` with ``len(rows[k])`` programs).
    rows : sequence of sequence of int
        The rows of the merged state each account's lanes go to, in order; together 0, 1, ..., rows - 1.
    """
    if len(parts) == 1:
        return parts[0]
    lanes = (sum(len(r) for r in rows), parts[0][1].cash.shape[1])
    index = [np.asarray(r, dtype=int) for r in rows]
    terms: dict[str, list] = {}
    amounts: dict[str, list[np.ndarray]] = {}
    for book_fields, state_fields in _SLOTS.values():
        terms.update({f: [] for f in book_fields})
        amounts.update({f: [] for f in state_fields})
        seen: list[tuple[list, int]] = []
        for (book, state), at in zip(parts, index, strict=True):
            key = [getattr(book, f) for f in book_fields if f not in ("fut_init", "fut_maint")]
            start = next((k for held, k in seen if held == key), None)
            if start is None:
                start = len(terms[book_fields[0]])
                seen.append((key, start))
                for f in book_fields:
                    terms[f].extend(getattr(book, f))
                for f in state_fields:
                    amounts[f].extend(np.zeros((*v.shape[:-2], *lanes)) for v in getattr(state, f))
            for f in state_fields:
                for i, v in enumerate(getattr(state, f)):
                    amounts[f][start + i][..., at, :] = v
    merged = {}
    for f in fields(State):
        first = getattr(parts[0][1], f.name)
        if f.name in amounts:
            merged[f.name] = amounts[f.name]
        elif isinstance(first, dict):
            merged[f.name] = {k: _stack([s.costs[k] for _, s in parts], index, lanes) for k in first}
        elif isinstance(first, np.ndarray):
            merged[f.name] = _stack([getattr(s, f.name) for _, s in parts], index, lanes)
        else:
            merged[f.name] = []  # the staircase's armed steps, set by the engine
    return Book(**terms), State(**merged)


def _stack(values: Sequence[np.ndarray], index: Sequence[np.ndarray], lanes: tuple[int, int]) -> np.ndarray:
    """Per-lane arrays of several accounts placed on their rows of one array of shape ``lanes``."""
    out = np.empty(lanes, dtype=values[0].dtype)
    for v, at in zip(values, index, strict=True):
        out[at] = v
    return out

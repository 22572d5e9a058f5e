r"""The loop twin's own day-0 book and contract calendar: one path in plain floats, from the exchanges' rules.

:func:`hedgeopt.paths.loop.run_one` reads nothing of the fast engine's day-0 book (:mod:`hedgeopt.paths.book`,
:class:`~hedgeopt.paths.engine.Simulator`): it shares only the market data (the :class:`MarketPaths` and the
:class:`Market`), the account's holdings as the user gave them (amounts, yields, loan rates, contracts and their
margins), and the contract catalogue's terms (:func:`pricing.contract`: multiplier, currency, price ratio). From
those this module derives, by its own scalar code:

- the path's series (:func:`path_series`): a rate, vol or dividend yield the paths lack from the market, and the
  accrual calendar (Act/365 fractions of the calendar days between closes);
- the calendars (:func:`futures_held`, :func:`option_expiry`) from the exchanges' expiry rules
  (:data:`EXPIRY_FRIDAY`, :data:`QUARTERLY_MONTHS`) and the user's ``futures_roll_days``;
- listed strikes (:func:`listed_strike`, :data:`STRIKE_STEP`) and whole contracts (:func:`whole`);
- the day-0 holdings on the path (:func:`open_loop_book`): every holding keeps its base-currency value at the
  path's day-0 prices, futures their notional in whole contracts (at least one) with the margin per contract
  scaled by the same ratio, the funds' and loans' spreads to the 3-month rate;
- the refill buffer (:func:`buffered`).

A bug in any of these in the engine therefore makes the engine and the loop disagree.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, EtfPosition, FuturesPosition, MarginPosition
from hedgeopt.config.path_settings import Frictions
from hedgeopt.config.risk_spec import RiskSpec
from pricing import Market, contract
from scenarios.paths.market_paths import MarketPaths

QUARTERLY_MONTHS = (3, 6, 9, 12)
"""Contract months of the index futures the loop rolls: "Quarterly contracts (Mar, Jun, Sep, Dec)" (CME Group,
E-mini and Micro E-mini S&P 500 futures contract specifications, "Listed Contracts"); March, June, September and
December (JPX/Osaka Exchange, Nikkei 225 Futures, mini and micro, "Contract Months": the quarterly months; the
serial months of the mini are not rolled into)."""

EXPIRY_FRIDAY = {
    "ES": 3, "MES": 3, "SPX": 3, "XSP": 3, "SPY": 3,
    "NK225_FUT": 2, "NK225M_FUT": 2, "NK225U_FUT": 2, "NK225_OPT": 2, "NK225M_OPT": 2,
}
"""Which Friday of the contract month a contract expires on, by catalogue symbol.

CME Group, E-mini / Micro E-mini S&P 500 futures, "Termination of Trading": "9:30 a.m. ET on the 3rd Friday of the
contract month" (settled at that morning's SOQ). Cboe, SPX and XSP options, "Expiration Date": the third Friday of
the expiration month (standard monthlies); SPY's standard monthly options (OCC) likewise. JPX/Osaka Exchange,
Nikkei 225 Futures and Options (large, mini, micro), "Special Quotation": final settlement at the SQ of the second
Friday of the contract month (trading ends the business day before). Exchange holidays are not modelled: the
Friday itself is the expiry."""

STRIKE_STEP = {"SPX": 5.0, "XSP": 1.0, "SPY": 1.0, "NK225_OPT": 125.0, "NK225M_OPT": 125.0}
"""Listed strike interval, contract points: SPX 5 points (Cboe, SPX options, "Strike Price Intervals" of the
standard monthlies near the money), XSP 1 point (Cboe, Mini-SPX options, "1 point"), SPY 1 dollar (the standard
monthlies' 1-dollar strikes), Nikkei 225 options and mini options 125 yen (JPX, "Strike Price Intervals" of the
near contract months)."""

RATE_TENOR_YEARS = 0.25
"""Configured MMF yields and loan rates are read as a spread to the market's 3-month zero rate (docs/paths.md, step
1: the fund floats with the path's short rate at its configured spread); a rate the paths lack is that rate."""

ATM_VOL_TENOR_YEARS = 30 / 365
"""A vol the paths lack is the market surface's 30-day at-the-money vol (the paths' vol series is a 30-day vol)."""

HALF_UP_SLACK = 1e-9
"""Rounding half up: a half computed as 1.4999999999999998 by float arithmetic is still a half (contracts)."""

CASH_ZERO = 1e-6
"""A cash amount below this (base currency) is zero: rounding, not a shortfall (docs/paths.md)."""

CAP_BAND_SLACK = 1e-9
"""Leverage above the cap by less than the drift band plus this (of NAV) is within the band."""


def nth_friday(year: int, month: int, n: int) -> dt.date:
    """The ``n``-th Friday of a month.

    Examples
    --------
    >>> nth_friday(2026, 12, 3), nth_friday(2027, 3, 2)
    (datetime.date(2026, 12, 18), datetime.date(2027, 3, 12))
    """
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(4 - first.weekday()) % 7 + 7 * (n - 1))


def futures_held(day: dt.date, symbol: str, roll_days: int) -> dt.date:
    """The expiry of the quarterly contract held at the close of ``day``.

    The front quarterly contract (:data:`QUARTERLY_MONTHS`, expiring on :data:`EXPIRY_FRIDAY`) while more than
    ``roll_days`` calendar days remain to its expiry; from that day on, the next one (the roll).

    Examples
    --------
    >>> futures_held(dt.date(2026, 12, 10), "MES", 7), futures_held(dt.date(2026, 12, 11), "MES", 7)
    (datetime.date(2026, 12, 18), datetime.date(2027, 3, 19))
    """
    year, month = day.year, -(-day.month // 3) * 3  # this quarter's contract month
    while True:
        expiry = nth_friday(year, month, EXPIRY_FRIDAY[symbol])
        if (expiry - day).days > roll_days:
            return expiry
        year, month = (year + 1, 3) if month == 12 else (year, month + 3)


def option_expiry(day: dt.date, symbol: str, tenor_days: int) -> dt.date:
    """The first standard monthly expiry of ``symbol`` on or after ``tenor_days`` calendar days after ``day``.

    Examples
    --------
    >>> option_expiry(dt.date(2026, 12, 7), "XSP", 91)
    datetime.date(2027, 3, 19)
    """
    target = day + dt.timedelta(days=tenor_days)
    expiry = nth_friday(target.year, target.month, EXPIRY_FRIDAY[symbol])
    if expiry >= target:
        return expiry
    year, month = (target.year + 1, 1) if target.month == 12 else (target.year, target.month + 1)
    return nth_friday(year, month, EXPIRY_FRIDAY[symbol])


def listed_strike(symbol: str, level: float) -> float:
    """The listed strike at or below ``level`` (contract points) on the grid of :data:`STRIKE_STEP`."""
    step = STRIKE_STEP[symbol]
    return math.floor(level / step + HALF_UP_SLACK) * step


def whole(x: float) -> float:
    """The nearest whole number of contracts, halves up (1.5 contracts wanted buys 2)."""
    return float(math.floor(x + 0.5 + HALF_UP_SLACK))


def buffered(frictions: Frictions | None) -> Frictions:
    """The frictions with the refill multiples filled from the ``[risk] futures_buffer`` default where unset."""
    return (frictions or Frictions()).with_buffer(RiskSpec().futures_buffer)


class _Rates(dict):
    """A currency's short rate at each close of one path: the paths' own, else the market's 3-month rate."""

    def __init__(self, paths: MarketPaths, market: Market, i: int) -> None:
        super().__init__()
        self.paths, self.market, self.i = paths, market, i

    def __missing__(self, ccy: str) -> list[float]:
        cols = len(self.paths.dates)
        if ccy in self.paths.rates:
            row = self.paths.rates[ccy]
            series = [float(v) for v in row[min(self.i, row.shape[0] - 1)]]
        else:
            series = [float(self.market.curve(ccy).zero_rate(RATE_TENOR_YEARS))] * cols
        self[ccy] = series
        return series


@dataclass(frozen=True)
class LoopSeries:
    """Path ``i``'s market, one list per series with one value per close."""

    dates: list[dt.date]
    dt: list[float]
    spot: dict[str, list[float]]
    fx: dict[str, list[float]]
    rate: dict[str, list[float]]
    vol: dict[str, list[float]]
    div: dict[str, list[float]]
    opens: dict[str, list[float]]
    index_ccy: dict[str, str]
    driver: str


def _row(table: dict, key: str, i: int) -> list[float]:
    """Path ``i``'s row of a stored series (a series stored with one row is every path's)."""
    values = table[key]
    return [float(v) for v in values[min(i, values.shape[0] - 1)]]


def path_series(account: Account, market: Market, paths: MarketPaths, i: int) -> LoopSeries:
    """Path ``i`` of ``paths`` as lists; a vol or dividend yield it lacks from ``market`` (constant)."""
    dates = [d.date() for d in paths.dates]
    cols = len(dates)
    fx = {ccy: _row(paths.fx, ccy, i) for ccy in paths.fx}
    fx[account.base_currency] = [1.0] * cols
    vol = {k: _row(paths.vol, k, i) if k in paths.vol else [float(market.surface(k).atm(ATM_VOL_TENOR_YEARS))] * cols
           for k in paths.equity}
    div = {k: _row(paths.dividends, k, i) if k in paths.dividends else [market.dividend_yield(k)] * cols
           for k in paths.equity}
    exposure = account.exposures(market)
    driver = max(exposure, key=lambda k: abs(exposure[k])) if exposure else next(iter(paths.equity))
    return LoopSeries(dates, [(b - a).days / 365.0 for a, b in zip(dates, dates[1:], strict=False)],
                      {k: _row(paths.equity, k, i) for k in paths.equity}, fx, _Rates(paths, market, i), vol, div,
                      {k: _row(paths.opens, k, i) for k in paths.opens}, dict(market.index_currency), driver)


@dataclass(frozen=True)
class LoopFund:
    """A redeemable holding on the loop's path: an MMF or foreign cash (a fund yielding 0, paid out at once).

    ``spread`` is the configured yield over the market's 3-month rate (a floating fund) or the fixed yield; a
    yen-hedged class (``hedged``) is held in the base currency (``currency``) and floats on ``rate_currency``'s
    rate. ``fx_cost`` is the conversion cost of a redemption into base cash (0 for a base-currency fund).
    """

    name: str
    currency: str
    rate_currency: str
    spread: float
    fee: float
    lag: int
    floats: bool
    fx_cost: float
    hedged: bool = False
    hedge_fee: float = 0.0
    held: MMF | None = None


@dataclass
class LoopBook:
    """The account on one path at the close of day 0 (amounts in their own currency), and its static terms."""

    funds: list[LoopFund] = field(default_factory=list)
    units: list[float] = field(default_factory=list)
    cash: float = 0.0
    etf: list[EtfPosition] = field(default_factory=list)
    etf_units: list[float] = field(default_factory=list)
    margin: list[MarginPosition] = field(default_factory=list)
    margin_units: list[float] = field(default_factory=list)
    loan: list[float] = field(default_factory=list)
    loan_ccy: list[str] = field(default_factory=list)
    loan_spread: list[float] = field(default_factory=list)
    futures: list[FuturesPosition] = field(default_factory=list)
    contracts: list[float] = field(default_factory=list)
    fut_init: list[float] = field(default_factory=list)
    """Initial margin per contract on the path, contract currency."""
    fut_maint: list[float] = field(default_factory=list)
    fut_held: list[list[dt.date]] = field(default_factory=list)
    """The expiry of the contract held at each close (:func:`futures_held`)."""
    other_betas: list[dict[str, float]] = field(default_factory=list)
    other_ccy: list[str] = field(default_factory=list)
    other_carry: list[float] = field(default_factory=list)
    other_value: list[float] = field(default_factory=list)


def _funds(account: Account, market: Market, s: LoopSeries, fr: Frictions, book: LoopBook) -> None:
    """The MMFs and the cash: base-currency cash, foreign cash as a fund; funds ordered fastest first."""
    base = account.base_currency
    held: list[tuple[LoopFund, float]] = []
    for f in account.mmf:
        value = f.amount * market.fx_rate(f.amount_currency)  # base currency
        ccy = base if f.hedged else f.currency
        spread = f.yield_ - float(market.curve(f.currency).zero_rate(RATE_TENOR_YEARS))
        fund = LoopFund(f.name, ccy, f.currency, spread, f.fee, f.redemption_days, True,
                        fr.fx_cost if ccy != base else 0.0, f.hedged, f.hedge_fee if f.hedged else 0.0, f)
        held.append((fund, value / s.fx[ccy][0]))
    for c in account.cash:
        if c.currency == base:
            book.cash += c.amount
        else:
            fund = LoopFund(f"{c.currency} cash", c.currency, c.currency, 0.0, 0.0, 0, False, fr.fx_cost)
            held.append((fund, c.amount * market.fx_rate(c.currency) / s.fx[c.currency][0]))
    held.sort(key=lambda pair: pair[0].lag)  # redeemed fastest first (stable: configured order within a lag)
    book.funds = [f for f, _ in held]
    book.units = [u for _, u in held]


def _satellite(account: Account, market: Market, s: LoopSeries, fr: Frictions, book: LoopBook) -> None:
    """ETFs and margin ETFs by value at the path's day-0 level; futures by notional in whole contracts."""
    for pos in account.satellite:
        if isinstance(pos, FuturesPosition):
            spec = contract(pos.symbol)
            ratio = s.spot[spec.underlying][0] / market.spot(spec.underlying)  # path level / market level
            book.futures.append(pos)
            book.contracts.append(max(whole(pos.contracts / ratio), 1.0))
            book.fut_init.append(pos.initial_margin * ratio)
            maintenance = pos.maintenance_margin if pos.maintenance_margin is not None else pos.initial_margin
            book.fut_maint.append(maintenance * ratio)
            book.fut_held.append([futures_held(d, spec.symbol, fr.futures_roll_days) for d in s.dates])
            continue
        ccy = s.index_ccy[pos.index]
        value = pos.value * market.fx_rate(pos.value_currency or ccy)  # base currency
        units = value / (s.fx[ccy][0] * s.spot[pos.index][0])
        if isinstance(pos, EtfPosition):
            book.etf.append(pos)
            book.etf_units.append(units)
            continue
        lccy = pos.loan_currency or ccy
        book.margin.append(pos)
        book.margin_units.append(units)
        book.loan.append(pos.loan_fraction * value / s.fx[lccy][0])
        book.loan_ccy.append(lccy)
        book.loan_spread.append(pos.loan_rate - float(market.curve(lccy).zero_rate(RATE_TENOR_YEARS)))


def open_loop_book(account: Account, market: Market, s: LoopSeries, frictions: Frictions) -> LoopBook:
    """The account on the path ``s`` at day 0: each holding's base-currency value at the path's day-0 prices."""
    book = LoopBook()
    _funds(account, market, s, frictions, book)
    _satellite(account, market, s, frictions, book)
    for o in account.other:
        book.other_betas.append(dict(o.betas))
        book.other_ccy.append(o.currency)
        book.other_carry.append(o.carry)
        book.other_value.append(o.value * market.fx_rate(o.currency) / s.fx[o.currency][0])
    return book

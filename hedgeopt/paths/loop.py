"""The slow twin of the path engine: one path at a time, one day at a time, plain Python floats.

It follows the day's order in :mod:`hedgeopt.paths.engine` step by step with scalar arithmetic (``math``), its
own bookkeeping (dicts and lists instead of ring buffers and masks) and no vectorization, so that the fast
engine can be checked against it to 1e-9 on any paths. It is independent of the engine's day-0 book: the path's
series, the accrual and roll calendars, option expiries, listed strikes, contract rounding, the margin per
contract, the funds' and loans' spreads and the refill buffer are derived by :mod:`hedgeopt.paths.loop_book` from
the exchanges' rules and the holdings as the user gave them. Shared with the engine: the market data (paths and
market), the account's holdings, the contract catalogue's terms, the option kernel (:mod:`pricing.black_scholes`),
the pricing layer's quote model and commission schedules, and the tax core's yearly settlement.

Each option leg is priced once a day (its model price and delta at a close, kept for that close), as the engine
prices it; the loop stays one path at a time. Tests and ``bench/bench_paths.py`` use it; it is far too slow for
10,000 paths.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from hedgeopt.account.account import Account
from hedgeopt.config.path_settings import Frictions, HedgeKind, RolledFxHedge, StandingHedge
from hedgeopt.config.rules import Rules
from hedgeopt.config.tax_spec import Category, TaxSettings
from hedgeopt.paths.aftertax.loop import LoopTax
from hedgeopt.paths.fx_loop import LoopFx, mmf_dollars
from hedgeopt.paths.fx_steps import held_fx_hedge
from hedgeopt.paths.loop_book import (
    CAP_BAND_SLACK,
    CASH_ZERO,
    HALF_UP_SLACK,
    buffered,
    listed_strike,
    open_loop_book,
    option_expiry,
    path_series,
    whole,
)
from pricing import Market, contract
from pricing.black_scholes import bs_greeks, bs_price
from pricing.fx.terms import FxRoute
from pricing.trading_costs import DEFAULT_QUOTE_MODEL, TradeSide, commission_schedule
from scenarios.paths.market_paths import MarketPaths


@dataclass
class LoopPath:
    """What the loop records for one path."""

    nav: list[float] = field(default_factory=list)
    cash: list[float] = field(default_factory=list)
    exposure: list[float] = field(default_factory=list)
    leverage: list[float] = field(default_factory=list)
    shortfall: list[bool] = field(default_factory=list)
    required: list[float] = field(default_factory=list)
    """Maintenance margin of the futures and the FX hedge held at each close, base currency."""
    options: list[float] = field(default_factory=list)
    """The standing hedge's model value at each close, base currency."""
    costs: dict[str, float] = field(default_factory=lambda: dict.fromkeys(
        ("funding", "premiums", "commissions", "fx_conversion", "roll", "fx_spread", "fx_carry", "fx_commission"),
        0.0))
    liquidations: int = 0
    events: list[tuple[str, int]] = field(default_factory=list)
    hedge_spend: float = 0.0
    cover: float = 0.0
    rolls: int = 0
    contracts: float = 0.0
    tax: LoopTax | None = None
    """The tax ledger (a row run with tax); ``nav`` stays the taxed lane's NAV, ``tax.due_at_end`` is owed."""


@dataclass(frozen=True)
class LoopInputs:
    """What every path of a loop run reads, as the user gave it (no day-0 book of the engine's)."""

    account: Account
    market: Market
    paths: MarketPaths
    rules: Rules | None
    hedge: StandingHedge | None
    frictions: Frictions
    fx_hedge: RolledFxHedge | None
    tax: TaxSettings | None = None


def simulate_loop(account: Account, market: Market, paths: MarketPaths, rules: Rules | None = None,
                  hedge: StandingHedge | None = None, frictions: Frictions | None = None,
                  fx_hedge: RolledFxHedge | None = None, tax: TaxSettings | None = None) -> list[LoopPath]:
    """Run every path with :func:`run_one`; same arguments as :func:`hedgeopt.paths.engine.simulate`.

    ``tax`` (settings with their year) keeps the ledger and pays the tax from the cash, as a
    :class:`~hedgeopt.paths.engine.Row` with ``tax``. The inputs are not checked here: the engine's checks are
    the user's (run the engine first).
    """
    fx_hedge = fx_hedge if fx_hedge is not None else held_fx_hedge(account, market)
    hedge = hedge if hedge is not None and hedge.kind is not HedgeKind.NONE else None
    run = LoopInputs(account, market, paths, rules, hedge, buffered(frictions), fx_hedge, tax)
    return [run_one(run, i) for i in range(paths.n_paths)]


def call_units(run: LoopInputs, spot0: float, fx0: float) -> float:
    """Index units route C's calls hold on the path: their exposure (else the account's own) at the day-0 price."""
    index = contract(run.hedge.symbol).underlying
    exposure = run.hedge.exposure if run.hedge.exposure is not None else run.account.exposures(run.market).get(
        index, 0.0)
    return exposure / (spot0 * fx0)


def run_one(run: LoopInputs, i: int) -> LoopPath:  # noqa: C901 - one readable day loop is the point of the twin
    """Live through path ``i`` of ``run``'s paths with scalar arithmetic, from its own day-0 book."""
    fr, r, h, market = run.frictions, run.rules, run.hedge, run.market
    x = path_series(run.account, market, run.paths, i)
    b = open_loop_book(run.account, market, x, fr)
    out = LoopPath()
    dates, spot, fx, rate, vol, div, opens = x.dates, x.spot, x.fx, x.rate, x.vol, x.div, x.opens
    cash = b.cash
    units = list(b.units)
    pending: list[dict[int, float]] = [{} for _ in b.funds]
    etf = list(b.etf_units)
    margin = list(b.margin_units)
    loan = list(b.loan)
    fut = list(b.contracts)
    fut_init, fut_maint = b.fut_init, b.fut_maint
    other = list(b.other_value)
    opt: dict = {"n": 0.0, "k1": 0.0, "k2": 0.0, "expiry": None}
    priced: dict = {}  # (what, day, strike, expiry): a leg's price or (price, |delta|); "reference": the 30-day vol
    calls = h is not None and h.right == "call"
    units_called = 0.0
    if calls:
        index = contract(h.symbol).underlying
        units_called = call_units(run, spot[index][0], fx[x.index_ccy[index]][0])
    call_days = 0
    short_today = False
    reduced = False
    calm = 0
    last_step = -math.inf
    fxl = None
    if run.fx_hedge is not None:
        spec = run.fx_hedge.spec
        fxl = LoopFx(run.fx_hedge, dates, fx[spec.foreign], rate[spec.foreign], rate[spec.domestic], x.dt,
                     out.costs)
    margined = fxl is not None and fxl.hedge.spec.route is not FxRoute.FORWARD
    tx = out.tax = LoopTax.open(run.tax, run.account, market, b, x, h, run.fx_hedge) if run.tax is not None else None

    def ccy_of(index: str) -> str:
        return x.index_ccy[index]

    def payoff(k: float, level: float) -> float:
        """What one option of the program's right at strike ``k`` pays at ``level`` (0 without a leg)."""
        if k <= 0:
            return 0.0
        return max(k - level, 0.0) if h.right == "put" else max(level - k, 0.0)

    def option_inputs(t: int, k: float) -> tuple[float, float, float]:
        """Level, years to expiry and vol of the option at strike ``k``: the surface moved by the path's 30-day vol."""
        spec = contract(h.symbol)
        level = spot[spec.underlying][t] * spec.price_ratio
        tau = (opt["expiry"] - dates[t]).days / 365.0
        surf = market.surface(spec.underlying)
        if "reference" not in priced:  # the surface's own 30-day ATM vol: the same on every day
            priced["reference"] = float(surf.vol(1.0, 30 / 365))
        shift = (vol[spec.underlying][t] - priced["reference"]) * math.sqrt(30 / 365 / max(tau, 30 / 365))
        return level, tau, min(max(float(surf.vol(k / level, tau)) + shift, 0.01), 2.0)

    def settle_level(t: int) -> float:
        """The level the held options settle at on day ``t``, their first date on or after expiry."""
        spec = contract(h.symbol)
        index = spec.underlying
        if spec.settles_at_open:
            level = opens[index][t] if index in opens else spot[index][t - 1]
        else:
            level = spot[index][t] if dates[t] == opt["expiry"] else spot[index][t - 1]
        return level * spec.price_ratio

    def unit_option(t: int, k: float) -> float:
        """Model price of one option at strike ``k`` at the close of ``t`` (contract points), once a close."""
        if k <= 0:
            return 0.0
        key = ("price", t, k, opt["expiry"])
        if key not in priced:
            spec = contract(h.symbol)
            if (opt["expiry"] - dates[t]).days <= 0:
                priced[key] = payoff(k, settle_level(t))
            else:
                level, tau, v = option_inputs(t, k)
                priced[key] = float(bs_price(h.right, level, k, tau, rate[spec.currency][t], div[spec.underlying][t],
                                             v, validate=False))
        return priced[key]

    def option_greeks(t: int, k: float) -> tuple[float, float]:
        """Model price and absolute delta of the option at strike ``k``, as the quote model reads them; once a close."""
        if k <= 0:
            return 0.0, 0.0
        key = ("greeks", t, k, opt["expiry"])
        if key not in priced:
            spec = contract(h.symbol)
            if (opt["expiry"] - dates[t]).days <= 0:
                value = payoff(k, settle_level(t))
                priced[key] = value, 1.0 if value > 0 else 0.0
            else:
                level, tau, v = option_inputs(t, k)
                g = bs_greeks(h.right, level, k, tau, rate[spec.currency][t], div[spec.underlying][t], v,
                              validate=False)
                priced[key] = float(g.price), min(abs(float(g.delta)), 1.0)
        return priced[key]

    def trade_hedge(t: int, buy: bool) -> tuple[float, float]:
        """(premium, commission) of buying or selling the options held, base currency, leg by leg."""
        spec = contract(h.symbol)
        n, rate_fx = opt["n"], fx[spec.currency][t]
        legs = [(opt["k1"], 1)] + ([(opt["k2"], -1)] if h.spread else [])
        points = fee = 0.0
        for k, qty in legs:
            model, delta = option_greeks(t, k)
            leg_buys = (qty > 0) == buy
            px, traded = model, 1.0
            if h.half_spread is None:
                quote = DEFAULT_QUOTE_MODEL.quote_one(model, delta, spec.symbol)
                px = quote.ask if leg_buys else quote.bid
                if qty > 0 and not buy and quote.bid <= 0.0:
                    traded = 0.0  # nothing bid: left to expire, not sold
                points += qty * px * traded
            if h.commission is not None:
                fee += h.commission * n * traded
            else:
                side = TradeSide.BUY if leg_buys else TradeSide.SELL
                fee += float(commission_schedule(spec).fee(px, spec.multiplier, n * traded, side)) * rate_fx
        if h.half_spread is None:
            return points * spec.multiplier * n * rate_fx, fee
        mid = options_value(t)
        return (mid * (1.0 + h.half_spread) if buy else mid * (1.0 - h.half_spread)), fee

    def options_value(t: int) -> float:
        if h is None or opt["expiry"] is None:
            return 0.0
        spec = contract(h.symbol)
        points = unit_option(t, opt["k1"]) - unit_option(t, opt["k2"])
        return points * spec.multiplier * opt["n"] * fx[spec.currency][t]

    def fut_price(j: int, t: int, expiry) -> float:
        spec = contract(b.futures[j].symbol)
        tau = max((expiry - dates[t]).days, 0) / 365.0
        return spot[spec.underlying][t] * math.exp((rate[spec.currency][t] - div[spec.underlying][t]) * tau)

    def exposure(t: int) -> tuple[float, float]:
        total = levered = 0.0
        if calls and opt["expiry"] is not None:  # route C's calls by delta (a spread's long less its short)
            spec = contract(h.symbol)
            delta = option_greeks(t, opt["k1"])[1] - option_greeks(t, opt["k2"])[1]
            total += delta * opt["n"] * spec.multiplier * spec.price_ratio * spot[spec.underlying][t] * fx[
                spec.currency][t]
        for pos, u in zip(b.etf, etf, strict=True):
            total += u * spot[pos.index][t] * fx[ccy_of(pos.index)][t]
        for pos, u in zip(b.margin, margin, strict=True):
            v = u * spot[pos.index][t] * fx[ccy_of(pos.index)][t]
            total += v
            levered += v
        for pos, c in zip(b.futures, fut, strict=True):
            spec = contract(pos.symbol)
            v = c * spec.multiplier * spec.price_ratio * spot[spec.underlying][t] * fx[spec.currency][t]
            total += v
            levered += v
        return total, levered

    def index_exposure(t: int, index: str) -> float:
        total = 0.0
        for pos, u in (*zip(b.etf, etf, strict=True), *zip(b.margin, margin, strict=True)):
            if pos.index == index:
                total += u * spot[index][t]
        for pos, c in zip(b.futures, fut, strict=True):
            spec = contract(pos.symbol)
            if spec.underlying == index:
                total += c * spec.multiplier * spec.price_ratio * spot[index][t] * fx[spec.currency][t] / fx[
                    ccy_of(index)][t]
        return total

    def funds(t: int) -> tuple[float, float]:
        held = sum(u * fx[f.currency][t] for f, u in zip(b.funds, units, strict=True))
        transit = sum(sum(p.values()) * fx[f.currency][t] for f, p in zip(b.funds, pending, strict=True))
        return held, transit

    def nav(t: int) -> float:
        held, transit = funds(t)
        total = cash + held + transit
        total += sum(v * fx[c][t] for c, v in zip(b.other_ccy, other, strict=True))
        total -= sum(v * fx[c][t] for c, v in zip(b.loan_ccy, loan, strict=True))
        total += options_value(t)
        total += fxl.value(t) if fxl is not None else 0.0
        for pos, u in (*zip(b.etf, etf, strict=True), *zip(b.margin, margin, strict=True)):
            total += u * spot[pos.index][t] * fx[ccy_of(pos.index)][t]
        return total

    def gross(t: int) -> float:
        held, transit = funds(t)
        return held + transit + cash + abs(exposure(t)[0]) + sum(
            v * fx[c][t] for c, v in zip(b.other_ccy, other, strict=True))

    def required(t: int, per: list[float]) -> float:
        fx_margin = fxl.margin(t, per is fut_maint) if fxl is not None else 0.0
        return fx_margin + sum(c * m * fx[contract(p.symbol).currency][t]
                               for p, c, m in zip(b.futures, fut, per, strict=True))

    def scale(t: int, f: float, levered_only: bool = False, down: bool = False) -> None:
        nonlocal cash
        if not levered_only:
            for k, pos in enumerate(b.etf):
                trade = etf[k] * (f - 1.0) * spot[pos.index][t] * fx[ccy_of(pos.index)][t]
                fee = fr.etf_cost * abs(trade)
                if tx is not None:
                    tx.etf_trade(k, f, trade, fee)
                etf[k] *= f
                cash -= trade + fee
                out.costs["commissions"] += fee
        for k, pos in enumerate(b.margin):
            trade = margin[k] * (f - 1.0) * spot[pos.index][t]
            fee = fr.etf_cost * abs(trade) * fx[ccy_of(pos.index)][t]
            if tx is not None:
                tx.margin_trade(k, f, margin[k] * spot[pos.index][t] * fx[ccy_of(pos.index)][t], fee)
            margin[k] *= f
            loan[k] += trade * fx[ccy_of(pos.index)][t] / fx[b.loan_ccy[k]][t]
            cash -= fee
            out.costs["commissions"] += fee
        for j, pos in enumerate(b.futures):
            new = float(math.floor(fut[j] * f + HALF_UP_SLACK)) if down else whole(fut[j] * f)
            fee = abs(new - fut[j]) * fr.futures_commission * fx[contract(pos.symbol).currency][t]
            if tx is not None:
                tx.futures_trade(j, fut[j], new, fee)
            fut[j] = new
            cash -= fee
            out.costs["commissions"] += fee

    def buy_hedge(t: int) -> None:
        nonlocal cash
        spec = contract(h.symbol)
        if opt["expiry"] is not None:
            mid = options_value(t)
            if (opt["expiry"] - dates[t]).days <= 0:
                cash += mid
                if tx is not None:
                    tx.options_closed(mid)
            else:
                proceeds, fee = trade_hedge(t, buy=False)
                cash += proceeds - fee
                if tx is not None:
                    tx.options_closed(proceeds - fee)
                level = spot[spec.underlying][t] * spec.price_ratio
                paid = payoff(opt["k1"], level) - payoff(opt["k2"], level)
                out.hedge_spend -= proceeds - fee - paid * spec.multiplier * opt["n"] * fx[spec.currency][t]
                out.costs["roll"] += mid - proceeds
                out.costs["commissions"] += fee
        level = spot[spec.underlying][t] * spec.price_ratio
        # route C: the calls' index units at today's level; a standing hedge: the exposure it hedges
        hedged = units_called * spot[spec.underlying][t] if calls else index_exposure(t, spec.underlying)
        wanted = h.coverage * hedged / (spec.multiplier * level)
        if h.integer:
            n = max(whole(wanted), 1.0) if wanted > 0 else 0.0
        else:
            n = max(wanted, 0.0)
        opt["n"] = n
        opt["k1"] = listed_strike(spec.symbol, h.moneyness * level)
        opt["k2"] = listed_strike(spec.symbol, h.short_moneyness * level) if h.spread else 0.0
        opt["expiry"] = option_expiry(dates[t], spec.symbol, h.tenor_days)
        mid = options_value(t)
        paid, fee = trade_hedge(t, buy=True)
        cash -= paid + fee
        if tx is not None:
            tx.opt_basis = paid + fee
        out.hedge_spend += paid + fee
        out.costs["premiums"] += mid
        out.costs["roll"] += paid - mid
        out.costs["commissions"] += fee
        if n > 0:
            out.events.append(("roll", t))
            out.rolls += 1
            out.contracts += n
            out.cover += n * spec.multiplier * level / hedged if hedged > 0 else 0.0

    def refill(t: int) -> None:
        nonlocal cash
        transit = sum(sum(p.values()) * fx[f.currency][t] * (1.0 - f.fx_cost)
                      for f, p in zip(b.funds, pending, strict=True))
        if b.futures or margined:
            low = max(fr.refill_below * required(t, fut_init), required(t, fut_maint))
            goal = fr.refill_to * required(t, fut_init)
        else:
            low = goal = 0.0
        if cash + transit >= low - CASH_ZERO:
            return
        need = goal - cash - transit
        for k, f in enumerate(b.funds):
            if need <= 0:
                break
            px = fx[f.currency][t]
            take = min(units[k], need / (px * (1.0 - f.fx_cost)))
            if tx is not None:
                tx.redeem(k, units[k], take, take * px * (1.0 - f.fx_cost))
            units[k] -= take
            need -= take * px * (1.0 - f.fx_cost)
            if f.lag == 0:
                cash += take * px * (1.0 - f.fx_cost)
                out.costs["fx_conversion"] += take * px * f.fx_cost
            else:
                pending[k][t + f.lag] = pending[k].get(t + f.lag, 0.0) + take

    def record(t: int) -> None:
        nonlocal short_today
        n_ = nav(t)
        req = required(t, fut_maint)
        out.nav.append(n_)
        out.cash.append(cash)
        out.exposure.append(exposure(t)[0])
        out.leverage.append(gross(t) / n_)
        out.shortfall.append(cash < max(req, 0.0) - CASH_ZERO or short_today)
        out.required.append(req)
        out.options.append(options_value(t))
        short_today = False

    def realised_vol(t: int) -> float:
        w = r.reentry.window
        levels = spot[x.driver][max(t - w, 0): t + 1]
        if len(levels) < 3:
            return math.inf
        rets = [math.log(b_ / a_) for a_, b_ in zip(levels, levels[1:], strict=False)]
        return float(np.std(rets, ddof=1)) * math.sqrt(252.0)

    def liquidation(t: int) -> dict[Category, float]:
        """Gains per category of realising every open position at the close of ``t`` at the NAV's values."""
        gains = dict.fromkeys(Category, 0.0)
        for k, f in enumerate(b.funds):
            gains[tx.fund_cat[k]] += units[k] * fx[f.currency][t] - tx.fund_cost[k]
        for k, pos in enumerate(b.etf):
            gains[tx.etf_cat[k]] += etf[k] * spot[pos.index][t] * fx[ccy_of(pos.index)][t] - tx.etf_cost[k]
        for k, pos in enumerate(b.margin):
            gains[Category.LISTED] += margin[k] * spot[pos.index][t] * fx[ccy_of(pos.index)][t] - tx.margin_cost[k] \
                - tx.margin_interest[k]
        for j in range(len(b.futures)):
            gains[tx.fut_cat[j]] += tx.fut_open[j]
        for k, ccy in enumerate(b.other_ccy):
            gains[Category.LISTED] += other[k] * fx[ccy][t] - tx.other_cost[k]
        if tx.opt_cat is not None:
            gains[tx.opt_cat] += options_value(t) - tx.opt_basis
        if tx.fx_cat is not None:
            gains[tx.fx_cat] += tx.fx_open + fxl.value(t)
        return gains

    # day 0
    nav0 = nav(0)
    e_plan = exposure(0)[0] / nav0
    peak = nav0
    prev_dd = 0.0
    armed = [True] * len(r.derisk) if r is not None else []
    if h is not None:
        buy_hedge(0)
    if fxl is not None:
        paid = fxl.start(0, mmf_dollars(fxl.hedge, b.funds, units))
        cash -= paid
        if tx is not None:
            tx.fx(-paid, rolled=False)
    refill(0)
    record(0)
    for t in range(1, len(dates)):
        d = x.dt[t - 1]
        if tx is not None:
            cash -= tx.day(dates, t)
        # 1 accrual
        for k, f in enumerate(b.funds):
            y = (rate[f.rate_currency][t - 1] + f.spread if f.floats else f.spread) - f.fee
            if f.hedged:  # a yen-hedged class: less the 3-month forward points a year and the class's fee
                tenor = 91 / 365
                y -= (1.0 - math.exp((rate[f.currency][t - 1] - rate[f.rate_currency][t - 1]) * tenor)) / tenor
                y -= f.hedge_fee
            if tx is not None and f.floats:
                tx.distribution(k, units[k] * y * d * fx[f.currency][t])
            units[k] *= 1.0 + y * d
        for k, pos in enumerate(b.margin):
            lc = b.loan_ccy[k]
            interest = loan[k] * (rate[lc][t - 1] + b.loan_spread[k]) * d
            dividend = margin[k] * spot[pos.index][t - 1] * div[pos.index][t - 1] * d
            loan[k] += interest - dividend * fx[ccy_of(pos.index)][t] / fx[lc][t]
            out.costs["funding"] += interest * fx[lc][t]
            if tx is not None:
                tx.margin_interest[k] += interest * fx[lc][t]
                tx.dividend(ccy_of(pos.index), Category.LISTED, dividend * fx[ccy_of(pos.index)][t], False)
        for k, pos in enumerate(b.etf):
            dividend = etf[k] * spot[pos.index][t - 1] * div[pos.index][t - 1] * d
            if pos.accumulating:
                etf[k] += dividend / spot[pos.index][t]
            else:
                cash += dividend * fx[ccy_of(pos.index)][t]
            if tx is not None:
                tx.dividend(ccy_of(pos.index), tx.etf_cat[k], dividend * fx[ccy_of(pos.index)][t], pos.accumulating)
        for k, betas in enumerate(b.other_betas):
            move = sum(beta * (spot[j][t] / spot[j][t - 1] - 1.0) for j, beta in betas.items())
            other[k] *= 1.0 + move + b.other_carry[k] * d
        # 2 arrivals
        for k, f in enumerate(b.funds):
            amount = pending[k].pop(t, 0.0) * fx[f.currency][t]
            cash += amount * (1.0 - f.fx_cost)
            out.costs["fx_conversion"] += amount * f.fx_cost
        # 3 futures
        for j, pos in enumerate(b.futures):
            spec = contract(pos.symbol)
            held = b.fut_held[j][t - 1]
            vm = fut[j] * spec.multiplier * spec.price_ratio * (fut_price(j, t, held) - fut_price(j, t - 1, held)) \
                * fx[spec.currency][t]
            cash += vm
            fee = 0.0
            if b.fut_held[j][t] != held:
                fee = 2.0 * fut[j] * fr.futures_commission * fx[spec.currency][t]
                cash -= fee
                out.costs["roll"] += fee
            if tx is not None:
                tx.futures_day(j, vm, b.fut_held[j][t] != held, fee)
        # 3b FX hedge
        if fxl is not None:
            maturity = fxl.maturity
            moved = fxl.day(t, mmf_dollars(fxl.hedge, b.funds, units))
            cash += moved
            if tx is not None:
                tx.fx(moved, rolled=fxl.maturity != maturity)
        # 4 standing hedge
        if h is not None and (opt["expiry"] - dates[t]).days <= h.roll_days:
            buy_hedge(t)
        # 5 margin loans
        for k, pos in enumerate(b.margin):
            v = margin[k] * spot[pos.index][t] * fx[ccy_of(pos.index)][t]
            if v <= 0:
                continue
            ln = loan[k] * fx[b.loan_ccy[k]][t]
            held, transit = funds(t)
            coll = pos.collateral if pos.collateral is not None else cash + held + transit
            if (coll + v - ln) / v < pos.maintenance_ratio:
                fee = fr.etf_cost * v
                if tx is not None:
                    tx.margin_closed(k, v, fee)
                cash += v - ln - fee
                out.costs["commissions"] += fee
                margin[k] = loan[k] = 0.0
                out.liquidations += 1
                out.events.append(("margin_liquidation", t))
        # 6 futures margin call
        if b.futures or margined:
            req = required(t, fut_maint)
            short = req > 0 and cash < req - CASH_ZERO
            short_today = short
            call_days = call_days + 1 if short else 0
            if call_days > fr.margin_call_days:
                held = sum(fut) > 0
                if margined:
                    if fxl.lots > 0:
                        out.events.append(("fx_liquidation", t))
                    paid = fxl.close(t)
                    cash -= paid
                    if tx is not None:
                        tx.fx(-paid, rolled=False, closed=True)
                for j, pos in enumerate(b.futures):
                    fee = fut[j] * fr.futures_commission * fx[contract(pos.symbol).currency][t]
                    if tx is not None:
                        tx.futures_trade(j, fut[j], 0.0, fee)
                    cash -= fee
                    out.costs["commissions"] += fee
                    fut[j] = 0.0
                out.liquidations += 1
                if held:
                    out.events.append(("futures_liquidation", t))
                call_days = 0
        # 7 rules
        if r is not None:
            n_ = nav(t)
            peak = max(peak, n_)
            dd = n_ / peak - 1.0
            for k, step in enumerate(r.derisk):  # shallowest first: a one-day crash fires each level in turn
                total, _ = exposure(t)
                if armed[k] and dd <= step.drawdown < prev_dd and total > 0:
                    scale(t, 1.0 - step.cut)  # sell ``cut`` of the exposure held
                    out.events.append(("derisk", t))
                    armed[k] = False
                    reduced = True
                    last_step = t
            prev_dd = dd
            if r.reentry is not None:
                rv = realised_vol(t)
                calm = calm + 1 if rv < r.reentry.realised_vol_below else 0
                ok = calm >= r.reentry.days or (r.reentry.drawdown_above is not None
                                                 and dd >= r.reentry.drawdown_above)
                if reduced and ok and t - last_step >= r.min_days_between_steps:
                    n_ = nav(t)
                    total, levered = exposure(t)
                    goal = min(total / n_ + r.leverage_step, e_plan)
                    f = goal * n_ / total if total > 0 else 1.0
                    if levered > 0:
                        f = min(f, 1.0 + max((r.leverage_cap * n_ - gross(t)) / levered, 0.0))
                    if f > 1.0 + 1e-12:
                        scale(t, f, down=True)
                    bought = f > 1.0 + 1e-12 and exposure(t)[0] > total
                    if bought:
                        out.events.append(("reentry", t))
                        last_step = t
                        calm = 0
                    restored = exposure(t)[0] >= e_plan * n_ * (1.0 - 1e-9)
                    if restored:
                        reduced = False
                    if bought or restored:
                        armed = [True] * len(r.derisk)
            n_ = nav(t)
            total, levered = exposure(t)
            over = gross(t) - r.leverage_cap * n_
            if levered > 0 and over > (r.drift_band + CAP_BAND_SLACK) * n_:
                scale(t, max(1.0 - over / levered, 0.0), levered_only=True, down=True)
                if exposure(t)[0] < total:
                    out.events.append(("leverage_cap", t))
        # 8 refill, 9 record
        refill(t)
        record(t)
    if tx is not None:
        tx.horizon(liquidation(len(dates) - 1))
    return out

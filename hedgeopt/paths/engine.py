r"""The path engine: the account lives through daily market paths, vectorized over paths.

One loop over days; every state is an array over paths. At the close of each trading day ``t`` (dates of the
:class:`~scenarios.paths.MarketPaths`; ``dt`` = calendar days since the last close / 365), in this order:

1. **Accrual** over the day: each MMF grows by :math:`(1 + y\,dt)` with :math:`y` = the path's short rate of
   its currency at the previous close + (configured yield − the market's 3-month rate) − fee, so the MMF
   floats with the short rate at its configured spread; foreign cash is a fund with yield 0 and no lag. A
   margin loan accrues :math:`L\,(r + s)\,dt` (spread :math:`s` = loan rate − market rate), capitalised;
   cost "funding". ETF dividends (the market's dividend yield on the previous close's value) go to cash
   (cash route) or reduce the loan (margin route). Other assets move by their betas and carry.
2. **Redemptions arrive**: MMF ordered ``lag`` trading days ago is converted at today's FX less ``fx_cost``
   (cost "fx_conversion").
3. **Futures**: variation margin ``contracts × multiplier × ratio × (F_t − F_{t-1})`` on the contract held
   overnight, :math:`F = S e^{(r-q)\tau}` to its quarterly expiry, paid or received in cash at today's FX; the
   contract rolls ``futures_roll_days`` before expiry (two commissions, cost "roll").
4. **Standing hedge**: on a roll date the old options are sold at ``value × (1 − half_spread)`` (or settle at
   intrinsic value on or after expiry) and new ones bought at ``value × (1 + half_spread)``; sized to
   ``coverage`` of the index exposure. Options are priced with the Black–Scholes kernel on the market surface
   moved by the path's 30-day vol (:func:`option_vol`). Costs: "premiums" (mid), "roll" (spread paid),
   "commissions".
5. **Margin loan**: if (collateral + ETF − loan) / ETF < maintenance ratio, the position is sold at the close
   and the loan repaid (a forced liquidation). Collateral: configured, else cash + MMF + MMF in transit.
6. **Futures margin call**: cash below the maintenance margin is a call; a call unmet for more than
   ``margin_call_days`` trading days closes every contract at the close (a forced liquidation).
7. **Rules** (:mod:`hedgeopt.config.rules`): staircase, re-entry, leverage-cap trim; trades at the close.
8. **Refill**: when cash + MMF in transit is below ``refill_below ×`` the futures initial margin (below zero
   without futures), MMF is redeemed up to ``refill_to ×`` (zero), fastest fund first; it arrives ``lag``
   trading days later. Until then a negative cash balance, or cash below the futures maintenance margin, is a
   **shortfall day**.
9. **Record** NAV = cash + MMF + MMF in transit (today's FX) + ETFs − loans + other assets + options (model
   value); futures add nothing (settled daily).

Day 0 buys the standing hedge at its close. The account as configured is replayed by value: each holding keeps
its base-currency value at the path's day-0 prices (futures keep their notional, rounded to whole contracts,
with margins scaled the same way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import OptionPosition
from hedgeopt.config.path_settings import Frictions, HedgeKind, StandingHedge
from hedgeopt.config.rules import Rules
from hedgeopt.paths.book import CASH_TOLERANCE, market_inputs, open_book, round_half_up
from hedgeopt.paths.result import EventKind, PathRun
from pricing import InputError, Market, contract
from pricing._typing import FloatArray
from pricing.black_scholes import bs_price
from pricing.standard_hedges import listed_strikes, option_expiry
from pricing.vol_surface import VolSurface
from scenarios.paths.market_paths import MarketPaths

MIN_OPTION_VOL = 0.01
"""Smallest vol an option is priced at on a path, decimal."""

PATH_VOL_TENOR = 30 / 365
"""Tenor (years) of a path's implied-vol series: the VIX's 30 days."""


def option_vol(surface: VolSurface, moneyness: FloatArray, tau: float, path_vol: FloatArray) -> FloatArray:
    r"""Implied vol of an option on a path: the market surface moved by the path's 30-day ATM vol.

    .. math:: \sigma = \sigma_{surface}(m, \tau) + (\sigma_{path} - \sigma_{surface}(1, 30d))
              \sqrt{30d / \max(\tau, 30d)}

    The surface keeps its skew and term structure; the path's move of the 30-day vol reaches longer tenors damped
    by the square root of time (a 150% VIX-style spike lifts a 91-day put by about 57% of it). At day 0 of a Monte
    Carlo path (which starts at the surface's 30-day ATM vol) options cost exactly what the surface says.
    Clipped to [:data:`MIN_OPTION_VOL`, 2].
    """
    shift = (path_vol - surface.vol(np.ones_like(path_vol), PATH_VOL_TENOR)) * np.sqrt(
        PATH_VOL_TENOR / max(tau, PATH_VOL_TENOR))
    return np.clip(surface.vol(moneyness, tau) + shift, MIN_OPTION_VOL, 2.0)


class Simulator:
    """Run an account through paths (see the module docstring for the day's order).

    Parameters
    ----------
    account : Account
        The account as configured (options-route positions are not replayed: use the standing hedge).
    market : Market
        Supplies day-0 values, dividend yields, the vol surface's skew and the rates a path lacks.
    paths : MarketPaths
    rules : Rules or None
        None or inactive rules: buy and hold (only the leverage cap trims, if ``rules`` is given).
    hedge : StandingHedge or None
        None or kind "none": no options.
    frictions : Frictions
    """

    def __init__(self, account: Account, market: Market, paths: MarketPaths, rules: Rules | None = None,
                 hedge: StandingHedge | None = None, frictions: Frictions | None = None) -> None:
        for i, pos in enumerate(account.satellite):
            if isinstance(pos, OptionPosition):
                raise InputError(f"account.satellite[{i}].route", "options", "cash, margin or futures on paths",
                                 hint="options held are not replayed on paths; the [paths.hedge] standing hedge is")
        self.account, self.market, self.rules = account, market, rules
        self.hedge = hedge if hedge is not None and hedge.kind is not HedgeKind.NONE else None
        self.frictions = (frictions or Frictions()).with_buffer(3.0)
        self.x = market_inputs(account, market, paths)
        if self.hedge is not None and contract(self.hedge.symbol).underlying not in paths.equity:
            options = {"SPX": "XSP", "NKY": "NK225M_OPT"}
            fits = [options[i] for i in paths.equity if i in options]
            raise InputError("paths.hedge.symbol", self.hedge.symbol, "an option on an index the paths carry ("
                             + ", ".join(paths.equity) + ")", hint=(f'set [hedge] symbol = "{fits[0]}", or '
                             if fits else "set ") + '[paths.hedge] kind = "none"')
        self.book, self.state = open_book(account, market, self.x, self.frictions)
        n = paths.n_paths
        self.events: list[tuple[int, np.ndarray, int, FloatArray, FloatArray, FloatArray]] = []
        self.opt_expiry: dt.date | None = None
        self._priced: tuple[tuple[int, int, int], FloatArray] | None = None
        cols = paths.n_days + 1
        self.rec = {k: np.zeros((n, cols)) for k in ("nav", "cash", "exposure", "leverage", "mmf", "options",
                                                       "required")}
        self.rec["shortfall"] = np.zeros((n, cols), dtype=bool)
        self.e_plan = np.zeros(n)

    # -- day 0 -----------------------------------------------------------------------------------------------
    # -- valuation -------------------------------------------------------------------------------------------
    def futures_price(self, j: int, t: int, expiry: dt.date) -> FloatArray:
        """Futures price of contract ``j``'s series expiring ``expiry`` at the close of day ``t``, per path."""
        spec = contract(self.book.futures[j].symbol)
        i = spec.underlying
        tau = max((expiry - self.x.dates[t]).days, 0) / 365.0
        return self.x.spot[i][:, t] * np.exp((self.x.rate[spec.currency][:, t] - self.x.div[i]) * tau)

    def option_unit_value(self, t: int, strike: FloatArray) -> FloatArray:
        """Value of one put per contract point at ``strike`` at the close of day ``t`` (contract currency)."""
        h = self.hedge
        spec = contract(h.symbol)
        i = spec.underlying
        level = self.x.spot[i][:, t] * spec.price_ratio
        tau = (self.opt_expiry - self.x.dates[t]).days / 365.0
        if tau <= 0 or not np.any(strike > 0):
            return np.maximum(strike - level, 0.0)
        surface = self.market.surface(i)
        safe = np.where(strike > 0, strike, level)
        vol = option_vol(surface, safe / level, tau, self.x.vol[i][:, t])
        price = bs_price("put", level, safe, tau, self.x.rate[spec.currency][:, t], self.x.div[i], vol,
                         validate=False)
        return np.where(strike > 0, price, 0.0)

    def options_value(self, t: int) -> FloatArray:
        """Value of the standing hedge held, base currency, per path (priced once per day and holding)."""
        s = self.state
        if self.hedge is None or self.opt_expiry is None:
            return np.zeros(self.x.paths.n_paths)
        key = (t, id(s.strike_long), id(s.opt_contracts))
        if self._priced is not None and self._priced[0] == key:
            return self._priced[1]
        spec = contract(self.hedge.symbol)
        unit = self.option_unit_value(t, s.strike_long) - self.option_unit_value(t, s.strike_short)
        value = unit * spec.multiplier * s.opt_contracts * self.x.fx_of(spec.currency, t)
        self._priced = (key, value)
        return value

    def index_exposure(self, t: int, index: str) -> FloatArray:
        """Exposure to ``index`` in its own currency at the close of ``t``, per path."""
        s, x, b = self.state, self.x, self.book
        total = np.zeros(x.paths.n_paths)
        for pos, u in (*zip(b.etf, s.etf, strict=True), *zip(b.margin, s.margin, strict=True)):
            if pos.index == index:
                total = total + u * x.spot[index][:, t]
        for pos, c in zip(b.futures, s.futures, strict=True):
            spec = contract(pos.symbol)
            if spec.underlying == index:
                total = total + c * spec.notional(x.spot[index][:, t]) * x.fx_of(spec.currency, t) / x.fx_of(
                    x.index_ccy[index], t)
        return total

    def exposures(self, t: int) -> tuple[FloatArray, FloatArray]:
        """(all satellite, borrowed-route) index exposure in base currency at the close of ``t``, per path."""
        s, x, b = self.state, self.x, self.book
        total = np.zeros(x.paths.n_paths)
        levered = np.zeros(x.paths.n_paths)
        for pos, u in zip(b.etf, s.etf, strict=True):
            total = total + u * x.spot[pos.index][:, t] * x.fx_of(x.index_ccy[pos.index], t)
        for pos, u in zip(b.margin, s.margin, strict=True):
            value = u * x.spot[pos.index][:, t] * x.fx_of(x.index_ccy[pos.index], t)
            total, levered = total + value, levered + value
        for pos, c in zip(b.futures, s.futures, strict=True):
            spec = contract(pos.symbol)
            value = c * spec.notional(x.spot[spec.underlying][:, t]) * x.fx_of(spec.currency, t)
            total, levered = total + value, levered + value
        return total, levered

    def _funds_value(self, t: int) -> tuple[FloatArray, FloatArray]:
        """(funds held, funds in transit) in base currency at today's FX."""
        held = np.zeros(self.x.paths.n_paths)
        transit = np.zeros(self.x.paths.n_paths)
        for f, u, p in zip(self.book.funds, self.state.units, self.state.pending, strict=True):
            rate = self.x.fx_of(f.currency, t)
            held = held + u * rate
            transit = transit + p.sum(axis=0) * rate
        return held, transit

    def _transit_net(self, t: int) -> FloatArray:
        """What the redemptions in transit will bring in base cash at today's FX, after conversion costs."""
        total = np.zeros(self.x.paths.n_paths)
        for f, p in zip(self.book.funds, self.state.pending, strict=True):
            total = total + p.sum(axis=0) * self.x.fx_of(f.currency, t) * (1.0 - f.fx_cost)
        return total

    def _other_value(self, t: int) -> FloatArray:
        total = np.zeros(self.x.paths.n_paths)
        for ccy, v in zip(self.book.other_ccy, self.state.other, strict=True):
            total = total + v * self.x.fx_of(ccy, t)
        return total

    def _loans_value(self, t: int) -> FloatArray:
        total = np.zeros(self.x.paths.n_paths)
        for ccy, v in zip(self.book.loan_ccy, self.state.loan, strict=True):
            total = total + v * self.x.fx_of(ccy, t)
        return total

    def nav(self, t: int) -> FloatArray:
        """Net asset value at the close of ``t``, base currency, per path."""
        s, x, b = self.state, self.x, self.book
        held, transit = self._funds_value(t)
        total = s.cash + held + transit + self._other_value(t) - self._loans_value(t) + self.options_value(t)
        for pos, u in zip(b.etf, s.etf, strict=True):
            total = total + u * x.spot[pos.index][:, t] * x.fx_of(x.index_ccy[pos.index], t)
        for pos, u in zip(b.margin, s.margin, strict=True):
            total = total + u * x.spot[pos.index][:, t] * x.fx_of(x.index_ccy[pos.index], t)
        return total

    def gross(self, t: int) -> FloatArray:
        """MMF + in transit + cash + |satellite exposure| + other assets, base currency (as Account.gross)."""
        held, transit = self._funds_value(t)
        total, _ = self.exposures(t)
        return held + transit + self.state.cash + np.abs(total) + self._other_value(t)

    def required(self, t: int, kind: str = "maintenance") -> FloatArray:
        """Futures margin (maintenance or initial) in base currency at the close of ``t``, per path."""
        total = np.zeros(self.x.paths.n_paths)
        per = self.book.fut_maint if kind == "maintenance" else self.book.fut_init
        for pos, c, margin in zip(self.book.futures, self.state.futures, per, strict=True):
            total = total + c * margin * self.x.fx_of(contract(pos.symbol).currency, t)
        return total

    # -- events ----------------------------------------------------------------------------------------------
    def log(self, kind: EventKind, mask: np.ndarray, t: int, value: FloatArray, detail: float | tuple[float, ...],
            before: FloatArray, after: FloatArray) -> None:
        """Record an event on the paths in ``mask``.

        Its day, the triggering value, the rule's own figures (``detail``: a step's level and share, a threshold)
        and the exposure before and after, base currency.
        """
        idx = np.flatnonzero(mask)
        if idx.size:
            self.events.append((int(kind), idx, t, np.broadcast_to(value, mask.shape)[idx], detail,
                                np.broadcast_to(before, mask.shape)[idx], np.broadcast_to(after, mask.shape)[idx]))

    # -- the day's steps -------------------------------------------------------------------------------------
    def _accrue(self, t: int) -> None:
        s, x, b = self.state, self.x, self.book
        d = x.dt[t - 1]
        for k, f in enumerate(b.funds):
            y = (x.rate[f.currency][:, t - 1] + f.spread if f.floats else f.spread) - f.fee
            s.units[k] = s.units[k] * (1.0 + y * d)
        for k, pos in enumerate(b.margin):
            lccy = b.loan_ccy[k]
            interest = s.loan[k] * (x.rate[lccy][:, t - 1] + b.loan_spread[k]) * d
            dividend = s.margin[k] * x.spot[pos.index][:, t - 1] * x.div[pos.index] * d
            ccy = x.index_ccy[pos.index]
            s.loan[k] = s.loan[k] + interest - dividend * x.fx_of(ccy, t) / x.fx_of(lccy, t)
            s.costs["funding"] = s.costs["funding"] + interest * x.fx_of(lccy, t)
        for k, pos in enumerate(b.etf):
            dividend = s.etf[k] * x.spot[pos.index][:, t - 1] * x.div[pos.index] * d
            s.cash = s.cash + dividend * x.fx_of(x.index_ccy[pos.index], t)
        for k, betas in enumerate(b.other_betas):
            move = sum(beta * (x.spot[i][:, t] / x.spot[i][:, t - 1] - 1.0) for i, beta in betas.items())
            s.other[k] = s.other[k] * (1.0 + move + b.other_carry[k] * d)

    def _arrive(self, t: int) -> None:
        s, x = self.state, self.x
        for k, f in enumerate(self.book.funds):
            ring = s.pending[k]
            slot = t % ring.shape[0]
            amount = ring[slot] * x.fx_of(f.currency, t)
            s.cash = s.cash + amount * (1.0 - f.fx_cost)
            s.costs["fx_conversion"] = s.costs["fx_conversion"] + amount * f.fx_cost
            ring[slot] = 0.0

    def _futures(self, t: int) -> None:
        s, x, b = self.state, self.x, self.book
        for j, pos in enumerate(b.futures):
            spec = contract(pos.symbol)
            held = b.fut_held[j][t - 1]
            move = self.futures_price(j, t, held) - self.futures_price(j, t - 1, held)
            s.cash = s.cash + s.futures[j] * spec.multiplier * spec.price_ratio * move * x.fx_of(spec.currency, t)
            if b.fut_held[j][t] != held:
                fee = 2.0 * s.futures[j] * self.frictions.futures_commission * x.fx_of(spec.currency, t)
                s.cash = s.cash - fee
                s.costs["roll"] = s.costs["roll"] + fee

    def _hedge(self, t: int) -> None:
        if self.hedge is None:
            return
        if self.opt_expiry is not None and (self.opt_expiry - self.x.dates[t]).days > self.hedge.roll_days:
            return
        s, x, h = self.state, self.x, self.hedge
        spec = contract(h.symbol)
        if self.opt_expiry is not None:
            expired = (self.opt_expiry - x.dates[t]).days <= 0
            mid = self.options_value(t)
            spread = 0.0 if expired else h.half_spread * mid
            s.cash = s.cash + mid - spread - h.commission * h.legs * s.opt_contracts * (not expired)
            s.costs["roll"] = s.costs["roll"] + spread
            s.costs["commissions"] = s.costs["commissions"] + h.commission * h.legs * s.opt_contracts * (not expired)
        level = x.spot[spec.underlying][:, t] * spec.price_ratio
        exposure, _ = self.exposures(t)
        wanted = h.coverage * self.index_exposure(t, spec.underlying) / (spec.multiplier * level)
        contracts = np.where(wanted > 0, np.maximum(round_half_up(wanted), 1.0), 0.0) if h.integer else wanted
        s.opt_contracts = np.maximum(contracts, 0.0)
        s.strike_long = listed_strikes(spec.symbol, h.moneyness * level)
        s.strike_short = (listed_strikes(spec.symbol, (h.moneyness - h.width) * level) if h.kind is HedgeKind.SPREAD
                          else np.zeros_like(level))
        self.opt_expiry = option_expiry(x.dates[t], spec.underlying, h.tenor_days)
        mid = self.options_value(t)
        fee = h.commission * h.legs * s.opt_contracts
        s.cash = s.cash - mid * (1.0 + h.half_spread) - fee
        s.costs["premiums"] = s.costs["premiums"] + mid
        s.costs["roll"] = s.costs["roll"] + h.half_spread * mid
        s.costs["commissions"] = s.costs["commissions"] + fee
        self.log(EventKind.ROLL, s.opt_contracts > 0, t, s.strike_long, h.moneyness, exposure, exposure)

    def _margin_calls(self, t: int) -> None:
        s, x, b = self.state, self.x, self.book
        for k, pos in enumerate(b.margin):
            value = s.margin[k] * x.spot[pos.index][:, t] * x.fx_of(x.index_ccy[pos.index], t)
            loan = s.loan[k] * x.fx_of(b.loan_ccy[k], t)
            if pos.collateral is not None:
                collateral = np.full_like(value, pos.collateral)
            else:
                held, transit = self._funds_value(t)
                collateral = s.cash + held + transit
            live = value > 0
            ratio = np.where(live, (collateral + value - loan) / np.where(live, value, 1.0), np.inf)
            hit = live & (ratio < pos.maintenance_ratio)
            if hit.any():
                before, _ = self.exposures(t)
                fee = self.frictions.etf_cost * value
                s.cash = np.where(hit, s.cash + value - loan - fee, s.cash)
                s.costs["commissions"] = s.costs["commissions"] + np.where(hit, fee, 0.0)
                s.margin[k] = np.where(hit, 0.0, s.margin[k])
                s.loan[k] = np.where(hit, 0.0, s.loan[k])
                s.liquidations = s.liquidations + hit
                after, _ = self.exposures(t)
                self.log(EventKind.MARGIN_LIQUIDATION, hit, t, ratio, pos.maintenance_ratio, before, after)

    def _futures_calls(self, t: int) -> None:
        s, x, b = self.state, self.x, self.book
        if not b.futures:
            return
        required = self.required(t)
        short = (required > 0) & (s.cash < required - CASH_TOLERANCE)
        s.short_today = short
        s.call_days = np.where(short, s.call_days + 1.0, 0.0)
        hit = s.call_days > self.frictions.margin_call_days
        if hit.any():
            before, _ = self.exposures(t)
            for j, pos in enumerate(b.futures):
                fee = s.futures[j] * self.frictions.futures_commission * x.fx_of(contract(pos.symbol).currency, t)
                s.cash = np.where(hit, s.cash - fee, s.cash)
                s.costs["commissions"] = s.costs["commissions"] + np.where(hit, fee, 0.0)
                s.futures[j] = np.where(hit, 0.0, s.futures[j])
            s.liquidations = s.liquidations + hit
            after, _ = self.exposures(t)
            days = float(self.frictions.margin_call_days)
            self.log(EventKind.FUTURES_LIQUIDATION, hit, t, s.cash, days, before, after)
            s.call_days = np.where(hit, 0.0, s.call_days)

    def scale(self, t: int, factor: FloatArray, mask: np.ndarray, levered_only: bool = False,
              down: bool = False) -> None:
        """Trade every satellite position (or only the borrowed ones) on the paths in ``mask`` by ``factor``.

        Futures round to the nearest whole contract, or down with ``down`` (a cap must hold, a buy must not
        overshoot).
        """
        s, x, b, fr = self.state, self.x, self.book, self.frictions
        f = np.where(mask, factor, 1.0)
        positions = [] if levered_only else list(zip(b.etf, range(len(b.etf)), strict=True))
        for pos, k in positions:
            rate = x.fx_of(x.index_ccy[pos.index], t)
            trade = s.etf[k] * (f - 1.0) * x.spot[pos.index][:, t] * rate
            fee = fr.etf_cost * np.abs(trade)
            s.etf[k] = s.etf[k] * f
            s.cash = s.cash - trade - fee
            s.costs["commissions"] = s.costs["commissions"] + fee
        for k, pos in enumerate(b.margin):
            rate = x.fx_of(x.index_ccy[pos.index], t)
            trade = s.margin[k] * (f - 1.0) * x.spot[pos.index][:, t]
            fee = fr.etf_cost * np.abs(trade) * rate
            s.margin[k] = s.margin[k] * f
            s.loan[k] = s.loan[k] + trade * rate / x.fx_of(b.loan_ccy[k], t)
            s.cash = s.cash - fee
            s.costs["commissions"] = s.costs["commissions"] + fee
        for j, pos in enumerate(b.futures):
            new = np.floor(s.futures[j] * f + 1e-9) if down else round_half_up(s.futures[j] * f)
            fee = np.abs(new - s.futures[j]) * fr.futures_commission * x.fx_of(contract(pos.symbol).currency, t)
            s.futures[j] = new
            s.cash = s.cash - fee
            s.costs["commissions"] = s.costs["commissions"] + fee

    def _rules(self, t: int) -> None:
        r, s = self.rules, self.state
        if r is None:
            return
        nav = self.nav(t)
        s.peak = np.maximum(s.peak, nav)
        dd = nav / s.peak - 1.0
        exposure, levered = self.exposures(t)
        e = exposure / nav
        for step in reversed(r.derisk):  # deepest first: it wins
            cross = (dd <= step.drawdown) & (s.prev_dd > step.drawdown) & (exposure > 0)
            goal = self.e_plan * (1.0 - step.cut)
            fire = cross & (e > goal + 1e-12)
            self.scale(t, np.where(fire, goal / np.where(e > 0, e, 1.0), 1.0), fire)
            after, _ = self.exposures(t)
            self.log(EventKind.DERISK, cross, t, dd, (step.drawdown, 1.0 - step.cut), exposure, after)
            s.reduced = s.reduced | cross
            s.last_step = np.where(cross, t, s.last_step)
            s.prev_dd = np.where(cross, -np.inf, s.prev_dd)  # one step per day: shallower steps see no cross
        s.prev_dd = dd
        self._reentry(t, dd)
        self._cap(t)

    def _realised_vol(self, t: int) -> FloatArray:
        w = self.rules.reentry.window
        lo = max(t - w, 0)
        levels = self.x.spot[self.x.driver][:, lo: t + 1]
        if levels.shape[1] < 3:
            return np.full(levels.shape[0], np.inf)
        returns = np.diff(np.log(levels), axis=1)
        return returns.std(axis=1, ddof=1) * np.sqrt(252.0)

    def _reentry(self, t: int, dd: FloatArray) -> None:
        r, s = self.rules, self.state
        if r.reentry is None:
            return
        rv = self._realised_vol(t)
        s.calm_days = np.where(rv < r.reentry.realised_vol_below, s.calm_days + 1.0, 0.0)
        ok = s.calm_days >= r.reentry.days
        if r.reentry.drawdown_above is not None:
            ok |= dd >= r.reentry.drawdown_above
        go = s.reduced & ok & (t - s.last_step >= r.min_days_between_steps)
        if not go.any():
            return
        nav = self.nav(t)
        exposure, levered = self.exposures(t)
        goal = np.minimum(exposure / nav + r.leverage_step, self.e_plan)
        room = (r.leverage_cap * nav - self.gross(t)) / np.where(levered > 0, levered, 1.0)
        factor = np.where(exposure > 0, goal * nav / np.where(exposure > 0, exposure, 1.0), 1.0)
        factor = np.where(levered > 0, np.minimum(factor, 1.0 + np.maximum(room, 0.0)), factor)
        trade = go & (factor > 1.0 + 1e-12)  # a step the leverage cap blocks waits for room
        self.scale(t, factor, trade, down=True)
        after, _ = self.exposures(t)
        trade &= after > exposure
        self.log(EventKind.REENTRY, trade, t, rv, r.reentry.realised_vol_below, exposure, after)
        s.reduced = s.reduced & ~(trade & (after >= self.e_plan * nav * (1.0 - 1e-9)))
        s.last_step = np.where(trade, t, s.last_step)
        s.calm_days = np.where(trade, 0.0, s.calm_days)

    def _cap(self, t: int) -> None:
        r = self.rules
        nav = self.nav(t)
        exposure, levered = self.exposures(t)
        over = self.gross(t) - r.leverage_cap * nav
        hit = (levered > 0) & (over > r.drift_band * nav)
        if hit.any():
            factor = 1.0 - over / np.where(levered > 0, levered, 1.0)
            self.scale(t, np.maximum(factor, 0.0), hit, levered_only=True, down=True)
            after, _ = self.exposures(t)
            hit &= after < exposure
            lev = (over + r.leverage_cap * nav) / nav
            self.log(EventKind.LEVERAGE_CAP, hit, t, lev, r.leverage_cap, exposure, after)

    def _refill(self, t: int) -> None:
        s, x, fr = self.state, self.x, self.frictions
        if self.book.futures:
            initial = self.required(t, "initial")
            low, goal = fr.refill_below * initial, fr.refill_to * initial
            low = np.maximum(low, self.required(t))
        else:
            low = goal = np.zeros(x.paths.n_paths)
        transit = self._transit_net(t)  # what the redemptions in transit will bring
        need = np.where(s.cash + transit < low - CASH_TOLERANCE, goal - s.cash - transit, 0.0)
        for k, f in enumerate(self.book.funds):
            if not need.any():
                break
            rate = x.fx_of(f.currency, t)
            take = np.minimum(s.units[k], np.maximum(need, 0.0) / (rate * (1.0 - f.fx_cost)))
            s.units[k] = s.units[k] - take
            need = need - take * rate * (1.0 - f.fx_cost)
            if f.lag == 0:
                s.cash = s.cash + take * rate * (1.0 - f.fx_cost)
                s.costs["fx_conversion"] = s.costs["fx_conversion"] + take * rate * f.fx_cost
            else:
                ring = s.pending[k]
                ring[(t + f.lag) % ring.shape[0]] += take

    def _record(self, t: int) -> None:
        s, rec = self.state, self.rec
        held, transit = self._funds_value(t)
        exposure, _ = self.exposures(t)
        nav = self.nav(t)
        required = self.required(t)
        rec["nav"][:, t] = nav
        rec["cash"][:, t] = s.cash
        rec["exposure"][:, t] = exposure
        rec["leverage"][:, t] = self.gross(t) / nav
        rec["mmf"][:, t] = held + transit
        rec["options"][:, t] = self.options_value(t)
        rec["required"][:, t] = required
        rec["shortfall"][:, t] = (s.cash < np.maximum(required, 0.0) - CASH_TOLERANCE) | s.short_today
        s.short_today = np.zeros_like(s.short_today)

    # -- the run ---------------------------------------------------------------------------------------------
    def run(self, progress: Callable[[int], None] | None = None) -> PathRun:
        """Live through every day; ``progress(t)`` is called after each day."""
        s = self.state
        nav0 = self.nav(0)
        exposure0, _ = self.exposures(0)
        self.e_plan = exposure0 / nav0
        s.peak = nav0.copy()
        self._hedge(0)
        self._refill(0)
        self._record(0)
        for t in range(1, self.x.paths.n_days + 1):
            self._accrue(t)
            self._arrive(t)
            self._futures(t)
            self._hedge(t)
            self._margin_calls(t)
            self._futures_calls(t)
            self._rules(t)
            self._refill(t)
            self._record(t)
            if progress is not None:
                progress(t)
        return PathRun.build(self)


def simulate(account: Account, market: Market, paths: MarketPaths, rules: Rules | None = None,
             hedge: StandingHedge | None = None, frictions: Frictions | None = None,
             progress: Callable[[int], None] | None = None) -> PathRun:
    """Run ``account`` through ``paths`` with ``rules`` and a standing ``hedge`` (see :class:`Simulator`).

    Returns
    -------
    PathRun
        NAV, cash, exposure, leverage, drawdown paths; costs by kind; events; metrics per path.

    Examples
    --------
    The strategy's account through a 1987-style crash: the one-day fall costs the 30% satellite about 6% of NAV.

    >>> from hedgeopt.account.holdings import MMF, Cash, MarginPosition
    >>> from pricing import default_market
    >>> from scenarios.paths.stylised import stylised_path
    >>> acct = Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
    ...                satellite=(MarginPosition("SPX", 3_000_000, 0.06, value_currency="JPY"),))
    >>> m = default_market()
    >>> run = simulate(acct, m, stylised_path("crash_1987", m))
    >>> bool(-0.15 < run.max_drawdown[0] < -0.05)
    True
    """
    return Simulator(account, market, paths, rules, hedge, frictions).run(progress)



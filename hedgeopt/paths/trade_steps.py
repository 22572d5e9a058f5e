"""The day's trading steps on the paths (steps 4 and 7 of :mod:`hedgeopt.paths.engine`).

The option programs' rolls (the standing put or put spread; route C's calls or call spreads), the rules
(staircase, re-entry, leverage cap) and the trades they make.
"""

from __future__ import annotations

import numpy as np

from hedgeopt.config.path_settings import Frictions
from hedgeopt.config.rules import Rules
from hedgeopt.paths.book import round_half_up
from hedgeopt.paths.events import EventKind
from hedgeopt.paths.valuation import LEG_BLOCK_CELLS, PathValues
from pricing import contract
from pricing._typing import FloatArray
from pricing.standard_hedges import listed_strikes, option_expiry
from pricing.trading_costs import DEFAULT_QUOTE_MODEL, TradeSide, commission_schedule

CAP_TOLERANCE = 1e-9
"""Leverage above the cap (+ drift band) by at most this much (× NAV) is not trimmed: a re-entry that buys up to
the cap lands on it give or take the last bit, and a trim of a billionth of NAV would only log noise."""


class TradeSteps(PathValues):
    """Steps that trade the satellite or the standing hedge.

    ``rules``, ``ruled`` (bool of shape ``(programs, 1)``: the rows the rules act on), ``frictions``, ``e_plan``
    (the planned exposure / NAV per path) and ``call_units`` (route C: the index units each row's calls hold,
    shape ``(programs, n_paths)``, zero on the other rows) are set by the engine.
    """

    rules: Rules | None
    ruled: np.ndarray
    _levels: FloatArray  # the staircase's drawdown levels, shape (steps, 1, 1)
    _rv: tuple[int, FloatArray]
    frictions: Frictions
    e_plan: FloatArray
    call_units: FloatArray

    def _hedge(self, t: int) -> None:
        """Roll the programs whose options are due; programs alike that hold the same legs roll together.

        A standing hedge is sized to its index exposure held, route C's calls to their index units at the day's
        level (:attr:`call_units`).
        """
        due: dict[tuple, list[int]] = {}
        for g, h in enumerate(self.programs):
            expiry = self.opt_expiry[g]
            if h is not None and (expiry is None or (expiry - self.x.dates[t]).days <= h.roll_days):
                due.setdefault((h, self.opt_legs[g]), []).append(g)
        if not due:
            return
        exposure = np.broadcast_to(self.exposures(t)[0], self.lanes)  # rolls trade options only: fixed today
        hedged: dict[str, np.ndarray] = {}
        for rows in due.values():
            index = contract(self.programs[rows[0]].symbol).underlying
            if self.programs[rows[0]].right == "call":
                self._roll(t, rows, exposure[rows], self.call_units[rows] * self.x.spot[index][:, t])
                continue
            if index not in hedged:
                hedged[index] = np.broadcast_to(self.index_exposure(t, index), self.lanes)
            self._roll(t, rows, exposure[rows], hedged[index][rows])

    def _roll(self, t: int, rows: list[int], exposure: FloatArray, hedged: FloatArray) -> None:
        """Programs ``rows`` (one program, holding the same legs) settle or sell their options and buy the next.

        ``exposure`` is the rows' satellite exposure (base currency) and ``hedged`` the exposure to the option's
        index the new options are sized to (index currency), shape ``(len(rows), n_paths)``.
        """
        s, x, h = self.state, self.x, self.programs[rows[0]]
        spec = contract(h.symbol)
        first = rows[0]
        if self.opt_expiry[first] is not None:
            mid = self._held_value(t, self.opt_legs[first], rows)
            if (self.opt_expiry[first] - x.dates[t]).days <= 0:
                s.cash[rows] += mid  # settles at intrinsic value: no spread, no commission
                if self.ledger is not None:
                    self.tax_options_closed(rows, mid)
            else:
                proceeds, fee = self._trade_hedge(t, rows, buy=False)
                s.cash[rows] += proceeds - fee
                if self.ledger is not None:
                    self.tax_options_closed(rows, proceeds - fee)
                payoff = self._held_intrinsic(t, self.opt_legs[first], rows)
                s.hedge_spend[rows] -= proceeds - fee - payoff  # time value recovered only
                s.costs["roll"][rows] += mid - proceeds
                s.costs["commissions"][rows] += fee
        level = x.spot[spec.underlying][:, t] * spec.price_ratio
        wanted = h.coverage * hedged / (spec.multiplier * level)
        contracts = np.where(wanted > 0, np.maximum(round_half_up(wanted), 1.0), 0.0) if h.integer else wanted
        s.opt_contracts[rows] = np.maximum(contracts, 0.0)
        s.strike_long[rows] = listed_strikes(spec.symbol, h.moneyness * level)
        s.strike_short[rows] = listed_strikes(spec.symbol, h.short_moneyness * level) if h.spread else 0.0
        expiry = option_expiry(x.dates[t], spec.underlying, h.tenor_days)
        legs = ((spec.symbol, expiry, t, h.moneyness, h.right),) + (
            ((spec.symbol, expiry, t, h.short_moneyness, h.right),) if h.spread else ())
        for g in rows:
            self.opt_expiry[g], self.opt_legs[g] = expiry, legs
        strikes = (s.strike_long[first].copy(), s.strike_short[first].copy())
        self.leg_strikes.update(zip(legs, strikes, strict=False))
        self._dirty.update(rows)
        mid = self._held_value(t, legs, rows)
        paid, fee = self._trade_hedge(t, rows, buy=True)
        s.cash[rows] -= paid + fee
        if self.ledger is not None:
            self.tax_options_bought(rows, paid + fee)
        s.hedge_spend[rows] += paid + fee
        s.costs["premiums"][rows] += mid
        s.costs["roll"][rows] += paid - mid
        s.costs["commissions"][rows] += fee
        bought = s.opt_contracts[rows] > 0
        notional = s.opt_contracts[rows] * spec.notional(x.spot[spec.underlying][:, t])
        s.cover[rows] += np.where(bought & (hedged > 0), notional / np.where(hedged > 0, hedged, 1.0), 0.0)
        s.rolls[rows] += bought
        s.bought[rows] += np.where(bought, s.opt_contracts[rows], 0.0)
        self.log(EventKind.ROLL, bought, t, s.strike_long[rows], h.moneyness, exposure, exposure, rows=rows)
        self.touch()

    def _trade_hedge(self, t: int, rows: list[int], buy: bool) -> tuple[FloatArray, FloatArray]:
        """(premium, commission) of programs ``rows`` buying or selling their standing hedge, base currency.

        Each of shape ``(len(rows), n_paths)``. Without a ``half_spread`` each leg trades at the quote model's ask
        (bought) or bid (sold) on the day's model price and delta, and a long leg whose bid is zero is not sold
        (it is left to expire); with one, the package trades at its model value × (1 ± half_spread). Each leg
        traded pays ``commission`` per contract, or the schedule's fee for an order of the contracts held (at the
        leg's execution price, or its model price with a ``half_spread``), converted at the day's FX.
        """
        s, h = self.state, self.programs[rows[0]]
        spec = contract(h.symbol)
        fx, n = self.x.fx_of(spec.currency, t), s.opt_contracts[rows]
        schedule = None if h.commission is not None else commission_schedule(spec)
        points, fee = np.zeros_like(n), np.zeros_like(n)
        legs = [(s.strike_long[rows], 1)] + ([(s.strike_short[rows], -1)] if h.spread else [])
        for strike, qty in legs:
            model, delta = self.option_unit_greeks(t, rows[0], strike)
            leg_buys = (qty > 0) == buy
            px, traded = model, np.ones_like(n)
            if h.half_spread is None:
                bid, ask = DEFAULT_QUOTE_MODEL.quote(model, delta, spec.symbol, validate=False)
                px = ask if leg_buys else bid
                if qty > 0 and not buy:
                    traded = np.where(bid > 0.0, 1.0, 0.0)
                points = points + qty * px * traded
            if schedule is None:
                fee = fee + h.commission * n * traded
            else:
                side = TradeSide.BUY if leg_buys else TradeSide.SELL
                fee = fee + schedule.fee(px, spec.multiplier, n * traded, side, validate=False) * fx
        if h.half_spread is None:
            return points * spec.multiplier * n * fx, fee
        mid = self._held_value(t, self.opt_legs[rows[0]], rows)
        return mid * (1.0 + h.half_spread) if buy else mid * (1.0 - h.half_spread), fee

    def scale(self, t: int, factor: FloatArray, mask: np.ndarray, levered_only: bool = False,
              down: bool = False) -> None:
        """Trade every satellite position (or only the borrowed ones) on the paths in ``mask`` by ``factor``.

        Futures round to the nearest whole contract, or down with ``down`` (a cap must hold, a buy must not
        overshoot).
        """
        if not mask.any():
            return  # a factor of 1 everywhere: nothing trades
        s, x, b, fr = self.state, self.x, self.book, self.frictions
        f = np.where(mask, factor, 1.0)
        positions = [] if levered_only else list(zip(b.etf, range(len(b.etf)), strict=True))
        for pos, k in positions:
            rate = x.fx_of(x.index_ccy[pos.index], t)
            trade = s.etf[k] * (f - 1.0) * x.spot[pos.index][:, t] * rate
            fee = fr.etf_cost * np.abs(trade)
            if self.ledger is not None:
                self.tax_etf_trade(k, f, trade, fee)
            s.etf[k] = s.etf[k] * f
            s.cash = s.cash - trade - fee
            s.costs["commissions"] = s.costs["commissions"] + fee
        for k, pos in enumerate(b.margin):
            rate = x.fx_of(x.index_ccy[pos.index], t)
            trade = s.margin[k] * (f - 1.0) * x.spot[pos.index][:, t]
            fee = fr.etf_cost * np.abs(trade) * rate
            if self.ledger is not None:
                self.tax_margin_trade(k, f, s.margin[k] * x.spot[pos.index][:, t] * rate, fee)
            s.margin[k] = s.margin[k] * f
            s.loan[k] = s.loan[k] + trade * rate / x.fx_of(b.loan_ccy[k], t)
            s.cash = s.cash - fee
            s.costs["commissions"] = s.costs["commissions"] + fee
        for j, pos in enumerate(b.futures):
            new = np.floor(s.futures[j] * f + 1e-9) if down else round_half_up(s.futures[j] * f)
            fee = np.abs(new - s.futures[j]) * fr.futures_commission * x.fx_of(contract(pos.symbol).currency, t)
            if self.ledger is not None:
                self.tax_futures_trade(j, s.futures[j], new, fee)
            s.futures[j] = new
            s.cash = s.cash - fee
            s.costs["commissions"] = s.costs["commissions"] + fee
        self.touch()

    def _rules(self, t: int) -> None:
        r, s = self.rules, self.state
        if r is None:
            return
        nav = self.nav(t)
        s.peak = np.maximum(s.peak, nav)
        dd = nav / s.peak - 1.0
        self._derisk(t, dd)
        s.prev_dd = dd
        self._reentry(t, dd)
        self._cap(t)

    def _derisk(self, t: int, dd: FloatArray) -> None:
        """Each armed step whose level ``dd`` crossed today sells its ``cut`` of the exposure held, shallowest first.

        A one-day fall through several levels fires each of them in turn (``cut`` 0.20 then 0.50 keeps
        0.8 × 0.5 = 40% of the exposure, as on two separate days); a step that fired is disarmed until a re-entry
        (:meth:`_reentry`) re-arms it.
        """
        r, s = self.rules, self.state
        if not r.derisk:
            return
        levels = self._levels
        crossed = (dd <= levels) & (s.prev_dd > levels)
        for k in np.flatnonzero(crossed.any(axis=(1, 2))):  # most days: none
            step = r.derisk[k]
            before, _ = self.exposures(t)
            fire = s.armed[k] & crossed[k] & (before > 0) & self.ruled
            if not fire.any():
                continue
            self.scale(t, np.full(dd.shape, 1.0 - step.cut), fire)
            after, _ = self.exposures(t)
            self.log(EventKind.DERISK, fire, t, dd, (step.drawdown, step.cut), before, after)
            s.armed[k] = s.armed[k] & ~fire
            s.reduced = s.reduced | fire
            s.last_step = np.where(fire, t, s.last_step)

    def _realised_vol(self, t: int) -> FloatArray:
        """The driver's realised vol to the close of ``t`` over the re-entry window, annualised decimal, per path.

        Infinite before two returns. It depends on the paths alone: once the window is full it is computed ahead
        for a block of days (as the standing hedge's legs, :data:`~hedgeopt.paths.valuation.LEG_BLOCK_CELLS`).
        """
        start, block = self._rv
        if start <= t < start + len(block):
            return block[t - start]
        w = self.rules.reentry.window
        levels = self.x.spot[self.x.driver]
        if t < w:
            if t < 2:
                return np.full(levels.shape[0], np.inf)
            return np.diff(np.log(levels[:, : t + 1]), axis=1).std(axis=1, ddof=1) * np.sqrt(252.0)
        days = min(max(1, min(64, LEG_BLOCK_CELLS // levels.shape[0])), levels.shape[1] - t)
        returns = np.diff(np.log(levels[:, t - w: t + days]), axis=1)
        windows = np.lib.stride_tricks.sliding_window_view(returns, w, axis=1)
        self._rv = (t, (windows.std(axis=-1, ddof=1) * np.sqrt(252.0)).T)
        return self._rv[1][0]

    def _reentry(self, t: int, dd: FloatArray) -> None:
        r, s = self.rules, self.state
        if r.reentry is None:
            return
        rv = self._realised_vol(t)
        s.calm_days = np.where(rv < r.reentry.realised_vol_below, s.calm_days + 1.0, 0.0)
        if not s.reduced.any():
            return
        ok = s.calm_days >= r.reentry.days
        if r.reentry.drawdown_above is not None:
            ok |= dd >= r.reentry.drawdown_above
        go = s.reduced & ok & (t - s.last_step >= r.min_days_between_steps)  # reduced: on ruled rows only
        if not go.any():
            return
        nav = self.nav(t)
        exposure, levered = self.exposures(t)
        goal = np.minimum(exposure / nav + r.leverage_step, self.e_plan)
        room = (r.leverage_cap * nav - self.gross(t)) / np.where(levered > 0, levered, 1.0)
        factor = np.where(exposure > 0, goal * nav / np.where(exposure > 0, exposure, 1.0), 1.0)
        factor = np.where(levered > 0, np.minimum(factor, 1.0 + np.maximum(room, 0.0)), factor)
        trade = go & (factor > 1.0 + 1e-12)  # a step the leverage cap blocks waits for room
        if not trade.any():  # nothing trades: only an episode back at its plan ends
            restored = go & (exposure >= self.e_plan * nav * (1.0 - 1e-9))
            if restored.any():
                s.reduced = s.reduced & ~restored
                s.armed = [armed | restored for armed in s.armed]
            return
        self.scale(t, factor, trade, down=True)
        after, _ = self.exposures(t)
        trade &= after > exposure
        self.log(EventKind.REENTRY, trade, t, rv, r.reentry.realised_vol_below, exposure, after)
        restored = go & (after >= self.e_plan * nav * (1.0 - 1e-9))  # back at the plan: the episode is over
        s.reduced = s.reduced & ~restored
        s.armed = [armed | trade | restored for armed in s.armed]  # a step back up re-arms the staircase
        s.last_step = np.where(trade, t, s.last_step)
        s.calm_days = np.where(trade, 0.0, s.calm_days)

    def _cap(self, t: int) -> None:
        r = self.rules
        nav = self.nav(t)
        exposure, levered = self.exposures(t)
        over = self.gross(t) - r.leverage_cap * nav
        hit = (levered > 0) & (over > (r.drift_band + CAP_TOLERANCE) * nav) & self.ruled  # not a re-entry's last bit
        if hit.any():
            factor = 1.0 - over / np.where(levered > 0, levered, 1.0)
            self.scale(t, np.maximum(factor, 0.0), hit, levered_only=True, down=True)
            after, _ = self.exposures(t)
            hit &= after < exposure
            lev = (over + r.leverage_cap * nav) / nav
            self.log(EventKind.LEVERAGE_CAP, hit, t, lev, r.leverage_cap, exposure, after)

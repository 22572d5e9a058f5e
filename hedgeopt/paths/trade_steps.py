"""The day's trading steps on the paths (steps 4 and 7 of :mod:`hedgeopt.paths.engine`).

The standing hedge's roll, the rules (staircase, re-entry, leverage cap) and the trades they make.
"""

from __future__ import annotations

import numpy as np

from hedgeopt.config.path_settings import Frictions, HedgeKind
from hedgeopt.config.rules import Rules
from hedgeopt.paths.book import round_half_up
from hedgeopt.paths.events import EventKind
from hedgeopt.paths.valuation import PathValues
from pricing import contract
from pricing._typing import FloatArray
from pricing.standard_hedges import listed_strikes, option_expiry
from pricing.trading_costs import DEFAULT_QUOTE_MODEL, TradeSide, commission_schedule

CAP_TOLERANCE = 1e-9
"""Leverage above the cap (+ drift band) by at most this much (× NAV) is not trimmed: a re-entry that buys up to
the cap lands on it give or take the last bit, and a trim of a billionth of NAV would only log noise."""


class TradeSteps(PathValues):
    """Steps that trade the satellite or the standing hedge.

    ``rules``, ``frictions`` and ``e_plan`` (the planned exposure / NAV per path) are set by the engine.
    """

    rules: Rules | None
    frictions: Frictions
    e_plan: FloatArray

    def _hedge(self, t: int) -> None:
        due = [g for g, h in enumerate(self.programs) if h is not None and (
            self.opt_expiry[g] is None or (self.opt_expiry[g] - self.x.dates[t]).days <= h.roll_days)]
        if not due:
            return
        exposure = np.broadcast_to(self.exposures(t)[0], self.lanes)  # rolls trade options only: fixed today
        hedged: dict[str, np.ndarray] = {}
        for g in due:
            index = contract(self.programs[g].symbol).underlying
            if index not in hedged:
                hedged[index] = np.broadcast_to(self.index_exposure(t, index), self.lanes)
            self._roll(t, g, exposure[g], hedged[index][g])

    def _roll(self, t: int, g: int, exposure: FloatArray, hedged: FloatArray) -> None:
        """Program ``g`` settles or sells the options it holds and buys the next ones (step 4).

        ``exposure`` is the row's satellite exposure (base currency) and ``hedged`` its exposure to the option's
        index (index currency), per path.
        """
        s, x, h = self.state, self.x, self.programs[g]
        spec = contract(h.symbol)
        if self.opt_expiry[g] is not None:
            mid = self.program_value(t, g)
            if (self.opt_expiry[g] - x.dates[t]).days <= 0:
                s.cash[g] += mid  # settles at intrinsic value: no spread, no commission
            else:
                proceeds, fee = self._trade_hedge(t, g, buy=False)
                s.cash[g] += proceeds - fee
                s.hedge_spend[g] -= proceeds - fee - self.program_intrinsic(t, g)  # time value recovered only
                s.costs["roll"][g] += mid - proceeds
                s.costs["commissions"][g] += fee
        level = x.spot[spec.underlying][:, t] * spec.price_ratio
        wanted = h.coverage * hedged / (spec.multiplier * level)
        contracts = np.where(wanted > 0, np.maximum(round_half_up(wanted), 1.0), 0.0) if h.integer else wanted
        s.opt_contracts[g] = np.maximum(contracts, 0.0)
        s.strike_long[g] = listed_strikes(spec.symbol, h.moneyness * level)
        spread = h.kind is HedgeKind.SPREAD
        s.strike_short[g] = listed_strikes(spec.symbol, (h.moneyness - h.width) * level) if spread else 0.0
        expiry = option_expiry(x.dates[t], spec.underlying, h.tenor_days)
        self.opt_expiry[g] = expiry
        self.opt_legs[g] = ((spec.symbol, expiry, t, h.moneyness),) + (
            ((spec.symbol, expiry, t, h.moneyness - h.width),) if spread else ())
        strikes = (s.strike_long[g].copy(), s.strike_short[g].copy())
        self.leg_strikes.update(zip(self.opt_legs[g], strikes, strict=False))
        self._dirty.add(g)
        mid = self.program_value(t, g)
        paid, fee = self._trade_hedge(t, g, buy=True)
        s.cash[g] -= paid + fee
        s.hedge_spend[g] += paid + fee
        s.costs["premiums"][g] += mid
        s.costs["roll"][g] += paid - mid
        s.costs["commissions"][g] += fee
        bought = s.opt_contracts[g] > 0
        notional = s.opt_contracts[g] * spec.notional(x.spot[spec.underlying][:, t])
        s.cover[g] += np.where(bought & (hedged > 0), notional / np.where(hedged > 0, hedged, 1.0), 0.0)
        s.rolls[g] += bought
        self.log(EventKind.ROLL, bought, t, s.strike_long[g], h.moneyness, exposure, exposure, row=g)

    def _trade_hedge(self, t: int, g: int, buy: bool) -> tuple[FloatArray, FloatArray]:
        """(premium, commission) of program ``g`` buying or selling its standing hedge, base currency, per path.

        Without a ``half_spread`` each leg trades at the quote model's ask (bought) or bid (sold) on the day's
        model price and delta, and a long leg whose bid is zero is not sold (it is left to expire); with one, the
        package trades at its model value × (1 ± half_spread). Each leg traded pays ``commission`` per contract,
        or the schedule's fee for an order of the contracts held (at the leg's execution price, or its model
        price with a ``half_spread``), converted at the day's FX.
        """
        s, h = self.state, self.programs[g]
        spec = contract(h.symbol)
        fx, n = self.x.fx_of(spec.currency, t), s.opt_contracts[g]
        schedule = None if h.commission is not None else commission_schedule(spec)
        points, fee = np.zeros_like(n), np.zeros_like(n)
        legs = [(s.strike_long[g], 1)] + ([(s.strike_short[g], -1)] if h.kind is HedgeKind.SPREAD else [])
        for strike, qty in legs:
            model, delta = self.option_unit_greeks(t, g, strike)
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
        mid = self.program_value(t, g)
        return mid * (1.0 + h.half_spread) if buy else mid * (1.0 - h.half_spread), fee

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
        for k, step in enumerate(r.derisk):
            before, _ = self.exposures(t)
            fire = s.armed[k] & (dd <= step.drawdown) & (s.prev_dd > step.drawdown) & (before > 0)
            if not fire.any():
                continue
            self.scale(t, np.full(dd.shape, 1.0 - step.cut), fire)
            after, _ = self.exposures(t)
            self.log(EventKind.DERISK, fire, t, dd, (step.drawdown, step.cut), before, after)
            s.armed[k] = s.armed[k] & ~fire
            s.reduced = s.reduced | fire
            s.last_step = np.where(fire, t, s.last_step)

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
        hit = (levered > 0) & (over > (r.drift_band + CAP_TOLERANCE) * nav)  # not a re-entry's last bit
        if hit.any():
            factor = 1.0 - over / np.where(levered > 0, levered, 1.0)
            self.scale(t, np.maximum(factor, 0.0), hit, levered_only=True, down=True)
            after, _ = self.exposures(t)
            hit &= after < exposure
            lev = (over + r.leverage_cap * nav) / nav
            self.log(EventKind.LEVERAGE_CAP, hit, t, lev, r.leverage_cap, exposure, after)

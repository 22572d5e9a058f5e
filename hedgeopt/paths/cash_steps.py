"""The day's cash and margin steps on the paths (steps 1-3, 5, 6 and 8 of :mod:`hedgeopt.paths.engine`).

Accrual, MMF arrivals, futures variation margin, margin calls and forced liquidations, refills from the MMF.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from hedgeopt.account.account import HEDGE_TENOR_DAYS
from hedgeopt.config.path_settings import Frictions
from hedgeopt.paths.book import CASH_TOLERANCE
from hedgeopt.paths.events import EventKind
from hedgeopt.paths.valuation import PathValues, per_run
from pricing import contract
from pricing._typing import FloatArray


class CashSteps(PathValues):
    """Steps that move cash, funds, loans and futures; ``frictions`` is set by the engine.

    The FX hedge's margin counts with the futures' (``required``), and a call closes it too
    (``_fx_close`` and ``fx_margined`` come from :class:`~hedgeopt.paths.fx_steps.FxSteps`).
    """

    frictions: Frictions
    fx_margined: bool
    _fx_close: Callable[[int, np.ndarray], None]
    ledger: object | None  # the tax ledger (hedgeopt.paths.aftertax.steps.TaxSteps), None without one

    def _accrue(self, t: int) -> None:
        s, x, b = self.state, self.x, self.book
        for k in range(len(b.funds)):
            before = s.units[k]
            s.units[k] = before * self._growth(k)[..., t - 1]
            if self.ledger is not None and b.funds[k].floats:
                self.tax_distribution(k, before, self._growth(k)[..., t - 1], t)
        for k, pos in enumerate(b.margin):
            lccy = b.loan_ccy[k]
            interest = s.loan[k] * self._loan_carry(k)[:, t - 1]
            dividend = s.margin[k] * self._dividend(pos.index)[:, t - 1]
            ccy = x.index_ccy[pos.index]
            s.loan[k] = s.loan[k] + interest - dividend * x.fx_of(ccy, t) / x.fx_of(lccy, t)
            s.costs["funding"] = s.costs["funding"] + interest * x.fx_of(lccy, t)
            if self.ledger is not None:
                self.tax_margin_carry(k, interest * x.fx_of(lccy, t), dividend * x.fx_of(ccy, t))
        for k, pos in enumerate(b.etf):
            dividend = s.etf[k] * self._dividend(pos.index)[:, t - 1]
            if pos.accumulating:  # reinvested at today's close
                s.etf[k] = s.etf[k] + dividend / x.spot[pos.index][:, t]
            else:
                s.cash = s.cash + dividend * x.fx_of(x.index_ccy[pos.index], t)
            if self.ledger is not None:
                self.tax_etf_dividend(k, dividend * x.fx_of(x.index_ccy[pos.index], t), pos.accumulating)
        d = x.dt[t - 1]
        for k, betas in enumerate(b.other_betas):
            move = sum(beta * (x.spot[i][:, t] / x.spot[i][:, t - 1] - 1.0) for i, beta in betas.items())
            s.other[k] = s.other[k] * (1.0 + move + b.other_carry[k] * d)

    @per_run
    def _growth(self, k: int) -> FloatArray:
        r"""Fund ``k``'s growth factor over each day, :math:`1 + y\,dt` (the engine's step 1); day ``t`` at ``t - 1``.

        Shape ``(n_paths, n_days)``, or ``(n_days,)`` for a fund that does not float.
        """
        f, x = self.book.funds[k], self.x
        rate = x.rate[f.rate_currency][:, :-1]
        y = (rate + f.spread if f.floats else f.spread) - f.fee
        if f.hedged:
            gap = rate - x.rate[f.currency][:, :-1]
            y = y - (1.0 - np.exp(-gap * HEDGE_TENOR_DAYS / 365.0)) * 365.0 / HEDGE_TENOR_DAYS - f.hedge_fee
        return 1.0 + y * x.dt

    @per_run
    def _loan_carry(self, k: int) -> FloatArray:
        r"""Margin loan ``k``'s interest per unit lent over each day, :math:`(r + s)\,dt`; day ``t`` at ``t - 1``."""
        x, b = self.x, self.book
        return (x.rate[b.loan_ccy[k]][:, :-1] + b.loan_spread[k]) * x.dt

    @per_run
    def _dividend(self, index: str) -> FloatArray:
        """Dividend per unit of ``index`` over each day, index points: level × yield × dt; day ``t`` at ``t - 1``."""
        x = self.x
        return x.spot[index][:, :-1] * x.div[index][:, :-1] * x.dt

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
            margin = s.futures[j] * spec.multiplier * spec.price_ratio * self._futures_move(j)[:, t - 1] * (
                x.fx_of(spec.currency, t))
            s.cash = s.cash + margin
            rolled = b.fut_held[j][t] != b.fut_held[j][t - 1]
            fee = 0.0
            if rolled:
                fee = 2.0 * s.futures[j] * self.frictions.futures_commission * x.fx_of(spec.currency, t)
                s.cash = s.cash - fee
                s.costs["roll"] = s.costs["roll"] + fee
            if self.ledger is not None:
                self.tax_futures_day(j, margin, rolled, fee)

    @per_run
    def _futures_move(self, j: int) -> FloatArray:
        r"""Price move of futures position ``j``'s contract held overnight, points; day ``t`` at ``t - 1``.

        :math:`F_t - F_{t-1}` of the quarterly contract held at the close of ``t - 1``
        (:math:`F = S e^{(r-q)\tau}` to its expiry, :math:`\tau` the calendar days left / 365), shape
        ``(n_paths, n_days)``.
        """
        x, held = self.x, self.book.fut_held[j]
        spec = contract(self.book.futures[j].symbol)
        i = spec.underlying
        carry = x.rate[spec.currency] - x.div[i]
        now = np.array([max((e - d).days, 0) for e, d in zip(held[:-1], x.dates[1:], strict=True)]) / 365.0
        before = np.array([max((e - d).days, 0) for e, d in zip(held[:-1], x.dates[:-1], strict=True)]) / 365.0
        return x.spot[i][:, 1:] * np.exp(carry[:, 1:] * now) - x.spot[i][:, :-1] * np.exp(carry[:, :-1] * before)

    def _margin_calls(self, t: int) -> None:
        s, x, b = self.state, self.x, self.book
        for k, pos in enumerate(b.margin):
            value = s.margin[k] * self.base_price(pos.index)[:, t]
            loan = s.loan[k] * x.fx_of(b.loan_ccy[k], t)
            if pos.collateral is not None:
                equity = pos.collateral + value - loan
            else:
                held, transit = self._funds_value(t)
                equity = s.cash + (held + transit + value - loan)  # the shared rows first, then each program's cash
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = equity / value  # inf or NaN where nothing is held: never hit
            hit = (value > 0) & (ratio < pos.maintenance_ratio)
            if hit.any():
                before, _ = self.exposures(t)
                fee = self.frictions.etf_cost * value
                if self.ledger is not None:
                    self.tax_margin_closed(k, hit, value, fee)
                s.cash = np.where(hit, s.cash + value - loan - fee, s.cash)
                s.costs["commissions"] = s.costs["commissions"] + np.where(hit, fee, 0.0)
                s.margin[k] = np.where(hit, 0.0, s.margin[k])
                s.loan[k] = np.where(hit, 0.0, s.loan[k])
                s.liquidations = s.liquidations + hit
                self.touch()
                after, _ = self.exposures(t)
                self.log(EventKind.MARGIN_LIQUIDATION, hit, t, ratio, pos.maintenance_ratio, before, after)

    def _futures_calls(self, t: int) -> None:
        s, x, b = self.state, self.x, self.book
        if not b.futures and not self.fx_margined:
            return
        required = self.required(t)
        short = (required > 0) & (s.cash < required - CASH_TOLERANCE)
        s.short_today = short
        s.call_days = np.where(short, s.call_days + 1.0, 0.0)
        hit = s.call_days > self.frictions.margin_call_days
        if hit.any():
            before, _ = self.exposures(t)
            held = sum((c for c in s.futures), np.zeros_like(hit, dtype=float)) > 0
            if self.fx_margined:
                self._fx_liquidate(t, hit)
            for j, pos in enumerate(b.futures):
                fee = s.futures[j] * self.frictions.futures_commission * x.fx_of(contract(pos.symbol).currency, t)
                if self.ledger is not None:
                    self.tax_futures_trade(j, s.futures[j], np.zeros_like(fee), np.where(hit, fee, 0.0), hit)
                s.cash = np.where(hit, s.cash - fee, s.cash)
                s.costs["commissions"] = s.costs["commissions"] + np.where(hit, fee, 0.0)
                s.futures[j] = np.where(hit, 0.0, s.futures[j])
            s.liquidations = s.liquidations + hit
            self.touch()
            after, _ = self.exposures(t)
            days = float(self.frictions.margin_call_days)
            self.log(EventKind.FUTURES_LIQUIDATION, hit & held, t, s.cash, days, before, after)
            s.call_days = np.where(hit, 0.0, s.call_days)

    def _fx_liquidate(self, t: int, hit: np.ndarray) -> None:
        """Close the FX hedge on the paths in ``hit`` (a margin call) and log it: its notional before, 0 after."""
        s, x = self.state, self.x
        spec = self.fx_hedge.spec
        closed = hit & (s.fx_lots > 0)
        notional = s.fx_lots * spec.dollars(x.fx_of(spec.foreign, t)) * x.fx_of(spec.foreign, t)
        self._fx_close(t, hit)
        days = float(self.frictions.margin_call_days)
        self.log(EventKind.FX_LIQUIDATION, closed, t, s.cash, days, notional, np.zeros_like(notional))

    def _refill(self, t: int) -> None:
        s, x, fr = self.state, self.x, self.frictions
        if self.book.futures or self.fx_margined:
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
            self.touch()
            rate = x.fx_of(f.currency, t)
            take = np.minimum(s.units[k], np.maximum(need, 0.0) / (rate * (1.0 - f.fx_cost)))
            if self.ledger is not None:
                self.tax_redeem(k, s.units[k], take, take * rate * (1.0 - f.fx_cost))
            s.units[k] = s.units[k] - take
            need = need - take * rate * (1.0 - f.fx_cost)
            if f.lag == 0:
                s.cash = s.cash + take * rate * (1.0 - f.fx_cost)
                s.costs["fx_conversion"] = s.costs["fx_conversion"] + take * rate * f.fx_cost
            else:
                if s.pending[k].shape[1:] != take.shape:  # a row per program from now on
                    s.pending[k] = np.array(np.broadcast_to(s.pending[k], (s.pending[k].shape[0], *take.shape)))
                s.pending[k][(t + f.lag) % s.pending[k].shape[0]] += take

r"""The rolled FX hedge's day on the paths (step 3b of :mod:`hedgeopt.paths.engine`): marks, carry, rolls.

The hedge sells dollars for yen against the account's dollar MMF (``[paths.fx_hedge]``,
:class:`~hedgeopt.config.path_settings.RolledFxHedge`). With :math:`S_t` the path's USDJPY (``fx["USD"]``),
:math:`r_f, r_d` its dollar and yen short rates and :math:`N` the dollars sold, by route
(:class:`pricing.fx.terms.FxRoute`):

=================  =============================================================================================
forward            dealt at the outright :math:`K = S_t e^{(r_d - r_f)\tau}` to a maturity ``tenor_days`` on
                   (covered interest parity on the path's rates); marked in NAV at
                   :math:`N (K - F_t) e^{-r_d\tau}`; settled in cash at :math:`N (K - S_t)` on the first close on or
                   after maturity, then dealt again (a bank line: no margin)
future (6J, MJY)   long :math:`n` yen lots of :math:`L` yen, priced :math:`P_t = 1 / F_t` dollars per yen to the held
                   quarterly expiry; variation margin :math:`n L (P_t - P_{t-1})` in dollars, converted at the
                   day's :math:`S_t` into the cash (no conversion cost, as the index futures' margin); rolled
                   ``roll_days`` before expiry; margin ``FxContractSpec.margin`` held in cash
rolling            the spot move :math:`N (S_{t-1} - S_t)` settled in cash each day (the broker's 有効証拠金
(CLICK365,         counts it) and swap points :math:`N S_{t-1} (r_f - r_d) \Delta t\,(1 + m\,\mathrm{sgn})` paid
OTC_FX)            for the calendar days since the last close (:math:`m` the broker's ``swap_markup``, which also
                   cuts a swap received); re-sized every ``tenor_days``; margin held in cash
=================  =============================================================================================

Every trade is at mid plus its half-spread and commission, paid in cash: a roll trades the whole position twice
(close, open), a rolling position's re-size only the change. The size is ``ratio`` × the dollars in the account's
USD MMFs, whole lots where the contract has them (nearest). Costs: ``fx_spread`` (half-spreads), ``fx_commission``,
``fx_carry`` (the rate gap given up: the forward points :math:`N (S_t - F)` locked at each forward's deal or future's
purchase, the swap points paid each day on a rolling position; negative when the gap is earned). A margin shortfall
follows the futures' rule (:meth:`~hedgeopt.paths.cash_steps.CashSteps._futures_calls`): unmet for more than
``margin_call_days`` it closes the futures and the FX hedge, which then stays closed on that path.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from hedgeopt.account.account import Account
from hedgeopt.config.path_settings import Rebalance, RolledFxHedge
from hedgeopt.paths.book import round_half_up
from hedgeopt.paths.valuation import PathValues
from pricing import InputError, Market
from pricing._typing import FloatArray
from pricing.fx.terms import FxRoute

DEFAULT_TENOR_DAYS = 30
"""Re-sizing interval of a held rolling position (or tenor of a held forward already matured), calendar days."""


def held_fx_hedge(account: Account, market: Market) -> RolledFxHedge | None:
    """The yen hedges the account holds (``[[account.fx_hedge]]``) as the rolled hedge a path runs; None: none held.

    The contract of the position that sells the most dollars, sized to the dollars of all of them over the
    dollars of the account's unhedged MMFs in that currency (at most 1.5 of them); a bank forward keeps its days
    to maturity as its tenor. ``[paths.fx_hedge]``, when given, replaces them.

    Raises
    ------
    InputError
        Yen hedges held with no unhedged MMF in the currency they sell.
    """
    if not account.fx_hedges:
        return None
    sold = [(held.lots * account.fx_hedge_dollars(market, held), held) for held in account.fx_hedges]
    _, largest = max(sold, key=lambda pair: pair[0])
    spec = largest.hedge.spec
    mmf = sum(account.mmf_units(market, f) for f in account.mmf if f.currency == spec.foreign and not f.hedged)
    if mmf <= 0:
        raise InputError("account.fx_hedge", spec.symbol, f"an unhedged MMF in {spec.foreign} beside the yen hedges "
                         "held, to size them on paths", hint="a path rolls them as ratio x the MMF's dollars")
    days = largest.hedge.days(market.valuation_date)
    tenor = days if days is not None and days > 0 else DEFAULT_TENOR_DAYS
    return RolledFxHedge(spec.symbol, min(sum(d for d, _ in sold) / mmf, 1.5), tenor_days=tenor)


class FxSteps(PathValues):
    """The FX hedge's opening, daily settlement and roll; ``fx_hedge`` and ``fx_review`` are set by the engine."""

    fx_review: dt.date | None

    @property
    def fx_margined(self) -> bool:
        """True when the FX hedge needs margin in cash (a future or a rolling position)."""
        return self.fx_hedge is not None and self.fx_hedge.spec.route is not FxRoute.FORWARD

    def fx_dollars(self) -> FloatArray:
        """Dollars (the pair's foreign currency) in the account's MMFs of that currency, per path.

        A yen-hedged share class is left out: it is hedged already.
        """
        foreign = self.fx_hedge.spec.foreign
        total = np.zeros(self.x.paths.n_paths)
        for f, units in zip(self.book.funds, self.state.units, strict=True):
            if f.floats and f.currency == foreign:
                total = total + units
        return total

    def _fx_trade(self, t: int, lots: FloatArray) -> None:
        """Pay the half-spread and commission of trading ``lots`` (>= 0) lots at the close of ``t``."""
        spec, s, x = self.fx_hedge.spec, self.state, self.x
        rate = x.fx_of(spec.foreign, t)
        spread = lots * spec.lot * spec.half_spread * (rate if spec.quoted_in_foreign else 1.0)
        fee = lots * spec.commission * x.fx_of(spec.fee_currency, t)
        s.cash = s.cash - spread - fee
        s.costs["fx_spread"] = s.costs["fx_spread"] + spread
        s.costs["fx_commission"] = s.costs["fx_commission"] + fee

    def _fx_size(self, t: int, per_lot: FloatArray) -> FloatArray:
        """Lots wanted at ``t``: ``ratio`` × the MMF dollars / the dollars of one lot (whole where the contract is)."""
        h, s = self.fx_hedge, self.state
        if h.rebalance is Rebalance.NONE and t > 0:
            return s.fx_lots
        wanted = h.ratio * self.fx_dollars() / per_lot
        lots = round_half_up(wanted) if h.spec.whole else wanted
        return np.where(s.fx_open, np.maximum(lots, 0.0), 0.0)

    def _fx_deal(self, t: int) -> None:
        """Open a new forward or future at ``t`` (the old one closed): size, trade, lock the rate, log the carry."""
        h, s, x = self.fx_hedge, self.state, self.x
        spec = h.spec
        date = x.dates[t]
        maturity = (date + dt.timedelta(days=h.tenor_days) if spec.route is FxRoute.FORWARD
                    else spec.expiry(date, h.roll_days))
        forward = self.fx_forward(t, maturity)
        per_lot = spec.dollars(forward) * np.ones_like(forward)
        s.fx_lots = self._fx_size(t, per_lot)
        self._fx_trade(t, s.fx_lots)
        s.fx_strike = forward
        carry = s.fx_lots * per_lot * (x.fx_of(spec.foreign, t) - forward)
        s.costs["fx_carry"] = s.costs["fx_carry"] + carry
        self.fx_maturity = maturity

    def _fx_open(self, t: int) -> None:
        """Day 0: deal the hedge at the close (a rolling position's first review ``tenor_days`` later)."""
        h = self.fx_hedge
        if h is None:
            return
        if h.spec.route is FxRoute.ROLLING:
            s = self.state
            s.fx_lots = self._fx_size(t, np.full(self.x.paths.n_paths, h.spec.lot))
            self._fx_trade(t, s.fx_lots)
            self.fx_review = self.x.dates[t] + dt.timedelta(days=h.tenor_days)
            return
        self._fx_deal(t)

    def _fx(self, t: int) -> None:
        """Settle the day's gain or loss and carry of the hedge held, then roll or re-size it when due."""
        h = self.fx_hedge
        if h is None:
            return
        spec, s, x = h.spec, self.state, self.x
        date = x.dates[t]
        if spec.route is FxRoute.ROLLING:
            self._fx_rolling_day(t)
            if date >= self.fx_review:
                before = s.fx_lots
                s.fx_lots = self._fx_size(t, np.full(x.paths.n_paths, spec.lot))
                self._fx_trade(t, np.abs(s.fx_lots - before))
                self.fx_review = date + dt.timedelta(days=h.tenor_days)
            return
        if spec.route is FxRoute.FUTURE:
            price = 1.0 / self.fx_forward(t, self.fx_maturity) - 1.0 / self.fx_forward(t - 1, self.fx_maturity)
            s.cash = s.cash + s.fx_lots * spec.lot * price * x.fx_of(spec.settlement_currency, t)
            due = (self.fx_maturity - date).days <= h.roll_days
        else:
            due = date >= self.fx_maturity
            if due:
                s.cash = s.cash + s.fx_lots * spec.lot * (s.fx_strike - x.fx_of(spec.foreign, t))
        if due:
            self._fx_trade(t, s.fx_lots)
            self._fx_deal(t)

    def _fx_rolling_day(self, t: int) -> None:
        """A rolling position's day: the spot move settled in cash, the swap points for the days since the close."""
        spec, s, x = self.fx_hedge.spec, self.state, self.x
        dollars = s.fx_lots * spec.lot
        before, now = x.fx_of(spec.foreign, t - 1), x.fx_of(spec.foreign, t)
        gap = x.rate[spec.foreign][:, t - 1] - x.rate[spec.domestic][:, t - 1]
        swap = dollars * before * gap * x.dt[t - 1] * (1.0 + spec.swap_markup * np.sign(gap))
        s.cash = s.cash + dollars * (before - now) - swap
        s.costs["fx_carry"] = s.costs["fx_carry"] + swap

    def _fx_close(self, t: int, hit: np.ndarray) -> None:
        """Close the margined FX hedge on the paths in ``hit`` (a margin call): it stays closed there."""
        s = self.state
        before = s.cash
        self._fx_trade(t, np.where(hit, s.fx_lots, 0.0))
        if getattr(self, "ledger", None) is not None:
            self.tax_fx(s.cash - before, rolled=False, hit=hit)
        s.fx_lots = np.where(hit, 0.0, s.fx_lots)
        s.fx_open = s.fx_open & ~hit

"""The rolled FX hedge on one path with plain floats: the loop twin's part of :mod:`hedgeopt.paths.fx_steps`.

:func:`hedgeopt.paths.loop.run_one` holds one :class:`LoopFx` per path and calls it at the same points of the day
as the engine; it keeps its own state (lots, locked rate, maturity, review date) and returns the cash each step
moves, so that the fast engine's arithmetic is checked against an independent scalar copy. A yen future's
expiries are its own (:func:`fx_future_expiry`, from CME's rule), its lots whole by the loop's own rounding
(:func:`~hedgeopt.paths.loop_book.whole`).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from hedgeopt.config.path_settings import Rebalance, RolledFxHedge
from hedgeopt.paths.loop_book import QUARTERLY_MONTHS, LoopFund, whole
from pricing.fx.terms import FxRoute


def fx_future_expiry(day: dt.date, roll_days: int) -> dt.date:
    """The last trading day of the CME yen future a deal on ``day`` buys: the first quarterly one beyond ``roll_days``.

    The first more than ``roll_days`` calendar days away.

    CME Group, Japanese Yen and Micro JPY/USD futures, "Termination of Trading": "9:16 a.m. Central Time (CT) on
    the second business day immediately preceding the third Wednesday of the contract month", contract months the
    March quarterly cycle (:data:`~hedgeopt.paths.loop_book.QUARTERLY_MONTHS`); business days Monday to Friday.

    Examples
    --------
    >>> fx_future_expiry(dt.date(2027, 3, 1), 7), fx_future_expiry(dt.date(2027, 3, 10), 7)
    (datetime.date(2027, 3, 15), datetime.date(2027, 6, 14))
    """
    year, month = day.year, QUARTERLY_MONTHS[(day.month - 1) // 3]
    while True:
        wednesday = dt.date(year, month, 15) + dt.timedelta(days=(2 - dt.date(year, month, 15).weekday()) % 7)
        last = wednesday - dt.timedelta(days=2)  # Monday: two business days before a Wednesday
        if (last - day).days > roll_days:
            return last
        year, month = (year + 1, 3) if month == 12 else (year, month + 3)


@dataclass
class LoopFx:
    """The FX hedge on path ``i``: its series as lists, its state as floats.

    Parameters
    ----------
    hedge : RolledFxHedge
    dates : list of datetime.date
    spot : list of float
        USDJPY (domestic per foreign) at each close.
    rate_f, rate_d : list of float
        The foreign (dollar) and domestic (yen) short rates at each close, decimal.
    dt : list of float
        Act/365 year fraction of each day (``dt[t - 1]`` runs from close ``t - 1`` to ``t``).
    costs : dict of str to float
        The path's costs, updated in place (``fx_spread``, ``fx_carry``, ``fx_commission``).
    """

    hedge: RolledFxHedge
    dates: list[dt.date]
    spot: list[float]
    rate_f: list[float]
    rate_d: list[float]
    dt: list[float]
    costs: dict[str, float]
    lots: float = 0.0
    strike: float = 0.0
    maturity: dt.date | None = None
    review: dt.date | None = None
    open: bool = True

    def forward(self, t: int, maturity: dt.date) -> float:
        """Covered interest parity outright to ``maturity`` at close ``t``, domestic per foreign."""
        tau = max((maturity - self.dates[t]).days, 0) / 365.0
        return self.spot[t] * math.exp((self.rate_d[t] - self.rate_f[t]) * tau)

    def value(self, t: int) -> float:
        """A forward's mark at close ``t`` (0 for the other routes), domestic currency."""
        spec = self.hedge.spec
        if spec.route is not FxRoute.FORWARD or self.maturity is None:
            return 0.0
        tau = max((self.maturity - self.dates[t]).days, 0) / 365.0
        return self.lots * spec.lot * (self.strike - self.forward(t, self.maturity)) * math.exp(-self.rate_d[t] * tau)

    def margin(self, t: int, maintenance: bool = True) -> float:
        """Margin of the lots held at close ``t``, domestic currency."""
        spec = self.hedge.spec
        if spec.route is FxRoute.FORWARD:
            return 0.0
        rate = spec.maintenance_margin if maintenance else spec.initial_margin
        s = self.spot[t]
        dollars = spec.lot if spec.lot_currency == spec.foreign else spec.lot / s
        return self.lots * rate * dollars * s

    def trade(self, t: int, lots: float) -> float:
        """The half-spread and commission of trading ``lots`` lots at close ``t``: the cash it costs."""
        spec = self.hedge.spec
        s = self.spot[t]
        spread = lots * spec.lot * spec.half_spread * (s if spec.lot_currency == spec.domestic else 1.0)
        fee = lots * spec.commission * (s if spec.fee_currency == spec.foreign else 1.0)
        self.costs["fx_spread"] += spread
        self.costs["fx_commission"] += fee
        return spread + fee

    def size(self, t: int, mmf_dollars: float, per_lot: float) -> float:
        """Lots wanted at close ``t``."""
        h = self.hedge
        if h.rebalance is Rebalance.NONE and t > 0:
            return self.lots
        if not self.open:
            return 0.0
        wanted = h.ratio * mmf_dollars / per_lot
        return max(whole(wanted) if h.spec.whole else wanted, 0.0)

    def deal(self, t: int, mmf_dollars: float) -> float:
        """A new forward or future at close ``t``; returns the cash it costs."""
        h, spec = self.hedge, self.hedge.spec
        d = self.dates[t]
        maturity = d + dt.timedelta(days=h.tenor_days) if spec.route is FxRoute.FORWARD else fx_future_expiry(
            d, h.roll_days)
        fwd = self.forward(t, maturity)
        per_lot = spec.lot if spec.lot_currency == spec.foreign else spec.lot / fwd
        self.lots = self.size(t, mmf_dollars, per_lot)
        paid = self.trade(t, self.lots)
        self.strike, self.maturity = fwd, maturity
        self.costs["fx_carry"] += self.lots * per_lot * (self.spot[t] - fwd)
        return paid

    def start(self, t: int, mmf_dollars: float) -> float:
        """Day 0: the first deal (or a rolling position opened); returns the cash it costs."""
        spec = self.hedge.spec
        if spec.route is FxRoute.ROLLING:
            self.lots = self.size(t, mmf_dollars, spec.lot)
            self.review = self.dates[t] + dt.timedelta(days=self.hedge.tenor_days)
            return self.trade(t, self.lots)
        return self.deal(t, mmf_dollars)

    def day(self, t: int, mmf_dollars: float) -> float:
        """The day's settlement, carry and roll at close ``t``; returns the cash it brings (negative: costs)."""
        h, spec = self.hedge, self.hedge.spec
        d = self.dates[t]
        if spec.route is FxRoute.ROLLING:
            dollars = self.lots * spec.lot
            gap = self.rate_f[t - 1] - self.rate_d[t - 1]
            sign = 1.0 if gap > 0 else -1.0 if gap < 0 else 0.0
            swap = dollars * self.spot[t - 1] * gap * self.dt[t - 1] * (1.0 + spec.swap_markup * sign)
            self.costs["fx_carry"] += swap
            cash = dollars * (self.spot[t - 1] - self.spot[t]) - swap
            if d >= self.review:
                before = self.lots
                self.lots = self.size(t, mmf_dollars, spec.lot)
                cash -= self.trade(t, abs(self.lots - before))
                self.review = d + dt.timedelta(days=h.tenor_days)
            return cash
        cash = 0.0
        if spec.route is FxRoute.FUTURE:
            move = 1.0 / self.forward(t, self.maturity) - 1.0 / self.forward(t - 1, self.maturity)
            cash += self.lots * spec.lot * move * self.spot[t]
            due = (self.maturity - d).days <= h.roll_days
        else:
            due = d >= self.maturity
            if due:
                cash += self.lots * spec.lot * (self.strike - self.spot[t])
        if due:
            cash -= self.trade(t, self.lots)
            cash -= self.deal(t, mmf_dollars)
        return cash

    def close(self, t: int) -> float:
        """A margin call closes the hedge for good; returns the cash it costs."""
        paid = self.trade(t, self.lots)
        self.lots, self.open = 0.0, False
        return paid


def mmf_dollars(hedge: RolledFxHedge, funds: list[LoopFund], units: list[float]) -> float:
    """Units of the MMFs in the hedge's foreign currency (dollars)."""
    return sum(u for f, u in zip(funds, units, strict=True) if f.floats and f.currency == hedge.spec.foreign)

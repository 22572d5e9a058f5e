"""Values on the paths at a day's close, per path: NAV, exposures, margins, the standing hedge; the event log.

:class:`PathValues` holds no state of its own: the engine (:class:`~hedgeopt.paths.engine.Simulator`) sets the
inputs, the book and the state it reads, and the day's steps (:mod:`hedgeopt.paths.cash_steps`,
:mod:`hedgeopt.paths.trade_steps`) stand on it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from hedgeopt.config.path_settings import RolledFxHedge, StandingHedge
from hedgeopt.paths.book import Book, Inputs, State
from hedgeopt.paths.events import Event, EventKind
from pricing import Market, contract
from pricing._typing import FloatArray
from pricing.black_scholes import bs_greeks, bs_price
from pricing.fx.terms import FxRoute
from pricing.vol_surface import VolSurface

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


class PathValues:
    """What the book is worth on every path at the close of day ``t`` (base currency unless said otherwise).

    Attributes
    ----------
    market : Market
        Today's market (the surface's skew and term structure for the standing hedge).
    x : Inputs
        The paths' series as the engine reads them.
    book, state : Book, State
        The positions' fixed terms and their per-path state.
    hedge : StandingHedge or None
        The standing hedge, None without one.
    opt_expiry : datetime.date or None
        Expiry of the standing hedge held, None before the first purchase.
    fx_hedge : RolledFxHedge or None
        The rolled FX hedge, None without one.
    fx_maturity : datetime.date or None
        The FX hedge's forward maturity or future's expiry held (None: a rolling position, or none yet).
    events : list of Event
        Every trigger logged so far, in order.
    """

    market: Market
    x: Inputs
    book: Book
    state: State
    hedge: StandingHedge | None
    opt_expiry: dt.date | None
    fx_hedge: RolledFxHedge | None
    fx_maturity: dt.date | None
    events: list[Event]
    _priced: tuple[tuple[int, int, int], FloatArray] | None

    def futures_price(self, j: int, t: int, expiry: dt.date) -> FloatArray:
        """Futures price of contract ``j``'s series expiring ``expiry`` at the close of day ``t``, per path."""
        spec = contract(self.book.futures[j].symbol)
        i = spec.underlying
        tau = max((expiry - self.x.dates[t]).days, 0) / 365.0
        return self.x.spot[i][:, t] * np.exp((self.x.rate[spec.currency][:, t] - self.x.div[i]) * tau)

    def _put_inputs(self, t: int, strike: FloatArray) -> tuple[FloatArray, tuple | None]:
        """The index level in contract points on day ``t`` and the standing put's Black–Scholes inputs.

        The inputs are ``(level, strike, tau, rate, div, vol)``, None at or after expiry or with no leg at all; a
        zero strike (no leg) is priced at the level, a placeholder the callers zero out.
        """
        spec = contract(self.hedge.symbol)
        i = spec.underlying
        level = self.x.spot[i][:, t] * spec.price_ratio
        tau = (self.opt_expiry - self.x.dates[t]).days / 365.0
        if tau <= 0 or not np.any(strike > 0):
            return level, None
        safe = np.where(strike > 0, strike, level)
        vol = option_vol(self.market.surface(i), safe / level, tau, self.x.vol[i][:, t])
        return level, (level, safe, tau, self.x.rate[spec.currency][:, t], self.x.div[i], vol)

    def option_unit_value(self, t: int, strike: FloatArray) -> FloatArray:
        """Value of one put per contract point at ``strike`` at the close of day ``t`` (contract currency)."""
        level, inputs = self._put_inputs(t, strike)
        if inputs is None:
            return np.maximum(strike - level, 0.0)
        return np.where(strike > 0, bs_price("put", *inputs, validate=False), 0.0)

    def option_unit_greeks(self, t: int, strike: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Model price (points) and absolute delta of one put per contract point at ``strike``, day ``t``.

        The price and vol of :meth:`option_unit_value`, with the Black–Scholes delta the quote model reads; at or
        after expiry the intrinsic value and a delta of 1 in the money, 0 out of it. Zero strikes (no leg) give 0.
        """
        level, inputs = self._put_inputs(t, strike)
        if inputs is None:
            return np.maximum(strike - level, 0.0), np.where(strike > level, 1.0, 0.0)
        g = bs_greeks("put", *inputs, validate=False)
        live = strike > 0
        return np.where(live, g.price, 0.0), np.where(live, np.minimum(np.abs(g.delta), 1.0), 0.0)

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

    def fx_forward(self, t: int, maturity: dt.date) -> FloatArray:
        r"""The FX hedge's pair outright to ``maturity`` at the close of ``t``, domestic per foreign, per path.

        Covered interest parity on the path's short rates: :math:`F = S\,e^{(r_d - r_f)\tau}`, :math:`\tau` the
        calendar days left / 365 (0 on or after maturity: the spot).
        """
        spec, x = self.fx_hedge.spec, self.x
        tau = max((maturity - x.dates[t]).days, 0) / 365.0
        gap = x.rate[spec.domestic][:, t] - x.rate[spec.foreign][:, t]
        return x.fx_of(spec.foreign, t) * np.exp(gap * tau)

    def fx_value(self, t: int) -> FloatArray:
        r"""Value of the FX hedge held, base currency, per path: a forward's mark, 0 for the others.

        A forward selling :math:`N` dollars at :math:`K` is worth :math:`N (K - F_t) e^{-r_d \tau}`; futures and
        rolling positions are settled into cash every day and are worth nothing beyond it.
        """
        n = self.x.paths.n_paths
        if self.fx_hedge is None or self.fx_hedge.spec.route is not FxRoute.FORWARD or self.fx_maturity is None:
            return np.zeros(n)
        spec, s, x = self.fx_hedge.spec, self.state, self.x
        tau = max((self.fx_maturity - x.dates[t]).days, 0) / 365.0
        discount = np.exp(-x.rate[spec.domestic][:, t] * tau)
        return s.fx_lots * spec.lot * (s.fx_strike - self.fx_forward(t, self.fx_maturity)) * discount

    def fx_margin(self, t: int, kind: str = "maintenance") -> FloatArray:
        """Margin the FX hedge held needs (maintenance or initial), base currency, per path; 0 for a forward."""
        n = self.x.paths.n_paths
        if self.fx_hedge is None:
            return np.zeros(n)
        spec, x = self.fx_hedge.spec, self.x
        per_lot = spec.margin(x.fx_of(spec.foreign, t), maintenance=kind == "maintenance")
        return self.state.fx_lots * per_lot * x.fx_of(spec.fee_currency, t)

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
        total = total + self.fx_value(t)
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
        """Futures and FX hedge margin (maintenance or initial) in base currency at the close of ``t``, per path."""
        total = self.fx_margin(t, kind)
        per = self.book.fut_maint if kind == "maintenance" else self.book.fut_init
        for pos, c, margin in zip(self.book.futures, self.state.futures, per, strict=True):
            total = total + c * margin * self.x.fx_of(contract(pos.symbol).currency, t)
        return total

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

"""Values on the paths at a day's close, per path: NAV, exposures, margins, the standing hedge; the event log.

:class:`PathValues` holds no state of its own: the engine (:class:`~hedgeopt.paths.engine.Simulator`) sets the
inputs, the book and the state it reads, and the day's steps (:mod:`hedgeopt.paths.cash_steps`,
:mod:`hedgeopt.paths.trade_steps`) stand on it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import TypeVar

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

LEG_BLOCK_CELLS = 8192
"""Path-days a standing-hedge leg is priced ahead at once: 64 days (the most) on up to 128 paths, one day on 8,192
paths or more (pricing ahead saves the per-call overhead that dominates small runs)."""

Value = TypeVar("Value", FloatArray, tuple[FloatArray, FloatArray])


def option_vol(surface: VolSurface, moneyness: FloatArray, tau: FloatArray | float, path_vol: FloatArray,
               reference: float | None = None) -> FloatArray:
    r"""Implied vol of an option on a path: the market surface moved by the path's 30-day ATM vol.

    .. math:: \sigma = \sigma_{surface}(m, \tau) + (\sigma_{path} - \sigma_{surface}(1, 30d))
              \sqrt{30d / \max(\tau, 30d)}

    The surface keeps its skew and term structure; the path's move of the 30-day vol reaches longer tenors damped
    by the square root of time (a 150% VIX-style spike lifts a 91-day put by about 57% of it). At day 0 of a Monte
    Carlo path (which starts at the surface's 30-day ATM vol) options cost exactly what the surface says.
    Clipped to [:data:`MIN_OPTION_VOL`, 2]. ``tau`` (years) may be an array that broadcasts with ``moneyness``;
    ``reference`` is :math:`\sigma_{surface}(1, 30d)` when the caller keeps it (:func:`reference_vol`).
    """
    reference = reference_vol(surface) if reference is None else reference
    shift = (path_vol - reference) * np.sqrt(
        PATH_VOL_TENOR / np.maximum(tau, PATH_VOL_TENOR))
    return np.clip(surface.vol(moneyness, tau) + shift, MIN_OPTION_VOL, 2.0)


def kept(method: Callable[..., Value]) -> Callable[..., Value]:
    """Keep a valuation at a close until the state changes (:meth:`PathValues.touch` forgets them all).

    The value is keyed by the method, the day and any further arguments; its arrays are made read-only, so a
    caller that would change one in place fails loudly instead of corrupting the next reader.
    """
    name = method.__name__

    @functools.wraps(method)
    def wrapper(self: PathValues, t: int, *args: object) -> Value:
        key = (name, t, *args)
        memo = self._memo
        if key in memo:
            return memo[key]
        value = method(self, t, *args)
        for v in value if isinstance(value, tuple) else (value,):
            v.flags.writeable = False
        memo[key] = value
        return value

    return wrapper


def reference_vol(surface: VolSurface) -> float:
    """The surface's 30-day at-the-money vol (decimal): the level a path's vol series moves the surface from."""
    return float(surface.vol(1.0, PATH_VOL_TENOR))


def per_run(method: Callable[..., FloatArray]) -> Callable[..., FloatArray]:
    """Keep a series of the paths alone (no state: a level, a carry, a futures move) for the whole run.

    Keyed by the method and its arguments; built on the first call.
    """
    name = method.__name__

    @functools.wraps(method)
    def wrapper(self: PathValues, *args: object) -> FloatArray:
        key = (name, *args)
        series = self._daily.get(key)
        if series is None:
            series = self._daily[key] = method(self, *args)
        return series

    return wrapper


Leg = tuple[str, dt.date, int, float, str]
"""A program's option leg as the cache keys it: (symbol, expiry, day bought, strike / index level asked, "put" or
"call"). Two programs that bought the same leg on the same day hold the same strikes on every path."""


def intrinsic(right: str, strike: FloatArray, level: FloatArray) -> FloatArray:
    """What one option of ``right`` ("put" or "call") at ``strike`` pays at ``level``, contract points."""
    return np.maximum(strike - level, 0.0) if right == "put" else np.maximum(level - strike, 0.0)


class PathValues:
    """What the book is worth on every lane at the close of day ``t`` (base currency unless said otherwise).

    A lane is one path under one standing-hedge program: state arrays have shape ``(programs, n_paths)`` and
    market series of shape ``(n_paths,)`` broadcast over them.

    Attributes
    ----------
    market : Market
        Today's market (the surface's skew and term structure for the standing hedge).
    x : Inputs
        The paths' series as the engine reads them.
    book, state : Book, State
        The positions' fixed terms and their per-lane state.
    programs : tuple of StandingHedge or None
        The standing hedge of each program (row of the state), None for none.
    opt_expiry : list of datetime.date or None
        Expiry of each program's options held, None before its first purchase.
    opt_legs : list of tuple of Leg
        Each program's legs held (long, then the spread's short), as the day's pricing cache keys them.
    leg_strikes : dict of Leg to ndarray
        The strikes (contract points, per path) of every leg a program holds.
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
    programs: tuple[StandingHedge | None, ...]
    opt_expiry: list[dt.date | None]
    opt_legs: list[tuple[Leg, ...]]
    leg_strikes: dict[Leg, FloatArray]
    fx_hedge: RolledFxHedge | None
    fx_maturity: dt.date | None
    events: list[Event]
    _priced: tuple[int, FloatArray] | None
    _dirty: set[int]
    _holders: list[tuple[tuple[Leg, ...], list[int]]]
    _legs: tuple[int, dict[Leg, FloatArray]]
    _blocks: dict[Leg, tuple[int, FloatArray]]
    _daily: dict[tuple, FloatArray]
    _zero: FloatArray
    _memo: dict[tuple, FloatArray | tuple[FloatArray, FloatArray]]
    _surfaces: dict[str, tuple[VolSurface, float]]

    @per_run
    def base_price(self, index: str) -> FloatArray:
        """One unit of ``index`` (its level) in base currency, shape ``(n_paths, n_days + 1)``."""
        return self.x.spot[index] * self.x.fx[self.x.index_ccy[index]]

    @per_run
    def futures_notional(self, j: int) -> FloatArray:
        """One contract of futures position ``j`` in base currency (its notional), ``(n_paths, n_days + 1)``."""
        spec, x = contract(self.book.futures[j].symbol), self.x
        return spec.notional(x.spot[spec.underlying]) * x.fx[spec.currency]

    def touch(self) -> None:
        """The state changed: forget the valuations kept at this close (:func:`kept`)."""
        self._memo.clear()

    @property
    def lanes(self) -> tuple[int, int]:
        """Shape of the state arrays: (programs, paths)."""
        return self.state.cash.shape

    def settlement_level(self, t: int, symbol: str, expiry: dt.date) -> FloatArray:
        """The level (contract points) an option of ``symbol`` expiring ``expiry`` settles at, per path.

        Day ``t`` is the path's first date on or after the expiry.
        An option settled on the opening quotation (``settles_at_open``: standard SPX monthlies, Cboe's SOQ)
        settles on day ``t``'s open, or on the previous close when the paths carry no opens (a daily path has no
        overnight gap of its own); one settled at the close settles on day ``t``'s close if ``t`` is the expiry
        date, else on the last close before it.
        """
        spec, x = contract(symbol), self.x
        i = spec.underlying
        if spec.settles_at_open:
            level = x.opens[i][:, t] if i in x.opens else x.spot[i][:, t - 1]
        else:
            level = x.spot[i][:, t] if x.dates[t] == expiry else x.spot[i][:, t - 1]
        return level * spec.price_ratio

    def _option_inputs(self, t: int, symbol: str, expiry: dt.date, strike: FloatArray, days: int = 1) -> tuple:
        """Black–Scholes inputs ``(level, strike, tau, rate, div, vol)`` of options, days ``t, ..., t + days - 1``.

        The options (puts or calls) are of ``symbol`` expiring ``expiry`` (after the last of those days) at
        ``strike`` (contract points, shape ``(..., n_paths)``); the inputs broadcast to shape
        ``(..., days, n_paths)``. Zero strikes (no leg) are priced at the level, a placeholder the callers zero out.
        """
        spec, x = contract(symbol), self.x
        i = spec.underlying
        on = slice(t, t + days)
        level = x.spot[i][:, on].T * spec.price_ratio
        tau = np.array([[(expiry - d).days / 365.0] for d in x.dates[on]])
        strike = strike[..., None, :]
        safe = np.where(strike > 0, strike, level)
        if i not in self._surfaces:
            surface = self.market.surface(i)
            self._surfaces[i] = (surface, reference_vol(surface))
        surface, reference = self._surfaces[i]
        vol = option_vol(surface, safe / level, tau, x.vol[i][:, on].T, reference)
        return level, safe, tau, x.rate[spec.currency][:, on].T, x.div[i][:, on].T, vol

    def _leg_values(self, t: int) -> dict[Leg, FloatArray]:
        """Value of one option per contract point of every distinct leg held at the close of ``t``, per path.

        A leg is priced ahead for the next :data:`LEG_BLOCK_CELLS` / n_paths days (at most 64, to the day before
        its expiry) and read from that block each day: its value depends on the market alone. Legs of one expiry
        and right are priced together in one Black–Scholes call; a leg on or past its expiry is worth its intrinsic
        value at the :meth:`settlement_level`.
        """
        if self._legs[0] != t:
            self._legs = (t, {})
        values, blocks = self._legs[1], self._blocks
        if self.leg_strikes.keys() <= values.keys():
            return values
        todo = [leg for leg in self.leg_strikes if leg not in values and not
                (leg in blocks and blocks[leg][0] <= t < blocks[leg][0] + len(blocks[leg][1]))]
        for symbol, expiry, right in dict.fromkeys((leg[0], leg[1], leg[4]) for leg in todo):
            keys = [leg for leg in todo if (leg[0], leg[1], leg[4]) == (symbol, expiry, right)]
            strikes = np.stack([self.leg_strikes[leg] for leg in keys])
            if (expiry - self.x.dates[t]).days <= 0:
                out = intrinsic(right, strikes, self.settlement_level(t, symbol, expiry))[:, None, :]
            else:
                days = self._days_before(t, expiry)
                out = bs_price(right, *self._option_inputs(t, symbol, expiry, strikes, days), validate=False)
            blocks.update((leg, (t, v)) for leg, v in zip(keys, np.where(strikes[:, None, :] > 0, out, 0.0),
                                                           strict=True))
        values.update((leg, blocks[leg][1][t - blocks[leg][0]]) for leg in self.leg_strikes if leg not in values)
        return values

    def _days_before(self, t: int, expiry: dt.date) -> int:
        """Days from ``t`` on, at most a block, that are paths' dates before ``expiry``."""
        dates = self.x.dates
        most = min(t + max(1, min(64, LEG_BLOCK_CELLS // self.lanes[1])), len(dates))
        stop = t + 1
        while stop < most and (expiry - dates[stop]).days > 0:
            stop += 1
        return stop - t

    def option_unit_greeks(self, t: int, g: int, strike: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Model price (points) and absolute delta of one option of program ``g``'s series at ``strike``, day ``t``.

        ``strike`` has shape ``(..., n_paths)``, as the results.

        At or after expiry the intrinsic value at the settlement level and a delta of 1 in the money, 0 out of it.
        Zero strikes (no leg) give 0.
        """
        program, expiry = self.programs[g], self.opt_expiry[g]
        symbol, right = program.symbol, program.right
        if (expiry - self.x.dates[t]).days <= 0:
            value = np.where(strike > 0, intrinsic(right, strike, self.settlement_level(t, symbol, expiry)), 0.0)
            return value, np.where(value > 0, 1.0, 0.0)
        greeks = bs_greeks(right, *self._option_inputs(t, symbol, expiry, strike), validate=False)
        live = strike > 0
        price, delta = greeks.price[..., 0, :], greeks.delta[..., 0, :]
        return np.where(live, price, 0.0), np.where(live, np.minimum(np.abs(delta), 1.0), 0.0)

    def _held_value(self, t: int, held: tuple[Leg, ...], rows: int | list[int]) -> FloatArray:
        """Value of the legs ``held`` (long, then a spread's short) on program(s) ``rows`` at the close of ``t``."""
        units = self._leg_values(t)
        spec = contract(held[0][0])
        unit = units[held[0]] - units[held[1]] if len(held) > 1 else units[held[0]]
        return unit * spec.multiplier * self.state.opt_contracts[rows] * self.x.fx_of(spec.currency, t)

    def _held_intrinsic(self, t: int, held: tuple[Leg, ...], rows: int | list[int]) -> FloatArray:
        """The legs ``held`` on program(s) ``rows`` at their intrinsic value at the close of ``t``, base currency."""
        spec = contract(held[0][0])
        level = self.x.spot[spec.underlying][:, t] * spec.price_ratio
        points = sum(sign * np.where(self.leg_strikes[leg] > 0, intrinsic(leg[4], self.leg_strikes[leg], level), 0.0)
                     for sign, leg in zip((1.0, -1.0), held, strict=False))
        return points * spec.multiplier * self.state.opt_contracts[rows] * self.x.fx_of(spec.currency, t)

    def program_time_value(self, t: int, g: int) -> FloatArray:
        """What program ``g``'s options held are worth beyond their intrinsic value at the close of ``t``.

        Base currency, per path: the premium not yet used up (intrinsic at the day's close, undiscounted).
        """
        held = self.opt_legs[g]
        if not held:
            return np.zeros(self.lanes[1])
        return self._held_value(t, held, g) - self._held_intrinsic(t, held, g)

    def options_value(self, t: int) -> FloatArray:
        """Value of the standing hedges held, base currency, per lane (read-only).

        Kept until the day changes or a program rolls (:attr:`_dirty`: then the legs no program holds are
        forgotten); the programs that hold the same legs are valued together.
        """
        if self._dirty or self._priced is None:
            holders: dict[tuple[Leg, ...], list[int]] = {}
            for g, held in enumerate(self.opt_legs):
                if held:
                    holders.setdefault(held, []).append(g)
            self._holders, self._priced, self._dirty = list(holders.items()), None, set()
            self.leg_strikes = {leg: k for leg, k in self.leg_strikes.items() if any(leg in h for h in holders)}
            self._blocks = {leg: b for leg, b in self._blocks.items() if leg in self.leg_strikes}
        if self._priced is None or self._priced[0] != t:
            value = np.zeros(self.lanes)
            for held, rows in self._holders:
                value[rows] = self._held_value(t, held, rows)
            value.flags.writeable = False
            self._priced = (t, value)
        return self._priced[1]

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
        total = self._zero
        for pos, u in (*zip(b.etf, s.etf, strict=True), *zip(b.margin, s.margin, strict=True)):
            if pos.index == index:
                total = total + u * x.spot[index][:, t]
        for pos, c in zip(b.futures, s.futures, strict=True):
            spec = contract(pos.symbol)
            if spec.underlying == index:
                total = total + c * spec.notional(x.spot[index][:, t]) * x.fx_of(spec.currency, t) / x.fx_of(
                    x.index_ccy[index], t)
        return total

    def calls_delta(self, t: int) -> FloatArray | None:
        """The route C calls held (:class:`~hedgeopt.config.path_settings.RolledCalls`) by delta, per lane.

        Base currency, shape ``(programs, n_paths)``, zero on the rows without calls: delta (a spread's long leg
        less its short) × contracts × one contract's notional × FX, as :meth:`Account.index_exposure
        <hedgeopt.account.account.Account.index_exposure>` counts options. None when no row holds calls (the
        standing puts are a hedge, not exposure: they are not counted).
        """
        rows = [g for g, h in enumerate(self.programs) if h is not None and h.right == "call" and self.opt_legs[g]]
        if not rows:
            return None
        s, x, out = self.state, self.x, np.zeros(self.lanes)
        for g in rows:
            spec = contract(self.programs[g].symbol)
            delta = self.option_unit_greeks(t, g, s.strike_long[g])[1]
            if self.programs[g].spread:
                delta = delta - self.option_unit_greeks(t, g, s.strike_short[g])[1]
            out[g] = delta * s.opt_contracts[g] * spec.notional(x.spot[spec.underlying][:, t]) * x.fx_of(
                spec.currency, t)
        return out

    @kept
    def exposures(self, t: int) -> tuple[FloatArray, FloatArray]:
        """(all satellite, borrowed-route) index exposure in base currency at the close of ``t``, per path.

        Route C calls count in the first by delta (:meth:`calls_delta`); nothing is borrowed for them.
        """
        s, b = self.state, self.book
        calls = self.calls_delta(t)
        total = levered = self._zero
        if calls is not None:
            total = calls
        for pos, u in zip(b.etf, s.etf, strict=True):
            total = total + u * self.base_price(pos.index)[:, t]
        for pos, u in zip(b.margin, s.margin, strict=True):
            value = u * self.base_price(pos.index)[:, t]
            total, levered = total + value, levered + value
        for j, c in enumerate(s.futures):
            value = c * self.futures_notional(j)[:, t]
            total, levered = total + value, levered + value
        return total, levered

    @kept
    def _funds_value(self, t: int) -> tuple[FloatArray, FloatArray]:
        """(funds held, funds in transit) in base currency at today's FX."""
        held = self._zero
        transit = self._zero
        for f, u, p in zip(self.book.funds, self.state.units, self.state.pending, strict=True):
            rate = self.x.fx_of(f.currency, t)
            held = held + u * rate
            transit = transit + p.sum(axis=0) * rate
        return held, transit

    @kept
    def _transit_net(self, t: int) -> FloatArray:
        """What the redemptions in transit will bring in base cash at today's FX, after conversion costs."""
        total = self._zero
        for f, p in zip(self.book.funds, self.state.pending, strict=True):
            total = total + p.sum(axis=0) * self.x.fx_of(f.currency, t) * (1.0 - f.fx_cost)
        return total

    def _other_value(self, t: int) -> FloatArray:
        total = self._zero
        for ccy, v in zip(self.book.other_ccy, self.state.other, strict=True):
            total = total + v * self.x.fx_of(ccy, t)
        return total

    def _loans_value(self, t: int) -> FloatArray:
        total = self._zero
        for ccy, v in zip(self.book.loan_ccy, self.state.loan, strict=True):
            total = total + v * self.x.fx_of(ccy, t)
        return total

    @kept
    def nav(self, t: int) -> FloatArray:
        """Net asset value at the close of ``t``, base currency, per path."""
        s, b = self.state, self.book
        held, transit = self._funds_value(t)
        total = held + transit + self._other_value(t) - self._loans_value(t)
        for pos, u in (*zip(b.etf, s.etf, strict=True), *zip(b.margin, s.margin, strict=True)):
            total = total + u * self.base_price(pos.index)[:, t]
        return total + s.cash + self.options_value(t) + self.fx_value(t)  # rows shared by the programs first

    @kept
    def gross(self, t: int) -> FloatArray:
        """MMF + in transit + cash + |satellite exposure| + other assets, base currency (as Account.gross)."""
        held, transit = self._funds_value(t)
        total, _ = self.exposures(t)
        return held + transit + self.state.cash + np.abs(total) + self._other_value(t)

    @kept
    def required(self, t: int, kind: str = "maintenance") -> FloatArray:
        """Futures and FX hedge margin (maintenance or initial) in base currency at the close of ``t``, per path."""
        total = self.fx_margin(t, kind)
        for j, c in enumerate(self.state.futures):
            total = total + c * self._futures_margin(j, kind)[:, t]
        return total

    @per_run
    def _futures_margin(self, j: int, kind: str) -> FloatArray:
        """One contract of futures position ``j``'s margin (maintenance or initial) in base currency, per day."""
        per = (self.book.fut_maint if kind == "maintenance" else self.book.fut_init)[j]
        return per[:, None] * self.x.fx[contract(self.book.futures[j].symbol).currency]

    def log(self, kind: EventKind, mask: np.ndarray, t: int, value: FloatArray, detail: float | tuple[float, ...],
            before: FloatArray, after: FloatArray, rows: list[int] | None = None) -> None:
        """Record an event on the lanes in ``mask`` (on programs ``rows`` alone, one row of ``mask`` each, if given).

        Its day, the triggering value, the rule's own figures (``detail``: a step's level and share, a threshold)
        and the exposure before and after, base currency. Lanes are numbered program x n_paths + path.
        """
        n = self.lanes[1]
        mask = np.broadcast_to(mask, self.lanes if rows is None else (len(rows), n))
        idx = np.flatnonzero(mask)
        if idx.size:
            def at(v: FloatArray | float) -> FloatArray:
                return np.broadcast_to(v, mask.shape).ravel()[idx]

            lanes = idx if rows is None else np.asarray(rows)[idx // n] * n + idx % n
            self.events.append((int(kind), lanes, t, at(value), detail, at(before), at(after)))

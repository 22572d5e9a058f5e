r"""Options under scenarios: the value of every candidate at the horizon, lazily, in base currency.

The legs of many instruments are flattened into one table (:class:`LegTable`), so an ``(rows × instruments)``
block of values is one call of the vectorized kernel on ``(rows × legs)`` inputs followed by a signed sum.
Nothing is computed for rows or instruments that were not asked for: the optimizer asks for all candidates on
a few hundred scenarios, and for the few held instruments on all scenarios.

Under a scenario with index (or currency-pair) return ``e``, implied-vol change ``dv``, rate change ``dr``, FX
return ``f`` and horizon ``h`` days, a leg with strike ``K`` and ``T`` years to expiry is worth, per contract in
base currency:

.. math::

    S' &= S (1 + e), \quad \tau = \max(T - h/365, 0) \\
    \sigma' &= \max\big(\sigma_{surf}(K / S', \tau) + dv,\ \sigma_{min}\big) \\
    V &= m \cdot \text{price}(S', K, \tau, r(\tau) + dr, q, \sigma') \cdot X (1 + f)

(sticky moneyness: the smile moves with the spot), where ``m`` is the multiplier and ``X`` the FX rate to
base. At ``τ = 0`` the price is intrinsic value, whatever the vol. A USD/JPY option is the same formula on the
pair ``"USDJPY"`` (Garman–Kohlhagen): ``e`` is the pair's return from the ``fx.<CCY>`` columns
(:func:`underlying_return`), ``dv`` its ``vol.USDJPY`` column, ``q`` the dollar zero rate at ``τ``. European legs use
:func:`pricing.black_scholes.bs_price`; American legs (SPY) use :func:`pricing.american.american_price`.

**A leg that expires inside the window** (``T`` days < ``h``) is valued at its own expiry, never at the window's
end: it pays its intrinsic value at the index level *on the scenario's recorded path on day T*
(``S_T = S · path[T]``, see :class:`~scenarios.sets.scenario_set.ScenarioSet`), and the proceeds are then cash in
the contract's currency until ``h``, converted at the scenario's end FX ``X (1 + f)`` (no interest on them). A
scenario without a recorded path for the leg's index credits it with **nothing** — the conservative bound, never
the end-point payoff; :meth:`OptionRepricer.uncredited` says where that happened.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pricing import ExerciseStyle, InputError, Instrument, Market, OptionKind, legs_of, year_fraction
from pricing._typing import FloatArray
from pricing.american import american_price
from pricing.black_scholes import bs_greeks, bs_price
from scenarios.sets.scenario_set import ScenarioSet

MIN_SCENARIO_VOL = 0.01
"""Smallest implied vol (decimal) a scenario can push a surface to."""

ROW_BLOCK = 32_768
"""Scenario rows :meth:`OptionRepricer.value` prices at once: its dozen (rows x legs) temporaries then stay within
the CPU's caches, and a million rows cost a few MB of them instead of hundreds (values are the same bit for bit)."""


@dataclass(frozen=True, eq=False)
class LegTable:
    """The legs of a list of instruments, one array entry per leg.

    Attributes
    ----------
    owner : ndarray of int, shape (n_legs,)
        Position of the instrument each leg belongs to.
    quantity : ndarray of float, shape (n_legs,)
        Signed legs per instrument (+1 long, -1 short).
    is_call, american : ndarray of bool, shape (n_legs,)
    strike : ndarray of float, shape (n_legs,)
        Contract points.
    t : ndarray of float, shape (n_legs,)
        Years to expiry from the valuation date (Act/365).
    multiplier, price_ratio : ndarray of float, shape (n_legs,)
    underlying, currency : ndarray of str, shape (n_legs,)
        Index and contract currency of each leg.
    """

    owner: np.ndarray
    quantity: FloatArray
    is_call: np.ndarray
    american: np.ndarray
    strike: FloatArray
    t: FloatArray
    multiplier: FloatArray
    price_ratio: FloatArray
    underlying: np.ndarray
    currency: np.ndarray

    @classmethod
    def build(cls, instruments: Sequence[Instrument], market: Market) -> LegTable:
        """Flatten the legs of ``instruments``; expiries must be after the valuation date."""
        rows = []
        for position, instrument in enumerate(instruments):
            for leg in legs_of(instrument):
                opt, spec = leg.option, leg.option.spec
                if opt.expiry < market.valuation_date:
                    raise InputError(f"expiry of {opt.label}", opt.expiry.isoformat(),
                                     f"a date on or after the valuation date {market.valuation_date}")
                rows.append((
                    position, float(leg.quantity), opt.kind is OptionKind.CALL,
                    spec.exercise is ExerciseStyle.AMERICAN, opt.strike,
                    year_fraction(market.valuation_date, opt.expiry), spec.multiplier, spec.price_ratio,
                    spec.underlying, spec.currency,
                ))
        cols = list(zip(*rows, strict=True)) if rows else [()] * 10
        owner, qty, call, amer, strike, t, mult, ratio, und, ccy = cols
        return cls(
            np.asarray(owner, dtype=np.int64), np.asarray(qty, dtype=float), np.asarray(call, dtype=bool),
            np.asarray(amer, dtype=bool), np.asarray(strike, dtype=float), np.asarray(t, dtype=float),
            np.asarray(mult, dtype=float), np.asarray(ratio, dtype=float), np.asarray(und, dtype=object),
            np.asarray(ccy, dtype=object),
        )

    @property
    def expiry_days(self) -> np.ndarray:
        """Calendar days from the valuation date to each leg's expiry, shape (n_legs,)."""
        return np.rint(self.t * 365.0).astype(np.int64)

    def select(self, instruments: np.ndarray) -> tuple[LegTable, np.ndarray]:
        """Legs of the instruments at positions ``instruments``; also each leg's column in that selection."""
        where = {int(pos): col for col, pos in enumerate(instruments)}
        mask = np.isin(self.owner, instruments)
        picked = LegTable(*(getattr(self, f)[mask] for f in self.__dataclass_fields__))
        return picked, np.array([where[int(o)] for o in picked.owner], dtype=np.int64)


def underlying_return(scenarios: ScenarioSet, market: Market, name: str) -> FloatArray:
    """Simple return of an index (``equity.<INDEX>``) or of a currency pair under each scenario, shape (n,).

    A pair's return comes from the ``fx.<CCY>`` columns (each currency against the base):
    ``(1 + fx.foreign) / (1 + fx.domestic) - 1``, the base's own move being 0 — USDJPY with a JPY base moves by
    ``fx.USD``.
    """
    pair = market.fx_pair(name)
    if pair is None:
        return scenarios.equity(name)

    def move(currency: str) -> FloatArray:
        return np.zeros(len(scenarios)) if currency == market.base_currency else scenarios.fx(currency)

    return (1.0 + move(pair[0])) / (1.0 + move(pair[1])) - 1.0


@dataclass(frozen=True)
class RowFactors:
    """What the scenarios say on some rows for a table of legs: one vector per index or currency, shape (n_rows,).

    Read once for a whole request so that its row blocks are slices of it (:meth:`OptionRepricer.value`).

    Attributes
    ----------
    rows : ndarray of int
        Scenario positions.
    horizon : ndarray of int
        Horizon of each row, calendar days.
    move, dvol : dict of str to ndarray
        Per leg underlying (index or currency pair): its simple return and its additive implied-vol change.
    income : dict of str to ndarray
        Per currency pair among the underlyings: the change of its foreign rate (the pair's "dividend yield").
    drate, fx : dict of str to ndarray
        Per leg currency: its zero-rate change and its return against the base (0 for the base itself).
    """

    rows: np.ndarray
    horizon: np.ndarray
    move: dict[str, FloatArray]
    dvol: dict[str, FloatArray]
    income: dict[str, FloatArray]
    drate: dict[str, FloatArray]
    fx: dict[str, FloatArray | float]

    @classmethod
    def read(cls, scenarios: ScenarioSet, market: Market, rows: np.ndarray, legs: LegTable) -> RowFactors:
        """The factors of ``rows`` for the underlyings and currencies of ``legs``."""
        indices, currencies = set(legs.underlying), set(legs.currency)
        pairs = {index: market.fx_pair(index) for index in indices}
        return cls(
            rows, scenarios.horizon_days[rows],
            {index: underlying_return(scenarios, market, index)[rows] for index in indices},
            {index: scenarios.vol(index)[rows] for index in indices},
            {index: scenarios.rate(pair[0])[rows] for index, pair in pairs.items() if pair is not None},
            {ccy: scenarios.rate(ccy)[rows] for ccy in currencies},
            {ccy: 0.0 if ccy == market.base_currency else scenarios.fx(ccy)[rows] for ccy in currencies},
        )

    def take(self, part: slice) -> RowFactors:
        """The same on the rows ``part`` of these (views, no copy)."""
        def cut(table: dict) -> dict:
            return {k: v if np.isscalar(v) else v[part] for k, v in table.items()}

        return RowFactors(self.rows[part], self.horizon[part], cut(self.move), cut(self.dvol), cut(self.income),
                          cut(self.drate), cut(self.fx))


def _where(mask: np.ndarray) -> np.ndarray | slice:
    """``mask`` as a column index; every column as a slice, which reads a view where a mask would copy."""
    return slice(None) if mask.all() else mask


class OptionRepricer:
    """Values of a fixed list of option instruments under any scenarios, per contract, in base currency.

    Parameters
    ----------
    instruments : sequence of Option or Package
        The instruments (columns).
    market : Market
        Today's market; its surfaces give the sticky-moneyness vols.

    Examples
    --------
    >>> from pricing import Option, default_market
    >>> from scenarios.sets.scenario_set import ScenarioSet
    >>> r = OptionRepricer([Option("XSP", "put", 540.0, "2027-03-19")], default_market())
    >>> crash = ScenarioSet.from_records([{"label": "crash", "horizon_days": 0, "equity.SPX": -0.3}])
    >>> bool(r.value(crash)[0, 0] > r.value_today()[0])
    True
    """

    def __init__(self, instruments: Sequence[Instrument], market: Market) -> None:
        self.instruments = list(instruments)
        self.market = market
        self.legs = LegTable.build(self.instruments, market)
        self._today: FloatArray | None = None

    def __len__(self) -> int:
        return len(self.instruments)

    @property
    def labels(self) -> list[str]:
        """Instrument labels, in column order."""
        return [i.label for i in self.instruments]

    def value_today(self) -> FloatArray:
        """Model value of one contract of each instrument today, base currency, shape (n_instruments,)."""
        if self._today is None:
            legs = self.legs
            zeros = np.zeros((1, legs.owner.size))
            spot, tau = self._spots(legs)[None, :], legs.t[None, :]
            vol, rate, div = self._leg_market(legs, spot, tau, zeros, zeros)
            fx = np.array([self.market.fx_rate(c) for c in legs.currency])[None, :]
            unit = self._kernel(legs, spot, tau, vol, rate, div)
            self._today = self._sum_legs(legs, legs.owner, unit * fx, 1, len(self))[0]
        return self._today

    def legs_today(self) -> tuple[FloatArray, FloatArray]:
        """Each leg's model price per unit today (points) and its absolute delta, shapes (n_legs,).

        The prices are those :meth:`value_today` sums (American legs by :func:`~pricing.american.american_price`);
        the deltas are European Black–Scholes deltas on the same inputs, for every leg: they only place a leg
        on the quote model's moneyness scale.
        """
        legs = self.legs
        zeros = np.zeros((1, legs.owner.size))
        spot, tau = self._spots(legs)[None, :], legs.t[None, :]
        vol, rate, div = self._leg_market(legs, spot, tau, zeros, zeros)
        unit = self._kernel(legs, spot, tau, vol, rate, div)[0]
        delta = bs_greeks(legs.is_call[None, :], spot, legs.strike[None, :], tau, rate, div, vol,
                          validate=False).delta[0]
        return unit, np.clip(np.abs(delta), 0.0, 1.0)

    def _leg_inputs(
        self, scenarios: ScenarioSet, rows: np.ndarray, legs: LegTable
    ) -> tuple[FloatArray, ...]:
        """Spot, time to expiry, vol, rate, dividend yield and FX to base of each leg under each scenario.

        All of shape (len(rows), n_legs): contract points, years, decimals, and base per contract currency.
        """
        return self._expand(scenarios, RowFactors.read(scenarios, self.market, rows, legs), legs)

    def _expand(self, scenarios: ScenarioSet, factors: RowFactors, legs: LegTable) -> tuple[FloatArray, ...]:
        """:meth:`_leg_inputs` from the scenario factors of its rows, read beforehand (``factors``)."""
        rows = factors.rows
        shape = (rows.size, legs.owner.size)
        spot, dvol, drate, fx = np.empty(shape), np.empty(shape), np.empty(shape), np.empty(shape)
        today_spot = self._spots(legs)
        for index in set(legs.underlying):
            cols = _where(legs.underlying == index)
            spot[:, cols] = today_spot[cols] * (1.0 + factors.move[index])[:, None]
            dvol[:, cols] = factors.dvol[index][:, None]
        dincome = np.zeros(shape)
        for index, income in factors.income.items():  # a pair's "dividend yield" moves with the foreign rate
            dincome[:, legs.underlying == index] = income[:, None]
        for ccy in set(legs.currency):
            cols = _where(legs.currency == ccy)
            drate[:, cols] = factors.drate[ccy][:, None]
            fx[:, cols] = (self.market.fx_rate(ccy) * (1.0 + np.asarray(factors.fx[ccy])))[..., None]
        days = factors.horizon
        if days.size and days.min() == days.max():  # one window (a Monte Carlo set): a leg's tau is one number
            days = days[:1]
        tau = np.maximum(legs.t[None, :] - days.astype(float)[:, None] / 365.0, 0.0)  # (1 or rows, legs)
        credit = self._expired_inside(scenarios, rows, legs, spot, factors.horizon)
        vol, rate, div = self._leg_market(legs, spot, tau, dvol, drate, dincome)
        return spot, np.broadcast_to(tau, shape), vol, rate, div, fx * credit

    def _expired_inside(self, scenarios: ScenarioSet, rows: np.ndarray, legs: LegTable, spot: FloatArray,
                        days: np.ndarray) -> FloatArray:
        """Legs expiring inside a window: ``spot`` set in place to the path's level at expiry; 0 where no path.

        ``days`` is the horizon of each of ``rows``. Returns the credit of each (row, leg): 1, or 0 for a leg
        expiring inside a window with no recorded path.
        """
        credit = np.ones(spot.shape)
        expiry = legs.expiry_days
        inside = expiry[None, :] < days[:, None]
        if not inside.any():
            return credit
        today = self._spots(legs)
        for index in set(legs.underlying[inside.any(axis=0)]):
            path = scenarios.path(index)
            for i, j in zip(*np.nonzero(inside & (legs.underlying == index)[None, :]), strict=True):
                recorded = path[rows[i]]
                if recorded is None:
                    credit[i, j] = 0.0
                else:
                    spot[i, j] = today[j] * recorded[expiry[j]]
        return credit

    def uncredited(
        self, scenarios: ScenarioSet, rows: np.ndarray | None = None, columns: np.ndarray | None = None
    ) -> np.ndarray:
        """True where an instrument has a leg expiring inside a scenario's window with no recorded path.

        Such a leg is credited with nothing (the conservative bound). Shape (len(rows), len(columns)).
        """
        rows, columns = self._positions(scenarios, rows, columns)
        legs, leg_col = self.legs.select(columns)
        out = np.zeros((rows.size, columns.size), dtype=bool)
        days = scenarios.horizon_days[rows]
        if not rows.size or not legs.owner.size or legs.expiry_days.min() >= days.max():
            return out  # every leg outlives every window (a one-period set's candidates)
        spot = np.broadcast_to(self._spots(legs), (rows.size, legs.owner.size)).copy()
        missing = self._expired_inside(scenarios, rows, legs, spot, days) == 0.0
        for j, col in enumerate(leg_col):
            out[:, col] |= missing[:, j]
        return out

    def value(
        self, scenarios: ScenarioSet, rows: np.ndarray | None = None, columns: np.ndarray | None = None,
        block: int = ROW_BLOCK,
    ) -> FloatArray:
        """Value at the horizon of one contract of each instrument, base currency (the fast kernel).

        Parameters
        ----------
        scenarios : ScenarioSet
            The scenarios.
        rows : ndarray of int, optional
            Scenario positions to evaluate (all when None).
        columns : ndarray of int, optional
            Instrument positions to evaluate (all when None).
        block : int, default :data:`ROW_BLOCK`
            Rows priced at once (each row's value depends on that row alone, so any block gives the same values).

        Returns
        -------
        ndarray of shape (len(rows), len(columns))
            Values in base currency at each scenario's horizon.
        """
        rows, columns = self._positions(scenarios, rows, columns)
        legs, leg_col = self.legs.select(columns)
        factors = RowFactors.read(scenarios, self.market, rows, legs)
        out = np.empty((rows.size, columns.size))
        for start in range(0, rows.size, block):
            part = factors.take(slice(start, start + block))
            spot, tau, vol, rate, div, fx = self._expand(scenarios, part, legs)
            unit = self._kernel(legs, spot, tau, vol, rate, div)
            out[start:start + block] = self._sum_legs(legs, leg_col, unit * fx, part.rows.size, columns.size)
        return out

    def quantlib_value(
        self, scenarios: ScenarioSet, rows: np.ndarray | None = None, columns: np.ndarray | None = None
    ) -> FloatArray:
        """The same values as :meth:`value`, priced one by one with QuantLib (the slow twin).

        Same inputs (spot, sticky-moneyness vol, rate, dividend yield, FX) as the kernel; European legs with
        ``AnalyticEuropeanEngine``, American legs with ``QdFpAmericanEngine``. About 4 µs per European leg.
        """
        from pricing.quantlib_engine import ScenarioPricer  # the twin alone needs QuantLib

        rows, columns = self._positions(scenarios, rows, columns)
        legs, leg_col = self.legs.select(columns)
        spot, tau, vol, rate, div, fx = self._leg_inputs(scenarios, rows, legs)
        pricer = ScenarioPricer(self.market.valuation_date)
        horizon = scenarios.horizon_days[rows]
        expiry_days = legs.expiry_days
        unit = np.empty_like(spot)
        for j in range(legs.owner.size):
            for i in range(rows.size):
                unit[i, j] = pricer.price(
                    bool(legs.is_call[j]), float(legs.strike[j]), int(expiry_days[j]), bool(legs.american[j]),
                    int(horizon[i]), spot[i, j], rate[i, j], div[i, j], vol[i, j],
                )
        return self._sum_legs(legs, leg_col, unit * fx, rows.size, columns.size)

    def _positions(
        self, scenarios: ScenarioSet, rows: np.ndarray | None, columns: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        rows = np.arange(len(scenarios)) if rows is None else np.asarray(rows, dtype=np.int64)
        columns = np.arange(len(self)) if columns is None else np.asarray(columns, dtype=np.int64)
        return rows, columns

    @staticmethod
    def _sum_legs(legs: LegTable, leg_col: np.ndarray, unit_base: FloatArray, n_rows: int, n_cols: int) -> FloatArray:
        """Signed sum of per-leg values (base currency per unit) into per-contract instrument values."""
        out = np.zeros((n_rows, n_cols))
        np.add.at(out.T, leg_col, (unit_base * (legs.quantity * legs.multiplier)).T)
        return out

    def pnl(
        self, scenarios: ScenarioSet, rows: np.ndarray | None = None, columns: np.ndarray | None = None
    ) -> FloatArray:
        """Change in value of one contract from today's model value to the horizon, base currency."""
        columns = np.arange(len(self)) if columns is None else np.asarray(columns, dtype=np.int64)
        return self.value(scenarios, rows, columns) - self.value_today()[columns][None, :]

    def _spots(self, legs: LegTable) -> FloatArray:
        """Today's spot of each leg's contract underlying, points, shape (n_legs,)."""
        levels = {index: self.market.spot(index) for index in set(legs.underlying)}
        return np.array([levels[u] for u in legs.underlying], dtype=float) * legs.price_ratio

    def _leg_market(
        self, legs: LegTable, spot: FloatArray, tau: FloatArray, dvol: FloatArray, drate: FloatArray,
        dincome: FloatArray | float = 0.0,
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Sticky-moneyness vol plus shift, zero rate plus shift, and dividend yield (a pair's: foreign rate).

        ``tau`` has shape (1, n_legs) when every row shares it (the surface and curves are then read once per leg)
        or that of ``spot``.
        """
        vol, rate, div = np.empty(spot.shape), np.empty(spot.shape), np.empty(spot.shape)
        for index in set(legs.underlying):
            cols = _where(legs.underlying == index)
            surface_vol = self.market.surface(index).vol(legs.strike[cols] / spot[:, cols], tau[:, cols])
            vol[:, cols] = np.maximum(surface_vol + dvol[:, cols], MIN_SCENARIO_VOL)
            div[:, cols] = self.market.income_rate(index, tau[:, cols])
        div += dincome
        for ccy in set(legs.currency):
            cols = _where(legs.currency == ccy)
            rate[:, cols] = self.market.curve(ccy).zero_rate(tau[:, cols]) + drate[:, cols]
        return vol, rate, div

    def _kernel(
        self, legs: LegTable, spot: FloatArray, tau: FloatArray, vol: FloatArray, rate: FloatArray, div: FloatArray
    ) -> FloatArray:
        """Unit price (points) of each leg with the vectorized kernels, shape (rows, n_legs)."""
        tau = np.broadcast_to(tau, spot.shape)
        strike = np.broadcast_to(legs.strike, spot.shape)
        kind = np.broadcast_to(legs.is_call, spot.shape)
        prices = bs_price(kind, spot, strike, tau, rate, div, vol, validate=False)
        if legs.american.any():
            cols = legs.american
            prices[:, cols] = american_price(
                kind[:, cols], spot[:, cols], strike[:, cols], tau[:, cols], rate[:, cols], div[:, cols],
                vol[:, cols], validate=False,
            )
        return prices

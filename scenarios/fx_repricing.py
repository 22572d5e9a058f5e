r"""Linear yen hedges under scenarios: the value of one lot at the horizon, in base currency.

Every lot sells :math:`N` units of the pair's foreign currency (dollars) for its domestic one (yen); a CME future
buys :math:`N_J` yen, which is :math:`N = N_J / F_0` dollars sold at its forward :math:`F_0`. With the pair's spot
:math:`S_0` today and :math:`S_h = S_0(1 + e)` at the scenario's horizon :math:`h` (``e`` from the ``fx.<CCY>``
columns), :math:`r_d, r_f` the domestic and foreign zero rates and :math:`F(t) = S e^{(r_d - r_f)t}` (covered
interest parity, :mod:`pricing.fx.forwards`), one lot is worth, in domestic currency:

=========================  ==============================================================================
forward, maturity T >= h   :math:`N\,(F_0 - F_h)\,e^{-r_d'(T-h)}` — marked to the forward for the remaining
                           :math:`T-h` on the scenario's curves (today's plus ``rate.<CCY>``), discounted
future, expiry T >= h      :math:`N_J\,S_h\,(1/F_h - 1/F_0)` — the dollars-per-yen price change, settled daily
                           in dollars, converted at :math:`S_h`
rolling (くりっく365, 店頭FX)  :math:`N\,(S_0 - S_h) - N\,S_0\,\bar g\,(1 + m\,\mathrm{sgn}\,\bar g)\,h/365` — the spot
                           move less the swap points paid daily, :math:`\bar g = \bar r_f - \bar r_d` on the
                           window's average rates, :math:`m` the broker's markup
matures inside the window  rolled at maturity into the same tenor:
                           :math:`N\,(S_0\,e^{-\bar g h/365} - S_h)`
                           (a future: :math:`N_J(1 - S_h e^{\bar g h/365}/S_0)`),
                           the forward points of every roll at the window's average rates, and each roll pays
                           two more half-spreads and commissions
=========================  ==============================================================================

and converted to base at the scenario's end FX of the domestic currency (1 for a yen account). The average rate of
a currency over the window is its zero rate to :math:`h` plus ``ScenarioSet.rate_average``. Unlike an option, a
linear hedge needs no recorded path to be valued when it matures inside a window: rolling it is the program
the user runs, and its value depends on the path only through the roll dates' notional (second order; not
modelled).

A lot is entered at mid (value 0 today); what it costs to enter — a half-spread and the commission — is the
candidate's ``outlay`` (:mod:`hedgeopt.optimizer.candidates`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from pricing import InputError, Market
from pricing._typing import FloatArray
from pricing.fx.forwards import forward_rate, hedge_carry
from pricing.fx.instruments import FxHedge
from pricing.fx.terms import FxRoute
from scenarios.repricing import underlying_return
from scenarios.sets.scenario_set import ScenarioSet


class FxRepricer:
    """Values of a fixed list of linear yen hedges under any scenarios, per lot, in base currency.

    Parameters
    ----------
    instruments : sequence of FxHedge
    market : Market
        Today's market: the pair's spot and the two zero curves.

    Examples
    --------
    >>> from pricing import default_market
    >>> r = FxRepricer([FxHedge("OTC_FX")], default_market())
    >>> yen_up = ScenarioSet.from_records([{"label": "yen up", "horizon_days": 0, "fx.USD": -0.10}])
    >>> round(float(r.value(yen_up)[0, 0]))  # 1,000 USD sold at 150, bought back at 135
    15000
    """

    def __init__(self, instruments: Sequence[FxHedge], market: Market) -> None:
        self.instruments = list(instruments)
        self.market = market
        for hedge in self.instruments:
            if hedge.maturity is not None and hedge.maturity <= market.valuation_date:
                raise InputError(f"maturity of {hedge.label}", hedge.maturity.isoformat(),
                                 f"a date after the valuation date {market.valuation_date}")
            if market.fx_pair(hedge.spec.pair) is None:
                raise InputError("hedge.fx.instruments", hedge.symbol,
                                 f"a pair this market quotes: {hedge.spec.pair} needs both currencies")

    def __len__(self) -> int:
        return len(self.instruments)

    @property
    def labels(self) -> list[str]:
        """Instrument labels, in column order."""
        return [i.label for i in self.instruments]

    @property
    def maturity_days(self) -> np.ndarray:
        """Calendar days to each lot's maturity; a rolling position never matures (a very large number)."""
        today = self.market.valuation_date
        return np.array([h.days(today) if h.maturity is not None else 10**6 for h in self.instruments],
                        dtype=np.int64)

    def value_today(self) -> FloatArray:
        """Value of one lot today, base currency: 0 (entered at mid; the spread is the candidate's outlay)."""
        return np.zeros(len(self))

    def forward_today(self, hedge: FxHedge) -> float:
        """``F_0``: the outright forward to the lot's maturity (spot for a rolling lot), domestic per foreign."""
        days = hedge.days(self.market.valuation_date)
        return float(forward_rate(self.market, hedge.spec.pair, 0.0 if days is None else days / 365.0))

    def dollars(self) -> FloatArray:
        """Foreign units (dollars) each lot sells, shape (n,)."""
        return np.array([h.spec.dollars(self.forward_today(h)) for h in self.instruments])

    def notional_base(self) -> FloatArray:
        """What each lot hedges today: its dollars at today's spot, base currency, shape (n,)."""
        values = []
        for hedge, dollars in zip(self.instruments, self.dollars(), strict=True):
            pair = hedge.spec.pair
            values.append(dollars * self.market.spot(pair) * self.market.fx_rate(hedge.spec.domestic))
        return np.asarray(values)

    def entry_costs(self) -> tuple[FloatArray, FloatArray]:
        """(half-spread, commission) of entering one lot of each hedge today, base currency, shapes (n,)."""
        market = self.market
        spread = [h.spec.lot * h.spec.half_spread * market.fx_rate(h.spec.foreign if h.spec.quoted_in_foreign
                                                                   else h.spec.domestic) for h in self.instruments]
        fees = [h.spec.commission * market.fx_rate(h.spec.fee_currency) for h in self.instruments]
        return np.asarray(spread, dtype=float), np.asarray(fees, dtype=float)

    def carry(self, days: int) -> FloatArray:
        """Carry one lot gives up over ``days`` at today's rates, base currency, shape (n,).

        The forward points on its dollars (:func:`~pricing.fx.forwards.hedge_carry`); a rolling lot that pays swap
        points also pays the broker's markup on them.
        """
        out = []
        for hedge, notional in zip(self.instruments, self.notional_base(), strict=True):
            spec = hedge.spec
            given_up = float(hedge_carry(self.market, spec.pair, days))
            if spec.route is FxRoute.ROLLING and given_up > 0:
                given_up *= 1.0 + spec.swap_markup
            out.append(notional * given_up)
        return np.asarray(out, dtype=float)

    def value(
        self, scenarios: ScenarioSet, rows: np.ndarray | None = None, columns: np.ndarray | None = None
    ) -> FloatArray:
        """Value at the horizon of one lot of each instrument, base currency, shape (len(rows), len(columns))."""
        rows = np.arange(len(scenarios)) if rows is None else np.asarray(rows, dtype=np.int64)
        columns = np.arange(len(self)) if columns is None else np.asarray(columns, dtype=np.int64)
        out = np.empty((rows.size, columns.size))
        for k, j in enumerate(columns):
            hedge = self.instruments[int(j)]
            inputs = _Inputs(self.market, hedge, scenarios, rows)
            out[:, k] = _lot_value(hedge, self.forward_today(hedge), inputs) * inputs.to_base
        return out

    def quantlib_value(
        self, scenarios: ScenarioSet, rows: np.ndarray | None = None, columns: np.ndarray | None = None
    ) -> FloatArray:
        """The same values one scenario at a time, forwards from QuantLib's discount curves (the slow twin).

        ``F = S · P_f(τ) / P_d(τ)`` with :math:`P` the discount factors of QuantLib zero curves equal to the
        market's (shifted by the scenario's ``rate.<CCY>`` with a ``ZeroSpreadedTermStructure``); the rolled and
        rolling branches in plain Python.
        """
        import QuantLib as ql

        from pricing.quantlib_engine import quantlib_curve

        rows = np.arange(len(scenarios)) if rows is None else np.asarray(rows, dtype=np.int64)
        columns = np.arange(len(self)) if columns is None else np.asarray(columns, dtype=np.int64)
        out = np.empty((rows.size, columns.size))
        today = self.market.valuation_date
        for k, j in enumerate(columns):
            hedge = self.instruments[int(j)]
            spec = hedge.spec
            curves = {c: quantlib_curve(self.market.curve(c), today) for c in (spec.foreign, spec.domestic)}

            def discount(currency: str, shift: float, t: float, curves: dict = curves) -> float:
                spread = ql.QuoteHandle(ql.SimpleQuote(shift))
                shifted = ql.ZeroSpreadedTermStructure(curves[currency], spread, ql.Continuous, ql.NoFrequency,
                                                       ql.Actual365Fixed())
                return shifted.discount(t, True)

            s0 = self.market.spot(spec.pair)
            days = hedge.days(today)
            f0 = s0 if days is None else s0 * discount(spec.foreign, 0.0, days / 365) / discount(spec.domestic, 0.0,
                                                                                                  days / 365)
            inputs = _Inputs(self.market, hedge, scenarios, rows)
            for i in range(rows.size):
                h = int(inputs.h[i])
                if days is not None and days >= h:
                    tau = (days - h) / 365.0
                    p_f = discount(spec.foreign, float(inputs.shift_f[i]), tau)
                    p_d = discount(spec.domestic, float(inputs.shift_d[i]), tau)
                    f_h = float(inputs.s_h[i]) * p_f / p_d
                    if spec.route is FxRoute.FUTURE:
                        value = spec.lot * float(inputs.s_h[i]) * (1.0 / f_h - 1.0 / f0)
                    else:
                        value = spec.dollars(f0) * (f0 - f_h) * p_d
                else:
                    value = _rolled_scalar(hedge, f0, s0, float(inputs.s_h[i]), float(inputs.gap[i]), h, days)
                out[i, k] = value * float(inputs.to_base[i])
        return out

    def uncredited(
        self, scenarios: ScenarioSet, rows: np.ndarray | None = None, columns: np.ndarray | None = None
    ) -> np.ndarray:
        """Never: a linear hedge that matures inside a window is rolled, and needs no path. All False."""
        rows = np.arange(len(scenarios)) if rows is None else np.asarray(rows)
        columns = np.arange(len(self)) if columns is None else np.asarray(columns)
        return np.zeros((rows.size, columns.size), dtype=bool)


class _Inputs:
    """One lot's market under the scenario rows: spot at the horizon, curve shifts, average rate gap, FX to base."""

    def __init__(self, market: Market, hedge: FxHedge, scenarios: ScenarioSet, rows: np.ndarray) -> None:
        spec = hedge.spec
        self.h = scenarios.horizon_days[rows].astype(np.int64)
        years = self.h / 365.0
        self.s0 = market.spot(spec.pair)
        self.s_h = self.s0 * (1.0 + underlying_return(scenarios, market, spec.pair)[rows])
        self.shift_d = scenarios.rate(spec.domestic)[rows]
        self.shift_f = scenarios.rate(spec.foreign)[rows]
        average = {c: market.curve(c).zero_rate(years) + scenarios.rate_average(c)[rows]
                   for c in (spec.foreign, spec.domestic)}
        self.gap = average[spec.foreign] - average[spec.domestic]
        domestic = spec.domestic
        move = 0.0 if domestic == market.base_currency else scenarios.fx(domestic)[rows]
        self.to_base = market.fx_rate(domestic) * (1.0 + np.asarray(move)) * np.ones(rows.size)
        self.market = market


def _lot_value(hedge: FxHedge, f0: float, x: _Inputs) -> FloatArray:
    """One lot's value at the horizon in domestic currency, every row (see the module docstring)."""
    spec, market = hedge.spec, x.market
    days = hedge.days(market.valuation_date)
    rolled = _rolled(hedge, f0, x, days)
    if days is None:
        return rolled
    alive = days >= x.h
    tau = np.maximum(days - x.h, 0) / 365.0
    r_d = market.curve(spec.domestic).zero_rate(tau) + x.shift_d
    r_f = market.curve(spec.foreign).zero_rate(tau) + x.shift_f
    f_h = x.s_h * np.exp((r_d - r_f) * tau)
    if spec.route is FxRoute.FUTURE:
        marked = spec.lot * x.s_h * (1.0 / f_h - 1.0 / f0)
    else:
        marked = spec.dollars(f0) * (f0 - f_h) * np.exp(-r_d * tau)
    return np.where(alive, marked, rolled)


def _rolled(hedge: FxHedge, f0: float, x: _Inputs, days: int | None) -> FloatArray:
    """The rolled (or rolling) lot's value over each window, domestic currency, every row."""
    spec = hedge.spec
    years = x.h / 365.0
    if days is None:
        markup = 1.0 + spec.swap_markup * np.sign(x.gap)
        dollars = spec.dollars(x.s0)
        return dollars * (x.s0 - x.s_h) - dollars * x.s0 * x.gap * markup * years
    rolls = np.maximum(np.ceil(x.h / max(days, 1)) - 1, 0)
    trade = 2.0 * (spec.lot * spec.half_spread * (x.s_h if spec.quoted_in_foreign else 1.0)
                   + spec.commission * (x.s_h if spec.fee_currency == spec.foreign else 1.0))
    if spec.route is FxRoute.FUTURE:
        carried = spec.lot * (1.0 - x.s_h * np.exp(x.gap * years) / x.s0)
    else:
        carried = spec.dollars(f0) * (x.s0 * np.exp(-x.gap * years) - x.s_h)
    return carried - rolls * trade


def _rolled_scalar(hedge: FxHedge, f0: float, s0: float, s_h: float, gap: float, h: int, days: int | None) -> float:
    """:func:`_rolled` for one scenario, in plain Python (the twin's arithmetic)."""
    spec = hedge.spec
    years = h / 365.0
    if days is None:
        markup = 1.0 + spec.swap_markup * (1.0 if gap > 0 else -1.0 if gap < 0 else 0.0)
        dollars = spec.dollars(s0)
        return dollars * (s0 - s_h) - dollars * s0 * gap * markup * years
    rolls = max(math.ceil(h / max(days, 1)) - 1, 0)
    trade = 2.0 * (spec.lot * spec.half_spread * (s_h if spec.quoted_in_foreign else 1.0)
                   + spec.commission * (s_h if spec.fee_currency == spec.foreign else 1.0))
    if spec.route is FxRoute.FUTURE:
        carried = spec.lot * (1.0 - s_h * math.exp(gap * years) / s0)
    else:
        carried = spec.dollars(f0) * (s0 * math.exp(-gap * years) - s_h)
    return carried - rolls * trade

r"""An option leg under a scenario, priced with QuantLib from its contract terms: the reference's options.

The valuation rule (:mod:`scenarios.repricing` states it for the fast path; it is restated and coded here on its
own): under a scenario of ``h`` days with underlying return ``e``, implied-vol change ``dv``, rate changes
``dr`` and FX return ``f``, a leg of strike ``K`` expiring ``D`` days after the valuation date is worth, per unit
of the contract's underlying, in the contract currency:

* ``D > h``: a QuantLib ``VanillaOption`` (``EuropeanExercise``: ``AnalyticEuropeanEngine``;
  ``AmericanExercise``: ``QdFpAmericanEngine``, the high-accuracy fixed-point boundary scheme) with
  QuantLib's evaluation date set to the scenario's date, on ``FlatForward`` curves and a ``BlackConstantVol``
  built for the scenario: spot ``S' = S_0 (1 + e)`` (``S_0`` the index level times the contract's price
  ratio), rate the contract currency's zero rate to expiry plus its ``dr``, income the index's dividend yield
  (a currency pair's: the foreign zero rate plus its ``dr``), vol the surface's at moneyness ``K / S'`` and
  the remaining time, plus ``dv``, never below 1 vol point (sticky moneyness);
* ``D = h``: intrinsic value at ``S'``;
* ``D < h``: intrinsic value at the level the scenario's recorded path gives on day ``D``, held as cash in the
  contract currency to the window's end; nothing where the scenario has no path for the index.

The value is converted to the base currency at the scenario's end FX of the contract currency,
``X (1 + f)``. A currency pair's return comes from the ``fx.<CCY>`` columns of its two currencies.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import QuantLib as ql

from hedgeopt.reference.scenario import Moves
from pricing import ExerciseStyle, Instrument, Market, Option, OptionKind, legs_of

LEAST_VOL = 0.01
"""The lowest implied vol a scenario can push a surface to, decimal (the scenario model's floor)."""

_DAY_COUNT = ql.Actual365Fixed()


def _ql_date(day: dt.date) -> ql.Date:
    return ql.Date(day.day, day.month, day.year)


class _Leg:
    """One option's terms, read once, and its QuantLib instrument on quotes reset for each scenario."""

    def __init__(self, option: Option, market: Market) -> None:
        spec = option.spec
        self.name, self.currency, self.strike = spec.underlying, spec.currency, option.strike
        self.call = option.kind is OptionKind.CALL
        self.start = market.spot(self.name) * spec.price_ratio
        self.pair = market.fx_pair(self.name)
        self.dividend = market.dividend_yield(self.name) if self.pair is None else 0.0
        self.expiry = option.expiry
        self.expiry_day = (option.expiry - market.valuation_date).days
        self.spot, self.rate, self.income, self.vol = (ql.SimpleQuote(0.0) for _ in range(4))
        calendar = ql.NullCalendar()
        process = ql.BlackScholesMertonProcess(
            ql.QuoteHandle(self.spot),
            ql.YieldTermStructureHandle(ql.FlatForward(0, calendar, ql.QuoteHandle(self.income), _DAY_COUNT)),
            ql.YieldTermStructureHandle(ql.FlatForward(0, calendar, ql.QuoteHandle(self.rate), _DAY_COUNT)),
            ql.BlackVolTermStructureHandle(ql.BlackConstantVol(0, calendar, ql.QuoteHandle(self.vol), _DAY_COUNT)),
        )
        payoff = ql.PlainVanillaPayoff(ql.Option.Call if self.call else ql.Option.Put, option.strike)
        expiry = _ql_date(option.expiry)
        if spec.exercise is ExerciseStyle.AMERICAN:
            self.option = ql.VanillaOption(payoff, ql.AmericanExercise(_ql_date(market.valuation_date), expiry))
            self.option.setPricingEngine(ql.QdFpAmericanEngine(process, ql.QdFpAmericanEngine.accurateScheme()))
        else:
            self.option = ql.VanillaOption(payoff, ql.EuropeanExercise(expiry))
            self.option.setPricingEngine(ql.AnalyticEuropeanEngine(process))

    def intrinsic(self, level: float) -> float:
        """Payoff at ``level`` (contract points)."""
        return max(level - self.strike, 0.0) if self.call else max(self.strike - level, 0.0)

    def npv(self, spot: float, rate: float, income: float, vol: float) -> float:
        """QuantLib's price at these inputs, at QuantLib's evaluation date."""
        for quote, value in ((self.spot, spot), (self.rate, rate), (self.income, income), (self.vol, vol)):
            quote.setValue(value)
        return self.option.NPV()


class OptionReference:
    """Values of option legs under scenarios, one leg and one scenario at a time, with QuantLib.

    Parameters
    ----------
    market : Market
        Today's market: spots, FX, zero curves, dividend yields, vol surfaces.

    Notes
    -----
    It owns QuantLib's global evaluation date while it prices (set to each scenario's date).
    """

    def __init__(self, market: Market) -> None:
        self.market = market
        self._legs: dict[Option, _Leg] = {}
        self._dates: dict[dt.date, ql.Date] = {}
        self._zeros: dict[tuple[str, float], float] = {}
        self._vols: dict[tuple[Option, int], float] = {}
        self._prepared: object = None

    def zero_rate(self, currency: str, years: float) -> float:
        """Today's zero rate of ``currency`` to ``years`` (the market's curve), decimal; read once per tenor."""
        key = (currency, years)
        if key not in self._zeros:
            self._zeros[key] = float(self.market.curve(currency).zero_rate(years))
        return self._zeros[key]

    def prepare(self, options: list[Option], scenarios: list[Moves]) -> None:
        """Read the surface vols of ``options`` under every one of ``scenarios`` in one call per option.

        Only a speed-up: :meth:`unit_price` reads the same vol one at a time where it was not prepared (or was
        prepared for another scenario set).
        """
        self._vols, self._prepared = {}, scenarios[0].columns if scenarios else None
        for option in options:
            leg = self._leg(option)
            picked = [(m, self._spot(leg, m), (option.expiry - m.date).days) for m in scenarios]
            picked = [p for p in picked if p[2] > 0]
            if not picked:
                continue
            spot = np.array([p[1] for p in picked])
            years = np.array([p[2] for p in picked]) / 365.0
            vols = self.market.surface(leg.name).vol(option.strike / spot, years)
            self._vols.update({(option, p[0].i): float(v) for p, v in zip(picked, vols, strict=True)})

    def _leg(self, option: Option) -> _Leg:
        if option not in self._legs:
            self._legs[option] = _Leg(option, self.market)
        return self._legs[option]

    def _spot(self, leg: _Leg, moves: Moves | None) -> float:
        """The contract's spot under the scenario, points: an index's return, or a pair's from its two currencies."""
        if moves is None:
            return leg.start
        if leg.pair is None:
            return leg.start * (1.0 + moves.equity(leg.name))
        base = self.market.base_currency
        return leg.start * (1.0 + moves.fx(leg.pair[0], base)) / (1.0 + moves.fx(leg.pair[1], base))

    def _date(self, day: dt.date) -> ql.Date:
        if day not in self._dates:
            self._dates[day] = _ql_date(day)
        return self._dates[day]

    def unit_price(self, option: Option, moves: Moves | None = None) -> float:
        """Price of one unit of ``option`` in contract points at the scenario's date (today when ``moves`` is None).

        A leg that expired inside the window is worth its payoff at expiry (0 with no recorded path).
        """
        leg = self._leg(option)
        date = self.market.valuation_date if moves is None else moves.date
        days_left = (leg.expiry - date).days
        if days_left < 0:
            level = moves.level(leg.name, leg.expiry_day)
            return 0.0 if level is None else leg.intrinsic(leg.start * level)
        spot = self._spot(leg, moves)
        if days_left == 0:
            return leg.intrinsic(spot)
        years = days_left / 365.0
        surface = (self._vols.get((option, moves.i)) if moves is not None and moves.columns is self._prepared
                   else None)
        if surface is None:
            surface = float(self.market.surface(leg.name).vol(option.strike / spot, years))
        vol = max(surface + (0.0 if moves is None else moves.vol(leg.name)), LEAST_VOL)
        rate = self.zero_rate(leg.currency, years) + (0.0 if moves is None else moves.rate(leg.currency))
        income = leg.dividend
        if leg.pair is not None:  # Garman-Kohlhagen: the pair's foreign rate is its income
            income = self.zero_rate(leg.pair[0], years) + (0.0 if moves is None else moves.rate(leg.pair[0]))
        day = self._date(date)
        if ql.Settings.instance().evaluationDate != day:
            ql.Settings.instance().evaluationDate = day
        return leg.npv(spot, rate, income, vol)

    def value(self, instrument: Instrument, moves: Moves | None = None) -> float:
        """One contract of ``instrument`` (every leg, signed, times the multiplier), base currency.

        At the scenario's date and end FX; today at today's FX when ``moves`` is None.
        """
        market, total = self.market, 0.0
        for leg in legs_of(instrument):
            currency = leg.option.spec.currency
            fx = market.fx_rate(currency) * (1.0 + (0.0 if moves is None else moves.fx(currency, market.base_currency)))
            total += leg.quantity * leg.option.spec.multiplier * self.unit_price(leg.option, moves) * fx
        return total

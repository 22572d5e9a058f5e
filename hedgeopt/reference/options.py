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


class _QuantLibLeg:
    """One vanilla option in QuantLib, on quotes reset for each scenario."""

    def __init__(self, option: Option, valuation_date: dt.date) -> None:
        self.spot, self.rate, self.income, self.vol = (ql.SimpleQuote(0.0) for _ in range(4))
        calendar = ql.NullCalendar()
        process = ql.BlackScholesMertonProcess(
            ql.QuoteHandle(self.spot),
            ql.YieldTermStructureHandle(ql.FlatForward(0, calendar, ql.QuoteHandle(self.income), _DAY_COUNT)),
            ql.YieldTermStructureHandle(ql.FlatForward(0, calendar, ql.QuoteHandle(self.rate), _DAY_COUNT)),
            ql.BlackVolTermStructureHandle(ql.BlackConstantVol(0, calendar, ql.QuoteHandle(self.vol), _DAY_COUNT)),
        )
        kind = ql.Option.Call if option.kind is OptionKind.CALL else ql.Option.Put
        payoff = ql.PlainVanillaPayoff(kind, option.strike)
        expiry = _ql_date(option.expiry)
        if option.spec.exercise is ExerciseStyle.AMERICAN:
            self.option = ql.VanillaOption(payoff, ql.AmericanExercise(_ql_date(valuation_date), expiry))
            self.option.setPricingEngine(ql.QdFpAmericanEngine(process, ql.QdFpAmericanEngine.accurateScheme()))
        else:
            self.option = ql.VanillaOption(payoff, ql.EuropeanExercise(expiry))
            self.option.setPricingEngine(ql.AnalyticEuropeanEngine(process))

    def npv(self, spot: float, rate: float, income: float, vol: float) -> float:
        for quote, value in ((self.spot, spot), (self.rate, rate), (self.income, income), (self.vol, vol)):
            quote.setValue(value)
        return self.option.NPV()


def _intrinsic(option: Option, level: float) -> float:
    return max(level - option.strike, 0.0) if option.kind is OptionKind.CALL else max(option.strike - level, 0.0)


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
        self._legs: dict[Option, _QuantLibLeg] = {}
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
            picked = [(m, self._at(option, m)) for m in scenarios]
            picked = [(m, spot, days) for m, (spot, days) in picked if days > 0]
            if not picked:
                continue
            spot = np.array([p[1] for p in picked])
            years = np.array([p[2] for p in picked]) / 365.0
            vols = self.market.surface(option.spec.underlying).vol(option.strike / spot, years)
            self._vols.update({(option, m.i): float(v) for (m, _, _), v in zip(picked, vols, strict=True)})

    def _at(self, option: Option, moves: Moves | None) -> tuple[float, int]:
        """The contract's spot under the scenario (points) and the days from the scenario's date to expiry."""
        spec = option.spec
        spot = self.market.spot(spec.underlying) * spec.price_ratio
        if moves is None:
            return spot, (option.expiry - self.market.valuation_date).days
        return spot * (1.0 + self._return(spec.underlying, moves)), (option.expiry - moves.date).days

    def _ql(self, option: Option) -> _QuantLibLeg:
        if option not in self._legs:
            self._legs[option] = _QuantLibLeg(option, self.market.valuation_date)
        return self._legs[option]

    def _return(self, name: str, moves: Moves) -> float:
        """Simple return of an index, or of a currency pair from its two currencies' ``fx`` columns."""
        pair = self.market.fx_pair(name)
        if pair is None:
            return moves.equity(name)
        base = self.market.base_currency
        return (1.0 + moves.fx(pair[0], base)) / (1.0 + moves.fx(pair[1], base)) - 1.0

    def _income(self, name: str, years: float, moves: Moves | None) -> float:
        pair = self.market.fx_pair(name)
        if pair is None:
            return self.market.dividend_yield(name)
        return self.zero_rate(pair[0], years) + (0.0 if moves is None else moves.rate(pair[0]))

    def unit_price(self, option: Option, moves: Moves | None = None) -> float:
        """Price of one unit of ``option`` in contract points at the scenario's date (today when ``moves`` is None).

        A leg that expired inside the window is worth its payoff at expiry (0 with no recorded path).
        """
        spec, market = option.spec, self.market
        name = spec.underlying
        spot, days_left = self._at(option, moves)
        if days_left < 0:
            level = moves.level(name, (option.expiry - market.valuation_date).days)
            return 0.0 if level is None else _intrinsic(option, market.spot(name) * spec.price_ratio * level)
        if days_left == 0:
            return _intrinsic(option, spot)
        years = days_left / 365.0
        surface = (self._vols.get((option, moves.i)) if moves is not None and moves.columns is self._prepared
                   else None)
        if surface is None:
            surface = float(market.surface(name).vol(option.strike / spot, years))
        vol = max(surface + (0.0 if moves is None else moves.vol(name)), LEAST_VOL)
        rate = self.zero_rate(spec.currency, years) + (0.0 if moves is None else moves.rate(spec.currency))
        day = _ql_date(market.valuation_date if moves is None else moves.date)
        if ql.Settings.instance().evaluationDate != day:
            ql.Settings.instance().evaluationDate = day
        return self._ql(option).npv(spot, rate, self._income(name, years, moves), vol)

    def value(self, instrument: Instrument, moves: Moves | None = None) -> float:
        """One contract of ``instrument`` (every leg, signed, times the multiplier), base currency.

        At the scenario's date and end FX; today at today's FX when ``moves`` is None.
        """
        market, total = self.market, 0.0
        for leg in legs_of(instrument):
            spec = leg.option.spec
            fx = market.fx_rate(spec.currency) * (1.0 + (0.0 if moves is None else
                                                         moves.fx(spec.currency, market.base_currency)))
            total += leg.quantity * spec.multiplier * self.unit_price(leg.option, moves) * fx
        return total

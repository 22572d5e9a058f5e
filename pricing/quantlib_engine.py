"""QuantLib pricing of options and packages: the reference every fast path is held to.

European contracts (SPX, XSP, Nikkei 225 options) use ``AnalyticEuropeanEngine``; American contracts (SPY) use
``FdBlackScholesVanillaEngine`` (Crank–Nicolson, 400 time × 400 space steps), with vega and rho by central
bumps. Each leg is priced at the implied vol its surface gives for its own strike and expiry (the smile vol),
on the contract currency's zero curve and the index's continuous dividend yield; time is Act/365 with no
holiday calendar, so QuantLib and the vectorized kernel see the same year fraction.

Greeks follow QuantLib's conventions, per unit of the contract's underlying: delta per point, gamma per point²,
vega per 1.00 of vol, theta per year, rho per 1.00 of rate. :class:`Valuation` adds the friendlier per-contract,
per-vol-point and per-day figures.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import QuantLib as ql
from scipy.optimize import brentq

from pricing.catalogue import ContractSpec, ExerciseStyle
from pricing.contracts import Instrument, Option, OptionKind, legs_of, year_fraction
from pricing.errors import ImpliedVolError, InputError, PricingError
from pricing.market import Market, RateCurve
from pricing.validation import as_float_array, check_vol

_DAY_COUNT = ql.Actual365Fixed()
_CALENDAR = ql.NullCalendar()
_FD_GRID = (400, 400)
_VOL_BUMP = 1e-4
_RATE_BUMP = 1e-5
_MIN_IV, _MAX_IV = 1e-6, 4.0


@dataclass(frozen=True)
class Valuation:
    """Price and greeks of one instrument (option or package), per unit and per contract.

    Attributes
    ----------
    label : str
        Instrument label.
    currency : str
        Contract currency (premium currency).
    multiplier : float
        Currency units per point of the contract's underlying.
    fx_to_base : float
        Base-currency units per unit of ``currency``.
    underlying_spot : float
        Spot of the contract's underlying, points.
    t : float
        Years to the (earliest) expiry, Act/365.
    vols : tuple of float
        Implied vol used for each leg, decimal.
    price, delta, gamma, vega, theta, rho : float
        Per unit, QuantLib conventions (points; per point; per point²; per 1.00 vol; per year; per 1.00 rate).
    """

    label: str
    currency: str
    multiplier: float
    fx_to_base: float
    underlying_spot: float
    t: float
    vols: tuple[float, ...]
    price: float
    delta: float
    gamma: float
    vega: float
    theta: float
    rho: float

    @property
    def contract_value(self) -> float:
        """Value of one contract (package) in the contract currency."""
        return self.price * self.multiplier

    @property
    def contract_value_base(self) -> float:
        """Value of one contract (package) in the base currency."""
        return self.contract_value * self.fx_to_base

    @property
    def vega_per_point(self) -> float:
        """Vega per 1 vol point (0.01), per unit, points."""
        return self.vega * 0.01

    @property
    def theta_per_day(self) -> float:
        """Theta per calendar day (1/365 year), per unit, points."""
        return self.theta / 365.0

    @property
    def delta_notional(self) -> float:
        """Delta of one contract as an equivalent underlying position, contract currency."""
        return self.delta * self.underlying_spot * self.multiplier

    def as_dict(self) -> dict[str, float | str | list[float]]:
        """Every figure as a plain dict (for JSON)."""
        return {
            "instrument": self.label,
            "currency": self.currency,
            "multiplier": self.multiplier,
            "underlying_spot": self.underlying_spot,
            "t_years": self.t,
            "vols": list(self.vols),
            "price": self.price,
            "delta": self.delta,
            "gamma": self.gamma,
            "vega": self.vega,
            "theta": self.theta,
            "rho": self.rho,
            "vega_per_vol_point": self.vega_per_point,
            "theta_per_day": self.theta_per_day,
            "contract_value": self.contract_value,
            "contract_value_base": self.contract_value_base,
            "fx_to_base": self.fx_to_base,
            "delta_notional": self.delta_notional,
        }


def _ql_date(date: dt.date) -> ql.Date:
    return ql.Date(date.day, date.month, date.year)


def quantlib_curve(curve: RateCurve, valuation_date: dt.date) -> ql.YieldTermStructureHandle:
    """QuantLib zero curve equal to ``curve``: linear in the zero rate, flat beyond both ends."""
    today = _ql_date(valuation_date)
    days = (0, *curve.days, max(curve.days[-1] + 1, 36500))
    rates = (curve.rates[0], *curve.rates, curve.rates[-1])
    dates = [today + int(d) for d in days]
    ts = ql.ZeroCurve(dates, list(rates), _DAY_COUNT, _CALENDAR, ql.Linear(), ql.Continuous, ql.Annual)
    ts.enableExtrapolation()
    return ql.YieldTermStructureHandle(ts)


def _process(
    market: Market, spec: ContractSpec, vol: float, spot: float | None = None, rate_shift: float = 0.0
) -> ql.BlackScholesMertonProcess:
    """The process of ``spec``'s underlying.

    Black–Scholes–Merton on an index (flat dividend yield), or Garman–Kohlhagen on a currency pair (QuantLib's
    ``GarmanKohlagenProcess``, so spelt: the foreign zero curve in place of the dividend yield).
    """
    today = _ql_date(market.valuation_date)
    underlying = market.spot(spec.underlying) * spec.price_ratio if spot is None else spot
    curve = market.curve(spec.currency)
    if rate_shift:
        curve = RateCurve(curve.days, tuple(r + rate_shift for r in curve.rates))
    spot_quote = ql.QuoteHandle(ql.SimpleQuote(underlying))
    volatility = ql.BlackVolTermStructureHandle(ql.BlackConstantVol(today, _CALENDAR, vol, _DAY_COUNT))
    pair = market.fx_pair(spec.underlying)
    if pair is not None:
        foreign = quantlib_curve(market.curve(pair[0]), market.valuation_date)
        return ql.GarmanKohlagenProcess(spot_quote, foreign, quantlib_curve(curve, market.valuation_date), volatility)
    dividend = ql.FlatForward(today, market.dividend_yield(spec.underlying), _DAY_COUNT, ql.Continuous)
    return ql.BlackScholesMertonProcess(spot_quote, ql.YieldTermStructureHandle(dividend),
                                        quantlib_curve(curve, market.valuation_date), volatility)


def _vanilla(option: Option, market: Market) -> ql.VanillaOption:
    ql.Settings.instance().evaluationDate = _ql_date(market.valuation_date)
    if option.expiry <= market.valuation_date:
        raise InputError(
            "expiry", option.expiry.isoformat(), f"a date after the valuation date {market.valuation_date}"
        )
    kind = ql.Option.Put if option.kind is OptionKind.PUT else ql.Option.Call
    payoff = ql.PlainVanillaPayoff(kind, option.strike)
    if option.spec.exercise is ExerciseStyle.AMERICAN:
        exercise = ql.AmericanExercise(_ql_date(market.valuation_date), _ql_date(option.expiry))
    else:
        exercise = ql.EuropeanExercise(_ql_date(option.expiry))
    return ql.VanillaOption(payoff, exercise)


def _engine(spec: ContractSpec, process: ql.BlackScholesMertonProcess) -> ql.PricingEngine:
    if spec.exercise is ExerciseStyle.AMERICAN:
        return ql.FdBlackScholesVanillaEngine(process, *_FD_GRID)
    return ql.AnalyticEuropeanEngine(process)


def surface_vol(option: Option, market: Market) -> float:
    """Implied vol (decimal) the market's surface gives ``option`` at its strike and expiry."""
    spot = market.spot(option.spec.underlying) * option.spec.price_ratio
    t = year_fraction(market.valuation_date, option.expiry)
    return float(market.surface(option.spec.underlying).vol(option.strike / spot, t))


def _npv(option: Option, market: Market, vol: float, rate_shift: float = 0.0) -> float:
    instrument = _vanilla(option, market)
    instrument.setPricingEngine(_engine(option.spec, _process(market, option.spec, vol, rate_shift=rate_shift)))
    return instrument.NPV()


def _leg_greeks(option: Option, market: Market, vol: float) -> tuple[float, ...]:
    """(price, delta, gamma, vega, theta, rho) of one unit of ``option`` at ``vol``."""
    instrument = _vanilla(option, market)
    instrument.setPricingEngine(_engine(option.spec, _process(market, option.spec, vol)))
    try:
        price = instrument.NPV()
        delta, gamma, theta = instrument.delta(), instrument.gamma(), instrument.theta()
        if option.spec.exercise is ExerciseStyle.AMERICAN:
            vega = (_npv(option, market, vol + _VOL_BUMP) - _npv(option, market, vol - _VOL_BUMP)) / (2 * _VOL_BUMP)
            up, down = _npv(option, market, vol, _RATE_BUMP), _npv(option, market, vol, -_RATE_BUMP)
            rho = (up - down) / (2 * _RATE_BUMP)
        else:
            vega, rho = instrument.vega(), instrument.rho()
    except RuntimeError as exc:
        raise PricingError(f"QuantLib failed on {option.label}: {exc}") from exc
    return price, delta, gamma, vega, theta, rho


def price(instrument: Instrument, market: Market, *, vol: float | None = None) -> Valuation:
    """Price an option or package with QuantLib, with greeks per unit and per contract.

    Parameters
    ----------
    instrument : Option or Package
        What to price. A package is the signed sum of its legs, each at its own smile vol.
    market : Market
        Spots, curves, dividends, FX and vol surfaces.
    vol : float, optional
        Override the surface: price every leg at this vol (decimal, 0.20 = 20%).

    Returns
    -------
    Valuation

    Raises
    ------
    InputError
        An expiry on or before the valuation date, an index missing from the market, a bad ``vol``.
    PricingError
        QuantLib failed.

    Examples
    --------
    >>> from pricing.market import default_market
    >>> from pricing.contracts import Option
    >>> v = price(Option("XSP", "put", 540.0, "2027-03-19"), default_market(), vol=0.20)
    >>> round(v.price, 4), round(v.contract_value_base)
    (5.0735, 76102)
    """
    if vol is not None:
        vol = float(check_vol("vol", vol))
    legs = legs_of(instrument)
    spec = legs[0].option.spec
    totals = [0.0] * 6
    vols = []
    for leg in legs:
        leg_vol = surface_vol(leg.option, market) if vol is None else vol
        vols.append(leg_vol)
        for i, value in enumerate(_leg_greeks(leg.option, market, leg_vol)):
            totals[i] += leg.quantity * value
    return Valuation(
        label=instrument.label,
        currency=spec.currency,
        multiplier=spec.multiplier,
        fx_to_base=market.fx_rate(spec.currency),
        underlying_spot=market.spot(spec.underlying) * spec.price_ratio,
        t=year_fraction(market.valuation_date, min(leg.option.expiry for leg in legs)),
        vols=tuple(vols),
        price=totals[0],
        delta=totals[1],
        gamma=totals[2],
        vega=totals[3],
        theta=totals[4],
        rho=totals[5],
    )


def no_arbitrage_bounds(option: Option, market: Market) -> tuple[float, float]:
    """Open interval ``(low, high)`` of prices (points) for which an implied vol exists.

    European: call in ``(max(S e^{-qT} - K e^{-rT}, 0), S e^{-qT})``, put in
    ``(max(K e^{-rT} - S e^{-qT}, 0), K e^{-rT})``. American: the lower bound is also at least intrinsic value and
    the put's upper bound is ``K``.
    """
    spec = option.spec
    spot = market.spot(spec.underlying) * spec.price_ratio
    t = year_fraction(market.valuation_date, option.expiry)
    df_r = float(market.curve(spec.currency).discount(t))
    df_q = math.exp(-float(market.income_rate(spec.underlying, t)) * t)
    fwd_s, pv_k = spot * df_q, option.strike * df_r
    american = spec.exercise is ExerciseStyle.AMERICAN
    if option.kind is OptionKind.CALL:
        low, high = max(fwd_s - pv_k, 0.0), spot if american else fwd_s
        intrinsic = max(spot - option.strike, 0.0)
    else:
        low, high = max(pv_k - fwd_s, 0.0), option.strike if american else pv_k
        intrinsic = max(option.strike - spot, 0.0)
    return (max(low, intrinsic) if american else low), high


def implied_vol(option: Option, price_points: float, market: Market) -> float:
    """Implied volatility (decimal) of ``option`` from a quoted price, with QuantLib.

    Parameters
    ----------
    option : Option
        The contract; European or American engine as for :func:`price`.
    price_points : float
        Quoted premium per unit, in points of the contract's underlying (before the multiplier).
    market : Market
        Spot, curves and dividend yield (the vol surface is not used).

    Returns
    -------
    float
        Implied vol, decimal, found to 1e-10 in price.

    Raises
    ------
    ImpliedVolError
        If the price is outside the no-arbitrage bounds (the message gives them).
    """
    quoted = float(as_float_array("price", price_points))
    low, high = no_arbitrage_bounds(option, market)
    if not low < quoted < high:
        raise ImpliedVolError(
            f"price of {option.label}", quoted, f"a price strictly between {low:.6g} and {high:.6g} points",
            hint="outside the no-arbitrage bounds, no volatility reproduces it",
        )
    if option.spec.exercise is ExerciseStyle.AMERICAN:
        # Root-find on the same FD engine that prices, so implied_vol(price(o, vol=v)) == v.
        try:
            return brentq(lambda v: _npv(option, market, v) - quoted, _MIN_IV, _MAX_IV, xtol=1e-12)
        except ValueError as exc:
            raise ImpliedVolError(
                f"price of {option.label}", quoted, f"a price whose implied vol lies in [{_MIN_IV}, {_MAX_IV}]",
                hint=str(exc),
            ) from None
    instrument = _vanilla(option, market)
    process = _process(market, option.spec, 0.2)
    instrument.setPricingEngine(_engine(option.spec, process))
    try:
        return instrument.impliedVolatility(quoted, process, 1e-12, 500, _MIN_IV, _MAX_IV)
    except RuntimeError as exc:
        raise ImpliedVolError(
            f"price of {option.label}", quoted, f"a price whose implied vol lies in [{_MIN_IV}, {_MAX_IV}]",
            hint=str(exc),
        ) from None


class ScenarioPricer:
    """QuantLib prices of vanillas at explicit inputs, with objects reused across calls: the slow twin.

    The vectorized kernel prices thousands of (scenario, leg) pairs at once; this class prices the same pairs
    one by one with QuantLib — ``AnalyticEuropeanEngine`` for European legs and ``QdFpAmericanEngine`` (high
    accuracy fixed-point boundary) for American ones — on flat quotes for spot, rate, dividend yield and vol,
    at an evaluation date of the valuation date plus the horizon.

    Parameters
    ----------
    valuation_date : date
        Today; horizons are counted from it.

    Notes
    -----
    The pricer owns QuantLib's global evaluation date while it prices: use one pricer for a batch of calls,
    with no other QuantLib pricing in between.
    """

    def __init__(self, valuation_date: dt.date) -> None:
        self.today = _ql_date(valuation_date)
        self.quotes = [ql.SimpleQuote(1.0) for _ in range(4)]
        spot, rate, div, vol = (ql.QuoteHandle(q) for q in self.quotes)
        self.process = ql.BlackScholesMertonProcess(
            spot,
            ql.YieldTermStructureHandle(ql.FlatForward(0, _CALENDAR, div, _DAY_COUNT)),
            ql.YieldTermStructureHandle(ql.FlatForward(0, _CALENDAR, rate, _DAY_COUNT)),
            ql.BlackVolTermStructureHandle(ql.BlackConstantVol(0, _CALENDAR, vol, _DAY_COUNT)),
        )
        self.options: dict[tuple, ql.VanillaOption] = {}
        self._horizon: int | None = None
        self._last = [float("nan")] * 4

    def _option(self, is_call: bool, strike: float, expiry_days: int, american: bool, horizon: int) -> ql.VanillaOption:
        key = (is_call, strike, expiry_days, american, horizon if american else None)
        if key not in self.options:
            payoff = ql.PlainVanillaPayoff(ql.Option.Call if is_call else ql.Option.Put, strike)
            expiry = self.today + int(expiry_days)
            if american:
                option = ql.VanillaOption(payoff, ql.AmericanExercise(self.today + int(horizon), expiry))
                option.setPricingEngine(ql.QdFpAmericanEngine(self.process))
            else:
                option = ql.VanillaOption(payoff, ql.EuropeanExercise(expiry))
                option.setPricingEngine(ql.AnalyticEuropeanEngine(self.process))
            self.options[key] = option
        return self.options[key]

    def price(
        self, is_call: bool, strike: float, expiry_days: int, american: bool, horizon_days: int,
        spot: float, rate: float, div: float, vol: float,
    ) -> float:
        """Unit price (points) ``horizon_days`` after the valuation date of a leg expiring ``expiry_days`` after it.

        Intrinsic value at or after expiry.
        """
        if horizon_days >= expiry_days:
            return max(spot - strike, 0.0) if is_call else max(strike - spot, 0.0)
        if horizon_days != self._horizon:  # the evaluation date moves only when the horizon does
            ql.Settings.instance().evaluationDate = self.today + int(horizon_days)
            self._horizon = horizon_days
        for k, value in enumerate((spot, rate, div, vol)):
            if value != self._last[k]:  # each setValue notifies the whole object graph
                self.quotes[k].setValue(float(value))
                self._last[k] = value
        return self._option(is_call, strike, expiry_days, american, horizon_days).NPV()

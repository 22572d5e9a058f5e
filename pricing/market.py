"""The market: valuation date, index levels, FX, rate curves per currency, dividend yields, vol surfaces.

A :class:`Market` is immutable. FX rates are quoted as units of the base currency per unit of the foreign
currency (``fx["USD"] = 150.0`` means 1 USD = 150 JPY when the base is JPY). Rates are continuously compounded
zero rates, decimal, Act/365.
"""

from __future__ import annotations

import copyreg
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import numpy as np

from pricing._typing import ArrayLike, FloatArray
from pricing.contracts import Option, Quote, parse_date
from pricing.errors import InputError
from pricing.ssvi import SSVISurface
from pricing.validation import as_float_array, check_positive, check_rate
from pricing.vol_surface import ParametricVolSurface, VolSurface


@dataclass(frozen=True)
class RateCurve:
    """Zero-rate curve of one currency: flat, or pillars interpolated linearly in the zero rate.

    Parameters
    ----------
    days : tuple of int
        Pillar maturities in calendar days from the valuation date, strictly increasing, > 0.
    rates : tuple of float
        Continuously compounded zero rates at the pillars, decimal (0.04 = 4%). Flat beyond both ends.

    Examples
    --------
    >>> float(RateCurve.flat(0.04).zero_rate(2.0))
    0.04
    >>> round(float(RateCurve((30, 365), (0.04, 0.05)).zero_rate(0.5)), 6)
    0.044552
    """

    days: tuple[int, ...]
    rates: tuple[float, ...]

    def __post_init__(self) -> None:
        if any(float(d) != int(d) for d in self.days):
            raise InputError("days", tuple(self.days), "whole numbers of calendar days")
        days = tuple(int(d) for d in self.days)
        rates = tuple(float(r) for r in check_rate("rates", list(self.rates)))
        if not days or len(days) != len(rates):
            raise InputError("days", days, f"one pillar per rate ({len(rates)} rates)")
        if days[0] <= 0 or any(b <= a for a, b in zip(days, days[1:], strict=False)):
            raise InputError("days", days, "strictly increasing day counts > 0")
        object.__setattr__(self, "days", days)
        object.__setattr__(self, "rates", rates)

    @classmethod
    def flat(cls, rate: float) -> RateCurve:
        """Build a flat curve at ``rate`` (decimal, continuous)."""
        return cls((365,), (rate,))

    def zero_rate(self, t: ArrayLike) -> FloatArray:
        """Continuously compounded zero rate (decimal) to time ``t`` (years, Act/365)."""
        years = np.asarray(self.days, dtype=float) / 365.0
        return np.interp(as_float_array("t", t), years, np.asarray(self.rates))

    def discount(self, t: ArrayLike) -> FloatArray:
        """Discount factor to time ``t`` (years)."""
        tt = as_float_array("t", t)
        return np.exp(-self.zero_rate(tt) * tt)


def _frozen(mapping: Mapping) -> Mapping:
    return MappingProxyType(dict(mapping))


def _reduce_frozen(proxy: MappingProxyType) -> tuple[object, tuple[dict]]:
    """Pickle a read-only mapping as :func:`_frozen` of a plain copy (``pickle`` refuses the view itself)."""
    return _frozen, (dict(proxy),)


# A Market, a factor model or an account crosses to Dask workers by pickle (hedgeopt.cluster): their frozen
# mappings must survive the trip. Registered here, the lowest module that freezes one; cloudpickle reads copyreg.
copyreg.pickle(MappingProxyType, _reduce_frozen)


@dataclass(frozen=True)
class Market:
    """Everything pricing needs, at one valuation date.

    Parameters
    ----------
    valuation_date : date or str
        The date prices are for.
    base_currency : str
        Currency results are reported in (``"JPY"``).
    spots : mapping of str to float
        Index levels by index (``{"SPX": 6000.0, "NKY": 38000.0}``), > 0.
    index_currency : mapping of str to str
        Currency of each index (``{"SPX": "USD", "NKY": "JPY"}``).
    fx : mapping of str to float
        Units of base currency per unit of each other currency (``{"USD": 150.0}``), > 0.
    curves : mapping of str to RateCurve
        Zero curve per currency (every currency used needs one).
    dividend_yields : mapping of str to float
        Continuous dividend yield per index, decimal.
    vol_surfaces : mapping of str to VolSurface
        Implied-vol surface per index.
    label : str
        Where the numbers come from (``"illustrative"`` for the embedded default).
    illustrative : bool, default False
        True for the embedded default market and anything built on it: its numbers are illustrative, not live
        data, and every output that uses it says so.
    listings : mapping of str to tuple of Option, default {}
        The options an option chain lists, by contract symbol (``{"XSP": (...)}``), each with its bid/ask
        :class:`~pricing.contracts.Quote`: hedge candidates are generated from them and bought at these quotes
        (:meth:`quote`); options a chain does not list are priced on the surface with modelled quotes.
    """

    valuation_date: dt.date
    base_currency: str
    spots: Mapping[str, float]
    index_currency: Mapping[str, str]
    fx: Mapping[str, float]
    curves: Mapping[str, RateCurve]
    dividend_yields: Mapping[str, float]
    vol_surfaces: Mapping[str, VolSurface]
    label: str = field(default="")
    illustrative: bool = False
    listings: Mapping[str, tuple[Option, ...]] = field(default_factory=dict)
    _quotes: Mapping[tuple[str, str, float, dt.date], Quote] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "valuation_date", parse_date("valuation_date", self.valuation_date))
        for index, level in self.spots.items():
            check_positive(f"spots.{index}", level)
        for ccy, rate in self.fx.items():
            check_positive(f"fx.{ccy}", rate)
        for index, q in self.dividend_yields.items():
            check_rate(f"dividend_yields.{index}", q)
        for index in self.spots:
            for what, table in (("index_currency", self.index_currency), ("vol_surfaces", self.vol_surfaces)):
                if index not in table:
                    raise InputError(f"{what}.{index}", None, f"an entry for every index in spots ({index})")
        pair_currencies = {c for name in self.vol_surfaces for c in (self.fx_pair(name) or ())}
        for ccy in {*self.index_currency.values(), self.base_currency, *pair_currencies}:
            if ccy not in self.curves:
                raise InputError(f"curves.{ccy}", None, f"a rate curve for every currency used ({ccy})")
            self.fx_rate(ccy)
        for name in ("spots", "index_currency", "fx", "curves", "dividend_yields", "vol_surfaces"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        self._index_listings()

    def _index_listings(self) -> None:
        """Freeze :attr:`listings` (each option of its key's contract, with a quote) and index their quotes."""
        listings = {symbol: tuple(options) for symbol, options in self.listings.items()}
        quotes = {}
        for symbol, options in listings.items():
            for option in options:
                if option.symbol != symbol or option.quote is None:
                    raise InputError(f"listings.{symbol}", option.label, f"{symbol} options with a bid/ask quote")
                quotes[option.symbol, option.kind.value, option.strike, option.expiry] = option.quote
        object.__setattr__(self, "listings", _frozen(listings))
        object.__setattr__(self, "_quotes", _frozen(quotes))

    def quote(self, option: Option) -> Quote | None:
        """The bid/ask of ``option``: its own quote, else the one its contract's listing gives, else None."""
        if option.quote is not None:
            return option.quote
        return self._quotes.get((option.symbol, option.kind.value, option.strike, option.expiry))

    def fx_pair(self, name: str) -> tuple[str, str] | None:
        """``(foreign, domestic)`` when ``name`` is a currency pair this market quotes (``"USDJPY"``), else None.

        A pair is six letters, the currency priced then the currency it is priced in, both the base or in
        :attr:`fx`; its level is :meth:`spot` (units of the second per unit of the first).
        """
        if len(name) != 6 or name in self.spots:
            return None
        foreign, domestic = name[:3], name[3:]
        known = {self.base_currency, *self.fx}
        return (foreign, domestic) if foreign != domestic and {foreign, domestic} <= known else None

    def spot(self, index: str) -> float:
        """Level of an index (points) or of a currency pair such as ``"USDJPY"`` (yen per dollar).

        Raises :class:`InputError` for an unknown name.
        """
        pair = self.fx_pair(index)
        if pair is not None:
            return self.fx_rate(pair[0]) / self.fx_rate(pair[1])
        if index not in self.spots:
            raise InputError("index", index, "one of " + ", ".join(self.spots))
        return float(self.spots[index])

    def underlying_currency(self, name: str) -> str:
        """Currency an underlying is quoted in: the index's currency, or a pair's second currency (JPY in USDJPY)."""
        pair = self.fx_pair(name)
        if pair is not None:
            return pair[1]
        self.spot(name)
        return self.index_currency[name]

    def income_rate(self, name: str, t: ArrayLike) -> FloatArray:
        """What holding the underlying earns, decimal per year, at ``t`` years.

        An index's dividend yield (flat), or a pair's foreign zero rate (the ``q`` of Garman–Kohlhagen: USD's rate
        for USDJPY).
        """
        pair = self.fx_pair(name)
        if pair is not None:
            return self.curve(pair[0]).zero_rate(t)
        return np.full(np.shape(t), self.dividend_yield(name))

    def fx_rate(self, currency: str) -> float:
        """Units of base currency per unit of ``currency`` (1.0 for the base itself)."""
        if currency == self.base_currency:
            return 1.0
        if currency not in self.fx:
            raise InputError(f"fx.{currency}", None, f"an FX rate in {self.base_currency} per {currency}")
        return float(self.fx[currency])

    def curve(self, currency: str) -> RateCurve:
        """Zero curve of ``currency``."""
        if currency not in self.curves:
            raise InputError("currency", currency, "one of " + ", ".join(self.curves))
        return self.curves[currency]

    def dividend_yield(self, index: str) -> float:
        """Continuous dividend yield of ``index`` (decimal), 0 when not given.

        Raises :class:`InputError` for a currency pair, which earns its foreign zero curve (:meth:`income_rate`).
        """
        if self.fx_pair(index) is not None:
            raise InputError("index", index, "an index; a currency pair earns its foreign rate (income_rate)")
        return float(self.dividend_yields.get(index, 0.0))

    def surface(self, index: str) -> VolSurface:
        """Vol surface of an index or of a currency pair (``"USDJPY"``)."""
        self.spot(index)
        if index not in self.vol_surfaces:
            raise InputError(f"vol_surfaces.{index}", None, f"an implied-vol surface for {index}")
        return self.vol_surfaces[index]

    def carry(self, index: str, t: float = 1.0) -> float:
        """Cost of carry r - q of an index or pair, decimal per year, at ``t`` years.

        An index: its currency's zero rate less its dividend yield. A pair: the domestic less the foreign zero
        rate (covered interest parity: USDJPY's forward lies below spot when dollar rates are higher).
        """
        currency = self.underlying_currency(index)
        return float(self.curve(currency).zero_rate(t)) - float(self.income_rate(index, t))


def recentred(market: Market, indices: Iterable[str] | None = None) -> Market:
    """Copy of ``market`` whose SSVI surfaces sit on its own forwards: their ``carry`` set to :meth:`Market.carry`.

    An SSVI smile is written in log-forward-moneyness, so a new rate or dividend yield moves its forward; the
    surface is re-centred on it (the smile's shape in ``ln(K/F)`` is kept). Other surfaces, in ``K/S``, are kept.

    Parameters
    ----------
    market : Market
        The market to start from.
    indices : iterable of str, optional
        Indices (or currency pairs) to re-centre; all by default.
    """
    surfaces = dict(market.vol_surfaces)
    names = [*market.spots, *(k for k in market.vol_surfaces if market.fx_pair(k))]
    for index in names if indices is None else indices:
        surface = surfaces[index]
        if isinstance(surface, SSVISurface) and surface.carry != market.carry(index):
            surfaces[index] = replace(surface, carry=market.carry(index))
    return market if surfaces == dict(market.vol_surfaces) else replace(market, vol_surfaces=surfaces)


DEFAULT_VALUATION_DATE = dt.date(2026, 11, 25)

DEFAULT_RATES = {"USD": 0.04, "JPY": 0.005}
"""Flat continuously compounded short rates of the embedded market, decimal."""

DEFAULT_DIVIDEND_YIELDS = {"SPX": 0.013, "NKY": 0.018}
"""Continuous dividend yields of the embedded market, decimal."""

SPX_SURFACE = SSVISurface(atm_short=0.1701, atm_long=0.1730, rho=-0.54, eta=2.21, gamma=0.37, mean_reversion=2.0,
                          carry=DEFAULT_RATES["USD"] - DEFAULT_DIVIDEND_YIELDS["SPX"])
"""The embedded S&P 500 surface: SSVI fitted to published long-run figures (the fit: ``bench/fit_surfaces.py``).

Targets, each cited, and what the surface gives (``tests/pricing/test_default_surfaces.py`` pins every one):

* the ATM level and term structure — Cboe Options Hub, "Introducing the Cboe One-Year Volatility Index"
  (22 Apr 2018): average close January 2007 – March 2018 of VIX 19.80 and of VIX1Y 23.00. The surface's
  VIX-formula vol (:func:`~pricing.smile_metrics.model_free_vol`) is 19.81 at 30 days and 23.00 at one year;
* the 30-day smile by delta — monthly averages of SPX 30-day implied vols at 25 and 10 delta published by
  optionsanalysissuite.com for Mar 2010, Feb, Apr and May 2015 and Jul 2016, taken relative to the ATM vol so
  that they carry over to another vol level (Mixon, "What does implied volatility skew measure?", J. Derivatives
  18(4), 2011: skew over ATM vol is the measure least tied to the vol level): 25-delta put 21.7% above ATM
  (surface 21.1%), 25-delta call 14.1% below (surface 14.0%), 10-delta risk reversal 69% of ATM (surface 67%);
* a smile by strike — SPY, 3 Apr 2017, spot 235.33, 46 days to the 19 May expiry (elitetrader.com, "Question
  about (strike price) implied volatility skew"): the 210 put 9.80 vol points over the 235 strike (surface 9.09);
  215, 220, 225, 230: +7.87, +5.92, +3.98, +2.02 (surface +7.36, +5.57, +3.72, +1.84);
* the tail — Cboe Options Hub, 18 Aug 2017: the SKEW index averaged 118.8 from January 1990; the surface's
  SKEW (:func:`~pricing.smile_metrics.cboe_skew`, 30 days) is 120.2.

rho, eta and gamma come from a least-squares fit of all of these; eta sits just under the largest value the
Gatheral–Jacquier butterfly condition allows (2.2210 at rho = -0.54, gamma = 0.37).
"""

NKY_SURFACE = SSVISurface(atm_short=0.2116, atm_long=0.2079, rho=-0.54, eta=2.21, gamma=0.37, mean_reversion=2.0,
                          carry=DEFAULT_RATES["JPY"] - DEFAULT_DIVIDEND_YIELDS["NKY"])
"""The embedded Nikkei 225 surface: the S&P 500 smile shape at the Nikkei's vol level.

* level: the Nikkei Stock Average Volatility Index has "the characteristic of returning to a certain range
  (around 20 to 30) after a sharp rise" (the daily note on the index carried by Futu News on 29 Oct 2024,
  news.futunn.com/en/post/49258966); no long-run average was found, so the surface's VIX-formula vol at 30 days
  is set to the middle of that range, 25.0 (the surface gives 25.0);
* term structure: no published one-year Nikkei index was found; the one-year VIX-formula vol is set to
  25.0 × 23.00 / 19.80 = 29.04, the S&P 500's long-run VIX1Y / VIX ratio (the surface gives 29.04);
* smile: no published Nikkei 225 smile by delta or strike was found, so rho, eta and gamma are the S&P 500's —
  Foresi and Wu, "Crash-O-Phobia: a domestic fear or a worldwide concern?", J. Derivatives 13(2), 2005, find the
  implied-vol smirks of the major equity indices, the Nikkei 225 among them, "strikingly similar".
"""

USDJPY_SURFACE = SSVISurface(atm_short=0.10, atm_long=0.10, rho=-0.20, eta=0.75, gamma=0.5,
                              carry=DEFAULT_RATES["JPY"] - DEFAULT_RATES["USD"])
"""The embedded USD/JPY surface: SSVI at a 10% ATM level with the risk reversal that favours yen calls.

Targets (the fit: least squares on the two 30-day figures, ``tests/pricing/fx/test_usdjpy_surface.py`` pins them):

* the ATM level — one-month USD/JPY ATM implied vol printed between 8.0% and 10.4% in the Fisco/Zaikei
  "通貨オプション" columns of 24 Aug 2023 (9.21%), 26 Apr 2024 (9.85%) and Nov 2025 – Mar 2026, and 12.4% at the
  2025 high (Reuters, 11 Mar 2025); 10% is the middle of the calm prints, flat in term (the one-year vol sits
  close to the one-month outside crises: 20.00% against 31.04% at the October 2008 record, Fisco);
* the risk reversal — the one-month 25-delta risk reversal in yen-call terms printed +0.67 (24 Aug 2023), +1.81
  (26 Apr 2024), +2.0 (late July 2024, Reuters) and +0.4 to +1.4 (Nov 2025 – Mar 2026): yen calls (dollar puts)
  over dollar calls. The surface's 30-day 25-delta risk reversal is -1.0 vol point in dollar-call terms (dollar
  puts 1.0 point dearer), forward deltas;
* the butterfly — no published average was found; 0.3 vol point (30-day 25-delta, the surface gives 0.30) is an
  assumption, stated as one.

``gamma`` 0.5 (the square-root rule) and a flat ATM term are choices, not fits. In stress the risk reversal
reached -6.3 (Bloomberg, 8 Oct 2008) and +10.9 yen-call (27 Oct 2008 record, Fisco): scenarios move the level
(``vol.USDJPY``), not the shape.
"""

PARAMETRIC_SURFACES = {
    "SPX": ParametricVolSurface(0.15, 0.19, 0.75, skew=-0.14, curvature=0.08),
    "NKY": ParametricVolSurface(0.17, 0.21, 0.75, skew=-0.12, curvature=0.08),
}
"""The parametric surfaces the embedded market used before the SSVI ones: the defaults of ``model = "parametric"``
in a config. Their skew is far flatter than published figures (30-day 25-delta put 1.4 vol points over ATM)."""


def default_market(valuation_date: dt.date | str | None = None) -> Market:
    """Build the embedded default market: ILLUSTRATIVE levels, not live data.

    S&P 500 at 6,000 and the Nikkei 225 at 38,000, USDJPY 150, USD 4.0% and JPY 0.5% short rates (flat),
    dividend yields 1.3% (SPX) and 1.8% (NKY), and SSVI surfaces fitted to published long-run figures
    (:data:`SPX_SURFACE`, :data:`NKY_SURFACE`, :data:`USDJPY_SURFACE`): SPX 30-day ATM about 17% with a 25-delta
    put 3.6 vol points above it, the Nikkei's ATM about 4 points higher at short expiries, USD/JPY at 10% with
    dollar puts 1 point over dollar calls. The levels are long-run averages, not
    today's market. Everything runs offline on it; replace it with your own numbers or an option-chain CSV for real
    decisions.

    Parameters
    ----------
    valuation_date : date or str, optional
        Defaults to 2026-11-25, the date the numbers were set.
    """
    return Market(
        valuation_date=parse_date("valuation_date", valuation_date or DEFAULT_VALUATION_DATE),
        base_currency="JPY",
        spots={"SPX": 6000.0, "NKY": 38000.0},
        index_currency={"SPX": "USD", "NKY": "JPY"},
        fx={"USD": 150.0},
        curves={ccy: RateCurve.flat(rate) for ccy, rate in DEFAULT_RATES.items()},
        dividend_yields=dict(DEFAULT_DIVIDEND_YIELDS),
        vol_surfaces={"SPX": SPX_SURFACE, "NKY": NKY_SURFACE, "USDJPY": USDJPY_SURFACE},
        label="illustrative embedded default (2026-11-25; SSVI surfaces fitted to long-run published figures), "
              "not live data",
        illustrative=True,
    )


def with_inputs(
    market: Market,
    index: str,
    *,
    spot: float | None = None,
    rate: float | None = None,
    dividend_yield: float | None = None,
    fx: float | None = None,
    valuation_date: dt.date | str | None = None,
) -> Market:
    """Copy of ``market`` with one index's inputs replaced (the command line's ``--spot``, ``--rate``, ...).

    A new rate or dividend yield re-centres the SSVI surfaces it moves on their new forwards (:func:`recentred`).

    Parameters
    ----------
    market : Market
        The market to start from.
    index : str
        Index whose spot and dividend yield, and whose currency's rate and FX, are replaced.
    spot : float, optional
        Index level, points.
    rate : float, optional
        Flat continuously compounded rate of the index currency, decimal.
    dividend_yield : float, optional
        Continuous dividend yield of the index, decimal.
    fx : float, optional
        Base-currency units per unit of the index currency.
    valuation_date : date or str, optional
        New valuation date.
    """
    pair = market.fx_pair(index)
    if pair is not None:
        return _with_pair_inputs(market, index, pair, spot=spot, rate=rate, dividend_yield=dividend_yield, fx=fx,
                                 valuation_date=valuation_date)
    currency = market.index_currency[index] if index in market.index_currency else market.spot(index)
    changes = {
        "spots": {**market.spots, index: spot} if spot is not None else market.spots,
        "curves": {**market.curves, currency: RateCurve.flat(rate)} if rate is not None else market.curves,
        "dividend_yields": (
            {**market.dividend_yields, index: dividend_yield} if dividend_yield is not None else market.dividend_yields
        ),
        "fx": {**market.fx, currency: fx} if fx is not None else market.fx,
        "valuation_date": market.valuation_date if valuation_date is None else valuation_date,
    }
    if fx is not None and currency == market.base_currency:
        raise InputError("fx", fx, f"no FX input: {index} is quoted in the base currency {currency}")
    given = [name for name, v in (("spot", spot), ("rate", rate), ("dividend_yield", dividend_yield), ("fx", fx),
                                  ("valuation_date", valuation_date)) if v is not None]
    if not given:
        return market
    moved = replace(market, **changes, label=f"{market.label}, with {', '.join(given)} given")
    return recentred(moved, [i for i in moved.spots if i == index or (rate is not None and
                                                                      moved.index_currency.get(i) == currency)])


def _with_pair_inputs(
    market: Market, name: str, pair: tuple[str, str], *, spot: float | None, rate: float | None,
    dividend_yield: float | None, fx: float | None, valuation_date: dt.date | str | None,
) -> Market:
    """:func:`with_inputs` for a currency pair: ``spot`` is the pair's level, ``rate`` its domestic currency's rate.

    A pair has no dividend yield (it earns the foreign rate) and no separate FX input (its spot is the FX rate).
    """
    foreign, domestic = pair
    if dividend_yield is not None:
        raise InputError("dividend_yield", dividend_yield, f"none: {name} earns the {foreign} rate, not a dividend")
    if fx is not None:
        raise InputError("fx", fx, f"none: the level of {name} is its spot (give --spot)")
    if spot is not None and market.base_currency not in pair:
        raise InputError("spot", spot, f"a pair against the base currency {market.base_currency}")
    fx_rates = dict(market.fx)
    if spot is not None:
        check_positive("spot", spot)
        if domestic == market.base_currency:
            fx_rates[foreign] = spot
        else:
            fx_rates[domestic] = 1.0 / spot
    curves = {**market.curves, domestic: RateCurve.flat(rate)} if rate is not None else market.curves
    given = [n for n, v in (("spot", spot), ("rate", rate), ("valuation_date", valuation_date)) if v is not None]
    if not given:
        return market
    moved = replace(market, fx=fx_rates, curves=curves,
                    valuation_date=market.valuation_date if valuation_date is None else valuation_date,
                    label=f"{market.label}, with {', '.join(given)} given")
    return recentred(moved, [name] if rate is None else None)

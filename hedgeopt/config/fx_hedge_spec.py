"""The ``[hedge.fx]`` section: the yen hedges offered beside the index options, and how their cost is counted.

A yen account holding dollars (the MMF core, a dollar ETF) loses when the yen rises, which no index put pays for.
The yen hedges are candidates of the same problem as the index puts and spreads (one optimizer over every
underlying):

* **linear hedges** (:mod:`pricing.fx.terms`): 店頭FX and くりっく365 positions selling dollars, CME yen futures
  (standard and micro, the first quarterly expiries after the horizon) and bank forwards of the given months;
* **USD/JPY options**: dollar puts (yen calls) at fractions of spot and dollar put spreads, OTC European,
  10,000 USD a contract (``USDJPY_OPT``, Garman–Kohlhagen).

They are offered to an account whose base currency is the yen; a dollar-based account has no yen risk to hedge
and gets none.

**What a linear hedge costs.** Options cost their premium at the ask plus commission, paid once for their life
(months to two years). A linear hedge costs nothing to open but gives up the rate gap for as long as it is held:
its cost is the carry over ``carry_days`` plus the half-spread and commission to enter. The default, 365 days,
puts a year of carry beside an option premium that buys a year or more of cover (and beside ``yearly_budget``);
``carry_days = 30`` counts only the scenario horizon — cheaper on paper, but a month of carry does not buy the
517-day 2007–09 bear that a one-year put spread covers. Whatever is counted, every scenario's P&L carries the
hedge's own carry over its window.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from hedgeopt.account.account import Account
from hedgeopt.config.keys import boolean, check_keys, fractions, number, whole
from pricing import InputError, Instrument, Market, Option, OptionKind, put_spread
from pricing.fx.instruments import FxHedge
from pricing.fx.terms import FX_CATALOGUE, FxRoute, fx_contract
from pricing.standard_hedges import expiry_after, listed_strike

FX_OPTION = "USDJPY_OPT"
"""The USD/JPY option contract of the catalogue."""


@dataclass(frozen=True)
class FxCandidateSpec:
    """Which yen hedges to offer (the ``[hedge.fx]`` section).

    Parameters
    ----------
    enabled : bool, default True
        Offer yen hedges at all (to a yen-based account whose market quotes USDJPY).
    instruments : tuple of str, default every linear hedge of :data:`~pricing.fx.terms.FX_CATALOGUE`
        Linear hedges offered: ``OTC_FX`` (店頭FX), ``CLICK365`` (くりっく365), ``MJY`` and ``6J`` (CME),
        ``USDJPY_FWD`` (bank forward).
    forward_months : tuple of int, default (1, 3)
        Bank forwards for delivery this many months out.
    futures : int, default 2
        CME yen futures of the first ``futures`` quarterly expiries after the horizon.
    options : bool, default True
        Offer USD/JPY dollar puts and dollar put spreads.
    option_months : tuple of int, default (1, 3, 6)
        USD/JPY option expiries, months out (the standard third-Friday dates).
    put_moneyness : tuple of float, default (0.90, 0.95, 1.00)
        Dollar-put strikes as fractions of USDJPY spot (0.90: 150 -> 135), on a 0.5-yen grid.
    spread_widths : tuple of float, default (0.05,)
        Dollar put spreads: short leg this fraction of spot below the long one.
    carry_days : int, default 365
        Days of carry a linear hedge is charged in the objective (see the module docstring).
    max_hedge_ratio : float, default 1.0
        Most dollars the yen hedges may cover together — sold by the linear hedges plus insured by the long
        dollar puts — as a multiple of the dollars the account holds (0 < ratio <= 3). 1.0: a hedge never covers
        more dollars than are held, so it cannot turn into a bet on the yen (cheap out-of-the-money dollar puts
        would otherwise be bought for several times the holding).
    """

    enabled: bool = True
    instruments: tuple[str, ...] = ("OTC_FX", "CLICK365", "MJY", "6J", "USDJPY_FWD")
    forward_months: tuple[int, ...] = (1, 3)
    futures: int = 2
    options: bool = True
    option_months: tuple[int, ...] = (1, 3, 6)
    put_moneyness: tuple[float, ...] = (0.90, 0.95, 1.00)
    spread_widths: tuple[float, ...] = (0.05,)
    carry_days: int = 365
    max_hedge_ratio: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "instruments", tuple(fx_contract(s).symbol for s in self.instruments))
        for name in ("forward_months", "option_months"):
            if any(isinstance(m, bool) or int(m) != m or m < 1 for m in getattr(self, name)):
                raise InputError(f"hedge.fx.{name}", getattr(self, name), "whole numbers of months >= 1")
        if isinstance(self.futures, bool) or int(self.futures) != self.futures or not 0 <= self.futures <= 8:
            raise InputError("hedge.fx.futures", self.futures, "a whole number of quarterly expiries, 0 to 8")
        if isinstance(self.carry_days, bool) or int(self.carry_days) != self.carry_days or self.carry_days < 1:
            raise InputError("hedge.fx.carry_days", self.carry_days, "a whole number of days >= 1, such as 365")
        if isinstance(self.max_hedge_ratio, bool) or not 0 < self.max_hedge_ratio <= 3:
            raise InputError("hedge.fx.max_hedge_ratio", self.max_hedge_ratio,
                             "a multiple of the dollars held in (0, 3]")
        for name in ("put_moneyness", "spread_widths"):
            if any(not 0 < v < 2 for v in getattr(self, name)):
                raise InputError(f"hedge.fx.{name}", getattr(self, name), "fractions of spot such as 0.95")

    def applies(self, market: Market) -> bool:
        """True when yen hedges are offered on ``market``: enabled, a yen base, and USDJPY quoted."""
        return self.enabled and market.base_currency == "JPY" and market.fx_pair("USDJPY") is not None

    def notional_limit(self, account: Account, market: Market) -> float | None:
        """Most notional the yen hedges may cover, base currency: ``max_hedge_ratio`` × the dollars held (net).

        None when no yen hedge is offered on ``market``.
        """
        if not self.applies(market):
            return None
        held = account.fx_shares(market).get("USD", 0.0) * account.nav(market)
        return self.max_hedge_ratio * max(held, 0.0)

    def candidates(self, market: Market, min_days: int = 0) -> list[Instrument | FxHedge]:
        """The yen hedges on ``market``: USD/JPY options first, then the linear hedges (none if not :meth:`applies`).

        Parameters
        ----------
        market : Market
        min_days : int, default 0
            Leave out options and forwards expiring less than this many days away, and futures expiring within it.
        """
        if not self.applies(market):
            return []
        return [*self._options(market, min_days), *self._linear(market, min_days)]

    def _options(self, market: Market, min_days: int) -> list[Instrument]:
        if not self.options:
            return []
        spot = market.spot("USDJPY")
        today = market.valuation_date
        out: dict[str, Instrument] = {}
        for months in self.option_months:
            expiry = expiry_after(today, months, "USDJPY")
            if (expiry - today).days < min_days:
                continue
            for m in self.put_moneyness:
                strike = listed_strike(FX_OPTION, m * spot)
                put = Option(FX_OPTION, OptionKind.PUT, strike, expiry)
                out.setdefault(put.label, put)
                for width in self.spread_widths:
                    low = listed_strike(FX_OPTION, strike - width * spot)
                    if 0 < low < strike:
                        spread = put_spread(FX_OPTION, strike, low, expiry)
                        out.setdefault(spread.label, spread)
        return list(out.values())

    def _linear(self, market: Market, min_days: int) -> list[FxHedge]:
        today = market.valuation_date
        out: list[FxHedge] = []
        for symbol in self.instruments:
            spec = FX_CATALOGUE[symbol]
            if spec.route is FxRoute.ROLLING:
                out.append(FxHedge(symbol))
            elif spec.route is FxRoute.FUTURE:
                after = min_days
                for _ in range(self.futures):
                    expiry = spec.expiry(today, after)
                    out.append(FxHedge(symbol, expiry))
                    after = (expiry - today).days
            else:
                out += [FxHedge(symbol, d) for d in (_months_after(today, m) for m in self.forward_months)
                        if (d - today).days >= min_days]
        return out


def _months_after(date: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later (the month's last day if shorter), moved off a weekend."""
    index = date.year * 12 + date.month - 1 + months
    year, month = divmod(index, 12)
    day = min(date.day, calendar.monthrange(year, month + 1)[1])
    out = dt.date(year, month + 1, day)
    return out + dt.timedelta(days=(7 - out.weekday()) % 7 if out.weekday() >= 5 else 0)


_FX_KEYS = {"enabled", "instruments", "forward_months", "futures", "options", "option_months", "put_moneyness",
            "spread_widths", "carry_days", "max_hedge_ratio"}


def fx_from_table(table: Mapping) -> FxCandidateSpec:
    """Validate a ``[hedge.fx]`` table; errors name the key path (``hedge.fx.carry_days``)."""
    t = check_keys("hedge.fx", table, _FX_KEYS)
    d = FxCandidateSpec()
    fields: dict[str, object] = {}
    for key in ("enabled", "options"):
        fields[key] = boolean(f"hedge.fx.{key}", t.get(key, getattr(d, key)))
    if "instruments" in t:
        symbols = t["instruments"] if isinstance(t["instruments"], list) else [t["instruments"]]
        if any(not isinstance(s, str) for s in symbols):
            raise InputError("hedge.fx.instruments", t["instruments"], "names such as \"OTC_FX\", \"6J\"")
        fields["instruments"] = tuple(symbols)
    for key in ("forward_months", "option_months"):
        if key in t:
            values = t[key] if isinstance(t[key], list) else [t[key]]
            fields[key] = tuple(whole(f"hedge.fx.{key}", v) for v in values)
    for key in ("futures", "carry_days"):
        if key in t:
            fields[key] = whole(f"hedge.fx.{key}", t[key])
    for key in ("put_moneyness", "spread_widths"):
        if key in t:
            fields[key] = fractions(f"hedge.fx.{key}", t[key])
    if "max_hedge_ratio" in t:
        fields["max_hedge_ratio"] = number("hedge.fx.max_hedge_ratio", t["max_hedge_ratio"])
    return FxCandidateSpec(**{**d.__dict__, **fields})

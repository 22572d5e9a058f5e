"""The ``[hedge]`` section: the candidate index options, the yen hedges (``[hedge.fx]``) and how to buy them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hedgeopt.config.fx_hedge_spec import FxCandidateSpec, fx_from_table
from hedgeopt.config.keys import at_path, boolean, build, check_keys, fractions, number
from pricing import CATALOGUE, InputError, Instrument, Market, Option, OptionKind, contract, put_spread
from pricing.catalogue import listed
from pricing.standard_hedges import expiry_after, listed_strike
from pricing.validation import as_float_array, check_non_negative, check_positive

DEFAULT_CAPS = tuple(np.round(np.arange(0.05, 0.4001, 0.01), 4))
"""Caps of the default frontier: 5% to 40% of NAV by one point."""


@dataclass(frozen=True)
class CandidateSpec:
    """Which candidates to generate (the ``[hedge]`` section of the config).

    Parameters
    ----------
    symbol : str, default "XSP"
        Option contract; XSP suits accounts of a few ten-million yen (one contract ≈ 60,000 USD of cover).
    months : tuple of int, default (1, 3, 6)
        Standard monthly expiries this many months out.
    put_moneyness : tuple of float, default 0.75 to 1.00 by 0.025
        Put strikes as fractions of spot, rounded down to the listed strike grid.
    spread_widths : tuple of float, default (0.05, 0.10, 0.15)
        Put spreads: long at each put strike, short ``width × spot`` lower (widths as fractions of spot).
    puts, spreads : bool, default True
        Include each family.
    commission : float or None, default None
        Flat commission per contract per leg, base currency, in place of the contract's published schedule
        (None: the schedule of :mod:`pricing.trading_costs.commissions`, converted at the market's FX).
    """

    symbol: str = "XSP"
    months: tuple[int, ...] = (1, 3, 6)
    put_moneyness: tuple[float, ...] = tuple(np.round(np.arange(0.75, 1.0001, 0.025), 4))
    spread_widths: tuple[float, ...] = (0.05, 0.10, 0.15)
    puts: bool = True
    spreads: bool = True
    commission: float | None = None

    def __post_init__(self) -> None:
        index_option("hedge.symbol", self.symbol)
        if not self.months or any(int(m) != m or m < 1 for m in self.months):
            raise InputError("hedge.months", self.months, "whole numbers of months >= 1")
        for name in ("put_moneyness", "spread_widths"):
            values = as_float_array(f"hedge.{name}", getattr(self, name))
            if values.size and (np.any(values <= 0) or np.any(values > 2)):
                raise InputError(f"hedge.{name}", getattr(self, name), "fractions of spot such as 0.9")
        if self.commission is not None:
            check_non_negative("hedge.commission", self.commission)
        if not (self.puts or self.spreads):
            raise InputError("hedge.puts", False, "at least one of puts or spreads")

    def instruments(self, market: Market, min_days: int = 0) -> list[Instrument]:
        """The candidate instruments on ``market`` (duplicates after strike rounding removed).

        Parameters
        ----------
        market : Market
        min_days : int, default 0
            Leave out expiries less than this many days away: a hedge must still be alive at the scenario
            horizon, or it would be valued as if the whole move had happened by its expiry.

        Raises
        ------
        InputError
            If no expiry is left.

        Notes
        -----
        When the market lists this contract's options (an option chain was loaded, :attr:`Market.listings`), the
        candidates are the chain's own: for each of :attr:`months`, the chain's expiry nearest the standard one
        that many months out; for each moneyness, the highest put strike the chain quotes with an ask at or below
        it; for each spread width, the highest quoted strike at or below ``strike - width * spot``. Every
        candidate is then a contract the chain lists, bought at its quoted ask (short legs sold at the bid).
        """
        spec = contract(self.symbol)
        spot = market.spot(spec.underlying) * spec.price_ratio
        listed: dict[dt.date, set[float]] = {}
        for o in market.listings.get(spec.symbol, ()):
            if o.kind is OptionKind.PUT and o.quote.ask > 0.0:
                listed.setdefault(o.expiry, set()).add(o.strike)
        out: dict[str, Instrument] = {}
        expiries = (listed_expiries("hedge.months", market, spec.underlying, self.months, min_days, listed)
                    if listed else standard_expiries("hedge.months", market, spec.underlying, self.months, min_days))
        for expiry in expiries:
            grid = np.array(sorted(listed.get(expiry, ())))

            def strike_at(level: float, grid: np.ndarray = grid) -> float:
                if not grid.size:
                    return listed_strike(spec.symbol, level)
                below = grid[grid <= level + 1e-9]
                return float(below[-1]) if below.size else 0.0

            for m in self.put_moneyness:
                strike = strike_at(m * spot)
                if strike <= 0.0:
                    continue
                if self.puts:
                    put = Option(spec.symbol, OptionKind.PUT, strike, expiry)
                    out.setdefault(put.label, put)
                for width in self.spread_widths if self.spreads else ():
                    low = strike_at(strike - width * spot)
                    if 0 < low < strike:
                        package = put_spread(spec.symbol, strike, low, expiry)
                        out.setdefault(package.label, package)
        return list(out.values())


def standard_expiries(path: str, market: Market, underlying: str, months: tuple[int, ...], min_days: int
                      ) -> list[dt.date]:
    """The standard monthly expiries ``months`` out on ``underlying``, those at least ``min_days`` days away.

    Raises
    ------
    InputError
        Under ``path`` (``"hedge.months"``), if no expiry is left.
    """
    expiries = [expiry_after(market.valuation_date, m, underlying) for m in months]
    expiries = [e for e in expiries if (e - market.valuation_date).days >= min_days]
    if not expiries:
        raise InputError(path, months, f"at least one expiry {min_days} days or more away",
                         hint="the scenario horizon is longer than every candidate expiry")
    return expiries


def listed_expiries(path: str, market: Market, underlying: str, months: tuple[int, ...], min_days: int,
                    listed: Mapping[dt.date, object]) -> list[dt.date]:
    """For each of ``months``, the listed expiry nearest the standard one that many months out; each once, in order.

    Only expiries at least ``min_days`` away count.

    Raises
    ------
    InputError
        Under ``path``, if the chain lists no expiry ``min_days`` days or more away.
    """
    alive = sorted(e for e in listed if (e - market.valuation_date).days >= min_days)
    if not alive:
        raise InputError(path, months, f"an expiry in the option chain {min_days} days or more away",
                         hint="the chain lists only expiries before the scenario horizon")
    targets = [expiry_after(market.valuation_date, m, underlying) for m in months]
    return sorted({min(alive, key=lambda e, target=target: (abs((e - target).days), e)) for target in targets})


def index_option(path: str, symbol: str) -> None:
    """Check that ``symbol`` is an option on an index that futures track (SPX, NKY); errors under ``path``."""
    indices = {c.underlying for c in CATALOGUE.values() if not c.is_option}
    listed(path, symbol, lambda c: c.is_option and c.underlying in indices, "an index option contract")


_HEDGE_KEYS = {"symbol", "months", "put_moneyness", "spread_widths", "puts", "spreads", "commission", "budget",
               "max_contracts", "integer", "yearly_budget", "frontier_caps", "fx", "after_tax", "cap_after_tax"}


@dataclass(frozen=True)
class HedgeSpec:
    """The ``[hedge]`` section: candidates and how to buy them.

    Parameters
    ----------
    candidates : CandidateSpec
        Symbol, expiries (months), put strikes (moneyness), spread widths, families, commission.
    budget : float or None
        Most premium for one hedge, base currency.
    max_contracts : float, default 1000
        Most contracts of one candidate.
    integer : bool, default True
        Whole contracts.
    yearly_budget : float or None
        The standing put's premium per year, base currency.
    frontier_caps : tuple of float
        Caps of the cost-versus-cap frontier.
    fx : FxCandidateSpec
        The yen hedges offered beside the index options (``[hedge.fx]``).
    after_tax : bool, default False
        Minimise the hedge's after-tax cost: its cost less the tax it saves this year as a loss in its income
        category (needs ``[tax]`` of a Japanese resident; :mod:`hedgeopt.optimizer.after_tax`). False: the cost
        itself; the after-tax cost and worst case are reported either way.
    cap_after_tax : bool, default False
        The worst-case cap (``[risk] cap``) holds after the tax of realising each scenario at its horizon as well
        (needs ``[tax]`` of a Japanese resident).
    """

    candidates: CandidateSpec = field(default_factory=lambda: CandidateSpec(months=(2, 3, 6, 12, 24)))
    budget: float | None = None
    max_contracts: float = 1000.0
    integer: bool = True
    yearly_budget: float | None = None
    frontier_caps: tuple[float, ...] = DEFAULT_CAPS
    fx: FxCandidateSpec = field(default_factory=FxCandidateSpec)
    after_tax: bool = False
    cap_after_tax: bool = False


def months_of(path: str, value: Any) -> tuple[int, ...]:
    """A TOML whole number of months or a list of them, each >= 1; errors under ``path`` (``"hedge.months"``)."""
    months = value if isinstance(value, list | tuple) else [value]
    if not months or any(isinstance(m, bool) or not isinstance(m, int) or m < 1 for m in months):
        raise InputError(path, value, "whole numbers of months >= 1, such as [2, 3, 6]")
    return tuple(months)


def hedge_from_table(table: Mapping) -> HedgeSpec:
    """Validate a ``[hedge]`` table into :class:`HedgeSpec`; errors name the key path (``hedge.months``)."""
    t = check_keys("hedge", table, _HEDGE_KEYS)
    defaults = HedgeSpec()
    c = defaults.candidates
    symbol = t.get("symbol", c.symbol)
    widths = fractions("hedge.spread_widths", t["spread_widths"]) if "spread_widths" in t else c.spread_widths
    if max(widths) >= 1.0:
        raise InputError("hedge.spread_widths", max(widths), "widths as fractions of spot below 1, such as 0.10")
    fields_ = {
        "symbol": symbol,
        "months": months_of("hedge.months", t["months"]) if "months" in t else c.months,
        "put_moneyness": fractions("hedge.put_moneyness", t["put_moneyness"]) if "put_moneyness" in t
        else c.put_moneyness,
        "spread_widths": widths,
        "puts": boolean("hedge.puts", t.get("puts", True)),
        "spreads": boolean("hedge.spreads", t.get("spreads", True)),
        "commission": None if t.get("commission") is None else number("hedge.commission", t["commission"]),
    }
    candidates = build("hedge", CandidateSpec, fields_)
    n = {k: None if t.get(k) is None else number(f"hedge.{k}", t[k])
         for k in ("budget", "yearly_budget", "max_contracts")}
    with at_path("hedge"):
        budget = None if n["budget"] is None else float(check_non_negative("budget", n["budget"]))
        yearly = None if n["yearly_budget"] is None else float(check_non_negative("yearly_budget",
                                                                                   n["yearly_budget"]))
        most = defaults.max_contracts if n["max_contracts"] is None else float(
            check_positive("max_contracts", n["max_contracts"]))
    caps = fractions("hedge.frontier_caps", t["frontier_caps"]) if "frontier_caps" in t else DEFAULT_CAPS
    if max(caps) > 1.0:
        raise InputError("hedge.frontier_caps", max(caps), "caps as fractions of NAV in (0, 1]")
    integer = boolean("hedge.integer", t.get("integer", defaults.integer))
    return HedgeSpec(candidates, budget, most, integer, yearly, caps, fx_from_table(t.get("fx", {})),
                     boolean("hedge.after_tax", t.get("after_tax", False)),
                     boolean("hedge.cap_after_tax", t.get("cap_after_tax", False)))

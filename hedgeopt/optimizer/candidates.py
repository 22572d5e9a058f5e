"""Hedge candidates: protective puts over a strike × expiry range and vertical put spreads, with their cost.

A candidate's cost per contract is what buying it costs today, base currency: the ask when the option carries
a quote (for a spread, the long leg's ask less the short leg's bid), the model value otherwise, plus the
commission per contract (per leg for packages).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pricing import InputError, Instrument, Market, Option, OptionKind, contract, legs_of, put_spread
from pricing._typing import FloatArray
from pricing.standard_hedges import expiry_after, listed_strike
from pricing.validation import as_float_array, check_non_negative
from scenarios import ScenarioSet
from scenarios.repricing import OptionRepricer


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
    commission : float, default 0.0
        Commission per contract per leg, base currency.
    """

    symbol: str = "XSP"
    months: tuple[int, ...] = (1, 3, 6)
    put_moneyness: tuple[float, ...] = tuple(np.round(np.arange(0.75, 1.0001, 0.025), 4))
    spread_widths: tuple[float, ...] = (0.05, 0.10, 0.15)
    puts: bool = True
    spreads: bool = True
    commission: float = 0.0

    def __post_init__(self) -> None:
        spec = contract(self.symbol)
        if not spec.is_option:
            raise InputError("hedge.symbol", self.symbol, "an option contract such as XSP, SPX or NK225M_OPT")
        if not self.months or any(int(m) != m or m < 1 for m in self.months):
            raise InputError("hedge.months", self.months, "whole numbers of months >= 1")
        for name in ("put_moneyness", "spread_widths"):
            values = as_float_array(f"hedge.{name}", getattr(self, name))
            if values.size and (np.any(values <= 0) or np.any(values > 2)):
                raise InputError(f"hedge.{name}", getattr(self, name), "fractions of spot such as 0.9")
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
        """
        spec = contract(self.symbol)
        spot = market.spot(spec.underlying) * spec.price_ratio
        out: dict[str, Instrument] = {}
        expiries = [expiry_after(market.valuation_date, m, spec.underlying) for m in self.months]
        expiries = [e for e in expiries if (e - market.valuation_date).days >= min_days]
        if not expiries:
            raise InputError("hedge.months", self.months, f"at least one expiry {min_days} days or more away",
                             hint="the scenario horizon is longer than every candidate expiry")
        for expiry in expiries:
            for m in self.put_moneyness:
                strike = listed_strike(spec.symbol, m * spot)
                if self.puts:
                    put = Option(spec.symbol, OptionKind.PUT, strike, expiry)
                    out.setdefault(put.label, put)
                for width in self.spread_widths if self.spreads else ():
                    low = listed_strike(spec.symbol, strike - width * spot)
                    if 0 < low < strike:
                        package = put_spread(spec.symbol, strike, low, expiry)
                        out.setdefault(package.label, package)
        return list(out.values())


class Candidates:
    """Candidate instruments with their cost and their lazily computed value under scenarios.

    Parameters
    ----------
    instruments : sequence of Option or Package
    market : Market
    commission : float, default 0.0
        Per contract per leg, base currency.
    """

    def __init__(self, instruments: Sequence[Instrument], market: Market, commission: float = 0.0) -> None:
        if not instruments:
            raise InputError("hedge.candidates", [], "at least one candidate instrument")
        self.repricer = OptionRepricer(instruments, market)
        self.market = market
        self.commission = float(check_non_negative("commission", commission))
        self.cost = self._costs()

    def __len__(self) -> int:
        return len(self.repricer)

    @property
    def instruments(self) -> list[Instrument]:
        """The instruments, in column order."""
        return self.repricer.instruments

    @property
    def labels(self) -> list[str]:
        """Instrument labels, in column order."""
        return self.repricer.labels

    def _costs(self) -> FloatArray:
        """Cost of one contract of each candidate, base currency: ask (or model) plus commission."""
        model = self.repricer.value_today()
        costs = np.empty(len(self))
        for j, instrument in enumerate(self.instruments):
            legs = legs_of(instrument)
            quoted = all(leg.option.quote is not None for leg in legs)
            if quoted:
                spec = legs[0].option.spec
                points = sum(leg.quantity * (leg.option.quote.ask if leg.quantity > 0 else leg.option.quote.bid)
                             for leg in legs)
                costs[j] = points * spec.multiplier * self.market.fx_rate(spec.currency)
            else:
                costs[j] = model[j]
            costs[j] += self.commission * sum(abs(leg.quantity) for leg in legs)
        return costs

    def payoff(
        self, scenarios: ScenarioSet, rows: np.ndarray | None = None, columns: np.ndarray | None = None
    ) -> FloatArray:
        """Value at the horizon less cost, per contract, base currency: shape (len(rows), len(columns))."""
        columns = np.arange(len(self)) if columns is None else np.asarray(columns, dtype=np.int64)
        return self.repricer.value(scenarios, rows, columns) - self.cost[columns][None, :]

"""Hedge candidates: protective puts over a strike × expiry range and vertical put spreads, with their cost.

A candidate's cost per contract is what buying it costs today, base currency: the ask when the option carries
a quote (for a spread, the long leg's ask less the short leg's bid), the model value otherwise, plus the
commission per contract (per leg for packages).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pricing import InputError, Instrument, Market, legs_of
from pricing._typing import FloatArray
from pricing.validation import check_non_negative
from scenarios import ScenarioSet
from scenarios.repricing import OptionRepricer


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

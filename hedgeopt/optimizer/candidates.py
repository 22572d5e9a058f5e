"""Hedge candidates: protective puts over a strike × expiry range and vertical put spreads, with their cost.

A candidate's cost per contract is what buying it costs today, base currency: the quoted price — each long leg at
its ask and each short leg at its bid (a put spread: long ask − short bid), from the option chain's quote where the
option carries one and from the quote model (:mod:`pricing.trading_costs.quotes`) otherwise — plus the commission
of every leg: the contract's published schedule (:mod:`pricing.trading_costs.commissions`, one contract per
order) converted at the market's FX, unless ``commission`` gives a flat amount per contract per leg (``[hedge]
commission``). The model value stays beside it: a candidate bought at its cost is worth its model value at once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pricing import InputError, Instrument, Market, legs_of
from pricing._typing import FloatArray
from pricing.trading_costs import DEFAULT_QUOTE_MODEL, QuoteModel, TradeSide, commission_schedule
from pricing.validation import check_non_negative
from scenarios import ScenarioSet
from scenarios.repricing import OptionRepricer


class Candidates:
    """Candidate instruments with their cost and their lazily computed value under scenarios.

    Parameters
    ----------
    instruments : sequence of Option or Package
    market : Market
    commission : float or None, default None
        Flat commission per contract per leg, base currency, instead of the contract's published schedule
        (None: the schedule).
    quotes : QuoteModel, default :data:`~pricing.trading_costs.quotes.DEFAULT_QUOTE_MODEL`
        Quotes the legs no option-chain quote prices.

    Attributes
    ----------
    model_value : ndarray of shape (n,)
        Model value of one contract today, base currency.
    premium : ndarray of shape (n,)
        One contract at the quotes (long legs at the ask, short legs at the bid), base currency.
    commission_cost : ndarray of shape (n,)
        Commission of buying one contract, every leg, base currency.
    cost : ndarray of shape (n,)
        ``premium + commission_cost``: what the optimizer pays per contract.
    """

    def __init__(self, instruments: Sequence[Instrument], market: Market, commission: float | None = None,
                 quotes: QuoteModel = DEFAULT_QUOTE_MODEL) -> None:
        if not instruments:
            raise InputError("hedge.candidates", [], "at least one candidate instrument")
        self.repricer = OptionRepricer(instruments, market)
        self.market = market
        self.commission = None if commission is None else float(check_non_negative("commission", commission))
        self.quotes = quotes
        self.model_value = self.repricer.value_today()
        self.premium, self.commission_cost = self._costs()
        self.cost = self.premium + self.commission_cost

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

    def _costs(self) -> tuple[FloatArray, FloatArray]:
        """(premium at the quotes, commission) of one contract of each candidate, base currency.

        Vectorized over every leg of every candidate: the quote model prices all legs of a contract at once, a
        chain quote replaces it where an option carries one, and each leg's commission is its schedule's fee for
        a one-contract order (bought for a long leg, sold for a short one).
        """
        legs = self.repricer.legs
        unit, delta = self.repricer.legs_today()
        options = [leg.option for instrument in self.instruments for leg in legs_of(instrument)]
        symbols = np.array([o.symbol for o in options])
        bid, ask = np.empty(unit.size), np.empty(unit.size)
        for symbol in np.unique(symbols):
            here = symbols == symbol
            bid[here], ask[here] = self.quotes.quote(unit[here], delta[here], symbol, validate=False)
        for k, option in enumerate(options):
            if option.quote is not None:
                bid[k], ask[k] = option.quote.bid, option.quote.ask
        long = legs.quantity > 0
        paid = np.where(long, ask, bid)  # buying the package: long legs at the ask, short legs at the bid
        fx = np.array([self.market.fx_rate(c) for c in legs.currency])
        size = np.abs(legs.quantity)
        if self.commission is None:
            fee = np.empty(unit.size)
            for symbol in np.unique(symbols):
                schedule = commission_schedule(symbol)
                for side, mask in ((TradeSide.BUY, long), (TradeSide.SELL, ~long)):
                    pick = (symbols == symbol) & mask
                    fee[pick] = schedule.fee(paid[pick], legs.multiplier[pick], 1.0, side, validate=False)
            fee_base = size * fee * fx
        else:
            fee_base = size * self.commission
        premium, fees = np.zeros(len(self)), np.zeros(len(self))
        np.add.at(premium, legs.owner, legs.quantity * paid * legs.multiplier * fx)
        np.add.at(fees, legs.owner, fee_base)
        return premium, fees

    def payoff(
        self, scenarios: ScenarioSet, rows: np.ndarray | None = None, columns: np.ndarray | None = None
    ) -> FloatArray:
        """Value at the horizon less cost, per contract, base currency: shape (len(rows), len(columns))."""
        columns = np.arange(len(self)) if columns is None else np.asarray(columns, dtype=np.int64)
        return self.repricer.value(scenarios, rows, columns) - self.cost[columns][None, :]

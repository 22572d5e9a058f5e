"""What one contract of an option or a package costs to buy or sell: legs at their quotes, plus commission.

A package is bought by buying its long legs at their asks and selling its short legs at their bids (a put spread
costs long ask - short bid), and sold the other way round. Each leg's quote is the option chain's when the option
carries one, the quote model's otherwise; each leg pays its own commission, charged as an order of one contract
(the order minimum at its fullest: an account that trades several contracts at once pays less, never more).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pricing.contracts import Instrument, Quote, legs_of
from pricing.market import Market
from pricing.quantlib_engine import price
from pricing.trading_costs.commissions import TradeSide, commission_schedule
from pricing.trading_costs.quotes import DEFAULT_QUOTE_MODEL, QuoteModel


@dataclass(frozen=True)
class PackageQuote:
    """Bid, ask and commission of one contract of an option or package, contract currency.

    Attributes
    ----------
    model : float
        Model value, points (signed sum of the legs).
    bid, ask : float
        What selling and buying one contract fetch and cost, points (a package's bid can be below zero).
    commission_buy, commission_sell : float
        Commission of buying and of selling one contract, all legs, contract currency.
    quoted : bool
        Every leg priced from an option-chain quote (False: the quote model priced at least one leg).
    """

    model: float
    bid: float
    ask: float
    commission_buy: float
    commission_sell: float
    quoted: bool


def package_quote(symbol: str, multiplier: float, models: Sequence[float], abs_deltas: Sequence[float],
                  quantities: Sequence[int], chain: Sequence[Quote | None],
                  quotes: QuoteModel = DEFAULT_QUOTE_MODEL) -> PackageQuote:
    """Price one contract of a package from its legs' model prices and deltas.

    Parameters
    ----------
    symbol : str
        Catalogue symbol shared by the legs.
    multiplier : float
        Currency units per point.
    models : sequence of float
        Model price of each leg per unit, points.
    abs_deltas : sequence of float
        Absolute delta of each leg, in [0, 1].
    quantities : sequence of int
        Signed legs per package (+1 long, -1 short).
    chain : sequence of Quote or None
        Each leg's option-chain quote, None where there is none.
    quotes : QuoteModel, default :data:`~pricing.trading_costs.quotes.DEFAULT_QUOTE_MODEL`
        Quotes legs without a chain quote.

    Returns
    -------
    PackageQuote
    """
    schedule = commission_schedule(symbol)
    model = bid = ask = fee_buy = fee_sell = 0.0
    for m, d, qty, given in zip(models, abs_deltas, quantities, chain, strict=True):
        leg = given if given is not None else quotes.quote_one(max(float(m), 0.0), min(float(d), 1.0), symbol)
        size = abs(int(qty))
        model += qty * float(m)
        long_side, short_side = (leg.ask, leg.bid) if qty > 0 else (leg.bid, leg.ask)
        ask += qty * long_side
        bid += qty * short_side
        buy_side, sell_side = (TradeSide.BUY, TradeSide.SELL) if qty > 0 else (TradeSide.SELL, TradeSide.BUY)
        fee_buy += size * float(schedule.fee(long_side, multiplier, 1, buy_side))
        fee_sell += size * float(schedule.fee(short_side, multiplier, 1, sell_side))
    return PackageQuote(model, bid, ask, fee_buy, fee_sell, all(q is not None for q in chain))


@dataclass(frozen=True)
class TradeQuote:
    """What trading one contract of an instrument costs, by the model and at the quotes (``hedgeopt price``).

    Attributes
    ----------
    label, currency : str
        Instrument label and contract currency.
    multiplier, fx_to_base : float
        Currency units per point; base-currency units per unit of ``currency``.
    quote : PackageQuote
        Model, bid, ask (points) and commissions (contract currency) of one contract.
    """

    label: str
    currency: str
    multiplier: float
    fx_to_base: float
    quote: PackageQuote

    @property
    def ask_contract(self) -> float:
        """Buying one contract at the ask, contract currency, before commission."""
        return self.quote.ask * self.multiplier

    @property
    def cost_base(self) -> float:
        """Buying one contract at the ask plus commission, base currency."""
        return (self.ask_contract + self.quote.commission_buy) * self.fx_to_base

    def as_dict(self) -> dict[str, float | str | bool]:
        """Plain dict (for JSON): points, contract currency and base currency figures."""
        q = self.quote
        return {"model_price": q.model, "bid": q.bid, "ask": q.ask, "quoted_from_chain": q.quoted,
                "commission_buy": q.commission_buy, "commission_sell": q.commission_sell,
                "commission_currency": self.currency, "ask_contract": self.ask_contract,
                "cost_to_buy_base": self.cost_base}


def trade_quote(instrument: Instrument, market: Market, *, vol: float | None = None,
                quotes: QuoteModel = DEFAULT_QUOTE_MODEL) -> TradeQuote:
    """Model, bid/ask and commission of one contract of ``instrument``, each leg priced with QuantLib.

    Parameters
    ----------
    instrument : Option or Package
    market : Market
    vol : float, optional
        Price every leg at this vol (decimal) instead of the surface's, as :func:`~pricing.price` does.
    quotes : QuoteModel, default :data:`~pricing.trading_costs.quotes.DEFAULT_QUOTE_MODEL`

    Returns
    -------
    TradeQuote
    """
    legs = legs_of(instrument)
    spec = legs[0].option.spec
    values = [price(leg.option, market, vol=vol) for leg in legs]
    q = package_quote(spec.symbol, spec.multiplier, [v.price for v in values],
                      [float(np.clip(abs(v.delta), 0.0, 1.0)) for v in values], [leg.quantity for leg in legs],
                      [market.quote(leg.option) for leg in legs], quotes)
    return TradeQuote(instrument.label, spec.currency, spec.multiplier, market.fx_rate(spec.currency), q)

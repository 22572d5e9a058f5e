"""Trading costs a user pays: tick grids, a bid/ask quote model and broker commission schedules.

``ticks`` holds each option class's published minimum increment and :func:`round_to_tick`; ``quotes`` the
:class:`QuoteModel` that puts a bid and an ask around a model price (calibrated, sources in its docstring);
``commissions`` the :class:`CommissionSchedule` of each contract (Interactive Brokers + Cboe fees for SPX, XSP and
SPY; Rakuten Securities for the Nikkei 225 options); ``packages`` what one contract of an option or a package costs
at those quotes. Imports only the rest of :mod:`pricing`.
"""

from pricing.trading_costs.commissions import (
    COMMISSIONS,
    CommissionSchedule,
    PremiumTiers,
    TradeSide,
    commission,
    commission_schedule,
)
from pricing.trading_costs.packages import PackageQuote, TradeQuote, package_quote, trade_quote
from pricing.trading_costs.quotes import DEFAULT_QUOTE_MODEL, QuoteModel, Quotes
from pricing.trading_costs.ticks import TICK_RULES, QuoteSide, TickRule, minimum_tick, round_to_tick, tick_rule

__all__ = [
    "COMMISSIONS",
    "DEFAULT_QUOTE_MODEL",
    "TICK_RULES",
    "CommissionSchedule",
    "PackageQuote",
    "PremiumTiers",
    "QuoteModel",
    "QuoteSide",
    "Quotes",
    "TickRule",
    "TradeQuote",
    "TradeSide",
    "commission",
    "commission_schedule",
    "minimum_tick",
    "package_quote",
    "round_to_tick",
    "tick_rule",
    "trade_quote",
]

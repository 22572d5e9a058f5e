"""Pricing layer of hedgeopt: contracts, market data, QuantLib pricing, the vectorized kernel and trading costs.

Imports nothing from ``scenarios`` or ``hedgeopt``.
"""

from pricing.american import american_price
from pricing.black_scholes import Greeks, bs_greeks, bs_price
from pricing.catalogue import CATALOGUE, ContractSpec, ContractType, ExerciseStyle, Settlement, contract
from pricing.contracts import (
    Instrument,
    Leg,
    Option,
    OptionKind,
    Package,
    Quote,
    call_spread,
    collar,
    legs_of,
    parse_date,
    parse_is_call,
    put_spread,
    year_fraction,
)
from pricing.errors import (
    HedgeoptError,
    ImpliedVolError,
    InfeasibleHedgeError,
    InputError,
    PricingError,
    SolverError,
)
from pricing.market import Market, RateCurve, default_market, recentred
from pricing.option_chain import OptionChain, load_chain
from pricing.quantlib_engine import ScenarioPricer, Valuation, implied_vol, no_arbitrage_bounds, price, surface_vol
from pricing.quote_surface import QuoteVolSurface
from pricing.smile_metrics import cboe_skew, model_free_vol, moneyness_at_delta
from pricing.ssvi import SSVISurface
from pricing.trading_costs import (
    CommissionSchedule,
    QuoteModel,
    TradeQuote,
    commission,
    round_to_tick,
    trade_quote,
)
from pricing.vol_surface import ParametricVolSurface, VolSurface

__all__ = [
    "CATALOGUE",
    "CommissionSchedule",
    "ContractSpec",
    "ContractType",
    "ExerciseStyle",
    "Greeks",
    "HedgeoptError",
    "ImpliedVolError",
    "InfeasibleHedgeError",
    "InputError",
    "Instrument",
    "Leg",
    "Market",
    "OptionChain",
    "Option",
    "OptionKind",
    "Package",
    "ParametricVolSurface",
    "PricingError",
    "Quote",
    "QuoteModel",
    "QuoteVolSurface",
    "RateCurve",
    "SSVISurface",
    "Settlement",
    "ScenarioPricer",
    "TradeQuote",
    "SolverError",
    "Valuation",
    "VolSurface",
    "american_price",
    "bs_greeks",
    "bs_price",
    "cboe_skew",
    "call_spread",
    "collar",
    "commission",
    "contract",
    "default_market",
    "implied_vol",
    "legs_of",
    "load_chain",
    "model_free_vol",
    "moneyness_at_delta",
    "no_arbitrage_bounds",
    "parse_date",
    "parse_is_call",
    "price",
    "put_spread",
    "recentred",
    "round_to_tick",
    "surface_vol",
    "trade_quote",
    "year_fraction",
]

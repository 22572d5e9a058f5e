"""Pricing layer of hedgeopt: contracts, market data, QuantLib pricing, the vectorized kernel and trading costs.

Every public name is re-exported here lazily (PEP 562, through ``lazy_loader``): ``from pricing import Market``
imports only the modules ``Market`` needs, so a program that never prices with QuantLib never loads it.
Imports nothing from ``scenarios`` or ``hedgeopt``.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "american": ("american_price",),
    "black_scholes": ("Greeks", "bs_greeks", "bs_price"),
    "catalogue": ("CATALOGUE", "ContractSpec", "ContractType", "ExerciseStyle", "Settlement", "contract"),
    "contracts": ("Instrument", "Leg", "Option", "OptionKind", "Package", "Quote", "call_spread", "collar", "legs_of",
                  "parse_date", "parse_is_call", "put_spread", "year_fraction"),
    "errors": ("HedgeoptError", "ImpliedVolError", "InfeasibleHedgeError", "InputError", "PricingError",
               "ResourceLimitError", "SolverError", "byte_size", "shown"),
    "market": ("Market", "RateCurve", "default_market", "recentred"),
    "chains": ("OptionChain", "load_chain"),
    "quantlib_engine": ("ScenarioPricer", "Valuation", "implied_vol", "no_arbitrage_bounds", "price", "surface_vol"),
    "smile_metrics": ("cboe_skew", "model_free_vol", "moneyness_at_delta"),
    "ssvi": ("SSVISurface",),
    "trading_costs": ("CommissionSchedule", "QuoteModel", "TradeQuote", "commission", "round_to_tick", "trade_quote"),
    "vol_surface": ("ParametricVolSurface", "VolSurface"),
})

"""Pricing layer of hedgeopt: contracts, market data, QuantLib pricing and the vectorized kernel.

Imports nothing from ``scenarios`` or ``hedgeopt``.
"""

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
from pricing.market import Market, RateCurve, default_market
from pricing.quantlib_engine import Valuation, implied_vol, no_arbitrage_bounds, price, surface_vol
from pricing.vol_surface import ParametricVolSurface, VolSurface

__all__ = [
    "CATALOGUE",
    "ContractSpec",
    "ContractType",
    "ExerciseStyle",
    "HedgeoptError",
    "ImpliedVolError",
    "InfeasibleHedgeError",
    "InputError",
    "Instrument",
    "Leg",
    "Market",
    "Option",
    "OptionKind",
    "Package",
    "ParametricVolSurface",
    "PricingError",
    "Quote",
    "RateCurve",
    "Settlement",
    "SolverError",
    "Valuation",
    "VolSurface",
    "call_spread",
    "collar",
    "contract",
    "default_market",
    "implied_vol",
    "legs_of",
    "no_arbitrage_bounds",
    "parse_date",
    "price",
    "put_spread",
    "surface_vol",
    "year_fraction",
]

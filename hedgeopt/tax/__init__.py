"""After tax, in Japan: which category each holding's gains fall in, the year's offsets, carry-forward and tax.

Offers :class:`TaxRules` (one year's rates), :func:`placements` (every holding's category with its rule),
:func:`settle_year` (one year's bill from its net result per category, vectorized), :func:`marginal_tax` (what
realising a result adds to this year's bill), :func:`tax_effect` (a scenario set's after-tax P&L),
:func:`explain` (what ``hedgeopt tax --explain`` prints) and the settings of ``[tax]`` (:class:`TaxSettings`,
:class:`Category`). A planning model, not a filing one: see the README's limits.

Imports ``hedgeopt.config`` and ``hedgeopt.account``; the optimizer, the path engine and the face import it.
"""

from hedgeopt.config.tax_spec import AccountType, CarriedLoss, Category, ForeignDerivatives, TaxSettings
from hedgeopt.tax.explain import CarriedRow, TaxExplanation, explain
from hedgeopt.tax.insurance import InsuranceCost, premium_after_tax
from hedgeopt.tax.ledger import (
    YearBill,
    carried_from,
    marginal_tax,
    no_carry,
    realisation_tax,
    realisation_tax_by_category,
    settle_year,
    year_to_date,
)
from hedgeopt.tax.placement import Placement, Venue, derivative_category, placements
from hedgeopt.tax.rules import DIVIDEND_WITHHOLDING_ABROAD, TaxRules
from hedgeopt.tax.scenario import (
    TaxEffect,
    embedded_gains,
    pnl_by_category,
    tax_effect,
)

__all__ = [
    "AccountType",
    "CarriedLoss",
    "carried_from",
    "CarriedRow",
    "Category",
    "derivative_category",
    "DIVIDEND_WITHHOLDING_ABROAD",
    "embedded_gains",
    "explain",
    "ForeignDerivatives",
    "InsuranceCost",
    "marginal_tax",
    "no_carry",
    "pnl_by_category",
    "Placement",
    "placements",
    "premium_after_tax",
    "realisation_tax",
    "realisation_tax_by_category",
    "settle_year",
    "tax_effect",
    "TaxEffect",
    "TaxExplanation",
    "TaxRules",
    "TaxSettings",
    "Venue",
    "YearBill",
    "year_to_date",
]

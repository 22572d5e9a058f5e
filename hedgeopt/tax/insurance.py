"""What insurance costs after tax: lapsed premiums save tax only against gains of the contract's category.

A year of a standing put in a quiet market: the premiums (less what the rolls sell back) lapse, a realised loss in
the category of the contract (:func:`hedgeopt.tax.placement.derivative_category`). That loss saves tax only up to
the category's taxable income this year (``[tax] year_to_date`` after the carried losses): at 20.315% for the
separate categories, at the marginal progressive rate for 雑所得. So an Osaka Nikkei 225 put costs
``1 − 0.20315`` of its premium to an investor with futures gains this year and its full premium to one whose
gains sit in listed ETFs; a Cboe XSP put (雑所得 by default) saves tax only against other 雑所得.

The year modelled is ``[tax] year`` with its year-to-date figures: a program runs for years, and this is the
view of one year like this one, stated beside the figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from hedgeopt.config.tax_spec import Category, TaxSettings
from hedgeopt.tax.ledger import marginal_tax
from hedgeopt.tax.placement import derivative_category


@dataclass(frozen=True)
class InsuranceCost:
    """A yearly premium before and after tax, base currency (yen).

    Attributes
    ----------
    category : Category
        Where the lapsed premiums fall.
    cost : float
        Pre-tax yearly cost.
    saved : float
        Tax the lapsed premiums save this year (>= 0).
    after_tax : float
        ``cost - saved``.
    year : int
        The tax year whose figures were used.
    """

    category: Category
    cost: float
    saved: float
    after_tax: float
    year: int

    @property
    def saved_share(self) -> float:
        """``saved / cost`` (0 for a zero cost): 0.20315 when fully offset in a separate category."""
        return self.saved / self.cost if self.cost > 0 else 0.0

    def as_dict(self) -> dict[str, object]:
        """Every figure (for JSON)."""
        return {"category": self.category.value, "cost": self.cost, "saved": self.saved,
                "after_tax": self.after_tax, "saved_share": self.saved_share, "year": self.year}


def premium_after_tax(settings: TaxSettings, symbol: str, cost: float) -> InsuranceCost:
    """The after-tax cost of ``cost`` (yen a year) of lapsed premiums on contract ``symbol``.

    Parameters
    ----------
    settings : TaxSettings
        With its year set (``Config.tax``).
    symbol : str
        Catalogue contract (``"XSP"``, ``"NK225M_OPT"``).
    cost : float
        Yearly premiums lapsed (spend less value recovered), yen, >= 0.

    Examples
    --------
    >>> from hedgeopt.tax import Category, TaxSettings
    >>> gains = TaxSettings(year=2026, year_to_date={Category.FUTURES: 1_000_000.0})
    >>> premium_after_tax(gains, "NK225M_OPT", 100_000.0).after_tax  # saves 20.315%
    79685.0
    >>> premium_after_tax(gains, "XSP", 100_000.0).after_tax  # 雑所得: nothing to offset
    100000.0
    """
    category = derivative_category(symbol, settings)[0]
    saved = max(-float(marginal_tax(settings, {category: -max(cost, 0.0)})), 0.0)
    return InsuranceCost(category, cost, saved, cost - saved, int(settings.year))

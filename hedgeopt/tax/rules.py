"""The rates of one Japanese tax year: 申告分離課税 at 20.315% and the progressive scale of 総合課税.

Every figure is the statute's, for a resident individual (居住者):

* **申告分離課税** (listed shares and the like, 上場株式等; futures and listed derivatives, 先物取引に係る雑所得等):
  所得税 15% (租税特別措置法 37条の11 第1項, 41条の14 第1項) and 住民税 5% (地方税法 附則 35条の2, 35条の4), plus
  the reconstruction surtax 復興特別所得税 of 2.1% of the income tax for the years 2013-2037
  (東日本大震災からの復興のための施策を実施するために必要な財源の確保に関する特別措置法 13条):
  15% × 1.021 + 5% = 20.315% (国税庁 タックスアンサー No.1463 「株式等を譲渡したときの課税（申告分離課税）」;
  No.1522 「先物取引に係る雑所得等の課税の特例」).
* **総合課税** (miscellaneous income, 雑所得, added to the salary and other income): the progressive 所得税 of
  所得税法 89条 (国税庁 タックスアンサー No.2260 「所得税の税率」, 令和7年分): 5% to 1,949,000 yen of taxable income,
  10% to 3,299,000, 20% to 6,949,000, 23% to 8,999,000, 33% to 17,999,000, 40% to 39,999,000 and 45% above,
  with the same 2.1% surtax, and 住民税 所得割 10% (地方税法 35条, 314条の3: 4% prefectural + 6% municipal).
* **Carry-forward**: a loss of either separate category not used in its year is deducted from the same category's
  income over the next 3 years (租税特別措置法 37条の12の2 第5項, 41条の15 第1項; タックスアンサー No.1474, No.1522),
  oldest first after the year's own offset (租税特別措置法施行令 25条の11の2 第8項), and only when a return is
  filed for the loss year and every year after.

Rounding (所得 to the 1,000 yen, tax to the 100 yen, 国税通則法 118条, 119条) is left out: figures are in whole yen
to plan with, not to file.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hedgeopt.config.tax_spec import FIRST_TAX_YEAR
from pricing import InputError
from pricing._typing import FloatArray

SURTAX_LAST_YEAR = 2037
"""Last year of the 2.1% reconstruction surtax (復興特別所得税, 2013-2037)."""

DIVIDEND_WITHHOLDING_ABROAD: dict[str, float] = {"USD": 0.10}
"""Tax withheld abroad on dividends from a fund of an index in that currency, decimal: 10% on US dividends paid to
a resident of Japan (日米租税条約 10条2項(b), portfolio dividends), before the Japanese 20.315%. It is lost unless
claimed back as 外国税額控除 with the return (タックスアンサー No.1240; ``[tax] foreign_tax_credit``); a Japanese-
listed fund of US shares suffers it inside the fund (partly adjusted since 2020 by 分配時調整外国税相当額控除, not
modelled). Yen indices (the Nikkei 225): none."""

BRACKETS: tuple[tuple[float, float, float], ...] = (
    (1_950_000.0, 0.05, 0.0),
    (3_300_000.0, 0.10, 97_500.0),
    (6_950_000.0, 0.20, 427_500.0),
    (9_000_000.0, 0.23, 636_000.0),
    (18_000_000.0, 0.33, 1_536_000.0),
    (40_000_000.0, 0.40, 2_796_000.0),
    (float("inf"), 0.45, 4_796_000.0),
)
"""所得税法 89条 (タックスアンサー No.2260, 令和7年分): (taxable income below, rate, quick deduction), yen; the tax on
taxable income ``x`` is ``x * rate - deduction`` in the band ``x`` falls in (``x = 5,000,000``: 572,500 yen)."""


@dataclass(frozen=True)
class TaxRules:
    """The rates of one tax year.

    Parameters
    ----------
    year : int
        The tax year (暦年), 2016 or later (see :data:`FIRST_TAX_YEAR`).
    income_tax_separate : float, default 0.15
        所得税 on 申告分離課税 income, decimal.
    local_tax_separate : float, default 0.05
        住民税 on it, decimal.
    local_tax_comprehensive : float, default 0.10
        住民税 所得割 on 総合課税 income, decimal.
    carry_years : int, default 3
        Years a loss of a separate category is carried forward.

    Examples
    --------
    >>> rules = TaxRules(2026)
    >>> round(rules.separate_rate, 5)
    0.20315
    >>> round(float(rules.comprehensive_tax(5_000_000.0)))  # 572,500 x 1.021 + 500,000
    1084522
    """

    year: int
    income_tax_separate: float = 0.15
    local_tax_separate: float = 0.05
    local_tax_comprehensive: float = 0.10
    carry_years: int = 3

    def __post_init__(self) -> None:
        if isinstance(self.year, bool) or int(self.year) != self.year or self.year < FIRST_TAX_YEAR:
            raise InputError("tax.year", self.year, f"a tax year from {FIRST_TAX_YEAR} (the rules modelled start with "
                             "the 2016 reform)")

    @property
    def surtax(self) -> float:
        """The reconstruction surtax, a fraction of the income tax (0.021 to 2037, then 0)."""
        return 0.021 if self.year <= SURTAX_LAST_YEAR else 0.0

    @property
    def separate_rate(self) -> float:
        """The 申告分離課税 rate, decimal: 15% × (1 + surtax) + 5% = 0.20315."""
        return self.income_tax_separate * (1.0 + self.surtax) + self.local_tax_separate

    def income_tax(self, taxable: FloatArray | float) -> FloatArray:
        """The progressive 所得税 (before the surtax) on taxable income, yen (所得税法 89条)."""
        x = np.maximum(np.asarray(taxable, dtype=float), 0.0)
        tax = np.zeros_like(x)
        lower = 0.0
        for upper, rate, deduction in BRACKETS:
            band = (x >= lower) & (x < upper)
            tax = np.where(band, x * rate - deduction, tax)
            lower = upper
        return tax

    def comprehensive_tax(self, taxable: FloatArray | float) -> FloatArray:
        """所得税 with the surtax, plus 住民税 所得割 10%, on taxable 総合課税 income, yen."""
        x = np.maximum(np.asarray(taxable, dtype=float), 0.0)
        return self.income_tax(x) * (1.0 + self.surtax) + self.local_tax_comprehensive * x

    def comprehensive_rate(self, taxable: float) -> float:
        """The marginal 総合課税 rate at ``taxable`` yen, decimal: the band's 所得税 × (1 + surtax) + 住民税 10%.

        >>> round(TaxRules(2026).comprehensive_rate(5_000_000.0), 4)  # 20% x 1.021 + 10%
        0.3042
        """
        rate = next(r for upper, r, _ in BRACKETS if max(taxable, 0.0) < upper)
        return rate * (1.0 + self.surtax) + self.local_tax_comprehensive

    def comprehensive_marginal(self, other_income: float, extra: FloatArray | float) -> FloatArray:
        """Tax on ``extra`` 総合課税 income on top of ``other_income`` (taxable, yen); 0 for ``extra <= 0``."""
        extra = np.maximum(np.asarray(extra, dtype=float), 0.0)
        return self.comprehensive_tax(other_income + extra) - self.comprehensive_tax(other_income)

"""The rates of a tax year: 20.315% apart, the progressive scale of 所得税法 89条, the surtax's end."""

from __future__ import annotations

import numpy as np
import pytest

from hedgeopt.tax import TaxRules
from pricing import InputError


def test_separate_rate_is_20_315_percent() -> None:
    # タックスアンサー No.1463: 所得税 15% + 復興特別所得税 (15% x 2.1% = 0.315%) + 住民税 5% = 20.315%
    assert TaxRules(2026).separate_rate == pytest.approx(0.20315, abs=1e-12)


def test_surtax_ends_after_2037() -> None:
    # 復興財源確保法 13条: the surtax runs for the years 2013-2037; from 2038 the separate rate is 15% + 5%
    assert TaxRules(2037).separate_rate == pytest.approx(0.20315, abs=1e-12)
    assert TaxRules(2038).separate_rate == pytest.approx(0.20, abs=1e-12)


@pytest.mark.parametrize(("taxable", "tax"), [
    (1_000_000.0, 50_000.0),        # 5% band: 1,000,000 x 5%
    (1_950_000.0, 97_500.0),        # 10% band starts: 1,950,000 x 10% - 97,500 = 97,500 (continuous at the edge)
    (7_000_000.0, 974_000.0),       # タックスアンサー No.2260's own example: 7,000,000 x 23% - 636,000
    (18_000_000.0, 4_404_000.0),    # 40% band: 18,000,000 x 40% - 2,796,000
    (50_000_000.0, 17_704_000.0),   # 45% band: 50,000,000 x 45% - 4,796,000
])
def test_income_tax_matches_the_published_scale(taxable: float, tax: float) -> None:
    assert float(TaxRules(2026).income_tax(taxable)) == pytest.approx(tax, abs=1e-6)


def test_income_tax_is_continuous_and_increasing() -> None:
    # the quick deductions of No.2260 make the scale continuous: no jump at any band edge
    rules = TaxRules(2026)
    x = np.linspace(0.0, 60_000_000.0, 600_001)
    tax = rules.income_tax(x)
    assert np.all(np.diff(tax) >= 0.0)
    assert np.max(np.abs(np.diff(tax))) < 100.0 * 0.45 + 1e-6  # 100-yen steps at most 45% of 100 yen


def test_comprehensive_marginal_rate_in_the_20_percent_band() -> None:
    # 5,000,000 of other income sits in the 20% band: 1,000,000 more pays 20% x 1.021 + 10% 住民税 = 30.42%
    rules = TaxRules(2026)
    assert float(rules.comprehensive_marginal(5_000_000.0, 1_000_000.0)) == pytest.approx(304_200.0, abs=1e-6)
    assert float(rules.comprehensive_marginal(5_000_000.0, -50_000.0)) == 0.0


def test_comprehensive_marginal_crosses_a_band() -> None:
    # 6,000,000 + 2,000,000: 950,000 at 20% and 1,050,000 at 23% (所得税), x 1.021, plus 10% of 2,000,000
    rules = TaxRules(2026)
    expected = (950_000 * 0.20 + 1_050_000 * 0.23) * 1.021 + 200_000
    assert float(rules.comprehensive_marginal(6_000_000.0, 2_000_000.0)) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("year", [2015, 1999, True, 2026.5])
def test_years_before_the_2016_reform_are_refused(year: object) -> None:
    with pytest.raises(InputError, match="tax.year"):
        TaxRules(year)  # type: ignore[arg-type]

"""What a standing put costs after tax: lapsed premiums save tax only against their own category's gains."""

from __future__ import annotations

import pytest

from hedgeopt.tax import Category, ForeignDerivatives, TaxSettings, premium_after_tax

F, L, M = Category.FUTURES, Category.LISTED, Category.MISC


def test_nikkei_put_premiums_offset_futures_gains_at_20_315_percent() -> None:
    # 租税特別措置法 41条の14: Osaka Nikkei 225 options are 先物取引に係る雑所得等; 90,000 yen of lapsed premiums
    # against 1,000,000 of futures gains save 90,000 x 20.315% = 18,283.5
    cost = premium_after_tax(TaxSettings(year=2026, year_to_date={F: 1_000_000.0}), "NK225M_OPT", 90_000.0)
    assert cost.category is F
    assert cost.saved == pytest.approx(18_283.5, abs=1e-6)
    assert cost.after_tax == pytest.approx(71_716.5, abs=1e-6)


def test_nikkei_put_premiums_do_not_offset_etf_gains() -> None:
    # 41条の14 第1項 後段 and 37条の11: a futures-category loss does not reduce a listed gain
    cost = premium_after_tax(TaxSettings(year=2026, year_to_date={L: 1_000_000.0}), "NK225M_OPT", 90_000.0)
    assert (cost.saved, cost.after_tax) == (0.0, 90_000.0)


def test_the_shield_is_capped_by_the_gain_available() -> None:
    # 10,000 yen of futures gains this year: only 10,000 of the 50,000 premium is offset, saving 2,031.5
    cost = premium_after_tax(TaxSettings(year=2026, year_to_date={F: 10_000.0}), "NK225M_OPT", 50_000.0)
    assert cost.saved == pytest.approx(2_031.5, abs=1e-6)


def test_carried_losses_absorb_the_gain_first() -> None:
    # 300,000 of futures gains already absorbed by a 300,000 loss carried from 2025 (41条の15): nothing left for
    # the premiums to offset this year
    from hedgeopt.tax import CarriedLoss

    settings = TaxSettings(year=2026, year_to_date={F: 300_000.0}, carried_losses=(CarriedLoss(F, 2025, 300_000.0),))
    assert premium_after_tax(settings, "NK225M_OPT", 50_000.0).saved == 0.0


def test_xsp_premiums_are_misc_by_default_and_futures_when_separate() -> None:
    # Cboe XSP: 外国市場デリバティブ取引, 雑所得 (総合課税) by default; the premiums offset 雑所得 gains at the
    # marginal rate: 5,000,000 other income + 200,000 of 雑所得 -> 100,000 saves 20% x 1.021 + 10% = 30,420
    misc = TaxSettings(year=2026, year_to_date={M: 200_000.0})
    assert premium_after_tax(misc, "XSP", 100_000.0).saved == pytest.approx(30_420.0, abs=1e-6)
    assert premium_after_tax(TaxSettings(year=2026, year_to_date={F: 1e6}), "XSP", 100_000.0).saved == 0.0
    separate = TaxSettings(year=2026, year_to_date={F: 1e6}, foreign_derivatives=ForeignDerivatives.SEPARATE)
    assert premium_after_tax(separate, "XSP", 100_000.0).saved == pytest.approx(20_315.0, abs=1e-6)

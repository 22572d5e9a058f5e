"""One tax year settled: offsets inside a category only, carry-forward oldest first for 3 years, the tax due.

Every number is worked by hand in the comment beside it; the rule it checks is cited.
"""

from __future__ import annotations

import numpy as np
import pytest

from hedgeopt.tax import CarriedLoss, Category, TaxRules, TaxSettings, marginal_tax, no_carry, settle_year
from hedgeopt.tax.ledger import carried_from

RULES = TaxRules(2026)
RATE = 0.20315
L, F, M, N = Category.LISTED, Category.FUTURES, Category.MISC, Category.NISA


def test_a_gain_in_one_category_and_a_loss_in_the_other_do_not_offset() -> None:
    # 租税特別措置法 41条の14 第1項 後段: a futures-category loss is deemed not to exist for other income, and
    # 37条の11: the listed gain is taxed apart. 1,000,000 listed gain x 20.315% = 203,150; the futures loss of
    # 400,000 carries forward (41条の15) into the newest slot
    bill = settle_year(RULES, {L: 1_000_000.0, F: -400_000.0}, no_carry(RULES), 5_000_000.0)
    assert float(bill.tax) == pytest.approx(203_150.0, abs=1e-6)
    assert bill.carry_next[F].tolist() == [0.0, 0.0, 400_000.0]
    assert bill.carry_next[L].tolist() == [0.0, 0.0, 0.0]


def test_the_reverse_a_listed_loss_never_reduces_a_futures_gain() -> None:
    # 37条の12の2 第1項: a listed loss offsets only listed income. 600,000 futures gain x 20.315% = 121,890
    bill = settle_year(RULES, {L: -600_000.0, F: 600_000.0}, no_carry(RULES), 5_000_000.0)
    assert float(bill.tax) == pytest.approx(121_890.0, abs=1e-6)
    assert bill.carry_next[L].tolist() == [0.0, 0.0, 600_000.0]


def test_dividends_offset_a_listed_sale_loss_in_the_same_year() -> None:
    # 37条の12の2 第1項: a listed sale loss is deducted from listed dividends taxed apart. Loss 500,000 and
    # distributions 200,000 net to -300,000: no tax, 300,000 carried
    bill = settle_year(RULES, {L: -500_000.0 + 200_000.0}, no_carry(RULES), 0.0)
    assert float(bill.tax) == 0.0
    assert bill.carry_next[L].tolist() == [0.0, 0.0, 300_000.0]


def test_a_loss_carried_three_years_expires_in_the_fourth() -> None:
    # 41条の15 第1項: a futures loss of year Y is deducted in Y+1, Y+2, Y+3; at the end of Y+3 it lapses, so a
    # gain of 500,000 in Y+4 pays 500,000 x 20.315% = 101,575 in full
    carried = settle_year(RULES, {F: -400_000.0}, no_carry(RULES), 0.0).carry_next
    for year in (1, 2, 3):
        bill = settle_year(RULES, {F: 0.0}, carried, 0.0)
        carried = bill.carry_next
        assert float(bill.expired[F]) == (400_000.0 if year == 3 else 0.0)
    assert float(settle_year(RULES, {F: 500_000.0}, carried, 0.0).tax) == pytest.approx(101_575.0, abs=1e-6)


def test_a_loss_carried_three_years_is_used_in_the_third() -> None:
    # the same loss meets a gain of 500,000 in Y+3: 400,000 deducted, 100,000 x 20.315% = 20,315
    carried = settle_year(RULES, {F: -400_000.0}, no_carry(RULES), 0.0).carry_next
    for _ in (1, 2):
        carried = settle_year(RULES, {F: 0.0}, carried, 0.0).carry_next
    bill = settle_year(RULES, {F: 500_000.0}, carried, 0.0)
    assert float(bill.carry_used[F]) == 400_000.0
    assert float(bill.tax) == pytest.approx(20_315.0, abs=1e-6)


def test_carried_losses_are_used_oldest_first() -> None:
    # 租税特別措置法施行令 25条の11の2 第8項: the oldest year first. Carried 100,000 (Y-3), 200,000 (Y-2), 300,000
    # (Y-1); a gain of 250,000 takes all of Y-3 and 150,000 of Y-2: 50,000 (Y-2) and 300,000 (Y-1) carry on
    carried = {L: np.array([100_000.0, 200_000.0, 300_000.0]), F: np.zeros(3)}
    bill = settle_year(RULES, {L: 250_000.0}, carried, 0.0)
    assert float(bill.tax) == 0.0
    assert bill.carry_next[L].tolist() == [50_000.0, 300_000.0, 0.0]
    assert float(bill.expired[L]) == 0.0


def test_without_a_return_no_loss_carries() -> None:
    # 37条の12の2 第7項, 41条の15 第3項: carry-forward needs a return for the loss year and each year after
    carried = {L: np.array([0.0, 0.0, 300_000.0]), F: np.zeros(3)}
    bill = settle_year(RULES, {L: 300_000.0, F: -100_000.0}, carried, 0.0, file_return=False)
    assert float(bill.tax) == pytest.approx(300_000.0 * RATE, abs=1e-6)
    assert bill.carry_next[F].tolist() == [0.0, 0.0, 0.0]


def test_nisa_is_neither_taxed_nor_offset() -> None:
    # 租税特別措置法 37条の14: NISA gains are tax-free and its losses deemed not to exist: a 1,000,000 NISA loss
    # leaves a 1,000,000 listed gain fully taxed (203,150), and a NISA gain pays nothing
    assert float(settle_year(RULES, {L: 1_000_000.0, N: -1_000_000.0}, no_carry(RULES), 0.0).tax) == \
        pytest.approx(203_150.0, abs=1e-6)
    assert float(settle_year(RULES, {N: 5_000_000.0}, no_carry(RULES), 0.0).tax) == 0.0


def test_a_misc_loss_offsets_nothing_and_does_not_carry() -> None:
    # 所得税法 69条: a 雑所得 loss is not among the losses that offset other income, and no rule carries it
    bill = settle_year(RULES, {M: -300_000.0, L: 300_000.0}, no_carry(RULES), 5_000_000.0)
    assert float(bill.tax) == pytest.approx(300_000.0 * RATE, abs=1e-6)
    assert M not in bill.carry_next


def test_misc_gain_pays_the_marginal_progressive_rate() -> None:
    # 5,000,000 other income (20% band): 1,000,000 of 雑所得 pays 20% x 1.021 + 10% = 304,200 (No.2260, 住民税 10%)
    bill = settle_year(RULES, {M: 1_000_000.0}, no_carry(RULES), 5_000_000.0)
    assert float(bill.tax) == pytest.approx(304_200.0, abs=1e-6)


def test_foreign_tax_credit_is_capped_at_the_tax() -> None:
    # タックスアンサー No.1240 in outline: US tax withheld is credited up to the year's Japanese tax
    bill = settle_year(RULES, {L: 100_000.0}, no_carry(RULES), 0.0, foreign_withheld=50_000.0,
                       foreign_tax_credit=True)
    assert float(bill.credit) == pytest.approx(20_315.0, abs=1e-6)
    assert float(bill.tax) == 0.0
    without = settle_year(RULES, {L: 100_000.0}, no_carry(RULES), 0.0, foreign_withheld=50_000.0)
    assert float(without.tax) == pytest.approx(20_315.0, abs=1e-6)


def test_put_premiums_offset_a_futures_gain_but_not_an_etf_gain() -> None:
    # Nikkei 225 put premiums lapsing worthless are a futures-category loss (41条の14: 権利の放棄 is 差金等決済).
    # With 1,000,000 of futures gains this year, 100,000 of premiums save 100,000 x 20.315% = 20,315;
    # with the same gain on an ETF (listed), they save nothing this year
    futures_year = TaxSettings(year=2026, year_to_date={F: 1_000_000.0})
    listed_year = TaxSettings(year=2026, year_to_date={L: 1_000_000.0})
    assert float(marginal_tax(futures_year, {F: -100_000.0})) == pytest.approx(-20_315.0, abs=1e-6)
    assert float(marginal_tax(listed_year, {F: -100_000.0})) == 0.0


def test_carried_losses_from_the_config_fill_their_slots() -> None:
    settings = TaxSettings(year=2026, carried_losses=(CarriedLoss(L, 2023, 100.0), CarriedLoss(F, 2025, 50.0),
                                                     CarriedLoss(L, 2025, 7.0)))
    carried = carried_from(settings, RULES)
    assert carried[L].tolist() == [100.0, 0.0, 7.0]
    assert carried[F].tolist() == [0.0, 0.0, 50.0]
    # a gain of 120 in 2026 uses the 2023 loss first, then 7 of 2025: 13 taxable
    assert float(settle_year(RULES, {L: 120.0}, carried, 0.0).taxable[L]) == pytest.approx(13.0)


def _reference_year(net: dict, carried: dict, other: float) -> tuple[float, dict]:
    """A plain-Python twin of one year, one account: the rules read straight off the statute, no arrays."""
    tax, nxt = 0.0, {}
    for c in (L, F):
        gain, slots = max(net[c], 0.0), list(carried[c])
        for k in range(3):
            take = min(slots[k], gain)
            slots[k] -= take
            gain -= take
        tax += gain * RATE
        nxt[c] = [slots[1], slots[2], max(-net[c], 0.0)]
    misc = max(net[M], 0.0)
    tax += float(RULES.comprehensive_tax(other + misc) - RULES.comprehensive_tax(other))
    return tax, nxt


def test_vectorized_year_matches_the_plain_twin_on_random_accounts() -> None:
    rng = np.random.default_rng(16)
    n = 400
    net = {c: rng.normal(0.0, 1_000_000.0, n) * (rng.random(n) < 0.8) for c in (L, F, M, N)}
    carried = {c: rng.exponential(300_000.0, (3, n)) * (rng.random((3, n)) < 0.5) for c in (L, F)}
    other = 6_500_000.0
    bill = settle_year(RULES, net, carried, other)
    for i in range(n):
        tax, nxt = _reference_year({c: net[c][i] for c in net}, {c: carried[c][:, i] for c in carried}, other)
        assert float(bill.tax[i]) == pytest.approx(tax, rel=1e-12, abs=1e-6), i
        for c in (L, F):
            assert bill.carry_next[c][:, i] == pytest.approx(nxt[c], abs=1e-6), (i, c)


def test_scalar_carried_losses_broadcast_over_paths() -> None:
    # the config's carried losses (shape (3,)) apply to every path of a (2, 5) array of results
    carried = {L: np.array([0.0, 0.0, 100.0]), F: np.zeros(3)}
    bill = settle_year(RULES, {L: np.full((2, 5), 300.0)}, carried, 0.0)
    assert bill.tax.shape == (2, 5)
    assert np.allclose(bill.tax, 200.0 * RATE)

"""After tax in the one-period answers (``stress``, ``what-if``): hand-computed tax of realising at the horizon.

Every scenario is instantaneous (``days = 0``: no carry, no time decay) so that each holding's P&L is plain
arithmetic on the seed (examples/seed_10m.toml: MMF 7,000,000 JPY of USD, cash 3,000,000 JPY, 3,000,000 JPY of SPX
ETF on a USD margin loan; USDJPY 150). The tax is ``T(Y + G + P) - T(Y + G)`` (:mod:`hedgeopt.tax.scenario`):
the year's bill with the scenario's P&L less the bill of selling today.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from hedgeopt.config.config import config_from_dict
from hedgeopt.config.tax_spec import Category, TaxSettings, tax_from_table
from hedgeopt.risk.stress import TAX_COLUMNS, stress, what_if
from hedgeopt.tax import TaxRules, explain, realisation_tax, realisation_tax_by_category
from pricing import InputError

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "examples" / "seed_10m.toml"
SEPARATE = 0.20315  # 15% × 1.021 + 5% (タックスアンサー No.1463)
BAND_20 = 0.3042  # 20% × 1.021 + 10% 住民税: 総合課税 between 3,300,000 and 6,950,000 yen (所得税法 89条)


def seed(**changes) -> dict:
    """The seed config as a dict, with ``changes`` applied: ``tax`` a table, ``mmf_cost``, ``satellite`` extra."""
    data = tomllib.loads(SEED.read_text(encoding="utf-8"))
    if "mmf_cost" in changes:
        data["account"]["mmf"][0]["cost"] = changes["mmf_cost"]
    data["account"]["satellite"] += changes.get("satellite", [])
    if "tax" in changes:
        data["tax"] = changes["tax"]
    return data


def row(data: dict, equity: float, fx: float = 0.0):
    return what_if(config_from_dict(data), equity, fx).table.iloc[0]


# -- the MMF's exchange gain, taxed on redemption (租税特別措置法 37条の11 第2項; 所得税法 57条の3) ----------------
def test_mmf_exchange_gain_held_is_taxed_when_sold_today():
    # 7,000,000 JPY of fund bought for 5,600,000 JPY (USDJPY 120 then, 150 now): a 1,400,000 yen gain, exchange
    # gain included, in the listed category: 1,400,000 × 20.315% = 284,410 yen.
    config = config_from_dict(seed(mmf_cost=5_600_000))
    assert float(realisation_tax(config.tax, {}, {Category.LISTED: np.array(1_400_000.0)})) == pytest.approx(284_410)
    basis = what_if(config, 0.0).tax
    assert basis.embedded == {"listed": 1_400_000.0, "futures": 0.0, "misc": 0.0, "nisa": 0.0}


def test_a_stronger_dollar_adds_to_the_mmf_gain_at_20315():
    # USDJPY +10%: the MMF gains 700,000 yen (the margin ETF's dollars net against its dollar loan: 0);
    # on top of the 1,400,000 held, all listed: tax 700,000 × 20.315% = 142,205; after tax 557,795.
    r = row(seed(mmf_cost=5_600_000), 0.0, 0.10)
    assert r["pnl"] == pytest.approx(700_000) and r["pnl_listed"] == pytest.approx(700_000)
    assert r["tax"] == pytest.approx(142_205) and r["after_tax"] == pytest.approx(557_795)


def test_a_crash_loss_offsets_the_held_gain_in_its_category():
    # index -30% and USDJPY -10% now: -1,510,000 listed (ETF -900,000; MMF -700,000; the loan's dollars +90,000).
    # Selling today pays 284,410 on the 1,400,000 gain; at the horizon the year nets to -110,000: no tax, and the
    # 110,000 carries forward (counted 0). The scenario saves 284,410 (損益通算, 租税特別措置法 37条の12の2 第1項).
    r = row(seed(mmf_cost=5_600_000), -0.30, -0.10)
    assert r["pnl"] == pytest.approx(-1_510_000)
    assert r["tax"] == pytest.approx(-284_410) and r["after_tax"] == pytest.approx(-1_225_590)
    assert r["after_tax_pct"] == pytest.approx(-0.1225590)
    # a fall of 10% alone: -300,000 listed, all of it against the held gain: saves 60,945
    r = row(seed(mmf_cost=5_600_000), -0.10)
    assert r["tax"] == pytest.approx(-60_945) and r["after_tax"] == pytest.approx(-239_055)


def test_without_gains_a_loss_saves_nothing_now():
    # the seed as shipped (no cost given, no year-to-date gains): the crash's -1,510,000 only carries forward
    r = row(seed(), -0.30, -0.10)
    assert r["tax"] == 0.0 and r["after_tax"] == pytest.approx(-1_510_000)


# -- NISA: tax-free, and a loss deemed not to exist (租税特別措置法 37条の14, 9条の8) ------------------------------
NISA_ETF = {"route": "cash", "index": "SPX", "value": 1_000_000, "value_currency": "JPY", "nisa": True}
TAXED_ETF = {**NISA_ETF, "nisa": False}


def test_a_nisa_loss_offsets_nothing():
    # listed gains of 1,000,000 this year; the index -30%: the seed's margin ETF loses 900,000 (listed), the NISA
    # ETF 300,000 (1,000,000 × -30%, no FX move). Only the listed loss offsets: -900,000 × 20.315% = -182,835.
    tax = {"year_to_date": {"listed": 1_000_000}}
    r = row(seed(satellite=[NISA_ETF], tax=tax), -0.30)
    assert r["pnl_nisa"] == pytest.approx(-300_000) and r["pnl_listed"] == pytest.approx(-900_000)
    assert r["tax_nisa"] == 0.0 and r["tax"] == pytest.approx(-182_835)
    # the same ETF outside NISA: its loss offsets too, but only up to the 1,000,000 of gains: -1,000,000 × 20.315%
    # = -203,150 (the other 200,000 carries forward, counted 0)
    r = row(seed(satellite=[TAXED_ETF], tax=tax), -0.30)
    assert r["pnl_listed"] == pytest.approx(-1_200_000) and r["tax"] == pytest.approx(-203_150)


def test_a_nisa_gain_is_tax_free():
    # index +20%: NISA ETF +200,000 untaxed; the margin ETF's +600,000 listed pays 121,890
    r = row(seed(satellite=[NISA_ETF]), 0.20)
    assert r["pnl_nisa"] == pytest.approx(200_000) and r["tax_nisa"] == 0.0
    assert r["tax"] == pytest.approx(600_000 * SEPARATE)


# -- an XSP put beside the margin ETF: the foreign_derivatives reading ([tax] docs; 租税特別措置法 41条の14 第1項) ---
XSP_PUT = {"route": "options", "contract": "XSP", "kind": "put", "strike": 540, "contracts": 1}


def test_put_payoff_under_comprehensive_is_taxed_at_the_marginal_rate():
    # Cboe's XSP read as 雑所得 (総合課税, the default): the payoff X is taxed at the marginal rate on top of
    # other_income 5,000,000 (X stays inside the 20% band: 5,000,000 + X < 6,950,000): 30.42% × X. The listed
    # loss (-1,510,000) saves nothing now: no listed gains, and 雑所得 offsets nothing (所得税法 69条).
    r = row(seed(satellite=[XSP_PUT]), -0.30, -0.10)
    x = r["options"]
    assert 0 < x < 1_950_000 and r["pnl_misc"] == pytest.approx(x) and r["pnl_listed"] == pytest.approx(-1_510_000)
    assert r["tax_misc"] == pytest.approx(BAND_20 * x) and r["tax"] == pytest.approx(BAND_20 * x)
    assert r["after_tax"] == pytest.approx(r["pnl"] - BAND_20 * x)
    # a futures loss this year does not help a 雑所得 gain
    r2 = row(seed(satellite=[XSP_PUT], tax={"year_to_date": {"futures": -500_000}}), -0.30, -0.10)
    assert r2["tax"] == pytest.approx(BAND_20 * x)


def test_put_payoff_under_separate_offsets_futures_losses_only():
    # foreign_derivatives = "separate": the payoff is futures-category income at 20.315%, offset by nothing
    # (the listed loss does not cross: 41条の14 第1項), then by a futures loss of 500,000 realised this year.
    r = row(seed(satellite=[XSP_PUT], tax={"foreign_derivatives": "separate"}), -0.30, -0.10)
    x = r["options"]
    assert r["pnl_futures"] == pytest.approx(x) and r["tax"] == pytest.approx(SEPARATE * x)
    tax = {"foreign_derivatives": "separate", "year_to_date": {"futures": -500_000}}
    r = row(seed(satellite=[XSP_PUT], tax=tax), -0.30, -0.10)
    assert r["tax"] == pytest.approx(SEPARATE * (x - 500_000))
    assert r["after_tax"] == pytest.approx(r["pnl"] - SEPARATE * (x - 500_000))


# -- the table itself ----------------------------------------------------------------------------------------------
def test_pre_tax_columns_unchanged_and_categories_sum_to_pnl():
    with_tax = stress(config_from_dict(seed(mmf_cost=5_600_000)))
    without = stress(config_from_dict(seed(tax={"regime": "none"})))
    assert without.tax is None and not set(TAX_COLUMNS) & set(without.table.columns)
    assert with_tax.table[list(without.table.columns)].equals(without.table)
    parts = sum(with_tax.table[f"pnl_{c.value}"] for c in Category)
    np.testing.assert_allclose(parts, with_tax.table["pnl"], rtol=0, atol=1e-6)
    np.testing.assert_allclose(sum(with_tax.table[f"tax_{c.value}"] for c in Category), with_tax.table["tax"],
                               rtol=0, atol=1e-6)
    worst = with_tax.worst_after_tax()
    assert worst["after_tax"] == with_tax.table["after_tax"].min()


def test_an_account_not_in_yen_has_no_tax_columns():
    # a config's account is in the market's base (JPY); from Python an account in dollars reads [tax] as "none"
    settings = tax_from_table({}, "USD")
    assert settings.regime == "none" and not settings.applies
    with pytest.raises(InputError, match="tax.regime='japan'"):
        tax_from_table({"regime": "japan"}, "USD")
    result = what_if(replace(config_from_dict(seed()), tax=settings), -0.30)
    assert result.tax is None and "after_tax" not in result.table and result.as_dict()["tax"] is None


# -- the core additions the faces read -----------------------------------------------------------------------------
def test_tax_by_category_adds_up_and_rates_follow_the_statute():
    settings = TaxSettings(year=2026, year_to_date={Category.LISTED: 200_000.0})
    moves = {Category.LISTED: np.array([-500_000.0, 100_000.0]), Category.MISC: np.array([1_000_000.0, 0.0])}
    split = realisation_tax_by_category(settings, {Category.LISTED: 200_000.0}, moves)
    # listed: 200,000 -> -300,000 saves 200,000 × 20.315% = 40,630; +100,000 pays 20,315. misc: 1,000,000 × 30.42%
    np.testing.assert_allclose(split[Category.LISTED], [-40_630.0, 20_315.0])
    np.testing.assert_allclose(split[Category.MISC], [304_200.0, 0.0])
    np.testing.assert_allclose(sum(split.values()), realisation_tax(settings, {Category.LISTED: 200_000.0}, moves))
    rules = TaxRules(2026)
    # 所得税法 89条 bands (タックスアンサー No.2260) × 1.021 + 10%: 5% at 1,000,000; 33% at 10,000,000; from 2038
    # without the surtax
    assert rules.comprehensive_rate(1_000_000) == pytest.approx(0.05 * 1.021 + 0.10)
    assert rules.comprehensive_rate(10_000_000) == pytest.approx(0.33 * 1.021 + 0.10)
    assert TaxRules(2038).comprehensive_rate(5_000_000) == pytest.approx(0.30)


def test_explain_lists_every_holding_with_its_rule_and_carried_losses_with_their_last_year():
    data = seed(satellite=[XSP_PUT, NISA_ETF], tax={"carried_losses": [
        {"category": "futures", "year": 2024, "amount": 400_000},
        {"category": "listed", "year": 2023, "amount": 100_000}]})
    config = config_from_dict(data)
    e = explain(config.account, config.tax)
    held = {(p.holding, p.income): p.category.value for p in e.placements}
    assert held == {("USD Treasury MMF", "distributions"): "listed", ("USD Treasury MMF", "gain"): "listed",
                    ("SPX margin ETF", "gain"): "listed", ("SPX margin ETF", "dividends"): "listed",
                    ("XSP options", "gain"): "misc", ("SPX ETF (NISA)", "gain"): "nisa",
                    ("SPX ETF (NISA)", "dividends"): "nisa"}
    assert all(p.source and p.rule and p.rule_ja for p in e.placements)
    # a loss carries 3 years (37条の12の2 第5項, 41条の15 第1項): 2023's is usable to 2026, 2024's to 2027
    assert [(r.category.value, r.year, r.last_year) for r in e.carried] == [("listed", 2023, 2026),
                                                                            ("futures", 2024, 2027)]
    assert e.separate_rate == pytest.approx(SEPARATE) and e.comprehensive_rate == pytest.approx(BAND_20)
    assert e.comprehensive_band == pytest.approx(0.20)


def test_a_hedged_mmf_holds_its_gain_in_yen():
    """A yen-hedged share class (為替ヘッジあり) worth 7,000,000 JPY, bought for 6,000,000 JPY: its gain is
    1,000,000 JPY (its value in yen, the fund's dollars at today's rate, less its cost), not the dollar amount."""
    from hedgeopt.account.account import Account
    from hedgeopt.account.holdings import MMF
    from hedgeopt.tax import embedded_gains
    from pricing import default_market

    acct = Account(mmf=(MMF(7_000_000, amount_currency="JPY", hedged=True, cost=6_000_000),))
    assert embedded_gains(acct, default_market())[Category.LISTED] == pytest.approx(1_000_000.0, abs=1e-6)

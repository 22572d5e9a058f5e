"""Which category each holding's gains fall in, and the ``[tax]`` section read strictly."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import pytest

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, Cash, EtfPosition, FuturesPosition, MarginPosition
from hedgeopt.config.config import config_from_dict
from hedgeopt.config.tax_spec import tax_from_table
from hedgeopt.tax import Category, ForeignDerivatives, TaxSettings, derivative_category, placements
from hedgeopt.tax.placement import VENUES
from pricing import InputError
from pricing.catalogue import CATALOGUE
from pricing.fx.terms import FX_CATALOGUE

SEED = Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml"
SEPARATE = TaxSettings(foreign_derivatives=ForeignDerivatives.SEPARATE)


def test_every_catalogued_contract_has_a_tax_venue() -> None:
    # a contract added to a catalogue without its venue would fail at the first tax question; fail here instead
    assert set(CATALOGUE) | set(FX_CATALOGUE) == set(VENUES)


@pytest.mark.parametrize(("symbol", "default", "separate"), [
    ("NK225M_OPT", Category.FUTURES, Category.FUTURES),   # Osaka Exchange: 市場デリバティブ取引, 41条の14
    ("NK225M_FUT", Category.FUTURES, Category.FUTURES),
    ("CLICK365", Category.FUTURES, Category.FUTURES),     # Tokyo Financial Exchange, No.1522
    ("OTC_FX", Category.FUTURES, Category.FUTURES),       # 店頭FX with a registered dealer, since 2012
    ("XSP", Category.MISC, Category.FUTURES),             # Cboe: 外国市場デリバティブ取引 (金商法 2条23項)
    ("MES", Category.MISC, Category.FUTURES),             # CME
    ("USDJPY_FWD", Category.MISC, Category.MISC),         # deliverable forward: an exchange gain, 所得税法 57条の3
])
def test_derivative_categories(symbol: str, default: Category, separate: Category) -> None:
    assert derivative_category(symbol, TaxSettings())[0] is default
    assert derivative_category(symbol, SEPARATE)[0] is separate


def test_seed_account_places_mmf_and_margin_etf_in_listed() -> None:
    acct = Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
                   satellite=(MarginPosition("SPX", 3_000_000, 0.06, value_currency="JPY"),))
    placed = {(p.holding, p.income): p for p in placements(acct, TaxSettings())}
    # the MMF's redemption gain, exchange gain included: 特定公社債等 since 2016 (37条の11 第2項)
    assert placed[("USD Treasury MMF", "gain")].category is Category.LISTED
    assert "37条の11" in placed[("USD Treasury MMF", "gain")].source
    assert placed[("SPX margin ETF", "gain")].category is Category.LISTED
    assert len(placed) == 4  # JPY cash has no exchange gain


def test_nisa_etf_foreign_cash_and_futures_are_placed() -> None:
    acct = Account(cash=(Cash(10_000, "USD"),),
                   satellite=(EtfPosition("SPX", 1_000_000, "JPY", nisa=True), FuturesPosition("MES", 1, 2_000.0)))
    placed = {(p.holding, p.income): p.category for p in placements(acct, TaxSettings())}
    assert placed[("SPX ETF (NISA)", "gain")] is Category.NISA
    assert placed[("USD cash", "exchange gain")] is Category.MISC
    assert placed[("MES futures", "gain")] is Category.MISC


def _with_tax(table: dict) -> dict:
    data = tomllib.loads(SEED.read_text(encoding="utf-8"))
    data["tax"] = copy.deepcopy(table)
    return data


def test_tax_section_defaults_to_japan_for_a_yen_account() -> None:
    cfg = config_from_dict(_with_tax({}))
    assert cfg.tax.applies and cfg.tax.year == cfg.market.valuation_date.year


def test_tax_section_reads_every_key() -> None:
    cfg = config_from_dict(_with_tax({
        "year": 2026, "account": "general", "file_return": False, "foreign_derivatives": "separate",
        "other_income": 9_000_000, "foreign_tax_credit": True,
        "year_to_date": {"listed": 1_200_000, "futures": -300_000},
        "carried_losses": [{"category": "futures", "year": 2024, "amount": 400_000}],
    }))
    t = cfg.tax
    assert (t.account.value, t.file_return, t.foreign_derivatives.value) == ("general", False, "separate")
    assert t.ytd(Category.LISTED) == 1_200_000.0 and t.ytd(Category.MISC) == 0.0
    assert t.carried_losses[0].amount == 400_000.0


@pytest.mark.parametrize(("table", "match"), [
    ({"year": "2026"}, r"tax\.year='2026'"),                               # text is never a year
    ({"year": 2015}, r"tax\.year=2015"),                                   # before the 2016 reform
    ({"other_income": True}, r"tax\.other_income=True"),                   # a boolean is never a number
    ({"other_income": "5000000"}, r"tax\.other_income='5000000'"),
    ({"account": "tokutei"}, r"tax\.account='tokutei'"),
    ({"file_return": "yes"}, r"tax\.file_return='yes'"),
    ({"foreign_derivatives": "seperate"}, r"tax\.foreign_derivatives"),
    ({"year_to_date": {"stocks": 1}}, r"tax\.year_to_date\.stocks"),
    ({"carried_losses": [{"category": "misc", "year": 2025, "amount": 1}]}, r"carried_losses\[0\]\.category"),
    ({"carried_losses": [{"category": "listed", "year": 2022, "amount": 1}]}, r"carried_losses\[0\]\.year=2022"),
    ({"carried_losses": [{"category": "listed", "year": 2025, "amount": -5}]}, r"carried_losses\[0\]\.amount"),
    ({"regime": "us"}, r"tax\.regime='us'"),
    ({"rate": 0.2}, r"tax\.rate"),
])
def test_bad_tax_input_names_the_key(table: dict, match: str) -> None:
    with pytest.raises(InputError, match=match):
        config_from_dict(_with_tax(table))


def test_japanese_regime_needs_a_yen_account() -> None:
    # the ledger is in yen: an account counted in dollars gets no tax model by default, and asking for one fails
    assert not tax_from_table({}, "USD").applies
    with pytest.raises(InputError, match="tax.regime='japan'"):
        tax_from_table({"regime": "japan"}, "USD")


def test_cost_basis_is_a_number_of_the_base_currency() -> None:
    with pytest.raises(InputError, match="cost"):
        MMF(1_000_000, cost="900000")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="cost"):
        EtfPosition("SPX", 1_000.0, nisa=True, cost=True)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="nisa"):
        EtfPosition("SPX", 1_000.0, nisa="yes")  # type: ignore[arg-type]

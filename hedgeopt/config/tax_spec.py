"""The ``[tax]`` section: a Japanese resident's tax position this year, read strictly.

Every key, its default and what it changes (``hedgeopt tax --explain CONFIG`` prints the result):

``regime`` : "japan" or "none"; default "japan" for a JPY account, "none" otherwise
    "none" reports pre-tax figures only. "japan" on an account not in yen is an error: the ledger is kept in yen.
``year`` : int, default the valuation date's year
    The tax year whose rules apply (2016 or later). The path engine applies them to every simulated year:
    today's rules on the path's markets, not the rules of the years the history comes from.
``account`` : "specified_withholding" (default), "specified" or "general"
    特定口座（源泉徴収あり）, 特定口座（源泉徴収なし）, 一般口座. With withholding, tax on listed gains and
    distributions is taken in the account as they are realised and settled each 31 December; without, it is
    paid with the return by 15 March of the next year (the futures category is never in a 特定口座: always
    filed).
``file_return`` : bool, default true
    The investor files a return (確定申告) every year. False gives up the 3-year carry-forward of losses
    (it needs a return for the loss year and each year after: 租税特別措置法 37条の12の2 第7項, 41条の15 第3項).
``foreign_derivatives`` : "comprehensive" (default) or "separate"
    How exchange derivatives listed abroad (Cboe's SPX/XSP/SPY options, CME's ES/MES and yen futures) are taxed.
    租税特別措置法 41条の14 第1項 names the 市場デリバティブ取引 of 金融商品取引法 2条21項 (Japanese exchanges), not
    the 外国市場デリバティブ取引 of 2条23項, so the default reads them as 雑所得 under 総合課税: no offset with the
    separate categories, no carry-forward, taxed at the progressive rate. Some brokers registered in Japan report
    them in the separate futures category; "separate" follows that reading. Ask your broker and adviser.
``other_income`` : float, default 5,000,000
    Taxable income from other sources (課税所得: salary and the like after deductions), yen; it sets the marginal
    rate on 総合課税 income (5,000,000: 20% band, 30.42% with the surtax and 住民税).
``foreign_tax_credit`` : bool, default false
    Claim 外国税額控除 for the 10% US withholding on US-listed ETF dividends (日米租税条約 10条2項(b)) with the
    return (タックスアンサー No.1240), in outline: credited up to the year's Japanese tax. False: the 10% is a cost.
``year_to_date`` : table, default all 0
    Net gains realised so far this year per category, yen: ``{ listed = 1_200_000, futures = -300_000, misc = 0 }``
    (losses negative; listed counts distributions and dividends received).
``[[tax.carried_losses]]`` : category, year, amount
    Losses carried from earlier years (positive yen), only for ``listed`` and ``futures``, from the 3 years before
    ``year``: ``{ category = "futures", year = 2024, amount = 400_000 }``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from hedgeopt.config.keys import boolean, check_keys, number
from pricing import InputError

FIRST_TAX_YEAR = 2016
"""First tax year of the rules modelled: the 2016 reform (平成25年度税制改正, in force 2016-01-01) put 特定公社債等 and
bond funds (a dollar MMF, 外貨建MMF) into the 上場株式等 category, so their redemption gains, exchange gain included,
became taxable at 20.315% and offset against listed shares. Before it, an MMF's redemption gain was tax-free."""


class Category(StrEnum):
    """The income categories a position's gains fall in."""

    LISTED = "listed"
    """上場株式等: ETFs bought outright or on margin, bond funds (the MMF), their dividends and distributions."""
    FUTURES = "futures"
    """先物取引に係る雑所得等: futures and options on Japanese exchanges, registered OTC FX (店頭FX), くりっく365."""
    MISC = "misc"
    """総合課税の雑所得: exchange gains on foreign cash, bank forwards, derivatives the separate rules exclude."""
    NISA = "nisa"
    """非課税口座: gains free of tax, losses deemed not to exist (no offset, no carry-forward)."""


CARRIED = (Category.LISTED, Category.FUTURES)
"""The categories whose losses carry forward (the two 申告分離課税 ones)."""


class AccountType(StrEnum):
    """The kind of securities account (口座区分)."""

    SPECIFIED_WITHHOLDING = "specified_withholding"
    SPECIFIED = "specified"
    GENERAL = "general"


class ForeignDerivatives(StrEnum):
    """How exchange derivatives listed abroad are taxed (see the module docstring)."""

    COMPREHENSIVE = "comprehensive"
    SEPARATE = "separate"


@dataclass(frozen=True)
class CarriedLoss:
    """A loss carried forward: ``amount`` yen (> 0) of ``category`` from tax year ``year``."""

    category: Category
    year: int
    amount: float


@dataclass(frozen=True)
class TaxSettings:
    """The ``[tax]`` section (see the module docstring for every key).

    ``year`` None means the valuation date's year; :meth:`for_year` fills it in and checks the carried losses.
    """

    regime: str = "japan"
    year: int | None = None
    account: AccountType = AccountType.SPECIFIED_WITHHOLDING
    file_return: bool = True
    foreign_derivatives: ForeignDerivatives = ForeignDerivatives.COMPREHENSIVE
    other_income: float = 5_000_000.0
    foreign_tax_credit: bool = False
    year_to_date: Mapping[Category, float] = field(default_factory=dict)
    carried_losses: tuple[CarriedLoss, ...] = ()

    @property
    def applies(self) -> bool:
        """True when the Japanese model is on."""
        return self.regime == "japan"

    def ytd(self, category: Category) -> float:
        """Net gain realised this year so far in ``category``, yen (0 when not given)."""
        return float(self.year_to_date.get(category, 0.0))

    def for_year(self, valuation_date: dt.date) -> TaxSettings:
        """These settings with ``year`` set (default the valuation date's) and the carried losses checked."""
        year = self.year if self.year is not None else valuation_date.year
        if year < FIRST_TAX_YEAR:
            raise InputError("tax.year", year, f"a tax year from {FIRST_TAX_YEAR}", hint="set [tax] year when the "
                             "valuation date is earlier")
        for i, loss in enumerate(self.carried_losses):
            if not year - 3 <= loss.year < year:
                raise InputError(f"tax.carried_losses[{i}].year", loss.year,
                                 f"a year from {year - 3} to {year - 1} (a loss carries 3 years)")
        return TaxSettings(self.regime, year, self.account, self.file_return, self.foreign_derivatives,
                           self.other_income, self.foreign_tax_credit, dict(self.year_to_date), self.carried_losses)


_KEYS = {"regime", "year", "account", "file_return", "foreign_derivatives", "other_income", "foreign_tax_credit",
         "year_to_date", "carried_losses"}


def _choice(path: str, value: Any, kind: type[StrEnum]) -> Any:
    options = ", ".join(f'"{k.value}"' for k in kind)
    if not isinstance(value, str):
        raise InputError(path, value, f"one of {options}")
    try:
        return kind(value)
    except ValueError:
        raise InputError(path, value, f"one of {options}") from None


def _whole_year(path: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(path, value, "a year as a whole number without quotes, such as 2026")
    return value


def _carried(i: int, table: Any) -> CarriedLoss:
    path = f"tax.carried_losses[{i}]"
    t = check_keys(path, table, {"category", "year", "amount"}, {"category", "year", "amount"})
    category = _choice(f"{path}.category", t["category"], Category)
    if category not in CARRIED:
        raise InputError(f"{path}.category", t["category"], '"listed" or "futures" (only the separate categories '
                         "carry losses forward)")
    amount = number(f"{path}.amount", t["amount"])
    if amount <= 0:
        raise InputError(f"{path}.amount", t["amount"], "the loss as a positive number of yen")
    return CarriedLoss(category, _whole_year(f"{path}.year", t["year"]), amount)


def tax_from_table(table: Mapping, base_currency: str) -> TaxSettings:
    """Read ``[tax]`` (see the module docstring); ``base_currency`` sets the default regime.

    Raises
    ------
    InputError
        An unknown key, a value of the wrong TOML type (a quoted number, a boolean for a number), an unknown
        choice, or the Japanese regime on an account not in yen.
    """
    t = check_keys("tax", table, _KEYS)
    regime = t.get("regime", "japan" if base_currency == "JPY" else "none")
    if regime not in ("japan", "none"):
        raise InputError("tax.regime", regime, '"japan" or "none"')
    if regime == "japan" and base_currency != "JPY":
        raise InputError("tax.regime", regime, '"none" for an account not in yen', hint="the Japanese ledger is in yen")
    year = _whole_year("tax.year", t["year"]) if "year" in t else None
    if year is not None and year < FIRST_TAX_YEAR:
        raise InputError("tax.year", year, f"a tax year from {FIRST_TAX_YEAR} (the rules modelled start with the "
                         "2016 reform)")
    other = number("tax.other_income", t.get("other_income", 5_000_000.0))
    if other < 0:
        raise InputError("tax.other_income", t["other_income"], "taxable income >= 0 yen")
    ytd_table = check_keys("tax.year_to_date", t.get("year_to_date", {}), {c.value for c in Category} - {"nisa"})
    ytd = {Category(k): number(f"tax.year_to_date.{k}", v) for k, v in ytd_table.items()}
    losses = t.get("carried_losses", [])
    if not isinstance(losses, list):
        raise InputError("tax.carried_losses", losses, "an array of tables ([[tax.carried_losses]] in TOML)")
    settings = TaxSettings(
        regime=regime, year=year,
        account=_choice("tax.account", t.get("account", "specified_withholding"), AccountType),
        file_return=boolean("tax.file_return", t.get("file_return", True)),
        foreign_derivatives=_choice("tax.foreign_derivatives", t.get("foreign_derivatives", "comprehensive"),
                                    ForeignDerivatives),
        other_income=other,
        foreign_tax_credit=boolean("tax.foreign_tax_credit", t.get("foreign_tax_credit", False)),
        year_to_date=ytd,
        carried_losses=tuple(_carried(i, x) for i, x in enumerate(losses)),
    )
    return settings

"""What the tax model reads in a config, and where it stops: the facts ``hedgeopt tax --explain`` prints.

:func:`explain` gathers, for one account and its ``[tax]`` settings: the tax year, the account type, whether
returns are filed, how derivatives listed abroad are read; every holding's income in its category with the rule
and its source (:func:`hedgeopt.tax.placements`); the year-to-date results and the carried losses with the last
year each can be used; the rates (20.315% = 15% × 1.021 + 5%; the marginal 総合課税 rate at ``other_income``);
and the boundary: the rules applied and what the model leaves out, in English and Japanese.
"""

from __future__ import annotations

from dataclasses import dataclass

from hedgeopt.account.account import Account
from hedgeopt.config.tax_spec import AccountType, CarriedLoss, Category, ForeignDerivatives, TaxSettings
from hedgeopt.tax.placement import Placement, placements
from hedgeopt.tax.rules import TaxRules

APPLIED: tuple[tuple[str, str, str], ...] = (
    ("categories", "each holding's income in its category: 上場株式等, 先物取引に係る雑所得等, 雑所得 under "
                   "総合課税, NISA (tax-free)",
     "保有ごとの所得を区分に分けます: 上場株式等、先物取引に係る雑所得等、雑所得（総合課税）、非課税（NISA）"),
    ("offset", "損益通算 inside a category only; a NISA loss offsets nothing",
     "損益通算は同じ区分の中だけ。NISA の損失は何とも通算しません"),
    ("carry", "繰越控除 of a separate category's loss for 3 years, oldest first, when a return is filed each year",
     "申告分離課税の区分の損失は、毎年確定申告すれば3年間繰越控除（古い年から）"),
    ("rates", "20.315% on separate income; the progressive 所得税 with the 2.1% surtax and 住民税 10% on 雑所得",
     "申告分離課税は 20.315%。雑所得は累進の所得税（復興特別所得税 2.1% を含む）と住民税 10%"),
    ("realise", "after tax in stress and what-if: every holding sold at the horizon, in this tax year, against "
                "selling today; a loss that only carries forward counts 0",
     "ストレステストと what-if の税引後: 期間終了時に今年中にすべて売却した場合と今日売却した場合の差。繰越控除に"
     "回るだけの損失は0として数えます"),
    ("paths", "on paths (backtest, simulate): the tax paid from the account each year; US fund dividends lose 10% "
              "abroad first; an accumulating fund realises nothing until it is sold",
     "パス（backtest、simulate）: 毎年の税を口座から支払います。米国ファンドの分配金は先に米国で10%源泉徴収され、"
     "分配しない投資信託は売却まで何も実現しません"),
)
"""The rules the model applies: (key, English, Japanese)."""

LEFT_OUT: tuple[tuple[str, str, str], ...] = (
    ("rounding", "rounding of income to 1,000 yen and of tax to 100 yen (国税通則法 118条, 119条)",
     "所得の千円未満・税額の百円未満の端数処理（国税通則法 118条、119条）"),
    ("per_capita", "住民税 均等割 (the flat per-person levy)", "住民税の均等割"),
    ("minimum_tax", "the 2025 minimum tax on very high incomes (租税特別措置法 41条の19)",
     "2025年からの極めて高い所得に対する追加課税（租税特別措置法 41条の19）"),
    ("credit", "外国税額控除 beyond an outline (credited up to the year's tax)",
     "外国税額控除の詳細（その年の税額までの控除という概略のみ）"),
    ("deductions", "deductions (所得控除) and credits: other_income is taken as taxable income",
     "所得控除と税額控除（other_income を課税所得として扱います）"),
    ("abroad_one_period", "in stress and what-if, the 10% withheld abroad on the horizon's dividends",
     "ストレステストと what-if では、期間中の配当にかかる米国の10%源泉徴収"),
    ("before_2016", "the rules before 2016 (an MMF's redemption gain was then tax-free)",
     "2016年より前の制度（当時は MMF の解約益が非課税）"),
    ("broker", "whether a US-listed derivative bought through your broker is separate or comprehensive: ask your "
               "broker and adviser ([tax] foreign_derivatives)",
     "証券会社経由で買った米国上場デリバティブが申告分離課税か総合課税か: 証券会社と税理士に確認してください"
     "（[tax] foreign_derivatives）"),
)
"""What the model leaves out: (key, English, Japanese)."""


@dataclass(frozen=True)
class CarriedRow:
    """A loss carried forward and the last tax year it can be deducted in (its year + 3)."""

    category: Category
    year: int
    amount: float
    last_year: int

    def as_dict(self) -> dict[str, object]:
        """Plain values (for JSON)."""
        return {"category": self.category.value, "year": self.year, "amount": self.amount,
                "last_year": self.last_year}


@dataclass(frozen=True)
class TaxExplanation:
    """The tax model as it reads one config (see the module docstring).

    Attributes
    ----------
    year : int
    account : AccountType
    file_return, foreign_tax_credit : bool
    foreign_derivatives : ForeignDerivatives
    other_income : float
        Taxable income from other sources, yen.
    placements : tuple of Placement
        Every holding's income, in its category, with its rule and source.
    year_to_date : dict of Category to float
        Net gains realised this year so far (losses negative), yen.
    carried : tuple of CarriedRow
    separate_rate, income_tax_separate, local_tax_separate, surtax : float
        The 申告分離課税 rate and its parts, decimals (0.20315 = 0.15 × 1.021 + 0.05).
    comprehensive_rate, comprehensive_band : float
        The marginal 総合課税 rate at ``other_income`` and its 所得税 band, decimals (0.3042 = 0.20 × 1.021 + 0.10).
    local_tax_comprehensive : float
        住民税 所得割 on 総合課税 income, decimal (0.10).
    """

    year: int
    account: AccountType
    file_return: bool
    foreign_derivatives: ForeignDerivatives
    foreign_tax_credit: bool
    other_income: float
    placements: tuple[Placement, ...]
    year_to_date: dict[Category, float]
    carried: tuple[CarriedRow, ...]
    separate_rate: float
    income_tax_separate: float
    local_tax_separate: float
    surtax: float
    comprehensive_rate: float
    comprehensive_band: float
    local_tax_comprehensive: float

    def as_dict(self) -> dict[str, object]:
        """Every figure and text as plain values (for JSON), the boundary included."""
        return {
            "year": self.year, "account": self.account.value, "file_return": self.file_return,
            "foreign_derivatives": self.foreign_derivatives.value, "foreign_tax_credit": self.foreign_tax_credit,
            "other_income": self.other_income, "placements": [p.as_dict() for p in self.placements],
            "year_to_date": {c.value: v for c, v in self.year_to_date.items()},
            "carried_losses": [r.as_dict() for r in self.carried],
            "rates": {"separate": self.separate_rate, "income_tax_separate": self.income_tax_separate,
                      "local_tax_separate": self.local_tax_separate, "surtax": self.surtax,
                      "comprehensive_marginal": self.comprehensive_rate,
                      "comprehensive_band": self.comprehensive_band,
                      "local_tax_comprehensive": self.local_tax_comprehensive},
            "rules_applied": [{"key": k, "en": en, "ja": ja} for k, en, ja in APPLIED],
            "leaves_out": [{"key": k, "en": en, "ja": ja} for k, en, ja in LEFT_OUT],
        }


def explain(account: Account, settings: TaxSettings) -> TaxExplanation:
    """The tax model as it reads ``account`` and ``settings`` (``settings.year`` set, as in ``Config.tax``).

    Examples
    --------
    >>> from hedgeopt.account.holdings import MMF, Cash, MarginPosition
    >>> acct = Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
    ...                satellite=(MarginPosition("SPX", 3_000_000, 0.06, value_currency="JPY"),))
    >>> e = explain(acct, TaxSettings(year=2026))
    >>> len(e.placements), round(e.separate_rate, 5), round(e.comprehensive_rate, 4)
    (4, 0.20315, 0.3042)
    """
    rules = TaxRules(int(settings.year))
    marginal = rules.comprehensive_rate(settings.other_income)
    carried = tuple(CarriedRow(x.category, x.year, x.amount, x.year + rules.carry_years)
                    for x in sorted(settings.carried_losses, key=_loss_order))
    return TaxExplanation(
        year=rules.year, account=settings.account, file_return=settings.file_return,
        foreign_derivatives=settings.foreign_derivatives, foreign_tax_credit=settings.foreign_tax_credit,
        other_income=settings.other_income, placements=tuple(placements(account, settings)),
        year_to_date={c: settings.ytd(c) for c in Category if c is not Category.NISA}, carried=carried,
        separate_rate=rules.separate_rate, income_tax_separate=rules.income_tax_separate,
        local_tax_separate=rules.local_tax_separate, surtax=rules.surtax, comprehensive_rate=marginal,
        comprehensive_band=(marginal - rules.local_tax_comprehensive) / (1.0 + rules.surtax),
        local_tax_comprehensive=rules.local_tax_comprehensive)


def _loss_order(loss: CarriedLoss) -> tuple[int, str]:
    return loss.year, loss.category.value

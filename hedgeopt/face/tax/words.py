"""After tax in words: category, holding and income names in the language, and the lines under the stress table.

Every sentence comes from :data:`hedgeopt.face.i18n.CATALOGUE`; amounts follow :func:`hedgeopt.face.i18n.money`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from hedgeopt.config.tax_spec import Category
from hedgeopt.face import i18n, names
from hedgeopt.face.i18n import Lang
from hedgeopt.risk.stress import StressResult

_HOLDINGS = (
    (re.compile(r"(?P<name>[A-Z0-9]+) ETF \(NISA\)"), "tax_holding:nisa_etf"),
    (re.compile(r"(?P<name>[A-Z0-9]+) margin ETF"), "tax_holding:margin"),
    (re.compile(r"(?P<name>[A-Z0-9]+) ETF"), "tax_holding:etf"),
    (re.compile(r"(?P<name>\S+) futures"), "tax_holding:futures"),
    (re.compile(r"(?P<name>\S+) options"), "tax_holding:options"),
    (re.compile(r"(?P<name>[A-Z]{3}) cash"), "tax_holding:cash"),
    (re.compile(r"(?P<name>\S+) yen hedge"), "tax_holding:hedge"),
)
"""How :func:`hedgeopt.tax.placements` names a holding, and the catalogue key that says it in the language."""


def category(c: Category | str, lang: Lang | str) -> str:
    """An income category's name (``上場株式等``, ``listed (上場株式等)``)."""
    return i18n.t(f"tax_cat:{Category(c).value}", lang)


def holding(text: str, lang: Lang | str) -> str:
    """A holding as :func:`hedgeopt.tax.placements` names it, in the language (a user's own name unchanged).

    >>> holding("SPX margin ETF", "ja"), holding("USD Treasury MMF", "ja"), holding("gold ETF", "ja")
    ('SPX ETF(信用買い)', '米ドル建て米国債MMF', 'gold ETF')
    """
    if text == i18n.t("holding_mmf_default", Lang.EN):
        return i18n.t("holding_mmf_default", lang)
    for pattern, key in _HOLDINGS:
        found = pattern.fullmatch(text)
        if found:
            return i18n.t(key, lang, name=found["name"])
    return text


def income(kind: str, lang: Lang | str) -> str:
    """A kind of income (``gain``, ``distributions``, ``dividends``, ``exchange gain``) in the language."""
    key = f"tax_income:{kind}"
    return i18n.t(key, lang) if key in i18n.CATALOGUE else kind


def parts(amounts: Mapping[str, float], ccy: str, lang: Lang | str) -> str:
    """``listed 1,400,000 JPY, futures -300,000 JPY``: the categories with an amount that is not 0."""
    return i18n.t("list_sep", lang).join(i18n.t("tax_part", lang, category=category(c, lang),
                                                amount=i18n.money(v, ccy, lang))
                                         for c, v in amounts.items() if round(v) != 0)


def stress_lines(result: StressResult, lang: Lang | str) -> list[str]:
    """The lines under a stress or what-if table: the rule, the worst after-tax loss, the gains it starts from.

    Empty when the result has no tax columns.
    """
    basis, worst = result.tax, result.worst_after_tax()
    if basis is None or worst is None:
        return []
    s = result.summary
    ccy = s.base_currency
    lines = [i18n.t("tax_rule_line", lang, year=basis.year),
             i18n.t("tax_worst_line", lang, scenario=names.scenario_name(str(worst["label"]), lang, s.fx_rates, ccy),
                    amount=i18n.money(float(worst["after_tax"]), ccy, lang), pct=f"{worst['after_tax_pct']:.1%}",
                    pre=i18n.money(float(worst["pnl"]), ccy, lang))]
    if parts(basis.year_to_date, ccy, lang):
        lines.append(i18n.t("tax_ytd_line", lang, parts=parts(basis.year_to_date, ccy, lang)))
    if parts(basis.embedded, ccy, lang):
        lines.append(i18n.t("tax_held_line", lang, parts=parts(basis.embedded, ccy, lang)))
    return lines

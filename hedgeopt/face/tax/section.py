"""The report's after-tax parts: its own section, and the backtest's after-tax line and ledger.

The section gives the answer, every holding's category and the worst scenarios before and after tax; the paths
section gets the backtest's after-tax line and yearly ledger.

The same sentences and tables as ``hedgeopt tax --explain`` and the stress table's after-tax columns
(:mod:`~hedgeopt.face.tax.tables`, :mod:`~hedgeopt.face.tax.words`), on :mod:`hedgeopt.face.web.page`'s tables.
"""

from __future__ import annotations

import html

import pandas as pd

from hedgeopt.config.config import Config
from hedgeopt.face import i18n, names
from hedgeopt.face.i18n import Lang
from hedgeopt.face.render_paths import after_tax_line, ledger_cells
from hedgeopt.face.tax import tables, words
from hedgeopt.face.web.page import table
from hedgeopt.paths.result import PathRun
from hedgeopt.risk.stress import StressResult
from hedgeopt.tax import explain

WORST_SHOWN = 10
"""Scenarios of the before/after table: the worst after tax."""


def worst_rows(result: StressResult, lang: Lang | str, n: int = WORST_SHOWN) -> pd.DataFrame:
    """The ``n`` worst scenarios after tax: P&L before tax, the tax, after tax, both as a share of NAV."""
    s = result.summary
    ccy = s.base_currency
    worst = result.table.nsmallest(n, "after_tax")

    def money(column: str) -> list[str]:
        return [i18n.money(float(x), ccy, lang) for x in worst[column]]

    return pd.DataFrame({
        i18n.t("scenario", lang): [names.scenario_name(str(x), lang, s.fx_rates, ccy) for x in worst["label"]],
        i18n.t("pnl", lang): money("pnl"), i18n.t("pct_nav", lang): [f"{x:.1%}" for x in worst["pnl_pct"]],
        i18n.t("tax", lang): money("tax"), i18n.t("after_tax", lang): money("after_tax"),
        i18n.t("after_tax_pct", lang): [f"{x:.1%}" for x in worst["after_tax_pct"]]})


def tax_html(config: Config, result: StressResult, lang: Lang | str) -> str:
    """The section's HTML (escaped); empty when ``[tax]`` does not apply."""
    if result.tax is None:
        return ""
    lang = Lang(lang)
    e = explain(config.account, config.tax)
    ccy = config.account.base_currency

    def h(tag: str, text: str) -> str:
        return f"<{tag}>{html.escape(text)}</{tag}>"

    headers, rows = tables.placement_rows(e, lang)
    out = [h("h2", i18n.t("report_tax", lang)), *(h("p", line) for line in tables.answer_lines(e, lang)),
           h("h3", i18n.t("tax_placements_title", lang)), table(pd.DataFrame(rows, columns=headers)),
           h("h3", i18n.t("report_tax_worst", lang)), table(worst_rows(result, lang)),
           *(h("p", line) for line in words.stress_lines(result, lang))]
    headers, rows = tables.year_rows(e, ccy, lang)
    out += [h("h3", i18n.t("tax_year_title", lang, ccy=ccy)),
            table(pd.DataFrame(rows, columns=[x[0] if isinstance(x, tuple) else x for x in headers])),
            h("h3", i18n.t("tax_rates_title", lang, year=e.year)),
            table(pd.DataFrame(tables.rate_rows(e, ccy, lang), columns=[i18n.t("figure", lang),
                                                                        i18n.t("value", lang)])),
            h("h3", i18n.t("tax_boundary_title", lang)),
            "<p class='notes'>" + "<br>".join(html.escape(x) for x in tables.boundary_lines(lang)) + "</p>"]
    return "\n".join(out)


def paths_tax_html(pre: PathRun, post: PathRun, ccy: str, lang: Lang | str) -> str:
    """The backtest's after-tax figures beside the pre-tax ones, the rule, and the yearly ledger (HTML, escaped).

    ``post`` is the configured run paying its tax (:func:`hedgeopt.paths.backtest.side_by_side_after_tax`), ``pre``
    the same run before tax; the same sentences and columns as ``hedgeopt backtest`` prints.
    """
    lang = Lang(lang)
    headers, rows, _ = ledger_cells(post.tax.ledger(), ccy, lang)
    columns = [i18n.t("at_year", lang), *(i18n.with_unit(i18n.t(k, lang), unit, lang) for k, unit in headers)]
    return (f"<h3>{html.escape(i18n.t('at_ledger_title', lang))}</h3>"
            f"<p><strong>{html.escape(after_tax_line(pre, post, ccy, lang))}</strong></p>"
            f"<p class='notes'>{html.escape(i18n.t('at_rules', lang, year=post.tax.rules_year))}</p>"
            + table(pd.DataFrame(rows, columns=columns)))

"""The report's routes section: the verdict, what each route holds, and the four tables of ``hedgeopt routes``.

The same rows as the terminal (:mod:`hedgeopt.face.routes.tables`), on :mod:`hedgeopt.face.web.page`'s tables.
"""

from __future__ import annotations

import html

import pandas as pd

from hedgeopt.face import i18n
from hedgeopt.face.i18n import Lang
from hedgeopt.face.routes import tables
from hedgeopt.face.web.page import table
from hedgeopt.routes.compare import RouteComparison


def _frame(rows: tuple[list[str], list[list[str]]]) -> pd.DataFrame:
    headers, body = rows
    return pd.DataFrame(body, columns=headers)


def routes_html(c: RouteComparison, days: int, lang: Lang | str) -> str:
    """The section's HTML (escaped): title, verdict, routes left out, holdings, the tables and their notes."""
    lang = Lang(lang)

    def p(text: str, css: str = "") -> str:
        return f"<p{f' class={css!r}' if css else ''}>{html.escape(text)}</p>"

    title = i18n.t("routes_title", lang, exposure=i18n.money(c.target, c.currency, lang), index=c.index,
                   nav=i18n.money(c.nav, c.currency, lang), cap=f"{c.cap:.0%}")
    parts = [f"<h2>{html.escape(title)}</h2>", *(p(line) for line in tables.verdict(c, lang)),
             *(p(tables.unavailable_line(r, why, lang), "warn") for r, why in c.unavailable.items())]
    if c.routes:
        parts += ["<ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in tables.holds_lines(c, lang)) + "</ul>",
                  f"<h3>{html.escape(i18n.t('routes_costs_title', lang))}</h3>",
                  table(_frame(tables.cost_rows(c, lang))),
                  p(i18n.t("routes_costs_note", lang), "notes"),
                  f"<h3>{html.escape(i18n.t('routes_risks_title', lang))}</h3>",
                  table(_frame(tables.risk_rows(c, lang))), *(p(line) for line in tables.worst_by_lines(c, lang)),
                  table(_frame(tables.upside_rows(c, lang))), p(i18n.t("routes_risks_note", lang, days=days), "notes"),
                  f"<h3>{html.escape(i18n.t('routes_regimes_title', lang))}</h3>",
                  table(_frame(tables.regime_rows(c, lang))), *(p(line) for line in tables.ranking_lines(c, lang))]
    return "\n".join(parts)

"""A batch's report page (``OUT/report.html``): the answer, the book's figures, the scenarios, the accounts."""

from __future__ import annotations

import html

import pandas as pd

from hedgeopt.batch import BatchResult, BatchSummary
from hedgeopt.cluster import Engine
from hedgeopt.face import i18n, names
from hedgeopt.face.batch import tables, words
from hedgeopt.face.i18n import Lang
from hedgeopt.face.web.page import document, table

PAGE_ROWS = 500
"""Accounts listed on the page in each table; every one is in the Parquet parts."""


def _figures(s: BatchSummary, lang: Lang) -> pd.DataFrame:
    figures = [("batch_fig_accounts", f"{s.accounts:,}"), ("batch_fig_answered", f"{s.answered:,}"),
               ("batch_fig_breaking", f"{s.breaking_cap:,}"), ("batch_fig_hedged", f"{s.hedged:,}"),
               ("batch_fig_out", f"{s.out_of_reach:,}"), ("batch_fig_stress", f"{s.named_stress_breaking:,}"),
               ("batch_fig_checks", f"{s.checks_failing:,}"), ("batch_fig_errors", f"{s.errors:,}"),
               ("batch_fig_cost", words.money_by_currency(s.hedge_cost, lang)),
               ("batch_fig_nav", words.money_by_currency(s.nav, lang))]
    return pd.DataFrame({i18n.t("batch_figure", lang): [i18n.t(k, lang) for k, _ in figures],
                         i18n.t("batch_value", lang): [v for _, v in figures]})


def _ranking(ranked: list[tuple[str, int]], lang: Lang) -> pd.DataFrame:
    return pd.DataFrame({i18n.t("scenario", lang): [names.scenario_name(s, lang) for s, _ in ranked],
                         i18n.t("batch_accounts_col", lang): [f"{n:,}" for _, n in ranked]})


def _plain(header: object) -> str:
    return header[0] if isinstance(header, tuple) else str(header)


def _accounts(title: str, headers: list, rows: list[list[str]], n: int, lang: Lang) -> str:
    frame = pd.DataFrame(rows, columns=[_plain(h) for h in headers])
    note = (f"<p class='notes'>{html.escape(i18n.t('batch_page_capped', lang, shown=len(rows), n=n))}</p>"
            if len(rows) < n else "")
    return f"<h2>{html.escape(title)}</h2>\n{table(frame)}\n{note}"


def page_html(result: BatchResult, engine: Engine, lang: Lang) -> str:
    """The whole page, in ``lang``."""
    s = result.summary
    title = i18n.t("batch_title", lang, n=s.accounts)
    status = "fail" if s.breaking_cap or s.errors else "pass"
    lines = "".join(f"<p class='headline'>{html.escape(line)}</p>" for line in words.headline(s, lang))
    body = [f"<header><h1>{html.escape(title)}</h1><p class='meta'>{html.escape(words.run_line(result, engine, lang))}"
            "</p></header>", f"<section class='verdict' data-status='{status}'>{lines}</section>",
            f"<h2>{html.escape(i18n.t('batch_summary_title', lang))}</h2>", table(_figures(s, lang))]
    for key, ranked in (("batch_scenario_rank_worst", s.worst_scenarios),
                        ("batch_scenario_rank_binding", s.binding_scenarios)):
        if ranked:
            body += [f"<h2>{html.escape(i18n.t(key, lang))}</h2>", table(_ranking(ranked, lang))]
    broken = tables.breaking(result.table)
    if not broken.empty:
        headers, rows = tables.breaking_rows(broken.head(PAGE_ROWS), lang)
        body.append(_accounts(i18n.t("batch_breaking_title", lang, shown=len(rows), n=len(broken)), headers, rows,
                              len(broken), lang))
    errors = result.table[result.table["status"] == "error"]
    if not errors.empty:
        headers, rows = tables.error_rows(errors.head(PAGE_ROWS), lang)
        body.append(_accounts(i18n.t("batch_errors_title", lang, shown=len(rows), n=len(errors)), headers, rows,
                              len(errors), lang))
    return document(lang.value, title, "\n".join(body))

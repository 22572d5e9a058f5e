"""A batch on the terminal and in JSON: the answer first, the accounts breaking their cap, the errors, the run.

Rows are built as plain strings (``*_rows``) so that the report page shows the same tables.
"""

from __future__ import annotations

import pandas as pd

from hedgeopt.batch import BatchResult
from hedgeopt.cluster import Engine
from hedgeopt.face import i18n, render
from hedgeopt.face.batch import words
from hedgeopt.face.i18n import Lang
from hedgeopt.face.terminal import console, print_json

SHOWN = 20
"""Accounts listed on the terminal in each table (every one is in the Parquet parts)."""


def breaking(table: pd.DataFrame) -> pd.DataFrame:
    """The answered accounts breaking their cap, worst first (by worst case over cap, then id)."""
    ok = table[(table["status"] == "ok") & table["breaks_cap"].fillna(False).astype(bool)]
    order = (ok["worst_case"] - ok["cap"]).rename("over")
    return ok.assign(over=order).sort_values(["over", "id"], ascending=[False, True], kind="stable")


def _money(values: pd.Series, currencies: pd.Series, lang: Lang) -> tuple[str, list[str]]:
    """A money column: with one currency, its unit in the header and plain cells; else the currency in each cell."""
    kinds = set(currencies)
    if len(kinds) == 1:
        return i18n.money_column([float(v) for v in values.fillna(float("nan"))], kinds.pop(), lang)
    return "", [i18n.money(float(v), str(c), lang) for v, c in zip(values, currencies, strict=True)]


def breaking_rows(frame: pd.DataFrame, lang: Lang) -> tuple[list, list[list[str]]]:
    """Headers and rows of accounts breaking their cap: NAV, cap, worst, hedge cost, worst after it, max leverage."""
    nav_unit, nav = _money(frame["nav"], frame["base_currency"], lang)
    cost_unit, cost = _money(frame["hedge_cost"], frame["base_currency"], lang)
    out = i18n.t("batch_out_of_reach", lang)
    rows = [[str(r.id), nav[k], words.percent(r.cap), words.percent(r.worst_case),
             cost[k] if r.hedge_status == "optimal" else out,
             words.percent(r.hedge_worst_case) if r.hedge_status == "optimal" else "—",
             words.leverage(r.max_leverage)] for k, r in enumerate(frame.itertuples())]
    headers = [i18n.t("batch_account", lang), _header("batch_nav", nav_unit, lang), i18n.t("batch_cap", lang),
               i18n.t("batch_worst_col", lang), _header("batch_hedge_cost", cost_unit, lang),
               i18n.t("batch_after", lang), i18n.t("batch_max_leverage", lang)]
    return headers, rows


def _header(key: str, unit: str, lang: Lang) -> str | tuple[str, str, str]:
    name = i18n.t(key, lang)
    return i18n.with_unit(name, unit, lang) if unit else name


def error_rows(frame: pd.DataFrame, lang: Lang) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the accounts not answered: id, kind (input or internal) and the message."""
    rows = [[str(r["id"]), i18n.t(f"batch_kind_{r['error_kind']}", lang), words.error_text(r, lang)]
            for _, r in frame.iterrows()]
    return [i18n.t("batch_account", lang), i18n.t("batch_kind", lang), i18n.t("batch_error", lang)], rows


def show(result: BatchResult, engine: Engine, files: dict[str, str]) -> None:
    """Print the batch: the answer, the accounts breaking their cap, the errors, where it ran and the files."""
    lang, out = render.language(), console()
    for line in words.headline(result.summary, lang):
        out.print(line, markup=False)
    broken = breaking(result.table)
    if not broken.empty:
        headers, rows = breaking_rows(broken.head(SHOWN), lang)
        title = i18n.t("batch_breaking_title", lang, shown=len(rows), n=len(broken))
        out.print(render.tabulate(title, headers, rows, right_from=1, wrap=[0], priority=[0, 2, 0, 0, 0, 1, 2]))
    errors = result.table[result.table["status"] == "error"]
    if not errors.empty:
        headers, rows = error_rows(errors.head(SHOWN), lang)
        title = i18n.t("batch_errors_title", lang, shown=len(rows), n=len(errors))
        out.print(render.tabulate(title, headers, rows, right_from=3, wrap=[2]))
    out.print(words.run_line(result, engine, lang), markup=False)
    out.print(i18n.t("batch_files", lang, **files), markup=False)


def show_json(result: BatchResult, files: dict[str, str]) -> None:
    """Print the summary and the run's figures as JSON, with the files written."""
    print_json({**result.as_dict(), "files": files})

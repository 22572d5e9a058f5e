"""The program search's evidence as tables (terminal and report) and as JSON.

Three tables follow the verdict: who does the work (nothing, the rules, the program, both, on the same paths), the
crisis replay of the chosen program beside no hedge (one row per window), and the frontier (yearly cost against
the share of paths beyond the cap, for puts, spreads and the best of both, with the cover each program buys).
Each is built once as headers and rows of strings (:func:`work_rows`, :func:`history_rows`,
:func:`frontier_rows`) and printed by :func:`show` or put on the report's page; amounts are one column each under a
header with the unit (万円 in Japanese).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from hedgeopt.face import i18n, paths_words
from hedgeopt.face.i18n import Lang
from hedgeopt.face.program import words
from hedgeopt.face.tables import FitTable
from hedgeopt.face.terminal import console, percent, table
from hedgeopt.program.answer import ProgramAnswer

Header = str | tuple[str, str, str]


def _with_unit(name: str, unit: str, lang: Lang) -> tuple[str, str, str]:
    return i18n.with_unit(name, unit, lang), i18n.with_unit(i18n.short(name, lang), unit, lang), name


def work_rows(answer: ProgramAnswer, base: str, lang: Lang | str) -> tuple[list[Header], list[list[str]]]:
    """Who does the work: one row each for nothing, the rules only, the program only, both (empty: none chosen)."""
    lang, work = Lang(lang), answer.work
    if work.empty:
        return [], []
    unit, cost = i18n.money_column(work["cost_per_year"].tolist(), base, lang)
    cap = words.pct_text(answer.choice.cap)
    rows = [[i18n.t(f"prog_work:{name}", lang), percent(r["p_beyond"]), percent(r["median"]),
             percent(r["worst_5pct"]), cost[n]] for n, (name, r) in enumerate(work.iterrows())]
    headers: list[Header] = [i18n.t("prog_work_row", lang), i18n.t("prog_p_beyond", lang, cap=cap),
                             i18n.t("prog_median", lang), i18n.t("prog_worst5", lang),
                             _with_unit(i18n.t("prog_cost_year", lang), unit, lang)]
    return headers, rows


def history_rows(answer: ProgramAnswer, lang: Lang | str) -> tuple[list[Header], list[list[str]]]:
    """The crisis replay: one row per window, the worst drawdown with no hedge and with the chosen program."""
    lang, hist = Lang(lang), answer.history
    if hist.empty or not len(hist.columns):
        return [], []
    chosen = None if answer.choice.chosen is None else str(answer.choice.chosen["program"])
    labels = ["none"] + ([chosen] if chosen not in (None, "none") else [])
    rows = [[words.window_name(w, lang), *(percent(float(hist.loc[label, w])) for label in labels)]
            for w in hist.columns]
    headers: list[Header] = [i18n.t("prog_window", lang), i18n.t("prog_no_hedge", lang)]
    if len(labels) > 1:
        headers.append(i18n.t("prog_the_program", lang))
    return headers, rows


def frontier_rows(answer: ProgramAnswer, base: str, lang: Lang | str) -> tuple[list[Header], list[list[str]]]:
    """The frontier: family, program (the chosen one marked), cover, cost a year, share beyond the cap, crises.

    The chosen program ends the table on its own row (family ``chosen``) when it is not on the frontier: it must
    also hold the cap through the crises, which the frontier does not ask.
    """
    lang, front = Lang(lang), answer.frontier
    by_label = answer.choice.table.reset_index().set_index("program")
    chosen = None if answer.choice.chosen is None else str(answer.choice.chosen["program"])
    crises = "history_worst" in front
    shown = [(r.family, r.program) for r in front.itertuples()]
    if answer.program is not None and chosen not in set(front["program"]):  # above the lines: shown after them
        shown.append(("chosen", chosen))
    unit, cost = i18n.money_column([float(by_label.loc[label, "cost_per_year"]) for _, label in shown], base, lang)
    rows = []
    for n, (family, label) in enumerate(shown):
        row = by_label.loc[label]
        name = words.program_label(answer.runs.programs[int(row["index"])], lang)
        if label == chosen:
            name += " " + i18n.t("prog_chosen_mark", lang)
        rows.append([i18n.t(f"prog_family:{family}", lang), name,
                     "—" if pd.isna(row["cover"]) else f"{row['cover']:.1f}×", cost[n],
                     percent(float(row["cost_share"]), 2), percent(float(row["p_beyond"])),
                     *([percent(float(row["history_worst"]))] if crises else [])])
    headers: list[Header] = [i18n.t("prog_family", lang), i18n.t("prog_program", lang), i18n.t("prog_cover", lang),
                             _with_unit(i18n.t("prog_cost_year", lang), unit, lang),
                             i18n.t("prog_cost_share", lang),
                             i18n.t("prog_p_beyond", lang, cap=words.pct_text(answer.choice.cap)),
                             *([i18n.t("prog_crises", lang)] if crises else [])]
    return headers, rows


def _fit(title: str, built: tuple[list[Header], list[list[str]]], lang: Lang, **layout: Any) -> FitTable:
    headers, rows = built
    return table(title, headers, rows, lang=lang, **layout)


def show(answer: ProgramAnswer, base: str, lang: Lang | str) -> None:
    """Print the answer first (the verdict and the action with its price), then the evidence and the notes."""
    lang, out = Lang(lang), console()
    n = f"{answer.runs.n_paths:,}"
    out.rule(i18n.t("prog_title", lang))
    for line in words.verdict_lines(answer, base, lang):
        out.print(line, markup=False)
    if not answer.work.empty:
        out.print(_fit(i18n.t("prog_work_title", lang, n=n), work_rows(answer, base, lang), lang))
    if not answer.history.empty:
        out.print(_fit(i18n.t("prog_history_title", lang, cap=words.pct_text(answer.choice.cap)),
                       history_rows(answer, lang), lang))
        out.print(i18n.t("prog_stylised_note", lang), markup=False)
    out.print(_fit(i18n.t("prog_frontier_title", lang, cap=words.pct_text(answer.choice.cap)),
                   frontier_rows(answer, base, lang), lang, right_from=2, priority=[1, 0, 0, 0, 3, 0, 2]))
    out.print(i18n.t("prog_legend", lang), markup=False)
    out.print(searched_line(answer, lang), markup=False)
    for note in answer.notes:
        out.print(f"  • {paths_words.note(note, lang)}", markup=False)


def searched_line(answer: ProgramAnswer, lang: Lang | str) -> str:
    """How many programs on how many paths of how many days, and the seed."""
    paths = answer.runs.paths
    return i18n.t("prog_searched", lang, programs=len(answer.runs.programs) - 1, n=f"{answer.runs.n_paths:,}",
                  distinct=int((answer.choice.table["kind"] != "none").sum()), days=f"{paths.n_days:,}",
                  seed=_seed(answer))


def _seed(answer: ProgramAnswer) -> str:
    name = answer.runs.paths.name
    fields = getattr(name, "fields", {})
    return str(fields.get("seed", "—"))


def _record(row: pd.Series | None) -> dict[str, Any] | None:
    return None if row is None else {k: v for k, v in row.items()}


def payload(answer: ProgramAnswer, base: str, lang: Lang | str) -> dict[str, Any]:
    """Every number the command prints, for ``--json``; the sentences in ``lang``.

    Keys: ``verdict``, ``goal``, ``cap``, ``level``, ``budget`` (base currency a year), ``nav``, ``base_currency``,
    ``n_paths``, ``n_days``, ``n_programs``, ``sentences``, ``chosen`` and ``closest`` (rows of the programs'
    table, with ``words``), ``work`` (by row name), ``history`` (``windows`` and the worst drawdown per window of
    ``none`` and of the chosen program), ``frontier``, ``programs`` (every program's row), ``notes`` and
    ``after_tax`` (the chosen program's yearly cost after tax: ``category``, ``cost``, ``saved``, ``after_tax``,
    ``saved_share``, ``year``; null without).
    """
    lang, c = Lang(lang), answer.choice
    chosen = _record(c.chosen)
    if chosen is not None:
        chosen["words"] = words.program_words(answer.program, lang)
    closest = _record(c.closest)
    closest["words"] = words.program_words(answer.runs.programs[int(c.closest.name)], lang)
    hist = answer.history
    labels = ["none"] + ([str(c.chosen["program"])] if answer.program is not None else [])
    return {
        "verdict": c.verdict, "goal": c.goal, "cap": c.cap, "level": c.level, "budget": c.budget,
        "nav": answer.nav, "base_currency": base, "n_paths": answer.runs.n_paths,
        "n_days": answer.runs.paths.n_days, "n_programs": len(answer.runs.programs),
        "sentences": words.verdict_lines(answer, base, lang),
        "chosen": chosen, "closest": closest,
        "work": {name: row.to_dict() for name, row in answer.work.iterrows()},
        "history": {"windows": list(hist.columns),
                    **{label: hist.loc[label].to_dict() if len(hist.columns) else {} for label in labels}},
        "frontier": answer.frontier.to_dict(orient="records"),
        "programs": c.table.to_dict(orient="records"),
        "notes": [paths_words.note(n, lang) for n in answer.notes],
        "after_tax": None if answer.after_tax is None else answer.after_tax.as_dict(),
    }

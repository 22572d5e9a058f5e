"""The report's section on the standing put as a program: the verdict in sentences, the evidence, the frontier.

The same sentences and tables as ``hedgeopt program`` (:mod:`~hedgeopt.face.program.words`,
:mod:`~hedgeopt.face.program.tables`), on :mod:`hedgeopt.face.web.page`'s tables, with the frontier figure and a
line saying on how many paths the report searched (fewer than the command's default, for speed).
"""

from __future__ import annotations

import html

import pandas as pd

from hedgeopt.face import i18n, paths_words
from hedgeopt.face.i18n import Lang
from hedgeopt.face.program import tables, words
from hedgeopt.face.web.page import table
from hedgeopt.program.answer import ProgramAnswer


def _frame(built: tuple[list, list[list[str]]]) -> pd.DataFrame:
    headers, rows = built
    return pd.DataFrame(rows, columns=[h[0] if isinstance(h, tuple) else h for h in headers])


def program_html(answer: ProgramAnswer, base: str, image: str, lang: Lang | str) -> str:
    """The section's HTML (escaped): title, verdict, who does the work, the crisis replay, the frontier, notes."""
    lang = Lang(lang)

    def h(tag: str, key: str, **fields: object) -> str:
        return f"<{tag}>{html.escape(i18n.t(key, lang, **fields))}</{tag}>"

    cap = words.pct_text(answer.choice.cap)
    items = "".join(f"<li>{html.escape(line)}</li>" for line in words.verdict_lines(answer, base, lang))
    out = [h("h2", "report_program"), f"<section id='program' class='advice'><ul>{items}</ul></section>",
           h("p", "report_program_paths", n=f"{answer.runs.n_paths:,}")]
    if not answer.work.empty:
        out += [h("h3", "prog_work_title", n=f"{answer.runs.n_paths:,}"),
                table(_frame(tables.work_rows(answer, base, lang)))]
    if not answer.history.empty:
        out += [h("h3", "prog_history_title", cap=cap), table(_frame(tables.history_rows(answer, lang))),
                h("p", "prog_stylised_note")]
    out += [h("h3", "prog_frontier_title", cap=cap), table(_frame(tables.frontier_rows(answer, base, lang))), image,
            h("p", "prog_legend"), f"<p class='note'>{html.escape(tables.searched_line(answer, lang))} "
            + html.escape(" ".join(paths_words.note(n, lang) for n in answer.notes)) + "</p>"]
    return "\n".join(out)

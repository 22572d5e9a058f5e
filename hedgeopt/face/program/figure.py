"""The program search's frontier as a figure: yearly cost against P(drawdown > cap), one line per family.

Every program searched is a grey dot; the lines join the programs no cheaper one beats (puts, spreads, the best of
both, from :attr:`ProgramAnswer.frontier <hedgeopt.program.answer.ProgramAnswer.frontier>`); the chosen program is
a star, the target a dotted line. Japanese figures in IPAexGothic with amounts in 万円, as every report figure
(:mod:`hedgeopt.face.figures`).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from hedgeopt.face.figures import _finish, _font, _money_axis
from hedgeopt.face.i18n import Lang, t
from hedgeopt.face.program.words import pct_text, program_label
from hedgeopt.face.terminal import percent
from hedgeopt.program.answer import ProgramAnswer

STYLE = {"put": ("tab:blue", "-", "o"), "spread": ("tab:green", "-", "s"), "best": ("black", "--", None)}
"""Colour, line style and marker of each frontier family."""


def frontier_figure(answer: ProgramAnswer, base_currency: str, lang: Lang | str = Lang.EN) -> Figure:
    """Yearly cost (x, ``base_currency``) against the share of paths beyond the cap (y, %), the chosen one starred.

    Lines carry ``gid`` ``"frontier put"`` / ``"frontier spread"`` / ``"frontier best"``; the star ``"chosen"``.
    """
    lang, c = Lang(lang), answer.choice
    table, cap = c.table, pct_text(c.cap)
    with _font(lang):
        fig, ax = plt.subplots(figsize=(9, 5.6))
        ax.scatter(table["cost_per_year"], table["p_beyond"] * 100, s=12, color="0.75", zorder=1,
                   label=t("fig_prog_all", lang))
        for family, rows in answer.frontier.groupby("family", sort=False):
            colour, style, marker = STYLE[family]
            (line,) = ax.plot(rows["cost_per_year"], rows["p_beyond"] * 100, style, color=colour, marker=marker,
                              drawstyle="steps-post", label=t(f"prog_family:{family}", lang), zorder=2)
            line.set_gid(f"frontier {family}")
        if c.level is not None:
            ax.axhline(c.level * 100, color="tab:red", linestyle=":", label=t("fig_prog_target", lang,
                                                                              level=percent(c.level)))
        if answer.program is not None:
            row = c.chosen
            star = ax.scatter([row["cost_per_year"]], [row["p_beyond"] * 100], marker="*", s=260, color="tab:red",
                              zorder=3, label=t("fig_prog_chosen", lang, program=program_label(answer.program, lang)))
            star.set_gid("chosen")
        unit = _money_axis(ax.xaxis, base_currency, lang)
        ax.set_xlabel(t("fig_prog_cost", lang, unit=unit))
        ax.set_ylabel(t("fig_prog_p", lang, cap=cap))
        ax.set_title(t("fig_prog_title", lang, cap=cap, n=f"{answer.runs.n_paths:,}"))
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper right")
        return _finish(fig)

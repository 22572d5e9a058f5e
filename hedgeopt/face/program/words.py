"""The program search in sentences, in English or Japanese: a program, the verdict and the action, the diagnosis.

Every sentence is built from :class:`~hedgeopt.program.answer.ProgramAnswer`'s numbers through the catalogue
(:data:`hedgeopt.face.i18n.CATALOGUE`, keys ``prog_*``). A program has two names: its words (``XSP 90/80% put
spread, 182-day, sold with 21 days left``) for sentences and a short label (``spread 90/80% 182d/21 x0.5``, the
library's :func:`~hedgeopt.program.grid.program_label` in English) for tables.
"""

from __future__ import annotations

import math

import pandas as pd

from hedgeopt.config.path_settings import HedgeKind, StandingHedge
from hedgeopt.config.tax_spec import Category
from hedgeopt.face import i18n
from hedgeopt.face.i18n import Lang
from hedgeopt.face.terminal import percent
from hedgeopt.program.answer import HISTORY_FIRST, HISTORY_LAST, ProgramAnswer

STYLISED = "stylised"
"""Prefix of the replay windows that are stylised crashes (shown, not held to the cap)."""


def pct_text(x: float) -> str:
    """A strike or a cap as a percentage without trailing zeros (``90%``, ``12.5%``)."""
    return f"{round(x * 100, 6):g}%"


def program_words(program: StandingHedge | None, lang: Lang | str) -> str:
    """A program in words: ``XSP 90% put, 91-day, sold with 21 days left``; no program: ``none``."""
    if program is None or program.kind is HedgeKind.NONE:
        return i18n.t("prog_label_none", lang)
    roll = (i18n.t("prog_roll_sold", lang, days=program.roll_days) if program.roll_days
            else i18n.t("prog_roll_held", lang))
    if program.kind is HedgeKind.PUT:
        return i18n.t("prog_put", lang, symbol=program.symbol, strike=pct_text(program.moneyness),
                      tenor=program.tenor_days, roll=roll)
    return i18n.t("prog_spread", lang, symbol=program.symbol, high=round(program.moneyness * 100),
                  low=round((program.moneyness - program.width) * 100), tenor=program.tenor_days, roll=roll)


def program_label(program: StandingHedge | None, lang: Lang | str) -> str:
    """A program's short label for tables: ``put 90% 91d/21 x0.5`` (``プット 90% 91日/21 ×0.5``)."""
    if program is None or program.kind is HedgeKind.NONE:
        return i18n.t("prog_label_none", lang)
    fields = dict(tenor=program.tenor_days, roll=program.roll_days, coverage=f"{program.coverage:g}")
    if program.kind is HedgeKind.PUT:
        return i18n.t("prog_label_put", lang, strike=pct_text(program.moneyness), **fields)
    return i18n.t("prog_label_spread", lang, high=round(program.moneyness * 100),
                  low=round((program.moneyness - program.width) * 100), **fields)


def window_name(name: str, lang: Lang | str) -> str:
    """A replay window's name: a shipped episode's (``2007-10 GFC bear``) or a stylised crash's, in ``lang``."""
    key = f"prog_window:{name}"
    return i18n.t(key, lang) if key in i18n.CATALOGUE else i18n.named("episode", name, lang)


def contracts_text(contracts: float, lang: Lang | str) -> str:
    """Contracts bought at each roll: "1 contract a roll", "2 contracts a roll", or their mean where it varies.

    NaN (a program that buys nothing within the horizon, such as a 30-day run of a 91-day put): an em dash.
    """
    if pd.isna(contracts):
        return "—"
    whole = round(float(contracts))
    if abs(contracts - whole) < 0.005:
        return i18n.t("prog_contracts_one" if whole == 1 else "prog_contracts", lang, n=f"{whole:,}")
    return i18n.t("prog_contracts_mean", lang, n=f"{contracts:,.2f}")


def cover_text(cover: float) -> str:
    """The cover bought, ``3.1`` (NaN: an em dash)."""
    return "—" if pd.isna(cover) else f"{cover:.1f}"


def history_fact(answer: ProgramAnswer, label: str) -> tuple[float, str] | None:
    """The deepest drawdown of program ``label`` over the shipped (not stylised) windows and that window's name.

    None when the crises were not replayed.
    """
    shipped = [c for c in answer.history.columns if not c.startswith(STYLISED)]
    if not shipped:
        return None
    row = answer.history.loc[label, shipped]
    return float(row.min()), str(row.idxmin())


def _history_line(answer: ProgramAnswer, label: str, lang: Lang) -> str:
    fact = history_fact(answer, label)
    if fact is None:
        return i18n.t("prog_not_replayed", lang)
    worst, window = fact
    cap = answer.choice.cap
    fields = dict(cap=pct_text(cap), first=HISTORY_FIRST[:4], last=HISTORY_LAST[:4], worst=percent(worst),
                  window=window_name(window, lang))
    if worst >= -cap - 1e-12:
        return i18n.t("prog_holds", lang, **fields)
    return i18n.t("prog_misses", lang, gap=percent(-cap - worst), **fields)


def _unhedged(answer: ProgramAnswer) -> pd.Series:
    table = answer.choice.table
    return table[table["kind"] == "none"].iloc[0]


def _replayed(answer: ProgramAnswer) -> bool:
    return history_fact(answer, "none") is not None


def goal_line(answer: ProgramAnswer, base: str, lang: Lang | str) -> str:
    """What was asked: the cheapest under a target (and through the crises), or the safest within a budget."""
    lang, c = Lang(lang), answer.choice
    n = f"{answer.runs.n_paths:,}"
    if c.goal == "budget":
        return i18n.t("prog_goal_budget", lang, budget=i18n.money(c.budget, base, lang), cap=pct_text(c.cap), n=n)
    history = (i18n.t("prog_goal_history", lang, cap=pct_text(c.cap), first=HISTORY_FIRST[:4], last=HISTORY_LAST[:4])
               if _replayed(answer) else "")
    return i18n.t("prog_goal_target", lang, cap=pct_text(c.cap), level=percent(c.level), n=n, history=history)


def carry_line(answer: ProgramAnswer, base: str, lang: Lang | str) -> str:
    """The action with its price: the chosen program, the cover it buys, its cost and what it does on the paths."""
    lang, row = Lang(lang), answer.choice.chosen
    return i18n.t("prog_carry", lang, program=program_words(answer.program, lang),
                  contracts=contracts_text(row["contracts"], lang), cover=cover_text(row["cover"]),
                  coverage=f"{row['coverage']:g}", cost=i18n.money(row["cost_per_year"], base, lang),
                  pct=percent(row["cost_share"], 2), cap=pct_text(answer.choice.cap), p=percent(row["p_beyond"]),
                  n=f"{answer.runs.n_paths:,}", p0=percent(_unhedged(answer)["p_beyond"]),
                  median=percent(row["median"]), worst5=percent(row["worst_5pct"]))


def after_tax_line(answer: ProgramAnswer, base: str, lang: Lang | str) -> str | None:
    """The chosen program's yearly cost after tax, and why (None without the tax model or a program)."""
    cost = answer.after_tax
    if cost is None:
        return None
    lang = Lang(lang)
    category = i18n.t(f"tax_cat:{cost.category.value}", lang)
    if cost.saved > 0:
        why = i18n.t("tax_saves", lang, category=category, saved=i18n.money(cost.saved, base, lang),
                     share=percent(cost.saved_share, 1))
    else:
        why = i18n.t("tax_saves_none_misc" if cost.category is Category.MISC else "tax_saves_none_carry", lang,
                     category=category)
    return i18n.t("prog_after_tax", lang, year=cost.year, after=i18n.money(cost.after_tax, base, lang),
                  why=why)


def verdict_lines(answer: ProgramAnswer, base: str, lang: Lang | str) -> list[str]:
    """The answer first: the goal, then the action and its price, or what is closest and what it would take."""
    lang, c = Lang(lang), answer.choice
    lines = [goal_line(answer, base, lang)]
    if c.verdict == "chosen":
        lines.append(carry_line(answer, base, lang))
        taxed = after_tax_line(answer, base, lang)
        lines += [taxed] if taxed else []
        p, p0 = float(c.chosen["p_beyond"]), float(_unhedged(answer)["p_beyond"])
        if answer.program is not None and p > p0:  # the crises chose it, the paths would not
            lines.append(i18n.t("prog_worse_on_paths", lang, p=percent(p), p0=percent(p0)))
        lines.append(_history_line(answer, str(c.chosen["program"]), lang))
        work = work_line(answer, lang)
        return lines + ([work] if work else [])
    if c.verdict == "none_needed":
        lines.append(i18n.t("prog_none_needed", lang, cap=pct_text(c.cap), p=percent(_unhedged(answer)["p_beyond"]),
                            n=f"{answer.runs.n_paths:,}", level=percent(c.level)))
        return [*lines, _history_line(answer, "none", lang)]
    if c.verdict == "budget_buys_nothing":
        return lines + _budget_diagnosis(answer, base, lang)
    return lines + _target_diagnosis(answer, base, lang)


def _closest_fields(answer: ProgramAnswer, row: pd.Series, base: str, lang: Lang) -> dict[str, str]:
    return dict(program=program_words(answer.runs.programs[int(row.name)], lang), cover=cover_text(row["cover"]),
                cost=i18n.money(row["cost_per_year"], base, lang), p=percent(row["p_beyond"]),
                cap=pct_text(answer.choice.cap))


def _budget_diagnosis(answer: ProgramAnswer, base: str, lang: Lang) -> list[str]:
    """The budget buys nothing: the cheapest program, its cost against the budget, and the budget it takes."""
    c = answer.choice
    row = c.closest
    fields = _closest_fields(answer, row, base, lang)
    ratio = row["cost_per_year"] / c.budget if c.budget > 0 else float("inf")
    ratio_text = "∞" if ratio == float("inf") else f"{ratio:.1f}"
    return [i18n.t("prog_budget_nothing", lang, budget=i18n.money(c.budget, base, lang), ratio=ratio_text, **fields),
            i18n.t("prog_take_budget", lang, cost=fields["cost"], arg=_round_up(row["cost_per_year"], base))]


def _round_up(amount: float, base: str) -> str:
    """A budget that buys ``amount``: rounded up to the next 1,000 yen (10 in other currencies), as typed."""
    step = 1000 if base == "JPY" else 10
    return f"{math.ceil(amount / step) * step:d}"


def _target_diagnosis(answer: ProgramAnswer, base: str, lang: Lang) -> list[str]:
    """No program meets the target: the closest, and the looser target (or what else) that would be met."""
    c, table = answer.choice, answer.choice.table
    history = (i18n.t("prog_unreachable_history", lang, cap=pct_text(c.cap)) if _replayed(answer) else "")
    lines = [i18n.t("prog_unreachable", lang, cap=pct_text(c.cap), level=percent(c.level),
                    n=f"{answer.runs.n_paths:,}", history=history),
             i18n.t("prog_closest", lang, **_closest_fields(answer, c.closest, base, lang))]
    holds = table["history_holds"].astype(bool) if "history_holds" in table else pd.Series(True, index=table.index)
    if holds.any():
        need = float(table.loc[holds, "p_beyond"].min())
        lines.append(i18n.t("prog_take_target", lang, need=percent(need), arg=f"{need:.3f}", cap=pct_text(c.cap)))
        return lines
    hedged = table[table["kind"] != "none"]
    best = hedged["history_worst"].astype(float).idxmax()
    worst, window = history_fact(answer, str(table.loc[best, "program"]))
    lines.append(i18n.t("prog_take_history", lang, cap=pct_text(c.cap), first=HISTORY_FIRST[:4], last=HISTORY_LAST[:4],
                        program=program_words(answer.runs.programs[int(best)], lang), worst=percent(worst),
                        window=window_name(window, lang)))
    return lines


def work_line(answer: ProgramAnswer, lang: Lang | str) -> str | None:
    """Who does the work, in one sentence: the share beyond the cap with neither, the rules, the program, both."""
    work = answer.work
    if work.empty:
        return None
    p = {name: percent(float(work.loc[name, "p_beyond"])) for name in work.index}
    cap = pct_text(answer.choice.cap)
    if "rules only" in p:
        return i18n.t("prog_work_rules", lang, cap=cap, nothing=p["nothing"], rules=p["rules only"],
                      program=p["program only"], both=p["program + rules"])
    return i18n.t("prog_work_plain", lang, cap=cap, nothing=p["nothing"], program=p["program only"])


def advise_line(answer: ProgramAnswer, base: str, lang: Lang | str) -> str:
    """One sentence for ``hedgeopt advise``: the program a quick search picks (or none needed, or the closest)."""
    lang, c = Lang(lang), answer.choice
    cap, p0 = pct_text(c.cap), percent(_unhedged(answer)["p_beyond"])
    if c.verdict == "chosen":
        row = c.chosen
        what = i18n.t("prog_advise_chosen", lang, program=program_words(answer.program, lang),
                      cover=cover_text(row["cover"]), cost=i18n.money(row["cost_per_year"], base, lang), cap=cap,
                      p=percent(row["p_beyond"]), p0=p0)
    elif c.verdict == "none_needed":
        what = i18n.t("prog_advise_none", lang, cap=cap, p=p0)
    else:
        fields = _closest_fields(answer, c.closest, base, lang)
        what = i18n.t("prog_advise_unreachable", lang, level=percent(c.level or 0.0),
                      **{k: v for k, v in fields.items() if k != "cover"})
    return i18n.t("prog_advise", lang, n=f"{answer.runs.n_paths:,}", what=what)

"""The sentences of a batch's answer, in English or Japanese, shared by the terminal and the report page."""

from __future__ import annotations

import json
import math

import pandas as pd

from hedgeopt.batch import BatchResult, BatchSummary
from hedgeopt.cluster import Engine
from hedgeopt.face import errors_ja, i18n, names
from hedgeopt.face.i18n import Lang


def money_by_currency(amounts: dict[str, float], lang: Lang) -> str:
    """``9,273,069 JPY + 1,200.00 USD`` (every base currency of the book), or a zero in JPY."""
    if not amounts:
        return i18n.money(0.0, "JPY", lang)
    return " + ".join(i18n.money(v, c, lang) for c, v in sorted(amounts.items()))


def headline(s: BatchSummary, lang: Lang) -> list[str]:
    """The answer: how many break their cap and what restores them, then the stress, the checks, the scenarios."""
    if s.answered == 0:
        return [i18n.t("batch_none_answered", lang, errors=s.errors)]
    lines = [i18n.t("batch_none_breaking", lang, accounts=s.answered) if s.breaking_cap == 0 else
             i18n.t("batch_answer", lang, breaking=s.breaking_cap, accounts=s.answered, hedged=s.hedged,
                    cost=money_by_currency(s.hedge_cost, lang), out=s.out_of_reach)]
    lines.append(i18n.t("batch_stress", lang, n=s.named_stress_breaking))
    lines.append(i18n.t("batch_checks", lang, n=s.checks_failing, errors=s.errors))
    if s.worst_scenarios:
        label, n = s.worst_scenarios[0]
        lines.append(i18n.t("batch_worst", lang, label=names.scenario_name(label, lang), n=n))
    if s.binding_scenarios:
        label, n = s.binding_scenarios[0]
        lines.append(i18n.t("batch_binding", lang, label=names.scenario_name(label, lang), n=n))
    return lines


def engine_words(engine: Engine, lang: Lang) -> str:
    """Where it ran, in ``lang``."""
    if engine.serial:
        return i18n.t("batch_engine_serial", lang)
    if engine.scheduler is not None:
        return i18n.t("batch_engine_remote", lang, address=engine.scheduler)
    return i18n.t("batch_engine_local", lang, n=engine.local_workers)


def run_line(result: BatchResult, engine: Engine, lang: Lang) -> str:
    """What this run did: where, how many answered and in how long, how many found on disk."""
    return i18n.t("batch_ran", lang, engine=engine_words(engine, lang), computed=result.computed,
                  seconds=f"{result.seconds:,.1f}", reused=result.reused, out=result.out)


def error_text(row: pd.Series, lang: Lang) -> str:
    """An error row's message in ``lang`` (an input error rebuilt from its parts; anything else as stored)."""
    if lang is not Lang.JA:
        return str(row["error"])
    parts = row.get("error_parts")
    if isinstance(parts, str) and parts:
        p = json.loads(parts)
        return errors_ja.input_line(p["field"], p["value"], p["expected"], p["hint"])
    text = str(row["error"])
    return errors_ja.translate(text) or i18n.t("batch_error_original", lang, text=text)


def percent(x: object) -> str:
    """A fraction of NAV as ``24.6%``, or ``—`` when blank."""
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{float(x) * 100:.1f}%"


def leverage(x: object) -> str:
    """A leverage as ``1.3x``, or ``—`` when blank."""
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{float(x):.1f}x"

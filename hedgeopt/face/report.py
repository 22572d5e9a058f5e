"""The report: one self-contained ``report.html`` (figures embedded, no network needed) plus the PNG files.

A page people read on any screen (:mod:`hedgeopt.face.web.page`: viewport for phones, numbers right-aligned and never
broken, tables that scroll sideways). The header says when it was generated (ISO, with the time zone), by which
hedgeopt version, on which config and market. The verdict comes first: the five checks in one coloured line and
the headline numbers (the unhedged worst case against the cap, the cheapest hedge, its cost and the worst case
it leaves). Then the evidence: the account summary, the stress table (and, for a yen account with ``[tax]``, the
after-tax section: every holding's income category with its rule, the worst scenarios before and after tax, the rates
and the model's boundary), the cheapest hedge in whole contracts with its verification, puts vs spreads, the largest
leverage and four figures, each with a caption: account P&L against the index move for the currency unchanged, down
and up (unhedged and with the chosen hedge; the cap and the scenario that sets the worst case drawn), heatmaps over
index × FX without and with the hedge, the cost-versus-cap frontier of the problem solved (whole contracts), and the
P&L decomposition of the named historical episodes; the four routes to the account's exposure (margin, futures,
calls, the ETF outright) side by side, today and under the rate regimes
(:func:`hedgeopt.routes.compare.compare_routes`); when the hedge holds yen hedges, its yen leg (dollars held, sold
and insured, carry a year, margin, the MMF's yield net of the hedge) and a figure of the account's P&L against the
dollar's move. Then the account through S&P 500 history (2007–2009 by default): NAV and drawdown of the variants with
the rule triggers marked, the side-by-side table, the triggers, and the data's sources and proxies. Then the standing
put as a rolled program (:func:`hedgeopt.program.answer.program_answer` on :data:`PROGRAM_PATHS` paths, fewer than
the command's default, for speed, and said so): the chosen program and its price, who does the work, the crisis
replay and the frontier with its figure. The five checks in full close the page.
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from hedgeopt.account.pnl import COMPONENTS
from hedgeopt.advice import Advice, advise
from hedgeopt.config.config import Config
from hedgeopt.face import figure_data, figures, i18n, names, paths_words, render, render_advice
from hedgeopt.face.i18n import Lang
from hedgeopt.face.market import section as market_section
from hedgeopt.face.market.figure import smile_figure
from hedgeopt.face.program.figure import frontier_figure as program_figure
from hedgeopt.face.program.section import program_html
from hedgeopt.face.routes.section import routes_html
from hedgeopt.face.tax.section import paths_tax_html, tax_html
from hedgeopt.face.web.page import document
from hedgeopt.face.web.page import table as _table
from hedgeopt.face.yen.tables import leg_rows
from hedgeopt.files import atomic_folder, check_out
from hedgeopt.optimizer import hedging
from hedgeopt.optimizer.result import HedgeResult
from hedgeopt.paths.backtest import fx_hedge_of, history_paths, side_by_side_after_tax
from hedgeopt.paths.replay import hedged_pnl, replay_options
from hedgeopt.paths.result import PathRun
from hedgeopt.program.answer import ProgramAnswer, program_answer
from hedgeopt.risk.checklist import Checklist, Status
from hedgeopt.routes.compare import compare_routes
from pricing import InfeasibleHedgeError, InputError
from scenarios import episode, historical_episodes

REPORT_CAPS = (0.08, 0.10, 0.12, 0.15, 0.20, 0.25, 0.30)
"""Caps of the report's frontier figure (fractions of NAV), with the report's own cap added."""

REPORT_HTML = "report.html"
"""The report's page, in its folder beside the figures."""

REPORT_FILES = (REPORT_HTML, "*.png")
"""What a report folder holds: an existing folder holding anything else is never replaced (nor deleted)."""

BACKTEST_WINDOW = ("2007-01-01", "2009-12-31")
"""Default history window of the report's paths section (ISO dates, inclusive)."""
REPLAY_EPISODE = "2007-10 GFC bear"
"""The episode whose recorded path the chosen hedge is replayed on, beside what the one-period answer claims."""

PATHS_FIGURE = "paths_nav_drawdown.png"
YEN_FIGURE = "yen_leg.png"
"""The yen leg's figure (:func:`hedgeopt.face.figures.yen_leg_figure`), written when the hedge holds yen hedges."""
PROGRAM_FIGURE = "program_frontier.png"
"""The standing-put programs' frontier (:func:`hedgeopt.face.program.figure.frontier_figure`)."""
PROGRAM_PATHS = 1_000
"""Monte Carlo paths of the report's program search (``hedgeopt program`` defaults to ``[paths] n_paths``)."""
_EVENTS_SHOWN = 30
_PERCENT = ("cagr", "vol", "max_drawdown")
_SIDE_BY_SIDE = ("cagr", "vol", "sharpe", "max_drawdown", "calmar", "shortfall_days", "liquidations",
                 "survival_days", "events", "total_costs", "final_nav")
_COSTS = ("cost_funding", "cost_premiums", "cost_commissions", "cost_fx_conversion", "cost_roll", "cost_fx_spread",
          "cost_fx_carry", "cost_fx_commission", "total_costs")

@dataclass(frozen=True)
class Report:
    """Where the report went: the HTML file and the PNG figures."""

    html: Path
    figures: tuple[Path, ...]


def _stress_rows(table: pd.DataFrame, lang: Lang, ccy: str, fx: Mapping[str, float]) -> pd.DataFrame:
    """The stress rows for people: names, amounts and P&L (percent of NAV) in the language.

    ``fx`` holds today's rates (base currency per unit) so that a currency move reads with its levels.
    """
    out = pd.DataFrame({i18n.t("scenario", lang): [names.scenario_name(x, lang, fx, ccy) for x in table["label"]],
                        i18n.t("days", lang): table["horizon_days"]})
    for part in (*COMPONENTS, "pnl"):
        out[i18n.t(part, lang)] = [i18n.money(x, ccy, lang) for x in table[part]]
    out[i18n.t("pct_nav", lang)] = [f"{x:.1%}" for x in table["pnl_pct"]]
    return out


def _comparison_rows(table: pd.DataFrame, lang: Lang, ccy: str) -> pd.DataFrame:
    """Puts / spreads / mix for people: money in the language's format, losses as percentages of NAV."""
    def pct(x: float) -> str:
        return "" if pd.isna(x) else f"{x:.2%}"

    return pd.DataFrame({
        i18n.t("family", lang): [i18n.family(f, lang) for f in table["family"]],
        i18n.t("status", lang): [i18n.t(f"status_{s}", lang) for s in table["status"]],
        i18n.t("cost", lang): ["" if pd.isna(x) else i18n.money(x, ccy, lang) for x in table["cost"]],
        i18n.t("pct_nav", lang): [pct(x) for x in table["cost_pct"]],
        i18n.t("worst_case", lang): [pct(x) for x in table["worst_case_after"]],
        i18n.t("contracts", lang): [f"{x:g}" for x in table["contracts"]]})


def _png(fig: plt.Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return buffer.getvalue()


def _place(out: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` (name -> bytes) as the folder ``out``, whole.

    Built in a hidden temporary sibling and swapped in for the previous report (:func:`hedgeopt.files.atomic_folder`);
    a failure or Ctrl-C leaves the previous one as it was.
    """
    with atomic_folder(out, REPORT_FILES) as tmp:
        for name, data in files.items():
            (tmp / name).write_bytes(data)


def _hedge_html(r: HedgeResult, lang: Lang) -> str:
    def m(x: float) -> str:
        return i18n.money(x, r.base_currency, lang)

    if not r.optimal:
        d = r.diagnosis
        text = i18n.t("report_infeasible", lang, cap=f"{d.get('min_achievable_cap', float('nan')):.2%}",
                      scenario=names.scenario_name(str(d.get("limiting_scenario")), lang))
        figures = {"longest": d.get("longest_expiry_days"), "window": d.get("limiting_window_days"),
                   "scenario": names.scenario_name(str(d.get("limiting_scenario")), lang)}
        remedies = "".join("<li>" + html.escape(i18n.t(f"remedy_{k}", lang, **figures)) + "</li>"
                           for k in d.get("remedies", ()))
        return (f"<p class='fail'>{html.escape(text)}</p><p>{html.escape(i18n.t('what_would_hold', lang))}</p>"
                f"<ul>{remedies}</ul>")
    v = r.verification
    line = i18n.t("report_hedge_line", lang, cost=m(r.cost), pct=f"{r.cost_pct:.2%}",
                  before=f"{r.worst_case_before:.1%}", after=f"{r.worst_case_after:.1%}",
                  cont=m(r.continuous_cost if r.continuous_cost is not None else r.cost), shadow=m(r.shadow_price or 0))
    positions = pd.DataFrame({
        i18n.t("instrument", lang): [names.instrument_name(p.instrument.label, lang) for p in r.positions],
        i18n.t("contracts", lang): [render.quantity(p) for p in r.positions],
        i18n.t("model_per_contract", lang): [m(p.model_per_contract) for p in r.positions],
        i18n.t("quoted_per_contract", lang): [m(p.quoted_per_contract) for p in r.positions],
        i18n.t("commission_per_contract", lang): [m(p.commission_per_contract) for p in r.positions],
        i18n.t("cost_per_contract", lang): [m(p.cost_per_contract) for p in r.positions],
        i18n.t("cost", lang): [m(p.cost) for p in r.positions]})
    out = _table(positions) + f"<p>{html.escape(line)}</p>"
    if r.positions:
        out += f"<p>{html.escape(i18n.t('costs_note', lang))}</p>"
    if any(p.cost_basis == "carry" for p in r.positions):
        out += f"<p>{html.escape(i18n.t('carry_note', lang))}</p>"
    if v is not None:
        verdict = i18n.t("passed" if v.passed else "failed", lang)
        out += "<p>" + html.escape(i18n.t("report_verified", lang, n=v.n_scenarios, nq=v.n_reference,
                                          sample=render.sample_words(v.sample, lang),
                                          worst=f"{v.worst_case_reference:.3%}",
                                          diff=f"{v.max_abs_diff:.2e} {r.base_currency}",
                                          tol=f"{v.tolerance:.2e} {r.base_currency}", verdict=verdict)) + "</p>"
    return out


def _yen_html(advice: Advice, image: str, lang: Lang) -> str:
    """The hedge's yen leg: its figures (:func:`hedgeopt.face.yen.tables.leg_rows`) and its figure."""
    rows = leg_rows(advice.yen, advice.base_currency, lang)
    frame = pd.DataFrame(rows, columns=[i18n.t("figure", lang), i18n.t("value", lang)])
    return f"<h3>{html.escape(i18n.t('report_yen_leg', lang))}</h3>{_table(frame)}{image}"


def _replay_html(config: Config, r: HedgeResult, lang: Lang) -> str:
    """The chosen hedge replayed on the recorded path of :data:`REPLAY_EPISODE` beside the one-period claim."""
    if not r.optimal:
        return ""
    ep = episode(REPLAY_EPISODE)
    try:
        paths = history_paths(config, ep.start, ep.end)
    except InputError as error:
        return f"<p class='warn'>{html.escape(i18n.t('report_paths_skipped', lang, error=str(error)))}</p>"
    options = [o for o in figure_data.hedge_options(r) if config.market.fx_pair(o[0].spec.underlying) is None]
    nav = config.account.nav(config.market)
    scenario = historical_episodes(REPLAY_EPISODE)
    claim = hedged_pnl(config.account, config.market, scenario, options)[0] / nav
    base = hedged_pnl(config.account, config.market, scenario, [])[0] / nav
    replay = replay_options(config.account, config.market, paths, options)
    s = replay.summary()
    line = i18n.t("report_replay_line", lang, claim=f"{claim:.1%}", base=f"{base:.1%}",
                  end=f"{s['end_pnl_hedged']:.1%}", end_base=f"{s['end_pnl']:.1%}",
                  dd=f"{s['max_drawdown_hedged']:.1%}", dd_base=f"{s['max_drawdown']:.1%}")
    title = i18n.t("report_replay", lang, episode=names.scenario_name(REPLAY_EPISODE, lang))
    notes = [paths_words.note(n, lang) for n in replay.notes]
    if len(options) < len(r.positions):  # the recorded path replays index options; the yen hedges stay out
        notes.append(i18n.t("report_replay_index_only", lang))
    return (f"<h3>{html.escape(title)}</h3><p>{html.escape(line)}"
            f"</p><p class='note'>{html.escape(' '.join(notes))}</p>")


def _path_cell(key: str, value: float, lang: Lang, ccy: str) -> str:
    """One figure of the side-by-side table: percentages, ratios, counts or money in the language's format."""
    if not math.isfinite(value):
        return "∞" if value > 0 else "—"
    if key in _PERCENT:
        return f"{value:.1%}"
    if key in ("sharpe", "calmar"):
        return f"{value:.2f}"
    if key == "survival_days":
        return f"{value:,.1f}"
    if key in ("total_costs", "final_nav") or key.startswith("cost_"):
        return i18n.money(value, ccy, lang)
    return f"{value:,.0f}"


def _path_rows(frame: pd.DataFrame, keys: tuple[str, ...], lang: Lang, ccy: str) -> pd.DataFrame:
    """Variants (rows) by ``keys`` of the side-by-side frame, formatted for people."""
    label = {"cost_funding": "funding"}
    out = pd.DataFrame({i18n.t("variant", lang): [i18n.named("variant", name, lang) for name in frame.index]})
    for key in keys:
        out[i18n.t(label.get(key, f"bt_{key}"), lang)] = [_path_cell(key, float(x), lang, ccy) for x in frame[key]]
    return out


def _events_html(run: PathRun, lang: Lang, ccy: str) -> str:
    """The rule triggers of ``run`` (option rolls counted, not listed), the first :data:`_EVENTS_SHOWN`."""
    ev = run.events[run.events["event"] != "roll"]
    rolls = int((run.events["event"] == "roll").sum())
    out = "" if ev.empty else _table(pd.DataFrame({
        **({i18n.t("bt_path", lang): [paths_words.path_label(p, lang) for p in ev["path"]]}
           if run.paths.n_paths > 1 else {}),
        i18n.t("bt_date", lang): [str(pd.Timestamp(d).date()) for d in ev["date"]],
        i18n.t("bt_event", lang): [i18n.t(f"bt_{e}", lang) for e in ev["event"]],
        i18n.t("bt_reason", lang): [paths_words.event_reason(r, ccy, lang) for r in ev.to_dict(orient="records")],
        i18n.t("bt_before", lang): [i18n.money(x, ccy, lang) for x in ev["exposure_before"]],
        i18n.t("bt_after", lang): [i18n.money(x, ccy, lang) for x in ev["exposure_after"]],
        i18n.t("bt_traded", lang): [i18n.money(x, ccy, lang) for x in ev["traded"]]}).head(_EVENTS_SHOWN))
    lines = [i18n.t("no_events", lang)] if ev.empty else []
    if len(ev) > _EVENTS_SHOWN:
        lines.append(i18n.t("report_paths_more", lang, n=f"{len(ev) - _EVENTS_SHOWN:,}"))
    if rolls:
        lines.append(i18n.t("report_paths_rolls", lang, n=rolls))
    bought = paths_words.cover_text(run, ccy, lang)
    if bought is not None:
        lines.append(bought[0].upper() + bought[1:] + ("。" if lang is Lang.JA else "."))
    return out + "".join(f"<p>{html.escape(line)}</p>" for line in lines)


def _paths_html(config: Config, frame: pd.DataFrame, runs: dict[str, PathRun], taxed: PathRun | None, image: str,
                lang: Lang) -> str:
    """The paths section: title, what ran, the figure, the sources and proxies, the tables, the triggers, after tax.

    ``taxed`` is the configured run paying its tax (None without the Japanese tax model).
    """
    main, ccy = next(iter(runs.values())), config.account.base_currency
    paths = main.paths
    notes = "".join(f"<li>{html.escape(paths_words.note(note, lang))}</li>" for note in paths.notes)
    rules = config.rules if config.rules.active else None
    line = i18n.t("report_paths_line", lang, name=paths_words.note(paths.name, lang), n=paths.n_days,
                  rules=paths_words.rules_text(rules, lang), hedge=paths_words.hedge_text(config.paths.hedge, lang))
    fx_hedge = fx_hedge_of(config)
    if fx_hedge is not None:
        line += " " + i18n.t("paths_fx_hedge", lang, hedge=paths_words.fx_hedge_text(fx_hedge, lang)) + (
            "。" if lang is Lang.JA else ".")
        if paths_words.fx_is_proxy(paths):
            line += " " + i18n.t("paths_fx_proxy", lang)
    title = i18n.t("report_paths", lang, start=paths.dates[0].year, end=paths.dates[-1].year)

    def h3(key: str) -> str:
        return f"<h3>{html.escape(i18n.t(key, lang))}</h3>"

    return (f"<h2>{html.escape(title)}</h2><p>{html.escape(line)}</p>\n{image}\n"
            f"{h3('paths_sources')}<ul class='notes'>{notes}</ul>\n"
            f"{h3('side_by_side')}{_table(_path_rows(frame, _SIDE_BY_SIDE, lang, ccy))}\n"
            f"{h3('report_paths_costs')}{_table(_path_rows(frame, _COSTS, lang, ccy))}\n"
            f"{h3('events_title')}{_events_html(main, lang, ccy)}"
            + ("" if taxed is None else "\n" + paths_tax_html(main, taxed, ccy, lang)))


def _version() -> str:
    """The installed hedgeopt's version (package metadata), or a word saying it is not installed."""
    try:
        return metadata.version("hedgeopt")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "(not installed)"


def _header_html(config: Config, generated: datetime, lang: Lang) -> str:
    """Title, then when, by which version, from which config and on which market the report was made."""
    def t(key: str) -> str:
        return html.escape(i18n.t(key, lang))

    stamp = generated.isoformat(timespec="seconds")
    meta = (f"<span>{t('report_generated')}: <time datetime='{stamp}'>{stamp}</time></span> · "
            f"<span>hedgeopt {html.escape(_version())}</span> · "
            f"<span>{t('report_config')}: {html.escape(Path(config.source).name)}</span> · "
            f"<span>{t('report_market')}:</span> {html.escape(names.market_label(config.market.label, lang))}")
    warning = f"<p class='warn'>{t('market_illustrative')}</p>" if config.market.illustrative else ""
    date = html.escape(i18n.t("report_valuation_date", lang, date=config.market.valuation_date))
    found = market_section.findings_html(config.snapshot, lang)
    return (f"<header><h1>{t('report_title')}</h1><p class='meta'>{meta} · <span>{date}</span></p>{warning}"
            f"{found}</header>")


def _checks_line(checks: Checklist, lang: Lang) -> tuple[Status, str]:
    """The worst status of the five checks and one sentence counting them."""
    count = {s: sum(c.status is s for c in checks.checks) for s in Status}
    worst = next((s for s in (Status.FAIL, Status.WARN) if count[s]), Status.PASS)
    line = (i18n.t("report_checks_line", lang, fail=count[Status.FAIL], warn=count[Status.WARN],
                   ok=count[Status.PASS]) + ("" if lang is Lang.JA else " ")  # Japanese sentences join unspaced
            + i18n.t("all_pass" if checks.passed else "some_fail", lang))
    return worst, line


def _headline_rows(loss: float, scenario: str, r: HedgeResult, cap: float, lang: Lang) -> pd.DataFrame:
    """The headline numbers: the unhedged worst case against the cap, the cheapest hedge and what it leaves.

    Parameters
    ----------
    loss : float
        The unhedged worst case of the stress table, fraction of NAV (positive = a loss).
    scenario : str
        Its scenario's name, in ``lang``.
    r : HedgeResult
        The cheapest whole-contract hedge at ``cap``.
    cap : float
        Worst-case loss cap, fraction of NAV.
    """
    def t(key: str, **fields: object) -> str:
        return i18n.t(key, lang, **fields)

    def against_cap(loss: float) -> str:
        return t("report_over_cap", gap=f"{(loss - cap) * 100:.1f}") if loss > cap else t("report_within_cap")

    rows = [(t("report_worst_unhedged"), f"{loss:.1%}", scenario),
            (t("report_loss_cap"), f"{cap:.1%}".replace(".0%", "%"), against_cap(loss))]
    if not r.optimal:
        d = r.diagnosis
        least = f"{d.get('min_achievable_cap', float('nan')):.2%}"
        rows.append((t("report_hedge_cost"), "—",
                     t("report_infeasible", cap=least, scenario=names.scenario_name(str(d.get("limiting_scenario")),
                                                                                    lang))))
    else:
        held = ", ".join(f"{p.quantity:g} × {names.instrument_name(p.instrument.label, lang)}"
                         for p in r.positions) or t("no_hedge")
        rows += [(t("report_hedge_cost"), i18n.money(r.cost, r.base_currency, lang),
                  t("report_hedge_what", positions=held, pct=f"{r.cost_pct:.2%}")),
                 (t("report_worst_hedged"), f"{r.worst_case_after:.1%}", against_cap(r.worst_case_after))]
    return pd.DataFrame(rows, columns=[t("figure"), t("value"), t("report_note")])


def _verdict_html(checks: Checklist, loss: float, scenario: str, r: HedgeResult, cap: float, lang: Lang) -> str:
    """The verdict at the top of the page: the five checks in one coloured line, then the headline numbers.

    ``loss`` is the unhedged worst case (fraction of NAV, positive = a loss) and ``scenario`` its name in ``lang``.
    """
    status, line = _checks_line(checks, lang)
    return (f"<section id='verdict' class='verdict' data-status='{status.value}'>"
            f"<h2>{html.escape(i18n.t('report_verdict', lang))}</h2>"
            f"<p class='headline {status.value}'>{html.escape(line)}</p>"
            f"{_table(_headline_rows(loss, scenario, r, cap, lang))}</section>")


def _advice_html(advice: Advice, fx: Mapping[str, float], lang: Lang) -> str:
    """What to do, in sentences (the terminal's verdict), and each way to the cap with its price."""
    with render.speaking(lang):
        lines = render_advice.verdict_lines(advice, dict(fx), checks=False)
        headers, rows = render_advice.ways_rows(advice) if advice.alternatives else ([], [])
        title = i18n.t("ways_title", lang, cap=f"{advice.cap:.0%}")
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    ways = "" if not rows else (f"<h3>{html.escape(title)}</h3>"
                                + _table(pd.DataFrame(rows, columns=[h[0] if isinstance(h, tuple) else h
                                                                     for h in headers])))
    return f"<section id='advice' class='advice'><ul>{items}</ul>{ways}</section>"


def _checklist_html(checks: Checklist, lang: Lang) -> str:
    """The five checks in full: number, name, result (coloured) and the figures behind it."""
    names = {"exposure": "exposure_check"}
    frame = pd.DataFrame({"#": [c.number for c in checks.checks],
                          i18n.t("check", lang): [i18n.t(names.get(c.name, c.name), lang) for c in checks.checks],
                          i18n.t("result", lang): [i18n.t(c.status.value, lang) for c in checks.checks],
                          i18n.t("numbers", lang): [render.check_detail(c, lang) for c in checks.checks]})
    return _table(frame, classes={i18n.t("result", lang): [c.status.value for c in checks.checks]})


def _program(config: Config, cap: float, n_paths: int | None) -> ProgramAnswer | str | None:
    """The program search for the report on ``n_paths`` paths; None when left out, the reason when it cannot run."""
    if n_paths is None:
        return None
    try:
        return program_answer(config, cap=cap, n_paths=n_paths)
    except InputError as error:  # an account the paths cannot carry: a line, not a failure
        return str(error)


def _program_section(program: ProgramAnswer | str | None, ccy: str, image: str, lang: Lang) -> str:
    """The program section (:func:`~hedgeopt.face.program.section.program_html`) or why it could not run."""
    if program is None:
        return ""
    if isinstance(program, ProgramAnswer):
        return program_html(program, ccy, image, lang)
    return (f"<h2>{html.escape(i18n.t('report_program', lang))}</h2><p class='warn'>"
            f"{html.escape(i18n.t('report_program_skipped', lang, error=program))}</p>")


def write_report(config: Config, out_dir: str | Path, *, cap: float | None = None,
                 lang: Lang | str = Lang.EN, backtest_window: tuple[str, str] | None = BACKTEST_WINDOW,
                 generated: datetime | None = None, program_paths: int | None = PROGRAM_PATHS) -> Report:
    """Run the analyses on ``config`` and write ``report.html`` and the figures into ``out_dir``.

    Parameters
    ----------
    config : Config
    out_dir : str or Path
        The report's folder: new, empty or a previous report (only ``report.html`` and PNG files), which is
        replaced whole; its parent must exist. Checked before any work; the new folder is built in a hidden
        temporary sibling once everything is computed and swapped in (:func:`hedgeopt.files.atomic_folder`), so a
        failure or Ctrl-C leaves the previous report as it was and nothing else behind.
    cap : float, optional
        Worst-case loss cap, fraction of NAV; default ``[risk] cap``.
    lang : {"en", "ja"}, default "en"
        Language of the text, the figures and the amounts (万円 in Japanese).
    backtest_window : (str, str) or None, default ("2007-01-01", "2009-12-31")
        First and last date (ISO, inclusive) of the S&P 500 history the account is replayed on, as configured
        and with one change at a time (:func:`hedgeopt.paths.backtest.side_by_side_after_tax`: for a yen account
        also as configured paying its tax, with the yearly ledger); the drawdown panel draws ``cap``.
        None leaves the section out. An account the history cannot carry (such as a USD base) gets a line
        saying why instead of the section.
    generated : datetime, optional
        The generation time the header shows (ISO 8601 with its UTC offset); default now, in the machine's time
        zone. Must carry a time zone.
    program_paths : int or None, default :data:`PROGRAM_PATHS` (1,000)
        Monte Carlo paths of the standing-put program search (with the crisis replay); None leaves the section
        out.

    Raises
    ------
    InputError
        A folder :func:`hedgeopt.files.check_out` refuses (no parent, a file, a link, a folder holding other
        files), or a ``generated`` time without a time zone.
    """
    lang = Lang(lang)
    generated = datetime.now().astimezone() if generated is None else generated
    if generated.tzinfo is None:
        raise InputError("generated", str(generated), "a datetime with its time zone")

    def m(x: float) -> str:
        return i18n.money(x, config.account.base_currency, lang)

    def t(key: str, **fields: object) -> str:
        return html.escape(i18n.t(key, lang, **fields))

    out = check_out(out_dir, folder=True, owned=REPORT_FILES)
    cap = config.risk.cap if cap is None else cap
    ccy = config.account.base_currency
    advice = advise(config, cap=cap)
    stressed, chosen, comparison = advice.stress, advice.hedge, advice.comparison
    frontier = hedging.frontier_for(config, caps=tuple(sorted({*REPORT_CAPS, cap})), integer=config.hedge.integer)
    try:
        leverage = hedging.max_leverage_for(config, cap=cap)
    except InfeasibleHedgeError as error:  # the cap is broken before any exposure: an answer, not a failure
        leverage = error
    checks = advice.checklist
    pictures = {
        "pnl_vs_index.png": figures.pnl_vs_index(config, chosen, cap, lang),
        "heatmap_index_fx.png": figures.heatmap_index_fx(config, chosen, cap, lang),
        "frontier.png": figures.frontier_figure(frontier, ccy, integer=config.hedge.integer, chosen=chosen, lang=lang),
        "decomposition.png": figures.decomposition_figure(stressed.table, ccy, lang),
    }
    backtest, skipped = None, ""
    if backtest_window is not None:
        try:
            backtest = side_by_side_after_tax(config, history_paths(config, *backtest_window))
        except InputError as error:
            skipped = f"<p class='warn'>{t('report_paths_skipped', error=str(error))}</p>"
        else:
            pictures[PATHS_FIGURE] = figures.paths_figure(backtest[1], cap, ccy, lang=lang)
    if advice.yen is not None:
        pictures[YEN_FIGURE] = figures.yen_leg_figure(config, chosen, cap, lang)
    program = _program(config, cap, program_paths)
    if isinstance(program, ProgramAnswer):
        pictures[PROGRAM_FIGURE] = program_figure(program, ccy, lang)
    chains = {} if config.snapshot is None else dict(config.snapshot.chains)
    smiles = {f"smile_{symbol}.png": symbol for symbol, chain in chains.items() if chain.fit is not None}
    for name, symbol in smiles.items():
        pictures[name] = smile_figure(symbol, chains[symbol], lang)
    images, files = [], {}
    for name, fig in pictures.items():
        files[name] = data = _png(fig)
        caption = (html.escape(market_section.caption(smiles[name], lang)) if name in smiles
                   else t("caption_" + name.removesuffix(".png")))
        images.append(f"<figure><img alt='{name}' src='data:image/png;base64,{base64.b64encode(data).decode()}'>"
                      f"<figcaption>{caption}</figcaption></figure>")
    s = stressed.summary
    worst = stressed.table.iloc[0]
    fx = dict(config.market.fx)
    worst_name = names.scenario_name(str(worst["label"]), lang, fx, ccy)
    summary = pd.DataFrame({i18n.t("figure", lang): [i18n.t(k, lang) for k in ("nav", "leverage", "yearly_carry")]
                            + [f"{i18n.t('worst_stress', lang)} ({worst_name})"],
                            i18n.t("value", lang): [m(s.nav), f"{s.leverage:.2f}x", m(s.carry.net),
                                                    f"{worst['pnl_pct']:.1%}"]})
    stress_rows = _stress_rows(stressed.table.head(15), lang, ccy, fx)
    paths_section = skipped if backtest is None else _paths_html(config, *backtest, images[4], lang)
    compare_title = "report_compare_fx" if "fx" in comparison.results else "report_compare"
    shown = dict(zip(pictures, images, strict=True))
    yen_section = "" if advice.yen is None else _yen_html(advice, shown[YEN_FIGURE], lang)
    program_section = _program_section(program, ccy, shown.get(PROGRAM_FIGURE, ""), lang)
    market_html = "" if not chains else market_section.market_html(
        config.snapshot, {symbol: shown[name] for name, symbol in smiles.items()}, lang)
    leverage_line = (t("report_leverage_none", reason=str(leverage)) if isinstance(leverage, InfeasibleHedgeError)
                     else t("report_leverage_line", exact=f"{leverage.leverage:.3f}x",
                            step=f"{leverage.leverage_step:.1f}x", exposure=m(leverage.exposure_step),
                            limit=i18n.t(f"limit_{leverage.limit}", lang)))
    body = f"""{_header_html(config, generated, lang)}
{_verdict_html(checks, -float(worst["pnl_pct"]), worst_name, chosen, cap, lang)}
{_advice_html(advice, fx, lang)}
<p class='notes'>{t("report_figures_note")}</p>
<h2>{t("account")}</h2>{_table(summary)}
<h2>{t("report_stress")}</h2>{_table(stress_rows)}
{images[3]}
{tax_html(config, stressed, lang)}
<h2>{t("report_hedge", cap=f"{cap:.0%}")}</h2>{_hedge_html(chosen, lang)}
{yen_section}
{_replay_html(config, chosen, lang) if backtest_window is not None else ""}
{images[0]}
<h2>{t(compare_title)}</h2>{_table(_comparison_rows(comparison.table(), lang, ccy))}
{images[2]}
<h2>{t("report_heatmap")}</h2>{images[1]}
<h2>{t("report_leverage")}</h2><p>{leverage_line}</p>
{routes_html(compare_routes(config), config.scenarios.horizon_days, lang)}
{paths_section}
{program_section}
<h2>{t("checklist_title")}</h2>{_checklist_html(checks, lang)}
{market_html}"""
    page = document(lang.value, i18n.t("report_title", lang), body)
    _place(out, {**files, REPORT_HTML: page.encode("utf-8")})
    return Report(out / REPORT_HTML, tuple(out / name for name in files))

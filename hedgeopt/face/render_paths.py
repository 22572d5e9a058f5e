"""Terminal and JSON renderings of path results, in the language chosen with :func:`render.use_language`.

The sources, the side-by-side table with a warning for every variant whose drawdown went beyond ``[risk] cap``,
the rule log (every trade's size), the largest leverage over paths and the put study.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from rich.markup import escape

from hedgeopt.cluster import Engine
from hedgeopt.config.path_settings import RolledFxHedge, StandingHedge
from hedgeopt.config.rules import Rules
from hedgeopt.face import i18n, paths_words, render
from hedgeopt.face.render import _t, tabulate, unit_header
from hedgeopt.face.terminal import console, number, percent, print_json
from hedgeopt.paths.aftertax.ledger import LIQUIDATION
from hedgeopt.paths.backtest import PathLeverage, after_tax_figures, cap_breaches
from hedgeopt.paths.put_study import PutStudy
from hedgeopt.paths.result import PathRun
from hedgeopt.shards.path_engine import ShardedSideBySide
from hedgeopt.shards.path_sets import SHARD_ABOVE, PathShards
from scenarios.paths.market_paths import MarketPaths

_PERCENT = {"cagr", "vol", "max_drawdown", "max_drawdown_p05", "p_breach", "p_liquidation", "p_ruin"}
_SHOWN = ["cagr", "vol", "sharpe", "max_drawdown", "max_drawdown_p05", "calmar", "p_breach", "p_ruin",
          "shortfall_days", "liquidations", "survival_days", "events", "fx_costs", "total_costs", "final_nav"]
"""Columns of the side-by-side table, labelled by the ``bt_<column>`` keys of :mod:`hedgeopt.face.i18n`
(``fx_costs`` only when some variant carries an FX hedge)."""
_PRIORITY = {"cagr": 0, "vol": 3, "sharpe": 4, "max_drawdown": 0, "max_drawdown_p05": 1, "calmar": 5, "p_breach": 1,
             "p_ruin": 2, "shortfall_days": 6, "liquidations": 2, "survival_days": 7, "events": 5, "total_costs": 3,
             "fx_costs": 3, "final_nav": 1}
"""Which side-by-side columns a narrow terminal hides first (larger first; 0 never)."""


def sources(paths: MarketPaths, rules: Rules | None, hedge: StandingHedge | None,
            fx_hedge: RolledFxHedge | None = None, run: PathRun | None = None, base: str = "JPY",
            n_paths: int | None = None, bought: dict[str, float] | None = None) -> None:
    """Print what the paths are, every proxy they use, the rules and hedge that ran (None: none), the FX hedge.

    With ``run`` (the configured run), the standing hedge as bought follows its description: the cover it really
    bought and its outlay a year in ``base``. With an FX hedge on paths whose USDJPY is a proxy (the shipped
    history), one more line says its results follow that proxy. A sharded run gives one path of its set as
    ``paths``, the set's size as ``n_paths`` and :attr:`~hedgeopt.shards.path_engine.ShardedSideBySide.bought`'s
    figures as ``bought`` instead of ``run``.
    """
    lang = render._LANG
    out = console()
    n = paths.n_paths if n_paths is None else n_paths
    line = _t("paths_line", name=paths_words.note(paths.name, lang), n=f"{n:,}", days=f"{paths.n_days:,}",
              start=paths.dates[0].date(), end=paths.dates[-1].date())
    out.print(f"[bold]{_t('paths_title')}[/bold]: {escape(line)}")  # a file's name is never markup
    for note in paths.notes:
        out.print(f"  • {paths_words.note(note, lang)}", markup=False)
    out.print("  " + _t("paths_rules_hedge", rules=paths_words.rules_text(rules, lang),
                        hedge=paths_words.hedge_text(hedge, lang)), markup=False)
    line = paths_words.cover_text(run, base, lang) if run is not None else paths_words.bought_text(bought, base, lang)
    if line is not None:
        out.print("  " + line, markup=False)
    if fx_hedge is not None:
        out.print("  " + _t("paths_fx_hedge", hedge=paths_words.fx_hedge_text(fx_hedge, lang)), markup=False)
        if paths_words.fx_is_proxy(paths):
            out.print("  " + _t("paths_fx_proxy"), style="bold", markup=False)


def _cell(key: str, value: float) -> str:
    if not np.isfinite(value):
        return "∞" if value > 0 else "—"
    if key in _PERCENT:
        return percent(value)
    return number(value, 2 if key in ("sharpe", "calmar") else 1 if key == "survival_days" else 0)


_MONEY = ("fx_costs", "total_costs", "final_nav")
"""Side-by-side columns of amounts: plain numbers under a header with the unit, one precision per column."""


def side_by_side(frame: pd.DataFrame, base: str, n_paths: int) -> None:
    """Print the variants side by side (one row each), then a warning for each one beyond ``frame.attrs["cap"]``."""
    lang = render._LANG
    keys = [k for k in _SHOWN if n_paths > 1 or k not in ("max_drawdown_p05", "p_breach", "p_ruin")]
    if "fx_costs" not in frame or not frame["fx_costs"].astype(float).any():
        keys.remove("fx_costs")
    title = _t("side_by_side_mc", n=f"{n_paths:,}") if n_paths > 1 else _t("side_by_side")
    amounts = {k: i18n.money_column(frame[k].astype(float).tolist(), base, lang) for k in _MONEY if k in keys}
    rows = [[i18n.named("variant", name, lang),
             *(amounts[k][1][n] if k in _MONEY else _cell(k, float(row[k])) for k in keys)]
            for n, (name, row) in enumerate(frame.iterrows())]
    headers = [unit_header(f"bt_{k}", amounts[k][0]) if k in _MONEY else _t(f"bt_{k}") for k in keys]
    out = console()
    out.print(tabulate(title, [_t("variant"), *headers], rows,
                     priority=[0, *(_PRIORITY[k] for k in keys)]))
    for name, reason in frame.attrs.get("skipped", {}).items():
        out.print(_t("bt_not_run", name=i18n.named("variant", name, lang), reason=reason), markup=False)
    note = paths_words.calls_note(frame, lang)
    if note is not None:
        out.print(note, markup=False)
    cap_warnings(frame, n_paths)


_LEDGER = ("realised_listed", "realised_futures", "realised_misc", "tax", "tax_abroad", "carry_used",
           "carry_created", "carry_expired", "paid", "due")
"""Columns of the yearly tax ledger (:meth:`hedgeopt.paths.aftertax.PathTax.ledger`), labelled ``at_<column>``."""
_LEDGER_PRIORITY = {"realised_listed": 0, "realised_futures": 2, "realised_misc": 2, "tax": 0, "tax_abroad": 2,
                    "carry_used": 1, "carry_created": 3, "carry_expired": 3, "paid": 0, "due": 1}
"""Which ledger columns a narrow terminal hides first (larger first; 0 never); a category that realised nothing on
the path is left out."""


def after_tax_line(pre: PathRun, post: PathRun, base: str, lang: i18n.Lang | str) -> str:
    """The after-tax figures beside the pre-tax ones in one sentence (medians and the worst 5% over many paths)."""
    lang = i18n.Lang(lang)
    fig = after_tax_figures(pre, post)
    n = pre.paths.n_paths
    cells = {"cagr": percent(fig["cagr"]), "cagr_pre": percent(fig["cagr_pre"]), "dd": percent(fig["max_drawdown"]),
             "dd_pre": percent(fig["max_drawdown_pre"]), "paid": i18n.money(fig["tax_paid"], base, lang),
             "due": i18n.money(fig["tax_due"], base, lang)}
    if n > 1:
        return i18n.t("at_line_mc", lang, n=f"{n:,}", cagr_p05=percent(fig["cagr_p05"]),
                      dd_p05=percent(fig["max_drawdown_p05"]), **cells)
    return i18n.t("at_line", lang, **cells)


def after_tax(pre: PathRun, post: PathRun, base: str) -> None:
    """Print the after-tax figures beside the pre-tax ones, then the yearly ledger (one path) or tax paid per year.

    ``post`` is the configured run paying its tax (:func:`hedgeopt.paths.backtest.side_by_side_after_tax`), ``pre``
    the same run pre-tax. The after-tax figures are defined in :mod:`hedgeopt.paths.aftertax.ledger`.
    """
    out = console()
    out.print(after_tax_line(pre, post, base, render._LANG), style="bold", markup=False)
    out.print("  " + _t("at_rules", year=post.tax.rules_year), markup=False)
    if pre.paths.n_paths == 1:
        _ledger(post.tax.ledger(), base)
    elif len(post.tax.years) > 1:  # a year was settled on the paths
        _paid_by_year(post.tax.summary(), base, pre.paths.n_paths)


def _year_label(label: str, lang: i18n.Lang) -> str:
    if label == LIQUIDATION:
        return i18n.t("at_liquidation", lang)
    return f"{label}年" if lang is i18n.Lang.JA else label


def ledger_cells(table: pd.DataFrame, base: str, lang: i18n.Lang | str
                 ) -> tuple[list[tuple[str, str]], list[list[str]], list[int]]:
    """The yearly ledger for people: (headers with their unit, rows, hide priority), the columns the path used."""
    lang = i18n.Lang(lang)
    optional = ("realised_futures", "realised_misc", "tax_abroad")  # shown when the path has any
    keys = [k for k in _LEDGER if k not in optional or table[k].any()]
    amounts = {k: i18n.money_column(table[k].tolist(), base, lang) for k in keys}
    rows = [[_year_label(label, lang), *(amounts[k][1][n] for k in keys)] for n, label in enumerate(table.index)]
    headers = [(f"at_{k}", amounts[k][0]) for k in keys]
    return headers, rows, [0, *(_LEDGER_PRIORITY[k] for k in keys)]


def _ledger(table: pd.DataFrame, base: str) -> None:
    headers, rows, priority = ledger_cells(table, base, render._LANG)
    console().print(tabulate(_t("at_ledger_title"), [_t("at_year"), *(unit_header(k, u) for k, u in headers)], rows,
                             priority=priority))


def _paid_by_year(summary: dict[str, Any], base: str, n_paths: int) -> None:
    lang = render._LANG
    years = summary["paid_by_year"]
    stats = ("mean", "p05", "p50", "p95")
    amounts = {k: i18n.money_column([years[y][k] for y in years], base, lang) for k in stats}
    rows = [[_year_label(y, lang), *(amounts[k][1][n] for k in stats)] for n, y in enumerate(years)]
    headers = [unit_header(f"at_{k}", amounts[k][0]) for k in stats]
    console().print(tabulate(_t("at_paid_title", n=f"{n_paths:,}"), [_t("at_year"), *headers], rows))


def after_tax_json(pre: PathRun, post: PathRun) -> dict[str, Any]:
    """The after-tax figures, the yearly ledger (one path) or its summary across paths, as JSON-ready values."""
    out: dict[str, Any] = {"figures": after_tax_figures(pre, post), "rules_year": post.tax.rules_year,
                           "note": _t("at_rules", year=post.tax.rules_year)}
    if pre.paths.n_paths == 1:
        ledger = post.tax.ledger()
        out["ledger"] = [{"tax_year": y, **row} for y, row in ledger.to_dict(orient="index").items()]
    else:
        out["summary"] = post.tax.summary()
    return out


def cap_warnings(frame: pd.DataFrame, n_paths: int) -> None:
    """One warning line per variant whose drawdown went beyond the side-by-side table's ``attrs["cap"]``."""
    out = console()
    for name, row in cap_breaches(frame).iterrows():
        out.print(paths_words.cap_warning(name, row, frame.attrs["cap"], n_paths, render._LANG), style="bold",
                  markup=False)


def events(run: PathRun, base: str, limit: int = 20) -> None:
    """Print the rule triggers of ``run`` (option rolls left out), first ``limit``: why, and what each traded."""
    event_log(run.events, run.paths.n_paths == 1, base, limit)


def event_log(table: pd.DataFrame, single: bool, base: str, limit: int = 20) -> None:
    """Print the rule triggers of an event table (:attr:`PathRun.events`, no rolls); the path unless ``single``."""
    lang = render._LANG
    ev = table[table.event != "roll"]
    out = console()
    if ev.empty:
        out.print(_t("no_events"))
        return
    shown = ev.head(limit)
    amounts = {k: i18n.money_column(shown[k].astype(float).tolist(), base, lang)
               for k in ("exposure_before", "exposure_after", "traded")}
    rows = [[*([] if single else [paths_words.path_label(r["path"], lang)]), str(r["date"]), _t(f"bt_{r['event']}"),
             paths_words.event_reason(r, base, lang), *(amounts[k][1][n] for k in amounts)]
            for n, r in enumerate(shown.to_dict(orient="records"))]
    columns = [*([] if single else [_t("bt_path")]), *(_t(k) for k in ("bt_date", "bt_event", "bt_reason")),
               *(unit_header(key, amounts[k][0]) for key, k in zip(("bt_before", "bt_after", "bt_traded"), amounts,
                                                                  strict=True))]
    out.print(tabulate(_t("events_title"), columns, rows, right_from=3 if single else 4))
    if len(ev) > limit:
        out.print(_t("events_more", n=f"{len(ev) - limit:,}"))


def events_json(run: PathRun | pd.DataFrame, base: str) -> list[dict[str, Any]]:
    """Every event of ``run`` (or an event table) as JSON records, each with its ``reason`` in the chosen language."""
    lang = render._LANG
    table = run if isinstance(run, pd.DataFrame) else run.events
    return [{**r, "date": str(r["date"]), "reason": paths_words.event_reason(r, base, lang)}
            for r in table.to_dict(orient="records")]


def payload(paths: MarketPaths, frame: pd.DataFrame, runs: dict[str, PathRun], base: str,
            rules: Rules | None = None, hedge: StandingHedge | None = None,
            fx_hedge: RolledFxHedge | None = None) -> dict[str, Any]:
    """Everything the backtest/simulate commands print, as one JSON-ready dict.

    ``described`` words the ``rules``, ``hedge`` and ``fx_hedge`` that ran in the chosen language (when given;
    else the configured run's own English description). With an FX hedge, ``fx_proxy`` is the sentence saying the
    paths' USDJPY is a proxy (None when it is not).

    ``series`` holds the configured run's daily NAV, drawdown, exposure and cash for one path, and the 5%, 50%
    and 95% quantiles across paths of its NAV and drawdown (``nav_p05``, ...) for many.
    """
    lang = render._LANG
    main = next(iter(runs.values()))
    out: dict[str, Any] = {
        "base_currency": base,
        "paths": {"name": paths_words.note(paths.name, lang),
                  "notes": [paths_words.note(n, lang) for n in paths.notes], "n_paths": paths.n_paths,
                  "n_days": paths.n_days, "start": str(paths.dates[0].date()), "end": str(paths.dates[-1].date())},
        "described": main.description if rules is None and hedge is None else {
            "rules": paths_words.rules_text(rules, lang), "hedge": paths_words.hedge_text(hedge, lang),
            "hedge_bought": paths_words.cover_text(main, base, lang),
            "fx_hedge": paths_words.fx_hedge_text(fx_hedge, lang), "driver": main.description["driver"]},
        **_table_json(frame, paths.n_paths, {name: paths_words.hedge_bought(run) for name, run in runs.items()}),
        "events": events_json(main, base),
    }
    if fx_hedge is not None:
        out["fx_proxy"] = i18n.t("paths_fx_proxy", lang) if paths_words.fx_is_proxy(paths) else None
    dates = [str(d.date()) for d in paths.dates]
    if paths.n_paths == 1:
        out["series"] = {"dates": dates, "nav": main.nav[0].tolist(), "drawdown": main.drawdown[0].tolist(),
                         "exposure": main.exposure[0].tolist(), "cash": main.cash[0].tolist()}
    else:
        levels = {"p05": 0.05, "p50": 0.50, "p95": 0.95}
        out["series"] = {"dates": dates, **{f"{name}_{q}": np.quantile(series, level, axis=0).tolist()
                                            for name, series in (("nav", main.nav), ("drawdown", main.drawdown))
                                            for q, level in levels.items()}}
    return out


def _table_json(frame: pd.DataFrame, n_paths: int, bought: dict[str, dict[str, float] | None]) -> dict[str, Any]:
    """The side-by-side table as JSON.

    ``cap``, ``variants`` (with the hedge bought), ``beyond_cap``, ``skipped`` and ``calls_note`` (the route C
    rows' note, None without them).
    """
    lang = render._LANG
    return {
        "cap": frame.attrs["cap"],
        "variants": [{"name": name, "label": i18n.named("variant", name, lang), **{k: float(v) for k, v in row.items()},
                      "hedge_bought": bought.get(name)} for name, row in frame.iterrows()],
        "beyond_cap": [{"name": name, "warning": paths_words.cap_warning(name, row, frame.attrs["cap"], n_paths, lang),
                        **row.to_dict()} for name, row in cap_breaches(frame).iterrows()],
        "skipped": dict(frame.attrs.get("skipped", {})),
        "calls_note": paths_words.calls_note(frame, lang),
    }


def engine_words(engine: Engine) -> str:
    """Where a sharded run ran, in the chosen language: this process, a local cluster of N workers, a scheduler."""
    if engine.serial:
        return _t("shards_engine_serial")
    if engine.scheduler is not None:
        return _t("shards_engine_scheduler", address=engine.scheduler)
    return _t("shards_engine_local", n=engine.local_workers)


def where_line(plan: PathShards, engine: Engine) -> str:
    """One line: how many paths in how many shards, on what."""
    return _t("shards_where", n=f"{plan.n_paths:,}", shards=len(plan.shards()), size=f"{plan.shard_paths:,}",
              engine=engine_words(engine))


def sharded(result: ShardedSideBySide, engine: Engine, base: str, rules: Rules | None, hedge: StandingHedge | None,
            fx_hedge: RolledFxHedge | None, taxed: bool, limit: int = 20) -> None:
    """Print a sharded ``simulate``: the sources, the table over every path, where it ran, the first shard's rule log.

    ``taxed``: the account pays tax (``[tax]``), whose after-tax run a sharded run leaves out: one line says so.
    """
    out, main = console(), next(iter(result.bought), None)
    sources(result.header, rules, hedge, fx_hedge, None, base, n_paths=result.plan.n_paths,
            bought=result.bought.get(main))
    side_by_side(result.table, base, result.plan.n_paths)
    out.print(where_line(result.plan, engine), markup=False)
    if taxed:
        out.print(_t("shards_no_after_tax", most=f"{SHARD_ABOVE:,}"), markup=False)
    if result.plan.n_blocks > 1:
        out.print(_t("shards_sample_events", last=f"{result.plan.shard_paths:,}"), markup=False)
    event_log(result.events, False, base, limit)


def sharded_payload(result: ShardedSideBySide, engine: Engine, base: str, rules: Rules | None,
                    hedge: StandingHedge | None, fx_hedge: RolledFxHedge | None) -> dict[str, Any]:
    """A sharded ``simulate`` as JSON: :func:`payload`'s keys, and ``sharded`` (where it ran, how the set was cut).

    ``series`` (each path's days are not kept) and ``fx_proxy`` are left out; ``events`` are the first shard's.
    """
    lang, paths, plan = render._LANG, result.header, result.plan
    main = next(iter(result.bought), None)
    return {
        "base_currency": base,
        "paths": {"name": paths_words.note(paths.name, lang), "notes": [paths_words.note(n, lang) for n in paths.notes],
                  "n_paths": plan.n_paths, "n_days": plan.n_days, "start": str(paths.dates[0].date()),
                  "end": str(paths.dates[-1].date())},
        "described": {"rules": paths_words.rules_text(rules, lang), "hedge": paths_words.hedge_text(hedge, lang),
                      "hedge_bought": paths_words.bought_text(result.bought.get(main), base, lang),
                      "fx_hedge": paths_words.fx_hedge_text(fx_hedge, lang),
                      "driver": result.descriptions[main]["driver"] if main else None},
        **_table_json(result.table, plan.n_paths, result.bought),
        "events": events_json(result.events, base),
        "sharded": {"n_paths": plan.n_paths, "shards": len(plan.shards()), "shard_paths": plan.shard_paths,
                    "seed": plan.seed, "engine": engine.describe(), "where": where_line(plan, engine),
                    "events_from": f"mc 1 to mc {plan.shard_paths}", "left_out": ["series", "after_tax"]},
    }


def path_leverage(r: PathLeverage, base: str) -> None:
    """Print the leverage table over paths and the answer with and without the rules."""
    unit, exposure = i18n.money_column(r.table["exposure"].tolist(), base, render._LANG)
    rows = [[f"{lev:.1f}×", exposure[n], percent(row.p_breach), number(row.liquidations, 0),
             percent(row.p_breach_rules), number(row.liquidations_rules, 0)]
            for n, (lev, row) in enumerate(r.table.iterrows())]
    out = console()
    headers: list[str | tuple[str, str, str]] = [_t(f"pl_{k}") for k in (
        "leverage", "exposure", "breach", "liquidations", "breach_rules", "liquidations_rules")]
    headers[1] = unit_header("pl_exposure", unit)
    out.print(tabulate(_t("path_leverage_title"), headers, rows, priority=[0, 2, 0, 1, 0, 1]))

    def show(x: float | None) -> str:
        return f"{x:.1f}×" if x is not None else _t("none_passes")

    out.print(_t("path_leverage_line", cap=percent(r.cap), level=percent(r.level), n=f"{r.n_paths:,}",
                 plain=show(r.leverage), rules=show(r.leverage_with_rules)))


def path_leverage_json(r: PathLeverage) -> None:
    """The leverage over paths as JSON."""
    print_json({"leverage": r.leverage, "leverage_with_rules": r.leverage_with_rules, "cap": r.cap,
                "level": r.level, "n_paths": r.n_paths,
                "table": [{"leverage": lev, **row} for lev, row in r.table.to_dict(orient="index").items()]})


_STUDY_COLUMNS = {"cagr": "bt_cagr", "vol": "bt_vol", "max_drawdown": "bt_max_drawdown", "return_2008": "study_2008",
                  "return_4q2008": "study_4q2008", "crisis_drawdown": "study_crisis"}


def put_study(study: PutStudy) -> None:
    """Print the put-roll study beside the published Cboe figures."""
    lang = render._LANG
    out = console()
    for note in study.notes:
        out.print(f"  • {paths_words.note(note, lang)}", markup=False)
    rows = [[paths_words.note(name, lang), *(percent(float(row[c])) for c in _STUDY_COLUMNS)]
            for name, row in study.table.iterrows()]
    out.print(tabulate(_t("study_title"), [_t("study_strategy"), *(_t(k) for k in _STUDY_COLUMNS.values())], rows,
                       priority=[0, 0, 3, 0, 2, 4, 1]))
    rows = [[paths_words.note(r.figure, lang), r.index, percent(r.value), r.source]
            for r in study.published.itertuples()]
    out.print(tabulate(_t("study_published"), [_t("figure"), _t("index"), _t("value"), _t("study_source")], rows,
                       right_from=2, wrap=[0, 3]))
    pput = study.pput
    rows = [[_quarter(quarter, lang), *(percent(float(row[c])) for c in _PPUT_COLUMNS)]
            for quarter, row in pput.table.iterrows()]
    out.print(tabulate(_t("pput_title"), [_t("pput_quarter"), *(_t(k) for k in _PPUT_COLUMNS.values())], rows,
                       priority=[0, 7, 6, 0, 0, 4, 5, 0, 8, 0]))
    for note in pput.notes:
        out.print(f"  • {paths_words.note(note, lang)}", markup=False)


def _quarter(label: str, lang: str) -> str:
    """A quarter's name ("4Q 2008"), in Japanese its months ("2008年10〜12月")."""
    if lang != "ja":
        return label
    q, year = int(label[0]), label.split()[1]
    return f"{year}年{3 * q - 2}〜{3 * q}月"


_PPUT_COLUMNS = {"sp500_published": "pput_sp500_published", "sp500": "pput_sp500",
                 "pput_published": "pput_published", "close_price_old_vol": "pput_close_price_old_vol",
                 "open_settlement": "pput_open_settlement", "dividends": "pput_dividends",
                 "vol_model": "pput_vol_model", "no_costs": "pput_no_costs", "gap": "pput_gap"}


def put_study_json(study: PutStudy) -> None:
    """The put-roll study as JSON, its names and notes in the chosen language."""
    lang = render._LANG
    print_json({"strategies": [{"name": paths_words.note(k, lang), **v}
                               for k, v in zip(study.table.index, study.table.to_dict(orient="records"), strict=True)],
                "published": [{**r, "figure": paths_words.note(r["figure"], lang)}
                              for r in study.published.to_dict(orient="records")],
                "notes": [paths_words.note(n, lang) for n in study.notes],
                "pput_check": {"quarters": [{"quarter": q, **row} for q, row in
                                            zip(study.pput.table.index, study.pput.table.to_dict(orient="records"),
                                                strict=True)],
                               "notes": [paths_words.note(n, lang) for n in study.pput.notes]}})

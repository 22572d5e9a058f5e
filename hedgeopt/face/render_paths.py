"""Terminal and JSON renderings of path results.

The sources, the side-by-side table, the rule log, and the largest leverage over paths.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from hedgeopt.face import i18n, render
from hedgeopt.face.render import _t, tabulate
from hedgeopt.face.terminal import console, number, percent, print_json
from hedgeopt.paths.backtest import PathLeverage
from hedgeopt.paths.put_study import PutStudy
from hedgeopt.paths.result import PathRun
from scenarios.paths.market_paths import MarketPaths

_PERCENT = {"cagr", "vol", "max_drawdown", "max_drawdown_p05", "p_breach", "p_liquidation", "p_ruin"}
_SHOWN = ["cagr", "vol", "sharpe", "max_drawdown", "max_drawdown_p05", "calmar", "p_breach", "p_ruin",
          "shortfall_days", "liquidations", "survival_days", "events", "total_costs", "final_nav"]
"""Columns of the side-by-side table, labelled by the ``bt_<column>`` keys of :mod:`hedgeopt.face.i18n`."""
_PRIORITY = {"cagr": 0, "vol": 3, "sharpe": 4, "max_drawdown": 0, "max_drawdown_p05": 1, "calmar": 5, "p_breach": 1,
             "p_ruin": 2, "shortfall_days": 6, "liquidations": 2, "survival_days": 7, "events": 5, "total_costs": 3,
             "final_nav": 1}
"""Which side-by-side columns a narrow terminal hides first (larger first; 0 never)."""


def sources(paths: MarketPaths, described: dict[str, str]) -> None:
    """Print what the paths are, every proxy they use, and the rules and hedge that ran."""
    out = console()
    out.print(f"[bold]{_t('paths_title')}[/bold]: {paths.name} — {paths.n_paths:,} × {paths.n_days:,} days "
              f"({paths.dates[0].date()} to {paths.dates[-1].date()})")
    for note in paths.notes:
        out.print(f"  • {note}")
    out.print(f"  rules: {described['rules']}; hedge: {described['hedge']}")


def _cell(key: str, value: float) -> str:
    if not np.isfinite(value):
        return "∞" if value > 0 else "—"
    if key in _PERCENT:
        return percent(value)
    return number(value, 2 if key in ("sharpe", "calmar") else 1 if key == "survival_days" else 0)


_MONEY = ("total_costs", "final_nav")
"""Side-by-side columns of amounts: plain numbers under a header with the unit, one precision per column."""


def side_by_side(frame: pd.DataFrame, base: str, n_paths: int) -> None:
    """Print the variants side by side (one row each)."""
    keys = [k for k in _SHOWN if n_paths > 1 or k not in ("max_drawdown_p05", "p_breach", "p_ruin")]
    title = _t("side_by_side_mc", n=f"{n_paths:,}") if n_paths > 1 else _t("side_by_side")
    amounts = {k: i18n.money_column(frame[k].astype(float).tolist(), base, render._LANG) for k in _MONEY}
    rows = [[name, *(amounts[k][1][n] if k in _MONEY else _cell(k, float(row[k])) for k in keys)]
            for n, (name, row) in enumerate(frame.iterrows())]
    headers = [(i18n.with_unit(_t(f"bt_{k}"), amounts[k][0], render._LANG),
                i18n.with_unit(i18n.short(_t(f"bt_{k}"), render._LANG), amounts[k][0], render._LANG), _t(f"bt_{k}"))
               if k in _MONEY else _t(f"bt_{k}") for k in keys]
    out = console()
    out.print(tabulate(title, [_t("variant"), *headers], rows,
                     priority=[0, *(_PRIORITY[k] for k in keys)]))
    for name, reason in frame.attrs.get("skipped", {}).items():
        out.print(f"  {name}: not run — {reason}")


def events(run: PathRun, base: str, limit: int = 20) -> None:
    """Print the rule triggers of ``run`` (option rolls left out), first ``limit``."""
    ev = run.events[run.events.event != "roll"]
    out = console()
    if ev.empty:
        out.print(_t("no_events"))
        return
    single, shown = run.paths.n_paths == 1, ev.head(limit)
    (unit, before), (_, after) = (i18n.money_column(shown[k].tolist(), base, render._LANG)
                                  for k in ("exposure_before", "exposure_after"))
    rows = [[*([] if single else [str(r.path)]), str(r.date), _t(f"bt_{r.event}"), r.reason, before[n], after[n]]
            for n, r in enumerate(shown.itertuples())]
    columns = [*([] if single else [_t("bt_path")]), *(_t(k) for k in ("bt_date", "bt_event", "bt_reason")),
               *(i18n.with_unit(_t(k), unit, render._LANG) for k in ("bt_before", "bt_after"))]
    out.print(tabulate(_t("events_title"), columns, rows, right_from=3 if single else 4))
    if len(ev) > limit:
        out.print(_t("events_more", n=f"{len(ev) - limit:,}"))


def payload(paths: MarketPaths, frame: pd.DataFrame, runs: dict[str, PathRun], base: str) -> dict[str, Any]:
    """Everything the backtest/simulate commands print, as one JSON-ready dict.

    ``series`` holds the configured run's daily NAV, drawdown, exposure and cash for one path, and the 5%, 50%
    and 95% quantiles across paths of its NAV and drawdown (``nav_p05``, ...) for many.
    """
    main = next(iter(runs.values()))
    out: dict[str, Any] = {
        "base_currency": base,
        "paths": {"name": paths.name, "notes": list(paths.notes), "n_paths": paths.n_paths,
                  "n_days": paths.n_days, "start": str(paths.dates[0].date()), "end": str(paths.dates[-1].date())},
        "described": main.description,
        "variants": [{"name": name, **{k: float(v) for k, v in row.items()}} for name, row in frame.iterrows()],
        "skipped": dict(frame.attrs.get("skipped", {})),
        "events": [{**r, "date": str(r["date"])} for r in main.events.to_dict(orient="records")],
    }
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


def path_leverage(r: PathLeverage, base: str) -> None:
    """Print the leverage table over paths and the answer with and without the rules."""
    unit, exposure = i18n.money_column(r.table["exposure"].tolist(), base, render._LANG)
    rows = [[f"{lev:.1f}×", exposure[n], percent(row.p_breach), number(row.liquidations, 0),
             percent(row.p_breach_rules), number(row.liquidations_rules, 0)]
            for n, (lev, row) in enumerate(r.table.iterrows())]
    out = console()
    out.print(tabulate(_t("path_leverage_title"), ["leverage", i18n.with_unit("exposure", unit, render._LANG),
                                                   "P(DD > cap)", "liquidations",
                                                   "P(DD > cap), rules", "liquidations, rules"], rows,
                     priority=[0, 2, 0, 1, 0, 1]))

    def show(x: float | None) -> str:
        return f"{x:.1f}×" if x is not None else _t("none_passes")

    out.print(_t("path_leverage_line", cap=percent(r.cap), level=percent(r.level), n=f"{r.n_paths:,}",
                 plain=show(r.leverage), rules=show(r.leverage_with_rules)))


def path_leverage_json(r: PathLeverage) -> None:
    """The leverage over paths as JSON."""
    print_json({"leverage": r.leverage, "leverage_with_rules": r.leverage_with_rules, "cap": r.cap,
                "level": r.level, "n_paths": r.n_paths,
                "table": [{"leverage": lev, **row} for lev, row in r.table.to_dict(orient="index").items()]})


def put_study(study: PutStudy) -> None:
    """Print the put-roll study beside the published Cboe figures."""
    out = console()
    for note in study.notes:
        out.print(f"  • {note}")
    t = study.table
    columns = ["cagr", "vol", "max_drawdown", "return_2008", "return_4q2008", "crisis_drawdown"]
    labels = ["CAGR", "vol", "max drawdown", "2008", "4Q 2008", "drawdown 2007-10 to 2009-03"]
    rows = [[name, *(percent(float(row[c])) for c in columns)] for name, row in t.iterrows()]
    out.print(tabulate("The rolled put on the S&P 500 history", ["strategy", *labels], rows,
                     priority=[0, 0, 3, 0, 2, 4, 1]))
    rows = [[r.figure, r.index, percent(r.value), r.source] for r in study.published.itertuples()]
    out.print(tabulate("Published (docs/cboe_reference.md)", ["figure", "index", "value", "source"], rows,
                     right_from=2, wrap=[0, 3]))

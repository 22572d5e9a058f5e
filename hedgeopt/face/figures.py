"""The report's figures (matplotlib, Agg), in English or Japanese: each function returns a Figure.

Every figure says in its title what it shows, in which currency and unit. The numbers are the library's own, arranged
by :mod:`hedgeopt.face.figure_data`: the account's P&L and, with a hedge, what the optimizer counts for it (each
option repriced at the horizon, less what it cost). Japanese figures
are drawn in IPAexGothic from the ``matplotlib-fontja`` package, so they render the same on any machine; their
amounts in JPY are in 万円 (axes in 万円 units).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.axis import Axis  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from hedgeopt.account.pnl import COMPONENTS  # noqa: E402
from hedgeopt.config.config import Config  # noqa: E402
from hedgeopt.face.figure_data import (  # noqa: E402
    binding_marks,
    fx_cases,
    fx_text,
    grid_pnl,
    hedge_lines,
    level_text,
    scenario_text,
    signed_pct,
    yen_lines,
)
from hedgeopt.face.i18n import Lang, money, named, t  # noqa: E402
from hedgeopt.face.i18n import family as family_name  # noqa: E402
from hedgeopt.optimizer.result import HedgeResult  # noqa: E402
from hedgeopt.paths.result import PathRun  # noqa: E402
from scenarios import EPISODES  # noqa: E402

FONT_JA = "IPAexGothic"
"""The Japanese font, shipped by ``matplotlib-fontja`` (registered with matplotlib on import)."""

INDEX_RANGE = (-0.60, 0.20)
"""Index moves drawn at least, decimal; widened to the config's grid and the binding scenario."""

HEATMAP_FX = np.round(np.arange(-0.15, 0.1501, 0.05), 4)
"""FX moves of the heatmap's rows, decimal (-0.10: USDJPY -10%, the yen up)."""

FX_COLOURS = {-1: "darkorange", 0: "black", 1: "tab:blue"}
"""Colour of the currency falling (the yen up against a JPY base), unchanged and rising."""


@contextmanager
def _font(lang: Lang) -> Iterator[None]:
    """Figures built inside are drawn in the language's font (Japanese: IPAexGothic); rcParams restored after."""
    with plt.rc_context():
        if lang is Lang.JA:
            import matplotlib_fontja  # noqa: F401  (registers IPAexGothic; its global rc change is undone on exit)

            plt.rcParams["font.family"] = FONT_JA
        yield


def _finish(fig: Figure) -> Figure:
    """Lay ``fig`` out; tick labels drawn later keep the font it was built in."""
    family = plt.rcParams["font.family"]
    for ax in fig.axes:
        ax.tick_params(labelfontfamily=family[0] if isinstance(family, list) else family)
    fig.tight_layout()
    return fig


def _unit(currency: str, lang: Lang) -> str:
    """The unit amounts in ``currency`` are drawn in: 万円 for JPY in Japanese, else the currency code."""
    return "万円" if lang is Lang.JA and currency == "JPY" else currency


def _money_axis(axis: Axis, currency: str, lang: Lang) -> str:
    """Format ``axis`` (values in ``currency``) in :func:`_unit` and return that unit."""
    scale = 1e4 if _unit(currency, lang) == "万円" else 1.0
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / scale:,.1f}".removesuffix(".0").replace("-", "−")))
    return _unit(currency, lang)


def _hedge_label(hedge: HedgeResult, lang: Lang) -> str:
    n = sum(p.quantity for p in hedge.positions)
    return t("fig_hedge_detail", lang, n=n, cost=money(hedge.cost, hedge.base_currency, lang))


def pnl_vs_index(config: Config, hedge: HedgeResult, cap: float, lang: Lang | str = Lang.EN) -> Figure:
    """Account P&L (% of NAV) against the index move, for the currency unchanged, down and up; with the hedge.

    Dashed: the account as held; solid: with ``hedge`` (whole contracts as solved), dots at the grid scenarios it
    was solved on; the region beyond the grid is shaded. The scenario that sets the worst case after the hedge is
    marked before (hollow) and after (star). Lines carry ``gid`` ``"unhedged fx=-0.10"`` / ``"hedged fx=..."``.

    Parameters
    ----------
    config : Config
    hedge : HedgeResult
        The recommended hedge (infeasible or empty: no hedged lines).
    cap : float
        Worst-case loss cap, positive fraction of NAV; drawn at −cap.
    lang : {"en", "ja"}, default "en"
    """
    lang, spec = Lang(lang), config.scenarios
    solved = np.asarray(spec.grid.equity if spec.grid is not None else [], dtype=float)
    marks = binding_marks(config, hedge)
    low = min(INDEX_RANGE[0], solved.min(initial=0.0), *(m.equity - 0.03 for m in marks))
    high = max(INDEX_RANGE[1], solved.max(initial=0.0))
    moves = np.round(np.arange(np.floor(low * 20) / 20, high + 1e-9, 0.01), 4)
    cases, options = fx_cases(config), hedge_lines(hedge)
    x = moves * 100
    with _font(lang):
        fig, ax = plt.subplots(figsize=(9, 5.8))
        on_grid = [int(i) for i in np.flatnonzero(np.isclose(moves[:, None], solved[None, :]).any(axis=1))]
        lines = {"unhedged": grid_pnl(config, moves, cases, [])}
        if options:
            lines["hedged"] = grid_pnl(config, moves, cases, options)
        for kind, pct in lines.items():
            for j, move in enumerate(cases):
                hedged = kind == "hedged"
                label = t("fig_hedged" if hedged else "fig_unhedged", lang)
                ax.plot(x, pct[:, j] * 100, linestyle="-" if hedged else "--", linewidth=2.2 if hedged else 1.3,
                        color=FX_COLOURS[int(np.sign(move))], marker="o" if hedged else None, markersize=3,
                        markevery=on_grid if hedged else None, gid=f"{kind} fx={move:+.2f}",
                        label=f"{fx_text(config, move, lang)} · {label}")
        if solved.size:
            ax.axvspan(x[0], solved.min() * 100, color="0.93", zorder=0, label=t("fig_outside", lang))
        ax.axhline(-cap * 100, color="firebrick", linewidth=2, linestyle="-.", gid="cap",
                   label=t("fig_cap", lang, cap=f"{cap:.0%}"))
        for k, m in enumerate(marks):
            ax.plot(m.equity * 100, m.unhedged * 100, "o", markersize=9, markerfacecolor="none", color="firebrick",
                    gid="binding unhedged", label=t("fig_binding_unhedged", lang) if k == 0 else "_nolegend_")
            if options:
                ax.plot(m.equity * 100, m.hedged * 100, "*", markersize=14, color="firebrick", gid="binding hedged",
                        label=t("fig_binding_hedged", lang) if k == 0 else "_nolegend_")
            left = m.equity < (moves[0] + moves[-1]) / 2  # the words on the side with room
            ax.annotate(scenario_text(config, m, lang), (m.equity * 100, m.unhedged * 100), fontsize=8,
                        xytext=(12 if left else -12, 0), textcoords="offset points", ha="left" if left else "right",
                        va="center")
        why = "fig_pnl_title" if options else "fig_no_hedge_needed" if hedge.optimal else "fig_no_hedge_holds"
        ax.set(xlabel=t("fig_index_move", lang, index=spec.model.driver, days=spec.horizon_days),
               ylabel=t("fig_pnl_pct", lang), title=t("fig_pnl_what", lang, index=spec.model.driver,
                                                       ccy=_unit(config.account.base_currency, lang).removeprefix("万"),
                                                       days=spec.horizon_days) + "\n" + t(why, lang, cap=f"{cap:.0%}"))
        ax.set_xlim(x[0], x[-1])
        ax.set_ylim(bottom=min(ax.get_ylim()[0], -cap * 100 - 3))  # the cap line clear of the frame
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7.5, loc="lower right", title=_hedge_label(hedge, lang) if options else None,
                  title_fontsize=8)
        return _finish(fig)


def heatmap_index_fx(config: Config, hedge: HedgeResult | None, cap: float, lang: Lang | str = Lang.EN) -> Figure:
    """Account P&L (% of NAV) over index move × FX move at the horizon: unhedged, and with ``hedge`` beside it.

    Cells losing more than ``cap`` are boxed. Each panel's image has ``gid`` ``"unhedged"`` or ``"hedged"``; its
    array is (FX rows, index columns) in percent of NAV.
    """
    lang, spec = Lang(lang), config.scenarios
    eq = np.round(np.arange(-0.40, 0.2001, 0.05), 4)
    options = hedge_lines(hedge)
    panels = {"unhedged": grid_pnl(config, eq, HEATMAP_FX, [])}
    if options:
        panels["hedged"] = grid_pnl(config, eq, HEATMAP_FX, options)
    top = max(np.abs(p).max() for p in panels.values()) * 100
    pair = f"{spec.currency}{config.account.base_currency}"
    yen = config.account.base_currency == "JPY"
    with _font(lang):
        fig, axes = plt.subplots(1, len(panels), figsize=(6.2 * len(panels) + 1, 5.2), squeeze=False, sharey=True)
        for ax, (kind, pct) in zip(axes[0], panels.items(), strict=True):
            image = ax.imshow(pct.T * 100, cmap="RdYlGn", aspect="auto", origin="lower", vmin=-top, vmax=top, gid=kind)
            ax.set_xticks(range(eq.size), [signed_pct(e) for e in eq], fontsize=8)
            levels = [f"{level_text(config, f, lang)} ({signed_pct(f)})" for f in HEATMAP_FX]
            ax.set_yticks(range(HEATMAP_FX.size), levels, fontsize=8)
            for i in range(eq.size):
                for j in range(HEATMAP_FX.size):
                    ax.text(i, j, f"{pct[i, j] * 100:.1f}".replace("-", "−"), ha="center", va="center", fontsize=7)
                    if pct[i, j] < -cap - 1e-12:
                        ax.add_patch(plt.Rectangle((i - 0.5, j - 0.5), 1, 1, fill=False, linewidth=1.5))
            ax.set_title(_hedge_label(hedge, lang) if kind == "hedged" else t("fig_unhedged", lang), fontsize=10)
            ax.set_xlabel(t("fig_index_move", lang, index=spec.model.driver, days=spec.horizon_days))
        axes[0, 0].set_ylabel(t("fig_fx_axis_yen" if yen else "fig_fx_axis", lang, pair=pair, days=spec.horizon_days,
                                ccy=spec.currency))
        fig.colorbar(image, ax=axes[0, -1], label=t("fig_pnl_pct", lang))
        fig.suptitle(t("fig_heatmap_title", lang, ccy=_unit(config.account.base_currency, lang).removeprefix("万"),
                       days=spec.horizon_days, index=spec.model.driver, pair=pair, cap=f"−{cap:.0%}"), fontsize=11)
        return _finish(fig)


def frontier_figure(frontier: pd.DataFrame, base_currency: str, *, integer: bool = True,
                    chosen: HedgeResult | None = None, lang: Lang | str = Lang.EN) -> Figure:
    """Cost of the cheapest hedge against the cap, one line per family, the recommended hedge starred.

    Parameters
    ----------
    frontier : pandas.DataFrame
        :func:`hedgeopt.optimizer.comparison.frontier`: ``family``, ``cap``, ``cost`` (base currency).
    base_currency : str
    integer : bool, default True
        Whether ``frontier`` was solved in whole contracts (the title says which).
    chosen : HedgeResult, optional
        The recommended hedge, starred at (its cap, its cost).
    lang : {"en", "ja"}, default "en"
    """
    lang = Lang(lang)
    styles = ("-", "--", ":", "-.", (0, (1, 3)))  # a family equal to another stays visible on top of it
    with _font(lang):
        fig, ax = plt.subplots(figsize=(8, 4.8))
        for k, (family, rows) in enumerate(frontier.groupby("family", sort=False)):
            ax.plot(rows["cap"] * 100, rows["cost"], marker="os^Dv"[k % 5], linestyle=styles[k % 5], gid=family,
                    linewidth=2.2 if k == 0 else 1.4, label=family_name(family, lang))
        if chosen is not None and chosen.optimal and chosen.cap is not None:
            ax.plot(chosen.cap * 100, chosen.cost, "*", markersize=16, color="firebrick", gid="recommended",
                    label=f"{t('fig_recommended', lang)}: {money(chosen.cost, base_currency, lang)}")
        unit = _money_axis(ax.yaxis, base_currency, lang)
        ax.set(xlabel=t("fig_cap_axis", lang), ylabel=t("fig_cost_axis", lang, unit=unit),
               title=t("fig_frontier_title", lang, kind=t("fig_whole" if integer else "fig_fractional", lang),
                       unit=unit))
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.legend()
        return _finish(fig)


YEN_RANGE = np.round(np.arange(-0.20, 0.2001, 0.01), 4)
"""Moves of the dollar against the yen drawn by :func:`yen_leg_figure`, decimal (−0.20: USDJPY 150 → 120)."""


def yen_leg_figure(config: Config, hedge: HedgeResult, cap: float, lang: Lang | str = Lang.EN) -> Figure:
    """Account P&L (% of NAV) against the dollar's move, index unchanged: unhedged, with the hedge's yen leg, the MMF.

    At the config horizon, the worst over its vol responses (as the optimizer judges): the account as held
    (dashed, ``gid`` ``"unhedged"``), with the hedge's yen hedges only (solid, ``"yen leg"``: linear hedges and
    dollar puts, :func:`hedgeopt.face.figure_data.yen_lines`), with the whole hedge (thin, ``"hedged"``), and the
    dollar MMFs' value in yen alone (dotted, ``"mmf"``: their value × the move, what the yen leg is there for).

    Parameters
    ----------
    config : Config
    hedge : HedgeResult
        The recommended hedge; without yen hedges the yen-leg line is left out.
    cap : float
        Worst-case loss cap, positive fraction of NAV; drawn at −cap.
    lang : {"en", "ja"}, default "en"
    """
    lang, spec = Lang(lang), config.scenarios
    nav = config.account.nav(config.market)
    mmf = sum(config.account.to_base(config.market, config.account.mmf_units(config.market, f), f.currency)
              for f in config.account.mmf if f.currency == spec.currency)
    x = YEN_RANGE * 100
    lines = {"unhedged": ([], "--", 1.4, "black"), "yen leg": (yen_lines(hedge, config.market), "-", 2.4, "tab:blue"),
             "hedged": (hedge_lines(hedge), "-", 1.0, "tab:green")}
    with _font(lang):
        fig, ax = plt.subplots(figsize=(8.5, 5.2))
        for gid, (held, style, width, colour) in lines.items():
            if gid != "unhedged" and not held:
                continue
            pct = grid_pnl(config, [0.0], YEN_RANGE, held)[0] * 100
            ax.plot(x, pct, linestyle=style, linewidth=width, color=colour, gid=gid, label=t(f"fig_yen_{gid}", lang))
        ax.plot(x, mmf * YEN_RANGE / nav * 100, ":", color="tab:gray", gid="mmf",
                label=t("fig_yen_mmf", lang, value=money(mmf, config.account.base_currency, lang)))
        ax.axhline(-cap * 100, color="firebrick", linewidth=2, linestyle="-.", gid="cap",
                   label=t("fig_cap", lang, cap=f"{cap:.0%}"))
        ticks = YEN_RANGE[::5]
        ax.set_xticks(ticks * 100, [f"{m * 100:+.0f}%\n{level_text(config, m, lang)}" for m in ticks])
        pair = f"{spec.currency}{config.account.base_currency}"
        ax.set(xlabel=t("fig_yen_axis", lang, pair=pair, days=spec.horizon_days), ylabel=t("fig_pnl_pct", lang),
               title=t("fig_yen_title", lang, pair=pair, index=spec.model.driver, days=spec.horizon_days))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="lower right")
        return _finish(fig)


def decomposition_figure(stress_table: pd.DataFrame, base_currency: str, lang: Lang | str = Lang.EN) -> Figure:
    """Stacked P&L parts (carry, index, FX, options, funding) of the named historical episodes, unhedged; ◆ net."""
    lang = Lang(lang)
    names = {e.name for e in EPISODES}
    rows = stress_table[stress_table["label"].isin(names)].sort_values("pnl")
    labels = [named("episode", label, lang) for label in rows["label"]]
    with _font(lang):
        fig, ax = plt.subplots(figsize=(8.5, 0.45 * max(len(rows), 4) + 1.5))
        left_pos, left_neg = np.zeros(len(rows)), np.zeros(len(rows))
        for part in COMPONENTS:
            values = rows[part].to_numpy()
            left = np.where(values >= 0, left_pos, left_neg)
            ax.barh(labels, values, left=left, label=t(part, lang), gid=part)
            left_pos += np.maximum(values, 0)
            left_neg += np.minimum(values, 0)
        ax.plot(rows["pnl"], labels, "D", color="black", markersize=5, gid="net", label=t("fig_net", lang))
        unit = _money_axis(ax.xaxis, base_currency, lang)
        ax.set(xlabel=unit, title=t("fig_decomposition_title", lang, unit=unit))
        ax.axvline(0, color="black", linewidth=0.8)
        ax.use_sticky_edges = False  # a zero-width part would pin the axis to its bar's end
        ax.margins(x=0.08)
        ax.legend(loc="lower right", fontsize=8)
        return _finish(fig)


PATH_MARKERS = {
    "derisk": ("v", "red", "bt_derisk"),
    "reentry": ("^", "green", "bt_reentry"),
    "leverage_cap": ("s", "darkviolet", "bt_leverage_cap"),
    "margin_liquidation": ("X", "black", "fig_liquidation"),
    "futures_liquidation": ("X", "black", "fig_liquidation"),
    "fx_liquidation": ("X", "black", "fig_liquidation"),
}
"""How each rule trigger is marked: (marker, colour, catalogue key of its legend label). Rolls are not marked."""

PATH_LINES = ("as configured", "no rules", "hedge: none", "fx hedge: none")
"""Variants drawn bold in :func:`paths_figure`, in this order; the other variants are drawn thin."""

_BOLD_COLOURS = ("black", "tab:blue", "tab:orange", "tab:green")
_THIN_COLOURS = ("tab:gray", "tab:brown", "tab:olive", "tab:cyan", "tab:pink")


def paths_figure(runs: dict[str, PathRun], cap: float, base_currency: str, marked: str = "as configured",
                 path: int = 0, lang: Lang | str = Lang.EN) -> Figure:
    """NAV (top) and drawdown (bottom) of each variant over one path, with the rule triggers of ``marked``.

    Parameters
    ----------
    runs : dict of str to PathRun
        The variants run on the same paths (:func:`hedgeopt.paths.backtest.side_by_side`).
    cap : float
        Drawdown cap, positive fraction of NAV; drawn at −cap on the drawdown panel.
    base_currency : str
    marked : str, default "as configured"
        The run whose triggers are marked: derisk ▼ red, re-entry ▲ green, leverage cap ■, liquidations ✕
        black; option rolls are left out.
    path : int, default 0
        The path drawn (history has one).
    lang : {"en", "ja"}, default "en"
        Variant names, legend and axes in this language (the lines' ``gid`` is the variant's name).
    """
    lang = Lang(lang)
    first = next(iter(runs.values()))
    dates = first.paths.dates.to_numpy()
    bold = [n for n in dict.fromkeys((marked, *PATH_LINES)) if n in runs]
    thin = [n for n in runs if n not in bold]
    with _font(lang):
        fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6.5), sharex=True, height_ratios=(3, 2))
        for k, name in enumerate(bold + thin):
            strong = k < len(bold)
            colour = (_BOLD_COLOURS[k % len(_BOLD_COLOURS)] if strong
                      else _THIN_COLOURS[(k - len(bold)) % len(_THIN_COLOURS)])
            style = {"linewidth": 1.8 if strong else 0.9, "alpha": 1.0 if strong else 0.8, "color": colour,
                     "zorder": 4 if k == 0 else 3 if strong else 2, "label": named("variant", name, lang), "gid": name}
            top.plot(dates, runs[name].nav[path], **style)
            bottom.plot(dates, runs[name].drawdown[path] * 100, **style)
        cap_line = bottom.axhline(-cap * 100, color="red", linestyle="--", linewidth=1, zorder=1, gid="cap",
                                  label=t("fig_cap_short", lang, cap=f"{cap:.0%}"))
        if marked in runs:
            _mark_triggers(runs[marked], (top, bottom), path, named("variant", marked, lang), lang)
        start, end = (str(pd.Timestamp(d).date()) for d in dates[[0, -1]])
        unit = _money_axis(top.yaxis, base_currency, lang)
        top.set(ylabel=t("fig_nav_axis", lang, unit=unit), title=t("fig_paths_title", lang, unit=unit, start=start,
                                                                   end=end, marked=named("variant", marked, lang)))
        bottom.set(ylabel=t("fig_drawdown_axis", lang))
        for ax in (top, bottom):
            ax.grid(alpha=0.3)
        top.legend(fontsize=8, loc="lower left", ncol=2)
        bottom.legend(handles=[cap_line], fontsize=8, loc="lower left")
        fig.autofmt_xdate()
        return _finish(fig)


def _mark_triggers(run: PathRun, axes: tuple, path: int, marked: str, lang: Lang) -> None:
    """Mark ``run``'s rule triggers on path ``path`` on the NAV and drawdown panels (rolls left out)."""
    dates = run.paths.dates.to_numpy()
    label = run.paths.labels[path]
    events = run.events[(run.events["path"] == label) & (run.events["event"] != "roll")]
    drawn: set[str] = set()
    for event, (marker, colour, key) in PATH_MARKERS.items():
        days = events.loc[events["event"] == event, "day"].to_numpy(dtype=int)
        if days.size == 0:
            continue
        text = t(key, lang)
        style = {"linestyle": "none", "marker": marker, "color": colour, "markersize": 8, "zorder": 5,
                 "markeredgecolor": "white" if marker != "X" else colour,
                 "label": f"{text} ({marked})" if text not in drawn else "_nolegend_"}
        drawn.add(text)
        axes[0].plot(dates[days], run.nav[path, days], **style)
        axes[1].plot(dates[days], run.drawdown[path, days] * 100, **style)

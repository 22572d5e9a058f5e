"""The report's figures (matplotlib, Agg): each function returns a Figure; amounts in the base currency."""

from __future__ import annotations

from dataclasses import replace

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from hedgeopt.account.holdings import OptionPosition  # noqa: E402
from hedgeopt.account.pnl import COMPONENTS, account_pnl  # noqa: E402
from hedgeopt.config.config import Config  # noqa: E402
from hedgeopt.optimizer.result import HedgeResult  # noqa: E402
from hedgeopt.paths.result import PathRun  # noqa: E402
from scenarios import EPISODES, grid  # noqa: E402


def with_hedge(config: Config, hedge: HedgeResult) -> Config:
    """``config`` with the hedge's positions added to the account (whole contracts as given)."""
    held = tuple(OptionPosition(p.instrument, int(round(p.quantity))) for p in hedge.positions
                 if round(p.quantity) > 0)
    return replace(config, account=replace(config.account, satellite=(*config.account.satellite, *held)))


def pnl_vs_index(config: Config, hedges: dict[str, HedgeResult], cap: float) -> Figure:
    """Account P&L (% of NAV) against the index move at the horizon: unhedged and with each hedge; the cap line."""
    spec = config.scenarios
    moves = np.round(np.arange(-0.50, 0.2001, 0.01), 4)
    scenarios = grid(moves, [0.0], [0.0], [0.0], [spec.horizon_days], currency=spec.currency, model=spec.model)
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.plot(moves * 100, account_pnl(config.account, config.market, scenarios)["pnl_pct"] * 100, label="unhedged",
            color="black")
    styles = ("-", "--", ":")  # a hedge equal to one family's stays visible on top of it
    for k, (name, hedge) in enumerate(hedges.items()):
        if hedge.optimal:
            hedged = with_hedge(config, hedge)
            ax.plot(moves * 100, account_pnl(hedged.account, hedged.market, scenarios)["pnl_pct"] * 100, label=name,
                    linestyle=styles[k % len(styles)], linewidth=2.5 if k == 0 else 1.5)
    ax.axhline(-cap * 100, color="red", linestyle="--", label=f"cap −{cap:.0%}")
    ax.set(xlabel=f"{spec.model.driver} move over {spec.horizon_days} days (%)", ylabel="account P&L (% of NAV)",
           title="Account P&L against the index move (FX unchanged)")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return fig


def heatmap_index_fx(config: Config) -> Figure:
    """Account P&L (% of NAV) over index move × FX move at the horizon."""
    spec = config.scenarios
    eq = np.round(np.arange(-0.40, 0.2001, 0.05), 4)
    fx = np.round(np.arange(-0.15, 0.1501, 0.05), 4)
    scenarios = grid(eq, fx, [0.0], [0.0], [spec.horizon_days], currency=spec.currency, model=spec.model)
    pct = account_pnl(config.account, config.market, scenarios)["pnl_pct"].to_numpy().reshape(eq.size, fx.size)
    fig, ax = plt.subplots(figsize=(8, 5))
    image = ax.imshow(pct.T * 100, cmap="RdYlGn", aspect="auto", origin="lower",
                      vmin=-np.abs(pct).max() * 100, vmax=np.abs(pct).max() * 100)
    ax.set_xticks(range(eq.size), [f"{e + 0.0:+.0%}" for e in eq])
    ax.set_yticks(range(fx.size), [f"{f + 0.0:+.0%}" for f in fx])
    for i in range(eq.size):
        for j in range(fx.size):
            ax.text(i, j, f"{pct[i, j] * 100:.1f}", ha="center", va="center", fontsize=7)
    ax.set(xlabel=f"{spec.model.driver} move", ylabel=f"{spec.currency} move in {config.account.base_currency}",
           title="Account P&L (% of NAV): index × FX")
    fig.colorbar(image, ax=ax, label="% of NAV")
    fig.tight_layout()
    return fig


def frontier_figure(frontier: pd.DataFrame, base_currency: str) -> Figure:
    """Cost of the cheapest hedge against the cap, one line per family."""
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for family, rows in frontier.groupby("family"):
        ax.plot(rows["cap"] * 100, rows["cost"], marker="o", label=family)
    ax.set(xlabel="worst-case loss cap (% of NAV)", ylabel=f"premium ({base_currency})",
           title="Cost against the cap: puts, spreads, mix")
    ax.set_yscale("symlog", linthresh=100)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:,.0f}"))
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return fig


def decomposition_figure(stress_table: pd.DataFrame, base_currency: str) -> Figure:
    """Stacked P&L parts (carry, index, FX, options, funding) of the named historical episodes."""
    names = {e.name for e in EPISODES}
    rows = stress_table[stress_table["label"].isin(names)].sort_values("pnl")
    fig, ax = plt.subplots(figsize=(8, 0.45 * max(len(rows), 4) + 1.5))
    left_pos, left_neg = np.zeros(len(rows)), np.zeros(len(rows))
    for part in COMPONENTS:
        values = rows[part].to_numpy()
        left = np.where(values >= 0, left_pos, left_neg)
        ax.barh(rows["label"], values, left=left, label=part)
        left_pos += np.maximum(values, 0)
        left_neg += np.minimum(values, 0)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))
    ax.set(xlabel=base_currency, title="Historical episodes: where the P&L comes from")
    ax.axvline(0, color="black", linewidth=0.8)
    ax.margins(x=0.08)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


PATH_MARKERS = {
    "derisk": ("v", "red", "derisk"),
    "reentry": ("^", "green", "re-entry"),
    "leverage_cap": ("s", "darkviolet", "leverage cap"),
    "margin_liquidation": ("X", "black", "liquidation"),
    "futures_liquidation": ("X", "black", "liquidation"),
}
"""How each rule trigger is marked: (marker, colour, legend label). Option rolls are not marked (too many)."""

PATH_LINES = ("as configured", "no rules", "hedge: none")
"""Variants drawn bold in :func:`paths_figure`, in this order; the other variants are drawn thin."""

_BOLD_COLOURS = ("black", "tab:blue", "tab:orange")
_THIN_COLOURS = ("tab:gray", "tab:brown", "tab:olive", "tab:cyan", "tab:pink")


def paths_figure(runs: dict[str, PathRun], cap: float, base_currency: str, marked: str = "as configured",
                 path: int = 0) -> Figure:
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
    """
    first = next(iter(runs.values()))
    dates = first.paths.dates.to_numpy()
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6.5), sharex=True, height_ratios=(3, 2))
    bold = [n for n in dict.fromkeys((marked, *PATH_LINES)) if n in runs]
    thin = [n for n in runs if n not in bold]
    for k, name in enumerate(bold + thin):
        strong = k < len(bold)
        colour = _BOLD_COLOURS[k % 3] if strong else _THIN_COLOURS[(k - len(bold)) % len(_THIN_COLOURS)]
        style = {"linewidth": 1.8 if strong else 0.9, "alpha": 1.0 if strong else 0.8, "color": colour,
                 "zorder": 4 if k == 0 else 3 if strong else 2, "label": name}
        top.plot(dates, runs[name].nav[path], **style)
        bottom.plot(dates, runs[name].drawdown[path] * 100, **style)
    cap_line = bottom.axhline(-cap * 100, color="red", linestyle="--", linewidth=1, label=f"cap −{cap:.0%}", zorder=1)
    if marked in runs:
        run = runs[marked]
        label = run.paths.labels[path]
        events = run.events[(run.events["path"] == label) & (run.events["event"] != "roll")]
        drawn: set[str] = set()
        for event, (marker, colour, text) in PATH_MARKERS.items():
            days = events.loc[events["event"] == event, "day"].to_numpy(dtype=int)
            if days.size == 0:
                continue
            style = {"linestyle": "none", "marker": marker, "color": colour, "markersize": 8, "zorder": 5,
                     "markeredgecolor": "white" if marker != "X" else colour,
                     "label": f"{text} ({marked})" if text not in drawn else "_nolegend_"}
            drawn.add(text)
            top.plot(dates[days], run.nav[path, days], **style)
            bottom.plot(dates[days], run.drawdown[path, days] * 100, **style)
    start, end = (str(pd.Timestamp(d).date()) for d in dates[[0, -1]])
    top.set(ylabel=f"NAV ({base_currency})", title=f"NAV and drawdown, {start} to {end}\nvariants on the same "
            f"path; markers: rule triggers of '{marked}' (option rolls not marked)")
    top.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:,.0f}"))
    bottom.set(ylabel="drawdown (% from peak)")
    for ax in (top, bottom):
        ax.grid(alpha=0.3)
    top.legend(fontsize=8, loc="lower left", ncol=2)
    bottom.legend(handles=[cap_line], fontsize=8, loc="lower left")
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig

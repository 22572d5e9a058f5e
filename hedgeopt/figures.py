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

from hedgeopt.config import Config  # noqa: E402
from hedgeopt.holdings import OptionPosition  # noqa: E402
from hedgeopt.pnl import COMPONENTS, account_pnl  # noqa: E402
from hedgeopt.result import HedgeResult  # noqa: E402
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

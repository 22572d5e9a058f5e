"""The variants side by side (``hedgeopt simulate``) on a Monte Carlo path set too large for one memory.

Each shard runs every variant on its own blocks of paths (:func:`hedgeopt.paths.backtest.side_by_side`'s
simulator, the same rows) and sends back the per-path figures the table reads (:meth:`PathRun.metrics
<hedgeopt.paths.result.PathRun.metrics>`, the rule triggers counted, the hedge's cover and outlay per path): a
few dozen numbers a path, not its daily series. Put end to end in the set's order they make the table of one run
on the whole set (:func:`hedgeopt.paths.backtest.figures_row`), figure for figure.

What needs every path's daily series is not merged: the rule log comes from the first shard (its paths keep their
labels in the set), and the after-tax run and the NAV fan (JSON ``series``) are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from hedgeopt.config.config import Config
from hedgeopt.paths.backtest import Variant, figures_row, rule_trades, side_by_side_table, variant_rows
from hedgeopt.paths.engine import Simulator
from hedgeopt.paths.result import hedge_bought
from hedgeopt.shards.path_sets import PathShards, over_shards
from scenarios.paths.market_paths import MarketPaths

if TYPE_CHECKING:
    from distributed import Client


@dataclass(frozen=True)
class VariantShard:
    """One variant's per-path figures on one shard.

    Attributes
    ----------
    metrics : DataFrame
        :meth:`PathRun.metrics`, one row per path of the shard.
    trades : int
        Rule triggers logged on the shard (option rolls left out).
    cover, hedge_spend : ndarray or None
        Per path: the standing hedge's mean cover and its outlay, base currency (:class:`PathRun`).
    """

    metrics: pd.DataFrame
    trades: int
    cover: np.ndarray | None
    hedge_spend: np.ndarray | None


@dataclass(frozen=True)
class ShardedSideBySide:
    """The side-by-side table of a sharded run, and what it can say beside it.

    Attributes
    ----------
    table : DataFrame
        :func:`hedgeopt.paths.backtest.side_by_side`'s table on the whole set (``attrs`` ``skipped`` and ``cap``).
    plan : PathShards
        The set and how it was cut.
    header : MarketPaths
        One path of the set: its name, notes and dates.
    bought : dict of str to dict or None
        Per variant, :func:`hedgeopt.paths.result.hedge_bought` over every path (None: it bought nothing).
    events : DataFrame
        The first variant's events (rule triggers and option rolls, :attr:`PathRun.events`) on the first shard
        (paths ``mc 1`` to ``mc`` :attr:`PathShards.shard_paths`).
    descriptions : dict of str to dict
        Per variant, the rules, hedge, FX hedge and driver that ran (:attr:`PathRun.description`).
    """

    table: pd.DataFrame
    plan: PathShards
    header: MarketPaths
    bought: dict[str, dict[str, float] | None]
    events: pd.DataFrame
    descriptions: dict[str, dict[str, str]]


def _variants_on_shard(blocks: range, *, plan: PathShards, config: Config, variants: Sequence[Variant] | None
                       ) -> tuple[dict[str, VariantShard], pd.DataFrame, dict[str, dict[str, str]]]:
    """Every variant on the shard's paths: its per-path figures, the first variant's events and descriptions."""
    rows, _ = variant_rows(config, variants)
    paths = plan.draw(config, blocks)
    runs = Simulator.of_rows(config.market, paths, list(rows.values()), config.paths.frictions).runs()
    figures = {name: VariantShard(run.metrics(), rule_trades(run), run.cover, run.hedge_spend)
               for name, run in zip(rows, runs, strict=True)}
    first = runs[0]
    events = first.events if blocks.start == 0 else first.events.iloc[:0]
    return figures, events, {name: run.description for name, run in zip(rows, runs, strict=True)}


def side_by_side_sharded(client: Client | None, config: Config, plan: PathShards,
                         variants: Sequence[Variant] | None = None,
                         progress: Callable[[int], None] | None = None) -> ShardedSideBySide:
    """:func:`hedgeopt.paths.backtest.side_by_side` on ``plan``'s path set, run shard by shard on ``client``.

    ``client`` None runs the shards in this process one after another (:func:`hedgeopt.cluster.open_client` of
    ``Engine(workers=0)``); a Dask client runs them on its workers, one shard at a time each. ``progress(k)`` is
    called with the number of shards done. The table equals ``side_by_side(config, plan.whole(config))``'s.
    """
    rows, skipped = variant_rows(config, variants)
    parts = list(over_shards(client, plan, _variants_on_shard, {"config": config, "variants": variants}, progress))
    header = plan.header(config)
    table, bought = {}, {}
    for name in rows:
        shards = [figures[name] for _, (figures, _, _) in parts]
        metrics = pd.concat([s.metrics for s in shards])
        table[name] = figures_row(metrics, plan.n_days, sum(s.trades for s in shards), config.risk.cap)
        bought[name] = _bought(shards, header)
    events = pd.concat([ev for _, (_, ev, _) in parts])
    frame = side_by_side_table(table, skipped, config.risk.cap, config.paths.calls)
    return ShardedSideBySide(frame, plan, header, bought, events, parts[0][1][2])


def _bought(shards: list[VariantShard], header: MarketPaths) -> dict[str, float] | None:
    """:func:`hedge_bought` over the shards' paths end to end."""
    if any(s.cover is None or s.hedge_spend is None for s in shards):
        return None
    return hedge_bought(np.concatenate([s.cover for s in shards]), np.concatenate([s.hedge_spend for s in shards]),
                        header.dates)

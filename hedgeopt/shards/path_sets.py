"""A Monte Carlo path set cut into shards of whole blocks, each drawn where it runs.

A path set of the config's model (:func:`hedgeopt.paths.backtest.simulated_paths`) is the concatenation of blocks
of :data:`~scenarios.paths.monte_carlo.PATH_BLOCK` paths, each from its own random stream of the seed
(:func:`~scenarios.paths.monte_carlo.block_rng`). A shard is a range of consecutive blocks: a worker draws it from
the seed, the config and the block numbers alone, so no path crosses the network, and it holds one shard at a time.
Run on every shard and put end to end, the per-path figures are those of one run on the whole set in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hedgeopt.cluster import run_tasks
from hedgeopt.config.config import Config
from hedgeopt.paths.backtest import simulated_paths
from pricing import InputError
from scenarios.paths.market_paths import MarketPaths
from scenarios.paths.monte_carlo import PATH_BLOCK, n_blocks

if TYPE_CHECKING:
    from distributed import Client

SHARD_ABOVE = 50_000
"""Most Monte Carlo paths ``hedgeopt simulate`` and ``hedgeopt program`` run in one process: above it they run in
shards on Dask (:func:`wants_shards`). One run keeps every path's daily series (NAV, cash, exposure, ... : about
nine arrays of ``n_paths x (n_days + 1)`` floats) for each of its variants: 50,000 paths of a year take about
0.9 GB a variant, 7 GB for the eight variants of ``simulate``; a shard holds :data:`PATH_BLOCK` paths."""


@dataclass(frozen=True)
class PathShards:
    """The config's Monte Carlo path set, cut into shards of ``blocks_per_shard`` blocks of ``block_size`` paths.

    Parameters
    ----------
    n_paths, n_days : int
        Paths in the whole set and trading days per path, >= 1.
    seed : int
        The set's seed (:func:`PathShards.of` draws one for a config without).
    block_size : int, default PATH_BLOCK
        Paths per block: the set's random streams (another size is another set beyond the first block).
    blocks_per_shard : int, default 1
        Blocks a worker draws and runs at once (its memory: ``blocks_per_shard * block_size`` paths).
    """

    n_paths: int
    n_days: int
    seed: int
    block_size: int = PATH_BLOCK
    blocks_per_shard: int = 1

    def __post_init__(self) -> None:
        for field in ("n_paths", "n_days", "block_size", "blocks_per_shard"):
            value = getattr(self, field)
            if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
                raise InputError(field, value, "an integer >= 1")

    @classmethod
    def of(cls, config: Config, n_paths: int | None = None, n_days: int | None = None, seed: int | None = None,
           **cuts: int) -> PathShards:
        """The set ``hedgeopt simulate`` draws: ``[paths]`` n_paths, n_days and seed unless given.

        A config without a seed gets fresh entropy, fixed here so that every shard draws from the same set.
        ``cuts``: ``block_size``, ``blocks_per_shard``.
        """
        spec = config.paths
        seed = spec.seed if seed is None else seed
        if seed is None:
            seed = int(np.random.SeedSequence().entropy)
        return cls(spec.n_paths if n_paths is None else n_paths, spec.n_days if n_days is None else n_days,
                   seed, **cuts)

    @property
    def n_blocks(self) -> int:
        """Blocks in the set (the last one may be shorter)."""
        return n_blocks(self.n_paths, self.block_size)

    def shards(self) -> list[tuple[str, range]]:
        """``(key, blocks)`` of every shard, in order: ``("shard-0", range(0, 1)), ...``."""
        step, total = self.blocks_per_shard, self.n_blocks
        return [(f"shard-{i}", range(start, min(start + step, total)))
                for i, start in enumerate(range(0, total, step))]

    def draw(self, config: Config, blocks: range) -> MarketPaths:
        """The paths of ``blocks`` of the set, labelled as in the whole set (``mc 10001``, ...)."""
        return simulated_paths(config, self.n_paths, self.n_days, self.seed, blocks=blocks,
                               block_size=self.block_size)

    def whole(self, config: Config) -> MarketPaths:
        """The whole set in one memory: what the shards are, end to end (for sizes where it fits)."""
        return simulated_paths(config, self.n_paths, self.n_days, self.seed, block_size=self.block_size)

    def header(self, config: Config) -> MarketPaths:
        """One path of the set: its name, notes and dates (``n_paths`` is not the set's)."""
        return simulated_paths(config, 1, self.n_days, self.seed, block_size=self.block_size)

    @property
    def shard_paths(self) -> int:
        """Most paths in one shard (what a worker holds at once)."""
        return min(self.blocks_per_shard * self.block_size, self.n_paths)


def wants_shards(n_paths: int, engine_given: bool) -> bool:
    """Whether a command runs its paths in shards: an engine was asked for, or more than :data:`SHARD_ABOVE`."""
    return engine_given or n_paths > SHARD_ABOVE


def over_shards(client: Client | None, plan: PathShards, task: Callable[..., Any], shared: dict[str, Any],
                done: Callable[[int], None] | None = None) -> Iterator[tuple[range, Any]]:
    """``task(blocks, plan=plan, **shared)`` on every shard, yielded in the set's order; ``done(k)`` as each ends.

    ``client`` None: in this process, one shard after another. On Dask, ``shared`` and the plan go to each worker
    once (:func:`hedgeopt.cluster.run_tasks`) and each task sends back its result only.
    """
    shards = dict(plan.shards())
    results = {}
    for key, result in run_tasks(client, task, shards.items(), {**shared, "plan": plan}):
        results[key] = result
        if done is not None:
            done(len(results))
    for key, blocks in shards.items():
        yield blocks, results.pop(key)

"""A Monte Carlo scenario set described, not held: its parameters, seed and size, cut into shards of whole blocks.

The description is a few hundred bytes: the client sends it to the workers, and each draws its own shards from the
seed (:func:`scenarios.sets.monte_carlo.monte_carlo` with ``rows``), so that no scenario crosses the network and the
set never sits in one memory. The shards joined in order are the set :meth:`ShardedSet.whole` draws in one go.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from hedgeopt.config.config import Config
from pricing import InputError
from scenarios import ScenarioSet
from scenarios.sets.monte_carlo import MC_BLOCK, monte_carlo

SHARD_KEY = "shard_rows"
"""The ``[scenarios.monte_carlo]`` key that sets the rows per shard (and asks for a sharded run)."""


@dataclass(frozen=True, eq=False)
class ShardedSet:
    """``n`` Monte Carlo scenarios of seed ``seed`` in shards of ``shard_rows`` rows (the last one shorter).

    Parameters
    ----------
    n : int
        Scenarios in the whole set, >= 1.
    seed : int
        The set's seed (:func:`~scenarios.sets.monte_carlo.block_seed`): a whole number, since every worker draws
        its rows from it.
    params : mapping, optional
        The other keyword arguments of :func:`~scenarios.sets.monte_carlo.monte_carlo` (``horizon_days``, ``dist``,
        ``vols``, ``vol_response`` ...).
    shard_rows : int, default :data:`~scenarios.sets.monte_carlo.MC_BLOCK`
        Rows per shard: a whole number of blocks. A worker keeps the shards it drew up to
        :data:`hedgeopt.shards.worker.CACHE_BYTES` (about 110 MB each at a million rows).
    block : int, default :data:`~scenarios.sets.monte_carlo.MC_BLOCK`
        Rows per block of the draw (a smaller one draws another set: tests only).

    Raises
    ------
    InputError
        Naming ``seed`` when it is not a whole number >= 0, ``shard_rows`` when it is not a positive multiple of
        ``block``, or the Monte Carlo parameter that :func:`~scenarios.sets.monte_carlo.monte_carlo` refuses.
    """

    n: int
    seed: int
    params: Mapping[str, Any] = field(default_factory=dict)
    shard_rows: int = MC_BLOCK
    block: int = MC_BLOCK

    def __post_init__(self) -> None:
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise InputError("seed", self.seed, "a whole number >= 0: every worker draws its shards from it")
        self.stand_in()  # the parameters' own checks, on one row
        size = self.shard_rows
        if isinstance(size, bool) or not isinstance(size, int) or size < 1 or size % self.block:
            raise InputError("shard_rows", size, f"a positive multiple of {self.block:,} rows (a block)")
        try:
            n = operator.index(self.n)
        except TypeError:
            raise InputError("n", self.n, "an integer >= 1, such as 10_000_000") from None
        if n < 1:
            raise InputError("n", n, "an integer >= 1, such as 10_000_000")

    def __len__(self) -> int:
        return self.n

    @property
    def shards(self) -> list[tuple[int, int]]:
        """``(start, stop)`` rows of each shard, in order."""
        return [(start, min(start + self.shard_rows, self.n)) for start in range(0, self.n, self.shard_rows)]

    def draw(self, i: int) -> ScenarioSet:
        """Shard ``i``: its rows of the whole set, labels included."""
        return monte_carlo(self.n, seed=self.seed, rows=self.shards[i], block=self.block, **self.params)

    def whole(self) -> ScenarioSet:
        """The whole set in one memory (the single-machine twin, for sizes that fit)."""
        return monte_carlo(self.n, seed=self.seed, block=self.block, **self.params)

    def stand_in(self) -> ScenarioSet:
        """One row of the set's model (not a row of the set): the scenarios of a problem that has no in-memory part."""
        return monte_carlo(1, seed=self.seed, block=self.block, **self.params)

    @classmethod
    def from_config(cls, config: Config, shard_rows: int | None = None) -> ShardedSet:
        """The ``[scenarios.monte_carlo]`` set of ``config``, drawn as :meth:`Config.scenario_set` draws it.

        ``shard_rows``: rows per shard; None: the section's ``shard_rows``, else :data:`MC_BLOCK`.

        Raises
        ------
        InputError
            Naming ``scenarios.monte_carlo`` when the config has none, ``scenarios.monte_carlo.seed`` when it has
            no seed, or ``scenarios.monte_carlo.shard_rows``.
        """
        spec = config.scenarios
        if not spec.monte_carlo:
            raise InputError("scenarios.monte_carlo", None, "a [scenarios.monte_carlo] section to shard")
        mc = dict(spec.monte_carlo)
        n, seed, rows = mc.pop("n"), mc.pop("seed", None), mc.pop(SHARD_KEY, MC_BLOCK)
        params = {"horizon_days": spec.horizon_days, "currency": spec.currency,
                  "base": config.market.base_currency, "vol_response": spec.model.vol_response,
                  "fx_vol_response": spec.model.fx_vol_response, **mc}
        try:
            return cls(n, seed, params, rows if shard_rows is None else shard_rows)
        except InputError as exc:
            raise InputError(f"scenarios.monte_carlo.{exc.field}", exc.value, exc.expected) from None


def is_sharded(config: Config) -> bool:
    """True when the config's Monte Carlo set runs in shards: ``shard_rows`` given, or more than MC_BLOCK rows."""
    mc = config.scenarios.monte_carlo
    return bool(mc) and (SHARD_KEY in mc or mc["n"] > MC_BLOCK)


def memory_part(config: Config) -> ScenarioSet | None:
    """The config's scenarios other than Monte Carlo (the grid, the episodes), held in memory; None if none."""
    spec = config.scenarios
    if spec.grid is None and not spec.historical:
        return None
    return replace(config, scenarios=replace(spec, monte_carlo=None)).scenario_set()

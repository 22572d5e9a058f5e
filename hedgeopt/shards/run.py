"""From a config to the sharded hedge: the call behind ``hedgeopt hedge`` when ``[scenarios.monte_carlo]`` is large.

The config's grid and episodes stay in memory as one part of the set; its Monte Carlo rows are drawn on the workers
shard by shard (:class:`~hedgeopt.shards.sharded_set.ShardedSet`). The cap holds on all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hedgeopt.config.config import Config
from hedgeopt.config.risk_spec import CVaRCap
from hedgeopt.optimizer.hedging import hedge_problem
from hedgeopt.shards.hedge import ShardRun, hedge_sharded
from hedgeopt.shards.sharded_set import ShardedSet, memory_part

if TYPE_CHECKING:
    from distributed import Client


def hedge_config(
    config: Config, client: Client | None = None, *, shard_rows: int | None = None, cap: float | None = None,
    cvar: CVaRCap | None = None, integer: bool | None = None, budget: float | None = None,
    after_tax: bool | None = None, cap_after_tax: bool | None = None, check: bool = True, extras: bool = False,
) -> ShardRun:
    """The cheapest hedge of ``config`` with its Monte Carlo set sharded on ``client`` (None: in this process).

    The overrides are those of :func:`hedgeopt.optimizer.hedging.hedge_problem`; ``shard_rows`` overrides
    ``[scenarios.monte_carlo] shard_rows``; ``check`` and ``extras`` are those of
    :func:`~hedgeopt.shards.hedge.hedge_sharded`.

    Raises
    ------
    InputError
        Naming ``scenarios.monte_carlo`` (none, or no seed), ``risk.cvar``, ``hedge.after_tax`` or
        ``hedge.cap_after_tax`` (not on a sharded set).
    """
    sharded = ShardedSet.from_config(config, shard_rows)
    part = memory_part(config)
    problem = hedge_problem(config, cap=cap, cvar=cvar, integer=integer, budget=budget, after_tax=after_tax,
                            cap_after_tax=cap_after_tax, scenarios=part if part is not None else sharded.stand_in())
    return hedge_sharded(problem, sharded, client, memory=part is not None, check=check, extras=extras)

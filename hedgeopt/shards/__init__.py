"""Scenario and path sets larger than memory, generated and evaluated in shards on Dask workers.

A shard is a block of rows (scenarios or paths) that a worker draws from the set's seed and its own index, so that
no shard is ever sent over the network and the whole set never sits in one memory; the sharded answers equal the
single-machine ones on sizes where both fit. Imports ``hedgeopt.cluster`` and the rooms below it (``optimizer``,
``paths``, ``program``), never ``batch`` or ``face``.
"""

from hedgeopt.shards.hedge import ShardRun, hedge_sharded
from hedgeopt.shards.path_engine import ShardedSideBySide, side_by_side_sharded
from hedgeopt.shards.path_sets import SHARD_ABOVE, PathShards, wants_shards
from hedgeopt.shards.programs import OnShards, program_answer_sharded
from hedgeopt.shards.run import hedge_config
from hedgeopt.shards.sharded_set import ShardedSet, is_sharded, memory_part

__all__ = ["SHARD_ABOVE", "OnShards", "PathShards", "ShardRun", "ShardedSet", "ShardedSideBySide", "hedge_config",
           "hedge_sharded", "is_sharded", "memory_part", "program_answer_sharded", "side_by_side_sharded",
           "wants_shards"]

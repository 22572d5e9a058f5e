"""Scenario and path sets larger than memory, generated and evaluated in shards on Dask workers.

A shard is a block of rows (scenarios or paths) that a worker draws from the set's seed and its own index, so that
no shard is ever sent over the network and the whole set never sits in one memory; the sharded answers equal the
single-machine ones on sizes where both fit. Imports ``hedgeopt.cluster`` and the rooms below it (``optimizer``,
``paths``, ``program``), never ``batch`` or ``face``.
"""

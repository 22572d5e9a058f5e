"""Where work beyond one account runs: Dask (``dask.distributed``), on this machine or on a cluster.

:class:`Engine` says where (in this process, a ``LocalCluster`` sized to the machine, or an existing scheduler by
address); :func:`open_client` opens it; :func:`run_tasks` maps one function over many items with the shared inputs
sent to every worker once (:func:`share` sends them once for several calls). ``hedgeopt.batch`` (many accounts) and
``hedgeopt.shards`` (scenario and path sets larger than memory) stand on it.

Imports ``pricing`` (its errors) and Dask, nothing else of hedgeopt: any room above may run work on it.
"""

from hedgeopt.cluster.client import ClusterError, Engine, open_client, run_tasks, share

__all__ = ["ClusterError", "Engine", "open_client", "run_tasks", "share"]

"""Many accounts at once — an adviser's or a broker's whole book — on Dask: ``hedgeopt batch``.

:mod:`~hedgeopt.batch.sources` reads the accounts (a folder of TOML configs, or one CSV or Parquet table with a
shared TOML), :mod:`~hedgeopt.batch.evaluate` answers for one account (checklist, worst case, the named stress,
the cheapest verified hedge at the cap, the largest leverage), :mod:`~hedgeopt.batch.store` keeps the answers as
Parquet parts written atomically, :mod:`~hedgeopt.batch.run` drives it all on a :class:`~hedgeopt.cluster.Engine`
and :mod:`~hedgeopt.batch.summary` totals the book. Imports ``cluster``, ``config``, ``risk`` and ``optimizer``;
``face`` prints it.
"""

from hedgeopt.batch.run import BatchResult, run_batch
from hedgeopt.batch.sources import AccountInput, from_folder, from_table, read_accounts
from hedgeopt.batch.summary import BatchSummary, summarise

__all__ = ["AccountInput", "BatchResult", "BatchSummary", "from_folder", "from_table", "read_accounts", "run_batch",
           "summarise"]

"""A batch from start to finish: skip what is done, share what is common, answer the rest, write as it comes.

1. Fingerprint every account's input (with the hedgeopt version) and skip those already answered in ``out``
   (:class:`~hedgeopt.batch.store.ResultStore`) unless ``force``.
2. Build each context shared by two or more pending accounts once, here (the scenario set and the priced
   candidates: :class:`~hedgeopt.config.config.Prebuilt`); they are sent to every worker once.
3. Cut the pending accounts, sorted by id, into partitions of ``partition_size``; each partition is one task.
4. Write each partition's rows as a Parquet part the moment it comes back: a run killed at any point keeps every
   finished part, and the next run recomputes only the rest.

The answers do not depend on where they ran: each account is answered alone, from its own input, and the table is
read back sorted by id — the same for the serial loop, one worker or many.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from hedgeopt._version import __version__
from hedgeopt.batch.evaluate import context_of, evaluate_all
from hedgeopt.batch.sources import AccountInput
from hedgeopt.batch.store import ResultStore
from hedgeopt.batch.summary import BatchSummary, summarise
from hedgeopt.cluster import Engine, open_client, run_tasks
from hedgeopt.config.config import Prebuilt
from pricing import InputError

PARTITION_SIZE = 50
"""Accounts per task and per Parquet part (about 10–20 s of work for a typical account set)."""


@dataclass(frozen=True)
class BatchResult:
    """What a batch run did and found.

    Attributes
    ----------
    table : DataFrame
        One row per account of the input, sorted by id (columns of :data:`~hedgeopt.batch.evaluate.SCHEMA`).
    summary : BatchSummary
    out : Path
        The output folder (``parts/`` holds the Parquet parts).
    computed, reused : int
        Accounts answered by this run, and found answered on disk.
    engine : str
        Where it ran (:meth:`~hedgeopt.cluster.Engine.describe`).
    seconds : float
        Wall time of the run.
    """

    table: pd.DataFrame
    summary: BatchSummary
    out: Path
    computed: int
    reused: int
    engine: str
    seconds: float

    def as_dict(self) -> dict[str, object]:
        """The summary and the run's figures (for JSON); the rows are in the Parquet parts."""
        return {"summary": self.summary.as_dict(), "out": str(self.out), "computed": self.computed,
                "reused": self.reused, "engine": self.engine, "seconds": self.seconds}


def fingerprint(item: AccountInput) -> str:
    """The input's fingerprint with the hedgeopt version: a new version answers again."""
    return hashlib.sha256(f"{__version__}:{item.fingerprint}".encode()).hexdigest()


def _contexts(pending: Sequence[AccountInput]) -> dict[str, Prebuilt]:
    """The contexts of two or more pending accounts, each built once; a context of one is built by its task."""
    groups: dict[str, list[AccountInput]] = defaultdict(list)
    for item in pending:
        if item.error is None:
            groups[item.context].append(item)
    built = {key: context_of(items) for key, items in groups.items() if len(items) > 1}
    return {key: value for key, value in built.items() if value is not None}


def _check(accounts: Sequence[AccountInput], partition_size: int) -> None:
    if isinstance(partition_size, bool) or not isinstance(partition_size, int) or partition_size < 1:
        raise InputError("partition_size", partition_size, "a whole number of accounts per part >= 1")
    ids = [a.id for a in accounts]
    if len(set(ids)) != len(ids):
        seen: set[str] = set()
        repeated = next(i for i in ids if i in seen or seen.add(i))
        raise InputError("accounts", repeated, "account ids that name one account each (this one repeats)")


def run_batch(
    accounts: Sequence[AccountInput], out: str | Path, engine: Engine | None = None, *, force: bool = False,
    partition_size: int = PARTITION_SIZE, progress: Callable[[int, int], None] | None = None,
) -> BatchResult:
    """Answer every account (see :mod:`hedgeopt.batch.evaluate`) on ``engine``, keeping the answers in ``out``.

    Parameters
    ----------
    accounts : sequence of AccountInput
        From :func:`~hedgeopt.batch.sources.read_accounts`; ids unique.
    out : str or Path
        Output folder: Parquet parts under ``out/parts``; reused by the next run.
    engine : Engine, optional
        Where to run; default a ``LocalCluster`` with one worker per core.
    force : bool, default False
        Answer every account again (the parts on disk are removed first).
    partition_size : int, default :data:`PARTITION_SIZE`
        Accounts per task and per part.
    progress : callable, optional
        Called as ``progress(done, total)`` after each part is written (accounts of this run).

    Returns
    -------
    BatchResult
    """
    start = time.perf_counter()
    engine = Engine() if engine is None else engine
    _check(accounts, partition_size)
    store = ResultStore(out)
    if force:
        store.clear()
    prints = {a.id: fingerprint(a) for a in accounts}
    done = store.finished()
    pending = sorted((a for a in accounts if done.get(a.id) != prints[a.id]), key=lambda a: a.id)
    if pending:
        store.prepare()
        _answer(pending, prints, store, engine, partition_size, progress)
    table = store.read()
    table = table[table["id"].isin(prints.keys())].reset_index(drop=True)
    return BatchResult(table, summarise(table), store.out, len(pending), len(accounts) - len(pending),
                       engine.describe(), time.perf_counter() - start)


def _answer(pending: list[AccountInput], prints: dict[str, str], store: ResultStore, engine: Engine,
            partition_size: int, progress: Callable[[int, int], None] | None) -> None:
    contexts = _contexts(pending)
    first = store.next_number()
    parts = [pending[k:k + partition_size] for k in range(0, len(pending), partition_size)]
    items = [(f"partition-{first + k}", [(a, prints[a.id]) for a in part]) for k, part in enumerate(parts)]
    finished = 0
    with open_client(engine) as client:
        for key, rows in run_tasks(client, evaluate_all, items, {"contexts": contexts}):
            store.write(int(key.rsplit("-", 1)[1]), rows)
            finished += len(rows)
            if progress is not None:
                progress(finished, len(pending))

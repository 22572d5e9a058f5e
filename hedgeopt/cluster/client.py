"""A Dask client for the engine asked for, and one way to map a function over many items on it.

Three places to run, one code path:

* ``Engine(workers=0)`` — in this process, one item after another, no Dask at all: the plain serial loop that the
  tests hold the distributed runs to;
* ``Engine()`` or ``Engine(workers=N)`` — a ``distributed.LocalCluster`` of ``N`` worker processes (default: one per
  core), one thread each (QuantLib, cvxpy and HiGHS are not shared between threads here), each with
  ``memory_limit`` (default: this machine's memory shared equally); the cluster lives as long as the ``with`` block;
* ``Engine(scheduler="tcp://HOST:PORT")`` — an existing cluster, started with Dask's own ``dask scheduler`` and
  ``dask worker`` commands, dask-jobqueue or the Dask Kubernetes operator (docs/batch.md says how). Its workers
  need hedgeopt installed, the same version.

Shared inputs (the market, the scenario set, the candidates) are scattered once with ``broadcast=True`` and handed
to each task as a future: a worker holds one copy, whatever the number of tasks.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pricing import InputError

if TYPE_CHECKING:
    from distributed import Client

CONNECT_TIMEOUT = "15s"
"""How long to wait for a scheduler given by address before saying it cannot be reached."""
SCHEMES = ("tcp://", "tls://", "ucx://", "ws://", "wss://", "inproc://")
"""Address schemes Dask's comms understand."""


WORKER_ENVIRON = {"MALLOC_TRIM_THRESHOLD_": None}
"""Changes to the environment Dask's nannies give the workers they start (``distributed.nanny.pre-spawn-environ``).

None unsets: Dask sets ``MALLOC_TRIM_THRESHOLD_=65536`` to hand freed memory back to the OS sooner, which also
turns off glibc's dynamic mmap threshold (``mallopt(3)``), so every large numpy temporary is mapped and unmapped
afresh: the path engine ran 4.4 times slower under it (25 programs x 10,000 paths x 126 days: 27.5 s against
6.3 s). hedgeopt's tasks free their arrays when they end; the worker's memory limit still holds."""


class ClusterError(InputError):
    """The scheduler cannot be reached or the cluster cannot start: names the address and what went wrong."""


@dataclass(frozen=True)
class Engine:
    """Where the work runs.

    Parameters
    ----------
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://10.0.0.5:8786``). None: a ``LocalCluster`` on this machine
        (or no Dask at all when ``workers == 0``).
    workers : int, optional
        Worker processes of the ``LocalCluster``: 0 runs in this process without Dask (the serial loop); None:
        one per core (``os.cpu_count()``). Ignored with ``scheduler`` (the cluster has its own).
    memory_limit : str, default "auto"
        Memory per local worker, in Dask's words (``"4GiB"``, ``"auto"``: the machine's memory over the workers).
        A worker above 80% spills, above 95% is restarted and its task re-run elsewhere.
    """

    scheduler: str | None = None
    workers: int | None = None
    memory_limit: str = "auto"

    def __post_init__(self) -> None:
        if self.scheduler is not None:
            if not isinstance(self.scheduler, str) or not self.scheduler.startswith(SCHEMES):
                raise InputError("scheduler", self.scheduler, "a Dask scheduler address such as tcp://HOST:8786")
        if self.memory_limit != "auto" and _bytes(self.memory_limit) is None:
            raise InputError("memory_limit", self.memory_limit, 'a size such as "4GiB" or "auto"')
        if self.workers is not None and (isinstance(self.workers, bool) or not isinstance(self.workers, int)
                                         or self.workers < 0):
            raise InputError("workers", self.workers, "a whole number of worker processes >= 0 (0: no Dask)")

    @property
    def serial(self) -> bool:
        """True when the work runs in this process, one item after another, without Dask."""
        return self.scheduler is None and self.workers == 0

    @property
    def local_workers(self) -> int:
        """Worker processes a ``LocalCluster`` of this engine starts."""
        return self.workers if self.workers else max(os.cpu_count() or 1, 1)

    def describe(self) -> str:
        """One phrase: ``serial (no Dask)``, ``LocalCluster, 2 workers`` or the scheduler's address."""
        if self.serial:
            return "serial (no Dask)"
        if self.scheduler is not None:
            return self.scheduler
        n = self.local_workers
        return f"LocalCluster, {n} worker{'s' if n != 1 else ''}"


def _bytes(size: object) -> int | None:
    """``size`` (``"4GiB"``, ``"500MB"``) in bytes by Dask's own reading, or None when it is not a positive size."""
    from dask.utils import parse_bytes

    if not isinstance(size, str):
        return None
    try:
        value = parse_bytes(size)
    except (ValueError, TypeError):
        return None
    return value if value > 0 else None


@contextmanager
def open_client(engine: Engine) -> Iterator[Client | None]:
    """A Dask client on ``engine`` for the ``with`` block (None for the serial engine); closed after it.

    Raises
    ------
    ClusterError
        The scheduler does not answer within :data:`CONNECT_TIMEOUT`, or the local cluster cannot start.
    """
    if engine.serial:
        yield None
        return
    from distributed import Client, LocalCluster

    _worker_environ()
    cluster = None
    try:
        if engine.scheduler is not None:
            client = Client(engine.scheduler, timeout=CONNECT_TIMEOUT)
        else:
            cluster = LocalCluster(n_workers=engine.local_workers, threads_per_worker=1, processes=True,
                                   memory_limit=engine.memory_limit, dashboard_address=":0",  # a free port, not 8787
                                   silence_logs=logging.ERROR)
            client = Client(cluster)
    except (OSError, TimeoutError, RuntimeError) as exc:
        if cluster is not None:
            cluster.close()
        where = engine.scheduler or "a local cluster"
        raise ClusterError("scheduler", where, "a Dask scheduler that answers", hint=str(exc) or type(exc).__name__) \
            from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _worker_environ() -> None:
    """Set :data:`WORKER_ENVIRON` in this process's Dask config, read by the nannies a local cluster starts."""
    import dask

    dask.config.set({f"distributed.nanny.pre-spawn-environ.{k}": v for k, v in WORKER_ENVIRON.items()})


def run_tasks(
    client: Client | None,
    fn: Callable[..., Any],
    items: Iterable[tuple[str, Any]],
    shared: Mapping[str, Any] | None = None,
    *,
    placement: Mapping[str, str] | None = None,
) -> Iterator[tuple[str, Any]]:
    """``fn(item, **shared)`` for every ``(key, item)``, yielded as ``(key, result)`` in the order they finish.

    With ``client`` None, in this process and in the order given. On Dask, ``shared`` is scattered to every worker
    once (a value :func:`share` already scattered is passed on as it is); each task is named by its key and a token
    of this call (keys are unique within one call), so that two calls never share a result. A task that raises
    re-raises here: ``fn`` should turn an expected failure into a result.

    ``placement`` maps keys to the worker address each task should run on when it can (Dask's loose restriction:
    elsewhere if that worker is gone), so that a worker that keeps something between calls — a shard it drew —
    gets the tasks that need it. Ignored without Dask.
    """
    shared = dict(shared or {})
    if client is None:
        for key, item in items:
            yield key, fn(item, **shared)
        return
    from distributed import as_completed

    token = uuid.uuid4().hex[:12]
    scattered = share(client, shared)
    placement = placement or {}
    futures = {client.submit(fn, item, key=f"{key}-{token}", pure=False, workers=placement.get(key),
                             allow_other_workers=key in placement, **scattered): key for key, item in items}
    try:
        for future in as_completed(futures):
            yield futures[future], future.result()
    finally:
        client.cancel(list(futures))


def share(client: Client | None, shared: Mapping[str, Any]) -> dict[str, Any]:
    """``shared`` scattered to every worker once, to pass to several :func:`run_tasks` calls (as is without Dask).

    The values become futures held by the returned dict: the workers keep them while it lives. An empty mapping or
    sequence is passed as it is (Dask's scatter fails on one: a batch with no context shared by two accounts).
    """
    if client is None:
        return dict(shared)
    from distributed import Future

    def shipped(value: Any) -> Any:
        empty = isinstance(value, Mapping | list | tuple | set) and not value
        return value if empty or isinstance(value, Future) else client.scatter(value, broadcast=True, hash=False)

    return {name: shipped(value) for name, value in shared.items()}

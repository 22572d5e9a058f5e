"""Resource limits: a request's peak memory estimated before any work, and refused when it cannot fit.

The estimate is linear in the request's size, with per-unit costs measured on the seed account (2-core AMD EPYC VM,
Python 3.13, peak resident memory from ``/usr/bin/time -v``):

- one-period scenario sets: ``hedgeopt stress`` on 100,000 and 400,000 Monte Carlo rows peaked at 224 MiB and
  509 MiB (973 bytes a row); ``hedgeopt hedge`` over 488 candidates at 305 MiB and 486 MiB (620 bytes a row,
  the candidates priced in row blocks). :data:`SCENARIO_ROW_BYTES` takes the larger, rounded up;
- paths: ``hedgeopt simulate`` on 2,000 and 8,000 paths of 252 days peaked at 685 MiB and 2.09 GiB (987 bytes a
  path-day; 2,000 x 1,000 days: 965). :data:`PATH_DAY_BYTES` rounds it up;
- a frontier: one LP solve per cap and family, so its size is counted in solves (:data:`MAX_FRONTIER_SOLVES`).

The limit is the memory the machine has available now (``psutil``), or ``--max-memory`` / :func:`max_memory`.
A request above it raises :class:`~pricing.errors.ResourceLimitError` (exit code 3) with the estimate, the limit
and how to make it fit; a set larger than memory runs in shards on Dask (``hedgeopt hedge --workers``,
``simulate --workers``), where the limit applies to one shard.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from pricing import InputError, ResourceLimitError

BASE_BYTES = 260 * 2**20
"""Memory of the process before the request's rows: interpreter, numpy, pandas, QuantLib, the market (measured
130-200 MiB; rounded up)."""

SCENARIO_ROW_BYTES = 1_100
"""Peak bytes per one-period scenario row (measured 973 for ``stress``, 620 for ``hedge``; rounded up)."""

PATH_DAY_BYTES = 1_100
"""Peak bytes per path per trading day of the path engine (measured 965-987; rounded up)."""

MAX_FRONTIER_SOLVES = 2_000
"""Most LP solves a frontier may ask for (caps x families): at 0.1-0.5 s a solve on the seed, 2,000 are minutes;
millions of caps ran for 20 minutes before they were killed."""

SECONDS_PER_SOLVE = 0.3
"""A frontier point's solve on the seed account (the estimate printed with a refused frontier)."""

_LIMIT: ContextVar[float | None] = ContextVar("hedgeopt_max_memory", default=None)
_UNITS = {"": 1, "B": 1, "K": 2**10, "KB": 10**3, "KIB": 2**10, "M": 2**20, "MB": 10**6, "MIB": 2**20,
          "G": 2**30, "GB": 10**9, "GIB": 2**30, "T": 2**40, "TB": 10**12, "TIB": 2**40}
_SIZE = re.compile(r"\s*([0-9]+(?:\.[0-9]*)?(?:[eE][0-9]+)?)\s*([A-Za-z]*)\s*")


def available_memory() -> float:
    """Bytes of memory the machine can give this process now (``psutil.virtual_memory().available``)."""
    import psutil

    return float(psutil.virtual_memory().available)


def memory_limit() -> float:
    """The limit in force, bytes: :func:`max_memory`'s when set, else :func:`available_memory`."""
    limit = _LIMIT.get()
    return available_memory() if limit is None else limit


@contextmanager
def max_memory(limit: float | None) -> Iterator[None]:
    """Hold requests inside the block to ``limit`` bytes (None: the machine's available memory).

    Examples
    --------
    >>> with max_memory(parse_size("1GiB")):
    ...     memory_limit() == 2**30
    True
    """
    token = _LIMIT.set(limit)
    try:
        yield
    finally:
        _LIMIT.reset(token)


def parse_size(text: str, field: str = "--max-memory") -> float:
    """Bytes from a size such as ``4GiB``, ``512MB``, ``2G`` or ``1e9`` (binary K/M/G/T without a B).

    Raises
    ------
    InputError
        Not a number followed by an optional unit, or not above 64 MiB.

    Examples
    --------
    >>> parse_size("4GiB"), parse_size("512MB"), parse_size("1.5G")
    (4294967296.0, 512000000.0, 1610612736.0)
    """
    match = _SIZE.fullmatch(text)
    unit = match[2].upper() if match else None
    if match is None or unit not in _UNITS:
        raise InputError(field, text, "a size such as 4GiB, 512MiB or 2G")
    size = float(match[1]) * _UNITS[unit]
    if size < 64 * 2**20:
        raise InputError(field, text, "a size of at least 64MiB")
    return size


def refuse_above(what: str, need: float, hint: str) -> None:
    """Raise :class:`ResourceLimitError` when ``need`` bytes exceed :func:`memory_limit`."""
    limit = memory_limit()
    if need > limit:
        raise ResourceLimitError(what, need, limit, hint)


def check_scenario_rows(rows: int, what: str) -> float:
    """Refuse a one-period scenario set of ``rows`` rows that would not fit; return the estimate, bytes."""
    need = BASE_BYTES + rows * SCENARIO_ROW_BYTES
    refuse_above(f"{what} of {rows:,} scenarios", need,
                 "fewer scenarios, a larger --max-memory, or a Monte Carlo set in shards: "
                 "hedgeopt hedge --workers N with [scenarios.monte_carlo] shard_rows")
    return need


def check_path_days(n_paths: int, n_days: int, what: str = "a path set") -> float:
    """Refuse ``n_paths`` paths of ``n_days`` days held at once that would not fit; return the estimate, bytes."""
    need = BASE_BYTES + n_paths * n_days * PATH_DAY_BYTES
    refuse_above(f"{what} of {n_paths:,} paths x {n_days:,} days", need,
                 "fewer paths or days, a larger --max-memory, or shards: --workers N runs paths 10,000 at a time")
    return need


def check_frontier(n_caps: int, n_families: int) -> None:
    """Refuse a frontier of more than :data:`MAX_FRONTIER_SOLVES` solves, with its estimated time."""
    solves = n_caps * n_families
    if solves > MAX_FRONTIER_SOLVES:
        minutes = solves * SECONDS_PER_SOLVE / 60
        raise ResourceLimitError(f"a frontier of {n_caps:,} caps x {n_families} families (about {minutes:,.0f} "
                                 "minutes)", solves, MAX_FRONTIER_SOLVES,
                                 "a coarser --caps step, such as 0.05:0.40:0.01", unit="solves")

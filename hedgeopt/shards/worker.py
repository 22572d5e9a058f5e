"""What a worker does with one part of a sharded set: draw it, price it, and answer the client in a few rows.

A *part* is a shard of the Monte Carlo set (``0, 1, ...``) or the in-memory scenarios (:data:`MEMORY`: the grid and
the episodes, which every worker receives with the problem). Three questions, each answered in at most a few
hundred rows whatever the shard's size:

* :func:`first_rows` — the part's picks for the first active set (:func:`~hedgeopt.optimizer.solve.initial_rows`),
  with their payoffs;
* :func:`violated_rows` — for the LP's contracts ``q``: the part's most violated rows
  (:func:`~hedgeopt.optimizer.solve.most_violated`) with their payoffs, its worst hedged P&L and its lowest ones;
* :func:`check_rows` — for the reported hedge: the hedged worst case on every row, and by the reference evaluator on
  the sample.

A worker keeps the parts it drew (their rows, unhedged P&L and held candidates' columns: about 110 MB for a shard of a
million rows and a few held candidates) within :data:`CACHE_BYTES`, so that the rounds after the first re-price only
the newly held candidates (pricing a held candidate on a million rows takes seconds, drawing them about three);
:func:`forget` empties it at the end of a run.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from hedgeopt.optimizer.problem import HedgeProblem
from hedgeopt.optimizer.solve import HeldColumns, initial_rows, most_violated, uncredited_labels
from hedgeopt.optimizer.verification import WORST_SAMPLE, recheck
from hedgeopt.shards.sharded_set import ShardedSet
from pricing._typing import FloatArray

MEMORY = -1
"""The part that is the problem's own scenarios (held in memory, sent with the problem)."""

CACHE_BYTES = 2**30
"""Memory a worker process spends on parts kept between rounds, bytes (1 GiB: about eight shards of a million rows
with a few held candidates' columns); the least recently used part goes first, and the part a task is working on
stays whatever its size."""

LOWEST = 20
"""Lowest hedged P&L rows a part reports with their labels (the binding scenarios of the answer)."""

_CACHE: OrderedDict[tuple[str, int], HeldColumns] = OrderedDict()


@dataclass(frozen=True, eq=False)
class Job:
    """What every task of one run shares: the problem, the set and the run's token (scattered once).

    ``problem.scenarios`` is the in-memory part (:data:`MEMORY`) when ``memory``; otherwise a stand-in never
    evaluated. ``cache``: bytes of parts a worker keeps between tasks (0: none).
    """

    problem: HedgeProblem
    sharded: ShardedSet
    token: str
    memory: bool = True
    cache: int = CACHE_BYTES

    @property
    def parts(self) -> list[int]:
        """The parts in row order: the in-memory scenarios (if any), then the shards."""
        return ([MEMORY] if self.memory else []) + list(range(len(self.sharded.shards)))

    def size(self, part: int) -> int:
        """Rows of ``part``."""
        if part == MEMORY:
            return len(self.problem.scenarios)
        start, stop = self.sharded.shards[part]
        return stop - start


@dataclass(frozen=True, eq=False)
class Rows:
    """A few rows of one part, with what the LP needs of them.

    Attributes
    ----------
    part : int
    rows : ndarray of int
        Positions in the part.
    table : pandas.DataFrame
        Their scenarios (label and factor moves).
    base : ndarray
        Unhedged account P&L, fraction of NAV.
    payoff : ndarray of shape (len(rows), n_candidates)
        Per-contract payoff of every candidate, fraction of NAV.
    score : ndarray
        What picked them: the loss beyond the bound (violated rows), or the unhedged P&L (first rows).
    """

    part: int
    rows: np.ndarray
    table: pd.DataFrame
    base: FloatArray
    payoff: FloatArray
    score: FloatArray


@dataclass(frozen=True, eq=False)
class Evaluation:
    """One part under the LP's contracts: its violated rows and its lowest hedged P&L (fraction of NAV).

    ``lowest`` holds the part's :data:`~hedgeopt.optimizer.verification.WORST_SAMPLE` lowest hedged P&L, sorted
    (the first :data:`LOWEST` with their labels in ``lowest_labels``); ``worst_before`` is the lowest unhedged one.
    """

    part: int
    violated: Rows
    lowest: FloatArray
    lowest_labels: list[str]
    worst_before: float


@dataclass(frozen=True)
class Check:
    """One part's re-check of a hedge: hedged worst cases (fraction of NAV, as P&L) and where they are."""

    part: int
    n: int
    worst_fast: float
    worst_fast_label: str
    n_reference: int
    worst_reference: float
    worst_reference_label: str
    max_abs_diff: float
    uncredited: list[str]


def part_of(job: Job, part: int) -> HeldColumns:
    """The problem on ``part``'s rows with its held columns: from this process's cache, or drawn from the seed."""
    key = (job.token, part)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    while _CACHE and sum(_nbytes(kept) for kept in _CACHE.values()) > job.cache:
        _CACHE.popitem(last=False)
    problem = job.problem if part == MEMORY else replace(job.problem, scenarios=job.sharded.draw(part))
    held = HeldColumns(problem)
    if job.cache > 0:
        _CACHE[key] = held
    return held


def _nbytes(held: HeldColumns) -> int:
    """Memory of a kept part: its scenario table, unhedged P&L and held columns, bytes."""
    problem = held.problem
    return (int(problem.scenarios.table.memory_usage(index=False).sum()) + problem.base_pnl.nbytes
            + sum(column.nbytes for column in held.cache.values()))


def forget(token: str) -> int:
    """Drop this process's cached parts of run ``token``; returns how many."""
    keys = [k for k in _CACHE if k[0] == token]
    for key in keys:
        del _CACHE[key]
    return len(keys)


def _rows(held: HeldColumns, part: int, rows: np.ndarray, score: FloatArray) -> Rows:
    problem = held.problem
    return Rows(part, rows, problem.scenarios.table.iloc[rows].reset_index(drop=True), problem.base_pnl[rows],
                problem.payoff(rows), score)


def first_rows(part: int, job: Job) -> Rows:
    """The part's picks by the first-active-set rule, with their payoffs (``score``: the unhedged P&L)."""
    held = part_of(job, part)
    rows = initial_rows(held.problem.base_pnl, held.problem.scenarios.table)
    return _rows(held, part, rows, held.problem.base_pnl[rows])


def hedged(held: HeldColumns, q: FloatArray) -> FloatArray:
    """The hedged P&L of the part under ``q`` contracts, fraction of NAV."""
    return held.problem.base_pnl + held.hedge(q)


def violated_rows(item: tuple[int, FloatArray, float, np.ndarray], job: Job) -> Evaluation:
    """``item = (part, q, bound, active)``: the part's rows most beyond ``bound`` (not in ``active``) and its tail."""
    part, q, bound, active = item
    held = part_of(job, part)
    total = hedged(held, q)
    excess = -total - bound
    excess[active] = -np.inf
    bad = most_violated(excess)
    count = min(WORST_SAMPLE, total.size)
    tail = np.argpartition(total, count - 1)[:count]
    tail = tail[np.lexsort((tail, total[tail]))]  # lowest first, ties in row order
    labels = held.problem.scenarios.table["label"].to_numpy()
    return Evaluation(part, _rows(held, part, bad, excess[bad]), total[tail], labels[tail[:LOWEST]].tolist(),
                      float(held.problem.base_pnl.min()))


def check_rows(item: tuple[int, FloatArray, FloatArray, float | None, np.ndarray], job: Job) -> Check:
    """``item = (part, q_lp, q, threshold, sample)``: the hedge re-checked on every row of the part.

    The hedged P&L is the fast kernel's under the LP's contracts ``q_lp`` (as the optimizer found it); the
    reference evaluator re-values the account with ``q`` (the reported, rounded contracts) on every row when
    ``threshold`` is None, otherwise on the rows at or below ``threshold`` (hedged P&L, fraction of NAV) and the
    ``sample`` positions (none: ``-inf`` and an empty sample).
    """
    part, q_lp, q, threshold, sample = item
    held = part_of(job, part)
    problem = held.problem
    total = hedged(held, q_lp)
    labels = problem.scenarios.table["label"].to_numpy()
    worst = int(np.argmin(total))
    rows = np.arange(total.size) if threshold is None else np.union1d(np.flatnonzero(total <= threshold), sample)
    if rows.size:
        check = recheck(problem, q, rows, total[rows])
        ref_total, diff = check.pnl, check.max_abs_diff
    else:
        ref_total, diff = total[[worst]], 0.0
    worst_ref = int(np.argmin(ref_total))
    return Check(part, int(total.size), float(total[worst]), str(labels[worst]), int(rows.size),
                 float(ref_total[worst_ref]), str(labels[rows[worst_ref] if rows.size else worst]), diff,
                 list(uncredited_labels(problem, np.flatnonzero(q))))

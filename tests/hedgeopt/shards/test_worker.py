"""A worker's part of a sharded set: drawn from the seed as the whole set's rows, kept within its memory bound."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from hedgeopt.config.config import load_config
from hedgeopt.optimizer.hedging import hedge_problem
from hedgeopt.shards import worker
from hedgeopt.shards.sharded_set import ShardedSet, memory_part
from hedgeopt.shards.worker import MEMORY, Job, first_rows, forget, part_of, violated_rows


@pytest.fixture(scope="module")
def job() -> Job:
    seed = load_config("examples/seed_10m.toml")
    config = replace(seed, scenarios=replace(seed.scenarios, monte_carlo={"n": 2_500, "seed": 5}))
    sharded = replace(ShardedSet.from_config(config), block=1_000, shard_rows=1_000)
    problem = replace(hedge_problem(config), scenarios=memory_part(config), tax=None)
    return Job(problem, sharded, "test-worker")


def test_a_part_is_the_problem_on_its_rows_of_the_whole_set(job):
    whole = replace(job.problem, scenarios=job.sharded.whole())
    held = part_of(replace(job, cache=0), 2)
    assert held.problem.scenarios.labels[0] == "mc 002001" and len(held.problem.scenarios) == 500
    np.testing.assert_array_equal(held.problem.base_pnl, whole.base_pnl[2_000:])
    assert part_of(replace(job, cache=0), MEMORY).problem is job.problem
    assert not worker._CACHE


def test_the_cache_keeps_parts_within_its_bytes_and_forgets_a_run(job):
    one = worker._nbytes(part_of(replace(job, cache=0), 0))
    small = replace(job, cache=one + 1)  # room for one part of 1,000 rows: the next drops it
    for part in (0, 1, 2):
        part_of(small, part)
    assert list(worker._CACHE) == [("test-worker", 1), ("test-worker", 2)]  # trimmed before each draw
    assert part_of(small, 2) is worker._CACHE[("test-worker", 2)]  # a hit
    assert forget("test-worker") == 2 and not worker._CACHE


def test_answers_are_a_few_rows_whatever_the_part(job):
    picks = first_rows(0, job)
    assert picks.rows.size <= 50 + 2 * 6 and picks.payoff.shape == (picks.rows.size, len(job.problem.candidates))
    q = np.zeros(len(job.problem.candidates))
    answer = violated_rows((1, q, 0.01, np.array([], dtype=np.int64)), job)  # unhedged against a 1% cap
    assert answer.violated.rows.size == 100 and np.all(np.diff(answer.violated.score) <= 0)
    assert answer.lowest.size == 1_000 and answer.lowest[0] == pytest.approx(answer.worst_before)
    assert answer.lowest_labels[0].startswith("mc 001")
    forget("test-worker")

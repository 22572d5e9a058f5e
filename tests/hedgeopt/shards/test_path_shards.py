"""The path engine and the program search over path shards equal the single-machine run on the whole set.

Equality twins: three blocks of 70 paths (the last one short) and a 40-day horizon, run serially (``Engine(workers=0)``)
and on a real ``LocalCluster`` of 1 and 2 workers, against :func:`side_by_side` and :func:`program_answer` on the
whole set in memory, figure for figure (exactly: the per-path figures are the same numbers put end to end).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hedgeopt.cluster import Engine, open_client
from hedgeopt.config.config import load_config
from hedgeopt.paths.backtest import side_by_side
from hedgeopt.program.answer import OnPaths, program_answer
from hedgeopt.program.grid import ProgramGrid
from hedgeopt.shards.path_engine import side_by_side_sharded
from hedgeopt.shards.path_sets import SHARD_ABOVE, PathShards, wants_shards
from hedgeopt.shards.programs import program_answer_sharded
from pricing import InputError

CONFIG = load_config("examples/seed_10m.toml")
PLAN = PathShards.of(CONFIG, 190, 40, 5, block_size=70)  # blocks of 70, 70 and 50 paths
GRID = ProgramGrid("XSP", kinds=("put", "spread"), moneyness=(0.85, 0.95), widths=(0.10,), schedules=((35, 0),),
                   coverages=(1.0,))
GOAL = {"grid": GRID, "history": False, "budget": 600_000.0}  # buys the 95/85 spread, the safest within it


@pytest.fixture(scope="module")
def whole():
    """The single-machine answers on the whole set in memory."""
    paths = PLAN.whole(CONFIG)
    table, _ = side_by_side(CONFIG, paths)
    answer = program_answer(CONFIG, n_paths=PLAN.n_paths, n_days=PLAN.n_days, seed=PLAN.seed, runner=OnPaths(
        CONFIG, paths), cap=0.05, **GOAL)
    return table, answer


def same_answer(a, b) -> None:
    pd.testing.assert_frame_equal(a.choice.table, b.choice.table, check_exact=True)
    pd.testing.assert_frame_equal(a.frontier, b.frontier, check_exact=True)
    pd.testing.assert_frame_equal(a.work, b.work, check_exact=True)
    assert (a.choice.verdict, a.choice.index, a.runs.n_paths) == (b.choice.verdict, b.choice.index, 190)
    for key, value in b.runs.figures.items():
        np.testing.assert_array_equal(a.runs.figures[key], value)


def test_the_plan_cuts_whole_blocks():
    assert [b for _, b in PLAN.shards()] == [range(0, 1), range(1, 2), range(2, 3)]
    two = PathShards(190, 40, 5, block_size=70, blocks_per_shard=2)
    assert [b for _, b in two.shards()] == [range(0, 2), range(2, 3)] and two.shard_paths == 140
    assert PLAN.draw(CONFIG, range(2, 3)).labels[:1] == ("mc 141",)
    assert PathShards.of(CONFIG).n_paths == CONFIG.paths.n_paths
    assert wants_shards(SHARD_ABOVE + 1, False) and not wants_shards(SHARD_ABOVE, False) and wants_shards(10, True)
    with pytest.raises(InputError, match="blocks_per_shard"):
        PathShards(10, 5, 1, blocks_per_shard=0)


def test_serial_shards_equal_the_whole_set(whole):
    table, answer = whole
    with open_client(Engine(workers=0)) as client:
        sharded = side_by_side_sharded(client, CONFIG, PLAN)
        pd.testing.assert_frame_equal(sharded.table, table, check_exact=True)
        same_answer(program_answer_sharded(client, CONFIG, PLAN, cap=0.05, **GOAL), answer)
    assert sharded.table.attrs == table.attrs
    assert sharded.table.loc["as configured", "final_nav"] > 1e6  # real figures, not an empty merge
    assert answer.choice.verdict == "chosen" and answer.choice.table["p_beyond"].nunique() > 1
    assert answer.choice.chosen["program"] == "spread 95/85% 35d/0 x1" and not answer.work.empty
    assert set(sharded.events["path"]) <= {f"mc {i}" for i in range(1, 71)}  # the rule log: the first shard's


@pytest.mark.parametrize("workers", [1, 2])
def test_a_local_cluster_gives_the_same_figures(whole, workers):
    table, answer = whole
    with open_client(Engine(workers=workers)) as client:
        assert len(client.scheduler_info()["workers"]) == workers
        sharded = side_by_side_sharded(client, CONFIG, PLAN)
        found = program_answer_sharded(client, CONFIG, PLAN, cap=0.05, **GOAL)
    pd.testing.assert_frame_equal(sharded.table, table, check_exact=True)
    same_answer(found, answer)

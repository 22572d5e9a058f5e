"""A sharded Monte Carlo set: its shards are the whole set's rows, it comes from a config as the config draws it,
and what cannot be sharded is refused by name."""

from __future__ import annotations

from dataclasses import replace

import cloudpickle
import pandas as pd
import pytest

from hedgeopt.config.config import Config, load_config
from hedgeopt.shards.sharded_set import ShardedSet, is_sharded, memory_part
from pricing import InputError


@pytest.fixture(scope="module")
def seed_config() -> Config:
    return load_config("examples/seed_10m.toml")


def _with_mc(config: Config, **mc: object) -> Config:
    return replace(config, scenarios=replace(config.scenarios, monte_carlo=mc))


def test_shards_joined_are_the_configs_monte_carlo_rows(seed_config):
    config = _with_mc(seed_config, n=2_500, seed=3, dist="gbm", vols={"SPX": 0.25})
    sharded = replace(ShardedSet.from_config(config), block=1_000, shard_rows=1_000)
    assert sharded.shards == [(0, 1_000), (1_000, 2_000), (2_000, 2_500)]
    joined = pd.concat([sharded.draw(i).table for i in range(3)], ignore_index=True)
    pd.testing.assert_frame_equal(joined, sharded.whole().table, check_exact=True)
    # within one block the set is the config's own draw, row for row
    small = ShardedSet.from_config(_with_mc(seed_config, n=900, seed=3, dist="gbm", vols={"SPX": 0.25}))
    config_rows = _with_mc(seed_config, n=900, seed=3, dist="gbm", vols={"SPX": 0.25}).scenario_set().table
    mine = small.whole().table
    pd.testing.assert_frame_equal(mine, config_rows[mine.columns].iloc[-900:].reset_index(drop=True))
    assert len(cloudpickle.dumps(sharded)) < 2_000  # the description, not the rows


def test_shard_rows_key_and_the_size_rule_say_when_a_config_runs_sharded(seed_config, tmp_path):
    assert not is_sharded(seed_config)
    assert not is_sharded(_with_mc(seed_config, n=1_000_000, seed=1))
    assert is_sharded(_with_mc(seed_config, n=1_000_001, seed=1))
    assert is_sharded(_with_mc(seed_config, n=10, seed=1, shard_rows=1_000_000))
    extra = "\n[scenarios.monte_carlo]\nn = 50\nseed = 4\nshard_rows = 1_000_000\n"
    text = open("examples/seed_10m.toml").read() + extra
    path = tmp_path / "sharded.toml"
    path.write_text(text)
    config = load_config(path)
    assert config.scenarios.monte_carlo["shard_rows"] == 1_000_000
    assert len(config.scenario_set()) == len(memory_part(config)) + 50  # shard_rows says how to run, not what
    assert ShardedSet.from_config(config).shard_rows == 1_000_000


@pytest.mark.parametrize("mc, field", [
    ({"n": 5_000_000}, "scenarios.monte_carlo.seed"),
    ({"n": 5_000_000, "seed": 1, "shard_rows": 1_500_000}, "scenarios.monte_carlo.shard_rows"),
    ({"n": 5_000_000, "seed": 1, "dof": 2}, "scenarios.monte_carlo.dof"),
    ({"n": 0, "seed": 1}, "scenarios.monte_carlo.n"),
])
def test_what_cannot_be_sharded_is_refused_by_name(seed_config, mc, field):
    with pytest.raises(InputError, match=rf"^{field}="):
        ShardedSet.from_config(_with_mc(seed_config, **mc))


def test_a_config_without_monte_carlo_or_without_grid_and_episodes(seed_config):
    with pytest.raises(InputError, match=r"^scenarios\.monte_carlo="):
        ShardedSet.from_config(seed_config)
    bare = replace(seed_config, scenarios=replace(seed_config.scenarios, grid=None, historical=None))
    assert memory_part(bare) is None
    assert len(memory_part(seed_config)) == len(seed_config.scenario_set())

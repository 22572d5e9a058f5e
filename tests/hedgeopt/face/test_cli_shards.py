"""``hedgeopt simulate`` and ``hedgeopt program`` in shards (``--workers 0``: this process, shard after shard) print
the same figures as the single run, and say where they ran."""

from __future__ import annotations

import json

from hedgeopt.face.cli.main import main

SEED = "examples/seed_10m.toml"
SMALL = ("--paths", "160", "--days", "30")


def _json(capsys, *argv) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_simulate_in_shards_prints_the_single_runs_table(capsys):
    single = _json(capsys, "simulate", SEED, *SMALL, "--json")
    sharded = _json(capsys, "simulate", SEED, *SMALL, "--json", "--workers", "0")
    assert sharded["variants"] == single["variants"] and sharded["events"] == single["events"]
    assert sharded["described"] == single["described"] and sharded["paths"] == single["paths"]
    assert sharded["sharded"]["shards"] == 1 and sharded["sharded"]["left_out"] == ["series", "after_tax"]
    assert "series" in single and "series" not in sharded
    assert single["variants"][0]["final_nav"] > 9e6


def test_program_in_shards_chooses_as_the_single_run(capsys):
    argv = ("program", SEED, *SMALL, "--no-history", "--cap", "0.06", "--json")
    single = _json(capsys, *argv)
    sharded = _json(capsys, *argv, "--workers", "0")
    assert {k: v for k, v in sharded.items() if k != "sharded"} == single
    assert single["verdict"] == "chosen" and single["chosen"]["program"] == "spread 85/75% 182d/21 x1"
    assert sharded["sharded"]["where"].startswith("Ran in shards: 160 paths")


def test_the_where_line_in_japanese(capsys):
    assert main(["--lang", "ja", "simulate", SEED, "--paths", "40", "--days", "10", "--workers", "0"]) == 0
    out = capsys.readouterr().out
    assert "シャードに分けて計算: 40 本のパスを最大 40 本ずつ 1 個に分け、このプロセス内(Dask なし)で実行。" in out
    assert "シャード実行では税引後の数値は計算しません" in out

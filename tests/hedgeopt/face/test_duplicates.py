"""Identical scenario rows shown once: the seed's vol-response twins merge, anything that differs stays."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from hedgeopt.account.pnl import COMPONENTS
from hedgeopt.config.config import load_config
from hedgeopt.face import render
from hedgeopt.face.duplicates import Merged, collapse_identical
from hedgeopt.risk.stress import stress

SEED = Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml"
KEY = ["horizon_days", *COMPONENTS, "margin_call"]


@pytest.fixture(scope="module")
def seed_table() -> pd.DataFrame:
    return stress(load_config(SEED)).table


def test_the_seed_without_options_shows_each_grid_point_once(seed_table):
    shown, merged = collapse_identical(seed_table, KEY)
    # seed grid: 13 equity × 3 fx moves × 2 vol responses = 78 rows, plus 10 episodes = 88; the responses only
    # move option prices and the seed holds none, so 39 pairs merge: 39 + 10 = 49 rows
    assert len(seed_table) == 88 and len(shown) == 49 and len(merged) == 39
    assert {m.variants for m in merged} == {("resp 0.8", "resp 0.2")}
    assert not shown["label"].str.contains("resp").any()
    assert shown["pnl"].tolist() == sorted(shown["pnl"].tolist())  # worst first, as the full table
    worst_grid = next(m for m in merged if m.label.startswith("SPX -40% / USD -10%"))
    assert worst_grid.label == "SPX -40% / USD -10% / vol +0 / 30d"
    row = shown.loc[shown["label"] == worst_grid.label].iloc[0]
    assert row["pnl"] == pytest.approx(-1_769_718, abs=1)  # -1,200,000 index - 581,142 fx + 26,219 - 14,795


def test_rows_that_differ_in_one_component_stay_apart(seed_table):
    twins = seed_table[seed_table["label"].str.startswith("SPX -40% / USD -10%")].copy()
    assert len(twins) == 2
    twins.loc[twins.index[1], "options"] = 1.0  # one yen of option value: no longer the same P&L
    shown, merged = collapse_identical(twins, KEY)
    assert len(shown) == 2 and merged == []


def test_labels_without_a_shared_part_are_not_merged():
    table = pd.DataFrame({"label": ["2008-09 Lehman", "2020-03 COVID crash", "A / x", "A / y / z"],
                          "pnl": [-1.0, -1.0, -2.0, -2.0]})
    shown, merged = collapse_identical(table, ["pnl"])
    assert shown["label"].tolist() == table["label"].tolist() and merged == []


def test_floating_point_noise_does_not_keep_twins_apart():
    table = pd.DataFrame({"label": ["X / resp 0.8", "X / resp 0.2"], "pnl": [-1_000.0, -1_000.0 + 1e-9]})
    shown, merged = collapse_identical(table, ["pnl"])
    assert shown["label"].tolist() == ["X"] and merged == [Merged("X", ("resp 0.8", "resp 0.2"))]


def test_the_note_names_what_merged_in_both_languages():
    merged = [Merged("A", ("resp 0.8", "resp 0.2")), Merged("B", ("resp 0.8", "resp 0.2"))]
    try:
        render.use_language("en")
        assert render.merged_notes(merged) == [
            "2 vol responses (resp 0.8, resp 0.2) give identical P&L for this account; each shown once (2 rows)"]
        render.use_language("ja")
        (line,) = render.merged_notes(merged)
        assert line == ("この口座ではIV感応度の違い(IV感応度 0.8、IV感応度 0.2)で損益が変わらないため、"
                        "同じ損益のシナリオは1行にまとめています(2行)")
    finally:
        render.use_language("en")
    assert "2 variants (x, y)" in render.merged_notes([Merged("A", ("x", "y"))])[0]

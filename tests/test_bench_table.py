"""The benchmark table: rendered from recorded results, and copied into a README between its markers only.

No benchmark runs here: the results are a small fixed dict, the README a few lines in a temporary folder.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))  # the bench scripts import their helpers as top-level modules

import _results  # noqa: E402
import readme_table  # noqa: E402
import run_all  # noqa: E402

RESULTS = {"runs": {
    "python bench/bench_a.py": {
        "command": "python bench/bench_a.py", "date": "2026-11-30 22:00 UTC", "machine": "AMD EPYC, 2 cores",
        "commit": "abc1234", "load": 1.43, "exit": 0, "rows": [
            {"benchmark": "20,000 × 200, cheapest hedge", "ours": "0.36 s verified", "reference": "linprog 7.6 s",
             "ratio": "21×", "figures": {"ours_s": 0.36}},
            {"benchmark": "a | b", "ours": "1 s\nmore", "reference": "2 s", "ratio": "2×", "figures": {}},
        ]},
    "python bench/bench_b.py --x": {
        "command": "python bench/bench_b.py --x", "date": "2026-11-29 10:00 UTC", "machine": "laptop", "exit": 1,
        "rows": [{"benchmark": "b", "ours": "3 s", "reference": "6 s", "ratio": "2×", "figures": {}}]},
    "python bench/bench_c.py": {
        "command": "python bench/bench_c.py", "date": "2026-11-29 11:00 UTC", "machine": "laptop", "exit": 0,
        "rows": []},
}}

EXPECTED = """\
| benchmark | ours | reference | ratio | run |
|---|---|---|---|---|
| 20,000 × 200, cheapest hedge | 0.36 s verified | linprog 7.6 s | 21× | 1 |
| a \\| b | 1 s more | 2 s | 2× | 1 |
| b | 3 s | 6 s | 2× | 2 |

1. `python bench/bench_a.py`: 2026-11-30 22:00 UTC, AMD EPYC, 2 cores, commit abc1234, load average 1.4 at the end
2. `python bench/bench_b.py --x`: 2026-11-29 10:00 UTC, laptop; exit 1
"""

README = """\
# Title

## Benchmarks

Measured as follows.

<!-- bench:start -->
| old | table |
|---|---|
| 1 | 2 |
<!-- bench:end -->

## Next section
"""


def test_render_gives_the_table_and_its_runs():
    """Rows in run order, pipes escaped, line breaks flattened, runs numbered, a run with no rows left out."""
    assert _results.render(RESULTS) == EXPECTED


def test_between_markers_replaces_only_the_block():
    """Everything outside the markers, the marker lines included, is kept byte for byte."""
    out = _results.between_markers(README, "NEW\nBLOCK\n")
    head, tail = README.split("<!-- bench:start -->")[0], README.split("<!-- bench:end -->")[1]
    assert out == f"{head}<!-- bench:start -->\nNEW\nBLOCK\n<!-- bench:end -->{tail}"
    assert out.endswith("<!-- bench:end -->\n\n## Next section\n")
    assert _results.between_markers(out, "NEW\nBLOCK\n") == out  # a second run changes nothing


@pytest.mark.parametrize("text", ["no markers", "<!-- bench:end -->\nx\n<!-- bench:start -->\n",
                                  "<!-- bench:start -->\n<!-- bench:start -->\n<!-- bench:end -->\n"])
def test_between_markers_refuses_missing_or_misordered_markers(text):
    with pytest.raises(ValueError, match="bench:start"):
        _results.between_markers(text, "x")


def test_readme_table_rewrites_a_readme_in_place(tmp_path):
    """The script reads results.json and rewrites the README file between its markers."""
    results, readme = tmp_path / "results.json", tmp_path / "README.md"
    results.write_text(json.dumps(RESULTS), encoding="utf-8")
    readme.write_text(README, encoding="utf-8")
    readme_table.main(["--results", str(results), "--readme", str(readme)])
    text = readme.read_text(encoding="utf-8")
    assert text == README.replace("| old | table |\n|---|---|\n| 1 | 2 |\n", EXPECTED)


def test_record_writes_rows_only_when_asked(tmp_path, monkeypatch):
    """A row goes to the file $HEDGEOPT_BENCH_RESULTS names; without it a script only prints."""
    path = tmp_path / "rows.jsonl"
    monkeypatch.delenv(_results.ENV, raising=False)
    _results.record("b", "1 s", "2 s", "2×", ours_s=1.0)
    assert not path.exists()
    monkeypatch.setenv(_results.ENV, str(path))
    _results.record("b", "1 s", "2 s", "2×", ours_s=1.0)
    _results.record("c", "3 s", "6 s", "2×")
    assert _results.read_rows(path) == [
        {"benchmark": "b", "ours": "1 s", "reference": "2 s", "ratio": "2×", "figures": {"ours_s": 1.0}},
        {"benchmark": "c", "ours": "3 s", "reference": "6 s", "ratio": "2×", "figures": {}}]


def test_merged_keeps_runs_not_made_and_orders_by_runs():
    """A partial `make bench` replaces its own runs and keeps the others' last figures, in RUNS order."""
    first, second = (run_all.command(run) for run in run_all.RUNS[:2])
    previous = {"runs": {second: {"date": "old"}, first: {"date": "old"}}}
    out = run_all.merged(previous, {second: {"date": "new"}})
    assert list(out["runs"]) == [first, second]
    assert out["runs"] == {first: {"date": "old"}, second: {"date": "new"}}

"""Run the benchmarks (``make bench``), each in a fresh process, and keep their figures with date and machine.

Run from the repository root::

    python bench/run_all.py                              # every run of RUNS, one after another (over an hour)
    python bench/run_all.py --only optimizer routes      # the runs whose script name contains a word given
    python bench/run_all.py --list                       # the runs, not run

Each run is one command of :data:`RUNS` in its own process (so that one script's pinning to a core, threads or
memory never carries into the next), its output printed as it comes. The rows it records
(:func:`_results.record`) are kept in ``bench/results.json`` under the run's command with the date, the machine
(:func:`_machine.machine`), the commit, the load average at its end, the exit code and the wall time; runs not
made this time keep their last figures. Then ``bench/RESULTS.md`` is written from it: the table, and which run
each row comes from. ``python bench/readme_table.py`` copies that table into the README.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _machine import machine
from _results import ENV, read_rows, render

HERE = Path(__file__).resolve().parent
RESULTS, TABLE = HERE / "results.json", HERE / "RESULTS.md"

RUNS: tuple[tuple[str, ...], ...] = (
    ("bench_pricing.py",),
    ("bench_chain.py",),
    ("bench_optimizer.py", "--repeat", "3", "--after-tax"),
    ("bench_paths.py",),
    ("bench_paths.py", "--after-tax"),
    ("bench_programs.py",),
    ("bench_startup.py",),
    ("bench_routes.py",),
    ("bench_shards.py",),
    ("bench_path_shards.py",),
    ("bench_batch.py",),
)
"""Every run, in order: the script and its arguments (the sizes each script documents as its default)."""


def command(run: tuple[str, ...]) -> str:
    """How to repeat ``run`` by hand, from the repository root."""
    return " ".join(["python", f"bench/{run[0]}", *run[1:]])


def run_one(run: tuple[str, ...]) -> dict:
    """``run`` in a fresh process; its date, machine, command, exit code, wall time and recorded rows."""
    with tempfile.TemporaryDirectory(prefix="hedgeopt-bench-") as tmp:
        rows_file = Path(tmp) / "rows.jsonl"
        date = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        start = time.perf_counter()
        code = subprocess.run([sys.executable, str(HERE / run[0]), *run[1:]], cwd=HERE.parent,
                              env={**os.environ, ENV: str(rows_file)}).returncode
        seconds = time.perf_counter() - start
        rows = read_rows(rows_file)
    return {"command": command(run), "date": date, "machine": machine(), "commit": commit(), "exit": code,
            "seconds": round(seconds, 1), "load": round(os.getloadavg()[0], 2), "rows": rows}


def commit() -> str:
    """The checked-out commit, short, with ``+`` when the work tree has changes; ``unknown`` outside git."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=HERE.parent, capture_output=True, text=True).stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        return (head + ("+" if git("status", "--porcelain", "--untracked-files=no") else "")) or "unknown"
    except OSError:
        return "unknown"


def merged(previous: dict, fresh: dict[str, dict]) -> dict:
    """``previous`` results with ``fresh`` runs in place of theirs, in the order of :data:`RUNS`."""
    runs = {**previous.get("runs", {}), **fresh}
    order = [command(run) for run in RUNS]
    ordered = {key: runs[key] for key in order if key in runs}
    return {"runs": ordered | {key: value for key, value in runs.items() if key not in ordered}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="WORD", help="only the runs whose script name contains a WORD")
    parser.add_argument("--list", action="store_true", help="print the runs and stop")
    args = parser.parse_args(argv)
    chosen = [run for run in RUNS if not args.only or any(word in run[0] for word in args.only)]
    if args.list or not chosen:
        print("\n".join(command(run) for run in chosen) or f"no run matches {args.only}")
        return 0 if chosen else 2
    fresh = {}
    for run in chosen:
        print(f"\n=== {command(run)} ===", flush=True)
        fresh[command(run)] = run_one(run)
    previous = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    results = merged(previous, fresh)
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    TABLE.write_text("# Benchmark results\n\nWritten by `make bench` (`bench/run_all.py`) from `bench/results.json`; "
                     "`python bench/readme_table.py` copies the table into the README.\n\n" + render(results),
                     encoding="utf-8")
    print(f"\nresults: {RESULTS.relative_to(HERE.parent)}, table: {TABLE.relative_to(HERE.parent)}")
    return max((run["exit"] for run in fresh.values()), default=0)


if __name__ == "__main__":
    sys.exit(main())

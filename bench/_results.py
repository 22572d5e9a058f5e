"""The benchmarks' results as data: rows recorded by each script, kept in ``bench/results.json``, shown as a table.

A benchmark script calls :func:`record` for each row of the README's table it measures; the row goes to the file
named by ``$HEDGEOPT_BENCH_RESULTS`` (``bench/run_all.py`` sets it, one file per run) and nowhere otherwise, so a
script run by hand only prints. ``run_all.py`` keeps every run's rows with its date, machine and command in
``bench/results.json``; :func:`render` turns that into the markdown table of ``bench/RESULTS.md`` and the README
(:func:`between_markers` puts it between ``<!-- bench:start -->`` and ``<!-- bench:end -->``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

ENV = "HEDGEOPT_BENCH_RESULTS"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
COLUMNS = ("benchmark", "ours", "reference", "ratio")


def record(benchmark: str, ours: str, reference: str, ratio: str, **figures: float) -> None:
    """Add one row of the table to the run's results file, when ``$HEDGEOPT_BENCH_RESULTS`` names one.

    Parameters
    ----------
    benchmark, ours, reference, ratio : str
        The four cells: what is measured, our figure, the reference's, and how they compare (with the check that
        both give the same answer).
    **figures : float
        The numbers behind the cells (seconds, rates, MB), for whoever reads ``results.json`` by machine.
    """
    path = os.environ.get(ENV)
    if not path:
        return
    row = {"benchmark": benchmark, "ours": ours, "reference": reference, "ratio": ratio, "figures": figures}
    with Path(path).open("a", encoding="utf-8") as out:
        out.write(json.dumps(row) + "\n")


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The rows :func:`record` wrote to ``path``, in order (none when the file does not exist)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _cell(text: str) -> str:
    """A table cell: pipes escaped, line breaks flattened."""
    return " ".join(str(text).split()).replace("|", "\\|")


def render(results: dict[str, Any]) -> str:
    """The markdown table of ``results`` (``results.json``'s content) and, under it, the run each row comes from.

    Parameters
    ----------
    results : dict
        ``{"runs": {key: {"command", "date", "machine", "exit", "rows": [{"benchmark", "ours", "reference",
        "ratio", ...}, ...], optionally "commit" and "load"}, ...}}``; runs in the order given, rows in the order
        recorded.

    Returns
    -------
    str
        The table (columns benchmark, ours, reference, ratio, run) and a numbered list of the runs: command, date,
        machine, commit and load average when known and, when the script did not end with 0, its exit code. Ends
        with a newline.
    """
    lines = ["| benchmark | ours | reference | ratio | run |", "|---|---|---|---|---|"]
    runs = []
    for run in results["runs"].values():
        if not run["rows"]:
            continue
        runs.append(run)
        lines += ["| " + " | ".join(_cell(row[c]) for c in COLUMNS) + f" | {len(runs)} |" for row in run["rows"]]
    lines.append("")
    for number, run in enumerate(runs, 1):
        details = [run["date"], run["machine"]]
        details += [f"commit {run['commit']}"] if "commit" in run else []
        details += [f"load average {run['load']:.1f} at the end"] if "load" in run else []
        failed = f"; exit {run['exit']}" if run.get("exit", 0) != 0 else ""
        lines.append(f"{number}. `{run['command']}`: {', '.join(details)}{failed}")
    return "\n".join(lines) + "\n"


def between_markers(text: str, block: str) -> str:
    """``text`` with what lies between its :data:`START` and :data:`END` lines replaced by ``block``.

    The marker lines and everything outside them are kept as they are.

    Raises
    ------
    ValueError
        When ``text`` lacks either marker, or has them more than once or in the wrong order.
    """
    if text.count(START) != 1 or text.count(END) != 1 or text.index(START) > text.index(END):
        raise ValueError(f"expected one {START} line followed by one {END} line")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{block.rstrip()}\n{END}{tail}"

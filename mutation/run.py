"""Mutation score of the core modules: ``make mutation`` (mutmut, one run per module on its targeted tests).

``python mutation/run.py run [NAME ...]`` runs mutmut over the modules of ``mutation/modules.toml`` (all, or those
named), each in ``mutation/work/<name>/``: links to the packages and tests, a copy of ``pyproject.toml`` with a
``[tool.mutmut]`` section that mutates only that module and selects only its tests. mutmut keeps its results there
and, run again, maps the functions to the tests that reach them afresh, re-tests the functions that changed, then
(a second call naming them) every mutant that survived or no test reached, against the current tests. Delete the
folder to start the module afresh.

``python mutation/run.py score`` prints, per module and overall, the score killed / (total - equivalent). A mutant
counts as killed when a test failed on it (or it timed out or crashed); as equivalent when
``mutation/equivalent.toml`` lists it with its reason and its mutated line still reads as listed there (an entry
whose line changed counts for nothing and is reported as stale); any other mutant (survived, reached by no test,
not checked) counts against the score.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
LINKED = ("pricing", "scenarios", "hedgeopt", "tests", "examples")  # the packages, then what the tests read
KILLED = {"killed", "timeout", "segfault", "caught by type check"}


def modules() -> list[dict]:
    """The ``[[module]]`` entries of ``modules.toml``: name, paths (the files mutated), tests (the files run).

    An entry names one file as ``path`` or several, mutated in one run on the same tests, as ``paths``.
    """
    entries = tomllib.loads((HERE / "modules.toml").read_text("utf-8"))["module"]
    return [entry | {"paths": entry.get("paths", [entry.get("path")])} for entry in entries]


def equivalents() -> dict[str, dict[str, str]]:
    """Mutant name -> its entry in ``equivalent.toml`` (``line``: a changed line, "- ..." or "+ ...", ``reason``)."""
    entries = tomllib.loads((HERE / "equivalent.toml").read_text("utf-8")).get("equivalent", [])
    return {entry["mutant"]: entry for entry in entries}


def mutmut_section(module: dict) -> str:
    """The ``[tool.mutmut]`` section that mutates ``module["paths"]`` alone and selects ``module["tests"]``.

    Tests named in ``module["exclude"]`` (too slow to run once per mutant) are deselected. ``module["isolation"]``
    is mutmut's ``process_isolation`` ("fork" by default; "forkserver" where the solver must not be forked warm).
    """
    args = ["-p", "no:cacheprovider", "-q"]
    if module.get("exclude"):
        args += ["-k", "not (" + " or ".join(module["exclude"]) + ")"]
    return "\n".join([
        "", "[tool.mutmut]",
        f"source_paths = {json.dumps(list(LINKED[:3]))}",
        f"only_mutate = {json.dumps(module['paths'])}",
        'also_copy = ["examples"]',
        f"pytest_add_cli_args = {json.dumps(args)}",
        f"pytest_add_cli_args_test_selection = {json.dumps(module['tests'])}",
        f"process_isolation = {json.dumps(module.get('isolation', 'fork'))}", "",
    ])


def prepare(module: dict) -> Path:
    """``mutation/work/<name>/``: links to the packages and tests, and the module's ``pyproject.toml``."""
    folder = WORK / module["name"]
    folder.mkdir(parents=True, exist_ok=True)
    for name in LINKED:
        link = folder / name
        if not link.is_symlink():
            link.symlink_to(ROOT / name, target_is_directory=True)
    text = (ROOT / "pyproject.toml").read_text("utf-8") + mutmut_section(module)
    (folder / "pyproject.toml").write_text(text, "utf-8")
    return folder


def unkilled(module: dict) -> list[str]:
    """The module's mutants that survived or that no test reached, to test again after a run.

    mutmut re-tests a mutant when its function changes, not when the tests do: naming them makes it try the
    current tests on them.
    """
    from mutmut.stats import status_by_exit_code

    metas = [WORK / module["name"] / "mutants" / (path + ".meta") for path in module["paths"]]
    codes = {name: code for meta in metas if meta.exists()
             for name, code in json.loads(meta.read_text("utf-8"))["exit_code_by_key"].items()}
    return [name for name, code in codes.items() if status_by_exit_code[code] in ("survived", "no tests")]


def run(names: list[str], workers: int) -> int:
    """Run mutmut on the named modules in that order (all, in file order, when empty); 1 if a run failed."""
    failed = 0
    by_name = {module["name"]: module for module in modules()}
    unknown = [name for name in names if name not in by_name]
    if unknown:
        raise SystemExit(f"not in modules.toml: {', '.join(unknown)}")
    for module in [by_name[name] for name in names] if names else by_name.values():
        folder = prepare(module)
        # mutmut maps each function to the tests that reach it once, and maps only tests it has not seen since:
        # collect afresh, so that a test changed to reach a function runs on its mutants
        (folder / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
        start = time.monotonic()
        command = [sys.executable, "-m", "mutmut", "run", "--max-children", str(workers)]
        with open(folder / "run.log", "w", encoding="utf-8") as log:
            code = subprocess.call(command, cwd=folder, stdout=log, stderr=subprocess.STDOUT)
            again = unkilled(module) if code == 0 else []
            if again:  # the tests may have changed since they survived
                code = subprocess.call(command + again, cwd=folder, stdout=log, stderr=subprocess.STDOUT)
        seconds = time.monotonic() - start
        verdict = "" if code == 0 else f"  FAILED ({code}, see {folder / 'run.log'})"
        print(f"{module['name']:<14} {', '.join(module['paths']):<36} {seconds:7.0f} s{verdict}")
        failed |= code != 0
    return int(failed)


def changed_lines(name: str, path: str) -> list[str]:
    """The lines a mutant changes, as ``"- line"`` (removed) and ``"+ line"`` (put in); cwd is the module's folder."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    diff = get_diff_for_mutant(name, path=path).splitlines()[2:]  # past the ---/+++ header
    return [f"{line[0]} {line[1:].strip()}" for line in diff if line[:1] in "-+" and line[1:].strip()]


def tally(module: dict, path: str, listed: dict[str, dict[str, str]]) -> tuple[Counter, list[str], list[str]]:
    """Counts (total, killed, equivalent, survived, other), stale entries and the unkilled mutants of one file."""
    from mutmut.stats import status_by_exit_code

    counts: Counter = Counter()
    stale, unkilled = [], []
    folder = WORK / module["name"]
    meta = folder / "mutants" / (path + ".meta")
    if not meta.exists():
        return counts, stale, unkilled
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        for name, code in json.loads(meta.read_text("utf-8"))["exit_code_by_key"].items():
            status = status_by_exit_code[code]
            counts["total"] += 1
            if status in KILLED:
                counts["killed"] += 1
            elif name in listed and listed[name]["line"].strip() in changed_lines(name, path):
                counts["equivalent"] += 1
            else:
                stale += [name] if name in listed else []
                counts["survived" if status == "survived" else "other"] += 1
                unkilled.append(f"{name}: {status}: {' | '.join(changed_lines(name, path))}")
    finally:
        os.chdir(cwd)
    return counts, stale, unkilled


def percent(c: Counter) -> str:
    """The score, killed / (total - equivalent), as a percentage, or '-' when nothing was judged."""
    judged = c["total"] - c["equivalent"]
    return f"{100.0 * c['killed'] / judged:.1f}%" if judged else "-"


def score(show: bool) -> int:
    """Print the table per module and overall (and, with ``show``, every mutant not killed nor equivalent)."""
    listed = equivalents()
    print(f"{'module':<36} {'mutants':>7} {'killed':>7} {'equiv.':>7} {'survived':>8} {'other':>6} {'score':>7}")
    overall: Counter = Counter()
    notes = []
    for module, path in ((entry, path) for entry in modules() for path in entry["paths"]):
        c, stale, unkilled = tally(module, path, listed)
        overall.update(c)
        print(f"{path:<36} {c['total']:>7} {c['killed']:>7} {c['equivalent']:>7} {c['survived']:>8} "
              f"{c['other']:>6} {percent(c):>7}")
        notes += [f"stale entry in equivalent.toml (its mutated line changed): {name}" for name in stale]
        notes += unkilled if show else []
    print(f"{'overall':<36} {overall['total']:>7} {overall['killed']:>7} {overall['equivalent']:>7} "
          f"{overall['survived']:>8} {overall['other']:>6} {percent(overall):>7}")
    print("\n".join(notes))
    return 0


def main(argv: list[str] | None = None) -> int:
    """``run [NAME ...] [--workers N]`` or ``score [--survivors]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="run mutmut on the modules (all, or those named)")
    run_parser.add_argument("names", nargs="*", help="module names from modules.toml")
    run_parser.add_argument("--workers", type=int, default=1, help="mutmut's --max-children (default 1)")
    score_parser = sub.add_parser("score", help="print the score per module and overall")
    score_parser.add_argument("--survivors", action="store_true", help="list the mutants not killed nor equivalent")
    args = parser.parse_args(argv)
    if args.command == "run":
        return run(args.names, args.workers)
    return score(args.survivors)


if __name__ == "__main__":
    sys.exit(main())

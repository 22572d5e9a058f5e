"""Benchmark start-up: each command's wall time from the shell, beside the interpreter's own floor.

Run from the repository root::

    python bench/bench_startup.py               # best of 7 runs of every command
    python bench/bench_startup.py --runs 3      # a smoke run

Every row is the best wall time of ``--runs`` runs of one command, each in a fresh process (``subprocess``, output
discarded), after one warm-up run that is not counted. The references are what no command can beat: the bare
interpreter (``python -c pass``), numpy, and numpy with pandas, which every command that prints a table of results
imports. The commands run through the ``hedgeopt`` script installed beside this interpreter (``--hedgeopt`` for
another), on the seed account ``examples/seed_10m.toml``.

Bytecode is cached as on any machine after a command's first run: the children write and read it under a temporary
``PYTHONPYCACHEPREFIX`` (the warm-up fills it), even where the environment sets ``PYTHONDONTWRITEBYTECODE``. The
machine may be shared: the load average is printed before and after, and the best of several runs is the least
disturbed one; the CPU time of each run (user + system) is printed beside it, and is what the wall time would be
on an idle machine. Targets (issue 13): ``--version`` and ``--help`` under 0.3 s; ``stress``, ``what-if`` and
``checklist`` under 1 s, end to end: PASS or FAIL on the wall time and on the CPU time. Exit code 1 is an answer
(the seed fails its checklist); any other non-zero exit is a FAIL whatever the time.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run without installing the package
from _machine import machine  # noqa: E402
from _results import record  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed_10m.toml"
HELP_TARGET_S = 0.3
COMMAND_TARGET_S = 1.0


def commands(python: str, hedgeopt: str) -> list[tuple[str, list[str], float | None]]:
    """(label, argv, target seconds or None for a reference) for every row, references first."""
    seed = str(SEED)
    return [
        ("python -c pass", [python, "-c", "pass"], None),
        ("python -c 'import numpy'", [python, "-c", "import numpy"], None),
        ("python -c 'import numpy, pandas'", [python, "-c", "import numpy, pandas"], None),
        ("hedgeopt --version", [hedgeopt, "--version"], HELP_TARGET_S),
        ("hedgeopt --help", [hedgeopt, "--help"], HELP_TARGET_S),
        ("hedgeopt stress --help", [hedgeopt, "stress", "--help"], HELP_TARGET_S),
        ("hedgeopt stress SEED", [hedgeopt, "stress", seed], COMMAND_TARGET_S),
        ("hedgeopt what-if SEED --equity -0.3 --fx -0.1",
         [hedgeopt, "what-if", seed, "--equity", "-0.3", "--fx", "-0.1"], COMMAND_TARGET_S),
        ("hedgeopt checklist SEED", [hedgeopt, "checklist", seed], COMMAND_TARGET_S),
    ]


def cpu_seconds() -> float:
    """User + system CPU time of this process's finished children so far, seconds."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_runs(argv: list[str], runs: int, env: dict[str, str]) -> tuple[list[float], list[float], int]:
    """Wall and CPU times (seconds) of ``runs`` runs after one warm-up, and the exit code of the last."""
    code = 0
    wall, cpu = [], []
    for i in range(runs + 1):
        cpu0, start = cpu_seconds(), time.perf_counter()
        code = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env).returncode
        if i:
            wall.append(time.perf_counter() - start)
            cpu.append(cpu_seconds() - cpu0)
    return wall, cpu, code


def verdict(best: float, target: float | None, code: int) -> str:
    """PASS / FAIL against the target; a reference row has none."""
    if target is None:
        return "reference"
    if code not in (0, 1):
        return f"FAIL (exit {code})"
    return "PASS" if best < target else "FAIL"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command; the best is reported")
    parser.add_argument("--hedgeopt", default=str(Path(sys.executable).with_name("hedgeopt")),
                        help="the hedgeopt script to time (default: the one beside this Python)")
    args = parser.parse_args(argv)

    print(f"{machine()}; load average {os.getloadavg()[0]:.2f} (1 min) before")
    print(f"commands: {args.hedgeopt}; best of {args.runs} runs after one warm-up, bytecode cached")
    rows = []
    with tempfile.TemporaryDirectory(prefix="hedgeopt-pycache-") as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(PYTHONPYCACHEPREFIX=cache, COLUMNS="120")
        for label, cmd, target in commands(sys.executable, args.hedgeopt):
            wall, cpu, code = timed_runs(cmd, args.runs, env)
            rows.append((label, min(wall), statistics.median(wall), min(cpu), target, code))
    print(f"{'command':<47}{'wall best':>10}{'median':>8}{'cpu best':>10}{'target':>9}  {'wall':<9} cpu")
    for label, best, median, cpu, target, code in rows:
        goal = f"< {target:.1f} s" if target is not None else ""
        print(f"{label:<47}{best:>9.3f}s{median:>7.3f}s{cpu:>9.3f}s{goal:>9}  {verdict(best, target, code):<9} "
              f"{verdict(cpu, target, code)}")
    outcome = {}
    for name, column in (("wall", 1), ("CPU", 3)):
        failed = sum(verdict(row[column], row[4], row[5]).startswith("FAIL") for row in rows)
        outcome[name] = "PASS" if not failed else f"{failed} missed: FAIL"
        print(f"on {name} time: {'all targets met: PASS' if not failed else f'{failed} target(s) missed: FAIL'}")
    best = {label: wall for label, wall, *_ in rows}
    ours = [label for label, *_, target, _ in rows if target is not None]
    floor, imports = best["python -c pass"], best["python -c 'import numpy, pandas'"]
    record(f"start-up, seed account (best of {args.runs}, bytecode cached, load {os.getloadavg()[0]:.1f})",
           "; ".join(f"`{label.removeprefix('hedgeopt ').replace(' SEED', '')}` {best[label]:.2f} s"
                     for label in ours),
           f"`python -c pass` {floor:.2f} s, `import numpy, pandas` {imports:.2f} s",
           f"targets {HELP_TARGET_S:g} s / {COMMAND_TARGET_S:g} s: wall {outcome['wall']}, CPU {outcome['CPU']}",
           **{label: best[label] for label in best})
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) after. CPU time (user + system of the command's process) "
          "is its wall time on an idle machine; on a busy one the wall time also counts the waits for a core.")


if __name__ == "__main__":
    main()

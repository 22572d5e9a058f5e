"""Benchmark the program search: 100 standing-hedge programs x 10,000 Monte Carlo paths x 252 days in one pass,
against today's one-program engine run once per program.

Run from the repository root::

    python bench/bench_programs.py                        # 100 programs x 10,000 paths x 252 days, reference in full
    python bench/bench_programs.py --paths 1000 --reference-runs 10    # a smoke run (the reference extrapolated)

The account is the strategy's seed (``examples/seed_10m.toml``) with no rules, default frictions, on
``monte_carlo_paths(market, paths, days, seed=1)``. The programs are the first 100 of the default search grid
(:func:`hedgeopt.program.grid.program_grid`: puts and spreads at 80-95%, five tenor/roll schedules, two
coverages). Ours: :func:`hedgeopt.program.runs.simulate_programs` (one lane per program and path, legs shared).
The reference: :func:`hedgeopt.paths.engine.simulate` (vectorized over paths, one program) once per program;
``--reference-runs`` below 100 times that many and scales the time linearly (each run does the same work). Both
sides are timed alike, once each, from the same paths and programs to their runs (comparing the figures is not
timed). Both must give the same end NAV, worst drawdown and outlay on every path to 1e-9 (relative): PASS or FAIL.

One thread everywhere and the process pinned to one CPU, as in ``bench_pricing.py``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy is imported: one thread everywhere

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run without installing the package
from _machine import machine, pin_to_one_core  # noqa: E402
from _results import record  # noqa: E402

from hedgeopt.config.config import load_config  # noqa: E402
from hedgeopt.paths.engine import simulate  # noqa: E402
from hedgeopt.program.grid import program_grid  # noqa: E402
from hedgeopt.program.runs import simulate_programs  # noqa: E402
from scenarios.paths.monte_carlo import monte_carlo_paths  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed_10m.toml"
TARGET_REL_DIFF = 1e-9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=252)
    parser.add_argument("--programs", type=int, default=100)
    parser.add_argument("--reference-runs", type=int, default=100, help="one-program runs timed (<= programs)")
    args = parser.parse_args()
    pinned = pin_to_one_core()
    config = load_config(SEED)
    paths = monte_carlo_paths(config.market, args.paths, args.days, seed=1, indices=["SPX"], currency="USD")
    programs = program_grid(config.paths.hedge.symbol)[1: args.programs + 1]
    print(f"machine: {machine()}; {pinned}")
    print(f"{len(programs)} programs x {args.paths:,} paths x {args.days} days, seed account, no rules")

    start = time.perf_counter()
    runs = simulate_programs(config.account, config.market, paths, programs, None, config.paths.frictions)
    ours = time.perf_counter() - start

    timed = min(args.reference_runs, len(programs))
    worst, reference = 0.0, 0.0
    for g in range(timed):
        start = time.perf_counter()  # the run alone, as ours: the comparison below is not timed
        run = simulate(config.account, config.market, paths, None, programs[g], config.paths.frictions)
        reference += time.perf_counter() - start
        for mine, theirs in ((runs.figures["nav"][g], run.wealth[:, -1]),
                             (runs.figures["max_drawdown"][g], run.max_drawdown),
                             (runs.figures["hedge_spend"][g], run.hedge_spend)):
            worst = max(worst, float(np.max(np.abs(mine - theirs) / np.maximum(np.abs(theirs), 1.0))))
    reference *= len(programs) / timed
    note = "" if timed == len(programs) else f" ({timed} runs timed, scaled to {len(programs)})"
    print(f"  ours, one pass (simulate_programs)     {ours:8.1f} s")
    print(f"  reference, one run per program        {reference:8.1f} s{note}")
    print(f"  speed-up                              {reference / ours:8.1f}x")
    verdict = "PASS" if worst < TARGET_REL_DIFF else "FAIL"
    print(f"  largest relative difference {worst:.1e} over {timed} programs: {verdict}")
    record(f"{len(programs)} standing-hedge programs × {args.paths:,} paths × {args.days} days, seed account (one "
           "thread)", f"{ours:.1f} s, one pass (simulate_programs)",
           f"one engine run per program, {len(programs)} runs: {reference:.1f} s{note}",
           f"{reference / ours:.1f}×, largest relative difference {worst:.1e} ({verdict})", ours_s=ours,
           reference_s=reference, max_rel_diff=worst)


if __name__ == "__main__":
    main()

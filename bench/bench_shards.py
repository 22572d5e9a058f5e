"""Benchmark the sharded hedge: 10,000,000 Monte Carlo scenarios x about 500 candidates, hedged and verified on Dask.

Run from the repository root::

    python bench/bench_shards.py            # 10,000,000 rows, shards of 1,000,000, 1 and 2 workers; 1,000,000 in memory
    python bench/bench_shards.py --quick    # 1,200,000 rows in two shards (a smoke run)

The account, market and grid and episodes are the seed's (``examples/seed_10m.toml``); its ``[hedge]`` is widened
to about 500 candidates (:data:`MONTHS` x :data:`MONEYNESS` puts and put spreads, and the yen hedges), and its
``[scenarios.monte_carlo]`` set to ``n`` rows of seed 1 (Student-t, dof 6). The cap is the seed's 20%.

1. **In memory** (the single-machine run, :func:`hedgeopt.optimizer.solve.solve_hedge`) at the size that fits in one
   block (1,000,000 Monte Carlo rows), in a fresh process so that its peak memory is its own.
2. **Sharded** (:func:`hedgeopt.shards.run.hedge_config`) on the full ``n`` rows, on a ``LocalCluster`` of 1 and then
   2 worker processes: wall time (cluster start apart), LP rounds, rows added, the hedge and its verification, peak
   resident memory of each worker (Linux ``VmHWM``), and the bytes each task moves (pickled inputs and answers; the
   shared problem is sent once to each worker).

Nothing is pinned: the figures are for this machine as it is, shared with whatever else runs on it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run without installing the package
from bench._fair import rechecked  # noqa: E402
from bench._machine import machine  # noqa: E402
from bench._results import record  # noqa: E402
from hedgeopt.cluster import Engine, open_client  # noqa: E402
from hedgeopt.config.config import Config, load_config  # noqa: E402
from hedgeopt.optimizer.hedging import candidates  # noqa: E402
from hedgeopt.shards.run import hedge_config  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed_10m.toml"
MONTHS = (2, 3, 4, 5, 6, 9, 12, 18, 24)
MONEYNESS = tuple(np.round(np.arange(0.70, 1.0001, 0.025), 4))
"""Expiries (months out) and put strikes (fraction of spot) of the widened ``[hedge]``: 9 x 13 x 4 options."""

FULL = (10_000_000, 1_000_000)
QUICK = (1_200_000, 1_000_000)
"""(Monte Carlo rows, rows per shard)."""


def bench_config(n: int, shard_rows: int) -> Config:
    """The seed config with about 500 candidates and ``n`` Monte Carlo rows of seed 1 in shards of ``shard_rows``."""
    seed = load_config(SEED)
    hedge = replace(seed.hedge, candidates=replace(seed.hedge.candidates, months=MONTHS, put_moneyness=MONEYNESS))
    mc = {"n": n, "seed": 1, "shard_rows": shard_rows}
    return replace(seed, hedge=hedge, scenarios=replace(seed.scenarios, monte_carlo=mc))


def peak_mb() -> float:
    """Peak resident memory of this process, MB (Linux ``VmHWM``; ``nan`` elsewhere)."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def in_memory(n: int) -> dict:
    """The single-machine run on the seed's scenarios + ``n`` Monte Carlo rows, all in this process."""
    from hedgeopt.optimizer.hedging import hedge_problem
    from hedgeopt.optimizer.solve import solve_hedge

    config = bench_config(n, n)
    start = time.perf_counter()
    problem = replace(hedge_problem(config), tax=None)
    result = solve_hedge(problem, extras=False)
    seconds = time.perf_counter() - start
    return {"rows": len(problem.scenarios), "candidates": len(problem.candidates), "seconds": seconds,
            "rounds": result.iterations, "cost": result.cost, "worst": result.worst_case_after,
            "binding": result.binding_scenarios["label"].iloc[0], "peak_mb": peak_mb(),
            "n_reference": rechecked(result.verification)[0]}


def sharded(n: int, shard_rows: int, workers: int) -> dict:
    """The sharded run on ``workers`` local worker processes; the cluster's start is timed apart."""
    config = bench_config(n, shard_rows)
    start = time.perf_counter()
    with open_client(Engine(workers=workers)) as client:
        started = time.perf_counter()
        run = hedge_config(config, client)
        seconds = time.perf_counter() - started
        peaks = sorted(client.run(peak_mb).values())
    r, v = run.result, run.result.verification
    return {"workers": workers, "start_seconds": started - start, "seconds": seconds, "rows": run.n_rows,
            "shards": run.n_shards, "rounds": run.rounds, "rows_added": run.rows_added, "cost": r.cost,
            "worst": r.worst_case_after, "binding": run.worst_label, "positions": len(r.positions),
            "n_reference": rechecked(v)[0], "worst_reference": rechecked(v)[1], "sample": v.sample,
            "worker_peak_mb": peaks, "client_peak_mb": peak_mb(), "tasks": run.tasks,
            "out_per_task": run.bytes_out / run.tasks, "back_per_task": run.bytes_back / run.tasks,
            "shared": run.bytes_shared, "verification_seconds": r.seconds["verification"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,200,000 rows in two shards")
    parser.add_argument("--in-memory", type=int, metavar="N", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.in_memory:
        print(json.dumps(in_memory(args.in_memory)))
        return
    n, shard_rows = QUICK if args.quick else FULL
    print(f"machine: {machine()}")
    print(f"candidates: {len(candidates(bench_config(1, 1_000_000)))} (seed [hedge] widened: months {MONTHS}, "
          f"{len(MONEYNESS)} put strikes, puts and 3 spread widths, and the yen hedges); cap 20%")
    small = min(n, 1_000_000)
    child = subprocess.run([sys.executable, __file__, "--in-memory", str(small)], capture_output=True, text=True,
                           check=True)
    mem = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"\nin memory, one process: {mem['rows']:,} rows x {mem['candidates']} candidates: {mem['seconds']:.1f} s, "
          f"{mem['rounds']} rounds, cost {mem['cost']:,.0f} JPY, worst {mem['worst']:.4%} at {mem['binding']}; "
          f"reference evaluator on {mem['n_reference']:,} rows; peak {mem['peak_mb']:,.0f} MB")
    runs = {}
    for workers in (1, 2):
        s = runs[workers] = sharded(n, shard_rows, workers)
        per_million = s["seconds"] / (s["rows"] / 1e6)
        print(f"\nsharded, LocalCluster of {workers} worker{'s' if workers > 1 else ''} (started in "
              f"{s['start_seconds']:.1f} s): {s['rows']:,} rows in {s['shards']} shards: {s['seconds']:.1f} s "
              f"({per_million:.1f} s per million rows; in memory {mem['seconds'] / (mem['rows'] / 1e6):.1f}), "
              f"verification {s['verification_seconds']:.1f} s")
        print(f"  {s['rounds']} rounds, {s['rows_added']:,} rows added; cost {s['cost']:,.0f} JPY, "
              f"{s['positions']} positions; worst {s['worst']:.4%} at {s['binding']}; reference evaluator on "
              f"{s['n_reference']:,} rows ({s['sample']}): worst {s['worst_reference']:.4%}")
        print(f"  peak memory per worker: {', '.join(f'{m:,.0f} MB' for m in s['worker_peak_mb'])}; client "
              f"{s['client_peak_mb']:,.0f} MB")
        print(f"  {s['tasks']} tasks; per task {s['out_per_task'] / 1e3:,.1f} kB sent, "
              f"{s['back_per_task'] / 1e3:,.1f} kB back; the shared problem {s['shared'] / 1e3:,.0f} kB once per "
              "worker")

    one, two = runs[1], runs[2]
    record(f"{two['rows']:,} Monte Carlo scenarios × {mem['candidates']} candidates, hedged and verified in "
           f"shards of {shard_rows:,} (seed account, cap 20%)",
           f"2 workers {two['seconds']:.1f} s, 1 worker {one['seconds']:.1f} s ({two['rounds']} LP rounds; "
           f"reference evaluator on {two['n_reference']:,} rows)",
           f"{mem['rows']:,} rows in one memory, verified: {mem['seconds']:.1f} s",
           f"{one['seconds'] / two['seconds']:.2f}× for 2 workers; peak {max(two['worker_peak_mb']) / 1024:.1f} GB "
           f"a worker; {two['out_per_task'] / 1e3:,.0f} kB sent, {two['back_per_task'] / 1e3:,.0f} kB back a task",
           one_worker_s=one["seconds"], two_workers_s=two["seconds"], in_memory_s=mem["seconds"],
           worker_peak_mb=max(two["worker_peak_mb"]))


if __name__ == "__main__":
    main()

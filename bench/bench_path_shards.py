"""Benchmark path sets in shards: the path engine on 200,000 Monte Carlo paths x 1 year and the program search on
50,000, in this process shard after shard and on a Dask LocalCluster of 1 and 2 workers, from one run.

Run from the repository root::

    python bench/bench_path_shards.py                       # 200,000 paths; 25 programs x 50,000 paths; 252 days
    python bench/bench_path_shards.py --paths 20000 --program-paths 10000 --days 63    # a smoke run
    python bench/bench_path_shards.py --whole               # also the single run on the whole set in memory

The account is the strategy's seed (``examples/seed_10m.toml``) as configured (rules and the 90% XSP put), its
paths :func:`hedgeopt.paths.backtest.simulated_paths` with seed 1, cut into shards of one block (10,000 paths,
:data:`scenarios.paths.monte_carlo.PATH_BLOCK`). The path engine runs the configured variant
(:func:`hedgeopt.shards.path_engine.side_by_side_sharded`, ``--all-variants``: every variant of ``hedgeopt
simulate``); the program search the first ``--programs`` programs of the default grid
(:class:`hedgeopt.shards.programs.OnShards`). Every mode must give the same table, figure for figure: PASS or FAIL.

Measured: wall time (a cluster's start included, shown apart); peak memory per worker (in process: this process's
resident set sampled every 20 ms; on a cluster: the largest of each worker's own memory samples, every 500 ms, read
with ``client.run``) and how much this process grew meanwhile (what the merge holds); bytes each task moves
(its arguments, the shared inputs each worker receives once and its result, pickled as Dask does: cloudpickle).
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cloudpickle
import pandas as pd
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run without installing the package
from _machine import machine  # noqa: E402

import hedgeopt.shards.path_engine as path_engine  # noqa: E402
import hedgeopt.shards.programs as programs_mod  # noqa: E402
from hedgeopt.cluster import Engine, open_client  # noqa: E402
from hedgeopt.config.config import load_config  # noqa: E402
from hedgeopt.paths.backtest import Variant, side_by_side  # noqa: E402
from hedgeopt.program.grid import program_grid  # noqa: E402
from hedgeopt.program.runs import simulate_programs  # noqa: E402
from hedgeopt.shards.path_sets import PathShards  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed_10m.toml"
MODES = (("in process, shard after shard", 0), ("LocalCluster, 1 worker", 1), ("LocalCluster, 2 workers", 2))


class PeakRss:
    """This process's peak resident set while the ``with`` block runs (sampled every 20 ms), bytes."""

    def __enter__(self) -> PeakRss:
        self.start = self.peak = psutil.Process().memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def _watch(self) -> None:
        proc = psutil.Process()
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, proc.memory_info().rss)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _worker_peak(dask_worker: Any) -> float:
    """The worker's peak resident set, bytes: the largest of its system monitor's samples (every 500 ms).

    Not ``ru_maxrss``: a worker is forked from the process holding the local cluster before it execs, and Linux
    carries that process's resident set into the worker's ``ru_maxrss``.
    """
    return max(dask_worker.monitor.quantities["memory"])


def sized(task: Callable[..., Any], sizes: list[int]) -> Callable[..., Any]:
    """``task``, noting the pickled size of each result in ``sizes`` (in process only)."""
    def run(blocks: range, **shared: Any) -> Any:
        out = task(blocks, **shared)
        sizes.append(len(cloudpickle.dumps(out)))
        return out
    return run


def timed(label: str, workers: int, run: Callable[[Any], Any]) -> tuple[Any, dict[str, Any]]:
    """``run(client)`` on the engine of ``workers`` (0: no Dask): its answer, wall time and peak memory."""
    start = time.perf_counter()
    with PeakRss() as rss, open_client(Engine(workers=workers, memory_limit="8GiB")) as client:
        opened = time.perf_counter()
        out = run(client)
        ran = time.perf_counter()
        peaks = (list(client.run(_worker_peak).values()) if client is not None else [rss.peak])
    row = {"mode": label, "start_s": opened - start, "run_s": ran - opened,
           "peak_per_worker_MB": max(peaks) / 1e6, "client_growth_MB": (rss.peak - rss.start) / 1e6}
    return out, row


def bench(name: str, run: Callable[[Any], pd.DataFrame], whole: Callable[[], pd.DataFrame] | None,
          task_attr: tuple[Any, str], shared: dict[str, Any], plan: PathShards) -> None:
    """Every mode of one benchmark, its table checked against the first, and the bytes each task moves."""
    module, attr = task_attr
    sizes: list[int] = []
    original = getattr(module, attr)
    rows, tables = [], []
    for label, workers in MODES:
        if workers == 0:
            setattr(module, attr, sized(original, sizes))
        try:
            table, row = timed(label, workers, run)
        finally:
            setattr(module, attr, original)
        rows.append(row)
        tables.append(table)
    if whole is not None:
        start = time.perf_counter()
        with PeakRss() as rss:
            tables.append(whole())
        rows.append({"mode": "whole set in memory (no shards)", "start_s": 0.0, "run_s": time.perf_counter() - start,
                     "peak_per_worker_MB": rss.peak / 1e6, "client_growth_MB": (rss.peak - rss.start) / 1e6})
    same = all(t.equals(tables[0]) for t in tables[1:])
    frame = pd.DataFrame(rows).set_index("mode")
    print(f"\n{name}: {plan.n_paths:,} paths x {plan.n_days} days, {len(plan.shards())} shards of "
          f"{plan.shard_paths:,} paths")
    print(frame.round(1).to_string())
    task_in = len(cloudpickle.dumps((original, range(0, 1))))
    shared_bytes = len(cloudpickle.dumps({**shared, "plan": plan}))
    print(f"bytes per task: {task_in:,} in (the function and its block numbers), shared inputs {shared_bytes:,} "
          f"once per worker, result {sum(sizes) / max(len(sizes), 1):,.0f} out (mean over {len(sizes)} shards)")
    print(f"tables equal across modes: {'PASS' if same else 'FAIL'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=200_000, help="paths of the path-engine run")
    parser.add_argument("--program-paths", type=int, default=50_000, help="paths of the program search")
    parser.add_argument("--days", type=int, default=252, help="trading days per path")
    parser.add_argument("--programs", type=int, default=25, help="programs searched (the first of the grid)")
    parser.add_argument("--all-variants", action="store_true", help="every variant of hedgeopt simulate")
    parser.add_argument("--whole", action="store_true", help="also one run on the whole set in memory")
    parser.add_argument("--skip", choices=("paths", "programs"), help="leave one benchmark out")
    args = parser.parse_args()
    config = load_config(SEED)
    print(f"machine: {machine()}; {psutil.virtual_memory().total / 2**30:.0f} GiB")
    variants = None if args.all_variants else [Variant("as configured", rules=config.rules.active)]
    if args.skip != "paths":
        plan = PathShards.of(config, args.paths, args.days, 1)
        bench("path engine", lambda client: path_engine.side_by_side_sharded(client, config, plan, variants).table,
              (lambda: side_by_side(config, plan.whole(config), variants)[0]) if args.whole else None,
              (path_engine, "_variants_on_shard"), {"config": config, "variants": variants}, plan)
    if args.skip != "programs":
        plan = PathShards.of(config, args.program_paths, args.days, 1)
        progs = program_grid(config.paths.hedge.symbol)[: args.programs]
        rules = config.rules if config.rules.active else None

        def search(client: Any) -> pd.DataFrame:
            return programs_mod.OnShards(config, plan, client)(progs, rules).table(config.risk.cap)

        def whole() -> pd.DataFrame:
            return simulate_programs(config.account, config.market, plan.whole(config), progs, rules,
                                     config.paths.frictions).table(config.risk.cap)

        bench(f"program search ({len(progs)} programs)", search, whole if args.whole else None,
              (programs_mod, "_programs_on_shard"), {"config": config, "programs": progs, "rules": rules}, plan)


if __name__ == "__main__":
    main()

"""Benchmark ``hedgeopt batch``: a book of varied accounts, a plain serial loop against Dask with 1 and 2 workers.

Run from the repository root::

    python bench/bench_batch.py                   # 2,000 accounts (about 40 minutes on 2 cores)
    python bench/bench_batch.py --accounts 100    # a smoke run

The book: ``examples/book/make_book.py`` (seed 17): NAVs from 1,000,000 to 300,000,000 JPY, four routes (ETF on
margin, ETF for cash, MES futures, none), leverage 1.0-1.6x, caps 10-25%; the shared sections of
``examples/book/shared.toml`` (the seed's grid, the 2007-09 bear and the other episodes, the XSP and yen-hedge
candidates). Each account: the five checks, the worst case, the named stress, the cheapest whole-contract hedge at
its cap (verified with QuantLib on the held legs) and the largest leverage.

* **serial loop** — ``run_batch`` with ``Engine(workers=0)``: one account after another in this process, no Dask,
  contexts shared, Parquet parts written: the reference the Dask runs are measured against;
* **plain loop** — what a user would write without the batch: for each account, its config and the same answers
  through the single-account library (:func:`hedgeopt.batch.evaluate.evaluate` with no shared context: every
  account builds its own scenario set and prices its own candidates), nothing written; run on the first
  ``--plain-sample`` accounts (200) and its time scaled to the book, labelled so;
* **Dask, 1 and 2 workers** — ``run_batch`` on a ``LocalCluster`` started beforehand (its start-up is timed
  apart), one thread per worker.

The runs must give the same rows (worst case, hedge cost and positions, max leverage): PASS or FAIL. Printed: wall
times, seconds per account, the bytes a task moves (its accounts in, its rows out) and the shared context sent once
per worker, peak memory per worker, and from those a projection for 1,000,000 accounts on N workers — a projection
from measured figures, labelled as such.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy is imported: one thread everywhere

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import cloudpickle  # noqa: E402
import pandas as pd  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run without installing the package
from _machine import machine  # noqa: E402
from _results import record  # noqa: E402

from hedgeopt.batch import read_accounts, run_batch  # noqa: E402
from hedgeopt.batch.evaluate import evaluate  # noqa: E402
from hedgeopt.batch.run import PARTITION_SIZE, _contexts, fingerprint  # noqa: E402
from hedgeopt.cluster import Engine  # noqa: E402
from hedgeopt.cluster.client import WORKER_ENVIRON  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
COMPARED = ["id", "status", "worst_case", "worst_scenario", "named_stress", "hedge_status", "hedge_positions",
            "hedge_cost", "hedge_worst_case", "max_leverage"]
PROJECTED_WORKERS = (2, 16, 64, 256)


def _book(n: int, folder: Path) -> Path:
    spec = importlib.util.spec_from_file_location("make_book", ROOT / "examples" / "book" / "make_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = folder / "book.csv"
    module.make_book(n).to_csv(path, index=False)
    return path


def _peak_rss_mib() -> float:
    """This process's peak resident memory, MiB: VmHWM, which starts afresh at exec (``ru_maxrss`` keeps the peak of
    the process that forked the worker)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _dask(accounts: list, out: Path, workers: int, size: int) -> tuple[pd.DataFrame, float, float, list[float]]:
    """(rows, start-up seconds, run seconds, peak RSS per worker in MiB) on a fresh LocalCluster of ``workers``."""
    import dask
    from distributed import Client, LocalCluster

    start = time.perf_counter()
    environ = {f"distributed.nanny.pre-spawn-environ.{k}": v for k, v in WORKER_ENVIRON.items()}
    with dask.config.set(environ), \
            LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0") as cluster:
        with Client(cluster) as client:
            client.run(lambda: __import__("hedgeopt.batch.evaluate"))  # imports paid before the clock, as a
        up = time.perf_counter() - start                               # long-lived cluster would have them
        run = time.perf_counter()
        table = run_batch(accounts, out, Engine(scheduler=cluster.scheduler_address), partition_size=size).table
        seconds = time.perf_counter() - run
        with Client(cluster) as client:
            peaks = sorted(client.run(_peak_rss_mib).values())
    return table, up, seconds, peaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=2_000)
    parser.add_argument("--partition-size", type=int, default=PARTITION_SIZE)
    parser.add_argument("--plain-sample", type=int, default=200,
                        help="accounts the plain loop runs (its time scaled to the whole book)")
    args = parser.parse_args()
    n, size = args.accounts, args.partition_size
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        accounts = read_accounts(_book(n, folder), ROOT / "examples" / "book" / "shared.toml")
        prints = {a.id: fingerprint(a) for a in accounts}
        sample = accounts[:args.plain_sample]
        evaluate(accounts[-1], "warm-up", {})  # imports and the solvers' first call, paid once before any clock
        start = time.perf_counter()
        plain = pd.DataFrame([evaluate(a, prints[a.id], {}) for a in sample])
        t_plain = (time.perf_counter() - start) * n / len(sample)
        start = time.perf_counter()
        serial = run_batch(accounts, folder / "serial", Engine(workers=0), partition_size=size).table
        t_serial = time.perf_counter() - start
        one, up1, t_one, peak1 = _dask(accounts, folder / "one", 1, size)
        two, up2, t_two, peak2 = _dask(accounts, folder / "two", 2, size)
        contexts = _contexts(accounts)
        task_in = len(cloudpickle.dumps([(a, prints[a.id]) for a in accounts[:size]]))
        task_out = len(cloudpickle.dumps(serial.head(size).to_dict("records")))
        shared = len(cloudpickle.dumps(contexts))
    twin = plain.sort_values("id").reset_index(drop=True)[COMPARED]
    same = serial.head(len(twin))[COMPARED].equals(twin) and all(frame[COMPARED].equals(serial[COMPARED])
                                                                   for frame in (one, two))
    ok = int((serial["status"] == "ok").sum())
    print(f"{n:,} accounts ({ok:,} answered, {int(serial['breaks_cap'].fillna(False).sum()):,} breaking their cap), "
          f"partitions of {size}; rows equal in every run: {'PASS' if same else 'FAIL'}")
    print(f"{'run':<34}{'wall s':>10}{'s/account':>11}{'vs serial':>10}")
    for name, t in ((f"plain loop (x{n / len(sample):g} of {len(sample)})", t_plain),
                    ("serial loop, no Dask", t_serial), ("Dask, 1 worker", t_one), ("Dask, 2 workers", t_two)):
        print(f"{name:<34}{t:>10.1f}{t / n:>11.3f}{t_serial / t:>9.2f}x")
    print(f"cluster start-up (not in the runs): 1 worker {up1:.1f} s, 2 workers {up2:.1f} s")
    print(f"bytes per task: {task_in / 1024:,.1f} KiB of accounts in, {task_out / 1024:,.1f} KiB of rows out "
          f"({size} accounts); shared context {shared / 1024:,.1f} KiB, sent once per worker")
    print(f"peak memory per worker: 1 worker {peak1[0]:,.0f} MiB; 2 workers "
          + ", ".join(f"{p:,.0f}" for p in peak2) + " MiB")
    per_worker = t_two * 2 / n  # worker-seconds per account, measured with both cores busy
    print(f"projection (from the 2-worker figures, not measured): 1,000,000 accounts at {per_worker:.3f} "
          "worker-seconds each")
    for workers in PROJECTED_WORKERS:
        hours = 1e6 * per_worker / workers / 3600
        print(f"  {workers:>4} workers: {hours:,.1f} h wall time; {1e6 / size * (task_in + task_out) / 2**30:,.1f} "
              "GiB over the network in all")
    record(f"`hedgeopt batch`, {n:,} varied accounts: checks, worst case, verified whole-contract hedge, max leverage "
           "each", f"Dask 2 workers {t_two:.1f} s ({t_two / n:.3f} s an account); 1 worker {t_one:.1f} s",
           f"serial loop, no Dask: {t_serial:.1f} s; the plain loop without shared contexts {t_plain / n:.3f} s an "
           f"account (x{n / len(sample):g} of {len(sample)})",
           f"{t_serial / t_two:.2f}× on 2 cores, rows {'identical' if same else 'DIFFER'}; "
           f"{(task_in + task_out) / 1024:,.0f} KiB moved per {size} accounts; peak {max(peak2):,.0f} MiB a worker",
           two_workers_s=t_two, one_worker_s=t_one, serial_s=t_serial, plain_s=t_plain)


if __name__ == "__main__":
    main()

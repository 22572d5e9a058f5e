"""Benchmark the path engine: 10,000 Monte Carlo paths x 252 days of the seed account, against its per-path twin.

Run from the repository root::

    python bench/bench_paths.py                                   # 10,000 paths x 252 days; the loop on 50 of them
    python bench/bench_paths.py --paths 2000 --loop-paths 10 --repeats 1     # a smoke run

The account is the strategy's seed (``examples/seed_10m.toml``: 7,000,000 JPY USD MMF + 3,000,000 JPY cash + 3,000,000
JPY of S&P 500 on margin, 1.3x) with its ``[rules]`` (staircase, re-entry, leverage cap) and a rolled standing put
(``StandingHedge()``: XSP 90% puts, 91 days, rolled 21 days before expiry), default frictions, on
``monte_carlo_paths(market, paths, days, seed=1)``.

The fast engine (:func:`hedgeopt.paths.engine.simulate`, vectorized over paths) runs all paths and the per-path loop
(:func:`hedgeopt.paths.loop.simulate_loop`, plain floats, one path at a time, from its own day-0 book) the first
``--loop-paths`` of the same paths (``MarketPaths.select``); both are timed the same way, best of ``--repeats``
wall-clock runs from the account to the finished results, and compared per path-day (the loop's time extrapolated
linearly to all paths: it does the same work on every path). The loop is a fair one: like the engine it prices each
option leg once a close (its model price, and its delta on a trading day), not at every NAV it takes; the verdict
is the engine's path-days per second over the loop's. The largest relative difference between the two on the
shared paths (NAV, exposure and leverage relative; cash and costs relative to the path's starting NAV) must stay
below 1e-9, with identical shortfall flags, forced-liquidation counts and events: PASS or FAIL.

Then the six-variant backtest (``hedgeopt backtest examples/seed_10m.toml``: the seed as configured, no rules, no
hedge, a put spread, the cash and futures routes) on the 1999-2018 S&P 500 history, one path of 5,030 days: the
variants as the rows of one simulator (:func:`hedgeopt.paths.backtest.side_by_side`, target under 3 s) beside
the separate runs it replaces (:func:`run_variant` once per variant), both timed alike: best of
``--backtest-repeats`` rounds run in turn; every row's series, costs and events must equal its separate run to
1e-12: PASS or FAIL.
``--backtest-only`` runs this part alone.

``--after-tax`` times the yearly tax ledger (:mod:`hedgeopt.paths.aftertax`) instead: the Monte Carlo paths run with
the seed's ``[tax]`` off (one pre-tax row) and on (one row paying its tax; then the pre-tax row and its taxed twin
together, as ``simulate`` runs the configured variant), and the backtest through ``side_by_side`` (tax off) and
``side_by_side_after_tax`` (the six variants and the taxed twin). It prints the after-tax CAGR and drawdown.

One thread everywhere and the process pinned to one CPU, as in ``bench_pricing.py``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy is imported: one thread everywhere

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run without installing the package
from _fair import best_of_each  # noqa: E402
from _machine import machine, pin_to_one_core  # noqa: E402
from _results import record  # noqa: E402

from hedgeopt.config.config import Config, load_config  # noqa: E402
from hedgeopt.config.path_settings import StandingHedge  # noqa: E402
from hedgeopt.paths.backtest import (  # noqa: E402
    after_tax_figures,
    history_paths,
    run_variant,
    side_by_side,
    side_by_side_after_tax,
    standard_variants,
)
from hedgeopt.paths.engine import Row, Simulator, simulate  # noqa: E402
from hedgeopt.paths.loop import LoopPath, simulate_loop  # noqa: E402
from hedgeopt.paths.result import PathRun  # noqa: E402
from scenarios.paths.monte_carlo import monte_carlo_paths  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed_10m.toml"
TARGET_REL_DIFF = 1e-9
TARGET_BACKTEST_S = 3.0
TARGET_ROWS_REL_DIFF = 1e-12


def best_of(run: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """Shortest wall time of ``repeats`` runs (seconds) and the last result."""
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def compare(fast: PathRun, slow: list[LoopPath]) -> tuple[float, list[str]]:
    """Largest relative difference of the first ``len(slow)`` paths of ``fast`` from the loop, and what differs.

    NAV, exposure and leverage are relative to the loop's value (exposure floored at 1e-9 x NAV, for liquidated
    paths); cash and costs are relative to the path's starting NAV.
    """
    n = len(slow)
    nav0 = np.abs(fast.nav[:n, :1])
    worst, mismatches = 0.0, []

    def rel(a: np.ndarray, b: np.ndarray, scale: np.ndarray) -> float:
        return float(np.max(np.abs(a - b) / scale))

    for name in ("nav", "leverage", "exposure", "cash"):
        a, b = getattr(fast, name)[:n], np.array([getattr(s, name) for s in slow])
        scale = nav0 if name == "cash" else np.maximum(np.abs(b), TARGET_REL_DIFF * nav0 if name == "exposure" else 0)
        worst = max(worst, rel(a, b, scale))
    for kind, values in fast.costs.items():
        worst = max(worst, rel(values[:n], np.array([s.costs[kind] for s in slow]), nav0[:, 0]))
    if not np.array_equal(fast.shortfall[:n], np.array([s.shortfall for s in slow], dtype=bool)):
        mismatches.append("shortfall flags")
    if not np.array_equal(fast.liquidations[:n], [s.liquidations for s in slow]):
        mismatches.append("liquidation counts")
    labels = set(fast.paths.labels[:n])
    ev = fast.events
    ours = sorted((p, int(d), e) for p, d, e in zip(ev.path, ev.day, ev.event, strict=True) if p in labels)
    theirs = sorted((fast.paths.labels[i], int(t), e) for i, s in enumerate(slow) for e, t in s.events)
    if ours != theirs:
        mismatches.append("events")
    return worst, mismatches


def run_difference(ours: PathRun, alone: PathRun) -> float:
    """Largest relative difference between two runs' daily series and costs (0.0 when identical); inf on events."""
    if not ours.events.equals(alone.events):
        return float("inf")
    pairs = [(getattr(ours, k), getattr(alone, k)) for k in ("nav", "cash", "exposure", "leverage", "mmf", "options",
                                                              "required")]
    pairs += [(ours.costs[k], alone.costs[k]) for k in alone.costs]
    pairs += [(ours.shortfall.astype(float), alone.shortfall.astype(float))]
    return max(float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300), initial=0.0)) for a, b in pairs)


def backtest_variants(config: Config, repeats: int) -> None:
    """The six-variant backtest on the 1999-2018 history: one simulator against one run per variant."""
    paths = history_paths(config)
    variants = standard_variants(config)
    timed = best_of_each({"ours": lambda: side_by_side(config, paths),
                          "alone": lambda: {v.name: run_variant(config, paths, v) for v in variants}}, repeats)
    (ours_s, (_, runs)), (alone_s, alone) = timed["ours"], timed["alone"]
    print(f"\nbacktest: the seed on {paths.name} ({paths.n_days:,} days); variants: "
          f"{', '.join(v.name for v in variants)}")
    print(f"{f'engine (each best of {repeats}, run in turn)':<52}{'variants':>9}{'seconds':>11}{'vs separate':>13}")
    print(f"{'one simulator, side_by_side':<52}{len(runs):>9}{ours_s:>11.3f}"
          f"{alone_s / ours_s:>12.1f}x")
    print(f"{'separate runs, run_variant per variant':<52}{len(alone):>9}{alone_s:>11.3f}{1.0:>12.1f}x")
    worst = max(run_difference(runs[name], alone[name]) for name in alone)
    ok = worst <= TARGET_ROWS_REL_DIFF and ours_s < TARGET_BACKTEST_S
    print(f"rows against their separate runs: max relative difference {worst:.1e} (target <= "
          f"{TARGET_ROWS_REL_DIFF:.0e}); side_by_side {ours_s:.3f} s (target < {TARGET_BACKTEST_S:.0f} s) -> "
          f"{'PASS' if ok else 'FAIL'}")
    record(f"the {len(runs)}-variant backtest of the seed on {paths.name}, {paths.n_days:,} days (one thread)",
           f"{ours_s:.2f} s, the variants as rows of one simulator (best of {repeats})",
           f"each variant run alone: {alone_s:.2f} s (best of {repeats})",
           f"{alone_s / ours_s:.1f}×, max difference {worst:.1e}; target < {TARGET_BACKTEST_S:.0f} s and "
           f"{TARGET_ROWS_REL_DIFF:.0e}: {'PASS' if ok else 'FAIL'}", ours_s=ours_s,
           reference_s=alone_s, max_rel_diff=worst)


def after_tax(config: Config, n_paths: int, days: int, seed: int, repeats: int) -> None:
    """Tax off against tax on: Monte Carlo paths of the seed as configured, and the six-variant backtest."""
    market, account, rules, hedge = config.market, config.account, config.rules, config.paths.hedge
    paths = monte_carlo_paths(market, n_paths, days, seed=seed)
    pre = Row(account, rules, hedge)
    taxed = Row(account, rules, hedge, tax=config.tax)

    def rows(*r: Row) -> list[PathRun]:
        return Simulator.of_rows(market, paths, list(r), config.paths.frictions).runs()

    cases = [("tax off: the pre-tax row", (pre,)), ("tax on: the row paying its tax", (taxed,)),
             ("pre-tax row and its taxed twin (simulate)", (pre, taxed))]
    print(f"\nafter tax: the seed as configured ({hedge.describe()}) on monte_carlo_paths({n_paths:,} x {days} "
          f"days, seed {seed}); [tax] year {config.tax.year}, {config.tax.account.value}")
    print(f"{'engine (best of ' + str(repeats) + ')':<52}{'rows':>6}{'seconds':>11}{'vs tax off':>12}")
    base, runs, timings = None, [], []
    for label, r in cases:
        seconds, runs = best_of(lambda r=r: rows(*r), repeats)
        base = base or seconds
        timings.append(seconds)
        print(f"{label:<52}{len(r):>6}{seconds:>11.3f}{seconds / base:>11.2f}x")
    fig = after_tax_figures(runs[0], runs[1])
    print(f"after tax, medians: CAGR {fig['cagr']:.2%} (pre-tax {fig['cagr_pre']:.2%}), max drawdown "
          f"{fig['max_drawdown']:.2%} (pre-tax {fig['max_drawdown_pre']:.2%}); tax paid {fig['tax_paid']:,.0f}, "
          f"owed at the horizon {fig['tax_due']:,.0f} {account.base_currency}")
    history = history_paths(config)
    off_s, _ = best_of(lambda: side_by_side(config, history), repeats)
    on_s, (_, bt_runs, bt_taxed) = best_of(lambda: side_by_side_after_tax(config, history), repeats)
    print(f"{'backtest on ' + history.name + ' (best of ' + str(repeats) + ')':<52}{'rows':>6}{'seconds':>11}"
          f"{'vs tax off':>12}")
    print(f"{'tax off: side_by_side':<52}{len(bt_runs):>6}{off_s:>11.3f}{1.0:>11.2f}x")
    print(f"{'tax on: side_by_side_after_tax':<52}{len(bt_runs) + 1:>6}{on_s:>11.3f}{on_s / off_s:>11.2f}x")
    record(f"after Japanese tax on paths: {n_paths:,} paths × {days} days, the seed's run plus its taxed twin "
           "(one thread)", f"{timings[2]:.2f} s for both rows; the taxed row alone {timings[1]:.2f} s",
           f"the same run without tax: {timings[0]:.2f} s", f"the ledger costs {timings[1] / timings[0] - 1:.0%} per "
           f"row (each best of {repeats})", both_s=timings[2], taxed_s=timings[1], untaxed_s=timings[0])
    fig = after_tax_figures(next(iter(bt_runs.values())), bt_taxed)
    print(f"backtest after tax: CAGR {fig['cagr']:.2%} (pre-tax {fig['cagr_pre']:.2%}), max drawdown "
          f"{fig['max_drawdown']:.2%} (pre-tax {fig['max_drawdown_pre']:.2%}); tax paid {fig['tax_paid']:,.0f}, "
          f"owed at the horizon {fig['tax_due']:,.0f} {account.base_currency}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=10_000, help="Monte Carlo paths the fast engine runs")
    parser.add_argument("--days", type=int, default=252, help="trading days per path")
    parser.add_argument("--loop-paths", type=int, default=50, help="paths the per-path loop runs (the first ones)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of the fast engine; the best is reported")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backtest-repeats", type=int, default=3, help="runs of side_by_side; the best is reported")
    parser.add_argument("--backtest-only", action="store_true", help="only the six-variant backtest")
    parser.add_argument("--after-tax", action="store_true", help="only the tax ledger's cost: tax off against on")
    args = parser.parse_args(argv)

    pinned = pin_to_one_core()
    config = load_config(SEED)
    market, account, rules, hedge = config.market, config.account, config.rules, StandingHedge()
    print(f"{machine()}; {pinned}, one thread")
    print(f"account: {SEED.name}, NAV {account.nav(market):,.0f} {account.base_currency}, leverage "
          f"{account.leverage(market):.2f}x")
    if args.backtest_only:
        backtest_variants(config, args.backtest_repeats)
        return
    if args.after_tax:
        after_tax(config, args.paths, args.days, args.seed, args.repeats)
        return
    print(f"rules:   {rules.describe()}")
    print(f"hedge:   {hedge.describe()}")

    gen_s, paths = best_of(lambda: monte_carlo_paths(market, args.paths, args.days, seed=args.seed), 1)
    print(f"paths:   monte_carlo_paths({args.paths:,} x {args.days} days, seed {args.seed}) generated in "
          f"{gen_s:.3f} s")

    fast_s, fast = best_of(lambda: simulate(account, market, paths, rules, hedge), args.repeats)
    n_loop = min(args.loop_paths, args.paths)
    subset = paths.select(slice(0, n_loop))
    loop_s, slow = best_of(lambda: simulate_loop(account, market, subset, rules, hedge), args.repeats)
    loop_all = loop_s * args.paths / n_loop

    path_days = args.paths * args.days
    rows = [
        (f"fast engine, simulate (best of {args.repeats})", args.paths, fast_s, path_days / fast_s, loop_all / fast_s),
        (f"fair per-path loop, simulate_loop (best of {args.repeats})", n_loop, loop_s, n_loop * args.days / loop_s,
         1.0),
        ("fair per-path loop, extrapolated", args.paths, loop_all, path_days / loop_all, 1.0),
    ]
    print(f"{'engine':<52}{'paths':>8}{'days':>6}{'seconds':>11}{'path-days/s':>14}{'vs loop':>10}")
    for label, n, seconds, rate, ratio in rows:
        print(f"{label:<52}{n:>8,}{args.days:>6}{seconds:>11.3f}{rate:>14,.0f}{ratio:>9.1f}x")
    print(f"verdict: the engine runs {loop_all / fast_s:,.0f}x the path-days per second of the fair per-path loop "
          f"(each option leg priced once a close in both; both best of {args.repeats})")
    events = fast.events.event.value_counts().to_dict()
    print(f"fast engine on {args.paths:,} paths: events {events}; forced liquidations "
          f"{int(fast.liquidations.sum())}; median final NAV {np.median(fast.nav[:, -1]):,.0f}")

    worst, mismatches = compare(fast, slow)
    ok = worst < TARGET_REL_DIFF and not mismatches
    same = "flags, liquidations and events identical" if not mismatches else "DIFFER: " + ", ".join(mismatches)
    print(f"max relative difference fast vs loop on the {n_loop} shared paths: {worst:.2e} (target < "
          f"{TARGET_REL_DIFF:.0e}); {same} -> {'PASS' if ok else 'FAIL'}")
    record(f"{args.paths:,} paths × {args.days} days, seed account with the rules and a rolled XSP put (one thread)",
           f"{fast_s:.2f} s (best of {args.repeats})",
           f"fair per-path loop twin {loop_all:,.0f} s (extrapolated from {n_loop} paths, best of {args.repeats})",
           f"{loop_all / fast_s:,.0f}×, max difference {worst:.1e} ({'PASS' if ok else 'FAIL'})", ours_s=fast_s,
           loop_s=loop_all, loop_paths=n_loop, max_rel_diff=worst)
    backtest_variants(config, args.backtest_repeats)


if __name__ == "__main__":
    main()

"""Benchmark the hedge optimizer: constraint generation against the dense LP, and the million-scenario run.

Run from the repository root::

    python bench/bench_optimizer.py            # (a) 20,000 x 200 dense vs ours, (b) 1,000,000 x ~500, (c) integer
    python bench/bench_optimizer.py --quick    # smaller sizes, a smoke run

(a) The dense formulation (every scenario a constraint, one cvxpy problem, HiGHS) against constraint generation
    with lazy pricing, same problem: seconds, speed-up and both optimal costs.
(b) End to end at 1,000,000 Monte Carlo scenarios: scenario generation, account P&L, candidate pricing, solve and
    verification (fast kernel on every scenario, QuantLib on the stated sample), each stage timed, peak memory.
(c) The whole-contract problem on the strategy's seed account: integer cost, continuous cost, rounding cost.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from hedgeopt.candidates import Candidates, CandidateSpec  # noqa: E402
from hedgeopt.config import load_config  # noqa: E402
from hedgeopt.holdings import MarginPosition  # noqa: E402
from hedgeopt.lp import Objective  # noqa: E402
from hedgeopt.optimizer import solve_dense, solve_hedge  # noqa: E402
from hedgeopt.problem import HedgeProblem  # noqa: E402
from scenarios import monte_carlo  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed_10m.toml"


def levered_account(config):  # noqa: ANN001, ANN201
    """The seed account with 6,000,000 JPY of S&P 500 on margin (1.6x), so a cap binds."""
    return replace(config.account, satellite=(MarginPosition("SPX", 6_000_000, 0.06, value_currency="JPY"),))


def spec_with(n: int) -> CandidateSpec:
    """A candidate grid of about ``n`` instruments (puts and put spreads on XSP, 2 months and beyond)."""
    months = (2, 3, 6, 9, 12)
    strikes = max(3, n // (len(months) * 4))
    return CandidateSpec(months=months, put_moneyness=tuple(np.round(np.linspace(0.70, 1.0, strikes), 4)),
                         spread_widths=(0.05, 0.10, 0.15))


def binding(problem: HedgeProblem) -> HedgeProblem:
    """The same problem with its cap halfway between the least reachable worst case and the unhedged one."""
    least = solve_hedge(replace(problem, cap=None, budget=problem.nav, objective=Objective.RISK), check=False,
                        extras=False).worst_case_after
    return replace(problem, cap=round(0.5 * (least + float(-problem.base_pnl.min())), 4))


def timed(fn):  # noqa: ANN001, ANN201
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def dense_vs_ours(n_scenarios: int, n_candidates: int) -> None:
    config = load_config(SEED)
    scenarios = monte_carlo(n_scenarios, 30, seed=1)
    instruments = spec_with(n_candidates).instruments(config.market, 30)[:n_candidates]
    problem = binding(HedgeProblem(levered_account(config), config.market, scenarios,
                                   Candidates(instruments, config.market), cap=0.5))
    cap = problem.cap
    ours_s, ours = timed(lambda: solve_hedge(problem, check=False, extras=False))
    check_s, _ = timed(lambda: solve_hedge(problem, check=True, extras=False))
    dense_s, (status, _, objective) = timed(lambda: solve_dense(problem))
    dense_cost = objective * problem.nav if status == "optimal" else float("nan")
    print(f"(a) {n_scenarios:,} scenarios x {len(instruments)} candidates, cap {cap:.0%}")
    print(f"    {'method':<44}{'seconds':>10}{'cost (JPY)':>16}")
    print(f"    {'dense cvxpy + HiGHS (every scenario)':<44}{dense_s:>10.2f}{dense_cost:>16,.2f}")
    print(f"    {'constraint generation + lazy pricing':<44}{ours_s:>10.3f}{ours.cost:>16,.2f}")
    print(f"    {'  ... with QuantLib verification':<44}{check_s:>10.3f}")
    rel = abs(ours.cost - dense_cost) / max(dense_cost, 1e-12)
    print(f"    speed-up {dense_s / ours_s:,.0f}x; relative cost difference {rel:.1e}; "
          f"{ours.iterations} rounds, {ours.active_rows} active scenarios")


def million(n_scenarios: int, n_candidates: int, cap: float) -> None:
    """End to end; ``cap`` is fixed beforehand (finding a binding one would add solves to the timing)."""
    t0 = time.perf_counter()
    config = load_config(SEED)
    stages = {}
    stages["scenarios (Monte Carlo)"], scenarios = timed(lambda: monte_carlo(n_scenarios, 30, seed=1))
    instruments = spec_with(n_candidates).instruments(config.market, 30)[:n_candidates]
    stages["candidates (price today)"], cands = timed(lambda: Candidates(instruments, config.market))
    problem = HedgeProblem(levered_account(config), config.market, scenarios, cands, cap=cap)
    stages["account P&L"], _ = timed(lambda: problem.base_pnl)
    result = solve_hedge(problem, check=True, extras=False)
    stages["solve (generation, lazy pricing)"] = result.seconds["solve"]
    stages["verification (fast all, QuantLib sample)"] = result.seconds["verification"]
    checked = result.verification
    total = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(b) {n_scenarios:,} scenarios x {len(instruments)} candidates, cap {cap:.0%}: {result.status}, "
          f"cost {result.cost:,.0f} JPY")
    for name, seconds in stages.items():
        print(f"    {name:<44}{seconds:>8.2f} s")
    print(f"    {'total, end to end':<44}{total:>8.2f} s; peak memory {peak:,.0f} MB")
    print(f"    verification: {checked}")


def seed_integer(cap: float) -> None:
    config = load_config(SEED)
    problem = HedgeProblem(config.account, config.market, config.hedge_scenarios(),
                           Candidates(config.hedge.candidates.instruments(config.market, 30), config.market),
                           cap=cap, integer=True)
    seconds, r = timed(lambda: solve_hedge(problem))
    print(f"(c) seed account, {len(problem.scenarios)} scenarios x {len(problem.candidates)} candidates, "
          f"cap {cap:.0%}, whole contracts: {seconds:.2f} s (including the continuous twin, cap + 1 point, "
          f"and QuantLib verification)")
    print(f"    integer {r.cost:,.0f} JPY, continuous {r.continuous_cost:,.0f} JPY, rounding cost "
          f"{r.rounding_cost:,.0f} JPY; positions: "
          + "; ".join(f"{p.quantity:g} x {p.instrument.label}" for p in r.positions))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        dense_vs_ours(2_000, 50)
        million(50_000, 100, 0.26)
    else:
        dense_vs_ours(20_000, 200)
        million(1_000_000, 500, 0.30)
    seed_integer(0.10)


if __name__ == "__main__":
    main()

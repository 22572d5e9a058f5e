"""Benchmark the route comparison: route C by constraint generation against its dense twin, and the whole answer.

Run from the repository root::

    python bench/bench_routes.py            # (a) route C on 20,000 Monte Carlo scenarios, (b) the seed end to end
    python bench/bench_routes.py --quick    # (a) on 2,000 scenarios

(a) Route C's problem (the cheapest calls and call spreads worth 3,000,000 JPY's gain at +10% and +20%, within the
    20% cap) on the seed's core with a Monte Carlo set of N one-period scenarios (30 days, Student-t), continuous:
    :func:`hedgeopt.optimizer.solve.solve_dense` (every scenario a constraint, every candidate priced on every
    scenario, one cvxpy problem on HiGHS) against constraint generation with lazy pricing
    (:func:`hedgeopt.optimizer.participation.size_calls` without the QuantLib re-check, as the dense solve has none);
    seconds and both optimal costs. Then size_calls whole contracts with its QuantLib re-check, as the command runs it.
(b) :func:`hedgeopt.routes.compare.compare_routes` on ``examples/seed_10m.toml`` (88 scenarios, two regimes), and
    the ``hedgeopt routes`` command in a fresh process (start-up included).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run without installing the package

from bench._machine import machine  # noqa: E402
from hedgeopt.account.routes import with_exposure  # noqa: E402
from hedgeopt.config.config import load_config  # noqa: E402
from hedgeopt.optimizer.participation import CallProblem, participation_target, size_calls  # noqa: E402
from hedgeopt.optimizer.solve import solve_dense  # noqa: E402
from hedgeopt.routes.calls import call_candidates  # noqa: E402
from hedgeopt.routes.compare import compare_routes  # noqa: E402
from scenarios import monte_carlo  # noqa: E402

SEED = ROOT / "examples" / "seed_10m.toml"


def part_a(n: int) -> None:
    config = load_config(SEED)
    market = config.market
    core = with_exposure(config.account, market, "cash", "SPX", 0.0)
    scenarios = monte_carlo(n, horizon_days=30, seed=7, base=market.base_currency)
    candidates = call_candidates(config, "SPX")
    target = participation_target(market, "SPX", 3_000_000, horizon_days=30)
    problem = CallProblem(core, market, scenarios, candidates, cap=0.20, target=target)
    t = time.perf_counter()
    status, q, cost = solve_dense(problem)
    dense = time.perf_counter() - t
    t = time.perf_counter()
    fast = size_calls(core, market, scenarios, candidates, target, cap=0.20, integer=False, check=False,
                      extras=False)
    generated = time.perf_counter() - t
    print(f"(a) route C, {n:,} scenarios x {len(candidates)} candidates, continuous")
    print(f"    dense LP (cvxpy + HiGHS, every row priced): {dense:8.2f} s  cost {cost * problem.nav:,.0f} JPY "
          f"({status})")
    print(f"    constraint generation, lazy pricing:        {generated:8.2f} s  cost {fast.cost:,.0f} JPY "
          f"({fast.status})  speed-up {dense / generated:,.0f}x")
    t = time.perf_counter()
    whole = size_calls(core, market, scenarios, candidates, target, cap=0.20)
    print(f"    whole contracts, QuantLib re-check:        {time.perf_counter() - t:8.2f} s  cost "
          f"{whole.cost:,.0f} JPY ({whole.status}; verified on {whole.result.verification.n_reference:,} rows)")


def part_b() -> None:
    config = load_config(SEED)
    t = time.perf_counter()
    c = compare_routes(config)
    library = time.perf_counter() - t
    t = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "hedgeopt"), "routes", str(SEED), "--json"], check=True,
                   capture_output=True, cwd=ROOT)
    command = time.perf_counter() - t
    print(f"(b) the seed, four routes x {len(c.regime_names)} rate settings: compare_routes {library:.2f} s; "
          f"hedgeopt routes --json in a fresh process {command:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="(a) on 2,000 scenarios")
    args = parser.parse_args()
    print(machine())
    part_a(2_000 if args.quick else 20_000)
    part_b()


if __name__ == "__main__":
    main()

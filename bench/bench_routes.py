"""Benchmark the route comparison: route C by constraint generation against its dense twin, and the whole answer.

Run from the repository root::

    python bench/bench_routes.py            # (a) route C on 20,000 Monte Carlo scenarios, (b) the seed end to end
    python bench/bench_routes.py --quick    # (a) on 2,000 scenarios

(a) Route C's problem (the cheapest calls and call spreads worth 3,000,000 JPY's gain at +10% and +20%, within the
    20% cap) on the seed's core with a Monte Carlo set of N one-period scenarios (30 days, Student-t), continuous:
    constraint generation with lazy pricing (:func:`hedgeopt.optimizer.participation.size_calls`), with its
    verification (the default) and without, against two dense references (every scenario a constraint, every
    candidate priced on every scenario): the LP straight to HiGHS (``scipy.optimize.linprog``) and
    :func:`hedgeopt.optimizer.solve.solve_dense` (cvxpy on HiGHS). All timed alike: wall clock, the fastest of
    :data:`ROUNDS` rounds run in turn, each from the same inputs to the optimal hedge; the verdict is ours with
    verification against the fastest reference. Then size_calls whole contracts as the command runs it.
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

from bench._fair import best_of_each, dense_linprog, fastest, rechecked  # noqa: E402
from bench._machine import machine  # noqa: E402
from bench._results import record  # noqa: E402
from hedgeopt.account.routes import with_exposure  # noqa: E402
from hedgeopt.config.config import load_config  # noqa: E402
from hedgeopt.optimizer.participation import CallProblem, participation_target, size_calls  # noqa: E402
from hedgeopt.optimizer.result import CallRoute  # noqa: E402
from hedgeopt.optimizer.solve import solve_dense  # noqa: E402
from hedgeopt.routes.calls import call_candidates  # noqa: E402
from hedgeopt.routes.compare import compare_routes  # noqa: E402
from scenarios import monte_carlo  # noqa: E402

SEED = ROOT / "examples" / "seed_10m.toml"
ROUNDS = 3
"""Rounds of (a): every method run this many times in turn, the fastest of each reported."""
REFERENCES = {"linprog": "dense LP straight to HiGHS (scipy linprog)", "cvxpy": "dense LP, cvxpy + HiGHS"}
"""The dense references of (a), by name: every scenario a constraint, every candidate priced on every one."""


def part_a(n: int) -> None:
    """Route C on ``n`` Monte Carlo scenarios: two dense references and ours, verification on and off."""
    config = load_config(SEED)
    market = config.market
    core = with_exposure(config.account, market, "cash", "SPX", 0.0)
    scenarios = monte_carlo(n, horizon_days=30, seed=7, base=market.base_currency)
    candidates = call_candidates(config, "SPX")
    target = participation_target(market, "SPX", 3_000_000, horizon_days=30)

    def problem() -> CallProblem:  # built inside each timed method: its account P&L and floors included
        return CallProblem(core, market, scenarios, candidates, cap=0.20, target=target)

    def ours(check: bool) -> CallRoute:
        return size_calls(core, market, scenarios, candidates, target, cap=0.20, integer=False, check=check,
                          extras=False)

    nav = problem().nav
    best = best_of_each({"cvxpy": lambda: solve_dense(problem())[2], "linprog": lambda: dense_linprog(problem())[1],
                         "verified": lambda: ours(True), "unverified": lambda: ours(False)}, ROUNDS)
    seconds = {name: t for name, (t, _) in best.items()}
    costs = {name: best[name][1] * nav for name in REFERENCES} | {
        name: best[name][1].cost for name in ("verified", "unverified")}
    ref, ref_s = fastest({name: seconds[name] for name in REFERENCES})
    gap = abs(costs["verified"] - costs[ref]) / abs(costs[ref])
    print(f"(a) route C, {n:,} scenarios x {len(candidates)} candidates, continuous; every method: wall clock, "
          f"fastest of {ROUNDS} rounds run in turn, from the account, scenarios, candidates and target to the "
          "optimal hedge (account P&L, floors and pricing included)")
    for label, name in ((f"reference: {REFERENCES['cvxpy']}, every row priced", "cvxpy"),
                        (f"reference: {REFERENCES['linprog']}, every row priced", "linprog"),
                        ("ours: size_calls(check=True), verification on (the default)", "verified"),
                        ("ours: size_calls(check=False), verification off", "unverified")):
        print(f"    {label:<74}{seconds[name]:8.3f} s  cost {costs[name]:,.2f} JPY")
    n_checked, _ = rechecked(best["verified"][1].result.verification)
    print(f"    verdict, verification on (re-check on {n_checked:,} scenarios), against the fastest reference "
          f"({REFERENCES[ref]}): {ref_s / seconds['verified']:,.1f}x, cost within {gap:.1e}; verification off "
          f"{ref_s / seconds['unverified']:,.1f}x")
    slower = next(name for name in REFERENCES if name != ref)
    record(f"route C on {n:,} Monte Carlo scenarios × {len(candidates)} calls and call spreads (3,000,000 JPY's "
           "gain at +10% and +20%, cap 20%), continuous",
           f"{seconds['verified']:.2f} s verified ({seconds['unverified']:.2f} s without verification)",
           f"{REFERENCES[ref]} {ref_s:.2f} s; {REFERENCES[slower]} {seconds[slower]:.2f} s",
           f"{ref_s / seconds['verified']:,.1f}× verified ({ref_s / seconds['unverified']:,.1f}× unverified), "
           f"same cost ({costs['verified']:,.0f} JPY, {gap:.0e})",
           verified_s=seconds["verified"], unverified_s=seconds["unverified"], linprog_s=seconds["linprog"],
           cvxpy_s=seconds["cvxpy"], rel_cost=gap)
    t = time.perf_counter()
    whole = size_calls(core, market, scenarios, candidates, target, cap=0.20)
    print(f"    whole contracts, with verification and extras (the command's call): {time.perf_counter() - t:8.2f} s  "
          f"cost {whole.cost:,.0f} JPY ({whole.status}; re-checked on {rechecked(whole.result.verification)[0]:,} "
          "rows)")


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
    record(f"`hedgeopt routes` on the seed: four routes × {len(c.regime_names)} rate settings",
           f"compare_routes {library:.2f} s in the library", f"the command in a fresh process {command:.2f} s",
           f"start-up and output {command - library:.2f} s", library_s=library, command_s=command)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="(a) on 2,000 scenarios")
    args = parser.parse_args()
    print(machine())
    part_a(2_000 if args.quick else 20_000)
    part_b()


if __name__ == "__main__":
    main()

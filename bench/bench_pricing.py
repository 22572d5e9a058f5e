"""Benchmark the vectorized pricing kernels against a plain QuantLib loop, on one core.

Run from the repository root::

    python bench/bench_pricing.py                      # 2,000,000 kernel prices, 20,000 QuantLib prices
    python bench/bench_pricing.py --n 500000 --repeats 3

Both sides price the same random inputs (the QuantLib loop a prefix of them, since rates per second compare
across sizes); the best of ``--repeats`` runs is reported, and the largest difference between the two on the
shared prefix is printed so the comparison is known to be like for like.

Two benchmarks: the European kernel against ``AnalyticEuropeanEngine``, and the American fast path
(Bjerksund–Stensland 2002) against ``QdFpAmericanEngine`` — QuantLib's fast, accurate American engine, on a
smaller sample (it takes about 0.2 ms an option). For the American pair the "max |fast - QuantLib|" line is the
approximation error, stated in ``pricing/american.py`` (at most 7.5e-3 × strike for vol up to 0.6 and
moneyness 0.7–1.3; these random inputs reach vol 0.8 and moneyness 0.6–1.4, so the gap printed may exceed it).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy is imported: one thread everywhere

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass, fields  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import QuantLib as ql  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run without installing the package
from _machine import pin_to_one_core  # noqa: E402
from _results import record  # noqa: E402

from pricing.american import american_price  # noqa: E402
from pricing.black_scholes import bs_price  # noqa: E402

TODAY = ql.Date(16, ql.March, 2026)
DAY_COUNT = ql.Actual365Fixed()


@dataclass(frozen=True)
class Inputs:
    """Random option inputs; expiries in whole days so that t = days / 365 exactly, as in QuantLib."""

    is_call: np.ndarray
    spot: np.ndarray
    strike: np.ndarray
    days: np.ndarray
    r: np.ndarray
    q: np.ndarray
    vol: np.ndarray

    @property
    def t(self) -> np.ndarray:
        return self.days / 365.0

    def head(self, n: int) -> Inputs:
        return Inputs(*(getattr(self, f.name)[:n] for f in fields(self)))

    def __len__(self) -> int:
        return len(self.spot)


def random_inputs(n: int, seed: int) -> Inputs:
    """Market-like inputs: spot 50-150, strike within ±40% of spot, 1 day to 2 years, vol 5%-80%."""
    rng = np.random.default_rng(seed)
    spot = rng.uniform(50.0, 150.0, n)
    return Inputs(
        is_call=rng.random(n) < 0.5,
        spot=spot,
        strike=spot * rng.uniform(0.6, 1.4, n),
        days=rng.integers(1, 731, n),
        r=rng.uniform(0.0, 0.08, n),
        q=rng.uniform(0.0, 0.04, n),
        vol=rng.uniform(0.05, 0.80, n),
    )


# ----------------------------------------------------------------------------------------------------------------
# The methods
# ----------------------------------------------------------------------------------------------------------------


def kernel_european(x: Inputs) -> np.ndarray:
    return bs_price(x.is_call, x.spot, x.strike, x.t, x.r, x.q, x.vol, validate=False)


def kernel_european_validated(x: Inputs) -> np.ndarray:
    return bs_price(x.is_call, x.spot, x.strike, x.t, x.r, x.q, x.vol)


def kernel_american(x: Inputs) -> np.ndarray:
    return american_price(x.is_call, x.spot, x.strike, x.t, x.r, x.q, x.vol, validate=False)


def kernel_american_validated(x: Inputs) -> np.ndarray:
    return american_price(x.is_call, x.spot, x.strike, x.t, x.r, x.q, x.vol)


def quantlib_european(x: Inputs) -> np.ndarray:
    """A plain QuantLib loop, made as fast as QuantLib allows: market quotes are built once and reset per option.

    Each option still needs its own payoff, exercise and instrument; the engine is shared.
    """
    return _quantlib_loop(x, american=False)


def quantlib_american(x: Inputs) -> np.ndarray:
    """The same loop with American exercise and ``QdFpAmericanEngine``."""
    return _quantlib_loop(x, american=True)


def _quantlib_loop(x: Inputs, american: bool) -> np.ndarray:
    ql.Settings.instance().evaluationDate = TODAY
    spot, r, q, vol = (ql.SimpleQuote(0.0) for _ in range(4))
    process = ql.BlackScholesMertonProcess(
        ql.QuoteHandle(spot),
        ql.YieldTermStructureHandle(ql.FlatForward(TODAY, ql.QuoteHandle(q), DAY_COUNT, ql.Continuous)),
        ql.YieldTermStructureHandle(ql.FlatForward(TODAY, ql.QuoteHandle(r), DAY_COUNT, ql.Continuous)),
        ql.BlackVolTermStructureHandle(ql.BlackConstantVol(TODAY, ql.NullCalendar(), ql.QuoteHandle(vol), DAY_COUNT)),
    )
    engine = ql.QdFpAmericanEngine(process) if american else ql.AnalyticEuropeanEngine(process)
    out = np.empty(len(x))
    for i in range(len(x)):
        spot.setValue(float(x.spot[i]))
        r.setValue(float(x.r[i]))
        q.setValue(float(x.q[i]))
        vol.setValue(float(x.vol[i]))
        kind = ql.Option.Call if x.is_call[i] else ql.Option.Put
        expiry = TODAY + int(x.days[i])
        exercise = ql.AmericanExercise(TODAY, expiry) if american else ql.EuropeanExercise(expiry)
        option = ql.VanillaOption(ql.PlainVanillaPayoff(kind, float(x.strike[i])), exercise)
        option.setPricingEngine(engine)
        out[i] = option.NPV()
    return out


@dataclass(frozen=True)
class Benchmark:
    """Fast vectorized methods and the QuantLib loop they are held to, timed on the same inputs."""

    name: str
    fast: dict[str, Callable[[Inputs], np.ndarray]]
    reference: Callable[[Inputs], np.ndarray]
    reference_share: float = 1.0  # fraction of --n-quantlib the reference prices (slow engines take fewer)


def benchmarks() -> list[Benchmark]:
    """Every benchmark to run, in order."""
    return [
        Benchmark(
            "European",
            {"kernel bs_price": kernel_european, "kernel bs_price, validated": kernel_european_validated},
            quantlib_european,
        ),
        Benchmark("American", {"american_price (BS 2002)": kernel_american,
                               "american_price, validated": kernel_american_validated}, quantlib_american, 0.1),
    ]


# ----------------------------------------------------------------------------------------------------------------
# Timing and the table
# ----------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One timed method: prices per second and its ratio to the QuantLib reference."""

    method: str
    n: int
    seconds: float
    ratio: float = float("nan")

    @property
    def rate(self) -> float:
        return self.n / self.seconds


def best_of(method: Callable[[Inputs], np.ndarray], inputs: Inputs, repeats: int) -> tuple[float, np.ndarray]:
    """Shortest wall time of ``repeats`` runs (seconds) and the last result."""
    best, result = float("inf"), np.empty(0)
    for _ in range(repeats):
        start = time.perf_counter()
        result = method(inputs)
        best = min(best, time.perf_counter() - start)
    return best, result


def run(bench: Benchmark, inputs: Inputs, n_reference: int, repeats: int) -> tuple[list[Row], float]:
    """Time every method of ``bench``; return the rows and the largest |fast - QuantLib| / strike on the prefix."""
    shared = inputs.head(n_reference)
    ref_seconds, ref_prices = best_of(bench.reference, shared, repeats)
    ref = Row(f"{bench.name} QuantLib loop", len(shared), ref_seconds, 1.0)
    rows, max_diff = [], 0.0
    for label, method in bench.fast.items():
        seconds, prices = best_of(method, inputs, repeats)
        rows.append(Row(f"{bench.name} {label}", len(inputs), seconds, (len(inputs) / seconds) / ref.rate))
        max_diff = max(max_diff, float(np.max(np.abs(prices[: len(shared)] - ref_prices) / shared.strike)))
    return [*rows, ref], max_diff


def format_table(rows: list[Row]) -> str:
    lines = [f"{'method':<40} {'n':>11} {'seconds':>9} {'prices/second':>15} {'vs QuantLib':>12}"]
    lines += [f"{r.method:<40} {r.n:>11,} {r.seconds:>9.4f} {r.rate:>15,.0f} {r.ratio:>11.1f}x" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2_000_000, help="options priced by the kernels")
    parser.add_argument("--n-quantlib", type=int, default=20_000, help="options priced by the QuantLib loop")
    parser.add_argument("--repeats", type=int, default=5, help="runs per method; the best is reported")
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args(argv)

    pinned = pin_to_one_core()
    inputs = random_inputs(args.n, args.seed)
    print(f"numpy {np.__version__}, QuantLib {ql.__version__}, {pinned}, best of {args.repeats}")
    for bench in benchmarks():
        n_ref = max(1, int(min(args.n_quantlib, args.n) * bench.reference_share))
        rows, max_diff = run(bench, inputs, n_ref, args.repeats)
        print(format_table(rows))
        print(f"max |fast - QuantLib| / strike on the {n_ref:,} shared inputs: {max_diff:.2e}")
        record_rows(bench, rows, max_diff)


def record_rows(bench: Benchmark, rows: list[Row], max_diff: float) -> None:
    """The benchmark's row of the table: the validated call (the default) beside ``validate=False``."""
    checked, unchecked, ref = rows[1], rows[0], rows[-1]
    engine = "QdFp" if bench.name == "American" else "analytic"
    record(f"{bench.name} prices / s (one thread)",
           f"{checked.rate:,.0f} validated (the default); {unchecked.rate:,.0f} with validate=False (what the "
           "engines call on inputs checked once)",
           f"QuantLib loop, {engine} engine: {ref.rate:,.0f}",
           f"{checked.ratio:,.0f}× validated, {unchecked.ratio:,.0f}× unvalidated; max |difference| / strike "
           f"{max_diff:.1e}", validated_per_s=checked.rate, unvalidated_per_s=unchecked.rate,
           quantlib_per_s=ref.rate, max_diff_over_strike=max_diff)


if __name__ == "__main__":
    main()

"""Benchmark reading a full-size option chain: the whole load against QuantLib's textbook implied-vol loop alone.

Run from the repository root::

    python bench/bench_chain.py                 # best of 3
    python bench/bench_chain.py --repeats 1

The chain is the messy Cboe SPX download of ``tests/pricing/chains/test_messy_chain.py`` (12 monthly expiries
and the SPXW weeklies beside them, 10,368 SPX options, noisy mids, zero bids, stale rows), made in memory. Ours is
:func:`pricing.chains.load_chain` end to end: the layout read, every row checked, vols implied from the mid, bid and
ask (QuantLib's Black inversion on the forward), parity forwards, the stale quotes found and one SSVI slice per
expiry fitted and checked. The reference does only the first of those steps the way a first version would: one
``VanillaOption.impliedVolatility`` on a Black–Scholes–Merton process per option mid
(:func:`pricing.quantlib_engine.implied_vol`, the test suite's twin). The vols of the two agree to 1e-8 on every
option both invert; the largest difference is printed.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run without installing the package
sys.path.insert(0, str(ROOT / "tests" / "pricing" / "chains"))  # the chain generator of the tests
from _machine import pin_to_one_core  # noqa: E402
from _results import record  # noqa: E402
from test_messy_chain import MARKET, messy_spx  # noqa: E402

from pricing import Option  # noqa: E402
from pricing.chains import load_chain  # noqa: E402
from pricing.errors import ImpliedVolError  # noqa: E402
from pricing.quantlib_engine import implied_vol  # noqa: E402


def _best(repeats: int, run: object) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        out = run()
        times.append(time.perf_counter() - start)
    return min(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    pin_to_one_core()
    text = messy_spx(np.random.default_rng(20261125))
    ours, chain = _best(args.repeats, lambda: load_chain(io.StringIO(text), "SPX", MARKET, on_bad_row="skip"))
    q = chain.quotes
    options = [Option("SPX", k, s, e) for k, s, e in q[["kind", "strike", "expiry"]].itertuples(index=False)]

    def reference() -> np.ndarray:
        out = np.full(len(options), np.nan)
        for i, (option, mid) in enumerate(zip(options, q["mid"], strict=True)):
            try:
                out[i] = implied_vol(option, float(mid), MARKET)
            except ImpliedVolError:
                continue
        return out

    theirs, vols = _best(args.repeats, reference)
    both = np.isfinite(vols) & q["iv"].notna().to_numpy()
    gap = float(np.max(np.abs(vols[both] - q["iv"].to_numpy()[both])))
    print(f"chain: {len(q):,} options in {q['expiry'].nunique()} expiries, {chain.n_skipped} bad rows skipped, "
          f"{int(q['inconsistent'].sum())} stale quotes left out of the fit, {len(chain.table.other):,} SPXW rows")
    print(f"ours: load, check, 3 vols per option, parity, fit {len(chain.fit.by_expiry)} slices  {ours:8.3f} s")
    print(f"QuantLib impliedVolatility, one per option mid              {theirs:8.3f} s")
    print(f"max |vol ours - vol QuantLib| on {int(both.sum()):,} options: {gap:.2e}")
    record(f"option chain: a 10,368-option Cboe SPX file read, checked, 3 vols each, {len(chain.fit.by_expiry)} "
           "SSVI slices fitted", f"{ours:.2f} s", f"{theirs:.2f} s (QuantLib impliedVolatility of the mids alone)",
           f"{theirs / ours:.1f}× (the whole load against one of its steps); vols agree to {gap:.0e}",
           seconds=ours, reference_seconds=theirs, max_vol_gap=gap)


if __name__ == "__main__":
    main()

"""A full-size, messy Cboe SPX download: weeklies beside monthlies, noisy mids, zero bids, stale in-the-money rows.

Made here (never fetched): 12 months of expiries, strikes every 5 points near the money and every 25 in the wings,
mids off the default surface by 1% noise, half-spreads of 2-6% of the price, no bid under 0.10, and one
in-the-money row in fifty left at a price below its intrinsic value. What a user downloads looks like this.
"""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pytest

from pricing.black_scholes import bs_price
from pricing.chains.chain import load_chain
from pricing.chains.checks import chain_findings
from pricing.market import default_market
from pricing.standard_hedges import monthly_expiry

MARKET = default_market()
HEADER = ("Expiration Date,Calls,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest,Strike,Puts,Last Sale,"
          "Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest")


def _side(rng: np.random.Generator, price: float, intrinsic: float) -> tuple[float, float]:
    """Bid and ask: the time value off by 1% noise, half-spreads of 2-6% of it (plus 0.05% of the intrinsic)."""
    time_value = price - intrinsic
    mid = intrinsic + time_value * (1.0 + rng.normal(0.0, 0.01))
    if intrinsic > 0.0 and rng.random() < 0.02:
        mid = max(intrinsic - 1.0, 0.05)  # stale: below what the option is worth exercised
    if mid < 0.10:
        return 0.0, 0.05
    half = max(0.05, time_value * rng.uniform(0.02, 0.06) + 0.0005 * intrinsic)
    return round(mid - half, 1), round(mid + half, 1)


def messy_spx(rng: np.random.Generator) -> str:
    surface, spot = MARKET.surface("SPX"), 6000.0
    lines = ["Standard & Poors 500 Index,Last: 6000,Change: 0",
             '"Date: November 25, 2026 at 4:15 PM EST",Bid: 6000,Ask: 6000,Size: 0*0,Volume: 0', HEADER]
    fridays = [MARKET.valuation_date + dt.timedelta(days=2 + 7 * w) for w in range(8)]
    monthlies = [monthly_expiry(2026 + (11 + m) // 12, (11 + m) % 12 + 1) for m in range(12)]
    strikes = sorted({*range(3000, 5100, 25), *range(5100, 6605, 5), *range(6625, 7800, 25)})
    for expiry in sorted({*fridays, *monthlies}):
        t = (expiry - MARKET.valuation_date).days / 365
        roots = ["SPX", "SPXW"] if expiry in monthlies else ["SPXW"]
        for root in roots:
            for k in strikes:
                vol = float(surface.vol(k / spot, t))
                cells = []
                for kind in ("C", "P"):
                    price = float(bs_price(kind == "C", spot, k, t, 0.04, 0.013, vol))
                    intrinsic = max(spot - k, 0.0) if kind == "C" else max(k - spot, 0.0)
                    bid, ask = _side(rng, price, intrinsic)
                    symbol = f"{root}{expiry:%y%m%d}{kind}{k * 1000:08d}"
                    cells.append(f"{symbol},0,0,{bid},{ask},0,0,0,0,0")
                lines.append(f"{expiry:%a %b %d %Y},{cells[0]},{k:.2f},{cells[1]}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def chain():
    """The chain loaded (its speed is measured by ``bench/bench_chain.py``, not here)."""
    return load_chain(io.StringIO(messy_spx(np.random.default_rng(20261125))), "SPX", MARKET, on_bad_row="skip")


def test_only_the_monthlies_are_read_and_the_weeklies_counted(chain):
    c = chain
    assert sorted({e.weekday() for e in c.quotes["expiry"]}) == [4]  # Fridays
    assert c.quotes["expiry"].nunique() == 12
    assert len(c.table.other) > 2_000 and all(reason.startswith("SPXW") for _, reason in c.table.other)


def test_stale_rows_are_skipped_or_left_out_of_the_fit_and_zero_bids_kept_out_of_it(chain):
    c = chain
    # below the intrinsic value (no vol reproduces them), or a bid rounded below zero
    assert 50 < c.n_skipped < 200
    assert all("no-arbitrage bounds" in s.reason or "a price >= 0" in s.reason for s in c.skipped)
    # stale but inside the bounds (in the money against the spot, not the forward): they break the strike bounds
    stale = c.quotes["inconsistent"]
    assert 50 < stale.sum() < 300 and not (c.quotes["in_fit"] & stale).any()
    zero = c.quotes["bid"] == 0.0
    assert zero.sum() > 100 and not (c.quotes["in_fit"] & zero).any()


def test_the_fit_is_arbitrage_free_and_close_to_the_liquid_quotes(chain):
    c = chain
    assert c.fit.arbitrage.empty and len(c.fit.surface.slices) == 12
    q = c.fit.quotes
    near = (q["moneyness"] > 0.8) & (q["moneyness"] < 1.1)
    # 1% noise on the time value is about 0.1-0.2 vol point near the money: the fit's rms error is that scatter
    assert float(np.sqrt((q.loc[near, "error"] ** 2).mean())) < 0.002
    assert q.loc[near, "inside"].astype(bool).mean() > 0.9


def test_parity_finds_the_spot_and_the_carry_through_the_noise(chain):
    c = chain
    assert abs(c.carry.spot_gap) < 5e-4 and c.carry.carry == pytest.approx(0.027, abs=2e-3)
    keys = [f.key for f in chain_findings(c, MARKET)]
    assert keys[:4] == ["other_rows", "zero_bids", "inconsistent", "skipped"] and "parity_spot" not in keys

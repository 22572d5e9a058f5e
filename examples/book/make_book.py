"""A synthetic book of yen accounts for ``hedgeopt batch``: varied NAVs, routes, leverage and caps.

    python examples/book/make_book.py 2000 book.csv
    hedgeopt batch book.csv --shared examples/book/shared.toml --out book-out

Each row is one account in the table layout of ``hedgeopt batch`` (docs/batch.md): an ``id`` and config key paths.
NAV from 1,000,000 to about 300,000,000 JPY (log-normal around 10,000,000); 55–85% of it in the USD Treasury MMF,
the rest yen cash; a satellite on one route — an ETF on a margin loan (45%), an ETF bought with cash (25%), Micro
E-mini S&P 500 futures (15%) or none (15%: the MMF and cash alone) — at a leverage of 1.0x to 1.6x; a cap of 10%,
15%, 20% or 25% of NAV. The same ``n`` and ``seed`` give the same book.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

SPX, USDJPY, MES_MULTIPLIER = 6_000.0, 150.0, 5.0
"""The illustrative default market's levels (pricing.default_market) and the MES contract's multiplier."""


def make_book(n: int, seed: int = 17) -> pd.DataFrame:
    """``n`` accounts as one table (one row each), reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    nav = np.round(np.clip(np.exp(rng.normal(np.log(10e6), 1.0, n)), 1e6, 3e8), -4)
    mmf = np.round(nav * rng.uniform(0.55, 0.85, n), -4)
    route = rng.choice(["margin", "cash", "futures", "none"], size=n, p=[0.45, 0.25, 0.15, 0.15])
    leverage = np.round(rng.uniform(1.0, 1.6, n), 1)
    exposure = np.round(nav * np.where(route == "cash", rng.uniform(0.1, 0.3, n), leverage - 1.0 + 0.1), -4)
    rows = []
    for k in range(n):
        row = {"id": f"acct-{k + 1:07d}", "account.base_currency": "JPY", "account.mmf[0].name": "USD Treasury MMF",
               "account.mmf[0].currency": "USD", "account.mmf[0].amount": mmf[k],
               "account.mmf[0].amount_currency": "JPY", "account.mmf[0].yield": 0.04,
               "account.cash[0].currency": "JPY",
               "account.cash[0].amount": nav[k] - mmf[k] - (exposure[k] if route[k] == "cash" else 0.0),
               "risk.cap": float(rng.choice([0.10, 0.15, 0.20, 0.25]))}
        if route[k] in ("margin", "cash"):
            row.update({"account.satellite[0].route": route[k], "account.satellite[0].index": "SPX",
                        "account.satellite[0].value": exposure[k], "account.satellite[0].value_currency": "JPY"})
        if route[k] == "margin":
            row.update({"account.satellite[0].loan_rate": 0.06, "account.satellite[0].maintenance_ratio": 0.25})
        if route[k] == "futures":
            contracts = max(int(exposure[k] / (SPX * MES_MULTIPLIER * USDJPY)), 1)
            row.update({"account.satellite[0].route": "futures", "account.satellite[0].symbol": "MES",
                        "account.satellite[0].contracts": contracts,
                        "account.satellite[0].initial_margin": 2_300.0})
        rows.append(row)
    return pd.DataFrame(rows)


if __name__ == "__main__":
    count, target = int(sys.argv[1]), sys.argv[2]
    book = make_book(count)
    book.to_parquet(target, index=False) if target.endswith(".parquet") else book.to_csv(target, index=False)
    print(f"{len(book)} accounts written to {target}")

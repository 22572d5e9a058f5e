"""Rich renderings of library results for the terminal, and their JSON forms."""

from __future__ import annotations

from collections.abc import Sequence

from hedgeopt.terminal import console, money, number, print_json, table
from pricing import Market, Valuation


def valuations(rows: Sequence[Valuation], market: Market) -> None:
    """Print a table of valuations: per-unit price and greeks, cost per contract in two currencies."""
    base = market.base_currency
    out = console()
    out.print(f"[bold]Market[/bold]: {market.label}; valuation date {market.valuation_date}")
    columns = ["instrument", "vol", "price (pts)", "delta", "gamma", "vega/vol pt", "theta/day",
               "1 contract", f"1 contract ({base})"]
    body = [
        [
            v.label,
            "/".join(f"{x:.2%}" for x in v.vols),
            number(v.price, 4),
            number(v.delta, 4),
            number(v.gamma, 6),
            number(v.vega_per_point, 4),
            number(v.theta_per_day, 4),
            money(v.contract_value, v.currency),
            money(v.contract_value_base, base),
        ]
        for v in rows
    ]
    out.print(table("Prices per unit of the contract's underlying; greeks per unit", columns, body))
    out.print("delta per point; gamma per point²; vega per 1 vol point (0.01); theta per calendar day.")


def valuations_json(rows: Sequence[Valuation], market: Market) -> None:
    """Print valuations as JSON: ``{"market": ..., "base_currency": ..., "valuations": [...]}``."""
    print_json({
        "market": market.label,
        "valuation_date": market.valuation_date.isoformat(),
        "base_currency": market.base_currency,
        "valuations": [v.as_dict() for v in rows],
    })

"""Rich renderings of library results for the terminal, and their JSON forms."""

from __future__ import annotations

from collections.abc import Sequence

from hedgeopt.pnl import COMPONENTS
from hedgeopt.stress import AccountSummary, StressResult
from hedgeopt.terminal import console, money, number, percent, print_json, table
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


def summary(s: AccountSummary) -> None:
    """Print the account summary: NAV, leverage, exposures, FX share, carry, buffers."""
    ccy = s.base_currency
    out = console()
    rows = [
        ["NAV", money(s.nav, ccy)],
        ["gross exposure", money(s.gross_exposure, ccy)],
        ["leverage", f"{s.leverage:.2f}×"],
        *[[f"exposure {index}", f"{money(v, ccy)} ({percent(v / s.nav)})"] for index, v in s.exposures.items()],
        *[[f"FX share {c}", percent(v)] for c, v in s.fx_shares.items()],
        ["carry / year: MMF yield", money(s.carry.mmf_yield, ccy)],
        ["carry / year: MMF fees", money(s.carry.mmf_fees, ccy)],
        ["carry / year: dividends", money(s.carry.dividends, ccy)],
        ["carry / year: funding", money(s.carry.funding, ccy)],
        ["carry / year: net", f"{money(s.carry.net, ccy)} ({percent(s.carry.net / s.nav, 2)})"],
        *[[f"borrowed part {i}: MMF − loan rate", percent(v, 2)] for i, v in s.carry.borrowed_spreads.items()],
        *[[f"margin call on {i} at index move", "none at any fall" if v is None else percent(v)]
          for i, v in s.margin_call_falls.items()],
    ]
    if s.cash_buffer_multiple is not None:
        rows.append(["cash / futures initial margin", f"{s.cash_buffer_multiple:.1f}×"])
    out.print(table("Account", ["figure", "value"], rows))


def stress_table(result: StressResult, top: int | None = None) -> None:
    """Print the P&L table, worst first; ``top`` rows when given."""
    ccy = result.summary.base_currency
    rows = result.table if top is None else result.table.head(top)
    body = [
        [r.label, str(r.horizon_days), *(money(getattr(r, c), ccy) for c in COMPONENTS), money(r.pnl, ccy),
         percent(r.pnl_pct), "MARGIN CALL" if r.margin_call else ""]
        for r in rows.itertuples()
    ]
    shown = f"worst {len(rows)} of {len(result.table)}" if top is not None and top < len(result.table) else "all"
    out = console()
    out.print(table(f"P&L by scenario, worst first ({shown}), {ccy}",
                    ["scenario", "days", *COMPONENTS, "P&L", "% NAV", "margin"], body))


def stress_json(result: StressResult) -> None:
    """Print a stress result as JSON (``summary`` and ``scenarios`` with ``pnl`` and ``pnl_pct`` each)."""
    print_json(result.as_dict())

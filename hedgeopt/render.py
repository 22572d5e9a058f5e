"""Rich renderings of library results for the terminal, and their JSON forms."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from hedgeopt.checklist import Checklist
from hedgeopt.comparison import Comparison
from hedgeopt.leverage import LeverageResult
from hedgeopt.pnl import COMPONENTS
from hedgeopt.result import HedgeResult
from hedgeopt.standing_put import StandingPutResult
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


def hedge_result(r: HedgeResult, title: str = "Cheapest hedge") -> None:
    """Print a hedge: positions, cost, worst case before and after, binding scenarios, checks."""
    ccy, out = r.base_currency, console()
    if not r.optimal:
        d = r.diagnosis
        out.print(f"[bold]{title}: INFEASIBLE[/bold] — no mix of these candidates keeps the worst case within "
                  f"{percent(r.cap or 0.0)}.")
        out.print(f"Smallest cap they can reach: {percent(d.get('min_achievable_cap', float('nan')), 2)}; "
                  f"the scenario that prevents more: {d.get('limiting_scenario')}.")
        if "min_achievable_cvar" in d:
            out.print(f"Smallest CVaR they can reach: {percent(d['min_achievable_cvar'], 2)}; what blocks: "
                      f"{d['limit']}.")
        return
    body = [[p.instrument.label, number(p.quantity, 0 if float(p.quantity).is_integer() else 3),
             money(p.cost_per_contract, ccy), money(p.cost, ccy)] for p in r.positions]
    out.print(table(title, ["instrument", "contracts", "cost / contract", "cost"], body
                    or [["(no hedge needed)", "0", "", money(0.0, ccy)]]))
    lines = [
        ["total cost", f"{money(r.cost, ccy)} ({percent(r.cost_pct, 2)} of NAV)"],
        ["worst case before → after", f"{percent(-r.worst_case_before)} → {percent(-r.worst_case_after)}"],
    ]
    if r.cvar_after is not None:
        lines.append(["CVaR before → after", f"{percent(-r.cvar_before)} → {percent(-r.cvar_after)}"])
    if r.continuous_cost is not None:
        lines.append(["continuous optimum / rounding cost",
                      f"{money(r.continuous_cost, ccy)} / {money(r.rounding_cost, ccy)}"])
    if r.shadow_price is not None:
        lines.append(["saved by +1 point of allowed loss", money(r.shadow_price, ccy)])
    lines.append(["status", f"{r.status} ({r.iterations} rounds, {r.active_rows} active scenarios)"])
    out.print(table("Summary", ["figure", "value"], lines))
    binding = [[row.label, money(row.pnl, ccy), percent(row.pnl_pct, 2)]
               for row in r.binding_scenarios.head(5).itertuples()]
    out.print(table("Scenarios that set the worst case", ["scenario", "P&L", "% NAV"], binding))
    if r.verification is not None:
        v = r.verification
        out.print(f"Verified on all {v.n_scenarios:,} scenarios (fast kernel: worst {percent(-v.worst_case_fast, 3)}); "
                  f"QuantLib on {v.n_quantlib:,} ({v.sample}): worst {percent(-v.worst_case_quantlib, 3)}, largest "
                  f"difference {money(v.max_abs_diff, ccy, 4)} — {'passed' if v.passed else 'FAILED'}.")


def comparison(c: Comparison) -> None:
    """Print puts only, spreads only and the mix side by side."""
    ccy = next(iter(c.results.values())).base_currency
    body = []
    for family, r in c.results.items():
        if r.optimal:
            held = "; ".join(f"{p.quantity:g} × {p.instrument.label}" for p in r.positions) or "none"
            body.append([family, money(r.cost, ccy), percent(r.cost_pct, 2), percent(-r.worst_case_after), held])
        else:
            body.append([family, "infeasible", "", f"min {percent(-r.diagnosis['min_achievable_cap'])}", ""])
    console().print(table(f"Put vs spread for a worst case of at most {percent(c.cap)}",
                          ["family", "cost", "% NAV", "worst case", "positions"], body, right_from=1))


def frontier_table(df: pd.DataFrame, base_currency: str) -> None:
    """Print the cost-versus-cap frontier: one row per cap, one column per family."""
    wide = df.pivot(index="cap", columns="family", values="cost")
    families = [f for f in ("puts", "spreads", "mix") if f in wide.columns]
    body = [[percent(cap), *("infeasible" if pd.isna(wide.loc[cap, f]) else money(wide.loc[cap, f], base_currency)
                             for f in families)] for cap in wide.index]
    console().print(table("Cost of the cheapest hedge against the cap", ["cap", *families], body))


def standing_put_result(r: StandingPutResult, base_currency: str, rows: int = 10) -> None:
    """Print the standing-put lines, best first, and the chosen hedge."""
    target = (f"a yearly budget of {money(r.target, base_currency)}" if r.mode == "budget"
              else f"a worst case of at most {percent(r.target)}")
    body = [[row.instrument, str(row.tenor_days), f"{row.rolls_per_year:.2f}", row.status, f"{row.contracts:g}",
             money(row.cost_per_roll, base_currency), money(row.yearly_cost, base_currency),
             percent(row.yearly_cost_pct, 2), "" if pd.isna(row.worst_case_after) else percent(-row.worst_case_after)]
            for row in r.table.head(rows).itertuples()]
    console().print(table(f"Standing put for {target} (unhedged worst case {percent(-r.worst_case_before)})",
                          ["put", "tenor days", "rolls/yr", "status", "contracts", "per roll", "per year",
                           "% NAV/yr", "worst case"], body))
    if r.best is not None:
        hedge_result(r.best, "Chosen standing put (one roll)")


def leverage_result(r: LeverageResult, nav: float, base_currency: str) -> None:
    """Print the maximum leverage and what binds."""
    rows = [
        ["route / index", f"{r.route} / {r.index}"],
        ["largest exposure", money(r.exposure, base_currency)],
        ["leverage", f"{r.leverage:.3f}×"],
        ["in 0.1× steps", f"{r.leverage_step:.1f}× = {money(r.exposure_step, base_currency)}"
         + (f" ({r.contracts} contracts)" if r.contracts is not None else "")],
        ["what binds", r.limit + (f" ({r.limiting_scenario})" if r.limiting_scenario else "")],
        ["worst case at the largest exposure", percent(-r.worst_case)],
    ]
    console().print(table("Maximum leverage under the cap", ["figure", "value"], rows))
    if r.hedge is not None:
        hedge_result(r.hedge, f"Cheapest hedge at {r.leverage_step:.1f}×")


def checklist(c: Checklist) -> None:
    """Print the five checks with their outcome and numbers."""
    marks = {"pass": "PASS", "warn": "WARN", "fail": "FAIL"}
    body = [[str(k.number), k.name, marks[k.status.value], k.detail] for k in c.checks]
    out = console()
    out.print(table("Before any order: the five checks", ["#", "check", "result", "numbers"], body, right_from=9))
    out.print("All checks pass or warn." if c.passed else "At least one check FAILS: fix it before ordering.")

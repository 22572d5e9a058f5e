"""The report: one self-contained ``report.html`` (figures embedded, no network needed) plus the PNG files.

It shows the account summary, the stress table, the cheapest hedge in whole contracts with its verification,
puts vs spreads, the largest leverage, the five checks and four figures: account P&L against the index move
(unhedged, the chosen hedge, puts only, spreads only; the cap drawn), a heatmap over index × FX, the
cost-versus-cap frontier, and the P&L decomposition of the named historical episodes.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from hedgeopt import figures, hedging
from hedgeopt.checklist import checklist
from hedgeopt.config import Config
from hedgeopt.export import atomic_path
from hedgeopt.result import HedgeResult
from hedgeopt.stress import stress
from pricing import InputError

REPORT_CAPS = (0.08, 0.10, 0.12, 0.15, 0.20, 0.25, 0.30)
"""Caps of the report's frontier figure (fractions of NAV)."""

_CSS = """body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px}
th{background:#f3f3f3}td.num{text-align:right}h1{font-size:24px}h2{font-size:18px;margin-top:2em}
.fail{color:#b00;font-weight:bold}.warn{color:#a60}.pass{color:#070}img{max-width:100%}"""


@dataclass(frozen=True)
class Report:
    """Where the report went: the HTML file and the PNG figures."""

    html: Path
    figures: tuple[Path, ...]


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, border=0, float_format=lambda x: f"{x:,.4g}", escape=True)


def _png(fig: plt.Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return buffer.getvalue()


def _atomic_write(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        Path(tmp).write_bytes(data)


def _hedge_html(r: HedgeResult) -> str:
    if not r.optimal:
        d = r.diagnosis
        return (f"<p class='fail'>No hedge from these candidates meets the cap; the least they reach is "
                f"{d.get('min_achievable_cap', float('nan')):.2%} ({html.escape(str(d.get('limiting_scenario')))})"
                ".</p>")
    v = r.verification
    return (_table(r.positions_frame()) +
            f"<p>Total {r.cost:,.0f} {r.base_currency} ({r.cost_pct:.2%} of NAV); worst case "
            f"{r.worst_case_before:.1%} → {r.worst_case_after:.1%}; continuous optimum "
            f"{r.continuous_cost or r.cost:,.0f}; +1 point of allowed loss saves {r.shadow_price or 0:,.0f}.</p>"
            + (f"<p>Verified on all {v.n_scenarios:,} scenarios (fast kernel) and {v.n_quantlib:,} with QuantLib "
               f"({html.escape(v.sample)}): worst {v.worst_case_quantlib:.3%}, largest difference "
               f"{v.max_abs_diff:.2e} {r.base_currency} — {'passed' if v.passed else 'FAILED'}.</p>" if v else ""))


def write_report(config: Config, out_dir: str | Path, *, cap: float | None = None) -> Report:
    """Run the analyses on ``config`` and write ``report.html`` and the figures into ``out_dir``.

    Parameters
    ----------
    config : Config
    out_dir : str or Path
        Created if missing (its parent must exist). Files are written atomically.
    cap : float, optional
        Worst-case loss cap, fraction of NAV; default ``[risk] cap``.
    """
    out = Path(out_dir)
    if not out.parent.exists():
        raise InputError("out", str(out), "a folder whose parent exists")
    out.mkdir(exist_ok=True)
    cap = config.risk.cap if cap is None else cap
    ccy = config.account.base_currency
    stressed = stress(config)
    chosen = hedging.hedge(config, cap=cap)
    comparison = hedging.compare_for(config, cap=cap)
    frontier = hedging.frontier_for(config, caps=REPORT_CAPS)
    leverage = hedging.max_leverage_for(config, cap=cap)
    checks = checklist(config)
    hedges = {"cheapest hedge": chosen, "puts only": comparison.results["puts"],
              "spreads only": comparison.results["spreads"]}
    pictures = {
        "pnl_vs_index.png": figures.pnl_vs_index(config, hedges, cap),
        "heatmap_index_fx.png": figures.heatmap_index_fx(config),
        "frontier.png": figures.frontier_figure(frontier, ccy),
        "decomposition.png": figures.decomposition_figure(stressed.table, ccy),
    }
    images, paths = [], []
    for name, fig in pictures.items():
        data = _png(fig)
        _atomic_write(out / name, data)
        paths.append(out / name)
        images.append(f"<img alt='{name}' src='data:image/png;base64,{base64.b64encode(data).decode()}'>")
    s = stressed.summary
    summary = pd.DataFrame({"figure": ["NAV", "leverage", "yearly carry", "worst stress"],
                            "value": [f"{s.nav:,.0f} {ccy}", f"{s.leverage:.2f}x", f"{s.carry.net:,.0f} {ccy}",
                                      f"{stressed.table['pnl_pct'].iloc[0]:.1%} ({stressed.table['label'].iloc[0]})"]})
    check_rows = "".join(f"<tr><td>{c.number}</td><td>{c.name}</td><td class='{c.status.value}'>"
                         f"{c.status.value.upper()}</td><td>{html.escape(c.detail)}</td></tr>" for c in checks.checks)
    body = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>hedgeopt report</title>
<style>{_CSS}</style></head><body>
<h1>hedgeopt report</h1><p>{html.escape(config.source)} — market: {html.escape(config.market.label)}</p>
<h2>Account</h2>{_table(summary)}
<h2>Stress, worst first</h2>{_table(stressed.table.head(15).drop(columns=["margin_call"]))}
{images[3]}
<h2>Cheapest hedge for a worst case of at most {cap:.0%} (whole contracts)</h2>{_hedge_html(chosen)}
{images[0]}
<h2>Puts vs spreads for the same cap</h2>{_table(comparison.table())}
{images[2]}
<h2>Index × FX</h2>{images[1]}
<h2>Largest leverage under the cap</h2><p>{leverage.leverage:.3f}x exactly, {leverage.leverage_step:.1f}x in 0.1x
steps ({leverage.exposure_step:,.0f} {ccy}); what binds: {html.escape(leverage.limit)}.</p>
<h2>The five checks before any order</h2><table><tr><th>#</th><th>check</th><th>result</th><th>numbers</th></tr>
{check_rows}</table></body></html>"""
    _atomic_write(out / "report.html", body.encode("utf-8"))
    return Report(out / "report.html", tuple(paths))

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

from hedgeopt import figures, hedging, i18n
from hedgeopt.checklist import checklist
from hedgeopt.config import Config
from hedgeopt.export import atomic_path
from hedgeopt.i18n import Lang
from hedgeopt.pnl import COMPONENTS
from hedgeopt.result import HedgeResult
from hedgeopt.stress import stress
from pricing import InputError

REPORT_CAPS = (0.08, 0.10, 0.12, 0.15, 0.20, 0.25, 0.30)
"""Caps of the report's frontier figure (fractions of NAV)."""

_CSS = """body{font-family:system-ui,"Hiragino Sans","Yu Gothic","Noto Sans CJK JP","Noto Sans JP",Meiryo,sans-serif;
max-width:1100px;margin:2em auto;color:#222}
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


def _stress_rows(table: pd.DataFrame, lang: Lang, ccy: str) -> pd.DataFrame:
    """The stress rows for people: amounts in the language's money format, P&L as a percentage of NAV."""
    out = pd.DataFrame({i18n.t("scenario", lang): table["label"], i18n.t("days", lang): table["horizon_days"]})
    for part in (*COMPONENTS, "pnl"):
        out[i18n.t(part, lang)] = [i18n.money(x, ccy, lang) for x in table[part]]
    out[i18n.t("pct_nav", lang)] = [f"{x:.1%}" for x in table["pnl_pct"]]
    return out


def _comparison_rows(table: pd.DataFrame, lang: Lang, ccy: str) -> pd.DataFrame:
    """Puts / spreads / mix for people: money in the language's format, losses as percentages of NAV."""
    def pct(x: float) -> str:
        return "" if pd.isna(x) else f"{x:.2%}"

    return pd.DataFrame({
        i18n.t("family", lang): [i18n.t(f, lang) for f in table["family"]],
        i18n.t("status", lang): table["status"],
        i18n.t("cost", lang): ["" if pd.isna(x) else i18n.money(x, ccy, lang) for x in table["cost"]],
        i18n.t("pct_nav", lang): [pct(x) for x in table["cost_pct"]],
        i18n.t("worst_case", lang): [pct(x) for x in table["worst_case_after"]],
        i18n.t("contracts", lang): [f"{x:g}" for x in table["contracts"]]})


def _png(fig: plt.Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return buffer.getvalue()


def _atomic_write(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        Path(tmp).write_bytes(data)


def _hedge_html(r: HedgeResult, lang: Lang) -> str:
    def m(x: float) -> str:
        return i18n.money(x, r.base_currency, lang)

    if not r.optimal:
        d = r.diagnosis
        text = i18n.t("report_infeasible", lang, cap=f"{d.get('min_achievable_cap', float('nan')):.2%}",
                      scenario=d.get("limiting_scenario"))
        return f"<p class='fail'>{html.escape(text)}</p>"
    v = r.verification
    line = i18n.t("report_hedge_line", lang, cost=m(r.cost), pct=f"{r.cost_pct:.2%}",
                  before=f"{r.worst_case_before:.1%}", after=f"{r.worst_case_after:.1%}",
                  cont=m(r.continuous_cost if r.continuous_cost is not None else r.cost), shadow=m(r.shadow_price or 0))
    positions = pd.DataFrame({
        i18n.t("instrument", lang): [p.instrument.label for p in r.positions],
        i18n.t("contracts", lang): [f"{p.quantity:g}" for p in r.positions],
        i18n.t("cost_per_contract", lang): [m(p.cost_per_contract) for p in r.positions],
        i18n.t("cost", lang): [m(p.cost) for p in r.positions]})
    out = _table(positions) + f"<p>{html.escape(line)}</p>"
    if v is not None:
        verdict = i18n.t("passed" if v.passed else "failed", lang)
        out += "<p>" + html.escape(i18n.t("report_verified", lang, n=v.n_scenarios, nq=v.n_quantlib,
                                          sample=v.sample, worst=f"{v.worst_case_quantlib:.3%}",
                                          diff=f"{v.max_abs_diff:.2e} {r.base_currency}", verdict=verdict)) + "</p>"
    return out


def write_report(config: Config, out_dir: str | Path, *, cap: float | None = None,
                 lang: Lang | str = Lang.EN) -> Report:
    """Run the analyses on ``config`` and write ``report.html`` and the figures into ``out_dir``.

    Parameters
    ----------
    config : Config
    out_dir : str or Path
        Created if missing (its parent must exist). Files are written atomically.
    cap : float, optional
        Worst-case loss cap, fraction of NAV; default ``[risk] cap``.
    lang : {"en", "ja"}, default "en"
        Language of the text and the amounts (万円 in Japanese). The figures' axis labels stay in English:
        matplotlib's bundled font has no Japanese glyphs.
    """
    lang = Lang(lang)

    def m(x: float) -> str:
        return i18n.money(x, config.account.base_currency, lang)

    def t(key: str, **fields: object) -> str:
        return html.escape(i18n.t(key, lang, **fields))

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
    worst = stressed.table.iloc[0]
    summary = pd.DataFrame({i18n.t("figure", lang): [i18n.t(k, lang) for k in ("nav", "leverage", "yearly_carry",
                                                                                "worst_stress")],
                            i18n.t("value", lang): [m(s.nav), f"{s.leverage:.2f}x", m(s.carry.net),
                                                    f"{worst['pnl_pct']:.1%} ({worst['label']})"]})
    names = {"exposure": "exposure_check"}
    check_rows = "".join(f"<tr><td>{c.number}</td><td>{t(names.get(c.name, c.name))}</td>"
                         f"<td class='{c.status.value}'>{t(c.status.value)}</td><td>{html.escape(c.detail)}</td></tr>"
                         for c in checks.checks)
    stress_rows = _stress_rows(stressed.table.head(15), lang, ccy)
    leverage_line = t("report_leverage_line", exact=f"{leverage.leverage:.3f}x", step=f"{leverage.leverage_step:.1f}x",
                      exposure=m(leverage.exposure_step), limit=leverage.limit)
    body = f"""<!doctype html><html lang="{lang.value}"><head><meta charset="utf-8"><title>{t("report_title")}</title>
<style>{_CSS}</style></head><body>
<h1>{t("report_title")}</h1>
<p>{html.escape(config.source)} — {t("report_market")}: {html.escape(config.market.label)}</p>
<p>{t("report_figures_note")}</p>
<h2>{t("account")}</h2>{_table(summary)}
<h2>{t("report_stress")}</h2>{_table(stress_rows)}
{images[3]}
<h2>{t("report_hedge", cap=f"{cap:.0%}")}</h2>{_hedge_html(chosen, lang)}
{images[0]}
<h2>{t("report_compare")}</h2>{_table(_comparison_rows(comparison.table(), lang, ccy))}
{images[2]}
<h2>{t("report_heatmap")}</h2>{images[1]}
<h2>{t("report_leverage")}</h2><p>{leverage_line}</p>
<h2>{t("checklist_title")}</h2><table><tr><th>#</th><th>{t("check")}</th><th>{t("result")}</th>
<th>{t("numbers")}</th></tr>
{check_rows}</table></body></html>"""
    _atomic_write(out / "report.html", body.encode("utf-8"))
    return Report(out / "report.html", tuple(paths))

"""``hedgeopt market``: the snapshot's inputs and where each comes from, then the chains, on the terminal or as JSON.

Per chain: the parity forwards, the fit by expiry, the fitted smile against the quotes and the bad rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from hedgeopt.face import errors_ja, render
from hedgeopt.face.i18n import Lang
from hedgeopt.face.market import words
from hedgeopt.face.terminal import console, print_json

if TYPE_CHECKING:
    from hedgeopt.config.market_spec import MarketSnapshot
    from pricing import Market
    from pricing.chains.chain import OptionChain

SMILE_ROWS = 13
"""Quotes shown per expiry without ``--all``: evenly spread over the strikes."""

BAD_ROWS = 10
"""Bad rows listed per chain without ``--all``."""


def _origin(key: str, snapshot: MarketSnapshot) -> str:
    """Where an input comes from: given, a chain, or the embedded illustrative market."""
    if key in snapshot.taken:
        return render.text("from:chain")
    return render.text("from:embedded" if key in snapshot.defaults else "from:given")


def _rate(market: Market, ccy: str) -> str:
    curve = market.curve(ccy)
    if len(curve.rates) == 1:
        return render.text("rate_flat", rate=f"{curve.rates[0]:.3%}")
    return render.text("rate_curve", first=f"{curve.rates[0]:.3%}", last=f"{curve.rates[-1]:.3%}",
                       n=len(curve.rates))


def inputs_rows(snapshot: MarketSnapshot) -> list[list[str]]:
    """One row per input: its name, its value, where it comes from."""
    m = snapshot.market
    date_key = "valuation_date"
    rows = [[render.text("input:valuation_date"), m.valuation_date.isoformat(),
             render.text("from:chain") if date_key in snapshot.taken else render.text("from:given")]]
    rows += [[render.text("input:spot", name=i), f"{v:,.2f}", _origin(f"spots.{i}", snapshot)]
             for i, v in m.spots.items()]
    rows += [[render.text("input:fx", base=m.base_currency, ccy=c), f"{v:,.4f}", _origin(f"fx.{c}", snapshot)]
             for c, v in m.fx.items()]
    rows += [[render.text("input:rate", ccy=c), _rate(m, c), _origin(f"rates.{c}", snapshot)] for c in m.curves]
    rows += [[render.text("input:yield", name=i), f"{q:.3%}", _origin(f"dividend_yields.{i}", snapshot)]
             for i, q in m.dividend_yields.items()]
    return rows


def _forward_rows(chain: OptionChain) -> list[list[str]]:
    f = chain.forwards
    if f is None:
        return []
    return [[e.isoformat(), f"{round(t * 365):d}", f"{p:d}", "-" if not p else f"{fw:,.2f}", f"{mf:,.2f}",
             "-" if not p else f"{g:+.3%}"]
            for e, t, p, fw, mf, g in f[["expiry", "t", "pairs", "forward", "model_forward", "gap"]].itertuples(
                index=False)]


def fit_rows(chain: OptionChain) -> list[list[str]]:
    """One row per fitted expiry: days, quotes, ATM-forward vol, errors (vol points), share inside the bid-ask."""
    if chain.fit is None:
        return []
    expiry_of = dict(zip(chain.quotes["t"].round(12), chain.quotes["expiry"], strict=False))
    q = chain.fit.quotes
    inside = q.groupby(q["t"].round(12))["inside"].mean()
    rows = []
    for r in chain.fit.by_expiry.itertuples(index=False):
        t = round(r.t, 12)
        atm = float(np.sqrt(r.theta / r.t))
        rows.append([expiry_of[t].isoformat(), f"{round(r.t * 365):d}", f"{r.n:d}", f"{atm:.2%}",
                     f"{100 * r.rms_error:.2f}", f"{100 * r.max_abs_error:.2f}", f"{inside.get(t, np.nan):.0%}"])
    return rows


def _spread(frame: pd.DataFrame, n: int | None) -> pd.DataFrame:
    """``n`` rows evenly spread over ``frame`` (all of them for None or when there are fewer)."""
    if n is None or len(frame) <= n:
        return frame
    return frame.iloc[np.unique(np.linspace(0, len(frame) - 1, n).round().astype(int))]


def smile_rows(chain: OptionChain, t: float, n: int | None) -> tuple[list[list[str]], int]:
    """The fitted quotes of one expiry (strike, K/F, side, bid/ask/mid vol, fit, error), and how many there are."""
    q = chain.fit.quotes
    here = q[q["t"].round(12) == round(t, 12)].sort_values("moneyness")
    rows = []
    for r in _spread(here, n).itertuples(index=False):
        rows.append([f"{r.strike:,.6g}", f"{r.moneyness / r.forward_ratio:.4f}", render.text(f"kind:{r.kind}"),
                     *(f"{100 * v:.2f}" if np.isfinite(v) else "-" for v in (r.iv_bid, r.iv_ask, r.iv, r.fit_iv)),
                     f"{100 * r.error:+.2f}"])
    return rows, len(here)


def _print_table(title: str, keys: Sequence[str], rows: list[list[str]]) -> None:
    if rows:
        console().print(render.tabulate(title, [render.text(k) for k in keys], rows))


def chain_section(symbol: str, chain: OptionChain, snapshot: MarketSnapshot, show_all: bool) -> None:
    """One chain: its label and counts, everything its checks found, parity, fit, smiles and bad rows."""
    from hedgeopt.config.market_spec import chain_label

    out = console()
    table = chain.table
    out.print(render.names.market_label(chain_label(symbol, chain), render.language()), style="bold", markup=False)
    out.print(render.text("chain_rows", used=len(chain.quotes), expiries=chain.quotes["expiry"].nunique(),
                          skipped=chain.n_skipped, other=0 if table is None else len(table.other)), markup=False)
    for f in snapshot.findings.get(symbol, ()):
        out.print("  - " + words.finding(f, render.language()), markup=False)
    _print_table(render.text("parity_title", symbol=symbol),
                 ["col_expiry", "col_days", "col_pairs", "col_parity_forward", "col_model_forward", "col_gap"],
                 _forward_rows(chain))
    _print_table(render.text("fit_title", symbol=symbol),
                 ["col_expiry", "col_days", "col_quotes", "col_atm_vol", "col_rms", "col_max", "col_inside"],
                 fit_rows(chain))
    if chain.fit is not None:
        expiry_of = dict(zip(chain.quotes["t"].round(12), chain.quotes["expiry"], strict=False))
        for t in chain.fit.by_expiry["t"]:
            rows, total = smile_rows(chain, t, None if show_all else SMILE_ROWS)
            _print_table(render.text("smile_title", symbol=symbol, expiry=expiry_of[round(t, 12)].isoformat()),
                         ["col_strike", "col_kf", "col_kind", "col_bid_vol", "col_ask_vol", "col_mid_vol",
                          "col_fit_vol", "col_error_vp"], rows)
            if len(rows) < total:
                out.print(render.text("smile_more", shown=len(rows), total=total), markup=False)
    bad = chain.skipped if show_all else chain.skipped[:BAD_ROWS]
    _print_table(render.text("bad_rows_title", symbol=symbol), ["col_line", "col_reason"],
                 [[f"{s.row:d}", _reason(s.reason)] for s in bad])


def _reason(text: str) -> str:
    """A bad row's reason in the chosen language."""
    return errors_ja.rendered(text) if render.language() is Lang.JA else text


def show(snapshot: MarketSnapshot, show_all: bool = False) -> None:
    """Print ``hedgeopt market``: the label and findings, the inputs, then every chain."""
    render.market_note(snapshot.market, snapshot)
    _print_table(render.text("market_title"), ["market_input", "market_value", "market_from"], inputs_rows(snapshot))
    if not snapshot.chains:
        console().print(render.text("market_no_chain"), markup=False)
    for symbol, chain in snapshot.chains.items():
        chain_section(symbol, chain, snapshot, show_all)


def _records(frame: pd.DataFrame | None) -> list[dict[str, object]]:
    if frame is None:
        return []
    clean = frame.astype(object).where(frame.notna(), None)  # NaN and <NA> as null
    return [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
            for row in clean.to_dict(orient="records")]


def payload(snapshot: MarketSnapshot) -> dict[str, object]:
    """Everything ``show`` prints, every quote and bad row included, as a JSON-ready dict."""
    m = snapshot.market
    chains = {}
    for symbol, chain in snapshot.chains.items():
        table = chain.table
        chains[symbol] = {
            "source": chain.source, "format": None if table is None else table.format,
            "quote_date": None if table is None or table.quote_date is None else table.quote_date.isoformat(),
            "quote_time": None if table is None else table.quote_time,
            "underlying_price": None if table is None else table.underlying_price,
            "notes": [] if table is None else list(table.notes),
            "quotes": _records(chain.quotes),
            "skipped": [{"line": s.row, "reason": s.reason} for s in chain.skipped],
            "other_rows": [] if table is None else [{"line": n, "reason": r} for n, r in table.other],
            "forwards": _records(chain.forwards),
            "carry": None if chain.carry is None else chain.carry._asdict(),
            "fit": None if chain.fit is None else {"by_expiry": _records(chain.fit.by_expiry),
                                                   "quotes": _records(chain.fit.quotes),
                                                   "arbitrage": _records(chain.fit.arbitrage)},
        }
    return {"market": {**render.market_json(m, snapshot), "spots": dict(m.spots), "fx": dict(m.fx),
                       "rates": {c: {"days": list(k.days), "rates": list(k.rates)} for c, k in m.curves.items()},
                       "dividend_yields": dict(m.dividend_yields), "taken": list(snapshot.taken)},
            "chains": chains}


def show_json(snapshot: MarketSnapshot) -> None:
    """Print :func:`payload` as JSON."""
    print_json(payload(snapshot))

"""The report's section on the market: every input and where it comes from, then per chain the fit and the smile.

The same rows as ``hedgeopt market`` (:mod:`~hedgeopt.face.market.tables`), on :mod:`hedgeopt.face.web.page`'s
tables, with each chain's smile figure (:mod:`~hedgeopt.face.market.figure`) and what its checks found.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd

from hedgeopt.config.market_spec import MarketSnapshot, chain_label
from hedgeopt.face import i18n, names, render
from hedgeopt.face.i18n import Lang
from hedgeopt.face.market import tables, words
from hedgeopt.face.web.page import table


def _frame(keys: list[str], rows: list[list[str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[render.text(k) for k in keys])


def market_html(snapshot: MarketSnapshot, images: Mapping[str, str], lang: Lang | str) -> str:
    """The section's HTML (escaped): the inputs, then per chain its label, findings, fit table and smile figure.

    ``images`` maps a chain's symbol to its ``<figure>`` (the report embeds the PNG).
    """
    lang = Lang(lang)
    with render.speaking(lang):
        out = [f"<h2>{html.escape(render.text('market_title'))}</h2>",
               table(_frame(["market_input", "market_value", "market_from"], tables.inputs_rows(snapshot)))]
        for symbol, chain in snapshot.chains.items():
            label = names.market_label(chain_label(symbol, chain), lang)
            found = "".join(f"<li>{html.escape(words.finding(f, lang))}</li>" for f in snapshot.findings[symbol])
            out += [f"<h3>{html.escape(label)}</h3>",
                    f"<ul class='notes'>{found}</ul>",
                    table(_frame(["col_expiry", "col_days", "col_quotes", "col_atm_vol", "col_rms", "col_max",
                                  "col_inside"], tables.fit_rows(chain))),
                    images.get(symbol, "")]
    return "\n".join(out)


def findings_html(snapshot: MarketSnapshot | None, lang: Lang | str) -> str:
    """The findings shown on every page, as warning paragraphs for the report's header ("" without chains)."""
    if snapshot is None:
        return ""
    lines = words.findings_lines(snapshot.findings, lang)
    return "".join(f"<p class='warn'>{html.escape(line)}</p>" for line in lines)


def caption(symbol: str, lang: Lang | str) -> str:
    """The smile figure's caption."""
    return i18n.t("caption_smile", lang, symbol=symbol)

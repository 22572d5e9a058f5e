"""The report's page: a responsive HTML document whose tables keep numbers whole, right-aligned and scrollable.

Formatting only: strings in, escaped HTML out; the numbers come from the report. A *figure* is a cell holding one
number with at most its unit (``1,510,000 JPY``, ``1億2,346万円``, ``-24.6%``, ``1.30x``, ``∞円``) or an ISO date:
its cell gets the ``num`` class (right-aligned, tabular digits, never wrapped), and so does a blank or ``—`` cell
in a column of figures. Every table sits in a ``div.scroll`` that scrolls sideways on a narrow screen instead of
widening the page, its first column (the row's name) staying in view; headers never wrap, and text cells wrap
only at spaces and punctuation (``word-break: keep-all``), so a Japanese word is never broken in two.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

import pandas as pd

_FIGURE = re.compile(r"[+\-−]?(?:∞|\d[\d,]*(?:\.\d+)?(?:億(?:\d[\d,]*万)?)?)\s?(?:%|x|×|万円|億円|円|[A-Z]{3})?"
                     r"|\d{4}-\d{2}-\d{2}")
_BLANK = ("", "—")

CSS = """*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;color:#222;background:#fff;font-size:16px;line-height:1.6;overflow-wrap:break-word;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Hiragino Sans","Hiragino Kaku Gothic ProN","Yu Gothic UI",
"Yu Gothic",Meiryo,"Noto Sans CJK JP","Noto Sans JP",sans-serif}
.page{max-width:1100px;margin:0 auto;padding:0 16px 3em}
header{border-bottom:1px solid #ddd;margin-bottom:1em}
h1{font-size:1.6rem;margin:.8em 0 .2em;line-height:1.3}
h2{font-size:1.25rem;margin:2em 0 .5em;line-height:1.4}
h3{font-size:1.05rem;margin:1.5em 0 .4em}
.meta{font-size:.85rem;color:#555;margin:.2em 0 .8em}
.meta span{white-space:nowrap}
.verdict{border:2px solid #999;border-radius:6px;padding:.4em 1em .6em;margin:1em 0 2em}
.verdict h2{margin-top:.4em}
.verdict[data-status=fail]{border-color:#b00;background:#fff6f6}
.verdict[data-status=warn]{border-color:#c80;background:#fffaf0}
.verdict[data-status=pass]{border-color:#070;background:#f5fff5}
.headline{font-size:1.1rem}.verdict td:first-child{white-space:nowrap}.verdict td:not(.num){word-break:normal}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%;margin:.8em 0}
table{border-collapse:separate;border-spacing:0;font-size:.875rem;line-height:1.4}
th,td{border:solid #ccc;border-width:0 1px 1px 0;padding:4px 8px;vertical-align:top;text-align:left}
thead th{border-top-width:1px}tr>:first-child{border-left-width:1px}
th{background:#f3f3f3;white-space:nowrap;word-break:keep-all}
td:not(.num){min-width:8em;word-break:keep-all}
.scroll tr>:first-child{position:sticky;left:0}td:first-child{background:#fff}th:first-child{background:#f3f3f3}
td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.fail{color:#b00;font-weight:bold}.warn{color:#a60;font-weight:bold}.pass{color:#070;font-weight:bold}
img{max-width:100%;height:auto;display:block;margin:1em 0 .3em}
figure{margin:1.5em 0}figcaption{font-size:.85rem;color:#444;max-width:60em}
.notes{font-size:.85rem;color:#444}
@media (max-width:600px){body{font-size:15px}.page{padding:0 10px 2em}h1{font-size:1.3rem}h2{font-size:1.1rem}
table{font-size:.8rem}th,td{padding:3px 6px}.verdict{padding:.3em .5em .5em}}"""
"""The page's style: system fonts with the Japanese ones listed, a 1,100 px column, phone sizes below 600 px."""


def is_figure(text: str) -> bool:
    """True when ``text`` is one number with at most its unit, or an ISO date (see the module docstring).

    Examples
    --------
    >>> [is_figure(s) for s in ("1,510,000 JPY", "1億2,346万円", "-24.6%", "1.30x", "2008-09-29", "2 × XSP", "")]
    [True, True, True, True, True, False, False]
    """
    return _FIGURE.fullmatch(text.strip()) is not None


def _text(value: object) -> str:
    """A cell's text: floats to four significant figures with separators (never scientific for table sizes)."""
    if isinstance(value, float):
        return f"{value:,.4g}" if pd.notna(value) else "—"
    return str(value)


def table(frame: pd.DataFrame, classes: Mapping[str, Sequence[str]] | None = None) -> str:
    """``frame`` as an escaped HTML table inside a ``div.scroll``; figures get the ``num`` class.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns are the headers (shown as given); cells are formatted strings or numbers. The index is not shown.
    classes : mapping of str to sequence of str, optional
        Extra classes for the cells of the named columns, one per row (such as ``pass`` / ``warn`` / ``fail``).
    """
    texts = {name: [_text(v) for v in frame[name]] for name in frame.columns}
    numeric = {name: any(is_figure(s) for s in col) and all(is_figure(s) or s in _BLANK for s in col)
               for name, col in texts.items()}
    head = "".join(("<th class='num'>" if numeric[n] else "<th>") + f"{html.escape(str(n))}</th>"
                   for n in frame.columns)
    rows = []
    for i in range(len(frame)):
        cells = []
        for name, col in texts.items():
            kinds = [(classes or {}).get(name, [""] * len(frame))[i]]
            if is_figure(col[i]) or (numeric[name] and col[i] in _BLANK):
                kinds.insert(0, "num")
            kind = " ".join(k for k in kinds if k)
            cells.append(f"<td{f' class={kind!r}' if kind else ''}>{html.escape(col[i])}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<div class='scroll'><table><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(rows)
            + "</tbody></table></div>")


def document(lang: str, title: str, body: str) -> str:
    """A whole HTML page: ``lang`` on ``<html>``, the viewport for phones, :data:`CSS`, ``body`` in ``div.page``.

    Parameters
    ----------
    lang : str
        ``"en"`` or ``"ja"``.
    title : str
        Plain text (escaped here).
    body : str
        HTML, already escaped.
    """
    return (f'<!doctype html>\n<html lang="{html.escape(lang)}"><head><meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>\n{CSS}\n</style></head>\n"
            f"<body><div class='page'>\n{body}\n</div></body></html>\n")

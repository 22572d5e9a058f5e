"""The report's page machinery: figures recognised, right-aligned and escaped; the document fit for phones."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from hedgeopt.face.i18n import money
from hedgeopt.face.web.page import CSS, document, is_figure, table

# Every shape of figure the report prints (money in both languages, percentages, ratios, counts, dates).
FIGURES = ("1,510,000 JPY", "-165,511 JPY", "0 JPY", "-0.00 USD", "1,234.56 USD", "∞ JPY", "-∞ JPY",
           "4,582円", "6.6万円", "-90万円", "1,000万円", "1億円", "1億2,346万円", "∞円", "0円",
           "24.6%", "-0.88%", "+5.0%", "1.30x", "1.2×", "517", "0.53", "2008-09-29")
TEXTS = ("2007-10 GFC bear", "2 × XSP 2027-11-19 450/420 put spread", "SPX -40% / USD -10%", "derisk",
         "リスク削減", "合格", "x", "", "—", "1.30x (cap 1.5x)")


@pytest.mark.parametrize("text", FIGURES)
def test_figures_are_recognised(text):
    assert is_figure(text) and is_figure(f" {text} ")


@pytest.mark.parametrize("text", TEXTS)
def test_text_is_not_a_figure(text):
    assert not is_figure(text)


def test_money_in_every_range_is_a_figure():
    """Whatever i18n.money prints, from yen to 億 and in dollars, is recognised (so it is right-aligned)."""
    for amount in (0, 4_582, 66_140, 900_000, 10_000_000, 123_456_789, 100_000_000, -2_457_660, 1e12):
        for ccy in ("JPY", "USD"):
            for lang in ("en", "ja"):
                assert is_figure(money(amount, ccy, lang)), (amount, ccy, lang)


def cells(markup: str) -> list[tuple[str, str]]:
    """(class attribute, text) of every td."""
    return re.findall(r"<td(?: class='([^']*)')?>(.*?)</td>", markup)


def test_table_marks_figures_and_escapes():
    frame = pd.DataFrame({"scenario": ["<b>crash</b> & burn", "calm"], "P&L": ["-1,200,000 JPY", "—"],
                          "days": [30, 517], "ratio": [0.123456, float("nan")], "status": ["fail", "pass"]})
    markup = table(frame, classes={"status": ["fail", "pass"]})
    assert markup.startswith("<div class='scroll'><table>") and markup.endswith("</table></div>")
    assert "<th>scenario</th><th class='num'>P&amp;L</th><th class='num'>days</th><th class='num'>ratio</th>" \
           "<th>status</th>" in markup
    assert cells(markup) == [
        ("", "&lt;b&gt;crash&lt;/b&gt; &amp; burn"), ("num", "-1,200,000 JPY"), ("num", "30"), ("num", "0.1235"),
        ("fail", "fail"),
        ("", "calm"), ("num", "—"), ("num", "517"), ("num", "—"), ("pass", "pass")]  # blanks of a figure column
    assert "<b>" not in markup


def test_a_figure_in_a_text_column_is_still_right_aligned_and_a_dash_there_is_not():
    frame = pd.DataFrame({"value": ["1,000万円", "2007-10 GFC bear", "—"]})
    assert [c for c, _ in cells(table(frame))] == ["num", "", ""]
    assert "<th>value</th>" in table(frame)


def test_document_is_fit_for_phones():
    page = document("ja", "hedgeopt <レポート>", "<p>本文</p>")
    assert page.startswith("<!doctype html>\n<html lang=\"ja\">")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<title>hedgeopt &lt;レポート&gt;</title>" in page and "<div class='page'>\n<p>本文</p>\n</div>" in page
    for rule in ("td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}",
                 ".scroll{overflow-x:auto", "th{background:#f3f3f3;white-space:nowrap;word-break:keep-all}",
                 "max-width:1100px", '"Hiragino Sans"', '"Noto Sans CJK JP"', "@media (max-width:600px)"):
        assert rule in CSS

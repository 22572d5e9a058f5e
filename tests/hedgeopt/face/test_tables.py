"""Tables that fit the width: full headers, then short ones, then hidden columns with a note, then stacked rows;
never a number split across lines; the console's width from COLUMNS."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from rich.cells import cell_len
from rich.console import Console

from hedgeopt.face import terminal
from hedgeopt.face.i18n import money_column
from hedgeopt.face.tables import atoms, fit_table, wrap

ROWS = [["2007-10 GFC bear", "517", "243,133", "-1,703,262", "-2,457,660", "-24.6%"],
        ["SPX -40% / USD -10% / vol +0 / 30d", "30", "26,219", "-1,200,000", "-1,769,718", "-17.7%"]]
COLUMNS = ["scenario", "days", ("carry, JPY", "c, JPY", "carry"), ("index, JPY", "idx, JPY", "index"),
           ("P&L, JPY", "P&L, JPY", "P&L"), "% NAV"]
PRIORITY = [0, 3, 2, 1, 0, 0]


def render(table, width: int) -> str:
    buf = io.StringIO()
    Console(file=buf, width=width, highlight=False).print(table)
    return buf.getvalue()


@pytest.fixture
def stress_like():
    return fit_table("P&L by scenario", COLUMNS, ROWS, priority=PRIORITY)


def test_wide_shows_every_column_with_full_headers(stress_like):
    out = render(stress_like, 120)
    assert "carry, JPY" in out and "index, JPY" in out and "hidden" not in out
    assert stress_like.layout(120).shown == (0, 1, 2, 3, 4, 5)
    # 6 columns: 3 × 6 + 1 = 19 cells of rules and padding, the rest content: the widest line is the table
    assert max(cell_len(line) for line in out.splitlines()) <= 120


def test_narrower_folds_then_hides_lowest_priority_first(stress_like):
    # Widths by hand: scenario 34 at most, 20 at least (TEXT_MIN); days 4; carry 7..10 (the header on two lines
    # at 7); index, P&L 10; % NAV 6. Rules and padding: 3 × columns + 1. Every column from 19 + 74 = 93 down to
    # 19 + 57 = 76; without days (priority 3) down to 16 + 53 = 69; without carry 13 + 46 = 59; without index
    # 10 + 36 = 46; below that, stacked.
    assert stress_like.layout(93).widths == (34, 4, 10, 10, 10, 6)
    assert stress_like.layout(76).shown == (0, 1, 2, 3, 4, 5) and stress_like.layout(76).widths[0] == 20
    assert stress_like.layout(75).shown == (0, 2, 3, 4, 5)
    assert stress_like.layout(68).shown == (0, 3, 4, 5)
    assert stress_like.layout(58).shown == (0, 4, 5) and stress_like.layout(46).shown == (0, 4, 5)
    assert stress_like.layout(45) is None
    narrow = render(stress_like, 60)
    assert narrow.splitlines()[-1] == "days, carry hidden at 60 columns; --json has every column"


def test_short_headers_come_before_hiding():
    table = fit_table("t", ["name", ("a very long header, JPY", "a, JPY", "a"), "b"], [["x", "1", "2"]],
                      priority=[0, 0, 1])
    layout = table.layout(24)  # full headers need a two-line width of 12: 3 × 3 + 1 + 4 + 12 + 1 = 27 > 24
    assert layout.shown == (0, 1, 2) and layout.headers[1] == "a, JPY"


def test_too_narrow_for_the_priority_columns_stacks(stress_like):
    assert stress_like.layout(30) is None
    out = render(stress_like, 30)
    lines = out.splitlines()
    assert "  P&L, JPY    -2,457,660" in lines and "  days               517" in lines  # key 10 wide, value 10
    assert max(cell_len(line) for line in lines) <= 30


@pytest.mark.parametrize("width", [30, 45, 60, 80, 100, 120])
def test_no_number_split_at_any_width(stress_like, width):
    lines = render(stress_like, width).splitlines()
    layout = stress_like.layout(width)
    shown = range(6) if layout is None else layout.shown
    for row in ROWS:
        for cell in (row[i] for i in shown):
            for number in re.findall(r"-?\d[\d,]*(?:\.\d+)?%?", cell):
                assert any(number in line for line in lines), (width, number)


def test_wrap_keeps_numbers_with_their_units(rng):
    words = ["loss", "of", "the", "account", "全88件中", "ワースト", "は", "→", "(cap", "20%)"]
    for _ in range(200):
        amounts = [f"{x:,.0f} JPY" for x in rng.normal(0, 2e6, 4)] + [f"{x:.1f}万円" for x in rng.normal(0, 300, 2)]
        pieces = list(rng.choice(words, 8)) + amounts
        rng.shuffle(pieces)
        text = " ".join(pieces)
        width = int(rng.integers(14, 60))
        lines = wrap(text, width)
        assert all(cell_len(line) <= width for line in lines), (text, width)
        for amount in amounts:
            assert any(amount in line for line in lines), (amount, lines)


def test_atoms_glue_a_number_to_its_unit_word_and_japanese_counter():
    assert atoms("cost 88,231 JPY a year") == ["cost ", "88,231 JPY ", "a ", "year"]
    assert "30 days " in atoms("over 30 days here") and "1.5万円" in "".join(atoms("約1.5万円"))
    assert atoms("約1.5万円")[-1] == "1.5万円"


def test_one_precision_rule_per_japanese_column():
    # the column: -85万円 beside -67.9万円; one decimal throughout, the largest under 100万
    unit, cells = money_column([-850_000, -679_000, -12_000], "JPY", "ja")
    assert unit == "万円" and cells == ["-85.0", "-67.9", "-1.2"]
    unit, cells = money_column([-2_457_660, -850_000], "JPY", "ja")  # past 100万: whole 万 throughout
    assert cells == ["-246", "-85"]


def test_console_width_comes_from_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "77")
    assert terminal.console(io.StringIO()).width == 77
    monkeypatch.setenv("COLUMNS", "wide")
    assert terminal.console(io.StringIO()).width == terminal.DEFAULT_WIDTH == 120
    monkeypatch.delenv("COLUMNS")
    assert terminal.console(io.StringIO()).width == 120  # not a terminal: the documented default


def test_console_paragraphs_break_like_cells_and_keep_markup(monkeypatch):
    monkeypatch.setenv("COLUMNS", "20")
    buf = io.StringIO()
    out = terminal.console(buf)
    out.print("全88シナリオで検証、最大差 -1,234,567 JPY — [bold]合格[/bold]。")
    lines = buf.getvalue().splitlines()
    assert all(cell_len(line) <= 20 for line in lines)
    assert any("88シ" in line or "88" in line for line in lines)
    assert any("-1,234,567 JPY" in line for line in lines) and "[bold]" not in buf.getvalue()


def test_money_column_handles_nan_and_sign_of_zero():
    unit, cells = money_column([np.nan, -0.3, 12.5], "JPY")
    assert unit == "JPY" and cells == ["—", "0", "13"]


def test_every_short_header_is_shorter_and_in_both_languages():
    from hedgeopt.face.i18n import CATALOGUE, SHORT

    for key, forms in SHORT.items():
        assert key in CATALOGUE and set(forms) == {"en", "ja"}, key
        for lang in ("en", "ja"):
            assert cell_len(forms[lang]) < cell_len(CATALOGUE[key][lang]) or forms[lang] == CATALOGUE[key][lang], key

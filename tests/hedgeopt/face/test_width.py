"""Every command's terminal output at 80, 120 and 200 columns, in English and Japanese.

Each command runs through the real command line (``main``) with ``COLUMNS`` set; the solves behind it run once per
module (the library functions the commands call are memoised here), so that the 15 commands × 3 widths × 2
languages cost about as much as the 15 commands once. Asserted on every output: no line wider than the terminal
(display cells, Japanese counted double), every number of every shown table cell and paragraph intact on one line,
and the stress tables keep their P&L and % NAV columns.
"""

from __future__ import annotations

import functools
import importlib
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.cells import cell_len

import hedgeopt.advice as advice
from hedgeopt.face import demo, render, tables
from hedgeopt.face.cli import main
from hedgeopt.face.i18n import t
from hedgeopt.face.names import scenario_name
from hedgeopt.optimizer import hedging
from hedgeopt.paths import backtest

# the modules themselves (their packages re-export functions of the same names, which ``import a.b as c`` returns)
config_module, report_module, checklist_module, stress_module, put_study, program = (
    importlib.import_module(m) for m in ("hedgeopt.config.config", "hedgeopt.face.report", "hedgeopt.risk.checklist",
                                         "hedgeopt.risk.stress", "hedgeopt.paths.put_study", "hedgeopt.program.answer"))

ROOT = Path(__file__).resolve().parents[3]
SEED = str(ROOT / "examples" / "seed_10m.toml")
WIDTHS = (80, 120, 200)
LANGS = ("en", "ja")
COMMANDS = {
    "demo": ["demo"],
    "advise": ["advise", SEED, "--evidence"],
    "stress": ["stress", SEED],
    "stress-all": ["stress", SEED, "--top", "0"],
    "what-if": ["what-if", SEED, "--equity", "-0.3", "--fx", "-0.1", "--days", "30"],
    "hedge": ["hedge", SEED],
    "hedge-yen": ["hedge", SEED, "--cap", "0.05"],  # yen hedges: their work, cost basis and the yen leg
    "compare": ["compare", SEED],
    "frontier": ["frontier", SEED, "--caps", "0.15:0.25:0.05"],
    "standing-put": ["standing-put", SEED, "--cap", "0.20"],
    "max-leverage": ["max-leverage", SEED],
    "max-leverage-paths": ["max-leverage", SEED, "--paths", "40", "--days", "20"],
    "checklist": ["checklist", SEED],
    "checklist-rising": ["checklist", SEED, "--regime", "rising"],
    "routes": ["routes", SEED],
    "tax": ["tax", "--explain", SEED],
    "price": ["price", "--spread", "570/480"],
    "price-standard": ["price", "--standard"],
    "market": ["market", SEED, "--chain", f"XSP={ROOT / 'examples' / 'chains' / 'xsp_cboe_sample.csv'}"],
    "market-jpx": ["market", SEED, "--market", str(ROOT / "examples" / "chains" / "market_nk225.toml")],
    "pnl": ["pnl", SEED, "--out", "m.csv"],
    "backtest": ["backtest", SEED, "--from", "2008-01-02", "--to", "2009-06-30"],  # a rule fires: the events table
    "simulate": ["simulate", SEED, "--paths", "20", "--days", "30"],
    "put-study": ["put-study", "--from", "2008-01-02", "--to", "2009-06-30"],
    "program": ["program", SEED, "--paths", "100", "--days", "126"],  # the crisis replay and the frontier
    "batch": ["batch", str(ROOT / "examples" / "book" / "book.csv"), "--shared",  # answered once, then reused
              str(ROOT / "examples" / "book" / "shared.toml"), "--out", "book-out", "--workers", "0"],
}
NUMBER = re.compile(r"[-−+]?\d[\d,]*(?:\.\d+)?(?:万円|億円|円|万|%| JPY| USD)?")
"""A number with its unit: what must appear whole on one line."""


def _key(value: object) -> object:
    try:
        hash(value)
    except TypeError:
        return id(value)
    return value


def _memo(fn, store: dict):
    """``fn`` answering repeated calls from ``store`` (progress callbacks left out of the key)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        key = (fn.__qualname__, tuple(_key(a) for a in args),
               tuple((k, _key(v)) for k, v in sorted(kwargs.items()) if not callable(v)))
        if key not in store:
            store[key] = fn(*args, **kwargs)
        return store[key]
    return wrapper


@pytest.fixture(scope="module")
def memoised(tmp_path_factory):
    """The library calls behind the commands, each solved once for the whole module; the report not written."""
    store: dict = {}
    mp = pytest.MonkeyPatch()
    # each command imports its library function when it runs: patch the functions where they live
    for module, names in ((config_module, ("load_config",)),
                          (hedging, ("hedge", "standing_put_for", "compare_for", "frontier_for",
                                     "max_leverage_for", "pnl_matrix")),
                          (backtest, ("side_by_side", "history_paths", "simulated_paths", "max_leverage_paths")),
                          (stress_module, ("stress", "what_if")), (checklist_module, ("checklist",)),
                          (advice, ("advise",)), (demo, ("run_demo",)), (put_study, ("put_roll_study",)),
                          (program, ("program_answer",))):
        for name in names:
            mp.setattr(module, name, _memo(getattr(module, name), store))
    report = SimpleNamespace(html=Path("report/report.html"), figures=[])
    mp.setattr(report_module, "write_report", lambda *a, **k: report)
    mp.chdir(tmp_path_factory.mktemp("width"))
    yield store
    mp.undo()


@pytest.fixture(autouse=True)
def _english_after():
    """``main --lang ja`` leaves the language chosen: give the next test English back."""
    yield
    render.use_language("en")


@pytest.fixture
def record(monkeypatch):
    """Every FitTable and Prose paragraph rendered, with the width it was rendered at."""
    seen: list[tuple[object, int]] = []
    for cls in (tables.FitTable, tables.Prose):
        original = cls.__rich_console__

        def spy(self, console, options, _original=original):
            seen.append((self, options.max_width))
            return _original(self, console, options)

        monkeypatch.setattr(cls, "__rich_console__", spy)
    return seen


def _render(command: str, width: int, lang: str, monkeypatch, capsys) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    code = main([*COMMANDS[command], "--lang", lang])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return out


def _numbers_intact(seen: list, lines: list[str]) -> list[str]:
    """Numbers of shown cells and paragraphs that appear on no single line of the output."""
    missing = []
    for item, width in seen:
        if isinstance(item, tables.FitTable):
            layout = item.layout(width)
            shown = range(len(item.headers)) if layout is None else layout.shown
            texts = [row[i] for row in item.rows for i in shown]
        else:
            texts = [item.text]
        for text in texts:
            missing += [n for n in NUMBER.findall(text) if not any(n in line for line in lines)]
    return missing


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_output_fits_and_keeps_numbers_whole(command, width, lang, memoised, record, monkeypatch, capsys):
    out = _render(command, width, lang, monkeypatch, capsys)
    lines = out.splitlines()
    assert lines, f"{command} printed nothing"
    too_wide = [(cell_len(line), line) for line in lines if cell_len(line) > width]
    assert not too_wide, f"{command} at {width} ({lang}): {too_wide[:3]}"
    if command != "pnl":
        assert record, f"{command} printed no table or paragraph through the fitting renderers"
    missing = _numbers_intact(record, lines)
    assert not missing, f"{command} at {width} ({lang}): numbers split or lost: {missing[:10]}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", ["stress", "what-if", "demo"])
def test_stress_table_keeps_pnl_and_pct_nav(command, width, lang, memoised, record, monkeypatch, capsys):
    _render(command, width, lang, monkeypatch, capsys)
    stress = [(item, w) for item, w in record if isinstance(item, tables.FitTable)
              and {t("days", lang), t("margin", lang)} <= set(item.names)]
    assert stress, "no stress table rendered"
    for item, w in stress:
        layout = item.layout(w)  # None: stacked, every column shown
        shown = set(item.names) if layout is None else {item.names[i] for i in layout.shown}
        assert {t("scenario", lang), t("pnl", lang), t("pct_nav", lang)} <= shown


def test_narrow_stress_table_hides_with_a_note_and_wide_shows_all(memoised, monkeypatch, capsys):
    narrow = _render("stress", 80, "en", monkeypatch, capsys)
    # after tax (the seed is a yen account): the pre-tax and after-tax P&L side by side, the rest gives way
    assert ("days, carry, index, fx, options, funding, tax, margin hidden at 80 columns; --json has every column"
            in " ".join(narrow.split()))
    assert re.search(r"2007-10 GFC bear\s+│\s+-2,457,660 │\s+-24\.6% │\s+-2,457,660 │\s+-24\.6% │", narrow)
    wide = _render("stress", 200, "en", monkeypatch, capsys)
    assert "hidden at" not in wide
    for header in ("days", "carry, JPY", "index, JPY", "fx, JPY", "options, JPY", "funding, JPY", "P&L, JPY",
                   "tax, JPY", "after tax, JPY"):
        assert header in wide
    # the seed holds no options: the strong and weak vol responses are one row each, said once
    assert "2 vol responses (resp 0.8, resp 0.2) give identical P&L for this account" in wide
    assert "resp 0.8" not in wide.split("2 vol responses")[0].split("P&L by scenario")[1]
    # the worst row's amounts as plain numbers, unit in the header (hand: the JSON's 2007-10 GFC bear row); after
    # tax the same: a listed loss in a year without listed gains saves nothing now (租税特別措置法 37条の12の2 第5項)
    assert re.search(r"2007-10 GFC bear\s+│\s+517 │\s+243,133 │\s+-1,703,262 │\s+-832,020 │\s+0 │\s+-165,511 │"
                     r"\s+-2,457,660 │\s+-24\.6% │\s+0 │\s+-2,457,660 │\s+-24\.6% │\s+no │", wide)


def test_japanese_stress_amounts_one_precision_per_column(memoised, monkeypatch, capsys):
    out = _render("stress", 200, "ja", monkeypatch, capsys)
    # GFC bear: carry 243,133 -> 24.3万; index -1,703,262 -> -170万 (whole 万: the column reaches 100万);
    # fx -832,020 -> -83.2万 (the fx column stays under 100万: one decimal on every row, 0.0 included)
    row = next(line for line in out.splitlines() if scenario_name("2007-10 GFC bear", "ja") in line)
    assert re.search(r"│\s+24\.3 │\s+-170 │\s+-83\.2 │\s+0 │\s+-16\.6 │\s+-246 │\s+-24\.6% │\s+0 │\s+-246 │"
                     r"\s+-24\.6% │ なし │", row), row
    # the options column, all 0, in 円 (its header folds above the unit beside the after-tax columns)
    assert "損益(万円)" in out and "税引後(万円)" in out and "税額(円)" in out and "オプション ┃" in out
    fx_cells = [line.split("│")[5].strip() for line in out.splitlines() if line.count("│") == 14]
    assert fx_cells and all(re.fullmatch(r"-?\d+\.\d", c) for c in fx_cells), fx_cells


def test_every_command_covered():
    """The width test runs every command the parser knows, except the ones that only write files."""
    from hedgeopt.face.cli.main import build_parser

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert set(sub.choices) - {"report", "init"} <= {argv[0] for argv in COMMANDS.values()}

"""``hedgeopt program``: the answer first with its price and cover, then the evidence; exit codes, JSON, Japanese.

The searches run on 200 paths (the crisis replay only where it is the point), each once per module: the library's
answer is computed here and the command's output compared with it number for number.
"""

from __future__ import annotations

import io
import json
import re
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from rich.cells import cell_len

from hedgeopt.config.config import load_config
from hedgeopt.face import render
from hedgeopt.face.cli import main
from hedgeopt.face.i18n import money
from hedgeopt.face.program import tables, words
from hedgeopt.program.answer import program_answer

SEED = str(Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml")
QUICK = ["--paths", "200", "--no-history"]
BUDGET = 150_000.0
"""A yearly budget (JPY) that buys a spread program for the seed on these paths (the cheapest costs ~76,000)."""


def _run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(argv)
    render.use_language("en")
    return code, out.getvalue()


@pytest.fixture(scope="module")
def answer():
    """The library's answer for the seed with a yearly budget, 200 paths, no crisis replay."""
    return program_answer(load_config(SEED), budget=BUDGET, n_paths=200, history=False)


@pytest.fixture(scope="module")
def as_json():
    code, out = _run(["program", SEED, *QUICK, "--budget-per-year", str(BUDGET), "--json"])
    return code, json.loads(out)


def _printed(answer, lang: str, width: int, monkeypatch, capsys) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    capsys.readouterr()
    render.use_language(lang)
    tables.show(answer, "JPY", lang)
    return capsys.readouterr().out


def test_json_holds_the_library_numbers(answer, as_json):
    code, data = as_json
    assert code == 0 and data["verdict"] == "chosen" == answer.choice.verdict
    chosen = answer.choice.chosen
    assert data["chosen"]["program"] == chosen["program"]
    for key in ("cost_per_year", "cost_share", "p_beyond", "median", "worst_5pct", "cover", "coverage"):
        assert data["chosen"][key] == pytest.approx(float(chosen[key]), rel=1e-12), key
    assert data["chosen"]["cost_per_year"] <= BUDGET  # the budget's own rule
    for name, row in answer.work.iterrows():
        assert data["work"][name] == pytest.approx(row.to_dict(), rel=1e-12), name
    assert [r["program"] for r in data["frontier"]] == answer.frontier["program"].tolist()
    assert [r["cost_per_year"] for r in data["frontier"]] == pytest.approx(answer.frontier["cost_per_year"].tolist())
    assert data["n_programs"] == 121 and len(data["programs"]) == len(answer.choice.table) < 121  # one row each
    # for programs that buy the same contracts
    assert [r["p_beyond"] for r in data["programs"]] == pytest.approx(answer.choice.table["p_beyond"].tolist())
    assert data["n_paths"] == 200 and data["budget"] == BUDGET and data["cap"] == 0.20
    assert data["sentences"][1].startswith("Carry: XSP ") and data["market"]["illustrative"] is True


def test_the_answer_comes_first_with_its_price_and_cover(answer, monkeypatch, capsys):
    out = _printed(answer, "en", 200, monkeypatch, capsys)
    chosen = answer.choice.chosen
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Carry: "))
    carry = " ".join(lines[first: first + 4])  # the paragraph, however it wrapped
    assert "1 contract a roll; cover" in carry and chosen["contracts"] == 1.0  # one XSP: 3x the seed's satellite
    assert f"cover {chosen['cover']:.1f}× the exposure hedged ({chosen['coverage']:g}× asked" in carry
    assert f"{money(chosen['cost_per_year'], 'JPY')} a year ({chosen['cost_share']:.2%} of NAV)" in carry
    assert f"P(drawdown > 20%) {chosen['p_beyond']:.1%} on 200 paths" in carry
    assert out.index("Goal: within 150,000 JPY a year") < out.index("Carry: ") < out.index("Who does the work")
    assert out.index("Who does the work") < out.index("Frontier: yearly cost")
    frontier = out[out.index("Frontier: yearly cost"):]
    assert "◀ chosen" in frontier and f"{chosen['cover']:.1f}×" in frontier and "cover" in frontier
    for name in ("nothing", "rules only", "program only", "program + rules"):
        assert re.search(rf"│ {re.escape(name)} +│", out), name


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_tables_fit_80_columns_and_keep_numbers_whole(answer, lang, monkeypatch, capsys):
    out = _printed(answer, lang, 80, monkeypatch, capsys)
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    cells = [c.strip() for line in lines if "│" in line for c in line.split("│")]
    numbers = {f"{answer.choice.chosen['p_beyond']:.1%}", f"{answer.choice.chosen['cover']:.1f}×"}
    assert numbers <= set(cells), numbers - set(cells)  # whole cells: never split across lines


def test_japanese_has_no_english_and_yen_in_man(answer, monkeypatch, capsys, english_words):
    out = _printed(answer, "ja", 120, monkeypatch, capsys)
    notes = out.index("  • ")  # the paths' notes: translated by paths_words (their own test)
    assert not english_words(out[:notes]), english_words(out[:notes])
    chosen = answer.choice.chosen
    assert "常備薬: XSP " in out and f"年 {money(chosen['cost_per_year'], 'JPY', 'ja')}" in out
    joined = out.replace("\n", "")  # Japanese wraps without a space
    assert f"カバー率はヘッジ対象エクスポージャーの {chosen['cover']:.1f}倍" in joined and "ロールごとに1枚" in joined


def test_budget_that_buys_nothing_exits_1_with_the_cheapest_program(answer):
    code, out = _run(["program", SEED, *QUICK, "--budget-per-year", "1000"])
    table = answer.choice.table
    cheapest = table[table["kind"] != "none"].sort_values("cost_per_year").iloc[0]
    assert code == 1
    assert "1,000 JPY a year buys no program: the cheapest, " in out
    assert f"costs {money(cheapest['cost_per_year'], 'JPY')} a year" in out
    assert re.search(r"--budget-per-year \d+000\)", out)


def test_unreachable_target_exits_1_and_says_what_it_would_take():
    code, out = _run(["program", SEED, *QUICK, "--cap", "0.05", "--lang", "ja"])
    assert code == 1
    assert "目標に届くプログラムはありません" in out and "最も近いもの: XSP" in out
    assert "届かせるには: 目標を" in out and "--target-probability 0." in out


@pytest.mark.parametrize("argv", [["--target-probability", "5"], ["--budget-per-year", "-1"],
                                  ["--budget-per-year", "1", "--target-probability", "0.1"], ["--paths", "0"],
                                  ["--cap", "20"]])
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_bad_input_is_one_line_and_exit_2(argv, lang, capsys):
    try:
        code = main(["program", SEED, *argv, "--lang", lang])
    except SystemExit as exit_:  # the parser's own errors (both goals at once, a word for a number)
        code = exit_.code
    assert code == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("hedgeopt program: " + ("error: " if lang == "en" else "エラー: "))


def test_crisis_replay_beside_no_hedge_and_the_stages_reported(monkeypatch):
    import hedgeopt.face.terminal as terminal

    stages: list[str] = []
    original = terminal.stage_bars

    def spy(describe, **kw):
        stages.append(describe("monte carlo"))
        return original(lambda s: (stages.append(describe(s)), describe(s))[1], **kw)

    monkeypatch.setattr(terminal, "stage_bars", spy)
    code, out = _run(["program", SEED, "--paths", "200", "--days", "126"])
    assert code == 0 and stages[0] == "Monte Carlo: every program on 200 paths"
    replay = out[out.index("Crisis replay"):out.index("Frontier")]
    rows = [line for line in replay.splitlines() if line.startswith("│")]
    assert [r.split("│")[1].strip() for r in rows][:2] == ["2000-03 Dot-com bear", "2007-10 GFC bear"]
    assert "1987-style crash (stylised)" in replay and "2020-style V (stylised)" in replay
    assert re.search(r"(Holds|Misses) 20% (in|through) the 1999–2018 crises \(worst -\d+\.\d%, ", out)


def test_words_of_a_program():
    from hedgeopt.config.path_settings import StandingHedge

    spread = StandingHedge(kind="spread", moneyness=0.9, width=0.1, tenor_days=182, roll_days=21, coverage=0.5)
    assert words.program_words(spread, "en") == "XSP 90/80% put spread, 182-day, sold with 21 days left"
    assert words.program_words(spread, "ja") == "XSP 90/80% プットスプレッド、期間182日、満期の21日前に売却"
    put = StandingHedge(moneyness=0.95, tenor_days=35, roll_days=0)
    assert words.program_words(put, "en") == "XSP 95% put, 35-day, held to expiry"
    assert words.program_label(put, "en") == "put 95% 35d/0 x1"  # the library's label
    assert words.program_label(spread, "ja") == "スプレッド 90/80% 182日/21 ×0.5"


def test_advise_names_the_program_the_search_picks(advise_program_search, capsys):
    assert main(["advise", SEED, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)["standing_put_program"]
    answer = program_answer(load_config(SEED), n_paths=200)
    assert data["n_paths"] == 200 and data["verdict"] == answer.choice.verdict
    assert data["sentence"] == words.advise_line(answer, "JPY", "en")
    assert data["sentence"].startswith("Standing put (常備薬), from a quick search on 200 paths (hedgeopt program ")
    if answer.program is not None:
        assert data["chosen"]["cost_per_year"] == pytest.approx(float(answer.choice.chosen["cost_per_year"]))
        assert f"cover {answer.choice.chosen['cover']:.1f}×" in data["sentence"]
    assert main(["advise", SEED, "--program-paths", "0"]) == 0
    assert "Standing put (常備薬)" not in capsys.readouterr().out


def test_a_program_worse_than_none_on_the_paths_is_said_so(answer):
    """The target goal also asks the crises: it may choose a program that breaches more often on the paths than no
    program (its premium drags more than it pays there); the verdict says so, with both shares."""
    from dataclasses import replace

    table = answer.choice.table.copy()
    none = float(table.loc[table["kind"] == "none", "p_beyond"].iloc[0])
    table.loc[answer.choice.index, "p_beyond"] = none + 0.007
    worse = replace(answer, choice=replace(answer.choice, table=table))
    lines = words.verdict_lines(worse, "JPY", "en")
    assert lines[2].startswith("After tax (2026): ")  # the price after tax follows the price (seed: [tax] defaults)
    assert lines[3] == (f"On the paths it breaches the cap more often than no program ({none + 0.007:.1%} against "
                        f"{none:.1%}): its premium costs more than it pays there; it is chosen for the crises.")
    assert not any("more often than no program" in line for line in words.verdict_lines(answer, "JPY", "en"))


def test_contracts_of_a_program_that_buys_nothing_in_the_horizon_read_as_a_dash():
    """A 30-day search of 91-day puts buys no contract on some paths: the mean is NaN, never an int() crash."""
    from hedgeopt.face.program.words import contracts_text

    assert contracts_text(float("nan"), "en") == "—"
    assert contracts_text(2.0, "en") == "2 contracts a roll" and contracts_text(1.5, "ja") != "—"

"""The path commands in Japanese: no English word left in what ``backtest`` (shipped history and your own CSV),
``simulate`` (Monte Carlo and stylised), ``put-study`` and ``max-leverage --paths`` print with ``--lang ja``
(the ``english_words`` detector of ``conftest.py``: tickers, codes, config keys, commands, module and file names
allowed)."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest

from hedgeopt.config.config import load_config
from hedgeopt.face import i18n, render
from hedgeopt.face.cli import main
from hedgeopt.face.paths_words import NOTES_JA, event_reason, note, rules_text
from pricing import default_market
from scenarios.paths.history import sp500_history
from scenarios.paths.market_paths import Note

SEED = str(Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml")

COMMANDS = {
    "backtest": ["backtest", SEED, "--from", "2008-06-01", "--to", "2009-06-30"],
    "simulate": ["simulate", SEED, "--paths", "12", "--days", "40", "--seed", "3"],
    "put-study": ["put-study", "--from", "2008-01-01", "--to", "2008-12-31"],
    "max-leverage": ["max-leverage", SEED, "--paths", "12", "--days", "20"],
    "stylised": ["simulate", SEED, "--stylised", "crash_1987"],
}


@pytest.fixture(scope="module")
def outputs():
    """Each command's terminal output in Japanese."""
    printed = {}
    try:
        for name, argv in COMMANDS.items():
            with pytest.MonkeyPatch.context() as mp:
                buffer = io.StringIO()
                mp.setattr(sys, "stdout", buffer)
                code = main([*argv, "--lang", "ja"])
            assert code == 0, (name, buffer.getvalue()[-2000:])
            printed[name] = buffer.getvalue()
    finally:
        render.use_language(i18n.Lang.EN)
    return printed


@pytest.mark.parametrize("command", list(COMMANDS))
def test_no_english_word_left(outputs, command, english_words):
    assert english_words(outputs[command]) == set(), outputs[command][-3000:]


def test_the_japanese_says_what_happened(outputs):
    bt = outputs["backtest"]
    assert "S&P 500 の過去データ 2008-06-02〜2009-06-30" in bt and "設定どおり" in bt and "ルールなし" in bt
    assert "保有エクスポージャーの 20% を売却" in bt and "売買額" in bt  # the rule log: why and how much
    assert "株が下がると円高になります" in bt  # the USDJPY proxy's note
    assert "警告 " in bt and "上限 20%([risk] cap)を超えました" in bt  # a variant beyond the cap
    assert "モンテカルロのパス(スチューデントt分布(自由度 6)、シード 3)" in outputs["simulate"]
    assert "S&P 500(ヘッジなし)" in outputs["put-study"] and "公表値" in outputs["put-study"]
    assert "上限超過の確率(ルールあり)" in outputs["max-leverage"]


def test_english_stays_english(capsys):
    assert main(COMMANDS["backtest"]) == 0
    out = capsys.readouterr().out
    assert "sold 20% of the exposure held" in out and "WARNING hedge: none: the drawdown reached -20.2%" in out
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", out)  # no kana or kanji


def test_your_own_csv_history_in_japanese(tmp_path, capsys, english_words):
    """A CSV of S&P 500 and USDJPY closes with one empty cell: its name, fill and proxies said in Japanese."""
    hist = sp500_history(default_market(), start="2008-09-01", end="2008-10-31")
    rows = [f"{d.date()},{s:.2f},{f:.3f}" for d, s, f in zip(hist.dates, hist.series("equity", "SPX")[0],
                                                           hist.series("fx", "USD")[0], strict=True)]
    rows[3] = rows[3].rsplit(",", 1)[0] + ","  # an empty fx cell on line 5
    csv = tmp_path / "mine.csv"
    csv.write_text("date,equity.SPX,fx.USD\n" + "\n".join(rows), encoding="utf-8")
    try:
        assert main(["backtest", SEED, "--csv", str(csv), "--lang", "ja"]) == 0
    finally:
        render.use_language(i18n.Lang.EN)
    out = capsys.readouterr().out
    assert "自分の過去データ: mine.csv" in out and "期間内の空欄 1 個は前の日付の値を使いました(行 5)" in out
    assert "vol.SPX: ファイルにありません" in out and "rate.USD: ファイルにありません" in out
    assert english_words(out) == set()


def test_the_json_speaks_the_language(capsys, english_words):
    try:
        assert main([*COMMANDS["backtest"], "--json", "--lang", "ja"]) == 0
        data = json.loads(capsys.readouterr().out)
    finally:
        render.use_language(i18n.Lang.EN)
    derisk = [e for e in data["events"] if e["event"] == "derisk"]
    assert derisk and all("を売却" in e["reason"] for e in derisk)
    assert data["variants"][0]["name"] == "as configured" and data["variants"][0]["label"] == "設定どおり"
    assert all(english_words(n) == set() for n in data["paths"]["notes"])
    assert english_words(data["described"]["rules"] + data["described"]["hedge"]) == set()
    assert data["cap"] == 0.2 and all(w["warning"].startswith("警告") for w in data["beyond_cap"])


def test_every_note_key_the_library_writes_has_japanese(english_words):
    """The sources of the notes above and the put study: each Note key has a Japanese text, and it formats."""
    from hedgeopt.paths.put_study import PUBLISHED
    from pricing import default_market
    from scenarios.paths.history import sp500_history
    from scenarios.paths.monte_carlo import monte_carlo_paths
    from scenarios.paths.stylised import stylised_names, stylised_path

    m = default_market()
    stylised = [stylised_path(name, m) for name in stylised_names()]
    notes = [*(p.name for p in stylised), *(n for p in stylised for n in p.notes),
             *sp500_history(m, start="2008-01-01", end="2008-03-01").notes,
             *sp500_history(m, start="2008-01-01", end="2008-03-01", fx="constant").notes,
             *monte_carlo_paths(m, 2, 3, seed=1).notes, monte_carlo_paths(m, 2, 3, seed=1, dist="gbm").name,
             *PUBLISHED.figure]
    for n in notes:
        assert isinstance(n, Note) and n.key in NOTES_JA, n
        assert english_words(note(n, "ja")) == set(), note(n, "ja")


def test_reasons_and_rules_in_both_languages():
    row = {"event": "derisk", "observed": -0.121, "threshold": -0.10, "cut": 0.20}
    assert event_reason(row, "JPY", "en") == "drawdown -12.1% crossed the -10% step: sold 20% of the exposure held"
    assert event_reason(row, "JPY", "ja") == ("ドローダウン -12.1% が -10% の段階に達したため、保有エクスポージャーの"
                                              " 20% を売却")
    row = {"event": "futures_liquidation", "observed": 123_456.0, "threshold": 1.0, "cut": float("nan")}
    assert "12.3万円" in event_reason(row, "JPY", "ja")
    rules = load_config(SEED).rules
    assert rules_text(rules, "en") == rules.describe()  # the face words them as the library does
    assert rules_text(rules, "ja").startswith("-10% で保有エクスポージャーの 20% を売却、-20% で")


FX_HEDGE = '\n[paths.fx_hedge]\ninstrument = "{symbol}"\nratio = 1.0\n'


def fx_seed(tmp_path, symbol: str) -> str:
    """The seed with a ``[paths.fx_hedge]`` of ``symbol`` on the whole MMF."""
    path = tmp_path / f"seed_{symbol}.toml"
    path.write_text(Path(SEED).read_text(encoding="utf-8") + FX_HEDGE.format(symbol=symbol), encoding="utf-8")
    return str(path)


def run_cli(argv: list[str]) -> str:
    buffer = io.StringIO()
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(sys, "stdout", buffer)
            assert main(argv) == 0, buffer.getvalue()[-2000:]
    finally:
        render.use_language(i18n.Lang.EN)
    return buffer.getvalue()


@pytest.mark.parametrize(("symbol", "words"), [
    ("CLICK365", "スワップポイントを毎日支払い"), ("MJY", "円先物を買い"), ("USDJPY_FWD", "為替予約で売り")])
def test_the_fx_hedged_backtest_in_japanese(tmp_path, english_words, symbol, words):
    out = run_cli(["backtest", fx_seed(tmp_path, symbol), "--from", "2008-06-01", "--to", "2008-12-31", "--lang",
                   "ja"])
    assert english_words(out) == set(), out[-3000:]
    assert "為替ヘッジなし" in out and "為替ヘッジ費用" in out and words in out
    assert "これは代替値です" in out  # the history's USDJPY is a proxy: said beside the FX hedge


def test_the_fx_hedged_simulate_and_json(tmp_path, english_words):
    seed = fx_seed(tmp_path, "OTC_FX")
    out = run_cli(["simulate", seed, "--paths", "8", "--days", "30", "--lang", "ja"])
    assert english_words(out) == set(), out[-3000:]
    assert "為替ヘッジなし" in out and "これは代替値です" not in out  # Monte Carlo: simulated, not a proxy of history
    data = json.loads(run_cli(["backtest", seed, "--from", "2008-09-01", "--to", "2008-10-31", "--json", "--lang",
                               "ja"]))
    labels = {v["name"]: v["label"] for v in data["variants"]}
    assert labels["fx hedge: none"] == "為替ヘッジなし"
    assert english_words(data["described"]["fx_hedge"]) == set() and "これは代替値です" in data["fx_proxy"]
    english = run_cli(["backtest", seed, "--from", "2008-09-01", "--to", "2008-10-31"])
    assert "FX hedge: OTC_FX 100% of the USD MMF sold, swap points paid daily" in english
    assert "FX hedge: none" in english and "which is a proxy" in english
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", english)


def test_the_fx_liquidation_reason_in_both_languages():
    row = {"event": "fx_liquidation", "observed": -512_345.0, "threshold": 1.0, "cut": float("nan")}
    assert event_reason(row, "JPY", "en") == ("margin call unmet for 1+ days (cash -512,345 JPY): FX hedge closed")
    assert event_reason(row, "JPY", "ja") == "追証が 1 営業日を超えて解消されず(現金 -51.2万円)、為替ヘッジを強制決済"


def test_the_fx_variant_in_the_figure_and_the_report_section(tmp_path):
    """The paths figure draws "fx hedge: none" bold beside the configured run; the report names the FX hedge."""
    from dataclasses import replace

    from hedgeopt.config.path_settings import RolledFxHedge
    from hedgeopt.face.figures import paths_figure
    from hedgeopt.face.report import _paths_html
    from hedgeopt.paths import backtest

    config = load_config(SEED)
    config = replace(config, paths=replace(config.paths, fx_hedge=RolledFxHedge("OTC_FX", 1.0)))
    paths = backtest.history_paths(config, "2008-09-01", "2008-10-31")
    frame, runs = backtest.side_by_side(config, paths, backtest.standard_variants(config)[:3])
    fig = paths_figure(runs, 0.2, "JPY", lang="ja")
    lines = {line.get_gid(): line for line in fig.axes[0].get_lines() if line.get_gid()}
    assert lines["fx hedge: none"].get_label() == "為替ヘッジなし" and lines["fx hedge: none"].get_linewidth() == 1.8
    section = _paths_html(config, frame, runs, None, "", i18n.Lang.JA)
    assert "為替ヘッジ: OTC_FX で USD MMF の 100% をドル売り" in section and "これは代替値です" in section
    assert "為替ヘッジの金利差コスト" in section  # the cost breakdown's fx_carry row

"""The path commands in Japanese: no English word left in what ``backtest``, ``simulate``, ``put-study`` and
``max-leverage --paths`` print with ``--lang ja`` (tickers, codes, config keys, module and file names allowed)."""

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
from hedgeopt.face.paths_words import EPISODES_JA, NOTES_JA, episode, event_reason, note, rules_text
from pricing import default_market
from scenarios.paths.history import sp500_history
from scenarios.paths.market_paths import Note

SEED = str(Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml")

CODES = {"SPX", "XSP", "NKY", "JPY", "USD", "USDJPY", "MMF", "ETF", "CVaR", "PUT", "PPUT", "VIX", "ATM", "RF", "IBKR",
         "Cboe", "CSV", "CB", "CP", "IP", "FRED", "VXO", "VXOCLS", "VIXCLS", "DEXJPUS", "log", "dt", "IT"}
"""Tickers, index, data and file-format codes, the source keys of docs/cboe_reference.md (CB17, CP, IP, B19), FRED
series codes, the two symbols of the USDJPY proxy's formula (log, dt) and IT (ITバブル, as Japanese write it)."""

COMMANDS = {
    "backtest": ["backtest", SEED, "--from", "2008-06-01", "--to", "2009-06-30"],
    "simulate": ["simulate", SEED, "--paths", "12", "--days", "40", "--seed", "3"],
    "put-study": ["put-study", "--from", "2008-01-01", "--to", "2008-12-31"],
    "max-leverage": ["max-leverage", SEED, "--paths", "12", "--days", "20"],
    "stylised": ["simulate", SEED, "--stylised", "crash_1987"],
}


def english_words(text: str) -> list[str]:
    """ASCII words of two letters or more left once codes, ``[section] key`` config keys, dotted module names,
    file paths and snake_case keys are taken out."""
    text = re.sub(r"\[[a-z_.]+\]( [a-z_]+)?", " ", text)        # [risk] cap
    text = re.sub(r"[\w./-]+\.(md|toml|csv|py)\b", " ", text)      # docs/cboe_reference.md, mine.csv
    text = re.sub(r"\b[a-z_]+(\.[A-Za-z0-9_]+)+\b", " ", text)    # arch.data.sp500, the column vol.SPX
    text = re.sub(r"\b[a-z]+_[a-z0-9_]+\b", " ", text)            # vol_fit, crash_1987
    words = re.findall(r"[A-Za-z][A-Za-z']+", text)
    return sorted({w for w in words if w not in CODES})


@pytest.fixture(scope="module")
def outputs():
    """Each command's terminal output in Japanese (the market's label, the data's own name, taken out)."""
    config = load_config(SEED)
    printed = {}
    try:
        for name, argv in COMMANDS.items():
            with pytest.MonkeyPatch.context() as mp:
                buffer = io.StringIO()
                mp.setattr(sys, "stdout", buffer)
                code = main([*argv, "--lang", "ja"])
            assert code == 0, (name, buffer.getvalue()[-2000:])
            printed[name] = buffer.getvalue().replace(config.market.label, "")
    finally:
        render.use_language(i18n.Lang.EN)
    return printed


@pytest.mark.parametrize("command", list(COMMANDS))
def test_no_english_word_left(outputs, command):
    assert english_words(outputs[command]) == [], outputs[command][-3000:]


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
    assert "sold 20% of the exposure held" in out and "WARNING hedge: none: the drawdown reached -20.4%" in out
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", out)  # no kana or kanji


def test_your_own_csv_history_in_japanese(tmp_path, capsys):
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
    out = capsys.readouterr().out.replace(load_config(SEED).market.label, "")
    assert "自分の過去データ: mine.csv" in out and "期間内の空欄 1 個は前の日付の値を使いました(行 5)" in out
    assert "vol.SPX: ファイルにありません" in out and "rate.USD: ファイルにありません" in out
    assert english_words(out) == []


def test_the_json_speaks_the_language(capsys):
    try:
        assert main([*COMMANDS["backtest"], "--json", "--lang", "ja"]) == 0
        data = json.loads(capsys.readouterr().out)
    finally:
        render.use_language(i18n.Lang.EN)
    derisk = [e for e in data["events"] if e["event"] == "derisk"]
    assert derisk and all("を売却" in e["reason"] for e in derisk)
    assert data["variants"][0]["name"] == "as configured" and data["variants"][0]["label"] == "設定どおり"
    assert all(english_words(n) == [] for n in data["paths"]["notes"])
    assert english_words(data["described"]["rules"] + data["described"]["hedge"]) == []
    assert data["cap"] == 0.2 and all(w["warning"].startswith("警告") for w in data["beyond_cap"])


def test_every_note_key_the_library_writes_has_japanese():
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
        assert english_words(note(n, "ja")) == [], note(n, "ja")


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


def test_every_historical_episode_has_a_japanese_name():
    from scenarios import historical_episodes

    labels = list(historical_episodes().table["label"])
    assert set(labels) == set(EPISODES_JA)
    assert episode("2007-10 GFC bear", "ja") == "2007年10月〜 世界金融危機の下落相場"
    assert episode("2008-09 Lehman", "ja") == "2008年9月 リーマン・ショック"
    assert episode("2008-09 Lehman", "en") == "2008-09 Lehman"
    assert all(english_words(episode(label, "ja")) == [] for label in labels)

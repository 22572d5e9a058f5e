"""``backtest`` and ``simulate`` print the after-tax CAGR and drawdown beside the pre-tax ones, and the ledger.

The seed is a yen account, so ``[tax]`` applies by default (the Japanese model, 2026 rules): the configured variant
runs once more paying its tax, and the figures printed are the library's (:func:`after_tax_figures`).
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from hedgeopt.config.config import load_config
from hedgeopt.face import i18n, render
from hedgeopt.face.cli import main
from hedgeopt.paths import backtest
from hedgeopt.paths.backtest import after_tax_figures, side_by_side_after_tax

SEED = str(Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml")
BACKTEST = ["backtest", SEED, "--from", "2007-06-01", "--to", "2009-06-30", "--events", "3"]
SIMULATE = ["simulate", SEED, "--paths", "12", "--days", "300", "--seed", "3", "--events", "3"]


def printed(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> str:
    buffer = io.StringIO()
    monkeypatch.setattr(sys, "stdout", buffer)
    monkeypatch.setenv("COLUMNS", "80")
    try:
        assert main(argv) == 0
    finally:
        render.use_language(i18n.Lang.EN)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def seed_backtest():
    config = load_config(SEED)
    paths = backtest.history_paths(config, "2007-06-01", "2009-06-30")
    return side_by_side_after_tax(config, paths)


def test_the_backtest_prints_after_tax_beside_pre_tax(monkeypatch, seed_backtest):
    frame, runs, taxed = seed_backtest
    fig = after_tax_figures(next(iter(runs.values())), taxed)
    out = printed(BACKTEST, monkeypatch)
    assert f"After tax: CAGR {fig['cagr']:.1%} (pre-tax {fig['cagr_pre']:.1%})" in out
    assert f"max drawdown {fig['max_drawdown']:.1%} (pre-tax {fig['max_drawdown_pre']:.1%})" in out
    assert "Tax by year" in out and "2008" in out and "all sold" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_the_after_tax_figures_agree_with_the_ledger(seed_backtest):
    """After-tax terminal NAV = the taxed lane's NAV - what the ledger says is owed; paid = the ledger's paid."""
    _, runs, taxed = seed_backtest
    ledger = taxed.tax.ledger()
    assert ledger["paid"].sum() == pytest.approx(float(taxed.tax.total_paid[0]), rel=1e-12)
    assert taxed.tax.nav[0, -1] == pytest.approx(taxed.nav[0, -1] - ledger["due"].sum(), rel=1e-12)
    assert ledger["tax"].sum() + ledger["tax_abroad"].sum() == pytest.approx(
        ledger["paid"].sum() + ledger["due"].sum(), rel=1e-12)
    assert ledger.loc["2008", "carry_created"] > 0  # 2008's listed loss carries into 2009
    pre = next(iter(runs.values()))
    assert taxed.tax.cagr[0] < pre.metrics()["cagr"].iloc[0]


def test_the_backtest_json_carries_the_ledger(capsys):
    assert main([*BACKTEST, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    at = data["after_tax"]
    assert set(at["figures"]) >= {"cagr", "cagr_pre", "max_drawdown", "max_drawdown_pre", "tax_paid", "tax_due"}
    years = [row["tax_year"] for row in at["ledger"]]
    assert years == ["2007", "2008", "2009", "liquidation"]
    assert sum(r["paid"] for r in at["ledger"]) == pytest.approx(at["figures"]["tax_paid"], rel=1e-12)


def test_simulate_prints_the_after_tax_distribution(monkeypatch):
    out = printed(SIMULATE, monkeypatch)
    assert "After tax, medians over 12 paths" in out and "worst 5%" in out
    assert "Tax paid per tax year over 12 paths" in out and "median" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_simulate_json_has_quantiles_of_tax_paid(capsys):
    assert main([*SIMULATE, "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)["after_tax"]["summary"]
    assert set(summary["cagr"]) == {"mean", "p05", "p50", "p95"}
    paid = summary["paid_by_year"]
    assert list(paid) == ["2026", "2027"]  # 300 days from 30 November 2026: the 2028 year is owed, not paid
    assert all(v["p05"] <= v["p50"] <= v["p95"] for v in paid.values())


def test_after_tax_in_japanese(monkeypatch, english_words):
    out = printed([*BACKTEST, "--lang", "ja"], monkeypatch)
    assert "税引後: 年率リターン" in out and "税引前" in out and "手取り" in out and "繰越控除" in out
    assert english_words(out) == set(), out[-3000:]
    sim = printed([*SIMULATE, "--lang", "ja"], monkeypatch)
    assert "課税年ごとの納税額" in sim and english_words(sim) == set()


def test_no_tax_section_without_the_japanese_model(tmp_path, monkeypatch):
    config = tmp_path / "none.toml"
    config.write_text(Path(SEED).read_text(encoding="utf-8") + '\n[tax]\nregime = "none"\n', encoding="utf-8")
    out = printed(["backtest", str(config), "--from", "2008-01-01", "--to", "2008-06-30"], monkeypatch)
    assert "After tax" not in out
    _, _, taxed = side_by_side_after_tax(load_config(config), backtest.history_paths(load_config(config),
                                                                                    "2008-01-01", "2008-03-31"))
    assert taxed is None

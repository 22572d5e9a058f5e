"""`hedgeopt demo`: the seed account end to end; its numbers are the library's."""

from __future__ import annotations

import pytest

from hedgeopt.face.cli import main
from hedgeopt.face.demo import SEED_CONFIG, run_demo
from hedgeopt.optimizer import hedging


def test_demo_runs_and_prints_every_section(capsys, tmp_path):
    assert main(["demo", "--out", str(tmp_path / "report")]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "report" / "report.html").exists() and "Report:" in out
    assert out.index("Verdict") < out.index("Holdings") < out.index("P&L by scenario")  # the answer first
    for needle in ("Do this: buy 2 × XSP", "Or: cut the SPX satellite", "Account", "P&L by scenario",
                   "Cheapest hedge for a worst case of at most 20%",
                   "Index and yen hedges for a worst case", "yen hedges", "Maximum leverage", "the five checks",
                   "10,000,000 JPY"):
        assert needle in out, needle


def test_demo_numbers_are_the_library_numbers():
    demo = run_demo().advice
    assert demo.stress.summary.leverage == pytest.approx(1.3)
    assert demo.hedge.optimal and demo.hedge.worst_case_after <= 0.20 + 1e-9
    config = run_demo().config
    assert demo.hedge.cost == pytest.approx(hedging.hedge(config, cap=0.20, integer=True).cost, rel=1e-12)
    assert all(float(p.quantity).is_integer() for p in demo.hedge.positions)
    assert not demo.checklist.passed  # the seed's 1.3x breaks the 20% cap in the 2007-09 episode
    assert SEED_CONFIG.name == "seed_10m.toml"


def test_demo_with_a_missing_config_is_one_line_exit_2(capsys):
    assert main(["demo", "--config", "no/such.toml"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "config='no/such.toml'" in err


def test_results_have_readable_and_html_reprs():
    demo = run_demo().advice
    assert repr(demo.stress).startswith("StressResult(nav=10,000,000 JPY, leverage=1.30x")
    assert "<table" in demo.stress._repr_html_() and "<table" in demo.hedge._repr_html_()
    assert "<table" in demo.checklist._repr_html_() and "<table" in demo.comparison._repr_html_()
    assert demo.checklist.frame()["status"].tolist()[1] == "fail"

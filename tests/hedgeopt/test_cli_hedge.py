"""The hedging commands: JSON figures equal the library's, infeasible exits 1, bad input exits 2 on one line."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hedgeopt import hedging
from hedgeopt.cli import main
from hedgeopt.config import load_config
from hedgeopt.pnl import account_pnl

SEED = str(Path(__file__).resolve().parents[2] / "examples" / "seed_10m.toml")


@pytest.fixture(scope="module")
def config():
    return load_config(SEED)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_hedge_json_has_the_documented_keys_and_the_library_numbers(capsys, config):
    code, out, _ = run(capsys, "hedge", SEED, "--cap", "0.12", "--json")
    assert code == 0
    got = json.loads(out)
    for key in ("positions", "cost", "worst_case_before", "worst_case_after", "binding_scenarios", "shadow_price",
                "status", "verification", "continuous_cost", "rounding_cost"):
        assert key in got, key
    ref = hedging.hedge(config, cap=0.12)
    assert got["status"] == "optimal" and got["cost"] == pytest.approx(ref.cost, rel=1e-9)
    assert [p["contracts"] for p in got["positions"]] == [p.quantity for p in ref.positions]
    assert got["worst_case_after"] <= 0.12 + 1e-9
    assert got["verification"]["passed"] and got["verification"]["n_quantlib"] == len(config.hedge_scenarios())
    assert all(float(c).is_integer() for c in (p["contracts"] for p in got["positions"]))


def test_hedge_infeasible_is_an_answer_exit_1_with_diagnosis(capsys):
    # The yen +10% alone costs the USD MMF 7% of NAV: no index put brings a 5% cap within reach.
    code, out, _ = run(capsys, "hedge", SEED, "--cap", "0.05", "--json")
    got = json.loads(out)
    assert code == 1 and got["status"] == "infeasible"
    assert got["diagnosis"]["min_achievable_cap"] > 0.05
    assert "USD -10%" in got["diagnosis"]["limiting_scenario"]


def test_continuous_and_budget_flags(capsys, config):
    code, out, _ = run(capsys, "hedge", SEED, "--cap", "0.10", "--continuous", "--json")
    got = json.loads(out)
    assert code == 0 and got["continuous_cost"] is None
    assert got["cost"] == pytest.approx(hedging.hedge(config, cap=0.10, integer=False).cost, rel=1e-9)
    code, out, _ = run(capsys, "hedge", SEED, "--cap", "0.08", "--budget", "1000", "--json")
    assert code == 1 and json.loads(out)["status"] == "infeasible"


def test_cvar_flag(capsys):
    code, out, _ = run(capsys, "hedge", SEED, "--cap", "0.20", "--cvar", "0.90:0.10", "--json")
    got = json.loads(out)
    assert code == 0 and got["cvar_after"] <= 0.10 + 1e-7


def test_compare_frontier_standing_put_and_leverage(capsys, config):
    code, out, _ = run(capsys, "compare", SEED, "--cap", "0.12", "--json")
    families = json.loads(out)["families"]
    assert code == 0 and set(families) == {"puts", "spreads", "mix"}
    assert families["mix"]["cost"] <= min(families["puts"]["cost"], families["spreads"]["cost"]) + 1e-6

    code, out, _ = run(capsys, "frontier", SEED, "--caps", "0.10:0.14:0.02", "--json")
    points = pd.DataFrame(json.loads(out)["points"])
    assert code == 0 and len(points) == 9 and set(points["cap"]) == {0.10, 0.12, 0.14}

    code, out, _ = run(capsys, "standing-put", SEED, "--json")
    got = json.loads(out)
    assert code == 0 and got["mode"] == "budget" and got["target"] == 100_000
    assert got["best"]["cost"] * got["lines"][0]["rolls_per_year"] <= 100_000 + 1e-6

    code, out, _ = run(capsys, "max-leverage", SEED, "--json")
    got = json.loads(out)
    ref = hedging.max_leverage_for(config)
    assert code == 0 and got["route"] == "margin" and got["leverage"] == pytest.approx(ref.leverage, rel=1e-12)
    assert got["leverage_step"] == pytest.approx(np.floor(got["leverage"] * 10 + 1e-9) / 10)


def test_pnl_export_round_trips(tmp_path, capsys, config):
    out_file = tmp_path / "pnl.csv"
    code, out, _ = run(capsys, "pnl", SEED, "--out", str(out_file))
    assert code == 0 and "wrote" in out
    matrix = pd.read_csv(out_file)
    prices = pd.read_csv(tmp_path / "pnl.candidates.csv")
    scenarios = config.hedge_scenarios()
    np.testing.assert_allclose(matrix["base"], account_pnl(config.account, config.market, scenarios)["pnl"],
                               rtol=1e-12)
    cands = hedging.candidates(config)
    np.testing.assert_allclose(matrix[cands.labels[3]], cands.payoff(scenarios, columns=np.array([3]))[:, 0],
                               rtol=1e-12, atol=1e-9)
    assert list(prices["instrument"]) == cands.labels and list(matrix.columns[2:]) == cands.labels


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["hedge", SEED, "--cap", "20"], "cap=20.0: expected a decimal fraction in (0, 1]"),
        (["hedge", SEED, "--cvar", "0.95"], "cvar='0.95': expected LEVEL:CAP"),
        (["hedge", SEED, "--cap", "abc"], "is not a decimal"),
        (["max-leverage", SEED, "--route", "levered"], "invalid choice: 'levered'"),
        (["frontier", SEED, "--caps", "0.1-0.2"], "is not START:STOP:STEP"),
        (["pnl", SEED, "--out", "/tmp/x.xlsx"], "expected a file name ending in .csv or .parquet"),
        (["pnl", SEED, "--out", "/no/such/folder/x.csv"], "expected a path in an existing folder"),
    ],
)
def test_bad_input_is_one_line_exit_2(capsys, argv, needle):
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse errors
        code = exc.code
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1 and needle in err, err


def test_failed_export_leaves_no_file(tmp_path, capsys, monkeypatch):
    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", boom)
    with pytest.raises(OSError, match="disk full"):
        main(["pnl", SEED, "--out", str(tmp_path / "p.csv")])
    assert list(tmp_path.iterdir()) == []

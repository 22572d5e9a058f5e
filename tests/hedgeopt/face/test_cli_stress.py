"""The `hedgeopt stress` and `hedgeopt what-if` commands: JSON figures equal the seed's hand arithmetic; bad input
is one line on stderr with exit code 2 and nothing on stdout."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from hedgeopt.config.config import load_config
from hedgeopt.face.cli import main
from pricing import Option
from scenarios import grid
from scenarios.repricing import OptionRepricer

ROOT = Path(__file__).resolve().parents[3]
SEED = str(ROOT / "examples" / "seed_10m.toml")
TAU30 = 30 / 365
# Seed over 30 days with no move: MMF 7,000,000 × 0.04 × τ = 23,013.70; ETF dividends 3,000,000 × 0.013 × τ
# = 3,205.48; loan −3,000,000 × 0.06 × τ = −14,794.52.
CARRY30 = 7_000_000 * 0.04 * TAU30 + 3_000_000 * 0.013 * TAU30
FUNDING30 = -3_000_000 * 0.06 * TAU30




def assert_one_line_error(code: int, out: str, err: str, pattern: str) -> None:
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n")
    assert "Traceback" not in err
    assert re.search(pattern, err), err


# -- stress -------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def stress_payload() -> dict:
    from contextlib import redirect_stdout
    from io import StringIO

    buf = StringIO()
    with redirect_stdout(buf):
        assert main(["stress", SEED, "--json"]) == 0
    return json.loads(buf.getvalue())


def test_stress_json_summary(stress_payload):
    s = stress_payload["summary"]
    assert s["base_currency"] == "JPY"
    assert s["nav"] == pytest.approx(10_000_000.0, rel=1e-12)  # 7 MMF + 3 cash + 3 ETF − 3 loan (millions)
    assert s["gross_exposure"] == pytest.approx(13_000_000.0, rel=1e-12)
    assert s["leverage"] == pytest.approx(1.3, rel=1e-12)
    assert s["fx_shares"] == pytest.approx({"USD": 0.7}, rel=1e-12)  # the loan nets the ETF's USD
    assert s["carry"]["mmf_yield"] == pytest.approx(280_000.0, rel=1e-12)  # 7,000,000 × 4%
    assert s["carry"]["funding"] == pytest.approx(-180_000.0, rel=1e-12)  # 3,000,000 × 6%
    assert s["carry"]["borrowed_spreads"] == {"SPX": pytest.approx(-0.02, abs=1e-15)}
    assert s["cash_buffer_multiple"] is None
    assert s["margin_call_falls"] == {"SPX": None}


def test_stress_json_scenarios_sorted_worst_first(stress_payload):
    rows = stress_payload["scenarios"]
    # Seed grid 13 equity × 3 fx = 39, plus the named historical episodes.
    assert len(rows) > 39
    pnl = [r["pnl"] for r in rows]
    assert pnl == sorted(pnl)
    for r in rows:
        assert r["pnl_pct"] == pytest.approx(r["pnl"] / 10_000_000.0, rel=1e-12)
        parts = r["carry"] + r["index"] + r["fx"] + r["options"] + r["funding"]
        assert parts == pytest.approx(r["pnl"], abs=1e-6)


def test_stress_grid_row_by_hand(stress_payload):
    rows = {r["label"]: r for r in stress_payload["scenarios"]}
    r = rows["SPX -30% / USD +0% / vol +0 / 30d / resp 0.8"]  # the seed grid takes two vol responses
    # −900,000 + 23,013.70 + 3,205.48 − 14,794.52 = −888,575.34.
    assert r["index"] == pytest.approx(-900_000.0, rel=1e-12)
    assert r["pnl"] == pytest.approx(-900_000.0 + CARRY30 + FUNDING30, rel=1e-12)
    assert r["pnl"] == pytest.approx(-888_575.34, abs=0.005)
    assert r["horizon_days"] == 30 and r["margin_call"] is False


def test_stress_table_output(cli, capsys):
    code, out, err = cli("stress", SEED, "--top", "5")
    assert code == 0 and err == ""
    assert "NAV" in out and "worst 5 of" in out
    assert "illustrative embedded default" in out and "ILLUSTRATIVE market data, not live prices" in out


def test_stress_and_checklist_json_say_the_market_is_illustrative(cli, stress_payload, capsys):
    assert stress_payload["market"]["illustrative"] is True and "not live data" in stress_payload["market"]["label"]
    code, out, _ = cli("checklist", SEED, "--json")
    assert json.loads(out)["market"]["illustrative"] is True
    code, out, _ = cli("checklist", SEED, "--lang", "ja")
    assert "例示用の市場データで、実際の相場ではありません" in out


# -- what-if --------------------------------------------------------------------------------------------------------
def what_if_row(cli, *extra: str) -> dict:
    code, out, err = cli("what-if", SEED, *extra, "--json")
    assert code == 0 and err == ""
    payload = json.loads(out)
    assert len(payload["scenarios"]) == 1
    return payload["scenarios"][0]


def test_what_if_equity_and_fx_by_hand(cli, capsys):
    r = what_if_row(cli, "--equity", "-0.30", "--fx", "-0.10")
    # MMF 7,000,000 × −0.10 = −700,000; margin: index −900,000, FX on the loan-netted −6,000 USD:
    # −0.10 × 150 × −6,000 = +90,000. Total −700,000 − 900,000 + 90,000 = −1,510,000 (−15.1%).
    assert r["pnl"] == pytest.approx(-1_510_000.0, rel=1e-12)
    assert r["pnl_pct"] == pytest.approx(-0.151, rel=1e-12)
    assert r["index"] == pytest.approx(-900_000.0, rel=1e-12)
    assert r["fx"] == pytest.approx(-610_000.0, rel=1e-12)
    assert r["carry"] == 0.0 and r["funding"] == 0.0 and r["options"] == 0.0  # horizon 0, no options
    assert r["label"].startswith("what-if: SPX -30% / USD -10%")
    assert r["horizon_days"] == 0


def test_what_if_vol_does_not_move_an_account_without_options(cli, capsys):
    r = what_if_row(cli, "--equity", "-0.30", "--vol", "0.10")
    assert r["pnl"] == pytest.approx(-900_000.0, rel=1e-12)  # 3,000,000 × −0.30


def test_what_if_with_days(cli, capsys):
    r = what_if_row(cli, "--equity", "0", "--days", "30")
    assert r["carry"] == pytest.approx(CARRY30, rel=1e-12)  # 23,013.70 + 3,205.48
    assert r["funding"] == pytest.approx(FUNDING30, rel=1e-12)  # −14,794.52
    assert r["pnl"] == pytest.approx(11_424.66, abs=0.005)


def test_what_if_options_use_the_vol_response(cli, capsys, tmp_path):
    text = Path(SEED).read_text(encoding="utf-8").replace(
        "[scenarios]",
        '[[account.satellite]]\nroute = "options"\ncontract = "XSP"\nstrike = 540\nexpiry = "2027-03-19"\n'
        "contracts = 2\n\n[scenarios]",
    )
    path = tmp_path / "with_puts.toml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = cli("what-if", str(path), "--equity", "-0.30", "--vol", "0.05", "--days", "10", "--json")
    assert code == 0
    r = json.loads(out)["scenarios"][0]
    # The scenario the command builds: SPX −30%, NKY −33%, vol +0.8 × 0.30 + 0.05 = +0.29, 10 days.
    cfg = load_config(path)
    scenario = grid([-0.30], [0.0], [0.05], [0.0], [10], model=cfg.scenarios.model)
    assert scenario.vol("SPX")[0] == pytest.approx(0.29, abs=1e-15)
    put = Option("XSP", "put", 540.0, "2027-03-19")
    expected = 2 * OptionRepricer([put], cfg.market).pnl(scenario)[0, 0]
    assert expected > 0
    assert r["options"] == pytest.approx(expected, rel=1e-12)
    assert r["pnl"] == pytest.approx(r["carry"] + r["index"] + r["fx"] + r["options"] + r["funding"], abs=1e-6)


def test_what_if_table_output(cli, capsys):
    code, out, err = cli("what-if", SEED, "--equity", "-0.30")
    assert code == 0 and err == ""
    assert "what-if: SPX -30%" in out and "leverage" in out


# -- bad input ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("argv", "pattern"),
    [
        (["stress", "no/such/file.toml"],
         r"^hedgeopt stress: error: config='no/such/file\.toml': expected an existing"),
        (["what-if", "no/such/file.toml", "--equity", "-0.3"], r"^hedgeopt what-if: error: config="),
        (["what-if", SEED, "--equity", "-30"], r"equity=-30\.0: expected a decimal return > -1"),
        (["what-if", SEED, "--equity", "-0.3", "--fx", "-1.5"], r"fx=-1\.5: expected a decimal return > -1"),
        (["what-if", SEED, "--equity", "-0.3", "--vol", "10"], r"vol=10\.0: .*looks like a percentage"),
        (["what-if", SEED, "--equity", "-0.3", "--fx", "5"], r"fx=5\.0: .*above \+200% looks like a percentage"),
        (["what-if", SEED, "--equity", "10"], r"equity=10\.0: .*looks like a percentage"),
        (["what-if", SEED, "--equity", "-0.3", "--days", "-1"], r"argument --days: '-1' is not a whole number >= 0"),
        (["what-if", SEED, "--equity", "abc"], r"argument --equity: 'abc' is not a finite number such as -0\.30"),
        (["what-if", SEED, "--equity", "nan"], r"argument --equity: 'nan' is not a finite number"),
        (["what-if", SEED], r"the following arguments are required: --equity"),
        (["stress", SEED, "--top", "many"], r"argument --top: 'many' is not a whole number such as 1"),
        (["stress", SEED, "--top", "-1"], r"argument --top: '-1' is not a whole number >= 0"),
        (["stress"], r"the following arguments are required: config"),
    ],
)
def test_bad_input_is_one_line_exit_2(cli, capsys, argv, pattern):
    code, out, err = cli(*argv)
    assert_one_line_error(code, out, err, pattern)


def test_bad_config_is_one_line_exit_2(cli, capsys, tmp_path):
    path = tmp_path / "pct.toml"
    path.write_text(Path(SEED).read_text(encoding="utf-8").replace("loan_rate = 0.06", "loan_rate = 6"), "utf-8")
    for argv in (["stress", str(path)], ["what-if", str(path), "--equity", "-0.3"]):
        code, out, err = cli(*argv)
        assert_one_line_error(code, out, err, r"account\.satellite\[0\]\.loan_rate=6\.0: .*looks like a percentage")


def test_scalar_betas_is_one_line_exit_2(cli, capsys, tmp_path):
    path = tmp_path / "betas.toml"
    path.write_text(Path(SEED).read_text(encoding="utf-8").replace("betas = { NKY = 1.1 }", "betas = 1.1"), "utf-8")
    code, out, err = cli("stress", str(path))
    assert_one_line_error(code, out, err, r"scenarios\.factor_model\.betas")


def test_bad_toml_is_one_line_exit_2(cli, capsys, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[account\n", encoding="utf-8")
    code, out, err = cli("stress", str(path))
    assert_one_line_error(code, out, err, r"expected valid TOML")


def test_what_if_equals_library_for_random_moves(cli, capsys, rng):
    # The command is parse → what_if → format: its numbers equal the library's on a few random moves.
    from hedgeopt.risk.stress import what_if

    cfg = load_config(SEED)
    for equity, fx in rng.uniform([-0.5, -0.2], [0.3, 0.2], size=(3, 2)):
        r = what_if_row(cli, "--equity", repr(float(equity)), "--fx", repr(float(fx)))
        ref = what_if(cfg, float(equity), float(fx)).table.iloc[0]
        assert r["pnl"] == pytest.approx(float(ref["pnl"]), rel=1e-12)
        # By hand at horizon 0: MMF 7,000,000 f; margin line (V = 0, i = 20,000 e USD) X i (1 + f)
        # = 3,000,000 e (1 + f).
        assert r["pnl"] == pytest.approx(7_000_000 * fx + 3_000_000 * equity * (1 + fx), rel=1e-12)
        assert np.isfinite(r["pnl_pct"])

"""The five checks: each outcome on constructed configs, with the numbers written out."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from hedgeopt.config.config import config_from_dict
from hedgeopt.face.cli import main
from hedgeopt.risk.checklist import Status, checklist

SEED = Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml"


@pytest.fixture
def seed():
    return tomllib.loads(SEED.read_text())


def run(data: dict) -> dict:
    return {c.number: c for c in checklist(config_from_dict(data)).checks}


def test_seed_outcomes(seed):
    checks = run(seed)
    # 1: leverage 1.30 against a 1.30 cap -> within 0.05x of it: warn.
    assert checks[1].status is Status.WARN and checks[1].value == pytest.approx(1.3)
    # 2: the 2007-09 episode over its own window costs 24.6% > 20%: fail (23.6% before the MMF and the loan
    # floated with the recorded T-bill path, -2.1 points on average: carry 119,000 JPY lower; hand figures in
    # tests/hedgeopt/account/test_carry_rates.py). Index -30% and yen +10%: 15.1%.
    assert checks[2].status is Status.FAIL and checks[2].value == pytest.approx(0.2458, abs=1e-4)
    assert "15.1%" in checks[2].detail
    # 3: cash + MMF = 100% of NAV, no margin call at any fall: pass.
    assert checks[3].status is Status.PASS and checks[3].value == pytest.approx(1.0)
    # 4: MMF 4% against a 6% loan: -2.00% a year, a known cost within the 2% limit: warn.
    assert checks[4].status is Status.WARN and checks[4].value == pytest.approx(-0.02)
    assert checks[5].status is Status.PASS


def test_exposure_fails_above_the_cap_and_passes_well_below(seed):
    seed["risk"]["leverage_cap"] = 1.2
    assert run(seed)[1].status is Status.FAIL
    seed["risk"]["leverage_cap"] = 1.5
    assert run(seed)[1].status is Status.PASS


def test_worst_loss_passes_with_a_loose_cap_and_warns_near_it(seed):
    seed["risk"]["cap"] = 0.30  # 23.6% < 27% (90% of the cap)
    assert run(seed)[2].status is Status.PASS
    seed["risk"]["cap"] = 0.25  # 23.6% > 22.5%
    assert run(seed)[2].status is Status.WARN


def test_funding_fails_beyond_the_drag_limit_and_passes_without_a_loan(seed):
    seed["account"]["satellite"][0]["loan_rate"] = 0.075  # 4% - 7.5% = -3.5% < -2%
    assert run(seed)[4].status is Status.FAIL
    seed["account"]["satellite"] = [{"route": "cash", "index": "SPX", "value": 3_000_000, "value_currency": "JPY"}]
    seed["account"]["cash"][0]["amount"] = 0
    checks = run(seed)
    assert checks[4].status is Status.PASS and checks[3].status is Status.PASS


def test_futures_buffer_and_days(seed):
    # One MES at SPX 6,000: notional 4,500,000 JPY; initial margin 3,000 USD = 450,000 JPY.
    # Cash 3,000,000 = 6.7x margin (>= 3x: pass); spare 2,550,000 over 5% of 4,500,000 a day = 11.3 days.
    seed["account"]["satellite"] = [{"route": "futures", "symbol": "MES", "contracts": 1, "initial_margin": 3000}]
    check = run(seed)[3]
    assert check.status is Status.PASS and check.value == pytest.approx(3_000_000 / 450_000)
    assert "11.3 days" in check.detail
    seed["account"]["cash"][0]["amount"] = 900_000  # 2x margin: warn
    assert run(seed)[3].status is Status.WARN
    seed["account"]["cash"][0]["amount"] = 300_000  # below 1x margin: fail
    assert run(seed)[3].status is Status.FAIL


def test_missing_rules_fail_and_the_cli_exits_1(seed, tmp_path, capsys):
    del seed["rules"]
    check = run(seed)[5]
    assert check.status is Status.FAIL and "derisk and reentry" in check.detail
    assert main(["checklist", str(SEED), "--json"]) == 1  # the seed fails check 2
    assert '"passed": false' in capsys.readouterr().out


def test_rules_keys_are_checked(seed):
    seed["rules"]["derisc"] = []
    with pytest.raises(ValueError, match=r"rules\.derisc=.*did you mean 'derisk'"):
        config_from_dict(seed)


def test_a_hedged_mmf_is_judged_net_of_its_hedge_cost(seed):
    seed["account"]["mmf"][0]["hedged"] = True
    checks = run(seed)
    # 4: 4% − (3.48% forward points + 0.25% fee) − 6% loan = −5.73% a year, beyond the 2% drag limit: fail.
    assert checks[4].status is Status.FAIL and checks[4].value == pytest.approx(-0.0573477, abs=1e-7)
    # 2: the named crash loses only the index and the loan-netted ETF's FX: -900,000 + 90,000 = 8.1%.
    assert "now: 8.1%" in checks[2].detail


def test_yen_hedge_margin_is_reported_and_warns_when_cash_is_short(seed):
    seed["account"]["fx_hedge"] = [{"symbol": "CLICK365", "lots": 4}]
    checks = run(seed)
    # 4 lots × 4% × 1,500,000 JPY = 240,000 JPY, 8% of the 3,000,000 JPY cash: pass.
    assert checks[3].status is Status.PASS
    assert "yen hedges' margin 240,000 JPY (8% of cash)" in checks[3].detail
    seed["account"]["cash"][0]["amount"] = 200_000
    seed["account"]["mmf"][0]["amount"] = 9_800_000
    assert run(seed)[3].status is Status.WARN  # the MMF must be sold to post it


def test_funding_reads_the_chosen_rate_regime(seed):
    # Today: MMF 7,000,000 x 4% + dividends 3,000,000 x 1.3% - loan 3,000,000 x 6% = 139,000 JPY a year.
    base = run(seed)[4]
    assert base.facts[-1][1]["amount"] == pytest.approx(139_000)
    # Rising: USD +2 points on a ramp over the year, +1 point on average: the MMF earns 70,000 more and the
    # floating loan costs 30,000 more: 179,000; both float, so the borrowed part stays at -2%.
    seed["routes"] = {"regime": "rising"}
    rising = run(seed)[4]
    assert rising.facts[0][0] == "rate_regime" and rising.facts[0][1]["average"] == pytest.approx(0.01)
    assert rising.value == pytest.approx(-0.02)
    assert rising.facts[-1][1]["amount"] == pytest.approx(179_000)
    assert "rising rates: USD +2.00% over 365 days (ramp; +1.00% on average this year)" in rising.detail
    seed["routes"] = {"regime": "falling"}
    assert run(seed)[4].facts[-1][1]["amount"] == pytest.approx(99_000)
    # A step: the whole +2 points all year: 139,000 + (7,000,000 - 3,000,000) x 2% = 219,000.
    seed["routes"] = {"regime": "now", "regimes": [{"name": "now", "change": 0.02, "path": "step"}]}
    assert run(seed)[4].facts[-1][1]["amount"] == pytest.approx(219_000)


def test_a_fixed_yen_loan_gains_on_a_rising_dollar_regime(seed):
    # A yen margin loan at 3% against the 4% USD MMF: +1% today; USD +1 point on average moves the MMF, not the
    # yen loan (the regime moves the MMF's and the index's currency: USD): +2%.
    seed["account"]["satellite"][0].update(loan_rate=0.03, loan_currency="JPY")
    assert run(seed)[4].value == pytest.approx(0.01)
    seed["routes"] = {"regime": "rising"}
    assert run(seed)[4].value == pytest.approx(0.02)
    assert checklist(config_from_dict(seed), regime="falling").checks[3].value == pytest.approx(0.0)


def test_an_unknown_regime_is_bad_input(seed, capsys):
    seed["routes"] = {"regime": "risng"}
    with pytest.raises(ValueError, match=r"routes.regime='risng'.*did you mean 'rising'"):
        config_from_dict(seed)

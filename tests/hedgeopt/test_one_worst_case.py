"""One account, one unhedged worst case, in every command (issue 12): the commands read one scenario set."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from hedgeopt.config.config import load_config
from hedgeopt.optimizer import hedging
from hedgeopt.risk.checklist import checklist
from hedgeopt.risk.stress import stress

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed_10m.toml"


@pytest.fixture(scope="module")
def config():
    return load_config(SEED)


def test_stress_checklist_hedge_compare_and_standing_put_agree(config):
    worst = -float(stress(config).table["pnl_pct"].min())
    assert worst == pytest.approx(0.2458, abs=1e-4)  # the 2007-09 bear over its own 517 days (test_carry_rates)
    assert checklist(config).checks[1].value == pytest.approx(worst, rel=1e-12)
    assert hedging.hedge(config).worst_case_before == pytest.approx(worst, rel=1e-12)
    for r in hedging.compare_for(config).results.values():
        assert r.worst_case_before == pytest.approx(worst, rel=1e-12)
    assert hedging.standing_put_for(config).worst_case_before == pytest.approx(worst, rel=1e-12)


def test_max_leverage_at_the_stress_worst_case_is_the_account_as_it_is(config):
    """Asked for the largest leverage whose worst case is the stress table's, max-leverage finds today's 1.3x."""
    worst = -float(stress(config).table["pnl_pct"].min())
    loose = replace(config, risk=replace(config.risk, leverage_cap=3.0))
    r = hedging.max_leverage_for(loose, cap=worst)
    assert r.limit == "loss cap" and r.limiting_scenario == "2007-10 GFC bear"
    assert r.leverage == pytest.approx(1.3, abs=1e-6)

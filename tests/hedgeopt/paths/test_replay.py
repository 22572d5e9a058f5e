"""The one-period hedge replayed on the recorded 2007-09 path (issue 12's reconciliation)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hedgeopt.config.config import load_config
from hedgeopt.paths.backtest import history_paths
from hedgeopt.paths.engine import simulate
from hedgeopt.paths.replay import day_scenarios, replay_options
from pricing import Option, put_spread
from scenarios.repricing import OptionRepricer

SEED = Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml"


@pytest.fixture(scope="module")
def gfc():
    config = load_config(SEED)
    return config, history_paths(config, "2007-10-09", "2009-03-09")


def test_day_scenarios_are_the_moves_since_day_0_with_the_path_so_far(gfc):
    config, paths = gfc
    s = day_scenarios(paths, ["SPX"], ["USD"])
    assert len(s) == paths.n_days + 1 and s.horizon_days[-1] == 517
    spx = paths.equity["SPX"][0]
    np.testing.assert_allclose(s.equity("SPX"), spx / spx[0] - 1.0, rtol=0, atol=1e-15)
    # 2007-11-29 is calendar day 51: the path's level that day, held over the weekend that follows
    path = s.path("SPX")[-1]
    assert path.size == 518 and path[51] == pytest.approx(1469.72 / 1565.15, rel=1e-6)
    assert path[53] == path[52]  # Saturday 2007-12-01 and Sunday: Friday's close


def test_a_spread_expiring_inside_the_window_pays_at_its_expiry_and_stays_cash(gfc):
    config, paths = gfc
    spread = put_spread("XSP", 450.0, 420.0, "2027-11-19")  # 359 days after 2026-11-25
    cost = 23_000.0
    replay = replay_options(config.account, config.market, paths, [(spread, 2.0, cost)])
    t = replay.table
    # day 0: the model value of two spreads today, less what they cost
    today = OptionRepricer([spread], config.market).value_today()[0]
    assert t["options"].iloc[0] == pytest.approx(2 * today, rel=1e-12)
    assert replay.cost == 2 * cost
    # after day 359 (2008-10-02, S&P 500 at 71.2% of day 0): 450 - 600 x 0.71193 = 22.84 points, every later
    # day the same points converted at that day's FX
    level = 600.0 * 1114.28 / 1565.15
    points = min(max(450.0 - level, 0.0), 30.0)
    fx = paths.fx["USD"][0]
    after = np.flatnonzero(np.array([(d - paths.dates[0]).days for d in paths.dates]) >= 359)
    np.testing.assert_allclose(t["options"].to_numpy()[after], 2 * points * 100.0 * fx[after], rtol=1e-5)
    # the unhedged NAV is the engine's, untouched
    np.testing.assert_array_equal(t["nav"].to_numpy(), simulate(config.account, config.market, paths).nav[0])
    np.testing.assert_allclose(t["nav_hedged"], t["nav"] + t["options"] - 2 * cost, rtol=1e-15)


def test_no_options_is_the_unhedged_run(gfc):
    config, paths = gfc
    replay = replay_options(config.account, config.market, paths, [])
    assert replay.cost == 0.0 and (replay.table["options"] == 0.0).all()
    s = replay.summary()
    assert s["end_pnl"] == s["end_pnl_hedged"] and s["max_drawdown"] == s["max_drawdown_hedged"] < -0.15


def test_a_long_put_lowers_the_replayed_drawdown(gfc):
    config, paths = gfc
    put = Option("XSP", "put", 540.0, "2028-12-15")  # alive through the 517 days
    replay = replay_options(config.account, config.market, paths, [(put, 1.0, 100_000.0)])
    s = replay.summary()
    assert s["max_drawdown_hedged"] > s["max_drawdown"] + 0.05


def test_the_claim_is_the_one_period_answer_on_the_episode(gfc):
    """hedged_pnl on the GFC row is what the optimizer reported for it (the binding scenario on the seed)."""
    from hedgeopt.optimizer import hedging
    from hedgeopt.paths.replay import hedged_pnl
    from scenarios import historical_episodes

    config, _ = gfc
    r = hedging.hedge(config, cap=0.20)
    row = r.binding_scenarios.set_index("label").loc["2007-10 GFC bear"]
    options = [(p.instrument, p.quantity, p.cost_per_contract) for p in r.positions]
    claim = hedged_pnl(config.account, config.market, historical_episodes("2007-10 GFC bear"), options)[0]
    assert claim == pytest.approx(row["pnl"], rel=1e-9)


def test_the_replay_flags_a_drawdown_beyond_the_cap(gfc):
    """Unhedged from the 2007-10-09 peak to the 2009-03-09 trough the seed ends at its worst, -23.2%: beyond 20%.

    (The dated dividends, about 3% a year as the index fell, pay down the margin loan: -23.5% at the market's
    constant 1.3%.)
    """
    config, paths = gfc
    replay = replay_options(config.account, config.market, paths, [])
    s = replay.summary(config.risk.cap)
    assert s["max_drawdown"] == s["end_drawdown"] == pytest.approx(-0.2318, abs=5e-4)  # measured
    assert s["beyond_cap"] == s["ends_beyond_cap"] == s["beyond_cap_hedged"] == 1.0
    s = replay.summary(0.25)
    assert s["beyond_cap"] == s["ends_beyond_cap"] == 0.0
    assert "beyond_cap" not in replay.summary()
    with pytest.raises(ValueError, match="cap=20"):
        replay.summary(20)

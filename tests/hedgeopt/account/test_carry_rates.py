"""Carry and floating funding follow the scenario's rates over its window (issue 12), by hand and against the
path engine on the same history."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, Cash, MarginPosition
from hedgeopt.account.pnl import account_pnl
from hedgeopt.config.config import load_config
from hedgeopt.paths.backtest import history_paths
from hedgeopt.paths.engine import simulate
from pricing import default_market
from pricing.market import with_inputs
from scenarios import ScenarioSet, historical_episodes

SEED = Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml"


def seed_account() -> Account:
    return Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
                   satellite=(MarginPosition("SPX", 3_000_000, 0.06, value_currency="JPY"),))


def test_a_falling_rate_path_by_hand():
    """365 days, index and yen flat, the USD short rate 2 points lower on average over the window."""
    s = ScenarioSet.from_records([{"label": "rates fall", "horizon_days": 365, "rate.USD": -0.04,
                                   "rate_avg.USD": -0.02}])
    row = account_pnl(seed_account(), default_market(), s).iloc[0]
    # MMF 7,000,000 JPY x (4% - 2%) x 1 year = 140,000; dividends 3,000,000 x 1.3% = 39,000 -> carry 179,000
    assert row["carry"] == pytest.approx(140_000.0 + 39_000.0, abs=1e-6)
    # the margin loan floats too: 3,000,000 x (6% - 2%) = 120,000
    assert row["funding"] == pytest.approx(-120_000.0, abs=1e-6)
    # without the path only the end change is known: a straight line, half of -4 points -> the same -2 points
    straight = ScenarioSet.from_records([{"label": "line", "horizon_days": 365, "rate.USD": -0.04}])
    assert account_pnl(seed_account(), default_market(), straight).iloc[0]["carry"] == pytest.approx(179_000.0)


def test_gfc_row_by_hand():
    """The 517-day 2007-09 bear: every ledger line of the seed by hand (see hedgeopt.account.pnl)."""
    s = historical_episodes("2007-10 GFC bear")
    e, f, dr = s.equity("SPX")[0], s.fx("USD")[0], s.rate_average("USD")[0]
    tau, x = 517 / 365, 150.0
    units, etf, loan = 7_000_000 / x, 3_000_000 / x, 3_000_000 / x  # USD
    mmf = (units * (0.04 + dr) * tau, 0.0, 0.0)  # carry, index, funding in USD
    stock = (etf * 0.013 * tau, etf * e, 0.0)
    debt = (0.0, 0.0, -loan * (0.06 + dr) * tau)
    total = sum(x * sum(line) + x * f * (value + sum(line))
                for value, line in ((units, mmf), (etf, stock), (-loan, debt)))
    row = account_pnl(seed_account(), default_market(), s).iloc[0]
    assert row["pnl"] == pytest.approx(total, rel=1e-12)
    assert row["pnl_pct"] == pytest.approx(-0.2458, abs=1e-4)  # the unhedged worst case every command reports


@pytest.mark.parametrize(("name", "tolerance"), [("2008-09 Lehman", 0.0005), ("2007-10 GFC bear", 0.0025)])
def test_stress_and_backtest_agree_on_the_same_history(name, tolerance):
    """The stress row of an episode and the path engine over the same dates, FX held flat on both sides.

    Today's USD rate is set to the path's rate on the first day, so the MMF's and the loan's spreads over it are
    the same on both sides. What is left: daily compounding in the engine against simple interest in the stress
    row, and dividends on the falling daily value against today's value (3,000,000 x 1.3% a year) — stated
    tolerance 0.05% of NAV over 69 days, 0.25% over 517.
    """
    s = historical_episodes(name)
    table = s.table.copy()
    table["fx.USD"] = 0.0
    s = ScenarioSet(table)
    config = load_config(SEED)
    start, end = _dates(name)
    paths = history_paths(config, start, end, fx="constant")
    q = config.market.dividend_yield("SPX")  # the stress row's yield on both sides (the paths carry their own)
    paths = dataclasses.replace(paths, dividends={"SPX": np.full_like(paths.equity["SPX"], q)})
    start_rate = float(paths.rates["USD"][0, 0])
    market = with_inputs(config.market, "SPX", rate=start_rate)
    stress = account_pnl(config.account, market, s).iloc[0]["pnl"]
    run = simulate(config.account, market, paths)
    replay = float(run.nav[0, -1] - run.nav[0, 0])
    assert (paths.dates[-1] - paths.dates[0]).days == int(s.horizon_days[0])
    assert abs(stress - replay) / 10_000_000 < tolerance, (stress, replay)
    assert np.sign(stress) == np.sign(replay)


def _dates(name: str) -> tuple[str, str]:
    from scenarios import episode

    ep = episode(name)
    return ep.start, ep.end

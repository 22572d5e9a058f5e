"""Expiring options settle per contract, and the paths' own dividend series is paid.

A constructed month: the S&P 500 flat at 6,000 until the January 2027 expiry (Friday 2027-01-15), which opens at
5,000 and closes at 5,500. A 95% put (strike 5,700) held to expiry settles on the opening quotation for SPX
(Cboe's SOQ: 700 points) and at the close for XSP (PM-settled since 2013: 20 points of a 1/10 index).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, Cash, EtfPosition
from hedgeopt.config.config import load_config
from hedgeopt.config.path_settings import Frictions, StandingHedge
from hedgeopt.paths.engine import Simulator
from hedgeopt.paths.loop import simulate_loop
from pricing import contract
from scenarios.paths.market_paths import MarketPaths

CONFIG = load_config(Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml")
MARKET = CONFIG.market
EXPIRY = dt.date(2027, 1, 15)
DATES = pd.bdate_range("2026-12-14", "2027-01-20")
DAY = int(np.flatnonzero(DATES == pd.Timestamp(EXPIRY))[0])


def month(opens: bool = True, dividends: float | None = None) -> MarketPaths:
    close = np.full(len(DATES), 6000.0)
    close[DAY:] = 5500.0
    open_ = close.copy()
    open_[DAY] = 5000.0
    return MarketPaths(DATES, {"SPX": close}, fx={"USD": np.full(len(DATES), 150.0)},
                       vol={"SPX": np.full(len(DATES), 0.2)}, opens={"SPX": open_} if opens else {},
                       dividends={"SPX": np.full(len(DATES), dividends)} if dividends is not None else {})


def settled(symbol: str, paths: MarketPaths) -> tuple[float, float]:
    """(cash the expiring put paid, contracts held), read off the engine's state around the expiry day."""
    hedge = StandingHedge(symbol=symbol, moneyness=0.95, tenor_days=30, roll_days=0, integer=False)
    sim = Simulator(CONFIG.account, MARKET, paths, None, hedge, Frictions())
    seen = {}

    def watch(t: int) -> None:
        seen[t] = (float(sim.state.cash[0, 0] + sim.state.hedge_spend[0, 0]), float(sim.state.opt_contracts[0, 0]))

    sim.run(progress=watch)
    return seen[DAY][0] - seen[DAY - 1][0], seen[DAY - 1][1]


@pytest.mark.parametrize(("symbol", "points"), [("SPX", 700.0), ("XSP", 20.0)])
def test_the_put_settles_on_the_open_or_the_close(symbol: str, points: float):
    cash, contracts = settled(symbol, month())
    assert contracts > 0
    assert cash == pytest.approx(points * contract(symbol).multiplier * contracts * 150.0, rel=1e-12)


def test_without_opens_an_open_settled_put_takes_the_previous_close():
    cash, _ = settled("SPX", month(opens=False))
    assert cash == pytest.approx(0.0, abs=1e-9)  # 5,700 strike against the previous close of 6,000


def test_the_loop_twin_settles_alike():
    hedge = StandingHedge(symbol="SPX", moneyness=0.95, tenor_days=30, roll_days=0)
    paths = month()
    fast = Simulator(CONFIG.account, MARKET, paths, None, hedge, Frictions()).run()
    slow = simulate_loop(CONFIG.account, MARKET, paths, None, hedge, Frictions())
    np.testing.assert_allclose(fast.nav[0], slow[0].nav, rtol=1e-9)


def test_the_paths_dividend_series_is_paid_into_cash():
    """An ETF of 3,000,000 JPY: a day's dividend is value x yield x dt, at the paths' yield, not the market's."""
    account = Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
                      satellite=(EtfPosition("SPX", 3_000_000, value_currency="JPY"),))
    cash = {}
    for q in (None, 0.05):
        run = Simulator(account, MARKET, month(dividends=q), None, None, Frictions(etf_cost=0.0)).run()
        cash[q] = np.diff(run.cash[0, :3])
    dt1 = (DATES[1] - DATES[0]).days / 365.0
    assert cash[0.05][0] == pytest.approx(3_000_000 * 0.05 * dt1, rel=1e-9)
    assert cash[None][0] == pytest.approx(3_000_000 * MARKET.dividend_yield("SPX") * dt1, rel=1e-9)


def test_an_accumulating_fund_reinvests_its_dividends():
    """The same ETF, accumulating: cash does not move, the position grows by the day's dividend at the close."""
    account = Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
                      satellite=(EtfPosition("SPX", 3_000_000, value_currency="JPY", accumulating=True),))
    paths = month(dividends=0.05)
    run = Simulator(account, MARKET, paths, None, None, Frictions(etf_cost=0.0)).run()
    dt1 = (DATES[1] - DATES[0]).days / 365.0
    assert run.cash[0, 1] == run.cash[0, 0] == 3_000_000
    assert run.exposure[0, 1] == pytest.approx(3_000_000 * (1 + 0.05 * dt1), rel=1e-12)
    slow = simulate_loop(account, MARKET, paths, None, StandingHedge(symbol="SPX"), Frictions(etf_cost=0.0))
    fast = Simulator(account, MARKET, paths, None, StandingHedge(symbol="SPX"), Frictions(etf_cost=0.0)).run()
    np.testing.assert_allclose(fast.nav[0], slow[0].nav, rtol=1e-9)
    np.testing.assert_allclose(fast.exposure[0], slow[0].exposure, rtol=1e-9)


def test_accumulating_is_a_toml_boolean():
    from pricing import InputError

    with pytest.raises(InputError) as err:
        EtfPosition("SPX", 1.0, accumulating="yes")
    assert err.value.field == "SPX.accumulating"

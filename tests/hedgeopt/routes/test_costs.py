"""The seed's 3,000,000 JPY of S&P 500 through each linear route, a year's cost by hand, today and under regimes.

The embedded market: SPX 6,000, USDJPY 150, USD 3-month rate 4.00%, SPX dividend yield 1.30%. One MES is
5 x 6,000 USD = 30,000 USD = 4,500,000 JPY.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from hedgeopt.config.config import config_from_dict, load_config
from hedgeopt.routes.build import RouteName, core_account, linear_route
from hedgeopt.routes.costs import route_cost

SEED = Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml"
USD = ("USD",)


@pytest.fixture(scope="module")
def seed():
    return load_config(SEED)


def costs(config, route, exposure=3_000_000.0, regime=None):
    built = linear_route(config, route, "SPX", exposure)
    chosen = None if regime is None else config.routes.chosen(regime)
    return built, route_cost(built, core_account(config, "SPX"), config, chosen, USD)


def test_market_facts_the_hand_figures_use(seed):
    m = seed.market
    assert (m.spot("SPX"), m.fx_rate("USD"), m.dividend_yield("SPX")) == (6000.0, 150.0, 0.013)
    assert float(m.curve("USD").zero_rate(0.25)) == pytest.approx(0.04, abs=1e-12)


def test_margin_route_a_year(seed):
    built, c = costs(seed, RouteName.MARGIN)
    # the seed's own loan: 3,000,000 x 6% = 180,000; dividends 3,000,000 x 1.3% = 39,000
    assert (c.funding, c.dividends, c.trading, c.decay) == pytest.approx((180_000, 39_000, 0, 0))
    assert c.cost_year == pytest.approx(141_000)
    assert built.opening == pytest.approx(0.0005 * 3_000_000)  # [paths] etf_cost; the loan converts no yen


def test_futures_route_a_year(seed):
    built, c = costs(seed, RouteName.FUTURES)
    assert built.contracts == 1 and built.exposure == pytest.approx(4_500_000)  # one contract: 1.5x the ask
    # financing in the price: 4,500,000 x 4% = 180,000; dividends in the basis 4,500,000 x 1.3% = 58,500;
    # four rolls of two sides at 1.00 USD + half a 0.25-point tick (0.625 USD): 8 x 1.625 x 150 = 1,950
    assert (c.funding, c.dividends, c.trading) == pytest.approx((180_000, 58_500, 1_950))
    assert c.cost_year == pytest.approx(123_450)
    # opening: one side (243.75) + converting the 8% initial margin (360,000 JPY) at 0.1%: 360
    assert built.opening == pytest.approx(243.75 + 360.0) and built.fx_conversion == pytest.approx(360.0)


def test_cash_route_a_year(seed):
    built, c = costs(seed, RouteName.CASH)
    # paid from the 3,000,000 yen cash, which earns nothing: no yield given up; the ETF's dividends come in
    assert (c.funding, c.dividends) == pytest.approx((0.0, 39_000))
    assert built.opening == pytest.approx(0.0005 * 3e6 + 0.001 * 3e6)  # trade + converting the yen
    # 5,000,000: 3,000,000 from cash, 2,000,000 from the MMF, whose 4% is given up: 80,000
    built, c = costs(seed, RouteName.CASH, 5_000_000.0)
    assert c.funding == pytest.approx(80_000) and c.dividends == pytest.approx(65_000)
    assert built.fx_conversion == pytest.approx(0.001 * 3e6)  # only the yen converts


@pytest.mark.parametrize(("regime", "margin", "futures", "cash_5m"), [
    ("rising", 3e6 * 0.07, 4.5e6 * 0.05, 2e6 * 0.05),    # a +2-point ramp: +1 point on average over the year
    ("falling", 3e6 * 0.05, 4.5e6 * 0.03, 2e6 * 0.03),
])
def test_regimes_move_every_floating_rate(seed, regime, margin, futures, cash_5m):
    assert costs(seed, RouteName.MARGIN, regime=regime)[1].funding == pytest.approx(margin)
    assert costs(seed, RouteName.FUTURES, regime=regime)[1].funding == pytest.approx(futures)
    assert costs(seed, RouteName.CASH, 5_000_000.0, regime=regime)[1].funding == pytest.approx(cash_5m)
    assert costs(seed, RouteName.CASH, regime=regime)[1].funding == pytest.approx(0.0)  # cash earns nothing


def test_ranking_flips_where_the_arithmetic_says(seed):
    # A yen margin loan at a fixed 3.5% (the regime moves USD, not yen) against USD futures at the short rate,
    # on one MES's 4,500,000 JPY. Margin: 4.5m x 3.5% - 58,500 = 99,000 in every regime. Futures: 4.5m x (4% + d)
    # - 58,500 + 1,950: 123,450 today, 168,450 rising (+1 point), 78,450 falling (-1 point). Margin is cheaper
    # today and when rates rise; futures when they fall (the break-even: an average fall of 0.54 points).
    data = tomllib.loads(SEED.read_text())
    data["account"]["satellite"][0].update(loan_rate=0.035, loan_currency="JPY")
    config = config_from_dict(data)
    for regime, futures in ((None, 123_450), ("rising", 168_450), ("falling", 78_450)):
        margin_cost = costs(config, RouteName.MARGIN, 4_500_000.0, regime)[1].cost_year
        futures_cost = costs(config, RouteName.FUTURES, 4_500_000.0, regime)[1].cost_year
        assert margin_cost == pytest.approx(99_000) and futures_cost == pytest.approx(futures)
        assert (futures_cost < margin_cost) == (regime == "falling")

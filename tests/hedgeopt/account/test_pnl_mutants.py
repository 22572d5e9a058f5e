"""Account P&L: the numbers the mutation run found unchecked (``make mutation``): a floating amount below one unit,
the uncredited column's type, the yen hedges' P&L on a subset of rows."""

from __future__ import annotations

import numpy as np
import pytest

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, Cash, EtfPosition, FxHedgePosition, MarginPosition
from hedgeopt.account.pnl import account_pnl, fx_hedge_pnl, margin_calls
from pricing import default_market
from pricing.fx.instruments import FxHedge
from scenarios import ScenarioSet

M = default_market()  # USDJPY 150, USD 4%, JPY 0.5%


def test_half_a_dollar_of_mmf_earns_the_moved_rate_as_carry_not_funding() -> None:
    # 0.50 USD of MMF for a year with the dollar rate 1 point higher on average: 0.50 x (4% + 1%) = 0.025 USD,
    # 3.75 JPY at 150; nothing is funding. (A floating amount below one unit is still an amount.)
    year = ScenarioSet.from_records([{"label": "y", "horizon_days": 365, "rate_avg.USD": 0.01}])
    row = account_pnl(Account(mmf=(MMF(0.5),)), M, year).iloc[0]
    assert row["carry"] == pytest.approx(0.5 * 0.05 * 150.0, rel=1e-12)
    assert row["funding"] == 0.0


def test_without_options_nothing_is_uncredited_and_the_column_is_boolean() -> None:
    table = account_pnl(Account(cash=(Cash(1_000_000),)), M, ScenarioSet.from_records(
        [{"label": "a", "horizon_days": 30}, {"label": "b", "horizon_days": 60}]))
    assert table["uncredited"].dtype == bool and not table["uncredited"].any()


def test_yen_hedges_pnl_on_a_subset_of_rows_is_those_rows_of_the_whole() -> None:
    # 1,000 USD sold at 150 (OTC_FX) x 3 lots: the yen up 10% on row 1 pays 3 x 1,000 x 15 = 45,000 JPY.
    account = Account(cash=(Cash(1_000_000),), fx_hedges=(FxHedgePosition(FxHedge("OTC_FX"), 3),))
    scenarios = ScenarioSet.from_records([{"label": "flat", "horizon_days": 0},
                                          {"label": "yen up", "horizon_days": 0, "fx.USD": -0.10},
                                          {"label": "yen down", "horizon_days": 0, "fx.USD": 0.10}])
    whole = fx_hedge_pnl(account, M, scenarios, np.arange(3))
    np.testing.assert_allclose(whole, [0.0, 45_000.0, -45_000.0], rtol=1e-12, atol=1e-9)
    np.testing.assert_array_equal(fx_hedge_pnl(account, M, scenarios, np.array([2, 1])), whole[[2, 1]])
    np.testing.assert_array_equal(account_pnl(account, M, scenarios, np.array([2, 1]))["fx"],
                                  account_pnl(account, M, scenarios)["fx"].to_numpy()[[2, 1]])


def _margin(**terms: float) -> MarginPosition:
    """3,000,000 JPY of SPX (20,000 USD at 150) on a yen loan of 75% of it: 2,250,000 JPY, maintenance 25%."""
    return MarginPosition("SPX", 3_000_000, 0.02, value_currency="JPY", loan_currency="JPY", loan_fraction=0.75,
                          **terms)


FLAT = {"label": "flat", "horizon_days": 0}
YEN_DOUBLES = {"label": "yen doubles", "horizon_days": 0, "fx.USD": -0.5}


def test_equity_exactly_at_the_maintenance_ratio_is_no_margin_call() -> None:
    # Collateral 0: equity 3,000,000 - 2,250,000 = 750,000 = 25% x 3,000,000 exactly: not below, no call.
    account = Account(satellite=(_margin(collateral=0.0),))
    assert not margin_calls(account, M, ScenarioSet.from_records([FLAT]), np.array([0]))[0]


def test_every_margin_position_is_checked_past_other_holdings_and_one_call_is_enough() -> None:
    # An ETF first, then a loan at 90% with no collateral (equity 10% < 25%: a call), then a well collateralised one.
    calling = MarginPosition("SPX", 3_000_000, 0.02, value_currency="JPY", loan_fraction=0.9, collateral=0.0)
    account = Account(satellite=(EtfPosition("SPX", 1_000_000, "JPY"), calling, _margin(collateral=10_000_000.0)))
    assert margin_calls(account, M, ScenarioSet.from_records([FLAT]), np.array([0]))[0]


def test_default_collateral_and_the_position_move_with_the_yen_the_yen_loan_does_not() -> None:
    # Collateral: 100,000 JPY of cash. Flat: 100,000 + 3,000,000 - 2,250,000 = 850,000 >= 750,000: no call.
    # Yen doubles: the SPX position is worth 1,500,000 JPY: 100,000 + 1,500,000 - 2,250,000 < 375,000: a call.
    account = Account(cash=(Cash(100_000),), satellite=(_margin(),))
    scenarios = ScenarioSet.from_records([FLAT, YEN_DOUBLES])
    assert margin_calls(account, M, scenarios, np.arange(2)).tolist() == [False, True]


def test_yen_hedges_settled_into_cash_count_as_collateral() -> None:
    # 20 lots of 1,000 USD sold at 150 gain 20 x 1,000 x 75 = 1,500,000 JPY when the yen doubles:
    # 100,000 + 1,500,000 + 1,500,000 - 2,250,000 = 850,000 >= 375,000: no call (a call without them, above).
    account = Account(cash=(Cash(100_000),), satellite=(_margin(),),
                      fx_hedges=(FxHedgePosition(FxHedge("OTC_FX"), 20),))
    assert not margin_calls(account, M, ScenarioSet.from_records([YEN_DOUBLES]), np.array([0]))[0]

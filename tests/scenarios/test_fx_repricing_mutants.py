"""Yen hedges: the numbers the mutation run found unchecked (``make mutation``): notional, entry costs and carry by
hand, subsets of rows and columns, a forward maturing on the horizon day, and rolling lots at a negative or zero
rate gap."""

from __future__ import annotations

import math

import numpy as np
import pytest

from pricing import default_market
from pricing.errors import InputError
from pricing.fx.instruments import FxHedge
from pricing.market import with_inputs
from scenarios import ScenarioSet
from scenarios.fx_repricing import FxRepricer

M = default_market()  # USDJPY 150, USD 4%, JPY 0.5%: a 3.5% gap
HEDGES = [FxHedge("OTC_FX"), FxHedge("CLICK365"), FxHedge("USDJPY_FWD", "2027-05-25"), FxHedge("6J", "2027-03-15")]


def _flat(days: int, **factors: float) -> ScenarioSet:
    return ScenarioSet.from_records([{"label": "s", "horizon_days": days, **factors}])


def test_notional_entry_costs_and_carry_by_hand() -> None:
    repricer = FxRepricer(HEDGES[:3], M)
    # 1,000 / 10,000 / 1,000 dollars at 150 yen
    np.testing.assert_array_equal(repricer.notional_base(), [150_000.0, 1_500_000.0, 150_000.0])
    spread, fees = repricer.entry_costs()  # lot x half-spread in yen: 1,000 x 0.001, 10,000 x 0.005, 1,000 x 1
    np.testing.assert_allclose(spread, [1.0, 50.0, 1_000.0], rtol=1e-12)
    np.testing.assert_array_equal(fees, [0.0, 0.0, 0.0])
    points = 1.0 - math.exp(-0.035 * 30 / 365)  # a month's forward points, 0.287%
    expected = [150_000 * points * 1.15, 1_500_000 * points, 150_000 * points]  # the broker's 15% markup on OTC
    np.testing.assert_allclose(repricer.carry(30), expected, rtol=1e-12)


def test_a_futures_commission_in_dollars_is_converted_to_yen() -> None:
    spread, fees = FxRepricer([HEDGES[3]], M).entry_costs()
    assert fees[0] == pytest.approx(2.47 * 150.0, rel=1e-12)  # 6J: 2.47 USD a side
    assert spread[0] == pytest.approx(12_500_000 * 5e-7 * 150.0, rel=1e-12)  # half a tick, quoted in dollars


def test_subsets_of_rows_and_columns_agree_with_the_full_table() -> None:
    scenarios = ScenarioSet.from_records([
        {"label": f"s{i}", "horizon_days": 30 * i, "fx.USD": 0.05 * (i - 2), "rate_avg.USD": -0.01 * i}
        for i in range(5)])
    repricer = FxRepricer(HEDGES, M)
    rows, columns = np.array([3, 0, 4]), np.array([2, 0])
    full = repricer.value(scenarios)
    np.testing.assert_allclose(repricer.quantlib_value(scenarios, rows, columns), full[np.ix_(rows, columns)],
                               rtol=1e-10, atol=1e-6)
    uncredited = repricer.uncredited(scenarios, rows, columns)
    assert uncredited.shape == (3, 2) and uncredited.dtype == bool and not uncredited.any()


def test_a_forward_maturing_on_the_horizon_day_is_marked_not_rolled() -> None:
    # 181 days to 25 May 2027: on the horizon day the forward settles at f0 - S_h on its 1,000 dollars, whatever
    # the average rates did over the window (a rolled value would use them).
    hedge = FxHedge("USDJPY_FWD", "2027-05-25")
    days = (hedge.maturity - M.valuation_date).days
    f0 = 150.0 * math.exp(-0.035 * days / 365)
    s = _flat(days, **{"fx.USD": -0.10, "rate_avg.USD": -0.02})
    expected = 1_000 * (f0 - 135.0)
    repricer = FxRepricer([hedge], M)
    assert float(repricer.value(s)[0, 0]) == pytest.approx(expected, rel=1e-12)
    assert float(repricer.quantlib_value(s)[0, 0]) == pytest.approx(expected, rel=1e-10)


def test_a_rolling_lot_with_a_negative_gap_receives_the_points_less_the_markup() -> None:
    # Dollar rates 4.5 points lower on average: USD at -0.5%, 1% below JPY's 0.5%. The seller of dollars now
    # receives 1% a year on 150,000 yen, less the broker's 15% markup, for 30 days: 104.79 yen.
    s = _flat(30, **{"rate_avg.USD": -0.045})
    expected = 150_000 * 0.01 * 0.85 * 30 / 365
    repricer = FxRepricer([FxHedge("OTC_FX")], M)
    assert float(repricer.value(s)[0, 0]) == pytest.approx(expected, rel=1e-9)
    assert float(repricer.quantlib_value(s)[0, 0]) == pytest.approx(expected, rel=1e-9)


def test_a_rolling_lot_with_no_gap_neither_pays_nor_receives() -> None:
    market = with_inputs(M, "SPX", rate=0.005)  # USD at JPY's 0.5%: the gap is exactly 0
    repricer = FxRepricer([FxHedge("OTC_FX")], market)
    s = _flat(30)
    assert float(repricer.value(s)[0, 0]) == 0.0
    assert float(repricer.quantlib_value(s)[0, 0]) == 0.0


def test_both_curve_shifts_move_a_forward_by_hand() -> None:
    # Yen rates +1% (to 1.5%), dollar rates -1% (to 3%), the yen 11% stronger, 30 days on: the 25 May 2027 forward
    # is worth its 1,000 dollars x (F0 - F_h), discounted at the shifted yen rate.
    hedge = FxHedge("USDJPY_FWD", "2027-05-25")
    days = (hedge.maturity - M.valuation_date).days
    f0 = 150.0 * math.exp(-0.035 * days / 365)
    tau = (days - 30) / 365
    f_h = 135.0 * math.exp((0.015 - 0.03) * tau)
    s = _flat(30, **{"fx.USD": -0.10, "rate.USD": -0.01, "rate.JPY": 0.01})
    assert float(FxRepricer([hedge], M).value(s)[0, 0]) == pytest.approx(1_000 * (f0 - f_h) * math.exp(-0.015 * tau),
                                                                          rel=1e-12)


def test_a_lot_is_worth_nothing_today_and_bad_lots_are_refused_by_name() -> None:
    np.testing.assert_array_equal(FxRepricer(HEDGES, M).value_today(), [0.0, 0.0, 0.0, 0.0])
    with pytest.raises(InputError) as caught:
        FxRepricer([FxHedge("USDJPY_FWD", M.valuation_date.isoformat())], M)  # matures today
    error = caught.value
    assert (error.field, error.value) == ("maturity of USDJPY_FWD 2026-11-25 forward (sell USD)", "2026-11-25")
    assert error.expected == f"a date after the valuation date {M.valuation_date}"


def test_a_one_day_forward_held_three_days_is_rolled_twice() -> None:
    # Matures tomorrow, held 3 days: rolled on days 1 and 2, each roll two half-spreads of 1 yen on 1,000 dollars;
    # carried: 1,000 x (150 e^(-3.5% x 3/365) - 150) at an unchanged spot.
    hedge = FxHedge("USDJPY_FWD", "2026-11-26")
    value = float(FxRepricer([hedge], M).value(_flat(3))[0, 0])
    assert value == pytest.approx(1_000 * (150.0 * math.exp(-0.035 * 3 / 365) - 150.0) - 2 * 2_000.0, rel=1e-12)


def test_the_fast_values_on_a_subset_are_those_of_the_whole_and_every_row_is_credited() -> None:
    scenarios = ScenarioSet.from_records([{"label": f"s{i}", "horizon_days": 40 * i, "fx.USD": 0.04 * (i - 2)}
                                          for i in range(5)])
    repricer = FxRepricer(HEDGES, M)
    rows, columns = np.array([4, 1]), np.array([3, 0, 2])
    np.testing.assert_array_equal(repricer.value(scenarios, rows, columns),
                                  repricer.value(scenarios)[np.ix_(rows, columns)])
    assert repricer.uncredited(scenarios).shape == (5, 4)

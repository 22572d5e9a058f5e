"""Linear yen hedges under scenarios: by hand, against the QuantLib-curve twin, and rolled over long windows."""

from __future__ import annotations

import math

import numpy as np
import pytest

from pricing import default_market
from pricing.fx.instruments import FxHedge
from scenarios import ScenarioSet
from scenarios.fx_repricing import FxRepricer

M = default_market()
HEDGES = [FxHedge("USDJPY_FWD", "2026-12-28"), FxHedge("USDJPY_FWD", "2027-05-25"), FxHedge("6J", "2027-03-15"),
          FxHedge("MJY", "2026-12-14"), FxHedge("CLICK365"), FxHedge("OTC_FX")]


def _random_set(n: int, seed: int) -> ScenarioSet:
    rng = np.random.default_rng(seed)
    return ScenarioSet.from_records([{
        "label": f"s{i}", "horizon_days": int(rng.integers(0, 600)), "fx.USD": rng.uniform(-0.3, 0.3),
        "rate.USD": rng.uniform(-0.04, 0.02), "rate.JPY": rng.uniform(-0.005, 0.01),
        "rate_avg.USD": rng.uniform(-0.02, 0.01), "rate_avg.JPY": rng.uniform(-0.003, 0.005)} for i in range(n)])


def test_fast_values_equal_the_quantlib_curve_twin() -> None:
    scenarios = _random_set(60, 14)
    repricer = FxRepricer(HEDGES, M)
    np.testing.assert_allclose(repricer.value(scenarios), repricer.quantlib_value(scenarios), rtol=1e-10, atol=1e-6)


def test_retail_fx_lot_by_hand() -> None:
    # 1,000 USD sold at 150; a month later the yen is unchanged: the seller paid 30 days of the 3.5% gap plus the
    # broker's 15% markup on it, on 150,000 JPY
    flat = ScenarioSet.from_records([{"label": "30 days", "horizon_days": 30}])
    value = float(FxRepricer([FxHedge("OTC_FX")], M).value(flat)[0, 0])
    assert value == pytest.approx(-150_000 * 0.035 * 1.15 * 30 / 365, rel=1e-12)
    # くりっく365 has one swap value for buyer and seller: no markup
    value = float(FxRepricer([FxHedge("CLICK365")], M).value(flat)[0, 0])
    assert value == pytest.approx(-1_500_000 * 0.035 * 30 / 365, rel=1e-12)


def test_forward_marked_to_market_by_hand() -> None:
    hedge = FxHedge("USDJPY_FWD", "2027-05-25")
    days = (hedge.maturity - M.valuation_date).days
    f0 = 150 * math.exp(-0.035 * days / 365)
    s = ScenarioSet.from_records([{"label": "yen up", "horizon_days": 30, "fx.USD": -0.10, "rate.USD": -0.01}])
    tau = (days - 30) / 365
    f_h = 135 * math.exp((0.005 - 0.03) * tau)
    expected = 1_000 * (f0 - f_h) * math.exp(-0.005 * tau)
    assert float(FxRepricer([hedge], M).value(s)[0, 0]) == pytest.approx(expected, rel=1e-12)


def test_rolled_forward_gives_up_about_the_rate_gap_in_a_year() -> None:
    # A one-month forward rolled for a year at unchanged spot and rates loses the forward points of the year,
    # 1 - e^{-0.035} = 3.44% of 150,000 JPY, plus two half-spreads (TTM +- 1 yen) at each of its 11 rolls.
    hedge = FxHedge("USDJPY_FWD", "2026-12-28")
    year = ScenarioSet.from_records([{"label": "a year", "horizon_days": 365}])
    value = float(FxRepricer([hedge], M).value(year)[0, 0])
    rolls = math.ceil(365 / 33) - 1
    assert value + rolls * 2 * 1_000 * 1.00 == pytest.approx(150_000 * (math.exp(-0.035) - 1.0), rel=1e-12)
    assert (value + rolls * 2_000) / 150_000 == pytest.approx(-0.0344, abs=1e-4)


def test_a_yen_rise_pays_every_route_and_a_yen_fall_costs_it() -> None:
    up_down = ScenarioSet.from_records([{"label": "yen +11%", "horizon_days": 0, "fx.USD": -0.10},
                                        {"label": "yen -9%", "horizon_days": 0, "fx.USD": 0.10}])
    values = FxRepricer(HEDGES, M).value(up_down)
    assert (values[0] > 0).all() and (values[1] < 0).all()
    per_dollar = values[0] / FxRepricer(HEDGES, M).dollars()
    np.testing.assert_allclose(per_dollar, 15.0, rtol=0.02)  # 150 -> 135 yen on every dollar sold, near enough


def test_linear_hedges_are_never_uncredited() -> None:
    assert not FxRepricer(HEDGES, M).uncredited(_random_set(5, 1)).any()

"""Covered interest parity by hand, and the carry a rolled dollar hedge gives up (about the rate gap a year)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from pricing import InputError, RateCurve, default_market
from pricing.fx.forwards import forward_points, forward_rate, hedge_carry
from pricing.market import with_inputs


def test_forward_is_covered_interest_parity_by_hand() -> None:
    # 150 yen per dollar, JPY 0.5% and USD 4.0% continuously compounded: F(1y) = 150 e^(0.005 - 0.04)
    m = default_market()
    assert float(forward_rate(m, "USDJPY", 1.0)) == pytest.approx(150.0 * math.exp(-0.035), rel=1e-14)
    assert float(forward_rate(m, "USDJPY", 0.5)) == pytest.approx(150.0 * math.exp(-0.0175), rel=1e-14)
    # the forward lies below spot when the dollar pays more: points are negative
    assert float(forward_points(m, "USDJPY", 0.25)) == pytest.approx(150.0 * (math.exp(-0.035 / 4) - 1.0))


def test_forward_reads_each_currency_curve_at_its_own_tenor() -> None:
    m = default_market()
    curves = {**m.curves, "USD": RateCurve((30, 365), (0.045, 0.035))}
    from dataclasses import replace

    sloped = replace(m, curves=curves)
    t = 0.5
    r_usd = float(curves["USD"].zero_rate(t))
    assert float(forward_rate(sloped, "USDJPY", t)) == pytest.approx(150.0 * math.exp((0.005 - r_usd) * t))


def test_no_rate_gap_no_points() -> None:
    m = with_inputs(default_market(), "SPX", rate=0.005)  # USD at the yen's 0.5%
    assert float(forward_points(m, "USDJPY", 2.0)) == pytest.approx(0.0, abs=1e-12)
    assert float(hedge_carry(m, "USDJPY", 365)) == pytest.approx(0.0, abs=1e-15)


def test_a_year_of_hedging_gives_up_about_the_rate_gap() -> None:
    # The figure: at 4% and 0.5%, hedging dollars into yen costs about 3.5% a year of the hedged amount.
    m = default_market()
    yearly = float(hedge_carry(m, "USDJPY", 365))
    assert yearly == pytest.approx(1.0 - math.exp(-0.035))
    assert 0.034 < yearly < 0.035
    # rolled monthly at unchanged rates, twelve 1-month hedges give up the same (continuous compounding)
    months = 1.0 - np.prod(1.0 - hedge_carry(m, "USDJPY", np.full(12, 365 / 12)))
    assert months == pytest.approx(yearly, rel=1e-12)


def test_a_pair_the_market_does_not_quote_is_refused() -> None:
    with pytest.raises(InputError, match="^pair='EURJPY'"):
        forward_rate(default_market(), "EURJPY", 1.0)
    with pytest.raises(InputError, match="^t=-0.1"):
        forward_rate(default_market(), "USDJPY", -0.1)

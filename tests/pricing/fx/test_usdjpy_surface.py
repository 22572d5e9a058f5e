"""The embedded USD/JPY surface holds the figures its docstring cites."""

from __future__ import annotations

import pytest

from pricing.market import USDJPY_SURFACE, default_market
from pricing.smile_metrics import moneyness_at_delta

T = 30 / 365


def _wing(delta: float) -> float:
    carry = default_market().carry("USDJPY")
    return float(USDJPY_SURFACE.vol(moneyness_at_delta(USDJPY_SURFACE, carry, T, delta), T))


def test_atm_is_ten_percent() -> None:
    assert float(USDJPY_SURFACE.atm_forward(T)) == pytest.approx(0.10, abs=1e-9)
    assert float(USDJPY_SURFACE.atm_forward(1.0)) == pytest.approx(0.10, abs=1e-9)


def test_dollar_puts_over_dollar_calls_by_one_point() -> None:
    # 25-delta risk reversal in dollar-call terms: -1.0 vol point (yen calls bid, as the Fisco/Reuters prints say)
    assert _wing(0.25) - _wing(-0.25) == pytest.approx(-0.010, abs=2e-4)


def test_butterfly_is_the_stated_assumption() -> None:
    atm = float(USDJPY_SURFACE.atm_forward(T))
    assert 0.5 * (_wing(0.25) + _wing(-0.25)) - atm == pytest.approx(0.003, abs=2e-4)


def test_the_surface_is_centred_on_the_usdjpy_forward() -> None:
    assert USDJPY_SURFACE.carry == pytest.approx(default_market().carry("USDJPY"))
    assert default_market().carry("USDJPY") == pytest.approx(0.005 - 0.04)

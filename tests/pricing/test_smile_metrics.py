"""Tests of pricing.smile_metrics: model-free moments, the VIX-style vol, the Cboe SKEW and strikes by delta."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.special import ndtri

from pricing.errors import InputError
from pricing.market import PARAMETRIC_SURFACES, SPX_SURFACE
from pricing.smile_metrics import (
    SKEW_TENOR,
    cboe_skew,
    log_return_moments,
    model_free_vol,
    moneyness_at_delta,
    otm_forward_price,
)
from pricing.vol_surface import ParametricVolSurface

FLAT = ParametricVolSurface(0.25, 0.25, 1.0, skew=0.0)
CARRY = 0.027


def test_lognormal_moments_hand_values():
    # Flat 25% vol: R = ln(S_T/F) ~ N(-s^2/2, s^2) with s^2 = 0.0625 * 30/365 = 0.0051369863.
    # E[R] = -0.0025684932; E[R^2] = s^2 + s^4/4 = 0.0051369863 + 0.0000065969 = 0.0051435832;
    # E[R^3] = mu^3 + 3 mu s^2 = -1.694e-8 - 3.958e-5 = -0.0000395997. Skewness 0: SKEW 100.
    s2 = 0.0625 * 30 / 365
    got = log_return_moments(FLAT, CARRY)
    assert got.p1 == pytest.approx(-s2 / 2, abs=1e-10)
    assert got.p2 == pytest.approx(s2 + s2**2 / 4, abs=1e-10)
    assert got.p3 == pytest.approx((-s2 / 2) ** 3 + 3 * (-s2 / 2) * s2, abs=1e-10)
    assert cboe_skew(FLAT, CARRY) == pytest.approx(100.0, abs=1e-5)
    assert model_free_vol(FLAT, CARRY) == pytest.approx(0.25, abs=1e-8)
    assert model_free_vol(FLAT, CARRY, 2.0) == pytest.approx(0.25, abs=1e-8)


def test_moments_match_adaptive_quadrature_on_the_spx_surface():
    # The slow twin: scipy's adaptive quad on each side of the forward, to tolerance 1e-12.
    t = SKEW_TENOR

    def side(weight, lo, hi):
        def f(k):
            return float(otm_forward_price(SPX_SURFACE, CARRY, t, np.array([k]))[0]) * math.exp(-k) * weight(k)
        return quad(f, lo, hi, limit=500, epsabs=1e-13, epsrel=1e-11)[0]

    p1 = -(side(lambda k: 1.0, -12, 0) + side(lambda k: 1.0, 0, 6))
    p2 = side(lambda k: 2 * (1 - k), -12, 0) + side(lambda k: 2 * (1 - k), 0, 6)
    p3 = side(lambda k: 3 * (2 * k - k * k), -12, 0) + side(lambda k: 3 * (2 * k - k * k), 0, 6)
    got = log_return_moments(SPX_SURFACE, CARRY)
    assert got.p1 == pytest.approx(p1, rel=1e-7)
    assert got.p2 == pytest.approx(p2, rel=1e-7)
    assert got.p3 == pytest.approx(p3, rel=1e-6)


def test_skew_rises_with_the_put_skew():
    flat, skewed = ParametricVolSurface(0.2, 0.2, 1.0, skew=0.0), ParametricVolSurface(0.2, 0.2, 1.0, skew=-0.05)
    assert cboe_skew(skewed, CARRY, min_price=1e-6) > cboe_skew(flat, CARRY, min_price=1e-6) + 1.0


def test_cboe_interpolation_between_two_expiries_agrees_with_the_direct_30_day_value():
    # Cboe: S at the near and next expiries (>= 8 days) bracketing 30 days, weighted linearly in time.
    near, nxt = 23 / 365, 37 / 365
    weight = (nxt - SKEW_TENOR) / (nxt - near)
    s_near = log_return_moments(SPX_SURFACE, CARRY, near).skewness
    s_next = log_return_moments(SPX_SURFACE, CARRY, nxt).skewness
    interpolated = 100 - 10 * (weight * s_near + (1 - weight) * s_next)
    assert interpolated == pytest.approx(cboe_skew(SPX_SURFACE, CARRY), abs=0.3)


def test_truncation_at_half_a_tick_moves_the_embedded_skew_little():
    # Cboe drops strikes past two zero bids; half an SPX tick (0.05 / 2) at 6,000 is 4.2e-6 of the spot.
    full = cboe_skew(SPX_SURFACE, CARRY)
    assert cboe_skew(SPX_SURFACE, CARRY, min_price=0.025 / 6000) == pytest.approx(full, abs=0.3)


def test_old_parametric_surface_skew_needs_truncation_and_is_low():
    # Its total variance grows like k^2 (beyond Lee's bound), so the untruncated VIX integral blows up; truncated
    # at half a tick the old surface's SKEW is about 110, below the long-run average of 118.8 (Cboe, 18 Aug 2017).
    old = PARAMETRIC_SURFACES["SPX"]
    assert model_free_vol(old, CARRY) > 1.0
    assert 105.0 < cboe_skew(old, CARRY, min_price=0.025 / 6000) < 112.0


def test_moneyness_at_delta_flat_smile_hand_value():
    # Flat 25%, 30 days: sd = 0.25 * sqrt(30/365) = 0.0716728; a 25-delta put has N(d1) = 0.75,
    # d1 = ndtri(0.75) = 0.6744898; k = -d1 sd + sd^2/2 = -0.0483426 + 0.0025685 = -0.0457741;
    # K/S = exp(k + 0.027 * 30/365) = exp(-0.0435549) = 0.9573800.
    sd = 0.25 * math.sqrt(30 / 365)
    expected = math.exp(-ndtri(0.75) * sd + sd * sd / 2 + CARRY * 30 / 365)
    assert expected == pytest.approx(0.9573800, abs=1e-7)
    assert moneyness_at_delta(FLAT, CARRY, 30 / 365, -0.25) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("delta", [-0.10, -0.25, -0.5, 0.5, 0.25, 0.10])
def test_moneyness_at_delta_round_trips_on_the_skewed_surface(delta):
    t = 30 / 365
    m = moneyness_at_delta(SPX_SURFACE, CARRY, t, delta)
    sd = float(SPX_SURFACE.vol(m, t)) * math.sqrt(t)
    k = math.log(m) - CARRY * t
    forward_delta = 0.5 * math.erfc((k / sd - sd / 2) / math.sqrt(2))  # N(d1)
    assert forward_delta - (1.0 if delta < 0 else 0.0) == pytest.approx(delta, abs=1e-12)


@pytest.mark.parametrize("delta", [0.0, 1.0, -1.0, 1.5])
def test_moneyness_at_delta_refuses_a_delta_outside_the_open_ranges(delta):
    with pytest.raises(InputError, match=rf"^delta={delta}: expected a forward delta in \(-1, 0\)"):
        moneyness_at_delta(FLAT, CARRY, 0.1, delta)


def test_inputs_checked():
    with pytest.raises(InputError, match=r"^t=0.0: expected a number > 0$"):
        cboe_skew(FLAT, CARRY, 0.0)
    with pytest.raises(InputError, match=r"^carry=2.7: expected a decimal such as 0.04"):
        cboe_skew(FLAT, 2.7)
    with pytest.raises(InputError, match=r"^min_price=-1.0: expected a number >= 0$"):
        model_free_vol(FLAT, CARRY, min_price=-1.0)

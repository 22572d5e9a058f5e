"""Tests of pricing.smiles.slices: hand values, the surface built from the embedded SSVI surface, refusals, and the
derived calendar condition checked against a brute-force search for crossing smiles."""

from __future__ import annotations

import math

import numpy as np
import pytest

from pricing.errors import InputError
from pricing.market import SPX_SURFACE
from pricing.smiles.slices import SSVISlice, SSVISlices, calendar_breach
from pricing.vol_surface import MIN_T, VolSurface

TIMES = np.array([30, 91, 182, 365, 730]) / 365.0
K_WIDE = np.concatenate([-np.geomspace(1e-6, 1e6, 3001)[::-1], [0.0], np.geomspace(1e-6, 1e6, 3001)])


def spx_slice(t: float) -> SSVISlice:
    theta = float(SPX_SURFACE.theta(t))
    return SSVISlice(t, math.exp(SPX_SURFACE.carry * t), theta, SPX_SURFACE.rho, theta * float(SPX_SURFACE.phi(theta)))


SPX_SLICES = SSVISlices(tuple(spx_slice(t) for t in TIMES), label="SPX")


def test_hand_value_of_one_slice():
    # the hand value of tests/pricing/test_ssvi.py: theta = 0.01, rho = -0.5, phi = 9.950371902, so
    # psi = 0.09950371902; at k = 0.1, w = 0.0075000463
    s = SSVISlice(0.25, 1.0, 0.01, -0.5, 0.09950371902)
    assert float(s.total_variance(0.1)) == pytest.approx(0.0075000463, abs=1e-10)
    assert float(s.total_variance(0.0)) == pytest.approx(0.01, abs=1e-16)
    # the wings: w ~ psi (1 -+ rho) |k| / 2
    assert float(s.total_variance(1e6) / 1e6) == pytest.approx(0.09950371902 * 0.5 / 2, rel=1e-6)
    assert float(s.total_variance(-1e6) / 1e6) == pytest.approx(0.09950371902 * 1.5 / 2, rel=1e-6)


def test_analytic_derivatives_match_finite_differences():
    s = spx_slice(0.25)
    k, h = np.linspace(-1.5, 1.0, 501), 1e-5
    w, slope, convexity = s.derivatives(k)
    up, down = s.total_variance(k + h), s.total_variance(k - h)
    np.testing.assert_allclose(slope, (up - down) / (2 * h), rtol=1e-6, atol=1e-9)
    h = 1e-3  # a wider step for the second difference: rounding over h^2 would swamp it
    up, down = s.total_variance(k + h), s.total_variance(k - h)
    np.testing.assert_allclose(convexity, (up - 2 * w + down) / h**2, rtol=1e-4, atol=1e-8)


@pytest.mark.parametrize(("change", "match"), [
    ({"t": 0.0}, r"^t=0.0: expected a number > 0"),
    ({"forward_ratio": -1.0}, r"^forward_ratio=-1.0: expected a number > 0"),
    ({"theta": 0.0}, r"^theta=0.0: expected a number > 0"),
    ({"rho": 1.0}, r"^rho=1.0: expected a correlation strictly between -1 and 1"),
    ({"psi": -0.1}, r"^psi=-0.1: expected a number >= 0"),
])
def test_slice_refuses_values_outside_their_domain(change, match):
    args = {"t": 0.5, "forward_ratio": 1.0, "theta": 0.02, "rho": -0.5, "psi": 0.1} | change
    with pytest.raises(InputError, match=match):
        SSVISlice(**args)


# ----------------------------------------------------------------------------------------------------------------
# The surface against the SSVISurface it was built from
# ----------------------------------------------------------------------------------------------------------------

def test_satisfies_the_protocol():
    assert isinstance(SPX_SLICES, VolSurface)


def test_agrees_with_the_ssvi_surface_at_the_slice_times():
    m = np.linspace(0.5, 1.5, 201)
    for t in TIMES:
        np.testing.assert_allclose(SPX_SLICES.vol(m, t), SPX_SURFACE.vol(m, t), rtol=1e-12)


def test_agrees_with_the_ssvi_surface_between_slices_to_half_a_vol_point():
    # between slices the surfaces interpolate differently (linear total variance in t at fixed k here, the SSVI
    # theta curve and a curvature that moves with it there); on 80%-120% of spot they differ by at most half a vol
    # point (measured: 0.44, in the deep puts between the 30- and 91-day slices)
    m = np.linspace(0.8, 1.2, 81)[:, None]
    t = np.linspace(TIMES[0], TIMES[-1], 200)[None, :]
    assert float(np.abs(SPX_SLICES.vol(m, t) - SPX_SURFACE.vol(m, t)).max()) < 0.005


def test_total_variance_rises_with_t_at_fixed_k():
    k = np.linspace(-1.5, 1.0, 251)[:, None]
    t = np.linspace(0.0, 4.0, 2001)[None, :]
    w = SPX_SLICES.total_variance(k, t)
    assert np.all(np.diff(w, axis=1) >= 0.0)


def test_interpolation_rules_in_time():
    k = np.array([-0.3, 0.0, 0.2])
    s0, s1 = SPX_SLICES.slices[:2]
    # linear in t at fixed k between slices
    mid = 0.5 * (s0.t + s1.t)
    np.testing.assert_allclose(SPX_SLICES.total_variance(k, mid),
                               0.5 * (s0.total_variance(k) + s1.total_variance(k)), rtol=1e-14)
    # proportional to t before the first and after the last: flat vol at fixed k
    last = SPX_SLICES.slices[-1]
    np.testing.assert_allclose(SPX_SLICES.total_variance(k, 0.5 * s0.t), 0.5 * s0.total_variance(k), rtol=1e-14)
    np.testing.assert_allclose(SPX_SLICES.total_variance(k, 3 * last.t), 3 * last.total_variance(k), rtol=1e-14)
    # ln F/S: exact at slices, linear between, at the end rates beyond
    np.testing.assert_allclose(SPX_SLICES.forward_ratio(TIMES), np.exp(SPX_SURFACE.carry * TIMES), rtol=1e-14)
    np.testing.assert_allclose(SPX_SLICES.forward_ratio([0.01, 1.2, 5.0]), np.exp(SPX_SURFACE.carry
                                                                                 * np.array([0.01, 1.2, 5.0])),
                               rtol=1e-14)


def test_vol_is_sqrt_of_total_variance_at_log_forward_moneyness_and_broadcasts():
    m, t = np.array([[0.8], [1.0], [1.25]]), np.array([0.01, 0.3, 1.5, 4.0])
    k = np.log(m) - np.log(SPX_SLICES.forward_ratio(t))
    np.testing.assert_allclose(SPX_SLICES.vol(m, t), np.sqrt(SPX_SLICES.total_variance(k, t) / t), rtol=1e-14)
    assert SPX_SLICES.vol(m, t).shape == (3, 4)
    big_m = np.random.default_rng(0).uniform(0.5, 1.5, 10**6)
    big_t = np.random.default_rng(1).uniform(0.0, 3.0, 10**6)
    assert SPX_SLICES.vol(big_m, big_t).shape == (10**6,)
    assert np.isfinite(SPX_SLICES.vol(big_m, big_t)).all()


def test_short_times_floor_at_one_day():
    assert float(SPX_SLICES.vol(0.95, 0.0)) == float(SPX_SLICES.vol(0.95, MIN_T))


def test_one_slice_is_a_surface():
    s = SSVISlices((spx_slice(0.25),))
    np.testing.assert_allclose(s.vol(1.1, 0.25), SPX_SURFACE.vol(1.1, 0.25), rtol=1e-12)
    k = np.array([-0.2, 0.1])
    np.testing.assert_allclose(s.total_variance(k, 1.0), 4.0 * s.slices[0].total_variance(k), rtol=1e-14)


# ----------------------------------------------------------------------------------------------------------------
# Refusals
# ----------------------------------------------------------------------------------------------------------------

def test_refuses_psi_breaking_the_first_butterfly_condition():
    with pytest.raises(InputError, match=r"psi\*\(1\+\|rho\|\) = 4.05 >= 4 at t=2: the Gatheral-Jacquier butterfly"):
        SSVISlices((SSVISlice(2.0, 1.0, 1.5, -0.5, 2.7),))


def test_refuses_psi_breaking_the_second_butterfly_condition():
    # 0.3^2 * 1.5 / 0.01 = 13.5
    with pytest.raises(InputError, match=r"^slices\[0\]=.*psi\^2\*\(1\+\|rho\|\)/theta = 13.5 > 4 at t=0.25"):
        SSVISlices((SSVISlice(0.25, 1.0, 0.01, -0.5, 0.3),))


def test_refuses_a_falling_theta():
    with pytest.raises(InputError, match=r"^slices\[1\]=.*theta falls from 0.04 to 0.03 between slices t=0.5 and"):
        SSVISlices((SSVISlice(0.5, 1.0, 0.04, -0.5, 0.2), SSVISlice(1.0, 1.0, 0.03, -0.5, 0.2)))


def test_refuses_crossing_wings():
    with pytest.raises(InputError, match=r"psi\*\(1\+rho\) falls by 0.05 .*the right wings cross .*Hendriks-Martini"):
        SSVISlices((SSVISlice(0.5, 1.0, 0.04, -0.5, 0.2), SSVISlice(1.0, 1.0, 0.05, -0.5, 0.1)))


def test_refuses_slices_crossing_with_rising_theta_and_wings():
    # theta and both wing slopes rise, yet the smiles cross in the left wing (the vertex condition)
    first, second = SSVISlice(0.5, 1.0, 0.04, 0.0, 0.2), SSVISlice(1.0, 1.0, 0.0401, 0.05 / 0.25, 0.25)
    w1, w2 = first.total_variance(K_WIDE), second.total_variance(K_WIDE)
    assert (w2 - w1).min() < 0.0 and K_WIDE[np.argmin(w2 - w1)] < 0.0  # they do cross, on the left
    with pytest.raises(InputError, match=r"the smiles of slices t=0.5 and t=1 cross near k=-[0-9.]+ although theta "
                                         r"and the wing slopes rise: the vertex condition"):
        SSVISlices((first, second))


def test_refuses_times_that_do_not_increase_and_no_slice():
    s = spx_slice(0.5)
    with pytest.raises(InputError, match=r"^slices=\[0.5, 0.5\]: expected slice times t strictly increasing"):
        SSVISlices((s, s))
    with pytest.raises(InputError, match=r"^slices=\(\): expected a non-empty sequence of SSVISlice"):
        SSVISlices(())


# ----------------------------------------------------------------------------------------------------------------
# The calendar condition is exact: it refuses a pair iff the smiles cross somewhere
# ----------------------------------------------------------------------------------------------------------------

def random_slice(rng: np.random.Generator, t: float, theta: float) -> SSVISlice:
    """A slice at t with random rho and a psi inside both butterfly conditions."""
    rho = rng.uniform(-0.95, 0.95)
    top = min(4.0 / (1.0 + abs(rho)), math.sqrt(4.0 * theta / (1.0 + abs(rho))))
    return SSVISlice(t, 1.0, theta, rho, rng.uniform(0.0, 0.999) * top)


@pytest.mark.parametrize("seed", range(4))
def test_calendar_condition_refuses_exactly_the_crossing_pairs(seed):
    rng = np.random.default_rng(seed)
    accepted = refused = 0
    for _ in range(500):
        first = random_slice(rng, 0.5, rng.uniform(0.002, 0.2))
        second = random_slice(rng, 1.0, first.theta * rng.uniform(1.0, 2.0))
        gap = second.total_variance(K_WIDE) - first.total_variance(K_WIDE)
        crosses = bool((gap < -1e-12 * np.maximum(1.0, np.abs(K_WIDE))).any())
        assert (calendar_breach(first, second) is not None) == crosses, (first, second, gap.min())
        accepted, refused = accepted + (not crosses), refused + crosses
    assert accepted > 50 and refused > 50  # both sides are exercised

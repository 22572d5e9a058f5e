"""Tests of pricing.smiles.arbitrage: clean surfaces pass, hand-made arbitrage is found where it is, and the report
agrees with the analytic checks of SSVISlices on random parameter sets."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import brentq

from pricing.errors import InputError
from pricing.market import SPX_SURFACE
from pricing.smiles.arbitrage import DEFAULT_K, arbitrage_report, durrleman_g
from pricing.smiles.slices import SSVISlice, SSVISlices

K_WIDE = np.concatenate([-np.geomspace(1e-6, 1e6, 3001)[::-1], [0.0], np.geomspace(1e-6, 1e6, 3001)])


def test_clean_surface_has_an_empty_report():
    slices = []
    for t in np.array([7, 30, 91, 365, 1095]) / 365:
        theta = float(SPX_SURFACE.theta(t))
        slices.append(SSVISlice(t, math.exp(SPX_SURFACE.carry * t), theta, SPX_SURFACE.rho,
                                theta * float(SPX_SURFACE.phi(theta))))
    report = arbitrage_report(SSVISlices(tuple(slices)))
    assert report.empty and list(report.columns) == ["kind", "t", "k", "value"]


def test_durrleman_g_matches_the_ssvi_surface():
    t = 0.25
    theta = float(SPX_SURFACE.theta(t))
    s = SSVISlice(t, 1.0, theta, SPX_SURFACE.rho, theta * float(SPX_SURFACE.phi(theta)))
    np.testing.assert_allclose(durrleman_g(DEFAULT_K, *s.derivatives(DEFAULT_K)), SPX_SURFACE.durrleman_g(DEFAULT_K, t),
                               rtol=1e-10, atol=1e-12)


def test_finds_a_butterfly_where_g_is_negative():
    bad = SSVISlice(0.5, 1.0, 0.01, -0.7, 0.5)  # psi^2 (1+|rho|) / theta = 42.5: far past the bound
    with pytest.raises(InputError, match="butterfly"):
        SSVISlices((bad,))
    report = arbitrage_report(SSVISlices._unchecked((bad,)))
    # independently: g from finite differences of the total variance
    h = 1e-4
    w0, up, down = (bad.total_variance(DEFAULT_K + d) for d in (0.0, h, -h))
    w1, w2 = (up - down) / (2 * h), (up - 2 * w0 + down) / h**2
    g = (1 - DEFAULT_K * w1 / (2 * w0)) ** 2 - w1**2 / 4 * (1 / w0 + 0.25) + w2 / 2
    assert set(report["kind"]) == {"butterfly"} and set(report["t"]) == {0.5}
    np.testing.assert_array_equal(report["k"], DEFAULT_K[g < -1e-6])
    assert report["k"].iloc[report["value"].argmax()] == DEFAULT_K[np.argmin(g)]


def test_finds_a_calendar_spread_where_the_smiles_cross():
    first, second = SSVISlice(0.5, 1.0, 0.04, 0.0, 0.2), SSVISlice(1.0, 1.0, 0.05, 0.0, 0.1)
    with pytest.raises(InputError, match="wings cross"):
        SSVISlices((first, second))
    report = arbitrage_report(SSVISlices._unchecked((first, second)))
    crossing = brentq(lambda k: second.total_variance(k) - first.total_variance(k), 0.0, 1.0)
    assert crossing == pytest.approx(4 / 15, abs=1e-12)  # by hand below; symmetric (rho = 0): also at -4/15
    calendar = report[report["kind"] == "calendar"]
    pair = calendar[calendar["t"] == (0.5, 0.625)]  # from the first slice to the first time between slices
    np.testing.assert_array_equal(pair["k"], DEFAULT_K[np.abs(DEFAULT_K) > crossing])
    # w is linear in t between slices: it falls on each of the four steps by a quarter of w1 - w2
    assert set(calendar["t"]) == {(0.5, 0.625), (0.625, 0.75), (0.75, 0.875), (0.875, 1.0)}
    k = pair["k"].to_numpy()
    np.testing.assert_allclose(pair["value"], (first.total_variance(k) - second.total_variance(k)) / 4, rtol=1e-9)


def test_hand_crossing_point():
    # w1 = (0.04 + sqrt(0.04 k^2 + 0.0016)) / 2 and w2 = (0.05 + sqrt(0.01 k^2 + 0.0025)) / 2 are equal where
    # sqrt(0.04 k^2 + 0.0016) = 0.01 + sqrt(0.01 k^2 + 0.0025); squaring, 0.03 k^2 - 0.001 = 0.02 sqrt(0.01 k^2
    # + 0.0025); squaring again, 0.0009 k^4 = 0.000064 k^2: k = 8/30 = 4/15
    k = 4 / 15
    assert math.sqrt(0.04 * k * k + 0.0016) == pytest.approx(0.01 + math.sqrt(0.01 * k * k + 0.0025), abs=1e-15)


def random_set(rng: np.random.Generator) -> tuple[SSVISlice, ...]:
    """Four slices inside the butterfly bounds, theta rising, rho and psi drifting: calendar order is luck."""
    out, theta, rho, share = [], rng.uniform(0.001, 0.05), rng.uniform(-0.8, 0.8), rng.uniform(0.2, 0.9)
    psi = 0.0
    for t in np.cumsum(rng.uniform(0.02, 1.0, 4)):
        top = min(4.0 / (1.0 + abs(rho)), math.sqrt(4.0 * theta / (1.0 + abs(rho))))
        psi = min(max(psi * rng.uniform(0.95, 1.5), share * top), 0.999 * top)
        out.append(SSVISlice(float(t), 1.0, theta, rho, psi))
        theta *= rng.uniform(1.0, 2.5)
        rho = float(np.clip(rho + rng.normal(0.0, 0.05), -0.95, 0.95))
    return tuple(out)


@pytest.mark.parametrize("seed", range(6))
def test_report_agrees_with_the_constructor_on_random_sets(seed):
    rng = np.random.default_rng(seed)
    accepted = refused = 0
    for _ in range(40):
        slices = random_set(rng)
        try:
            surface = SSVISlices(slices)
        except InputError:
            refused += 1
            # every refusal here is a calendar one (psi is inside the bounds); the slices do cross somewhere
            wide = arbitrage_report(SSVISlices._unchecked(slices), k=K_WIDE)
            assert (wide["kind"] == "calendar").any()
            continue
        accepted += 1
        assert arbitrage_report(surface).empty
        assert arbitrage_report(surface, k=np.linspace(-6.0, 4.0, 2001)).empty
    assert accepted >= 3 and refused >= 3, (accepted, refused)

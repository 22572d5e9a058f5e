"""Tests of the parametric implied-vol surface, and of the protocol every surface satisfies."""

from __future__ import annotations

import math

import numpy as np
import pytest

from pricing.errors import InputError
from pricing.smiles import SSVISlice, SSVISlices
from pricing.vol_surface import MIN_T, ParametricVolSurface, VolSurface

# ----------------------------------------------------------------------------------------------------------------
# ParametricVolSurface
# ----------------------------------------------------------------------------------------------------------------

SIMPLE = ParametricVolSurface(atm_short=0.15, atm_long=0.20, term_decay=1.0, skew=-0.15)
SPX_DEFAULT = ParametricVolSurface(0.15, 0.19, 0.75, skew=-0.14, curvature=0.08)

# Hand calculations, sigma = max(floor, atm(t) + skew * t**-0.5 * x + curvature * x**2), x = ln(K/S):
#  (a) SIMPLE, K/S = 1, t = 1: 0.20 + (0.15 - 0.20) * exp(-1) = 0.20 - 0.05 * 0.3678794412 = 0.1816060279.
#  (b) SIMPLE, K/S = 0.9, t = 0.25: atm = 0.20 - 0.05 * exp(-0.25) = 0.20 - 0.05 * 0.7788007831 = 0.1610599608;
#      slope = -0.15 / sqrt(0.25) = -0.30; x = ln 0.9 = -0.1053605157; 0.1610599608 + 0.0316081547 = 0.1926681155.
#  (c) SPX_DEFAULT, K/S = 1.1, t = 0.5: atm = 0.19 - 0.04 * exp(-0.5 / 0.75) = 0.19 - 0.04 * 0.5134171190
#      = 0.1694633152; slope = -0.14 / sqrt(0.5) = -0.1979898987; x = ln 1.1 = 0.0953101798;
#      slope * x = -0.0188704528; curvature * x**2 = 0.08 * 0.0090840304 = 0.0007267224; total 0.1513195848.
HAND_VALUES = [
    (SIMPLE, 1.0, 1.0, 0.1816060279),
    (SIMPLE, 0.9, 0.25, 0.1926681155),
    (SPX_DEFAULT, 1.1, 0.5, 0.1513195848),
]


@pytest.mark.parametrize(("surface", "moneyness", "t", "expected"), HAND_VALUES)
def test_parametric_hand_values(surface, moneyness, t, expected):
    got = float(surface.vol(moneyness, t))
    assert got == pytest.approx(expected, abs=1e-10), f"K/S={moneyness} t={t}: expected {expected}, got {got}"


@pytest.mark.parametrize("t", [1 / 52, 0.25, 1.0, 3.0])
def test_parametric_put_skew_vol_higher_at_lower_strikes(t):
    vols = SPX_DEFAULT.vol(np.array([0.7, 0.8, 0.9, 1.0, 1.05]), t)
    assert np.all(np.diff(vols) < 0), vols


def test_parametric_skew_steeper_at_short_expiries():
    def slope(t):
        return float(SPX_DEFAULT.vol(0.95, t) - SPX_DEFAULT.vol(1.0, t))

    assert slope(0.05) > slope(0.5) > slope(2.0) > 0


def test_parametric_term_structure_limits():
    # t -> 0 is clamped at one day: atm = 0.20 - 0.05 * exp(-1/365), about 0.150137.
    assert float(SIMPLE.atm(0.0)) == float(SIMPLE.atm(MIN_T)) == pytest.approx(0.20 - 0.05 * math.exp(-1 / 365))
    assert float(SIMPLE.vol(1.0, 1e-9)) == float(SIMPLE.vol(1.0, MIN_T))
    # t -> infinity: exp(-100) ~ 4e-44, the ATM level is atm_long.
    assert float(SIMPLE.vol(1.0, 100.0)) == pytest.approx(0.20, abs=1e-15)


def test_parametric_floor():
    # K/S = 2, one day: 0.15 + (-0.15 * sqrt(365)) * ln 2 = 0.15 - 2.866 * 0.693 < 0, floored at 0.04.
    assert float(SIMPLE.vol(2.0, 1 / 365)) == 0.04
    floored = ParametricVolSurface(0.15, 0.20, 1.0, skew=-0.15, floor=0.10)
    assert float(floored.vol(2.0, 1 / 365)) == 0.10


def test_parametric_broadcasts():
    vols = SPX_DEFAULT.vol(np.array([[0.9], [1.0], [1.1]]), np.array([0.25, 0.5, 1.0, 2.0]))
    assert vols.shape == (3, 4)
    assert vols[2, 1] == pytest.approx(0.1513195848, abs=1e-10)  # hand value (c)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"atm_short": 20.0}, r"atm_short=20.0: expected a decimal such as 0.20 \(20.0 looks like a percentage\)"),
        ({"atm_long": 19.0}, r"atm_long=19.0: .*looks like a percentage"),
        ({"term_decay": -0.75}, r"term_decay=-0.75: expected a number > 0"),
        ({"term_decay": 0.0}, r"term_decay=0.0: expected a number > 0"),
        ({"skew": -14.0}, r"skew=-14.0: expected a slope"),
        ({"curvature": -0.1}, r"curvature=-0.1: expected a number >= 0"),
        ({"floor": 4.0}, r"floor=4.0: .*looks like a percentage"),
    ],
)
def test_parametric_validation(kwargs, match):
    params = {"atm_short": 0.15, "atm_long": 0.19, "term_decay": 0.75, "skew": -0.14} | kwargs
    with pytest.raises(InputError, match=match):
        ParametricVolSurface(**params)


def test_the_surfaces_satisfy_the_protocol():
    assert isinstance(SPX_DEFAULT, VolSurface)
    slices = SSVISlices((SSVISlice(0.25, 1.0, 0.01, -0.5, 0.1),))
    assert isinstance(slices, VolSurface)

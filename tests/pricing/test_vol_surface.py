"""Tests of the implied-vol surfaces: ParametricVolSurface and QuoteVolSurface (against QuantLib)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
import QuantLib as ql
from scipy.interpolate import CubicSpline

from pricing.errors import InputError
from pricing.quote_surface import QuoteVolSurface
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


def test_both_surfaces_satisfy_the_protocol():
    assert isinstance(SPX_DEFAULT, VolSurface)
    assert isinstance(QuoteVolSurface.from_grid([1.0], [1.0], [[0.2]]), VolSurface)


# ----------------------------------------------------------------------------------------------------------------
# QuoteVolSurface
# ----------------------------------------------------------------------------------------------------------------

EXPIRY_DAYS = np.array([30, 91, 182, 365])
EXPIRIES = EXPIRY_DAYS / 365.0
NODES = np.array([0.85, 0.9, 0.95, 1.0, 1.05, 1.1])
# A put skew flattening with expiry; total variance sigma^2 t increases with t at every node.
GRID = np.array(
    [
        [0.32, 0.27, 0.22, 0.18, 0.15, 0.14],
        [0.28, 0.245, 0.21, 0.18, 0.16, 0.15],
        [0.26, 0.235, 0.205, 0.185, 0.17, 0.16],
        [0.245, 0.225, 0.205, 0.19, 0.178, 0.17],
    ]
)
QUOTED = QuoteVolSurface.from_grid(EXPIRIES, NODES, GRID, label="test grid")


def test_quote_surface_exact_at_nodes():
    m, t = np.meshgrid(NODES, EXPIRIES)
    np.testing.assert_array_equal(QUOTED.vol(m, t), GRID)


def test_quote_surface_pchip_is_monotone_and_does_not_overshoot():
    # Sharp kink: a steep put wing then a nearly flat call side. A natural cubic spline overshoots here;
    # PCHIP (Fritsch-Carlson) stays monotone and inside each interval's node values.
    nodes = np.array([0.8, 0.9, 1.0, 1.1, 1.2])
    vols = np.array([0.40, 0.39, 0.20, 0.195, 0.194])
    surface = QuoteVolSurface.from_grid([0.5], nodes, [vols])
    dense = np.exp(np.linspace(np.log(0.8), np.log(1.2), 2001))
    got = surface.vol(dense, 0.5)
    assert np.all(np.diff(got) <= 1e-15)
    assert got.max() <= 0.40 and got.min() >= 0.194
    spline = CubicSpline(np.log(nodes), vols)(np.log(dense))
    assert spline.max() > 0.40 or spline.min() < 0.194  # the test would catch an overshooting interpolant


def test_quote_surface_flat_extrapolation_in_moneyness():
    for i, t in enumerate(EXPIRIES):
        np.testing.assert_array_equal(QUOTED.vol([0.1, 0.5, 0.85], t), [GRID[i, 0]] * 3)
        np.testing.assert_array_equal(QUOTED.vol([1.1, 1.5, 10.0], t), [GRID[i, -1]] * 3)


def test_quote_surface_flat_vol_outside_quoted_expiries():
    np.testing.assert_array_equal(QUOTED.vol(NODES, 0.0), GRID[0])
    np.testing.assert_array_equal(QUOTED.vol(NODES, 1 / 365), GRID[0])
    np.testing.assert_array_equal(QUOTED.vol(NODES, 5.0), GRID[-1])


def test_quote_surface_linear_in_total_variance_hand_value():
    # K/S = 0.9 between 30 and 91 days at t = 60/365:
    #   w1 = 0.27**2 * 30/365 = 0.0729 * 0.0821918 = 0.00599178; w2 = 0.245**2 * 91/365 = 0.060025 * 0.2493151
    #   = 0.01496514; weight = (60 - 30) / (91 - 30) = 30/61; w = w1 + 30/61 * (w2 - w1) = 0.01040491;
    #   sigma = sqrt(w / (60/365)) = sqrt(0.06329652) = 0.2515880.
    w1, w2 = 0.27**2 * 30 / 365, 0.245**2 * 91 / 365
    expected = math.sqrt((w1 + 30 / 61 * (w2 - w1)) / (60 / 365))
    assert expected == pytest.approx(0.2515880, abs=1e-7)
    assert float(QUOTED.vol(0.9, 60 / 365)) == pytest.approx(expected, rel=1e-14)


def test_quote_surface_total_variance_is_piecewise_linear_in_t():
    t = np.linspace(EXPIRIES[1], EXPIRIES[2], 11)
    w = QUOTED.vol(0.97, t) ** 2 * t
    np.testing.assert_allclose(np.diff(w, 2), 0.0, atol=1e-15)


def _quantlib_surface(valuation: dt.date, spot: float) -> ql.BlackVarianceSurface:
    today = ql.Date(valuation.day, valuation.month, valuation.year)
    dates = [today + int(d) for d in EXPIRY_DAYS]
    matrix = ql.Matrix(len(NODES), len(EXPIRIES))
    for i in range(len(NODES)):
        for j in range(len(EXPIRIES)):
            matrix[i][j] = float(GRID[j, i])
    surface = ql.BlackVarianceSurface(
        today, ql.NullCalendar(), dates, [float(k) for k in NODES * spot], matrix, ql.Actual365Fixed()
    )
    surface.setInterpolation("bilinear")
    surface.enableExtrapolation()
    return surface


def test_quote_surface_matches_quantlib_black_variance_surface_at_nodes_and_along_time():
    # Reference: QuantLib 1.44 BlackVarianceSurface, bilinear in variance, same Act/365 times; tol 1e-12.
    spot = 6000.0
    reference = _quantlib_surface(dt.date(2026, 11, 25), spot)
    for k in NODES * spot:
        for t in EXPIRIES:
            assert float(QUOTED.vol(k / spot, t)) == pytest.approx(reference.blackVol(t, k), abs=1e-12), (k, t)
        for t in np.linspace(5 / 365, 1.5, 37):
            ours, theirs = float(QUOTED.vol(k / spot, t)), reference.blackVol(float(t), float(k))
            assert ours == pytest.approx(theirs, abs=1e-12), f"K={k} t={t}: QuantLib {theirs}, ours {ours}"


def test_quote_surface_broadcasts():
    m = np.array([[0.8], [0.93], [1.0], [1.2]])
    t = np.array([0.01, 0.2, 0.7, 2.0])
    got = QUOTED.vol(m, t)
    assert got.shape == (4, 4)
    loop = [[float(QUOTED.vol(mi, tj)) for tj in t] for mi in m.ravel()]
    np.testing.assert_array_equal(got, loop)
    assert QUOTED.vol(1.0, 0.5).shape == ()


def test_quote_surface_different_nodes_per_expiry():
    surface = QuoteVolSurface((0.25, 1.0), ((1.0,), (0.9, 1.1)), ((0.2,), (0.25, 0.15)))
    assert float(surface.vol(0.5, 0.25)) == 0.2  # a one-node smile is flat
    assert float(surface.vol(0.9, 1.0)) == 0.25


def test_quote_surface_from_quotes_round_trips_through_to_frame():
    frame = QUOTED.to_frame().sample(frac=1.0, random_state=0)
    rebuilt = QuoteVolSurface.from_quotes(frame, label="test grid")
    assert rebuilt == QUOTED


def test_quote_surface_from_quotes_errors():
    frame = pd.DataFrame({"expiry_years": [0.5, 0.5], "moneyness": [1.0, 1.0], "iv": [0.2, 0.21]})
    with pytest.raises(InputError, match=r"one row per \(expiry, moneyness\) node"):
        QuoteVolSurface.from_quotes(frame)
    with pytest.raises(InputError, match=r"a column named 'iv'"):
        QuoteVolSurface.from_quotes(frame.drop(columns="iv"))
    with pytest.raises(InputError, match=r"at least one"):
        QuoteVolSurface.from_quotes(frame.iloc[:0])


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (((1.0, 0.5), ((1.0,), (1.0,)), ((0.2,), (0.2,))), r"expiries=\[1.0, 0.5\]: expected strictly increasing"),
        (((0.0,), ((1.0,),), ((0.2,),)), r"expiries=0.0: expected a number > 0"),
        (((0.5,), ((1.1, 0.9),), ((0.2, 0.2),)), r"moneyness\[0\]=\[1.1, 0.9\]: expected strictly increasing"),
        (((0.5,), ((0.0, 1.0),), ((0.2, 0.2),)), r"moneyness\[0\]\[0\]=0.0: expected a number > 0"),
        (((0.5,), ((0.9, 1.0),), ((0.2, 20.0),)), r"vols\[0\]\[1\]=20.0: .*looks like a percentage"),
        (((0.5,), ((0.9, 1.0),), ((0.2,),)), r"vols\[0\]=\[0.2\]: expected one vol per moneyness node \(2\)"),
        (((0.5, 1.0), ((1.0,),), ((0.2,),)), r"one row of nodes and of vols per expiry \(2\)"),
    ],
)
def test_quote_surface_validation(args, match):
    with pytest.raises(InputError, match=match):
        QuoteVolSurface(*args)


def test_quote_surface_from_grid_shape_error():
    with pytest.raises(InputError, match=r"shape \(n_expiries, n_nodes\) = \(2, 3\)"):
        QuoteVolSurface.from_grid([0.5, 1.0], [0.9, 1.0, 1.1], [[0.2, 0.2, 0.2]])


def test_calendar_arbitrage_report():
    assert QUOTED.check_calendar_arbitrage().empty
    # At K/S = 0.9: w = 0.30**2 * 0.25 = 0.0225 then 0.14**2 * 1.0 = 0.0196, a decrease; ATM is fine.
    bad = QuoteVolSurface.from_grid([0.25, 1.0], [0.9, 1.0], [[0.30, 0.18], [0.14, 0.18]])
    report = bad.check_calendar_arbitrage()
    assert list(report["moneyness"]) == [0.9]
    assert report.iloc[0]["w_short"] == pytest.approx(0.0225) and report.iloc[0]["w_long"] == pytest.approx(0.0196)
    assert bad.check_calendar_arbitrage(tolerance=0.01).empty
    assert float(bad.vol(0.9, 0.5)) > 0  # still interpolates: a report, not an error

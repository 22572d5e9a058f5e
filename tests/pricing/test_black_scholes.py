"""Tests of pricing.black_scholes, the vectorized Black–Scholes–Merton kernel.

The kernel is held to three references: Haug's published values (as tabulated in QuantLib's own test-suite),
QuantLib's ``AnalyticEuropeanEngine`` on thousands of random cases (the slow, obviously-right twin below), and a
scalar ``math.erfc`` evaluation for tails QuantLib cannot reach (expiries under a day). Every number asserted
says where it came from and with what tolerance.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import QuantLib as ql
from hypothesis import given, settings
from hypothesis import strategies as st

from pricing.black_scholes import CHUNK, Greeks, bs_greeks, bs_price
from pricing.contracts import OptionKind
from pricing.errors import InputError

GREEKS = ("price", "delta", "gamma", "vega", "theta", "rho")

# --------------------------------------------------------------------------------------------------------------
# References
# --------------------------------------------------------------------------------------------------------------

HAUG_TOL = 1e-4  # the values below are printed to 4 decimals; QuantLib's test-suite uses the same tolerance
HAUG_VALUES = [
    # kind, strike, spot, q, r, t, vol, value. Haug, "Option Pricing Formulas" (McGraw-Hill 1998), as tabulated in
    # QuantLib test-suite/europeanoption.cpp, EuropeanOptionTest::testValues. Haug's carry b is r - q here.
    ("call", 65.00, 60.00, 0.00, 0.08, 0.25, 0.30, 2.1334),  # p. 2-8: generalized BSM example (b = r)
    ("put", 95.00, 100.00, 0.05, 0.10, 0.50, 0.20, 2.4648),  # p. 2-8: Merton (1973) dividend yield example
    ("put", 19.00, 19.00, 0.10, 0.10, 0.75, 0.28, 1.7011),  # p. 2-8: Black (1976) futures option (b = 0)
    ("call", 19.00, 19.00, 0.10, 0.10, 0.75, 0.28, 1.7011),  # p. 2-8: Black (1976), call = put ATM-forward
    ("call", 1.60, 1.56, 0.08, 0.06, 0.50, 0.12, 0.0291),  # p. 2-8: Garman–Kohlhagen currency option
    ("put", 70.00, 75.00, 0.05, 0.10, 0.50, 0.35, 4.0870),  # p. 2-8
    ("call", 100.00, 90.00, 0.10, 0.10, 0.10, 0.15, 0.0205),  # p. 24, table rows follow
    ("call", 100.00, 100.00, 0.10, 0.10, 0.10, 0.25, 3.1217),
    ("call", 100.00, 110.00, 0.10, 0.10, 0.10, 0.35, 11.1381),
    ("call", 100.00, 90.00, 0.10, 0.10, 0.50, 0.15, 0.8069),
    ("call", 100.00, 100.00, 0.10, 0.10, 0.50, 0.25, 6.6997),
    ("call", 100.00, 110.00, 0.10, 0.10, 0.50, 0.35, 15.3086),
    ("put", 100.00, 90.00, 0.10, 0.10, 0.10, 0.15, 9.9210),
    ("put", 100.00, 110.00, 0.10, 0.10, 0.10, 0.15, 0.0408),
    ("put", 100.00, 100.00, 0.10, 0.10, 0.10, 0.35, 4.3693),
    ("put", 100.00, 90.00, 0.10, 0.10, 0.50, 0.25, 12.2149),
    ("put", 100.00, 110.00, 0.10, 0.10, 0.50, 0.35, 5.7963),
    ("call", 40.00, 42.00, 0.08, 0.04, 0.75, 0.35, 5.0975),  # p. 27
]

HAUG_GREEKS = [
    # greek, kind, strike, spot, q, r, t, vol, value. Haug (1998) pp. 11-16, as tabulated in QuantLib
    # test-suite/europeanoption.cpp, EuropeanOptionTest::testGreekValues; tolerance HAUG_TOL.
    ("delta", "call", 100.0, 105.0, 0.10, 0.10, 0.5, 0.36, 0.5946),
    ("delta", "put", 100.0, 105.0, 0.10, 0.10, 0.5, 0.36, -0.3566),
    ("gamma", "call", 60.0, 55.0, 0.00, 0.10, 0.75, 0.30, 0.0278),
    ("gamma", "put", 60.0, 55.0, 0.00, 0.10, 0.75, 0.30, 0.0278),
    ("vega", "call", 60.0, 55.0, 0.00, 0.10, 0.75, 0.30, 18.9358),  # per 1.00 of vol
    ("vega", "put", 60.0, 55.0, 0.00, 0.10, 0.75, 0.30, 18.9358),
    ("theta", "put", 405.0, 430.0, 0.05, 0.07, 1 / 12, 0.20, -31.1924),  # per year
    ("rho", "call", 75.0, 72.0, 0.00, 0.09, 1.0, 0.19, 38.7325),  # per 1.00 of rate
]
HAUG_THETA_PER_DAY = -0.0855  # same put, Haug (1998) p. 15 via QuantLib thetaPerDay (theta / 365), tol 1e-4

QL_RTOL = 1e-10  # kernel vs QuantLib AnalyticEuropeanEngine: relative error, or else the absolute error below
QL_ATOL = 1e-12  # absolute, for delta, gamma, vega near 0
QL_ATOL_PER_SPOT = 1e-14  # absolute per point of spot (1e-12 at spot 100) for price, theta and rho near 0, where
# QuantLib itself is the less accurate side: below 1e-8 its normal CDF is an asymptotic series good to ~1e-7
# relative (price and rho of far-OTM options, checked against math.erfc: the kernel agrees with erfc to ~1e-12),
# its rho is T (D temp - V) and its theta the PDE identity divided by T, so its rounding grows like T for rho
# and 1/T for theta: hence atol * max(t, 1) for rho and atol / min(t, 1) for theta
PARITY_ATOL = 1e-10  # C - P = S e^{-qt} - K e^{-rt}, rounding only, spot near 100
TWIN_RTOL = 1e-12  # kernel vs the scalar math.erfc twin (same formula, so rounding only), or absolute
TWIN_ATOL = 1e-15  # far OTM both subtract two near-equal terms (S e^-qt N(d1) ~ K e^-rt N(d2)): digits lost
FD_RTOL = 1e-5  # analytic greeks vs central finite differences of bs_price (truncation O(h^2) plus rounding)

# --------------------------------------------------------------------------------------------------------------
# Twins: QuantLib (slow, obviously right) and a scalar math.erfc formula
# --------------------------------------------------------------------------------------------------------------

TODAY = ql.Date(16, ql.March, 2026)
DAY_COUNT = ql.Actual365Fixed()


def ql_greeks(is_call: bool, spot: float, strike: float, days: int, r: float, q: float, vol: float) -> tuple:
    """(price, delta, gamma, vega, theta, rho) from AnalyticEuropeanEngine, expiry TODAY + days (t = days/365)."""
    settings_ = ql.Settings.instance()
    saved = settings_.evaluationDate
    settings_.evaluationDate = TODAY
    try:
        process = ql.BlackScholesMertonProcess(
            ql.QuoteHandle(ql.SimpleQuote(float(spot))),
            ql.YieldTermStructureHandle(ql.FlatForward(TODAY, float(q), DAY_COUNT, ql.Continuous)),
            ql.YieldTermStructureHandle(ql.FlatForward(TODAY, float(r), DAY_COUNT, ql.Continuous)),
            ql.BlackVolTermStructureHandle(ql.BlackConstantVol(TODAY, ql.NullCalendar(), float(vol), DAY_COUNT)),
        )
        kind = ql.Option.Call if is_call else ql.Option.Put
        option = ql.EuropeanOption(ql.PlainVanillaPayoff(kind, float(strike)), ql.EuropeanExercise(TODAY + int(days)))
        option.setPricingEngine(ql.AnalyticEuropeanEngine(process))
        return option.NPV(), option.delta(), option.gamma(), option.vega(), option.theta(), option.rho()
    finally:
        settings_.evaluationDate = saved


def erfc_price(is_call: bool, spot: float, strike: float, t: float, r: float, q: float, vol: float) -> float:
    """Scalar BSM price with the standard library's erfc: N(x) = erfc(-x / sqrt 2) / 2."""
    sd = vol * math.sqrt(t)
    d1 = (math.log(spot / strike) + (r - q) * t) / sd + 0.5 * sd
    w = 1.0 if is_call else -1.0
    cdf = lambda x: 0.5 * math.erfc(-x / math.sqrt(2.0))  # noqa: E731
    return w * (spot * math.exp(-q * t) * cdf(w * d1) - strike * math.exp(-r * t) * cdf(w * (d1 - sd)))


def assert_close(name: str, calculated: np.ndarray, expected: np.ndarray, inputs: dict, rtol: float,
                 atol: float | np.ndarray) -> None:
    """Assert |calculated - expected| <= max(rtol |expected|, atol); on failure print the worst case's inputs."""
    calculated, expected = np.asarray(calculated, dtype=float), np.asarray(expected, dtype=float)
    error = np.abs(calculated - expected)
    excess = np.ravel(error / np.maximum(rtol * np.abs(expected), atol))
    worst = int(np.argmax(excess))
    case = {key: np.ravel(np.broadcast_to(value, expected.shape))[worst] for key, value in inputs.items()}
    assert excess[worst] <= 1.0, (
        f"{name}: inputs {case}, expected {expected.ravel()[worst]!r}, calculated {calculated.ravel()[worst]!r}, "
        f"error {error.ravel()[worst]:.3e}, tolerance rtol={rtol:g} "
        f"atol={np.ravel(np.broadcast_to(atol, expected.shape))[worst]:g}"
    )


def random_cases(rng: np.random.Generator, n: int) -> dict:
    """Market-like random inputs: spot 20-500, strike within e^{±0.7} of spot, 1-1500 days, vol 5%-100%."""
    spot = rng.uniform(20.0, 500.0, n)
    return {
        "is_call": rng.random(n) < 0.5,
        "spot": spot,
        "strike": spot * np.exp(rng.uniform(-0.7, 0.7, n)),
        "days": rng.integers(1, 1501, n),
        "r": rng.uniform(-0.02, 0.10, n),
        "q": rng.uniform(0.0, 0.06, n),
        "vol": rng.uniform(0.05, 1.0, n),
    }


def ql_atol(case: dict) -> dict[str, np.ndarray | float]:
    """Absolute tolerance per greek against QuantLib (see QL_ATOL_PER_SPOT)."""
    per_spot, t = QL_ATOL_PER_SPOT * np.asarray(case["spot"]), np.asarray(case["days"]) / 365.0
    return {"price": per_spot, "delta": QL_ATOL, "gamma": QL_ATOL, "vega": QL_ATOL,
            "theta": per_spot / np.minimum(t, 1.0), "rho": per_spot * np.maximum(t, 1.0)}


def kernel_greeks(case: dict) -> Greeks:
    return bs_greeks(case["is_call"], case["spot"], case["strike"], case["days"] / 365.0, case["r"], case["q"],
                     case["vol"])


# --------------------------------------------------------------------------------------------------------------
# Published values
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "strike", "spot", "q", "r", "t", "vol", "expected"), HAUG_VALUES)
def test_price_matches_haug(kind: str, strike: float, spot: float, q: float, r: float, t: float, vol: float,
                            expected: float) -> None:
    calculated = float(bs_price(kind, spot, strike, t, r, q, vol))
    assert abs(calculated - expected) <= HAUG_TOL, f"{kind} S={spot} K={strike}: {calculated} vs {expected}"


def test_haug_table_in_one_vectorized_call() -> None:
    kind, strike, spot, q, r, t, vol, expected = (np.array(col) for col in zip(*HAUG_VALUES, strict=True))
    calculated = bs_price(kind, spot, strike, t.astype(float), r.astype(float), q.astype(float), vol.astype(float))
    assert calculated.shape == expected.shape
    np.testing.assert_allclose(calculated, expected.astype(float), rtol=0, atol=HAUG_TOL)


@pytest.mark.parametrize(("greek", "kind", "strike", "spot", "q", "r", "t", "vol", "expected"), HAUG_GREEKS)
def test_greeks_match_haug(greek: str, kind: str, strike: float, spot: float, q: float, r: float, t: float,
                           vol: float, expected: float) -> None:
    calculated = float(getattr(bs_greeks(kind, spot, strike, t, r, q, vol), greek))
    assert abs(calculated - expected) <= HAUG_TOL, f"{greek} {kind}: {calculated} vs {expected}"


def test_theta_per_day_matches_haug() -> None:
    theta = float(bs_greeks("put", 430.0, 405.0, 1 / 12, 0.07, 0.05, 0.20).theta)
    assert abs(theta / 365.0 - HAUG_THETA_PER_DAY) <= HAUG_TOL


# --------------------------------------------------------------------------------------------------------------
# QuantLib twin
# --------------------------------------------------------------------------------------------------------------


def test_matches_quantlib_on_random_cases(rng: np.random.Generator) -> None:
    case = random_cases(rng, 3000)
    expected = np.array([ql_greeks(*row) for row in zip(*case.values(), strict=True)]).T
    calculated, atol = kernel_greeks(case), ql_atol(case)
    for name, calc, exp in zip(GREEKS, calculated, expected, strict=True):
        assert_close(name, calc, exp, case, QL_RTOL, atol[name])


@settings(max_examples=200, deadline=None)
@given(
    is_call=st.booleans(),
    spot=st.floats(20.0, 500.0),
    log_moneyness=st.floats(-0.7, 0.7),
    days=st.integers(1, 1500),
    r=st.floats(-0.02, 0.10),
    q=st.floats(0.0, 0.06),
    vol=st.floats(0.05, 1.0),
)
def test_matches_quantlib_hypothesis(is_call: bool, spot: float, log_moneyness: float, days: int, r: float,
                                     q: float, vol: float) -> None:
    case = {"is_call": np.array(is_call), "spot": spot, "strike": spot * math.exp(log_moneyness),
            "days": np.array(days), "r": r, "q": q, "vol": vol}
    expected = ql_greeks(*case.values())
    atol = ql_atol(case)
    for name, calc, exp in zip(GREEKS, kernel_greeks(case), expected, strict=True):
        assert_close(name, calc, exp, case, QL_RTOL, atol[name])


def test_tails_and_sub_day_expiries_match_erfc_twin() -> None:
    spot = 100.0
    strike = np.array([40.0, 60.0, 99.0, 100.0, 101.0, 160.0, 250.0])[:, None]
    t = np.array([1e-8, 1e-4, 1 / 365, 0.5, 5.0])[None, :]  # down to ~0.3 s: below QuantLib's one-day grid
    for is_call in (True, False):
        calculated = bs_price(is_call, spot, strike, t, 0.03, 0.01, 0.25)
        expected = np.vectorize(erfc_price)(is_call, spot, strike, t, 0.03, 0.01, 0.25)
        expected = np.maximum(expected, 0.0)  # the twin can round a far-OTM zero to -1e-17; the kernel clips
        assert_close("price", calculated, expected, {"strike": strike, "t": t}, TWIN_RTOL, TWIN_ATOL)


# --------------------------------------------------------------------------------------------------------------
# No-arbitrage relations and shapes
# --------------------------------------------------------------------------------------------------------------


def test_put_call_parity(rng: np.random.Generator) -> None:
    n = 10_000
    spot, strike = rng.uniform(50, 150, n), rng.uniform(50, 150, n)
    t, r, q, vol = rng.uniform(0, 3, n), rng.uniform(-0.02, 0.1, n), rng.uniform(0, 0.06, n), rng.uniform(.05, 1, n)
    parity = bs_price("call", spot, strike, t, r, q, vol) - bs_price("put", spot, strike, t, r, q, vol)
    expected = spot * np.exp(-q * t) - strike * np.exp(-r * t)
    assert_close("C - P", parity, expected, {"spot": spot, "strike": strike, "t": t}, 0.0, PARITY_ATOL)


def test_put_is_monotone_in_strike_vol_and_spot() -> None:
    grid = np.linspace(50.0, 150.0, 201)
    by_strike = bs_price("put", 100.0, grid, 0.5, 0.03, 0.01, 0.2)
    by_vol = bs_price("put", 100.0, 100.0, 0.5, 0.03, 0.01, np.linspace(0.01, 1.5, 200))
    by_spot = bs_price("put", grid, 100.0, 0.5, 0.03, 0.01, 0.2)
    assert np.all(np.diff(by_strike) > 0), "put price must increase with strike"
    assert np.all(np.diff(by_vol) > 0), "put price must increase with vol"
    assert np.all(np.diff(by_spot) < 0), "put price must decrease with spot"


def test_prices_are_never_negative_nor_above_their_bounds(rng: np.random.Generator) -> None:
    n = 20_000
    spot, strike = rng.uniform(1, 1000, n), rng.uniform(1, 1000, n)
    t, vol = 10.0 ** rng.uniform(-9, 1, n), rng.uniform(0.01, 2.0, n)
    for kind in ("call", "put"):
        price = bs_price(kind, spot, strike, t, 0.05, 0.02, vol)
        upper = spot * np.exp(-0.02 * t) if kind == "call" else strike * np.exp(-0.05 * t)
        assert np.all(np.isfinite(price)) and np.all(price >= 0.0), f"{kind}: negative or non-finite price"
        assert np.all(price <= upper * (1 + 1e-15)), f"{kind}: price above the no-arbitrage upper bound"


def test_expiry_gives_intrinsic_value_exactly() -> None:
    spot = np.array([80.0, 99.99, 100.0, 100.01, 123.456])
    strike = 100.0
    np.testing.assert_array_equal(bs_price("call", spot, strike, 0.0, 0.05, 0.02, 0.2), np.maximum(spot - strike, 0))
    np.testing.assert_array_equal(bs_price("put", spot, strike, 0.0, 0.05, 0.02, 0.2), np.maximum(strike - spot, 0))


def test_expiry_greeks_are_the_intrinsic_step() -> None:
    spot = np.array([80.0, 100.0, 120.0])  # OTM / at-the-money / ITM for a call
    call, put = (bs_greeks(kind, spot, 100.0, 0.0, 0.05, 0.02, 0.2) for kind in ("call", "put"))
    np.testing.assert_array_equal(call.delta, [0.0, 0.5, 1.0])  # at the money: half the step (documented)
    np.testing.assert_array_equal(put.delta, [-1.0, -0.5, 0.0])
    for greeks in (call, put):
        for name in ("gamma", "vega", "theta", "rho"):
            np.testing.assert_array_equal(getattr(greeks, name), 0.0, err_msg=name)


def test_zero_vol_gives_discounted_forward_intrinsic_exactly() -> None:
    spot, strike, t, r, q = np.array([90.0, 100.0, 110.0]), 100.0, 0.5, 0.05, 0.02
    fwd_pv, strike_pv = spot * np.exp(-q * t), strike * np.exp(-r * t)  # 88.9.., 99.0.., 108.9.. vs 97.53..
    call = bs_price("call", spot, strike, t, r, q, 0.0, validate=False)
    put = bs_price("put", spot, strike, t, r, q, 0.0, validate=False)
    np.testing.assert_array_equal(call, np.maximum(fwd_pv - strike_pv, 0.0))
    np.testing.assert_array_equal(put, np.maximum(strike_pv - fwd_pv, 0.0))
    greeks = bs_greeks("call", spot, strike, t, r, q, 0.0, validate=False)
    # greeks to rounding (delta is formed as (S e^{-qt}) / S): the deterministic step, rho = t K e^{-rt} in the money
    np.testing.assert_allclose(greeks.delta, [0.0, math.exp(-q * t), math.exp(-q * t)], rtol=1e-15, atol=0)
    np.testing.assert_allclose(greeks.rho, [0.0, t * strike_pv, t * strike_pv], rtol=1e-15, atol=0)
    np.testing.assert_allclose(greeks.theta, [0.0, q * fwd_pv[1] - r * strike_pv, q * fwd_pv[2] - r * strike_pv],
                               rtol=1e-15, atol=0)
    np.testing.assert_array_equal(greeks.gamma, 0.0)


def test_broadcasts_scenarios_by_instruments() -> None:
    spot = np.array([80.0, 100.0, 120.0, 140.0])[:, None]  # (4 scenarios, 1)
    kind = np.array(["put", "call", "PUT"])  # (3 instruments,)
    strike, t = np.array([90.0, 100.0, 110.0]), np.array([0.25, 0.0, 1.0])
    vol = np.linspace(0.1, 0.4, 12).reshape(4, 3)
    price = bs_price(kind, spot, strike, t, 0.03, 0.01, vol)
    assert price.shape == (4, 3)
    for i in range(4):
        for j in range(3):
            alone = bs_price(kind[j], float(spot[i, 0]), strike[j], t[j], 0.03, 0.01, vol[i, j])
            assert price[i, j] == alone, f"scenario {i} instrument {j}: {price[i, j]} vs {alone}"
    greeks = bs_greeks(kind, spot, strike, t, 0.03, 0.01, vol)
    assert all(g.shape == (4, 3) for g in greeks)


def test_chunked_evaluation_matches_elementwise_on_strided_inputs(rng: np.random.Generator) -> None:
    n = 3 * CHUNK + 17  # several chunks plus a ragged one
    spot = rng.uniform(50, 150, (2, n)).T  # Fortran-ordered view
    t = np.where(rng.random(n) < 0.01, 0.0, rng.uniform(0, 2, n))[:, None]  # some expiries in late chunks
    is_call = rng.random((n, 2)) < 0.5
    price = bs_price(is_call, spot, 100.0, t, 0.03, 0.01, 0.3)
    expected = np.array([[float(bs_price(bool(c), s, 100.0, float(tt[0]), 0.03, 0.01, 0.3)) for c, s in
                          zip(crow, srow, strict=True)] for crow, srow, tt in zip(is_call[::997], spot[::997],
                                                                                   t[::997], strict=True)])
    np.testing.assert_array_equal(price[::997], expected)


def test_scalar_inputs_give_zero_dim_float64() -> None:
    price = bs_price("call", 100, 100, 1, 0.05, 0, 0.2)
    assert isinstance(price, np.ndarray) and price.shape == () and price.dtype == np.float64
    assert isinstance(bs_greeks("call", 100, 100, 1, 0.05, 0, 0.2), Greeks)


@pytest.mark.parametrize("kind", [OptionKind.PUT, "Put", " PUT ", np.array(False), np.array(["put"], dtype=object)])
def test_kind_spellings(kind: object) -> None:
    expected = float(bs_price("put", 100.0, 95.0, 0.5, 0.10, 0.05, 0.20))
    assert float(np.ravel(bs_price(kind, 100.0, 95.0, 0.5, 0.10, 0.05, 0.20))[0]) == expected


# --------------------------------------------------------------------------------------------------------------
# Greeks against finite differences of the price
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["call", "put"])
def test_greeks_match_central_differences(kind: str) -> None:
    spot, strike = 100.0, np.array([70.0, 90.0, 100.0, 110.0, 140.0])
    t, r, q, vol = 0.75, 0.04, 0.015, 0.25
    g = bs_greeks(kind, spot, strike, t, r, q, vol)

    def p(**bump: float) -> np.ndarray:
        args = {"spot": spot, "t": t, "r": r, "vol": vol} | bump
        return bs_price(kind, args["spot"], strike, args["t"], args["r"], q, args["vol"])

    h_s, h_v, h_t, h_r = 1e-2, 1e-5, 1e-5, 1e-6
    fd = {
        "delta": (p(spot=spot + h_s) - p(spot=spot - h_s)) / (2 * h_s),
        "gamma": (p(spot=spot + h_s) - 2 * p() + p(spot=spot - h_s)) / h_s**2,
        "vega": (p(vol=vol + h_v) - p(vol=vol - h_v)) / (2 * h_v),
        "theta": -(p(t=t + h_t) - p(t=t - h_t)) / (2 * h_t),  # per year of calendar time: d/dt = -d/d(expiry)
        "rho": (p(r=r + h_r) - p(r=r - h_r)) / (2 * h_r),
    }
    for name, expected in fd.items():
        assert_close(name, getattr(g, name), expected, {"strike": strike}, FD_RTOL, 1e-7)


# --------------------------------------------------------------------------------------------------------------
# Input checks: one test per failure
# --------------------------------------------------------------------------------------------------------------

GOOD = {"kind": "put", "spot": 100.0, "strike": 95.0, "t": 0.5, "r": 0.10, "q": 0.05, "vol": 0.20}


def price_with(**changes: object) -> np.ndarray:
    args = GOOD | changes
    return bs_price(args["kind"], args["spot"], args["strike"], args["t"], args["r"], args["q"], args["vol"])


def test_rejects_zero_spot() -> None:
    with pytest.raises(InputError, match=r"^spot=0\.0: expected a number > 0$"):
        price_with(spot=0.0)


def test_rejects_negative_spot_naming_the_element() -> None:
    with pytest.raises(InputError, match=r"^spot\[1\]=-5\.0: expected a number > 0$"):
        price_with(spot=[100.0, -5.0])


def test_rejects_non_positive_strike() -> None:
    with pytest.raises(InputError, match=r"^strike=-95\.0: expected a number > 0$"):
        price_with(strike=-95.0)


def test_rejects_vol_given_as_percentage() -> None:
    with pytest.raises(InputError, match=r"^vol=20\.0: expected a decimal such as 0\.20 \(20\.0 looks like a perc"):
        price_with(vol=20.0)


def test_rejects_zero_vol() -> None:
    with pytest.raises(InputError, match=r"^vol=0\.0: expected a volatility > 0"):
        price_with(vol=0.0)


def test_rejects_negative_vol() -> None:
    with pytest.raises(InputError, match=r"^vol=-0\.2: expected a volatility > 0"):
        price_with(vol=-0.2)


def test_rejects_negative_time() -> None:
    with pytest.raises(InputError, match=r"^t=-0\.1: expected a number >= 0$"):
        price_with(t=-0.1)


def test_rejects_rate_given_as_percentage() -> None:
    with pytest.raises(InputError, match=r"^r=5\.0: expected a decimal such as 0\.04 \(5\.0 looks like a perc"):
        price_with(r=5.0)


def test_rejects_dividend_yield_given_as_percentage() -> None:
    with pytest.raises(InputError, match=r"^q=-2\.0: expected a decimal such as 0\.04"):
        price_with(q=-2.0)


@pytest.mark.parametrize("field", ["spot", "strike", "t", "r", "q", "vol"])
def test_rejects_nan(field: str) -> None:
    with pytest.raises(InputError, match=rf"^{field}\[2\]=nan: expected a finite number$"):
        price_with(**{field: [GOOD[field], GOOD[field], float("nan")]})


def test_rejects_unknown_kind() -> None:
    with pytest.raises(InputError, match=r"^kind='straddle': expected 'put' or 'call'$"):
        price_with(kind="straddle")


def test_rejects_unknown_kind_in_array_naming_the_element() -> None:
    with pytest.raises(InputError, match=r"^kind\[1\]='pot': expected 'put' or 'call'$"):
        price_with(kind=np.array(["put", "pot"]), strike=[95.0, 100.0])


def test_rejects_numeric_kind_array() -> None:
    with pytest.raises(InputError, match=r"^kind='int64': expected 'put', 'call', an array of them, or a boolean"):
        price_with(kind=np.array([0, 1]))


def test_rejects_shapes_that_do_not_broadcast() -> None:
    with pytest.raises(InputError, match=r"^shapes=.*expected shapes that broadcast together"):
        price_with(spot=np.ones(3) * 100.0, strike=np.ones(4) * 95.0)


def test_greeks_validate_too() -> None:
    with pytest.raises(InputError, match=r"^vol=20\.0"):
        bs_greeks("put", 100.0, 95.0, 0.5, 0.10, 0.05, 20.0)


def test_validate_false_skips_the_checks_but_not_the_kind() -> None:
    assert np.isfinite(bs_price("put", 100.0, 95.0, 0.5, 0.10, 0.05, 20.0, validate=False))  # a 2000% vol
    with pytest.raises(InputError, match=r"^kind='straddle'"):
        bs_price("straddle", 100.0, 95.0, 0.5, 0.10, 0.05, 0.2, validate=False)

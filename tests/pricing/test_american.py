"""Tests of pricing.american: the Bjerksund–Stensland (2002) fast path, held to QuantLib and published values.

* Accuracy: a few hundred random puts and calls over the documented domain against QuantLib's
  ``QdFpAmericanEngine`` (the reference), within the bound the module documents; the fast path is a lower bound.
* Exactness of the implementation: published BS2002 values (NAG, an independent open-source implementation), a
  plain-Python scalar twin written straight from Haug's formulas, and the vectorized bivariate normal against
  scipy.
* Properties: above European and intrinsic, European where early exercise is never optimal, monotone in strike,
  spot, vol and maturity, intrinsic at t = 0, homogeneous, numpy broadcasting.
* Every input check, each with its own ``pytest.raises(InputError, match=...)``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import QuantLib as ql
from scipy.stats import multivariate_normal, norm

from pricing.american import _CHUNK, _RHO, MAX_ERROR_PER_STRIKE, _bvn_cdf, _bvn_terms, american_price
from pricing.contracts import OptionKind
from pricing.errors import InputError

MEAN_ERROR_PER_STRIKE = 4.0e-4
"""Bound on the mean |error| / strike; module docstring measures 2.6e-4 over 80,000 cases."""

MAX_ERROR_PER_STRIKE_3M = 3.0e-3
"""Not a tolerance (the one used everywhere is ``MAX_ERROR_PER_STRIKE``): the module docstring's table says the
worst error found up to 3 months is 2.6e-3 x strike, and this checks that the table still describes the kernel."""

WORST_CASE = ("call", 130.0, 100.0, 730, 0.034, 0.026, 0.60)
"""The documented worst case (module docstring): t = 2, vol 0.6, spot/strike 1.3; error 6.8e-3 x strike."""

REF_TOL_PER_STRIKE = 1e-8
"""Accuracy of QdFp's high-precision scheme (the lower-bound check may not exceed it)."""

N_CASES = 300
TODAY = ql.Date(15, 1, 2025)
DAY_COUNT = ql.Actual365Fixed()


# --------------------------------------------------------------------------------------------------------------
# QuantLib reference
# --------------------------------------------------------------------------------------------------------------


def _ql_price(kind: str, spot: float, strike: float, days: int, r: float, q: float, vol: float, engine: str) -> float:
    """QuantLib price of one option; ``engine`` is "qdfp", "fd", "bs1993" (American) or "european"."""
    ql.Settings.instance().evaluationDate = TODAY
    maturity = TODAY + int(days)
    payoff = ql.PlainVanillaPayoff(ql.Option.Call if kind == "call" else ql.Option.Put, strike)
    exercise = ql.EuropeanExercise(maturity) if engine == "european" else ql.AmericanExercise(TODAY, maturity)
    process = ql.BlackScholesMertonProcess(
        ql.QuoteHandle(ql.SimpleQuote(spot)),
        ql.YieldTermStructureHandle(ql.FlatForward(TODAY, q, DAY_COUNT, ql.Continuous)),
        ql.YieldTermStructureHandle(ql.FlatForward(TODAY, r, DAY_COUNT, ql.Continuous)),
        ql.BlackVolTermStructureHandle(ql.BlackConstantVol(TODAY, ql.NullCalendar(), vol, DAY_COUNT)),
    )
    engines = {
        "qdfp": lambda: ql.QdFpAmericanEngine(process, ql.QdFpAmericanEngine.highPrecisionScheme()),
        "fd": lambda: ql.FdBlackScholesVanillaEngine(process, 800, 800),
        "bs1993": lambda: ql.BjerksundStenslandApproximationEngine(process),
        "european": lambda: ql.AnalyticEuropeanEngine(process),
    }
    option = ql.VanillaOption(payoff, exercise)
    option.setPricingEngine(engines[engine]())
    return option.NPV()


@pytest.fixture(scope="module")
def cases() -> dict[str, np.ndarray]:
    """N_CASES random options over the documented domain, with the fast price and QuantLib's prices."""
    rng = np.random.default_rng(20250115)
    n = N_CASES
    kind = np.where(rng.random(n) < 0.5, "put", "call")
    strike = rng.uniform(20.0, 600.0, n)  # SPY-like strikes; the error is measured per unit of strike
    spot = strike * rng.uniform(0.7, 1.3, n)
    days = rng.integers(7, 731, n)
    r, q, vol = rng.uniform(0.0, 0.06, n), rng.uniform(0.0, 0.04, n), rng.uniform(0.08, 0.6, n)
    out = {"kind": kind, "spot": spot, "strike": strike, "days": days, "t": days / 365.0, "r": r, "q": q, "vol": vol}
    out["fast"] = american_price(kind, spot, strike, days / 365.0, r, q, vol)
    for engine in ("qdfp", "bs1993", "european"):
        out[engine] = np.array(
            [_ql_price(kind[i], spot[i], strike[i], days[i], r[i], q[i], vol[i], engine) for i in range(n)]
        )
    return out


def _describe(cases: dict[str, np.ndarray], i: int) -> str:
    keys = ("kind", "spot", "strike", "t", "r", "q", "vol", "fast", "qdfp")
    return ", ".join(f"{k}={cases[k][i]}" for k in keys)


# --------------------------------------------------------------------------------------------------------------
# Accuracy against QuantLib
# --------------------------------------------------------------------------------------------------------------


def test_error_against_quantlib_qdfp_is_within_documented_bound(cases) -> None:
    err = np.abs(cases["fast"] - cases["qdfp"]) / cases["strike"]
    i = int(np.argmax(err))
    assert err[i] <= MAX_ERROR_PER_STRIKE, f"worst: {_describe(cases, i)}, error/strike={err[i]:.3e}"
    assert err.mean() <= MEAN_ERROR_PER_STRIKE, f"mean error/strike {err.mean():.3e}"


def test_error_for_short_maturities_is_within_the_tighter_bound(cases) -> None:
    short = cases["days"] <= 91
    err = np.abs(cases["fast"] - cases["qdfp"])[short] / cases["strike"][short]
    assert short.sum() >= 20 and err.max() <= MAX_ERROR_PER_STRIKE_3M, f"max {err.max():.3e} over {short.sum()}"


def test_fast_path_is_a_lower_bound_of_the_american_value(cases) -> None:
    excess = (cases["fast"] - cases["qdfp"]) / cases["strike"]
    i = int(np.argmax(excess))
    assert excess[i] <= REF_TOL_PER_STRIKE, f"{_describe(cases, i)} prices above QuantLib by {excess[i]:.3e}"


def test_documented_worst_case_is_reproduced_and_within_bound() -> None:
    kind, spot, strike, days, r, q, vol = WORST_CASE
    ref = _ql_price(kind, spot, strike, days, r, q, vol, "qdfp")
    err = abs(float(american_price(kind, spot, strike, days / 365.0, r, q, vol)) - ref) / strike
    assert 6.5e-3 <= err <= MAX_ERROR_PER_STRIKE, f"worst case error/strike {err:.4e}, documented 6.8e-3"


def test_more_accurate_than_quantlib_bs1993_on_average(cases) -> None:
    ours = np.abs(cases["fast"] - cases["qdfp"]) / cases["strike"]
    bs93 = np.abs(cases["bs1993"] - cases["qdfp"]) / cases["strike"]
    better = np.mean(ours <= bs93 + 1e-12)
    assert ours.mean() < bs93.mean(), f"mean error 2002 {ours.mean():.3e} vs 1993 {bs93.mean():.3e}"
    assert better >= 0.85, f"2002 closer in {better:.0%} of cases (documented: 94%)"


@pytest.mark.parametrize(
    "case",
    [
        ("put", 86.61, 100.0, 532, 0.0582, 0.0206, 0.140),
        ("put", 80.0, 100.0, 365, 0.05, 0.0, 0.30),
        ("call", 120.0, 100.0, 200, 0.04, 0.04, 0.25),
        ("call", 95.0, 100.0, 60, 0.01, 0.03, 0.50),
    ],
)
def test_reference_engine_agrees_with_fine_finite_differences(case) -> None:
    qdfp, fd = _ql_price(*case, engine="qdfp"), _ql_price(*case, engine="fd")
    assert abs(qdfp - fd) <= 2e-5 * case[2], f"{case}: QdFp {qdfp}, FD 800x800 {fd}"  # module docstring claim


# --------------------------------------------------------------------------------------------------------------
# Published values and the plain-Python twin
# --------------------------------------------------------------------------------------------------------------


def test_nag_s30qc_example() -> None:
    # NAG Library s30qcc/s30qcf example program results: call, S 110, X 100, T 0.25, sigma 0.2, r 0.08, q 0.12
    # -> 10.3340 (4 decimals, so tol 5e-5).
    calculated = float(american_price("call", 110.0, 100.0, 0.25, 0.08, 0.12, 0.20))
    assert abs(calculated - 10.3340) <= 5e-5, f"calculated {calculated}, expected 10.3340"


@pytest.mark.parametrize(
    ("spot", "vol", "expected"),
    [(90.0, 0.15, 10.5400), (100.0, 0.25, 6.7661), (110.0, 0.35, 5.8374)],
)
def test_puts_on_futures_match_gbs_py(spot, vol, expected) -> None:
    # Test values of the BS2002 implementation in D. Edwards' GBS.py (github.com/dedwards25/Python_Option_Pricing):
    # put, X 100, T 0.5, r 0.1, b 0 (an option on a future: q = r). 4 decimals, so tol 5e-5.
    calculated = float(american_price("put", spot, 100.0, 0.5, 0.10, 0.10, vol))
    assert abs(calculated - expected) <= 5e-5, f"spot={spot}, vol={vol}: calculated {calculated}, expected {expected}"


def _twin_phi(s, t, g, h, i, r, b, v):
    d = -(math.log(s / h) + (b + (g - 0.5) * v * v) * t) / (v * math.sqrt(t))
    kappa = 2 * b / v**2 + 2 * g - 1
    lam = (-r + g * b + 0.5 * g * (g - 1) * v * v) * t
    return (
        math.exp(lam) * s**g * (norm.cdf(d) - (i / s) ** kappa * norm.cdf(d - 2 * math.log(i / s) / (v * math.sqrt(t))))
    )


def _twin_m(a, b, rho):
    return float(multivariate_normal(mean=[0.0, 0.0], cov=[[1.0, rho], [rho, 1.0]]).cdf([a, b]))


def _twin_psi(s, t2, g, h, i2, i1, t1, r, b, v):
    c, vt1, vt2 = b + (g - 0.5) * v * v, v * math.sqrt(t1), v * math.sqrt(t2)
    e1, e2 = (math.log(s / i1) + c * t1) / vt1, (math.log(i2**2 / (s * i1)) + c * t1) / vt1
    e3, e4 = (math.log(s / i1) - c * t1) / vt1, (math.log(i2**2 / (s * i1)) - c * t1) / vt1
    f1, f2 = (math.log(s / h) + c * t2) / vt2, (math.log(i2**2 / (s * h)) + c * t2) / vt2
    f3, f4 = (math.log(i1**2 / (s * h)) + c * t2) / vt2, (math.log(s * i1**2 / (h * i2**2)) + c * t2) / vt2
    rho, kappa = math.sqrt(t1 / t2), 2 * b / v**2 + 2 * g - 1
    lam = -r + g * b + 0.5 * g * (g - 1) * v * v
    return (
        math.exp(lam * t2)
        * s**g
        * (
            _twin_m(-e1, -f1, rho)
            - (i2 / s) ** kappa * _twin_m(-e2, -f2, rho)
            - (i1 / s) ** kappa * _twin_m(-e3, -f3, -rho)
            + (i1 / i2) ** kappa * _twin_m(-e4, -f4, -rho)
        )
    )


def _twin_call(s, x, t, r, b, v):
    """Haug (2007) section 3.1.4, written out term by term in plain Python (scalar, no rescaling)."""
    d1 = (math.log(s / x) + (b + v * v / 2) * t) / (v * math.sqrt(t))
    european = s * math.exp((b - r) * t) * norm.cdf(d1) - x * math.exp(-r * t) * norm.cdf(d1 - v * math.sqrt(t))
    if b >= r:
        return european
    t1 = 0.5 * (math.sqrt(5) - 1) * t
    beta = (0.5 - b / v**2) + math.sqrt((b / v**2 - 0.5) ** 2 + 2 * r / v**2)
    b_inf, b_0 = beta / (beta - 1) * x, max(x, r / (r - b) * x)
    i1 = b_0 + (b_inf - b_0) * (1 - math.exp(-(b * t1 + 2 * v * math.sqrt(t1)) * x * x / ((b_inf - b_0) * b_0)))
    i2 = b_0 + (b_inf - b_0) * (1 - math.exp(-(b * t + 2 * v * math.sqrt(t)) * x * x / ((b_inf - b_0) * b_0)))
    if s >= i2:
        return max(s - x, european)
    a1, a2 = (i1 - x) * i1**-beta, (i2 - x) * i2**-beta
    value = (
        a2 * s**beta
        - a2 * _twin_phi(s, t1, beta, i2, i2, r, b, v)
        + _twin_phi(s, t1, 1, i2, i2, r, b, v)
        - _twin_phi(s, t1, 1, i1, i2, r, b, v)
        - x * _twin_phi(s, t1, 0, i2, i2, r, b, v)
        + x * _twin_phi(s, t1, 0, i1, i2, r, b, v)
        + a1 * _twin_phi(s, t1, beta, i1, i2, r, b, v)
        - a1 * _twin_psi(s, t, beta, i1, i2, i1, t1, r, b, v)
        + _twin_psi(s, t, 1, i1, i2, i1, t1, r, b, v)
        - _twin_psi(s, t, 1, x, i2, i1, t1, r, b, v)
        - x * _twin_psi(s, t, 0, i1, i2, i1, t1, r, b, v)
        + x * _twin_psi(s, t, 0, x, i2, i1, t1, r, b, v)
    )
    return max(value, european, s - x)


def test_vectorized_kernel_equals_plain_python_twin() -> None:
    rng = np.random.default_rng(7)
    n = 40
    kind = np.where(np.arange(n) % 2 == 0, "put", "call")
    strike = rng.uniform(50.0, 500.0, n)
    spot = strike * rng.uniform(0.6, 1.5, n)  # a little beyond the accuracy domain: exactness, not accuracy
    t, r, q, vol = (
        rng.uniform(0.01, 3.0, n),
        rng.uniform(-0.01, 0.08, n),
        rng.uniform(-0.01, 0.06, n),
        rng.uniform(0.05, 0.8, n),
    )
    fast = american_price(kind, spot, strike, t, r, q, vol)
    for i in range(n):
        if kind[i] == "call":
            twin = _twin_call(spot[i], strike[i], t[i], r[i], r[i] - q[i], vol[i])
        else:  # Bjerksund-Stensland put-call transformation P(S, X, T, r, b) = C(X, S, T, r - b, -b)
            twin = _twin_call(strike[i], spot[i], t[i], q[i], q[i] - r[i], vol[i])
        assert abs(fast[i] - twin) <= 1e-11 * strike[i], f"case {i}: fast {fast[i]}, twin {twin}"


def test_blocks_of_a_long_array_price_like_single_options() -> None:
    rng = np.random.default_rng(3)
    n = 2 * _CHUNK + 17  # crosses the block boundaries of the bivariate-normal part
    spot, t = 100.0 * rng.uniform(0.7, 1.3, n), rng.uniform(0.02, 2.0, n)
    r, q, vol = rng.uniform(0.0, 0.06, n), rng.uniform(0.0, 0.04, n), rng.uniform(0.08, 0.6, n)
    kind = np.where(rng.random(n) < 0.5, "put", "call")
    whole = american_price(kind, spot, 100.0, t, r, q, vol)
    for i in (0, _CHUNK - 1, _CHUNK, _CHUNK + 1, 2 * _CHUNK, n - 1, *rng.integers(0, n, 20)):
        single = float(american_price(kind[i], spot[i], 100.0, t[i], r[i], q[i], vol[i]))
        assert whole[i] == pytest.approx(single, rel=1e-14, abs=1e-14), f"index {i}"


@pytest.mark.parametrize("rho", [_RHO, -_RHO, 0.0, 0.45, -0.8])
def test_bivariate_normal_matches_scipy(rho) -> None:
    rng = np.random.default_rng(11)
    a, b = rng.normal(0.0, 2.5, 500), rng.normal(0.0, 2.5, 500)
    ours = _bvn_cdf(a, b, rho)
    reference = multivariate_normal(mean=[0.0, 0.0], cov=[[1.0, rho], [rho, 1.0]]).cdf(np.column_stack([a, b]))
    assert np.max(np.abs(ours - reference)) <= 1e-13, f"rho={rho}: max diff {np.max(np.abs(ours - reference))}"


def test_bivariate_normal_refuses_correlations_it_is_not_accurate_for() -> None:
    with pytest.raises(ValueError, match=r"rho=0\.9: the 12-point rule is accurate only for \|rho\| <= 0\.8"):
        _bvn_terms(0.9)


# --------------------------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------------------------


def test_never_below_european_nor_intrinsic(cases) -> None:
    intrinsic = np.where(cases["kind"] == "call", cases["spot"] - cases["strike"], cases["strike"] - cases["spot"])
    assert np.all(cases["fast"] >= cases["european"] - 1e-12 * cases["strike"])  # European from QuantLib
    assert np.all(cases["fast"] >= np.maximum(intrinsic, 0.0))


@pytest.mark.parametrize("q", [0.0, -0.01])
def test_call_without_dividend_equals_the_european_call(q) -> None:
    spots, days, r, vol = (70.0, 100.0, 130.0), 300, 0.05, 0.3
    fast = american_price("call", spots, 100.0, days / 365.0, r, q, vol)
    for s, calculated in zip(spots, fast, strict=True):
        expected = _ql_price("call", s, 100.0, days, r, q, vol, "european")  # QuantLib AnalyticEuropeanEngine
        assert abs(calculated - expected) <= 1e-10, f"spot={s}: calculated {calculated}, expected {expected}"


def test_put_at_zero_rate_equals_the_european_put() -> None:
    fast = american_price("put", 90.0, 100.0, 1.0, 0.0, 0.02, 0.25)
    expected = _ql_price("put", 90.0, 100.0, 365, 0.0, 0.02, 0.25, "european")
    assert abs(float(fast) - expected) <= 1e-10, f"calculated {float(fast)}, expected {expected}"


def test_put_is_increasing_in_strike_and_vol_and_decreasing_in_spot() -> None:
    grid = np.linspace(70.0, 130.0, 241)
    for t, r, q, vol in ((7 / 365, 0.05, 0.0, 0.2), (0.5, 0.03, 0.01, 0.4), (2.0, 0.06, 0.04, 0.6)):
        assert np.diff(american_price("put", 100.0, grid, t, r, q, vol)).min() >= -1e-12, "strike"
        assert np.diff(american_price("put", grid, 100.0, t, r, q, vol)).max() <= 1e-12, "spot"
        vols = np.linspace(0.08, 0.6, 105)
        assert np.diff(american_price("put", [[80.0], [100.0], [120.0]], 100.0, t, r, q, vols)).min() >= -1e-12


def test_price_is_increasing_in_maturity() -> None:
    t = np.linspace(7 / 365, 2.0, 200)
    for kind in ("put", "call"):
        assert np.diff(american_price(kind, 95.0, 100.0, t, 0.05, 0.03, 0.3)).min() >= -1e-12, kind


def test_zero_maturity_gives_intrinsic_exactly() -> None:
    prices = american_price(["put", "put", "call", "call"], [90.0, 110.0, 90.0, 110.0], 100.0, 0.0, 0.05, 0.02, 0.3)
    assert prices.tolist() == [10.0, 0.0, 0.0, 10.0]


def test_price_is_homogeneous_in_spot_and_strike() -> None:
    base = american_price(["put", "call"], 95.0, 100.0, 0.75, 0.04, 0.015, 0.22)
    scaled = american_price(["put", "call"], 95.0 * 54.0, 100.0 * 54.0, 0.75, 0.04, 0.015, 0.22)
    np.testing.assert_allclose(scaled, 54.0 * base, rtol=1e-13)


def test_broadcasting_shapes_and_values() -> None:
    kind = np.array(["put", "call"]).reshape(2, 1, 1)
    spot = np.array([90.0, 100.0, 110.0]).reshape(1, 3, 1)
    strike = np.array([95.0, 100.0, 105.0, 110.0])
    prices = american_price(kind, spot, strike, 0.5, 0.04, 0.01, 0.25)
    assert prices.shape == (2, 3, 4)
    single = float(american_price("call", 110.0, 95.0, 0.5, 0.04, 0.01, 0.25))
    assert prices[1, 2, 0] == pytest.approx(single, rel=1e-14)


def test_scalar_inputs_give_a_zero_dimensional_array() -> None:
    price = american_price("put", 100.0, 100.0, 1.0, 0.05, 0.0, 0.2)
    assert isinstance(price, np.ndarray) and price.shape == ()


def test_kind_accepts_enum_and_any_case_and_validate_false_gives_same_prices() -> None:
    args = ([95.0, 105.0], 100.0, 0.5, 0.05, 0.02, 0.3)
    expected = american_price(["put", "call"], *args)
    np.testing.assert_array_equal(american_price([OptionKind.PUT, "CALL"], *args), expected)
    np.testing.assert_array_equal(american_price(np.array([" Put", "call"]), *args, validate=False), expected)
    np.testing.assert_array_equal(american_price(np.array([False, True]), *args), expected)  # is_call, as bs_price


def test_prices_stay_finite_far_outside_the_measured_domain() -> None:
    vols = np.array([1e-3, 0.01, 1.0, 2.0])[:, None]
    prices = american_price(["put", "call"], [[50.0, 5000.0]], 100.0, [[1e-6, 50.0]], 0.5, 0.3, vols)
    assert np.all(np.isfinite(prices)) and np.all(prices >= 0.0)


# --------------------------------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------------------------------

GOOD = {"kind": "put", "spot": 100.0, "strike": 100.0, "t": 0.5, "r": 0.04, "q": 0.01, "vol": 0.2}


def _call_with(**bad):
    return american_price(**{**GOOD, **bad})


def test_rejects_unknown_kind() -> None:
    with pytest.raises(InputError, match=r"kind='pot': expected 'put' or 'call'"):
        _call_with(kind="pot")


def test_rejects_unknown_kind_in_an_array_even_without_validation() -> None:
    with pytest.raises(InputError, match=r"kind\[1\]='straddle': expected 'put' or 'call'"):
        american_price(["put", "straddle"], 100.0, 100.0, 0.5, 0.04, 0.01, 0.2, validate=False)


def test_rejects_non_positive_spot() -> None:
    with pytest.raises(InputError, match=r"spot=0\.0: expected a number > 0"):
        _call_with(spot=0.0)


def test_names_the_bad_element_of_a_spot_array() -> None:
    with pytest.raises(InputError, match=r"spot\[1\]=-5\.0: expected a number > 0"):
        _call_with(spot=[100.0, -5.0])


def test_rejects_nan_spot() -> None:
    with pytest.raises(InputError, match=r"spot=nan: expected a finite number"):
        _call_with(spot=float("nan"))


def test_rejects_non_positive_strike() -> None:
    with pytest.raises(InputError, match=r"strike=-1\.0: expected a number > 0"):
        _call_with(strike=-1.0)


def test_rejects_non_numeric_strike() -> None:
    with pytest.raises(InputError, match=r"strike='abc': expected a number"):
        _call_with(strike="abc")


def test_rejects_negative_maturity() -> None:
    with pytest.raises(InputError, match=r"t=-0\.1: expected a number >= 0"):
        _call_with(t=-0.1)


def test_rejects_rate_given_in_percent() -> None:
    with pytest.raises(InputError, match=r"r=5\.0: expected a decimal such as 0\.04 \(5\.0 looks like a percentage\)"):
        _call_with(r=5.0)


def test_rejects_dividend_yield_given_in_percent() -> None:
    with pytest.raises(InputError, match=r"q=4\.0: expected a decimal such as 0\.04 \(4\.0 looks like a percentage\)"):
        _call_with(q=4.0)


def test_rejects_vol_given_in_percent() -> None:
    with pytest.raises(InputError, match=r"vol=20\.0: expected a decimal such as 0\.20 \(20\.0 looks like a percent"):
        _call_with(vol=20.0)


def test_rejects_zero_vol() -> None:
    with pytest.raises(InputError, match=r"vol=0\.0: expected a volatility > 0, such as 0\.20"):
        _call_with(vol=0.0)


def test_rejects_shapes_that_do_not_broadcast() -> None:
    with pytest.raises(InputError, match=r"shapes=.*: expected shapes that broadcast together"):
        _call_with(spot=[90.0, 100.0], strike=[90.0, 100.0, 110.0])

"""Tests of pricing.ssvi: hand values, validation, and no static arbitrage — shown, and shown to be detectable.

The arbitrage checks are written once, below, from definitions and independently of the class:

* butterflies: Durrleman's g(k) >= 0 with w' and w'' by central differences of the total variance, and call
  prices from the project's Black–Scholes kernel that decrease and are convex in the strike;
* calendar spreads: total variance non-decreasing in t at fixed log-forward-moneyness k.

They pass on the embedded SPX and NKY surfaces and on random admissible parameters (Hypothesis), and they fail on a
parameter set Gatheral and Jacquier's conditions forbid and on the old parametric surface, so they can fail.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pricing.black_scholes import bs_price
from pricing.errors import InputError
from pricing.market import DEFAULT_DIVIDEND_YIELDS, DEFAULT_RATES, NKY_SURFACE, PARAMETRIC_SURFACES, SPX_SURFACE
from pricing.ssvi import SSVISurface, max_theta_phi_squared
from pricing.vol_surface import MIN_T, VolSurface

TENORS = np.array([1, 2, 3, 5, 7, 10, 14, 21, 30, 46, 60, 91, 122, 182, 273, 365, 548, 730, 1095, 1825]) / 365.0
K_GRID = np.linspace(-1.5, 1.0, 5001)  # log-forward-moneyness: strikes from 22% to 272% of the forward
EMBEDDED = {"SPX": (SPX_SURFACE, "USD"), "NKY": (NKY_SURFACE, "JPY")}


# ----------------------------------------------------------------------------------------------------------------
# The checks, from definitions
# ----------------------------------------------------------------------------------------------------------------

def total_variance(surface: VolSurface, carry: float, k: np.ndarray, t: float) -> np.ndarray:
    """w(k, t) = sigma(K/S, t)^2 t read off any surface, with K/S = exp(k + carry t)."""
    return np.asarray(surface.vol(np.exp(k + carry * t), t)) ** 2 * t


def durrleman_g_fd(surface: VolSurface, carry: float, k: np.ndarray, t: float, h: float = 1e-4) -> np.ndarray:
    """Durrleman's g (Gatheral-Jacquier eq. 2.1) with w', w'' by central differences of step h in k."""
    w0, up, down = (total_variance(surface, carry, k + d, t) for d in (0.0, h, -h))
    w1, w2 = (up - down) / (2 * h), (up - 2 * w0 + down) / h**2
    return (1 - k * w1 / (2 * w0)) ** 2 - w1**2 / 4 * (1 / w0 + 0.25) + w2 / 2


def call_violations(surface: VolSurface, r: float, q: float, t: float) -> tuple[float, float]:
    """Largest rise and largest concavity of Black-Scholes call prices on a uniform strike grid (spot 1).

    Returns (max of C(K_i+1) - C(K_i), -min of C(K_i+1) - 2 C(K_i) + C(K_i-1)); both <= 0 up to rounding when
    there is no butterfly arbitrage (prices decrease and are convex in the strike).
    """
    strikes = np.linspace(0.25, 2.5, 4501)
    vols = np.asarray(surface.vol(strikes, t))
    calls = bs_price("call", 1.0, strikes, t, r, q, vols, validate=False)
    return float(np.diff(calls).max()), float(-np.diff(calls, 2).min())


def calendar_drop(surface: VolSurface, carry: float, k: np.ndarray = K_GRID, tenors: np.ndarray = TENORS) -> float:
    """Largest fall of total variance from one tenor to the next at fixed k (<= 0: no calendar arbitrage)."""
    w = np.array([total_variance(surface, carry, k, t) for t in tenors])
    return float(-np.diff(w, axis=0).min())


ROUNDING = 1e-13  # price noise: bs_price keeps about 1e-16 of its terms, so differences of ~1 carry ~1e-15


# ----------------------------------------------------------------------------------------------------------------
# Hand values
# ----------------------------------------------------------------------------------------------------------------

HAND = SSVISurface(atm_short=0.20, atm_long=0.20, rho=-0.5, eta=1.0, gamma=0.5, carry=0.0)


def test_hand_values_flat_term_structure():
    # sigma_0 = sigma_inf = 0.20: theta_t = 0.04 t. At t = 0.25: theta = 0.01.
    # phi = 1 / (0.01**0.5 * 1.01**0.5) = 1 / (0.1 * 1.004987562) = 9.950371902.
    # k = 0.1: phi k = 0.9950371902; (phi k + rho)^2 = 0.4950371902^2 = 0.2450618197; + 1 - 0.25 -> 0.9950618197;
    # sqrt = 0.9975278541; rho phi k = -0.4975185951; w = 0.005 * (1 - 0.4975185951 + 0.9975278541) = 0.0075000463.
    assert float(HAND.theta(0.25)) == pytest.approx(0.01, abs=1e-15)
    assert float(HAND.phi(0.01)) == pytest.approx(9.950371902, abs=1e-8)
    assert float(HAND.total_variance(0.1, 0.25)) == pytest.approx(0.0075000463, abs=1e-10)
    # at the money w = theta: the ATM-forward vol is 0.20 at every tenor
    np.testing.assert_allclose(HAND.atm_forward([0.01, 0.5, 3.0]), 0.20, rtol=1e-14)


def test_hand_value_mean_reverting_term_structure():
    # theta(1) = 0.0324 + (0.0289 - 0.0324) (1 - e^-2) / 2 = 0.0324 - 0.0035 * 0.4323323584 = 0.0308868367.
    s = SSVISurface(atm_short=0.17, atm_long=0.18, rho=-0.55, eta=1.8, gamma=0.4, carry=0.027)
    assert float(s.theta(1.0)) == pytest.approx(0.0308868367, abs=1e-10)
    # d theta / dt = 0.0324 - 0.0035 e^{-2t}: between 0.0289 and 0.0324, so theta increases
    t = np.linspace(0.0, 10.0, 2001)
    assert np.all(np.diff(s.theta(t)) >= 0.0)


def test_vol_is_sqrt_of_total_variance_at_log_forward_moneyness():
    s = SPX_SURFACE
    m, t = np.array([[0.8], [1.0], [1.2]]), np.array([7 / 365, 0.5, 2.0])
    k = np.log(m) - s.carry * t  # the forward is S e^{(r-q)t}
    expected = np.sqrt(s.total_variance(k, t) / t)
    np.testing.assert_allclose(s.vol(m, t), expected, rtol=1e-15)
    assert s.vol(m, t).shape == (3, 3)
    # at K = F the vol is the ATM-forward vol; at K = S the ATM-spot vol
    np.testing.assert_allclose(s.vol(np.exp(s.carry * t), t), s.atm_forward(t), rtol=1e-14)
    np.testing.assert_array_equal(s.atm(t), s.vol(1.0, t))


def test_short_times_clamp_at_one_day():
    assert float(SPX_SURFACE.vol(0.95, 0.0)) == float(SPX_SURFACE.vol(0.95, MIN_T))
    assert float(SPX_SURFACE.vol(0.95, 1e-9)) == float(SPX_SURFACE.vol(0.95, MIN_T))


def test_satisfies_the_protocol():
    assert isinstance(SPX_SURFACE, VolSurface)


def test_max_theta_phi_squared_hand_values():
    # gamma = 0.25: theta* = 0.5, m = 0.5**0.5 * 1.5**-1.5 = 0.7071067812 * 0.5443310540 = 0.3849001795.
    m, where = max_theta_phi_squared(0.25)
    assert (m, where) == (pytest.approx(0.3849001795, abs=1e-10), 0.5)
    # and it is the maximum: theta^(1-2g) (1+theta)^(2g-2) on a dense grid never exceeds it
    theta = np.geomspace(1e-8, 1e4, 200001)
    assert (theta**0.5 * (1 + theta) ** -1.5).max() == pytest.approx(m, rel=1e-8)


def test_analytic_durrleman_g_matches_finite_differences():
    for t in (2 / 365, 30 / 365, 1.0, 5.0):
        analytic = SPX_SURFACE.durrleman_g(K_GRID, t)
        numeric = durrleman_g_fd(SPX_SURFACE, SPX_SURFACE.carry, K_GRID, t)
        np.testing.assert_allclose(analytic, numeric, atol=2e-5 * max(1.0, float(np.abs(analytic).max())))


# ----------------------------------------------------------------------------------------------------------------
# Validation: one test per refusal
# ----------------------------------------------------------------------------------------------------------------

GOOD = {"atm_short": 0.17, "atm_long": 0.18, "rho": -0.55, "eta": 1.8, "gamma": 0.4}


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"atm_short": 17.0}, r"^atm_short=17.0: expected a decimal such as 0.20 \(17.0 looks like a percentage\)$"),
        ({"atm_long": 0.0}, r"^atm_long=0.0: expected a volatility > 0"),
        ({"rho": -1.0}, r"^rho=-1.0: expected a correlation strictly between -1 and 1"),
        ({"rho": 1.3}, r"^rho=1.3: expected a correlation strictly between -1 and 1"),
        ({"eta": 0.0}, r"^eta=0.0: expected a number > 0$"),
        ({"gamma": 0.0}, r"^gamma=0.0: expected a power in \(0, 0.5\] \(the power-law curvature takes gamma > 0"),
        ({"gamma": 1.2}, r"^gamma=1.2: expected a power in \(0, 0.5\] \(.*calendar condition, Theorem 4.1\)$"),
        ({"gamma": 0.7}, r"^gamma=0.7: expected a power in \(0, 0.5\] \(above 0.5 .* butterfly condition, Theorem 4.2"),
        ({"mean_reversion": 0.0}, r"^mean_reversion=0.0: expected a number > 0$"),
        ({"carry": 2.7}, r"^carry=2.7: expected a decimal such as 0.04 \(2.7 looks like a percentage\)$"),
    ],
)
def test_validation(change, match):
    with pytest.raises(InputError, match=match):
        SSVISurface(**(GOOD | change))


def test_butterfly_condition_on_theta_phi_refused_naming_it():
    # rho = -0.55, gamma = 0.4, eta = 3: theta phi (1+|rho|) -> eta (1+|rho|) = 4.65 > 4 as theta grows.
    # The largest eta allowed: min(4 / 1.55, sqrt(4 / (1.55 m(0.4)))), m(0.4) = 0.2**0.2 * 1.2**-1.2 = 0.5824.
    # sqrt(4 / (1.55 * 0.5824)) = 2.1050 < 4 / 1.55 = 2.5806.
    with pytest.raises(InputError, match=r"^eta=3.0: expected at most 2.1050 with rho=-0.55, gamma=0.4 "
                                         r"\(theta\*phi\(theta\)\*\(1\+\|rho\|\) tends to 4.65 > 4 .*Theorem 4.2\)$"):
        SSVISurface(**(GOOD | {"eta": 3.0}))


def test_butterfly_condition_on_theta_phi_squared_refused_naming_it():
    # eta = 2.3: eta (1+|rho|) = 3.565 <= 4, but eta^2 (1+|rho|) m(0.4) = 5.29 * 1.55 * 0.5824 = 4.78 > 4,
    # reached at theta* = 1 - 2 * 0.4 = 0.2.
    with pytest.raises(InputError, match=r"reaches 4.78 > 4 at theta=0.2: the Gatheral-Jacquier butterfly"):
        SSVISurface(**(GOOD | {"eta": 2.3}))


def test_largest_admissible_eta_is_accepted():
    m, _ = max_theta_phi_squared(0.4)
    limit = math.sqrt(4 / (1.55 * m))
    SSVISurface(**(GOOD | {"eta": limit * (1 - 1e-12)}))
    with pytest.raises(InputError):
        SSVISurface(**(GOOD | {"eta": limit * (1 + 1e-9)}))


# ----------------------------------------------------------------------------------------------------------------
# No arbitrage on the embedded surfaces
# ----------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("index", sorted(EMBEDDED))
def test_embedded_surface_butterfly_free_durrleman(index):
    surface, _ = EMBEDDED[index]
    for t in TENORS:
        g = surface.durrleman_g(K_GRID, t)
        assert g.min() > 0.0, f"{index} t={t * 365:.0f}d: g={g.min():.3g} at k={K_GRID[np.argmin(g)]:.3f}"
        assert durrleman_g_fd(surface, surface.carry, K_GRID, t).min() > 0.0


@pytest.mark.parametrize("index", sorted(EMBEDDED))
def test_embedded_surface_call_prices_decrease_and_are_convex(index):
    surface, ccy = EMBEDDED[index]
    r, q = DEFAULT_RATES[ccy], DEFAULT_DIVIDEND_YIELDS[index]
    assert surface.carry == pytest.approx(r - q, abs=1e-15)  # the surface is centred on the market's forward
    for t in TENORS:
        rise, concavity = call_violations(surface, r, q, t)
        assert rise <= ROUNDING and concavity <= ROUNDING, f"{index} t={t * 365:.0f}d: {rise=:.3g} {concavity=:.3g}"


@pytest.mark.parametrize("index", sorted(EMBEDDED))
def test_embedded_surface_calendar_free(index):
    surface, _ = EMBEDDED[index]
    assert calendar_drop(surface, surface.carry) <= 0.0
    # and at the class's own total variance, on a dense time grid
    t = np.linspace(MIN_T, 5.0, 3001)[:, None]
    assert np.all(np.diff(surface.total_variance(K_GRID[None, ::50], t), axis=0) >= 0.0)


# ----------------------------------------------------------------------------------------------------------------
# No arbitrage for any admissible parameters (Hypothesis)
# ----------------------------------------------------------------------------------------------------------------

@st.composite
def admissible(draw):
    rho = draw(st.floats(-0.95, 0.95))
    gamma = draw(st.floats(0.05, 0.5))
    m, _ = max_theta_phi_squared(gamma)
    eta_max = min(4 / (1 + abs(rho)), math.sqrt(4 / ((1 + abs(rho)) * m)))
    return SSVISurface(atm_short=draw(st.floats(0.05, 0.8)), atm_long=draw(st.floats(0.05, 0.8)), rho=rho,
                       eta=draw(st.floats(0.02, 1.0)) * eta_max * (1 - 1e-9), gamma=gamma,
                       mean_reversion=draw(st.floats(0.1, 10.0)), carry=draw(st.floats(-0.05, 0.05)))


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW_TENORS = np.array([1, 7, 30, 91, 365, 1825]) / 365.0


@PROPERTY
@given(admissible())
def test_random_admissible_surface_butterfly_free(surface):
    for t in FEW_TENORS:
        assert surface.durrleman_g(K_GRID, t).min() >= -1e-12, (surface, t)


@PROPERTY
@given(admissible())
def test_random_admissible_surface_calls_decrease_and_are_convex(surface):
    r = 0.03
    for t in FEW_TENORS:
        rise, concavity = call_violations(surface, r, r - surface.carry, t)
        assert rise <= ROUNDING and concavity <= ROUNDING, (surface, t, rise, concavity)


@PROPERTY
@given(admissible())
def test_random_admissible_surface_calendar_free(surface):
    assert calendar_drop(surface, surface.carry, tenors=FEW_TENORS) <= 1e-15


# ----------------------------------------------------------------------------------------------------------------
# The checks can fail
# ----------------------------------------------------------------------------------------------------------------

class RawSSVI:
    """The SSVI formula with no validation, so that forbidden parameters can be evaluated."""

    def __init__(self, theta_of_t, rho: float, eta: float, gamma: float) -> None:
        self.theta_of_t, self.rho, self.eta, self.gamma = theta_of_t, rho, eta, gamma

    def vol(self, moneyness, t):
        k, th = np.log(np.asarray(moneyness, dtype=float)), self.theta_of_t(t)
        phi = self.eta / (th**self.gamma * (1 + th) ** (1 - self.gamma))
        w = th / 2 * (1 + self.rho * phi * k + np.sqrt((phi * k + self.rho) ** 2 + 1 - self.rho**2))
        return np.sqrt(w / t)


def test_forbidden_butterfly_parameters_fail_the_checks_and_are_refused():
    # rho = -0.9, eta = 4, gamma = 0.5: theta phi^2 (1+|rho|) = 16 * 1.9 / (1 + theta) ~ 30 >> 4 (Theorem 4.2),
    # and theta phi (1+|rho|) -> 7.6 > 4. Durrleman's g goes negative and call prices stop being convex.
    raw = RawSSVI(lambda t: 0.04 * t, rho=-0.9, eta=4.0, gamma=0.5)
    g = durrleman_g_fd(raw, 0.0, K_GRID, 30 / 365)
    assert g.min() < -0.1
    rise, concavity = call_violations(raw, 0.0, 0.0, 30 / 365)
    assert concavity > 1e-8  # a butterfly with a negative price
    with pytest.raises(InputError, match="butterfly condition"):
        SSVISurface(atm_short=0.2, atm_long=0.2, rho=-0.9, eta=4.0, gamma=0.5)


def test_decreasing_atm_variance_fails_the_calendar_check():
    # theta_t = 0.04 t for t <= 1, then flat at 0.04 minus 0.01 (t - 1): total variance falls after one year.
    raw = RawSSVI(lambda t: np.where(t <= 1.0, 0.04 * t, 0.04 - 0.01 * (t - 1.0)), rho=-0.5, eta=1.0, gamma=0.5)
    assert calendar_drop(raw, 0.0, tenors=np.array([0.5, 1.0, 1.5, 2.0])) > 1e-3


def test_gamma_above_one_fails_the_calendar_check_and_is_refused():
    # gamma = 1.5: theta phi = eta theta^-0.5 (1+theta)^0.5 falls as theta grows, so the wings w ~ theta phi |k|
    # shrink with maturity (Theorem 4.1 (2) fails).
    raw = RawSSVI(lambda t: 0.04 * t, rho=-0.5, eta=0.05, gamma=1.5)
    assert calendar_drop(raw, 0.0, k=np.array([-1.5, 1.0]), tenors=np.array([0.1, 0.5, 1.0])) > 0.0
    with pytest.raises(InputError, match="calendar condition"):
        SSVISurface(atm_short=0.2, atm_long=0.2, rho=-0.5, eta=0.05, gamma=1.5)


def test_old_parametric_surface_fails_the_butterfly_check_deep_in_the_put_wing():
    # Its vol is linear in ln(K/S), so total variance grows like k^2 and breaks Lee's bound w <= 2|k|: at three
    # years Durrleman's g turns negative below about 6% of the forward (the SSVI surfaces stay positive there).
    old = PARAMETRIC_SURFACES["SPX"]
    deep = np.linspace(-4.0, -2.5, 301)
    assert durrleman_g_fd(old, 0.027, deep, 3.0).min() < -0.01
    assert SPX_SURFACE.durrleman_g(deep, 3.0).min() > 0.0
    k = np.array([-20.0])
    assert float(total_variance(old, 0.027, k, 3.0)[0]) > 2 * 20  # Lee: w(k) <= 2|k| for large |k|
    assert float(SPX_SURFACE.total_variance(k, 3.0)[0]) < 2 * 20

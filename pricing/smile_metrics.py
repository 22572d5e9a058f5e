r"""What a practitioner reads off a surface: vols by delta, the VIX-style model-free vol and the Cboe SKEW index.

Every function takes any :class:`~pricing.vol_surface.VolSurface` and the index's cost of carry ``r - q``
(decimal per year), which places the forward :math:`F = S e^{(r-q)t}` on the surface's ``K/S`` axis. Prices
are undiscounted and per unit of forward; log-forward-moneyness is :math:`k = \ln(K/F)`.

The SKEW and VIX integrals follow Cboe's white papers with a continuum of strikes instead of the listed ones: Cboe,
"The CBOE SKEW Index" (2010) and "The CBOE Volatility Index - VIX" (2003, revised 2019).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from scipy.optimize import brentq
from scipy.special import ndtr

from pricing._typing import FloatArray
from pricing.errors import InputError
from pricing.validation import check_non_negative, check_positive, check_rate
from pricing.vol_surface import VolSurface

SKEW_TENOR = 30.0 / 365.0
"""Horizon of the Cboe SKEW and VIX indices, years (30 calendar days)."""

_NODES = 20001
"""Nodes per side of the strike integrals (a sinh-spaced grid: dense at the money, sparse in the wings)."""

_K_PUT, _K_CALL = -12.0, 6.0
"""Outermost log-forward-moneyness integrated: strikes from F e^-12 (0.0006% of F) to F e^6 (403 F)."""


class LogReturnMoments(NamedTuple):
    r"""Risk-neutral moments of :math:`R = \ln(S_T/F)` from out-of-the-money option prices (Cboe's P1, P2, P3).

    Attributes
    ----------
    p1, p2, p3 : float
        :math:`E[R]`, :math:`E[R^2]`, :math:`E[R^3]`, decimal, decimal², decimal³.
    """

    p1: float
    p2: float
    p3: float

    @property
    def skewness(self) -> float:
        """Standardised third central moment S = (P3 - 3 P1 P2 + 2 P1^3) / (P2 - P1^2)^(3/2)."""
        return (self.p3 - 3.0 * self.p1 * self.p2 + 2.0 * self.p1**3) / (self.p2 - self.p1**2) ** 1.5


def _tau(t: float) -> float:
    return float(check_positive("t", t))


def otm_forward_price(surface: VolSurface, carry: float, t: float, k: FloatArray) -> FloatArray:
    r"""Undiscounted price, per unit of forward, of the out-of-the-money option at each log-strike ``k``.

    Parameters
    ----------
    surface : VolSurface
        Implied vols by ``K/S`` and time.
    carry : float
        Cost of carry r - q of the index, decimal per year.
    t : float
        Time to expiry, years, > 0.
    k : ndarray
        Log-forward-moneyness ln(K/F); a put for k < 0, a call for k >= 0.

    Returns
    -------
    ndarray
        :math:`P(K)/(F\,e^{-rt})` below the forward, :math:`C(K)/(F\,e^{-rt})` above it.
    """
    tau = _tau(t)
    kk = np.asarray(k, dtype=float)
    sd = np.asarray(surface.vol(np.exp(kk + carry * tau), tau), dtype=float) * math.sqrt(tau)
    d1 = -kk / sd + 0.5 * sd
    d2 = d1 - sd
    put = np.exp(kk) * ndtr(-d2) - ndtr(-d1)
    call = ndtr(d1) - np.exp(kk) * ndtr(d2)
    return np.maximum(np.where(kk < 0.0, put, call), 0.0)


def _side(surface: VolSurface, carry: float, tau: float, end: float, min_price: float) -> tuple[FloatArray, FloatArray]:
    """Nodes k and trapezoid weights dk of one side of the strike integral, cut where prices fall below min_price."""
    scale = float(np.asarray(surface.vol(math.exp(carry * tau), tau))) * math.sqrt(tau)
    u = np.linspace(0.0, math.asinh(abs(end) / scale), _NODES)
    k = math.copysign(1.0, end) * scale * np.sinh(u)
    dk_du = scale * np.cosh(u)
    if min_price > 0.0:
        low = otm_forward_price(surface, carry, tau, k) < min_price * math.exp(-carry * tau)
        if low[1:].any():
            stop = 1 + int(np.argmax(low[1:]))
            k, dk_du, u = k[:stop], dk_du[:stop], u[:stop]
    weights = np.full(k.size, u[1] - u[0]) * dk_du
    weights[[0, -1]] *= 0.5
    return k, weights


def log_return_moments(surface: VolSurface, carry: float, t: float = SKEW_TENOR, *,
                       min_price: float = 0.0) -> LogReturnMoments:
    r"""Risk-neutral moments of the log return to ``t`` from the surface's out-of-the-money option prices.

    Parameters
    ----------
    surface : VolSurface
        Implied vols by ``K/S`` and time.
    carry : float
        Cost of carry r - q of the index, decimal per year.
    t : float, default 30/365
        Horizon, years.
    min_price : float, default 0.0
        Strikes beyond the first whose out-of-the-money price falls below this fraction of the spot are dropped,
        as Cboe drops strikes past two zero bids (0.05 / 6000 is half an SPX tick at 6,000). 0 keeps every strike
        out to ln(K/F) = -12 and +6.

    Returns
    -------
    LogReturnMoments

    Notes
    -----
    Spanning a twice-differentiable payoff with bonds, the forward and options struck at the forward
    (Carr–Madan; Bakshi, Kapadia and Madan 2003), with :math:`Q(K)` the undiscounted out-of-the-money price and
    :math:`x = \ln(K/F)`:

    .. math::

        P_1 = -\int \frac{Q(K)}{K^2}dK,\quad
        P_2 = \int \frac{2(1 - x)}{K^2}Q(K)\,dK,\quad
        P_3 = \int \frac{3(2x - x^2)}{K^2}Q(K)\,dK.

    These are the sums of Cboe's SKEW white paper with the strike at the money equal to the forward, so its
    correction terms :math:`\varepsilon_1, \varepsilon_2, \varepsilon_3` vanish. In :math:`x`,
    :math:`Q(K)/K^2\,dK = (Q/F)\,e^{-x}dx`; the integral runs on a sinh-spaced grid of :data:`_NODES` nodes per
    side, dense at the money.
    """
    tau = _tau(t)
    carry = float(check_rate("carry", carry))
    floor = float(check_non_negative("min_price", min_price))
    p = [0.0, 0.0, 0.0]
    for end in (_K_PUT, _K_CALL):
        k, dk = _side(surface, carry, tau, end, floor)
        base = otm_forward_price(surface, carry, tau, k) * np.exp(-k) * dk
        p[0] -= float(base.sum())
        p[1] += float((2.0 * (1.0 - k) * base).sum())
        p[2] += float((3.0 * (2.0 * k - k * k) * base).sum())
    return LogReturnMoments(*p)


def model_free_vol(surface: VolSurface, carry: float, t: float = SKEW_TENOR, *, min_price: float = 0.0) -> float:
    r"""The VIX formula's volatility at horizon ``t``: :math:`\sqrt{(2/t)\int Q(K)/K^2\,dK} = \sqrt{-2P_1/t}`.

    Parameters
    ----------
    surface : VolSurface
        Implied vols by ``K/S`` and time.
    carry : float
        Cost of carry r - q of the index, decimal per year.
    t : float, default 30/365
        Horizon, years (30/365 for VIX, 1.0 for VIX1Y).
    min_price : float, default 0.0
        As in :func:`log_return_moments`.

    Returns
    -------
    float
        Annualised vol, decimal (0.198 is a VIX of 19.8). With the at-the-money strike at the forward the VIX
        white paper's correction :math:`(F/K_0 - 1)^2/t` is zero.

    Examples
    --------
    >>> from pricing.vol_surface import ParametricVolSurface
    >>> flat = ParametricVolSurface(0.20, 0.20, 1.0, skew=0.0)
    >>> round(model_free_vol(flat, 0.027), 6)  # a flat 20% smile: the VIX formula returns 20%
    0.2
    """
    tau = _tau(t)
    return math.sqrt(-2.0 * log_return_moments(surface, carry, tau, min_price=min_price).p1 / tau)


def cboe_skew(surface: VolSurface, carry: float, t: float = SKEW_TENOR, *, min_price: float = 0.0) -> float:
    r"""Cboe SKEW index of the surface: 100 - 10 S, with S the risk-neutral skewness of the log return to ``t``.

    Parameters
    ----------
    surface : VolSurface
        Implied vols by ``K/S`` and time.
    carry : float
        Cost of carry r - q of the index, decimal per year.
    t : float, default 30/365
        Horizon, years. The index is computed directly at this horizon; Cboe, lacking 30-day options, computes S
        at the two listed expiries with at least 8 days left that bracket 30 days and interpolates linearly in
        time (``tests/pricing/test_smile_metrics.py`` holds the two within 0.3 points on the embedded surface).
    min_price : float, default 0.0
        As in :func:`log_return_moments`.

    Returns
    -------
    float
        SKEW, points: 100 for a lognormal (flat-smile) index, typically 100-150 for the S&P 500.

    Examples
    --------
    >>> from pricing.vol_surface import ParametricVolSurface
    >>> round(cboe_skew(ParametricVolSurface(0.20, 0.20, 1.0, skew=0.0), 0.027), 6)
    100.0
    """
    return 100.0 - 10.0 * log_return_moments(surface, carry, t, min_price=min_price).skewness


def moneyness_at_delta(surface: VolSurface, carry: float, t: float, delta: float) -> float:
    """Strike over spot (K/S) of the option with forward delta ``delta`` on the surface's own smile.

    Parameters
    ----------
    surface : VolSurface
        Implied vols by ``K/S`` and time.
    carry : float
        Cost of carry r - q of the index, decimal per year.
    t : float
        Time to expiry, years, > 0.
    delta : float
        Forward (undiscounted) delta: in (0, 1) for a call, N(d1); in (-1, 0) for a put, N(d1) - 1. A 25-delta
        put is -0.25. Spot delta differs by the factor exp(-q t), 0.9989 for 30 days at q = 1.3%.

    Returns
    -------
    float
        K/S, where d1 is evaluated with the surface's vol at that strike.

    Raises
    ------
    InputError
        If ``delta`` is not in (-1, 0) or (0, 1).
    """
    tau = _tau(t)
    if not (-1.0 < delta < 0.0 or 0.0 < delta < 1.0):
        raise InputError("delta", delta, "a forward delta in (-1, 0) for a put or (0, 1) for a call, such as -0.25")
    target = delta + 1.0 if delta < 0.0 else delta

    def gap(k: float) -> float:
        sd = float(np.asarray(surface.vol(math.exp(k + carry * tau), tau))) * math.sqrt(tau)
        return float(ndtr(-k / sd + 0.5 * sd)) - target

    scale = float(np.asarray(surface.vol(math.exp(carry * tau), tau))) * math.sqrt(tau)
    low, high = -scale, scale
    while gap(low) < 0.0 and low > _K_PUT:
        low *= 2.0
    while gap(high) > 0.0 and high < _K_CALL:
        high *= 2.0
    return math.exp(brentq(gap, low, high, xtol=1e-14) + carry * tau)

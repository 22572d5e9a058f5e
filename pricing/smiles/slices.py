r"""SSVI slices, one per quoted expiry, joined into a surface that is refused when it admits static arbitrage.

Each slice is the SSVI smile of Gatheral and Jacquier with its own parameters :math:`(\theta, \rho, \psi)`,
:math:`\psi = \theta\varphi(\theta)` (the "extended SSVI" of Hendriks and Martini lets :math:`\rho` and
:math:`\psi` vary freely from expiry to expiry). With :math:`a = \rho\psi`, the total implied variance at
log-forward-moneyness :math:`k = \ln(K/F)` is

.. math::

    w(k) = \tfrac{1}{2}\Big(\theta + a k + \sqrt{\psi^2 k^2 + 2 a \theta k + \theta^2}\Big)
         = \tfrac{\theta}{2}\Big(1 + \rho\tfrac{\psi}{\theta}k
           + \sqrt{(\tfrac{\psi}{\theta}k + \rho)^2 + 1 - \rho^2}\Big).

*Butterflies* (each slice): Gatheral and Jacquier, "Arbitrage-free SVI volatility surfaces", Quant. Finance 14(1),
2014, Theorem 4.2, written for one slice: :math:`\psi(1+|\rho|) < 4` and :math:`\psi^2(1+|\rho|)/\theta \le 4`
(sufficient, not necessary).

*Calendar spreads* (consecutive slices): derived here, exact (necessary and sufficient), and tested numerically in
``tests/pricing/smiles``. :math:`w` solves :math:`w^2 - w(\theta + a k) - c k^2 = 0` with
:math:`c = \psi^2(1-\rho^2)/4`, as its positive root, so slice 2 lies on or above slice 1 at :math:`k` iff
:math:`G(k) = w_1(k)\,(\Delta\theta + \Delta a\,k) + \Delta c\,k^2 \ge 0` (:math:`\Delta = \cdot_2 - \cdot_1`).
Writing :math:`r = w_1(k)/k` (then :math:`\theta_1/k = (r^2 - a_1 r - c_1)/r`), :math:`\theta_1 G(k)/k^2` is the
quadratic

.. math::

    Q(r) = \Delta\theta\,r^2 + (\theta_1\Delta a - a_1\Delta\theta)\,r + \theta_1\Delta c - c_1\Delta\theta,

and :math:`r` sweeps :math:`(-\infty, -v_1/2) \cup (u_1/2, \infty)` as :math:`k` sweeps :math:`k \ne 0`, where
:math:`u = \psi(1+\rho)` and :math:`v = \psi(1-\rho)` are twice the wing slopes. So the slices do not cross iff

1. :math:`\theta_2 \ge \theta_1` (:math:`k = 0`);
2. :math:`\psi_2(1+\rho_2) \ge \psi_1(1+\rho_1)` and :math:`\psi_2(1-\rho_2) \ge \psi_1(1-\rho_1)` (the wings,
   :math:`k \to \pm\infty`: :math:`Q(u_1/2) = \theta_1(u_2-u_1)(u_1+v_2)/4`, and the mirror image) — together
   :math:`|\rho_2\psi_2 - \rho_1\psi_1| \le \psi_2 - \psi_1`, the condition of Hendriks and Martini;
3. and, when the vertex :math:`r^* = -(\theta_1\Delta a - a_1\Delta\theta)/(2\Delta\theta)` of :math:`Q` lies in
   that set, :math:`Q(r^*) \ge 0`, i.e. :math:`4\Delta\theta(\theta_1\Delta c - c_1\Delta\theta) \ge
   (\theta_1\Delta a - a_1\Delta\theta)^2`; for :math:`\Delta\theta = 0` this reads :math:`\Delta a = 0`
   (and then (2) gives :math:`\psi_2 \ge \psi_1`).

Condition 2 alone is not enough: :math:`\theta_2 = \theta_1`, :math:`\rho_1 = 0`, :math:`\psi_2 = \psi_1 + \epsilon`,
:math:`\rho_2\psi_2 = \epsilon` meets it, yet :math:`Q(r) = \theta_1\epsilon(r + \psi_1/2) < 0` for
:math:`r < -\psi_1/2`: the slices cross in the left wing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from pricing._typing import ArrayLike, FloatArray
from pricing.errors import InputError
from pricing.ssvi import BUTTERFLY_BOUND
from pricing.validation import as_float_array, check_non_negative, check_positive
from pricing.vol_surface import MIN_T

TOLERANCE = 1e-12
"""Relative slack of the analytic checks: rounding of parameters that sit exactly on a boundary is not arbitrage."""


@dataclass(frozen=True)
class SSVISlice:
    r"""The SSVI smile of one expiry.

    Parameters
    ----------
    t : float
        Years to expiry (Act/365), > 0.
    forward_ratio : float
        Forward over today's spot, F/S, for this expiry, > 0 (put-call-parity implied, or the carry forward).
    theta : float
        ATM-forward total implied variance :math:`\sigma_{atm}^2 t` (decimal² · years), > 0.
    rho : float
        Skew, in (-1, 1); negative for the equity put skew.
    psi : float
        Curvature scale :math:`\psi = \theta\varphi(\theta)` >= 0: the wings of :math:`w` have slopes
        :math:`\psi(1 \pm \rho)/2`; 0 is a flat smile.

    Raises
    ------
    InputError
        For a value outside its domain. The no-arbitrage conditions are :class:`SSVISlices`' to check.

    Examples
    --------
    >>> s = SSVISlice(t=0.25, forward_ratio=1.005, theta=0.01, rho=-0.5, psi=0.0995)
    >>> round(float(s.total_variance(0.0)), 12), round(float(s.total_variance(0.1)), 8)
    (0.01, 0.00750005)
    """

    t: float
    forward_ratio: float
    theta: float
    rho: float
    psi: float

    def __post_init__(self) -> None:
        for name in ("t", "forward_ratio", "theta"):
            object.__setattr__(self, name, float(check_positive(name, getattr(self, name))))
        object.__setattr__(self, "psi", float(check_non_negative("psi", self.psi)))
        rho = float(as_float_array("rho", self.rho))
        if not -1.0 < rho < 1.0:
            raise InputError("rho", rho, "a correlation strictly between -1 and 1, such as -0.55")
        object.__setattr__(self, "rho", rho)

    def total_variance(self, k: ArrayLike) -> FloatArray:
        """Total implied variance w (decimal² · years) at log-forward-moneyness ``k`` = ln(K/F)."""
        return ssvi_w(as_float_array("k", k), self.theta, self.rho * self.psi, self.psi)

    def derivatives(self, k: ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray]:
        """``(w, dw/dk, d²w/dk²)`` at log-forward-moneyness ``k``, analytically (see :func:`ssvi_derivatives`)."""
        return ssvi_derivatives(as_float_array("k", k), self.theta, self.rho * self.psi, self.psi)


def ssvi_w(k: ArrayLike, theta: ArrayLike, a: ArrayLike, psi: ArrayLike) -> FloatArray:
    """SSVI total variance ½(θ + a k + sqrt(ψ²k² + 2aθk + θ²)) with ``a`` = ρψ; arguments broadcast."""
    return 0.5 * (theta + a * k + np.sqrt(psi * psi * k * k + 2.0 * a * theta * k + theta * theta))


def ssvi_derivatives(k: FloatArray, theta: float, a: float, psi: float) -> tuple[FloatArray, FloatArray, FloatArray]:
    r"""SSVI total variance and its first two derivatives in ``k``.

    Returns
    -------
    (ndarray, ndarray, ndarray)
        :math:`w`, :math:`w' = \tfrac12(a + (\psi^2 k + a\theta)/R)` and
        :math:`w'' = \theta^2(\psi^2 - a^2)/(2R^3)`, :math:`R = \sqrt{\psi^2k^2 + 2a\theta k + \theta^2}`.
    """
    root = np.sqrt(psi * psi * k * k + 2.0 * a * theta * k + theta * theta)
    w = 0.5 * (theta + a * k + root)
    slope = 0.5 * (a + (psi * psi * k + a * theta) / root)
    convexity = 0.5 * theta * theta * (psi * psi - a * a) / root**3
    return w, slope, convexity


def butterfly_breach(s: SSVISlice) -> str | None:
    """Which Gatheral-Jacquier butterfly condition (Theorem 4.2) ``s`` breaks, as a phrase, or None."""
    tilt = 1.0 + abs(s.rho)
    if s.psi * tilt >= BUTTERFLY_BOUND:
        return (f"psi*(1+|rho|) = {s.psi * tilt:.6g} >= 4 at t={s.t:g}: the Gatheral-Jacquier butterfly condition, "
                "Theorem 4.2")
    if s.psi**2 * tilt / s.theta > BUTTERFLY_BOUND * (1.0 + TOLERANCE):
        return (f"psi^2*(1+|rho|)/theta = {s.psi**2 * tilt / s.theta:.6g} > 4 at t={s.t:g}: the Gatheral-Jacquier "
                "butterfly condition, Theorem 4.2")
    return None


@dataclass(frozen=True)
class CalendarTerms:
    """The pieces of the two-slice calendar condition (module docstring), each >= 0 when it holds."""

    theta: float
    """θ₂ - θ₁."""
    right_wing: float
    """u₂ - u₁ = ψ₂(1+ρ₂) - ψ₁(1+ρ₁)."""
    left_wing: float
    """v₂ - v₁ = ψ₂(1-ρ₂) - ψ₁(1-ρ₁)."""
    margin: float
    """Δθ · min Q(r) over the set r sweeps, / θ₁² (units of ψ²): continuous in the parameters, and for Δθ > 0
    >= 0 iff the slices do not cross; for Δθ = 0 it is -(Δa)²/4."""
    vertex_r: float
    """Where Q has its vertex, r = w₁(k)/k, when that is in the set r sweeps (±inf for Δθ = 0); else NaN."""


def calendar_terms(first: tuple[float, float, float], second: tuple[float, float, float]) -> CalendarTerms:
    """The calendar condition of slice ``second`` = (θ, ρ, ψ) over slice ``first``, term by term."""
    (th1, rho1, psi1), (th2, rho2, psi2) = first, second
    a1, a2 = rho1 * psi1, rho2 * psi2
    c1, c2 = 0.25 * psi1 * psi1 * (1.0 - rho1 * rho1), 0.25 * psi2 * psi2 * (1.0 - rho2 * rho2)
    d_theta, d_a, d_c = th2 - th1, a2 - a1, c2 - c1
    u1, v1, u2, v2 = psi1 + a1, psi1 - a1, psi2 + a2, psi2 - a2
    b = th1 * d_a - a1 * d_theta
    # Q at the ends of the two rays (k -> +inf, -inf), times d_theta
    lowest = min(d_theta * th1 * (u2 - u1) * (u1 + v2), d_theta * th1 * (v2 - v1) * (v1 + u2)) / 4.0
    where = math.nan
    # the vertex -b / (2 d_theta) at or beyond u1/2 or -v1/2 (multiplied through by 2 d_theta >= 0)
    if d_theta > 0.0 and (-b >= d_theta * u1 or b >= d_theta * v1) or d_theta <= 0.0 and b != 0.0:
        lowest = min(lowest, d_theta * (th1 * d_c - c1 * d_theta) - 0.25 * b * b)
        where = -b / (2.0 * d_theta) if d_theta > 0.0 else math.copysign(math.inf, -b)
    return CalendarTerms(d_theta, u2 - u1, v2 - v1, lowest / (th1 * th1), where)


def calendar_breach(first: SSVISlice, second: SSVISlice) -> str | None:
    """Which calendar condition (module docstring) slice ``second`` breaks over the earlier ``first``, or None."""
    terms = calendar_terms((first.theta, first.rho, first.psi), (second.theta, second.rho, second.psi))
    scale = max(first.psi, second.psi, math.sqrt(second.theta))
    pair = f"slices t={first.t:g} and t={second.t:g}"
    if terms.theta < -TOLERANCE * first.theta:
        return f"theta falls from {first.theta:.6g} to {second.theta:.6g} between {pair}: w(0) would fall"
    for name, value, sign in (("right", terms.right_wing, "+"), ("left", terms.left_wing, "-")):
        if value < -TOLERANCE * scale:
            return (f"psi*(1{sign}rho) falls by {-value:.3g} between {pair}: the {name} wings cross "
                    "(Hendriks-Martini |rho2 psi2 - rho1 psi1| <= psi2 - psi1)")
    if terms.margin < -TOLERANCE * scale * scale:
        a1 = first.rho * first.psi
        c1 = 0.25 * first.psi**2 * (1.0 - first.rho**2)
        r = terms.vertex_r
        k = r * first.theta / (r * r - a1 * r - c1) if math.isfinite(r) else 0.0  # theta1 / k = r - a1 - c1 / r
        return (f"the smiles of {pair} cross near k={k:.3g} although theta and the wing slopes rise: "
                "the vertex condition 4 d_theta (theta1 d_c - c1 d_theta) >= (theta1 d_a - a1 d_theta)^2")
    return None


@dataclass(frozen=True)
class SSVISlices:
    r"""Implied-vol surface made of SSVI slices, free of static arbitrage; satisfies the ``VolSurface`` protocol.

    Parameters
    ----------
    slices : tuple of SSVISlice
        One per expiry, strictly increasing in ``t``, each free of butterfly arbitrage and each on or above the
        one before (the conditions in the module docstring).
    label : str, default ""
        Where the slices come from.

    Raises
    ------
    InputError
        For no slice, times that do not increase, or a breach of a butterfly or calendar condition (the message
        names it).

    Notes
    -----
    With :math:`\tau = \max(t, 1/365)` and slice times :math:`t_1 < \dots < t_n`:

    * between slices, at fixed :math:`k = \ln(K/F(\tau))`, :math:`w(k, \tau)` is linear in :math:`\tau`, and so is
      :math:`\ln F(\tau)/S`: the ordering of the slices carries over to every time between them. Whether the
      blend is also free of butterflies is not proven here: :func:`pricing.smiles.arbitrage.arbitrage_report`
      checks it, and the random cases of the tests never found one;
    * before :math:`t_1`: :math:`w(k, \tau) = w_1(k)\,\tau/t_1` and :math:`\ln F/S = \tau\ln f_1/t_1` (the vol at
      fixed :math:`k` is flat; scaling a smile down keeps Durrleman's :math:`g \ge 0`, since :math:`g` is concave in
      the scale);
    * after :math:`t_n`: :math:`w(k, \tau) = w_n(k)\,\tau/t_n`, :math:`\ln F/S = \tau\ln f_n/t_n`. Scaling up is
      covered by Theorem 4.2 only while :math:`\tau/t_n \le \min(4/(\psi_n(1+|\rho_n|)),
      4\theta_n/(\psi_n^2(1+|\rho_n|)))`: far enough out the wings steepen past Lee's bound.

    Examples
    --------
    >>> s = SSVISlices((SSVISlice(0.25, 1.005, 0.01, -0.5, 0.0995), SSVISlice(1.0, 1.02, 0.04, -0.5, 0.18)))
    >>> round(float(s.vol(1.005, 0.25)), 12), round(float(s.vol(1.02, 1.0)), 12)
    (0.2, 0.2)
    >>> SSVISlices((SSVISlice(0.25, 1.0, 0.01, -0.5, 0.3),))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pricing.errors.InputError: slices[0]=...: expected SSVI slices free of static arbitrage (psi^2*(1+|rho|)/theta ...
    """

    slices: tuple[SSVISlice, ...]
    label: str = ""
    _t: FloatArray = field(init=False, repr=False, compare=False)
    _params: FloatArray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        slices = tuple(self.slices)
        if not slices or not all(isinstance(s, SSVISlice) for s in slices):
            raise InputError("slices", slices, "a non-empty sequence of SSVISlice")
        times = np.array([s.t for s in slices])
        if np.any(np.diff(times) <= 0.0):
            raise InputError("slices", times.tolist(), "slice times t strictly increasing")
        for i, s in enumerate(slices):
            self._refuse(i, s, butterfly_breach(s))
            if i:
                self._refuse(i, s, calendar_breach(slices[i - 1], s))
        object.__setattr__(self, "slices", slices)
        self._cache()

    @staticmethod
    def _refuse(i: int, s: SSVISlice, breach: str | None) -> None:
        if breach is not None:
            raise InputError(f"slices[{i}]", s, "SSVI slices free of static arbitrage", hint=breach)

    @classmethod
    def _unchecked(cls, slices: tuple[SSVISlice, ...], label: str = "") -> SSVISlices:
        """A surface built without the arbitrage checks: for tests that show :func:`arbitrage_report` can fail."""
        surface = object.__new__(cls)
        object.__setattr__(surface, "slices", tuple(slices))
        object.__setattr__(surface, "label", label)
        surface._cache()
        return surface

    def _cache(self) -> None:
        """Parameter arrays, one column per slice: t, then rows θ, a = ρψ, ψ, ln(F/S)."""
        s = self.slices
        object.__setattr__(self, "_t", np.array([x.t for x in s]))
        object.__setattr__(self, "_params", np.array([[x.theta for x in s], [x.rho * x.psi for x in s],
                                                      [x.psi for x in s], [math.log(x.forward_ratio) for x in s]]))

    # -- time interpolation ---------------------------------------------------------------------------------
    def _weights(self, t: ArrayLike) -> tuple[FloatArray, np.ndarray, np.ndarray, FloatArray, FloatArray]:
        """Floored time, the two slices around it and their weights (total variance = c_lo w_lo + c_hi w_hi).

        Inside ``[t_1, t_n]`` the weights are linear in time; before ``t_1`` the first slice scaled by
        ``tau / t_1``, after ``t_n`` the last by ``tau / t_n``. Full-array passes are kept to a few: this runs on
        every leg of every scenario.
        """
        tau = np.maximum(as_float_array("t", t), MIN_T)
        times, last = self._t, self._t.size - 1
        if not last:
            zero = np.zeros(tau.shape, dtype=np.intp)
            return tau, zero, zero, tau / times[0], np.zeros(tau.shape)
        flat = tau.reshape(-1)
        hi = np.searchsorted(times, flat).clip(1, last)
        lo = hi - 1
        t_lo = times[lo]
        c_hi = (flat - t_lo) / (times[hi] - t_lo)
        c_lo = 1.0 - c_hi
        before, after = flat <= times[0], flat >= times[last]
        if before.any():
            c_lo[before], c_hi[before] = flat[before] / times[0], 0.0
        if after.any():
            c_lo[after], c_hi[after] = 0.0, flat[after] / times[last]
        shape = tau.shape
        return tau, lo.reshape(shape), hi.reshape(shape), c_lo.reshape(shape), c_hi.reshape(shape)

    def forward_ratio(self, t: ArrayLike) -> FloatArray:
        """F/S at ``t`` years (floored at one day): ln F/S linear in t between slices, at the end rates beyond."""
        _, lo, hi, c_lo, c_hi = self._weights(t)
        lnf = self._params[3]
        return np.exp(c_lo * lnf[lo] + c_hi * lnf[hi])

    def _total_variance(self, k: ArrayLike, lo: np.ndarray, hi: np.ndarray, c_lo: FloatArray,
                        c_hi: FloatArray) -> FloatArray:
        theta, a, psi = self._params[:3]
        return c_lo * ssvi_w(k, theta[lo], a[lo], psi[lo]) + c_hi * ssvi_w(k, theta[hi], a[hi], psi[hi])

    def total_variance(self, k: ArrayLike, t: ArrayLike) -> FloatArray:
        """Total implied variance (decimal² · years) at log-forward-moneyness ``k`` = ln(K/F(t)) and ``t`` years."""
        _, lo, hi, c_lo, c_hi = self._weights(t)
        return self._total_variance(as_float_array("k", k), lo, hi, c_lo, c_hi)

    def vol(self, moneyness: ArrayLike, t: ArrayLike) -> FloatArray:
        """Implied vol (decimal) at ``moneyness`` = K/S and ``t`` years (Act/365); arrays broadcast."""
        tau, lo, hi, c_lo, c_hi = self._weights(t)
        lnf = self._params[3]
        k = np.log(check_positive("moneyness", moneyness)) - (c_lo * lnf[lo] + c_hi * lnf[hi])
        return np.sqrt(self._total_variance(k, lo, hi, c_lo, c_hi) / tau)

    def atm(self, t: ArrayLike) -> FloatArray:
        """Implied vol (decimal) at the spot strike, K/S = 1, at ``t`` years: what a screen calls ATM."""
        return self.vol(1.0, t)

"""SSVI implied-volatility surfaces (Gatheral & Jacquier 2014), refused when they admit static arbitrage.

"Surface SVI" writes the total implied variance of the whole surface with three smile parameters and one ATM
term structure; Gatheral and Jacquier give conditions on those parameters under which no butterfly and no calendar
spread can be bought for a negative price. :class:`SSVISurface` checks the conditions when it is built, so every
surface that exists is free of static arbitrage.

Reference: J. Gatheral and A. Jacquier, "Arbitrage-free SVI volatility surfaces", Quantitative Finance 14(1),
59-71, 2014 (arXiv:1204.0646). Theorem and equation numbers below are the paper's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from pricing._typing import ArrayLike, FloatArray
from pricing.errors import InputError
from pricing.validation import as_float_array, check_positive, check_rate, check_vol
from pricing.vol_surface import MIN_T

BUTTERFLY_BOUND = 4.0
"""Right-hand side of both butterfly conditions of Theorem 4.2: θφ(1+|ρ|) < 4 and θφ²(1+|ρ|) <= 4."""


def max_theta_phi_squared(gamma: float) -> tuple[float, float]:
    r"""Largest value of :math:`\theta\,\varphi(\theta)^2/\eta^2` over :math:`\theta > 0`, and where it is reached.

    Parameters
    ----------
    gamma : float
        Power of the power-law :math:`\varphi`, in (0, 1/2].

    Returns
    -------
    (float, float)
        :math:`m(\gamma) = (1-2\gamma)^{1-2\gamma}(2-2\gamma)^{2\gamma-2}` and :math:`\theta^* = 1 - 2\gamma`
        (for :math:`\gamma = 1/2` the supremum 1 is approached as :math:`\theta \to 0`).

    Notes
    -----
    :math:`\theta\varphi^2/\eta^2 = \theta^{1-2\gamma}(1+\theta)^{2\gamma-2}`; its logarithm has derivative
    :math:`(1-2\gamma)/\theta - (2-2\gamma)/(1+\theta)`, zero at :math:`\theta^* = 1-2\gamma`.

    Examples
    --------
    >>> max_theta_phi_squared(0.5)
    (1.0, 0.0)
    >>> m, where = max_theta_phi_squared(0.25)
    >>> round(m, 6), where
    (0.3849, 0.5)
    """
    star = 1.0 - 2.0 * gamma
    return star**star * (2.0 - 2.0 * gamma) ** (2.0 * gamma - 2.0), star


@dataclass(frozen=True)
class SSVISurface:
    r"""Surface SVI with a power-law curvature and a mean-reverting ATM variance term structure.

    Parameters
    ----------
    atm_short : float
        ATM-forward vol as expiry tends to zero, :math:`\sigma_0`, annualised, decimal (0.17 = 17%).
    atm_long : float
        ATM-forward vol for long expiries, :math:`\sigma_\infty`, decimal.
    rho : float
        Skew parameter :math:`\rho` in (-1, 1): the correlation-like tilt of every smile; negative for the equity
        put skew (-0.54 in the embedded S&P 500 fit).
    eta : float
        Level :math:`\eta > 0` of the curvature function :math:`\varphi`: larger means steeper smiles.
    gamma : float
        Power :math:`\gamma` in (0, 1/2] of :math:`\varphi`: the ATM skew in log-strike decays roughly as
        :math:`t^{-\gamma}` for short expiries (0.5 is the square-root rule; 0.37 in the embedded S&P 500 fit).
    mean_reversion : float, default 2.0
        Speed :math:`\kappa` (per year) at which ATM variance moves from :math:`\sigma_0^2` to
        :math:`\sigma_\infty^2`; an e-folding time of :math:`1/\kappa` years. Irrelevant when the two are equal.
    carry : float, default 0.0
        Cost of carry :math:`r - q` of the index, continuously compounded, decimal per year: the smile is centred
        on the forward :math:`F = S e^{(r-q)t}`. 0.027 for the S&P 500 with 4.0% rates and a 1.3% dividend yield.

    Raises
    ------
    InputError
        For a vol that is not a decimal in (0, 2], a :math:`\rho` outside (-1, 1), and for parameters that break
        one of the Gatheral–Jacquier sufficient conditions for no static arbitrage (the message names it).

    Notes
    -----
    With :math:`k = \ln(K/F) = \ln(K/S) - (r-q)\,t` the log-forward-moneyness and :math:`\tau = \max(t, 1/365)`:

    .. math::

        \theta_t &= \sigma_\infty^2\,\tau + (\sigma_0^2 - \sigma_\infty^2)\,\frac{1 - e^{-\kappa\tau}}{\kappa}
            \qquad \text{(ATM total variance)} \\
        \varphi(\theta) &= \frac{\eta}{\theta^{\gamma}\,(1+\theta)^{1-\gamma}} \\
        w(k, \theta_t) &= \frac{\theta_t}{2}\Big(1 + \rho\,\varphi(\theta_t)\,k
            + \sqrt{(\varphi(\theta_t)\,k + \rho)^2 + 1 - \rho^2}\Big) \qquad \text{(eq. 4.1)} \\
        \sigma(K/S, t) &= \sqrt{w(k, \theta_t) / \tau}

    :math:`\theta_t` is the expected average variance of a mean-reverting variance (the Heston expectation), so
    :math:`\sqrt{\theta_t/t}` moves smoothly from :math:`\sigma_0` to :math:`\sigma_\infty`.

    *Why the power law.* Gatheral and Jacquier offer a Heston-like :math:`\varphi` and a power law. The Heston-like
    one tends to 1/2 as :math:`\theta \to 0`, so its ATM skew :math:`\partial_k\sigma = \rho\varphi\sqrt{\theta}
    / (2\sqrt{t})` stays flat at short expiries; the power law makes it grow like :math:`t^{-\gamma}`, as the equity
    index skew does. The factor :math:`(1+\theta)^{\gamma-1}` keeps the wings below Lee's bound at long expiries.

    *The conditions checked* (all for every :math:`\theta > 0`):

    * calendar spreads, Theorem 4.1: (1) :math:`\partial_t\theta_t \ge 0` — here
      :math:`\partial_t\theta_t = \sigma_\infty^2 + (\sigma_0^2 - \sigma_\infty^2)e^{-\kappa t}` lies between
      :math:`\sigma_0^2` and :math:`\sigma_\infty^2`, so positive vols suffice; (2) :math:`0 \le
      \partial_\theta(\theta\varphi(\theta)) \le \frac{1+\sqrt{1-\rho^2}}{\rho^2}\varphi(\theta)` — for the power
      law :math:`\partial_\theta(\theta\varphi)/\varphi = (1-\gamma)/(1+\theta)`, which lies in [0, 1] when
      :math:`0 < \gamma \le 1`, and the right-hand side is at least 1;
    * butterflies, Theorem 4.2: :math:`\theta\varphi(\theta)(1+|\rho|) < 4` — here :math:`\theta\varphi =
      \eta\,(\theta/(1+\theta))^{1-\gamma} < \eta`, so :math:`\eta(1+|\rho|) \le 4` is required; and
      :math:`\theta\varphi(\theta)^2(1+|\rho|) \le 4` — the left side peaks at :math:`\eta^2(1+|\rho|)m(\gamma)`
      (:func:`max_theta_phi_squared`), and is unbounded as :math:`\theta \to 0` when :math:`\gamma > 1/2`.

    Examples
    --------
    >>> s = SSVISurface(atm_short=0.17, atm_long=0.18, rho=-0.55, eta=1.8, gamma=0.4, carry=0.027)
    >>> round(float(s.atm_forward(1.0)), 4)
    0.1757
    >>> bool(s.vol(0.9, 30 / 365) > s.vol(1.0, 30 / 365) > s.vol(1.05, 30 / 365))
    True
    >>> SSVISurface(0.17, 0.18, rho=-0.55, eta=2.3, gamma=0.4)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pricing.errors.InputError: eta=2.3: expected at most 2.1050 with rho=-0.55, gamma=0.4 (... reaches 4.78 > 4 ...)
    """

    atm_short: float
    atm_long: float
    rho: float
    eta: float
    gamma: float
    mean_reversion: float = 2.0
    carry: float = 0.0

    def __post_init__(self) -> None:
        for name in ("atm_short", "atm_long"):
            object.__setattr__(self, name, float(check_vol(name, self.atm_short if name == "atm_short"
                                                          else self.atm_long)))
        object.__setattr__(self, "mean_reversion", float(check_positive("mean_reversion", self.mean_reversion)))
        object.__setattr__(self, "carry", float(check_rate("carry", self.carry)))
        rho = float(as_float_array("rho", self.rho))
        if not -1.0 < rho < 1.0:
            raise InputError("rho", rho, "a correlation strictly between -1 and 1, such as -0.55")
        object.__setattr__(self, "rho", rho)
        gamma = float(as_float_array("gamma", self.gamma))
        if gamma <= 0.0:
            raise InputError("gamma", gamma, "a power in (0, 0.5]",
                             hint="the power-law curvature takes gamma > 0: at gamma <= 0 the skew flattens at short "
                                  "expiries instead of steepening")
        if gamma > 1.0:
            raise InputError("gamma", gamma, "a power in (0, 0.5]",
                             hint="above 1 theta*phi(theta) falls as theta grows: the Gatheral-Jacquier calendar "
                                  "condition, Theorem 4.1")
        if gamma > 0.5:
            raise InputError("gamma", gamma, "a power in (0, 0.5]",
                             hint="above 0.5 theta*phi(theta)^2 grows without bound at short expiries: the "
                                  "Gatheral-Jacquier butterfly condition, Theorem 4.2")
        object.__setattr__(self, "gamma", gamma)
        object.__setattr__(self, "eta", float(check_positive("eta", self.eta)))
        self._check_butterfly()

    def _check_butterfly(self) -> None:
        """Refuse an eta for which either butterfly condition of Theorem 4.2 fails for some theta > 0."""
        tilt = 1.0 + abs(self.rho)
        peak, where = max_theta_phi_squared(self.gamma)
        limit = min(BUTTERFLY_BOUND / tilt, math.sqrt(BUTTERFLY_BOUND / (tilt * peak)))
        if self.eta <= limit:
            return
        context = f"with rho={self.rho:g}, gamma={self.gamma:g}"
        if self.eta * tilt > BUTTERFLY_BOUND:
            hint = (f"theta*phi(theta)*(1+|rho|) tends to {self.eta * tilt:.3g} > 4 for long expiries: the "
                    "Gatheral-Jacquier butterfly condition, Theorem 4.2")
        else:
            hint = (f"theta*phi(theta)^2*(1+|rho|) reaches {self.eta**2 * tilt * peak:.3g} > 4 at "
                    f"theta={where:.3g}: the Gatheral-Jacquier butterfly condition, Theorem 4.2")
        raise InputError("eta", self.eta, f"at most {math.floor(limit * 1e4) / 1e4:.4f} {context}", hint=hint)

    # -- the surface ----------------------------------------------------------------------------------------
    def theta(self, t: ArrayLike) -> FloatArray:
        """ATM-forward total implied variance (decimal² · years) at time ``t`` (years, clamped at one day)."""
        return self._theta(np.maximum(as_float_array("t", t), MIN_T))

    def _theta(self, tau: FloatArray) -> FloatArray:
        kappa, long_var = self.mean_reversion, self.atm_long**2
        return long_var * tau + (self.atm_short**2 - long_var) * (-np.expm1(-kappa * tau)) / kappa

    def _w(self, k: FloatArray, tau: FloatArray) -> FloatArray:
        """Total variance at validated log-forward-moneyness ``k`` and clamped time ``tau`` (eq. 4.1)."""
        th = self._theta(tau)
        f = self.eta / (th**self.gamma * (1.0 + th) ** (1.0 - self.gamma))
        rho = self.rho
        return 0.5 * th * (1.0 + rho * f * k + np.sqrt((f * k + rho) ** 2 + 1.0 - rho * rho))

    def phi(self, theta: ArrayLike) -> FloatArray:
        """Curvature function φ(θ) = η / (θ^γ (1+θ)^(1-γ)) of the ATM total variance θ (> 0)."""
        th = check_positive("theta", theta)
        return self.eta / (th**self.gamma * (1.0 + th) ** (1.0 - self.gamma))

    def total_variance(self, k: ArrayLike, t: ArrayLike) -> FloatArray:
        """Total implied variance w = σ² τ (decimal² · years) at log-forward-moneyness ``k`` = ln(K/F) and ``t``."""
        return self._w(as_float_array("k", k), np.maximum(as_float_array("t", t), MIN_T))

    def log_forward_moneyness(self, moneyness: ArrayLike, t: ArrayLike) -> FloatArray:
        """Log-forward-moneyness k = ln(K/S) - (r-q) τ of ``moneyness`` = K/S at ``t`` years (clamped at one day)."""
        tau = np.maximum(as_float_array("t", t), MIN_T)
        return np.log(check_positive("moneyness", moneyness)) - self.carry * tau

    def vol(self, moneyness: ArrayLike, t: ArrayLike) -> FloatArray:
        """Implied vol (decimal) at ``moneyness = K/S`` and ``t`` years (Act/365); arrays broadcast."""
        tau = np.maximum(as_float_array("t", t), MIN_T)
        k = np.log(check_positive("moneyness", moneyness)) - self.carry * tau
        return np.sqrt(self._w(k, tau) / tau)

    def atm(self, t: ArrayLike) -> FloatArray:
        """Implied vol (decimal) at the spot strike, K/S = 1, at ``t`` years: what a screen calls ATM."""
        return self.vol(1.0, t)

    def atm_forward(self, t: ArrayLike) -> FloatArray:
        """Implied vol (decimal) at the forward, K = F, at ``t`` years: sqrt(θ_t / τ)."""
        tau = np.maximum(as_float_array("t", t), MIN_T)
        return np.sqrt(self.theta(tau) / tau)

    # -- what the arbitrage tests read ----------------------------------------------------------------------
    def durrleman_g(self, k: ArrayLike, t: ArrayLike) -> FloatArray:
        r"""Durrleman's function g(k) of the smile at ``t``: the risk-neutral density is :math:`\ge 0` iff g >= 0.

        Parameters
        ----------
        k : array_like
            Log-forward-moneyness ln(K/F).
        t : array_like
            Time to expiry, years (clamped at one day); broadcast with ``k``.

        Returns
        -------
        ndarray
            :math:`g(k) = (1 - k w'/(2w))^2 - (w'^2/4)(1/w + 1/4) + w''/2` (Gatheral–Jacquier, eq. 2.1), with
            the derivatives in ``k`` taken analytically:
            :math:`w' = \tfrac{\theta\varphi}{2}(\rho + (\varphi k+\rho)/R)`,
            :math:`w'' = \tfrac{\theta\varphi^2}{2}(1-\rho^2)/R^3`, :math:`R = \sqrt{(\varphi k+\rho)^2+1-\rho^2}`.
        """
        kk = as_float_array("k", k)
        th = self.theta(t)
        f = self.phi(th)
        rho = self.rho
        root = np.sqrt((f * kk + rho) ** 2 + 1.0 - rho * rho)
        w = 0.5 * th * (1.0 + rho * f * kk + root)
        w1 = 0.5 * th * f * (rho + (f * kk + rho) / root)
        w2 = 0.5 * th * f * f * (1.0 - rho * rho) / root**3
        return (1.0 - kk * w1 / (2.0 * w)) ** 2 - 0.25 * w1 * w1 * (1.0 / w + 0.25) + 0.5 * w2

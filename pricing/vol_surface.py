"""Implied-volatility surfaces: parametric (the embedded default) and built from quotes.

A surface answers ``vol(moneyness, t)`` with numpy broadcasting, where ``moneyness = K / S`` is the strike over
the spot of the contract's own underlying (so XSP, SPX and SPY share one SPX surface) and ``t`` is the time to
expiry in years (Act/365). Vols are decimals (0.20 = 20%).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from pricing._typing import ArrayLike, FloatArray
from pricing.errors import InputError
from pricing.validation import as_float_array, check_non_negative, check_positive, check_vol

MIN_T = 1.0 / 365.0
"""Shortest time (years) a surface resolves; shorter times use the vol at one day."""


@runtime_checkable
class VolSurface(Protocol):
    """What every surface offers."""

    def vol(self, moneyness: ArrayLike, t: ArrayLike) -> FloatArray:
        """Implied vol (decimal) at ``moneyness = K/S`` and time ``t`` (years), broadcast together."""
        ...

    def atm(self, t: ArrayLike) -> FloatArray:
        """Implied vol (decimal) at the spot strike, ``K/S = 1``, at ``t`` years (the paths start from it)."""
        ...


@dataclass(frozen=True)
class ParametricVolSurface:
    r"""ATM level with a term structure, a put skew and a smile curvature in log-moneyness.

    Parameters
    ----------
    atm_short : float
        ATM vol as expiry tends to zero, decimal (0.16 = 16%).
    atm_long : float
        ATM vol for long expiries, decimal.
    term_decay : float
        Years over which the ATM level moves from ``atm_short`` to ``atm_long`` (e-folding time), > 0.
    skew : float
        Slope of vol in log-moneyness at one year, :math:`\partial\sigma/\partial\ln(K/S)`; negative for the
        equity put skew (-0.15 means a strike 10% lower has about 1.6 vol points more at one year).
    curvature : float, default 0.0
        Second-order term in log-moneyness (smile), >= 0.
    skew_power : float, default 0.5
        The skew scales as :math:`t^{-p}`: short expiries are steeper.
    floor : float, default 0.04
        Smallest vol the surface returns, decimal.

    Notes
    -----
    .. math::

        x &= \ln(K/S),\quad \tau = \max(t, 1/365) \\
        \sigma_{atm}(t) &= \sigma_\infty + (\sigma_0 - \sigma_\infty)\, e^{-\tau/T} \\
        \sigma(x, t) &= \max\big(\text{floor},\ \sigma_{atm}(t) + \text{skew}\,\tau^{-p} x
                        + \text{curvature}\, x^2\big)

    Examples
    --------
    >>> s = ParametricVolSurface(atm_short=0.15, atm_long=0.20, term_decay=1.0, skew=-0.15)
    >>> round(float(s.vol(1.0, 1.0)), 6)
    0.181606
    >>> bool(s.vol(0.9, 0.25) > s.vol(1.0, 0.25))
    True
    """

    atm_short: float
    atm_long: float
    term_decay: float
    skew: float
    curvature: float = 0.0
    skew_power: float = 0.5
    floor: float = 0.04

    def __post_init__(self) -> None:
        check_vol("atm_short", self.atm_short)
        check_vol("atm_long", self.atm_long)
        check_vol("floor", self.floor)
        check_positive("term_decay", self.term_decay)
        check_non_negative("curvature", self.curvature)
        check_non_negative("skew_power", self.skew_power)
        if abs(self.skew) > 2.0:
            raise InputError("skew", self.skew, "a slope in vol per unit log-moneyness, such as -0.15")

    def atm(self, t: ArrayLike) -> FloatArray:
        """ATM vol (decimal) at time ``t`` (years)."""
        tau = np.maximum(as_float_array("t", t), MIN_T)
        return self.atm_long + (self.atm_short - self.atm_long) * np.exp(-tau / self.term_decay)

    def vol(self, moneyness: ArrayLike, t: ArrayLike) -> FloatArray:
        """Implied vol (decimal) at ``moneyness = K/S`` and ``t`` years; arrays broadcast."""
        x = np.log(check_positive("moneyness", moneyness))
        tau = np.maximum(as_float_array("t", t), MIN_T)
        slope = self.skew * tau ** (-self.skew_power)
        return np.maximum(self.floor, self.atm(tau) + slope * x + self.curvature * x * x)

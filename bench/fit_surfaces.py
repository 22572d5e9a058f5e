"""Re-derive the embedded SSVI surfaces from the published figures they are fitted to; print fitted beside cited.

Run: ``.venv/bin/python bench/fit_surfaces.py`` (about 30 s). The sources of every target are in the docstrings of
``pricing.market.SPX_SURFACE`` and ``NKY_SURFACE`` and beside each number in ``tests/pricing/test_default_surfaces.py``.

The S&P 500 fit is a least-squares fit, in units of each target's tolerance, of (atm_short, atm_long, rho, eta,
gamma) to the targets below (of the SPY smile only its 210 strike; the other four strikes are checks) with
mean_reversion fixed at 2.0 (the fit makes the two ATM levels nearly equal, so it hardly matters) and
eta kept inside the Gatheral-Jacquier butterfly bound. rho, eta and gamma are then rounded and the ATM levels
refitted to the two VIX figures. The Nikkei keeps the S&P 500's rho, eta and gamma and refits its ATM levels.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import least_squares

from pricing.market import NKY_SURFACE, SPX_SURFACE
from pricing.smile_metrics import cboe_skew, model_free_vol, moneyness_at_delta
from pricing.ssvi import SSVISurface, max_theta_phi_squared

SPX_CARRY, NKY_CARRY = 0.04 - 0.013, 0.005 - 0.018
VIX, VIX1Y, SKEW = 0.1980, 0.2300, 118.8
MONTHS = np.array([[14.6, 17.0, 13.6, 7.3], [13.2, 16.3, 11.1, 10.6], [11.8, 14.5, 9.9, 8.2],
                   [11.5, 14.2, 9.6, 8.4], [10.7, 13.1, 9.1, 7.7]])  # ATM, 25d put, 25d call, 10d RR (percent)
PUT25, CALL25 = (MONTHS[:, 1] / MONTHS[:, 0] - 1).mean(), (MONTHS[:, 2] / MONTHS[:, 0] - 1).mean()
RR10 = (MONTHS[:, 3] / MONTHS[:, 0]).mean()
SPY_SPOT, SPY_T, SPY_ATM = 235.33, 46 / 365, (235.0, 0.0929)
SPY = [(210.0, 0.1909), (215.0, 0.1716), (220.0, 0.1521), (225.0, 0.1327), (230.0, 0.1131)]
NKY_VI = 0.25


def eta_bound(rho: float, gamma: float) -> float:
    """Largest eta both butterfly conditions of Gatheral-Jacquier Theorem 4.2 allow."""
    tilt, (peak, _) = 1 + abs(rho), max_theta_phi_squared(gamma)
    return min(4 / tilt, math.sqrt(4 / (tilt * peak)))


def figures(s: SSVISurface, carry: float) -> dict[str, float]:
    """What the surface gives for every target."""
    t = 30 / 365
    atm = float(s.vol(1.0, t))

    def at(delta: float) -> float:
        return float(s.vol(moneyness_at_delta(s, carry, t, delta), t))

    out = {"VIX": model_free_vol(s, carry), "VIX1Y": model_free_vol(s, carry, 1.0), "SKEW": cboe_skew(s, carry),
           "25d put / ATM - 1": at(-0.25) / atm - 1, "25d call / ATM - 1": at(0.25) / atm - 1,
           "10d RR / ATM": (at(-0.10) - at(0.10)) / atm}
    atm46 = float(s.vol(SPY_ATM[0] / SPY_SPOT, SPY_T))
    out |= {f"SPY {k:.0f} - 235, 46d": float(s.vol(k / SPY_SPOT, SPY_T)) - atm46 for k, _ in SPY}
    return out


TARGETS = {"VIX": (VIX, 0.001), "VIX1Y": (VIX1Y, 0.001), "SKEW": (SKEW, 3.0), "25d put / ATM - 1": (PUT25, 0.03),
           "25d call / ATM - 1": (CALL25, 0.03), "10d RR / ATM": (RR10, 0.08)}
TARGETS |= {"SPY 210 - 235, 46d": (SPY[0][1] - SPY_ATM[1], 0.015)}
CHECKS = {f"SPY {k:.0f} - 235, 46d": v - SPY_ATM[1] for k, v in SPY[1:]}


def build(x: np.ndarray, carry: float) -> SSVISurface:
    """Surface from (atm_short, atm_long, rho, share of the eta bound, gamma)."""
    s0, s_inf, rho, share, gamma = x
    return SSVISurface(s0, s_inf, rho=rho, eta=share * eta_bound(rho, gamma) * (1 - 1e-9), gamma=gamma, carry=carry)


def refit_levels(rho: float, eta: float, gamma: float, carry: float, short: float, year: float) -> list[float]:
    """ATM levels (rounded to 4 decimals) that put the VIX-formula vol at ``short`` (30 days) and ``year``."""
    def gap(x: np.ndarray) -> list[float]:
        s = SSVISurface(x[0], x[1], rho=rho, eta=eta, gamma=gamma, carry=carry)
        return [model_free_vol(s, carry) - short, model_free_vol(s, carry, 1.0) - year]
    return [round(float(v), 4) for v in least_squares(gap, [0.17, 0.17], xtol=1e-14, ftol=1e-14).x]


def main() -> None:
    """Fit, round, refit the levels, and print fitted beside cited for both indices."""
    def residuals(x: np.ndarray) -> list[float]:
        got = figures(build(x, SPX_CARRY), SPX_CARRY)
        return [(got[name] - value) / tol for name, (value, tol) in TARGETS.items()]

    fit = least_squares(residuals, [0.17, 0.17, -0.55, 0.95, 0.37], diff_step=1e-4,
                        bounds=([0.05, 0.05, -0.99, 0.05, 0.05], [0.6, 0.6, 0.0, 1.0, 0.5]))
    raw = build(fit.x, SPX_CARRY)
    print(f"least squares: rho={raw.rho:.4f} eta={raw.eta:.4f} (bound {eta_bound(raw.rho, raw.gamma):.4f}) "
          f"gamma={raw.gamma:.4f} atm_short={raw.atm_short:.4f} atm_long={raw.atm_long:.4f}")
    rho, gamma = round(raw.rho, 2), round(raw.gamma, 2)
    eta = math.floor(min(raw.eta, eta_bound(rho, gamma)) * 100) / 100
    spx = SSVISurface(*refit_levels(rho, eta, gamma, SPX_CARRY, VIX, VIX1Y), rho=rho, eta=eta, gamma=gamma,
                      carry=SPX_CARRY)
    nky = SSVISurface(*refit_levels(rho, eta, gamma, NKY_CARRY, NKY_VI, NKY_VI * VIX1Y / VIX), rho=rho, eta=eta,
                      gamma=gamma, carry=NKY_CARRY)
    print(f"SPX rounded: {spx}\n  embedded:  {SPX_SURFACE}\nNKY rounded: {nky}\n  embedded:  {NKY_SURFACE}")
    print(f"\n{'S&P 500 target':<22}{'cited':>10}{'fitted':>10}{'tolerance':>11}")
    got = figures(SPX_SURFACE, SPX_CARRY)
    for name, (value, tol) in TARGETS.items():
        print(f"{name:<22}{value:>10.4f}{got[name]:>10.4f}{tol:>11.4f}")
    for name, value in CHECKS.items():
        print(f"{name:<22}{value:>10.4f}{got[name]:>10.4f}{'(check)':>11}")
    print(f"\nNikkei VI formula 30d: cited {NKY_VI:.4f}, fitted {model_free_vol(NKY_SURFACE, NKY_CARRY):.4f}; "
          f"1y: set {NKY_VI * VIX1Y / VIX:.4f}, fitted {model_free_vol(NKY_SURFACE, NKY_CARRY, 1.0):.4f}; "
          f"SKEW {cboe_skew(NKY_SURFACE, NKY_CARRY):.1f}")


if __name__ == "__main__":
    main()

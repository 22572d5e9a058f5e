r"""Calibration of SSVI slices to option quotes, expiry by expiry, under the no-arbitrage conditions.

Each expiry's :math:`(\theta, \rho, \psi)` minimises the weighted mean squared error in implied vol, with the
butterfly conditions of the slice and the calendar conditions against the slice before it as constraints
(:mod:`pricing.smiles.slices` states them), by SLSQP. Errors are measured in vol because quotes, their bid-ask
spreads and the reported errors are all in vol: a least-squares fit in total variance would weigh an error by
:math:`2\sigma t`, so the long, high-vol expiries and the wings would dominate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize

from pricing._typing import FloatArray
from pricing.errors import InputError, PricingError
from pricing.smiles.arbitrage import arbitrage_report
from pricing.smiles.slices import SSVISlice, SSVISlices, butterfly_breach, calendar_breach, calendar_terms
from pricing.ssvi import BUTTERFLY_BOUND

REQUIRED = ("t", "forward_ratio", "moneyness", "iv")
"""Columns every quote table has: years to expiry, F/S of that expiry, K/S, mid implied vol (decimal)."""

MIN_QUOTES = 3
"""Fewest usable quotes an expiry needs: an SSVI slice has three parameters."""

MIN_SPREAD = 0.005
"""Narrowest bid-ask spread (decimal vol, half a vol point) a default weight believes: 1 / max(spread, this)."""

RHO_BOUND = 0.999
"""The fit keeps |rho| at most this (the slice takes |rho| < 1)."""

PSI_MARGIN = 1e-9
"""The fit keeps psi (1+|rho|) at most 4 (1 - this): Theorem 4.2 asks for a strict inequality."""


@dataclass(frozen=True)
class SliceFit:
    """A fitted surface and how well it fits.

    Attributes
    ----------
    surface : SSVISlices
        One slice per expiry of the quotes.
    quotes : pandas.DataFrame
        The input rows plus ``fit_iv`` (decimal, the surface's vol), ``error`` (``fit_iv - iv``, decimal) and
        ``inside`` (nullable bool: ``fit_iv`` within [``iv_bid``, ``iv_ask``]; <NA> where either is unknown).
    by_expiry : pandas.DataFrame
        One row per expiry: ``t``, ``n`` (usable quotes), ``rms_error``, ``max_abs_error`` (decimal vol, over the
        usable quotes, unweighted), ``theta``, ``rho``, ``psi``, ``forward_ratio``, ``converged`` (SLSQP's own
        success flag; a slice that did not converge is still free of arbitrage, but may not be the nearest).
    arbitrage : pandas.DataFrame
        :func:`~pricing.smiles.arbitrage.arbitrage_report` of the surface: always empty (the fit raises otherwise).
    """

    surface: SSVISlices
    quotes: pd.DataFrame
    by_expiry: pd.DataFrame
    arbitrage: pd.DataFrame


def _column(quotes: pd.DataFrame, name: str) -> FloatArray:
    """Column ``name`` as floats (NaN where missing or not a number; all NaN when the column is absent)."""
    if name not in quotes:
        return np.full(len(quotes), np.nan)
    return pd.to_numeric(quotes[name], errors="coerce").to_numpy(dtype=float)


def default_weights(bid: FloatArray, ask: FloatArray) -> FloatArray:
    """Weight 1 / max(ask - bid, :data:`MIN_SPREAD`) where both are known; elsewhere the median of those (or 1).

    Inverse spread rather than inverse squared spread: a tight quote counts more than a wide one, but a quote a
    tenth as wide counts ten times, not a hundred, so a few tight ATM quotes do not silence the wings.
    """
    known = np.isfinite(bid) & np.isfinite(ask)
    weights = np.ones(bid.shape)
    weights[known] = 1.0 / np.maximum(ask[known] - bid[known], MIN_SPREAD)
    weights[~known] = float(np.median(weights[known])) if known.any() else 1.0
    return weights


def _weights(quotes: pd.DataFrame) -> FloatArray:
    """The weight of every row: the ``weight`` column where given, :func:`default_weights` elsewhere."""
    given = _column(quotes, "weight")
    if np.any(given < 0.0):
        raise InputError("weight", float(given[given < 0.0][0]), "a weight >= 0")
    default = default_weights(_column(quotes, "iv_bid"), _column(quotes, "iv_ask"))
    return np.where(np.isfinite(given), given, default)


def _usable(quotes: pd.DataFrame) -> pd.DataFrame:
    """t, forward ratio, log-forward-moneyness k, iv and weight of the rows the fit uses, checked."""
    missing = [c for c in REQUIRED if c not in quotes]
    if missing:
        raise InputError("quotes", list(quotes.columns), f"columns {', '.join(REQUIRED)}",
                         hint=f"missing {', '.join(missing)}")
    t, f, m, iv = (_column(quotes, c) for c in REQUIRED)
    weight = _weights(quotes)
    with np.errstate(invalid="ignore"):
        ok = (t > 0.0) & (f > 0.0) & (m > 0.0) & (iv > 0.0) & (weight > 0.0) & np.isfinite(t + f + m + iv + weight)
    if not ok.any():
        raise InputError("quotes", f"{len(quotes)} rows", "at least one usable row",
                         hint="t, forward_ratio, moneyness, iv > 0 and finite, weight > 0")
    k = np.log(m[ok]) - np.log(f[ok])
    return pd.DataFrame({"t": t[ok], "forward_ratio": f[ok], "k": k, "iv": iv[ok], "weight": weight[ok]})


def _expiry(t: float, rows: pd.DataFrame) -> tuple[float, FloatArray, FloatArray, FloatArray]:
    """Forward ratio, k, iv and weight of one expiry, after checking it has enough quotes and one forward."""
    if len(rows) < MIN_QUOTES:
        raise InputError(f"quotes at t={t:g}", f"{len(rows)} usable quote{'s' * (len(rows) != 1)}",
                         f"at least {MIN_QUOTES} per expiry (an SSVI slice has three parameters)")
    f = rows["forward_ratio"].to_numpy()
    if np.ptp(f) > 1e-9 * f[0]:
        raise InputError(f"forward_ratio at t={t:g}", sorted(set(f.tolist())), "one forward ratio F/S per expiry")
    order = np.argsort(rows["k"].to_numpy())
    return float(f[0]), *(rows[c].to_numpy()[order] for c in ("k", "iv", "weight"))


def _seed(t: float, k: FloatArray, iv: FloatArray, weight: FloatArray) -> tuple[float, float, float]:
    """Starting (θ, ρ, ψ) of an expiry's fit.

    θ is the ATM-forward total variance read off the quotes (linear in k, held beyond the quoted range); ρ and ψ
    come from a weighted quadratic w ≈ θ + ρψ k + ψ²(1-ρ²)/(4θ) k², the SSVI expansion at k = 0.
    """
    w = iv * iv * t
    theta = float(np.interp(0.0, k, w))
    curvature, slope, _ = np.polyfit(k, w, 2, w=np.sqrt(weight)) if np.ptp(k) > 0.0 else (0.0, 0.0, 0.0)
    psi = math.sqrt(max(4.0 * theta * max(curvature, 0.0) + slope * slope, 1e-12 * theta))
    rho = max(-0.9, min(0.9, slope / psi))
    return theta, rho, psi


def _admissible(t: float, f: float, x: FloatArray, before: SSVISlice | None) -> bool:
    """Whether (θ, ρ, ψ) = ``x`` passes the analytic checks the surface will make."""
    s = SSVISlice(t, f, *x)
    return butterfly_breach(s) is None and (before is None or calendar_breach(before, s) is None)


def _pull_inside(t: float, f: float, x: FloatArray, safe: FloatArray, before: SSVISlice | None) -> FloatArray:
    """``x`` if admissible, else the admissible point nearest ``x`` on the segment from ``safe`` (admissible).

    SLSQP meets its constraints to about 1e-10, the checks want 1e-12: bisection closes the gap.
    """
    if _admissible(t, f, x, before):
        return x
    low, high = 0.0, 1.0
    for _ in range(60):
        mid = 0.5 * (low + high)
        low, high = (mid, high) if _admissible(t, f, safe + mid * (x - safe), before) else (low, mid)
    return safe + low * (x - safe)


def _constraints(scale: float, before: SSVISlice | None) -> list[dict]:
    """SLSQP inequality constraints (>= 0) on scaled x = (θ/scale, ρ, ψ/sqrt(scale))."""
    root = math.sqrt(scale)
    limit = BUTTERFLY_BOUND * (1.0 - PSI_MARGIN)

    def butterfly(x: FloatArray) -> FloatArray:
        theta, rho, psi = x[0] * scale, x[1], x[2] * root
        return np.array([(limit - psi * (1.0 + rho)) / root, (limit - psi * (1.0 - rho)) / root,
                         (BUTTERFLY_BOUND * theta - psi * psi * (1.0 + rho)) / scale,
                         (BUTTERFLY_BOUND * theta - psi * psi * (1.0 - rho)) / scale])

    out = [{"type": "ineq", "fun": butterfly}]
    if before is not None:
        first = (before.theta, before.rho, before.psi)

        def calendar(x: FloatArray) -> FloatArray:
            terms = calendar_terms(first, (x[0] * scale, x[1], x[2] * root))
            return np.array([terms.right_wing / root, terms.left_wing / root, terms.margin / scale])

        out.append({"type": "ineq", "fun": calendar})
    return out


def _fit_slice(t: float, f: float, k: FloatArray, iv: FloatArray, weight: FloatArray,
               before: SSVISlice | None) -> tuple[SSVISlice, bool]:
    """The admissible slice at ``t`` nearest the quotes in weighted mean squared vol error, and SLSQP's success.

    A slice that did not converge is still admissible, but may not be the nearest: reported, not hidden.
    """
    theta0, rho0, psi0 = _seed(t, k, iv, weight)
    floor = before.theta if before is not None else 1e-8 * theta0
    theta0 = max(theta0, floor)
    safe = np.array([theta0, rho0, 0.0]) if before is None else np.array([theta0, before.rho, before.psi])
    start = _pull_inside(t, f, np.array([theta0, rho0, psi0]), safe, before)
    scale, root, share = theta0, math.sqrt(theta0), weight / weight.sum()

    def objective(x: FloatArray) -> float:
        a, psi = x[1] * x[2] * root, x[2] * root
        theta = x[0] * scale
        w = 0.5 * (theta + a * k + np.sqrt(psi * psi * k * k + 2.0 * a * theta * k + theta * theta))
        return float(1e4 * share @ (np.sqrt(np.maximum(w, 0.0) / t) - iv) ** 2)  # vol points squared

    bounds = [(floor / scale, None), (-RHO_BOUND, RHO_BOUND), (0.0, BUTTERFLY_BOUND / root)]
    result = minimize(objective, start / [scale, 1.0, root], method="SLSQP", bounds=bounds,
                      constraints=_constraints(scale, before), options={"ftol": 1e-14, "maxiter": 500})
    x = result.x * [scale, 1.0, root]
    x[0] = max(x[0], floor)
    x[1] = min(max(x[1], -RHO_BOUND), RHO_BOUND)
    x[2] = max(x[2], 0.0)
    if before is not None:
        safe[0] = x[0]  # (θ, ρ₁, ψ₁) with θ >= θ₁ is on or above slice 1 and free of butterflies
    best = _pull_inside(t, f, x, safe, before)
    return SSVISlice(t, f, *best), bool(result.success)


def _report(quotes: pd.DataFrame, surface: SSVISlices, usable: pd.DataFrame,
            converged: list[bool]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The quotes with the fit's vols and errors, and the errors and parameters by expiry."""
    out = quotes.copy()
    t, m, iv = _column(quotes, "t"), _column(quotes, "moneyness"), _column(quotes, "iv")
    valid = (t > 0.0) & (m > 0.0)
    fit = np.full(len(quotes), np.nan)
    fit[valid] = surface.vol(m[valid], t[valid])
    bid, ask = _column(quotes, "iv_bid"), _column(quotes, "iv_ask")
    known = np.isfinite(bid) & np.isfinite(ask) & valid
    out["fit_iv"], out["error"] = fit, fit - iv
    out["inside"] = pd.array(np.where(known, (fit >= bid) & (fit <= ask), False), dtype="boolean")
    out.loc[~known, "inside"] = pd.NA
    errors = surface.vol(np.exp(usable["k"] + np.log(usable["forward_ratio"])), usable["t"]) - usable["iv"]
    rows = []
    for s, done in zip(surface.slices, converged, strict=True):
        e = errors[usable["t"] == s.t]
        rows.append({"t": s.t, "n": len(e), "rms_error": float(np.sqrt(np.mean(e * e))),
                     "max_abs_error": float(np.max(np.abs(e))), "theta": s.theta, "rho": s.rho, "psi": s.psi,
                     "forward_ratio": s.forward_ratio, "converged": done})
    return out, pd.DataFrame(rows)


def fit_ssvi_slices(quotes: pd.DataFrame, *, label: str = "") -> SliceFit:
    r"""Fit one arbitrage-free SSVI slice per expiry of ``quotes``, from the shortest expiry out.

    Parameters
    ----------
    quotes : pandas.DataFrame
        One row per quote: ``t`` (years, Act/365), ``forward_ratio`` (F/S of that row's expiry, the same on every
        row of an expiry), ``moneyness`` (K/S), ``iv`` (mid implied vol, decimal); optional ``iv_bid``,
        ``iv_ask`` (decimal or NaN) and ``weight`` (>= 0; where absent or NaN, :func:`default_weights`). Rows with
        a missing or non-positive value, or weight 0, are left out of the fit (and still get a ``fit_iv``).
    label : str, default ""
        Where the quotes come from; becomes the surface's label.

    Returns
    -------
    SliceFit

    Raises
    ------
    InputError
        For a missing column, no usable row, an expiry with fewer than :data:`MIN_QUOTES` usable quotes (the
        message says how many) or more than one forward ratio, a negative weight.
    PricingError
        If the fitted surface failed :func:`~pricing.smiles.arbitrage.arbitrage_report` (the constraints make that
        impossible; the check stays so that a mistake cannot pass silently).

    Notes
    -----
    Expiry by expiry from the shortest: minimise :math:`\sum_j \omega_j (\sigma_j^{fit} - \sigma_j)^2` over
    :math:`(\theta, \rho, \psi)` by SLSQP, with the butterfly conditions and, after the first expiry, the
    calendar conditions against the previous fitted slice as constraints, and :math:`\theta` seeded from the
    quotes around the forward. Where the quotes themselves break calendar order (an ATM variance below the
    previous expiry's) the constraints hold the slice on or above the previous one and the error shows in
    ``by_expiry``. A chain of 6 expiries by 60 strikes fits in about 0.1 s.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> m = np.linspace(0.8, 1.2, 9)
    >>> q = pd.DataFrame({"t": 0.5, "forward_ratio": 1.01, "moneyness": m, "iv": 0.2 - 0.1 * np.log(m)})
    >>> fit = fit_ssvi_slices(q)
    >>> bool(fit.by_expiry["rms_error"].iloc[0] < 0.002), fit.arbitrage.empty
    (True, True)
    """
    usable = _usable(quotes)
    slices: list[SSVISlice] = []
    converged: list[bool] = []
    for t, rows in usable.groupby("t", sort=True):
        f, k, iv, weight = _expiry(float(t), rows)
        fitted, done = _fit_slice(float(t), f, k, iv, weight, slices[-1] if slices else None)
        slices.append(fitted)
        converged.append(done)
    surface = SSVISlices(tuple(slices), label)
    arbitrage = arbitrage_report(surface)
    if not arbitrage.empty:
        raise PricingError(f"the fitted SSVI slices admit static arbitrage at {len(arbitrage)} grid points: "
                           f"{arbitrage.head(3).to_dict('records')}")
    table, by_expiry = _report(quotes, surface, usable, converged)
    return SliceFit(surface, table, by_expiry, arbitrage)

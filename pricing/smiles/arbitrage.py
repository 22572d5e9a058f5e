"""The numerical twin of the analytic no-arbitrage conditions of :mod:`pricing.smiles.slices`, on a grid.

:class:`~pricing.smiles.slices.SSVISlices` refuses slices that break the conditions; :func:`arbitrage_report`
looks for arbitrage directly, from the definitions, on a dense grid of log-forward-moneyness and at the slice
times and times between them. The two agree on every surface the tests try.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pricing._typing import ArrayLike, FloatArray
from pricing.smiles.slices import SSVISlices
from pricing.validation import as_float_array

DEFAULT_K = np.round(np.arange(-1.5, 1.0 + 1e-9, 0.005), 10)
"""Log-forward-moneyness grid of the report: strikes from 22% to 272% of the forward, every 0.5%."""

BETWEEN = (0.25, 0.5, 0.75)
"""Fractions of each gap between two slices at which the interpolated smile is checked too."""

G_TOLERANCE = 1e-9
"""Smallest negative Durrleman g reported (g is of order 1 at the money)."""

W_TOLERANCE = 1e-12
"""Absolute slack (decimal² · years) on a fall of total variance, on top of 1e-10 of its level: rounding."""

COLUMNS = ["kind", "t", "k", "value"]


def durrleman_g(k: FloatArray, w: FloatArray, slope: FloatArray, convexity: FloatArray) -> FloatArray:
    r"""Durrleman's :math:`g(k) = (1 - k w'/(2w))^2 - (w'^2/4)(1/w + 1/4) + w''/2` (Gatheral-Jacquier eq. 2.1).

    The risk-neutral density of the smile is :math:`\ge 0` at ``k`` iff :math:`g(k) \ge 0`.
    """
    return (1.0 - k * slope / (2.0 * w)) ** 2 - 0.25 * slope * slope * (1.0 / w + 0.25) + 0.5 * convexity


def _times(surface: SSVISlices) -> list[tuple[float, int, int, float, float]]:
    """Every checked time, increasing: (t, slice below, slice above, weight below, weight above)."""
    out = []
    n = len(surface.slices)
    for i in range(n):
        t = surface.slices[i].t
        out.append((t, i, i, 1.0, 0.0))
        if i + 1 < n:
            gap = surface.slices[i + 1].t - t
            out.extend((t + f * gap, i, i + 1, 1.0 - f, f) for f in BETWEEN)
    return out


def _smile(surface: SSVISlices, k: FloatArray, lo: int, hi: int, c_lo: float, c_hi: float) -> tuple[FloatArray, ...]:
    """(w, w', w'') in k of the blend c_lo * slice lo + c_hi * slice hi."""
    low, high = surface.slices[lo].derivatives(k), surface.slices[hi].derivatives(k)
    return tuple(c_lo * a + c_hi * b for a, b in zip(low, high, strict=True))


def arbitrage_report(surface: SSVISlices, k: ArrayLike | None = None) -> pd.DataFrame:
    """Where the surface admits static arbitrage on a grid: butterflies and calendar spreads, from definitions.

    Parameters
    ----------
    surface : SSVISlices
        The surface to check (built through its constructor, or without the checks for a test).
    k : array_like, optional
        Log-forward-moneyness ln(K/F) grid; default :data:`DEFAULT_K` (-1.5 to 1.0 by 0.005).

    Returns
    -------
    pandas.DataFrame
        One row per grid point that fails, columns ``kind`` (``"butterfly"`` or ``"calendar"``), ``t`` (years;
        for a calendar row the pair of times), ``k`` and ``value`` (> 0: -g for a butterfly, the fall of total
        variance w in decimal² · years for a calendar spread). Empty when the surface is clean.

    Notes
    -----
    Checked at each slice time and at :data:`BETWEEN` fractions of each gap between two slices:

    * butterflies: Durrleman's g(k) >= -:data:`G_TOLERANCE`, with w' and w'' of each slice analytic (the smile
      between two slices is a blend of theirs, so are its derivatives);
    * calendar spreads: the surface's total variance at fixed k does not fall from one checked time to the next
      by more than :data:`W_TOLERANCE` plus 1e-10 of its level.

    Examples
    --------
    >>> from pricing.smiles.slices import SSVISlice
    >>> s = SSVISlices((SSVISlice(0.25, 1.0, 0.01, -0.5, 0.1), SSVISlice(1.0, 1.0, 0.04, -0.5, 0.2)))
    >>> arbitrage_report(s).empty
    True
    """
    kk = DEFAULT_K if k is None else np.ravel(as_float_array("k", k))
    rows: list[tuple[str, object, float, float]] = []
    previous: tuple[float, FloatArray] | None = None
    for t, lo, hi, c_lo, c_hi in _times(surface):
        w, slope, convexity = _smile(surface, kk, lo, hi, c_lo, c_hi)
        g = durrleman_g(kk, w, slope, convexity)
        rows.extend(("butterfly", t, float(x), float(-v)) for x, v in zip(kk[g < -G_TOLERANCE], g[g < -G_TOLERANCE],
                                                                          strict=True))
        level = surface.total_variance(kk, t)  # the surface's own interpolation, for the calendar check
        if previous is not None:
            fall = previous[1] - level
            bad = fall > W_TOLERANCE + 1e-10 * level
            rows.extend(("calendar", (previous[0], t), float(x), float(v)) for x, v in zip(kk[bad], fall[bad],
                                                                                         strict=True))
        previous = (t, level)
    return pd.DataFrame(rows, columns=COLUMNS)

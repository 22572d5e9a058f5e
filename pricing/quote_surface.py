"""An implied-volatility surface built from quoted vols: PCHIP smiles joined linearly in total variance.

:class:`QuoteVolSurface` satisfies the :class:`pricing.vol_surface.VolSurface` protocol, so a surface read from
an option chain (:func:`pricing.chains.chain.load_chain`) can replace the parametric default in a
:class:`pricing.market.Market`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.interpolate import PchipInterpolator

from pricing._typing import ArrayLike, FloatArray
from pricing.errors import InputError
from pricing.validation import as_float_array, check_positive, check_vol

Smile = Callable[[FloatArray], FloatArray]


def _strictly_increasing(field_name: str, values: FloatArray) -> None:
    """Raise :class:`InputError` unless ``values`` is a non-empty, strictly increasing 1-D array."""
    if values.ndim != 1 or values.size == 0:
        raise InputError(field_name, values.tolist(), "a non-empty 1-D sequence")
    if np.any(np.diff(values) <= 0.0):
        raise InputError(field_name, values.tolist(), "strictly increasing values")


def _smile(log_moneyness: FloatArray, vols: FloatArray) -> Smile:
    """PCHIP of ``vols`` in log-moneyness, flat beyond the first and last node (constant for one node)."""
    if log_moneyness.size == 1:
        level = float(vols[0])
        return lambda x: np.full_like(x, level)
    pchip = PchipInterpolator(log_moneyness, vols, extrapolate=False)
    low, high, wing = float(log_moneyness[0]), float(log_moneyness[-1]), float(vols[-1])
    return lambda x: np.where(x >= high, wing, pchip(np.clip(x, low, high)))


@dataclass(frozen=True)
class QuoteVolSurface:
    r"""Implied-vol surface interpolated from a grid of quoted vols.

    Parameters
    ----------
    expiries : sequence of float, shape (n_expiries,)
        Times to expiry, years (Act/365), strictly increasing, > 0.
    moneyness : sequence of sequences of float
        For each expiry, the quoted moneyness nodes ``K/S`` (strike over the spot of the contract's own
        underlying), strictly increasing, > 0. Expiries may have different nodes and node counts (at least one).
    vols : sequence of sequences of float
        Implied vols at those nodes, decimal (0.20 = 20%), same shape as ``moneyness``.
    label : str, default ""
        Where the quotes come from (``"SPX chain 2026-11-25"``).

    Raises
    ------
    InputError
        If the expiries are not strictly increasing and positive, a node row is not strictly increasing and
        positive, the shapes disagree, or a vol is not a decimal in (0, 2].

    See Also
    --------
    QuoteVolSurface.from_grid : common moneyness grid for every expiry.
    QuoteVolSurface.from_quotes : long table of (expiry_years, moneyness, iv).

    Notes
    -----
    With :math:`x = \ln(K/S)`:

    * **In moneyness**, at each quoted expiry :math:`T_i`, the smile :math:`\sigma_i(x)` is the shape-preserving
      piecewise cubic Hermite interpolant (PCHIP, Fritsch–Carlson) of the quoted vols in :math:`x`. It does not
      overshoot: between two nodes it stays within their vols, and it is monotone where the nodes are. Beyond
      the outermost quoted nodes the smile is **flat** (the wing vol is held), never extrapolated.
    * **In time**, at fixed moneyness the total variance :math:`w_i(x) = \sigma_i(x)^2 T_i` is interpolated
      linearly:

      .. math::

          w(x, t) = w_i(x) + \frac{t - T_i}{T_{i+1} - T_i}\big(w_{i+1}(x) - w_i(x)\big),\qquad
          \sigma(x, t) = \sqrt{w(x, t) / t},\qquad T_i \le t \le T_{i+1},

      so where quoted total variance increases with expiry the interpolated one does too, and no calendar
      arbitrage is introduced between expiries. Before the first expiry the first smile is used (flat vol),
      after the last the last smile is used (flat vol).
    * The surface is exact at the nodes. :meth:`check_calendar_arbitrage` reports where the *quotes* already
      have total variance falling with expiry; it is a report, not an error.

    For a common strike grid and a fixed spot this agrees with QuantLib's ``BlackVarianceSurface`` with
    bilinear interpolation at every node and along time at every node strike (both are linear in total variance
    in :math:`t`, flat vol outside the quoted expiries). Between strikes they differ: QuantLib interpolates
    variance linearly in strike, this surface interpolates vol by PCHIP in log-moneyness.

    Examples
    --------
    >>> s = QuoteVolSurface.from_grid([0.25, 1.0], [0.9, 1.0, 1.1], [[0.22, 0.18, 0.16], [0.21, 0.19, 0.18]])
    >>> float(s.vol(0.9, 0.25)), float(s.vol(2.0, 1.0))
    (0.22, 0.18)
    >>> round(float(s.vol(1.0, 0.5)), 6)  # sqrt((0.0081 + (0.0361 - 0.0081) / 3) / 0.5)
    0.186726
    """

    expiries: tuple[float, ...]
    moneyness: tuple[tuple[float, ...], ...]
    vols: tuple[tuple[float, ...], ...]
    label: str = ""
    _smiles: tuple[Smile, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        expiries = check_positive("expiries", self.expiries)
        _strictly_increasing("expiries", expiries)
        if len(self.moneyness) != expiries.size or len(self.vols) != expiries.size:
            raise InputError(
                "moneyness", len(self.moneyness), f"one row of nodes and of vols per expiry ({expiries.size})"
            )
        nodes, vols, smiles = [], [], []
        for i, (row_m, row_v) in enumerate(zip(self.moneyness, self.vols, strict=True)):
            m = check_positive(f"moneyness[{i}]", row_m)
            _strictly_increasing(f"moneyness[{i}]", m)
            v = check_vol(f"vols[{i}]", row_v)
            if v.shape != m.shape:
                raise InputError(f"vols[{i}]", v.tolist(), f"one vol per moneyness node ({m.size})")
            nodes.append(tuple(m.tolist()))
            vols.append(tuple(v.tolist()))
            smiles.append(_smile(np.log(m), v))
        object.__setattr__(self, "expiries", tuple(expiries.tolist()))
        object.__setattr__(self, "moneyness", tuple(nodes))
        object.__setattr__(self, "vols", tuple(vols))
        object.__setattr__(self, "_smiles", tuple(smiles))

    @classmethod
    def from_grid(
        cls, expiries: ArrayLike, moneyness: ArrayLike, vols: ArrayLike, *, label: str = ""
    ) -> QuoteVolSurface:
        """Build a surface on a common moneyness grid.

        Parameters
        ----------
        expiries : array_like of shape (n_expiries,)
            Years to expiry, strictly increasing, > 0.
        moneyness : array_like of shape (n_nodes,)
            Moneyness nodes ``K/S`` shared by every expiry, strictly increasing, > 0. For a common strike grid
            pass ``strikes / spot``.
        vols : array_like of shape (n_expiries, n_nodes)
            Implied vols, decimal.
        label : str, default ""
            Source label.

        Returns
        -------
        QuoteVolSurface
        """
        nodes = np.atleast_1d(as_float_array("moneyness", moneyness))
        grid = np.atleast_2d(as_float_array("vols", vols))
        times = np.atleast_1d(as_float_array("expiries", expiries))
        if grid.shape != (times.size, nodes.size):
            raise InputError("vols", grid.shape, f"shape (n_expiries, n_nodes) = ({times.size}, {nodes.size})")
        return cls(tuple(times), (tuple(nodes),) * times.size, tuple(map(tuple, grid)), label=label)

    @classmethod
    def from_quotes(
        cls,
        frame: pd.DataFrame,
        *,
        t: str = "expiry_years",
        moneyness: str = "moneyness",
        iv: str = "iv",
        label: str = "",
    ) -> QuoteVolSurface:
        """Build a surface from a long table with one row per quoted (expiry, moneyness) node.

        Parameters
        ----------
        frame : pandas.DataFrame
            At least the three columns named below; rows in any order.
        t : str, default "expiry_years"
            Column of years to expiry (> 0). Rows with equal values form one smile.
        moneyness : str, default "moneyness"
            Column of ``K/S`` (> 0).
        iv : str, default "iv"
            Column of implied vols, decimal.
        label : str, default ""
            Source label.

        Returns
        -------
        QuoteVolSurface

        Raises
        ------
        InputError
            A missing column, an empty table, or the same (expiry, moneyness) twice.
        """
        for name in (t, moneyness, iv):
            if name not in frame.columns:
                raise InputError("frame", list(frame.columns), f"a column named {name!r}")
        if frame.empty:
            raise InputError("frame", "empty table", "at least one (expiry, moneyness, iv) row")
        table = frame[[t, moneyness, iv]].sort_values([t, moneyness])
        duplicated = table.duplicated([t, moneyness])
        if duplicated.any():
            first = table[duplicated].iloc[0]
            raise InputError(
                "frame", (float(first[t]), float(first[moneyness])), "one row per (expiry, moneyness) node"
            )
        groups = [(float(key), grp) for key, grp in table.groupby(t, sort=True)]
        return cls(
            tuple(key for key, _ in groups),
            tuple(tuple(grp[moneyness].astype(float)) for _, grp in groups),
            tuple(tuple(grp[iv].astype(float)) for _, grp in groups),
            label=label,
        )

    def to_frame(self) -> pd.DataFrame:
        """The quoted nodes as a long table with columns ``expiry_years``, ``moneyness``, ``iv``."""
        rows = [
            (t, m, v)
            for t, nodes, vols in zip(self.expiries, self.moneyness, self.vols, strict=True)
            for m, v in zip(nodes, vols, strict=True)
        ]
        return pd.DataFrame(rows, columns=["expiry_years", "moneyness", "iv"])

    def smile(self, i: int, moneyness: ArrayLike) -> FloatArray:
        """Vol (decimal) of the ``i``-th quoted expiry's smile at ``moneyness = K/S`` (flat beyond the wings)."""
        x = np.log(check_positive("moneyness", moneyness))
        return np.asarray(self._smiles[i](np.atleast_1d(x)), dtype=np.float64).reshape(x.shape)

    def vol(self, moneyness: ArrayLike, t: ArrayLike) -> FloatArray:
        """Implied vol (decimal) at ``moneyness = K/S`` and ``t`` years; arrays broadcast together.

        Parameters
        ----------
        moneyness : array_like
            Strike over the spot of the contract's own underlying, > 0.
        t : array_like
            Years to expiry. Times before the first quoted expiry (including 0) get the first smile.

        Returns
        -------
        ndarray of float64
            Shape of ``moneyness`` and ``t`` broadcast together.
        """
        m, tt = np.broadcast_arrays(check_positive("moneyness", moneyness), as_float_array("t", t))
        x, tf = np.log(m).ravel(), tt.ravel()
        times = np.asarray(self.expiries)
        last = times.size - 1
        left = np.clip(np.searchsorted(times, tf, side="right") - 1, 0, last)
        right = np.minimum(left + 1, last)
        between = (tf > times[left]) & (tf < times[-1])
        out = np.empty_like(x)
        for i, smile in enumerate(self._smiles):
            here = left == i
            if np.any(here):
                out[here] = smile(x[here])
        if np.any(between):
            lo, hi = left[between], right[between]
            s_hi = np.empty(lo.size)
            for i in np.unique(hi):
                s_hi[hi == i] = self._smiles[i](x[between][hi == i])
            w_lo, w_hi = out[between] ** 2 * times[lo], s_hi**2 * times[hi]
            weight = (tf[between] - times[lo]) / (times[hi] - times[lo])
            out[between] = np.sqrt((w_lo + weight * (w_hi - w_lo)) / tf[between])
        return out.reshape(m.shape)

    def check_calendar_arbitrage(self, tolerance: float = 0.0) -> pd.DataFrame:
        """Report where total variance falls from one quoted expiry to the next at fixed moneyness.

        Each pair of consecutive expiries is compared at the union of their moneyness nodes (each smile read
        with its own interpolation and flat wings). This is a report on the quotes, not an exception: the
        surface still interpolates, but such quotes admit a calendar-spread arbitrage.

        Parameters
        ----------
        tolerance : float, default 0.0
            Decreases of total variance up to this amount (years × vol²) are not reported.

        Returns
        -------
        pandas.DataFrame
            One row per violation, columns ``moneyness``, ``t_short``, ``t_long``, ``w_short``, ``w_long``
            (total variances ``σ²t``); empty when the quotes are calendar-arbitrage free at the nodes.
        """
        rows = []
        for i in range(len(self.expiries) - 1):
            t0, t1 = self.expiries[i], self.expiries[i + 1]
            nodes = np.union1d(self.moneyness[i], self.moneyness[i + 1])
            w0, w1 = self.smile(i, nodes) ** 2 * t0, self.smile(i + 1, nodes) ** 2 * t1
            for m, a, b in zip(nodes, w0, w1, strict=True):
                if b < a - tolerance:
                    rows.append((float(m), t0, t1, float(a), float(b)))
        return pd.DataFrame(rows, columns=["moneyness", "t_short", "t_long", "w_short", "w_long"])

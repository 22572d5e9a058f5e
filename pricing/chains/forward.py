r"""The forward a chain implies by put–call parity, and what it says about the spot and the dividend yield.

For a European call and put of one strike :math:`K` and expiry :math:`T`, parity gives
:math:`C - P = D\,(F - K)`, so :math:`F = K + (C - P)/D` with :math:`D` the discount factor to :math:`T`. Cboe's
VIX methodology reads the forward this way at the strike where :math:`|C - P|` is smallest, from mid quotes and the
Treasury rate (Cboe, "VIX White Paper", Step 1: "F = Strike Price + e^{RT} × (Call Price − Put Price)"). Here
:func:`parity_forwards` takes the **median** of :math:`F_K` over the (up to) :data:`PAIRS` strikes nearest that one,
each from a call and a put both with a bid above zero, so that one stale quote cannot move it.

:func:`implied_carry` then fits :math:`\ln(F_i / S) = a + b\,t_i` across expiries by least squares: the slope
:math:`b` is the cost of carry :math:`r - q` the chain prices (hence an implied dividend yield
:math:`q = r - b` when the rate is known), the intercept :math:`a` how far the spot :math:`S` the market was given
sits from the spot the chain's forwards imply (:math:`S e^{a}`). A spot taken at another moment than the quotes
shows up as :math:`a \ne 0`; that is the "spot inconsistent with put–call parity" check.

Parity is an equality for European options only: an American chain (SPY) gets no parity forward (its calls and
puts carry early-exercise premia), and the market's own forward is used.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from pricing._typing import FloatArray

PAIRS = 5
"""Strikes nearest the money whose parity forwards are combined (their median) per expiry."""

FORWARD_COLUMNS = ("expiry", "t", "pairs", "forward", "model_forward", "gap")
"""Columns of :func:`parity_forwards`' table."""


class ImpliedCarry(NamedTuple):
    """What the chain's parity forwards say, fitted across expiries.

    Attributes
    ----------
    spot_gap : float
        Intercept :math:`a`: the chain's spot is :math:`S e^{a}`; 0.01 means the forwards sit on a spot 1% above the
        market's.
    carry : float
        Slope :math:`b = r - q`, decimal per year (NaN with one expiry: no slope from one point).
    expiries : int
        Expiries with a parity forward.
    """

    spot_gap: float
    carry: float
    expiries: int


def _forward(strikes: FloatArray, call: FloatArray, put: FloatArray, discount: float) -> tuple[float, int]:
    """Median parity forward of the :data:`PAIRS` strikes nearest the one where ``|call - put|`` is least."""
    nearest = np.argsort(np.abs(call - put))[:PAIRS]
    return float(np.median(strikes[nearest] + (call[nearest] - put[nearest]) / discount)), int(nearest.size)


def parity_forwards(quotes: pd.DataFrame, discount: FloatArray, model_forward: FloatArray) -> pd.DataFrame:
    """One parity forward per expiry from the mids of calls and puts quoted at the same strike with bids > 0.

    Parameters
    ----------
    quotes : pandas.DataFrame
        Columns ``expiry``, ``t`` (years), ``strike``, ``kind`` (``"put"``/``"call"``), ``bid``, ``mid`` (points).
    discount : array_like
        Discount factor to each row's expiry, aligned with ``quotes``.
    model_forward : array_like
        The market's forward :math:`S e^{(r-q)t}` of each row's expiry, points, aligned with ``quotes``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FORWARD_COLUMNS`, one row per expiry (sorted): ``pairs`` used (0 where no strike has both
        a call and a put with a bid, ``forward`` then NaN), ``forward`` and ``model_forward`` (points) and
        ``gap = forward / model_forward - 1``.
    """
    frame = quotes.assign(discount=discount, model_forward=model_forward)
    rows = []
    for expiry, group in frame.groupby("expiry"):  # sorted by expiry
        two_sided = group[group["bid"] > 0.0]
        calls = two_sided[two_sided["kind"] == "call"].set_index("strike")["mid"]
        puts = two_sided[two_sided["kind"] == "put"].set_index("strike")["mid"]
        both = calls.index.intersection(puts.index)
        forward, pairs = math.nan, 0
        if both.size:
            forward, pairs = _forward(both.to_numpy(), calls[both].to_numpy(), puts[both].to_numpy(),
                                      float(group["discount"].iat[0]))
        model = float(group["model_forward"].iat[0])
        rows.append((expiry, float(group["t"].iat[0]), pairs, forward, model, forward / model - 1.0))
    return pd.DataFrame(rows, columns=list(FORWARD_COLUMNS))



def implied_carry(forwards: pd.DataFrame, spot: float) -> ImpliedCarry:
    """Fit ``ln(forward / spot) = spot_gap + carry * t`` over the expiries that have a parity forward.

    Parameters
    ----------
    forwards : pandas.DataFrame
        :func:`parity_forwards`' table.
    spot : float
        The market's level of the contract's underlying, points.

    Returns
    -------
    ImpliedCarry
        With no expiry: NaN and NaN. With one: the gap at the model's carry cannot be split from the carry, so
        ``spot_gap`` is that expiry's ``ln(forward / model_forward)`` and ``carry`` NaN. With two or more: the
        least-squares line.
    """
    have = forwards[forwards["pairs"] > 0]
    if have.empty:
        return ImpliedCarry(math.nan, math.nan, 0)
    if len(have) == 1:
        return ImpliedCarry(float(np.log1p(have["gap"].iat[0])), math.nan, 1)
    t = have["t"].to_numpy()
    y = np.log(have["forward"].to_numpy() / spot)
    slope, intercept = np.polyfit(t, y, 1)
    return ImpliedCarry(float(intercept), float(slope), len(have))

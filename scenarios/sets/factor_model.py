"""How factors move together: index betas to a driver index and the spot-linked implied-vol response.

Generators specify the driver index (the S&P 500 by default) and, optionally, the currency; the other indices
follow through their betas, and every index's implied vols respond to its own return.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from pricing._typing import ArrayLike, FloatArray
from pricing.validation import as_float_array, check_non_negative


@dataclass(frozen=True)
class VolResponse:
    r"""Spot-linked implied-vol response: vols rise as the index falls.

    Parameters
    ----------
    down_beta : float, default 0.8
        Vol points gained per unit of index fall, decimal per unit return: with 0.8, a 30% fall adds
        0.8 × 0.30 = 0.24 (24 vol points) to every implied vol of that index. >= 0.
    up_beta : float, default 0.2
        Vol points lost per unit of index rise (0.2: a 10% rally takes off 2 vol points). >= 0.

    Notes
    -----
    .. math:: \Delta\sigma = -\beta_{down} \min(r, 0) - \beta_{up} \max(r, 0)

    Seen in the data: the VIX rose from about 14 to 82 as the S&P 500 fell 34% in March 2020 (about 2 points
    per 1% fall), and from about 20 to 80 over the 2008 fall of 45% (about 1.3). The defaults are deliberately
    lower, since a long-put hedger is hurt by a weak vol response; take the worst case over several responses
    by generating scenarios with each.

    Examples
    --------
    >>> VolResponse().shift([-0.30, 0.10]).round(6).tolist()
    [0.24, -0.02]
    """

    down_beta: float = 0.8
    up_beta: float = 0.2

    def __post_init__(self) -> None:
        check_non_negative("vol_response.down_beta", self.down_beta)
        check_non_negative("vol_response.up_beta", self.up_beta)

    def shift(self, index_return: ArrayLike) -> FloatArray:
        """Additive vol change (decimal) for an index return (decimal)."""
        r = as_float_array("index_return", index_return)
        return -self.down_beta * np.minimum(r, 0.0) - self.up_beta * np.maximum(r, 0.0)


@dataclass(frozen=True)
class FactorModel:
    """Index betas to a driver and the vol response.

    Parameters
    ----------
    driver : str, default "SPX"
        The index whose return a scenario states.
    betas : mapping of str to float
        Return of each other index per unit return of the driver, in its own currency (``{"NKY": 1.1}``).
        An index missing here does not move unless the scenario moves it.
    vol_response : VolResponse
        Spot-linked response applied to every index's own return.
    """

    driver: str = "SPX"
    betas: Mapping[str, float] = field(default_factory=lambda: {"NKY": 1.1})
    vol_response: VolResponse = field(default_factory=VolResponse)

    def __post_init__(self) -> None:
        for index, beta in self.betas.items():
            as_float_array(f"betas.{index}", beta)
        object.__setattr__(self, "betas", MappingProxyType(dict(self.betas)))

    def index_returns(self, driver_return: ArrayLike) -> dict[str, FloatArray]:
        """Return of every index (driver and betas) for the driver's return; capped below at -0.99."""
        r = as_float_array("driver_return", driver_return)
        moves = {self.driver: r}
        for index, beta in self.betas.items():
            if index != self.driver:
                moves[index] = np.maximum(beta * r, -0.99)
        return moves

"""How factors move together: index betas to a driver index and the spot-linked implied-vol responses.

Generators specify the driver index (the S&P 500 by default) and, optionally, the currency; the other indices
follow through their betas, every index's implied vols respond to its own return, and the currency pair's
implied vols (``vol.USDJPY``) respond to the pair's return (``fx.USD``) on either side.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from pricing._typing import ArrayLike, FloatArray
from pricing.errors import InputError
from pricing.validation import as_float_array, check_non_negative

MAX_FX_VOL_BETA = 5.0
"""Largest FX vol beta accepted (vol points per unit of |FX return|): 5 adds 50 vol points to a 10% move, far
above the largest response on record (about 2.2, October 2008); ``20`` meant as 0.20 fails here."""


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


def _fx_beta(field_name: str, value: float) -> float:
    """``value`` as a float after checking it is a number in [0, :data:`MAX_FX_VOL_BETA`]."""
    beta = check_non_negative(field_name, value)
    if beta.ndim != 0:
        raise InputError(field_name, value, "a single number")
    if beta > MAX_FX_VOL_BETA:
        raise InputError(field_name, float(beta), f"vol points per unit of |FX return| in [0, {MAX_FX_VOL_BETA:g}], "
                         "such as 0.5", hint="the recorded episodes show about 0.25 to 2.2")
    return float(beta)


@dataclass(frozen=True)
class FxVolResponse:
    r"""Spot-linked implied-vol response of a currency pair: its vols rise when it moves sharply either way.

    For a JPY base the pair is USDJPY and its return is ``fx.USD``; a fall (the yen up, risk-off) lifts vols
    most, a rise (the yen down) lifts them less.

    Parameters
    ----------
    yen_up_beta : float, default 0.5
        Vol points gained per unit fall of the pair (the base currency, the yen, strengthening), decimal per unit
        return: with 0.5, USDJPY -10% adds 0.5 × 0.10 = 0.05 (5 vol points) to every implied vol of the pair.
        In [0, 5].
    yen_down_beta : float, default 0.15
        Vol points gained per unit rise of the pair (the yen weakening): 0.15 × 0.27 = 0.04 for USDJPY +27%.
        In [0, 5].

    Raises
    ------
    InputError
        For a beta that is not a number, negative, or above :data:`MAX_FX_VOL_BETA` (``20`` for 0.20).

    Notes
    -----
    .. math:: \Delta\sigma_{pair} = -\beta_{up} \min(r, 0) + \beta_{down} \max(r, 0) \;\ge 0

    with :math:`r` the pair's simple return (``fx.USD``). 1-month at-the-money USDJPY implied vol as recorded, and
    the beta it implies (vol change over the pair's move to the same date):

    =======  ===============================================  =======================  =====================
    Episode  1M ATM implied vol                               USDJPY to that date      Beta
    =======  ===============================================  =======================  =====================
    2008-10  about 10% (calm level; no mid-September quote)   107.51 -> 100.13, -6.9%  about 2.2
             -> 25.55% on 10-08 (Bloomberg, 2008-10-08)
    2008-10  -> 31.04% on 10-24, the record (Fisco)           about -13%               about 1.6
    2024-08  below 10.6% on 07-10 -> 16.0% on 08-05           161.73 -> 143.95, -11%   at least 0.49
             (Tickmill FX Options Insights, 07-24 and 08-09)
    2022     12.6-12.9% on 09-22/23 (Fisco); January level    115.27 -> about 143,     about 0.25 from a
             not found                                        about +24%               6-7% calm level
    =======  ===============================================  =======================  =====================

    The defaults sit at the low end of these, since a hedger long USD puts (yen calls) is hurt by a weak vol
    response; take the worst case over several responses by generating scenarios with each. The response is
    spot-linked only: a window whose pair ends flat (March 2020) gets no vol change though vols rose inside it.

    Examples
    --------
    >>> FxVolResponse().shift([-0.10, 0.0, 0.20]).round(6).tolist()
    [0.05, 0.0, 0.03]
    """

    yen_up_beta: float = 0.5
    yen_down_beta: float = 0.15

    def __post_init__(self) -> None:
        object.__setattr__(self, "yen_up_beta", _fx_beta("fx_vol_response.yen_up_beta", self.yen_up_beta))
        object.__setattr__(self, "yen_down_beta", _fx_beta("fx_vol_response.yen_down_beta", self.yen_down_beta))

    def shift(self, fx_return: ArrayLike) -> FloatArray:
        """Additive vol change of the pair (decimal, >= 0) for the pair's return (decimal, ``fx.<CCY>``)."""
        r = as_float_array("fx_return", fx_return)
        return -self.yen_up_beta * np.minimum(r, 0.0) + self.yen_down_beta * np.maximum(r, 0.0)


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
    fx_vol_response : FxVolResponse
        Spot-linked response of the currency pair's vols (``vol.USDJPY``) to its return (``fx.USD``).
    """

    driver: str = "SPX"
    betas: Mapping[str, float] = field(default_factory=lambda: {"NKY": 1.1})
    vol_response: VolResponse = field(default_factory=VolResponse)
    fx_vol_response: FxVolResponse = field(default_factory=FxVolResponse)

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

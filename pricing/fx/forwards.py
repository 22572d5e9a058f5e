r"""Covered interest parity: the FX forward, its points, and the carry a hedge of foreign money gives up.

With :math:`S` the pair's spot (units of the domestic currency per unit of the foreign one: yen per dollar for
USDJPY) and :math:`r_d, r_f` the continuously compounded zero rates of the two currencies to :math:`t` years
(Act/365), no-arbitrage between borrowing in one currency and lending in the other fixes the outright forward:

.. math:: F(t) = S\,e^{(r_d(t) - r_f(t))\,t}

(Hull, *Options, Futures, and Other Derivatives*, 10th ed., eq. 5.9, with continuous rates). Selling dollars
forward at :math:`F < S` when dollar rates are higher is the hedger's cost: the forward points :math:`F - S`
are the rate gap, paid whether the yen moves or not. At 4.0% and 0.5% a year, hedging 1 USD for a year gives
up :math:`S(1 - e^{-0.035}) \approx 3.44\%` of its value — "about 3.5% a year".

A cross-currency basis (a forward away from parity) is not modelled: the rates are the market's curves.
"""

from __future__ import annotations

import numpy as np

from pricing._typing import ArrayLike, FloatArray
from pricing.errors import InputError
from pricing.market import Market
from pricing.validation import as_float_array


def _pair(market: Market, pair: str) -> tuple[str, str]:
    found = market.fx_pair(pair)
    if found is None:
        raise InputError("pair", pair, f"a currency pair of this market such as USD{market.base_currency}")
    return found


def forward_rate(market: Market, pair: str, t: ArrayLike, spot: ArrayLike | None = None) -> FloatArray:
    """Outright forward of ``pair`` for delivery in ``t`` years, domestic units per foreign unit.

    Parameters
    ----------
    market : Market
        Supplies the two zero curves (and the spot unless given).
    pair : str
        Currency pair, foreign then domestic (``"USDJPY"``).
    t : array_like
        Years to delivery (Act/365), >= 0.
    spot : array_like, optional
        Spot to use instead of the market's (a scenario's level).

    Examples
    --------
    >>> from pricing.market import default_market
    >>> round(float(forward_rate(default_market(), "USDJPY", 1.0)), 4)  # 150 e^(0.005 - 0.04)
    144.8408
    """
    foreign, domestic = _pair(market, pair)
    years = as_float_array("t", t)
    if (years < 0).any():
        raise InputError("t", float(years.min()), "years to delivery >= 0")
    level = market.spot(pair) if spot is None else as_float_array("spot", spot)
    gap = market.curve(domestic).zero_rate(years) - market.curve(foreign).zero_rate(years)
    return level * np.exp(gap * years)


def forward_points(market: Market, pair: str, t: ArrayLike) -> FloatArray:
    """``F(t) - S``: domestic units per foreign unit; negative when the foreign rate is the higher one."""
    return forward_rate(market, pair, t) - market.spot(pair)


def hedge_carry(market: Market, pair: str, days: ArrayLike) -> FloatArray:
    """What selling one foreign unit forward for ``days`` gives up, as a fraction of its value today.

    ``1 - F/S``: positive when the foreign rate is above the domestic one (a yen investor hedging dollars pays).

    Examples
    --------
    >>> from pricing.market import default_market
    >>> round(float(hedge_carry(default_market(), "USDJPY", 365)), 5)  # 1 - e^(-0.035)
    0.03439
    """
    t = as_float_array("days", days) / 365.0
    return 1.0 - forward_rate(market, pair, t) / market.spot(pair)

r"""One lot of a linear yen hedge under a scenario, from its contract terms, in plain code: the reference's yen hedges.

A lot sells dollars for yen (the pair's foreign currency for its domestic one). With ``S_0`` the pair's spot
today, ``S_h = S_0 (1 + e)`` at the scenario's date (``e`` from the two currencies' ``fx`` columns), ``r_d, r_f``
the domestic and foreign zero rates and ``F(t) = S e^{(r_d − r_f) t}`` (covered interest parity), the lot is worth
at the scenario's date, in the domestic currency:

* a forward or future that matures on or after the scenario's date: marked to the forward for the time left on
  the scenario's curves (today's plus ``rate.<CCY>``): a forward ``N (F_0 − F_h) e^{−r_d' τ}`` for the ``N``
  dollars it sells, a future (a yen amount ``N_J`` bought at ``1/F_0`` dollars a yen, settled daily in dollars)
  ``N_J S_h (1/F_h − 1/F_0)``;
* one that matures inside the window is rolled at each maturity into the same tenor: the window's forward
  points at its average rates (zero rate to the window's end plus ``rate_avg``), ``N (S_0 e^{−g h/365} − S_h)``
  (a future: ``N_J (1 − S_h e^{g h/365} / S_0)``), ``g`` the foreign less the domestic average rate, less two
  half-spreads and two commissions per roll (``⌈h / D⌉ − 1`` rolls of a ``D``-day contract);
* a rolling position (くりっく365, 店頭FX) pays the swap points daily: ``N (S_0 − S_h) − N S_0 g (1 + m·sign g)
  h/365`` with ``m`` the broker's markup on the points.

Converted to the base currency at the scenario's end FX of the domestic currency.
"""

from __future__ import annotations

import math

from hedgeopt.reference.scenario import Moves
from pricing import Market
from pricing.fx.instruments import FxHedge
from pricing.fx.terms import FxRoute


def _zero(market: Market, currency: str, years: float) -> float:
    return float(market.curve(currency).zero_rate(years))


def lot_value(hedge: FxHedge, market: Market, moves: Moves) -> float:
    """Value of one lot of ``hedge`` at the scenario's date, base currency (0 today: entered at mid)."""
    spec = hedge.spec
    foreign, domestic = spec.pair[:3], spec.pair[3:]
    base = market.base_currency
    s0 = market.spot(spec.pair)
    s_h = s0 * (1.0 + moves.fx(foreign, base)) / (1.0 + moves.fx(domestic, base))
    h, years = moves.horizon, moves.years
    gap = (_zero(market, foreign, years) + moves.rate_average(foreign)
           - _zero(market, domestic, years) - moves.rate_average(domestic))
    future = spec.route is FxRoute.FUTURE
    yen_lot = spec.lot_currency == domestic
    if hedge.maturity is None:  # rolling: swap points paid daily
        dollars = spec.lot / s0 if yen_lot else spec.lot
        markup = 1.0 + spec.swap_markup * (1.0 if gap > 0 else -1.0 if gap < 0 else 0.0)
        value = dollars * (s0 - s_h) - dollars * s0 * gap * markup * years
    else:
        days = (hedge.maturity - market.valuation_date).days
        t0 = days / 365.0
        f0 = s0 * math.exp((_zero(market, domestic, t0) - _zero(market, foreign, t0)) * t0)
        dollars = spec.lot / f0 if yen_lot else spec.lot
        if days >= h:
            tau = (days - h) / 365.0
            r_d = _zero(market, domestic, tau) + moves.rate(domestic)
            r_f = _zero(market, foreign, tau) + moves.rate(foreign)
            f_h = s_h * math.exp((r_d - r_f) * tau)
            value = spec.lot * s_h * (1.0 / f_h - 1.0 / f0) if future else dollars * (f0 - f_h) * math.exp(-r_d * tau)
        else:
            rolls = max(math.ceil(h / max(days, 1)) - 1, 0)
            spread = spec.lot * spec.half_spread * (s_h if yen_lot else 1.0)
            fee = spec.commission * (s_h if spec.fee_currency == foreign else 1.0)
            carried = (spec.lot * (1.0 - s_h * math.exp(gap * years) / s0) if future
                       else dollars * (s0 * math.exp(-gap * years) - s_h))
            value = carried - rolls * 2.0 * (spread + fee)
    return value * market.fx_rate(domestic) * (1.0 + moves.fx(domestic, base))

r"""The quote model: a bid and an ask around a model price, wider in the wings, never inside the tick grid.

Where no option chain gives a real quote, hedgeopt trades at the quote this model makes from the model price
``m`` (points) and the option's absolute Black–Scholes delta ``|Δ|``:

.. math::

    h &= \max\big(s(|\Delta|)\, m,\ k\, \text{tick}(m)\big) \\
    \text{ask} &= \max\big(\lceil m + h \rceil_{\text{tick}},\ \text{smallest tick}\big), \qquad
    \text{bid} = \max\big(\lfloor m - h \rfloor_{\text{tick}},\ 0\big)

with :math:`s` the relative half-spread, piecewise linear in ``|Δ|`` between anchor points and flat beyond them,
and ``k`` (``min_ticks``) the least half-spread in ticks of the contract. So ``bid < m < ask``; the ask is at least
one tick; the relative spread widens into the wings (``s`` never rises with ``|Δ|``) and for cheap options (the
tick floor).

Calibration
-----------
*Shape*: the only published strike-by-strike table of S&P 500 index option quotes this work could read is the
Cboe VIX White Paper's Appendix 1 (Cboe, "The CBOE Volatility Index - VIX", 2009): SPX bids and asks on one
day of January 2009 for the 9- and 37-day expiries. For its 37-day out-of-the-money puts with a bid, the half-spread
as a fraction of the mid, ``(ask - bid) / (ask + bid)``, has these medians by Black–76 ``|Δ|`` (forward 921 from
put–call parity, zero rate, vols implied from the mids): 27.91% at 0.018 (strikes 500–550), 22.36% at 0.049
(600–640), 13.76% at 0.098 (680–720), 8.33% at 0.250 (800–845) and 4.71% at 0.432 (895–920); the median over
all its out-of-the-money options with a bid, puts and calls, is 11.11%. *Level*: January 2009 was a crisis (VIX
above 40) and spreads have narrowed since; the level is rescaled to the most recent published figure found, a
median half-spread of 2.6% of the option price for the options of the ten most traded US underlyings, measured
in 2026 on 4.4 million quotes (Papers With Backtest, "Options-Yearly-TransactionCostParams" dataset card,
huggingface.co/datasets/paperswithbacktest/Options-Yearly-TransactionCostParams). Each anchor is the 2009 median
times 2.6% / 11.11%: 6.53%, 5.23%, 3.22%, 1.95% and 1.10%.

That level is an all-strike median over single stocks and ETFs as well as SPX, whose options are among the most
liquid: for SPX itself the model probably errs wide, which overstates what a hedge costs rather than flattering
it. Nikkei 225 options get the same curve on their own tick grid (no published Nikkei spread table was found), and
so do the OTC USD/JPY options on their 0.01-yen grid: no published retail USD/JPY option spread was found either
(for scale: at 10% vol an at-the-money option's price is proportional to its vol, so the curve's 1.1% half-spread
at the money is 0.11 vol point a side; a dealer may well quote a retail client wider: give real quotes when known).
A real option chain (``load_chain``) replaces the model wherever it quotes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from pricing._typing import ArrayLike, FloatArray
from pricing.catalogue import ContractSpec
from pricing.contracts import Quote
from pricing.errors import InputError
from pricing.trading_costs.ticks import QuoteSide, tick_rule
from pricing.validation import as_float_array, check_non_negative, check_positive

CBOE_2009_SHAPE: tuple[tuple[float, float], ...] = (
    (0.0178, 0.2791), (0.0493, 0.2236), (0.0976, 0.1376), (0.2503, 0.0833), (0.4318, 0.0471))
"""(|Δ|, median half-spread / mid) of the Cboe VIX White Paper (2009) 37-day SPX puts, by delta band."""

CBOE_2009_MEDIAN = 0.1111
"""Median half-spread / mid over all out-of-the-money options with a bid in that table (puts and calls)."""

MEDIAN_HALF_SPREAD_2026 = 0.026
"""Median half-spread / price of the ten most traded US underlyings' options, 2026 (Papers With Backtest)."""

DEFAULT_DELTAS = tuple(d for d, _ in CBOE_2009_SHAPE)
"""|Δ| anchors of the default quote model."""

DEFAULT_HALF_SPREADS = tuple(round(h * MEDIAN_HALF_SPREAD_2026 / CBOE_2009_MEDIAN, 4) for _, h in CBOE_2009_SHAPE)
"""Relative half-spreads at the anchors: the 2009 shape at the 2026 level (0.0653 ... 0.011)."""


class Quotes(NamedTuple):
    """Bid and ask, points of the contract's underlying, arrays of the broadcast input shape."""

    bid: FloatArray
    ask: FloatArray


@dataclass(frozen=True)
class QuoteModel:
    """Bid/ask around a model price with a half-spread that widens into the wings and a tick floor.

    Parameters
    ----------
    deltas : tuple of float, default :data:`DEFAULT_DELTAS`
        Absolute-delta anchors, strictly increasing, in [0, 1].
    half_spreads : tuple of float, default :data:`DEFAULT_HALF_SPREADS`
        Half-spread as a fraction of the model price at each anchor, decimals in [0, 1) (0.02 = 2%), not rising
        with delta: the wings are never tighter than the money.
    min_ticks : float, default 1.0
        Least half-spread, in ticks of the contract at the model price (> 0): the ask is always above the model.

    Examples
    --------
    >>> q = QuoteModel().quote_one(6.0, 0.20, "XSP")
    >>> q.bid, q.ask
    (5.85, 6.15)
    """

    deltas: tuple[float, ...] = DEFAULT_DELTAS
    half_spreads: tuple[float, ...] = DEFAULT_HALF_SPREADS
    min_ticks: float = 1.0

    def __post_init__(self) -> None:
        deltas = tuple(float(d) for d in check_non_negative("quotes.deltas", list(self.deltas)))
        halves = tuple(float(h) for h in check_non_negative("quotes.half_spreads", list(self.half_spreads)))
        if not deltas or len(deltas) != len(halves):
            raise InputError("quotes.half_spreads", halves, f"one half-spread per delta anchor ({len(deltas)})")
        if any(b <= a for a, b in zip(deltas, deltas[1:], strict=False)) or deltas[-1] > 1.0:
            raise InputError("quotes.deltas", deltas, "strictly increasing absolute deltas in [0, 1]")
        if max(halves) >= 1.0:
            raise InputError("quotes.half_spreads", max(halves), "decimals below 1, such as 0.02",
                             hint=f"{max(halves):g} looks like a percentage" if max(halves) >= 1.0 else None)
        if any(b > a for a, b in zip(halves, halves[1:], strict=False)):
            raise InputError("quotes.half_spreads", halves, "half-spreads that do not rise with delta (the wings "
                             "are at least as wide as the money)")
        object.__setattr__(self, "deltas", deltas)
        object.__setattr__(self, "half_spreads", halves)
        object.__setattr__(self, "min_ticks", float(check_positive("quotes.min_ticks", self.min_ticks)))

    def relative_half_spread(self, abs_delta: ArrayLike) -> FloatArray:
        """Half-spread as a fraction of the model price at ``abs_delta`` (decimals), before the tick floor."""
        return np.interp(np.asarray(abs_delta, dtype=float), self.deltas, self.half_spreads)

    def half_spread(self, model: ArrayLike, abs_delta: ArrayLike, contract: str | ContractSpec) -> FloatArray:
        """Half-spread in points before rounding: the relative one, at least ``min_ticks`` ticks."""
        m = np.maximum(np.asarray(model, dtype=float), 0.0)
        return np.maximum(self.relative_half_spread(abs_delta) * m, self.min_ticks * tick_rule(contract).tick(m))

    def quote(self, model: ArrayLike, abs_delta: ArrayLike, contract: str | ContractSpec,
              *, validate: bool = True) -> Quotes:
        """Bid and ask (points) around model prices; vectorized over paths, strikes or candidates.

        Parameters
        ----------
        model : array_like
            Model price per unit, points of the contract's underlying (>= 0).
        abs_delta : array_like
            Absolute Black–Scholes delta per unit, in [0, 1] (broadcast against ``model``).
        contract : str or ContractSpec
            Option class whose tick grid the quote sits on.
        validate : bool, default True
            Check the inputs; the path engine passes False on arrays it built itself.

        Returns
        -------
        Quotes
            ``bid`` rounded down (>= 0) and ``ask`` rounded up (>= one tick), points.
        """
        rule = tick_rule(contract)
        if validate:
            model = check_non_negative("model", model)
            d = as_float_array("abs_delta", abs_delta)
            if np.any(d > 1.0):
                raise InputError("abs_delta", float(np.max(d)), "an absolute delta in [0, 1]")
        m = np.maximum(np.asarray(model, dtype=float), 0.0)
        h = self.half_spread(m, abs_delta, contract)
        ask = np.maximum(rule.round(m + h, QuoteSide.ASK, validate=False), rule.smallest)
        bid = rule.round(np.maximum(m - h, 0.0), QuoteSide.BID, validate=False)
        return Quotes(bid, ask)

    def quote_one(self, model: float, abs_delta: float, contract: str | ContractSpec) -> Quote:
        """:meth:`quote` for one option, as a :class:`~pricing.contracts.Quote`."""
        bid, ask = self.quote(model, abs_delta, contract)
        return Quote(float(bid), float(ask))


DEFAULT_QUOTE_MODEL = QuoteModel()
"""The quote model hedgeopt trades at when no chain quotes an option."""

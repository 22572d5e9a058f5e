"""Yearly carry of the account, decomposed: what the account earns or pays a year if nothing moves.

The strategy's point: with the MMF at 4% and a margin loan at 6%, the borrowed part starts at −2% a year
(:attr:`Carry.borrowed_spreads`). Hedging dollars into yen gives up about the rate gap (:attr:`Carry.hedging`):
a hedged MMF share class pays its hedge cost (:meth:`Account.mmf_hedge_cost`), a yen hedge held the forward
points of its dollars sold over a year (:meth:`scenarios.fx_repricing.FxRepricer.carry`, with the broker's
markup on a rolling 店頭FX position), as the optimizer's yen leg counts them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import EtfPosition, FuturesPosition, MarginPosition
from pricing import Market, contract


@dataclass(frozen=True)
class Carry:
    """Yearly carry in base currency at today's FX (options' time decay is not included).

    Attributes
    ----------
    mmf_yield : float
        Gross MMF yield, base currency per year.
    mmf_fees : float
        MMF fees, negative.
    dividends : float
        Dividends on ETFs and the dividend part of futures basis.
    funding : float
        Margin-loan interest and the financing part of the futures basis, negative.
    other : float
        Carry of other assets.
    borrowed_spreads : dict of str to float
        For each margin position (by index): MMF net yield (value-weighted over the funds, hedge cost
        included) − loan rate, decimal per year (4% − 6% = −0.02).
    hedging : float, default 0.0
        What hedging dollars into yen costs a year, negative: hedged MMF classes' hedge cost and the yen hedges'
        forward or swap points.
    """

    mmf_yield: float
    mmf_fees: float
    dividends: float
    funding: float
    other: float
    borrowed_spreads: dict[str, float]
    hedging: float = 0.0

    @property
    def net(self) -> float:
        """Total yearly carry, base currency."""
        return self.mmf_yield + self.mmf_fees + self.dividends + self.funding + self.other + self.hedging

    def as_dict(self) -> dict[str, float | dict[str, float]]:
        """Every figure as a plain dict (for JSON)."""
        return {"mmf_yield": self.mmf_yield, "mmf_fees": self.mmf_fees, "dividends": self.dividends,
                "funding": self.funding, "other": self.other, "hedging": self.hedging, "net": self.net,
                "borrowed_spreads": dict(self.borrowed_spreads)}


def yearly_carry(account: Account, market: Market) -> Carry:
    """Decompose the account's yearly carry (see :class:`Carry`).

    Examples
    --------
    >>> from pricing import default_market
    >>> from hedgeopt.account.holdings import MMF, Cash, MarginPosition
    >>> acct = Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
    ...                satellite=(MarginPosition("SPX", 3_000_000, 0.06, value_currency="JPY"),))
    >>> c = yearly_carry(acct, default_market())
    >>> round(c.mmf_yield), round(c.funding), c.borrowed_spreads
    (280000, -180000, {'SPX': -0.02})
    """
    to_base = account.to_base
    mmf_yield = sum(to_base(market, account.mmf_units(market, f) * f.yield_, f.currency) for f in account.mmf)
    fees = 0.0 - sum(to_base(market, account.mmf_units(market, f) * f.fee, f.currency) for f in account.mmf)
    mmf_base = [to_base(market, account.mmf_units(market, f), f.currency) for f in account.mmf]
    total_mmf = sum(mmf_base)
    weighted = sum(v * account.mmf_net_yield(market, f) for v, f in zip(mmf_base, account.mmf, strict=True))
    mmf_rate = weighted / total_mmf if total_mmf else 0.0
    dividends = funding = 0.0
    spreads: dict[str, float] = {}
    for pos in account.satellite:
        if isinstance(pos, EtfPosition | MarginPosition):
            ccy = market.index_currency[pos.index]
            dividends += to_base(market, account.position_value(market, pos), ccy) * market.dividend_yield(pos.index)
        if isinstance(pos, MarginPosition):
            amount, loan_ccy = account.loan(market, pos)
            funding -= to_base(market, amount, loan_ccy) * pos.loan_rate
            spreads[pos.index] = round(mmf_rate - pos.loan_rate, 12)
        if isinstance(pos, FuturesPosition):
            spec = contract(pos.symbol)
            notional = account.futures_notional(market, pos)
            funding -= notional * account.futures_rate(market, pos)
            dividends += notional * market.dividend_yield(spec.underlying)
    other = sum(to_base(market, a.value * a.carry, a.currency) for a in account.other)
    hedging = -sum(v * account.mmf_hedge_cost(market, f) for v, f in zip(mmf_base, account.mmf, strict=True))
    hedging -= _fx_hedge_carry(account, market)
    return Carry(mmf_yield, fees, dividends, funding, other, spreads, hedging)


def _fx_hedge_carry(account: Account, market: Market) -> float:
    """Forward or swap points the yen hedges held give up a year, base currency (positive: paid)."""
    if not account.fx_hedges:
        return 0.0
    from scenarios.fx_repricing import FxRepricer  # only accounts with yen hedges load the repricer

    repricer = FxRepricer([held.hedge for held in account.fx_hedges], market)
    return float(repricer.carry(365) @ np.array([held.lots for held in account.fx_hedges]))

"""The yen leg of a hedge: how much of the account's dollars it sells or insures, with what, and what it costs.

For a yen account holding dollars (the MMF core, a dollar ETF net of its loan), :func:`yen_leg` reads a
:class:`~hedgeopt.optimizer.result.HedgeResult` and answers the user's questions in figures:

* the dollars held (``exposure``) and those the hedge sells forward or short (``sold``: the linear hedges'
  dollars at today's spot) and insures (``insured``: the notional of the long dollar puts);
* the ``hedge_ratio`` (sold / exposure);
* what the linear hedges give up a year (``carry_per_year``: forward or swap points at today's rates) and the
  margin they tie up (``margin``);
* the MMF's yield before and after: the dollar funds' yield less the linear hedges' yearly carry spread over
  them (a hedge larger than the MMF is charged to it all the same).

Everything in base currency and decimals; nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from hedgeopt.account.account import Account
from hedgeopt.optimizer.candidates import fx_option_notional
from hedgeopt.optimizer.result import HedgeResult
from pricing import Market
from pricing.fx.instruments import FxHedge
from scenarios.fx_repricing import FxRepricer

DAYS_PER_YEAR = 365


@dataclass(frozen=True)
class YenLine:
    """One yen hedge held: what it sells or insures, its carry a year and its margin, base currency."""

    label: str
    quantity: float
    dollars: float
    kind: str
    """``"sold"`` (a linear hedge) or ``"insured"`` (a dollar put or put spread)."""
    carry_per_year: float = 0.0
    margin: float = 0.0


@dataclass(frozen=True)
class YenLeg:
    """The hedge's yen leg (see the module docstring); amounts in base currency, yields and ratios decimal.

    Attributes
    ----------
    currency : str
        The foreign currency hedged (USD).
    exposure : float
        The account's net holdings in it today, base currency (MMF + ETF − loan + cash + options).
    sold, insured : float
        Dollars sold by the linear hedges and covered by long dollar puts, base currency at today's spot.
    hedge_ratio : float
        ``sold / exposure`` (0 without exposure).
    carry_per_year : float
        What the linear hedges give up in a year at today's rates, base currency.
    margin : float
        Initial margin the linear hedges need, base currency (0 for a bank forward).
    mmf_value : float
        The dollar MMFs' value, base currency (a yen-hedged share class is not counted: it holds no dollar risk).
    mmf_yield : float
        Their yield less fees, value-weighted, decimal a year.
    mmf_yield_hedged : float
        ``mmf_yield`` less ``carry_per_year / mmf_value``: what the MMF earns net of the hedge.
    lines : list of YenLine
    """

    currency: str
    exposure: float
    sold: float
    insured: float
    hedge_ratio: float
    carry_per_year: float
    margin: float
    mmf_value: float
    mmf_yield: float
    mmf_yield_hedged: float
    lines: list[YenLine] = field(default_factory=list)

    @property
    def hedged(self) -> bool:
        """True when the hedge holds any yen hedge."""
        return bool(self.lines)

    def as_dict(self) -> dict:
        """Every figure under stable keys (for JSON)."""
        return {**{k: v for k, v in self.__dict__.items() if k != "lines"},
                "lines": [line.__dict__ for line in self.lines]}


def yen_leg(account: Account, market: Market, hedge: HedgeResult, currency: str = "USD") -> YenLeg:
    """The yen leg of ``hedge`` on ``account`` (see the module docstring).

    Examples
    --------
    >>> from hedgeopt.config.config import load_config  # doctest: +SKIP
    >>> from hedgeopt.optimizer.hedging import hedge  # doctest: +SKIP
    >>> cfg = load_config("examples/seed_10m.toml")  # doctest: +SKIP
    >>> yen_leg(cfg.account, cfg.market, hedge(cfg, cap=0.05)).hedged  # doctest: +SKIP
    True
    """
    nav = account.nav(market)
    exposure = account.fx_shares(market).get(currency, 0.0) * nav
    lines = [*_linear_lines(market, hedge), *_put_lines(market, hedge)]
    funds = [f for f in account.mmf if account.mmf_currency(f) == currency]  # a yen-hedged class is not exposed
    values = np.array([account.to_base(market, account.mmf_units(market, f), f.currency) for f in funds])
    mmf_value = float(values.sum())
    yields = np.array([account.mmf_net_yield(market, f) for f in funds])
    mmf_yield = float(values @ yields / mmf_value) if mmf_value > 0 else 0.0
    carry = sum(line.carry_per_year for line in lines)
    sold = sum(line.dollars for line in lines if line.kind == "sold")
    return YenLeg(
        currency=currency, exposure=exposure, sold=sold,
        insured=sum(line.dollars for line in lines if line.kind == "insured"),
        hedge_ratio=sold / exposure if exposure > 0 else 0.0, carry_per_year=carry,
        margin=sum(line.margin for line in lines), mmf_value=mmf_value, mmf_yield=mmf_yield,
        mmf_yield_hedged=mmf_yield - carry / mmf_value if mmf_value > 0 else mmf_yield, lines=lines,
    )


def _linear_lines(market: Market, hedge: HedgeResult) -> list[YenLine]:
    held = [p for p in hedge.positions if isinstance(p.instrument, FxHedge)]
    if not held:
        return []
    repricer = FxRepricer([p.instrument for p in held], market)
    notional, carry = repricer.notional_base(), repricer.carry(DAYS_PER_YEAR)
    lines = []
    for k, p in enumerate(held):
        spec = p.instrument.spec
        spot = market.spot(spec.pair)
        margin = spec.margin(spot) * market.fx_rate(spec.fee_currency)
        lines.append(YenLine(p.instrument.label, p.quantity, p.quantity * notional[k], "sold",
                             p.quantity * carry[k], p.quantity * margin))
    return lines


def _put_lines(market: Market, hedge: HedgeResult) -> list[YenLine]:
    lines = []
    for p in hedge.positions:
        if isinstance(p.instrument, FxHedge) or market.fx_pair(p.instrument.spec.underlying) is None:
            continue
        lines.append(YenLine(p.instrument.label, p.quantity,
                             p.quantity * fx_option_notional(p.instrument, market), "insured"))
    return lines

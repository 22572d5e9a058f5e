r"""What a route costs a year, under today's rates or a rate regime, beside the core alone.

Every figure is the route's account less the core's (the same account without the index), base currency, over a
year with the index and the exchange rate unchanged, from the P&L ledger (:mod:`hedgeopt.account.pnl`) on the
regime's year (:func:`~hedgeopt.config.routes_spec.a_year`; today's rates held: no regime):

* **funding**: the margin loan's interest at its rate plus the regime's average change of its currency's rate
  (A); the financing in the futures price, notional × (short rate + change) (B); the MMF yield given up on what
  the ETF took from the MMF (D; cash earns nothing, so what it took from cash gives up nothing).
* **dividends**: the ETF's dividends (A, D) and the dividend part of the futures basis (B), notional × yield
  (:func:`~hedgeopt.account.carry.yearly_carry`'s, route less core).
* **trading**: recurring trades a year: four quarterly futures rolls, each two sides of ``[paths]
  futures_commission`` and half a tick (B); route C rolls its options (below).
* **decay** (C): each option bought, what it costs (ask plus commissions, with the yen converted at ``[paths]
  fx_cost``) less what it pays at its expiry with the index unchanged, per year of its life:
  :math:`\sum_j q_j\,(c_j - \text{payoff}_j(S_0))\cdot 365/d_j` — the rolled program's yearly time decay at
  today's premiums (the rates of a regime move the others' funding, not a premium already paid).

``cost_year`` = funding − dividends + trading + decay (positive: a cost). The regime's equity response, if any, is
not carry: it moves the worst case (:mod:`hedgeopt.routes.compare`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from hedgeopt.account.account import Account
from hedgeopt.account.carry import yearly_carry
from hedgeopt.account.holdings import FuturesPosition, OptionPosition
from hedgeopt.account.pnl import pnl_components
from hedgeopt.config.config import Config
from hedgeopt.config.routes_spec import RateRegime, a_year
from hedgeopt.paths.valuation import intrinsic
from hedgeopt.routes.build import Built, futures_side
from pricing import Instrument, Market, contract, legs_of
from scenarios import ScenarioSet

ROLLS_A_YEAR = 4
"""Quarterly futures roll four times a year (ES and MES: March, June, September, December)."""


@dataclass(frozen=True)
class RouteCost:
    """One route's yearly cost beside the core, base currency (see the module docstring)."""

    funding: float
    dividends: float
    trading: float = 0.0
    decay: float = 0.0

    @property
    def cost_year(self) -> float:
        """Funding − dividends + trading + decay: what the route costs a year (positive: a cost)."""
        return self.funding - self.dividends + self.trading + self.decay

    def as_dict(self) -> dict[str, float]:
        """Every figure (for JSON), with ``cost_year``."""
        return {"funding": self.funding, "dividends": self.dividends, "trading": self.trading,
                "decay": self.decay, "cost_year": self.cost_year}


def _parts(account: Account, config: Config, year: ScenarioSet) -> dict[str, float]:
    """The ledger's carry and funding of ``account``'s linear holdings over ``year``, base currency."""
    linear = replace(account, satellite=tuple(p for p in account.satellite if not isinstance(p, OptionPosition)))
    parts = pnl_components(linear, config.market, year, np.arange(1))
    return {name: float(parts[name][0]) for name in ("carry", "funding")}


def route_cost(built: Built, core: Account, config: Config, regime: RateRegime | None,
               currencies: tuple[str, ...]) -> RouteCost:
    """The yearly cost of ``built`` beside ``core`` under ``regime`` (None: today's rates)."""
    year = a_year(regime, currencies)
    mine, base = _parts(built.account, config, year), _parts(core, config, year)
    income = yearly_carry(built.account, config.market).dividends - yearly_carry(core, config.market).dividends
    funding = 0.0 - (mine["funding"] - base["funding"]) - (mine["carry"] - base["carry"] - income)
    return RouteCost(funding, income, _rolls(built.account, config), option_decay(built, config.market))


def _rolls(account: Account, config: Config) -> float:
    """Four futures rolls a year, two sides each (commission and half a tick), base currency."""
    frictions, market = config.paths.frictions, config.market
    total = 0.0
    for pos in account.satellite:
        if isinstance(pos, FuturesPosition):
            fx = market.fx_rate(contract(pos.symbol).currency)
            total += ROLLS_A_YEAR * 2 * pos.contracts * futures_side(pos.symbol, frictions) * fx
    return total


def expiry_payoff(instrument: Instrument, market: Market) -> float:
    """What one contract pays at its expiry with the index where it is today, base currency."""
    total = 0.0
    for leg in legs_of(instrument):
        option, spec = leg.option, leg.option.spec
        level = market.spot(spec.underlying) * spec.price_ratio
        pays = float(intrinsic(option.kind.value, option.strike, level))
        total += leg.quantity * pays * spec.multiplier * market.fx_rate(spec.currency)
    return total


def option_decay(built: Built, market: Market) -> float:
    """Route C's options: cost less the payoff at expiry with the index unchanged, per year of life, base currency."""
    total = 0.0
    for pos, cost in built.options:
        days = max((pos.instrument.expiry - market.valuation_date).days, 1)
        total += pos.contracts * (cost - expiry_payoff(pos.instrument, market)) * 365.0 / days
    return total

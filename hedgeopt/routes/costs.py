r"""What a route costs a year, under today's rates or a rate regime, beside the core alone.

Every figure is the route's account less the core's (the same account without the index), base currency, over a
year with the index and the exchange rate unchanged, from the P&L ledger (:mod:`hedgeopt.account.pnl`) on the
regime's year (:meth:`~hedgeopt.config.routes_spec.RateRegime.year`; today's rates held: no regime):

* **funding**: the margin loan's interest at its rate plus the regime's average change of its currency's rate
  (A); the financing in the futures price, notional × (short rate + change) (B); the MMF yield given up on what
  the ETF took from the MMF (D; cash earns nothing, so what it took from cash gives up nothing).
* **dividends**: the ETF's dividends (A, D) and the dividend part of the futures basis (B), notional × yield.
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
from hedgeopt.account.holdings import EtfPosition, FuturesPosition, MarginPosition, OptionPosition
from hedgeopt.account.pnl import pnl_components
from hedgeopt.config.config import Config
from hedgeopt.config.routes_spec import RateRegime
from hedgeopt.routes.build import Built
from pricing import Instrument, Market, OptionKind, contract, legs_of
from scenarios import ScenarioSet
from scenarios.sets.rates import regime_year

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


def year_set(regime: RateRegime | None, currencies: tuple[str, ...]) -> ScenarioSet:
    """A year with the index and FX unchanged: today's rates held, or the regime's path (no equity response)."""
    if regime is None:
        return regime_year("today's rates", currencies, 0.0)
    return regime_year(f"{regime.name} rates", currencies, regime.change, regime.days, regime.path)


def _parts(account: Account, config: Config, year: ScenarioSet) -> dict[str, float]:
    """The ledger's carry and funding of ``account``'s linear holdings over ``year``, base currency."""
    linear = replace(account, satellite=tuple(p for p in account.satellite if not isinstance(p, OptionPosition)))
    parts = pnl_components(linear, config.market, year, np.arange(1))
    return {name: float(parts[name][0]) for name in ("carry", "funding")}


def dividends(account: Account, market: Market) -> float:
    """A year of dividends on the ETFs and in the futures basis at today's yields, base currency."""
    total = 0.0
    for pos in account.satellite:
        if isinstance(pos, EtfPosition | MarginPosition | FuturesPosition):
            total += account.index_exposure(market, pos)[pos.index] * market.dividend_yield(pos.index)
    return total


def route_cost(built: Built, core: Account, config: Config, regime: RateRegime | None,
               currencies: tuple[str, ...]) -> RouteCost:
    """The yearly cost of ``built`` beside ``core`` under ``regime`` (None: today's rates)."""
    year = year_set(regime, currencies)
    mine, base = _parts(built.account, config, year), _parts(core, config, year)
    income = dividends(built.account, config.market) - dividends(core, config.market)
    funding = 0.0 - (mine["funding"] - base["funding"]) - (mine["carry"] - base["carry"] - income)
    return RouteCost(funding, income, _rolls(built.account, config), option_decay(built, config.market))


def _rolls(account: Account, config: Config) -> float:
    """Four futures rolls a year, two sides each (commission and half a tick), base currency."""
    frictions, market = config.paths.frictions, config.market
    total = 0.0
    for pos in account.satellite:
        if isinstance(pos, FuturesPosition):
            spec = contract(pos.symbol)
            side = frictions.futures_commission + 0.5 * spec.tick * spec.multiplier
            total += ROLLS_A_YEAR * 2 * pos.contracts * side * market.fx_rate(spec.currency)
    return total


def expiry_payoff(instrument: Instrument, market: Market) -> float:
    """What one contract pays at its expiry with the index where it is today, base currency."""
    total = 0.0
    for leg in legs_of(instrument):
        option, spec = leg.option, leg.option.spec
        level = market.spot(spec.underlying) * spec.price_ratio
        sign = 1.0 if option.kind is OptionKind.CALL else -1.0
        total += leg.quantity * max(sign * (level - option.strike), 0.0) * spec.multiplier * market.fx_rate(
            spec.currency)
    return total


def option_decay(built: Built, market: Market) -> float:
    """Route C's options: cost less the payoff at expiry with the index unchanged, per year of life, base currency."""
    total = 0.0
    for pos, cost in built.options:
        days = max((pos.instrument.expiry - market.valuation_date).days, 1)
        total += pos.contracts * (cost - expiry_payoff(pos.instrument, market)) * 365.0 / days
    return total

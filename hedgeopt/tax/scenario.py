"""After tax under a scenario: each holding's P&L in its income category, and the tax of realising it all.

The question answered: *if everything were sold at the scenario's horizon, what would the scenario leave after
tax, compared with selling everything today?* With ``G`` the gains already in the holdings today (value less
``cost`` per holding, 0 where no cost is given), ``Y`` the year-to-date results of ``[tax]`` and ``P(s)`` the
scenario's P&L per category, the tax of the scenario is ``T(Y + G + P(s)) - T(Y + G)`` and its after-tax P&L
the P&L less that tax, where ``T`` is the year's bill (:func:`hedgeopt.tax.settle_year`: offsets inside each
category, the carried losses of ``[tax]``, 20.315% or the progressive scale).

A loss in a category with gains saves tax; the same loss in an empty category saves nothing now (it carries
forward, valued here at 0); a gain in a category whose loss sits elsewhere pays tax in full. So a put whose
payoff is 雑所得 (a Cboe option, by default) keeps about 70% of its payoff after tax while the margin ETF's loss
it offsets waits in the listed category.

Every scenario is realised in the current tax year, also one whose window runs past 31 December (a 517-day
episode): a planning simplification, stated in the output.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import EtfPosition, FuturesPosition, MarginPosition
from hedgeopt.account.pnl import pnl_components
from hedgeopt.config.tax_spec import Category, TaxSettings
from hedgeopt.tax.ledger import realisation_tax_by_category, year_to_date
from hedgeopt.tax.placement import derivative_category
from pricing import Market
from pricing._typing import FloatArray
from scenarios import ScenarioSet


@dataclass(frozen=True)
class TaxEffect:
    """The tax of realising a scenario set's results at their horizons.

    Attributes
    ----------
    by_category : dict of Category to ndarray
        The scenario P&L falling in each category, base currency, shape (scenarios,).
    embedded : dict of Category to float
        Gains already in the holdings today (value less cost), base currency.
    tax : ndarray
        Tax the scenario adds to the year's bill, base currency (negative: it saves tax).
    pnl, after_tax : ndarray
        P&L before and after that tax, base currency.
    tax_by_category : dict of Category to ndarray
        ``tax`` split by the category it falls in (categories never offset each other, so the parts add up to it).
    """

    by_category: dict[Category, FloatArray]
    embedded: dict[Category, float]
    tax: FloatArray
    pnl: FloatArray
    after_tax: FloatArray
    tax_by_category: dict[Category, FloatArray] = field(default_factory=dict)


def _holding_accounts(account: Account, settings: TaxSettings) -> list[tuple[Category, Account]]:
    """Each holding as a one-holding account, with the category its P&L falls in."""
    empty = replace(account, mmf=(), cash=(), satellite=(), other=(), fx_hedges=())
    out = [(Category.LISTED, replace(empty, mmf=(fund,))) for fund in account.mmf]
    out += [(Category.MISC, replace(empty, cash=(c,))) for c in account.cash if c.currency != account.base_currency]
    for pos in account.satellite:
        if isinstance(pos, EtfPosition):
            category = Category.NISA if pos.nisa else Category.LISTED
        elif isinstance(pos, MarginPosition):
            category = Category.LISTED
        elif isinstance(pos, FuturesPosition):
            category = derivative_category(pos.symbol, settings)[0]
        else:
            category = derivative_category(pos.instrument.spec.symbol, settings)[0]
        out.append((category, replace(empty, satellite=(pos,))))
    out += [(Category.LISTED, replace(empty, other=(asset,))) for asset in account.other]
    out += [(derivative_category(h.hedge.symbol, settings)[0], replace(empty, fx_hedges=(h,)))
            for h in account.fx_hedges]
    return out


def pnl_by_category(account: Account, market: Market, settings: TaxSettings, scenarios: ScenarioSet,
                    rows: np.ndarray | None = None) -> dict[Category, FloatArray]:
    """The account's scenario P&L split by income category, base currency, shape (len(rows),) each.

    The parts sum to :func:`hedgeopt.account.pnl.account_pnl`'s ``pnl`` (the split is by holding; a margin
    position's loan and its interest stay with it in the listed category).
    """
    rows = np.arange(len(scenarios)) if rows is None else np.asarray(rows, dtype=np.int64)
    out = {c: np.zeros(rows.size) for c in Category}
    for category, one in _holding_accounts(account, settings):
        out[category] += sum(pnl_components(one, market, scenarios, rows).values())
    return out


def embedded_gains(account: Account, market: Market) -> dict[Category, float]:
    """Gains in the holdings today, base currency: value less ``cost`` where a cost is given."""
    out = {c: 0.0 for c in Category}
    for fund in account.mmf:
        if fund.cost is not None:
            out[Category.LISTED] += account.holding_value(market, fund) - fund.cost
    for pos in account.satellite:
        if isinstance(pos, EtfPosition | MarginPosition) and pos.cost is not None:
            category = Category.NISA if getattr(pos, "nisa", False) else Category.LISTED
            out[category] += account.holding_value(market, pos) - pos.cost
    return out


def tax_effect(account: Account, market: Market, settings: TaxSettings, scenarios: ScenarioSet,
               rows: np.ndarray | None = None, extra: Mapping[Category, FloatArray] | None = None) -> TaxEffect:
    """The scenarios' after-tax P&L (see the module docstring).

    Parameters
    ----------
    account, market, settings : Account, Market, TaxSettings
        ``settings`` with its year set (``Config.tax``).
    scenarios : ScenarioSet
    rows : ndarray of int, optional
        Scenario positions (all when None).
    extra : mapping of Category to ndarray, optional
        P&L of positions not in the account (a candidate hedge), per category, shape (len(rows),), base currency.

    Examples
    --------
    The seed account, the index -30% and USDJPY -10% at once: the margin ETF's loss and the MMF's exchange loss
    are both listed losses, and the account has no listed gains this year, so tax saves nothing now (the loss
    carries forward).

    >>> from pricing import default_market
    >>> from hedgeopt.account.holdings import MMF, Cash, MarginPosition
    >>> acct = Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
    ...                satellite=(MarginPosition("SPX", 3_000_000, 0.06, value_currency="JPY"),))
    >>> crash = ScenarioSet.from_records([{"label": "crash", "horizon_days": 0, "equity.SPX": -0.30,
    ...                                   "fx.USD": -0.10}])
    >>> effect = tax_effect(acct, default_market(), TaxSettings(year=2026), crash)
    >>> round(float(effect.pnl[0])), round(float(effect.tax[0]))
    (-1510000, 0)
    """
    by_category = pnl_by_category(account, market, settings, scenarios, rows)
    for category, values in (extra or {}).items():
        by_category[category] = by_category[category] + values
    embedded = embedded_gains(account, market)
    start = {c: year_to_date(settings).get(c, 0.0) + embedded[c] for c in Category}
    split = realisation_tax_by_category(settings, start, by_category)
    tax = sum(split.values())
    pnl = sum(by_category.values())
    return TaxEffect(by_category, embedded, tax, pnl, pnl - tax, split)

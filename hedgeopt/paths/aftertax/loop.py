"""The tax ledger on one path with plain floats: the loop twin's part of :mod:`hedgeopt.paths.aftertax.steps`.

:func:`hedgeopt.paths.loop.run_one` holds one :class:`LoopTax` on a path of a row run with tax and calls it at the
same points of the day as the engine; it keeps its own costs, open P&L and year's realisations as floats and
dicts, and settles each year with the same :func:`hedgeopt.tax.settle_year` (the rules are the tax core's, not
restated). Its day-0 cost bases come from the loop's own book (:func:`LoopTax.open`), not the engine's ledger.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from hedgeopt.account.account import Account
from hedgeopt.config.path_settings import RolledFxHedge, StandingHedge
from hedgeopt.config.tax_spec import CARRIED, AccountType, Category, TaxSettings
from hedgeopt.tax import (
    DIVIDEND_WITHHOLDING_ABROAD,
    TaxRules,
    carried_from,
    derivative_category,
    settle_year,
    year_to_date,
)
from pricing import Market
from pricing.fx.terms import FxRoute

RETURN_DAY = (3, 15)
"""(month, day) a year's return is filed and its balance paid by: 15 March of the next year (National Tax Agency,
確定申告の期限 "2月16日から3月15日まで")."""


def _cost_share(cost: float | None, value: float) -> float:
    """A holding's tax cost over its value at the market (1.0 without a stated ``cost``)."""
    return cost / value if cost is not None and value > 0 else 1.0


@dataclass
class LoopYear:
    """One tax year settled on the path: its realisations, tax per category, carry and the cash paid for it."""

    year: int
    realised: dict[Category, float]
    tax: dict[Category, float]
    carry_used: float
    carry_created: float
    carry_expired: float
    paid: float
    abroad: float = 0.0


@dataclass
class LoopTax:
    """The ledger of one path of a loop run with tax (plain floats); open it with :meth:`open`."""

    settings: TaxSettings
    rules: TaxRules
    fund_cost: list[float]
    etf_cost: list[float]
    margin_cost: list[float]
    other_cost: list[float]
    fund_cat: list[Category]
    etf_cat: list[Category]
    fut_cat: list[Category]
    opt_cat: Category | None
    fx_cat: Category | None
    fut_fx: bool
    """True when the yen hedge is a future (its P&L waits for the roll)."""
    real: dict[Category, float] = field(default_factory=dict)
    years: list[LoopYear] = field(default_factory=list)
    due: float = 0.0
    due_date: dt.date | None = None
    due_year: int = -1
    due_at_end: float = 0.0
    abroad: float = 0.0
    creditable: float = 0.0
    carried: dict[Category, list[float]] = field(default_factory=dict)
    margin_interest: list[float] = field(default_factory=list)
    fut_open: list[float] = field(default_factory=list)
    opt_basis: float = 0.0
    fx_open: float = 0.0

    @classmethod
    def open(cls, settings: TaxSettings, account: Account, market: Market, book: Any, series: Any,
             hedge: StandingHedge | None, fx_hedge: RolledFxHedge | None) -> LoopTax:
        """Day 0 on the path: each holding's yen cost (its ``cost`` scaled as the account is replayed, else its value).

        ``book`` is the loop's :class:`~hedgeopt.paths.loop_book.LoopBook` and ``series`` its path
        (:class:`~hedgeopt.paths.loop_book.LoopSeries`).
        """
        fx0 = {c: v[0] for c, v in series.fx.items()}

        def share(pos: Any) -> float:
            ccy = series.index_ccy[pos.index]
            return _cost_share(pos.cost, pos.value * market.fx_rate(pos.value_currency or ccy))

        def cost(positions: list, units: list[float]) -> list[float]:
            return [u * series.spot[p.index][0] * fx0[series.index_ccy[p.index]] * share(p)
                    for p, u in zip(positions, units, strict=True)]

        funds = [u * fx0[f.currency] * (_cost_share(f.held.cost, f.held.amount * market.fx_rate(
            f.held.amount_currency)) if f.floats else 1.0) for f, u in zip(book.funds, book.units, strict=True)]
        tax = cls(settings, TaxRules(settings.year), funds, cost(book.etf, book.etf_units),
                  cost(book.margin, book.margin_units),
                  [v * fx0[c] for c, v in zip(book.other_ccy, book.other_value, strict=True)],
                  [Category.LISTED if f.floats else Category.MISC for f in book.funds],
                  [Category.NISA if p.nisa else Category.LISTED for p in book.etf],
                  [derivative_category(p.symbol, settings)[0] for p in book.futures],
                  derivative_category(hedge.symbol, settings)[0] if hedge is not None else None,
                  derivative_category(fx_hedge.spec.symbol, settings)[0] if fx_hedge is not None else None,
                  fx_hedge is not None and fx_hedge.spec.route is FxRoute.FUTURE)
        tax.real = {c: 0.0 for c in Category} | year_to_date(settings)
        tax.carried = {c: [float(v) for v in a] for c, a in carried_from(settings, tax.rules).items()}
        tax.margin_interest = [0.0 for _ in book.margin]
        tax.fut_open = [0.0 for _ in book.futures]
        tax.opt_basis = tax.fx_open = 0.0
        return tax

    def realise(self, category: Category, amount: float) -> None:
        """Add ``amount`` yen to this year's ``category``."""
        self.real[category] += amount

    def _bill(self, net: dict[Category, float]) -> Any:
        st = self.settings
        return settle_year(self.rules, net, self.carried, st.other_income, file_return=st.file_return,
                           foreign_withheld=self.creditable, foreign_tax_credit=st.foreign_tax_credit)

    def day(self, dates: list[dt.date], t: int) -> float:
        """Before the day's steps at ``t``: the year settled on its first day, a return paid; the cash paid."""
        paid = 0.0
        if t > 0 and dates[t].year != dates[t - 1].year:
            paid += self._return()
            bill = self._bill(self.real)
            listed = self.real[Category.LISTED]
            withheld = self.rules.separate_rate * max(listed, 0.0) \
                if self.settings.account is AccountType.SPECIFIED_WITHHOLDING else 0.0
            paid += withheld + self.abroad
            self.years.append(LoopYear(dates[t - 1].year, dict(self.real),
                                       {c: float(bill.by_category[c]) for c in Category},
                                       sum(float(bill.carry_used[c]) for c in CARRIED),
                                       sum(float(bill.carry_next[c][-1]) for c in CARRIED),
                                       sum(float(bill.expired[c]) for c in CARRIED), withheld + self.abroad,
                                       self.abroad))
            self.abroad = self.creditable = 0.0
            self.due, self.due_date = float(bill.tax) - withheld, dt.date(dates[t - 1].year + 1, *RETURN_DAY)
            self.due_year = len(self.years) - 1
            self.carried = {c: [float(v) for v in bill.carry_next[c]] for c in CARRIED}
            self.real = {c: 0.0 for c in Category}
        if self.due_date is not None and dates[t] >= self.due_date:
            paid += self._return()
        return paid

    def _return(self) -> float:
        if self.due_date is None:
            return 0.0
        self.years[self.due_year].paid += self.due
        paid, self.due, self.due_date = self.due, 0.0, None
        return paid

    def distribution(self, k: int, income: float) -> None:
        """Fund ``k``'s distribution (yen), reinvested at cost."""
        self.fund_cost[k] += income
        self.realise(self.fund_cat[k], income)

    def redeem(self, k: int, before: float, take: float, proceeds: float) -> None:
        """``take`` of fund ``k``'s ``before`` units sold for ``proceeds`` yen."""
        basis = self.fund_cost[k] * (take / before if before > 0 else 0.0)
        self.fund_cost[k] -= basis
        self.realise(self.fund_cat[k], proceeds - basis)

    def dividend(self, index_ccy: str, category: Category, dividend: float, reinvested: bool) -> None:
        """A fund's ``dividend`` (yen): the tax abroad withheld; paid out, the rest is income; reinvested, nothing."""
        abroad = dividend * DIVIDEND_WITHHOLDING_ABROAD.get(index_ccy, 0.0)
        self.abroad += abroad
        if category is not Category.NISA and not reinvested:
            self.creditable += abroad
        if not reinvested:
            self.realise(category, dividend - abroad)

    def etf_trade(self, k: int, f: float, trade: float, fee: float) -> None:
        """ETF ``k`` scaled by ``f`` for ``trade`` yen and ``fee``."""
        if f < 1.0:
            self.realise(self.etf_cat[k], -trade - fee - self.etf_cost[k] * (1.0 - f))
            self.etf_cost[k] *= f
        elif f > 1.0:
            self.etf_cost[k] += trade + fee

    def margin_trade(self, k: int, f: float, value: float, fee: float) -> None:
        """Margin position ``k`` worth ``value`` yen scaled by ``f``."""
        q = 1.0 - f
        if f < 1.0:
            self.realise(Category.LISTED, q * value - fee - q * self.margin_cost[k] - q * self.margin_interest[k])
            self.margin_cost[k] *= f
            self.margin_interest[k] *= f
        elif f > 1.0:
            self.margin_cost[k] += -q * value + fee

    def margin_closed(self, k: int, value: float, fee: float) -> None:
        """Margin position ``k`` sold by a margin call for ``value`` less ``fee``."""
        self.realise(Category.LISTED, value - fee - self.margin_cost[k] - self.margin_interest[k])
        self.margin_cost[k] = self.margin_interest[k] = 0.0

    def futures_day(self, j: int, margin: float, rolled: bool, fee: float) -> None:
        """Futures ``j``'s variation margin; at a roll its P&L and the fee."""
        self.fut_open[j] += margin
        if rolled:
            self.realise(self.fut_cat[j], self.fut_open[j] - fee)
            self.fut_open[j] = 0.0

    def futures_trade(self, j: int, old: float, new: float, fee: float) -> None:
        """Futures ``j`` from ``old`` to ``new`` contracts for ``fee``."""
        closed = (old - new) / old if old > new and old > 0 else 0.0
        self.realise(self.fut_cat[j], self.fut_open[j] * closed - fee)
        self.fut_open[j] *= 1.0 - closed

    def options_closed(self, proceeds: float) -> None:
        """The standing hedge sold or settled for ``proceeds`` yen after fees."""
        self.realise(self.opt_cat, proceeds - self.opt_basis)

    def fx(self, delta: float, rolled: bool, closed: bool = False) -> None:
        """The yen hedge moved cash by ``delta``; a future's is realised at its roll or close."""
        if not self.fut_fx:
            self.realise(self.fx_cat, delta)
            return
        self.fx_open += delta
        if rolled or closed:
            self.realise(self.fx_cat, self.fx_open)
            self.fx_open = 0.0

    def horizon(self, liquidation: dict[Category, float]) -> float:
        """What is owed at the horizon with every position realised at ``liquidation`` (gains by category)."""
        total = self._bill({c: self.real[c] + liquidation.get(c, 0.0) for c in Category})
        self.due_at_end = float(total.tax) + self.abroad + (self.due if self.due_date is not None else 0.0)
        return self.due_at_end

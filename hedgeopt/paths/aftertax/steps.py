r"""The path engine's tax ledger: what each holding realises, in its category, in yen at the day's FX.

Kept on every lane when a row of the :class:`~hedgeopt.paths.engine.Simulator` has ``tax`` (a
:class:`~hedgeopt.tax.TaxSettings` with its year); only those rows pay it in cash, so the pre-tax rows beside
them are exactly what they are without it. Categories are :mod:`hedgeopt.tax.placement`'s.

===================  ===============================================================================================
holding              realised (yen at the day's FX)
===================  ===============================================================================================
MMF                  distributions: the yield accrued each day, listed income (and added to the cost, reinvested);
                     redemptions at the order's close: proceeds after the conversion cost less the moving-average
                     yen cost of the units sold (day 0: ``MMF.cost``, else the value), so the exchange gain is in
                     the gain (特定公社債等, 租税特別措置法 37条の11 第2項; 所得税法 57条の3). Foreign cash the same,
                     in misc, without distributions
ETF (cash, NISA)     sales (a de-risk cut, a leverage trim, a margin call) against the moving-average yen cost (day
                     0: ``cost``, else the value; purchases add what they paid with the fee); dividends paid out as
                     income, net of the tax withheld abroad; an accumulating fund (``accumulating = true``, a
                     投資信託 that distributes nothing) realises nothing: its reinvested dividends are in the
                     value, taxed as gain when it is sold
other assets         read as listed funds (:mod:`hedgeopt.tax.placement`): never traded on a path, realised at the
                     horizon against their day-0 value
ETF on margin        sales the same, less the loan's interest accrued on the units sold: the engine adds the
                     interest to the loan and it is paid when the position is closed (決済), so it is a cost of that
                     sale (所得税法 33条3項); dividends (they pay down the loan) as income
futures              the variation margin since the contract was opened, at its close or roll (差金等決済); every
                     commission when paid
standing hedge       at sale, expiry or roll: proceeds (or the settlement) less the premium and fees paid
yen hedge            a yen future's variation margin at its roll or close; a forward's settlement at maturity; a
                     rolling position's spot move and swap points as they settle; fees when paid
===================  ===============================================================================================

**The year end**: on the first trading day of a new calendar year the year's net per category is settled by
:func:`hedgeopt.tax.settle_year` with the losses carried in (the first year starts from ``[tax] year_to_date``
and ``carried_losses``), and ``carry_next`` carries on. The rules are :class:`~hedgeopt.tax.TaxRules` of the
``[tax] year`` for every year of the path: today's rules on the path's markets. With ``account =
"specified_withholding"`` the listed tax on the year's own net (20.315%, no carried loss) is withheld that day;
the balance (futures, misc, and every refund a carried loss brings) is paid on the first trading day on or after
15 March. Without withholding all of it is paid then. Paying it may leave cash short: the day's refill redeems
MMF, and that realises in the new year.

**Tax withheld abroad**: a US-index fund's dividends lose :data:`hedgeopt.tax.DIVIDEND_WITHHOLDING_ABROAD` (10%,
日米租税条約 10条2項(b)) before the Japanese tax, which is levied on the rest. The taxed row pays it at the year's
settlement with the listed tax (on paths it is charged once a year, not on each dividend); with ``[tax]
foreign_tax_credit`` it is credited against the year's Japanese tax (外国税額控除, in outline: up to that tax),
except inside an accumulating fund (the fund pays it: nothing for the investor to claim). The ledger shows it as
``tax_abroad``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hedgeopt.account.account import Account
from hedgeopt.config.tax_spec import CARRIED, AccountType, Category, TaxSettings
from hedgeopt.paths.aftertax.ledger import PathTax
from hedgeopt.paths.valuation import PathValues
from hedgeopt.tax import (
    DIVIDEND_WITHHOLDING_ABROAD,
    TaxRules,
    YearBill,
    carried_from,
    derivative_category,
    settle_year,
    year_to_date,
)
from pricing._typing import FloatArray
from pricing.fx.terms import FxRoute

RETURN_DAY = (3, 15)
"""(month, day) the return's balance is paid by: 15 March of the next year (確定申告の期限)."""


@dataclass
class TaxLanes:
    """The ledger on every lane: costs, open P&L and this year's realisations, arrays of shape ``(rows, n_paths)``."""

    settings: TaxSettings
    rules: TaxRules
    paying: np.ndarray                       # bool (rows, 1): the rows that pay their tax in cash
    real: dict[Category, FloatArray]         # this year's net realised per category
    carried: dict[Category, FloatArray]      # (carry_years, rows, n_paths) per separate category
    fund_cost: list[FloatArray]
    fund_cat: list[Category]
    etf_cost: list[FloatArray]
    etf_cat: list[Category]
    margin_cost: list[FloatArray]
    margin_interest: list[FloatArray]        # the loan's interest accrued on the units held, yen
    fut_open: list[FloatArray]               # variation margin since the contract held was opened, yen
    fut_cat: list[Category]
    opt_basis: FloatArray                    # premium and fees paid for the options held
    opt_cat: list[Category | None]
    fx_open: FloatArray                      # a yen future's variation margin and fees since it was opened
    fx_cat: Category | None
    other_cost: list[FloatArray]             # other assets (a gold ETF), read as listed funds: never traded on paths
    due: FloatArray                          # the return's balance not yet paid
    abroad: FloatArray                       # this year's tax withheld abroad on dividends
    creditable: FloatArray                   # the part of it a return can credit (外国税額控除)
    due_date: dt.date | None = None
    due_year: int = -1
    years: list[dict[str, Any]] = field(default_factory=list)
    horizon: tuple | None = None


def _cost_ratio(account: Account, holding: object, market: Any) -> float:
    """The holding's tax cost over its value today (1.0 without a ``cost``)."""
    cost = getattr(holding, "cost", None)
    if cost is None:
        return 1.0
    value = account.holding_value(market, holding)
    return cost / value if value > 0 else 1.0


class TaxSteps(PathValues):
    """The ledger's steps; ``ledger`` is None when no row pays tax (then every hook is skipped)."""

    ledger: TaxLanes | None = None

    def _tax_open(self, rows: Sequence[Any], settings: TaxSettings) -> None:
        """Day 0: each holding's yen cost (its ``cost`` scaled as the account is replayed, else its value)."""
        s, x, b, m = self.state, self.x, self.book, self.market
        lanes, rules = self.lanes, TaxRules(settings.year)

        def ratio(find: Any) -> FloatArray:
            out = np.ones((len(rows), 1))
            for g, row in enumerate(rows):
                held = find(row.account)
                out[g] = _cost_ratio(row.account, held, m) if held is not None else 1.0
            return out

        def mmf_of(f: Any) -> Any:
            return lambda a: next((h for h in a.mmf if h.name == f.name and a.mmf_currency(h) == f.currency), None)

        def position(pos: Any) -> Any:
            return lambda a: pos if pos in a.satellite else None

        zeros = np.zeros(lanes)
        fund_cost = [np.broadcast_to(u * x.fx_of(f.currency, 0) * (ratio(mmf_of(f)) if f.floats else 1.0),
                                     lanes).copy() for f, u in zip(b.funds, s.units, strict=True)]
        etf_cost = [np.broadcast_to(u * self.base_price(p.index)[:, 0] * ratio(position(p)), lanes).copy()
                    for p, u in zip(b.etf, s.etf, strict=True)]
        margin_cost = [np.broadcast_to(u * self.base_price(p.index)[:, 0] * ratio(position(p)), lanes).copy()
                       for p, u in zip(b.margin, s.margin, strict=True)]
        ytd = year_to_date(settings)
        fx = self.fx_hedge
        self.ledger = TaxLanes(
            settings, rules, np.array([[r.tax is not None] for r in rows]),
            {c: zeros + ytd.get(c, 0.0) for c in Category}, carried_from(settings, rules, lanes),
            fund_cost, [Category.LISTED if f.floats else Category.MISC for f in b.funds],
            etf_cost, [Category.NISA if p.nisa else Category.LISTED for p in b.etf],
            margin_cost, [zeros.copy() for _ in b.margin], [zeros.copy() for _ in b.futures],
            [derivative_category(p.symbol, settings)[0] for p in b.futures], zeros.copy(),
            [derivative_category(h.symbol, settings)[0] if h is not None else None for h in self.programs],
            zeros.copy(), derivative_category(fx.spec.symbol, settings)[0] if fx is not None else None,
            [np.broadcast_to(v * x.fx_of(c, 0), lanes).copy() for c, v in zip(b.other_ccy, s.other, strict=True)],
            zeros.copy(), zeros.copy(), zeros.copy())

    def realise(self, category: Category, amount: FloatArray, rows: list[int] | None = None) -> None:
        """Add ``amount`` (yen, gains positive) to this year's ``category`` on every lane (or on ``rows``)."""
        real = self.ledger.real
        if rows is None:
            real[category] = real[category] + amount
        else:
            real[category][rows] += amount

    # -- the year end and the return -----------------------------------------------------------------------------
    def _tax_day(self, t: int) -> None:
        """Before the day's steps: settle the year just ended (first trading day of a new year), pay a return due."""
        led, dates = self.ledger, self.x.dates
        if t > 0 and dates[t].year != dates[t - 1].year:
            self._pay_return(t)  # a return still owed (a path with no date from 15 March to the year end)
            self._settle(dates[t - 1].year, t)
        if led.due_date is not None and dates[t] >= led.due_date:
            self._pay_return(t)

    def _pay(self, amount: FloatArray) -> None:
        """Take ``amount`` (yen per lane; negative: a refund) from the cash of the rows that pay."""
        s = self.state
        s.cash = s.cash - np.where(self.ledger.paying, amount, 0.0)
        self.touch()

    def _pay_return(self, t: int) -> None:
        led = self.ledger
        if led.due_date is None:
            return
        self._pay(led.due)
        led.years[led.due_year]["paid"] = led.years[led.due_year]["paid"] + led.due
        led.due, led.due_date = np.zeros(self.lanes), None

    def _bill(self, net: dict[Category, FloatArray]) -> YearBill:
        led = self.ledger
        st = led.settings
        return settle_year(led.rules, net, led.carried, st.other_income, file_return=st.file_return,
                           foreign_withheld=led.creditable, foreign_tax_credit=st.foreign_tax_credit)

    def _settle(self, year: int, t: int) -> None:
        """Settle ``year``: its bill, the listed tax withheld today, the balance due on 15 March."""
        led = self.ledger
        bill = self._bill(led.real)
        withheld = np.zeros(self.lanes)
        if led.settings.account is AccountType.SPECIFIED_WITHHOLDING:
            withheld = led.rules.separate_rate * np.maximum(led.real[Category.LISTED], 0.0)
        self._pay(withheld + led.abroad)
        led.years.append({"year": year, "realised": {c: v.copy() for c, v in led.real.items()}, "bill": bill,
                          "paid": withheld + led.abroad, "abroad": led.abroad})
        led.due, led.due_date, led.due_year = bill.tax - withheld, dt.date(year + 1, *RETURN_DAY), len(led.years) - 1
        led.carried = bill.carry_next
        led.real = {c: np.zeros(self.lanes) for c in Category}
        led.abroad, led.creditable = np.zeros(self.lanes), np.zeros(self.lanes)

    # -- the holdings' realisations ------------------------------------------------------------------------------
    def tax_distribution(self, k: int, before: FloatArray, growth: FloatArray, t: int) -> None:
        """Fund ``k`` grew from ``before`` units by ``growth``: the distribution, income reinvested at cost."""
        led = self.ledger
        income = before * (growth - 1.0) * self.x.fx_of(self.book.funds[k].currency, t)
        led.fund_cost[k] = led.fund_cost[k] + income
        self.realise(led.fund_cat[k], income)

    def tax_redeem(self, k: int, before: FloatArray, take: FloatArray, proceeds: FloatArray) -> None:
        """``take`` of fund ``k``'s ``before`` units sold for ``proceeds`` yen: the gain over their average cost."""
        led = self.ledger
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(before > 0, take / np.where(before > 0, before, 1.0), 0.0)
        basis = led.fund_cost[k] * share
        led.fund_cost[k] = led.fund_cost[k] - basis
        self.realise(led.fund_cat[k], proceeds - basis)

    def _withheld_abroad(self, index: str, dividend: FloatArray, creditable: bool) -> FloatArray:
        """Tax withheld abroad on ``dividend`` (yen) from a fund of ``index``, added to the year's; returns it."""
        led = self.ledger
        abroad = dividend * DIVIDEND_WITHHOLDING_ABROAD.get(self.x.index_ccy[index], 0.0)
        led.abroad = led.abroad + abroad
        if creditable:
            led.creditable = led.creditable + abroad
        return abroad

    def tax_margin_carry(self, k: int, interest: FloatArray, dividend: FloatArray) -> None:
        """Margin position ``k``'s day: ``interest`` accrued (yen, paid at the sale) and ``dividend`` received."""
        led = self.ledger
        led.margin_interest[k] = led.margin_interest[k] + interest
        abroad = self._withheld_abroad(self.book.margin[k].index, dividend, True)
        self.realise(Category.LISTED, dividend - abroad)

    def tax_etf_dividend(self, k: int, dividend: FloatArray, reinvested: bool) -> None:
        """ETF ``k``'s dividend (yen): paid out, income net of the tax abroad; reinvested, nothing realised."""
        led = self.ledger
        taxable = led.etf_cat[k] is not Category.NISA and not reinvested
        abroad = self._withheld_abroad(self.book.etf[k].index, dividend, taxable)
        if not reinvested:
            self.realise(led.etf_cat[k], dividend - abroad)

    def tax_etf_trade(self, k: int, f: FloatArray, trade: FloatArray, fee: FloatArray) -> None:
        """ETF ``k`` scaled by ``f`` for ``trade`` yen (negative: sold) and ``fee``: a sale realises."""
        led = self.ledger
        sold = f < 1.0
        gain = -trade - fee - led.etf_cost[k] * (1.0 - f)
        self.realise(led.etf_cat[k], np.where(sold, gain, 0.0))
        led.etf_cost[k] = np.where(sold, led.etf_cost[k] * f, led.etf_cost[k] + np.where(f > 1.0, trade + fee, 0.0))

    def tax_margin_trade(self, k: int, f: FloatArray, value: FloatArray, fee: FloatArray) -> None:
        """Margin position ``k`` (worth ``value`` yen) scaled by ``f``: a sale realises, less its interest."""
        led = self.ledger
        sold = f < 1.0
        q = 1.0 - f
        gain = q * value - fee - q * led.margin_cost[k] - q * led.margin_interest[k]
        self.realise(Category.LISTED, np.where(sold, gain, 0.0))
        led.margin_cost[k] = np.where(sold, led.margin_cost[k] * f,
                                      led.margin_cost[k] + np.where(f > 1.0, -q * value + fee, 0.0))
        led.margin_interest[k] = np.where(sold, led.margin_interest[k] * f, led.margin_interest[k])

    def tax_margin_closed(self, k: int, hit: np.ndarray, value: FloatArray, fee: FloatArray) -> None:
        """Margin position ``k`` sold where ``hit`` (a margin call) for ``value`` less ``fee``."""
        led = self.ledger
        gain = value - fee - led.margin_cost[k] - led.margin_interest[k]
        self.realise(Category.LISTED, np.where(hit, gain, 0.0))
        led.margin_cost[k] = np.where(hit, 0.0, led.margin_cost[k])
        led.margin_interest[k] = np.where(hit, 0.0, led.margin_interest[k])

    def tax_futures_day(self, j: int, margin: FloatArray, rolled: bool, fee: FloatArray) -> None:
        """Futures position ``j``'s variation ``margin`` (yen); at a roll the contract's P&L and ``fee`` realise."""
        led = self.ledger
        led.fut_open[j] = led.fut_open[j] + margin
        if rolled:
            self.realise(led.fut_cat[j], led.fut_open[j] - fee)
            led.fut_open[j] = np.zeros(self.lanes)

    def tax_futures_trade(self, j: int, old: FloatArray, new: FloatArray, fee: FloatArray,
                          hit: np.ndarray | None = None) -> None:
        """Futures position ``j`` from ``old`` to ``new`` contracts (on ``hit``): the closed share realises."""
        led = self.ledger
        with np.errstate(divide="ignore", invalid="ignore"):
            closed = np.where(old > new, (old - new) / np.where(old > 0, old, 1.0), 0.0)
        if hit is not None:
            closed = np.where(hit, closed, 0.0)
        self.realise(led.fut_cat[j], led.fut_open[j] * closed - fee)
        led.fut_open[j] = led.fut_open[j] * (1.0 - closed)

    def tax_options_closed(self, rows: list[int], proceeds: FloatArray) -> None:
        """Programs ``rows`` sold or settled their options for ``proceeds`` (yen, after fees)."""
        led = self.ledger
        self.realise(led.opt_cat[rows[0]], proceeds - led.opt_basis[rows], rows)

    def tax_options_bought(self, rows: list[int], paid: FloatArray) -> None:
        """Programs ``rows`` bought options for ``paid`` (yen, fees included): their cost."""
        self.ledger.opt_basis[rows] = paid

    def tax_fx(self, delta: FloatArray, rolled: bool, hit: np.ndarray | None = None) -> None:
        """The yen hedge moved cash by ``delta``: a future defers it to its roll or close (``hit``)."""
        led = self.ledger
        if self.fx_hedge.spec.route is not FxRoute.FUTURE:
            self.realise(led.fx_cat, delta)
            return
        led.fx_open = led.fx_open + delta
        done = np.ones(self.lanes, dtype=bool) if rolled else hit
        if done is not None:
            self.realise(led.fx_cat, np.where(done, led.fx_open, 0.0))
            led.fx_open = np.where(done, 0.0, led.fx_open)

    # -- the horizon --------------------------------------------------------------------------------------------
    def _tax_horizon(self) -> tuple:
        """(liquidation gains, the horizon year's bill, the bill with the liquidation), on every lane, once."""
        led = self.ledger
        if led.horizon is not None:
            return led.horizon
        s, x, b, end = self.state, self.x, self.book, self.x.paths.n_days
        liq = {c: np.zeros(self.lanes) for c in Category}
        for k, f in enumerate(b.funds):
            liq[led.fund_cat[k]] += s.units[k] * x.fx_of(f.currency, end) - led.fund_cost[k]
        for k, p in enumerate(b.etf):
            liq[led.etf_cat[k]] += s.etf[k] * self.base_price(p.index)[:, end] - led.etf_cost[k]
        for k, p in enumerate(b.margin):
            liq[Category.LISTED] += (s.margin[k] * self.base_price(p.index)[:, end] - led.margin_cost[k]
                                     - led.margin_interest[k])
        for j in range(len(b.futures)):
            liq[led.fut_cat[j]] += led.fut_open[j]
        for k, c in enumerate(b.other_ccy):
            liq[Category.LISTED] += s.other[k] * x.fx_of(c, end) - led.other_cost[k]
        value = self.options_value(end)
        for g, c in enumerate(led.opt_cat):
            if c is not None:
                liq[c][g] += value[g] - led.opt_basis[g]
        if led.fx_cat is not None:
            liq[led.fx_cat] += led.fx_open + self.fx_value(end)
        partial = self._bill(led.real)
        total = self._bill({c: led.real[c] + liq[c] for c in Category})  # the year's tax abroad is owed too
        led.horizon = (liq, partial, total)
        return led.horizon

    def tax_result(self, g: int, nav: FloatArray) -> PathTax:
        """Row ``g``'s ledger and after-tax NAV (``nav``: its NAV series, shape ``(n_paths, n_days + 1)``)."""
        led = self.ledger
        liq, partial, total = self._tax_horizon()
        bills = [y["bill"] for y in led.years] + [partial]
        realised = [y["realised"] for y in led.years] + [led.real]
        years = tuple(y["year"] for y in led.years) + (self.x.dates[-1].year,)

        def per_year(values: list) -> FloatArray:
            return np.stack([np.broadcast_to(v, self.lanes)[g] for v in values])

        due = total.tax[g] + led.abroad[g] + (led.due[g] if led.due_date is not None else 0.0)
        after = np.array(nav, dtype=float)
        after[:, -1] -= due
        return PathTax(
            years, {c: per_year([r[c] for r in realised]) for c in Category},
            {c: per_year([bl.by_category[c] for bl in bills]) for c in Category},
            per_year([sum(bl.carry_used[c] for c in CARRIED) for bl in bills]),
            per_year([sum(bl.carry_next[c][-1] for c in CARRIED) for bl in bills]),
            per_year([sum(bl.expired[c] for c in CARRIED) for bl in bills]),
            per_year([y["paid"] for y in led.years] + [np.zeros(self.lanes)]),
            per_year([y["abroad"] for y in led.years] + [led.abroad]),
            np.concatenate([per_year([bl.credit for bl in bills]), (total.credit[g] - partial.credit[g])[None, :]]),
            {c: liq[c][g].copy() for c in Category},
            {c: total.by_category[c][g] - partial.by_category[c][g] for c in Category},
            due, after, self.x.paths.dates, led.rules.year)


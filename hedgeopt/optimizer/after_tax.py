"""After tax: what a hedge's cost saves in tax this year, and every reported hedge re-checked after tax.

**The cost** (``[hedge] after_tax``, ``hedgeopt hedge --after-tax``). A hedge that lapses realises its cost (the
premium at the ask and the commissions; a linear yen hedge's carry, spread and commission) as a loss in the income
category of its gains (:func:`hedgeopt.tax.derivative_category`: Cboe XSP/SPX options 雑所得 by default, Osaka
Nikkei 225 options and くりっく365/店頭FX 先物取引に係る雑所得等, a bank forward 雑所得). A loss offsets only gains of
its own category (租税特別措置法 41条の14 第1項, 37条の12の2 第1項; 所得税法 69条 for 雑所得), so it saves tax only
against the category's taxable income this year before the hedge, ``A_c`` (``[tax] year_to_date`` less the carried
losses it absorbs: :func:`hedgeopt.tax.settle_year`'s ``taxable``). The tax saved is the year's bill at ``A_c``
less the bill at ``A_c - min(cost_c, A_c)``: 20.315% a yen in a separate category; in 雑所得 the marginal 総合課税
rate of each band between ``other_income`` and ``other_income + A_c``, highest first. The rest of the loss carries
forward in a separate category (valued at 0 here, as :func:`hedgeopt.tax.marginal_tax` does) and lapses in 雑所得.

As linear pieces (:class:`~hedgeopt.optimizer.lp.TaxShield`): one per separate category (rate 20.315%, width
``A_c``) and one per tax band for 雑所得 (rate the band's, width the band's share of ``A_c``). The LP maximises
``sum rate_k s_k`` with ``s_k <= width_k`` and ``sum_{k in c} s_k <= cost_c(q)``; the rates of 雑所得 fall band by
band downwards, so the LP fills the highest first, as the tax does: the shield is exact, not approximated.
Minimising ``cost - shield`` picks a different hedge only when candidates fall in different categories (index
options beside yen hedges, XSP beside Nikkei options): within one category the after-tax cost rises with the cost.

**The re-check** (:func:`recheck`). The hedge's P&L per scenario joins the account's in its category and
:func:`hedgeopt.tax.tax_effect` gives the after-tax P&L of realising everything at the horizon. A put whose payoff
is 雑所得 (taxed at the progressive rate) while the ETF loss it offsets sits in the listed category (it only
carries forward) keeps about 70% of its payoff: the after-tax worst case can break a cap the pre-tax one holds,
and the result says so (:attr:`AfterTax.breach`).

**The cap after tax** (``[hedge] cap_after_tax``, ``hedgeopt hedge --cap-after-tax``). The worst-case cap can be
asked to hold after that tax as well: the tax of a scenario is a sum over categories of convex piecewise-linear
functions of the category's net result (``max(0, 20.315% (n - carried))``; the progressive scale on top of
``other_income``, one supporting line per band), so each active scenario gets an epigraph variable per category
holding candidates and the cap stays linear (:class:`~hedgeopt.optimizer.lp.TaxCap`, :func:`tax_cap`). Constraint
generation adds the scenarios that break it after tax as it adds those that break it before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hedgeopt.account.account import Account
from hedgeopt.config.tax_spec import CARRIED, Category, TaxSettings
from hedgeopt.optimizer.candidates import Candidates
from hedgeopt.optimizer.lp import TaxCap, TaxShield
from hedgeopt.tax import TaxRules, carried_from, derivative_category, marginal_tax, settle_year, tax_effect
from hedgeopt.tax.ledger import year_to_date
from hedgeopt.tax.rules import BRACKETS
from hedgeopt.tax.scenario import embedded_gains, pnl_by_category
from pricing import Market
from pricing._typing import FloatArray
from scenarios import ScenarioSet

BREACH_TOL = 1e-6
"""An after-tax worst case more than this over the cap (fraction of NAV) is a breach."""


def categories(candidates: Candidates, settings: TaxSettings) -> list[Category]:
    """The income category of each candidate's gains, in column order."""
    return [derivative_category(i.spec.symbol, settings)[0] for i in candidates.instruments]


def available(settings: TaxSettings) -> dict[Category, float]:
    """Each category's taxable income this year before the hedge, yen: year to date less the carried losses used."""
    rules = TaxRules(settings.year)
    bill = settle_year(rules, year_to_date(settings), carried_from(settings, rules), settings.other_income,
                       file_return=settings.file_return)
    return {c: float(bill.taxable[c]) for c in Category if c is not Category.NISA}


def _pieces(settings: TaxSettings, category: Category, gains: float) -> list[tuple[float, float]]:
    """(rate, width in yen) of the pieces of one category's shield, highest rate first."""
    rules = TaxRules(settings.year)
    if gains <= 0:
        return []
    if category in CARRIED:
        return [(rules.separate_rate, gains)]
    low, top = settings.other_income, settings.other_income + gains
    edges = sorted({low, top, *(b for b, _, _ in BRACKETS if low < b < top)}, reverse=True)
    out = []
    for hi, lo in zip(edges, edges[1:], strict=False):
        rate = float(rules.comprehensive_tax(hi) - rules.comprehensive_tax(lo)) / (hi - lo)
        out.append((rate, hi - lo))
    return out


def shield(candidates: Candidates, settings: TaxSettings, nav: float) -> TaxShield:
    """The LP pieces of the tax the candidates' cost can save this year (see the module docstring), NAV-scaled."""
    cats = categories(candidates, settings)
    groups = sorted(set(cats))
    gains = available(settings)
    cost = np.array([[candidates.cost[j] if cats[j] is g else 0.0 for j in range(len(cats))] for g in groups])
    group, rate, width = [], [], []
    for k, g in enumerate(groups):
        for r, w in _pieces(settings, g, gains[g]):
            group.append(k)
            rate.append(r)
            width.append(w / nav)
    return TaxShield(cost.reshape(len(groups), len(cats)) / nav, np.array(group, dtype=np.int64),
                     np.array(rate, dtype=float), np.array(width, dtype=float))


def _tax_pieces(settings: TaxSettings, category: Category) -> tuple[FloatArray, FloatArray]:
    """The category's tax on a net result ``n`` (yen) as ``max_k alpha_k + beta_k n``: (alpha in yen, beta).

    The year's bill in that category (:func:`hedgeopt.tax.settle_year`'s arithmetic): 20.315% above the carried
    losses; the progressive scale on top of ``other_income``, one supporting line per band; NISA nothing.
    """
    rules = TaxRules(settings.year)
    if category is Category.NISA:
        return np.zeros(1), np.zeros(1)
    if category in CARRIED:
        carry = float(np.sum(carried_from(settings, rules)[category])) if settings.file_return else 0.0
        rate = rules.separate_rate
        return np.array([0.0, -rate * carry]), np.array([0.0, rate])
    other, edges = settings.other_income, [0.0, *(b for b, _, _ in BRACKETS[:-1])]
    tax = lambda x: float(rules.comprehensive_tax(x))  # noqa: E731
    alpha, beta = [0.0], [0.0]
    for k, low in enumerate(edges):
        high = edges[k + 1] if k + 1 < len(edges) else low + 1_000_000.0
        rate = (tax(high) - tax(low)) / (high - low)
        alpha.append(tax(low) + rate * (other - low) - tax(other))
        beta.append(rate)
    return np.array(alpha), np.array(beta)


def tax_cap(account: Account, market: Market, scenarios: ScenarioSet, candidates: Candidates,
            settings: TaxSettings) -> TaxCap:
    """The after-tax cap's data on every scenario (see the module docstring), NAV-scaled."""
    nav = account.nav(market)
    cats = categories(candidates, settings)
    held = [c for c in Category if c in cats]
    moves = pnl_by_category(account, market, settings, scenarios)
    embedded = embedded_gains(account, market)
    start = {c: year_to_date(settings).get(c, 0.0) + embedded[c] for c in Category}
    rules = TaxRules(settings.year)
    fixed = -float(settle_year(rules, start, carried_from(settings, rules), settings.other_income,
                               file_return=settings.file_return).tax) + np.zeros(len(scenarios))
    for c in Category:
        if c not in held:
            alpha, beta = _tax_pieces(settings, c)
            fixed = fixed + np.max(alpha[:, None] + beta[:, None] * (start[c] + moves[c])[None, :], axis=0)
    member = np.array([[k is c for k in cats] for c in held], dtype=bool).reshape(len(held), len(cats))
    nets = np.column_stack([start[c] + moves[c] for c in held]) if held else np.zeros((len(scenarios), 0))
    pieces = tuple((alpha / nav, beta) for alpha, beta in (_tax_pieces(settings, c) for c in held))
    return TaxCap(member, nets / nav, fixed / nav, pieces)


def saving(settings: TaxSettings, cost: dict[Category, float]) -> dict[Category, float]:
    """Tax a lapsed hedge's cost per category saves this year, yen (by :func:`hedgeopt.tax.marginal_tax`)."""
    return {c: float(-marginal_tax(settings, {c: -amount})) + 0.0 for c, amount in cost.items()}


@dataclass(frozen=True)
class AfterTax:
    """A hedge after tax: its cost net of the tax it saves, and its worst case after the tax of realising it.

    Attributes
    ----------
    objective : str
        What the optimizer minimised: ``"pre_tax"`` (the cost) or ``"after_tax"`` (the cost less the tax saved).
    cost : dict of Category to float
        The hedge's cost per income category, base currency (JPY).
    saved : dict of Category to float
        Tax that cost saves this year if the hedge lapses, per category, yen.
    available : dict of Category to float
        Each category's taxable income this year before the hedge, yen (what a loss can offset).
    rates : dict of Category to float
        Tax saved per yen of loss in each category at the margin today, decimal (20.315%; 雑所得 the marginal
        総合課税 rate at ``other_income`` plus the year's 雑所得; 0 where the category has no gains).
    worst_case_before, worst_case_after : float
        Worst after-tax loss over the scenario set without and with the hedge, fraction of NAV (positive = a loss).
    pre_tax_worst_case : float
        The hedged worst case before tax (``HedgeResult.worst_case_after``), fraction of NAV.
    cap : float or None
        The worst-case cap, fraction of NAV.
    worst_scenario : str
        The scenario of the after-tax worst case.
    at_worst : list of dict
        That scenario per category: ``category``, ``pnl`` (account and hedge), ``hedge_pnl``, ``tax`` (what the
        scenario adds to the year's bill; negative saves), ``carried`` (loss it carries forward), yen.
    """

    objective: str
    cost: dict[Category, float]
    saved: dict[Category, float]
    available: dict[Category, float]
    rates: dict[Category, float]
    worst_case_before: float
    worst_case_after: float
    pre_tax_worst_case: float
    cap: float | None
    worst_scenario: str
    at_worst: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total_cost(self) -> float:
        """The hedge's cost, yen."""
        return sum(self.cost.values())

    @property
    def after_tax_cost(self) -> float:
        """The cost less the tax it saves this year, yen."""
        return self.total_cost - sum(self.saved.values())

    @property
    def breach(self) -> bool:
        """True when the after-tax worst case breaks the cap while the pre-tax one holds."""
        return (self.cap is not None and self.pre_tax_worst_case <= self.cap + BREACH_TOL
                and self.worst_case_after > self.cap + BREACH_TOL)

    def as_dict(self) -> dict[str, Any]:
        """Every figure under stable keys (for JSON)."""
        named = lambda d: {c.value: v for c, v in d.items()}  # noqa: E731
        return {"objective": self.objective, "cost": self.total_cost, "after_tax_cost": self.after_tax_cost,
                "cost_by_category": named(self.cost), "saved_by_category": named(self.saved),
                "available": named(self.available), "rates": named(self.rates),
                "worst_case_before": self.worst_case_before, "worst_case_after": self.worst_case_after,
                "pre_tax_worst_case": self.pre_tax_worst_case, "breach": self.breach,
                "worst_scenario": self.worst_scenario,
                "at_worst": [{**row, "category": row["category"].value} for row in self.at_worst]}


def _rates(settings: TaxSettings, gains: dict[Category, float]) -> dict[Category, float]:
    """Tax saved by the first yen of loss in each category, decimal (0 where there is nothing to offset)."""
    return {c: (_pieces(settings, c, g)[0][0] if g > 0 else 0.0) for c, g in gains.items()}


def _at_row(settings: TaxSettings, start: dict[Category, float], moves: dict[Category, FloatArray],
            hedge: dict[Category, FloatArray], row: int) -> list[dict[str, Any]]:
    """One scenario's P&L, hedge P&L, tax and carried loss per category (the year's bills with and without it)."""
    rules = TaxRules(settings.year)
    carried = carried_from(settings, rules)
    kw = {"file_return": settings.file_return}
    before = settle_year(rules, start, carried, settings.other_income, **kw)
    after = settle_year(rules, {c: start[c] + float(moves[c][row]) for c in start}, carried, settings.other_income,
                        **kw)
    out = []
    for c in Category:
        if c is Category.NISA and not moves[c][row]:
            continue
        grew = float(after.carry_next[c][-1] - before.carry_next[c][-1]) if c in CARRIED else 0.0
        out.append({"category": c, "pnl": float(moves[c][row]),
                    "hedge_pnl": float(hedge[c][row]) if c in hedge else 0.0,
                    "tax": float(after.by_category[c] - before.by_category[c]), "carried": grew})
    return out


@dataclass(frozen=True)
class Hedged:
    """What :func:`recheck` reads: the account, its market and scenarios, the candidates and the contracts held."""

    account: Account
    market: Market
    scenarios: ScenarioSet
    candidates: Candidates
    q: FloatArray


def recheck(hedged: Hedged, settings: TaxSettings, pre_tax_worst: float, cap: float | None,
            objective: str) -> AfterTax:
    """The hedge after tax on every scenario.

    Parameters
    ----------
    hedged : Hedged
        The account, market, scenarios, candidates and contracts held (``q``, shape (n_candidates,)).
    settings : TaxSettings
        A Japanese resident's ``[tax]``, year set.
    pre_tax_worst : float
        The hedged worst case before tax, fraction of NAV.
    cap : float or None
        The worst-case cap, fraction of NAV.
    objective : str
        ``"pre_tax"`` or ``"after_tax"``: what the optimizer minimised (reported).
    """
    account, market, scenarios, candidates, q = (hedged.account, hedged.market, hedged.scenarios,
                                                 hedged.candidates, hedged.q)
    nav = account.nav(market)
    cats = categories(candidates, settings)
    held = np.flatnonzero(q)
    hedge: dict[Category, FloatArray] = {}
    cost: dict[Category, float] = {}
    if held.size:
        block = candidates.payoff(scenarios, None, held) * q[held]
        for k, j in enumerate(held):
            hedge[cats[j]] = hedge.get(cats[j], np.zeros(len(scenarios))) + block[:, k]
            cost[cats[j]] = cost.get(cats[j], 0.0) + float(q[j] * candidates.cost[j])
    bare = tax_effect(account, market, settings, scenarios)
    taxed = tax_effect(account, market, settings, scenarios, extra=hedge)
    worst = int(np.argmin(taxed.after_tax))
    start = {c: year_to_date(settings).get(c, 0.0) + embedded_gains(account, market)[c] for c in Category}
    gains = available(settings)
    return AfterTax(
        objective=objective, cost=cost, saved=saving(settings, cost), available=gains,
        rates=_rates(settings, gains), worst_case_before=float(-bare.after_tax.min() / nav),
        worst_case_after=float(-taxed.after_tax[worst] / nav), pre_tax_worst_case=pre_tax_worst, cap=cap,
        worst_scenario=scenarios.labels[worst], at_worst=_at_row(settings, start, taxed.by_category, hedge, worst),
    )

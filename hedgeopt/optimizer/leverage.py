r"""The largest satellite exposure (leverage) whose worst case stays under the cap.

The account's position on the chosen route and index is replaced by an exposure :math:`x` (base currency) of
the same terms; everything else stays. The account's P&L is then linear in :math:`x`,
:math:`b_s + x\,u_s`, where :math:`u_s` is the position's P&L per unit of exposure over the horizon (index,
FX, carry and funding), so the largest :math:`x` meeting :math:`b_s + x u_s \ge -\text{cap}\cdot\text{NAV}` on
every scenario is exact:

.. math:: x^* = \min_{s:\,u_s<0} \frac{b_s + \text{cap}\cdot\text{NAV}}{-u_s}

further bounded by the leverage cap, the margin loan's maintenance ratio in every scenario (margin route), and
the cash buffer over futures initial margin (futures route). Jointly with a hedge, :math:`x` becomes one more
column of the hedge LP (maximised), solved by constraint generation; the cheapest hedge at that exposure
follows. The strategy raises leverage in 0.1× steps, so the answer is also given rounded down to a step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property

import numpy as np

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import Cash, EtfPosition, FuturesPosition, MarginPosition, OptionPosition, Route
from hedgeopt.account.pnl import pnl_components
from hedgeopt.account.routes import route_template, with_exposure
from hedgeopt.optimizer.candidates import Candidates
from hedgeopt.optimizer.lp import Objective
from hedgeopt.optimizer.problem import HedgeProblem
from hedgeopt.optimizer.result import HedgeResult
from hedgeopt.optimizer.solve import generate, solve_hedge
from pricing import InfeasibleHedgeError, InputError, Market, contract
from pricing._typing import FloatArray
from pricing.validation import check_fraction, check_positive
from scenarios import ScenarioSet

STEP = 0.1
"""Leverage is raised in steps of 0.1×."""


class HedgeMode(StrEnum):
    """How options enter the maximum-leverage problem."""

    NONE = "none"  # the account's options are removed
    FIXED = "fixed"  # the account's options are kept as they are
    JOINT = "joint"  # options removed; the cheapest hedge is chosen together with the exposure


@dataclass(frozen=True)
class LeverageResult:
    """The largest exposure on one route and what stops it growing.

    Attributes
    ----------
    route : str
    index : str
    exposure : float
        Largest exposure, base currency.
    leverage : float
        The account's leverage at that exposure (gross exposure / NAV).
    leverage_step : float
        ``leverage`` rounded down to the strategy's 0.1× steps.
    exposure_step : float
        Exposure at ``leverage_step``, base currency (for futures: in whole contracts, rounded down).
    contracts : int or None
        Futures contracts at ``exposure_step`` (futures route).
    limit : str
        What binds: ``"loss cap"``, ``"leverage cap"``, ``"margin call"``, ``"futures buffer"`` or ``"cash"``.
    worst_case : float
        Worst loss at ``exposure``, fraction of NAV.
    limiting_scenario : str or None
        The scenario that binds the loss cap.
    hedge : HedgeResult or None
        The cheapest hedge at ``exposure_step`` (joint mode).
    """

    route: str
    index: str
    exposure: float
    leverage: float
    leverage_step: float
    exposure_step: float
    contracts: int | None
    limit: str
    worst_case: float
    limiting_scenario: str | None
    hedge: HedgeResult | None = None

    def as_dict(self) -> dict:
        """Every figure under stable keys (for JSON)."""
        out = {k: v for k, v in self.__dict__.items() if k != "hedge"}
        out["hedge"] = None if self.hedge is None else self.hedge.as_dict()
        return out


@dataclass(frozen=True, eq=False)
class _Scaled:
    """The account without the scaled position, and the position's P&L per unit of exposure."""

    account: Account
    market: Market
    scenarios: ScenarioSet
    template: EtfPosition | MarginPosition | FuturesPosition

    @cached_property
    def rest(self) -> Account:
        """The account with the template position removed (and, for the cash route, its value back in cash)."""
        others = tuple(p for p in self.account.satellite if p is not self.template)
        cash = self.account.cash
        if isinstance(self.template, EtfPosition) and len(others) < len(self.account.satellite):
            value = self.account.index_exposure(self.market, self.template)[self.template.index]
            cash = (*cash, Cash(value, self.account.base_currency))
        return replace(self.account, satellite=others, cash=cash)

    @cached_property
    def unit(self) -> float:
        """Exposure (base currency) of the unit position used to measure the per-unit P&L."""
        if isinstance(self.template, FuturesPosition):
            return self.account.futures_notional(self.market, replace(self.template, contracts=1))
        return 1_000_000.0

    @cached_property
    def per_unit(self) -> FloatArray:
        """Position P&L per unit of base-currency exposure, shape (n_scenarios,)."""
        base = self.account.base_currency
        if isinstance(self.template, FuturesPosition):
            position = replace(self.template, contracts=1)
        else:
            position = replace(self.template, value=self.unit, value_currency=base)
        alone = Account(base, satellite=(position,))
        rows = np.arange(len(self.scenarios))
        return sum(pnl_components(alone, self.market, self.scenarios, rows).values()) / self.unit

    @cached_property
    def base(self) -> FloatArray:
        """P&L of the rest of the account, base currency, shape (n_scenarios,)."""
        rows = np.arange(len(self.scenarios))
        return sum(pnl_components(self.rest, self.market, self.scenarios, rows).values())


def _bounds(s: _Scaled, leverage_cap: float, buffer_multiple: float) -> dict[str, float]:
    """Upper bounds on the exposure other than the loss cap, base currency."""
    market, rest, pos = s.market, s.rest, s.template
    nav = rest.nav(market)
    bounds: dict[str, float] = {}
    if isinstance(pos, EtfPosition):
        bounds["cash"] = max(rest.cash_value(market), 0.0)
    else:
        bounds["leverage cap"] = max(leverage_cap * nav - _gross_before(s), 0.0)
    if isinstance(pos, MarginPosition):
        bounds["margin call"] = _margin_bound(s)
    if isinstance(pos, FuturesPosition):
        # cash >= k x (initial margin of every futures position): contracts <= (cash / k - other margin) / IM
        per_contract = pos.initial_margin * market.fx_rate(contract(pos.symbol).currency)
        spare = rest.cash_value(market) / buffer_multiple - rest.futures_initial_margin(market)
        bounds["futures buffer"] = max(spare, 0.0) / per_contract * s.unit
    return bounds


def _gross_before(s: _Scaled) -> float:
    """Gross exposure of the rest of the account as if its net exposure to the index were added to the position's.

    Leverage nets an index's exposures (a put's negative delta offsets the ETF): with the position at ``x`` the
    gross exposure is this plus ``x`` while ``x`` is at least the rest's short delta (always, for a long position
    hedged with puts).
    """
    net = s.rest.satellite_exposures(s.market).get(s.template.index, 0.0)
    return s.rest.gross_exposure(s.market) - abs(net) + net


def _margin_bound(s: _Scaled) -> float:
    """Largest margin exposure with no maintenance call in any scenario, base currency."""
    market, pos, sc = s.market, s.template, s.scenarios
    ccy = market.index_currency[pos.index]
    loan_ccy = pos.loan_currency or ccy

    def move(c: str) -> FloatArray:
        return 1.0 + (0.0 if c == market.base_currency else sc.fx(c))

    value = (1.0 + sc.equity(pos.index)) * move(ccy)
    loan = pos.loan_fraction * move(loan_ccy)
    if pos.collateral is not None:
        collateral = np.full(len(sc), float(pos.collateral))
    else:
        collateral = sum((s.account.to_base(market, s.account.mmf_units(market, f), f.currency)
                          * move(s.account.mmf_currency(f)) for f in s.account.mmf), np.zeros(len(sc)))
        collateral = collateral + sum((s.account.to_base(market, c.amount, c.currency) * move(c.currency)
                                       for c in s.rest.cash), np.zeros(len(sc)))
    slope = value * (1.0 - pos.maintenance_ratio) - loan  # equity - m * value, per unit of exposure
    with np.errstate(divide="ignore"):
        limits = np.where(slope < 0, collateral / -slope, np.inf)
    return float(limits.min())


class _ExposureProblem:
    """The hedge LP with the exposure as column 0 (maximised), in the interface :func:`generate` reads."""

    def __init__(self, inner: HedgeProblem, per_unit: FloatArray, upper_exposure: float) -> None:
        self.inner = inner
        self.per_unit = per_unit
        self.scenarios, self.cap, self.cvar = inner.scenarios, inner.cap, inner.cvar
        self.budget_fraction, self.integer, self.objective = inner.budget_fraction, False, Objective.COST
        self.whole = np.zeros(inner.cost.size + 1, dtype=bool)
        self.limits = tuple((np.concatenate([[0.0], a]), b) for a, b in inner.limits)
        self.minimum = np.zeros(inner.cost.size + 1)
        self.base_pnl, self.shield, self.tax_cap = inner.base_pnl, None, None
        self.cost = np.concatenate([[0.0], inner.cost])
        self.upper = np.concatenate([[upper_exposure / inner.nav], inner.upper])
        # Maximise the exposure; a small weight on premium picks a cheap hedge among the optima (stage two
        # then finds the cheapest one exactly).
        self.objective_coef = np.concatenate([[-1.0], 1e-6 * inner.cost])

    def payoff(self, rows: np.ndarray | None = None, columns: np.ndarray | None = None) -> FloatArray:
        rows = np.arange(len(self.scenarios)) if rows is None else np.asarray(rows)
        columns = np.arange(self.cost.size) if columns is None else np.asarray(columns)
        out = np.empty((rows.size, columns.size))
        is_exposure = columns == 0
        out[:, is_exposure] = self.per_unit[rows][:, None]
        if (~is_exposure).any():
            out[:, ~is_exposure] = self.inner.payoff(rows, columns[~is_exposure] - 1)
        return out


def max_leverage(
    account: Account,
    market: Market,
    scenarios: ScenarioSet,
    *,
    route: Route | str,
    index: str = "SPX",
    cap: float = 0.20,
    leverage_cap: float = 1.3,
    hedge: HedgeMode | str = HedgeMode.NONE,
    candidates: Candidates | None = None,
    budget: float | None = None,
    buffer_multiple: float = 3.0,
    integer: bool = True,
    fx_notional_limit: float | None = None,
) -> LeverageResult:
    """The largest exposure on ``route`` whose worst case over ``scenarios`` stays within ``cap``.

    Parameters
    ----------
    account : Account
        Must hold a position on ``route`` and ``index`` (any size): its terms (loan rate, maintenance ratio,
        futures contract and margin) are the ones scaled.
    market : Market
    scenarios : ScenarioSet
    route : {"cash", "margin", "futures"}
    index : str, default "SPX"
    cap : float, default 0.20
        Worst-case loss cap, fraction of NAV.
    leverage_cap : float, default 1.3
        Hard cap on gross exposure / NAV (the strategy's 1.3×).
    hedge : {"none", "fixed", "joint"}, default "none"
        ``none``: the account's options are removed. ``fixed``: they are kept. ``joint``: removed, and the
        cheapest hedge from ``candidates`` is chosen together with the exposure (``budget`` bounds its premium).
    candidates : Candidates, optional
        Required for ``joint``.
    budget : float, optional
        Most premium for the joint hedge, base currency.
    buffer_multiple : float, default 3.0
        Futures: cash must be at least this multiple of the total initial margin (the strategy's 3–5×).
    fx_notional_limit : float, optional
        With ``hedge="joint"``: most notional the yen hedges may cover, base currency (see
        :class:`~hedgeopt.optimizer.problem.HedgeProblem`).
    integer : bool, default True
        Joint mode: the hedge at the stepped exposure in whole contracts (the exposure itself is found with
        the continuous hedge, the most any hedge allows).

    Returns
    -------
    LeverageResult

    Raises
    ------
    InfeasibleHedgeError
        If even zero exposure breaks the cap (the rest of the account alone loses more).
    """
    route, hedge = Route(route), HedgeMode(hedge)
    cap = check_fraction("cap", cap)
    check_positive("leverage_cap", leverage_cap)
    check_positive("buffer_multiple", buffer_multiple)
    template = route_template(account, market, route, index)
    if all(p is not template for p in account.satellite):  # a route the account does not use: move the index there
        account = with_exposure(account, market, route, index, 0.0)
    if hedge is not HedgeMode.FIXED:
        account = replace(account, satellite=tuple(p for p in account.satellite if not isinstance(p, OptionPosition)))
    scaled = _Scaled(account, market, scenarios, template)
    nav = scaled.rest.nav(market)
    bounds = _bounds(scaled, leverage_cap, buffer_multiple)
    floor = scaled.base + cap * nav
    if floor.min() < -1e-9 * nav and hedge is not HedgeMode.JOINT:
        worst = int(np.argmin(scaled.base))
        raise InfeasibleHedgeError(
            f"without any {index} exposure the account already loses {-scaled.base.min() / nav:.2%} "
            f"in '{scenarios.labels[worst]}', more than the cap {cap:.2%}",
            {"min_achievable_cap": float(-scaled.base.min() / nav), "limiting_scenario": scenarios.labels[worst]},
        )
    if hedge is HedgeMode.JOINT:
        exposure, limit, scenario = _joint(scaled, candidates, cap, budget, bounds, fx_notional_limit)
    else:
        exposure, limit, scenario = _closed_form(scaled, floor, bounds)
    return _result(scaled, route, index, exposure, limit, scenario, cap, candidates, budget, hedge, integer,
                   fx_notional_limit)


def _closed_form(s: _Scaled, floor: FloatArray, bounds: dict[str, float]) -> tuple[float, str, str | None]:
    """Exact largest exposure with no option choice: the tightest per-scenario bound and the other bounds."""
    with np.errstate(divide="ignore", invalid="ignore"):
        per_scenario = np.where(s.per_unit < 0, floor / -s.per_unit, np.inf)
    worst = int(np.argmin(per_scenario))
    limits = {"loss cap": float(max(per_scenario[worst], 0.0)), **bounds}
    limit = min(limits, key=limits.get)
    return limits[limit], limit, s.scenarios.labels[worst] if limit == "loss cap" else None


def _joint(
    s: _Scaled, candidates: Candidates | None, cap: float, budget: float | None, bounds: dict[str, float],
    fx_notional_limit: float | None = None,
) -> tuple[float, str, str | None]:
    """Largest exposure when the hedge is chosen with it: the exposure column maximised in the hedge LP."""
    if candidates is None:
        raise InputError("candidates", None, "hedge candidates for the joint problem")
    inner = HedgeProblem(s.rest, s.market, s.scenarios, candidates, cap=cap, budget=budget,
                         fx_notional_limit=fx_notional_limit)
    upper = min(bounds.values()) if bounds else 10.0 * inner.nav
    sol, total, _, _ = generate(_ExposureProblem(inner, s.per_unit, upper))
    if sol.q is None:
        raise InfeasibleHedgeError(f"no hedge from the candidates keeps the rest of the account within {cap:.2%}")
    exposure = float(sol.q[0] * inner.nav)
    if exposure >= upper * (1 - 1e-9):
        limit = min(bounds, key=bounds.get)
        return upper, limit, None
    return exposure, "loss cap", s.scenarios.labels[int(np.argmin(total))]


def _result(
    s: _Scaled, route: Route, index: str, exposure: float, limit: str, scenario: str | None, cap: float,
    candidates: Candidates | None, budget: float | None, hedge: HedgeMode, integer: bool,
    fx_notional_limit: float | None = None,
) -> LeverageResult:
    nav, gross = s.rest.nav(s.market), _gross_before(s)
    levered = route is not Route.CASH
    leverage = (gross + exposure) / nav if levered else gross / nav
    step = math.floor(leverage / STEP + 1e-9) * STEP if levered else leverage
    exposure_step = min(exposure, max(step * nav - gross, 0.0)) if levered else exposure
    contracts = None
    if route is Route.FUTURES:
        contracts = int(math.floor(exposure_step / s.unit + 1e-9))
        exposure_step = contracts * s.unit
    worst = float(-(s.base + exposure * s.per_unit).min() / nav)
    result = None
    if hedge is HedgeMode.JOINT:
        sized = _sized(s, exposure_step, contracts)
        result = solve_hedge(HedgeProblem(sized, s.market, s.scenarios, candidates, cap=cap, budget=budget,
                                          integer=integer, fx_notional_limit=fx_notional_limit))
        worst = result.worst_case_after if result.optimal else worst
    return LeverageResult(route.value, index, exposure, leverage, round(step, 10), exposure_step, contracts, limit,
                          worst, scenario, result)


def _sized(s: _Scaled, exposure: float, contracts: int | None) -> Account:
    """The account with the scaled position at ``exposure`` (base currency)."""
    pos = s.template
    if isinstance(pos, FuturesPosition):
        extra = (replace(pos, contracts=contracts),) if contracts else ()
    elif exposure > 0:
        extra = (replace(pos, value=exposure, value_currency=s.account.base_currency),)
    else:
        extra = ()
    cash = s.rest.cash
    if isinstance(pos, EtfPosition):
        cash = (*cash, Cash(-exposure, s.account.base_currency))
    return replace(s.rest, satellite=(*s.rest.satellite, *extra), cash=cash)

"""What is asked of the optimizer: the account, the scenarios, the candidates and the limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from hedgeopt.account.account import Account
from hedgeopt.account.pnl import COMPONENTS, pnl_components
from hedgeopt.config.risk_spec import CVaRCap
from hedgeopt.config.tax_spec import TaxSettings
from hedgeopt.optimizer import after_tax
from hedgeopt.optimizer.candidates import Candidates
from hedgeopt.optimizer.lp import Objective, TaxCap, TaxShield
from pricing import InputError, Market
from pricing._typing import FloatArray
from pricing.validation import check_fraction, check_non_negative, check_positive
from scenarios import ScenarioSet


@dataclass(frozen=True, eq=False)
class HedgeProblem:
    """The cheapest-hedge (or least-risk) problem.

    Parameters
    ----------
    account : Account
        The account to protect (MMF core, cash, satellite).
    market : Market
        Today's market.
    scenarios : ScenarioSet
        The scenarios the cap must hold in.
    candidates : Candidates
        Instruments the hedge may buy, with their costs.
    cap : float or None, default 0.20
        Worst-case loss cap, positive fraction of NAV (0.20 = never lose more than 20%); None for no
        worst-case cap.
    cvar : CVaRCap, optional
        A CVaR cap in addition to (or instead of) the worst case.
    budget : float, optional
        Most premium to spend, base currency.
    max_contracts : float, default 1000
        Most contracts of any one candidate.
    integer : bool, default False
        Whole contracts and lots (mixed-integer problem); a bank forward stays any amount.
    objective : Objective, default ``cost``
        ``cost``: the cheapest hedge meeting the caps. ``risk``: the least worst-case loss (or CVaR when
        ``cvar`` is given) for the ``budget``.
    fx_notional_limit : float, optional
        Most notional the yen hedges may cover together, base currency: the dollars they sell plus the dollars
        their long USD/JPY puts insure (``Candidates.fx_notional``). None: no limit. ``hedging.hedge_problem``
        sets it to ``[hedge.fx] max_hedge_ratio`` times the dollars the account holds, so that a hedge never
        becomes a bet on the yen.
    tax : TaxSettings, optional
        A Japanese resident's ``[tax]`` settings with the year set (``Config.tax`` when it applies): every
        reported hedge is then re-checked after tax (:func:`hedgeopt.optimizer.after_tax.recheck`). None: pre-tax
        figures only.
    after_tax : bool, default False
        The ``cost`` objective minimises the cost less the tax it saves this year (needs ``tax``; see
        :mod:`hedgeopt.optimizer.after_tax`). The budget still limits the cost itself.
    cap_after_tax : bool, default False
        The worst-case ``cap`` holds after the tax of realising each scenario at its horizon as well (needs ``tax``
        and ``cap``; ``cost`` objective).
    """

    account: Account
    market: Market
    scenarios: ScenarioSet
    candidates: Candidates
    cap: float | None = 0.20
    cvar: CVaRCap | None = None
    budget: float | None = None
    max_contracts: float = 1000.0
    integer: bool = False
    objective: Objective = field(default=Objective.COST)
    fx_notional_limit: float | None = None
    tax: TaxSettings | None = None
    after_tax: bool = False
    cap_after_tax: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "objective", Objective(self.objective))
        if self.cap is not None:
            object.__setattr__(self, "cap", check_fraction("cap", self.cap))
        if self.budget is not None:
            object.__setattr__(self, "budget", float(check_non_negative("budget", self.budget)))
        check_positive("max_contracts", self.max_contracts)
        if self.objective is Objective.COST and self.cap is None and self.cvar is None:
            raise InputError("cap", None, "a worst-case cap or a CVaR cap for the cheapest hedge")
        if self.fx_notional_limit is not None:
            object.__setattr__(self, "fx_notional_limit", float(check_non_negative("fx_notional_limit",
                                                                                    self.fx_notional_limit)))
        if self.after_tax and (self.tax is None or not self.tax.applies or self.tax.year is None):
            raise InputError("after_tax", True, "[tax] settings of a Japanese resident, year set (Config.tax)")
        if self.cap_after_tax and (self.tax is None or self.tax.year is None or self.cap is None
                                   or self.objective is not Objective.COST):
            raise InputError("cap_after_tax", True, "[tax] settings (Config.tax), a worst-case cap and the cost "
                             "objective")
        if self.objective is Objective.RISK and self.budget is None:
            raise InputError("budget", None, "a premium budget when minimising the loss")

    @cached_property
    def nav(self) -> float:
        """Account NAV today, base currency."""
        return self.account.nav(self.market)

    @cached_property
    def base_pnl(self) -> FloatArray:
        """Unhedged account P&L per scenario, fraction of NAV, shape (n_scenarios,)."""
        parts = pnl_components(self.account, self.market, self.scenarios, np.arange(len(self.scenarios)))
        return sum(parts[name] for name in COMPONENTS) / self.nav  # account_pnl's sum, without its table

    @property
    def cost(self) -> FloatArray:
        """Cost per contract of each candidate (premium, or carry for a linear yen hedge), fraction of NAV."""
        return self.candidates.cost / self.nav

    @property
    def objective_coef(self) -> FloatArray | None:
        """What the ``cost`` objective minimises: None for the premium itself."""
        return None

    @cached_property
    def shield(self) -> TaxShield | None:
        """The tax the cost saves, as LP pieces, when the ``cost`` objective is after tax; None otherwise."""
        if not self.after_tax or self.objective is not Objective.COST:
            return None
        return after_tax.shield(self.candidates, self.tax, self.nav)

    @cached_property
    def tax_cap(self) -> TaxCap | None:
        """The after-tax cap's data on every scenario when ``cap_after_tax``; None otherwise."""
        if not self.cap_after_tax:
            return None
        return after_tax.tax_cap(self.account, self.market, self.scenarios, self.candidates, self.tax)

    @property
    def whole(self) -> np.ndarray:
        """Which candidates are bought in whole contracts: all that can be when ``integer``, none otherwise."""
        return self.candidates.whole & self.integer

    @property
    def minimum(self) -> FloatArray:
        """Least deal of each candidate bought in any amount (0 or at least this), units; only with ``integer``."""
        return np.where(self.integer & ~self.candidates.whole, self.candidates.minimum, 0.0)

    @property
    def upper(self) -> FloatArray:
        """Most contracts per candidate."""
        return np.full(len(self.candidates), float(self.max_contracts))

    @property
    def limits(self) -> tuple[tuple[FloatArray, float], ...]:
        """Linear limits ``a @ q <= b`` beside the caps and the budget, NAV-scaled: the yen hedges' notional."""
        if self.fx_notional_limit is None or not self.candidates.fx_notional.any():
            return ()
        return ((self.candidates.fx_notional / self.nav, self.fx_notional_limit / self.nav),)

    @property
    def budget_fraction(self) -> float | None:
        """Budget as a fraction of NAV."""
        return None if self.budget is None else self.budget / self.nav

    def payoff(self, rows: np.ndarray | None = None, columns: np.ndarray | None = None) -> FloatArray:
        """Per-contract payoff (value at horizon − cost), fraction of NAV, shape (len(rows), len(columns))."""
        return self.candidates.payoff(self.scenarios, rows, columns) / self.nav

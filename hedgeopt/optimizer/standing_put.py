"""The standing put (常備薬): the small put always held and rolled, sized for a yearly budget or a cap.

One put line — a strike (as a fraction of spot) and a tenor — is bought now and rolled at expiry into the same
moneyness and tenor. Its yearly cost is the premium of one roll times the rolls a year (365 / tenor days),
assuming the premium at each roll is today's (the same vol, rate and moneyness). Each (strike, tenor) line is
judged on the scenario set at the horizon, holding the contracts the budget allows:

* **for a budget**: the line and size that minimise the worst-case (or CVaR) loss with a yearly premium at
  most ``yearly_budget``;
* **for a cap**: the line and size with the lowest yearly cost that keep the worst case within ``cap``.

Every line is solved exactly (a one-candidate problem through the same optimizer) and the whole table is
returned, so the choice can be seen against its neighbours.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from hedgeopt.account.account import Account
from hedgeopt.config.hedge_spec import CandidateSpec
from hedgeopt.config.risk_spec import CVaRCap
from hedgeopt.config.tax_spec import TaxSettings
from hedgeopt.optimizer.candidates import Candidates
from hedgeopt.optimizer.lp import Objective
from hedgeopt.optimizer.problem import HedgeProblem
from hedgeopt.optimizer.result import HedgeResult
from hedgeopt.optimizer.solve import solve_hedge
from hedgeopt.tax import premium_after_tax
from pricing import InputError, Market
from pricing.validation import check_fraction, check_non_negative
from scenarios import ScenarioSet


@dataclass(frozen=True)
class StandingPutResult:
    """The chosen standing put and every line considered.

    Attributes
    ----------
    mode : str
        ``"budget"`` (least risk for a yearly budget) or ``"cap"`` (least yearly cost for a cap).
    target : float
        The yearly budget (base currency) or the cap (fraction of NAV).
    table : pandas.DataFrame
        One row per line: ``instrument``, ``tenor_days``, ``rolls_per_year``, ``status``, ``contracts``,
        ``cost_per_roll``, ``yearly_cost`` (base currency), ``yearly_cost_pct`` (fraction of NAV),
        ``worst_case_after`` (fraction of NAV), ``cvar_after``; with ``[tax]`` also ``yearly_after_tax``: the
        yearly cost less the tax the lapsed premiums save this year in the contract's category (base currency);
        best first.
    best : HedgeResult or None
        The chosen line's hedge, verified; None when no line meets the target.
    worst_case_before : float
        Unhedged worst loss, fraction of NAV.
    """

    mode: str
    target: float
    table: pd.DataFrame
    best: HedgeResult | None
    worst_case_before: float

    @property
    def best_row(self) -> pd.Series | None:
        """The chosen line's row of :attr:`table`."""
        return None if self.best is None else self.table.iloc[0]

    def as_dict(self) -> dict:
        """Every figure under stable keys (for JSON)."""
        return {"mode": self.mode, "target": self.target, "worst_case_before": self.worst_case_before,
                "best": None if self.best is None else self.best.as_dict(),
                "lines": self.table.to_dict(orient="records")}


def standing_put(
    account: Account, market: Market, scenarios: ScenarioSet, spec: CandidateSpec, *,
    yearly_budget: float | None = None, cap: float | None = None, cvar: CVaRCap | None = None,
    integer: bool = True, max_contracts: float = 1000.0, progress: Callable[[], None] | None = None,
    tax: TaxSettings | None = None,
) -> StandingPutResult:
    """Choose strike, tenor and size of the rolled put (see the module docstring).

    Parameters
    ----------
    spec : CandidateSpec
        The put lines: ``symbol``, ``months`` (tenors) and ``put_moneyness`` (strikes); spreads are ignored.
    yearly_budget : float, optional
        Premium per year, base currency (1% of a 10,000,000 JPY account: 100,000). Give this or ``cap``.
    cap : float, optional
        Worst-case loss cap, fraction of NAV.
    cvar : CVaRCap, optional
        With ``yearly_budget``: minimise the CVaR at ``cvar.level`` instead of the worst case.
    integer : bool, default True
        Whole contracts.
    progress : callable, optional
        Called with no argument after each line is solved (a progress bar's ``advance``).
    tax : TaxSettings, optional
        A Japanese resident's ``[tax]`` (year set): the table gains ``yearly_after_tax`` and the chosen hedge is
        re-checked after tax. The lines are still chosen by their pre-tax cost: they share one category.
    """
    if (yearly_budget is None) == (cap is None):
        raise InputError("standing_put", {"yearly_budget": yearly_budget, "cap": cap},
                         "exactly one of a yearly budget or a cap")
    if yearly_budget is not None:
        check_non_negative("yearly_budget", yearly_budget)
    if cap is not None:
        check_fraction("cap", cap)
    puts = replace(spec, puts=True, spreads=False)
    lines = Candidates(puts.instruments(market, scenarios.common_horizon), market, spec.commission)
    rows, results = [], []
    for j, instrument in enumerate(lines.instruments):
        tenor = (instrument.expiry - market.valuation_date).days
        rolls = 365.0 / tenor
        one = Candidates([instrument], market, spec.commission)
        if yearly_budget is not None:
            problem = HedgeProblem(account, market, scenarios, one, cap=None, cvar=cvar,
                                   budget=yearly_budget / rolls, max_contracts=max_contracts, integer=integer,
                                   objective=Objective.RISK, tax=tax)
        else:
            problem = HedgeProblem(account, market, scenarios, one, cap=cap, max_contracts=max_contracts,
                                   integer=integer, tax=tax)
        result = solve_hedge(problem, check=False, extras=False)
        contracts = sum(p.quantity for p in result.positions)
        taxed = {} if tax is None else {
            "yearly_after_tax": premium_after_tax(tax, instrument.spec.symbol, result.cost * rolls).after_tax}
        rows.append({"instrument": instrument.label, "tenor_days": tenor, "rolls_per_year": rolls,
                     "status": result.status, "contracts": contracts, "cost_per_roll": result.cost,
                     "yearly_cost": result.cost * rolls, "yearly_cost_pct": result.cost * rolls / result.nav,
                     "worst_case_after": result.worst_case_after if result.optimal else np.nan,
                     "cvar_after": result.cvar_after, **taxed, "line": j})
        results.append(problem)
        if progress is not None:
            progress()
    table = pd.DataFrame(rows)
    key = ["cvar_after" if cvar is not None else "worst_case_after", "yearly_cost"]
    if cap is not None:
        key = ["yearly_cost", "worst_case_after"]
    table = table.assign(_ok=table["status"] == "optimal").sort_values(
        ["_ok", *key], ascending=[False, True, True], kind="stable").drop(columns="_ok").reset_index(drop=True)
    best = None
    if table.loc[0, "status"] == "optimal":
        best = solve_hedge(results[int(table.loc[0, "line"])])
    before = float(-HedgeProblem(account, market, scenarios, lines, cap=1.0).base_pnl.min())
    return StandingPutResult("budget" if yearly_budget is not None else "cap",
                             float(yearly_budget if yearly_budget is not None else cap),
                             table.drop(columns="line"), best, before)


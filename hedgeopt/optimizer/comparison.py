"""Put versus spread, index versus yen hedges, for the same protection; the cost-versus-cap frontier of each family.

The index families are ``puts``, ``spreads`` and ``mix`` (both, index-only); a yen account also gets ``fx`` (the
yen hedges of ``[hedge.fx]`` alone) and ``joint`` (the index mix and the yen hedges in one problem, never dearer
than either alone: both are feasible points of it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from hedgeopt.account.account import Account
from hedgeopt.config.fx_hedge_spec import FxCandidateSpec
from hedgeopt.config.hedge_spec import DEFAULT_CAPS, CandidateSpec
from hedgeopt.config.risk_spec import CVaRCap
from hedgeopt.config.tax_spec import TaxSettings
from hedgeopt.optimizer.candidates import Candidates
from hedgeopt.optimizer.problem import HedgeProblem
from hedgeopt.optimizer.result import HedgeResult
from hedgeopt.optimizer.solve import solve_hedge
from pricing import Market
from scenarios import ScenarioSet

FAMILIES = ("puts", "spreads", "mix")
"""Puts only, put spreads only, and the free mix of both (index options)."""

FX_FAMILIES = ("fx", "joint")
"""Yen hedges only, and the index mix with the yen hedges (a yen account only)."""


def family_spec(spec: CandidateSpec, family: str) -> CandidateSpec:
    """``spec`` restricted to one family (``puts``, ``spreads`` or ``mix``)."""
    return {"puts": replace(spec, puts=True, spreads=False), "spreads": replace(spec, puts=False, spreads=True),
            "mix": replace(spec, puts=True, spreads=True)}[family]


def family_candidates(spec: CandidateSpec, market: Market, min_days: int,
                      fx: FxCandidateSpec | None = None) -> dict[str, Candidates]:
    """Priced candidates of each family (priced once, reused for every cap).

    ``fx`` and ``joint`` are added when ``fx`` applies to the market.
    """
    carry_days = fx.carry_days if fx is not None else FxCandidateSpec().carry_days
    index = {f: family_spec(spec, f).instruments(market, min_days) for f in FAMILIES}
    out = {f: Candidates(instruments, market, spec.commission, horizon_days=carry_days)
           for f, instruments in index.items()}
    yen = fx.candidates(market, min_days) if fx is not None else []
    if yen:
        out["fx"] = Candidates(yen, market, spec.commission, horizon_days=carry_days)
        out["joint"] = Candidates([*index["mix"], *yen], market, spec.commission, horizon_days=carry_days)
    return out


@dataclass(frozen=True)
class Comparison:
    """The cheapest hedge of each family for one cap.

    Attributes
    ----------
    cap : float
        Worst-case loss cap, fraction of NAV.
    results : dict of str to HedgeResult
        ``puts``, ``spreads`` and ``mix``; ``fx`` and ``joint`` for a yen account offered yen hedges.
    """

    cap: float
    results: dict[str, HedgeResult]

    @property
    def any_optimal(self) -> bool:
        """True when at least one family holds the cap (``hedgeopt compare`` exits 1 when none does)."""
        return any(r.optimal for r in self.results.values())

    def table(self) -> pd.DataFrame:
        """One row per family: status, cost (base currency), cost_pct, worst_case_after, contracts.

        With ``[tax]``, also ``after_tax_cost`` (base currency) and ``after_tax_worst_case`` (fraction of NAV).
        """
        taxed = lambda r, key: getattr(r.after_tax, key) if r.optimal and r.after_tax is not None else np.nan  # noqa: E731
        return pd.DataFrame([
            {"family": f, "status": r.status, "cost": r.cost if r.optimal else np.nan,
             "cost_pct": r.cost_pct if r.optimal else np.nan,
             "worst_case_after": r.worst_case_after if r.optimal else np.nan,
             "after_tax_cost": taxed(r, "after_tax_cost"), "after_tax_worst_case": taxed(r, "worst_case_after"),
             "contracts": sum(p.quantity for p in r.positions),
             "min_achievable_cap": r.diagnosis.get("min_achievable_cap", np.nan)}
            for f, r in self.results.items()
        ])

    def as_dict(self) -> dict:
        """Every figure under stable keys (for JSON)."""
        return {"cap": self.cap, "families": {f: r.as_dict() for f, r in self.results.items()}}

    def _repr_html_(self) -> str:
        """HTML for notebooks."""
        return f"<p><b>Put vs spread</b>, cap {self.cap:.0%}</p>" + self.table().to_html(index=False)


def compare(
    account: Account, market: Market, scenarios: ScenarioSet, spec: CandidateSpec, *, cap: float,
    integer: bool = True, budget: float | None = None, max_contracts: float = 1000.0, cvar: CVaRCap | None = None,
    fx: FxCandidateSpec | None = None, tax: TaxSettings | None = None, after_tax: bool = False,
    cap_after_tax: bool = False,
) -> Comparison:
    """Cheapest hedge of each family for the same cap (and CVaR cap, if any), each verified.

    The families are puts, spreads and their mix; with ``fx`` (a yen account), also yen hedges alone and jointly.
    ``tax``, ``after_tax`` and ``cap_after_tax`` are :class:`~hedgeopt.optimizer.problem.HedgeProblem`'s: each hedge
    re-checked after tax, chosen by its after-tax cost, holding the cap after tax.
    """
    families = family_candidates(spec, market, scenarios.common_horizon, fx)
    limit = None if fx is None else fx.notional_limit(account, market)
    return Comparison(cap, {
        f: solve_hedge(HedgeProblem(account, market, scenarios, c, cap=cap, cvar=cvar, budget=budget,
                                    max_contracts=max_contracts, integer=integer, fx_notional_limit=limit,
                                    tax=tax, after_tax=after_tax, cap_after_tax=cap_after_tax))
        for f, c in families.items()
    })


def frontier(
    account: Account, market: Market, scenarios: ScenarioSet, spec: CandidateSpec, *,
    caps: tuple[float, ...] = DEFAULT_CAPS, integer: bool = False, budget: float | None = None,
    max_contracts: float = 1000.0, progress: object | None = None, cvar: CVaRCap | None = None,
    fx: FxCandidateSpec | None = None,
) -> pd.DataFrame:
    """Cost of the cheapest hedge against the cap, for each family (index-only, and yen-only and joint with ``fx``).

    Parameters
    ----------
    caps : tuple of float
        Caps to solve for, fractions of NAV (default 5% to 40% by one point).
    integer : bool, default False
        Whole contracts (slower; the continuous frontier is the shape, the integer one the practice).
    progress : callable, optional
        Called with no argument after each solve (a progress bar's ``advance``).
    cvar : CVaRCap, optional
        A CVaR cap held at every point as well (the frontier moves the worst-case cap only).
    fx : FxCandidateSpec, optional
        The yen hedges: adds the ``fx`` and ``joint`` families when it applies to the market.

    Returns
    -------
    pandas.DataFrame
        One row per (family, cap): ``family``, ``cap``, ``status``, ``cost`` (base currency), ``cost_pct``
        (fraction of NAV), ``worst_case_after``. Caps a family cannot reach are ``infeasible`` with NaN cost.
        A tighter cap never costs less within a family (checked in the tests).
    """
    families = family_candidates(spec, market, scenarios.common_horizon, fx)
    limit = None if fx is None else fx.notional_limit(account, market)
    rows = []
    for family, candidates in families.items():
        for cap in caps:
            r = solve_hedge(HedgeProblem(account, market, scenarios, candidates, cap=float(cap), cvar=cvar,
                                         budget=budget, max_contracts=max_contracts, integer=integer,
                                         fx_notional_limit=limit), extras=False)
            rows.append({"family": family, "cap": float(cap), "status": r.status,
                         "cost": r.cost if r.optimal else np.nan, "cost_pct": r.cost_pct if r.optimal else np.nan,
                         "worst_case_after": r.worst_case_after if r.optimal else np.nan})
            if progress is not None:
                progress()
    return pd.DataFrame(rows)

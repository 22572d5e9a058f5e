"""What came out of the optimizer: positions, cost, worst case before and after, binding scenarios, checks; route C."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from hedgeopt.optimizer.after_tax import AfterTax
from pricing import Instrument
from pricing.fx.instruments import FxHedge


@dataclass(frozen=True)
class Position:
    """One line of a hedge, with what one contract is worth and what it costs, base currency.

    Attributes
    ----------
    instrument : Option, Package or FxHedge
    quantity : float
        Contracts or lots (a whole number for integer problems, except a bank forward's units of 1,000 USD).
    cost_per_contract : float
        What the optimizer counted per contract: ``quoted_per_contract + commission_per_contract`` (+
        ``carry_per_contract`` for a linear yen hedge).
    model_per_contract : float or None
        Model value of one contract today (None when not known).
    quoted_per_contract : float or None
        One contract at the quotes: long legs at the ask, short legs at the bid (option-chain quotes where the
        option carries them, the quote model's otherwise).
    commission_per_contract : float or None
        Commission of buying one contract, every leg (the published schedule, or ``[hedge] commission``).
    carry_per_contract : float, default 0.0
        A linear yen hedge: the carry one lot gives up over the horizon (forward or swap points).
    cost_basis : str, default "premium"
        ``"premium"`` (premium at the quotes + commission) or ``"carry"`` (carry over the horizon + half-spread
        + commission).
    """

    instrument: Instrument | FxHedge
    quantity: float
    cost_per_contract: float
    model_per_contract: float | None = None
    quoted_per_contract: float | None = None
    commission_per_contract: float | None = None
    carry_per_contract: float = 0.0
    cost_basis: str = "premium"

    @property
    def cost(self) -> float:
        """Total cost, base currency."""
        return self.quantity * self.cost_per_contract

    def as_dict(self) -> dict[str, Any]:
        """Plain dict (for JSON): instrument, contracts, model, quoted and commission per contract, cost."""
        return {"instrument": self.instrument.label, "contracts": self.quantity,
                "model_per_contract": self.model_per_contract, "quoted_per_contract": self.quoted_per_contract,
                "commission_per_contract": self.commission_per_contract,
                "carry_per_contract": self.carry_per_contract, "cost_basis": self.cost_basis,
                "cost_per_contract": self.cost_per_contract, "cost": self.cost}


@dataclass(frozen=True)
class Verification:
    """The re-check of a hedge on the whole scenario set by the reference evaluator.

    Attributes
    ----------
    n_scenarios : int
        Scenarios in the set; the fast kernel evaluated the hedge on all of them.
    worst_case_fast : float
        Worst loss found by the fast kernel, fraction of NAV (positive = loss).
    n_reference : int
        Scenarios the reference evaluator (:mod:`hedgeopt.reference`) re-evaluated from the positions: all up to
        11,000; beyond, every one near the cap, the worst 1,000 and a random 10,000.
    worst_case_reference : float
        Worst loss on those scenarios by the reference, recomputed from the positions, fraction of NAV.
    max_abs_diff : float
        Largest difference between the fast and the reference P&L of the hedged account on those scenarios,
        base currency.
    sample : str
        ``"all"`` or a description of the sample.
    passed : bool
        Every condition of :mod:`hedgeopt.optimizer.verification` holds.
    tolerance : float, default 0.0
        The largest difference allowed, base currency (1e-6 of NAV plus the American legs' stated bound).
    n_fast : int, default -1
        Values in the fast P&L (``n_scenarios`` when it is whole; -1: not given).
    failures : tuple of str, default ()
        What failed, in words.
    """

    n_scenarios: int
    worst_case_fast: float
    n_reference: int
    worst_case_reference: float
    max_abs_diff: float
    sample: str
    passed: bool
    tolerance: float = 0.0
    n_fast: int = -1
    failures: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.n_fast < 0:
            object.__setattr__(self, "n_fast", self.n_scenarios)

    def as_dict(self) -> dict[str, Any]:
        """Plain dict (for JSON)."""
        return {**self.__dict__, "failures": list(self.failures)}


@dataclass(frozen=True)
class HedgeResult:
    """The answer to a :class:`~hedgeopt.optimizer.problem.HedgeProblem`.

    Attributes
    ----------
    status : str
        ``"optimal"`` or ``"infeasible"``; nothing else is ever returned (other statuses raise).
    nav : float
        NAV, base currency.
    base_currency : str
    cap : float or None
        Worst-case loss cap asked for, fraction of NAV.
    positions : list of Position
        Empty when infeasible.
    worst_case_before, worst_case_after : float
        Worst loss over the scenario set, fraction of NAV (positive = a loss), without and with the hedge.
    cvar_before, cvar_after : float or None
        CVaR of the loss at the asked level, fraction of NAV.
    binding_scenarios : pandas.DataFrame
        The scenarios that set the worst case after hedging (on the cap when it binds): ``label``, ``pnl``
        (base currency), ``pnl_pct`` (fraction of NAV).
    shadow_price : float or None
        What one more percentage point of allowed worst-case loss saves, base currency, measured by solving
        again at cap + 0.01 (0 when the cap does not bind).
    cap_dual : float or None
        The LP's marginal rate for the same (sum of the scenario constraints' duals × 1 point × NAV);
        continuous problems only. It overstates the saving once the hedge changes shape.
    continuous_cost : float or None
        For integer problems: the cost of the continuous optimum; ``rounding_cost`` is the difference.
    verification : Verification or None
    diagnosis : dict
        When infeasible: ``min_achievable_cap`` (least worst case, fraction of NAV), ``limiting_scenario``,
        ``min_achievable_cvar`` (with a CVaR cap) and ``limit`` (which cap blocks).
    iterations, active_rows : int
        Constraint-generation rounds and the final active-set size.
    seconds : dict of str to float
        Wall time of ``solve`` (with the integer problem's continuous twin and cap + 0.01 re-solve when
        asked) and ``verification``.
    uncredited : tuple of str
        Scenarios in whose window a held option expires with no recorded path: it is credited with nothing
        there (the conservative bound, see :mod:`scenarios.repricing`).
    after_tax : AfterTax or None
        With ``[tax]`` of a Japanese resident: the cost net of the tax it saves this year and the worst case
        after the tax of realising at the horizon (:func:`hedgeopt.optimizer.after_tax.recheck`); None otherwise.
    """

    status: str
    nav: float
    base_currency: str
    cap: float | None
    positions: list[Position] = field(default_factory=list)
    worst_case_before: float = float("nan")
    worst_case_after: float = float("nan")
    cvar_before: float | None = None
    cvar_after: float | None = None
    binding_scenarios: pd.DataFrame = field(default_factory=pd.DataFrame)
    shadow_price: float | None = None
    cap_dual: float | None = None
    continuous_cost: float | None = None
    verification: Verification | None = None
    diagnosis: dict[str, Any] = field(default_factory=dict)
    iterations: int = 0
    active_rows: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    uncredited: tuple[str, ...] = ()
    after_tax: AfterTax | None = None

    @property
    def optimal(self) -> bool:
        """True when a hedge was found."""
        return self.status == "optimal"

    @property
    def cost(self) -> float:
        """Total premium, base currency."""
        return sum(p.cost for p in self.positions)

    @property
    def cost_pct(self) -> float:
        """Total premium, fraction of NAV."""
        return self.cost / self.nav

    @property
    def rounding_cost(self) -> float | None:
        """Integer cost minus continuous cost, base currency (integer problems only)."""
        return None if self.continuous_cost is None else self.cost - self.continuous_cost

    def positions_frame(self) -> pd.DataFrame:
        """Positions as a table: instrument, contracts, model / quoted / commission / cost per contract, cost."""
        return pd.DataFrame([p.as_dict() for p in self.positions],
                            columns=["instrument", "contracts", "model_per_contract", "quoted_per_contract",
                                     "commission_per_contract", "carry_per_contract", "cost_basis",
                                     "cost_per_contract", "cost"])

    def as_dict(self) -> dict[str, Any]:
        """Every figure under stable keys (for JSON)."""
        return {
            "status": self.status, "nav": self.nav, "base_currency": self.base_currency, "cap": self.cap,
            "positions": [p.as_dict() for p in self.positions], "cost": self.cost, "cost_pct": self.cost_pct,
            "worst_case_before": self.worst_case_before, "worst_case_after": self.worst_case_after,
            "cvar_before": self.cvar_before, "cvar_after": self.cvar_after,
            "binding_scenarios": self.binding_scenarios.to_dict(orient="records"),
            "shadow_price": self.shadow_price, "cap_dual": self.cap_dual, "continuous_cost": self.continuous_cost,
            "rounding_cost": self.rounding_cost,
            "verification": None if self.verification is None else self.verification.as_dict(),
            "diagnosis": self.diagnosis, "iterations": self.iterations, "active_rows": self.active_rows,
            "seconds": self.seconds, "uncredited": list(self.uncredited),
            "after_tax": None if self.after_tax is None else self.after_tax.as_dict(),
        }

    def _repr_html_(self) -> str:
        """HTML for notebooks: a summary line and the positions table."""
        if not self.optimal:
            return f"<p><b>Hedge: infeasible</b> — {self.diagnosis}</p>"
        head = (f"<p><b>Hedge</b>: {self.cost:,.0f} {self.base_currency} ({self.cost_pct:.2%} of NAV); worst case "
                f"{self.worst_case_before:.2%} → {self.worst_case_after:.2%}</p>")
        return head + self.positions_frame().to_html(index=False, float_format=lambda x: f"{x:,.2f}")

    def __repr__(self) -> str:
        if not self.optimal:
            return f"HedgeResult(status={self.status!r}, diagnosis={self.diagnosis})"
        lines = ", ".join(f"{p.quantity:g} × {p.instrument.label}" for p in self.positions) or "no hedge needed"
        return (f"HedgeResult(status='optimal', cost={self.cost:,.0f} {self.base_currency} "
                f"({self.cost_pct:.2%} of NAV), worst case {self.worst_case_before:.2%} → "
                f"{self.worst_case_after:.2%}, positions=[{lines}])")


@dataclass(frozen=True)
class CallRoute:
    """Route C as sized: the options, what they cost, the participation they give, or why none can.

    Attributes
    ----------
    result : HedgeResult
        Positions, cost (premium at the ask + commissions), worst case on the whole set and its verification.
    index : str
    exposure : float
        The linear exposure whose gains were asked for, base currency.
    moves : tuple of float
        The index rises, decimal.
    required : tuple of float
        Value the options must be worth at each move, base currency (``exposure × move``).
    achieved : tuple of float
        What the chosen options are worth at each move (fast kernel; the least over vol responses), base currency;
        () when infeasible.
    achieved_quantlib : tuple of float
        The same re-priced with QuantLib; () when infeasible.
    delta_exposure : float
        The options' delta exposure to the index today, base currency (QuantLib delta × spot × multiplier × FX ×
        contracts, as :meth:`~hedgeopt.account.account.Account.index_exposure` counts an option).
    diagnosis : dict
        When infeasible: ``limit`` (``"participation"``, ``"budget"`` or ``"worst case"``) and its figures
        (see :func:`hedgeopt.optimizer.participation.diagnose`); {} otherwise.
    """

    result: HedgeResult
    index: str
    exposure: float
    moves: tuple[float, ...]
    required: tuple[float, ...]
    achieved: tuple[float, ...] = ()
    achieved_quantlib: tuple[float, ...] = ()
    delta_exposure: float = 0.0
    diagnosis: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str:
        """``"optimal"`` or ``"infeasible"``."""
        return self.result.status

    @property
    def optimal(self) -> bool:
        """True when options meeting every floor, the budget and the cap were found."""
        return self.result.optimal

    @property
    def cost(self) -> float:
        """The loss fixed in advance: premium at the ask + commissions, base currency."""
        return self.result.cost

    @property
    def net(self) -> tuple[float, ...]:
        """What the options are worth at each move less their cost, base currency (the gain kept)."""
        return tuple(a - self.cost for a in self.achieved)

    def as_dict(self) -> dict[str, Any]:
        """Every figure under stable keys (for JSON); amounts in the base currency."""
        return {
            "status": self.status, "index": self.index, "exposure": self.exposure, "cost": self.cost,
            "loss_fixed_in_advance": self.cost, "delta_exposure": self.delta_exposure,
            "participation": [
                {"move": m, "required": r, "achieved": a, "achieved_quantlib": aq, "net_of_cost": a - self.cost}
                for m, r, a, aq in zip(self.moves, self.required, self.achieved, self.achieved_quantlib,
                                       strict=True)],
            "diagnosis": self.diagnosis, "result": self.result.as_dict(),
        }

    def __repr__(self) -> str:
        if not self.optimal:
            return f"CallRoute(status={self.status!r}, diagnosis={self.diagnosis})"
        kept = ", ".join(f"+{m:.0%}: {a:,.0f} >= {r:,.0f}" for m, a, r in zip(self.moves, self.achieved,
                                                                            self.required, strict=True))
        lines = ", ".join(f"{p.quantity:g} × {p.instrument.label}" for p in self.result.positions)
        return (f"CallRoute(cost={self.cost:,.0f} {self.result.base_currency}, worst case "
                f"{self.result.worst_case_after:.2%}, worth {kept}, positions=[{lines}])")

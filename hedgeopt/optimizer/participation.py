r"""Route C sized by the optimizer: the cheapest calls and call spreads that keep a target share of the rise.

Route C holds the index through long calls or call spreads instead of an ETF or futures: leverage with the loss
fixed in advance, since a long option can lose its premium and no more. :func:`size_calls` buys the cheapest mix
(whole contracts) such that

* **participation:** in each up-scenario of a :class:`Participation` (the index up by ``move`` over
  ``horizon_days``, FX unchanged, implied vols moved by the factor model's spot-linked response), the chosen options
  are **worth** at least what ``exposure`` of index would gain there, ``exposure × move`` (3,000,000 JPY at +10%
  and +20%: 300,000 and 600,000 JPY);
* **the loss fixed in advance:** the premium (at the ask, plus commissions) within an optional budget, and the
  account's worst case (the core alone plus the options) within the loss cap on the whole scenario set.

What is measured: each option's **value at the horizon**, model mid (the fast kernel of
:meth:`~hedgeopt.optimizer.candidates.Candidates.value`: surface vols moved by the response, time value left in),
**gross of the premium**; the premium is the objective, minimised. Why gross: a call's gain net of its premium can
never match a linear exposure — at a rise too small to pay back the premium it is negative while the index's gain is
positive — so a net floor would force ever more contracts as the move shrinks; the premium is instead the known
price of the participation, reported beside it (:attr:`CallRoute.net`).

Each floor is one linear limit of the hedge problem, NAV-scaled,

.. math:: -\frac{v_k}{\mathrm{NAV}} \cdot q \le -\frac{R_k}{\mathrm{NAV}}

with :math:`v_k` the options' values per contract in up-scenario :math:`k` and :math:`R_k` the required value, so
:func:`~hedgeopt.optimizer.solve.solve_hedge` (constraint generation over the cap's scenarios), its dense twin
:func:`~hedgeopt.optimizer.solve.solve_dense` and the direct HiGHS path all solve it unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np

from hedgeopt.account.account import Account
from hedgeopt.config.keys import name_in
from hedgeopt.config.tax_spec import TaxSettings
from hedgeopt.optimizer.candidates import Candidates
from hedgeopt.optimizer.lp import Objective
from hedgeopt.optimizer.problem import HedgeProblem
from hedgeopt.optimizer.result import CallRoute, HedgeResult
from hedgeopt.optimizer.solve import TOL, solve_hedge
from hedgeopt.optimizer.verification import tolerance
from hedgeopt.reference import ReferenceEvaluator
from pricing import HedgeoptError, InputError, Instrument, Market
from pricing._typing import FloatArray
from pricing.validation import as_float_array, check_non_negative, check_positive
from scenarios import FactorModel, ScenarioSet, VolResponse, grid

DEFAULT_RESPONSE = VolResponse()
"""The factor model's default spot-linked response: a 10% rise takes 2 vol points off (``up_beta`` 0.2)."""


@dataclass(frozen=True, eq=False)
class Participation:
    """The up-scenarios and the value the options must be worth in each (one floor per row).

    Parameters
    ----------
    scenarios : ScenarioSet
        The up-scenarios, one row per floor.
    required : ndarray of shape (n_rows,)
        Least value of the options in each row at its horizon, base currency (>= 0).
    moves : ndarray of shape (n_rows,)
        The index's rise in each row, decimal (0.10 = +10%); rows of one move under several vol responses share it.
    index : str
        The index the participation is in (``"SPX"``).
    exposure : float
        The linear exposure whose gain the floors ask for, base currency.
    """

    scenarios: ScenarioSet
    required: FloatArray
    moves: FloatArray
    index: str
    exposure: float

    def __post_init__(self) -> None:
        for name in ("required", "moves"):
            values = as_float_array(f"participation.{name}", getattr(self, name))
            if values.shape != (len(self.scenarios),):
                raise InputError(f"participation.{name}", values.shape,
                                 f"one value per up-scenario ({len(self.scenarios)})")
            object.__setattr__(self, name, values)
        check_non_negative("participation.required", self.required)

    @property
    def distinct_moves(self) -> tuple[float, ...]:
        """The moves, each once, in the order given."""
        return tuple(float(m) for m in dict.fromkeys(self.moves.tolist()))

    def by_move(self, per_row: FloatArray) -> tuple[float, ...]:
        """The least of ``per_row`` over the rows of each move (the weakest vol response), in move order."""
        return tuple(float(np.min(per_row[self.moves == m])) for m in self.distinct_moves)


def participation_target(market: Market, index: str, exposure: float, moves: Sequence[float] = (0.10, 0.20), *,
                         horizon_days: int = 30,
                         vol_response: VolResponse | Sequence[VolResponse] = DEFAULT_RESPONSE) -> Participation:
    """The floors that ask the options for what ``exposure`` of ``index`` gains at each of ``moves``.

    Parameters
    ----------
    market : Market
    index : str
        Index of the market (``"SPX"``).
    exposure : float
        Linear index exposure to match, base currency, > 0 (3,000,000 JPY).
    moves : sequence of float, default (0.10, 0.20)
        Rises of the index, decimal, in (0, 1] (0.10 = +10%).
    horizon_days : int, default 30
        Calendar days over which the index rises; the options are valued that many days from today.
    vol_response : VolResponse or sequence of VolResponse, default VolResponse()
        The factor model's spot-linked response (a 10% rise takes ``up_beta × 0.10`` off every implied vol of the
        index). Several: one row per move and response, each floor held (the config's ``vol_response`` list).

    Returns
    -------
    Participation
        One row per move and response, FX and rates unchanged, required ``exposure × move``.

    Examples
    --------
    >>> from pricing import default_market
    >>> t = participation_target(default_market(), "SPX", 3_000_000)
    >>> t.required.tolist(), t.scenarios.labels[0]
    ([300000.0, 600000.0], 'SPX +10% / USD +0% / vol +0 / 30d')
    """
    index = name_in("index", index, market.index_currency, "an index of the market")
    exposure = float(check_positive("exposure", exposure))
    ups = np.atleast_1d(check_positive("moves", moves))
    if np.any(ups > 1.0):
        raise InputError("moves", float(ups.max()), "rises as decimals in (0, 1], such as 0.10",
                         hint="0.10 is a 10% rise")
    responses = [vol_response] if isinstance(vol_response, VolResponse) else list(vol_response)
    base = market.base_currency
    currency = next(c for c in (market.index_currency[index], "USD", "JPY") if c != base)  # moves 0: any other
    scenarios = grid(ups, currency=currency, base=base, horizon_days=(int(horizon_days),),
                     model=FactorModel(driver=index, betas={}), vol_responses=responses)
    rows = scenarios.equity(index)  # grid order: each move under every response
    return Participation(scenarios, exposure * rows, rows, index, exposure)


@dataclass(frozen=True, eq=False)
class CallProblem(HedgeProblem):
    """The cheapest-hedge problem with one participation floor per up-scenario of ``target``.

    Parameters
    ----------
    target : Participation
        The floors; every other parameter as :class:`~hedgeopt.optimizer.problem.HedgeProblem` (the account is the
        route C account: the core without the satellite the options replace).
    """

    target: Participation | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.target is None:
            raise InputError("target", None, "a Participation (participation_target)")

    @cached_property
    def floor_values(self) -> FloatArray:
        """Value per contract of each candidate in each up-scenario, base currency, shape (n_rows, n_candidates)."""
        return self.candidates.value(self.target.scenarios)

    @property
    def limits(self) -> tuple[tuple[FloatArray, float], ...]:
        """The problem's own limits, then one floor per up-scenario: ``-value/NAV @ q <= -required/NAV``."""
        floors = tuple((-v / self.nav, -float(r) / self.nav) for v, r in zip(self.floor_values, self.target.required,
                                                                              strict=True))
        return super().limits + floors


def size_calls(account: Account, market: Market, scenarios: ScenarioSet, candidates: Candidates,
               target: Participation, *, cap: float, budget: float | None = None, integer: bool = True,
               max_contracts: float = 1000.0, tax: TaxSettings | None = None, check: bool = True,
               extras: bool = True) -> CallRoute:
    """The cheapest calls and call spreads worth ``target``'s floors, within the budget and the cap.

    Parameters
    ----------
    account : Account
        The route C account: the core alone (``with_exposure(account, market, route, index, 0.0)`` sells the
        satellite the options replace back into cash); the options come on top.
    market : Market
    scenarios : ScenarioSet
        The set the worst case is held on (the config's whole set).
    candidates : Candidates
        Calls and call spreads (:meth:`~hedgeopt.config.call_spec.CallCandidateSpec.instruments`), expiring after
        the target's horizon.
    target : Participation
        The floors (:func:`participation_target`).
    cap : float
        Worst-case loss cap of the account with the options, positive fraction of NAV (0.20).
    budget : float, optional
        Most premium (at the ask + commissions), base currency; None: no limit beyond the cap.
    integer : bool, default True
        Whole contracts.
    max_contracts : float, default 1000
        Most contracts of one candidate.
    tax : TaxSettings, optional
        Re-check the worst case after tax as the hedges are (``result.after_tax``).
    check, extras : bool, default True
        As :func:`~hedgeopt.optimizer.solve.solve_hedge`: the QuantLib re-check of the worst case on the whole set;
        the continuous twin's cost and the premium saved at cap + 1 point. The floors are always re-priced with
        QuantLib (a few rows).

    Returns
    -------
    CallRoute
        Status ``"optimal"``, or ``"infeasible"`` with a :func:`diagnose` diagnosis (never an error).

    Raises
    ------
    HedgeoptError
        If the chosen options are worth less than a floor under the reference evaluator (beyond
        :func:`~hedgeopt.optimizer.verification.tolerance`).
    """
    problem = CallProblem(account, market, scenarios, candidates, cap=cap, budget=budget, integer=integer,
                          max_contracts=max_contracts, tax=tax, target=target)
    result = solve_hedge(problem, check=check, extras=extras)
    head = {"index": target.index, "exposure": target.exposure, "moves": target.distinct_moves,
            "required": target.by_move(target.required)}
    if not result.optimal:
        diagnosis = diagnose(problem)
        return CallRoute(replace(result, diagnosis=diagnosis), **head, diagnosis=diagnosis)
    q = _contracts(problem, result)
    held = np.flatnonzero(q)
    fast = problem.floor_values[:, held] @ q[held]
    slow = ReferenceEvaluator(account, market).unit_values(
        target.scenarios, [candidates.instruments[j] for j in held]) @ q[held]
    if np.any(slow < target.required - tolerance(problem, q) * problem.nav):
        raise HedgeoptError(f"the options failed their own participation check: worth {slow.tolist()} under "
                            f"the reference evaluator against {target.required.tolist()}")
    return CallRoute(result, **head, achieved=target.by_move(fast), achieved_quantlib=target.by_move(slow),
                     delta_exposure=delta_exposure(market, [candidates.instruments[j] for j in held], q[held]))


def _contracts(problem: HedgeProblem, result: HedgeResult) -> FloatArray:
    """The result's positions as contracts in the candidates' column order."""
    column = {id(instrument): j for j, instrument in enumerate(problem.candidates.instruments)}
    q = np.zeros(len(problem.candidates))
    for p in result.positions:
        q[column[id(p.instrument)]] = p.quantity
    return q


def delta_exposure(market: Market, instruments: Sequence[Instrument], contracts: FloatArray) -> float:
    """Delta exposure today of ``contracts`` of each of ``instruments``, base currency (QuantLib greeks)."""
    from pricing.quantlib_engine import price  # QuantLib only when options are held

    values = [price(instrument, market) for instrument in instruments]
    return float(sum(v.delta_notional * v.fx_to_base * n for v, n in zip(values, contracts, strict=True)))


def diagnose(problem: CallProblem) -> dict[str, Any]:
    """Why no options meet the floors, the budget and the cap together: which one blocks, with its figures.

    * ``"participation"``: no mix within ``max_contracts`` is worth the floor at some move, whatever it costs
      (``most_value`` per move: every candidate at ``max_contracts``; call spreads alone are capped at their width);
    * ``"budget"``: the cheapest mix worth every floor (``least_premium``, base currency) costs more than the budget;
    * ``"worst case"``: the floors fit the budget but no mix meeting them keeps the worst case within the cap;
      ``min_achievable_cap`` (fraction of NAV) is the least worst case of a mix meeting them within the budget,
      ``limiting_scenario`` where it falls — the premium lost in a fall on top of ``core_worst_case``.

    ``core_worst_case`` (fraction of NAV) is the account's worst case without options.
    """
    nav, target = problem.nav, problem.target
    out: dict[str, Any] = {"core_worst_case": float(-problem.base_pnl.min()), "cap": problem.cap,
                           "budget": problem.budget}
    most = problem.floor_values @ problem.upper
    if np.any(most < target.required - TOL * nav):
        return {**out, "limit": "participation", "moves": list(target.distinct_moves),
                "required": list(target.by_move(target.required)), "most_value": list(target.by_move(most)),
                "max_contracts": problem.max_contracts}
    least = solve_hedge(replace(problem, cap=1.0, budget=None), check=False, extras=False)
    if least.optimal:
        out["least_premium"] = least.cost
        if problem.budget is not None and least.cost > problem.budget + TOL * nav:
            return {**out, "limit": "budget"}
    budget = problem.budget if problem.budget is not None else max(nav, out.get("least_premium", 0.0))
    risk = solve_hedge(replace(problem, objective=Objective.RISK, cap=None, budget=budget), check=False,
                       extras=False)
    scenario = risk.binding_scenarios["label"].iloc[0] if len(risk.binding_scenarios) else None
    return {**out, "limit": "worst case", "min_achievable_cap": risk.worst_case_after if risk.optimal else None,
            "limiting_scenario": scenario}


def largest_call_exposure(account: Account, market: Market, scenarios: ScenarioSet, candidates: Candidates, *,
                          index: str, moves: Sequence[float] = (0.10, 0.20), horizon_days: int = 30,
                          vol_response: VolResponse | Sequence[VolResponse] = DEFAULT_RESPONSE, cap: float,
                          budget: float | None = None, step_fraction: float = 0.1, most: float = 1.0,
                          integer: bool = True, max_contracts: float = 1000.0
                          ) -> tuple[float | None, CallRoute | None]:
    """The largest exposure, in steps of ``step_fraction × NAV``, whose participation route C can buy.

    Tries ``step_fraction × NAV``, twice that, ... up to ``most × NAV`` and stops at the first step
    :func:`size_calls` finds infeasible. Stopping there is exact, not a heuristic: the floors grow with the
    exposure (``exposure × move``) while the cap and the budget stay, so any mix meeting a larger exposure's floors
    meets a smaller one's — feasibility only falls as the exposure grows.

    Parameters
    ----------
    account, market, scenarios, candidates
        As :func:`size_calls` (the account is the core alone).
    index, moves, horizon_days, vol_response
        As :func:`participation_target`.
    cap, budget, integer, max_contracts
        As :func:`size_calls`.
    step_fraction : float, default 0.1
        Exposure step, fraction of NAV (the strategy raises leverage in 0.1× steps).
    most : float, default 1.0
        Largest exposure tried, fraction of NAV.

    Returns
    -------
    tuple of (float or None, CallRoute or None)
        The largest feasible exposure (base currency) and its route, verified; (None, None) when even the first
        step is infeasible.
    """
    step = float(check_positive("step_fraction", step_fraction))
    steps = int(np.floor(float(check_positive("most", most)) / step + 1e-9))
    nav = account.nav(market)
    best: float | None = None
    for k in range(1, steps + 1):
        target = participation_target(market, index, k * step * nav, moves, horizon_days=horizon_days,
                                      vol_response=vol_response)
        route = size_calls(account, market, scenarios, candidates, target, cap=cap, budget=budget, integer=integer,
                           max_contracts=max_contracts, check=False, extras=False)
        if not route.optimal:
            break
        best = target.exposure
    if best is None:
        return None, None
    target = participation_target(market, index, best, moves, horizon_days=horizon_days, vol_response=vol_response)
    return best, size_calls(account, market, scenarios, candidates, target, cap=cap, budget=budget,
                            integer=integer, max_contracts=max_contracts)

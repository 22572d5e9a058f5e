"""Route C in the comparison: the optimizer's calls and call spreads as an account beside the others.

The core (the account without the index) buys the cheapest mix of ``[routes.calls]`` candidates worth at least what
the exposure gains at each ``[routes] up`` rise over the config's horizon, within ``[routes] budget`` and the loss
cap on the config's whole set (:func:`~hedgeopt.optimizer.participation.size_calls`). The premium (ask plus
commissions) is paid from the base-currency cash; what it costs beyond the options' model value (the spread and the
commissions) and the conversion of the yen into the options' currency (``[paths] fx_cost``) are the route's opening
costs, so that the route's P&L is the options' value at the horizon less all they cost.

The largest exposure route C allows under the cap is searched in 0.1 × NAV steps up to
:data:`MOST_EXPOSURE` × NAV (:func:`~hedgeopt.optimizer.participation.largest_call_exposure`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import OptionPosition
from hedgeopt.account.routes import DEFAULT_OPTIONS
from hedgeopt.config.call_spec import CallCandidateSpec
from hedgeopt.config.config import Config
from hedgeopt.optimizer.candidates import Candidates
from hedgeopt.optimizer.participation import largest_call_exposure, participation_target, size_calls
from hedgeopt.optimizer.result import CallRoute
from hedgeopt.routes.build import Built, RouteName, paid_from_cash
from pricing import InputError, contract
from scenarios import ScenarioSet

MOST_EXPOSURE = 1.0
"""Largest route C exposure searched, fraction of NAV (a 2.0× account)."""

STEP = 0.1
"""Route C's exposure steps, fraction of NAV (the strategy's 0.1× leverage steps)."""


@dataclass(frozen=True)
class RouteLeverage:
    """The largest exposure a route allows under the loss cap.

    ``exposure`` base currency; ``leverage`` gross / NAV there (route D: 1.0; route C: 1 + exposure / NAV, the
    participation bought); ``step`` the leverage rounded down to 0.1× (route D: its leverage); ``limit`` what binds
    (``"loss cap"``, ``"margin call"``, ``"futures buffer"``, ``"cash"``, or for route C ``"search end"`` when the
    largest exposure searched still fits).
    """

    exposure: float
    leverage: float
    step: float
    limit: str

    def as_dict(self) -> dict[str, object]:
        """Every figure (for JSON)."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class CallsRoute:
    """Route C as the comparison holds it: the account built, the optimizer's answer, the largest exposure.

    ``built`` None when no calls meet the participation within the cap and budget; ``reason`` then says which
    limit blocks (the answer's diagnosis).
    """

    answer: CallRoute
    built: Built | None
    leverage: RouteLeverage | None
    reason: str = ""

    def as_dict(self) -> dict[str, object]:
        """The optimizer's answer (for JSON)."""
        return self.answer.as_dict()


def call_candidates(config: Config, index: str) -> Candidates:
    """The ``[routes.calls]`` candidates priced, expiring after the config's horizon.

    The default symbol (XSP) on another index becomes that index's mini options
    (:data:`~hedgeopt.account.routes.DEFAULT_OPTIONS`: NK225M_OPT for the Nikkei 225).

    Raises
    ------
    InputError
        A symbol named in ``[routes.calls]`` on another index than ``index``.
    """
    spec = config.routes.calls
    if contract(spec.symbol).underlying != index:
        if spec.symbol != CallCandidateSpec().symbol or index not in DEFAULT_OPTIONS:
            raise InputError("routes.calls.symbol", spec.symbol, f"an option on {index}, the index compared")
        spec = replace(spec, symbol=DEFAULT_OPTIONS[index])
    return Candidates(spec.instruments(config.market, config.scenarios.horizon_days), config.market,
                      spec.commission)


def _built(answer: CallRoute, core: Account, config: Config) -> Built:
    fx_cost = config.paths.frictions.fx_cost
    positions, options, model = [], [], 0.0
    for p in answer.result.positions:
        held = OptionPosition(p.instrument, int(round(p.quantity)))
        positions.append(held)
        options.append((held, p.cost_per_contract * (1.0 + fx_cost)))
        model += p.quantity * (p.model_per_contract or 0.0)
    cost = answer.cost
    account = paid_from_cash(core, cost * (1.0 + fx_cost))
    account = Account(account.base_currency, account.mmf, account.cash, (*account.satellite, *positions),
                      account.other, account.fx_hedges)
    conversion = fx_cost * cost
    return Built(RouteName.CALLS, account, answer.delta_exposure, cost - model + conversion, conversion,
                 sum(h.contracts for h in positions), tuple(options))


def _reason(answer: CallRoute) -> str:
    d = answer.diagnosis
    if d.get("limit") == "participation":
        return f"no mix of at most {d['max_contracts']:g} contracts of each call is worth the rise asked"
    if d.get("limit") == "budget":
        return f"the participation costs {d['least_premium']:,.0f}, more than the budget {d['budget']:,.0f}"
    least = d.get("min_achievable_cap")
    return ("no calls keep the worst case within the cap" + (f" (the least is {least:.1%})" if least else ""))


def _binds(config: Config, scenarios: ScenarioSet, core: Account, candidates: Candidates, index: str, best: float,
           nav: float) -> str:
    """What stops route C one step above ``best``: the diagnosis of that step, or the end of the search."""
    step = best + STEP * nav
    if step > MOST_EXPOSURE * nav * (1 + 1e-9):
        return "search end"
    spec = config.scenarios
    target = participation_target(config.market, index, step, config.routes.up, horizon_days=spec.horizon_days,
                                  vol_response=(spec.model.vol_response, *spec.extra_responses))
    above = size_calls(core, config.market, scenarios, candidates, target, cap=config.risk.cap,
                       budget=config.routes.budget, max_contracts=config.hedge.max_contracts, check=False,
                       extras=False)
    return {"worst case": "loss cap"}.get(above.diagnosis.get("limit", ""), above.diagnosis.get("limit", "loss cap"))


def calls_route(config: Config, scenarios: ScenarioSet, core: Account, index: str, exposure: float) -> CallsRoute:
    """Route C at ``exposure`` (base currency) on ``core``: sized, built, and its largest exposure under the cap.

    ``scenarios`` is the config's set (:meth:`~hedgeopt.config.config.Config.scenario_set`), built once by the caller.
    """
    spec = config.scenarios
    candidates = call_candidates(config, index)
    responses = (spec.model.vol_response, *spec.extra_responses)
    target = participation_target(config.market, index, exposure, config.routes.up,
                                  horizon_days=spec.horizon_days, vol_response=responses)
    answer = size_calls(core, config.market, scenarios, candidates, target, cap=config.risk.cap,
                        budget=config.routes.budget, integer=True, max_contracts=config.hedge.max_contracts)
    nav = core.nav(config.market)
    best, _ = largest_call_exposure(core, config.market, scenarios, candidates, index=index, moves=config.routes.up,
                                    horizon_days=spec.horizon_days, vol_response=responses, cap=config.risk.cap,
                                    budget=config.routes.budget, step_fraction=STEP, most=MOST_EXPOSURE,
                                    max_contracts=config.hedge.max_contracts)
    leverage = None if best is None else RouteLeverage(best, 1.0 + best / nav, round(1.0 + best / nav, 10),
                                                       _binds(config, scenarios, core, candidates, index, best, nav))
    if not answer.optimal:
        return CallsRoute(answer, None, leverage, _reason(answer))
    return CallsRoute(answer, _built(answer, core, config), leverage)

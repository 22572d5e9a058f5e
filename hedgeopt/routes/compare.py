"""The four routes to one index exposure, side by side, today and under each rate regime.

:func:`compare_routes` is the one call behind ``hedgeopt routes``: every figure it prints is a field here. A route
the account cannot take (D with less cash and MMF than the exposure; C when no calls hold the participation within
the cap and budget) is left out with the reason.

Rankings: by ``cost_year`` (what the route costs a year, :mod:`hedgeopt.routes.costs`) and by the worst case
(:mod:`hedgeopt.routes.risk`), in each regime: the comparison says when a regime reorders the routes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import EtfPosition, FuturesPosition, MarginPosition, Route
from hedgeopt.config.config import Config
from hedgeopt.config.routes_spec import BASE, RateRegime
from hedgeopt.optimizer.leverage import max_leverage
from hedgeopt.routes.build import LINEAR, Built, RouteName, core_account, linear_route, route_index, target_exposure
from hedgeopt.routes.calls import CallsRoute, RouteLeverage, calls_route
from hedgeopt.routes.costs import RouteCost, route_cost
from hedgeopt.routes.risk import Buffer, Trigger, Worst, buffer, trigger, up_set, upside, worst_case
from pricing import HedgeoptError, InputError
from scenarios import ScenarioSet

LEVERAGE_SEARCH_CAP = 10.0
"""The leverage cap the route search allows: the loss cap, the margin and the buffer bind, not ``[risk]``'s 1.3×."""


@dataclass(frozen=True)
class Unavailable:
    """Why a route is left out: an English sentence, and what it rests on.

    ``error``: the input error of a route the account cannot take (D without the cash and MMF); ``limit`` and
    ``fields``: route C's diagnosis (``"participation"``, ``"budget"`` or ``"worst case"`` and its figures).
    """

    reason: str
    error: InputError | None = None
    limit: str | None = None
    fields: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """For JSON: the sentence, the limit and its figures."""
        return {"reason": self.reason, "limit": self.limit, **({"diagnosis": self.fields} if self.fields else {})}


@dataclass(frozen=True)
class RouteFigures:
    """One route, every figure (base currency unless named; losses positive fractions of NAV).

    Attributes
    ----------
    built : Built
        The route's account, exposure, opening costs, contracts (and route C's options with their costs).
    cost : dict of str to RouteCost
        Yearly cost by regime name (``"base"``: today's rates).
    worst : dict of str to Worst
        Worst case by regime name, on the config's scenario set with the regime's rates over it.
    buffer : Buffer
    trigger : Trigger
    upside : list of dict
        At each ``[routes] up``: ``move``, ``gain`` (base currency) and ``share`` of the exposure's own gain.
    leverage : RouteLeverage or None
        None when even no exposure breaks the cap.
    calls : CallsRoute or None
        Route C's optimizer answer (participation, premium, verification).
    """

    built: Built
    cost: dict[str, RouteCost]
    worst: dict[str, Worst]
    buffer: Buffer
    trigger: Trigger
    upside: list[dict[str, float]]
    leverage: RouteLeverage | None
    calls: CallsRoute | None = None

    @property
    def route(self) -> RouteName:
        """Which route."""
        return self.built.route

    def as_dict(self) -> dict[str, object]:
        """Every figure (for JSON)."""
        b = self.built
        return {"route": b.route.value, "letter": b.route.letter, "holds": _holdings(b), "exposure": b.exposure,
                "opening": b.opening,
                "fx_conversion": b.fx_conversion, "contracts": b.contracts,
                "cost": {k: v.as_dict() for k, v in self.cost.items()},
                "worst": {k: v.as_dict() for k, v in self.worst.items()}, "buffer": self.buffer.as_dict(),
                "trigger": self.trigger.as_dict(), "upside": self.upside,
                "leverage": None if self.leverage is None else self.leverage.as_dict(),
                "calls": None if self.calls is None else self.calls.as_dict()}


def _holdings(built: Built) -> list[dict[str, object]]:
    """What the route holds on its index, for JSON: the ETF and its loan, the futures, the options."""
    out: list[dict[str, object]] = []
    for pos in built.account.satellite:
        if isinstance(pos, MarginPosition):
            out.append({"kind": "margin ETF", "index": pos.index, "value": pos.value,
                        "value_currency": pos.value_currency, "loan_rate": pos.loan_rate,
                        "loan_currency": pos.loan_currency, "maintenance_ratio": pos.maintenance_ratio})
        elif isinstance(pos, EtfPosition):
            out.append({"kind": "ETF", "index": pos.index, "value": pos.value, "value_currency": pos.value_currency})
        elif isinstance(pos, FuturesPosition):
            out.append({"kind": "futures", "symbol": pos.symbol, "contracts": pos.contracts,
                        "initial_margin": pos.initial_margin})
    out += [{"kind": "option", "instrument": p.instrument.label, "contracts": p.contracts, "cost_per_contract": c}
            for p, c in built.options]
    return out


@dataclass(frozen=True)
class RouteComparison:
    """The routes side by side.

    Attributes
    ----------
    index : str
    index_currency : str
        The currency the index trades in (a margin loan's, unless the position names another).
    target : float
        The exposure asked, base currency.
    nav : float
    currency : str
        The base currency.
    cap : float
        ``[risk] cap``.
    regimes : tuple of RateRegime
        The regimes compared besides today's rates.
    currencies : tuple of str
        Whose short rates the regimes move.
    routes : list of RouteFigures
        In the order A, B, C, D, the routes the account can take.
    unavailable : dict of str to Unavailable
        Each route left out, and why.
    """

    index: str
    index_currency: str
    target: float
    nav: float
    currency: str
    cap: float
    regimes: tuple[RateRegime, ...]
    currencies: tuple[str, ...]
    routes: list[RouteFigures]
    unavailable: dict[str, Unavailable] = field(default_factory=dict)

    @property
    def regime_names(self) -> list[str]:
        """``"base"`` then each regime's name."""
        return [BASE, *(r.name for r in self.regimes)]

    def ranking(self, regime: str = BASE) -> list[RouteName]:
        """The routes from cheapest to dearest a year under ``regime``."""
        return [f.route for f in sorted(self.routes, key=lambda f: f.cost[regime].cost_year)]

    def safest(self, regime: str = BASE) -> list[RouteName]:
        """The routes from the smallest worst case to the largest under ``regime``."""
        return [f.route for f in sorted(self.routes, key=lambda f: f.worst[regime].loss)]

    def reordered(self) -> dict[str, list[RouteName]]:
        """Each regime whose cost ranking differs from today's, with its ranking."""
        today = self.ranking()
        return {name: self.ranking(name) for name in self.regime_names[1:] if self.ranking(name) != today}

    def table(self, regime: str = BASE) -> pd.DataFrame:
        """One row per route under ``regime``: the figures of the terminal table, base currency and fractions."""
        rows = []
        for f in self.routes:
            cost, worst = f.cost[regime], f.worst[regime]
            row = {"route": f.route.value, "letter": f.route.letter, "exposure": f.built.exposure,
                   "contracts": f.built.contracts, "cost_year": cost.cost_year, "funding": cost.funding,
                   "dividends": cost.dividends, "trading": cost.trading, "decay": cost.decay,
                   "opening": f.built.opening, "tied_up": f.buffer.tied_up, "buffer_share": f.buffer.share,
                   "buffer_kept": f.buffer.kept, "worst_case": worst.loss, "worst_scenario": worst.scenario,
                   "margin_call": worst.margin_call, "trigger_fall": f.trigger.fall,
                   "max_leverage": None if f.leverage is None else f.leverage.leverage}
            row.update({f"up_{u['move']:g}": u["gain"] for u in f.upside})
            rows.append(row)
        return pd.DataFrame(rows).set_index("route")

    def as_dict(self) -> dict[str, object]:
        """Every figure (for JSON)."""
        return {"index": self.index, "index_currency": self.index_currency, "target": self.target, "nav": self.nav,
                "currency": self.currency,
                "cap": self.cap, "regimes": [dict(name=r.name, change=r.change, path=r.path.value, days=r.days,
                                                  equity=r.equity) for r in self.regimes],
                "currencies": list(self.currencies), "routes": [f.as_dict() for f in self.routes],
                "ranking": {name: [r.value for r in self.ranking(name)] for name in self.regime_names},
                "safest": {name: [r.value for r in self.safest(name)] for name in self.regime_names},
                "unavailable": {k: v.as_dict() for k, v in self.unavailable.items()}}


def _leverage(config: Config, scenarios: ScenarioSet, route: RouteName, index: str) -> RouteLeverage | None:
    """The loss cap's largest exposure on a linear route (None: even none breaks the cap)."""
    try:
        result = max_leverage(config.account, config.market, scenarios, route=LINEAR[route], index=index,
                              cap=config.risk.cap, leverage_cap=LEVERAGE_SEARCH_CAP,
                              buffer_multiple=config.risk.futures_buffer)
    except HedgeoptError:
        return None
    return RouteLeverage(result.exposure, result.leverage, result.leverage_step, result.limit)


def _tied_up(built: Built, config: Config, index: str) -> float:
    """What the route ties up (see :class:`~hedgeopt.routes.risk.Buffer`), base currency."""
    account, market = built.account, config.market
    if built.route is RouteName.MARGIN:
        pos = next(p for p in account.satellite if p.route is Route.MARGIN and p.index == index)
        return pos.maintenance_ratio * built.exposure
    if built.route is RouteName.FUTURES:
        return account.futures_initial_margin(market)
    if built.route is RouteName.CALLS:
        return sum(q.contracts * cost for q, cost in built.options)
    return built.exposure


@dataclass(frozen=True)
class _Sets:
    """What every route is judged on, built once: the config's set, each regime's over it, the up moves."""

    scenarios: ScenarioSet
    regimes: dict[str, tuple[RateRegime, tuple[str, ...], ScenarioSet]]
    ups: ScenarioSet


def _sets(config: Config, index: str) -> _Sets:
    scenarios = config.scenario_set()
    regimes = {}
    for regime in config.routes.regimes:
        currencies = regime.moved(config.account, config.market, index)
        moved = regime.over(scenarios, currencies)
        if regime.equity:
            moved = moved + regime.year(currencies, index)
        regimes[regime.name] = (regime, currencies, moved)
    return _Sets(scenarios, regimes, up_set(config, index, config.routes.up))


def _figures(built: Built, core: Account, config: Config, sets: _Sets, index: str, target: float,
             leverage: RouteLeverage | None, calls: CallsRoute | None = None) -> RouteFigures:
    nav = config.account.nav(config.market)
    cost = {BASE: route_cost(built, core, config, None, ())}
    worst = {BASE: worst_case(built, config, sets.scenarios, nav)}
    for name, (regime, currencies, moved) in sets.regimes.items():
        cost[name] = route_cost(built, core, config, regime, currencies)
        worst[name] = worst_case(built, config, moved, nav)
    ups = sets.ups
    return RouteFigures(built, cost, worst, buffer(built, config, _tied_up(built, config, index)),
                        trigger(built, config, index),
                        upside(built, core, config, ups, config.routes.up, target), leverage, calls)


def compare_routes(config: Config, *, exposure: float | None = None, leverage: float | None = None,
                   progress: Callable[[str], None] | None = None) -> RouteComparison:
    """The four routes to the same index exposure on ``config``'s account, today and under ``[routes]``'s regimes.

    Parameters
    ----------
    config : Config
    exposure : float, optional
        The index exposure, base currency; default ``[routes]`` (:func:`~hedgeopt.routes.build.target_exposure`).
    leverage : float, optional
        Instead of ``exposure``: gross / NAV the levered routes reach ((leverage − 1) × NAV on the index).
    progress : callable, optional
        Called with each route's name as it starts.

    Examples
    --------
    >>> from hedgeopt.config.config import load_config
    >>> c = compare_routes(load_config("examples/seed_10m.toml"))  # doctest: +SKIP
    >>> [r.value for r in c.ranking()]  # doctest: +SKIP
    ['cash', 'futures', 'margin', 'calls']
    """
    index = route_index(config)
    target = target_exposure(config, index, exposure, leverage)
    core = core_account(config, index)
    sets = _sets(config, index)  # built once: every route is judged on them
    regimes = config.routes.regimes
    currencies = tuple(sorted({c for r in regimes for c in r.moved(config.account, config.market, index)}))
    figures, unavailable = [], {}
    for route in RouteName:
        if progress is not None:
            progress(route.value)
        try:
            if route is RouteName.CALLS:
                answer = calls_route(config, sets.scenarios, core, index, target)
                if answer.built is None:
                    unavailable[route.value] = Unavailable(answer.reason, None, answer.answer.diagnosis.get("limit"),
                                                           answer.answer.diagnosis)
                    continue
                figures.append(_figures(answer.built, core, config, sets, index, target, answer.leverage, answer))
                continue
            built = linear_route(config, route, index, target)
        except InputError as error:
            unavailable[route.value] = Unavailable(str(error), error)
            continue
        figures.append(_figures(built, core, config, sets, index, target,
                                _leverage(config, sets.scenarios, route, index)))
    return RouteComparison(index, config.market.index_currency[index], target, config.account.nav(config.market),
                           config.account.base_currency,
                           config.risk.cap, regimes, currencies, figures, unavailable)

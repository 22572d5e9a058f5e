"""From a config to the optimizer's answers: the one call behind each hedging command.

Every function reads the config's ``[risk]`` and ``[hedge]`` sections, lets the caller override them (as the
command line's flags do), and returns the library's result object; nothing here prints.
Hedging is judged on :meth:`~hedgeopt.config.config.Config.scenario_set`, the one set every command reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pandas as pd

from hedgeopt.account.holdings import FxHedgePosition, OptionPosition
from hedgeopt.account.pnl import account_pnl
from hedgeopt.config.config import Config, Prebuilt
from hedgeopt.config.limits import check_frontier
from hedgeopt.config.risk_spec import CVaRCap
from hedgeopt.config.tax_spec import TaxSettings
from hedgeopt.optimizer.candidates import Candidates
from hedgeopt.optimizer.comparison import FAMILIES, FX_FAMILIES, Comparison, compare, frontier
from hedgeopt.optimizer.leverage import HedgeMode, LeverageResult, max_leverage
from hedgeopt.optimizer.problem import HedgeProblem
from hedgeopt.optimizer.result import HedgeResult
from hedgeopt.optimizer.solve import solve_hedge
from hedgeopt.optimizer.standing_put import StandingPutResult, standing_put
from pricing import InputError
from pricing.fx.instruments import FxHedge
from scenarios import ScenarioSet


def candidates(config: Config) -> Candidates:
    """The ``[hedge]`` candidates, priced, with expiries that outlive the config horizon.

    The index options of ``[hedge]`` and, for a yen account, the yen hedges of ``[hedge.fx]``: one problem.
    Those of ``config.prebuilt`` when it serves the config (built once for many accounts: :func:`prebuilt`).
    """
    if (built := config.shared()) is not None:
        return built.candidates
    spec, fx = config.hedge.candidates, config.hedge.fx
    days = config.scenarios.horizon_days
    return Candidates([*spec.instruments(config.market, days), *fx.candidates(config.market, days)], config.market,
                      spec.commission, horizon_days=fx.carry_days)


def prebuilt(config: Config) -> Config:
    """``config`` with its scenario set and candidates built once, to be shared by accounts of the same context.

    Any config with the same market, ``[scenarios]`` and ``[hedge]`` sections reuses them through
    ``replace(other, prebuilt=result.prebuilt)`` (:class:`~hedgeopt.config.config.Prebuilt`).
    """
    return replace(config, prebuilt=Prebuilt(config.market, config.scenarios, config.hedge, config.scenario_set(),
                                             candidates(config)))


def tax_settings(config: Config) -> TaxSettings | None:
    """``[tax]`` with its year set when the Japanese model applies (a yen account), else None."""
    tax = config.tax
    if not tax.applies or config.account.base_currency != "JPY":
        return None
    return tax if tax.year is not None else tax.for_year(config.market.valuation_date)


def _taxed(config: Config, key: str, given: bool | None) -> bool:
    """``given`` or ``[hedge] <key>`` (``after_tax``, ``cap_after_tax``); an error without the Japanese tax model."""
    wanted = getattr(config.hedge, key) if given is None else given
    if wanted and tax_settings(config) is None:
        raise InputError(f"hedge.{key}", True, "false unless [tax] regime = \"japan\" on a yen account",
                         hint="after tax needs the Japanese tax model")
    return wanted


def hedge_problem(
    config: Config, *, cap: float | None = None, cvar: CVaRCap | None = None, integer: bool | None = None,
    budget: float | None = None, after_tax: bool | None = None, cap_after_tax: bool | None = None,
    scenarios: ScenarioSet | None = None,
) -> HedgeProblem:
    """The cheapest-hedge problem of ``config``, with any of cap, CVaR, integer lots and budget overridden.

    Parameters
    ----------
    config : Config
    cap : float, optional
        Worst-case loss cap, positive fraction of NAV; None: ``[risk] cap``.
    cvar : CVaRCap, optional
        CVaR cap; None: ``[risk] cvar`` (itself None for no CVaR cap).
    integer : bool, optional
        Whole contracts; None: ``[hedge] integer``.
    budget : float, optional
        Most premium, base currency; None: ``[hedge] budget`` (itself None for no budget).
    after_tax : bool, optional
        Minimise the after-tax cost; None: ``[hedge] after_tax``. With ``[tax]`` of a Japanese resident the hedge
        is re-checked after tax either way.
    cap_after_tax : bool, optional
        Hold the worst-case cap after tax as well; None: ``[hedge] cap_after_tax``.
    scenarios : ScenarioSet, optional
        The scenarios instead of :meth:`Config.scenario_set` (``hedgeopt.shards`` passes the in-memory part).
    """
    return HedgeProblem(
        config.account, config.market, config.scenario_set() if scenarios is None else scenarios, candidates(config),
        cap=config.risk.cap if cap is None else cap, cvar=config.risk.cvar if cvar is None else cvar,
        budget=config.hedge.budget if budget is None else budget, max_contracts=config.hedge.max_contracts,
        integer=config.hedge.integer if integer is None else integer,
        fx_notional_limit=config.hedge.fx.notional_limit(config.account, config.market),
        tax=tax_settings(config), after_tax=_taxed(config, "after_tax", after_tax),
        cap_after_tax=_taxed(config, "cap_after_tax", cap_after_tax),
    )


def hedge(
    config: Config, *, cap: float | None = None, cvar: CVaRCap | None = None, integer: bool | None = None,
    budget: float | None = None, after_tax: bool | None = None, cap_after_tax: bool | None = None,
) -> HedgeResult:
    """The cheapest hedge under the config's limits, verified on every hedge scenario.

    The overrides are those of :func:`hedge_problem`. An unreachable cap is an answer, not an error: the
    result's ``status`` is ``"infeasible"`` and its ``diagnosis`` names the smallest reachable cap.

    Examples
    --------
    >>> from hedgeopt.config.config import load_config
    >>> result = hedge(load_config("examples/seed_10m.toml"), cap=0.12)  # doctest: +SKIP
    >>> result.worst_case_after <= 0.12  # doctest: +SKIP
    True
    """
    return solve_hedge(hedge_problem(config, cap=cap, cvar=cvar, integer=integer, budget=budget,
                                     after_tax=after_tax, cap_after_tax=cap_after_tax))


def with_hedge(config: Config, hedge: HedgeResult) -> Config:
    """``config`` with the hedge's positions added to the account.

    Options become :class:`OptionPosition` (whole contracts, rounded to the nearest); linear yen hedges become
    :class:`FxHedgePosition` in ``Account.fx_hedges`` — whole lots rounded to the nearest where the contract
    trades whole lots, a bank forward's fractional units kept as they are.
    """
    options, yen = [], []
    for p in hedge.positions:
        if isinstance(p.instrument, FxHedge):
            lots = p.quantity if not p.instrument.spec.whole else round(p.quantity)
            if lots > 0:
                yen.append(FxHedgePosition(p.instrument, lots))
        elif round(p.quantity) > 0:
            options.append(OptionPosition(p.instrument, int(round(p.quantity))))
    account = config.account
    return replace(config, account=replace(account, satellite=(*account.satellite, *options),
                                           fx_hedges=(*account.fx_hedges, *yen)))


def standing_put_for(
    config: Config, *, yearly_budget: float | None = None, cap: float | None = None,
    progress: Callable[[], None] | None = None,
) -> StandingPutResult:
    """The standing put: for a yearly budget (given, or ``[hedge] yearly_budget``), else for the cap."""
    budget = yearly_budget if yearly_budget is not None else (None if cap is not None else config.hedge.yearly_budget)
    target_cap = None if budget is not None else (cap if cap is not None else config.risk.cap)
    return standing_put(config.account, config.market, config.scenario_set(), config.hedge.candidates,
                        yearly_budget=budget, cap=target_cap, cvar=config.risk.cvar,
                        integer=config.hedge.integer, max_contracts=config.hedge.max_contracts, progress=progress,
                        tax=tax_settings(config))


def standing_put_lines(config: Config) -> int:
    """How many (strike, tenor) put lines :func:`standing_put_for` solves (for a progress bar)."""
    puts = replace(config.hedge.candidates, puts=True, spreads=False)
    return len(puts.instruments(config.market, config.scenarios.horizon_days))


def compare_for(config: Config, *, cap: float | None = None) -> Comparison:
    """Puts only, spreads only, the mix, and yen hedges alone and joint, for the same cap (and ``[risk] cvar``).

    With ``[tax]`` each family's hedge is re-checked after tax; ``[hedge] after_tax`` picks each by its after-tax
    cost and ``[hedge] cap_after_tax`` holds the cap after tax too.
    """
    return compare(config.account, config.market, config.scenario_set(), config.hedge.candidates,
                   cap=config.risk.cap if cap is None else cap, integer=config.hedge.integer,
                   budget=config.hedge.budget, max_contracts=config.hedge.max_contracts, cvar=config.risk.cvar,
                   fx=config.hedge.fx, tax=tax_settings(config), after_tax=_taxed(config, "after_tax", None),
                   cap_after_tax=_taxed(config, "cap_after_tax", None))


def frontier_families(config: Config) -> tuple[str, ...]:
    """The families ``frontier`` solves for ``config``: the index ones, and yen-only and joint when yen hedges apply."""
    return FAMILIES + (FX_FAMILIES if config.hedge.fx.candidates(config.market) else ())


def frontier_for(
    config: Config, *, caps: tuple[float, ...] | None = None, integer: bool = False,
    progress: Callable[[], None] | None = None,
) -> pd.DataFrame:
    """The cost-versus-cap frontier of each family (continuous by default: the shape of the trade-off).

    The ``[risk] cvar`` cap, if set, is held at every point; the frontier moves the worst-case cap. More than
    :data:`~hedgeopt.config.limits.MAX_FRONTIER_SOLVES` solves (caps x families) raise ``ResourceLimitError``.
    """
    caps = caps or config.hedge.frontier_caps
    check_frontier(len(caps), len(frontier_families(config)))
    return frontier(config.account, config.market, config.scenario_set(), config.hedge.candidates,
                    caps=caps, integer=integer, budget=config.hedge.budget,
                    max_contracts=config.hedge.max_contracts, progress=progress, cvar=config.risk.cvar,
                    fx=config.hedge.fx)


def max_leverage_for(
    config: Config, *, route: str | None = None, hedge_mode: str = "none", cap: float | None = None,
) -> LeverageResult:
    """The largest leverage under the cap on ``route`` (default: the account's first levered route)."""
    if route is None:
        routes = [p.route.value for p in config.account.satellite if p.route.value in ("margin", "futures", "cash")]
        route = routes[0] if routes else "margin"
    template = next((p for p in config.account.satellite if p.route.value == route), None)
    index = getattr(template, "index", "SPX")
    mode = HedgeMode(hedge_mode)
    return max_leverage(
        config.account, config.market, config.scenario_set(), route=route, index=index,
        cap=config.risk.cap if cap is None else cap, leverage_cap=config.risk.leverage_cap, hedge=mode,
        candidates=candidates(config) if mode is HedgeMode.JOINT else None, budget=config.hedge.budget,
        buffer_multiple=config.risk.futures_buffer, integer=config.hedge.integer,
        fx_notional_limit=config.hedge.fx.notional_limit(config.account, config.market),
    )


def pnl_matrix(config: Config) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The P&L matrix anyone can re-solve, and the candidates' prices.

    Returns
    -------
    matrix : pandas.DataFrame
        One row per hedge scenario: ``label``, ``base`` (unhedged account P&L, base currency), then one column
        per candidate: its payoff per contract (value at the horizon less cost), base currency.
    prices : pandas.DataFrame
        One row per candidate, per contract (or lot) in base currency: ``instrument``, ``cost`` (what the
        optimizer counts: ``quoted + commission + carry``), ``model_value`` (today's model value), ``quoted`` (at
        the quotes: long legs at the ask, short legs at the bid; a yen hedge's half-spread), ``commission``
        (every leg), ``carry`` (a linear yen hedge's carry over ``[hedge.fx] carry_days``, else 0) and
        ``cost_basis`` (``premium`` or ``carry``). A payoff is value at the horizon less ``quoted + commission``.
    """
    scenarios = config.scenario_set()
    cands = candidates(config)
    matrix = pd.DataFrame({"label": scenarios.labels,
                           "base": account_pnl(config.account, config.market, scenarios)["pnl"].to_numpy()})
    payoff = cands.payoff(scenarios)
    matrix = pd.concat([matrix, pd.DataFrame(payoff, columns=cands.labels)], axis=1)
    prices = pd.DataFrame({"instrument": cands.labels, "cost": cands.cost, "model_value": cands.model_value,
                           "quoted": cands.premium, "commission": cands.commission_cost, "carry": cands.carry,
                           "cost_basis": cands.cost_basis})
    return matrix, prices

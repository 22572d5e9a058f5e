"""From a config to answers over time.

The backtest on S&P 500 history, Monte Carlo simulation, the side-by-side table of variants on the same paths,
and the largest leverage that survives the paths.

Every function here is config → library glue; the numbers come from :func:`hedgeopt.paths.engine.simulate`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import EtfPosition, FuturesPosition, MarginPosition, Route
from hedgeopt.account.routes import with_exposure
from hedgeopt.config.config import Config
from hedgeopt.config.limits import check_path_days
from hedgeopt.config.path_settings import CallKind, HedgeKind, RolledCalls, RolledFxHedge
from hedgeopt.paths.engine import Row, Simulator
from hedgeopt.paths.fx_steps import held_fx_hedge
from hedgeopt.paths.metrics import cagr
from hedgeopt.paths.result import PathRun, summarise
from pricing import InputError, contract
from pricing._typing import FloatArray
from scenarios.paths.csv_file import load_paths
from scenarios.paths.history import sp500_history
from scenarios.paths.market_paths import MarketPaths
from scenarios.paths.monte_carlo import PATH_BLOCK, monte_carlo_paths
from scenarios.paths.stylised import stylised_path

Progress = Callable[[int], None]


def history_paths(config: Config, start: str | None = None, end: str | None = None, fx: str = "beta"
                  ) -> MarketPaths:
    """The S&P 500 1999–2018 history (``arch``) between ``start`` and ``end`` (ISO dates), with its proxies.

    Raises
    ------
    InputError
        The account or the standing hedge is on another index (no other history ships offline), or the window
        holds fewer than two trading dates of 1999-01-04 to 2018-12-31.
    """
    hedge = config.paths.hedge
    held = set(config.account.exposures(config.market))
    if hedge.kind is not HedgeKind.NONE:
        held.add(contract(hedge.symbol).underlying)
    others = sorted(held - {"SPX"})
    if others:
        raise InputError("account", ", ".join(others), "an account and standing hedge on the S&P 500 only: the "
                         "shipped history has no other index", hint="backtest --csv on your own history of it, or "
                         "hedgeopt simulate (Monte Carlo paths, or --stylised NAME)")
    return sp500_history(config.market, start=start, end=end, fx=fx)


def csv_paths(config: Config, path: str, start: str | None = None, end: str | None = None) -> MarketPaths:
    """The user's own daily history from a CSV file (:func:`scenarios.paths.csv_file.load_paths`), with its proxies."""
    return load_paths(path, config.market, start=start, end=end)


def simulated_paths(config: Config, n_paths: int | None = None, n_days: int | None = None,
                    seed: int | None = None, *, blocks: range | None = None, block_size: int = PATH_BLOCK
                    ) -> MarketPaths:
    """Monte Carlo paths of the config's indices (and the MMF's currency) from the scenario engine's model.

    The spot-vol response comes from ``[scenarios.factor_model]``; ``dist``, ``dof``, ``vols`` and ``corr`` from
    ``[scenarios.monte_carlo]`` when given there, so the one-period draws and the paths share their model.
    ``blocks`` and ``block_size``: only those blocks of the set
    (:func:`~scenarios.paths.monte_carlo.monte_carlo_paths`), as :mod:`hedgeopt.shards` draws them on its workers.

    Raises
    ------
    ResourceLimitError
        The paths held at once (all of them, or the blocks asked for) would not fit the memory limit
        (:func:`hedgeopt.config.limits.check_path_days`).
    """
    spec = config.paths
    n_paths = spec.n_paths if n_paths is None else n_paths
    n_days = spec.n_days if n_days is None else n_days
    held = n_paths if blocks is None else min(n_paths, len(blocks) * block_size)
    check_path_days(held, n_days, "a path set" if blocks is None else "a shard of paths")
    hedged = {contract(spec.hedge.symbol).underlying} if spec.hedge.kind is not HedgeKind.NONE else set()
    indices = sorted(set(config.account.exposures(config.market)) | hedged or {"SPX"})
    model = config.scenarios.model
    shared = {k: v for k, v in (config.scenarios.monte_carlo or {}).items() if k in ("dist", "dof", "vols", "corr")}
    return monte_carlo_paths(config.market, n_paths, n_days, seed=spec.seed if seed is None else seed,
                             indices=indices, currency=config.scenarios.currency, vol_response=model.vol_response,
                             variance_premium=spec.variance_premium, blocks=blocks, block_size=block_size, **shared)


def stylised_paths(config: Config, name: str) -> MarketPaths:
    """One of the named stylised paths (``crash_1987``, ``slow_bleed_2008``, ``v_2020``) from the config's market."""
    return stylised_path(name, config.market)


def fx_hedge_of(config: Config) -> RolledFxHedge | None:
    """The FX hedge the paths run: ``[paths.fx_hedge]``, else the yen hedges the account holds, rolled; None: none."""
    return config.paths.fx_hedge or held_fx_hedge(config.account, config.market)


def main_route(config: Config) -> tuple[Route | None, str | None]:
    """The route and index of the account's largest satellite exposure (None, None without one)."""
    best, size = (None, None), 0.0
    for pos in config.account.satellite:
        if isinstance(pos, EtfPosition | MarginPosition | FuturesPosition):
            exposure = abs(config.account.index_exposure(config.market, pos)[pos.index])
            if exposure > size:
                best, size = (pos.route, pos.index), exposure
    return best


@dataclass(frozen=True)
class Variant:
    """One way to run the account: a name, rules on or off, a hedge kind, a route (None: as configured), FX hedge.

    ``fx_hedge`` False runs without the FX hedge (:func:`fx_hedge_of`: ``[paths.fx_hedge]`` or the yen hedges
    held): the unhedged dollars. Route ``"options"`` is route C: the satellite's exposure held through
    ``[paths.calls]`` rolled calls (``calls`` "call") or call spreads ("spread"; None: ``[paths.calls] kind``),
    without the standing put and without the rules (:func:`variant_row`).
    """

    name: str
    rules: bool = True
    hedge: HedgeKind | None = None
    route: Route | None = None
    fx_hedge: bool = True
    calls: CallKind | None = None


def standard_variants(config: Config) -> list[Variant]:
    """As configured, then one change at a time.

    No FX hedge (when one runs: :func:`fx_hedge_of`); rules off/on; no hedge, put, spread; cash, margin, futures;
    route C's calls and call spreads (``[paths.calls]``) when the account holds a cash, margin or futures satellite.
    """
    configured = config.paths.hedge.kind
    rows = [Variant("as configured", rules=config.rules.active)]
    if fx_hedge_of(config) is not None:
        rows.append(Variant("fx hedge: none", rules=config.rules.active, fx_hedge=False))
    rows.append(Variant("no rules", rules=False) if config.rules.active else Variant("with rules", rules=True))
    rows += [Variant(f"hedge: {k.value}", rules=config.rules.active, hedge=k) for k in HedgeKind if k != configured]
    route, _ = main_route(config)
    rows += [Variant(f"route: {r.value}", rules=config.rules.active, route=r)
             for r in (Route.CASH, Route.MARGIN, Route.FUTURES) if route is not None and r != route]
    if route is not None:
        rows += [Variant(f"route: {name}", rules=False, route=Route.OPTIONS, calls=kind)
                 for name, kind in (("calls", CallKind.CALL), ("call spread", CallKind.SPREAD))]
    return rows


def variant_row(config: Config, variant: Variant) -> Row:
    """The config's account, rules, standing hedge and FX hedge as ``variant`` says: one row of a simulator.

    Route ``"options"`` (route C): the satellite's index exposure is sold back into cash and held instead through
    ``[paths.calls]`` (its kind replaced by ``variant.calls`` if given) sized to that exposure
    (:class:`~hedgeopt.config.path_settings.RolledCalls` ``exposure``); the row runs no standing put and no rules:
    the loss is fixed in advance (the premium), and the rules do not trade the calls.

    Raises
    ------
    InputError
        A route the account cannot take (no satellite position; the cash route with less cash and MMF than the
        exposure; calls on another index than the satellite's).
    """
    account = config.account
    fx_hedge = fx_hedge_of(config) if variant.fx_hedge else None
    if not variant.fx_hedge:
        account = replace(account, fx_hedges=())  # the held yen hedges too
    if variant.route is Route.OPTIONS:
        return _calls_row(config, account, variant, fx_hedge)
    if variant.route is not None:
        route, index = main_route(config)
        if route is None:
            raise InputError("route", variant.route.value, "an account with a cash, margin or futures position")
        exposure = config.account.exposures(config.market)[index]
        account = with_exposure(account, config.market, variant.route, index, exposure)
    hedge = config.paths.hedge if variant.hedge is None else replace(config.paths.hedge, kind=variant.hedge)
    return Row(account, config.rules if variant.rules else None, hedge, fx_hedge)


def _calls_row(config: Config, account: Account, variant: Variant, fx_hedge: RolledFxHedge | None) -> Row:
    """Route C's row (:func:`variant_row`): the satellite's exposure sold into cash and held through the calls."""
    route, index = main_route(config)
    if route is None:
        raise InputError("route", Route.OPTIONS.value, "an account with a cash, margin or futures position")
    calls = config.paths.calls
    if contract(calls.symbol).underlying != index:
        raise InputError("paths.calls.symbol", calls.symbol, f"an option on {index}, the index the satellite holds")
    exposure = config.account.exposures(config.market)[index]
    calls = replace(calls, kind=variant.calls or calls.kind, exposure=exposure)
    return Row(with_exposure(account, config.market, route, index, 0.0), None, calls, fx_hedge)


def run_variant(config: Config, paths: MarketPaths, variant: Variant = Variant("as configured"),
                progress: Progress | None = None) -> PathRun:
    """Run the config's account through ``paths`` as ``variant`` says (a simulator of its own)."""
    return Simulator.of_rows(config.market, paths, [variant_row(config, variant)], config.paths.frictions
                             ).run(progress)


SUMMARY_COLUMNS = ["cagr", "vol", "sharpe", "max_drawdown", "max_drawdown_p05", "end_drawdown", "worst_drawdown",
                   "worst_end_drawdown", "beyond_cap", "p_breach_end", "calmar", "p_breach",
                   "shortfall_days", "liquidations", "p_liquidation", "p_ruin", "survival_days", "events",
                   "total_costs", "cost_funding", "cost_premiums", "cost_commissions", "cost_fx_conversion",
                   "cost_roll", "cost_fx_spread", "cost_fx_carry", "cost_fx_commission", "fx_costs", "final_nav"]
"""Columns of the side-by-side table: medians across paths, ``_p05`` the 5% quantile, ``p_`` shares of paths,
``worst_`` the worst over the paths, ``beyond_cap`` 1.0 when any path's drawdown went beyond ``[risk] cap``
(:meth:`PathRun.cap_check`), ``events`` the rule triggers per path (option rolls left out), ``fx_costs`` the
FX hedge's spread, carry and commission together (medians of each, summed)."""


def summary_row(run: PathRun, cap: float) -> dict[str, float]:
    """The side-by-side figures of one run (see :data:`SUMMARY_COLUMNS`)."""
    return figures_row(run.metrics(), run.paths.n_days, rule_trades(run), cap)


def rule_trades(run: PathRun) -> int:
    """How many rule triggers the run logged over all its paths (option rolls left out)."""
    return int((run.events.event != "roll").sum())


def figures_row(metrics: pd.DataFrame, n_days: int, trades: int, cap: float) -> dict[str, float]:
    """The side-by-side figures (:data:`SUMMARY_COLUMNS`) from per-path figures and the count of rule triggers.

    ``metrics`` is :meth:`PathRun.metrics` (one row per path), or those of runs on parts of one path set end to end
    with ``trades`` summed over them (:mod:`hedgeopt.shards`): the row of one run on the whole set.
    """
    s = summarise(metrics, n_days, cap)
    costs = [k for k in s if k.startswith("cost_") and not k.endswith("_p05")]
    s["total_costs"] = float(sum(s[k] for k in costs))
    s["fx_costs"] = float(sum(s[f"cost_fx_{k}"] for k in ("spread", "carry", "commission")))
    s["events"] = float(trades) / len(metrics)
    s.setdefault("max_drawdown_p05", s["max_drawdown"])
    return {k: s[k] for k in SUMMARY_COLUMNS}


def variant_rows(config: Config, variants: Sequence[Variant] | None = None
                 ) -> tuple[dict[str, Row], dict[str, str]]:
    """The rows of the variants the account can take, by name, and the reason each other one is left out.

    ``variants`` None: :func:`standard_variants`. Only a route the account cannot take is left out; any other bad
    variant raises.
    """
    rows, skipped = {}, {}
    for v in variants or standard_variants(config):
        try:
            rows[v.name] = variant_row(config, v)
        except InputError as error:
            if v.route is None:
                raise
            skipped[v.name] = str(error)
    return rows, skipped


def side_by_side_table(rows: dict[str, dict[str, float]], skipped: dict[str, str], cap: float,
                       calls: RolledCalls | None = None) -> pd.DataFrame:
    """The side-by-side table of :func:`figures_row` rows by variant.

    Its ``attrs``: ``skipped``, ``cap`` and ``calls`` (the ``[paths.calls]`` program route C's rows run, their kind
    aside; None: not said).
    """
    table = pd.DataFrame(rows).T
    table.index.name = "variant"
    table.attrs["skipped"] = skipped
    table.attrs["cap"] = cap
    table.attrs["calls"] = calls
    return table


def side_by_side(config: Config, paths: MarketPaths, variants: Sequence[Variant] | None = None,
                 progress: Progress | None = None) -> tuple[pd.DataFrame, dict[str, PathRun]]:
    """Every variant on the same paths: one row each (figures of :func:`summary_row`), and the runs.

    The variants run together as the rows of one :class:`~hedgeopt.paths.engine.Simulator`
    (:meth:`~hedgeopt.paths.engine.Simulator.of_rows`); each run is exactly what :func:`run_variant` gives alone.

    A variant the account cannot take (the cash route with less cash and MMF than the exposure) is left out; the
    table's ``attrs["skipped"]`` maps its name to the reason. ``attrs["cap"]`` is the ``[risk] cap`` the drawdowns
    are held to; :func:`cap_breaches` lists the variants that went beyond it.
    """
    table, runs, _ = side_by_side_after_tax(config, paths, variants, progress, tax=False)
    return table, runs


def side_by_side_after_tax(config: Config, paths: MarketPaths, variants: Sequence[Variant] | None = None,
                           progress: Progress | None = None, tax: bool = True
                           ) -> tuple[pd.DataFrame, dict[str, PathRun], PathRun | None]:
    """:func:`side_by_side`, and the first variant (as configured) run once more paying its tax.

    With ``tax`` and ``config.tax.applies`` (a yen account under ``[tax]``), the first variant's row is repeated
    with the tax on, as one more row of the same simulator (:class:`~hedgeopt.paths.engine.Row` ``tax``): the
    pre-tax rows are exactly those of :func:`side_by_side`; the third item is that run, whose ``tax``
    (:class:`~hedgeopt.paths.aftertax.PathTax`) holds the yearly ledger and the after-tax NAV, CAGR and drawdown.
    None otherwise.
    """
    rows, skipped = variant_rows(config, variants)
    taxed = [replace(next(iter(rows.values())), tax=config.tax)] if tax and config.tax.applies else []
    sim = Simulator.of_rows(config.market, paths, [*rows.values(), *taxed], config.paths.frictions)
    step = None if progress is None else lambda t: [progress(t) for _ in rows]  # one tick per variant and day
    done = sim.runs(step)
    runs = dict(zip(rows, done[:len(rows)], strict=True))
    table = side_by_side_table({name: summary_row(run, config.risk.cap) for name, run in runs.items()}, skipped,
                               config.risk.cap, config.paths.calls)
    return table, runs, done[-1] if taxed else None


def after_tax_figures(pre: PathRun, post: PathRun) -> dict[str, float]:
    """The after-tax figures of ``post`` beside ``pre``'s (the same row pre-tax): medians across paths.

    ``cagr``, ``max_drawdown`` (after tax, as :mod:`hedgeopt.paths.aftertax.ledger` defines them) and
    ``cagr_pre``, ``max_drawdown_pre`` (the pre-tax run's), decimals; ``tax_paid`` (cash paid over the path) and
    ``tax_due`` (owed at the horizon, the liquidation's tax included), yen; with several paths ``_p05`` the 5%
    quantile of each after-tax figure.
    """
    tax = post.tax
    out = {"cagr": float(np.median(tax.cagr)), "max_drawdown": float(np.median(tax.max_drawdown)),
           "cagr_pre": float(np.median(cagr(pre.wealth, pre.paths.dates))),
           "max_drawdown_pre": float(np.median(pre.max_drawdown)),
           "tax_paid": float(np.median(tax.total_paid)), "tax_due": float(np.median(tax.due))}
    if pre.paths.n_paths > 1:
        out.update(cagr_p05=float(np.quantile(tax.cagr, 0.05)),
                   max_drawdown_p05=float(np.quantile(tax.max_drawdown, 0.05)))
    return out


def cap_breaches(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of a :func:`side_by_side` table whose drawdown went beyond its ``attrs["cap"]`` on some path.

    Columns ``worst_drawdown``, ``worst_end_drawdown`` (decimals), ``p_breach`` and ``p_breach_end`` (shares of
    paths); an empty frame when every variant stayed within the cap.
    """
    columns = ["worst_drawdown", "worst_end_drawdown", "p_breach", "p_breach_end"]
    return table.loc[table["beyond_cap"] > 0.0, columns]


def leverage_steps(step: float, most: float) -> FloatArray:
    """The leverages tried: 1 + step, 1 + 2 step, ... up to ``most``."""
    return np.round(np.arange(1.0 + step, most + 1e-9, step), 10)


@dataclass(frozen=True)
class PathLeverage:
    """The largest leverage, in steps, whose drawdown-cap breach probability stays under ``level``.

    Attributes
    ----------
    leverage, leverage_with_rules : float or None
        The answer without and with the rules (None: not even the first step passes).
    table : DataFrame
        One row per leverage tried: exposure, breach probability and forced liquidations, without and with rules.
    cap, level : float
        The drawdown cap (positive fraction of NAV) and the largest accepted breach probability.
    n_paths : int
    """

    leverage: float | None
    leverage_with_rules: float | None
    table: pd.DataFrame
    cap: float
    level: float
    n_paths: int


def max_leverage_paths(config: Config, paths: MarketPaths, *, level: float = 0.05, cap: float | None = None,
                       step: float | None = None, most: float = 2.0, progress: Progress | None = None
                       ) -> PathLeverage:
    """The largest leverage that keeps drawdown-cap breaches rare over the paths, with and without the rules.

    Leverage is gross / NAV in ``step``s; a step passes when P(max drawdown beyond ``cap``) <= ``level`` and no
    path is force-liquidated; the search stops at the first failure. The rules' leverage cap is set to each
    trial, so they trim drift back to it.

    Parameters
    ----------
    level : float, default 0.05
        Largest accepted share of paths breaching the cap.
    cap : float, optional
        Drawdown cap, positive fraction of NAV; default ``[risk] cap``.
    step : float, optional
        Leverage step; default ``[rules] leverage_step`` (0.1).
    most : float, default 2.0
        Highest leverage tried.
    """
    cap = config.risk.cap if cap is None else cap
    step = config.rules.leverage_step if step is None else step
    if not 0.0 < level < 1.0:
        raise InputError("level", level, "a probability in (0, 1), such as 0.05")
    route, index = main_route(config)
    if route is None or route is Route.CASH:
        raise InputError("route", route.value if route else None, "a margin or futures position to lever",
                         hint="the cash route holds no borrowed exposure: its leverage is 1.0x")
    nav = config.account.nav(config.market)
    rows = []
    for lev in leverage_steps(step, most):
        account = with_exposure(config.account, config.market, route, index, (lev - 1.0) * nav)
        trial = replace(config, account=account, rules=replace(config.rules, leverage_cap=max(lev, 1.0)))
        row = {"leverage": lev, "exposure": trial.account.exposures(config.market)[index]}
        for suffix, rules in (("", False), ("_rules", True)):
            run = run_variant(trial, paths, Variant("trial", rules=rules), progress)
            row[f"p_breach{suffix}"] = float(np.mean(run.max_drawdown < -cap))
            row[f"liquidations{suffix}"] = float(run.liquidations.sum())
        rows.append(row)
        if all(row[f"p_breach{k}"] > level or row[f"liquidations{k}"] > 0 for k in ("", "_rules")):
            break  # both fail: higher leverage only fails more
    table = pd.DataFrame(rows).set_index("leverage")

    def best(suffix: str) -> float | None:
        ok = (table[f"p_breach{suffix}"] <= level) & (table[f"liquidations{suffix}"] == 0)
        passing = table.index[ok.cumprod().astype(bool)]  # the first failure ends the search
        return float(passing[-1]) if len(passing) else None

    return PathLeverage(best(""), best("_rules"), table, cap, level, paths.n_paths)

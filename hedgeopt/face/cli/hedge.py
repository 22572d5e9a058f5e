"""Commands that optimise: ``hedge``, ``standing-put``, ``compare``, ``frontier`` and ``max-leverage``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from hedgeopt.face.cli.args import (
    caps_arg,
    config_arg,
    emit,
    engine_args,
    engine_of,
    fraction_arg,
    load,
    number_arg,
    whole_arg,
)

if TYPE_CHECKING:
    from hedgeopt.config.config import Config


def add_hedge(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt hedge``."""
    p = sub.add_parser("hedge", help="cheapest puts, put spreads and yen hedges under the worst-case (and CVaR) cap",
                       description="The cheapest mix of protective puts and put spreads (and, for a yen account, the "
                       "yen hedges of [hedge.fx]) that keeps the worst-case loss within the cap on every scenario, "
                       "in whole contracts by default; with yen hedges, what each sells or insures, its carry and "
                       "margin, and the MMF's yield net of the hedge. Exit code 1 when no hedge can (the diagnosis "
                       "says the smallest reachable cap).")
    config_arg(p)
    p.add_argument("--cap", type=fraction_arg, help="worst-case loss cap, fraction of NAV (default [risk] cap)")
    p.add_argument("--cvar", help="CVaR cap LEVEL:CAP, e.g. 0.95:0.15")
    lots = p.add_mutually_exclusive_group()
    lots.add_argument("--integer", dest="integer", action="store_true", default=None, help="whole contracts")
    lots.add_argument("--continuous", dest="integer", action="store_false", help="fractional contracts")
    p.add_argument("--budget", type=number_arg, help="most premium, base currency")
    basis = p.add_mutually_exclusive_group()
    basis.add_argument("--after-tax", dest="after_tax", action="store_true", default=None,
                       help="minimise the cost less the tax it saves this year in its income category ([tax])")
    basis.add_argument("--pre-tax", dest="after_tax", action="store_false", help="minimise the cost itself")
    p.add_argument("--cap-after-tax", action="store_true", default=None,
                   help="hold the worst-case cap after tax too (the tax of realising each scenario at its horizon)")
    engine_args(p)  # used when [scenarios.monte_carlo] runs in shards (more than 1,000,000 rows, or shard_rows)
    p.set_defaults(func=_cmd_hedge)


def _cmd_hedge(args: argparse.Namespace) -> int:
    from hedgeopt.config.risk_spec import CVaRCap
    from hedgeopt.face import render
    from hedgeopt.face.terminal import print_json, working
    from hedgeopt.face.yen import tables
    from hedgeopt.optimizer import hedging

    cvar = CVaRCap.parse(args.cvar) if args.cvar else None
    config = load(args)
    from hedgeopt.shards.sharded_set import is_sharded

    if is_sharded(config):
        return _hedge_sharded(args, config, cvar)
    with working(render.text("working_hedge"), quiet=args.json):
        result = hedging.hedge(config, cap=args.cap, cvar=cvar, integer=args.integer, budget=args.budget,
                               after_tax=args.after_tax, cap_after_tax=args.cap_after_tax)
    if args.json:
        print_json({**result.as_dict(), "yen_leg": tables.yen_json(config, result),
                    "market": render.market_json(config.market, config.snapshot)})
    else:
        render.market_note(config.market, config.snapshot)
        render.hedge_result(result)
        tables.yen_block(config, result)
    return 0 if result.optimal else 1


def _hedge_sharded(args: argparse.Namespace, config: Config, cvar: object) -> int:
    """``hedgeopt hedge`` with the Monte Carlo set drawn and checked in shards on the engine asked for."""
    from hedgeopt.cluster import open_client
    from hedgeopt.face import render
    from hedgeopt.face.terminal import print_json, working
    from hedgeopt.face.yen import tables
    from hedgeopt.shards.run import hedge_config

    with working(render.text("working_hedge"), quiet=args.json), open_client(engine_of(args)) as client:
        run = hedge_config(config, client, cap=args.cap, cvar=cvar, integer=args.integer, budget=args.budget,
                           after_tax=args.after_tax, cap_after_tax=args.cap_after_tax)
    result = run.result
    if args.json:
        sharded = {k: v for k, v in run.as_dict().items() if k != "hedge"}
        print_json({**result.as_dict(), "sharded": sharded, "yen_leg": tables.yen_json(config, result),
                    "market": render.market_json(config.market, config.snapshot)})
    else:
        render.market_note(config.market, config.snapshot)
        render.hedge_result(result)
        tables.yen_block(config, result)
        render.shard_run(run)
    return 0 if result.optimal else 1


def add_standing_put(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt standing-put``."""
    p = sub.add_parser("standing-put", help="strike, tenor and size of the always-held put, and its yearly cost",
                       description="The standing put (常備薬): for a yearly premium budget, the rolled put that "
                       "minimises the worst case; or for a cap, the one with the lowest yearly cost.")
    config_arg(p)
    target = p.add_mutually_exclusive_group()
    target.add_argument("--budget-per-year", type=number_arg, help="premium per year, base currency")
    target.add_argument("--cap", type=fraction_arg, help="worst-case loss cap, fraction of NAV")
    p.set_defaults(func=_cmd_standing_put)


def _cmd_standing_put(args: argparse.Namespace) -> int:
    from hedgeopt.face import render
    from hedgeopt.face.terminal import progress_bar
    from hedgeopt.optimizer import hedging

    config = load(args)
    lines = hedging.standing_put_lines(config)
    with progress_bar(lines, render.text("progress_standing_put"), quiet=args.json) as advance:
        result = hedging.standing_put_for(config, yearly_budget=args.budget_per_year, cap=args.cap,
                                          progress=advance)
    emit(args, result, lambda: render.standing_put_result(result, config.account.base_currency), config)
    return 0 if result.best is not None else 1


def add_compare(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt compare``."""
    p = sub.add_parser("compare", help="puts only vs put spreads only vs the mix (and yen hedges alone and joint, "
                       "for a yen account), for the same cap")
    config_arg(p)
    p.add_argument("--cap", type=fraction_arg, help="worst-case loss cap, fraction of NAV")
    p.set_defaults(func=_cmd_compare)


def _cmd_compare(args: argparse.Namespace) -> int:
    from hedgeopt.face import render
    from hedgeopt.face.terminal import working
    from hedgeopt.optimizer import hedging

    config = load(args)
    with working(render.text("working_compare"), quiet=args.json):
        result = hedging.compare_for(config, cap=args.cap)
    emit(args, result, lambda: render.comparison(result), config)
    return 0 if result.any_optimal else 1


def add_frontier(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt frontier``."""
    p = sub.add_parser("frontier", help="cost of the cheapest hedge against the cap, puts vs spreads vs mix (and yen "
                       "hedges alone and joint, for a yen account)")
    config_arg(p)
    p.add_argument("--caps", type=caps_arg, help="START:STOP:STEP, e.g. 0.05:0.40:0.01 (default [hedge])")
    p.add_argument("--integer", action="store_true", help="whole contracts (slower)")
    p.set_defaults(func=_cmd_frontier)


def _cmd_frontier(args: argparse.Namespace) -> int:
    from hedgeopt.face import render
    from hedgeopt.face.terminal import print_json, progress_bar
    from hedgeopt.optimizer import hedging

    config = load(args)
    caps = args.caps or config.hedge.frontier_caps
    with progress_bar(len(hedging.frontier_families(config)) * len(caps), render.text("progress_frontier"),
                      quiet=args.json) as advance:
        table_ = hedging.frontier_for(config, caps=caps, integer=args.integer, progress=advance)
    if args.json:
        print_json({"base_currency": config.account.base_currency, "points": table_.to_dict(orient="records"),
                    "market": render.market_json(config.market, config.snapshot)})
    else:
        render.market_note(config.market, config.snapshot)
        render.frontier_table(table_, config.account.base_currency, args.integer)
    return 0


def add_max_leverage(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt max-leverage``."""
    p = sub.add_parser("max-leverage", help="the largest leverage whose worst case stays within the cap "
                       "(or, with --paths, whose drawdown-cap breaches over Monte Carlo paths stay rare)")
    config_arg(p)
    p.add_argument("--route", choices=["margin", "futures", "cash"], help="default: the account's own route")
    p.add_argument("--hedge", choices=["none", "fixed", "joint"], default="none",
                   help="none: options removed; fixed: the account's options kept; joint: with the cheapest hedge")
    p.add_argument("--cap", type=fraction_arg, help="worst-case loss (drawdown) cap, fraction of NAV")
    p.add_argument("--paths", type=whole_arg(1), nargs="?", const=2_000, metavar="N",
                   help="search over N Monte Carlo paths instead (default N 2,000), with and without the rules")
    p.add_argument("--days", type=whole_arg(1), help="days per path (default [paths] n_days, 252)")
    p.add_argument("--seed", type=whole_arg(0), help="Monte Carlo seed (default [paths] seed)")
    p.add_argument("--level", type=fraction_arg, default=0.05,
                   help="largest accepted share of paths breaching the cap (default 0.05)")
    p.set_defaults(func=_cmd_max_leverage)


def _cmd_max_leverage(args: argparse.Namespace) -> int:
    from hedgeopt.face import render
    from hedgeopt.face.terminal import working
    from hedgeopt.optimizer import hedging
    from pricing.validation import check_fraction

    check_fraction("--level", args.level)  # read only with --paths, checked always
    config = load(args)
    if args.paths is not None:
        return _max_leverage_paths(args, config)
    with working(render.text("working_leverage"), quiet=args.json):
        result = hedging.max_leverage_for(config, route=args.route, hedge_mode=args.hedge, cap=args.cap)
    emit(args, result, lambda: render.leverage_result(result, config.account.nav(config.market),
                                                       config.account.base_currency), config)
    return 0


def _max_leverage_paths(args: argparse.Namespace, config: Config) -> int:
    from hedgeopt.face import render, render_paths
    from hedgeopt.face.terminal import progress_bar
    from hedgeopt.paths import backtest

    paths = backtest.simulated_paths(config, args.paths, args.days, args.seed)
    steps = len(backtest.leverage_steps(config.rules.leverage_step, 2.0))
    with progress_bar(2 * steps * paths.n_days, render.text("progress_leverage_paths"), quiet=args.json) as advance:
        result = backtest.max_leverage_paths(config, paths, level=args.level, cap=args.cap,
                                             progress=lambda _t: advance())
    if args.json:
        render_paths.path_leverage_json(result)
    else:
        render.market_note(config.market, config.snapshot)
        render_paths.sources(paths, config.rules, config.paths.hedge)
        render_paths.path_leverage(result, config.account.base_currency)
    return 0

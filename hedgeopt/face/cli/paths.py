"""Commands through time: ``backtest`` (history or CSV), ``simulate`` (Monte Carlo, stylised), ``put-study``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from hedgeopt.face.cli.args import config_arg, date_arg, engine_args, engine_given, engine_of, load, whole_arg

if TYPE_CHECKING:
    from hedgeopt.config.config import Config
    from hedgeopt.shards.path_sets import PathShards
    from scenarios.paths.market_paths import MarketPaths


def add_backtest(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt backtest``."""
    p = sub.add_parser("backtest", help="the account through S&P 500 history (1999-2018), rules and hedge "
                       "variants side by side", description="Replay the account day by day on the S&P 500 "
                       "history shipped with arch (1999-01-04 to 2018-12-31; USDJPY and pre-2014 implied vol are "
                       "labelled proxies), as configured and with one change at a time. A yen account under "
                       "[tax] also runs as configured paying Japanese tax from its cash: after-tax CAGR, drawdown "
                       "and the yearly tax ledger.")
    config_arg(p)
    p.add_argument("--from", dest="start", type=date_arg, metavar="DATE", help="first date, ISO (default 1999-01-04)")
    p.add_argument("--to", dest="end", type=date_arg, metavar="DATE", help="last date, ISO (default 2018-12-31)")
    p.add_argument("--fx", choices=["beta", "constant"], default="beta",
                   help="USDJPY proxy: beta (yen rises when stocks fall; default) or constant")
    p.add_argument("--csv", metavar="FILE", help="your own daily history instead (columns date, equity.<INDEX>, "
                   "fx.<CCY>, vol.<INDEX>, rate.<CCY>; see docs/paths.md)")
    p.add_argument("--events", type=whole_arg(0), default=20, help="rule triggers to show (default 20)")
    p.set_defaults(func=_cmd_backtest)


def add_simulate(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt simulate``."""
    p = sub.add_parser("simulate", help="the account through Monte Carlo paths, variants side by side",
                       description="Run the account on Monte Carlo paths, as configured and with one change at a "
                       "time. A yen account under [tax] also runs as configured paying Japanese tax from its cash: "
                       "after-tax CAGR and drawdown across paths and the tax paid per year.")
    config_arg(p)
    p.add_argument("--paths", type=whole_arg(1), help="number of paths (default [paths] n_paths, 10,000); "
                   "above 50,000, or with --workers, --scheduler or --memory-limit, they run in shards of 10,000 "
                   "on Dask")
    p.add_argument("--days", type=whole_arg(1), help="trading days per path (default [paths] n_days, 252)")
    p.add_argument("--seed", type=whole_arg(0), help="seed (default [paths] seed, 1)")
    p.add_argument("--stylised", metavar="NAME", help="one named stylised path instead: crash_1987, "
                   "slow_bleed_2008 or v_2020")
    p.add_argument("--events", type=whole_arg(0), default=20, help="rule triggers to show (default 20)")
    engine_args(p)
    p.set_defaults(func=_cmd_simulate)


def add_put_study(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt put-study``."""
    p = sub.add_parser("put-study", help="the rolled put on S&P 500 history against the index and Cboe's "
                       "published put indices (PPUT, PUT)")
    p.add_argument("--from", dest="start", type=date_arg, metavar="DATE", help="first date, ISO (default 1999-01-04)")
    p.add_argument("--to", dest="end", type=date_arg, metavar="DATE", help="last date, ISO (default 2018-12-31)")
    p.add_argument("--json", action="store_true", help="machine-readable output with every figure")
    p.set_defaults(func=_cmd_put_study)


def _cmd_put_study(args: argparse.Namespace) -> int:
    from hedgeopt.face import render, render_paths
    from hedgeopt.face.terminal import working
    from hedgeopt.paths.put_study import put_roll_study

    with working(render.text("working_put_study"), quiet=args.json):
        study = put_roll_study(start=args.start, end=args.end)
    if args.json:
        render_paths.put_study_json(study)
    else:
        render_paths.put_study(study)
    return 0


def _run_paths(args: argparse.Namespace, config: Config, paths: MarketPaths) -> int:
    from hedgeopt.face import render, render_paths
    from hedgeopt.face.terminal import print_json, progress_bar
    from hedgeopt.paths import backtest

    variants = backtest.standard_variants(config)
    base = config.account.base_currency
    with progress_bar(len(variants) * paths.n_days, render.text("progress_variants"), quiet=args.json) as advance:
        frame, runs, taxed = backtest.side_by_side_after_tax(config, paths, variants, progress=lambda _t: advance())
    rules = config.rules if config.rules.active else None
    main = next(iter(runs.values()))
    if args.json:
        extra = {} if taxed is None else {"after_tax": render_paths.after_tax_json(main, taxed)}
        print_json({**render_paths.payload(paths, frame, runs, base, rules, config.paths.hedge,
                                           backtest.fx_hedge_of(config)),
                    **extra, "market": render.market_json(config.market, config.snapshot)})
        return 0
    render.market_note(config.market, config.snapshot)
    render_paths.sources(paths, rules, config.paths.hedge, backtest.fx_hedge_of(config), main, base)
    render_paths.side_by_side(frame, base, paths.n_paths)
    if taxed is not None:
        render_paths.after_tax(main, taxed, base)
    render_paths.events(next(iter(runs.values())), base, args.events)
    return 0


def _cmd_backtest(args: argparse.Namespace) -> int:
    from hedgeopt.paths import backtest

    config = load(args)
    if args.csv is not None:
        return _run_paths(args, config, backtest.csv_paths(config, args.csv, args.start, args.end))
    return _run_paths(args, config, backtest.history_paths(config, args.start, args.end, args.fx))


def _cmd_simulate(args: argparse.Namespace) -> int:
    from hedgeopt.paths import backtest
    from hedgeopt.shards.path_sets import PathShards, wants_shards

    config = load(args)
    if args.stylised is not None:
        return _run_paths(args, config, backtest.stylised_paths(config, args.stylised))
    if wants_shards(args.paths or config.paths.n_paths, engine_given(args)):
        return _run_sharded(args, config, PathShards.of(config, args.paths, args.days, args.seed))
    return _run_paths(args, config, backtest.simulated_paths(config, args.paths, args.days, args.seed))


def _run_sharded(args: argparse.Namespace, config: Config, plan: PathShards) -> int:
    from hedgeopt.cluster import open_client
    from hedgeopt.face import render, render_paths
    from hedgeopt.face.terminal import print_json, progress_bar
    from hedgeopt.paths import backtest
    from hedgeopt.shards.path_engine import side_by_side_sharded

    engine = engine_of(args)
    with progress_bar(len(plan.shards()), render.text("progress_shards"), quiet=args.json) as advance, \
            open_client(engine) as client:
        result = side_by_side_sharded(client, config, plan, progress=lambda _k: advance())
    rules = config.rules if config.rules.active else None
    described = (rules, config.paths.hedge, backtest.fx_hedge_of(config))
    base = config.account.base_currency
    if args.json:
        print_json({**render_paths.sharded_payload(result, engine, base, *described),
                    "market": render.market_json(config.market, config.snapshot)})
        return 0
    render.market_note(config.market, config.snapshot)
    render_paths.sharded(result, engine, base, *described, taxed=config.tax.applies, limit=args.events)
    return 0

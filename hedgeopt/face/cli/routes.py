"""``hedgeopt routes``: the four routes to the same index exposure, side by side, today and across rate regimes."""

from __future__ import annotations

import argparse

from hedgeopt.face.cli.args import config_arg, emit, load, number_arg


def add_routes(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt routes``."""
    p = sub.add_parser("routes", help="margin, futures, calls or the ETF outright: the same exposure four ways",
                       description="For the same index exposure, each route side by side: what it costs a year and "
                       "to open, the cash it ties up against the buffer, its worst case, the fall that calls it, "
                       "the upside it keeps at each [routes] up move and the largest leverage it allows under the "
                       "cap; route C's calls and call spreads chosen by the optimizer (whole contracts); each "
                       "figure again under the rate regimes of [routes].")
    config_arg(p)
    size = p.add_mutually_exclusive_group()
    size.add_argument("--exposure", type=number_arg, help="index exposure to compare, base currency (default "
                      "[routes] exposure, else the account's)")
    size.add_argument("--leverage", type=number_arg, help="instead: the leverage the levered routes reach "
                      "(1.3 puts 0.3 x NAV on the index)")
    p.set_defaults(func=_cmd_routes)


def _cmd_routes(args: argparse.Namespace) -> int:
    from hedgeopt.face import render
    from hedgeopt.face.routes.tables import show
    from hedgeopt.face.terminal import working
    from hedgeopt.routes.compare import compare_routes

    config = load(args)
    with working(render.text("working_routes"), quiet=args.json):
        result = compare_routes(config, exposure=args.exposure, leverage=args.leverage)
    emit(args, result, lambda: show(result, config.scenarios.horizon_days), config)
    return 0 if result.routes else 1

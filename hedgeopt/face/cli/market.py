"""``hedgeopt market``: the market snapshot a config builds, its chains checked, their smiles fitted."""

from __future__ import annotations

import argparse

from hedgeopt.face.cli.args import config_arg, load


def add_market(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt market``."""
    p = sub.add_parser("market", help="the market snapshot: every input and where it comes from, each option chain "
                       "checked, its fitted smile against the quotes",
                       description="Show the market CONFIG builds (with --market and --chain applied): valuation "
                       "date, spots, FX, rates and dividend yields and where each comes from (given, a chain, or the "
                       "embedded illustrative market); for each option chain, what its checks found, the put-call "
                       "parity forward by expiry, the SSVI fit by expiry and the fitted smile against the bid, ask "
                       "and mid vols, and the bad rows left out with their reasons.")
    config_arg(p)
    p.add_argument("--all", action="store_true", help="every quote and every bad row (default: 13 quotes per expiry, "
                   "10 bad rows)")
    p.set_defaults(func=_cmd_market)


def _cmd_market(args: argparse.Namespace) -> int:
    from hedgeopt.face.market import tables

    config = load(args)
    if args.json:
        tables.show_json(config.snapshot)
    else:
        tables.show(config.snapshot, show_all=args.all)
    return 0

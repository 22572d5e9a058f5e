"""The pricing command: ``hedgeopt price`` (one option, spread or collar, or the standard hedges)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from hedgeopt.face.cli.args import market_args, number_arg

if TYPE_CHECKING:
    from hedgeopt.config.market_spec import MarketSnapshot


def add_price(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt price``."""
    p = sub.add_parser(
        "price",
        help="price one option, spread or collar (or the standard hedges) with QuantLib",
        description="Price one option or package on the embedded default market, a market snapshot (--market, "
        "--chain) or given inputs: price, "
        "greeks, the value of one contract in the contract's currency and the base currency, and what one contract "
        "costs to trade: the model's bid and ask on the contract's tick grid and the broker's commission.",
    )
    p.add_argument("--contract", default="XSP", help="catalogue symbol: SPX, XSP, SPY, NK225_OPT, NK225M_OPT")
    p.add_argument("--kind", default="put", help="put or call (default put)")
    p.add_argument("--strike", type=number_arg, help="strike in the contract's points (XSP 540 = SPX 5,400)")
    p.add_argument("--spread", metavar="LONG/SHORT", help="vertical spread strikes, e.g. 570/480 (put spread)")
    p.add_argument("--collar", metavar="PUT/CALL", help="collar strikes: long put / short call, e.g. 540/650")
    p.add_argument("--expiry", help="ISO date (default: the standard monthly expiry 3 months out)")
    p.add_argument("--vol", type=number_arg, help="implied vol, decimal (0.20); default: the market's surface")
    p.add_argument("--spot", type=number_arg, help="index level (SPX 6000, NKY 38000)")
    p.add_argument("--rate", type=number_arg, help="flat rate of the contract currency, decimal (0.04)")
    p.add_argument("--div", type=number_arg, help="index dividend yield, decimal (0.013)")
    p.add_argument("--fx", type=number_arg, help="base currency per unit of the contract currency (150)")
    p.add_argument("--valuation-date", help="ISO date (default: the embedded market's date)")
    p.add_argument("--standard", action="store_true", help="price the standard hedges on this contract instead")
    market_args(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=_cmd_price)


def _cmd_price(args: argparse.Namespace) -> int:
    from hedgeopt.config.instruments import parse_instrument
    from hedgeopt.face import render
    from pricing import contract, price, trade_quote
    from pricing.market import default_market, with_inputs
    from pricing.standard_hedges import standard_hedges

    snapshot = _snapshot(args)
    market = with_inputs(
        default_market() if snapshot is None else snapshot.market, contract(args.contract).underlying,
        spot=args.spot, rate=args.rate, dividend_yield=args.div, fx=args.fx, valuation_date=args.valuation_date,
    )
    if args.standard:
        instruments = standard_hedges(market, args.contract)
    else:
        instruments = [parse_instrument(
            market, args.contract, args.kind, strike=args.strike, spread=args.spread,
            collar_strikes=args.collar, expiry=args.expiry,
        )]
    valuations = [price(i, market, vol=args.vol) for i in instruments]
    quotes = [trade_quote(i, market, vol=args.vol) for i in instruments]
    (render.valuations_json if args.json else render.valuations)(valuations, market, quotes, snapshot)
    return 0


def _snapshot(args: argparse.Namespace) -> MarketSnapshot | None:
    """The market of ``--market`` and ``--chain`` (None without either: the embedded one)."""
    if args.market is None and not args.chain:
        return None
    from hedgeopt.config.market_spec import market_from_table
    from pricing.files import read_toml

    table = {} if args.market is None else read_toml(args.market, "--market")
    folder = Path.cwd() if args.market is None else Path(args.market).parent
    return market_from_table(table, folder, dict(args.chain))

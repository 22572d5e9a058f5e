"""The ``hedgeopt`` command line: parse, call one library function, format. No finance here.

Every error a user can cause prints one line to stderr and exits with code 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from hedgeopt import render
from hedgeopt.config import load_config
from hedgeopt.instruments import parse_instrument
from hedgeopt.stress import stress, what_if
from pricing import HedgeoptError, contract, price
from pricing.market import default_market, with_inputs
from pricing.standard_hedges import standard_hedges

Command = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _add_price(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "price",
        help="price one option, spread or collar (or the standard hedges) with QuantLib",
        description="Price one option or package on the embedded default market or on given inputs: price, "
        "greeks, and the cost of one contract in the contract's currency and the base currency.",
    )
    p.add_argument("--contract", default="XSP", help="catalogue symbol: SPX, XSP, SPY, NK225_OPT, NK225M_OPT")
    p.add_argument("--kind", default="put", help="put or call (default put)")
    p.add_argument("--strike", type=float, help="strike in the contract's points (XSP 540 = SPX 5,400)")
    p.add_argument("--spread", metavar="LONG/SHORT", help="vertical spread strikes, e.g. 570/480 (put spread)")
    p.add_argument("--collar", metavar="PUT/CALL", help="collar strikes: long put / short call, e.g. 540/650")
    p.add_argument("--expiry", help="ISO date (default: the standard monthly expiry 3 months out)")
    p.add_argument("--vol", type=float, help="implied vol, decimal (0.20); default: the market's surface")
    p.add_argument("--spot", type=float, help="index level (SPX 6000, NKY 38000)")
    p.add_argument("--rate", type=float, help="flat rate of the contract currency, decimal (0.04)")
    p.add_argument("--div", type=float, help="index dividend yield, decimal (0.013)")
    p.add_argument("--fx", type=float, help="base currency per unit of the contract currency (150)")
    p.add_argument("--valuation-date", help="ISO date (default: the embedded market's date)")
    p.add_argument("--standard", action="store_true", help="price the standard hedges on this contract instead")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=_cmd_price)


def _cmd_price(args: argparse.Namespace) -> int:
    market = with_inputs(
        default_market(), contract(args.contract).underlying, spot=args.spot, rate=args.rate,
        dividend_yield=args.div, fx=args.fx, valuation_date=args.valuation_date,
    )
    if args.standard:
        instruments = standard_hedges(market, args.contract)
    else:
        instruments = [parse_instrument(
            market, args.contract, args.kind, strike=args.strike, spread=args.spread,
            collar_strikes=args.collar, expiry=args.expiry,
        )]
    valuations = [price(i, market, vol=args.vol) for i in instruments]
    (render.valuations_json if args.json else render.valuations)(valuations, market)
    return 0


def _add_stress(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stress", help="account summary and P&L over the config's scenarios, worst first",
                       description="Account summary (NAV, leverage, FX share, carry) and the P&L table over the "
                       "config's scenario set and the named historical episodes, worst first.")
    p.add_argument("config", help="TOML config (see docs/config.md)")
    p.add_argument("--top", type=int, default=25, help="rows to show, worst first (default 25; 0 for all)")
    p.add_argument("--json", action="store_true", help="machine-readable output (every scenario)")
    p.set_defaults(func=_cmd_stress)


def _cmd_stress(args: argparse.Namespace) -> int:
    result = stress(load_config(args.config))
    if args.json:
        render.stress_json(result)
    else:
        render.summary(result.summary)
        render.stress_table(result, top=args.top or None)
    return 0


def _add_what_if(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("what-if", help="one scenario on the config's account, decomposed",
                       description="One scenario: index move, FX move, vol shift and horizon, with the P&L "
                       "decomposition (carry, index, FX, options, funding).")
    p.add_argument("config", help="TOML config")
    p.add_argument("--equity", type=float, required=True, help="index return, decimal (-0.30 = a 30%% fall)")
    p.add_argument("--fx", type=float, default=0.0, help="USD return in base currency (-0.10 = yen +10%%)")
    p.add_argument("--vol", type=float, default=0.0, help="extra implied-vol shift, decimal (0.10 = +10 points)")
    p.add_argument("--days", type=int, default=0, help="horizon in calendar days (default 0: now)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=_cmd_what_if)


def _cmd_what_if(args: argparse.Namespace) -> int:
    result = what_if(load_config(args.config), args.equity, args.fx, args.vol, args.days)
    if args.json:
        render.stress_json(result)
    else:
        render.summary(result.summary)
        render.stress_table(result)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The full command-line parser."""
    parser = _Parser(prog="hedgeopt", description="Hedge an MMF core plus an equity-index satellite.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _add_price(sub)
    _add_stress(sub)
    _add_what_if(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 success, 2 bad input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (HedgeoptError, ValueError) as exc:
        print(f"hedgeopt {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())

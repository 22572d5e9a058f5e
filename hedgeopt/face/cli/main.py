"""The ``hedgeopt`` command line: parse, call one library function, format. No finance here.

Every error a user can cause prints one line to stderr and exits with code 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from hedgeopt.face import render
from hedgeopt.face.cli.account import add_checklist, add_pnl, add_stress, add_what_if
from hedgeopt.face.cli.advise import add_advise
from hedgeopt.face.cli.hedge import add_compare, add_frontier, add_hedge, add_max_leverage, add_standing_put
from hedgeopt.face.cli.paths import add_backtest, add_put_study, add_simulate
from hedgeopt.face.cli.price import add_price
from hedgeopt.face.cli.start import add_demo, add_init, add_report
from hedgeopt.face.i18n import parse_lang
from pricing import HedgeoptError


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The full command-line parser."""
    parser = _Parser(prog="hedgeopt", description="Hedge an MMF core plus an equity-index satellite.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    add_advise(sub)
    add_price(sub)
    add_stress(sub)
    add_what_if(sub)
    add_hedge(sub)
    add_standing_put(sub)
    add_compare(sub)
    add_frontier(sub)
    add_max_leverage(sub)
    add_backtest(sub)
    add_simulate(sub)
    add_put_study(sub)
    add_pnl(sub)
    add_checklist(sub)
    add_report(sub)
    add_init(sub)
    add_demo(sub)
    for command in sub.choices.values():
        command.add_argument("--lang", help="ja or en (default: from the locale, English otherwise)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 success, 2 bad input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        render.use_language(parse_lang(args.lang))
        return args.func(args)
    except (HedgeoptError, ValueError) as exc:
        print(f"hedgeopt {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())

"""The ``hedgeopt`` command line: parse, call one library function, format. No finance here.

Every failure prints one line to stderr and exits with its documented code (:mod:`hedgeopt.face.cli.exits`: 2 for
bad input, 3 for a refused resource, 70 for a bug with a saved log, 130 for Ctrl-C), in the language of ``--lang``
(or of the locale): the library raises in English and :mod:`hedgeopt.face.errors_ja` translates. The language is
read from the arguments before they are parsed, so that the parser's own errors are in it too.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from hedgeopt.face.cli.account import add_checklist, add_pnl, add_stress, add_what_if
from hedgeopt.face.cli.advise import add_advise
from hedgeopt.face.cli.batch import add_batch
from hedgeopt.face.cli.exits import ERROR_WORD, failure
from hedgeopt.face.cli.hedge import add_compare, add_frontier, add_hedge, add_max_leverage, add_standing_put
from hedgeopt.face.cli.help_ja import JapaneseHelp
from hedgeopt.face.cli.market import add_market
from hedgeopt.face.cli.paths import add_backtest, add_put_study, add_simulate
from hedgeopt.face.cli.price import add_price
from hedgeopt.face.cli.program import add_program
from hedgeopt.face.cli.routes import add_routes
from hedgeopt.face.cli.start import add_demo, add_init, add_report
from hedgeopt.face.cli.tax import add_tax
from hedgeopt.face.i18n import Lang, default_lang, parse_lang
from pricing import HedgeoptError

MEMORY_HELP = ("refuse, before any work, a request estimated to need more memory than SIZE, such as 4GiB "
               "(default: the memory available now); exit code 3")
LANG_HELP = "ja or en (default: from the locale, English otherwise)"
"""``--lang``, before the command or after it (after it wins)."""


class _Version(argparse.Action):
    """``--version``: print ``hedgeopt X.Y.Z`` and exit; the metadata is read only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="print the installed version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> NoReturn:
        from hedgeopt import __version__

        print(f"hedgeopt {__version__}")
        parser.exit(0)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr and exit code 2, in ``lang``."""

    def __init__(self, *args: Any, lang: Lang = Lang.EN, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lang = lang

    def error(self, message: str) -> NoReturn:
        from hedgeopt.face import errors_ja

        text = errors_ja.argparse_message(message) if self.lang is Lang.JA else message
        self.exit(2, f"{self.prog}: {ERROR_WORD[self.lang]}: {text}\n")


def argv_lang(argv: Sequence[str]) -> Lang:
    """The language asked for by ``--lang X`` or ``--lang=X`` in ``argv``, else (or when X is not one) the locale's."""
    value = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
    try:
        return parse_lang(value)
    except HedgeoptError:
        return default_lang()


def build_parser(lang: Lang = Lang.EN) -> argparse.ArgumentParser:
    """The full command-line parser; its help and its own errors in ``lang``."""
    kwargs = {"lang": lang, "formatter_class": JapaneseHelp if lang is Lang.JA else argparse.HelpFormatter}
    parser = _Parser(prog="hedgeopt", description="Hedge an MMF core plus an equity-index satellite.", **kwargs)
    parser.add_argument("--version", action=_Version)
    parser.add_argument("--lang", dest="lang_before", metavar="LANG", help=LANG_HELP)  # hedgeopt --lang ja stress
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                parser_class=functools.partial(_Parser, **kwargs))
    add_advise(sub)
    add_price(sub)
    add_market(sub)
    add_stress(sub)
    add_what_if(sub)
    add_hedge(sub)
    add_standing_put(sub)
    add_compare(sub)
    add_frontier(sub)
    add_max_leverage(sub)
    add_routes(sub)
    add_backtest(sub)
    add_simulate(sub)
    add_put_study(sub)
    add_program(sub)
    add_pnl(sub)
    add_checklist(sub)
    add_tax(sub)
    add_batch(sub)
    add_report(sub)
    add_init(sub)
    add_demo(sub)
    for command in sub.choices.values():
        command.add_argument("--lang", help=LANG_HELP)
        command.add_argument("--max-memory", metavar="SIZE", help=MEMORY_HELP)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (:class:`~hedgeopt.face.cli.exits.Exit`), never a traceback."""
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = argv_lang(argv)
    command = next((a for a in argv if not a.startswith("-")), "")
    try:
        args = build_parser(lang).parse_args(argv)
        command = args.command
        from hedgeopt.config.limits import max_memory, parse_size
        from hedgeopt.face import render  # after parsing: ``--help`` needs no tables

        args.lang = parse_lang(args.lang if args.lang is not None else args.lang_before)
        render.use_language(args.lang)
        with max_memory(None if args.max_memory is None else parse_size(args.max_memory)):
            return args.func(args)
    except (Exception, KeyboardInterrupt) as exc:  # SystemExit (argparse's --help and own errors) passes
        return failure(command, exc, lang, argv)


if __name__ == "__main__":
    raise SystemExit(main())

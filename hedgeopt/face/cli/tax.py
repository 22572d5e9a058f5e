"""``hedgeopt tax``: what the tax model reads in a config (every holding's income category with its rule).

``hedgeopt tax CONFIG`` and ``hedgeopt tax --explain CONFIG`` print the same explanation; ``--explain`` is the
spelling of the issue and of the docs, kept so that a user who types it is not refused.
"""

from __future__ import annotations

import argparse

from hedgeopt.face.cli.args import config_arg, load


def add_tax(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt tax``."""
    p = sub.add_parser("tax", help="the tax model on the config's account: every holding's income category and rule",
                       description="The Japanese tax model as it reads the config: the tax year, the account type, "
                       "whether returns are filed and how derivatives listed abroad are read; every holding's "
                       "income with its category and the rule with its source; the year-to-date results and the "
                       "carried losses of [tax]; the rates; and what the model leaves out.")
    config_arg(p)
    p.add_argument("--explain", action="store_true",
                   help="print the explanation (the default; accepted for the docs' spelling)")
    p.set_defaults(func=_cmd_tax)


def _cmd_tax(args: argparse.Namespace) -> int:
    from hedgeopt.face import render
    from hedgeopt.face.tax import tables
    from hedgeopt.face.terminal import print_json
    from hedgeopt.tax import explain

    config = load(args)
    ccy = config.account.base_currency
    if not config.tax.applies:
        if args.json:
            print_json({"applies": False, "base_currency": ccy, "regime": config.tax.regime})
        else:
            print(render.text("tax_off"))
        return 0
    explanation = explain(config.account, config.tax)
    if args.json:
        tables.explanation_json(explanation, ccy)
    else:
        tables.explanation(explanation, ccy)
    return 0

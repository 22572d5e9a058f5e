"""Commands on the account as it stands: ``stress``, ``what-if``, ``checklist`` and the ``pnl`` export.

Each command imports its library function when it runs, so that ``--help`` starts quickly.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from hedgeopt.face.cli.args import config_arg, emit, load, number_arg, whole_arg

if TYPE_CHECKING:
    from hedgeopt.config.config import Config
    from hedgeopt.risk.stress import StressResult


def add_stress(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt stress``."""
    p = sub.add_parser("stress", help="account summary and P&L over the config's scenarios, worst first",
                       description="Account summary (NAV, leverage, FX share, carry) and the P&L table over the "
                       "config's scenario set and the named historical episodes, worst first; for a yen account "
                       "with [tax], the P&L after tax beside it.")
    config_arg(p)
    p.add_argument("--top", type=whole_arg(0), default=25, help="rows to show, worst first (default 25; 0 for all)")
    p.set_defaults(func=_cmd_stress)


def _show_stress(result: StressResult, as_json: bool, config: Config, top: int | None = None,
                 split: bool = False) -> int:
    """Print a stress result; with tax, the after-tax notes, and with ``split`` (what-if) the split by category."""
    from hedgeopt.face import render
    from hedgeopt.face.tax import tables

    if as_json:
        render.stress_json(result, config.market, config.snapshot)
    else:
        render.market_note(config.market, config.snapshot)
        render.summary(result.summary)
        render.stress_table(result, top=top)
        if split:
            tables.split_table(result)
        tables.stress_notes(result)
    return 0


def _cmd_stress(args: argparse.Namespace) -> int:
    from hedgeopt.face import render
    from hedgeopt.face.terminal import working
    from hedgeopt.risk.stress import stress

    config = load(args)
    with working(render.text("working_stress"), quiet=args.json):
        result = stress(config)
    return _show_stress(result, args.json, config, args.top or None)


def add_what_if(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt what-if``."""
    p = sub.add_parser("what-if", help="one scenario on the config's account, decomposed",
                       description="One scenario: index move, FX move, vol shift and horizon, with the P&L "
                       "decomposition (carry, index, FX, options, funding) and, for a yen account with [tax], "
                       "its split by income category and the tax of realising it.")
    config_arg(p)
    p.add_argument("--equity", type=number_arg, required=True, help="index return, decimal (-0.30 = a 30%% fall)")
    p.add_argument("--fx", type=number_arg, default=0.0,
                   help="USD return in base currency (-0.10 = USDJPY -10%%, the yen up 11.1%%)")
    p.add_argument("--vol", type=number_arg, default=0.0, help="extra implied-vol shift, decimal (0.10 = +10 points)")
    p.add_argument("--days", type=whole_arg(0), default=0, help="horizon in calendar days (default 0: now)")
    p.set_defaults(func=_cmd_what_if)


def _cmd_what_if(args: argparse.Namespace) -> int:
    from hedgeopt.risk.stress import what_if

    config = load(args)
    return _show_stress(what_if(config, args.equity, args.fx, args.vol, args.days), args.json, config,
                        split=True)


def add_checklist(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt checklist``."""
    p = sub.add_parser("checklist", help="the five checks before any order; exit code 1 when one fails",
                       description="Exposure, worst loss (index -30%% with USDJPY -10%%), margin and cash buffer, "
                       "funding against the MMF yield, rules written down: pass / warn / fail with thresholds "
                       "from [risk] and [rules]. Exit code 1 when any check fails, so it can gate a script.")
    config_arg(p)
    p.add_argument("--regime", help="the rate regime the funding check reads: base (today's rates) or a name of "
                   "[routes] regimes (default rising and falling); default [routes] regime")
    p.set_defaults(func=_cmd_checklist)


def _cmd_checklist(args: argparse.Namespace) -> int:
    from hedgeopt.face import render
    from hedgeopt.face.terminal import working
    from hedgeopt.risk.checklist import checklist

    config = load(args)
    with working(render.text("working_checklist"), quiet=args.json):
        result = checklist(config, args.regime)
    emit(args, result, lambda: render.checklist(result), config)
    return 0 if result.passed else 1


def add_pnl(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt pnl``."""
    p = sub.add_parser("pnl", help="export the P&L matrix (base + one column per candidate) and the prices",
                       description="Write the hedge scenarios' P&L matrix (label, base = unhedged account P&L, "
                       "one column per candidate = payoff per contract) to FILE, and the candidates' costs to "
                       "FILE's stem + .candidates.csv. Amounts in base currency.")
    config_arg(p)
    p.add_argument("--out", required=True, help="FILE.csv or FILE.parquet (parquet needs pyarrow)")
    p.set_defaults(func=_cmd_pnl)


def _cmd_pnl(args: argparse.Namespace) -> int:
    from hedgeopt.face import render
    from hedgeopt.face.export import table_paths, write_tables
    from hedgeopt.face.terminal import print_json, working
    from hedgeopt.optimizer import hedging

    table_paths(args.out, "--out")  # before any work
    with working(render.text("working_pnl"), quiet=args.json):
        matrix, prices = hedging.pnl_matrix(load(args))
    matrix_path, prices_path = write_tables(args.out, matrix, prices)
    if args.json:
        print_json({"matrix": str(matrix_path), "candidates": str(prices_path), "scenarios": len(matrix),
                    "columns": list(matrix.columns)})
    else:
        print(render.text("pnl_written", matrix=matrix_path, prices=prices_path))
    return 0

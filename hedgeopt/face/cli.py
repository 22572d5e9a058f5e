"""The ``hedgeopt`` command line: parse, call one library function, format. No finance here.

Every error a user can cause prints one line to stderr and exits with code 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from hedgeopt.config.config import Config, load_config
from hedgeopt.config.instruments import parse_instrument
from hedgeopt.config.templates import write_template
from hedgeopt.face import render, render_paths
from hedgeopt.face.demo import run_demo
from hedgeopt.face.export import write_tables
from hedgeopt.face.i18n import parse_lang
from hedgeopt.face.report import write_report
from hedgeopt.face.terminal import console, print_json, progress_bar, working
from hedgeopt.optimizer import hedging
from hedgeopt.optimizer.problem import CVaRCap
from hedgeopt.paths import backtest
from hedgeopt.paths.put_study import put_roll_study
from hedgeopt.risk.checklist import checklist
from hedgeopt.risk.stress import StressResult, stress, what_if
from pricing import HedgeoptError, contract, price
from pricing.market import default_market, with_inputs
from pricing.standard_hedges import standard_hedges
from scenarios import grid_values
from scenarios.paths.market_paths import MarketPaths

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
    _config_arg(p)
    p.add_argument("--top", type=int, default=25, help="rows to show, worst first (default 25; 0 for all)")
    p.set_defaults(func=_cmd_stress)


def _show_stress(result: StressResult, as_json: bool, top: int | None = None) -> int:
    if as_json:
        render.stress_json(result)
    else:
        render.summary(result.summary)
        render.stress_table(result, top=top)
    return 0


def _cmd_stress(args: argparse.Namespace) -> int:
    with working("stressing the account", quiet=args.json):
        result = stress(load_config(args.config))
    return _show_stress(result, args.json, args.top or None)


def _add_what_if(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("what-if", help="one scenario on the config's account, decomposed",
                       description="One scenario: index move, FX move, vol shift and horizon, with the P&L "
                       "decomposition (carry, index, FX, options, funding).")
    _config_arg(p)
    p.add_argument("--equity", type=float, required=True, help="index return, decimal (-0.30 = a 30%% fall)")
    p.add_argument("--fx", type=float, default=0.0, help="USD return in base currency (-0.10 = yen +10%%)")
    p.add_argument("--vol", type=float, default=0.0, help="extra implied-vol shift, decimal (0.10 = +10 points)")
    p.add_argument("--days", type=int, default=0, help="horizon in calendar days (default 0: now)")
    p.set_defaults(func=_cmd_what_if)


def _cmd_what_if(args: argparse.Namespace) -> int:
    return _show_stress(what_if(load_config(args.config), args.equity, args.fx, args.vol, args.days), args.json)


def _emit(args: argparse.Namespace, result: object, show: Callable[[], None]) -> None:
    """Print ``result`` as JSON (``--json``) or with ``show``."""
    if args.json:
        print_json(result.as_dict())
    else:
        show()


def _config_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("config", help="TOML config (see docs/config.md)")
    p.add_argument("--json", action="store_true", help="machine-readable output with every figure")


def _fraction_arg(text: str) -> float:
    """A cap or level on the command line: a decimal, checked once the library sees it."""
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a decimal such as 0.20") from None


def _add_hedge(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("hedge", help="cheapest puts and put spreads under the worst-case (and CVaR) cap",
                       description="The cheapest mix of protective puts and put spreads that keeps the worst-case "
                       "loss within the cap on every scenario, in whole contracts by default. Exit code 1 when no "
                       "hedge can (the diagnosis says the smallest reachable cap).")
    _config_arg(p)
    p.add_argument("--cap", type=_fraction_arg, help="worst-case loss cap, fraction of NAV (default [risk] cap)")
    p.add_argument("--cvar", help="CVaR cap LEVEL:CAP, e.g. 0.95:0.15")
    lots = p.add_mutually_exclusive_group()
    lots.add_argument("--integer", dest="integer", action="store_true", default=None, help="whole contracts")
    lots.add_argument("--continuous", dest="integer", action="store_false", help="fractional contracts")
    p.add_argument("--budget", type=float, help="most premium, base currency")
    p.set_defaults(func=_cmd_hedge)


def _cmd_hedge(args: argparse.Namespace) -> int:
    cvar = CVaRCap.parse(args.cvar) if args.cvar else None
    with working("solving for the cheapest hedge and verifying it", quiet=args.json):
        result = hedging.hedge(load_config(args.config), cap=args.cap, cvar=cvar, integer=args.integer,
                               budget=args.budget)
    _emit(args, result, lambda: render.hedge_result(result))
    return 0 if result.optimal else 1


def _add_standing_put(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("standing-put", help="strike, tenor and size of the always-held put, and its yearly cost",
                       description="The standing put (常備薬): for a yearly premium budget, the rolled put that "
                       "minimises the worst case; or for a cap, the one with the lowest yearly cost.")
    _config_arg(p)
    target = p.add_mutually_exclusive_group()
    target.add_argument("--budget-per-year", type=float, help="premium per year, base currency")
    target.add_argument("--cap", type=_fraction_arg, help="worst-case loss cap, fraction of NAV")
    p.set_defaults(func=_cmd_standing_put)


def _cmd_standing_put(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    with progress_bar(hedging.standing_put_lines(config), "standing put lines", quiet=args.json) as advance:
        result = hedging.standing_put_for(config, yearly_budget=args.budget_per_year, cap=args.cap,
                                          progress=advance)
    _emit(args, result, lambda: render.standing_put_result(result, config.account.base_currency))
    return 0 if result.best is not None else 1


def _add_compare(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help="puts only vs put spreads only vs the mix, for the same cap")
    _config_arg(p)
    p.add_argument("--cap", type=_fraction_arg, help="worst-case loss cap, fraction of NAV")
    p.set_defaults(func=_cmd_compare)


def _cmd_compare(args: argparse.Namespace) -> int:
    with working("solving puts, spreads and the mix", quiet=args.json):
        result = hedging.compare_for(load_config(args.config), cap=args.cap)
    _emit(args, result, lambda: render.comparison(result))
    return 0


def _caps_arg(text: str) -> tuple[float, ...]:
    try:
        start, stop, step = (float(x) for x in text.split(":"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not START:STOP:STEP, such as 0.05:0.40:0.01") from None
    try:
        return tuple(float(v) for v in grid_values("caps", start, stop, step).round(10))
    except HedgeoptError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_frontier(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("frontier", help="cost of the cheapest hedge against the cap, puts vs spreads vs mix")
    _config_arg(p)
    p.add_argument("--caps", type=_caps_arg, help="START:STOP:STEP, e.g. 0.05:0.40:0.01 (default [hedge])")
    p.add_argument("--integer", action="store_true", help="whole contracts (slower)")
    p.set_defaults(func=_cmd_frontier)


def _cmd_frontier(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    caps = args.caps or config.hedge.frontier_caps
    with progress_bar(3 * len(caps), "frontier", quiet=args.json) as advance:
        table_ = hedging.frontier_for(config, caps=caps, integer=args.integer, progress=advance)
    if args.json:
        print_json({"base_currency": config.account.base_currency, "points": table_.to_dict(orient="records")})
    else:
        render.frontier_table(table_, config.account.base_currency)
    return 0


def _add_max_leverage(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("max-leverage", help="the largest leverage whose worst case stays within the cap "
                       "(or, with --paths, whose drawdown-cap breaches over Monte Carlo paths stay rare)")
    _config_arg(p)
    p.add_argument("--route", choices=["margin", "futures", "cash"], help="default: the account's own route")
    p.add_argument("--hedge", choices=["none", "fixed", "joint"], default="none",
                   help="none: options removed; fixed: the account's options kept; joint: with the cheapest hedge")
    p.add_argument("--cap", type=_fraction_arg, help="worst-case loss (drawdown) cap, fraction of NAV")
    p.add_argument("--paths", type=int, nargs="?", const=2_000, metavar="N",
                   help="search over N Monte Carlo paths instead (default N 2,000), with and without the rules")
    p.add_argument("--days", type=int, help="days per path (default [paths] n_days, 252)")
    p.add_argument("--seed", type=int, help="Monte Carlo seed (default [paths] seed)")
    p.add_argument("--level", type=_fraction_arg, default=0.05,
                   help="largest accepted share of paths breaching the cap (default 0.05)")
    p.set_defaults(func=_cmd_max_leverage)


def _cmd_max_leverage(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    if args.paths is not None:
        return _max_leverage_paths(args, config)
    with working("finding the largest leverage", quiet=args.json):
        result = hedging.max_leverage_for(config, route=args.route, hedge_mode=args.hedge, cap=args.cap)
    _emit(args, result, lambda: render.leverage_result(result, config.account.nav(config.market),
                                                       config.account.base_currency))
    return 0


def _max_leverage_paths(args: argparse.Namespace, config: Config) -> int:
    paths = backtest.simulated_paths(config, args.paths, args.days, args.seed)
    steps = len(backtest.leverage_steps(config.rules.leverage_step, 2.0))
    with progress_bar(2 * steps * paths.n_days, "leverage over paths", quiet=args.json) as advance:
        result = backtest.max_leverage_paths(config, paths, level=args.level, cap=args.cap,
                                             progress=lambda _t: advance())
    if args.json:
        render_paths.path_leverage_json(result)
    else:
        render_paths.sources(paths, {"rules": config.rules.describe(), "hedge": config.paths.hedge.describe()})
        render_paths.path_leverage(result, config.account.base_currency)
    return 0


def _add_backtest(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backtest", help="the account through S&P 500 history (1999-2018), rules and hedge "
                       "variants side by side", description="Replay the account day by day on the S&P 500 "
                       "history shipped with arch (1999-01-04 to 2018-12-31; USDJPY and pre-2014 implied vol are "
                       "labelled proxies), as configured and with one change at a time.")
    _config_arg(p)
    p.add_argument("--from", dest="start", metavar="DATE", help="first date, ISO (default 1999-01-04)")
    p.add_argument("--to", dest="end", metavar="DATE", help="last date, ISO (default 2018-12-31)")
    p.add_argument("--fx", choices=["beta", "constant"], default="beta",
                   help="USDJPY proxy: beta (yen rises when stocks fall; default) or constant")
    p.add_argument("--csv", metavar="FILE", help="your own daily history instead (columns date, equity.<INDEX>, "
                   "fx.<CCY>, vol.<INDEX>, rate.<CCY>; see docs/paths.md)")
    p.add_argument("--events", type=int, default=20, help="rule triggers to show (default 20)")
    p.set_defaults(func=_cmd_backtest)


def _add_put_study(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("put-study", help="the rolled put on S&P 500 history against the index and Cboe's "
                       "published put indices (PPUT, PUT)")
    p.add_argument("--from", dest="start", metavar="DATE", help="first date, ISO (default 1999-01-04)")
    p.add_argument("--to", dest="end", metavar="DATE", help="last date, ISO (default 2018-12-31)")
    p.add_argument("--json", action="store_true", help="machine-readable output with every figure")
    p.set_defaults(func=_cmd_put_study)


def _cmd_put_study(args: argparse.Namespace) -> int:
    with working("replaying the put rolls", quiet=args.json):
        study = put_roll_study(start=args.start, end=args.end)
    if args.json:
        print_json({"strategies": [{"name": k, **v} for k, v in study.table.to_dict(orient="index").items()],
                    "published": study.published.to_dict(orient="records"), "notes": list(study.notes)})
    else:
        render_paths.put_study(study)
    return 0


def _add_simulate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("simulate", help="the account through Monte Carlo paths, variants side by side")
    _config_arg(p)
    p.add_argument("--paths", type=int, help="number of paths (default [paths] n_paths, 10,000)")
    p.add_argument("--days", type=int, help="trading days per path (default [paths] n_days, 252)")
    p.add_argument("--seed", type=int, help="seed (default [paths] seed, 1)")
    p.add_argument("--stylised", metavar="NAME", help="one named stylised path instead: crash_1987, "
                   "slow_bleed_2008 or v_2020")
    p.add_argument("--events", type=int, default=20, help="rule triggers to show (default 20)")
    p.set_defaults(func=_cmd_simulate)


def _run_paths(args: argparse.Namespace, config: Config, paths: MarketPaths) -> int:
    variants = backtest.standard_variants(config)
    base = config.account.base_currency
    with progress_bar(len(variants) * paths.n_days, "variants", quiet=args.json) as advance:
        frame, runs = backtest.side_by_side(config, paths, variants, progress=lambda _t: advance())
    if args.json:
        print_json(render_paths.payload(paths, frame, runs, base))
        return 0
    render_paths.sources(paths, next(iter(runs.values())).description)
    render_paths.side_by_side(frame, base, paths.n_paths)
    render_paths.events(next(iter(runs.values())), base, args.events)
    return 0


def _cmd_backtest(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    if args.csv is not None:
        return _run_paths(args, config, backtest.csv_paths(config, args.csv, args.start, args.end))
    return _run_paths(args, config, backtest.history_paths(config, args.start, args.end, args.fx))


def _cmd_simulate(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    if args.stylised is not None:
        return _run_paths(args, config, backtest.stylised_paths(config, args.stylised))
    return _run_paths(args, config, backtest.simulated_paths(config, args.paths, args.days, args.seed))


def _add_pnl(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("pnl", help="export the P&L matrix (base + one column per candidate) and the prices",
                       description="Write the hedge scenarios' P&L matrix (label, base = unhedged account P&L, "
                       "one column per candidate = payoff per contract) to FILE, and the candidates' costs to "
                       "FILE's stem + .candidates.csv. Amounts in base currency.")
    _config_arg(p)
    p.add_argument("--out", required=True, help="FILE.csv or FILE.parquet (parquet needs pyarrow)")
    p.set_defaults(func=_cmd_pnl)


def _cmd_pnl(args: argparse.Namespace) -> int:
    with working("pricing every candidate on every scenario", quiet=args.json):
        matrix, prices = hedging.pnl_matrix(load_config(args.config))
    matrix_path, prices_path = write_tables(args.out, matrix, prices)
    if args.json:
        print_json({"matrix": str(matrix_path), "candidates": str(prices_path), "scenarios": len(matrix),
                    "columns": list(matrix.columns)})
    else:
        print(f"wrote {matrix_path} and {prices_path}")
    return 0


def _add_checklist(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("checklist", help="the five checks before any order; exit code 1 when one fails",
                       description="Exposure, worst loss (index -30%% with the yen +10%%), margin and cash buffer, "
                       "funding against the MMF yield, rules written down: pass / warn / fail with thresholds "
                       "from [risk] and [rules]. Exit code 1 when any check fails, so it can gate a script.")
    _config_arg(p)
    p.set_defaults(func=_cmd_checklist)


def _cmd_checklist(args: argparse.Namespace) -> int:
    with working("running the five checks", quiet=args.json):
        result = checklist(load_config(args.config))
    _emit(args, result, lambda: render.checklist(result))
    return 0 if result.passed else 1


def _add_report(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write report.html (self-contained) and the figures as PNG files",
                       description="Run the analyses on CONFIG and write one self-contained report.html (figures "
                       "embedded, no network needed) and the figures as PNG files into DIR.")
    p.add_argument("config", help="TOML config")
    p.add_argument("--out", default="report", help="output folder (default: report)")
    p.add_argument("--cap", type=_fraction_arg, help="worst-case loss cap for the hedge (default [risk] cap)")
    p.set_defaults(func=_cmd_report)


def _cmd_report(args: argparse.Namespace) -> int:
    with working("writing the report"):
        report = write_report(load_config(args.config), args.out, cap=args.cap, lang=parse_lang(args.lang))
    print(f"wrote {report.html} and {len(report.figures)} figures")
    return 0


def _add_init(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="write a commented starter config (defensive, balanced or advanced)")
    p.add_argument("path", nargs="?", default="hedgeopt.toml", help="where to write it (default hedgeopt.toml)")
    p.add_argument("--template", default="balanced", help="defensive | balanced | advanced (default balanced)")
    p.set_defaults(func=_cmd_init)


def _cmd_init(args: argparse.Namespace) -> int:
    path = write_template(args.template, args.path)
    print(f"wrote {path} ({args.template} template); next: hedgeopt stress {path}")
    return 0


def _add_demo(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="the strategy's 10,000,000 JPY example, end to end",
                       description="The seed account (examples/seed_10m.toml) on the embedded market: account "
                       "summary, stress table, the cheapest hedge in whole contracts, puts vs spreads, the "
                       "largest leverage under the cap and the five checks.")
    p.add_argument("--config", help="another config instead of the seed")
    p.add_argument("--cap", type=_fraction_arg, help="worst-case loss cap for the hedge (default [risk] cap)")
    p.add_argument("--out", default="report", help="folder for the report (default: report)")
    p.set_defaults(func=_cmd_demo)


def _cmd_demo(args: argparse.Namespace) -> int:
    with working("running the demo"):
        demo = run_demo(args.config, args.cap)
    out = console()
    out.rule("[bold]hedgeopt demo[/bold] — " + demo.config.source)
    render.summary(demo.stress.summary)
    render.stress_table(demo.stress, top=10)
    render.hedge_result(demo.hedge, render.hedge_title(demo.hedge.cap))
    render.comparison(demo.comparison)
    config = demo.config
    render.leverage_result(demo.leverage, config.account.nav(config.market), config.account.base_currency)
    render.checklist(demo.checklist)
    with working("writing the report"):
        report = write_report(demo.config, args.out, cap=demo.hedge.cap, lang=parse_lang(args.lang))
    render.report_written(report.html.resolve())
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The full command-line parser."""
    parser = _Parser(prog="hedgeopt", description="Hedge an MMF core plus an equity-index satellite.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _add_price(sub)
    _add_stress(sub)
    _add_what_if(sub)
    _add_hedge(sub)
    _add_standing_put(sub)
    _add_compare(sub)
    _add_frontier(sub)
    _add_max_leverage(sub)
    _add_backtest(sub)
    _add_simulate(sub)
    _add_put_study(sub)
    _add_pnl(sub)
    _add_checklist(sub)
    _add_report(sub)
    _add_init(sub)
    _add_demo(sub)
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

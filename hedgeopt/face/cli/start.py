"""Commands that write files for a newcomer: ``init`` (a starter config), ``demo`` and ``report``."""

from __future__ import annotations

import argparse
from pathlib import Path

from hedgeopt.face.cli.args import config_arg, fraction_arg, load
from hedgeopt.face.i18n import parse_lang, t


def add_report(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt report``."""
    p = sub.add_parser("report", help="write report.html (self-contained) and the figures as PNG files",
                       description="Run the analyses on CONFIG and write one self-contained report.html (figures "
                       "embedded, no network needed) and the figures as PNG files into DIR.")
    config_arg(p, json=False)
    p.add_argument("--out", default="report", help="output folder (default: report)")
    p.add_argument("--cap", type=fraction_arg, help="worst-case loss cap for the hedge (default [risk] cap)")
    p.set_defaults(func=_cmd_report)


def _report_folder(text: str) -> Path:
    """``--out`` checked before any work (:func:`hedgeopt.files.check_out`): a new folder or a previous report."""
    from hedgeopt.face.report import REPORT_FILES
    from hedgeopt.files import check_out

    return check_out(text, "--out", folder=True, owned=REPORT_FILES)


def _cmd_report(args: argparse.Namespace) -> int:
    from hedgeopt.face import render
    from hedgeopt.face.report import write_report
    from hedgeopt.face.terminal import working

    out = _report_folder(args.out)
    with working(render.text("working_report")):
        report = write_report(load(args), out, cap=args.cap, lang=parse_lang(args.lang))
    print(render.text("report_files_written", html=report.html, n=len(report.figures)))
    return 0


def add_init(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt init``."""
    p = sub.add_parser("init", help="write a commented starter config (defensive, balanced or advanced)")
    p.add_argument("path", nargs="?", default="hedgeopt.toml", help="where to write it (default hedgeopt.toml)")
    p.add_argument("--template", default="balanced", help="defensive | balanced | advanced (default balanced)")
    p.set_defaults(func=_cmd_init)


def _cmd_init(args: argparse.Namespace) -> int:
    from hedgeopt.face.export import write_template

    lang = parse_lang(args.lang)
    path = write_template(args.template, args.path, lang.value)
    print(t("init_written", lang, path=path, template=args.template))
    return 0


def add_demo(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt demo``."""
    p = sub.add_parser("demo", help="the strategy's 10,000,000 JPY example, end to end",
                       description="The seed account (examples/seed_10m.toml) on the embedded market: account "
                       "summary, stress table, the cheapest hedge in whole contracts, puts vs spreads, the "
                       "largest leverage under the cap and the five checks.")
    p.add_argument("--config", help="another config instead of the seed")
    p.add_argument("--cap", type=fraction_arg, help="worst-case loss cap for the hedge (default [risk] cap)")
    p.add_argument("--out", default="report", help="folder for the report (default: report)")
    p.set_defaults(func=_cmd_demo)


def _cmd_demo(args: argparse.Namespace) -> int:
    from rich.markup import escape

    from hedgeopt.face import render, render_advice
    from hedgeopt.face.demo import run_demo
    from hedgeopt.face.report import write_report
    from hedgeopt.face.terminal import console, working

    out_dir = _report_folder(args.out)
    with working(render.text("working_demo")):
        demo = run_demo(args.config, args.cap)
    out = console()
    out.rule("[bold]hedgeopt demo[/bold] — " + escape(demo.config.source))  # a file name is never markup
    render.market_note(demo.config.market)
    render_advice.advice(demo.advice, dict(demo.config.market.fx))
    render_advice.evidence(demo.advice)
    with working(render.text("working_report")):
        report = write_report(demo.config, out_dir, cap=demo.advice.cap, lang=parse_lang(args.lang))
    render.report_written(report.html.resolve())
    return 0

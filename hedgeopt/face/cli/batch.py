"""``hedgeopt batch``: the checklist, the worst case, the cheapest hedge and the largest leverage of many accounts.

A thin shell over :func:`hedgeopt.batch.run_batch`: checks ``--out`` and reads the accounts before any work, runs
them on the engine asked for, writes ``OUT/summary.json`` and ``OUT/report.html`` (both whole or neither,
:mod:`hedgeopt.files`) beside the Parquet parts, and prints the answer.
Ctrl-C stops the run with one line: every part written so far stays, and the same command resumes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hedgeopt.face.cli.args import engine_args, engine_of
from hedgeopt.face.cli.exits import Exit


def add_batch(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt batch``."""
    p = sub.add_parser("batch", help="many accounts at once, on Dask: checklist, worst case, hedge, max leverage",
                       description="For every account of a folder of TOML configs or of one CSV or Parquet table: "
                       "the five checks, the worst case and its scenario, the index -30% / USDJPY -10% stress, the "
                       "cheapest whole-contract hedge at the account's cap (verified) and the largest leverage. "
                       "Results go to OUT/parts as Parquet, one part per partition written whole; a second run skips "
                       "the accounts already answered (unless --force). See docs/batch.md.")
    p.add_argument("accounts", help="a folder of TOML configs, or a .csv / .parquet table (one row per account)")
    p.add_argument("--shared", metavar="FILE",
                   help="TOML with the market, scenarios, hedge, risk and rules every account shares")
    p.add_argument("--out", default="batch-out", metavar="DIR",
                   help="output folder: Parquet parts, summary.json, report.html (default: batch-out)")
    p.add_argument("--force", action="store_true", help="answer every account again (removes the parts first)")
    p.add_argument("--partition-size", type=int, default=None, metavar="N",
                   help="accounts per task and per Parquet part (default 50)")
    p.add_argument("--json", action="store_true", help="the summary and the run's figures as JSON")
    engine_args(p)
    p.set_defaults(func=_cmd_batch)


FILES = ("summary.json", "report.html")
"""The files of the answer written into ``--out`` beside the parts: both whole or neither (:mod:`hedgeopt.files`)."""


def _out(text: str) -> Path:
    """``--out`` and the files written into it, checked before any work (:func:`hedgeopt.files.check_out`)."""
    from hedgeopt.batch.store import PARTS
    from hedgeopt.files import check_out

    path = check_out(text, "--out", folder=True)
    for name in (PARTS, *FILES) if path.is_dir() else ():
        check_out(path / name, "--out", folder=name == PARTS)
    return path


def _cmd_batch(args: argparse.Namespace) -> int:
    from hedgeopt.batch import read_accounts, run_batch
    from hedgeopt.batch.run import PARTITION_SIZE
    from hedgeopt.face import render
    from hedgeopt.face.batch import page, tables
    from hedgeopt.face.terminal import stage_bars
    from hedgeopt.files import atomic_paths

    out, engine = _out(args.out), engine_of(args)
    accounts = read_accounts(args.accounts, args.shared)
    size = PARTITION_SIZE if args.partition_size is None else args.partition_size
    try:
        with stage_bars(lambda _: render.text("batch_account"), quiet=args.json) as update:
            result = run_batch(accounts, out, engine, force=args.force, partition_size=size,
                               progress=lambda done, total: update("accounts", done, total))
    except KeyboardInterrupt:
        print(render.text("batch_interrupted", out=out / "parts"), file=sys.stderr)
        return Exit.INTERRUPTED
    files = {"parts": str(out / "parts"), "summary": str(out / FILES[0]), "report": str(out / FILES[1])}
    with atomic_paths(out / FILES[0], out / FILES[1]) as (summary, report):
        summary.write_text(json.dumps(result.as_dict(), indent=2, ensure_ascii=False, default=str) + "\n",
                           encoding="utf-8")
        report.write_text(page.page_html(result, engine, render.language()), encoding="utf-8")
    if args.json:
        tables.show_json(result, files)
    else:
        tables.show(result, engine, files)
    return 0

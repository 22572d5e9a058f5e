"""Arguments and output shared by the commands: the config argument, decimals, cap ranges, JSON or tables."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hedgeopt.config.config import Config

Command = Callable[[argparse.Namespace], int]


def emit(args: argparse.Namespace, result: object, show: Callable[[], None], config: Config | None = None) -> None:
    """Print ``result`` as JSON (``--json``) or with ``show``; with ``config``, say which market it used.

    The JSON gains a ``market`` object (``label``, ``valuation_date``, ``illustrative``, and what the chains'
    checks found); the tables are preceded by the market's label and date, the chains' findings and, for the
    illustrative default, a plain warning that it is not live data.
    """
    from hedgeopt.face import render
    from hedgeopt.face.terminal import print_json

    if args.json:
        payload = result.as_dict()
        if config is not None:
            payload = {**payload, "market": render.market_json(config.market, config.snapshot)}
        print_json(payload)
    else:
        if config is not None:
            render.market_note(config.market, config.snapshot)
        show()


def config_arg(p: argparse.ArgumentParser, *, json: bool = True) -> None:
    """Add the config path, ``--market``, ``--chain`` and (unless ``json=False``) ``--json``."""
    p.add_argument("config", help="TOML config (see docs/config.md)")
    market_args(p)
    if json:
        p.add_argument("--json", action="store_true", help="machine-readable output with every figure")


def market_args(p: argparse.ArgumentParser) -> None:
    """Add ``--market FILE`` and ``--chain SYMBOL=FILE`` (repeatable)."""
    p.add_argument("--market", metavar="FILE", help="market snapshot (TOML with the keys of [market]) used instead "
                   "of the config's [market]")
    p.add_argument("--chain", metavar="SYMBOL=FILE", action="append", type=chain_arg, default=[],
                   help="option chain file for one contract (Cboe, JPX, IBKR or generic CSV), e.g. XSP=xsp.csv; "
                   "repeatable")


def chain_arg(text: str) -> tuple[str, str]:
    """``SYMBOL=FILE`` as a pair; anything else an ``ArgumentTypeError``."""
    symbol, sep, path = text.partition("=")
    if not sep or not symbol.strip() or not path.strip():
        raise argparse.ArgumentTypeError(f"{text!r} is not SYMBOL=FILE, such as XSP=xsp_quotedata.csv")
    return symbol.strip(), path.strip()


def load(args: argparse.Namespace) -> Config:
    """The config of ``args.config`` with the market of ``--market`` and the chains of ``--chain``."""
    from hedgeopt.config.config import load_config

    return load_config(args.config, market=args.market, chains=dict(args.chain))


def _finite(text: str, example: str) -> float:
    """``text`` as a finite float, else an ``ArgumentTypeError`` saying it is not ``example`` (nan and inf too)."""
    try:
        x = float(text)
    except ValueError:
        x = math.nan
    if not math.isfinite(x):
        raise argparse.ArgumentTypeError(f"{text!r} is not {example}")
    return x


def fraction_arg(text: str) -> float:
    """A cap or level on the command line: a finite decimal, its range checked once the library sees it."""
    return _finite(text, "a decimal such as 0.20")


def number_arg(text: str) -> float:
    """A return, a strike, a budget on the command line: a finite number (``nan`` and ``inf`` are refused)."""
    return _finite(text, "a finite number such as -0.30 or 5400")


def whole_arg(low: int) -> Callable[[str], int]:
    """An argument type: a whole number >= ``low`` (``--top 0``, ``--seed 1``, ``--paths 1000``).

    >>> whole_arg(1)("10_000")
    10000
    """
    def parse(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number such as {max(low, 1):,}") from None
        if n < low:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number >= {low}")
        return n

    return parse


def date_arg(text: str) -> str:
    """An argument type: an ISO date such as 2008-01-02, kept as written."""
    import datetime as dt

    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO date such as 2008-01-02") from None
    return text


def caps_arg(text: str) -> tuple[float, ...]:
    """Caps on the command line: START:STOP:STEP in decimals."""
    from pricing import HedgeoptError
    from scenarios import grid_values

    try:
        start, stop, step = (float(x) for x in text.split(":"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not START:STOP:STEP, such as 0.05:0.40:0.01") from None
    try:
        return tuple(float(v) for v in grid_values("caps", start, stop, step).round(10))
    except HedgeoptError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def engine_args(p: argparse.ArgumentParser) -> None:
    """Add where the work runs: ``--scheduler ADDRESS``, ``--workers N`` and ``--memory-limit``."""
    g = p.add_argument_group("where it runs (Dask)")
    g.add_argument("--scheduler", metavar="ADDRESS",
                   help="a running Dask scheduler, such as tcp://10.0.0.5:8786 (default: a local cluster)")
    g.add_argument("--workers", type=whole_arg(0), metavar="N",
                   help="worker processes of the local cluster (default: one per core; 0: in this process, no Dask)")
    g.add_argument("--memory-limit", default="auto", metavar="SIZE",
                   help="memory per local worker, such as 4GiB (default: the machine's memory over the workers)")


def engine_of(args: argparse.Namespace) -> object:
    """The :class:`~hedgeopt.cluster.Engine` asked for by :func:`engine_args`."""
    from hedgeopt.cluster import Engine

    return Engine(scheduler=args.scheduler, workers=args.workers, memory_limit=args.memory_limit)


def engine_given(args: argparse.Namespace) -> bool:
    """True when any of :func:`engine_args` was given on the command line (not left at its default)."""
    return args.scheduler is not None or args.workers is not None or args.memory_limit != "auto"

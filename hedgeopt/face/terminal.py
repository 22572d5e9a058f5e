"""Terminal rendering: rich tables of library results. Formatting only, no finance."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.table import Table


def console(stream: Any = None) -> Console:
    """A rich console on ``stream`` (stdout by default); 160 columns wide when not a terminal."""
    out = stream or sys.stdout
    width = None if out.isatty() else 160
    return Console(file=out, highlight=False, soft_wrap=False, width=width)


def number(value: float, decimals: int = 2) -> str:
    """Format a number with thousands separators (``1,234,567.89``); NaN as an em dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:,.{decimals}f}"


def money(value: float, currency: str, decimals: int | None = None) -> str:
    """Format an amount with its currency: no decimals for JPY, two otherwise (``171,018 JPY``)."""
    places = (0 if currency == "JPY" else 2) if decimals is None else decimals
    return f"{number(value, places)} {currency}"


def percent(fraction: float, decimals: int = 1) -> str:
    """Format a fraction as a percentage (``-0.09`` -> ``-9.0%``)."""
    return f"{fraction * 100:.{decimals}f}%"


def small_percent(fraction: float, decimals: int = 2) -> str:
    """A percentage with ``decimals`` places, more when it would otherwise show as zero (``0.0041%``)."""
    pct = abs(fraction) * 100
    if 0 < pct < 10 ** -decimals:
        decimals = min(6, 1 - math.floor(math.log10(pct)))
    return f"{fraction * 100:.{decimals}f}%"


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[str]], *, right_from: int = 1) -> Table:
    """A rich table; columns from ``right_from`` on are right-aligned (numbers).

    The first column (names) never wraps; headers fold rather than being cut when the table is wider than the
    console.
    """
    out = Table(title=title, title_justify="left", header_style="bold")
    for i, name in enumerate(columns):
        out.add_column(name, justify="right" if i >= right_from else "left", no_wrap=i == 0, overflow="fold")
    for row in rows:
        out.add_row(*row)
    return out


def print_json(payload: Any, stream: Any = None) -> None:
    """Write ``payload`` as indented JSON (NaN written as null)."""
    text = json.dumps(_clean(payload), indent=2, ensure_ascii=False)
    (stream or sys.stdout).write(text + "\n")


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if hasattr(value, "item"):
        return _clean(value.item())
    return value


@contextmanager
def progress_bar(total: int, description: str, *, quiet: bool = False) -> Iterator[Callable[[], None]]:
    """A rich progress bar on stderr (only on a terminal and when not ``quiet``); yields ``advance()``."""
    if quiet or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.progress import Progress  # only on a terminal: the bar's modules cost more than the tables'

    with Progress(console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda: bar.advance(task)


@contextmanager
def working(description: str, *, quiet: bool = False) -> Iterator[None]:
    """A spinner with ``description`` on stderr while the block runs (only on a terminal, not when ``quiet``)."""
    if quiet or not sys.stderr.isatty():
        yield
        return
    with Console(file=sys.stderr).status(description):
        yield

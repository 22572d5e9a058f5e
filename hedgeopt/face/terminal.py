"""Terminal rendering: rich tables of library results. Formatting only, no finance."""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rich.console import Console

from hedgeopt.face.i18n import Lang
from hedgeopt.face.tables import FitTable, Prose, fit_table

DEFAULT_WIDTH = 120
"""Columns used when stdout is not a terminal and ``COLUMNS`` is not set (a pipe, a file, a test)."""


class _Console(Console):
    """A rich console whose plain-string paragraphs break like table cells: never inside a number."""

    def print(self, *objects: Any, **kwargs: Any) -> None:  # noqa: D102 (rich's own)
        if len(objects) == 1 and isinstance(objects[0], str):
            objects = (Prose(objects[0], markup=kwargs.pop("markup", None) is not False),)
        super().print(*objects, **kwargs)


def width_from_env() -> int | None:
    """The ``COLUMNS`` environment variable as a width in cells, or None when unset or not a positive number."""
    text = os.environ.get("COLUMNS", "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


def console(stream: Any = None) -> Console:
    """A rich console on ``stream`` (stdout by default) for the width the user reads at.

    ``COLUMNS`` when set (``COLUMNS=80 hedgeopt stress ...``, and how tests choose); else the terminal's own width;
    else (a pipe or a file) :data:`DEFAULT_WIDTH`, 120 columns: every column of the stress, hedge and price
    tables side by side. Tables fit whatever width this gives (see :mod:`hedgeopt.face.tables`), so the default
    only sets how much a pipe shows at once.
    """
    out = stream or sys.stdout
    width = width_from_env() or (None if out.isatty() else DEFAULT_WIDTH)
    return _Console(file=out, highlight=False, soft_wrap=False, width=width)


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


def table(title: str, columns: Sequence[str | tuple[str, str, str]], rows: Iterable[Sequence[str]], *,
          right_from: int = 1, wrap: Iterable[int] | None = None, priority: Sequence[int] | None = None,
          lang: Lang | str = Lang.EN) -> FitTable:
    """A table that fits the console it is printed on (:class:`hedgeopt.face.tables.FitTable`).

    Parameters
    ----------
    title : str
    columns : sequence of str or of (full, short, name) triples
        Headers; a plain string takes its short form from :data:`hedgeopt.face.i18n.SHORT`; ``name`` is what the
        note on hidden columns calls the column (its header without the unit).
    rows : iterable of sequences of str
    right_from : int, default 1
        Columns from this index on are right-aligned (numbers) and never wrap.
    wrap : iterable of int, optional
        Columns that may fold at word boundaries; default the left-aligned ones.
    priority : sequence of int, optional
        One per column: 0 always shown, larger numbers hidden first as the width shrinks; default all 0.
    lang : Lang or str, default English
        Language of the short headers and of the note naming hidden columns.
    """
    return fit_table(title, columns, rows, right_from=right_from, wrap_columns=wrap, priority=priority, lang=lang)


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


@contextmanager
def stage_bars(describe: Callable[[str], str], *, quiet: bool = False) -> Iterator[Callable[[str, int, int], None]]:
    """Rich progress bars on stderr, one per stage as it starts (only on a terminal and when not ``quiet``).

    Yields ``update(stage, day, days)``: the stage's bar (labelled ``describe(stage)``) shows ``day`` of ``days``.
    """
    if quiet or not sys.stderr.isatty():
        yield lambda stage, day, days: None
        return
    from rich.progress import Progress

    with Progress(console=Console(file=sys.stderr), transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, day: int, days: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(describe(stage), total=days)
            bar.update(tasks[stage], completed=day)

        yield update

"""Tables and prose that fit the terminal: never a number split across lines.

A :class:`FitTable` chooses its layout when it is printed, for the console's width:

1. every column with full headers, then with the short headers of :data:`hedgeopt.face.i18n.SHORT`;
2. dropping columns, highest ``priority`` number first (priority 0 never goes), with a one-line note naming what
   was hidden;
3. stacked: one block per row, a ``header  value`` line per column, when even the priority-0 columns do not fit.

Columns of numbers never wrap; text columns fold at word boundaries (and between Japanese characters), never
inside a number or between a number and its unit (``1,234 JPY``, ``-85.0万円``, ``30 days``). :func:`wrap` is the
one line-breaking rule, used for cells, headers, titles and notes alike. Imports rich and :mod:`i18n` only.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from hedgeopt.face import i18n

TEXT_MIN = 20
"""Narrowest a text column is squeezed (cells) before columns are dropped instead; shorter text keeps its width."""

_UNIT_WORDS = frozenset({"JPY", "USD", "EUR", "pts", "pt", "days", "day", "d", "bp", "contracts", "×", "%"})
_NO_LINE_START = set("、。，．・：；！？）」』】〕〉》ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ%％),.:;!?")
_NO_LINE_END = set("（「『【〔〈《(")
_NUMERIC = set("0123456789,.%％×")
_UNIT_CHARS = set("万億兆円件本枚日年月倍桁行回人")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _break_before(text: str, i: int) -> bool:
    """Whether a line may start at ``text[i]`` (both neighbours non-blank)."""
    before, here = text[i - 1], text[i]
    if not (_wide(before) or _wide(here)):
        return False
    if here in _NO_LINE_START or before in _NO_LINE_END:
        return False
    if before in _NUMERIC and _wide(here):
        return False  # "88件": a number keeps its counter
    j = i - 1
    while here in _UNIT_CHARS and j >= 0 and text[j] in _UNIT_CHARS:
        j -= 1
    return not (here in _UNIT_CHARS and j >= 0 and text[j] in _NUMERIC)  # "1.5万円": and all of its unit


def atoms(text: str) -> list[str]:
    """The unbreakable pieces of one line of ``text``, each with the blanks that follow it.

    Breaks fall at blanks and between Japanese characters, except inside a number, between a number and its
    unit word, and before closing (after opening) punctuation.

    Examples
    --------
    >>> atoms("P&L -1,702,123 JPY (17.0%)")
    ['P&L ', '-1,702,123 JPY ', '(17.0%)']
    >>> atoms("約1.5万円の損失")
    ['約', '1.5万円', 'の', '損', '失']
    >>> atoms("全88件中ワースト25件")
    ['全', '88件', '中', 'ワー', 'ス', 'ト', '25件']
    """
    out: list[str] = []
    start = 0
    for m in re.finditer(r"\s+", text):
        end = m.end()
        if end < len(text) and _glued(text[start:m.start()], text[end:]):
            continue
        out.extend(_split_wide(text[start:end]))
        start = end
    if start < len(text):
        out.extend(_split_wide(text[start:]))
    return out


def _glued(before: str, after: str) -> bool:
    """A number and the unit word after it (``1,234 JPY``, ``30 days``) stay on one line."""
    word = after.split(maxsplit=1)[0] if after.strip() else ""
    return bool(before) and before[-1].isdigit() and word.rstrip(".,;:)") in _UNIT_WORDS


def _split_wide(piece: str) -> list[str]:
    cuts = [i for i in range(1, len(piece.rstrip())) if _break_before(piece, i)]
    return [piece[a:b] for a, b in zip([0, *cuts], [*cuts, len(piece)], strict=True)]


def header_atoms(text: str) -> list[str]:
    """The pieces of a column header: words, and a unit in brackets after Japanese (``キャリー(万円)``).

    >>> header_atoms("carry, JPY"), header_atoms("キャリー(万円)"), header_atoms("P(ruin)")
    (['carry, ', 'JPY'], ['キャリー', '(万円)'], ['P(ruin)'])
    """
    return [a for a in re.split(r"(?<=\s)(?=\S)|(?<=[^\x00-\xff])(?=[(（])", text) if a]


def widest_atom(text: str, pieces: Callable[[str], list[str]] = atoms) -> int:
    """Cells of the widest unbreakable piece of ``text`` (the narrowest it can be wrapped to)."""
    return max((cell_len(a.rstrip()) for line in text.split("\n") for a in pieces(line)), default=0)


def _starts(line: str, width: int, pieces: Callable[[str], list[str]] = atoms, hang: int = 0) -> list[int]:
    """Offsets in ``line`` (no newline) where a new line begins so that each fits ``width`` cells.

    Lines after the first are to be indented by ``hang`` cells.
    """
    starts, used, pos = [], 0, 0
    for atom in pieces(line):
        if used > hang and used + cell_len(atom.rstrip()) > width:
            starts.append(pos)
            used = hang
        for ch in atom:  # a piece wider than a whole line (a long path) is folded where it must be
            if used + cell_len(ch) > width and used > hang and not ch.isspace():
                starts.append(pos)
                used = hang
            used += cell_len(ch)
            pos += 1
    return starts


def wrap(text: str, width: int, pieces: Callable[[str], list[str]] = atoms) -> list[str]:
    """``text`` broken into lines of at most ``width`` cells (a piece wider than a line, folded).

    Examples
    --------
    >>> wrap("worst case -24.6% on 2007-10 GFC bear, 2,457,660 JPY", 20)
    ['worst case -24.6% on', '2007-10 GFC bear,', '2,457,660 JPY']
    """
    lines: list[str] = []
    for line in text.split("\n"):
        cuts = [0, *_starts(line, width, pieces), len(line)]
        lines.extend(line[a:b].rstrip() for a, b in itertools.pairwise(cuts) if a < b or len(cuts) == 2)
    return lines


class Prose:
    """A paragraph (rich markup allowed) broken by :func:`wrap`'s rule at the console's width, styles kept.

    A line that starts with blanks or a bullet (``  • note``) continues under its text (a hanging indent).
    """

    def __init__(self, text: str, *, markup: bool = True) -> None:
        self.text, self.markup = text, markup

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rich_text = console.render_str(self.text, markup=self.markup, highlight=False)
        width = options.max_width
        for line in rich_text.split("\n", allow_blank=True):
            hang = min(len(re.match(r"\s*(?:[•*-] )?", line.plain).group()), width // 2)
            for n, part in enumerate(line.divide(_starts(line.plain, width, hang=hang))):
                part.rstrip()
                yield Text(" " * hang) + part if n else part


HEADER_LINES = 2
"""Most lines a full header may take; past that the short headers are tried (those may take more)."""


def _header_width(header: str, lines: int | None) -> int:
    """Narrowest width at which ``header`` wraps into at most ``lines`` lines (any number when None)."""
    width = widest_atom(header, header_atoms)
    while lines is not None and len(wrap(header, width, header_atoms)) > lines:
        width += 1
    return width


@dataclass(frozen=True)
class _Layout:
    shown: tuple[int, ...]
    headers: tuple[str, ...]
    widths: tuple[int, ...]


@dataclass(frozen=True)
class FitTable:
    """A table that picks columns, headers and layout for the width it is printed at (see the module docstring).

    Attributes
    ----------
    title : str
    headers, short : tuple of str
        Full and abbreviated header of each column (the same text where there is no short form).
    rows : tuple of tuple of str
    right_from : int
        Columns from this index on are right-aligned, except those in ``wrap`` past the first two (prose such
        as a list of positions reads from the left).
    wrap : frozenset of int
        Columns that may fold at word boundaries; every other column never wraps.
    priority : tuple of int
        0: always shown; larger numbers are dropped first when the width runs out.
    names : tuple of str
        What the note calls each column when it is hidden (the header without its unit).
    lang : Lang
        Language of the note naming hidden columns.
    """

    title: str
    headers: tuple[str, ...]
    short: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    right_from: int
    wrap: frozenset[int]
    priority: tuple[int, ...]
    names: tuple[str, ...]
    lang: i18n.Lang = i18n.Lang.EN

    def layout(self, width: int) -> _Layout | None:
        """The columns, headers and widths to use at ``width`` cells; None when only stacking fits."""
        everything = range(len(self.headers))
        droppable = sorted((i for i in everything if self.priority[i] > 0), key=lambda i: (-self.priority[i], -i))
        for k in range(len(droppable) + 1):
            shown = tuple(i for i in everything if i not in droppable[:k])
            for headers, lines in ((self.headers, HEADER_LINES), (self.short, None)):
                widths = self._fit(shown, headers, width, lines)
                if widths is not None:
                    return _Layout(shown, tuple(headers[i] for i in shown), widths)
        return None

    def _bounds(self, i: int, header: str, header_lines: int | None = None) -> tuple[int, int]:
        cells = [r[i] for r in self.rows]
        if i in self.wrap:
            longest = max((cell_len(line) for c in cells for line in c.split("\n")), default=0)
            low = max([widest_atom(c) for c in cells] + [min(longest, TEXT_MIN)])
        else:
            low = longest = max((cell_len(line) for c in cells for line in c.split("\n")), default=0)
        return max(low, _header_width(header, header_lines)), max(longest, cell_len(header))

    def _fit(self, shown: Sequence[int], headers: Sequence[str], width: int,
             header_lines: int | None = None) -> tuple[int, ...] | None:
        bounds = [self._bounds(i, headers[i], header_lines) for i in shown]
        slack = width - (3 * len(shown) + 1) - sum(low for low, _ in bounds)
        if slack < 0:
            return None
        widths = [low for low, _ in bounds]
        # text columns widen first (names on fewer lines), then numbers' headers unfold; most important first
        for k in sorted(range(len(shown)), key=lambda k: (shown[k] not in self.wrap, self.priority[shown[k]], k)):
            grow = min(slack, bounds[k][1] - widths[k])
            widths[k] += grow
            slack -= grow
        return tuple(widths)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        if self.title:
            yield Text("\n".join(wrap(self.title, width)), style="table.title")
        chosen = self.layout(width)
        if chosen is None:
            yield from self._stacked(width)
            return
        yield self._table(chosen)
        hidden = [self.names[i] for i in range(len(self.headers)) if i not in chosen.shown]
        if hidden:
            note = i18n.t("columns_hidden", self.lang, columns=i18n.t("list_sep", self.lang).join(hidden),
                          width=width)
            yield Text("\n".join(wrap(note, width)))

    def _right(self, i: int) -> bool:
        return i >= self.right_from and not (i in self.wrap and i > 1)

    def _table(self, chosen: _Layout) -> Table:
        out = Table(header_style="bold")
        for i, header, w in zip(chosen.shown, chosen.headers, chosen.widths, strict=True):
            out.add_column(Text("\n".join(wrap(header, w, header_atoms))), width=w, no_wrap=True,
                           justify="right" if self._right(i) else "left")
        for row in self.rows:
            out.add_row(*(Text("\n".join(wrap(row[i], w)) if i in self.wrap else row[i])
                          for i, w in zip(chosen.shown, chosen.widths, strict=True)))
        return out

    def _stacked(self, width: int) -> Iterator[Text]:
        """One block per row: its first cell in bold, then ``header  value`` lines, values right-aligned."""
        keys = list(range(1, len(self.headers)))
        value_w = max((self._bounds(i, "")[0] for i in keys), default=0)
        key_w = max(min(max((cell_len(self.headers[i]) for i in keys), default=0), width - value_w - 4),
                    max((widest_atom(self.headers[i], header_atoms) for i in keys), default=0))
        value_room = max(value_w, width - key_w - 4)
        for row in self.rows:
            yield Text("\n".join(wrap(row[0], width)), style="bold")
            lines: list[str] = []
            for i in keys:
                key_lines = wrap(self.headers[i], key_w, header_atoms)
                values = wrap(row[i], value_room) if i in self.wrap else [row[i]]
                right = self._right(i)
                for n in range(max(len(key_lines), len(values))):
                    k = key_lines[n] if n < len(key_lines) else ""
                    v = values[n] if n < len(values) else ""
                    v = _pad(v, value_w, right) if right else v
                    lines.append(f"  {_pad(k, key_w, False)}  {v}".rstrip())
            yield Text("\n".join(lines))


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * max(0, width - cell_len(text))
    return fill + text if right else text + fill


def fit_table(title: str, columns: Sequence[str | tuple[str, str, str]], rows: Iterable[Sequence[str]], *,
              right_from: int = 1, wrap_columns: Iterable[int] | None = None, priority: Sequence[int] | None = None,
              lang: i18n.Lang | str = i18n.Lang.EN) -> FitTable:
    """A :class:`FitTable`; short headers from :func:`hedgeopt.face.i18n.short` (the full text where none).

    Parameters
    ----------
    title : str
    columns : sequence of str or of (full, short, name) triples
        Headers; a plain string takes its short form from :func:`hedgeopt.face.i18n.short`; ``name`` is what
        the note on hidden columns calls it (``carry`` for the header ``carry, JPY``).
    rows : iterable of sequences of str
    right_from : int, default 1
        Columns from this index on are right-aligned (numbers).
    wrap_columns : iterable of int, optional
        Columns that may fold at word boundaries; default the left-aligned ones (``range(right_from)``).
    priority : sequence of int, optional
        One per column: 0 never dropped, larger numbers dropped first; default all 0.
    lang : Lang or str, default English
    """
    n = len(columns)
    return FitTable(
        title=title,
        headers=tuple(c if isinstance(c, str) else c[0] for c in columns),
        short=tuple(i18n.short(c, lang) if isinstance(c, str) else c[1] for c in columns),
        rows=tuple(tuple(str(c) for c in r) for r in rows),
        right_from=right_from,
        wrap=frozenset(range(min(right_from, n)) if wrap_columns is None else wrap_columns),
        priority=tuple(priority) if priority is not None else (0,) * n,
        names=tuple(c if isinstance(c, str) else c[-1] for c in columns),
        lang=i18n.Lang(lang),
    )

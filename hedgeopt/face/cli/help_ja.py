"""``--help`` in Japanese: a help formatter that looks every English text up in ``help_ja.toml``.

The English help stays where it is written, beside each argument; the Japanese is keyed by it, so English help
is unchanged and a new argument without a Japanese entry is caught by a test. Lines are wrapped by display width
(a kanji takes two columns), never inside a Latin word or before 「、」「。」.
"""

from __future__ import annotations

import argparse
import re
import tomllib
import unicodedata
from functools import cache
from importlib import resources

_CLOSING = set("、。)」』,.")
_TOKENS = re.compile(r"[!-~]+|\s+|.")


@cache
def table() -> dict[str, str]:
    """English help text -> Japanese, from ``help_ja.toml``."""
    text = resources.files(__package__).joinpath("help_ja.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["help"]


def japanese(text: str | None) -> str | None:
    """The Japanese of one English help text; the text itself when the table has none."""
    return table().get(text, text) if text else text


def width(text: str) -> int:
    """Display width in terminal columns: two for wide (kanji, kana, full-width) characters, one otherwise."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, columns: int) -> list[str]:
    """``text`` in lines of at most ``columns`` display columns (a Latin word longer than that stands alone).

    >>> wrap("最大損失の上限、純資産に対する割合(既定は [risk] cap)", 24)
    ['最大損失の上限、純資産に', '対する割合(既定は [risk]', 'cap)']
    """
    lines, line = [], ""
    for token in _TOKENS.findall(" ".join(text.split())):
        if line and width(line + token.rstrip()) > columns and token not in _CLOSING and not token.isspace():
            lines.append(line.rstrip())
            line = ""
        if line or not token.isspace():
            line += token
    return [*lines, line.rstrip()] if line.strip() else lines


class JapaneseHelp(argparse.HelpFormatter):
    """An argparse formatter writing usage, section titles, descriptions and argument help in Japanese."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return japanese(action.help)

    def _format_usage(self, usage, actions, groups, prefix) -> str:  # noqa: ANN001 (argparse's signature)
        """The usage lines headed 「使い方: 」, laid out for its display width (argparse counts characters)."""
        head = japanese("usage: ") if prefix is None else prefix
        text = super()._format_usage(usage, actions, groups, " " * width(head))
        return head + text[width(head):]

    def start_section(self, heading: str | None) -> None:
        """A section (位置引数, オプション) with its title in Japanese."""
        super().start_section(japanese(heading))

    def add_text(self, text: str | None) -> None:
        """A description in Japanese."""
        super().add_text(japanese(text))

    def _split_lines(self, text: str, width_: int) -> list[str]:
        return wrap(text, width_)

    def _fill_text(self, text: str, width_: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, width_ - len(indent)))

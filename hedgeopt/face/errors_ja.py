"""Errors in Japanese: the library raises in English (its Python API), the command line translates for ``--lang ja``.

An :class:`~pricing.errors.InputError` keeps its parts (``field``, ``value``, ``expected``, ``hint``), so its
Japanese line is built from them::

    {field}={value!r}: {expected in Japanese}を指定してください({hint in Japanese})

where an ``expected`` phrase that is a whole sentence (ending in 「。」) stands without the frame. Other errors
(:class:`~pricing.errors.InfeasibleHedgeError`, :class:`~pricing.errors.SolverError`, ``PricingError``, file
errors) are translated whole. The phrases live in ``errors_ja.toml`` beside this module: English phrases with
``{name}`` where the library formats a value, matched exactly or as patterns; a value caught by a pattern is itself
translated when it is a known fragment or a nested error (``"; first: row 3 bid=...: expected ..."``).

Another library's message (tomllib's "Invalid value (at line 3, column 7)") is translated when it is known, and
otherwise shown as 原文 (the original) after a Japanese sentence, so that nothing is lost.

Examples
--------
>>> from pricing import InputError, ResourceLimitError, SolverError, byte_size, shown
>>> message(InputError("vol", 20.0, "a decimal such as 0.20", hint="20.0 looks like a percentage"))
'vol=20.0: 0.20 のような小数を指定してください(20.0 はパーセント表記のようです)'
"""

from __future__ import annotations

import errno
import re
import string
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pricing import InputError, ResourceLimitError, SolverError, byte_size, shown

FRAME = "を指定してください"
"""What follows an ``expected`` noun phrase in the Japanese line."""

SENTENCE_END = "。"
"""A Japanese phrase ending in this is a whole sentence, used without :data:`FRAME`."""

SECTIONS = ("phrases", "fragments", "foreign", "argparse")
"""The tables of ``errors_ja.toml``."""

_ERRNO = {
    errno.ENOENT: "ファイルまたはフォルダーがありません",
    errno.EACCES: "アクセスが許可されていません",
    errno.EPERM: "アクセスが許可されていません",
    errno.EISDIR: "フォルダーです(ファイルを指定してください)",
    errno.ENOTDIR: "フォルダーではありません",
    errno.EEXIST: "既に存在します",
    errno.ENOSPC: "ディスクに空きがありません",
    errno.EROFS: "読み取り専用の場所です",
    errno.ENAMETOOLONG: "名前が長すぎます",
    errno.ELOOP: "シンボリックリンクが循環しています",
}
_NESTED = re.compile(r"(?P<field>[^=\s][^=]*)=(?P<value>.*?): expected (?P<rest>.*)", re.S)


@dataclass(frozen=True)
class _Pattern:
    """One English phrase with ``{name}`` parts, as a regular expression, and its Japanese."""

    regex: re.Pattern[str]
    ja: str
    literal: int  # characters outside the parts: longer is more specific, tried first


def canonical(english: str) -> str:
    """The phrase with each ``{name}`` part written ``{}``: the form the source test compares.

    >>> canonical("a strike below the long strike {strike}"), canonical("a table such as {{ SPX = 1.0 }}")
    ('a strike below the long strike {}', 'a table such as { SPX = 1.0 }')
    """
    return "".join(text + ("{}" if name is not None else "") for text, name, _, _ in string.Formatter().parse(english))


def _pattern(english: str, ja: str) -> _Pattern:
    parts = list(string.Formatter().parse(english))
    regex = "".join(re.escape(text) + (f"(?P<{name}>.+?)" if name is not None else "") for text, name, _, _ in parts)
    return _Pattern(re.compile(regex, re.S), ja, sum(len(text) for text, *_ in parts))


@cache
def _data() -> dict[str, dict[str, str]]:
    """``errors_ja.toml``, read once."""
    return tomllib.loads(resources.files(__package__).joinpath("errors_ja.toml").read_text(encoding="utf-8"))


@cache
def _tables() -> dict[str, tuple[dict[str, str], tuple[_Pattern, ...]]]:
    """Each section of ``errors_ja.toml`` as exact phrases and patterns (most specific first)."""
    tables = {}
    for section in SECTIONS:
        entries = _data()[section].items()
        fixed = {en for en, _ in entries if all(name is None for _, name, _, _ in string.Formatter().parse(en))}
        exact = {canonical(en): canonical(ja) for en, ja in entries if en in fixed}
        patterns = sorted((_pattern(en, ja) for en, ja in entries if en not in fixed), key=lambda p: -p.literal)
        tables[section] = (exact, tuple(patterns))
    return tables


def entries(section: str = "phrases") -> dict[str, str]:
    """The entries of ``section`` of ``errors_ja.toml``: English phrase (``{name}`` parts) -> Japanese."""
    return dict(_data()[section])


def english_phrases(section: str = "phrases") -> set[str]:
    """The canonical forms (see :func:`canonical`) of every English phrase in ``section``."""
    return {canonical(en) for en in _data()[section]}


def translate(text: str | None, section: str = "phrases") -> str | None:
    """The Japanese of one English phrase, or None when ``section`` has no entry that matches it.

    >>> translate("a whole number >= 2"), translate("no such phrase")
    ('2 以上の整数', None)
    """
    if text is None:
        return None
    exact, patterns = _tables()[section]
    if text in exact:
        return exact[text]
    for p in patterns:
        match = p.regex.fullmatch(text)
        if match:
            return p.ja.format(**{name: _inner(value) for name, value in match.groupdict().items()})
    return None


def _inner(value: str) -> str:
    """A value caught by a pattern: translated when it is a fragment, a phrase or a nested error; else as is."""
    for section in ("fragments", "phrases", "foreign"):
        ja = translate(value, section)
        if ja is not None:
            return ja.removesuffix(SENTENCE_END)
    nested = _NESTED.fullmatch(value)
    if nested:
        return input_line(nested["field"], nested["value"], *_split_hint(nested["rest"]))
    return value


def rendered(text: str) -> str:
    """An error message already rendered in English (a skipped row's reason) in Japanese; unknown parts kept.

    >>> rendered("row 3 bid=-1.0: expected a price >= 0 in points")
    'row 3 bid=-1.0: 0 以上の価格(ポイント)を指定してください'
    """
    return _inner(text)


def _split_hint(rest: str) -> tuple[str, str | None]:
    """``"expected (hint)"`` from an English error message split into its phrase and hint."""
    if rest.endswith(")"):
        for i in reversed([m.start() for m in re.finditer(r" \(", rest)]):
            if translate(rest[:i]) is not None and _hint(rest[i + 2:-1]) is not None:
                return rest[:i], rest[i + 2:-1]
    return rest, None


def _hint(text: str) -> str | None:
    """A hint in Japanese: one of ours, or another library's message that the table knows; else None."""
    return translate(text) or translate(text, "foreign")


def _foreign(text: str) -> str:
    """A hint in Japanese when known, else 「原文: 」 and the original, so that nothing is lost."""
    ja = _hint(text)
    return ja if ja is not None else f"原文: {text}"


def input_line(field: str, value: str, expected: str, hint: str | None) -> str:
    """``{field}={value}: {expected}を指定してください({hint})`` with ``value`` already shown."""
    ja = translate(expected)
    if ja is None:
        body = f"値が正しくありません(原文: expected {expected})"
    else:
        space = " " if ja[-1].isascii() and ja[-1] not in ")]" else ""  # after a key or a code: 'en' を
        body = ja.removesuffix(SENTENCE_END) if ja.endswith(SENTENCE_END) else ja + space + FRAME
    if hint:
        body += f"({_foreign(hint).removesuffix(SENTENCE_END)})"
    return f"{field}={value}: {body}"


def message(exc: BaseException) -> str:
    """The one-line Japanese message of ``exc`` (without the ``hedgeopt COMMAND: エラー:`` prefix).

    Parameters
    ----------
    exc : BaseException
        An :class:`~pricing.errors.InputError`, another ``HedgeoptError``, a ``ValueError`` or an ``OSError``.

    Returns
    -------
    str
        Japanese; field names, values, keys, tickers and file names stay as they are.
    """
    if isinstance(exc, InputError):
        return input_line(exc.field, shown(exc.value, more="…(全 {n:,} 文字)"), exc.expected, exc.hint)
    if isinstance(exc, ResourceLimitError):
        return resource_line(exc)
    if isinstance(exc, SolverError):
        context = str(exc).removeprefix(f"solver {exc.solver} returned status {exc.status!r}: ")
        status = _inner(repr(exc.status))
        return f"ソルバー {exc.solver} が解けませんでした(状態 {status})。{_foreign(context)}"
    if isinstance(exc, OSError):
        reason = _ERRNO.get(exc.errno, "読み書きできません")
        return f"{exc.filename}: {reason}" if exc.filename is not None else reason
    text = str(exc)
    ja = translate(text)
    if ja is not None:
        return ja.removesuffix(SENTENCE_END)
    return f"処理を続けられません(原文: {text})"


def resource_line(exc: ResourceLimitError) -> str:
    """A refused request in Japanese: what it was, its estimate against the limit, and how to make it fit."""
    show = (lambda n: f"{byte_size(n)} のメモリ") if exc.unit == "bytes" else (lambda n: f"{n:,.0f} 回の求解")
    what, hint = _inner(exc.what), _foreign(exc.hint).removesuffix(SENTENCE_END)
    return f"{what}には約 {show(exc.need)}が必要で、上限 {show(exc.limit)}を超えます({hint})"


def argparse_message(text: str) -> str:
    """An error of the argument parser (``"the following arguments are required: config"``) in Japanese."""
    ja = translate(text, "argparse")
    return ja if ja is not None else f"引数が正しくありません(原文: {text})"

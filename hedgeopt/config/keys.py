"""Strict checks for config tables, shared by every section's parser.

Keys (an unknown key fails naming its path and the nearest valid key), TOML numbers and booleans (never guessed
from strings), ranges, and constructor errors re-raised under the key path.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from pricing import InputError
from pricing.validation import check_positive
from scenarios import grid_values

_UNIONS = (typing.Union, types.UnionType)


def check_keys(path: str, table: Any, allowed: set[str], required: set[str] = frozenset()) -> dict:
    """Return ``table`` as a dict after checking its keys.

    Parameters
    ----------
    path : str
        Key path of the table (``"rules.reentry"``); "" for the top level.
    table : Any
        What the TOML held there; must be a mapping.
    allowed, required : set of str
        Keys that may and must appear.

    Raises
    ------
    InputError
        Not a table, an unknown key (with "did you mean ...?" when one is close) or a missing required key.

    Examples
    --------
    >>> check_keys("rules", {"derisc": []}, {"derisk", "reentry"})
    Traceback (most recent call last):
    ...
    pricing.errors.InputError: rules.derisc=[]: expected one of the keys derisk, reentry (did you mean 'derisk'?)
    """
    if not isinstance(table, Mapping):
        raise InputError(path, table, "a table of keys")
    for key in table:
        if key not in allowed:
            near = difflib.get_close_matches(str(key), sorted(allowed), n=1)
            hint = f"did you mean '{near[0]}'?" if near else None
            raise InputError(f"{path}.{key}" if path else key, table[key],
                             "one of the keys " + ", ".join(sorted(allowed)), hint=hint)
    for key in sorted(required):
        if key not in table:
            raise InputError(f"{path}.{key}" if path else key, None, "a value (this key is required)")
    return dict(table)


def name_in(path: str, value: Any, valid: Iterable[str], what: str) -> str:
    """``value`` when it is one of the names ``valid`` (case and spaces exact), else an InputError with the nearest.

    Parameters
    ----------
    path : str
        Key path of the name (``"scenarios.factor_model.driver"``).
    value : Any
        What the TOML held.
    valid : iterable of str
        The names that exist (the market's indices, currencies, catalogue symbols).
    what : str
        What the name is, as a phrase ("an index of the market").

    Examples
    --------
    >>> name_in("scenarios.factor_model.driver", "spx", ["SPX", "NKY"], "an index of the market")
    Traceback (most recent call last):
    ...
    pricing.errors.InputError: scenarios.factor_model.driver='spx': expected an index of the market, one of NKY, SPX \
(did you mean 'SPX'?)
    """
    names = sorted(valid)
    if isinstance(value, str) and value in names:
        return value
    expected = f"{what}, one of {', '.join(names)}" if names else f"{what} (there is none)"
    hint = None
    if isinstance(value, str):
        folded = {n.casefold(): n for n in names}
        near = folded.get(value.strip().casefold()) or next(
            iter(difflib.get_close_matches(value.strip(), names, n=1)), None)
        hint = f"did you mean '{near}'?" if near else None
    raise InputError(path, value, expected, hint=hint)


def table_of(path: str, value: Any) -> dict:
    """``value`` when it is a TOML table (a mapping), else an InputError naming ``path``."""
    if not isinstance(value, Mapping):
        raise InputError(path, value, "a table such as { SPX = 1.0 }")
    return dict(value)


@contextmanager
def at_path(path: str, keys: Iterable[str] = ()) -> Iterator[None]:
    """Re-raise an InputError from a constructor with the config key path in front of its field.

    A field whose first part is one of ``keys`` (the table's own keys: ``dividend_yields.SPX`` under
    ``market``) keeps its whole path; any other (a class's prefix: ``cash.amount``) keeps only its last part.
    """
    try:
        yield
    except InputError as exc:
        parts = exc.field.split(".")
        tail = exc.field if parts[0] in set(keys) else parts[-1]
        raise InputError(f"{path}.{tail}", exc.value, exc.expected, hint=exc.hint) from None
    except TypeError as exc:
        raise InputError(path, None, "the documented keys", hint=str(exc)) from None


def build(path: str, cls: Callable[..., Any], table: Mapping, renames: Mapping[str, str] = {}) -> Any:  # noqa: B006
    """``cls(**table)`` (keys renamed by ``renames``), its input errors named under ``path``.

    Before the constructor runs, each value is checked against the type its field declares (:func:`typed`), so
    that ``amount = [1]`` or ``currency = 5`` fails naming ``path.amount`` instead of deep inside the arithmetic.
    """
    hints = _hints(cls)
    for key, value in table.items():
        typed(f"{path}.{key}", value, hints.get(renames.get(key, key)))
    with at_path(path):
        return cls(**{renames.get(k, k): v for k, v in table.items()})


@functools.cache
def _hints(cls: Callable[..., Any]) -> dict[str, Any]:
    """The declared field types of a dataclass ``cls`` ({} for anything else), read once per class."""
    if not dataclasses.is_dataclass(cls):
        return {}
    try:
        return typing.get_type_hints(cls)
    except (NameError, TypeError):  # a forward reference the module does not resolve: leave it to the constructor
        return {}


def typed(path: str, value: Any, hint: Any) -> None:
    """Check a TOML ``value`` against the declared type ``hint`` of its field.

    A number, a whole number or a boolean (an optional one too); other types (texts, which the constructor
    checks against what exists, tables, lists, instruments) are left to the constructor.

    Raises
    ------
    InputError
        A boolean, a string, an array or a table where a number belongs; a non-boolean where ``true``/``false``
        belongs.

    Examples
    --------
    >>> typed("account.cash[0].amount", [1], float)
    Traceback (most recent call last):
    ...
    pricing.errors.InputError: account.cash[0].amount=[1]: expected a number (without quotes)
    """
    union = typing.get_origin(hint) in _UNIONS
    kinds = set(typing.get_args(hint)) - {type(None)} if union else {hint}
    if value is None and union and type(None) in typing.get_args(hint):
        return
    if kinds == {float} or kinds == {int, float}:
        number(path, value)
    elif kinds == {int}:
        whole(path, value)
    elif kinds == {bool}:
        boolean(path, value)


def whole(path: str, value: Any) -> int:
    """A TOML whole number (``30``, or ``30.0``); a boolean, a string or a fraction is an error."""
    x = number(path, value)
    if not x.is_integer():
        raise InputError(path, value, "a whole number")
    return int(x)


def number(path: str, value: Any) -> float:
    """A finite TOML number (integer or float); a string, a boolean, ``nan`` or ``inf`` is an error, not a guess."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        hint = ("true and false are never read as numbers" if isinstance(value, bool)
                else "a quoted value is text, never read as a number" if isinstance(value, str) else None)
        raise InputError(path, value, "a number (without quotes)", hint=hint)
    try:
        x = float(value)
    except OverflowError:  # a TOML integer beyond a float
        x = math.inf
    if not math.isfinite(x):
        raise InputError(path, value, "a finite number")
    return x


def boolean(path: str, value: Any) -> bool:
    """A TOML boolean: ``true`` or ``false`` (a string such as ``"no"`` is an error)."""
    if not isinstance(value, bool):
        raise InputError(path, value, "true or false (without quotes)")
    return value


def fractions(path: str, value: Any) -> tuple[float, ...]:
    """A list of positive numbers or a ``{start, stop, step}`` range (inclusive)."""
    if isinstance(value, Mapping):
        r = check_keys(path, value, {"start", "stop", "step"}, {"start", "stop", "step"})
        values = grid_values(path, *(number(f"{path}.{k}", r[k]) for k in ("start", "stop", "step"))).round(10)
    else:
        values = value if isinstance(value, list) else [value]
        for i, v in enumerate(values):
            number(f"{path}[{i}]" if len(values) > 1 else path, v)
    arr = check_positive(path, values) if len(values) else None
    if arr is None:
        raise InputError(path, value, "at least one value", hint="the range is empty")
    return tuple(float(v) for v in arr)

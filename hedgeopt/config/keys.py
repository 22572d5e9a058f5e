"""Strict checks for config tables, shared by every section's parser.

Keys (an unknown key fails naming its path and the nearest valid key), TOML numbers and booleans (never guessed
from strings), ranges, and constructor errors re-raised under the key path.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from pricing import InputError
from pricing.validation import check_positive
from scenarios import grid_values


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


def table_of(path: str, value: Any) -> dict:
    """``value`` when it is a TOML table (a mapping), else an InputError naming ``path``."""
    if not isinstance(value, Mapping):
        raise InputError(path, value, "a table such as { SPX = 1.0 }")
    return dict(value)


@contextmanager
def at_path(path: str) -> Iterator[None]:
    """Re-raise an InputError from a constructor with the config key path in front of its field."""
    try:
        yield
    except InputError as exc:
        leaf = exc.field.split(".")[-1]
        raise InputError(f"{path}.{leaf}", exc.value, exc.expected, hint=exc.hint) from None
    except TypeError as exc:
        raise InputError(path, None, "the documented keys", hint=str(exc)) from None


def build(path: str, cls: Callable[..., Any], table: Mapping, renames: Mapping[str, str] = {}) -> Any:  # noqa: B006
    """``cls(**table)`` (keys renamed by ``renames``), its input errors named under ``path``."""
    with at_path(path):
        return cls(**{renames.get(k, k): v for k, v in table.items()})


def number(path: str, value: Any) -> float:
    """A TOML number (integer or float); a string or a boolean is an error, not a guess."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        hint = ("true and false are never read as numbers" if isinstance(value, bool)
                else "a quoted value is text, never read as a number" if isinstance(value, str) else None)
        raise InputError(path, value, "a number (without quotes)", hint=hint)
    return float(value)


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

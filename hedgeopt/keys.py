"""Strict key checking for config tables: an unknown key fails naming its path and the nearest valid key."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from pricing import InputError


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

"""The accounts of a batch: a folder of TOML configs, or one table (CSV or Parquet) with a shared TOML.

**A folder.** Every ``*.toml`` under it (sub-folders included, in sorted order) is one account, named by its path
relative to the folder without ``.toml`` (``clients/tanaka``). A file may be a whole config; with ``--shared FILE``
the shared TOML's sections are laid under each file first (a key of the file wins; tables merge key by key, an
array is replaced whole).

**A table.** One row per account. Column ``id`` names the account (unique, not empty); every other column is the
documented key path of one config value (docs/config.md), with the index of an array of tables in brackets:
``account.mmf[0].amount``, ``account.satellite[0].route``, ``risk.cap``. Only the account's own sections may vary
by row — ``account``, ``risk``, ``rules`` and ``tax``; the market, the scenarios, the hedge candidates and the path
settings come from the shared TOML, the same for every row. A blank cell leaves its key unset. A CSV cell is read
as a TOML value (``0.06``, ``3_000_000``, ``true``, ``"USD"``), and a cell that is not one (``USD``) as text; a
Parquet column keeps its own type. A bool is never a number: ``true`` in an amount is refused by the config's checks
like in a TOML file.

A row or file that cannot be read becomes an :class:`AccountInput` with its error, and the batch goes on; a source
that cannot be read at all (no such folder, no ``id`` column, a duplicated id, a column outside those sections)
raises :class:`~pricing.errors.InputError` naming it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from hedgeopt.config.market_spec import anchor_chains
from pricing import InputError
from pricing.files import MAX_TABLE_BYTES, check_file, read_text, read_toml

ROW_SECTIONS = ("account", "risk", "rules", "tax")
"""Sections a table's row (or an account file) may set for itself; the rest are shared."""
CONTEXT_SECTIONS = ("market", "scenarios", "hedge")
"""Sections that make an account's context: accounts that agree on them share one scenario set and candidates."""
ID_COLUMN = "id"
PARQUET_MAGIC = b"PAR1"
"""The first four bytes of every Parquet file."""
_STEP = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?$")


@dataclass(frozen=True)
class AccountInput:
    """One account of a batch, as read: its config data, or why it could not be read.

    Attributes
    ----------
    id : str
        The account's name: the file's relative path without ``.toml``, or the table's ``id``.
    source : str
        Where it came from: the file, or ``table.csv row 12`` (1-based, the header not counted).
    data : dict
        The config as ``tomllib`` would give it, the shared sections merged in (empty when ``error`` is set).
    error : str, optional
        Why it could not be read (a TOML syntax error, a cell under an impossible key).
    error_parts : str, optional
        The error's parts as JSON (:func:`error_parts`), for wording it in another language.
    """

    id: str
    source: str
    data: Mapping[str, Any]
    error: str | None = None
    error_parts: str | None = None

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the account's input (its merged config, or its error): a finished answer to it is reused."""
        body = json.dumps({"data": self.data, "error": self.error}, sort_keys=True, default=str)
        return hashlib.sha256(body.encode("utf-8")).hexdigest()

    @property
    def context(self) -> str:
        """SHA-256 of the market, scenario and hedge sections: equal for accounts that share them."""
        body = json.dumps({k: self.data.get(k) for k in CONTEXT_SECTIONS}, sort_keys=True, default=str)
        return hashlib.sha256(body.encode("utf-8")).hexdigest()


def error_parts(exc: BaseException) -> str | None:
    """An :class:`~pricing.errors.InputError`'s field, value (its ``repr``), expected and hint as JSON; else None."""
    if not isinstance(exc, InputError):
        return None
    return json.dumps({"field": exc.field, "value": exc.shown, "expected": exc.expected,
                       "hint": exc.hint}, ensure_ascii=False)


def merged(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """``top`` laid over ``base``: tables merge key by key, anything else (an array included) is replaced."""
    out = dict(base)
    for key, value in top.items():
        out[key] = merged(out[key], value) if isinstance(value, Mapping) and isinstance(out.get(key), Mapping) \
            else value
    return out


def read_shared(path: str | Path | None) -> dict[str, Any]:
    """The shared TOML (every section but ``account``), or ``{}`` without one.

    Raises
    ------
    InputError
        The file is missing, not a regular UTF-8 file of at most 16 MiB, not TOML, holds an ``[account]`` (accounts
        come from the folder or the table), or a top-level value that is not a table (``[[market]]``).
    """
    if path is None:
        return {}
    data = anchor_chains(read_toml(path, "shared"), Path(path).parent)
    if "account" in data:
        raise InputError("shared.account", str(path), "a shared file without [account] (each account is a file of "
                         "the folder or a row of the table)")
    for key, value in data.items():  # a value laid under every account: refused here once, not once per account
        if not isinstance(value, Mapping):
            raise InputError(f"shared.{key}", value, "a table of keys", hint=f"in {Path(path).name}: write [{key}], "
                             "not [[...]] or a value at the top")
    return data


def from_folder(folder: str | Path, shared: Mapping[str, Any] | None = None) -> list[AccountInput]:
    """One :class:`AccountInput` per ``*.toml`` under ``folder``, sorted by name, ``shared`` laid under each.

    Raises
    ------
    InputError
        ``folder`` is not a folder, or holds no ``.toml`` file.
    """
    root = Path(folder)
    if not root.is_dir():
        raise InputError("accounts", str(folder), "a folder of TOML configs, or a .csv or .parquet table")
    files = sorted(p for p in root.rglob("*.toml") if not p.is_dir())  # a pipe or a device: its account's error
    if not files:
        raise InputError("accounts", str(folder), "a folder holding at least one .toml config")
    out = []
    for path in files:
        name = path.relative_to(root).with_suffix("").as_posix()
        try:
            own = anchor_chains(read_toml(path, "config"), path.parent)
            out.append(AccountInput(name, str(path), merged(shared or {}, own)))
        except InputError as exc:
            out.append(AccountInput(name, str(path), {}, str(exc), error_parts(exc)))
    return out


def toml_cell(text: str) -> Any:
    """A CSV cell read as a TOML value (``0.06``, ``3_000_000``, ``true``, ``"USD"``), or as text when it is not one.

    Examples
    --------
    >>> toml_cell("3_000_000"), toml_cell("0.06"), toml_cell("true"), toml_cell("USD"), toml_cell('"1"')
    (3000000, 0.06, True, 'USD', '1')
    """
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def _cell(value: Any) -> Any:
    """A Parquet cell as a plain Python value (numpy scalars unwrapped, arrays as lists); None when blank."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, np.ndarray):
        return [_cell(v) for v in value.tolist()]
    return value.item() if isinstance(value, np.generic) else value


def _steps(column: str) -> list[tuple[str, int | None]]:
    """``account.mmf[0].amount`` as ``[("account", None), ("mmf", 0), ("amount", None)]``."""
    steps = []
    for part in column.split("."):
        m = _STEP.match(part)
        if m is None:
            raise InputError(f"column {column!r}", column, "a config key path such as account.mmf[0].amount")
        steps.append((m.group(1), None if m.group(2) is None else int(m.group(2))))
    if steps[0][0] not in ROW_SECTIONS or steps[0][1] is not None or len(steps) < 2:
        raise InputError(f"column {column!r}", column, "a key under " + ", ".join(ROW_SECTIONS) + " (the market, "
                         "scenarios, hedge and paths sections come from the shared TOML)")
    return steps


def _put(data: dict[str, Any], steps: list[tuple[str, int | None]], value: Any) -> None:
    """Set ``value`` at the key path ``steps`` in ``data``, making tables and arrays of tables on the way."""
    here: Any = data
    for k, (name, index) in enumerate(steps):
        last = k == len(steps) - 1
        if index is None:
            if last:
                here[name] = value
            else:
                here = here.setdefault(name, {})
            continue
        array = here.setdefault(name, [])
        array.extend({} for _ in range(index + 1 - len(array)))
        if last:
            array[index] = value
        else:
            here = array[index]


def _table_frame(path: Path) -> pd.DataFrame:
    """The table as text cells (a CSV) or typed columns (a Parquet file); any refusal names the file.

    Both are regular files of at most 512 MiB (:data:`~pricing.files.MAX_TABLE_BYTES`); a CSV is UTF-8 (a
    byte-order mark dropped) and names each column once; a Parquet file starts with its magic bytes ``PAR1``.
    """
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet", ".pq"):
        raise InputError("accounts", str(path), "a folder of TOML configs, or a .csv or .parquet table")
    if suffix == ".csv":
        return _csv_frame(path)
    check_file(path, "accounts", "Parquet table", MAX_TABLE_BYTES)
    with path.open("rb") as handle:
        if handle.read(4) != PARQUET_MAGIC:
            raise InputError("accounts", str(path), "a Parquet file", hint="it does not start with PAR1: "
                             "is it a CSV file named .parquet?")
    try:
        return pd.read_parquet(path)
    except (ValueError, OSError) as exc:  # pyarrow's parse errors
        raise InputError("accounts", str(path), "a readable parquet table", hint=str(exc)) from None


def _csv_frame(path: Path) -> pd.DataFrame:
    """A CSV table as text cells, its header checked: not empty, each column named once."""
    text = read_text(path, "accounts", "CSV table", MAX_TABLE_BYTES)
    line, first = next(((n, row) for n, row in enumerate(text.splitlines(), 1) if row.strip()), (0, ""))
    if not first:
        raise InputError("accounts", str(path), "a CSV table with a header line", hint="the file is empty")
    if len(first) > csv.field_size_limit():
        raise InputError(f"{path.name} line {line} header", first, f"a line of at most {csv.field_size_limit():,} "
                         "characters", hint="is this a table of accounts?")
    names = [name.strip() for name in next(csv.reader([first]))]
    repeated = next((name for name in names if names.count(name) > 1), None)
    if repeated is not None:
        raise InputError(f"{path.name} line {line} header", repeated, "one column of each name",
                         hint="the column is there twice: delete one")
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except ValueError as exc:  # pandas' parse errors
        raise InputError("accounts", str(path), "a readable csv table", hint=str(exc)) from None


def from_table(path: str | Path, shared: Mapping[str, Any] | None = None) -> list[AccountInput]:
    """One :class:`AccountInput` per row of a CSV or Parquet table, ``shared`` laid under each (see module doc).

    Raises
    ------
    InputError
        The file cannot be read, has no row or no ``id`` column, a blank or repeated id, or a column that is not a
        key path under ``account``, ``risk``, ``rules`` or ``tax``.
    """
    p = Path(path)
    frame = _table_frame(p)
    if ID_COLUMN not in frame.columns:
        listed = ", ".join(str(c)[:40] for c in frame.columns[:6])  # a 100 kB header cell is not echoed whole
        one_cell = len(frame.columns) == 1 and any(sep in str(frame.columns[0]) for sep in ";\t|")
        raise InputError("accounts", str(p), f"a table with an '{ID_COLUMN}' column naming each account",
                         hint="the header is one cell: save the file with commas between the columns, not semicolons "
                              "or tabs" if one_cell else "columns: " + listed)
    if frame.empty:
        raise InputError("accounts", str(p), "a table with at least one account (this one has no rows)")
    columns = [(c, _steps(str(c))) for c in frame.columns if c != ID_COLUMN]
    ids = frame[ID_COLUMN].map(lambda v: "" if _cell(v) is None else str(_cell(v)).strip())
    if (ids == "").any():
        raise InputError(f"{p.name} row {int(np.flatnonzero(ids == '')[0]) + 1}.id", "", "an account id")
    repeated = ids[ids.duplicated()]
    if not repeated.empty:
        raise InputError(f"{p.name}.id", repeated.iloc[0], "ids that name one account each (this one repeats)")
    csv = p.suffix.lower() == ".csv"
    out = []
    for row, (name, values) in enumerate(zip(ids, frame.itertuples(index=False), strict=True), start=1):
        data: dict[str, Any] = {}
        record = dict(zip(frame.columns, values, strict=True))
        for column, steps in columns:
            raw = record[column]
            value = (toml_cell(raw) if raw.strip() else None) if csv else _cell(raw)
            if value is not None:
                _put(data, steps, value)
        out.append(AccountInput(name, f"{p.name} row {row}", merged(shared or {}, data)))
    return out


def read_accounts(source: str | Path, shared: str | Path | None = None) -> list[AccountInput]:
    """The accounts of ``source`` — a folder of TOML configs, or a CSV or Parquet table — with the shared TOML.

    Raises
    ------
    InputError
        See :func:`from_folder`, :func:`from_table` and :func:`read_shared`.
    """
    base = read_shared(shared)
    p = Path(source)
    return from_folder(p, base) if p.is_dir() else from_table(p, base)

"""Tables (CSV or parquet) and starter configs written to disk: whole or not at all (:mod:`hedgeopt.files`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from hedgeopt.config.templates import template_text
from hedgeopt.files import atomic_path, atomic_paths, check_out
from pricing import InputError


def _writer(path: Path, field: str = "out") -> Callable[[pd.DataFrame, Path], None]:
    """The function writing a frame to a path of ``path``'s kind; an unknown kind is an error naming ``field``."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return lambda frame, target: frame.to_csv(target, index=False)
    if suffix == ".parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise InputError(field, str(path), "a .csv file (parquet needs the pyarrow package, not installed)"
                             ) from None
        return lambda frame, target: frame.to_parquet(target, index=False)
    raise InputError(field, str(path), "a file name ending in .csv or .parquet")


def table_paths(out: str | Path, field: str = "out") -> tuple[Path, Path]:
    """The two files :func:`write_tables` writes for ``out``: ``out`` and ``<stem>.candidates.csv`` beside it.

    Both are checked (:func:`hedgeopt.files.check_out`) and the extension known, before any work.

    Raises
    ------
    InputError
        An unknown extension, parquet without pyarrow, or a path :func:`~hedgeopt.files.check_out` refuses.
    """
    path = check_out(out, field)
    _writer(path, field)
    return path, check_out(path.with_name(path.stem + ".candidates.csv"), field)


def write_tables(out: str | Path, main: pd.DataFrame, side: pd.DataFrame) -> list[Path]:
    """Write ``main`` to ``out`` and ``side`` to ``<stem>.candidates.csv`` beside it, both or neither.

    Both are written to hidden temporary files first and renamed over their names only when both are complete
    (:func:`hedgeopt.files.atomic_paths`); the files take the umask's mode.

    Raises
    ------
    InputError
        See :func:`table_paths`.
    """
    path, side_path = table_paths(out)
    with atomic_paths(path, side_path) as (main_tmp, side_tmp):
        _writer(path)(main, main_tmp)
        _writer(side_path)(side, side_tmp)
    return [path, side_path]


def write_template(name: str, path: str | Path, lang: str = "en") -> Path:
    """Write template ``name`` (comments in ``lang``, ``"en"`` or ``"ja"``) to ``path`` atomically.

    Never overwrites an existing file.

    Raises
    ------
    InputError
        An unknown template, an existing file, or a path :func:`hedgeopt.files.check_out` refuses.
    """
    text = template_text(name, lang)
    target = check_out(path, "path")
    if target.exists():
        raise InputError("path", str(target), "a file that does not exist yet (init never overwrites)")
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return target

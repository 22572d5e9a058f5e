"""Writing files atomically: tables (CSV or parquet) and starter configs; a failure leaves no half-written file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from hedgeopt.config.templates import template_text
from pricing import InputError


def _writer(path: Path) -> Callable[[pd.DataFrame, str], None]:
    """The function writing a frame to a path of ``path``'s kind."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return lambda frame, target: frame.to_csv(target, index=False)
    if suffix == ".parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise InputError("out", str(path), "a .csv file (parquet needs the pyarrow package, not installed)"
                             ) from None
        return lambda frame, target: frame.to_parquet(target, index=False)
    raise InputError("out", str(path), "a file name ending in .csv or .parquet")


def write_tables(out: str | Path, main: pd.DataFrame, side: pd.DataFrame) -> list[Path]:
    """Write ``main`` to ``out`` and ``side`` to ``<stem>.candidates.csv`` beside it, each atomically.

    Raises
    ------
    InputError
        An unknown extension, parquet without pyarrow, or a folder that does not exist.
    """
    path = Path(out)
    write = _writer(path)
    if not path.parent.exists():
        raise InputError("out", str(path), "a path in an existing folder")
    side_path = path.with_name(path.stem + ".candidates.csv")
    # Both files are written to temporary names first; neither replaces anything unless both writes succeed.
    with atomic_path(path) as main_tmp, atomic_path(side_path) as side_tmp:
        write(main, main_tmp)
        _writer(side_path)(side, side_tmp)
    return [path, side_path]


@contextmanager
def atomic_path(target: Path) -> Iterator[str]:
    """A temporary path beside ``target``, renamed onto it (mode 0644) only if the block succeeds."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def write_template(name: str, path: str | Path, lang: str = "en") -> Path:
    """Write template ``name`` (comments in ``lang``, ``"en"`` or ``"ja"``) to ``path`` atomically.

    Never overwrites an existing file.

    Raises
    ------
    InputError
        An unknown template, an existing file, or a folder that does not exist.
    """
    text = template_text(name, lang)
    target = Path(path)
    if target.exists():
        raise InputError("path", str(target), "a file that does not exist yet (init never overwrites)")
    if not target.parent.exists():
        raise InputError("path", str(target), "a path in an existing folder")
    with atomic_path(target) as tmp:
        Path(tmp).write_text(text, encoding="utf-8")
    return target

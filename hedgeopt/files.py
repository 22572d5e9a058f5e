"""Files hedgeopt writes: the path checked before any work, the output built beside its place and renamed into it.

Every command that writes goes through here: ``report`` and ``demo`` (a folder), ``init`` (a starter config),
``pnl --out`` (two tables), ``batch`` (``summary.json``, ``report.html`` and the Parquet parts of its folder).

1. :func:`check_out`, before any work, refuses (:class:`~pricing.errors.InputError`, exit 2) a path that is empty
   or blank (it would mean the current folder), has spaces or a line break at its ends or a NUL character, names
   no place of its own (``.``, ``..``, ``/``), is a symbolic link (never followed nor replaced: remove the link or
   give the path it points to), is a folder, a device or a FIFO where a file belongs or a file where a folder
   belongs, lies in a folder that does not exist, inside a file, or in a folder the user cannot write to. A folder
   replaced whole (a report's) must be new, empty or hold only the files hedgeopt writes there: hedgeopt never
   deletes anything else.
2. :func:`atomic_paths` writes each file to a hidden temporary sibling ``.NAME.XXXXXXXX.tmp``, created with mode
   ``0o666`` and the umask applied by the kernel (0644 under umask 022, 0600 under 077), flushes it to disk and
   renames it over ``NAME`` (``os.replace``, atomic on POSIX) once every file of the call is written.
3. :func:`atomic_folder` builds a folder whole in a hidden temporary sibling ``.NAME.XXXXXXXX.tmp`` (mode ``0o777``
   and the umask) and swaps it in: the previous folder is renamed aside to ``.NAME.XXXXXXXX.old``, the new one
   renamed to ``NAME``, the old one deleted. Between the two renames (microseconds) ``NAME`` is missing: if the
   machine dies exactly then, ``.NAME.*.old`` holds the previous output and ``.NAME.*.tmp`` the new one, complete;
   rename either to ``NAME`` by hand.
4. A failure or Ctrl-C before the renames removes the temporary file or folder and leaves the previous output as
   it was. Ctrl-C during the renames is held until they are done and raised after them (exit 130, the new output
   in place). A file-system error while writing is raised as an ``OSError`` naming the path the user gave, not the
   temporary name (exit 2).

Examples
--------
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> with atomic_path(folder / "a.txt") as tmp:
...     _ = tmp.write_text("new")
>>> (folder / "a.txt").read_text(), sorted(p.name for p in folder.iterdir())
('new', ['a.txt'])
"""

from __future__ import annotations

import fnmatch
import os
import secrets
import shutil
import signal
import stat
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from pricing import InputError


def check_out(value: str | os.PathLike[str], field: str = "out", *, folder: bool = False,
              owned: Sequence[str] | None = None) -> Path:
    """The output path ``value`` as a ``Path``, or an :class:`~pricing.errors.InputError` naming it and ``field``.

    Nothing is created: call it before any work, so that a bad path fails in a second, not after the analysis.

    Parameters
    ----------
    value : str or path-like
        The path the user gave.
    field : str, default "out"
        What the error names (``"--out"`` on the command line, ``"path"`` for ``init``).
    folder : bool, default False
        False: a file (replaced if it exists as a regular file). True: a folder.
    owned : sequence of str, optional
        For a folder replaced whole, the names (glob patterns such as ``"*.png"``) of the files hedgeopt writes
        there: an existing folder holding anything else (or a subfolder, or a link) is refused. None: a folder
        hedgeopt writes into and keeps (``batch``).

    Returns
    -------
    Path
        ``value`` as given (relative paths stay relative).

    Raises
    ------
    InputError
        Any of the cases of the module docstring.
    """
    text = os.fspath(value)
    if not text.strip():
        raise InputError(field, text, "a file or folder name (an empty one would mean the current folder)")
    if text != text.strip() or "\0" in text:
        raise InputError(field, text, "a path without spaces or line breaks at its ends and without NUL characters")
    path = Path(text)
    if path.name in ("", ".", ".."):
        raise InputError(field, text, "a name of its own, not the current, parent or root folder")
    found = _lstat(path)
    if found is not None and stat.S_ISLNK(found.st_mode):
        raise InputError(field, text, "a path that is not a symbolic link",
                         hint="hedgeopt neither follows nor replaces a link: remove it or give the path it points to")
    _check_folder_of(path, field, text, folder)
    if folder:
        _check_folder(path, found, field, text, owned)
    elif text.endswith(("/", os.sep)) or (found is not None and stat.S_ISDIR(found.st_mode)):
        raise InputError(field, text, "a file name (this is a folder)")
    elif found is not None and not stat.S_ISREG(found.st_mode):
        raise InputError(field, text, "a new file name or a regular file (this is a device, a FIFO or a socket)")
    return path


def _lstat(path: Path) -> os.stat_result | None:
    """``os.lstat(path)``, or None when nothing is there (or a part of the path is not a folder)."""
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _check_folder_of(path: Path, field: str, text: str, folder: bool) -> None:
    """The folder ``path`` (given as ``text``) goes into exists, is a folder and can be written to."""
    parent = path.parent
    expected = "a folder whose parent exists" if folder else "a path in an existing folder"
    try:
        mode = os.stat(parent).st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(field, text, expected) from None
    if not stat.S_ISDIR(mode):
        raise InputError(field, text, expected, hint=f"{parent} is a file")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(field, text, "a path in a folder you can write to", hint=f"{parent} is read-only")


def _check_folder(path: Path, found: os.stat_result | None, field: str, text: str,
                  owned: Sequence[str] | None) -> None:
    """An existing ``path`` (given as ``text``) is a folder and, when it is replaced whole, holds only ``owned``."""
    if found is None:
        return
    if not stat.S_ISDIR(found.st_mode):
        raise InputError(field, text, "a folder (this is a file)")
    if owned is None:
        return
    for entry in os.scandir(path):
        if not (entry.is_file(follow_symlinks=False) and any(fnmatch.fnmatchcase(entry.name, p) for p in owned)):
            raise InputError(field, text, f"a new or empty folder, or one holding only {', '.join(owned)}",
                             hint=f"it holds {entry.name}, not written by hedgeopt: the folder is replaced whole, "
                             "so move it away or choose another folder")


def _temp_name(target: Path, suffix: str) -> Path:
    """A hidden sibling of ``target`` that no one else uses: ``.NAME.XXXXXXXX.tmp`` (or ``.old``)."""
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}{suffix}")


@contextmanager
def _naming(temps: dict[Path, Path]) -> Iterator[None]:
    """An ``OSError`` raised inside names the path the user gave, not the temporary one.

    ``temps`` maps each temporary path to its target: an error on a temporary path (or on a file inside a
    temporary folder) is raised again on the target's path; an error without a path names the first target.
    """
    try:
        yield
    except OSError as error:
        if error.errno is None:
            raise
        raise OSError(error.errno, error.strerror, _user_name(error.filename, temps)) from error


def _user_name(name: object, temps: dict[Path, Path]) -> str:
    """The path the user gave for the temporary path ``name`` (see :func:`_naming`)."""
    if name is None:
        return str(next(iter(temps.values())))
    text = os.fsdecode(name) if isinstance(name, str | bytes | os.PathLike) else str(name)
    for temp, target in temps.items():
        if text == str(temp) or text.startswith(str(temp) + os.sep):
            return str(target) + text[len(str(temp)):]
    return text


@contextmanager
def _uninterrupted() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) inside the block and raise ``KeyboardInterrupt`` after it (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, _: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)
    if caught:
        raise KeyboardInterrupt


def _sync(path: Path) -> None:
    """Flush the file ``path`` to disk, so a rename never publishes a file whose bytes are still in memory."""
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_paths(*targets: Path) -> Iterator[tuple[Path, ...]]:
    """Temporary paths beside ``targets`` (empty files, mode by the umask), renamed onto them if the block succeeds.

    Parameters
    ----------
    *targets : Path
        The files to write; each is checked with :func:`check_out` first (a link or a folder is refused).

    Yields
    ------
    tuple of Path
        One hidden temporary file per target, in the same folder; write each whole (by path: ``to_csv``,
        ``write_text``). When the block ends normally they are flushed and renamed onto the targets, one after the
        other with Ctrl-C held; when it raises (Ctrl-C included), they are removed and the targets left as they were.

    Notes
    -----
    Two targets are replaced by two renames: should the second fail (the disk removed between them), the first
    file is already new.
    """
    temps = {_temp_name(target, ".tmp"): target for target in map(check_out, targets)}
    made: list[Path] = []
    try:
        with _naming(temps):
            for tmp in temps:
                os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
                made.append(tmp)
            yield tuple(temps)
            for tmp in temps:
                _sync(tmp)
            with _uninterrupted():
                for tmp, target in temps.items():
                    os.replace(tmp, target)
    finally:
        for tmp in made:
            tmp.unlink(missing_ok=True)


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """:func:`atomic_paths` for one file: a temporary path beside ``target``, renamed onto it if the block succeeds."""
    with atomic_paths(target) as (tmp,):
        yield tmp


@contextmanager
def atomic_folder(target: Path, owned: Sequence[str]) -> Iterator[Path]:
    """A hidden temporary folder beside ``target``, swapped in for it whole if the block succeeds.

    Parameters
    ----------
    target : Path
        The folder; checked with :func:`check_out` (its parent exists; an existing folder holds only ``owned``).
    owned : sequence of str
        Names (glob patterns) of the files the block writes: what an existing ``target`` may hold.

    Yields
    ------
    Path
        An empty folder (mode ``0o777`` and the umask) to write the files into. When the block ends normally
        they are flushed, the previous ``target`` is renamed aside, the new folder renamed to ``target`` and the
        previous one deleted, with Ctrl-C held; when the block raises (Ctrl-C included) the temporary folder is
        deleted and ``target`` left as it was.
    """
    target = check_out(target, folder=True, owned=owned)
    tmp = _temp_name(target, ".tmp")
    with _naming({tmp: target}):
        os.mkdir(tmp, 0o777)
        try:
            yield tmp
            for entry in os.scandir(tmp):
                _sync(Path(entry.path))
            check_out(target, folder=True, owned=owned)  # still ours: nothing was put there meanwhile
            with _uninterrupted():
                _swap(tmp, target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def _swap(new: Path, target: Path) -> None:
    """Rename ``new`` to ``target``; a ``target`` already there is renamed aside first and deleted after."""
    if _lstat(target) is None:
        os.rename(new, target)
        return
    old = _temp_name(target, ".old")
    os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old, target)
        raise
    shutil.rmtree(old)

"""One of the user's files read as text: a regular file, of bounded size, UTF-8, every refusal naming the file.

Every file hedgeopt reads (a TOML config, a ``--shared`` TOML, an option-chain CSV, a CSV of daily closes, a batch
table) goes through :func:`read_text` or :func:`check_file` first, so that a folder, a named pipe, ``/dev/zero``, a
file of gigabytes, an unreadable file or latin-1 bytes are one :class:`~pricing.errors.InputError` naming the file,
before anything is read into memory. The file is opened once and checked on the open descriptor (``fstat``), so a
named pipe never blocks and a path swapped between a check and the read is still refused; at most ``limit + 1``
bytes are ever read, so a file that lies about its size (``/proc``) is refused too.

Limits
------
:data:`MAX_TOML_BYTES` (16 MiB) for a TOML file, :data:`MAX_TABLE_BYTES` (512 MiB) for a CSV or Parquet file:
a real config is a few kilobytes, a real chain or history a few megabytes, a batch table of a million accounts a few
hundred megabytes.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from pricing.errors import InputError

MAX_TOML_BYTES = 16 * 2**20
"""Largest TOML file read (a config, a ``--shared`` file, an account of a batch folder), bytes: 16 MiB."""

MAX_TABLE_BYTES = 512 * 2**20
"""Largest CSV or Parquet file read (an option chain, daily closes, a batch table), bytes: 512 MiB."""

_READ_CHUNK = 2**20


def _mib(n: int) -> str:
    """Bytes as ``16 MiB`` (whole) or ``0.5 MiB``."""
    return f"{n / 2**20:,.3g} MiB" if n < 10 * 2**20 else f"{n / 2**20:,.0f} MiB"


def _kind_of_mode(mode: int) -> str | None:
    """What a file that is not a regular file is (``"a folder"``, ``"a named pipe (FIFO)"``...); None if regular."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def _check_stat(path: str | os.PathLike, field: str, kind: str, limit: int, st: os.stat_result) -> None:
    """Refuse what ``st`` says is not a regular file of at most ``limit`` bytes."""
    other = _kind_of_mode(st.st_mode)
    if other is not None:
        raise InputError(field, str(path), f"a regular {kind}", hint=f"this is {other}")
    if st.st_size > limit:
        raise InputError(field, str(path), f"a {kind} of at most {_mib(limit)}",
                         hint=f"this one has {st.st_size:,} bytes, more than {limit:,}")


def _refused(path: str | os.PathLike, field: str, kind: str, exc: OSError) -> InputError | OSError:
    """The error for an ``open`` or ``stat`` that failed: an :class:`InputError` when the reason is a usual one."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return InputError(field, str(path), f"a readable {kind}", hint="permission denied")
    for code, hint in ((errno.ENOENT, "no such file"), (errno.ENOTDIR, "a part of the path is a file, not a folder"),
                       (errno.ELOOP, "a loop of symbolic links"), (errno.ENAMETOOLONG, "the path is too long")):
        if exc.errno == code:
            return InputError(field, str(path), f"an existing {kind}", hint=hint)
    return exc  # a disk error: exits 2 as an OSError naming the file


def _as_path(path: object, field: str, kind: str) -> Path:
    if not isinstance(path, str | os.PathLike) or not str(path).strip():
        raise InputError(field, path, f"the path of a {kind}")
    return Path(path)


def check_file(path: str | os.PathLike, field: str, kind: str, limit: int = MAX_TABLE_BYTES) -> Path:
    """``path`` as an existing regular file of at most ``limit`` bytes, for a library that reads it itself.

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    field : str
        The input's name in an error (``"accounts"``).
    kind : str
        What the file should be, a noun phrase without article (``"CSV or Parquet table"``).
    limit : int, default :data:`MAX_TABLE_BYTES`
        Largest size accepted, bytes.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    InputError
        ``field=path``: no such file, a folder, a named pipe or device, unreadable, or larger than ``limit``.
    """
    file = _as_path(path, field, kind)
    try:
        st = file.stat()
    except OSError as exc:
        raise _refused(path, field, kind, exc) from None
    _check_stat(path, field, kind, limit, st)
    if not os.access(file, os.R_OK):
        raise InputError(field, str(path), f"a readable {kind}", hint="permission denied")
    return file


def _read_bytes(path: str | os.PathLike, field: str, kind: str, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file, opened without blocking and checked on its descriptor."""
    file = _as_path(path, field, kind)
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise _refused(path, field, kind, exc) from None
    try:
        _check_stat(path, field, kind, limit, os.fstat(fd))
    except InputError:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb", buffering=0) as handle:
        chunks, size = [], 0
        while size <= limit and (chunk := handle.read(min(_READ_CHUNK, limit + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
    if size > limit:  # a file that grew, or one that does not know its size (/proc)
        raise InputError(field, str(path), f"a {kind} of at most {_mib(limit)}", hint="this one has more")
    return b"".join(chunks)


def decode(data: bytes, name: str) -> str:
    r"""``data`` as UTF-8 text, a leading byte-order mark dropped; refusals name ``name``, the line and the column.

    Parameters
    ----------
    data : bytes
        The file's content.
    name : str
        The file as the user named it, for messages.

    Returns
    -------
    str

    Raises
    ------
    InputError
        ``"NAME line L column C"``: a byte sequence that is not UTF-8 (latin-1, Shift_JIS), or a NUL character (a
        binary file). Columns count characters from 1, as an editor shows them.

    Examples
    --------
    >>> decode(codecs.BOM_UTF8 + "a = 1".encode(), "c.toml")
    'a = 1'
    >>> decode(b"x,y\ncaf\xe9,1\n", "c.csv")
    Traceback (most recent call last):
    ...
    pricing.errors.InputError: c.csv line 2 column 4=b'\xe9': expected UTF-8 text (save the file as UTF-8)
    """
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        raise InputError(f"{name} line {line} column {column}", data[exc.start:exc.end], "UTF-8 text",
                         hint="save the file as UTF-8") from None
    nul = text.find("\0")
    if nul >= 0:
        line, column = _position(data, data.find(b"\0"))
        raise InputError(f"{name} line {line} column {column}", "\0", "text, not binary data",
                         hint="a NUL character: is this the right file?")
    return text


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (characters, from 1) of byte ``offset`` in ``data``."""
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def read_text(path: str | os.PathLike, field: str, kind: str, limit: int = MAX_TOML_BYTES) -> str:
    """The text of a user's file: a regular file of at most ``limit`` bytes, UTF-8 (a byte-order mark dropped).

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    field : str
        The input's name in an error about the file as a whole (``"config"``, ``"paths"``).
    kind : str
        What the file should be, a noun phrase without article (``"TOML file"``, ``"option-chain CSV file"``).
    limit : int, default :data:`MAX_TOML_BYTES`
        Largest size accepted, bytes (:data:`MAX_TABLE_BYTES` for a CSV).

    Returns
    -------
    str
        The text, newlines as in the file.

    Raises
    ------
    InputError
        ``field=path``: no such file, a folder, a named pipe or a device (refused before reading: ``/dev/zero``
        would never end), unreadable, or larger than ``limit``; ``"PATH line L column C"``: not UTF-8, or a NUL
        character. An ``OSError`` of another kind (a disk error) escapes as it is.

    Examples
    --------
    >>> read_text("/dev/zero", "config", "TOML file")
    Traceback (most recent call last):
    ...
    pricing.errors.InputError: config='/dev/zero': expected a regular TOML file (this is a device)
    """
    return decode(_read_bytes(path, field, kind, limit), str(path))


def read_toml(path: str | os.PathLike, field: str) -> dict[str, Any]:
    """A TOML file's tables, read with :func:`read_text` (at most :data:`MAX_TOML_BYTES`, UTF-8, a BOM dropped).

    Parameters
    ----------
    path : str or os.PathLike
        The TOML file.
    field : str
        The input's name in an error (``"config"``, ``"shared"``).

    Returns
    -------
    dict
        As :func:`tomllib.loads` gives it.

    Raises
    ------
    InputError
        See :func:`read_text`; and ``field=path: expected valid TOML (tomllib's message, with line and column)``.
    """
    text = read_text(path, field, "TOML file", MAX_TOML_BYTES)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(field, str(path), "valid TOML", hint=str(exc)) from None

"""Exit codes of the command line, and the one line (and, for a bug, the saved log) that goes with each failure.

=====  ==============================================================================================
code   meaning
=====  ==============================================================================================
0      an answer
1      an answer that says no: infeasible under the cap, a failed check, out of reach (a script can gate on it)
2      bad input: a config key, a flag, a file that cannot be read or written (one line naming it)
3      a resource limit refused the request before any work (the estimate and the limit in the line)
70     anything unexpected (a bug): one line and the path of a log holding the traceback
130    interrupted (Ctrl-C): one line; files already in place are left as they were
=====  ==============================================================================================

Never a bare traceback: :func:`failure` maps every exception to its code and its line.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from enum import IntEnum
from pathlib import Path

from hedgeopt.face.i18n import Lang, t
from pricing import HedgeoptError, InfeasibleHedgeError, PricingError, ResourceLimitError, SolverError


class Exit(IntEnum):
    """The documented exit codes (see the module docstring and the README)."""

    ANSWER = 0
    NO = 1
    INPUT = 2
    RESOURCE = 3
    INTERNAL = 70
    INTERRUPTED = 130


ERROR_WORD = {Lang.EN: "error", Lang.JA: "エラー"}
"""The word between the command and the message of an error line."""


def error_line(command: str, exc: BaseException, lang: Lang) -> str:
    """The one line printed for an error: ``hedgeopt COMMAND: error: MESSAGE``, translated for Japanese."""
    from hedgeopt.face import errors_ja

    text = errors_ja.message(exc) if lang is Lang.JA else str(exc)
    return f"hedgeopt {command}: {ERROR_WORD[lang]}: {' '.join(text.split())}"


def code_of(exc: BaseException) -> Exit:
    """The exit code of ``exc`` escaping a command.

    An infeasible hedge is an answer (1); a refused resource or ``MemoryError`` is 3; an ``InputError`` (any
    ``HedgeoptError`` raised about the user's input), an ``OSError`` (a file) or a decoding error is 2; a solver
    or pricing engine failing on validated input, and any other exception, is a bug (70).
    """
    if isinstance(exc, KeyboardInterrupt):
        return Exit.INTERRUPTED
    if isinstance(exc, InfeasibleHedgeError):
        return Exit.NO
    if isinstance(exc, ResourceLimitError | MemoryError):
        return Exit.RESOURCE
    if isinstance(exc, SolverError | PricingError):
        return Exit.INTERNAL
    if isinstance(exc, HedgeoptError | OSError | UnicodeError):
        return Exit.INPUT
    return Exit.INTERNAL


def failure(command: str, exc: BaseException, lang: Lang, argv: Sequence[str]) -> int:
    """Print the one line for ``exc`` on stderr (saving a log for a bug) and return its exit code."""
    code = code_of(exc)
    if code is Exit.INTERRUPTED:
        line = f"hedgeopt {command}: {t('interrupted', lang)}"
    elif code is Exit.INTERNAL:
        line = f"hedgeopt {command}: {t('internal_error', lang, error=_one_line(exc), log=save_log(exc, argv))}"
    elif isinstance(exc, MemoryError):
        line = f"hedgeopt {command}: {ERROR_WORD[lang]}: {t('out_of_memory', lang)}"
    else:
        line = error_line(command, exc, lang)
    print(line, file=sys.stderr)
    return int(code)


def _one_line(exc: BaseException) -> str:
    """``TypeError: message`` on one line, cut to 200 characters."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= 200 else text[:199] + "…"


def log_folder() -> Path:
    """Where crash logs go: ``$XDG_STATE_HOME/hedgeopt`` (``~/.local/state/hedgeopt``), else the temp folder."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "hedgeopt"


def save_log(exc: BaseException, argv: Sequence[str]) -> Path:
    """Write the traceback, the arguments and the versions to a new log file; return its path.

    Tries :func:`log_folder`, then the system's temp folder; the log is created with mode 0600 (it may hold
    paths and values from the user's config).
    """
    from hedgeopt import __version__

    text = "".join([
        f"hedgeopt {__version__} on Python {platform.python_version()} ({platform.platform()})\n",
        f"argv: {list(argv)!r}\n\n",
        *traceback.format_exception(exc),
    ])
    for folder in (log_folder(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, path = tempfile.mkstemp(prefix=f"crash-{time.strftime('%Y%m%d-%H%M%S')}-", suffix=".log",
                                        dir=folder)  # mode 0600, a new name each time
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            return Path(path)
        except OSError:
            continue
    return Path(os.devnull)

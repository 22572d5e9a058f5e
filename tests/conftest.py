"""Shared fixtures of the test suite."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded generator, fresh per test, so every random test is reproducible."""
    return np.random.default_rng(20261125)


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch):
    """Output language follows the locale: pin it, so tests read the same on a Japanese machine."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture
def listing() -> Callable[[Path], dict[str, bytes | None]]:
    """Every entry under a folder, hidden ones included: name -> bytes (None for a folder or a link)."""
    return lambda folder: {str(p.relative_to(folder)): p.read_bytes() if p.is_file() and not p.is_symlink() else None
                           for p in sorted(folder.rglob("*"))}


@pytest.fixture
def mode() -> Callable[[Path], int]:
    """The permission bits of a path (of a link itself, not its target)."""
    return lambda path: stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def umask():
    """Set the process's umask for one test (``umask(0o077)``); the previous one comes back after it."""
    previous = os.umask(0o022)
    yield os.umask
    os.umask(previous)

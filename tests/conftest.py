"""Shared fixtures of the test suite."""

from __future__ import annotations

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

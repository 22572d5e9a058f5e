"""A small varied book (examples/book/make_book.py) and the shared sections, for the batch tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT / "examples" / "book" / "shared.toml"
SEED = ROOT / "examples" / "seed_10m.toml"


def make_book(n: int, seed: int = 17) -> pd.DataFrame:
    spec = importlib.util.spec_from_file_location("make_book", ROOT / "examples" / "book" / "make_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_book(n, seed)


@pytest.fixture
def book_csv(tmp_path: Path) -> Path:
    """Eight accounts of every route, as a CSV table."""
    path = tmp_path / "book.csv"
    make_book(8, seed=2).to_csv(path, index=False)
    return path

"""Every runnable example runs from a fresh interpreter and prints its answer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.py"))
EXPECTED = {
    "walkthrough_10m.py": ["NAV 10,000,000 JPY, leverage 1.30x", "borrowed part -2.00% a year",
                           "index -30% with USDJPY -10%: -1,510,000 JPY (-15.1%); index part -900,000"],
    "standing_put.py": ["with 1% of NAV a year:", "to hold a 12% cap:"],
    "put_vs_spread.py": ["family", "mix"],
    "max_leverage.py": ["cap 20%: 1.210x exactly, 1.2x in steps (loss cap)", "with the hedge chosen together"],
}


def test_every_example_is_checked():
    assert {p.name for p in EXAMPLES} == set(EXPECTED)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(path):
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    for needle in EXPECTED[path.name]:
        assert needle in done.stdout, (needle, done.stdout)

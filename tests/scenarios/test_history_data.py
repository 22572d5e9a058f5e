"""scenarios.history_data: the arch data read without importing arch equals what arch's own loaders return."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from scenarios.history_data import arch_data, sp500_daily

pytest.importorskip("arch")


@pytest.mark.parametrize("name", ["sp500", "vix", "frenchdata"])
def test_arch_data_equals_arch_loader(name):
    """Same index, columns, dtypes and every value as ``arch.data.<name>.load()`` (the slow twin)."""
    import importlib

    reference = importlib.import_module(f"arch.data.{name}").load()
    ours = arch_data(name)
    pd.testing.assert_frame_equal(ours, reference, check_exact=True)
    assert len(ours) > 1000


def test_history_loads_without_arch_models():
    """The daily history needs no arch model code: arch's __init__ (scipy.stats, statsmodels) never runs."""
    code = ("import sys; from scenarios.history_data import sp500_daily; f = sp500_daily(); "
            "print(len(f), f.index[0].date(), f\"{f['spx'].iloc[0]:.2f}\", "
            "sorted(m for m in ('arch', 'statsmodels', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    frame = sp500_daily()
    assert out[:3] == [str(len(frame)), "1999-01-04", f"{frame['spx'].iloc[0]:.2f}"]
    assert out[3] == "[]"

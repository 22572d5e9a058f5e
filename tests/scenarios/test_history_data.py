"""scenarios.history_data: the arch data read without importing arch equals arch's own loaders; the opens' quality."""

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


# year: dates whose "Open" is not a real open (within a cent of the previous close, or equal to the close), measured
# on arch.data.sp500 and stated in scenarios.history_data's docstring
NOT_REAL_OPENS = {1999: 251, 2000: 247, 2001: 240, 2002: 242, 2003: 249, 2004: 247, 2005: 244, 2006: 131, 2007: 63,
                  2008: 3, 2009: 7, 2010: 8, 2011: 26, 2012: 73, 2013: 75, 2014: 2, 2015: 3, 2016: 1, 2017: 3, 2018: 0}


def test_open_quality_by_year():
    frame = sp500_daily()
    counts = (~frame["open_real"]).groupby(frame.index.year).sum().to_dict()
    assert counts == NOT_REAL_OPENS
    raw = arch_data("sp500")
    same_as_close = raw.index[(raw["Open"] - raw["Close"]).abs() < 0.005]
    assert [str(d.date()) for d in same_as_close] == ["2006-06-20", "2010-10-11", "2017-04-10"]
    assert not frame.loc[same_as_close, "open_real"].any()
    assert frame.loc["2008-11-21", "open"] == pytest.approx(755.84, abs=0.005)  # a real open, 5.5% under the close
    assert frame.loc["2008-11-21", "open_real"]


def test_daily_columns():
    frame = sp500_daily()
    assert list(frame.columns) == ["spx", "open", "open_real", "rv", "vix", "usd", "dividend"]
    # the highest yield: 2008's dividends over 2008's lowest close, 28.39 / 752.44 on 2008-11-20 (3.77%)
    assert frame["dividend"].idxmax() == pd.Timestamp("2008-11-20")
    assert frame["dividend"].max() == pytest.approx(28.39 / frame.loc["2008-11-20", "spx"], rel=1e-12)
    assert frame.loc["2009-03-09", "dividend"] == pytest.approx(22.41 / 676.53, rel=1e-6)  # 2009's cut dividends

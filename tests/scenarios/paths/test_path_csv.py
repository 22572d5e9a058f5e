"""Tests of scenarios.paths.csv_file: a user's own daily history read from CSV into one MarketPaths path.

Files are written to ``tmp_path``; values are compared with what was written. The default market is JPY-based
with SPX (USD) and NKY (JPY), USDJPY 150, USD 4.0% and JPY 0.5% flat curves.
"""

from __future__ import annotations

import codecs
import os
import warnings

import numpy as np
import pandas as pd
import pytest

from pricing.errors import InputError
from pricing.market import default_market
from scenarios.history_data import RV_DAYS
from scenarios.paths.csv_file import MAX_MEDIAN_GAP_DAYS, load_paths
from scenarios.paths.history import VOL_CLIP, atm_per_vix, default_vol_fit, sp500_history

NIKKEI = """date,equity.NKY,fx.USD
2024-01-04,33288.29,144.20
2024-01-05,33377.42,144.60
2024-01-09,33763.18,144.30
2024-01-10,34441.72,145.30
2024-01-11,35049.86,145.70
"""
NKY = [33288.29, 33377.42, 33763.18, 34441.72, 35049.86]
USDJPY = [144.20, 144.60, 144.30, 145.30, 145.70]


def write(tmp_path, text: str, name: str = "nikkei.csv"):
    file = tmp_path / name
    file.write_text(text, encoding="utf-8")
    return file


def error(tmp_path, text: str, **kwargs) -> str:
    with pytest.raises(InputError) as exc:
        load_paths(write(tmp_path, text), **kwargs)
    return str(exc.value)


def test_nikkei_usdjpy_round_trip(tmp_path):
    paths = load_paths(write(tmp_path, NIKKEI))
    assert paths.n_paths == 1 and paths.labels == ("nikkei",)
    assert paths.name == "nikkei.csv 2024-01-04 to 2024-01-11"
    assert paths.base_currency == "JPY"
    assert [str(d.date()) for d in paths.dates] == ["2024-01-04", "2024-01-05", "2024-01-09", "2024-01-10",
                                                    "2024-01-11"]
    np.testing.assert_array_equal(paths.series("equity", "NKY")[0], NKY)
    np.testing.assert_array_equal(paths.series("fx", "USD")[0], USDJPY)
    assert set(paths.equity) == {"NKY"} and set(paths.fx) == {"USD"}
    assert set(paths.rates) == {"JPY", "USD"}  # the base and the fx currency
    np.testing.assert_allclose(paths.series("rates", "JPY")[0], 0.005)
    np.testing.assert_allclose(paths.series("rates", "USD")[0], 0.04)


def test_missing_vol_is_the_affine_realised_vol_proxy(tmp_path):
    paths = load_paths(write(tmp_path, NIKKEI))
    log_ret = np.diff(np.log(NKY))
    a, b = default_vol_fit()
    # day 2 onward: RMS of the returns so far (at least 2) x sqrt(252); days 0 and 1 take day 2's value
    rv = [np.sqrt(np.mean(log_ret[: t] ** 2) * 252) for t in range(2, len(NKY))]
    expected = np.clip(a + b * np.array([rv[0], rv[0], *rv]), *VOL_CLIP)
    # the fit is of the VIX; the path carries an ATM vol: times the NKY surface's 30-day ATM / VIX-formula ratio
    scale = atm_per_vix(default_market(), "NKY")
    assert 0.8 < scale < 0.95  # a skewed surface's VIX sits above its ATM vol
    np.testing.assert_allclose(paths.series("vol", "NKY")[0], scale * expected, rtol=1e-12)


def test_notes_label_every_proxy(tmp_path):
    notes = load_paths(write(tmp_path, NIKKEI)).notes
    assert notes[0].startswith("Own history: nikkei.csv, 5 dates 2024-01-04 to 2024-01-11")
    assert "equity.NKY, fx.USD as given" in notes[0] and "dividends" in notes[0]
    vol = [n for n in notes if n.startswith("vol.NKY")]
    assert len(vol) == 1 and "PROXY" in vol[0] and f"{RV_DAYS}-day realised vol" in vol[0]
    assert "default_vol_fit" in vol[0] and "approximation for NKY" in vol[0]
    for ccy, rate in (("JPY", "0.50%"), ("USD", "4.00%")):
        (note,) = [n for n in notes if n.startswith(f"rate.{ccy}")]
        assert "PROXY constant" in note and rate in note and "3-month zero rate" in note
    assert not any(n.startswith("fx.") for n in notes)  # fx.USD was given


def test_missing_fx_for_an_index_currency_is_the_market_rate(tmp_path):
    text = "date,equity.SPX,vol.SPX\n2024-01-02,4742.83,0.135\n2024-01-03,4704.81,0.140\n"
    paths = load_paths(write(tmp_path, text, "spx.csv"))
    np.testing.assert_array_equal(paths.series("fx", "USD")[0], [150.0, 150.0])
    np.testing.assert_array_equal(paths.series("vol", "SPX")[0], [0.135, 0.140])
    (note,) = [n for n in paths.notes if n.startswith("fx.USD")]
    assert "PROXY constant" in note and "150.00 JPY per USD" in note
    assert not any(n.startswith("vol.") for n in paths.notes)


def test_two_dates_without_vol_fall_back_to_the_surface_atm(tmp_path):
    market = default_market()
    paths = load_paths(write(tmp_path, "date,equity.NKY\n2024-01-04,33288.29\n2024-01-05,33377.42\n"), market)
    atm = float(market.surface("NKY").vol(1.0, 30 / 365))
    np.testing.assert_allclose(paths.series("vol", "NKY")[0], atm)
    (note,) = [n for n in paths.notes if n.startswith("vol.NKY")]
    assert "PROXY constant" in note and "30-day at-the-money" in note


def test_blank_fx_cell_is_forward_filled(tmp_path):
    text = NIKKEI.replace("2024-01-09,33763.18,144.30", "2024-01-09,33763.18,")
    paths = load_paths(write(tmp_path, text))
    np.testing.assert_array_equal(paths.series("fx", "USD")[0], [144.20, 144.60, 144.60, 145.30, 145.70])
    (note,) = [n for n in paths.notes if n.startswith("fx.USD")]
    assert "1 empty cell(s)" in note and "line(s) 4" in note


def test_unsorted_input_is_sorted_and_comments_and_blank_lines_skipped(tmp_path):
    lines = NIKKEI.splitlines()
    text = "\n".join(["# from my broker", lines[0], lines[3], "", lines[1], lines[5], lines[2], lines[4]]) + "\n"
    paths = load_paths(write(tmp_path, text))
    np.testing.assert_array_equal(paths.series("equity", "NKY")[0], NKY)
    np.testing.assert_array_equal(paths.series("fx", "USD")[0], USDJPY)
    assert paths.dates.is_monotonic_increasing


def test_forward_fill_follows_dates_not_file_order(tmp_path):
    text = "date,equity.NKY,fx.USD\n2024-01-05,33377.42,\n2024-01-04,33288.29,144.20\n"
    paths = load_paths(write(tmp_path, text))
    np.testing.assert_array_equal(paths.series("fx", "USD")[0], [144.20, 144.20])


def test_header_is_case_insensitive(tmp_path):
    text = " Date , Equity.nky ,FX.usd\n2024-01-04,33288.29,144.2\n2024-01-05,33377.42,144.6\n"
    paths = load_paths(write(tmp_path, text))
    assert set(paths.equity) == {"NKY"} and set(paths.fx) == {"USD"}


def test_window_is_inclusive_and_renames(tmp_path):
    paths = load_paths(write(tmp_path, NIKKEI), start="2024-01-05", end="2024-01-10")
    np.testing.assert_array_equal(paths.series("equity", "NKY")[0], NKY[1:4])
    assert paths.name == "nikkei.csv 2024-01-05 to 2024-01-10"
    assert "the file has 5, 2024-01-04 to 2024-01-11" in paths.notes[0]
    full = load_paths(write(tmp_path, NIKKEI))
    # the vol proxy is computed over the whole file, then windowed
    np.testing.assert_array_equal(paths.series("vol", "NKY")[0], full.series("vol", "NKY")[0, 1:4])


def test_duplicate_date_names_both_lines(tmp_path):
    text = NIKKEI + "2024-01-05,33400.00,144.9\n"
    message = error(tmp_path, text)
    assert "nikkei.csv line 7 date" in message and "2024-01-05" in message and "already on line 3" in message


def test_percentage_vol_names_line_column_and_hint(tmp_path):
    text = "date,equity.NKY,vol.NKY\n2024-01-04,33288.29,0.18\n2024-01-05,33377.42,19.5\n"
    message = error(tmp_path, text)
    assert "nikkei.csv line 3 vol.NKY=19.5" in message
    assert "looks like a percentage" in message and "0.195" in message


def test_percentage_rate_names_line_column_and_hint(tmp_path):
    text = "date,equity.NKY,rate.JPY\n2024-01-04,33288.29,0.001\n2024-01-05,33377.42,\n2024-01-09,33763.18,0.25\n" \
           "2024-01-10,34441.72,4\n"
    message = error(tmp_path, text)
    assert "nikkei.csv line 5 rate.JPY=4.0" in message and "looks like a percentage" in message


def test_missing_equity_cell_is_an_error(tmp_path):
    text = NIKKEI.replace("2024-01-10,34441.72,", "2024-01-10,,")
    message = error(tmp_path, text)
    assert "nikkei.csv line 5 equity.NKY" in message and "not forward-filled" in message


def test_unknown_column_lists_the_accepted_patterns(tmp_path):
    text = "date,equity.NKY,volume\n2024-01-04,33288.29,1000\n2024-01-05,33377.42,1200\n"
    message = error(tmp_path, text)
    assert "nikkei.csv line 1 header='volume'" in message
    for pattern in ("date", "equity.<INDEX>", "fx.<CCY>", "vol.<INDEX>", "rate.<CCY>", "SPX, NKY"):
        assert pattern in message


def test_unknown_index_and_base_currency_fx(tmp_path):
    assert "one of SPX, NKY" in error(tmp_path, "date,equity.DAX\n2024-01-04,1\n2024-01-05,2\n")
    assert "base JPY" in error(tmp_path, "date,equity.NKY,fx.JPY\n2024-01-04,1,1\n2024-01-05,2,1\n")


def test_blank_first_row_cell_is_an_error(tmp_path):
    text = NIKKEI.replace("2024-01-04,33288.29,144.20", "2024-01-04,33288.29,")
    message = error(tmp_path, text)
    assert "nikkei.csv line 2 fx.USD" in message and "earliest date (2024-01-04)" in message


def test_earliest_date_is_checked_after_sorting(tmp_path):
    text = "date,equity.NKY,fx.USD\n2024-01-05,33377.42,144.6\n2024-01-04,33288.29,\n"
    assert "nikkei.csv line 3 fx.USD" in error(tmp_path, text)


def test_window_too_short(tmp_path):
    message = error(tmp_path, NIKKEI, start="2024-01-11")
    assert message.startswith("start=") and "at least two dates" in message and "2024-01-04 to 2024-01-11" in message
    assert error(tmp_path, NIKKEI, end="2023-12-31").startswith("end=")
    assert error(tmp_path, NIKKEI, start="4 Jan 2024").startswith("start='4 Jan 2024'")


def test_missing_file_not_csv_and_no_date_column(tmp_path):
    with pytest.raises(InputError, match=r"^paths=.*nope\.csv.*existing CSV"):
        load_paths(tmp_path / "nope.csv")
    with pytest.raises(InputError, match=r"^paths=.*data\.xlsx.*\*\.csv"):
        load_paths(write(tmp_path, NIKKEI, "data.xlsx"))
    with pytest.raises(InputError, match=r"^paths=.*nikkei\.csv.*date column"):
        load_paths(write(tmp_path, "day,equity.NKY\n2024-01-04,1\n2024-01-05,2\n"))


@pytest.mark.parametrize(("text", "needle"), [
    ("date,equity.NKY\n2024-01-04,33288.29\n2024/01/05,33377.42\n", "line 3 date='2024/01/05'"),
    ("date,equity.NKY\n2024-01-04,33288.29\n2024-01-05,\"33,377.42\"\n", "thousands separators"),
    ("date,equity.NKY,vol.NKY\n2024-01-04,33288.29,18%\n2024-01-05,33377.42,0.2\n", "no % signs"),
    ("date,equity.NKY\n2024-01-04,33288.29\n2024-01-05,-1\n", "line 3 equity.NKY=-1.0"),
    ("date,equity.NKY,fx.USD\n2024-01-04,33288.29,144.2\n2024-01-05,33377.42,0.0069\n", "looks inverted"),
    ("date,equity.NKY\n2024-01-04,33288.29\n2024-01-05,33377.42,7\n", "line 3"),
    ("date,equity.NKY,equity.nky\n2024-01-04,1,1\n2024-01-05,2,2\n", "one column per series"),
    ("date,fx.USD\n2024-01-04,144\n2024-01-05,145\n", "at least one equity.<INDEX>"),
    ("date,equity.SPX,vol.NKY\n2024-01-04,1,0.2\n2024-01-05,2,0.2\n", "equity.NKY column"),
    ("date,equity.NKY,fx.EUR\n2024-01-04,38000,160\n2024-01-05,38100,161\n", "rate.EUR column"),
    ("date,equity.NKY\n2024-01-04,38000\n2024-01-11,38100\n2024-01-18,38200\n",
     f"median gap of at most {MAX_MEDIAN_GAP_DAYS}"),
])
def test_bad_cells_and_columns(tmp_path, text, needle):
    assert needle in error(tmp_path, text)


def test_first_bad_line_is_reported_across_columns(tmp_path):
    text = "date,equity.NKY,vol.NKY\n2024-01-04,33288.29,0.2\n2024-01-05,33377.42,25\n2024-01-09,-5,0.2\n"
    assert "line 3 vol.NKY" in error(tmp_path, text)


def test_sp500_history_round_trip(tmp_path):
    hist = sp500_history(start="2008-09-01", end="2008-12-31")
    frame = pd.DataFrame({
        "date": [d.date().isoformat() for d in hist.dates],
        "equity.SPX": hist.series("equity", "SPX")[0],
        "fx.USD": hist.series("fx", "USD")[0],
        "vol.SPX": hist.series("vol", "SPX")[0],
        "rate.USD": hist.series("rates", "USD")[0],
        "rate.JPY": hist.series("rates", "JPY")[0],
    })
    file = tmp_path / "sp500.csv"
    frame.to_csv(file, index=False)
    paths = load_paths(file)
    assert paths.dates.equals(hist.dates)
    for kind, key in (("equity", "SPX"), ("fx", "USD"), ("vol", "SPX"), ("rates", "USD"), ("rates", "JPY")):
        np.testing.assert_allclose(paths.series(kind, key), hist.series(kind, key), rtol=1e-12, atol=0)
    assert set(paths.rates) == {"USD", "JPY"}
    assert not any("PROXY" in n for n in paths.notes)
    assert paths.name == "sp500.csv 2008-09-02 to 2008-12-31" and paths.labels == ("sp500",)


# -- hostile files (issue 18): one InputError naming the file, no warnings ------------------------------------
def test_a_byte_order_mark_is_read_and_latin1_names_line_and_column(tmp_path):
    (tmp_path / "bom.csv").write_bytes(codecs.BOM_UTF8 + NIKKEI.encode())
    assert load_paths(tmp_path / "bom.csv").equity["NKY"].ravel().tolist() == NKY
    (tmp_path / "l1.csv").write_bytes(NIKKEI.encode().replace(b"2024-01-09", b"2024-01-09\xe9"))
    with pytest.raises(InputError, match=r"l1\.csv line 4 column 11=b'\\xe9': expected UTF-8 text"):
        load_paths(tmp_path / "l1.csv")


def test_a_folder_or_a_named_pipe_is_refused_before_reading(tmp_path):
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(InputError, match=r"expected a regular CSV file of daily closes \(this is a folder\)"):
        load_paths(tmp_path / "dir.csv")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.csv")  # reading it would wait for a writer forever
        with pytest.raises(InputError, match=r"\(this is a named pipe \(FIFO\)\)"):
            load_paths(tmp_path / "pipe.csv")


@pytest.mark.parametrize(("old", "new", "match"), [
    ("33763.18", "1e308", r"nikkei\.csv line 4 equity\.NKY=1e\+308: expected an index level within a factor of "
                          r"1,000 of the market's 38,000 points \(is the column the market's NKY\?"),
    ("33763.18", "3376.318", r"nikkei\.csv line 4 equity\.NKY=3376\.318: expected a level within a factor of 3 of "
                             r"the previous date's \(33377\.4 on line 3\) \(a missing digit"),
    ("33763.18", "1e-300", r"nikkei\.csv line 4 equity\.NKY=1e-300: expected an index level within a factor of 1,000"),
    ("33763.18", "10000", r"nikkei\.csv line 4 equity\.NKY=10000\.0: expected a level within a factor of 3 of "
                          r"the previous date's \(33377\.4 on line 3\)"),
    ("144.30", "1e-9", r"nikkei\.csv line 4 fx\.USD=1e-09: expected JPY per one USD, between 1e-06 and 1e\+06"),
    ("144.30", "1443.0", r"nikkei\.csv line 4 fx\.USD=1443\.0: expected a level within a factor of 3"),
])
def test_implausible_levels_are_one_error_and_no_warning(tmp_path, old, new, match):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(InputError, match=match):
            load_paths(write(tmp_path, NIKKEI.replace(old, new)))


def test_a_one_megabyte_cell_or_column_name_is_one_short_error(tmp_path):
    text = error(tmp_path, NIKKEI.replace("33763.18", "3" * 2**20))
    assert text.startswith("nikkei.csv line 4='2024-01-09,333") and len(text) < 400
    assert "expected a line of at most 131,072 characters" in text
    text = error(tmp_path, NIKKEI.replace("fx.USD", "fx." + "U" * 100_000))
    assert text.startswith("nikkei.csv line 1 header fx.UUUU") and len(text) < 500


def test_semicolons_are_named(tmp_path):
    assert "the header is one cell: save the file with commas" in error(tmp_path, NIKKEI.replace(",", ";"))

"""Tests of the chain-file formats: detection, the generic/Cboe/JPX/IBKR readers, OCC symbols, shipped samples."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
from pathlib import Path

import pytest

from pricing.chains.formats import FORMATS, detect_format, occ_symbol, read_chain_table
from pricing.errors import InputError

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "chains"
CBOE_HEADER = ("Expiration Date,Calls,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest,Strike,Puts,"
               "Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest")
CBOE_META = ["", "Standard & Poors 500 Index,Last: 6000.25,Change:  -3.1",
             '"Date: November 25, 2026 at 4:15 PM EST",Bid: 5999.5,Ask: 6000.5,Size: 1*1,Volume: 0']
SPX_LINE = ("Fri Dec 18 2026,SPX261218C05200000,0,0,810.5,815.5,0,0.2464,0.9,0,1,5200.00,"
            "SPX261218P05200000,0,0,5.1,5.4,0,0.3012,-0.1,0,2")
SPXW_LINE = SPX_LINE.replace("SPX2", "SPXW2")
JPX_RECORD = ("NK225E    ,OOP,202612,000000036000.000000, ,100000001,0000000.00,0000000.00,0000345.00,0.183289,"
              "200000001,0000000.00,0000000.00,0002410.00,0.176500,0038000.00,0.210248")
JPX_MINI = JPX_RECORD.replace("NK225E    ", "NK225MWE").replace("202612", "20261204")


def _read(text: str, symbol: str, name: str | None = None):
    stream = io.StringIO(text)
    if name is not None:
        stream.name = name
    return read_chain_table(stream, symbol)


def _cboe(*lines: str) -> str:
    return "\n".join([*CBOE_META, CBOE_HEADER, *lines]) + "\n"


# --- detection ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lines", "expected"), [
    (["expiry,strike,type,bid,ask"], "generic"),
    (["# a comment", "", "Exp,Strike,Put_Call,BID,Ask"], "generic"),
    ([*CBOE_META, CBOE_HEADER, SPX_LINE], "cboe"),
    ([JPX_RECORD], "jpx"),
    (["Financial Instrument,Bid,Ask,Implied Vol. %"], "ibkr"),
    (["Local Symbol,Bid,Ask"], "ibkr"),
])
def test_detect_format_from_the_header(lines, expected):
    assert detect_format(lines) == expected


def test_unknown_header_lists_every_format_and_its_columns():
    with pytest.raises(InputError) as info:
        _read("# note\nfoo,bar,baz\n1,2,3\n", "SPX", name="mystery.csv")
    message = str(info.value)
    assert info.value.field == "mystery.csv line 2 header"
    for fmt in FORMATS:
        assert f"{fmt}:" in message
    assert "Expiration Date,Calls" in message and "Financial Instrument" in message


def test_detection_ignores_the_file_name():
    table = _read("expiry,strike,type,bid,ask\n2027-03-19,5400,P,43.6,44.6\n", "SPX", name="spx_quotedata.csv")
    assert table.format == "generic"


# --- generic --------------------------------------------------------------------------------------------------


def test_generic_maps_columns_by_name_reordered_any_case_extra_ignored():
    text = "Note,ASK,Right,Expiration,BID,Strike,IV,Last_Trade_Date\nx,44.6,p,2027-03-19,43.6,5400,0.19,20261124\n"
    table = _read(text, "spx")
    (row,) = table.rows
    assert dict(row.cells) == {"expiry": "2027-03-19", "strike": "5400", "type": "put", "bid": "43.6",
                               "ask": "44.6", "iv": "0.19", "last_trade_date": "2026-11-24"}
    assert row.columns["type"] == "Right" and row.columns["bid"] == "BID"
    assert table.quote_date is None and table.underlying_price is None and table.other == ()


def test_generic_line_numbers_count_comment_and_blank_lines():
    table = _read("# source: my broker\n\n# second comment\nexp,strike,cp,bid,ask\n2027-03-19,5400,C,1,2\n", "SPX")
    assert table.rows[0].line == 5


def test_generic_thousands_separators_removed_and_bad_cells_passed_through():
    text = 'expiry,strike,type,bid,ask\n2027-03-19,"5,400",straddle,"1,234.5",n/a\n19/03/2027,5400,P,1,2\n'
    first, second = _read(text, "SPX").rows
    assert first.cells["strike"] == "5400" and first.cells["bid"] == "1234.5"
    assert first.cells["type"] == "straddle" and first.cells["ask"] == "n/a"
    assert second.cells["expiry"] == "19/03/2027"


def test_generic_column_named_twice_even_through_an_alias():
    with pytest.raises(InputError, match="one column of each name") as info:
        _read("expiry,strike,type,cp,bid,ask\n", "SPX", name="spx.csv")
    assert info.value.field == "spx.csv line 1 header"


def test_generic_missing_column_and_separator_hint():
    with pytest.raises(InputError, match="'ask'"):
        _read("expiry,strike,type,bid\n2027-03-19,5400,P,1\n", "SPX")
    with pytest.raises(InputError, match="semicolons"):
        _read("expiry;strike;type;bid;ask\n2027-03-19;5400;P;1;2\n", "SPX")


def test_overlong_line_refused_with_its_line_number():
    with pytest.raises(InputError, match="131,072") as info:
        _read("expiry,strike,type,bid,ask\n" + "9" * 140_000 + "\n", "SPX", name="big.csv")
    assert info.value.field == "big.csv line 2"


# --- Cboe -----------------------------------------------------------------------------------------------------


def test_cboe_line_becomes_a_call_and_a_put_with_side_column_names():
    table = _read(_cboe(SPX_LINE), "SPX")
    call, put = table.rows
    assert call.line == put.line == 5
    assert dict(call.cells) == {"expiry": "2026-12-18", "strike": "5200.00", "type": "call", "bid": "810.5",
                                "ask": "815.5", "iv": "0.2464"}
    assert (put.cells["type"], put.cells["bid"], put.cells["ask"], put.cells["iv"]) == ("put", "5.1", "5.4", "0.3012")
    assert call.columns["bid"] == "Calls Bid" and put.columns["ask"] == "Puts Ask" and put.columns["iv"] == "Puts IV"
    assert put.columns["strike"] == "Strike" and put.columns["expiry"] == "Expiration Date"


def test_cboe_metadata_gives_date_time_and_last():
    table = _read(_cboe(SPX_LINE), "SPX")
    assert table.quote_date == dt.date(2026, 11, 25) and table.quote_time == "16:15 EST"
    assert table.underlying_price == 6000.25
    assert table.source == "Cboe delayed quotes, SPX, as of 2026-11-25 16:15 EST"


@pytest.mark.parametrize(("date_cell", "day", "time"), [
    ('"Date: June 11, 2022, 8:47 PM EDT"', dt.date(2022, 6, 11), "20:47 EDT"),
    ("Date: 5 April 2023, 19:41 UTC−4", dt.date(2023, 4, 5), "19:41 UTC−4"),
])
def test_cboe_date_line_variants_seen_in_real_files(date_cell, day, time):
    text = "\n".join(["", CBOE_META[1], f"{date_cell},Bid: 1,Ask: 2", CBOE_HEADER, SPX_LINE]) + "\n"
    table = _read(text, "SPX")
    assert (table.quote_date, table.quote_time) == (day, time)


def test_cboe_spxw_lines_go_to_other_with_the_reason():
    table = _read(_cboe(SPX_LINE, SPXW_LINE), "SPX")
    assert len(table.rows) == 2
    assert [line for line, _ in table.other] == [6] and "SPXW" in table.other[0][1]
    assert any("SPXW" in note for note in table.notes)


def test_cboe_file_of_another_contract_refused():
    xsp = SPX_LINE.replace("SPX2", "XSP2")
    with pytest.raises(InputError, match="XSP: load it as that") as info:
        _read(_cboe(xsp), "SPX", name="xsp.csv")
    assert info.value.field == "xsp.csv line 4 header"
    with pytest.raises(InputError, match="SPX, XSP or SPY"):
        _read(_cboe(SPX_LINE), "NK225_OPT")


def test_cboe_zero_iv_left_empty_and_missing_strike_taken_from_symbol():
    line = SPX_LINE.replace(",0.2464,", ",0,").replace(",5200.00,", ",,")
    call, put = _read(_cboe(line), "SPX").rows
    assert call.cells["iv"] == "" and put.cells["iv"] == "0.3012"
    assert call.cells["strike"] == "5200" and put.cells["strike"] == "5200"


# --- JPX ------------------------------------------------------------------------------------------------------


def test_jpx_record_gives_settlement_rows_without_bid_ask():
    table = _read(JPX_RECORD + "\n", "NK225_OPT")
    put, call = table.rows
    assert dict(put.cells) == {"expiry": "2026-12-11", "strike": "36000", "bid": "", "ask": "",
                               "underlying_price": "38000", "type": "put", "settlement": "345", "iv": "0.183289"}
    assert call.cells["settlement"] == "2410" and call.cells["iv"] == "0.1765"
    assert put.columns["settlement"] == "Put Theoretical Price" and call.columns["iv"] == "Call Volatility"
    assert table.underlying_price == 38000.0 and table.format == "jpx"
    assert any("not tradable quotes" in note for note in table.notes)


def test_jpx_routes_large_and_mini_products():
    weekly = JPX_RECORD.replace("NK225E    ", "NK225WE").replace("202612", "20261204")
    topix = JPX_RECORD.replace("NK225E    ", "TOPIXE")
    text = "\n".join([JPX_RECORD, weekly, JPX_MINI, topix]) + "\n"
    large = _read(text, "nk225_opt")
    assert [r.line for r in large.rows] == [1, 1, 2, 2] and large.rows[2].cells["expiry"] == "2026-12-04"
    assert [line for line, _ in large.other] == [3, 4] and "NK225MWE" in large.other[0][1]
    mini = _read(text, "NK225M_OPT")
    assert [r.line for r in mini.rows] == [3, 3] and [line for line, _ in mini.other] == [1, 2, 4]


def test_jpx_file_without_the_requested_product_refused():
    with pytest.raises(InputError, match="NK225MWE"):
        _read(JPX_RECORD + "\n", "NK225M_OPT")
    with pytest.raises(InputError, match="NK225_OPT or NK225M_OPT"):
        _read(JPX_RECORD + "\n", "SPX")


def test_jpx_trade_date_from_the_file_name_only():
    assert _read(JPX_RECORD + "\n", "NK225_OPT", name="ose20261125tp.csv").quote_date == dt.date(2026, 11, 25)
    assert _read(JPX_RECORD + "\n", "NK225_OPT", name="nikkei.csv").quote_date is None


def test_jpx_header_line_prepended_goes_to_other():
    table = _read("Product Code,Product Type,Contract Month\n" + JPX_RECORD + "\n", "NK225_OPT")
    assert table.format == "jpx" and [line for line, _ in table.other] == [1] and len(table.rows) == 2


# --- IBKR -----------------------------------------------------------------------------------------------------


def test_ibkr_description_mapping_percent_iv_and_other_lines():
    text = ("Financial Instrument,Bid,Ask,Implied Vol. %,Underlying Price\n"
            "XSP INDEX,600,600,,\n"
            "XSP DEC 18 '26 540 Put,1.25,1.31,21.5%,600.10\n"
            "SPX DEC 18 '26 5400 Call,1,2,20%,6000\n")
    table = _read(text, "XSP")
    (row,) = table.rows
    assert dict(row.cells) == {"expiry": "2026-12-18", "strike": "540", "type": "put", "bid": "1.25",
                               "ask": "1.31", "iv": "0.215", "underlying_price": "600.10", "last_trade_date": ""}
    assert row.columns["iv"] == "Implied Vol. %" and row.line == 3
    assert [line for line, _ in table.other] == [2, 4]


def test_ibkr_local_symbol_and_explicit_columns():
    text = ("Local Symbol,Strike,Bid,Ask\n"
            "XSP   261218P00540000,,1.25,1.31\n"
            "SPXW  261218P05400000,5400,1,2\n")
    (row,) = _read(text, "XSP").rows
    assert (row.cells["expiry"], row.cells["strike"], row.cells["type"]) == ("2026-12-18", "540", "put")
    with pytest.raises(InputError, match="export of SPY"):
        _read(text.replace("XSP   261218P00540000", "SPX   261218P05400000"), "SPY")


# --- OCC symbols ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("SPX261218P05200000", ("SPX", dt.date(2026, 12, 18), "put", 5200.0)),
    ("SPXW220610C03900000", ("SPXW", dt.date(2022, 6, 10), "call", 3900.0)),
    ("XSP230914C00450000", ("XSP", dt.date(2023, 9, 14), "call", 450.0)),
    ("SPY261218P00612500", ("SPY", dt.date(2026, 12, 18), "put", 612.5)),
    ("SPXW  261218C06100000", ("SPXW", dt.date(2026, 12, 18), "call", 6100.0)),
    ("spx261218p05200000", ("SPX", dt.date(2026, 12, 18), "put", 5200.0)),
])
def test_occ_symbol_parses_real_looking_symbols(text, expected):
    assert occ_symbol(text) == expected


@pytest.mark.parametrize("text", ["", "SPX", "SPX261318P05200000", "SPX261218X05200000", "SPX261218P0520000",
                                  "XSP DEC 18 '26 540 Put"])
def test_occ_symbol_refuses_other_text(text):
    assert occ_symbol(text) is None


# --- shipped samples ------------------------------------------------------------------------------------------


def _generator():
    spec = importlib.util.spec_from_file_location("make_samples", Path(__file__).with_name("make_samples.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_samples_equal_what_the_generator_writes(tmp_path):
    generator = _generator()
    for path in generator.main(tmp_path):
        assert (EXAMPLES / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), path.name


@pytest.mark.parametrize(("name", "symbol", "fmt", "n_rows", "n_other"), [
    ("spx_cboe_sample.csv", "SPX", "cboe", 64, 3),
    ("xsp_cboe_sample.csv", "XSP", "cboe", 64, 0),
    ("nk225_jpx_sample.csv", "NK225_OPT", "jpx", 82, 10),
    ("nk225_jpx_sample.csv", "NK225M_OPT", "jpx", 20, 41),
    ("xsp_ibkr_sample.csv", "XSP", "ibkr", 48, 1),
])
def test_shipped_samples_read(name, symbol, fmt, n_rows, n_other):
    table = read_chain_table(EXAMPLES / name, symbol)
    assert (table.format, len(table.rows), len(table.other)) == (fmt, n_rows, n_other)
    for row in table.rows:
        assert row.cells["type"] in ("put", "call") and len(row.cells["expiry"]) == 10

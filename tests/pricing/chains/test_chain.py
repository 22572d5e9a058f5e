"""Tests of the option-chain CSV import: round trip, bad rows, aliases, the shipped sample chain."""

from __future__ import annotations

import codecs
import dataclasses
import io
import warnings
from pathlib import Path

import numpy as np
import pytest

from pricing.chains.chain import QUOTE_COLUMNS, OptionChain, load_chain
from pricing.contracts import Option, Quote
from pricing.errors import ImpliedVolError, InputError
from pricing.market import default_market
from pricing.quantlib_engine import implied_vol, price, surface_vol
from pricing.smiles import SSVISlices

MARKET = default_market()  # valuation 2026-11-25, SPX 6000, USD 4% flat, q 1.3%
SAMPLE = Path(__file__).resolve().parents[3] / "examples" / "chains" / "spx_sample.csv"
HEADER = "expiry,strike,type,bid,ask"
GOOD_PUT = "2027-03-19,5400,P,43.6,44.6"  # default surface: 44.09 points at 19.09% vol
GOOD_CALL = "2027-03-19,6200,C,143.7,144.6"


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "chain.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def _generated_chain(tmp_path: Path) -> tuple[Path, dict[tuple[str, float, str], float]]:
    """Price a chain with QuantLib at the default surface's vols; bid/ask = price * (1 -/+ 1%)."""
    rows, vols = [HEADER], {}
    for expiry in ("2027-01-15", "2027-03-19", "2027-09-17"):
        for strike in (5100.0, 5400.0, 5700.0, 5850.0, 6000.0, 6150.0, 6300.0, 6600.0):
            for kind in ("put", "call"):
                option = Option("SPX", kind, strike, expiry)
                value = price(option, MARKET).price
                vols[(expiry, strike, kind)] = surface_vol(option, MARKET)
                rows.append(f"{expiry},{strike!r},{kind},{value * 0.99!r},{value * 1.01!r}")
    return _write(tmp_path, *rows), vols


def test_round_trip_recovers_surface_vols(tmp_path):
    path, vols = _generated_chain(tmp_path)
    chain = load_chain(path, "SPX", MARKET)
    assert chain.n_skipped == 0 and len(chain.quotes) == len(vols) == 48
    assert list(chain.quotes.columns) == list(QUOTE_COLUMNS)
    for row in chain.quotes.itertuples():
        expected = vols[(row.expiry.isoformat(), row.strike, row.kind)]
        # Source: the default (SSVI) surface via QuantLib AnalyticEuropeanEngine prices; tol 1e-8 in vol.
        assert row.iv == pytest.approx(expected, abs=1e-8), f"{row.expiry} {row.strike} {row.kind}"
    surface = chain.surface()
    assert isinstance(surface, SSVISlices) and len(surface.slices) == chain.quotes["expiry"].nunique()
    q = chain.quotes
    # The quotes come from an SSVI surface, so one SSVI slice per expiry fits them: 1e-6 in vol (0.0001 vol point).
    np.testing.assert_allclose(surface.vol(q["moneyness"], q["t"]), MARKET.surface("SPX").vol(q["moneyness"], q["t"]),
                               atol=1e-6)


def test_chain_ivs_agree_with_quantlib_implied_vol(tmp_path):
    chain = load_chain(_generated_chain(tmp_path)[0], "SPX", MARKET)
    for option, iv in list(zip(chain.options(), chain.quotes["iv"], strict=True))[::7]:
        reference = implied_vol(option, option.quote.mid, MARKET)  # QuantLib impliedVolatility, tol 1e-8
        assert iv == pytest.approx(reference, abs=1e-8), option.label


def test_columns_and_derived_values():
    chain = load_chain(io.StringIO(f"{HEADER}\n{GOOD_PUT}\n"), "SPX", MARKET)
    row = chain.quotes.iloc[0]
    assert row["t"] == 114 / 365  # 2026-11-25 to 2027-03-19, Act/365
    assert row["mid"] == pytest.approx(44.1) and row["spot"] == 6000.0 and row["moneyness"] == 0.9
    assert row["kind"] == "put" and row["row"] == 2


BAD_ROWS = [
    ("2027-03-19,5400,P,45.0,44.0", r"^chain\.csv row 3 bid=45.0: expected bid <= ask \(ask=44\)"),
    ("2027-03-19,5400,P,,44.6", r"^chain\.csv row 3 bid='': expected a price >= 0 in points \(missing\)"),
    ("2027-03-19,5400,P,43.6,", r"^chain\.csv row 3 ask='': expected a price >= 0 in points \(missing\)"),
    ("2027-03-19,5400,P,-1,44.6", r"^chain\.csv row 3 bid=-1.0: expected a price >= 0"),
    ("2027-03-19,0,P,43.6,44.6", r"^chain\.csv row 3 strike=0.0: expected a strike > 0"),
    ("2027-03-19,-5400,P,43.6,44.6", r"^chain\.csv row 3 strike=-5400.0: expected a strike > 0"),
    ("2027-03-19,abc,P,43.6,44.6", r"^chain\.csv row 3 strike='abc': expected a number"),
    ("19/03/2027,5400,P,43.6,44.6", r"^chain\.csv row 3 expiry='19/03/2027': expected an ISO date"),
    ("2026-11-24,5400,P,43.6,44.6", r"^chain\.csv row 3 expiry='2026-11-24': expected a date after the valuation date"),
    ("2026-06-19,5400,P,43.6,44.6", r"^chain\.csv row 3 expiry='2026-06-19': expected a date after the valuation date"),
    ("2027-03-19,5400,X,43.6,44.6", r"^chain\.csv row 3 type='X': expected put, call, P or C"),
    ("2027-03-19,7000,P,900,910", r"^chain\.csv row 3 mid=905.0: expected a mid strictly between 93\d\.\d+ and"),
    ("2027-03-19,6200,C,7000,7001", r"^chain\.csv row 3 mid=7000.5: expected a mid strictly between"),
    ("2027-03-19,5400,put,43.0,45.0", r"^chain\.csv row 3 strike=5400.0: expected one quote per expiry"),
]


@pytest.mark.parametrize(("line", "match"), BAD_ROWS)
def test_bad_row_raises_naming_the_row(tmp_path, line, match):
    path = _write(tmp_path, HEADER, GOOD_PUT, line, GOOD_CALL)
    with pytest.raises(InputError, match=match):
        load_chain(path, "SPX", MARKET)


@pytest.mark.parametrize(("line", "match"), BAD_ROWS)
def test_bad_row_skipped_with_reason(tmp_path, line, match):
    chain = load_chain(_write(tmp_path, HEADER, GOOD_PUT, line, GOOD_CALL), "SPX", MARKET, on_bad_row="skip")
    assert chain.n_skipped == 1
    (row, reason), = chain.skipped
    assert row == 3 and reason.startswith("row 3 ")
    assert list(chain.quotes["row"]) == [2, 4]


def test_price_outside_bounds_is_an_implied_vol_error():
    with pytest.raises(ImpliedVolError, match="no-arbitrage bounds"):
        load_chain(io.StringIO(f"{HEADER}\n2027-03-19,6600,P,100,110\n"), "SPX", MARKET)


def test_an_unquoted_option_is_listed_not_bad_but_a_chain_needs_one_quote():
    chain = load_chain(io.StringIO(f"{HEADER}\n{GOOD_PUT}\n2027-03-19,3000,P,0,0\n"), "SPX", MARKET)
    assert chain.n_skipped == 0 and len(chain.quotes) == 2
    row = chain.quotes.iloc[1]
    assert row["ask"] == 0.0 and np.isnan(row["iv"]) and not row["in_fit"]
    with pytest.raises(InputError, match=r"rows=1: expected at least one usable quote"):
        load_chain(io.StringIO(f"{HEADER}\n2027-03-19,3000,P,0,0\n"), "SPX", MARKET)


def test_error_mode_reports_the_first_bad_line(tmp_path):
    # Line 3 fails at the price stage, line 4 at parsing: the earlier line is reported.
    path = _write(tmp_path, HEADER, GOOD_PUT, "2027-03-19,6600,P,100,110", "2027-03-19,5600,Q,1,2")
    with pytest.raises(InputError, match=r"^chain\.csv row 3 mid"):
        load_chain(path, "SPX", MARKET)
    chain = load_chain(path, "SPX", MARKET, on_bad_row="skip")
    assert [s.row for s in chain.skipped] == [3, 4]


def test_row_numbers_are_file_lines_with_comments_and_blanks(tmp_path):
    path = _write(tmp_path, "# illustrative", "  # another comment", HEADER, "", GOOD_PUT, "2027-03-19,5400,C,9,8")
    with pytest.raises(InputError, match=r"^chain\.csv row 6 bid"):
        load_chain(path, "SPX", MARKET)


def test_missing_required_column(tmp_path):
    path = _write(tmp_path, "expiry,strike,type,bid", "2027-03-19,5400,P,43.6")
    with pytest.raises(InputError, match=r"a column named 'ask'"):
        load_chain(path, "SPX", MARKET)


def test_no_usable_rows(tmp_path):
    with pytest.raises(InputError, match=r"at least one usable quote \(1 bad rows; first: row 2 bid"):
        load_chain(_write(tmp_path, HEADER, "2027-03-19,5400,P,45,44"), "SPX", MARKET, on_bad_row="skip")
    with pytest.raises(InputError, match=r"at least one usable quote"):
        load_chain(_write(tmp_path, HEADER), "SPX", MARKET)
    with pytest.raises(InputError, match=r"a CSV file with a header line"):
        load_chain(_write(tmp_path, "# only a comment"), "SPX", MARKET)


def test_missing_file_and_bad_policy(tmp_path):
    with pytest.raises(InputError, match=r"an existing option-chain CSV file"):
        load_chain(tmp_path / "nope.csv", "SPX", MARKET)
    with pytest.raises(InputError, match=r"on_bad_row='ignore'"):
        load_chain(io.StringIO(f"{HEADER}\n{GOOD_PUT}\n"), "SPX", MARKET, on_bad_row="ignore")


def test_type_aliases_case_insensitive_headers_and_extra_columns(tmp_path):
    path = _write(
        tmp_path,
        " Expiry,STRIKE,Type,Bid,ASK,volume",
        "2027-03-19,5400,p,43.6,44.6,10",
        "2027-03-19,5500,Put,53.0,54.0,10",
        "2027-03-19,6200,C,143.7,144.6,10",
        "2027-03-19,6300,CALL,105.0,106.0,10",
    )
    chain = load_chain(path, "SPX", MARKET)
    assert list(chain.quotes["kind"]) == ["put", "put", "call", "call"]


def test_given_iv_is_used_and_underlying_price_overrides_spot(tmp_path):
    bumped = dataclasses.replace(MARKET, spots={"SPX": 6100.0, "NKY": 38000.0})
    value = price(Option("SPX", "put", 5400.0, "2027-03-19"), bumped, vol=0.21).price
    path = _write(
        tmp_path,
        f"{HEADER},iv,underlying_price",
        f"2027-03-19,5400,P,{value!r},{value!r},,6100",
        "2027-03-19,6200,C,143.7,144.6,0.1555,",
    )
    q = load_chain(path, "SPX", MARKET).quotes
    assert q["spot"].tolist() == [6100.0, 6000.0]
    assert q["moneyness"].iloc[0] == 5400 / 6100
    assert q["iv"].iloc[0] == pytest.approx(0.21, abs=1e-8)  # implied at spot 6100 (QuantLib price at 21%)
    assert q["iv"].iloc[1] == 0.1555  # taken as given
    with pytest.raises(InputError, match=r"^row 2 iv=15.0: .*looks like a percentage"):
        load_chain(io.StringIO(f"{HEADER},iv\n{GOOD_PUT},15\n"), "SPX", MARKET)
    with pytest.raises(InputError, match=r"^row 2 underlying_price=-6000.0: expected a number > 0"):
        load_chain(io.StringIO(f"{HEADER},underlying_price\n{GOOD_PUT},-6000\n"), "SPX", MARKET)


def test_xsp_strikes_are_in_mini_points():
    chain = load_chain(io.StringIO(f"{HEADER}\n2027-03-19,540,P,4.36,4.46\n"), "xsp", MARKET)
    assert chain.symbol == "XSP"
    row = chain.quotes.iloc[0]
    assert row["spot"] == 600.0 and row["moneyness"] == 0.9
    assert row["iv"] == pytest.approx(0.190915, abs=1e-6)  # the same vol as the SPX 5400 put at 44.10


def test_options_carry_their_quotes():
    chain = load_chain(io.StringIO(f"{HEADER}\n{GOOD_PUT}\n{GOOD_CALL}\n"), "SPX", MARKET)
    put, call = chain.options()
    assert put == Option("SPX", "put", 5400.0, "2027-03-19", Quote(43.6, 44.6))
    assert call.label == "SPX 2027-03-19 6200 call" and call.quote == Quote(143.7, 144.6)


def test_fit_uses_the_out_of_the_money_side_with_a_bid():
    # The forward of 2027-03-19 is 6000 e^{0.027 * 114/365} = 6050.8: the 6000 put is out of the money.
    text = "\n".join(
        [
            HEADER,
            "2027-03-19,5400,P,43.6,44.6",  # OTM put: fitted
            "2027-03-19,5400,C,686.0,688.0",  # ITM call: not fitted
            "2027-03-19,6000,P,192.0,193.0",  # below the forward: fitted
            "2027-03-19,6000,C,243.0,244.0",  # not fitted
            "2027-03-19,6200,P,290.0,292.0",  # ITM put: not fitted
            "2027-03-19,6200,C,143.7,144.6",  # OTM call: fitted
            "2027-03-19,6600,C,0,0.5",  # OTM call without a bid: kept, not fitted
            "2027-03-19,6400,P,419.0,421.0",  # only the ITM side quoted: not fitted
        ]
    )
    chain = load_chain(io.StringIO(text), "SPX", MARKET)
    fitted = chain.quotes[chain.quotes["in_fit"]]
    assert list(zip(fitted["strike"], fitted["kind"], strict=True)) == [(5400, "put"), (6000, "put"), (6200, "call")]
    assert len(chain.quotes) == 8 and len(chain.fit.quotes) == 3


def test_chain_validates_symbol_and_columns():
    chain = load_chain(io.StringIO(f"{HEADER}\n{GOOD_PUT}\n"), "SPX", MARKET)
    with pytest.raises(InputError, match=r"an option contract, not a future"):
        OptionChain("ES", chain.valuation_date, chain.quotes)
    with pytest.raises(InputError, match=r"the columns iv"):
        OptionChain("SPX", chain.valuation_date, chain.quotes.drop(columns="iv"))
    with pytest.raises(InputError, match=r"contract='FOO'"):
        load_chain(io.StringIO(f"{HEADER}\n{GOOD_PUT}\n"), "FOO", MARKET)


def test_sample_chain_loads_cleanly():
    chain = load_chain(SAMPLE, "SPX", MARKET)
    assert chain.n_skipped == 0
    assert len(chain.quotes) == 60 and chain.quotes["expiry"].nunique() == 3
    # Generated from the default surface with prices rounded to the tick: IVs within 0.1 vol point of it.
    q = chain.quotes
    np.testing.assert_allclose(q["iv"], MARKET.surface("SPX").vol(q["moneyness"], q["t"]), atol=1e-3)
    assert chain.fit.arbitrage.empty and len(chain.surface().slices) == 3
    # Prices rounded to the tick: the fit is within 0.1 vol point of every mid it used.
    assert chain.fit.quotes["error"].abs().max() < 1e-3


def test_spy_ivs_are_european_implied_with_an_upward_put_bias():
    # SPY is American: QuantLib's FD price at 20% vol, inverted with the European formula. Puts come out above
    # 20% (early-exercise premium read as vol), more so the deeper in the money; a call on a dividend payer barely.
    # Values from this run: 540 put 20.16%, 640 put 21.05%, 640 call 20.0004%.
    rows = [HEADER]
    for strike, kind in ((540.0, "put"), (640.0, "put"), (640.0, "call")):
        value = price(Option("SPY", kind, strike, "2027-06-18"), MARKET, vol=0.20).price
        rows.append(f"2027-06-18,{strike!r},{kind},{value!r},{value!r}")
    iv = load_chain(io.StringIO("\n".join(rows)), "SPY", MARKET).quotes["iv"].to_numpy()
    assert 0.20 < iv[0] < iv[1] < 0.22
    assert iv[2] == pytest.approx(0.20, abs=1e-4)


def test_chain_surface_plugs_into_the_market(tmp_path):
    chain = load_chain(_generated_chain(tmp_path)[0], "SPX", MARKET)
    market = dataclasses.replace(MARKET, vol_surfaces={**MARKET.vol_surfaces, "SPX": chain.surface()})
    # XSP shares the SPX surface through moneyness: XSP 570 is SPX 5700 (K/S = 0.95) on a quoted expiry.
    option = Option("XSP", "put", 570.0, "2027-03-19")
    assert surface_vol(option, market) == pytest.approx(surface_vol(option, MARKET), abs=1e-8)
    assert price(option, market).price == pytest.approx(price(option, MARKET).price, abs=1e-6)


# -- hostile files (issue 18): one InputError naming the file, no warnings, skip mode unchanged -----------------
def test_a_byte_order_mark_and_the_file_name_in_row_errors(tmp_path):
    path = tmp_path / "chain.csv"
    path.write_bytes(codecs.BOM_UTF8 + f"{HEADER}\n{GOOD_PUT}\n".encode())
    assert len(load_chain(path, "SPX", MARKET).quotes) == 1


def test_latin1_bytes_name_file_line_and_column(tmp_path):
    path = tmp_path / "chain.csv"
    path.write_bytes(f"{HEADER}\n{GOOD_PUT}\n# caf".encode() + b"\xe9\n")
    with pytest.raises(InputError, match=r"chain\.csv line 3 column 6=b'\\xe9': expected UTF-8 text"):
        load_chain(path, "SPX", MARKET)


@pytest.mark.parametrize(("header", "match"), [
    ("expiry,strike,type,bid,ask,bid", r"^chain\.csv line 1 header='bid': expected one column of each name"),
    ("expiry;strike;type;bid;ask", r"^chain\.csv columns=.*\(the header is one cell: save the file with commas"),
])
def test_a_header_that_names_a_column_twice_or_uses_semicolons(tmp_path, header, match):
    with pytest.raises(InputError, match=match):
        load_chain(_write(tmp_path, header, GOOD_PUT.replace(",", header[6])), "SPX", MARKET)


def test_a_one_megabyte_line_is_one_short_error(tmp_path):
    path = _write(tmp_path, HEADER, GOOD_PUT, "2027-03-19," + "5" * 2**20 + ",P,43.6,44.6")
    with pytest.raises(InputError) as exc:
        load_chain(path, "SPX", MARKET)
    assert str(exc.value).startswith("chain.csv line 3='2027-03-19,555") and len(str(exc.value)) < 400
    assert "expected a line of at most 131,072 characters" in str(exc.value)


@pytest.mark.parametrize(("line", "match"), [
    ("2027-03-19,5400,P,nan,44.6", r"^chain\.csv row 3 bid=nan: expected a finite number"),
    ("2027-03-19,5400,P,43.6,inf", r"^chain\.csv row 3 ask=inf: expected a finite number"),
    ("2027-03-19,5400,P,1e308,1e308", r"^chain\.csv row 3 mid=inf: expected a mid strictly between 0 and"),
    ("2027-03-19,1e308,P,43.6,44.6", r"^chain\.csv row 3 mid=44.1: expected a mid strictly between"),
])
def test_extreme_numbers_raise_one_error_and_no_warning(tmp_path, line, match):
    path = _write(tmp_path, HEADER, GOOD_PUT, line)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(InputError, match=match):
            load_chain(path, "SPX", MARKET)
        chain = load_chain(path, "SPX", MARKET, on_bad_row="skip")  # skip mode keeps the good row
    assert len(chain.quotes) == 1 and [s.row for s in chain.skipped] == [3]


@pytest.mark.parametrize(("text", "match"), [
    ("", r"^path='chain\.csv': expected a CSV file with a header line"),
    (f"{HEADER}\n", r"^chain\.csv rows=0: expected at least one usable quote"),
])
def test_empty_and_header_only(tmp_path, text, match):
    path = tmp_path / "chain.csv"
    path.write_text(text)
    with pytest.raises(InputError, match=match):
        load_chain(path, "SPX", MARKET)


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(InputError, match=r"^path='.*': expected a regular option-chain CSV file \(this is a folder\)"):
        load_chain(tmp_path, "SPX", MARKET)


def test_options_expiring_on_the_valuation_date_are_left_out_not_bad():
    text = f"{HEADER}\n{GOOD_PUT}\n2026-11-25,5995,P,1.2,1.4\n2026-11-25,6005,C,1.1,1.3\n"
    chain = load_chain(io.StringIO(text), "SPX", MARKET)  # "error": a 0DTE row would have raised
    assert chain.expiring == 2 and chain.n_skipped == 0 and list(chain.quotes["row"]) == [2]

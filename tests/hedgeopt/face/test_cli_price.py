"""The `hedgeopt price` command: output figures equal the library's, errors are one line with exit 2."""

from __future__ import annotations

import json

import pytest

from hedgeopt.face.cli import main
from pricing import Option, default_market, price, put_spread, trade_quote


def test_price_json_equals_library(cli, capsys):
    code, out, _ = cli("price", "--contract", "XSP", "--strike", "540", "--expiry", "2027-03-19", "--json")
    assert code == 0
    payload = json.loads(out)
    expected = price(Option("XSP", "put", 540.0, "2027-03-19"), default_market())
    got = payload["valuations"][0]
    assert got["price"] == pytest.approx(expected.price, rel=1e-12)
    assert got["contract_value_base"] == pytest.approx(expected.price * 100 * 150, rel=1e-12)  # multiplier, USDJPY
    assert payload["base_currency"] == "JPY"


def test_price_json_carries_the_quote_the_commission_and_the_illustrative_flag(cli, capsys):
    code, out, _ = cli("price", "--contract", "XSP", "--strike", "540", "--expiry", "2027-03-19", "--json")
    assert code == 0
    payload = json.loads(out)
    got = payload["valuations"][0]
    put = Option("XSP", "put", 540.0, "2027-03-19")
    ref = trade_quote(put, default_market())
    assert got["model_price"] == pytest.approx(got["price"], rel=1e-12)  # the same QuantLib price
    assert (got["bid"], got["ask"]) == (ref.quote.bid, ref.quote.ask) and got["bid"] < got["price"] < got["ask"]
    assert got["commission_buy"] == pytest.approx(1.00 + 0.02685 + 0.02, abs=1e-12)  # IBKR minimum + ORF + OCC, USD
    assert got["commission_currency"] == "USD"
    assert got["cost_to_buy_base"] == pytest.approx((got["ask"] * 100 + got["commission_buy"]) * 150, rel=1e-12)
    assert payload["market_illustrative"] is True and "not live data" in payload["market"]


def test_price_table_shows_bid_ask_commission_and_says_illustrative(cli, capsys):
    code, out, _ = cli("price", "--contract", "XSP", "--strike", "540", "--expiry", "2027-03-19")
    ref = trade_quote(Option("XSP", "put", 540.0, "2027-03-19"), default_market())
    assert code == 0 and "ILLUSTRATIVE market data, not live prices" in out
    assert f"{ref.quote.bid:,.2f}" in out and f"{ref.quote.ask:,.2f}" in out and "1.05 USD" in out  # 1.04685 USD


def test_spread_json_is_long_minus_short(cli, capsys):
    code, out, _ = cli("price", "--contract", "SPX", "--spread", "5700/5100", "--expiry", "2027-03-19",
                       "--json")
    assert code == 0
    got = json.loads(out)["valuations"][0]
    ref = price(put_spread("SPX", 5700, 5100, "2027-03-19"), default_market())
    assert got["price"] == pytest.approx(ref.price, rel=1e-12)
    assert got["instrument"] == "SPX 2027-03-19 5700/5100 put spread"


def test_inputs_override_market(cli, capsys):
    # Spot 5000, vol 0.25, rate 0.05, no dividend, USDJPY 140: the library with the same Market gives the same.
    code, out, _ = cli("price", "--contract", "SPX", "--strike", "4800", "--expiry", "2027-05-21",
                       "--spot", "5000", "--vol", "0.25", "--rate", "0.05", "--div", "0", "--fx", "140", "--json")
    assert code == 0
    got = json.loads(out)["valuations"][0]
    from pricing.market import with_inputs

    market = with_inputs(default_market(), "SPX", spot=5000, rate=0.05, dividend_yield=0.0, fx=140)
    ref = price(Option("SPX", "put", 4800, "2027-05-21"), market, vol=0.25)
    assert got["price"] == pytest.approx(ref.price, rel=1e-12)
    assert got["fx_to_base"] == 140


def test_standard_table_prints(cli, capsys):
    code, out, _ = cli("price", "--standard")
    assert code == 0
    assert "XSP 2027-02-19 570 put" in out and "JPY" in out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--strike", "540", "--vol", "20"], "looks like a percentage"),
        (["--strike", "-5"], "strike=-5.0"),
        (["--strike", "540", "--expiry", "2020-01-01"], "after the valuation date"),
        (["--contract", "FOO", "--strike", "5"], "contract='FOO'"),
        (["--contract", "ES", "--strike", "5000"], "an option contract"),
        (["--spread", "500-400"], "two strikes"),
        (["--strike", "540", "--spread", "540/500"], "exactly one of"),
        (["--strike", "540", "--rate", "6"], "looks like a percentage"),
        (["--strike", "540", "--kind", "straddle"], "'put' or 'call'"),
        (["--strike", "nan"], "finite"),
    ],
)
def test_bad_input_is_one_line_exit_2(cli, capsys, argv, needle):
    code, out, err = cli("price", *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and needle in err
    assert "Traceback" not in err


def test_argparse_errors_are_one_line(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["price", "--strike"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "expected one argument" in err

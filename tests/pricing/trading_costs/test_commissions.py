"""Commission schedules against their own published rules and worked examples, and package quotes by hand."""

from __future__ import annotations

import numpy as np
import pytest

from pricing import InputError, Option, Quote, default_market, price, put_spread
from pricing.trading_costs import COMMISSIONS, DEFAULT_QUOTE_MODEL, commission, package_quote, trade_quote

ORF_OCC = 0.02685 + 0.02  # IBKR page: Options Regulatory Fee 0.02685/contract + OCC clearing 0.02/contract


@pytest.mark.parametrize(("contracts", "premium", "expected"), [
    (1, 2.00, 1.00),    # IBKR tiered examples: "1 Contract @ USD 2 Premium = USD 1.00" (the order minimum)
    (2, 5.00, 1.30),    # "2 Contract @ USD 5 Premium = USD 1.30" (2 x 0.65)
    (3, 0.075, 1.50),   # "3 Contract @ USD 0.075 Premium = USD 1.50" (3 x 0.50)
    (5, 0.03, 1.25),    # "5 Contract @ USD 0.03 Premium = USD 1.25" (5 x 0.25)
])
@pytest.mark.parametrize("symbol", ["SPX", "XSP", "SPY"])
def test_ibkr_broker_commission_matches_its_worked_examples(symbol, contracts, premium, expected):
    assert COMMISSIONS[symbol].broker_commission(premium, 100.0, contracts) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(("premium", "contracts", "side", "expected"), [
    (12.30, 1, "buy", 1.00 + 0.45 + ORF_OCC),   # minimum 1.00 + Cboe SPX CT 0.45 (premium >= 1.00)
    (0.80, 1, "buy", 1.00 + 0.36 + ORF_OCC),    # Cboe SPX CS 0.36 (premium < 1.00)
    (1.00, 4, "buy", 4 * 0.65 + 4 * 0.45 + 4 * ORF_OCC),  # 1.00 is in the upper Cboe band
    # a sale adds FINRA TAF 0.00279/contract and SEC 0.000008 x value sold (12.30 x 100 x 2 = 2,460 USD)
    (12.30, 2, "sell", 1.30 + 0.90 + 2 * ORF_OCC + 2 * 0.00279 + 0.000008 * 2460.0),
])
def test_spx_orders_by_hand(premium, contracts, side, expected):
    assert float(commission("SPX", premium, contracts, side)) == pytest.approx(expected, abs=1e-12)


def test_xsp_exchange_fee_starts_at_ten_contracts():
    assert float(commission("XSP", 5.00, 9)) == pytest.approx(9 * 0.65 + 9 * ORF_OCC, abs=1e-12)  # Cboe XC: none < 10
    assert float(commission("XSP", 5.00, 10)) == pytest.approx(10 * (0.65 + 0.07 + ORF_OCC), abs=1e-12)  # Cboe CC


def test_spy_exchange_fee_starts_at_a_hundred_contracts():
    assert float(commission("SPY", 2.00, 1)) == pytest.approx(1.00 + ORF_OCC, abs=1e-12)  # Cboe CD: free < 100
    assert float(commission("SPY", 2.00, 100)) == pytest.approx(100 * (0.65 + 0.18 + ORF_OCC), abs=1e-9)  # CA 0.18


@pytest.mark.parametrize(("premium", "contracts", "expected"), [
    (50.0, 1, 198.0),     # 0.198% x 50,000 yen = 99 yen: the 198 yen minimum (Rakuten 最低手数料198円)
    (100.0, 1, 198.0),    # 0.198% x 100,000 = 198 yen exactly: the percentage and the minimum meet
    (300.0, 2, 1188.0),   # 0.198% x 600,000 = 1,188 yen: the percentage case
    (123.0, 1, 243.0),    # 0.198% x 123,000 = 243.54 yen, rounded down (1円未満切捨て)
])
def test_rakuten_nikkei_225_options(premium, contracts, expected):
    assert float(commission("NK225_OPT", premium, contracts)) == expected  # Rakuten 売買代金の0.198%, min 198円


@pytest.mark.parametrize(("contracts", "expected"), [(1, 19.0), (3, 59.0), (10, 198.0)])
def test_rakuten_nikkei_225_mini_options(contracts, expected):
    assert float(commission("NK225M_OPT", 40.0, contracts)) == expected  # 19.8円/枚, total rounded down to the yen


def test_a_fraction_of_a_contract_pays_its_share_of_the_fees_and_the_whole_minimum():
    # the path engine may hold 0.5 SPX contract: broker max(0.5 x 0.65, 1.00) + 0.5 x (Cboe 0.45 + ORF + OCC)
    assert float(commission("SPX", 5.0, 0.5)) == pytest.approx(1.00 + 0.5 * (0.45 + ORF_OCC), abs=1e-12)
    assert float(commission("XSP", 5.0, 9.5)) == pytest.approx(9.5 * (0.65 + ORF_OCC), abs=1e-12)  # < 10: no Cboe


def test_no_order_costs_nothing_and_orders_are_vectorized():
    fees = commission("NK225_OPT", np.array([50.0, 300.0, 300.0]), np.array([0.0, 2.0, 1.0]))
    assert fees.tolist() == [0.0, 1188.0, 594.0]  # no order; 0.198% x 600,000; 0.198% x 300,000
    assert float(commission("XSP", 3.0, 0)) == 0.0  # no order, no minimum


@pytest.mark.parametrize(("call", "message"), [
    (lambda: commission("ES", 1.0), r"contract='ES': expected an option contract with a commission schedule"),
    (lambda: commission("XSP", 1.0, 1, "hold"), r"side='hold': expected 'buy' or 'sell'"),
    (lambda: commission("XSP", 1.0, -1), r"contracts=-1\.0: expected a number >= 0"),
])
def test_bad_commission_inputs(call, message):
    with pytest.raises(InputError, match=message):
        call()


def test_a_spread_from_chain_quotes_is_long_ask_minus_short_bid_by_hand():
    q = package_quote("XSP", 100.0, [5.05, 2.02], [0.3, 0.1], [1, -1], [Quote(5.00, 5.10), Quote(2.00, 2.05)])
    assert q.ask == pytest.approx(5.10 - 2.00, abs=1e-12)  # buy: long at its ask, short at its bid
    assert q.bid == pytest.approx(5.00 - 2.05, abs=1e-12)  # sell: long at its bid, short at its ask
    assert q.model == pytest.approx(5.05 - 2.02, abs=1e-12) and q.quoted
    # buying: long leg bought 1 @ 5.10 (1.00 minimum + ORF/OCC); short leg sold 1 @ 2.00 (+ TAF, SEC on 200 USD)
    assert q.commission_buy == pytest.approx(2 * (1.00 + ORF_OCC) + 0.00279 + 0.000008 * 200.0, abs=1e-12)


def test_trade_quote_of_a_model_priced_put_brackets_the_quantlib_price():
    market = default_market()
    put = Option("XSP", "put", 540.0, "2027-03-19")
    t = trade_quote(put, market)
    v = price(put, market)
    assert t.quote.model == pytest.approx(v.price, abs=1e-12)  # the QuantLib price itself
    expected = DEFAULT_QUOTE_MODEL.quote_one(v.price, abs(v.delta), "XSP")
    assert (t.quote.bid, t.quote.ask) == (expected.bid, expected.ask) and t.quote.bid < v.price < t.quote.ask
    assert t.cost_base == pytest.approx((t.quote.ask * 100.0 + 1.00 + ORF_OCC) * 150.0, abs=1e-9)  # USDJPY 150


def test_trade_quote_of_a_spread_prices_each_leg():
    market = default_market()
    spread = put_spread("XSP", 570.0, 510.0, "2027-03-19")
    t = trade_quote(spread, market)
    legs = [price(leg.option, market) for leg in spread.legs]
    long_q, short_q = (DEFAULT_QUOTE_MODEL.quote_one(v.price, abs(v.delta), "XSP") for v in legs)
    assert t.quote.ask == pytest.approx(long_q.ask - short_q.bid, abs=1e-12)  # long ask - short bid
    assert t.quote.bid == pytest.approx(long_q.bid - short_q.ask, abs=1e-12)
    assert t.quote.model == pytest.approx(price(spread, market).price, abs=1e-10)

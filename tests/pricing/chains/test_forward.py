"""Parity-implied forwards: exact on prices made by parity, robust to one stale pair, and what they say about S."""

from __future__ import annotations

import datetime as dt
import io
import math

import numpy as np
import pandas as pd
import pytest

from pricing.black_scholes import bs_price
from pricing.chains.chain import load_chain
from pricing.chains.forward import FORWARD_COLUMNS, PAIRS, implied_carry, parity_forwards
from pricing.market import default_market, with_inputs

MARKET = default_market()  # 2026-11-25, SPX 6000, USD 4% flat, q 1.3%


def _quotes(forward: float, discount: float, strikes: np.ndarray, t: float, vol: float = 0.2,
            expiry: dt.date = dt.date(2027, 3, 19)) -> pd.DataFrame:
    """Black prices of calls and puts on ``forward`` (points) with bid = mid (a two-sided quote)."""
    rows = []
    for k in strikes:
        for kind in ("call", "put"):
            # bs_price on spot = F D e^{qt} with q = r: the Black price D * Black(F, K).
            r = -math.log(discount) / t
            mid = float(bs_price(kind == "call", forward * discount * math.exp(r * t), k, t, r, r, vol))
            rows.append({"expiry": expiry, "t": t, "strike": float(k), "kind": kind, "bid": mid, "mid": mid})
    return pd.DataFrame(rows)


def test_forward_is_exact_on_parity_prices():
    q = _quotes(6123.4, 0.987, np.arange(5500.0, 6800.0, 50.0), 0.3)
    out = parity_forwards(q, np.full(len(q), 0.987), np.full(len(q), 6100.0))
    assert list(out.columns) == list(FORWARD_COLUMNS)
    assert out["pairs"].tolist() == [PAIRS]
    assert out["forward"].iat[0] == pytest.approx(6123.4, rel=1e-12)
    assert out["gap"].iat[0] == pytest.approx(6123.4 / 6100.0 - 1.0, rel=1e-10)


def test_one_stale_pair_does_not_move_the_median():
    q = _quotes(6123.4, 0.987, np.arange(5900.0, 6400.0, 50.0), 0.3)
    stale = (q["strike"] == 6100.0) & (q["kind"] == "call")
    q.loc[stale, ["bid", "mid"]] += 25.0  # a call left at yesterday's price
    forward = parity_forwards(q, np.full(len(q), 0.987), np.full(len(q), 6100.0))["forward"].iat[0]
    assert forward == pytest.approx(6123.4, rel=1e-12)


def test_pairs_need_both_sides_with_a_bid():
    q = _quotes(6000.0, 0.99, np.array([5900.0, 6000.0, 6100.0]), 0.25)
    q.loc[q["kind"] == "put", "bid"] = 0.0
    out = parity_forwards(q, np.full(len(q), 0.99), np.full(len(q), 6000.0))
    assert out["pairs"].tolist() == [0] and math.isnan(out["forward"].iat[0])
    assert implied_carry(out, 6000.0).expiries == 0


def test_implied_carry_splits_a_spot_gap_from_the_carry():
    # Forwards on a spot 1% above the market's 6000, with r - q = 2.7%: intercept ln(1.01), slope 0.027.
    t = np.array([0.1, 0.4, 0.9])
    forwards = pd.DataFrame({"expiry": range(3), "t": t, "pairs": 5, "forward": 6060.0 * np.exp(0.027 * t),
                             "model_forward": 6000.0 * np.exp(0.027 * t), "gap": 0.01})
    carry = implied_carry(forwards, 6000.0)
    assert carry.spot_gap == pytest.approx(math.log(1.01), abs=1e-12)
    assert carry.carry == pytest.approx(0.027, abs=1e-12) and carry.expiries == 3
    one = implied_carry(forwards.iloc[:1], 6000.0)
    assert one.spot_gap == pytest.approx(math.log(1.01)) and math.isnan(one.carry)


def test_a_chain_priced_off_another_spot_shows_the_gap():
    # Quotes priced with SPX at 6060 (QuantLib-consistent kernel) loaded on the market's 6000.
    priced_on = with_inputs(MARKET, "SPX", spot=6060.0)
    rows = ["expiry,strike,type,bid,ask"]
    for expiry in ("2027-01-15", "2027-03-19", "2027-06-18"):
        t = (dt.date.fromisoformat(expiry) - MARKET.valuation_date).days / 365
        for k in range(5600, 6601, 100):
            for kind in ("call", "put"):
                vol = float(priced_on.surface("SPX").vol(k / 6060.0, t))
                p = float(bs_price(kind == "call", 6060.0, k, t, 0.04, 0.013, vol))
                rows.append(f"{expiry},{k},{kind},{p * 0.995:.4f},{p * 1.005:.4f}")
    chain = load_chain(io.StringIO("\n".join(rows)), "SPX", MARKET, on_bad_row="skip")
    assert chain.carry.spot_gap == pytest.approx(math.log(1.01), abs=2e-4)
    assert chain.carry.carry == pytest.approx(0.027, abs=5e-4)


def test_american_chain_gets_no_parity_forward():
    text = "expiry,strike,type,bid,ask\n2027-03-19,600,put,19,19.5\n2027-03-19,600,call,24,24.5\n"
    chain = load_chain(io.StringIO(text), "SPY", MARKET)
    assert chain.forwards is None and chain.carry is None


def test_the_pairs_nearest_the_money_are_those_with_the_least_call_minus_put():
    # F = 100, D = 1: five exact pairs near the money (|C - P| 1 to 3, C + P 41 to 43) and four noisy ones far out
    # whose C + P is smaller (38.9 to 40.6): ordered by |C - P| the median is 100; by C + P it would be 100.5.
    rows = [(99, 21, 20), (101, 20, 21), (98, 22, 20), (102, 20, 22), (97, 23, 20),
            (60, 40.5, 0.01), (61, 39.8, 0.01), (62, 38.9, 0.01), (140, 0.01, 40.6)]
    q = pd.DataFrame([{"expiry": dt.date(2027, 3, 19), "t": 0.3, "strike": float(k), "kind": kind, "bid": price,
                       "mid": price} for k, c, p in rows for kind, price in (("call", c), ("put", p))])
    out = parity_forwards(q, np.ones(len(q)), np.full(len(q), 100.0))
    assert out["forward"].iat[0] == 100.0 and out["pairs"].iat[0] == PAIRS


def test_expiries_come_out_sorted_cheap_bids_count_and_a_lone_quote_is_no_pair():
    late, early = _quotes(6100.0, 0.98, np.array([6000.0, 6100.0]), 0.6, expiry=dt.date(2027, 6, 18)), \
        _quotes(6050.0, 0.99, np.array([6000.0, 6100.0]), 0.3, expiry=dt.date(2027, 3, 19))
    cheap = _quotes(6020.0, 0.995, np.array([6800.0]), 0.1, vol=0.1, expiry=dt.date(2026, 12, 18))
    assert (cheap["mid"] > 0.0).all() and cheap["mid"].min() < 1.0  # a bid under one point still counts
    lone = pd.DataFrame([{"expiry": dt.date(2027, 12, 17), "t": 1.06, "strike": 5000.0, "kind": "put",
                          "bid": 80.0, "mid": 81.0}])
    q = pd.concat([late, early, lone, cheap], ignore_index=True)
    discount = np.r_[np.full(len(late), 0.98), np.full(len(early), 0.99), [0.96], np.full(len(cheap), 0.995)]
    model = np.r_[np.full(len(late), 6090.0), np.full(len(early), 6040.0), [6170.0], np.full(len(cheap), 6010.0)]
    out = parity_forwards(q, discount, model)
    assert list(out["expiry"]) == sorted(out["expiry"])
    assert out["pairs"].tolist() == [1, 2, 2, 0]
    np.testing.assert_allclose(out["forward"].iloc[:3], [6020.0, 6050.0, 6100.0], rtol=1e-12)
    np.testing.assert_allclose(out["t"], [0.1, 0.3, 0.6, 1.06], rtol=0)
    np.testing.assert_allclose(out["model_forward"], [6010.0, 6040.0, 6090.0, 6170.0], rtol=0)
    carry = implied_carry(out, 6000.0)
    assert carry.expiries == 3  # an expiry with one pair counts; one without does not


def test_no_pair_gives_nan_and_one_expiry_gives_its_gap():
    none = pd.DataFrame({"expiry": [1], "t": [0.3], "pairs": [0], "forward": [math.nan], "model_forward": [6000.0],
                         "gap": [math.nan]})
    empty = implied_carry(none, 6000.0)
    assert math.isnan(empty.spot_gap) and math.isnan(empty.carry) and empty.expiries == 0
    one = implied_carry(none.assign(pairs=1, forward=6060.0, gap=0.01), 6000.0)
    assert one == (pytest.approx(math.log(1.01), abs=1e-15), pytest.approx(math.nan, nan_ok=True), 1)

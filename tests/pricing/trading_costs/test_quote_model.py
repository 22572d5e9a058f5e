"""The quote model: its calibration, bid <= model <= ask, the tick floor, widening into the wings."""

from __future__ import annotations

import statistics

import numpy as np
import pytest

from pricing import InputError, Option, default_market, price
from pricing.trading_costs import DEFAULT_QUOTE_MODEL, QuoteModel, round_to_tick, tick_rule
from pricing.trading_costs.quotes import (
    CBOE_2009_MEDIAN,
    CBOE_2009_SHAPE,
    DEFAULT_DELTAS,
    DEFAULT_HALF_SPREADS,
    MEDIAN_HALF_SPREAD_2026,
)

MARKET = default_market()

# Cboe VIX White Paper (2009), Appendix 1: 37-day SPX puts, (bid, ask), strikes 895-920, |delta| 0.40-0.46.
WHITE_PAPER_NEAR_MONEY_PUTS = {895: (48.6, 53.8), 900: (50.2, 55.4), 905: (52.2, 57.2), 910: (54.0, 59.5),
                               915: (56.3, 61.5), 920: (57.8, 63.3)}


def test_the_near_money_anchor_is_the_white_papers_median():
    halves = [(a - b) / (a + b) for b, a in WHITE_PAPER_NEAR_MONEY_PUTS.values()]
    assert statistics.median(halves) == pytest.approx(0.04708, abs=5e-6)  # (5.0/109.4 + 5.5/113.5)/2, by hand
    assert CBOE_2009_SHAPE[-1][1] == pytest.approx(statistics.median(halves), abs=1e-4)  # the anchor, 4 digits


def test_default_anchors_are_the_2009_shape_at_the_2026_level():
    assert MEDIAN_HALF_SPREAD_2026 == 0.026  # Papers With Backtest dataset card: median half spread 2.6%
    assert CBOE_2009_MEDIAN == pytest.approx(1 / 9, abs=1e-4)  # white paper median row: 790 put 20.8/26.0
    expected = [0.0653, 0.0523, 0.0322, 0.0195, 0.0110]  # 0.2791 x 0.026 / 0.1111 = 0.06532 ... by hand
    assert list(DEFAULT_HALF_SPREADS) == pytest.approx(expected, abs=1e-12)
    assert list(DEFAULT_DELTAS) == [0.0178, 0.0493, 0.0976, 0.2503, 0.4318]  # white paper delta-band medians


def test_a_hand_computed_xsp_quote():
    # |delta| 0.20: 0.0322 + (0.20 - 0.0976) / (0.2503 - 0.0976) x (0.0195 - 0.0322) = 0.023683; x 6.00 = 0.1421
    assert DEFAULT_QUOTE_MODEL.relative_half_spread(0.20) == pytest.approx(0.0236830, abs=1e-6)
    q = DEFAULT_QUOTE_MODEL.quote_one(6.00, 0.20, "XSP")
    assert (q.bid, q.ask) == (5.85, 6.15)  # 5.8579 down, 6.1421 up to the cent (Cboe XSP 0.01)


def test_the_tick_floor_binds_on_a_cheap_spx_option():
    # 0.0644 x 0.40 = 0.026 < one SPX tick below 3.00 (0.05): half-spread 0.05, ask 0.45, bid 0.35
    q = DEFAULT_QUOTE_MODEL.quote_one(0.40, 0.02, "SPX")
    assert (q.bid, q.ask) == pytest.approx((0.35, 0.45), abs=1e-12)  # Cboe SPX tick 0.05 below 3.00


def test_an_spx_quote_across_the_three_dollar_step():
    # |delta| 0.05: s = 0.05227; h = 0.1558 on 2.98: ask 3.1358 -> 3.20 (0.10 grid), bid 2.8242 -> 2.80 (0.05 grid)
    q = DEFAULT_QUOTE_MODEL.quote_one(2.98, 0.05, "SPX")
    assert (q.bid, q.ask) == pytest.approx((2.80, 3.20), abs=1e-12)  # Cboe SPX spec, both bands


def test_a_nikkei_quote_in_whole_yen():
    # |delta| 0.10: s = 0.0322 - 0.0024/0.1527 x 0.0127 = 0.0320; h = 8.96 on 280: 288.96 -> 289, 271.04 -> 271
    q = DEFAULT_QUOTE_MODEL.quote_one(280.0, 0.10, "NK225_OPT")
    assert (q.bid, q.ask) == (271.0, 289.0)  # OSE 1-yen tick up to 300 yen


@pytest.mark.parametrize("symbol", ["SPX", "XSP", "SPY", "NK225_OPT", "NK225M_OPT"])
def test_bid_below_model_below_ask_and_never_inside_a_tick(symbol):
    rng = np.random.default_rng(11)
    scale = 1000.0 if symbol.startswith("NK") else 100.0
    model = np.concatenate([[0.0, 1e-6], rng.uniform(0.0, scale, 3_000), rng.uniform(0.0, 0.2, 500)])
    delta = rng.uniform(0.0, 1.0, model.size)
    bid, ask = DEFAULT_QUOTE_MODEL.quote(model, delta, symbol)
    rule = tick_rule(symbol)
    assert np.all(bid >= 0.0) and np.all(bid <= model) and np.all(ask > model)  # bid <= model < ask
    assert np.all(ask >= rule.smallest - 1e-12)  # never an ask below one tick
    assert np.all(ask - bid >= rule.tick(model) - 1e-9)  # at least one tick wide
    assert np.all(round_to_tick(ask, symbol, "ask") == ask) and np.all(round_to_tick(bid, symbol, "bid") == bid)


def test_the_relative_spread_never_narrows_into_the_wings():
    d = np.linspace(0.0, 1.0, 1001)
    s = DEFAULT_QUOTE_MODEL.relative_half_spread(d)
    assert np.all(np.diff(s) <= 1e-15)  # falls (or stays) as |delta| rises
    assert s[0] == pytest.approx(0.0653, abs=1e-12) and s[-1] == pytest.approx(0.0110, abs=1e-12)  # flat ends


def test_xsp_puts_cost_more_in_relative_spread_the_further_out():
    expiry = "2027-02-19"
    ratios = []
    for strike in (570.0, 540.0, 510.0, 480.0, 450.0):  # 95% ... 75% of XSP 600
        v = price(Option("XSP", "put", strike, expiry), MARKET)
        q = DEFAULT_QUOTE_MODEL.quote_one(v.price, abs(v.delta), "XSP")
        ratios.append((q.ask - q.bid) / v.price)
    assert all(b > a for a, b in zip(ratios, ratios[1:], strict=False)), ratios  # wider, strike by strike


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"deltas": (0.3, 0.2), "half_spreads": (0.02, 0.01)}, r"quotes\.deltas=\(0\.3, 0\.2\): expected strictly"),
    ({"deltas": (0.1, 0.5), "half_spreads": (0.01, 0.02)}, r"half-spreads that do not rise with delta"),
    ({"deltas": (0.1,), "half_spreads": (2.0,)}, r"quotes\.half_spreads=2\.0: .*looks like a percentage"),
    ({"deltas": (0.1, 0.5), "half_spreads": (0.02,)}, r"one half-spread per delta anchor \(2\)"),
    ({"min_ticks": 0.0}, r"quotes\.min_ticks=0\.0: expected a number > 0"),
])
def test_bad_quote_models_are_refused(kwargs, message):
    with pytest.raises(InputError, match=message):
        QuoteModel(**kwargs)


@pytest.mark.parametrize(("args", "message"), [
    ((-1.0, 0.2, "XSP"), r"model=-1\.0: expected a number >= 0"),
    ((1.0, 1.5, "XSP"), r"abs_delta=1\.5: expected an absolute delta in \[0, 1\]"),
    ((1.0, 0.2, "MES"), r"contract='MES'"),
])
def test_bad_quote_inputs_are_refused(args, message):
    with pytest.raises(InputError, match=message):
        DEFAULT_QUOTE_MODEL.quote(*args)

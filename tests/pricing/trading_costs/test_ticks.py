"""Tick grids of the option classes, at and around each published threshold."""

from __future__ import annotations

import numpy as np
import pytest

from pricing import CATALOGUE, InputError
from pricing.trading_costs import TICK_RULES, minimum_tick, round_to_tick, tick_rule

# Cboe SPX/SPXW specification: "Minimum tick for options trading below 3.00 is 0.05 ($5.00) and for all other
# series, 0.10 ($10.00)".
SPX_TICKS = [(2.95, 0.05), (2.99, 0.05), (3.00, 0.10), (3.05, 0.10), (250.0, 0.10)]


@pytest.mark.parametrize("symbol", ["SPX", "SPXW"])
@pytest.mark.parametrize(("price", "tick"), SPX_TICKS)
def test_spx_tick_steps_up_at_three(symbol, price, tick):
    assert minimum_tick(price, symbol) == pytest.approx(tick, abs=1e-12)  # Cboe SPX spec, "below 3.00" / "all other"


@pytest.mark.parametrize(("price", "side", "expected"), [
    (2.96, "ask", 3.00),   # 0.05 grid below 3.00: 2.96 -> 3.00 (Cboe SPX spec)
    (2.99, "ask", 3.00),   # the band boundary is on both grids
    (3.00, "ask", 3.00),   # on the grid: unchanged
    (3.01, "ask", 3.10),   # 0.10 grid from 3.00: 3.05 is not a price
    (3.05, "ask", 3.10),
    (2.99, "bid", 2.95),   # bids round down on the 0.05 grid
    (3.00, "bid", 3.00),
    (3.09, "bid", 3.00),   # 0.10 grid
    (0.07, "bid", 0.05),
    (0.07, "ask", 0.10),
])
def test_spx_rounding_around_the_threshold(price, side, expected):
    assert round_to_tick(price, "SPX", side) == pytest.approx(expected, abs=1e-12)  # Cboe SPX spec


@pytest.mark.parametrize(("symbol", "price", "side", "expected"), [
    ("XSP", 0.011, "ask", 0.02),      # Cboe XSP spec: 0.01 for all series
    ("XSP", 0.011, "bid", 0.01),
    ("XSP", 2.999, "ask", 3.00),
    ("XSP", 3.001, "ask", 3.01),      # no step at 3.00
    ("XSP", 123.456, "bid", 123.45),
    ("SPY", 3.001, "ask", 3.01),      # Penny Interval Program: SPY $0.01 regardless of price
    ("SPY", 57.129, "bid", 57.12),
])
def test_penny_classes_round_to_the_cent(symbol, price, side, expected):
    assert round_to_tick(price, symbol, side) == pytest.approx(expected, abs=1e-12)  # Cboe XSP spec; Penny Program


@pytest.mark.parametrize("symbol", ["NK225_OPT", "NK225M_OPT"])
@pytest.mark.parametrize(("price", "side", "expected"), [
    (299.2, "ask", 300.0),   # OSE from 17 Nov 2025: JPY 1 for premiums of JPY 300 or less
    (300.0, "ask", 300.0),   # 300 itself is in the 1-yen band
    (300.4, "ask", 305.0),   # JPY 5 above JPY 300
    (304.9, "bid", 300.0),
    (300.0, "bid", 300.0),
    (87.6, "bid", 87.0),
    (87.2, "ask", 88.0),
])
def test_nikkei_options_step_from_one_yen_to_five_above_300(symbol, price, side, expected):
    assert round_to_tick(price, symbol, side) == pytest.approx(expected, abs=1e-12)  # OSE revision, 17 Nov 2025


@pytest.mark.parametrize("symbol", ["NK225_OPT", "NK225M_OPT"])
def test_nikkei_tick_is_one_yen_at_300_and_five_above(symbol):
    assert minimum_tick([300.0, 300.5], symbol).tolist() == [1.0, 5.0]  # OSE: "300 or less" / "greater than 300"


@pytest.mark.parametrize("symbol", sorted(TICK_RULES))
def test_rounding_lands_on_the_grid_on_the_right_side(symbol):
    rule = tick_rule(symbol)
    prices = np.random.default_rng(7).uniform(0.0, 400.0, 2_000)
    for side in ("ask", "bid"):
        out = round_to_tick(prices, symbol, side)
        tick = rule.tick(out)
        assert np.allclose(out / tick, np.round(out / tick), atol=1e-9)  # a multiple of its own band's tick
        gap = out - prices if side == "ask" else prices - out
        assert gap.min() >= -1e-12 and np.all(gap < rule.tick(prices) + 1e-12)  # the right side, within one tick


def test_prices_already_on_the_grid_do_not_move():
    on_grid = np.array([0.07, 0.29, 1.13, 0.57, 2.01])  # XSP cents that are not exact in binary
    for side in ("ask", "bid"):
        assert round_to_tick(on_grid, "XSP", side) == pytest.approx(on_grid, abs=1e-12)


@pytest.mark.parametrize("symbol", ["SPX", "XSP", "SPY", "NK225_OPT", "NK225M_OPT"])
def test_the_catalogue_tick_is_the_rules_smallest(symbol):
    assert CATALOGUE[symbol].tick == pytest.approx(tick_rule(symbol).smallest, abs=1e-12)  # catalogue vs rule


def test_tick_rule_takes_a_contract_spec():
    assert tick_rule(CATALOGUE["XSP"]) is TICK_RULES["XSP"]


@pytest.mark.parametrize(("call", "message"), [
    (lambda: round_to_tick(1.0, "ES", "ask"), r"contract='ES': expected an option class with a tick rule"),
    (lambda: round_to_tick(1.0, "SPX", "mid"), r"side='mid': expected 'bid' or 'ask'"),
    (lambda: round_to_tick(-0.05, "SPX", "bid"), r"price=-0\.05: expected a number >= 0"),
    (lambda: round_to_tick([1.0, float("nan")], "SPX", "bid"), r"price\[1\]=nan: expected a finite number"),
])
def test_bad_inputs_name_field_and_value(call, message):
    with pytest.raises(InputError, match=message):
        call()

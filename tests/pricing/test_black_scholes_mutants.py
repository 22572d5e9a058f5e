"""Tests that kill the mutants the main suite let live (``make mutation``): the clip at zero, the greeks' price and
delta at expiry, expired and live options in one call, the broadcast error's fields, object-dtype inputs."""

from __future__ import annotations

import numpy as np
import pytest

from pricing.black_scholes import bs_greeks, bs_price
from pricing.errors import InputError


def test_the_price_is_clipped_at_zero_where_the_two_terms_cancel_below_rounding() -> None:
    # Strike one ulp above the spot and a 1e-16 vol: d1 = d2 = -1.11, so S N(d1) - K N(d2) = N(-1.11) (S - K) is
    # -3.6e-15 before the clip; the true price is +0 to double precision.
    strike = np.nextafter(100.0, 200.0)
    assert bs_price("call", 100.0, strike, 1.0, 0.0, 0.0, 1e-16) == 0.0
    assert bs_greeks("call", 100.0, strike, 1.0, 0.0, 0.0, 1e-16).price == 0.0


def test_expiry_greeks_price_the_intrinsic_value_and_step_just_in_the_money() -> None:
    # At expiry: price max(S - K, 0) exactly; delta 1 as soon as the call is in the money, even by half a point.
    greeks = bs_greeks("call", [99.5, 100.5, 120.0], 100.0, 0.0, 0.05, 0.02, 0.2)
    np.testing.assert_array_equal(greeks.price, [0.0, 0.5, 20.0])
    np.testing.assert_array_equal(greeks.delta, [0.0, 1.0, 1.0])
    put = bs_greeks("put", 99.5, 100.0, 0.0, 0.05, 0.02, 0.2)
    assert (put.price, put.delta) == (0.5, -1.0)


def test_expired_and_live_options_in_one_call_each_get_their_own_greeks() -> None:
    # One expired call (t = 0, intrinsic 10) beside a live one: Haug's 1-year ATM call, 10.4506, delta 0.6368.
    greeks = bs_greeks("call", [110.0, 100.0], 100.0, [0.0, 1.0], 0.05, 0.0, 0.20)
    np.testing.assert_allclose(greeks.price, [10.0, 10.4506], atol=5e-5)
    np.testing.assert_allclose(greeks.delta, [1.0, 0.6368], atol=5e-5)
    np.testing.assert_array_equal(greeks.gamma[0], 0.0)
    assert greeks.gamma[1] == pytest.approx(0.018762, abs=1e-6)


def test_the_broadcast_error_names_every_shape_and_the_order() -> None:
    with pytest.raises(InputError) as caught:
        bs_price(["put", "call", "put"], [100.0, 101.0], 95.0, 0.5, 0.05, 0.0, 0.2)
    assert caught.value.value == [(3,), (2,), (), (), (), (), ()]
    assert caught.value.hint == "kind, spot, strike, t, r, q, vol in that order"


def test_unchecked_object_arrays_are_read_as_numbers() -> None:
    # validate=False still converts to float64: a column of Python floats (object dtype) prices as the floats do.
    spot = np.array([60.0], dtype=object)
    price = bs_price("call", spot, 65.0, 0.25, 0.08, 0.0, 0.30, validate=False)  # Haug (1998), p. 2-8
    np.testing.assert_allclose(price, [2.1334], atol=5e-5)

"""Tests of pricing.validation and the InputError message format (pricing.errors).

Every check is exercised once on a passing value (returning the value as float64, same shape) and once per
failure mode, each failure with its own ``pytest.raises(InputError, match=...)``. Array inputs must name the
offending element (``vol[2]``) and print its value.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from pricing.errors import HedgeoptError, ImpliedVolError, InputError, PricingError
from pricing.validation import (
    MAX_RATE,
    MAX_VOL,
    as_float_array,
    check_choice,
    check_fraction,
    check_move,
    check_non_negative,
    check_positive,
    check_rate,
    check_return,
    check_share,
    check_vol,
)

# --------------------------------------------------------------------------------------------------------------
# InputError: message format "field=value: expected ... (hint)" and the hierarchy
# --------------------------------------------------------------------------------------------------------------


def test_input_error_message_format_with_hint() -> None:
    err = InputError("vol", 20.0, "a decimal such as 0.20", hint="20.0 looks like a percentage")
    expected = "vol=20.0: expected a decimal such as 0.20 (20.0 looks like a percentage)"  # the documented format
    assert str(err) == expected, f"calculated {str(err)!r}, expected {expected!r}"
    assert (err.field, err.value, err.expected, err.hint) == ("vol", 20.0, "a decimal such as 0.20",
                                                              "20.0 looks like a percentage")


def test_input_error_message_format_without_hint_uses_repr_of_value() -> None:
    err = InputError("kind", "pot", "'put' or 'call'")
    expected = "kind='pot': expected 'put' or 'call'"  # value printed with repr, no trailing "()"
    assert str(err) == expected, f"calculated {str(err)!r}, expected {expected!r}"


def test_error_hierarchy() -> None:
    assert issubclass(InputError, ValueError) and issubclass(InputError, HedgeoptError)
    assert issubclass(ImpliedVolError, InputError)
    assert issubclass(PricingError, HedgeoptError) and not issubclass(PricingError, ValueError)


# --------------------------------------------------------------------------------------------------------------
# as_float_array
# --------------------------------------------------------------------------------------------------------------


def test_as_float_array_keeps_shape_and_converts_to_float64() -> None:
    arr = as_float_array("x", [[1, 2], [3, 4]])
    assert arr.dtype == np.float64 and arr.shape == (2, 2), f"dtype {arr.dtype}, shape {arr.shape}"
    np.testing.assert_array_equal(arr, [[1.0, 2.0], [3.0, 4.0]])


def test_as_float_array_rejects_text() -> None:
    with pytest.raises(InputError, match=r"^x='abc': expected a number$"):
        as_float_array("x", "abc")


@pytest.mark.parametrize("value", [True, False, "0.2", "20", [0.1, True], ("0.1", 0.2), np.array([True, False])])
def test_as_float_array_never_reads_a_boolean_or_a_string_as_a_number(value) -> None:
    """A TOML ``true`` or ``"0.2"`` is an error, not a guess (numpy alone would read them as 1.0 and 0.2)."""
    with pytest.raises(InputError, match=r"^x=.*: expected a number$"):
        as_float_array("x", value)


def test_as_float_array_rejects_nan_scalar() -> None:
    with pytest.raises(InputError, match=r"^x=nan: expected a finite number$"):
        as_float_array("x", float("nan"))


def test_as_float_array_rejects_infinity_in_array_naming_index() -> None:
    with pytest.raises(InputError, match=r"^x\[1\]=inf: expected a finite number$"):
        as_float_array("x", [1.0, np.inf, 2.0])


def test_as_float_array_single_element_array_has_no_index() -> None:
    # a one-element array is reported as the field itself, not field[0]
    with pytest.raises(InputError, match=r"^x=nan: expected a finite number$"):
        as_float_array("x", [float("nan")])


# --------------------------------------------------------------------------------------------------------------
# check_positive / check_non_negative
# --------------------------------------------------------------------------------------------------------------


def test_check_positive_accepts_positive_values() -> None:
    np.testing.assert_array_equal(check_positive("strike", [1e-12, 5400.0]), [1e-12, 5400.0])
    assert float(check_positive("strike", 540)) == 540.0


@pytest.mark.parametrize("bad", [0.0, -1.0])
def test_check_positive_rejects_non_positive_scalar(bad: float) -> None:
    with pytest.raises(InputError, match=rf"^strike={bad!r}: expected a number > 0$"):
        check_positive("strike", bad)


def test_check_positive_reports_first_bad_index() -> None:
    with pytest.raises(InputError, match=r"^spot\[2\]=-3\.0: expected a number > 0$") as info:
        check_positive("spot", [1.0, 2.0, -3.0, 0.0])
    assert info.value.field == "spot[2]" and info.value.value == -3.0


def test_check_positive_reports_flat_index_of_2d_array() -> None:
    # flat (C-order) index: element [1, 0] of a 2x2 array is number 2
    with pytest.raises(InputError, match=r"^p\[2\]=0\.0: expected a number > 0$"):
        check_positive("p", [[1.0, 2.0], [0.0, 4.0]])


def test_check_non_negative_accepts_zero() -> None:
    assert float(check_non_negative("bid", 0.0)) == 0.0


def test_check_non_negative_rejects_negative() -> None:
    with pytest.raises(InputError, match=r"^bid=-0\.05: expected a number >= 0$"):
        check_non_negative("bid", -0.05)


# --------------------------------------------------------------------------------------------------------------
# check_vol
# --------------------------------------------------------------------------------------------------------------


def test_check_vol_accepts_decimal_vols_up_to_max() -> None:
    out = check_vol("vol", [0.05, 0.20, MAX_VOL])
    np.testing.assert_array_equal(out, [0.05, 0.20, 2.0])
    assert MAX_VOL == 2.0  # documented threshold: 200%


def test_check_vol_rejects_percentage_with_hint() -> None:
    expected = "vol=20.0: expected a decimal such as 0.20 (20.0 looks like a percentage)"
    with pytest.raises(InputError, match=f"^{re.escape(expected)}$"):
        check_vol("vol", 20)


def test_check_vol_just_above_max_is_a_percentage() -> None:
    with pytest.raises(InputError, match="looks like a percentage"):
        check_vol("vol", 2.0001)


def test_check_vol_array_names_the_bad_element() -> None:
    expected = "vol[2]=30.0: expected a decimal such as 0.20 (30.0 looks like a percentage)"
    with pytest.raises(InputError, match=f"^{re.escape(expected)}$") as info:
        check_vol("vol", [0.2, 0.25, 30.0])
    assert info.value.field == "vol[2]", f"field {info.value.field!r}, expected 'vol[2]'"


def test_check_vol_rejects_zero_by_default() -> None:
    with pytest.raises(InputError, match=r"^vol=0\.0: expected a volatility > 0, such as 0\.20$"):
        check_vol("vol", 0.0)


def test_check_vol_rejects_negative_in_array() -> None:
    with pytest.raises(InputError, match=r"^vol\[1\]=-0\.1: expected a volatility > 0"):
        check_vol("vol", [0.2, -0.1])


def test_check_vol_allow_zero_accepts_zero() -> None:
    assert float(check_vol("vol", 0.0, allow_zero=True)) == 0.0


def test_check_vol_allow_zero_still_rejects_negative() -> None:
    with pytest.raises(InputError, match=r"^vol=-0\.01: expected a volatility >= 0$"):
        check_vol("vol", -0.01, allow_zero=True)


def test_check_vol_rejects_nan() -> None:
    with pytest.raises(InputError, match=r"^vol\[2\]=nan: expected a finite number$"):
        check_vol("vol", [0.1, 0.2, float("nan")])


# --------------------------------------------------------------------------------------------------------------
# check_rate
# --------------------------------------------------------------------------------------------------------------


def test_check_rate_accepts_negative_and_boundary() -> None:
    np.testing.assert_array_equal(check_rate("rate", [-0.005, 0.04, MAX_RATE, -MAX_RATE]), [-0.005, 0.04, 0.5, -0.5])
    assert MAX_RATE == 0.5  # documented threshold: 50% a year


def test_check_rate_rejects_percentage() -> None:
    expected = "rate=6.0: expected a decimal such as 0.04 (6.0 looks like a percentage)"
    with pytest.raises(InputError, match=f"^{re.escape(expected)}$"):
        check_rate("rate", 6)


def test_check_rate_rejects_negative_percentage() -> None:
    with pytest.raises(InputError, match=r"^rate=-0\.6: expected a decimal such as 0\.04 \(-0\.6 looks like"):
        check_rate("rate", -0.6)


def test_check_rate_array_names_the_bad_element() -> None:
    with pytest.raises(InputError, match=r"^rates\[1\]=4\.0: expected a decimal such as 0\.04"):
        check_rate("rates", [0.04, 4.0, 0.05])


def test_check_rate_rejects_nan() -> None:
    with pytest.raises(InputError, match=r"^rate=nan: expected a finite number$"):
        check_rate("rate", float("nan"))


# --------------------------------------------------------------------------------------------------------------
# check_return
# --------------------------------------------------------------------------------------------------------------


def test_check_return_accepts_returns_above_minus_one() -> None:
    np.testing.assert_array_equal(check_return("ret", [-0.999, -0.30, 0.0, 2.5]), [-0.999, -0.30, 0.0, 2.5])


def test_check_return_rejects_percentage_fall() -> None:
    with pytest.raises(InputError, match=r"^ret=-30\.0: expected a decimal return > -1, such as -0\.30$"):
        check_return("ret", -30)


def test_check_return_rejects_exactly_minus_one() -> None:
    with pytest.raises(InputError, match=r"^ret\[0\]=-1\.0: expected a decimal return > -1"):
        check_return("ret", [-1.0, 0.1])


# --------------------------------------------------------------------------------------------------------------
# check_fraction: (low, high]
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("good", [1e-9, 0.5, 1.0])
def test_check_fraction_accepts_values_in_half_open_interval(good: float) -> None:
    out = check_fraction("cap", good)
    assert isinstance(out, float) and out == good, f"input {good}, calculated {out!r}"


def test_check_fraction_custom_bounds() -> None:
    assert check_fraction("leverage", 3.0, low=1.0, high=3.0) == 3.0


def test_check_fraction_rejects_low_end() -> None:
    with pytest.raises(InputError, match=re.escape("cap=0.0: expected a decimal fraction in (0, 1]")):
        check_fraction("cap", 0.0)


def test_check_fraction_rejects_above_high() -> None:
    with pytest.raises(InputError, match=re.escape("cap=1.5: expected a decimal fraction in (0, 1]")):
        check_fraction("cap", 1.5)


def test_check_fraction_rejects_percentage_with_custom_bounds_in_message() -> None:
    with pytest.raises(InputError, match=re.escape("leverage=0.5: expected a decimal fraction in (1, 3]")):
        check_fraction("leverage", 0.5, low=1.0, high=3.0)


def test_check_fraction_rejects_nan() -> None:
    with pytest.raises(InputError, match=r"^cap=nan: expected a finite number$"):
        check_fraction("cap", float("nan"))


# --------------------------------------------------------------------------------------------------------------
# check_choice
# --------------------------------------------------------------------------------------------------------------


def test_check_choice_is_case_and_space_insensitive() -> None:
    choices = {"cvar": "CVAR", "variance": "VAR"}
    assert check_choice("risk", "  CVaR ", choices) == "CVAR"
    assert check_choice("risk", "variance", choices) == "VAR"


def test_check_choice_rejects_unknown_listing_sorted_keys() -> None:
    with pytest.raises(InputError, match=r"^risk='mad': expected one of cvar, variance$"):
        check_choice("risk", "mad", {"variance": 1, "cvar": 2})


def test_check_vol_reports_first_bad_element_whatever_the_kind() -> None:
    # [0.2, -0.1, 30.0]: element 1 (negative) comes before element 2 (a percentage).
    with pytest.raises(InputError, match=r"^vol\[1\]=-0.1: expected a volatility > 0"):
        check_vol("vol", [0.2, -0.1, 30.0])
    with pytest.raises(InputError, match=r"^vol\[1\]=30.0: .*30.0 looks like a percentage"):
        check_vol("vol", [0.2, 30.0, -0.1])


def test_check_fraction_rejects_arrays() -> None:
    with pytest.raises(InputError, match=r"expected a single number"):
        check_fraction("cap", [0.1, 0.2])


# --------------------------------------------------------------------------------------------------------------
# check_share: [0, high]
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("good", [0.0, 0.0005, 0.1])
def test_check_share_accepts_zero_to_high(good: float) -> None:
    assert check_share("fx_cost", good, 0.1) == good


def test_check_share_rejects_a_percentage_with_a_hint() -> None:
    with pytest.raises(InputError, match=r"fx_cost=5\.0: expected a decimal fraction in \[0, 0\.1\] \(5 looks like a "
                       r"percentage\)"):
        check_share("fx_cost", 5, 0.1)


def test_check_share_rejects_above_high_and_negative() -> None:
    with pytest.raises(InputError, match=r"half_spread=0\.6: expected a decimal fraction in \[0, 0\.5\]$"):
        check_share("half_spread", 0.6, 0.5)
    with pytest.raises(InputError, match=r"etf_cost=-0\.01"):
        check_share("etf_cost", -0.01, 0.1)


@pytest.mark.parametrize("value", [5.0, 10.0, 30.0, 2.01])
def test_a_typed_move_that_looks_like_a_percentage_is_refused(value):
    with pytest.raises(InputError, match=rf"fx={value}: expected a decimal return such as 0.05 for \+5%"):
        check_move("fx", value)


@pytest.mark.parametrize("value", [-0.99, -0.3, 0.0, 0.1, 2.0])
def test_a_typed_move_within_range_passes(value):
    assert float(check_move("fx", value)) == value


def test_a_move_at_or_below_minus_one_is_still_refused():
    with pytest.raises(InputError, match=r"equity=-1.0: expected a decimal return > -1"):
        check_move("equity", -1.0)

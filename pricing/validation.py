"""Input checks shared by every layer: one sentence per failure, naming field, value and expectation.

The thresholds that tell a percentage from a decimal live here, once:

* a volatility above :data:`MAX_VOL` (2.0 = 200%) is taken for a percentage (``vol=20``);
* a rate, yield or fee whose magnitude exceeds :data:`MAX_RATE` (0.5 = 50% a year) is taken for a percentage
  (``rate=6``);
* a return below -1 is impossible (``return=-30`` meant -0.30).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from pricing._typing import ArrayLike, FloatArray
from pricing.errors import InputError

MAX_VOL = 2.0
"""Largest volatility accepted (decimal). Anything above looks like a percentage."""

MAX_RATE = 0.5
"""Largest absolute rate, yield or fee accepted (decimal, per year). Anything above looks like a percentage."""


def _show(value: Any) -> Any:
    """Return a short, printable form of ``value`` for an error message (the first bad element of arrays)."""
    if isinstance(value, np.ndarray):
        if value.size != 1:
            return value.tolist() if value.size <= 10 else value
        value = value.ravel()[0]
    return value.item() if isinstance(value, np.generic) else value


def _first_bad(field: str, values: FloatArray, bad: np.ndarray, expected: str, hint: str | None = None) -> None:
    """Raise an :class:`InputError` for the first element flagged in ``bad``, if any."""
    if np.any(bad):
        index = np.flatnonzero(np.ravel(bad))[0]
        flat = np.ravel(values)
        where = f"{field}[{index}]" if values.ndim > 0 and values.size > 1 else field
        raise InputError(where, flat[index].item(), expected, hint=hint)


def _percentage_hint(values: FloatArray, too_big: np.ndarray, other_bad: np.ndarray | None = None) -> str | None:
    """Hint for the first bad element when it is the one that looks like a percentage."""
    bad = too_big if other_bad is None else too_big | other_bad
    if not np.any(bad):
        return None
    first = np.flatnonzero(np.ravel(bad))[0]
    if not np.ravel(too_big)[first]:
        return None
    return f"{np.ravel(values)[first].item()!r} looks like a percentage"


def as_float_array(field: str, value: ArrayLike) -> FloatArray:
    """Convert ``value`` to a float array and reject NaN or infinity.

    Parameters
    ----------
    field : str
        Name used in the error message.
    value : array_like
        Number or array of numbers.

    Returns
    -------
    ndarray of float64
        The values, same shape as the input.

    Raises
    ------
    InputError
        If a value is not a number, NaN or infinite.
    """
    if _not_numeric(value):
        raise InputError(field, _show(value), "a number")
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(field, _show(value), "a number") from exc
    _first_bad(field, arr, ~np.isfinite(arr), "a finite number")
    return arr


def _not_numeric(value: object) -> bool:
    """True for a boolean or a string, or a list, tuple or array holding one (TOML ``true`` or ``"0.2"``)."""
    if isinstance(value, bool | str | bytes | np.bool_):
        return True
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "bSU" or (value.dtype.kind == "O" and any(_not_numeric(v) for v in value.flat))
    if isinstance(value, list | tuple):
        return any(_not_numeric(v) for v in value)
    return False


MAX_AMOUNT = 1e13
"""Largest amount of money one holding may state, in its currency (10 trillion): beyond it an input is a typo or
an overflow (``1e308`` printed a 309-digit NAV), not an account."""


def check_amount(field: str, value: ArrayLike, check: Callable[[str, ArrayLike], FloatArray] | None = None
                 ) -> FloatArray:
    """An amount of money: ``check`` (default :func:`as_float_array`) and at most :data:`MAX_AMOUNT` in size.

    Examples
    --------
    >>> check_amount("cash.amount", 1e308)
    Traceback (most recent call last):
    ...
    pricing.errors.InputError: cash.amount=1e+308: expected an amount of at most 10,000,000,000,000 in size \
(a typo or an overflow, not an account)
    """
    arr = (check or as_float_array)(field, value)
    _first_bad(field, arr, np.abs(arr) > MAX_AMOUNT, f"an amount of at most {MAX_AMOUNT:,.0f} in size",
               "a typo or an overflow, not an account")
    return arr


FX_LEVEL_FACTOR = 20.0
"""An FX level this many times away from the reference (the embedded market's) is refused: inverted when its
reciprocal is nearer (0.0067 for 150 JPY per USD), else a typo."""


def check_fx_level(field: str, level: Any, reference: float | None, base: str, currency: str) -> float:
    """An FX level > 0, within :data:`FX_LEVEL_FACTOR` of ``reference`` when there is one.

    Parameters
    ----------
    field : str
        Name of the input (``"market.fx.USD"``).
    level : float
        Units of the base currency per one unit of the foreign one.
    reference : float or None
        A level known to be the right way round (the embedded market's); None: only positivity is checked.
    base, currency : str
        The level's unit for the message: ``base`` per one ``currency`` (JPY per USD).

    Examples
    --------
    >>> check_fx_level("market.fx.USD", 0.0067, 150.0, "JPY", "USD")
    Traceback (most recent call last):
    ...
    pricing.errors.InputError: market.fx.USD=0.0067: expected a level in JPY per USD within 20x of 150 \
(it looks inverted: 1 / 0.0067 = 149.254)
    """
    x = float(check_positive(field, level))
    if reference is None or abs(math.log(x / reference)) <= math.log(FX_LEVEL_FACTOR):
        return x
    inverted = abs(math.log(1.0 / (x * reference))) < abs(math.log(x / reference))
    hint = f"it looks inverted: 1 / {x:g} = {1.0 / x:.6g}" if inverted else "a typo or another unit?"
    raise InputError(field, level, f"a level in {base} per {currency} within {FX_LEVEL_FACTOR:g}x of {reference:g}",
                     hint=hint)


def check_positive(field: str, value: ArrayLike) -> FloatArray:
    """Return ``value`` as a float array after checking every element is finite and > 0."""
    arr = as_float_array(field, value)
    _first_bad(field, arr, arr <= 0.0, "a number > 0")
    return arr


def check_non_negative(field: str, value: ArrayLike) -> FloatArray:
    """Return ``value`` as a float array after checking every element is finite and >= 0."""
    arr = as_float_array(field, value)
    _first_bad(field, arr, arr < 0.0, "a number >= 0")
    return arr


def check_vol(field: str, value: ArrayLike, *, allow_zero: bool = False) -> FloatArray:
    """Check an annualised volatility given as a decimal (0.20 = 20%).

    Parameters
    ----------
    field : str
        Name used in the error message.
    value : array_like
        Volatility or volatilities, decimal per sqrt(year).
    allow_zero : bool, default False
        Accept 0 (a degenerate, deterministic forward).

    Returns
    -------
    ndarray of float64

    Raises
    ------
    InputError
        If a vol is NaN, <= 0 (or < 0 with ``allow_zero``), or above :data:`MAX_VOL`, which looks like a
        percentage.

    Examples
    --------
    >>> check_vol("vol", 20.0)
    Traceback (most recent call last):
    ...
    pricing.errors.InputError: vol=20.0: expected a decimal such as 0.20 (20.0 looks like a percentage)
    """
    arr = as_float_array(field, value)
    low = arr < 0.0 if allow_zero else arr <= 0.0
    hint = _percentage_hint(arr, arr > MAX_VOL, low)
    if hint:
        expected = "a decimal such as 0.20"
    else:
        expected = "a volatility >= 0" if allow_zero else "a volatility > 0, such as 0.20"
    _first_bad(field, arr, (arr > MAX_VOL) | low, expected, hint=hint)
    return arr


def check_rate(field: str, value: ArrayLike) -> FloatArray:
    """Check a rate, yield or fee given as a decimal per year (0.04 = 4%); negative rates are allowed.

    Raises
    ------
    InputError
        If NaN, infinite, or of magnitude above :data:`MAX_RATE` (``6`` for 6% looks like a percentage).
    """
    arr = as_float_array(field, value)
    too_big = np.abs(arr) > MAX_RATE
    _first_bad(field, arr, too_big, "a decimal such as 0.04", hint=_percentage_hint(arr, too_big))
    return arr


def check_return(field: str, value: ArrayLike) -> FloatArray:
    """Check a simple return given as a decimal (-0.30 = a 30% fall); it must be > -1.

    Raises
    ------
    InputError
        If NaN, infinite or <= -1 (``-30`` for -30% is caught here).
    """
    arr = as_float_array(field, value)
    _first_bad(field, arr, arr <= -1.0, "a decimal return > -1, such as -0.30")
    return arr


MAX_MOVE = 2.0
"""Largest factor move a user may type for one scenario (+200%); above it, ``5`` for 5% is suspected."""


def check_move(field: str, value: ArrayLike) -> FloatArray:
    """Check a scenario move a user typed (``what-if --fx``, a grid axis): a decimal return in (-1, 2].

    Raises
    ------
    InputError
        As :func:`check_return`, and above :data:`MAX_MOVE` (``--fx 5`` meant as 5% is a +500% move).

    Examples
    --------
    >>> float(check_move("fx", -0.10))
    -0.1
    """
    arr = check_return(field, value)
    _first_bad(field, arr, arr > MAX_MOVE, "a decimal return such as 0.05 for +5% (above +200% looks like a "
               "percentage)")
    return arr


def check_fraction(field: str, value: float, *, low: float = 0.0, high: float = 1.0) -> float:
    """Check a scalar fraction lies in ``(low, high]`` and return it as a float."""
    arr = as_float_array(field, value)
    if arr.ndim != 0:
        raise InputError(field, value, "a single number")
    number = float(arr)
    if not (low < number <= high) or math.isnan(number):
        raise InputError(field, number, f"a decimal fraction in ({low:g}, {high:g}]")
    return number


def check_share(field: str, value: float, high: float) -> float:
    """Check a scalar decimal lies in ``[0, high]`` (0 allowed: no cost, no spread) and return it as a float.

    Examples
    --------
    >>> check_share("fx_cost", 0.001, 0.1)
    0.001
    """
    number = float(check_non_negative(field, value))
    if number > high:
        raise InputError(field, number, f"a decimal fraction in [0, {high:g}]",
                         hint=f"{number:g} looks like a percentage" if number >= 1 else None)
    return number


def check_choice(field: str, value: Any, choices: dict[str, Any]) -> Any:
    """Map ``value`` (a string, case-insensitive) to one of ``choices`` or raise naming the valid keys."""
    key = str(value).strip().lower()
    if key not in choices:
        raise InputError(field, value, "one of " + ", ".join(sorted(choices)))
    return choices[key]


def check_vol_shift(field: str, value: ArrayLike) -> FloatArray:
    """Check an additive implied-vol change given as a decimal (0.10 = +10 vol points), of either sign.

    Raises
    ------
    InputError
        If NaN, infinite, or of magnitude above :data:`MAX_VOL` (``10`` for +10 points looks like a percentage).
    """
    arr = as_float_array(field, value)
    too_big = np.abs(arr) > MAX_VOL
    _first_bad(field, arr, too_big, "a vol change in decimals, such as 0.10", hint=_percentage_hint(arr, too_big))
    return arr

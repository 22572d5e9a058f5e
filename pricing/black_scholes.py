"""Vectorized Black–Scholes–Merton prices and greeks of European options: the fast kernel.

The scenario repricer and the optimizers call :func:`bs_price` on arrays of shape (scenarios × instruments) with
``validate=False``; :func:`bs_greeks` gives the greeks in QuantLib's conventions. Both broadcast their inputs
with numpy's rules and are held equal to QuantLib's ``AnalyticEuropeanEngine`` by the tests.

Speed comes from evaluating in cache-sized chunks (:data:`CHUNK` elements, through a buffered ``np.nditer``)
with every step written in place (``out=``), from ``scipy.special.ndtr`` for the normal CDF, and from pricing
puts and calls with one formula (a sign), so a mixed array costs the same as a single kind.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from scipy.special import ndtr

from pricing._typing import ArrayLike, FloatArray
from pricing.contracts import parse_is_call
from pricing.errors import InputError
from pricing.validation import check_non_negative, check_positive, check_rate, check_vol

CHUNK = 16384
"""Elements per pass: amortises Python's per-call cost while a pass's working arrays stay in cache."""

_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_N_INPUTS = 7  # is_call, spot, strike, t, r, q, vol
_N_WORK = 6  # sign, sd, d1, d2, S e^{-qt}, K e^{-rt}


class Greeks(NamedTuple):
    """Price and greeks of European options, arrays of the broadcast input shape (QuantLib conventions).

    Attributes
    ----------
    price : ndarray
        Premium per unit of underlying, in the underlying's points.
    delta : ndarray
        d(price)/d(spot), per 1 point of spot.
    gamma : ndarray
        d²(price)/d(spot)², per point².
    vega : ndarray
        d(price)/d(vol), per 1.00 of vol (divide by 100 for a vol point).
    theta : ndarray
        d(price)/d(calendar time), per year (divide by 365 for a day); usually negative.
    rho : ndarray
        d(price)/d(r), per 1.00 of rate (divide by 100 for 1%).
    """

    price: FloatArray
    delta: FloatArray
    gamma: FloatArray
    vega: FloatArray
    theta: FloatArray
    rho: FloatArray


def bs_price(
    kind: ArrayLike | str, spot: ArrayLike, strike: ArrayLike, t: ArrayLike, r: ArrayLike, q: ArrayLike,
    vol: ArrayLike, *, validate: bool = True,
) -> FloatArray:
    r"""European Black–Scholes–Merton price, broadcast over arrays of any shape.

    Parameters
    ----------
    kind : {"put", "call"}, OptionKind, array_like of those, or array_like of bool
        Put or call (any case); an array of strings, or a boolean array ``is_call`` (True = call).
    spot : array_like
        Underlying price, points (> 0).
    strike : array_like
        Strike, points (> 0).
    t : array_like
        Time to expiry, years, Act/365 (>= 0; 0 = at expiry).
    r : array_like
        Risk-free rate, continuously compounded, decimal per year (0.04 = 4%).
    q : array_like
        Dividend yield, continuous, decimal per year.
    vol : array_like
        Volatility, annualised, decimal (0.20 = 20%); > 0 when validated.
    validate : bool, default True
        Check every input first. ``False`` skips all checks except the kind (the optimizers' hot path):
        invalid inputs then give NaN or meaningless numbers, not an error.

    Returns
    -------
    ndarray of float64
        Price per unit, points, of the broadcast shape of the inputs (0-d for scalars); never negative.

    Raises
    ------
    InputError
        If a kind is neither put nor call, or (with ``validate``) spot or strike <= 0, t < 0, vol <= 0 or above
        2.0 (a percentage), a rate of magnitude above 0.5, NaN or infinity anywhere, or shapes that do not
        broadcast. The message names the field and the first offending element.

    Notes
    -----
    With :math:`\sigma\sqrt{t}` the standard deviation and :math:`\omega = +1` for a call, -1 for a put,

    .. math::

        d_{1,2} = \frac{\ln(S/K) + (r - q)t}{\sigma\sqrt{t}} \pm \tfrac12 \sigma\sqrt{t}, \qquad
        V = \omega\,[S e^{-qt} N(\omega d_1) - K e^{-rt} N(\omega d_2)].

    Evaluating :math:`N` at :math:`\omega d` keeps both tails accurate (no :math:`1 - N(d)`), so puts and
    calls are priced directly, never through parity; put–call parity :math:`C - P = S e^{-qt} - K e^{-rt}`
    then holds to rounding. Far out of the money the two terms nearly cancel and the price keeps an absolute
    accuracy of about 1e-16 of its terms rather than full relative accuracy; it is clipped at 0.

    When :math:`\sigma\sqrt{t} = 0` the price is the deterministic limit
    :math:`\max(\omega(S e^{-qt} - K e^{-rt}), 0)`: exactly the intrinsic value :math:`\max(\omega(S-K), 0)` at
    ``t == 0``, and the discounted intrinsic value of the forward when ``vol == 0`` (reachable only with
    ``validate=False``; validation rejects a zero vol as a likely missing quote).

    Examples
    --------
    >>> round(float(bs_price("call", 60.0, 65.0, 0.25, 0.08, 0.0, 0.30)), 4)  # Haug (1998), p. 2-8
    2.1334
    >>> bs_price(["put", "call"], 100.0, [95.0, 100.0], [0.5, 0.0], 0.10, 0.05, 0.20).round(4)
    array([2.4648, 0.    ])
    """
    (price,) = _evaluate(_price_chunk, 1, kind, spot, strike, t, r, q, vol, validate)
    return price


def bs_greeks(
    kind: ArrayLike | str, spot: ArrayLike, strike: ArrayLike, t: ArrayLike, r: ArrayLike, q: ArrayLike,
    vol: ArrayLike, *, validate: bool = True,
) -> Greeks:
    r"""European Black–Scholes–Merton price and greeks, broadcast over arrays of any shape.

    Parameters
    ----------
    kind, spot, strike, t, r, q, vol, validate
        As in :func:`bs_price` (points, years Act/365, decimals).

    Returns
    -------
    Greeks
        ``(price, delta, gamma, vega, theta, rho)`` as QuantLib's ``AnalyticEuropeanEngine`` reports them: price
        in points, delta per point, gamma per point², vega per 1.00 of vol, theta per year, rho per 1.00 of r.

    Raises
    ------
    InputError
        As :func:`bs_price`.

    Notes
    -----
    With :math:`\phi` the normal density and the notation of :func:`bs_price`,

    .. math::

        \Delta = \omega e^{-qt} N(\omega d_1), \quad
        \Gamma = \frac{e^{-qt}\phi(d_1)}{S\sigma\sqrt{t}}, \quad
        \mathcal{V} = S e^{-qt}\phi(d_1)\sqrt{t}, \quad
        \rho = \omega K t e^{-rt} N(\omega d_2),

        \Theta = -\frac{S e^{-qt}\phi(d_1)\sigma}{2\sqrt{t}}
        + \omega[q S e^{-qt} N(\omega d_1) - r K e^{-rt} N(\omega d_2)].

    When :math:`\sigma\sqrt{t} = 0` the greeks are those of the deterministic payoff
    :math:`\max(\omega(S e^{-qt} - K e^{-rt}), 0)`: delta is the step :math:`\omega e^{-qt}` in the money and 0
    out of it, gamma and vega are 0, and theta and rho are the derivatives of the discounted forward in the
    money. At the kink (``S == K`` at expiry, or the forward at the strike with zero vol) delta, theta and rho
    take half their in-the-money values, so delta is :math:`\pm 0.5 e^{-qt}`, the limit of the formula as
    :math:`t \to 0`. At ``t == 0`` theta and rho are 0.

    Examples
    --------
    >>> g = bs_greeks("call", 100.0, 100.0, 1.0, 0.05, 0.0, 0.20)
    >>> [round(float(x), 4) for x in g]
    [10.4506, 0.6368, 0.0188, 37.524, -6.414, 53.2325]
    """
    return Greeks(*_evaluate(_greeks_chunk, 6, kind, spot, strike, t, r, q, vol, validate))


def _evaluate(
    kernel: Callable[..., None], n_out: int, kind: ArrayLike | str, spot: ArrayLike, strike: ArrayLike,
    t: ArrayLike, r: ArrayLike, q: ArrayLike, vol: ArrayLike, validate: bool,
) -> tuple[FloatArray, ...]:
    """Run ``kernel`` over the broadcast inputs in chunks of :data:`CHUNK`, returning its ``n_out`` outputs."""
    inputs = _inputs(kind, spot, strike, t, r, q, vol, validate)
    it = np.nditer(
        [*inputs, *([None] * n_out)],
        flags=["external_loop", "buffered", "zerosize_ok"],
        op_flags=[["readonly"]] * _N_INPUTS + [["writeonly", "allocate"]] * n_out,
        op_dtypes=[np.bool_] + [np.float64] * (_N_INPUTS - 1 + n_out),
        buffersize=CHUNK,
    )
    work = np.empty((_N_WORK, CHUNK))
    with it, np.errstate(divide="ignore", invalid="ignore"):
        for chunk in it:
            kernel(*chunk, work[:, : chunk[0].shape[0]])
        return tuple(it.operands[_N_INPUTS:])


def _inputs(
    kind: ArrayLike | str, spot: ArrayLike, strike: ArrayLike, t: ArrayLike, r: ArrayLike, q: ArrayLike,
    vol: ArrayLike, validate: bool,
) -> tuple[np.ndarray, ...]:
    """``is_call`` and the float64 inputs, checked when ``validate``."""
    is_call = parse_is_call(kind)
    if not validate:
        return is_call, *(np.asarray(x, dtype=np.float64) for x in (spot, strike, t, r, q, vol))
    arrays = (
        check_positive("spot", spot), check_positive("strike", strike), check_non_negative("t", t),
        check_rate("r", r), check_rate("q", q), check_vol("vol", vol),
    )
    shapes = [np.shape(is_call), *(a.shape for a in arrays)]
    try:
        np.broadcast_shapes(*shapes)
    except ValueError:
        raise InputError("shapes", shapes, "shapes that broadcast together, such as (scenarios, instruments)",
                         hint="kind, spot, strike, t, r, q, vol in that order") from None
    return is_call, *arrays


def _common(is_call: np.ndarray, s: FloatArray, k: FloatArray, t: FloatArray, r: FloatArray, q: FloatArray,
            vol: FloatArray, work: FloatArray) -> None:
    """Fill the rows of ``work`` with sign (+1 call, -1 put), sigma*sqrt(t), d1, d2, S e^{-qt}, K e^{-rt}."""
    sign, sd, d1, d2, sq, kr = work
    np.subtract(np.multiply(is_call, 2.0, out=sign), 1.0, out=sign)
    np.multiply(np.sqrt(t, out=sd), vol, out=sd)
    np.multiply(np.subtract(r, q, out=sq), t, out=sq)  # (r - q) t
    np.log(np.divide(s, k, out=d2), out=d2)
    d2 += sq
    d2 /= sd  # (ln(S/K) + (r - q) t) / (sigma sqrt(t))
    np.multiply(sd, 0.5, out=sq)
    np.add(d2, sq, out=d1)
    d2 -= sq
    np.exp(np.negative(np.multiply(q, t, out=sq), out=sq), out=sq)
    sq *= s
    np.exp(np.negative(np.multiply(r, t, out=kr), out=kr), out=kr)
    kr *= k


def _price_chunk(is_call: np.ndarray, s: FloatArray, k: FloatArray, t: FloatArray, r: FloatArray, q: FloatArray,
                 vol: FloatArray, price: FloatArray, work: FloatArray) -> None:
    """Write the price of one chunk into ``price``."""
    _common(is_call, s, k, t, r, q, vol, work)
    sign, sd, n1, n2, sq, kr = work
    ndtr(np.multiply(n1, sign, out=n1), out=n1)
    ndtr(np.multiply(n2, sign, out=n2), out=n2)
    n1 *= sq
    n2 *= kr
    np.multiply(np.subtract(n1, n2, out=price), sign, out=price)
    np.maximum(price, 0.0, out=price)
    flat = sd == 0.0
    if flat.any():  # t == 0 or vol == 0: the deterministic payoff (d1, d2 are +-inf or NaN there)
        price[flat] = np.maximum(sign[flat] * (sq[flat] - kr[flat]), 0.0)


def _greeks_chunk(is_call: np.ndarray, s: FloatArray, k: FloatArray, t: FloatArray, r: FloatArray, q: FloatArray,
                  vol: FloatArray, price: FloatArray, delta: FloatArray, gamma: FloatArray, vega: FloatArray,
                  theta: FloatArray, rho: FloatArray, work: FloatArray) -> None:
    """Write price and greeks of one chunk into the output arrays (``price`` doubles as scratch)."""
    _common(is_call, s, k, t, r, q, vol, work)
    sign, sd, d1, d2, sq, kr = work
    np.exp(np.multiply(np.square(d1, out=gamma), -0.5, out=gamma), out=gamma)
    gamma *= _INV_SQRT_2PI  # gamma holds phi(d1) until the end
    ndtr(np.multiply(sign, d1, out=delta), out=delta)  # N(w d1)
    ndtr(np.multiply(sign, d2, out=rho), out=rho)  # N(w d2)
    np.multiply(sq, delta, out=d1)  # S e^{-qt} N(w d1)
    np.multiply(kr, rho, out=d2)  # K e^{-rt} N(w d2)
    np.multiply(np.multiply(t, d2, out=rho), sign, out=rho)
    np.subtract(np.multiply(q, d1, out=theta), np.multiply(r, d2, out=price), out=theta)
    theta *= sign
    np.multiply(np.multiply(np.sqrt(t, out=vega), sq, out=vega), gamma, out=vega)
    np.multiply(np.divide(np.multiply(vega, vol, out=price), t, out=price), 0.5, out=price)
    theta -= price
    np.divide(sq, s, out=price)  # e^{-qt}
    np.multiply(np.multiply(delta, price, out=delta), sign, out=delta)
    np.divide(np.divide(np.multiply(gamma, price, out=gamma), s, out=gamma), sd, out=gamma)
    np.maximum(np.multiply(np.subtract(d1, d2, out=price), sign, out=price), 0.0, out=price)
    flat = sd == 0.0
    if flat.any():
        _deterministic(sign[flat], s[flat], t[flat], r[flat], q[flat], sq[flat], kr[flat],
                       (price, delta, gamma, vega, theta, rho), flat)


def _deterministic(sign: FloatArray, s: FloatArray, t: FloatArray, r: FloatArray, q: FloatArray,
                   sq: FloatArray, kr: FloatArray, outputs: tuple[FloatArray, ...], flat: np.ndarray) -> None:
    """Greeks of the zero-variance payoff max(w(S e^{-qt} - K e^{-rt}), 0), written where ``flat``."""
    forward = sign * (sq - kr)
    itm = np.where(forward > 0.0, 1.0, np.where(forward == 0.0, 0.5, 0.0))
    price, delta, gamma, vega, theta, rho = outputs
    price[flat] = np.maximum(forward, 0.0)
    delta[flat] = sign * itm * sq / s
    gamma[flat] = 0.0
    vega[flat] = 0.0
    theta[flat] = np.where(t > 0.0, sign * itm * (q * sq - r * kr), 0.0)
    rho[flat] = sign * itm * t * kr

"""Grid scenarios: the cartesian product of ranges or lists of factor moves."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from pricing.errors import InputError
from pricing.validation import as_float_array
from scenarios.sets.factor_model import FactorModel, FxVolResponse, VolResponse
from scenarios.sets.scenario_set import HORIZON, LABEL, ScenarioSet, equity_col, fx_col, fx_vol_col, rate_col, vol_col

MAX_RANGE_VALUES = 100_000
"""Most values one ``{start, stop, step}`` range may hold: more is a typo in the step, never a grid axis."""


def grid_values(field: str, start: float, stop: float, step: float) -> np.ndarray:
    """Inclusive arithmetic range ``start, start+step, ..., stop`` (decimal), robust to rounding.

    Raises
    ------
    InputError
        If ``step <= 0``, ``stop < start`` (an empty range) or the range holds more than
        :data:`MAX_RANGE_VALUES` values.

    Examples
    --------
    >>> grid_values("equity", -0.3, 0.0, 0.1).round(12).tolist()
    [-0.3, -0.2, -0.1, 0.0]
    """
    for name, value in (("start", start), ("stop", stop), ("step", step)):
        as_float_array(f"{field}.{name}", value)
    if step <= 0:
        raise InputError(f"{field}.step", step, "a step > 0")
    if stop < start:
        raise InputError(f"{field}.stop", stop, f"a value >= start ({start})", hint="the range is empty")
    span = (stop - start) / step
    count = int(np.floor(span + 1e-9)) + 1 if math.isfinite(span) else math.inf
    if count > MAX_RANGE_VALUES:
        raise InputError(f"{field}.step", step, f"a step giving at most {MAX_RANGE_VALUES:,} values "
                         f"from {start} to {stop}", hint=f"this one gives {count:,}" if math.isfinite(count) else None)
    return start + step * np.arange(count)


def _values(field: str, values: Sequence[float] | np.ndarray) -> np.ndarray:
    arr = np.atleast_1d(as_float_array(field, values))
    if arr.size == 0:
        raise InputError(field, list(arr), "at least one value", hint="the range is empty")
    return arr


def _by_response(responses: Sequence[VolResponse | FxVolResponse], which: np.ndarray, moves: np.ndarray) -> np.ndarray:
    """Vol change of each row (decimal) under the response numbered ``which`` in that row, shape (n,)."""
    shift = np.zeros_like(moves)
    for k, response in enumerate(responses):
        shift[which == k] = response.shift(moves[which == k])
    return shift


def grid(
    equity: Sequence[float],
    fx: Sequence[float] = (0.0,),
    vol_shift: Sequence[float] = (0.0,),
    rate_shift: Sequence[float] = (0.0,),
    horizon_days: Sequence[int] = (30,),
    *,
    currency: str = "USD",
    base: str = "JPY",
    model: FactorModel | None = None,
    vol_responses: Sequence[VolResponse] | None = None,
    fx_vol_responses: Sequence[FxVolResponse] | None = None,
) -> ScenarioSet:
    """Every combination of the driver index return, FX move, explicit vol shock, rate shock and horizon.

    Parameters
    ----------
    equity : sequence of float
        Returns of the driver index (``model.driver``), decimal; other indices follow through the betas.
    fx : sequence of float, default (0.0,)
        Returns of ``currency`` against the base, decimal (-0.10: USDJPY -10%, the yen up 11.1%).
    vol_shift : sequence of float, default (0.0,)
        Explicit parallel implied-vol shocks, decimal, added to the spot-linked response of every index (not to
        the currency pair's vols, which follow ``fx`` through the FX vol response only).
    rate_shift : sequence of float, default (0.0,)
        Parallel change of ``currency``'s zero curve, decimal.
    horizon_days : sequence of int, default (30,)
        Horizons, calendar days.
    currency : str, default "USD"
        The foreign currency the ``fx`` moves apply to.
    base : str, default "JPY"
        The base currency: the pair's vols are the column ``vol.<currency><base>`` (``vol.USDJPY``).
    model : FactorModel, optional
        Betas and vol responses; the default model when None.
    vol_responses : sequence of VolResponse, optional
        Several spot-linked responses to take the worst case over: one more axis of the grid (labels gain
        ``/ resp 0.8`` with the down beta). Default: the model's one response.
    fx_vol_responses : sequence of FxVolResponse, optional
        Several FX vol responses to take the worst case over, likewise one more axis (labels gain
        ``/ fx resp 0.5`` with the yen-up beta). Default: the model's ``fx_vol_response``.

    Returns
    -------
    ScenarioSet
        ``len(equity) * len(fx) * len(vol_shift) * len(rate_shift) * len(horizon_days) * len(vol_responses) *
        len(fx_vol_responses)`` rows, labelled like ``SPX -30% / USD -10% / vol +0 / 30d``, with the pair's vol
        change ``vol.USDJPY = fx_vol_response.shift(fx)`` (+0.05 at USD -10% with the default response).

    Examples
    --------
    >>> len(grid(equity=[-0.3, -0.2, 0.0], fx=[-0.1, 0.0]))
    6
    >>> len(grid([-0.3], vol_responses=[VolResponse(0.3), VolResponse(1.5)]))
    2
    >>> grid([-0.3], fx=[-0.1, 0.1]).vol("USDJPY").round(6).tolist()
    [0.05, 0.015]
    """
    model = model or FactorModel()
    responses = list(vol_responses) if vol_responses else [model.vol_response]
    fx_responses = list(fx_vol_responses) if fx_vol_responses else [model.fx_vol_response]
    axes = [_values(name, v) for name, v in
            (("equity", equity), ("fx", fx), ("vol_shift", vol_shift), ("rate_shift", rate_shift))]
    days = _values("horizon_days", horizon_days)
    rows = list(itertools.product(*axes, days, range(len(responses)), range(len(fx_responses))))
    eq, fxm, vs, rs, hd, resp, fx_resp = (np.array(col) for col in zip(*rows, strict=True))
    table = pd.DataFrame({LABEL: [
        f"{model.driver} {e:+.0%} / {currency} {f:+.0%} / vol {v * 100:+.0f} / {int(d)}d"
        + (f" / rate {r * 1e4:+.0f}bp" if r else "")
        + (f" / resp {responses[k].down_beta:g}" if len(responses) > 1 else "")
        + (f" / fx resp {fx_responses[j].yen_up_beta:g}" if len(fx_responses) > 1 else "")
        for e, f, v, r, d, k, j in rows
    ], HORIZON: hd})
    for index, ret in model.index_returns(eq).items():
        table[equity_col(index)] = ret
        table[vol_col(index)] = _by_response(responses, resp, ret) + vs
    table[fx_col(currency)] = fxm
    table[fx_vol_col(currency, base)] = _by_response(fx_responses, fx_resp, fxm)
    table[rate_col(currency)] = rs
    return ScenarioSet(table, "grid")

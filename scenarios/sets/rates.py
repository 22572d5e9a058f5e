r"""Rate regimes: the short rates of some currencies rising or falling over a year, on their own or on any set.

A regime moves every named currency's short rate along one path, a change :math:`c` (decimal: 0.02 = +2 points)
reached after :math:`D` days (a year by default):

* ``ramp``: a straight line, :math:`\Delta r(t) = c\,\min(t/D, 1)`; a hiking or cutting cycle;
* ``step``: at once, :math:`\Delta r(t) = c`; the rates already where the regime puts them.

Over a window of :math:`h` days the rate ends :math:`\Delta r(h)` higher (the set's ``rate.<CCY>``: options and
forwards are valued on it) and averages :math:`\bar{\Delta r}(h) = \frac1h\int_0^h \Delta r(t)\,dt` higher (its
``rate_avg.<CCY>``: the MMF's yield, a floating loan and the futures financing accrue at it). For the ramp,

.. math:: \bar{\Delta r}(h) = c\,\frac{h}{2D} \quad (h \le D), \qquad
          c\left(1 - \frac{D}{2h}\right) \quad (h > D),

so a +2-point ramp over a year adds +1 point to the year's average rate, and a step adds +2 points.
:func:`regime_year` is the regime's own year (the index unchanged unless an equity response is given);
:func:`with_regime` lays the regime over any set, adding to the rate moves its rows already carry (the recorded
T-bill path of a historical episode, a grid's rate shock).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

import numpy as np

from pricing._typing import FloatArray
from pricing.errors import InputError
from pricing.validation import check_rate
from scenarios.sets.scenario_set import HORIZON, LABEL, ScenarioSet, equity_col, rate_avg_col, rate_col

YEAR_DAYS = 365
"""Days of a regime's path to its full change, by default."""


class RatePath(StrEnum):
    """How a regime's rate change arrives over its days."""

    RAMP = "ramp"
    STEP = "step"


def regime_changes(change: float, days: int, path: RatePath | str, horizon: Sequence[int] | np.ndarray
                   ) -> tuple[FloatArray, FloatArray]:
    """The end-of-window and the average rate change over windows of ``horizon`` days, decimals, shape (n,).

    Parameters
    ----------
    change : float
        The regime's full change, decimal (0.02 = +2 points).
    days : int
        Days to the full change (ramp), > 0.
    path : {"ramp", "step"}
    horizon : array of int
        Window lengths, calendar days (>= 0).

    Examples
    --------
    >>> end, avg = regime_changes(0.02, 365, "ramp", [0, 365, 730])
    >>> [round(float(x), 6) for x in end], [round(float(x), 6) for x in avg]
    ([0.0, 0.02, 0.02], [0.0, 0.01, 0.015])
    """
    check_rate("regime.change", change)
    if isinstance(days, bool) or int(days) != days or days <= 0:
        raise InputError("regime.days", days, "a whole number of days > 0")
    if path not in tuple(RatePath):
        raise InputError("regime.path", path, "ramp or step")
    h = np.asarray(horizon, dtype=float)
    if RatePath(path) is RatePath.STEP:
        return np.full(h.shape, change), np.full(h.shape, change)
    end = change * np.minimum(h / days, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        avg = np.where(h <= days, change * h / (2.0 * days), change * (1.0 - days / (2.0 * h)))
    return end, avg


def with_regime(scenarios: ScenarioSet, currencies: Sequence[str], change: float, days: int = YEAR_DAYS,
                path: RatePath | str = RatePath.RAMP, name: str | None = None) -> ScenarioSet:
    r"""``scenarios`` with the regime's rate path laid over every row, for each of ``currencies``.

    Each row's ``rate.<CCY>`` gains :math:`\Delta r(h)` and its ``rate_avg.<CCY>`` :math:`\bar{\Delta r}(h)` at
    its own horizon ``h``; every other factor, label and path is kept.
    """
    table = scenarios.table.copy()
    end, avg = regime_changes(change, days, path, scenarios.horizon_days)
    for ccy in currencies:
        table[rate_avg_col(ccy)] = scenarios.rate_average(ccy) + avg  # before rate.<CCY> moves (its default)
        table[rate_col(ccy)] = scenarios.rate(ccy) + end
    return ScenarioSet(table, name or f"{scenarios.name}, rates {change * 1e4:+.0f}bp ({RatePath(path).value})")


def regime_year(label: str, currencies: Sequence[str], change: float, days: int = YEAR_DAYS,
                path: RatePath | str = RatePath.RAMP, equity: dict[str, float] | None = None) -> ScenarioSet:
    """The regime's own window of ``days``: one row, rates along the path, each index moved by ``equity``.

    ``equity`` maps an index to its return over the window (the regime's equity response, decimal; none: the
    index unchanged), so the row measures carry and funding alone unless a response is given.
    """
    row: dict[str, object] = {LABEL: label, HORIZON: days}
    row.update({equity_col(index): float(move) for index, move in (equity or {}).items()})
    flat = ScenarioSet.from_records([row], name=label)
    return with_regime(flat, currencies, change, days, path, name=label)

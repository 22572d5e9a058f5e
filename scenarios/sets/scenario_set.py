"""A scenario set: a table of factor moves over a horizon, one row per scenario.

Columns (a pandas ``DataFrame``):

==================  =====================================================================================
``label``           name of the scenario (str)
``horizon_days``    calendar days from the valuation date to the scenario date (int, >= 0)
``equity.<INDEX>``  simple return of the index over the horizon, decimal (-0.30 = a 30% fall), > -1
``fx.<CCY>``        simple return of one unit of ``CCY`` in base currency (-0.10 on ``fx.USD`` with a JPY
                    base: the yen rose and USD assets lost 10% in yen), > -1
``vol.<INDEX>``     additive change of the index's implied vols, decimal (0.10 = +10 vol points); the total of
                    the spot-linked response and any explicit shock
``vol.<PAIR>``      the same for a currency pair written foreign + base (``vol.USDJPY``: USDJPY options, whose
                    spot moves by ``fx.USD``)
``rate.<CCY>``      parallel change of the currency's zero curve at the scenario's end, decimal (0.01 = +100
                    bp)
``rate_avg.<CCY>``  average change of the currency's short rate over the window, decimal, for carry and
                    floating funding; absent: half of ``rate.<CCY>`` (the rate moves in a straight line
                    from today's level to the scenario's)
``path.<INDEX>``    the index's recorded path over the window, where one is known: an array of
                    ``horizon_days + 1`` levels relative to the start (element ``d`` = the last close on or
                    before calendar day ``d``; element 0 is 1, the last ``1 + equity``); None where unknown
==================  =====================================================================================

A factor column that is absent means "no move" for that factor. Sets concatenate with ``+``.

A scenario is a path, not a point: an instrument that expires on day ``T`` inside a window pays what the index's
path says on day ``T`` (see :mod:`scenarios.repricing`); where the path is unknown it is credited with nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pricing._typing import FloatArray
from pricing.errors import InputError
from pricing.validation import as_float_array, check_rate, check_return, check_vol_shift

LABEL = "label"
HORIZON = "horizon_days"
PREFIXES = ("equity.", "fx.", "vol.", "rate.", "rate_avg.")
PATH_PREFIX = "path."
PATH_TOLERANCE = 5e-4
"""Largest gap allowed between a path's last level and ``1 + equity`` (typed episode returns are rounded)."""


def equity_col(index: str) -> str:
    """Column name of an index return (``equity.SPX``)."""
    return f"equity.{index}"


def fx_col(currency: str) -> str:
    """Column name of a currency's return against the base (``fx.USD``)."""
    return f"fx.{currency}"


def vol_col(index: str) -> str:
    """Column name of an index's implied-vol change (``vol.SPX``)."""
    return f"vol.{index}"


def fx_vol_col(currency: str, base: str) -> str:
    """Column name of a currency pair's implied-vol change, the pair written foreign + base (``vol.USDJPY``)."""
    return vol_col(f"{currency}{base}")


def rate_col(currency: str) -> str:
    """Column name of a currency's parallel rate change (``rate.USD``)."""
    return f"rate.{currency}"


def rate_avg_col(currency: str) -> str:
    """Column name of a currency's average short-rate change over the window (``rate_avg.USD``)."""
    return f"rate_avg.{currency}"


def path_col(index: str) -> str:
    """Column name of an index's recorded path over the window (``path.SPX``)."""
    return f"{PATH_PREFIX}{index}"


def _check_paths(table: pd.DataFrame, col: str, days: np.ndarray) -> pd.Series:
    """Each entry None (no path) or ``horizon + 1`` positive levels from 1 to ``1 + equity`` (see the docstring)."""
    index = col[len(PATH_PREFIX):]
    equity = table[equity_col(index)].to_numpy(dtype=float) if equity_col(index) in table else np.zeros(len(table))
    out = []
    for row, entry in enumerate(table[col].tolist()):
        if entry is None or (np.isscalar(entry) and pd.isna(entry)):
            out.append(None)
            continue
        path = as_float_array(col, entry)
        if path.ndim != 1 or path.size != int(days[row]) + 1:
            raise InputError(f"{col}[{row}]", f"{path.size} levels", f"{int(days[row]) + 1} (horizon_days + 1)")
        if np.any(~np.isfinite(path)) or np.any(path <= 0):
            raise InputError(f"{col}[{row}]", "a level <= 0 or not finite", "positive levels relative to the start")
        if abs(path[0] - 1.0) > 1e-12 or abs(path[-1] - (1.0 + equity[row])) > PATH_TOLERANCE:
            raise InputError(f"{col}[{row}]", f"from {path[0]:.6g} to {path[-1]:.6g}",
                             f"from 1 to 1 + {equity_col(index)} = {1.0 + equity[row]:.6g}")
        path.setflags(write=False)
        out.append(path)
    return pd.Series(out, index=table.index, dtype=object)


def _validate(table: pd.DataFrame) -> pd.DataFrame:
    if LABEL not in table or HORIZON not in table:
        raise InputError("scenarios.columns", list(table.columns), f"columns '{LABEL}' and '{HORIZON}'")
    if len(table) == 0:
        raise InputError("scenarios", "0 rows", "at least one scenario")
    unknown = [c for c in table.columns if c not in (LABEL, HORIZON) and not c.startswith((*PREFIXES, PATH_PREFIX))]
    if unknown:
        raise InputError("scenarios.columns", unknown,
                         "factor columns named equity.X, fx.X, vol.X, rate.X, rate_avg.X or path.X")
    days = as_float_array(HORIZON, table[HORIZON].to_numpy())
    if np.any(days < 0) or np.any(days != np.round(days)):
        bad = days[(days < 0) | (days != np.round(days))][0].item()
        raise InputError(HORIZON, bad, "a whole number of days >= 0")
    out = table.copy()
    out[HORIZON] = days.astype(np.int64)
    out[LABEL] = out[LABEL].astype(str)
    for col in out.columns:
        if col.startswith(("equity.", "fx.")):
            out[col] = check_return(col, out[col].to_numpy())
        elif col.startswith(("rate.", "rate_avg.")):
            out[col] = check_rate(col, out[col].to_numpy())
        elif col.startswith(PATH_PREFIX):
            out[col] = _check_paths(out, col, days)
        elif col.startswith("vol."):
            out[col] = check_vol_shift(col, out[col].to_numpy())
    return out.reset_index(drop=True)


def _fill_factors(table: pd.DataFrame) -> pd.DataFrame:
    """Missing factor moves are 0 (no move); missing paths are None (unknown)."""
    factor_cols = [c for c in table.columns if c.startswith(PREFIXES)]
    table[factor_cols] = table[factor_cols].fillna(0.0)
    for col in [c for c in table.columns if c.startswith(PATH_PREFIX)]:
        table[col] = table[col].astype(object).where(table[col].notna(), None)
    return table


@dataclass(frozen=True, eq=False)
class ScenarioSet:
    """Factor moves over a horizon, one row per scenario (see the module docstring for the columns).

    Parameters
    ----------
    table : pandas.DataFrame
        The scenarios; validated and copied on construction.
    name : str, default "scenarios"
        What the set is (``"grid"``, ``"historical"``, ``"monte carlo (seed 1)"``).

    Examples
    --------
    >>> s = ScenarioSet.from_records([{"label": "crash", "horizon_days": 0, "equity.SPX": -0.3, "fx.USD": -0.1}])
    >>> float(s.equity("SPX")[0]), float(s.fx("USD")[0]), float(s.vol("SPX")[0])
    (-0.3, -0.1, 0.0)
    """

    table: pd.DataFrame
    name: str = "scenarios"

    def __post_init__(self) -> None:
        object.__setattr__(self, "table", _validate(self.table))

    @classmethod
    def from_records(cls, records: Iterable[dict], name: str = "scenarios") -> ScenarioSet:
        """Build a set from dicts, one per scenario; missing factor entries are 0."""
        table = pd.DataFrame(list(records))
        return cls(_fill_factors(table), name)

    def __len__(self) -> int:
        return len(self.table)

    def __add__(self, other: ScenarioSet) -> ScenarioSet:
        """Concatenate two sets; factors missing on one side are 0 there."""
        table = pd.concat([self.table, other.table], ignore_index=True)
        for col in [c for c in table.columns if c.startswith("rate_avg.")]:
            half = 0.5 * table.get(rate_col(col[len("rate_avg."):]), 0.0)  # the default where a side lacks it
            table[col] = table[col].fillna(half if np.isscalar(half) else half.fillna(0.0))
        return ScenarioSet(_fill_factors(table), f"{self.name} + {other.name}")

    def __repr__(self) -> str:
        factors = [c for c in self.table.columns if c.startswith(PREFIXES)]
        paths = [c for c in self.table.columns if c.startswith(PATH_PREFIX)]
        return f"ScenarioSet(name={self.name!r}, n={len(self)}, factors={factors}" + (
            f", paths={paths})" if paths else ")")

    @property
    def labels(self) -> list[str]:
        """Scenario labels, in row order."""
        return self.table[LABEL].tolist()

    @property
    def horizon_days(self) -> np.ndarray:
        """Horizon of each scenario, calendar days, shape (n,)."""
        return self.table[HORIZON].to_numpy()

    def _factor(self, col: str) -> FloatArray:
        if col in self.table:
            return self.table[col].to_numpy(dtype=np.float64)
        return np.zeros(len(self))

    def equity(self, index: str) -> FloatArray:
        """Simple return of ``index`` per scenario, decimal, shape (n,)."""
        return self._factor(equity_col(index))

    def fx(self, currency: str) -> FloatArray:
        """Return of ``currency`` against the base per scenario, decimal, shape (n,)."""
        return self._factor(fx_col(currency))

    def vol(self, index: str) -> FloatArray:
        """Additive implied-vol change of ``index`` per scenario, decimal, shape (n,)."""
        return self._factor(vol_col(index))

    def rate(self, currency: str) -> FloatArray:
        """Parallel zero-rate change of ``currency`` per scenario, decimal, shape (n,)."""
        return self._factor(rate_col(currency))

    @property
    def common_horizon(self) -> int:
        """The horizon most scenarios share (the grid's and Monte Carlo's), calendar days; the shortest on ties.

        Hedge candidates must outlive it: an option expiring earlier would protect few scenarios (episodes on their
        own windows value it on their paths).
        """
        values, counts = np.unique(self.horizon_days, return_counts=True)
        return int(values[np.argmax(counts)])

    def rate_average(self, currency: str) -> FloatArray:
        """Average change of ``currency``'s short rate over each window, decimal, shape (n,).

        The ``rate_avg.<CCY>`` column where given, else half the end-of-window change (a straight line).
        """
        col = rate_avg_col(currency)
        return self._factor(col) if col in self.table else 0.5 * self.rate(currency)

    def path(self, index: str) -> list[FloatArray | None]:
        """The recorded path of ``index`` in each scenario (see the module docstring), None where unknown."""
        col = path_col(index)
        if col not in self.table:
            return [None] * len(self)
        return [None if p is None or (np.isscalar(p) and pd.isna(p)) else p for p in self.table[col].tolist()]

    def subset(self, rows: Sequence[int] | np.ndarray) -> ScenarioSet:
        """The scenarios at positions ``rows``, in that order."""
        return ScenarioSet(self.table.iloc[np.asarray(rows)], self.name)

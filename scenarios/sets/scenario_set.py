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
``rate.<CCY>``      parallel change of the currency's zero curve, decimal (0.01 = +100 bp)
==================  =====================================================================================

A factor column that is absent means "no move" for that factor. Sets concatenate with ``+``.
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
PREFIXES = ("equity.", "fx.", "vol.", "rate.")


def equity_col(index: str) -> str:
    """Column name of an index return (``equity.SPX``)."""
    return f"equity.{index}"


def fx_col(currency: str) -> str:
    """Column name of a currency's return against the base (``fx.USD``)."""
    return f"fx.{currency}"


def vol_col(index: str) -> str:
    """Column name of an index's implied-vol change (``vol.SPX``)."""
    return f"vol.{index}"


def rate_col(currency: str) -> str:
    """Column name of a currency's parallel rate change (``rate.USD``)."""
    return f"rate.{currency}"


def _validate(table: pd.DataFrame) -> pd.DataFrame:
    if LABEL not in table or HORIZON not in table:
        raise InputError("scenarios.columns", list(table.columns), f"columns '{LABEL}' and '{HORIZON}'")
    if len(table) == 0:
        raise InputError("scenarios", "0 rows", "at least one scenario")
    unknown = [c for c in table.columns if c not in (LABEL, HORIZON) and not c.startswith(PREFIXES)]
    if unknown:
        raise InputError("scenarios.columns", unknown, "factor columns named equity.X, fx.X, vol.X or rate.X")
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
        elif col.startswith("rate."):
            out[col] = check_rate(col, out[col].to_numpy())
        elif col.startswith("vol."):
            out[col] = check_vol_shift(col, out[col].to_numpy())
    return out.reset_index(drop=True)


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
        factor_cols = [c for c in table.columns if c.startswith(PREFIXES)]
        table[factor_cols] = table[factor_cols].fillna(0.0)
        return cls(table, name)

    def __len__(self) -> int:
        return len(self.table)

    def __add__(self, other: ScenarioSet) -> ScenarioSet:
        """Concatenate two sets; factors missing on one side are 0 there."""
        table = pd.concat([self.table, other.table], ignore_index=True)
        factor_cols = [c for c in table.columns if c.startswith(PREFIXES)]
        table[factor_cols] = table[factor_cols].fillna(0.0)
        return ScenarioSet(table, f"{self.name} + {other.name}")

    def __repr__(self) -> str:
        factors = [c for c in self.table.columns if c.startswith(PREFIXES)]
        return f"ScenarioSet(name={self.name!r}, n={len(self)}, factors={factors})"

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

    def with_horizon(self, days: int) -> ScenarioSet:
        """The same moves, every one over ``days`` calendar days (for hedging: within the hedge's life)."""
        table = self.table.copy()
        table[HORIZON] = int(days)
        return ScenarioSet(table, f"{self.name} over {int(days)}d")

    def subset(self, rows: Sequence[int] | np.ndarray) -> ScenarioSet:
        """The scenarios at positions ``rows``, in that order."""
        return ScenarioSet(self.table.iloc[np.asarray(rows)], self.name)

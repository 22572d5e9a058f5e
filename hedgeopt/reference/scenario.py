"""One scenario, read straight from the scenario table's columns: the reference evaluator's only view of a set.

The reference reads the raw columns (``equity.<INDEX>``, ``fx.<CCY>``, ``vol.<NAME>``, ``rate.<CCY>``,
``rate_avg.<CCY>``, ``path.<INDEX>``, ``horizon_days``) by name, row by row, with the rules of
:mod:`scenarios.sets.scenario_set` restated here: an absent factor is no move, an absent ``rate_avg`` is half of
``rate`` (the rate moves in a straight line), an absent or empty path is unknown. None of the scenario set's
accessors is used, so a fault in them (a column read under the wrong name, a default off by a factor) shows as a
difference between the fast path and the reference.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scenarios import ScenarioSet


class ScenarioColumns:
    """The columns of a scenario table as plain numpy arrays, read once.

    Parameters
    ----------
    scenarios : ScenarioSet
    """

    def __init__(self, scenarios: ScenarioSet) -> None:
        table = scenarios.table
        self.n = len(table)
        self.horizon = table["horizon_days"].to_numpy()
        self.labels = table["label"].to_numpy(dtype=object)
        self.factors = {c: table[c].to_numpy(dtype=float) for c in table.columns
                        if c.startswith(("equity.", "fx.", "vol.", "rate.", "rate_avg."))}
        self.paths = {c[len("path."):]: table[c].to_numpy(dtype=object) for c in table.columns
                      if c.startswith("path.")}

    def row(self, i: int, valuation_date: dt.date) -> Moves:
        """What scenario ``i`` says, as scalars."""
        return Moves(self, int(i), int(self.horizon[i]), valuation_date + dt.timedelta(days=int(self.horizon[i])))


@dataclass(frozen=True)
class Moves:
    """One scenario's factor moves and its date.

    Attributes
    ----------
    columns : ScenarioColumns
    i : int
        Row of the scenario in its set.
    horizon : int
        Calendar days from the valuation date to the scenario's date.
    date : date
        The scenario's date (valuation date + ``horizon``).
    """

    columns: ScenarioColumns
    i: int
    horizon: int
    date: dt.date

    def _factor(self, name: str) -> float:
        column = self.columns.factors.get(name)
        return 0.0 if column is None else float(column[self.i])

    @property
    def years(self) -> float:
        """The window in years, Act/365."""
        return self.horizon / 365.0

    def equity(self, index: str) -> float:
        """Simple return of ``index`` over the window, decimal."""
        return self._factor(f"equity.{index}")

    def fx(self, currency: str, base: str) -> float:
        """Return of one unit of ``currency`` in ``base`` over the window, decimal (0 for the base itself)."""
        return 0.0 if currency == base else self._factor(f"fx.{currency}")

    def vol(self, name: str) -> float:
        """Additive change of the implied vols of an index or pair, decimal."""
        return self._factor(f"vol.{name}")

    def rate(self, currency: str) -> float:
        """Parallel change of ``currency``'s zero curve at the window's end, decimal."""
        return self._factor(f"rate.{currency}")

    def rate_average(self, currency: str) -> float:
        """Average change of ``currency``'s short rate over the window: the column, else half the end change."""
        name = f"rate_avg.{currency}"
        return self._factor(name) if name in self.columns.factors else 0.5 * self.rate(currency)

    def level(self, index: str, day: int) -> float | None:
        """``index``'s recorded level on ``day`` of the window, relative to the start; None where no path."""
        column = self.columns.paths.get(index)
        if column is None:
            return None
        path = column[self.i]
        if path is None or (np.isscalar(path) and pd.isna(path)):
            return None
        return float(path[day])

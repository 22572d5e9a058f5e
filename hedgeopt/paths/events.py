"""What can happen on a path on a day (:class:`EventKind`) and the event table: every trigger as data.

An event carries no sentence: its kind and its figures (``observed``, ``threshold``, ``cut``) let the face say why
it happened in the user's language, and ``exposure_before``, ``exposure_after`` and ``traded`` say how much it
traded.
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum

import numpy as np
import pandas as pd

from pricing._typing import FloatArray

Event = tuple[int, np.ndarray, int, FloatArray, float | tuple[float, ...], FloatArray, FloatArray]
"""One logged trigger: kind, path indices, day, triggering value, the rule's figures, exposure before, after."""


class EventKind(IntEnum):
    """What happened on a path on a day, and what its ``observed`` and ``threshold`` figures are.

    ========================  ==========================================  =========================================
    kind                      observed                                    threshold (``cut``: derisk only)
    ========================  ==========================================  =========================================
    ``DERISK``                drawdown from the NAV peak (decimal, < 0)   the step's level; ``cut`` the share sold
    ``REENTRY``               the index's realised vol (decimal / year)   ``realised_vol_below``
    ``LEVERAGE_CAP``          leverage before the trim (× NAV)            ``leverage_cap``
    ``MARGIN_LIQUIDATION``    the loan's margin ratio (decimal)           its maintenance ratio
    ``FUTURES_LIQUIDATION``   cash, base currency                         ``margin_call_days``
    ``ROLL``                  the new strike (index points)               its moneyness (0.90 = 90% of the index)
    ``FX_LIQUIDATION``        cash, base currency                         ``margin_call_days``
    ========================  ==========================================  =========================================

    An ``FX_LIQUIDATION`` row's exposures are the FX hedge's notional (dollars sold × USDJPY) before and after (0).
    """

    DERISK = 1
    REENTRY = 2
    LEVERAGE_CAP = 3
    MARGIN_LIQUIDATION = 4
    FUTURES_LIQUIDATION = 5
    ROLL = 6
    FX_LIQUIDATION = 7

    @property
    def label(self) -> str:
        """Short name used in tables and JSON (``derisk``, ``reentry``, ...)."""
        return self.name.lower()


COLUMNS = ["path", "date", "day", "event", "observed", "threshold", "cut", "exposure_before", "exposure_after",
           "traded"]
"""Columns of :func:`event_table`."""


def event_table(events: list[Event], labels: np.ndarray, dates: list) -> pd.DataFrame:
    """One row per path and trigger, sorted by path then day.

    Parameters
    ----------
    events : list of Event
        As logged by the engine, in order.
    labels : ndarray of object, shape (n_paths,)
        Path labels.
    dates : sequence of datetime.date, length n_days + 1
        The paths' dates.

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`: path, date, day, event (:attr:`EventKind.label`), observed, threshold and cut
        (the figures of :class:`EventKind`; ``cut`` NaN but for ``derisk``), exposure_before, exposure_after and
        traded (= after − before: negative sold, positive bought), base currency.
    """
    if not events:
        return pd.DataFrame(columns=COLUMNS)
    sizes = [len(e[1]) for e in events]

    def each(k: int) -> np.ndarray:
        return np.concatenate([e[k] for e in events])

    def per_event(values: list) -> np.ndarray:
        return np.repeat(np.asarray(values, dtype=object if isinstance(values[0], (str, dt.date)) else None), sizes)

    details = [e[4] if isinstance(e[4], tuple) else (e[4], np.nan) for e in events]
    before, after = each(5), each(6)
    table = pd.DataFrame({
        "path": labels[each(1)], "date": per_event([dates[e[2]] for e in events]),
        "day": per_event([e[2] for e in events]), "event": per_event([EventKind(e[0]).label for e in events]),
        "observed": each(3), "threshold": per_event([float(d[0]) for d in details]),
        "cut": per_event([float(d[1]) for d in details]), "exposure_before": before, "exposure_after": after,
        "traded": after - before})
    return table.sort_values(["path", "day"], kind="stable").reset_index(drop=True)

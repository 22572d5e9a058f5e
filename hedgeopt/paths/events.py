"""What can happen on a path on a day (:class:`EventKind`), its reason in words, and the event table."""

from __future__ import annotations

from enum import IntEnum

import numpy as np
import pandas as pd

from pricing._typing import FloatArray

Event = tuple[int, np.ndarray, int, FloatArray, float | tuple[float, ...], FloatArray, FloatArray]
"""One logged trigger: kind, path indices, day, triggering value, the rule's figures, exposure before, after."""


class EventKind(IntEnum):
    """What happened on a path on a day."""

    DERISK = 1
    REENTRY = 2
    LEVERAGE_CAP = 3
    MARGIN_LIQUIDATION = 4
    FUTURES_LIQUIDATION = 5
    ROLL = 6

    @property
    def label(self) -> str:
        """Short name used in tables and JSON (``derisk``, ``reentry``, ...)."""
        return self.name.lower()


_REASON = {
    EventKind.DERISK: "drawdown {value:+.1%} crossed the {detail[0]:+.0%} step: exposure at most {detail[1]:.0%} "
                      "of plan",
    EventKind.REENTRY: "realised vol {value:.1%} below {detail:.0%} long enough: one step back up",
    EventKind.LEVERAGE_CAP: "leverage {value:.2f}x above the {detail:g}x cap: trimmed",
    EventKind.MARGIN_LIQUIDATION: "margin ratio {value:.1%} below maintenance {detail:.0%}: position sold",
    EventKind.FUTURES_LIQUIDATION: "margin call unmet for {detail:.0f}+ days (cash {value:,.0f}): contracts closed",
    EventKind.ROLL: "standing hedge rolled: new strike {value:,.2f} ({detail:.0%} of the index)",
}


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
        Columns path, date, day, event, reason, exposure_before, exposure_after (base currency).
    """
    columns = ["path", "date", "day", "event", "reason", "exposure_before", "exposure_after"]
    if not events:
        return pd.DataFrame(columns=columns)
    frames = []
    for kind, idx, t, value, detail, before, after in events:
        k = EventKind(kind)
        frames.append(pd.DataFrame({
            "path": labels[idx], "date": dates[t], "day": t, "event": k.label,
            "reason": [_REASON[k].format(value=v, detail=detail) for v in value.tolist()],
            "exposure_before": before, "exposure_after": after}))
    table = pd.concat(frames, ignore_index=True)
    return table.sort_values(["path", "day"], kind="stable").reset_index(drop=True)

"""Scenario rows that say the same thing, shown once: the terminal's stress table merges them, the JSON keeps all.

An account without options gets the same P&L from the strong and the weak vol response (``resp 0.8`` and
``resp 0.2``): two rows of identical numbers under two names. :func:`collapse_identical` keeps the first of each
such group, named by the label parts the group shares, and says what it merged. Pandas only, no rendering.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

LABEL_SEP = " / "
"""How scenario labels join their parts (``SPX -40% / USD -10% / vol +0 / 30d / resp 0.8``)."""


@dataclass(frozen=True)
class Merged:
    """One group of identical rows shown as one.

    Attributes
    ----------
    label : str
        The parts every label in the group shares (``SPX -40% / USD -10% / vol +0 / 30d``).
    variants : tuple of str
        What told the rows apart, one per row in table order (``("resp 0.8", "resp 0.2")``).
    """

    label: str
    variants: tuple[str, ...]


def _shared(labels: Sequence[str]) -> Merged | None:
    parts = [label.split(LABEL_SEP) for label in labels]
    if len({len(p) for p in parts}) != 1:
        return None
    same = [len({p[k] for p in parts}) == 1 for k in range(len(parts[0]))]
    if all(same) or not any(same):
        return None
    variants = tuple(LABEL_SEP.join(x for x, s in zip(p, same, strict=True) if not s) for p in parts)
    return Merged(LABEL_SEP.join(x for x, s in zip(parts[0], same, strict=True) if s), variants)


def collapse_identical(table: pd.DataFrame, columns: Sequence[str], label: str = "label",
                       decimals: int = 6) -> tuple[pd.DataFrame, list[Merged]]:
    """Rows equal in every one of ``columns`` become one row, named by the label parts they share.

    Parameters
    ----------
    table : pandas.DataFrame
        One row a scenario, with a ``label`` column of parts joined by :data:`LABEL_SEP`.
    columns : sequence of str
        The columns that must all be equal (amounts compared after rounding to ``decimals`` places, so that
        ``1e-9`` of a yen of floating-point noise does not keep two rows apart).
    label : str, default "label"
    decimals : int, default 6

    Returns
    -------
    (pandas.DataFrame, list of Merged)
        The table with the first row of each group kept, in the original order and index, its label replaced
        by the shared parts; and one :class:`Merged` per group of two or more rows. Rows whose labels do not
        split into the same parts (or differ in every part) are kept apart.

    Examples
    --------
    >>> t = pd.DataFrame({"label": ["SPX -40% / resp 0.8", "SPX -40% / resp 0.2", "SPX -30% / resp 0.8"],
    ...                   "pnl": [-1_769_718.0, -1_769_718.0, -1_499_718.0]})
    >>> shown, merged = collapse_identical(t, ["pnl"])
    >>> shown["label"].tolist(), merged
    (['SPX -40%', 'SPX -30% / resp 0.8'], [Merged(label='SPX -40%', variants=('resp 0.8', 'resp 0.2'))])
    """
    keys = [tuple(round(v, decimals) if isinstance(v, float) else v for v in row)
            for row in table[list(columns)].itertuples(index=False, name=None)]
    groups: dict[tuple, list[int]] = {}
    for position, key in enumerate(keys):
        groups.setdefault(key, []).append(position)
    keep, labels, merged = [], table[label].tolist(), []
    for positions in groups.values():
        shared = _shared([labels[p] for p in positions]) if len(positions) > 1 else None
        if shared is None:
            keep.extend(positions)
            continue
        keep.append(positions[0])
        labels[positions[0]] = shared.label
        merged.append(shared)
    out = table.assign(**{label: labels}).iloc[sorted(keep)]
    return out, merged

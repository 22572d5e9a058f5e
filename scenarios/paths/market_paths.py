"""Market paths: daily series of index levels, FX rates, implied vol and short rates, many paths at once.

A :class:`MarketPaths` is what the path engine (:mod:`hedgeopt.paths.engine`) lives through. Every series is a
2-D array of shape ``(n_paths, n_days + 1)``: row ``i`` is path ``i``, column 0 is the start (day 0) and
column ``t`` the close of trading day ``t``. A series that is the same on every path (the historical short
rate) may have one row; it broadcasts.

====================  ====================================================================================
``equity[INDEX]``     index level, index points (> 0)
``fx[CCY]``           value of one unit of ``CCY`` in the base currency (USDJPY 150.0 with a JPY base), > 0
``vol[INDEX]``        the index's at-the-money implied vol, decimal (0.20 = 20%); the surface's skew is kept
                      around it when options are priced
``rates[CCY]``        the currency's short rate, decimal per year (0.04 = 4%); the MMF yield and loan rates
                      float with it at their configured spreads
``opens[INDEX]``      optional: the index's opening level of each date, index points (> 0); options settled
                      on the morning's opening quotation (SPX, XSP monthlies) settle on it
``dividends[INDEX]``  optional: the index's dividend yield of each date, decimal per year (0.02 = 2%),
                      continuous; without it the market's constant dividend yield applies
====================  ====================================================================================

Where a series is a proxy (USDJPY drawn from a model, implied vol scaled from realised), :attr:`notes` says
so; every output that uses the paths prints the notes. A note (and a name) may be a :class:`Note`: the English
sentence that also carries a ``key`` and its figures, so that an interface can say it in another language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from pricing._typing import FloatArray
from pricing.errors import InputError
from pricing.validation import MAX_RATE, MAX_VOL


def _series(field_name: str, values: object, n_paths: int | None, n_cols: int) -> FloatArray:
    """A read-only float array of shape (rows, n_cols) with rows 1 or ``n_paths``; errors name the field."""
    try:
        arr = np.array(values, dtype=float)
    except (TypeError, ValueError):
        raise InputError(field_name, values, "numbers, shape (n_paths, n_days + 1)") from None
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] != n_cols or (n_paths is not None and arr.shape[0] not in (1, n_paths)):
        raise InputError(field_name, f"shape {arr.shape}", f"shape ({n_paths or 'n_paths'}, {n_cols}) or "
                         f"(1, {n_cols}): one value per date")
    if not np.all(np.isfinite(arr)):
        raise InputError(field_name, "NaN or inf", "finite numbers on every date")
    arr.flags.writeable = False
    return arr


def _frozen(field_name: str, mapping: Mapping[str, object], n_paths: int | None, n_cols: int
            ) -> Mapping[str, FloatArray]:
    return MappingProxyType({str(k): _series(f"{field_name}.{k}", v, n_paths, n_cols) for k, v in mapping.items()})


class Note(str):
    """An English sentence (it is a ``str``) that also carries what it says as data: a ``key`` and its ``fields``.

    Interfaces that speak another language look the key up in their own catalogue and format the fields in; the
    sentence itself is the English text.

    Examples
    --------
    >>> n = Note("history_rate", "JPY rate: constant 0.50%.", currency="JPY", rate=0.005)
    >>> n, n.key, n.fields["rate"]
    ('JPY rate: constant 0.50%.', 'history_rate', 0.005)
    """

    key: str
    fields: Mapping[str, object]

    def __new__(cls, key: str, text: str, **fields: object) -> Note:
        """The sentence ``text``, said by ``key`` with ``fields``."""
        note = super().__new__(cls, text)
        note.key, note.fields = key, MappingProxyType(dict(fields))
        return note

    def __reduce__(self) -> tuple:
        """Pickle as ``Note(key, text, **fields)`` (a process pool or Dask worker receives the same note)."""
        return _note, (self.key, str(self), dict(self.fields))


def _note(key: str, text: str, fields: dict[str, object]) -> Note:
    return Note(key, text, **fields)


@dataclass(frozen=True)
class MarketPaths:
    """Daily market paths in one object; arrays have shape ``(n_paths, n_days + 1)`` (or one row, broadcast).

    Parameters
    ----------
    dates : sequence of dates
        Trading dates, strictly increasing; ``dates[0]`` is the start. Accruals use Act/365 between dates;
        the MMF redemption lag counts entries of ``dates`` (business days on the path).
    equity : mapping of str to array
        Index levels by index name (``"SPX"``), index points, > 0.
    fx : mapping of str to array
        Base-currency value of one unit of each foreign currency, > 0. The base currency itself is absent.
    vol : mapping of str to array
        At-the-money implied vol by index, decimal in (0, 2].
    rates : mapping of str to array
        Short rate by currency, decimal per year, |rate| <= 0.5.
    base_currency : str, default "JPY"
    labels : sequence of str, optional
        One name per path; default ``path 1``, ``path 2``, ...
    name : str, default "paths"
        What the paths are ("S&P 500 history 2007-01-03 to 2009-12-31", "monte carlo ...").
    notes : sequence of str
        Provenance and every proxy used, one sentence each; printed with every result.
    opens : mapping of str to array, optional
        Opening level of each date by index, index points, > 0 (column 0 is the start's open). Absent: an
        option settled on the opening quotation settles on the previous close (a daily path has no overnight
        gap of its own).
    dividends : mapping of str to array, optional
        Dividend yield by index, decimal per year in [0, 0.5], continuous. Absent: the market's.
    """

    dates: pd.DatetimeIndex
    equity: Mapping[str, FloatArray]
    fx: Mapping[str, FloatArray] = field(default_factory=dict)
    vol: Mapping[str, FloatArray] = field(default_factory=dict)
    rates: Mapping[str, FloatArray] = field(default_factory=dict)
    base_currency: str = "JPY"
    labels: tuple[str, ...] = ()
    name: str = "paths"
    notes: tuple[str, ...] = ()
    opens: Mapping[str, FloatArray] = field(default_factory=dict)
    dividends: Mapping[str, FloatArray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        dates = pd.DatetimeIndex(pd.to_datetime(list(self.dates))).normalize()
        if len(dates) < 2:
            raise InputError("paths.dates", len(dates), "at least two dates (a start and one day)")
        if not dates.is_monotonic_increasing or dates.has_duplicates:
            bad = np.flatnonzero(np.asarray((dates[1:] - dates[:-1]).days) <= 0)[0] + 1
            raise InputError("paths.dates", str(dates[bad].date()),
                             "strictly increasing dates")
        object.__setattr__(self, "dates", dates)
        if not self.equity:
            raise InputError("paths.equity", "{}", "at least one index level series")
        equity = _frozen("paths.equity", self.equity, None, len(dates))
        n = max(a.shape[0] for a in equity.values())
        object.__setattr__(self, "equity", _frozen("paths.equity", equity, n, len(dates)))
        for name in ("fx", "vol", "rates", "opens", "dividends"):
            object.__setattr__(self, name, _frozen(f"paths.{name}", getattr(self, name), n, len(dates)))
        for label, series, bad, expected in (
            ("equity", self.equity, lambda a: a <= 0, "levels > 0"),
            ("fx", self.fx, lambda a: a <= 0, "FX rates > 0"),
            ("vol", self.vol, lambda a: (a <= 0) | (a > MAX_VOL), f"decimal vols in (0, {MAX_VOL:g}] (0.20 = 20%)"),
            ("rates", self.rates, lambda a: np.abs(a) > MAX_RATE, f"decimal rates, |rate| <= {MAX_RATE:g}"),
            ("opens", self.opens, lambda a: a <= 0, "levels > 0"),
            ("dividends", self.dividends, lambda a: (a < 0) | (a > MAX_RATE),
             f"decimal dividend yields in [0, {MAX_RATE:g}] (0.02 = 2%)"),
        ):
            for key, arr in series.items():
                if np.any(bad(arr)):
                    raise InputError(f"paths.{label}.{key}", float(arr[bad(arr)][0]), expected)
        labels = tuple(self.labels) or tuple(f"path {i + 1}" for i in range(n))
        if len(labels) != n:
            raise InputError("paths.labels", len(labels), f"one label per path ({n})")
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "notes", tuple(self.notes))

    @property
    def n_paths(self) -> int:
        """Number of paths."""
        return len(self.labels)

    @property
    def n_days(self) -> int:
        """Number of trading days after the start."""
        return len(self.dates) - 1

    @property
    def year_fractions(self) -> FloatArray:
        """Act/365 year fraction of each day, shape ``(n_days,)``: day ``t`` runs from date ``t-1`` to ``t``."""
        return np.asarray((self.dates[1:] - self.dates[:-1]).days, dtype=float) / 365.0

    def series(self, kind: str, key: str) -> FloatArray:
        """The full ``(n_paths, n_days + 1)`` array of one series (broadcast if stored with one row)."""
        table = getattr(self, kind)
        if key not in table:
            raise InputError(f"paths.{kind}", key, "one of " + (", ".join(table) or "(none)"))
        return np.broadcast_to(table[key], (self.n_paths, len(self.dates)))

    def select(self, paths: slice | list[int] | np.ndarray) -> MarketPaths:
        """The paths at ``paths`` (positions), everything else kept."""
        idx = np.arange(self.n_paths)[paths]
        idx = np.atleast_1d(idx)

        def pick(table: Mapping[str, FloatArray]) -> dict[str, FloatArray]:
            return {k: (a if a.shape[0] == 1 else a[idx]) for k, a in table.items()}

        return MarketPaths(self.dates, pick(self.equity), pick(self.fx), pick(self.vol), pick(self.rates),
                           self.base_currency, tuple(self.labels[i] for i in idx), self.name, self.notes,
                           pick(self.opens), pick(self.dividends))

    def window(self, start: str | None = None, end: str | None = None) -> MarketPaths:
        """The dates from ``start`` to ``end`` inclusive (ISO dates; None: open); the first kept date is day 0."""
        keep = np.ones(len(self.dates), dtype=bool)
        if start is not None:
            keep &= self.dates >= pd.Timestamp(start)
        if end is not None:
            keep &= self.dates <= pd.Timestamp(end)
        if keep.sum() < 2:
            raise InputError("paths.window", f"{start} to {end}", f"at least two trading dates between "
                             f"{self.dates[0].date()} and {self.dates[-1].date()}")

        def cut(table: Mapping[str, FloatArray]) -> dict[str, FloatArray]:
            return {k: a[:, keep] for k, a in table.items()}

        first, last = self.dates[keep][0].date(), self.dates[keep][-1].date()
        name = Note("window", f"{self.name} ({first} to {last})", name=self.name, first=str(first), last=str(last))
        return MarketPaths(self.dates[keep], cut(self.equity), cut(self.fx), cut(self.vol), cut(self.rates),
                           self.base_currency, self.labels, name, self.notes, cut(self.opens),
                           cut(self.dividends))

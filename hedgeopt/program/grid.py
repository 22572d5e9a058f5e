"""The programs a search tries: kind, moneyness, spread width, tenor, roll timing and coverage.

A program is a :class:`~hedgeopt.config.path_settings.StandingHedge`: the same object the path engine rolls for
``[paths.hedge]``. :func:`program_grid` spans the default search; :func:`program_label` names one in a few
characters for tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hedgeopt.config.path_settings import HedgeKind, StandingHedge
from pricing import InputError

MONEYNESS = (0.80, 0.85, 0.90, 0.95)
"""Long strikes searched, strike / index level at each roll."""

WIDTHS = (0.10, 0.20)
"""Spread widths searched, fractions of the index level (a 90/80 spread has width 0.10)."""

SCHEDULES = ((35, 0), (91, 0), (91, 21), (182, 21), (365, 91))
"""(tenor_days, roll_days) searched: a monthly held to expiry (the PPUT's schedule), a quarterly held to expiry or
sold with 21 days left (the project's default), a half-year sold with 21 days left, a year sold with a quarter
left."""

COVERAGES = (0.5, 1.0)
"""Notional asked / the index exposure hedged at each roll; whole contracts round it (at least one)."""


@dataclass(frozen=True)
class ProgramGrid:
    """The axes of a program search (each a tuple of choices); :meth:`programs` spans them.

    Parameters
    ----------
    symbol : str
        The option contract (``"XSP"`` for an S&P 500 account, ``"NK225M_OPT"`` for a Nikkei one).
    kinds : tuple of {"put", "spread"}
    moneyness, widths, coverages : tuple of float
    schedules : tuple of (int, int)
        (tenor_days, roll_days) pairs.
    commission, half_spread : float or None
        As :class:`StandingHedge` (None: the published schedule and the quote model).
    """

    symbol: str = "XSP"
    kinds: tuple[str, ...] = ("put", "spread")
    moneyness: tuple[float, ...] = MONEYNESS
    widths: tuple[float, ...] = WIDTHS
    schedules: tuple[tuple[int, int], ...] = SCHEDULES
    coverages: tuple[float, ...] = COVERAGES
    commission: float | None = None
    half_spread: float | None = None

    def programs(self) -> tuple[StandingHedge | None, ...]:
        """No hedge first, then every put and every spread of the grid (each validated as a StandingHedge)."""
        out: list[StandingHedge | None] = [None]
        for kind in self.kinds:
            if str(kind).lower() not in ("put", "spread"):
                raise InputError("program.kinds", kind, "put or spread")
            k = HedgeKind(str(kind).lower())
            widths = self.widths if k is HedgeKind.SPREAD else (0.10,)
            for m in self.moneyness:
                for w in widths:
                    if k is HedgeKind.SPREAD and w >= m:
                        continue
                    for tenor, roll in self.schedules:
                        for cover in self.coverages:
                            out.append(StandingHedge(kind=k, symbol=self.symbol, moneyness=m, width=w,
                                                     tenor_days=tenor, roll_days=roll, coverage=cover,
                                                     half_spread=self.half_spread, commission=self.commission))
        return tuple(out)


def program_grid(symbol: str = "XSP", **axes: Iterable) -> tuple[StandingHedge | None, ...]:
    """The programs of a :class:`ProgramGrid` on ``symbol`` (axes given override the defaults).

    Examples
    --------
    >>> progs = program_grid()
    >>> len(progs), progs[0], program_label(progs[1])
    (121, None, 'put 80% 35d/0 x0.5')
    """
    grid = ProgramGrid(symbol, **{k: tuple(v) for k, v in axes.items()})
    return grid.programs()


def program_label(program: StandingHedge | None) -> str:
    """A short name: ``"put 90% 91d/21 x1"``, ``"spread 90/80% 91d/21 x1"``, ``"none"``.

    Tenor and roll in calendar days (sold with ``roll`` days left; 0: held to expiry); ``x`` the coverage asked.
    """
    if program is None or program.kind is HedgeKind.NONE:
        return "none"
    m = round(program.moneyness * 100)
    strikes = f"{m}%" if program.kind is HedgeKind.PUT else f"{m}/{round((program.moneyness - program.width) * 100)}%"
    return f"{program.kind.value} {strikes} {program.tenor_days}d/{program.roll_days} x{program.coverage:g}"


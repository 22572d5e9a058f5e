"""Choosing a program off its figures: the cheapest under a target, the safest within a budget, the frontier.

The figures are :meth:`ProgramRuns.table <hedgeopt.program.runs.ProgramRuns.table>`'s, one row per program, with
the history replay's columns when there is one (``history_worst``: the deepest drawdown over the shipped crisis
windows; ``history_holds``: it stayed within the cap). Choosing is exhaustive over the rows: every program was run
on the same paths, so the search is a filter and a sort, checked against brute force (one run per program) in the
tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pricing import InputError
from pricing.validation import check_non_negative, check_share

FAMILIES = ("put", "spread", "best")
"""Frontier families: puts only, spreads only, and the best of both at each cost."""


@dataclass(frozen=True)
class ProgramChoice:
    """What a search chose, and from what.

    Attributes
    ----------
    goal : {"target", "budget"}
        ``target``: the cheapest program whose share of paths beyond the cap is at most ``level`` (and that holds
        the cap through the history windows when they were replayed); ``budget``: the program with the smallest
        share of paths beyond the cap among those costing at most ``budget`` a year.
    cap : float
        The loss cap, a positive fraction of NAV.
    level : float or None
        The target share of paths beyond the cap (``goal="target"``).
    budget : float or None
        The yearly budget, base currency (``goal="budget"``).
    index : int or None
        Row of ``table`` chosen; None when nothing meets the goal (``table`` still holds every program).
    table : DataFrame
        Every program's figures.
    verdict : str
        ``"chosen"``, ``"none_needed"`` (no hedge already meets the target), ``"unreachable"`` (no program
        meets the target), or ``"budget_buys_nothing"`` (no program costs that little).
    """

    goal: str
    cap: float
    level: float | None
    budget: float | None
    index: int | None
    table: pd.DataFrame
    verdict: str

    @property
    def chosen(self) -> pd.Series | None:
        """The chosen row, None when nothing met the goal."""
        return None if self.index is None else self.table.loc[self.index]

    @property
    def closest(self) -> pd.Series:
        """The row nearest the goal.

        The chosen one, else the lowest share beyond the cap (target) or the cheapest program (budget).
        """
        if self.index is not None:
            return self.table.loc[self.index]
        hedged = self.table[self.table["kind"] != "none"]
        key = ["p_beyond", "cost_per_year"] if self.goal == "target" else ["cost_per_year", "p_beyond"]
        return hedged.sort_values(key, kind="stable").iloc[0]


def _meets_history(table: pd.DataFrame) -> pd.Series:
    return table["history_holds"] if "history_holds" in table else pd.Series(True, index=table.index)


def cheapest_under(table: pd.DataFrame, cap: float, level: float) -> ProgramChoice:
    """The cheapest program (``cost_per_year``) with ``p_beyond`` at most ``level`` that holds the history windows.

    Ties go to the lower ``p_beyond``, then to the earlier row. No hedge (the "none" row, costing nothing) is
    eligible: when it already meets the target the verdict is ``"none_needed"``.
    """
    level = check_share("target_probability", level, 1.0)
    ok = (table["p_beyond"] <= level + 1e-12) & _meets_history(table)
    if not ok.any():
        return ProgramChoice("target", cap, level, None, None, table, "unreachable")
    best = table[ok].sort_values(["cost_per_year", "p_beyond"], kind="stable").index[0]
    verdict = "none_needed" if table.loc[best, "kind"] == "none" else "chosen"
    return ProgramChoice("target", cap, level, None, int(best), table, verdict)


def safest_within(table: pd.DataFrame, cap: float, budget: float) -> ProgramChoice:
    """The program with the lowest ``p_beyond`` among those costing at most ``budget`` a year (base currency).

    Ties go to the cheaper, then to the earlier row. When no hedged program fits the budget the verdict is
    ``"budget_buys_nothing"`` (:attr:`ProgramChoice.closest` is then the cheapest program).
    """
    budget = float(check_non_negative("budget_per_year", budget))
    hedged = table["kind"] != "none"
    fits = table["cost_per_year"] <= budget * (1 + 1e-12)
    if not (fits & hedged).any():
        return ProgramChoice("budget", cap, None, budget, None, table, "budget_buys_nothing")
    best = table[fits].sort_values(["p_beyond", "cost_per_year"], kind="stable").index[0]
    return ProgramChoice("budget", cap, None, budget, int(best), table, "chosen")


def frontier(table: pd.DataFrame) -> pd.DataFrame:
    """Yearly cost against the share of paths beyond the cap: the programs no cheaper one beats, per family.

    Families: ``put``, ``spread`` and ``best`` (the lower envelope of both: at each cost, the better of a put and
    a spread). Each family starts from no hedge. Rows: ``family``, ``program``, ``cost_per_year``,
    ``p_beyond``, ``history_worst`` (when replayed), sorted by cost within a family.
    """
    if "kind" not in table:
        raise InputError("table", list(table.columns), "a ProgramRuns.table with a kind column")
    rows = []
    for family in FAMILIES:
        keep = table["kind"].isin(["none", family] if family != "best" else ["none", "put", "spread"])
        best_p = np.inf
        for _, row in table[keep].sort_values(["cost_per_year", "p_beyond"], kind="stable").iterrows():
            if row["p_beyond"] < best_p - 1e-12:
                best_p = row["p_beyond"]
                rows.append({"family": family, **row[[c for c in ("program", "cost_per_year", "p_beyond",
                                                                   "history_worst") if c in row]].to_dict()})
    return pd.DataFrame(rows)

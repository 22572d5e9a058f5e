"""The book at a glance: how many accounts break their cap, what their hedges cost in all, which scenario binds."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

TOP = 5
"""Scenarios listed in each ranking."""


@dataclass(frozen=True)
class BatchSummary:
    """Totals over a batch's rows (:data:`~hedgeopt.batch.evaluate.SCHEMA`).

    Attributes
    ----------
    accounts : int
        Accounts in the input.
    answered : int
        Accounts answered (``status == "ok"``).
    errors : int
        Accounts that could not be answered; ``errors_by_kind`` splits them into ``input`` and ``internal``.
    breaking_cap : int
        Accounts whose unhedged worst case exceeds their cap.
    hedged : int
        Accounts breaking their cap for which a whole-contract hedge restores it.
    out_of_reach : int
        Accounts breaking their cap for which no hedge of the candidates does (``hedge_status == "infeasible"``).
    checks_failing : int
        Accounts with at least one of the five checks failing.
    named_stress_breaking : int
        Accounts that lose more than their cap in the named stress (index −30%, currency −10%).
    hedge_cost : dict of str to float
        What the hedges cost in all, per base currency.
    nav : dict of str to float
        NAV of the answered accounts, per base currency.
    worst_scenarios : list of (str, int)
        The scenarios that set the unhedged worst case of accounts breaking their cap, most common first.
    binding_scenarios : list of (str, int)
        The scenarios that bind the hedges of those accounts, most common first.
    """

    accounts: int
    answered: int
    errors: int
    breaking_cap: int
    hedged: int
    out_of_reach: int
    checks_failing: int
    named_stress_breaking: int
    hedge_cost: dict[str, float] = field(default_factory=dict)
    nav: dict[str, float] = field(default_factory=dict)
    worst_scenarios: list[tuple[str, int]] = field(default_factory=list)
    binding_scenarios: list[tuple[str, int]] = field(default_factory=list)
    errors_by_kind: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Every figure under stable keys (for JSON)."""
        out = dict(self.__dict__)
        out["worst_scenarios"] = [{"label": s, "accounts": n} for s, n in self.worst_scenarios]
        out["binding_scenarios"] = [{"label": s, "accounts": n} for s, n in self.binding_scenarios]
        return out


def _ranking(values: pd.Series) -> list[tuple[str, int]]:
    counts = Counter(v for v in values if isinstance(v, str) and v)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]


def _by_currency(frame: pd.DataFrame, column: str) -> dict[str, float]:
    return {str(k): float(v) for k, v in frame.groupby("base_currency")[column].sum().items()}


def summarise(table: pd.DataFrame) -> BatchSummary:
    """The :class:`BatchSummary` of a batch's rows."""
    ok = table[table["status"] == "ok"]
    breaking = ok[ok["breaks_cap"].astype(bool)]
    hedged = breaking[breaking["hedge_status"] == "optimal"]
    return BatchSummary(
        accounts=len(table), answered=len(ok), errors=int((table["status"] == "error").sum()),
        breaking_cap=len(breaking), hedged=len(hedged),
        out_of_reach=int((breaking["hedge_status"] == "infeasible").sum()),
        checks_failing=int((~ok["checks_passed"].astype(bool)).sum()),
        named_stress_breaking=int((-ok["named_stress"] > ok["cap"]).sum()),
        hedge_cost=_by_currency(hedged.fillna({"hedge_cost": 0.0}), "hedge_cost"), nav=_by_currency(ok, "nav"),
        worst_scenarios=_ranking(breaking["worst_scenario"]),
        binding_scenarios=_ranking(hedged["hedge_binding_scenario"]),
        errors_by_kind={str(k): int(v) for k, v in table["error_kind"].value_counts().items()},
    )

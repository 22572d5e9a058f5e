"""The ``[hedge]`` section: the candidate options and how to buy them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hedgeopt.config.keys import at_path, boolean, build, check_keys, fractions, number
from hedgeopt.optimizer.candidates import CandidateSpec
from hedgeopt.optimizer.comparison import DEFAULT_CAPS
from pricing import InputError
from pricing.validation import check_non_negative, check_positive

_HEDGE_KEYS = {"symbol", "months", "put_moneyness", "spread_widths", "puts", "spreads", "commission", "budget",
               "max_contracts", "integer", "yearly_budget", "frontier_caps"}


@dataclass(frozen=True)
class HedgeSpec:
    """The ``[hedge]`` section: candidates and how to buy them.

    Parameters
    ----------
    candidates : CandidateSpec
        Symbol, expiries (months), put strikes (moneyness), spread widths, families, commission.
    budget : float or None
        Most premium for one hedge, base currency.
    max_contracts : float, default 1000
        Most contracts of one candidate.
    integer : bool, default True
        Whole contracts.
    yearly_budget : float or None
        The standing put's premium per year, base currency.
    frontier_caps : tuple of float
        Caps of the cost-versus-cap frontier.
    """

    candidates: CandidateSpec = field(default_factory=lambda: CandidateSpec(months=(2, 3, 6)))
    budget: float | None = None
    max_contracts: float = 1000.0
    integer: bool = True
    yearly_budget: float | None = None
    frontier_caps: tuple[float, ...] = DEFAULT_CAPS


def _months(value: Any) -> tuple[int, ...]:
    months = value if isinstance(value, list | tuple) else [value]
    if not months or any(isinstance(m, bool) or not isinstance(m, int) or m < 1 for m in months):
        raise InputError("hedge.months", value, "whole numbers of months >= 1, such as [2, 3, 6]")
    return tuple(months)


def hedge_from_table(table: Mapping) -> HedgeSpec:
    """Validate a ``[hedge]`` table into :class:`HedgeSpec`; errors name the key path (``hedge.months``)."""
    t = check_keys("hedge", table, _HEDGE_KEYS)
    defaults = HedgeSpec()
    c = defaults.candidates
    symbol = t.get("symbol", c.symbol)
    if not isinstance(symbol, str):
        raise InputError("hedge.symbol", symbol, "an option contract such as XSP, SPX or NK225M_OPT")
    widths = fractions("hedge.spread_widths", t["spread_widths"]) if "spread_widths" in t else c.spread_widths
    if max(widths) >= 1.0:
        raise InputError("hedge.spread_widths", max(widths), "widths as fractions of spot below 1, such as 0.10")
    fields_ = {
        "symbol": symbol,
        "months": _months(t["months"]) if "months" in t else c.months,
        "put_moneyness": fractions("hedge.put_moneyness", t["put_moneyness"]) if "put_moneyness" in t
        else c.put_moneyness,
        "spread_widths": widths,
        "puts": boolean("hedge.puts", t.get("puts", True)),
        "spreads": boolean("hedge.spreads", t.get("spreads", True)),
        "commission": number("hedge.commission", t.get("commission", 0.0)),
    }
    candidates = build("hedge", CandidateSpec, fields_)
    n = {k: None if t.get(k) is None else number(f"hedge.{k}", t[k])
         for k in ("budget", "yearly_budget", "max_contracts")}
    with at_path("hedge"):
        budget = None if n["budget"] is None else float(check_non_negative("budget", n["budget"]))
        yearly = None if n["yearly_budget"] is None else float(check_non_negative("yearly_budget",
                                                                                   n["yearly_budget"]))
        most = defaults.max_contracts if n["max_contracts"] is None else float(
            check_positive("max_contracts", n["max_contracts"]))
    caps = fractions("hedge.frontier_caps", t["frontier_caps"]) if "frontier_caps" in t else DEFAULT_CAPS
    if max(caps) > 1.0:
        raise InputError("hedge.frontier_caps", max(caps), "caps as fractions of NAV in (0, 1]")
    integer = boolean("hedge.integer", t.get("integer", defaults.integer))
    return HedgeSpec(candidates, budget, most, integer, yearly, caps)

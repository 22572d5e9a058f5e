"""Sanity before use: is this chain of the market it is used with? Each finding refused or reported, with its reason.

:func:`chain_findings` looks at a loaded chain beside its market and

* **refuses** (raises :class:`~pricing.errors.InputError`) quotes dated after the valuation date, quotes more than
  :data:`MAX_QUOTE_AGE_DAYS` calendar days older than it, an underlying level stated by the file or implied by
  put–call parity more than :data:`REFUSE_SPOT_GAP` away from the market's spot (the spot and the quotes are not of
  the same moment, or the spot is in the wrong unit);
* **reports** (returns :class:`Finding` records the command line words) quotes a day or a weekend old, smaller spot
  gaps (over :data:`WARN_SPOT_GAP`), a dividend yield the chain's forwards disagree with (over
  :data:`WARN_CARRY_GAP` a year), a file that does not say when its quotes were taken, a layout read from
  third-party descriptions rather than a published specification (:data:`ASSUMED_LAYOUTS`), rows of other contracts
  in the file, options expiring on the valuation date, listed options nobody quotes, zero bids, quotes that admit an
  arbitrage against a neighbouring strike (left out of the fit), bad rows left out, expiries too thin to fit,
  settlement prices standing in for quotes, expiries whose fit did not converge, and the fit's largest error.

Crossed quotes, strikes off the listed grid and SPX expiries that are not the monthly are bad rows
(:mod:`pricing.chains.chain`); an FX level the wrong way round is refused where FX is read
(:func:`pricing.validation.check_fx_level`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from pricing.chains.chain import OptionChain
from pricing.errors import InputError
from pricing.market import Market

MAX_QUOTE_AGE_DAYS = 4
"""Oldest quotes accepted, calendar days before the valuation date: a Friday close used on a Tuesday."""

WARN_SPOT_GAP = 0.0025
"""Relative gap between the market's spot and the chain's (stated or parity-implied) reported: 0.25%."""

REFUSE_SPOT_GAP = 0.02
"""Relative gap refused: 2%, more than the S&P 500 moves on nine days in ten."""

WARN_CARRY_GAP = 0.01
"""Gap between the chain's parity carry and the market's r - q reported, decimal per year (1%)."""


ASSUMED_LAYOUTS = ("ibkr",)
"""Formats read by column name from third-party descriptions, not a published specification: said on every page."""


@dataclass(frozen=True)
class Finding:
    """One thing the user should know about a chain.

    Attributes
    ----------
    key : str
        What it is: ``"stale"``, ``"undated"``, ``"spot"``, ``"parity_spot"``, ``"carry"``, ``"layout_assumed"``,
        ``"other_rows"``, ``"expiring_today"``,
        ``"unquoted"``, ``"zero_bids"``, ``"inconsistent"``, ``"skipped"``, ``"unfitted"``, ``"settled"``,
        ``"not_converged"``, ``"fit_error"``.
    values : dict
        The figures it is about (dates as ISO text, gaps as decimals, counts), for the words the face puts on it.
    """

    key: str
    values: dict[str, Any] = field(default_factory=dict)


def _refuse(name: str, value: Any, expected: str, hint: str) -> InputError:
    return InputError(name, value, expected, hint=hint)


def _dated(chain: OptionChain, name: str) -> list[Finding]:
    """The quote date the file states, against the valuation date."""
    table = chain.table
    stated = None if table is None else table.quote_date
    if stated is None:
        return [Finding("undated", {"valuation_date": chain.valuation_date.isoformat()})]
    age = (chain.valuation_date - stated).days
    if age < 0:
        raise _refuse(f"{name} date", stated.isoformat(), f"quotes of the valuation date {chain.valuation_date} or "
                      "before", "quotes from after the valuation date: set [market] valuation_date to their date")
    if age > MAX_QUOTE_AGE_DAYS:
        raise _refuse(f"{name} date", stated.isoformat(), f"quotes at most {MAX_QUOTE_AGE_DAYS} days older than "
                      f"the valuation date {chain.valuation_date}", "stale quotes: download the chain again")
    return [Finding("stale", {"date": stated.isoformat(), "days": age})] if age else []


def _spot_gap(name: str, key: str, gap: float, values: dict[str, Any]) -> list[Finding]:
    """Refuse a relative spot gap over :data:`REFUSE_SPOT_GAP`, report one over :data:`WARN_SPOT_GAP`."""
    if not math.isfinite(gap) or abs(gap) <= WARN_SPOT_GAP:
        return []
    if abs(gap) > REFUSE_SPOT_GAP:
        level = values["implied"]
        raise _refuse(f"{name} underlying", round(level, 4), f"an underlying level within "
                      f"{REFUSE_SPOT_GAP:.0%} of the market's spot {values['spot']:,.6g}",
                      "the spot and the quotes are not of the same moment (or not in the same unit): give "
                      "[market] spots of the chain's time, or leave the spot out to take the chain's")
    return [Finding(key, {**values, "gap": gap})]


def _spots(chain: OptionChain, market: Market, name: str) -> list[Finding]:
    """The file's stated underlying level and the parity-implied spot, each against the market's spot."""
    spec = chain.spec
    spot = market.spot(spec.underlying) * spec.price_ratio
    out: list[Finding] = []
    stated = None if chain.table is None else chain.table.underlying_price
    if stated is not None:
        out += _spot_gap(name, "spot", stated / spot - 1.0, {"implied": stated, "spot": spot})
    carry = chain.carry
    if carry is not None and carry.expiries:
        implied = spot * math.exp(carry.spot_gap)
        out += _spot_gap(name, "parity_spot", math.expm1(carry.spot_gap), {"implied": implied, "spot": spot})
        model = market.carry(spec.underlying)
        if math.isfinite(carry.carry) and abs(carry.carry - model) > WARN_CARRY_GAP:
            rate = float(market.curve(spec.currency).zero_rate(1.0))
            out.append(Finding("carry", {"carry": carry.carry, "model": model, "implied_yield": rate - carry.carry,
                                         "yield": market.dividend_yield(spec.underlying)}))
    return out


def _rows(chain: OptionChain) -> list[Finding]:
    """Rows of other contracts, zero bids, bad rows, unfitted expiries, settlements and the fit's error."""
    q, out = chain.quotes, []
    table = chain.table
    if table is not None and table.format in ASSUMED_LAYOUTS:
        out.append(Finding("layout_assumed", {"format": table.format}))
    if table is not None and table.other:
        out.append(Finding("other_rows", {"rows": len(table.other), "first": table.other[0][1]}))
    if chain.expiring:
        out.append(Finding("expiring_today", {"rows": chain.expiring}))
    unquoted = int((q["ask"] == 0.0).sum())
    if unquoted:
        out.append(Finding("unquoted", {"rows": unquoted}))
    zero = int(((q["bid"] == 0.0) & (q["ask"] > 0.0) & ~q["settled"]).sum())
    if zero:
        out.append(Finding("zero_bids", {"rows": zero}))
    if q["inconsistent"].any():
        out.append(Finding("inconsistent", {"rows": int(q["inconsistent"].sum())}))
    if chain.skipped:
        out.append(Finding("skipped", {"rows": len(chain.skipped), "first": chain.skipped[0].reason}))
    fitted = set() if chain.fit is None else set(chain.fit.by_expiry["t"].round(12))
    thin = sorted({e.isoformat() for e, t in zip(q["expiry"], q["t"], strict=True) if round(t, 12) not in fitted})
    if thin:
        out.append(Finding("unfitted", {"expiries": thin}))
    if q["settled"].any():
        out.append(Finding("settled", {"rows": int(q["settled"].sum())}))
    if chain.fit is not None and not chain.fit.by_expiry["converged"].all():
        stuck = chain.fit.by_expiry.loc[~chain.fit.by_expiry["converged"], "t"].round(12)
        dates = dict(zip(q["t"].round(12), q["expiry"], strict=False))
        out.append(Finding("not_converged", {"expiries": [dates[t].isoformat() for t in stuck]}))
    if chain.fit is not None:
        worst = chain.fit.by_expiry.sort_values("max_abs_error").iloc[-1]
        out.append(Finding("fit_error", {"max_abs_error": float(worst["max_abs_error"]),
                                         "rms_error": float(chain.fit.by_expiry["rms_error"].max()),
                                         "t": float(worst["t"])}))
    return out


def chain_findings(chain: OptionChain, market: Market, name: str | None = None) -> tuple[Finding, ...]:
    """Check ``chain`` against ``market``: raise what must be refused, return what must be said.

    Parameters
    ----------
    chain : OptionChain
        The loaded chain.
    market : Market
        The market it is used with (valuation date, spot, rates, dividend yield).
    name : str, optional
        How the chain is named in messages (``"market.chains.XSP"``); default ``"<SYMBOL> chain"``.

    Returns
    -------
    tuple of Finding
        In the order of the module docstring.

    Raises
    ------
    InputError
        Quotes dated after the valuation date or more than :data:`MAX_QUOTE_AGE_DAYS` before it, or a stated or
        parity-implied underlying more than :data:`REFUSE_SPOT_GAP` from the market's spot.
    """
    name = name or f"{chain.symbol} chain"
    return tuple(_dated(chain, name) + _spots(chain, market, name) + _rows(chain))

"""The strategy's five checks before any order, each pass / warn / fail with its number and threshold.

1. **Exposure**: leverage (gross exposure / NAV, options by delta) against ``[risk] leverage_cap``; net index
   exposure as a share of NAV is shown beside it. Fail above the cap, warn within 0.05× of it.
2. **Worst loss**: the worst scenario of the config's set, and explicitly the index −30% with USDJPY −10% (the yen
   up 11.1%) on the same day, against ``[risk] cap``. Fail above the cap, warn above 90% of it.
3. **Margin and buffer**: with futures, cash against ``futures_buffer`` × initial margin and the days of
   adverse variation margin (one ``adverse_day`` fall a day) the spare cash survives; with a margin loan, the
   index fall that calls it; with either, cash + MMF against ``min_buffer_share`` of NAV. No leverage: pass.
4. **Funding**: the MMF's net yield against each loan rate (and the futures financing rate). A negative carry
   on the borrowed part is a warning; worse than ``max_funding_drag`` a failure.
5. **Rules written down**: ``[rules]`` has the de-risking steps (``derisk``) and the re-entry rule
   (``reentry``). Missing either fails: the strategy's rules only protect when they are decided beforehand.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from hedgeopt.account.carry import yearly_carry
from hedgeopt.account.holdings import FuturesPosition, MarginPosition
from hedgeopt.account.pnl import account_pnl
from hedgeopt.config.config import Config
from hedgeopt.risk.stress import what_if


class Status(StrEnum):
    """Outcome of one check."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class Check:
    """One check: its number (1–5), name, outcome, measured value, threshold and a sentence."""

    number: int
    name: str
    status: Status
    value: float | None
    threshold: float | None
    detail: str


@dataclass(frozen=True)
class Checklist:
    """The five checks; :attr:`passed` is False when any fails."""

    checks: tuple[Check, ...]

    @property
    def passed(self) -> bool:
        """True when no check fails (warnings allowed)."""
        return all(c.status is not Status.FAIL for c in self.checks)

    def frame(self) -> pd.DataFrame:
        """The checks as a table: number, name, status, value, threshold, detail."""
        return pd.DataFrame([{**c.__dict__, "status": c.status.value} for c in self.checks])

    def _repr_html_(self) -> str:
        """HTML for notebooks."""
        verdict = "all pass or warn" if self.passed else "at least one FAILS"
        return f"<p><b>Checklist</b>: {verdict}</p>" + self.frame().to_html(index=False)

    def as_dict(self) -> dict:
        """``{"passed": bool, "checks": [{number, name, status, value, threshold, detail}]}``."""
        return {"passed": self.passed,
                "checks": [{**c.__dict__, "status": c.status.value} for c in self.checks]}


def _grade(value: float, fail_above: float, warn_above: float) -> Status:
    if value > fail_above:
        return Status.FAIL
    return Status.WARN if value > warn_above else Status.PASS


def _exposure(config: Config) -> Check:
    account, market, cap = config.account, config.market, config.risk.leverage_cap
    leverage = account.leverage(market)
    share = sum(account.exposures(market).values()) / account.nav(market)
    return Check(1, "exposure", _grade(leverage, cap + 1e-12, cap - 0.05), leverage, cap,
                 f"leverage {leverage:.2f}x (cap {cap:.2f}x); net index exposure {share:.1%} of NAV")


def _worst_loss(config: Config) -> Check:
    cap = config.risk.cap
    table = account_pnl(config.account, config.market, config.scenario_set())
    worst = float(-table["pnl_pct"].min())
    label = table["label"].iloc[int(table["pnl_pct"].argmin())]
    crash = float(-what_if(config, equity=-0.30, fx=-0.10).table["pnl_pct"].iloc[0])
    loss = max(worst, crash)
    return Check(2, "worst loss", _grade(loss, cap, 0.9 * cap), loss, cap,
                 f"worst scenario {worst:.1%} ({label}); index -30% with USDJPY -10% (yen +11.1%) now: {crash:.1%} "
                 f"(cap {cap:.0%})")


def _margin(config: Config) -> Check:
    account, market, risk = config.account, config.market, config.risk
    futures = [p for p in account.satellite if isinstance(p, FuturesPosition)]
    margins = [p for p in account.satellite if isinstance(p, MarginPosition)]
    if not futures and not margins:
        return Check(3, "margin and buffer", Status.PASS, None, None, "no margin loan and no futures")
    nav = account.nav(market)
    share = (account.cash_value(market) + account.mmf_value(market)) / nav
    statuses, notes = [Status.PASS if share >= risk.min_buffer_share else Status.FAIL], [
        f"cash + MMF {share:.0%} of NAV (at least {risk.min_buffer_share:.0%})"]
    value, threshold = share, risk.min_buffer_share
    if futures:
        multiple = account.cash_buffer_multiple(market)
        notional = sum(account.futures_notional(market, p) for p in futures)
        spare = account.cash_value(market) - account.futures_initial_margin(market)
        days = max(spare, 0.0) / (notional * risk.adverse_day)
        statuses.append(Status.PASS if multiple >= risk.futures_buffer else
                        Status.WARN if multiple >= 1.0 else Status.FAIL)
        notes.append(f"cash {multiple:.1f}x initial margin (at least {risk.futures_buffer:.1f}x); survives "
                     f"{days:.1f} days of -{risk.adverse_day:.0%} variation margin before the MMF is needed")
        value, threshold = multiple, risk.futures_buffer
    for pos in margins:
        fall = account.margin_call_fall(market, pos)
        statuses.append(Status.PASS if fall is None or fall <= -0.5 else
                        Status.WARN if fall <= -0.3 else Status.FAIL)
        notes.append(f"margin call on {pos.index} " + ("at no fall" if fall is None else f"at {fall:.0%}"))
    status = Status.FAIL if Status.FAIL in statuses else Status.WARN if Status.WARN in statuses else Status.PASS
    return Check(3, "margin and buffer", status, value, threshold, "; ".join(notes))


def _funding(config: Config) -> Check:
    account, market, drag_cap = config.account, config.market, config.risk.max_funding_drag
    carry = yearly_carry(account, market)
    spreads = dict(carry.borrowed_spreads)
    mmf = [f.net_yield for f in account.mmf]
    for pos in account.satellite:
        if isinstance(pos, FuturesPosition):
            spreads[f"{pos.symbol} financing"] = (max(mmf) if mmf else 0.0) - account.futures_rate(market, pos)
    if not spreads:
        return Check(4, "funding", Status.PASS, None, drag_cap, "nothing borrowed")
    worst = min(spreads.values())
    status = Status.FAIL if -worst > drag_cap + 1e-12 else Status.WARN if worst < 0 else Status.PASS
    parts = "; ".join(f"{k}: MMF − funding {v:+.2%} a year" for k, v in spreads.items())
    return Check(4, "funding", status, worst, -drag_cap,
                 f"{parts}; net yearly carry {carry.net:,.0f} {account.base_currency}")


def _rules(config: Config) -> Check:
    rules = config.rules
    missing = [key for key, value in (("derisk", rules.derisk), ("reentry", rules.reentry)) if not value]
    if missing:
        return Check(5, "rules written down", Status.FAIL, None, None,
                     "write down in [rules]: " + " and ".join(missing) + " (see docs/config.md)")
    return Check(5, "rules written down", Status.PASS, None, None, rules.describe())


def checklist(config: Config) -> Checklist:
    """Run the five checks on ``config`` (see the module docstring for each rule)."""
    return Checklist((_exposure(config), _worst_loss(config), _margin(config), _funding(config), _rules(config)))

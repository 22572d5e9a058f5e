"""The strategy's five checks before any order, each pass / warn / fail with its number and threshold.

1. **Exposure**: leverage (gross exposure / NAV, options by delta) against ``[risk] leverage_cap``; net index
   exposure as a share of NAV is shown beside it. Fail above the cap, warn within 0.05× of it.
2. **Worst loss**: the worst scenario of the config's set, and explicitly the index −30% with USDJPY −10% (the yen
   up 11.1%) on the same day, against ``[risk] cap``. Fail above the cap, warn above 90% of it.
3. **Margin and buffer**: with futures, cash against ``futures_buffer`` × initial margin and the days of
   adverse variation margin (one ``adverse_day`` fall a day) the spare cash survives; with a margin loan, the
   index fall that calls it; with either, cash + MMF against ``min_buffer_share`` of NAV. No leverage: pass.
   Yen hedges held on margin (CME futures, くりっく365, 店頭FX): cash against their initial margin (warn when
   short: the MMF must be sold to post it); the futures' spare cash is what is left after it.
4. **Funding**: the MMF's net yield (a hedged class's net of its hedge cost) against each loan rate (and the
   futures financing rate). A negative carry
   on the borrowed part is a warning; worse than ``max_funding_drag`` a failure. Under a rate regime
   (``[routes] regime``, or ``checklist(config, regime=...)``) every rate the regime moves is taken at its
   average over the coming year (:meth:`~hedgeopt.config.routes_spec.RateRegime.average`: +1 point for a
   +2-point ramp): the MMF, a floating loan and the futures financing in a moved currency, and the net yearly
   carry with them (the P&L ledger's carry and funding over the regime's year beside today's rates).
5. **Rules written down**: ``[rules]`` has the de-risking steps (``derisk``) and the re-entry rule
   (``reentry``). Missing either fails: the strategy's rules only protect when they are decided beforehand.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from hedgeopt.account.carry import yearly_carry
from hedgeopt.account.holdings import FuturesPosition, MarginPosition
from hedgeopt.account.pnl import account_pnl, pnl_components
from hedgeopt.config.config import Config
from hedgeopt.config.routes_spec import RateRegime, a_year
from hedgeopt.risk.stress import what_if
from pricing import contract


class Status(StrEnum):
    """Outcome of one check."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"


FACTS: dict[str, str] = {
    "leverage": "leverage {leverage:.2f}x (cap {cap:.2f}x)",
    "net_exposure": "net index exposure {share:.1%} of NAV",
    "worst_scenario": "worst scenario {loss:.1%} ({scenario})",
    "named_crash": "index -30% with USDJPY -10% (yen +11.1%) now: {loss:.1%} (cap {cap:.0%})",
    "no_leverage": "no margin loan and no futures",
    "fx_hedge_margin": "yen hedges' margin {amount:,.0f} {currency} ({share:.0%} of cash)",
    "buffer_share": "cash + MMF {share:.0%} of NAV (at least {floor:.0%})",
    "futures_cash": "cash {multiple:.1f}x initial margin (at least {floor:.1f}x); survives {days:.1f} days of "
                    "-{adverse:.0%} variation margin before the MMF is needed",
    "margin_call_none": "margin call on {index} at no fall",
    "margin_call_at": "margin call on {index} at {fall:.0%}",
    "nothing_borrowed": "nothing borrowed",
    "loan_spread": "{index}: MMF − funding {spread:+.2%} a year",
    "futures_spread": "{symbol} financing: MMF − funding {spread:+.2%} a year",
    "net_carry": "net yearly carry {amount:,.0f} {currency}",
    "rate_regime": "{name} rates: {currencies} {change:+.2%} over {days} days ({path}; {average:+.2%} on average "
                   "this year)",
    "rules_missing": "write down in [rules]: {missing} (see docs/config.md)",
    "derisk_step": "{drawdown:+.0%} -> sell {cut:.0%} of exposure held",
    "no_staircase": "no staircase",
    "reentry": "re-enter in {step:g}x steps when {window}-day vol < {vol:.0%} for {days} days",
    "reentry_or_drawdown": "re-enter in {step:g}x steps when {window}-day vol < {vol:.0%} for {days} days or "
                           "drawdown > {drawdown:.0%}",
    "no_reentry": "no re-entry",
    "leverage_cap": "leverage cap {cap:g}x",
}
"""Each fact a check states, by key, in English; a check's ``detail`` joins them with "; " (the face words
the same facts in Japanese from their fields)."""

Fact = tuple[str, dict[str, object]]


@dataclass(frozen=True)
class Check:
    """One check: its number (1–5), name, outcome, measured value, threshold and the facts behind it.

    Attributes
    ----------
    facts : tuple of (str, dict)
        What the check found, each a key of :data:`FACTS` and its fields (fractions as decimals, amounts in the
        base currency).
    """

    number: int
    name: str
    status: Status
    value: float | None
    threshold: float | None
    facts: tuple[Fact, ...]

    @property
    def detail(self) -> str:
        """The facts in one English sentence."""
        return "; ".join(FACTS[key].format(**fields) for key, fields in self.facts)


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
        return pd.DataFrame([_record(c) for c in self.checks])

    def _repr_html_(self) -> str:
        """HTML for notebooks."""
        verdict = "all pass or warn" if self.passed else "at least one FAILS"
        return f"<p><b>Checklist</b>: {verdict}</p>" + self.frame().to_html(index=False)

    def as_dict(self) -> dict:
        """``{"passed": bool, "checks": [{number, name, status, value, threshold, detail}]}``."""
        return {"passed": self.passed, "checks": [_record(c) for c in self.checks]}


def _record(c: Check) -> dict[str, object]:
    return {"number": c.number, "name": c.name, "status": c.status.value, "value": c.value,
            "threshold": c.threshold, "detail": c.detail}


def _grade(value: float, fail_above: float, warn_above: float) -> Status:
    if value > fail_above:
        return Status.FAIL
    return Status.WARN if value > warn_above else Status.PASS


def _exposure(config: Config) -> Check:
    account, market, cap = config.account, config.market, config.risk.leverage_cap
    leverage = account.leverage(market)
    share = sum(account.exposures(market).values()) / account.nav(market)
    return Check(1, "exposure", _grade(leverage, cap + 1e-12, cap - 0.05), leverage, cap,
                 (("leverage", {"leverage": leverage, "cap": cap}), ("net_exposure", {"share": share})))


def _worst_loss(config: Config) -> Check:
    cap = config.risk.cap
    table = account_pnl(config.account, config.market, config.scenario_set())
    worst = float(-table["pnl_pct"].min())
    label = table["label"].iloc[int(table["pnl_pct"].argmin())]
    crash = float(-what_if(config, equity=-0.30, fx=-0.10).table["pnl_pct"].iloc[0])
    loss = max(worst, crash)
    return Check(2, "worst loss", _grade(loss, cap, 0.9 * cap), loss, cap,
                 (("worst_scenario", {"loss": worst, "scenario": label}), ("named_crash", {"loss": crash, "cap": cap})))


def _margin(config: Config) -> Check:
    account, market, risk = config.account, config.market, config.risk
    futures = [p for p in account.satellite if isinstance(p, FuturesPosition)]
    margins = [p for p in account.satellite if isinstance(p, MarginPosition)]
    fx_margin = account.fx_hedge_margin(market)
    cash = account.cash_value(market)
    hedge_facts: list[Fact] = [("fx_hedge_margin", {"amount": fx_margin, "currency": account.base_currency,
                                                     "share": fx_margin / cash if cash > 0 else float("inf")})
                               ] if fx_margin else []
    hedge_status = Status.PASS if cash >= fx_margin else Status.WARN
    if not futures and not margins:
        return Check(3, "margin and buffer", hedge_status, None, None, (("no_leverage", {}), *hedge_facts))
    nav = account.nav(market)
    share = (cash + account.mmf_value(market)) / nav
    statuses = [Status.PASS if share >= risk.min_buffer_share else Status.FAIL, hedge_status]
    facts: list[Fact] = [("buffer_share", {"share": share, "floor": risk.min_buffer_share}), *hedge_facts]
    value, threshold = share, risk.min_buffer_share
    if futures:
        multiple = account.cash_buffer_multiple(market)
        notional = sum(account.futures_notional(market, p) for p in futures)
        spare = cash - account.futures_initial_margin(market) - fx_margin
        days = max(spare, 0.0) / (notional * risk.adverse_day)
        statuses.append(Status.PASS if multiple >= risk.futures_buffer else
                        Status.WARN if multiple >= 1.0 else Status.FAIL)
        facts.append(("futures_cash", {"multiple": multiple, "floor": risk.futures_buffer, "days": days,
                                       "adverse": risk.adverse_day}))
        value, threshold = multiple, risk.futures_buffer
    for pos in margins:
        fall = account.margin_call_fall(market, pos)
        statuses.append(Status.PASS if fall is None or fall <= -0.5 else
                        Status.WARN if fall <= -0.3 else Status.FAIL)
        facts.append(("margin_call_none", {"index": pos.index}) if fall is None else
                     ("margin_call_at", {"index": pos.index, "fall": fall}))
    status = Status.FAIL if Status.FAIL in statuses else Status.WARN if Status.WARN in statuses else Status.PASS
    return Check(3, "margin and buffer", status, value, threshold, tuple(facts))


def _regime_shift(config: Config, regime: RateRegime | None) -> tuple[dict[str, float], float, list[Fact]]:
    """Each moved currency's average rate change this year, the net carry's change, and the regime's fact."""
    if regime is None:
        return {}, 0.0, []
    currencies = regime.moved(config.account, config.market)
    average = regime.average()
    parts = [pnl_components(config.account, config.market, a_year(r, currencies), np.arange(1)) for r in (None, regime)]
    moved = sum(float(p[name][0]) * sign for p, sign in zip(parts, (-1.0, 1.0), strict=True)
                for name in ("carry", "funding", "fx"))
    fact = ("rate_regime", {"name": regime.name, "currencies": "/".join(currencies), "change": regime.change,
                            "days": regime.days, "path": regime.path.value, "average": average})
    return dict.fromkeys(currencies, average), moved, [fact]


def _funding(config: Config, regime: RateRegime | None = None) -> Check:
    account, market, drag_cap = config.account, config.market, config.risk.max_funding_drag
    shift, moved, regime_fact = _regime_shift(config, regime)
    carry = yearly_carry(account, market)
    mmf = [account.mmf_net_yield(market, f) + shift.get(account.mmf_currency(f), 0.0) for f in account.mmf]
    values = [account.holding_value(market, f) for f in account.mmf]
    mmf_rate = sum(v * y for v, y in zip(values, mmf, strict=True)) / sum(values) if sum(values) else 0.0
    spreads: list[Fact] = []
    for pos in account.satellite:
        if isinstance(pos, MarginPosition):
            loan_ccy = account.loan(market, pos)[1]
            spreads.append(("loan_spread", {"index": pos.index,
                                            "spread": round(mmf_rate - pos.loan_rate - shift.get(loan_ccy, 0.0), 12)}))
        if isinstance(pos, FuturesPosition):
            rate = account.futures_rate(market, pos) + shift.get(contract(pos.symbol).currency, 0.0)
            spreads.append(("futures_spread", {"symbol": pos.symbol,
                                               "spread": (max(mmf) if mmf else 0.0) - rate}))
    if not spreads:
        return Check(4, "funding", Status.PASS, None, drag_cap, (*regime_fact, ("nothing_borrowed", {})))
    worst = min(float(fields["spread"]) for _, fields in spreads)
    status = Status.FAIL if -worst > drag_cap + 1e-12 else Status.WARN if worst < 0 else Status.PASS
    net = ("net_carry", {"amount": carry.net + moved, "currency": account.base_currency})
    return Check(4, "funding", status, worst, -drag_cap, (*regime_fact, *spreads, net))


def _rules(config: Config) -> Check:
    rules = config.rules
    missing = [key for key, value in (("derisk", rules.derisk), ("reentry", rules.reentry)) if not value]
    if missing:
        return Check(5, "rules written down", Status.FAIL, None, None,
                     (("rules_missing", {"missing": " and ".join(missing)}),))
    r = rules.reentry
    back = {"step": rules.leverage_step, "window": r.window, "vol": r.realised_vol_below, "days": r.days}
    facts: list[Fact] = [("derisk_step", {"drawdown": s.drawdown, "cut": s.cut}) for s in rules.derisk]
    facts.append(("reentry", back) if r.drawdown_above is None else
                 ("reentry_or_drawdown", {**back, "drawdown": r.drawdown_above}))
    facts.append(("leverage_cap", {"cap": rules.leverage_cap}))
    return Check(5, "rules written down", Status.PASS, None, None, tuple(facts))


def checklist(config: Config, regime: str | None = None) -> Checklist:
    """Run the five checks on ``config`` (see the module docstring for each rule).

    ``regime``: the rate regime the funding check reads, a name of ``[routes]``'s regimes or ``"base"``; None:
    ``[routes] regime``.
    """
    chosen = config.routes.chosen(regime)
    return Checklist((_exposure(config), _worst_loss(config), _margin(config), _funding(config, chosen),
                      _rules(config)))

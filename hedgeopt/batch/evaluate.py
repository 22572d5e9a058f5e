"""One account of a batch in one flat row: checklist, worst case, named stress, hedge, leverage — or its error.

The row holds the checklist, the worst case, the named stress, the cheapest verified hedge at the cap and the
largest leverage, or the error that stopped the account.

The answers are those of the single-account commands (``checklist``, ``stress``, ``what-if``, ``hedge``,
``max-leverage``) on the account's config, with the scenario set and the candidates built once per context
(:class:`~hedgeopt.config.config.Prebuilt`). The hedge is the whole-contract one, verified on every scenario
(QuantLib on the held legs), without the extras of ``hedgeopt hedge`` (the continuous optimum and the cost of one
more point of cap), which a book-wide run does not need.

A bad account is a row with ``status = "error"``: ``error_kind`` ``"input"`` for a config the user can fix (the
message names the key, as on the command line), ``"internal"`` for a failure of hedgeopt itself on it (the type
and message, so that it can be reported); the batch goes on either way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pyarrow as pa

from hedgeopt.batch.sources import AccountInput, error_parts
from hedgeopt.config.config import Config, Prebuilt, config_from_dict
from hedgeopt.optimizer import hedging
from hedgeopt.optimizer.result import HedgeResult
from hedgeopt.optimizer.solve import solve_hedge
from hedgeopt.risk import checklist, stress, what_if
from pricing import HedgeoptError, InfeasibleHedgeError

NAMED_EQUITY = -0.30
"""The book-wide stress: the index −30% ..."""
NAMED_FX = -0.10
"""... with the scenario currency −10% against the base at the same time (USDJPY 150 → 135, the yen +11.1%)."""
CHECKS = ("exposure", "worst_loss", "margin", "funding", "rules")
"""Column suffixes of the five checks, in the checklist's order."""

SCHEMA = pa.schema([
    ("id", pa.string()), ("source", pa.string()), ("status", pa.string()),
    ("error", pa.string()), ("error_kind", pa.string()), ("error_parts", pa.string()),
    ("base_currency", pa.string()), ("nav", pa.float64()), ("exposure", pa.float64()), ("leverage", pa.float64()),
    ("cap", pa.float64()), ("checks_passed", pa.bool_()), *((f"check_{c}", pa.string()) for c in CHECKS),
    ("worst_case", pa.float64()), ("worst_scenario", pa.string()), ("breaks_cap", pa.bool_()),
    ("named_stress", pa.float64()),
    ("hedge_status", pa.string()), ("hedge_positions", pa.string()), ("hedge_contracts", pa.float64()),
    ("hedge_cost", pa.float64()), ("hedge_worst_case", pa.float64()), ("hedge_binding_scenario", pa.string()),
    ("hedge_verified", pa.bool_()), ("hedge_reference_rows", pa.int64()), ("hedge_min_cap", pa.float64()),
    ("max_leverage", pa.float64()), ("max_exposure", pa.float64()), ("leverage_route", pa.string()),
    ("leverage_limit", pa.string()), ("fingerprint", pa.string()),
])
"""Every column of a batch's result, typed; fractions of NAV are decimals, amounts in the account's base currency.

``exposure`` is the gross index exposure, ``leverage`` gross exposure / NAV; ``worst_case`` the worst loss over the
scenario set (positive fraction of NAV) and ``worst_scenario`` its label; ``named_stress`` the P&L of the index −30%
with the currency −10% now (negative: a loss); ``hedge_*`` the cheapest whole-contract hedge at ``cap``
(``hedge_positions`` as ``2 x XSP 2027-01-15 450/420 put spread``; ``hedge_worst_case`` with it held;
``hedge_min_cap`` the smallest reachable cap when ``hedge_status`` is ``infeasible``); ``max_exposure`` the largest
exposure on ``leverage_route`` within the cap without a hedge, in the strategy's 0.1x steps and, on futures, whole
contracts (possibly none: one MES is about 4,500,000 JPY), ``max_leverage`` the account's leverage at it, and
``leverage_limit`` what stops it.
"""


def empty_row(item: AccountInput, fingerprint: str) -> dict[str, Any]:
    """A row of ``item`` with every answer blank."""
    row: dict[str, Any] = dict.fromkeys(SCHEMA.names)
    row.update(id=item.id, source=item.source, fingerprint=fingerprint)
    return row


def error_row(item: AccountInput, fingerprint: str, message: str, kind: str,
              exc: BaseException | None = None) -> dict[str, Any]:
    """The row of an account that could not be answered.

    ``error_parts`` keeps an :class:`~pricing.errors.InputError`'s field, value (as ``repr``), expected and hint as
    JSON (:func:`~hedgeopt.batch.sources.error_parts`), so that the command line can word it in the reader's
    language.
    """
    return {**empty_row(item, fingerprint), "status": "error", "error": message[:500], "error_kind": kind,
            "error_parts": error_parts(exc) if exc is not None else item.error_parts}


def account_config(item: AccountInput, contexts: Mapping[str, Prebuilt]) -> Config:
    """The account's validated config, with its context's scenario set and candidates when they serve it."""
    config = config_from_dict(item.data, item.source)
    built = contexts.get(item.context)
    return replace(config, prebuilt=built) if built is not None else config


def evaluate(item: AccountInput, fingerprint: str, contexts: Mapping[str, Prebuilt]) -> dict[str, Any]:
    """The batch row of one account (see :data:`SCHEMA`); never raises for a bad account."""
    if item.error is not None:
        return error_row(item, fingerprint, item.error, "input")
    try:
        return _answer(account_config(item, contexts), empty_row(item, fingerprint))
    except (HedgeoptError, ValueError) as exc:
        return error_row(item, fingerprint, str(exc), "input", exc)
    except Exception as exc:  # a failure of hedgeopt on this account: reported in its row, the batch goes on
        return error_row(item, fingerprint, f"{type(exc).__name__}: {exc}", "internal")


def _answer(config: Config, row: dict[str, Any]) -> dict[str, Any]:
    account, market, cap = config.account, config.market, config.risk.cap
    checks = checklist(config)
    worst = stress(config).table.iloc[0]
    row.update(status="ok", base_currency=account.base_currency, nav=account.nav(market),
               exposure=sum(account.exposures(market).values()), leverage=account.leverage(market), cap=cap,
               checks_passed=checks.passed, worst_case=-float(worst["pnl_pct"]),
               worst_scenario=str(worst["label"]), breaks_cap=-float(worst["pnl_pct"]) > cap,
               named_stress=float(what_if(config, equity=NAMED_EQUITY, fx=NAMED_FX).table["pnl_pct"].iloc[0]),
               **{f"check_{name}": c.status.value for name, c in zip(CHECKS, checks.checks, strict=True)})
    row.update(_hedge(solve_hedge(hedging.hedge_problem(config, cap=cap, integer=True), extras=False)))
    row.update(_leverage(config, cap))
    return row


def _hedge(result: HedgeResult) -> dict[str, Any]:
    if not result.optimal:
        return {"hedge_status": result.status, "hedge_min_cap": result.diagnosis.get("min_achievable_cap")}
    binding = result.binding_scenarios
    check = result.verification
    return {
        "hedge_status": result.status, "hedge_cost": result.cost, "hedge_worst_case": result.worst_case_after,
        "hedge_positions": "; ".join(f"{p.quantity:g} x {p.instrument.label}" for p in result.positions),
        "hedge_contracts": float(sum(p.quantity for p in result.positions)),
        "hedge_binding_scenario": str(binding["label"].iloc[0]) if not binding.empty else None,
        "hedge_verified": None if check is None else check.passed,
        "hedge_reference_rows": None if check is None else check.n_reference,
    }


def _leverage(config: Config, cap: float) -> dict[str, Any]:
    try:
        lev = hedging.max_leverage_for(config, cap=cap)
    except InfeasibleHedgeError as exc:
        return {"leverage_limit": f"cap out of reach (at least {exc.diagnosis.get('min_achievable_cap', 0):.4f})"}
    nav = config.account.nav(config.market)
    at_step = lev.leverage - (lev.exposure - lev.exposure_step) / nav  # whole contracts on futures: maybe none
    return {"max_leverage": round(at_step, 10), "max_exposure": lev.exposure_step, "leverage_route": lev.route,
            "leverage_limit": lev.limit}


def evaluate_all(items: list[tuple[AccountInput, str]], contexts: Mapping[str, Prebuilt]) -> list[dict[str, Any]]:
    """The rows of a partition of accounts (each with its fingerprint), in the order given."""
    return [evaluate(item, fingerprint, contexts) for item, fingerprint in items]


def context_of(items: list[AccountInput]) -> Prebuilt | None:
    """The scenario set and candidates of the accounts' shared context, from the first account that validates.

    None when none does (every account of the context then reports its own error).
    """
    for item in items:
        if item.error is not None:
            continue
        try:
            return hedging.prebuilt(config_from_dict(item.data, item.source)).prebuilt
        except (HedgeoptError, ValueError):
            continue
    return None

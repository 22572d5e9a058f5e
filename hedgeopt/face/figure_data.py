"""What the figures draw, from the library's own numbers.

The account's P&L with and without a hedge over index × FX moves, FX moves in words with their levels, and the
scenarios that set the worst case. The hedge is counted as the optimizer counts it:
:func:`hedgeopt.paths.replay.hedged_pnl` reprices each option at the horizon and takes off what it cost (ask plus
commission), so a line drawn here and the hedge's own worst case agree. Nothing here draws;
:mod:`hedgeopt.face.figures` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hedgeopt.config.config import Config
from hedgeopt.face.i18n import Lang, named, t
from hedgeopt.optimizer.result import HedgeResult
from hedgeopt.paths.replay import hedged_pnl
from pricing import Instrument
from scenarios import EPISODES, grid
from scenarios.sets.scenario_set import equity_col, fx_col

Option = tuple[Instrument, float, float]
"""A hedge line as :func:`hedgeopt.paths.replay.hedged_pnl` takes it: (instrument, contracts, cost per contract)."""


def signed_pct(x: float, places: int = 0) -> str:
    """A signed percentage with a true minus sign (decimal in, text out).

    Examples
    --------
    >>> signed_pct(-0.1), signed_pct(0.0), signed_pct(0.05), signed_pct(-0.5678, 1)
    ('−10%', '0%', '+5%', '−56.8%')
    """
    text = f"{x * 100 + 0.0:+.{places}f}%".replace("-", "−")
    return text[1:] if round(x * 100, places) == 0 else text


def hedge_options(hedge: HedgeResult | None) -> list[Option]:
    """The lines of a solved hedge as :func:`hedgeopt.paths.replay.hedged_pnl` takes them (none if infeasible)."""
    if hedge is None or not hedge.optimal:
        return []
    return [(p.instrument, p.quantity, p.cost_per_contract) for p in hedge.positions if p.quantity > 0]


def grid_pnl(config: Config, equity: Sequence[float], fx: Sequence[float], options: Sequence[Option]) -> np.ndarray:
    """Account P&L with ``options`` over index × FX moves at the config horizon, fraction of NAV.

    Each point is the worst over the config's vol responses (index and FX), as the optimizer judges it.

    Parameters
    ----------
    config : Config
    equity, fx : sequence of float
        Driver index moves and moves of ``[scenarios] currency`` against the base, decimal.
    options : sequence of (Instrument, float, float)
        Hedge lines (:func:`hedge_options`); empty for the account as held.

    Returns
    -------
    ndarray of shape (len(equity), len(fx))
    """
    spec = config.scenarios
    responses = (spec.model.vol_response, *spec.extra_responses)
    fx_responses = (spec.model.fx_vol_response, *spec.extra_fx_responses)
    scenarios = grid(equity, fx, [0.0], [0.0], [spec.horizon_days], currency=spec.currency,
                     base=config.market.base_currency, model=spec.model, vol_responses=responses,
                     fx_vol_responses=fx_responses)
    pnl = hedged_pnl(config.account, config.market, scenarios, list(options)) / config.account.nav(config.market)
    return pnl.reshape(len(equity), len(fx), -1).min(axis=2)  # the worst over both response axes


def level_text(config: Config, move: float, lang: Lang) -> str:
    """The FX level after ``move``: ``135`` (``135円`` in Japanese for a JPY base)."""
    level = config.market.fx[config.scenarios.currency] * (1 + move)
    text = f"{level:,.1f}".removesuffix(".0")
    return text + "円" if lang is Lang.JA and config.account.base_currency == "JPY" else text


def fx_text(config: Config, move: float, lang: Lang | str = Lang.EN) -> str:
    """An FX move of ``[scenarios] currency`` in words, with levels: ``円高: 150円 → 135円`` for USDJPY −10%."""
    lang = Lang(lang)
    ccy, base = config.scenarios.currency, config.account.base_currency
    pair = f"{ccy}{base}"
    if ccy not in config.market.fx:
        return f"{pair} {signed_pct(move)}"
    yen = base == "JPY"
    key = ("fig_fx_flat" if abs(move) < 1e-12 else "fig_fx_move" if not yen
           else "fig_yen_up" if move < 0 else "fig_yen_down")
    return t(key, lang, pair=pair, start=level_text(config, 0.0, lang), end=level_text(config, move, lang),
             move=signed_pct(move))


def fx_cases(config: Config) -> list[float]:
    """Unchanged, the grid's largest fall and its largest rise of the currency (default ±10%)."""
    moves = config.scenarios.grid.fx if config.scenarios.grid is not None else []
    low, high = min(min(moves, default=0.0), 0.0), max(max(moves, default=0.0), 0.0)
    return [0.0, low if low < 0 else -0.10, high if high > 0 else 0.10]


@dataclass(frozen=True)
class Mark:
    """A scenario of the set marked on :func:`pnl_vs_index`: its moves and P&L (fractions of NAV)."""

    label: str
    equity: float
    fx: float
    days: int
    unhedged: float
    hedged: float


def binding_marks(config: Config, hedge: HedgeResult, limit: int = 2) -> list[Mark]:
    """The scenarios that set the worst case after the hedge (for an infeasible one, the limiting scenario)."""
    labels = (list(hedge.binding_scenarios["label"]) if hedge.optimal and not hedge.binding_scenarios.empty
              else [hedge.diagnosis["limiting_scenario"]] if hedge.diagnosis.get("limiting_scenario") else [])
    scenarios = config.scenario_set()
    rows = [int(np.flatnonzero(np.asarray(scenarios.labels) == label)[0]) for label in dict.fromkeys(labels)]
    if not rows:
        return []
    chosen = scenarios.subset(rows)
    nav = config.account.nav(config.market)
    bare = hedged_pnl(config.account, config.market, chosen, []) / nav
    held = hedged_pnl(config.account, config.market, chosen, hedge_options(hedge)) / nav
    table, spec = chosen.table, config.scenarios
    marks, seen = [], set()
    for k in range(len(rows)):
        row = table.iloc[k]
        key = (round(row[equity_col(spec.model.driver)], 6), round(row[fx_col(spec.currency)], 6),
               int(row["horizon_days"]))
        if key not in seen and len(marks) < limit:
            seen.add(key)
            marks.append(Mark(row["label"], *key, float(bare[k]), float(held[k])))
    return marks


def scenario_text(config: Config, mark: Mark, lang: Lang | str = Lang.EN) -> str:
    """A marked scenario in words: its name if it is a historical episode, then its days and moves."""
    lang = Lang(lang)
    detail = t("fig_scenario_detail", lang, days=mark.days, index=config.scenarios.model.driver,
               move=signed_pct(mark.equity), fx=fx_text(config, mark.fx, lang))
    episodes = {e.name for e in EPISODES}
    return f"{named('episode', mark.label, lang)}\n{detail}" if mark.label in episodes else detail

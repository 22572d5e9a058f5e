r"""A one-period hedge replayed day by day on a recorded path: what it would have done beside what it claims.

The one-period answer judges a hedge at each scenario's end (for a historical episode, its last day, with every
option valued at its own expiry on the episode's path). :func:`replay_options` walks the same options through a
history path day by day: the account runs through the path engine (no rules, no standing hedge), and on each day
``d`` the options are valued by the same repricer on a scenario that ends that day — index, implied vol, FX and
rate moves since day 0 and the index's path up to ``d`` — so an option that has expired pays what the index said
on its expiry day and is cash afterwards. The hedged NAV is the engine's NAV plus the options' value less what
they cost at day 0.

.. math:: \text{NAV}^{hedged}_d = \text{NAV}_d + \sum_j q_j \big(V_j(d) - c_j\big)

with :math:`c_j` the cost of one contract (the quoted ask and commission the optimizer paid). The premium is not
taken out of the engine's cash, so its effect on funding is left out (stated; it is at most the premium's carry).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hedgeopt.account.account import Account
from hedgeopt.account.pnl import pnl_components
from hedgeopt.paths.engine import simulate
from pricing import InputError, Instrument, Market
from pricing._typing import FloatArray
from scenarios import ScenarioSet
from scenarios.paths import MarketPaths
from scenarios.paths.market_paths import Note
from scenarios.repricing import OptionRepricer
from scenarios.sets.scenario_set import equity_col, fx_col, path_col, rate_col, vol_col


@dataclass(frozen=True)
class Replay:
    """A hedge replayed on one path.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per path day: ``date``, ``nav`` (unhedged, base currency), ``options`` (the hedge's value),
        ``nav_hedged`` (``nav`` + options − cost), ``drawdown`` and ``drawdown_hedged`` (from the running peak,
        decimals).
    cost : float
        What the hedge cost at day 0, base currency.
    notes : tuple of str
        What the replay leaves out.
    """

    table: pd.DataFrame
    cost: float
    notes: tuple[str, ...]

    def summary(self, cap: float | None = None) -> dict[str, float]:
        """End P&L, maximum and ending drawdown, unhedged and hedged, as fractions of the starting NAV.

        With ``cap`` (a positive fraction of NAV, such as ``[risk] cap``) also ``beyond_cap`` and
        ``beyond_cap_hedged`` (1.0 when the maximum drawdown went beyond it, else 0.0) and ``ends_beyond_cap`` and
        ``ends_beyond_cap_hedged`` (the ending drawdown).
        """
        t = self.table
        nav0 = float(t["nav"].iloc[0])
        out = {"end_pnl": float(t["nav"].iloc[-1] / nav0 - 1.0),
               "end_pnl_hedged": float((t["nav_hedged"].iloc[-1] + self.cost) / nav0 - 1.0),
               "max_drawdown": float(t["drawdown"].min()),
               "max_drawdown_hedged": float(t["drawdown_hedged"].min()),
               "end_drawdown": float(t["drawdown"].iloc[-1]),
               "end_drawdown_hedged": float(t["drawdown_hedged"].iloc[-1])}
        if cap is not None:
            if not 0.0 < cap < 1.0:
                raise InputError("cap", cap, "a positive fraction of NAV in (0, 1), such as 0.20")
            for suffix in ("", "_hedged"):
                out[f"beyond_cap{suffix}"] = float(out[f"max_drawdown{suffix}"] < -cap)
                out[f"ends_beyond_cap{suffix}"] = float(out[f"end_drawdown{suffix}"] < -cap)
        return out


def day_scenarios(paths: MarketPaths, indices: Sequence[str], currencies: Sequence[str]) -> ScenarioSet:
    """One scenario per day of the (single) path: the moves since day 0 and the index path so far.

    Parameters
    ----------
    paths : MarketPaths
        One path (a recorded history).
    indices, currencies : sequence of str
        The indices and the foreign currencies the options need.

    Returns
    -------
    ScenarioSet
        Row ``d`` ends on day ``d``: ``horizon_days`` the calendar days since day 0, ``equity``, ``vol``, ``fx``
        and ``rate`` moves since day 0, and ``path.<INDEX>`` the last close on or before each calendar day.
    """
    if paths.n_paths != 1:
        raise InputError("paths", f"{paths.n_paths} paths", "one recorded path")
    days = np.array([(d - paths.dates[0]).days for d in paths.dates], dtype=np.int64)
    table = pd.DataFrame({"label": [d.date().isoformat() for d in paths.dates], "horizon_days": days})
    for index in indices:
        level = paths.equity[index][0]
        table[equity_col(index)] = level / level[0] - 1.0
        table[vol_col(index)] = paths.vol[index][0] - paths.vol[index][0, 0]
        last = np.searchsorted(days, np.arange(days[-1] + 1), side="right") - 1
        by_day = level[last] / level[0]
        table[path_col(index)] = pd.Series([by_day[: d + 1] for d in days], dtype=object)
    for ccy in currencies:
        fx = paths.fx[ccy][0]
        table[fx_col(ccy)] = fx / fx[0] - 1.0
    for ccy, rate in paths.rates.items():
        table[rate_col(ccy)] = rate[0] - rate[0, 0]
    return ScenarioSet(table, f"{paths.labels[0]} by day")


def replay_options(account: Account, market: Market, paths: MarketPaths,
                   options: Sequence[tuple[Instrument, float, float]]) -> Replay:
    """Replay ``options`` (instrument, contracts, cost per contract in base currency) on a recorded path.

    The account runs through :func:`hedgeopt.paths.engine.simulate` without rules or standing hedge; the options are
    valued each day by :class:`~scenarios.repricing.OptionRepricer` on :func:`day_scenarios` (see the module
    docstring).
    """
    run = simulate(account, market, paths)
    nav = run.nav[0]
    if options:
        instruments = [o[0] for o in options]
        quantity = np.array([o[1] for o in options], dtype=float)
        cost = float(np.dot(quantity, [o[2] for o in options]))
        indices = sorted({i.spec.underlying for i in instruments})
        currencies = sorted({i.spec.currency for i in instruments} - {market.base_currency})
        value: FloatArray = OptionRepricer(instruments, market).value(day_scenarios(paths, indices,
                                                                                    currencies)) @ quantity
    else:
        cost, value = 0.0, np.zeros(nav.size)
    hedged = nav + value - cost
    table = pd.DataFrame({"date": paths.dates, "nav": nav, "options": value, "nav_hedged": hedged,
                          "drawdown": nav / np.maximum.accumulate(nav) - 1.0,
                          "drawdown_hedged": hedged / np.maximum.accumulate(hedged) - 1.0})
    notes = (Note("replay_method", "Account through the path engine without rules or standing hedge; the hedge "
                  "valued each day by the one-period repricer (an option that expired pays what the index said on "
                  "its expiry day)."),
             Note("replay_premium", "The premium is not taken out of the engine's cash: its carry is left out."),
             *paths.notes)
    return Replay(table, cost, notes)


def hedged_pnl(account: Account, market: Market, scenarios: ScenarioSet,
               options: Sequence[tuple[Instrument, float, float]]) -> FloatArray:
    """What the one-period answer claims: the account's P&L plus ``Σ q (V − c)`` per scenario, base currency.

    ``options`` as in :func:`replay_options`; shape (n_scenarios,).
    """
    rows = np.arange(len(scenarios))
    total = sum(pnl_components(account, market, scenarios, rows).values())
    if options:
        quantity = np.array([o[1] for o in options], dtype=float)
        value = OptionRepricer([o[0] for o in options], market).value(scenarios) @ quantity
        total = total + value - float(np.dot(quantity, [o[2] for o in options]))
    return total

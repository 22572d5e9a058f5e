"""The account and a hedge under every scenario, position by position: the reference evaluator's entry points.

Slow and obvious on purpose: one scenario at a time, one holding at a time, in plain Python floats, options
priced by QuantLib (:mod:`hedgeopt.reference.options`), the account's cash flows added up by
:mod:`hedgeopt.reference.holdings`, the scenario read from its table's columns
(:mod:`hedgeopt.reference.scenario`). It shares none of the fast path's helpers (the ledger lines of
:mod:`hedgeopt.account.pnl`, the repricers of :mod:`scenarios`, the candidates' payoff): only the market data,
the contract terms and QuantLib. The optimizer's verification re-evaluates every reported hedge with it, and
the tests build their dense LPs and brute-force searches from it.

About 10-40 µs per holding or European leg per scenario on one core (a QuantLib American leg about 0.3 ms):
11,000 scenarios of a seed account with a two-leg hedge take about a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hedgeopt.account.account import Account
from hedgeopt.reference.fx_hedges import lot_value
from hedgeopt.reference.holdings import Ledger
from hedgeopt.reference.options import OptionReference
from hedgeopt.reference.scenario import Moves, ScenarioColumns
from pricing import Instrument, Market, legs_of
from pricing._typing import FloatArray
from pricing.fx.instruments import FxHedge
from scenarios import ScenarioSet


@dataclass(frozen=True)
class Held:
    """A hedge position to re-evaluate: what was bought, how much, and what one unit cost.

    Attributes
    ----------
    instrument : Option, Package or FxHedge
    quantity : float
        Contracts (lots of a yen hedge) held, >= 0.
    paid : float
        What one contract or lot cost today, base currency: the premium at the quotes and the commission (a yen
        hedge: its half-spread and commission; its carry is in its value).
    """

    instrument: Instrument | FxHedge
    quantity: float
    paid: float

    @property
    def label(self) -> str:
        """The instrument's label."""
        return self.instrument.label


class ReferenceEvaluator:
    """An account (and optionally a hedge) under scenarios, valued position by position.

    Parameters
    ----------
    account : Account
    market : Market
        Today's market.

    Examples
    --------
    The strategy's numbers: an instantaneous 30% fall costs the 1.3x example account 900,000 JPY.

    >>> from pricing import default_market
    >>> from hedgeopt.account.holdings import MMF, Cash, MarginPosition
    >>> acct = Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
    ...                satellite=(MarginPosition("SPX", 3_000_000, 0.06, value_currency="JPY"),))
    >>> crash = ScenarioSet.from_records([{"label": "SPX -30%", "horizon_days": 0, "equity.SPX": -0.30}])
    >>> ref = ReferenceEvaluator(acct, default_market())
    >>> round(ref.nav()), round(float(ref.pnl(crash)[0]))
    (10000000, -900000)
    """

    def __init__(self, account: Account, market: Market) -> None:
        self.account, self.market = account, market
        self.options = OptionReference(market)
        self.ledger = Ledger(account, market, self.options)

    def nav(self) -> float:
        """The account's value today, base currency: every holding's value summed."""
        return sum(self.ledger.today(line) for line in self.ledger.lines)

    def held_value(self, held: Held, moves: Moves) -> float:
        """One unit of a hedge position at the scenario's date, base currency."""
        if isinstance(held.instrument, FxHedge):
            return lot_value(held.instrument, self.market, moves)
        return self.options.value(held.instrument, moves)

    def table(self, scenarios: ScenarioSet, rows: Sequence[int] | np.ndarray | None = None,
              hedge: Sequence[Held] = ()) -> pd.DataFrame:
        """Every position's P&L under each scenario, base currency: one column per holding and hedge line.

        Parameters
        ----------
        scenarios : ScenarioSet
        rows : sequence of int, optional
            Scenario positions (all when None).
        hedge : sequence of Held
            Hedge positions; each line's P&L is ``quantity x (value at the scenario's date - paid)``.

        Returns
        -------
        pandas.DataFrame
            Index the scenario positions; a column per holding (``mmf ...``, ``cash JPY``, ``margin SPX``,
            ``loan SPX``, ...) and per hedge line (``hedge <label>``), and ``pnl``, their sum.
        """
        every = self._moves(scenarios, rows, [h.instrument for h in hedge])
        lines = self.ledger.lines
        names = [line.name for line in lines] + [f"hedge {h.label}" for h in hedge]
        out = np.empty((len(every), len(names)))
        for k, moves in enumerate(every):
            line = [self.ledger.pnl(x, moves) for x in lines]
            line += [h.quantity * (self.held_value(h, moves) - h.paid) for h in hedge]
            out[k] = line
        frame = pd.DataFrame(out, index=[m.i for m in every], columns=_unique(names))
        frame["pnl"] = out.sum(axis=1)
        return frame

    def pnl(self, scenarios: ScenarioSet, rows: Sequence[int] | np.ndarray | None = None,
            hedge: Sequence[Held] = ()) -> FloatArray:
        """The account's P&L (with the hedge) under each scenario, base currency, shape (len(rows),)."""
        return self.table(scenarios, rows, hedge)["pnl"].to_numpy()

    def unit_values(self, scenarios: ScenarioSet, instruments: Sequence[Instrument | FxHedge],
                    rows: Sequence[int] | np.ndarray | None = None) -> FloatArray:
        """One contract (lot) of each instrument at each scenario's date, base currency, shape (rows, instruments)."""
        every = self._moves(scenarios, rows, instruments)
        out = np.empty((len(every), len(instruments)))
        for k, moves in enumerate(every):
            out[k] = [self.held_value(Held(x, 1.0, 0.0), moves) for x in instruments]
        return out

    def _moves(self, scenarios: ScenarioSet, rows: Sequence[int] | np.ndarray | None,
               instruments: Sequence[Instrument | FxHedge]) -> list[Moves]:
        """The scenarios of ``rows``, with the surface vols of every option leg held or in ``instruments`` read."""
        columns = ScenarioColumns(scenarios)
        rows = np.arange(columns.n) if rows is None else np.asarray(rows, dtype=np.int64)
        every = [columns.row(int(i), self.market.valuation_date) for i in rows]
        legs = self.ledger.options_held() + [leg.option for x in instruments if not isinstance(x, FxHedge)
                                             for leg in legs_of(x)]
        self.options.prepare(list(dict.fromkeys(legs)), every)
        return every


def _unique(names: list[str]) -> list[str]:
    """Column names made unique by numbering repeats (two MMFs of one name)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} #{seen[name]}")
    return out

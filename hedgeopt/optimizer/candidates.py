"""Hedge candidates: index puts and put spreads, USD/JPY options and linear yen hedges, with what each costs.

Two kinds of candidate share one list (columns: options first, then the linear yen hedges):

* **options and packages** (index puts and spreads, USD/JPY options): the cost per contract is what buying it
  costs today, base currency — the quoted price, each long leg at its ask and each short leg at its bid (a put
  spread: long ask − short bid), from the option's own quote or the market's option-chain listing
  (:meth:`pricing.market.Market.quote`) where there is one and from the quote model
  (:mod:`pricing.trading_costs.quotes`) otherwise — plus the commission of every leg: the contract's
  published schedule (:mod:`pricing.trading_costs.commissions`, one contract per order) converted at the
  market's FX, unless ``commission`` gives a flat amount per contract per leg (``[hedge] commission``). The
  model value stays beside it: a candidate bought at its cost is worth its model value at once.
* **linear yen hedges** (:class:`~pricing.fx.instruments.FxHedge`: forwards, CME yen futures, くりっく365, 店頭FX):
  nothing is paid for the position itself; what it costs over the horizon is the **carry it gives up** — the
  forward points (or swap points and the broker's markup) on the dollars sold, over ``horizon_days``
  (:func:`pricing.fx.forwards.hedge_carry`: about 3.5% a year at 4.0% and 0.5%) — plus the half-spread and the
  commission paid to enter. The carry is already in its value under every scenario
  (:mod:`scenarios.fx_repricing`), so only the half-spread and commission (the ``outlay``) come off its payoff.

``cost`` is what the optimizer minimises (and what a budget limits); ``outlay`` what is paid today; the
``cost_basis`` of each candidate says which (``"premium"`` or ``"carry"``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pricing import InputError, Instrument, Market, legs_of
from pricing._typing import FloatArray
from pricing.fx.instruments import FxHedge
from pricing.trading_costs import DEFAULT_QUOTE_MODEL, QuoteModel, TradeSide, commission_schedule
from pricing.validation import check_non_negative
from scenarios import ScenarioSet
from scenarios.fx_repricing import FxRepricer
from scenarios.repricing import OptionRepricer

Candidate = Instrument | FxHedge
"""Anything the optimizer can buy: an option, a package of options, or a lot of a linear yen hedge."""


class Candidates:
    """Candidate instruments with their cost and their lazily computed value under scenarios.

    Parameters
    ----------
    instruments : sequence of Option, Package or FxHedge
        Options first, then linear yen hedges (the order is kept: column ``j`` is ``instruments[j]``).
    market : Market
    commission : float or None, default None
        Flat commission per option contract per leg, base currency, instead of the contract's published
        schedule (None: the schedule). Linear yen hedges always pay their own terms.
    quotes : QuoteModel, default :data:`~pricing.trading_costs.quotes.DEFAULT_QUOTE_MODEL`
        Quotes the option legs no option-chain quote prices.
    horizon_days : int, default 30
        Days over which a linear hedge's carry is counted as its cost.

    Attributes
    ----------
    model_value : ndarray of shape (n,)
        Model value of one contract today, base currency (0 for a linear hedge: entered at mid).
    premium : ndarray of shape (n,)
        One option contract at the quotes (long legs at the ask, short legs at the bid); for a linear hedge the
        half-spread paid to enter one lot. Base currency.
    commission_cost : ndarray of shape (n,)
        Commission of buying one contract (every leg) or lot, base currency.
    carry : ndarray of shape (n,)
        Carry a lot gives up over ``horizon_days`` (0 for options), base currency.
    outlay : ndarray of shape (n,)
        ``premium + commission_cost``: paid today, taken off the payoff.
    cost : ndarray of shape (n,)
        ``outlay + carry``: what the optimizer minimises per contract.
    whole : ndarray of bool, shape (n,)
        True where only whole contracts or lots can be bought (False: a bank forward, any amount).
    minimum : ndarray of shape (n,)
        Least amount of one deal, in units, where a candidate is bought in any amount above it (a bank
        forward's 10,000 USD is 10 units of 1,000 USD); 0 elsewhere.
    fx_notional : ndarray of shape (n,)
        The dollars one contract or lot of a yen hedge covers, base currency at today's spot: the dollars a
        linear hedge sells, the long legs' notional of a USD/JPY option (0 for index options).
    """

    def __init__(self, instruments: Sequence[Candidate], market: Market, commission: float | None = None,
                 quotes: QuoteModel = DEFAULT_QUOTE_MODEL, horizon_days: int = 30) -> None:
        if not instruments:
            raise InputError("hedge.candidates", [], "at least one candidate instrument")
        is_fx = np.array([isinstance(i, FxHedge) for i in instruments])
        if is_fx.any() and not is_fx[np.argmax(is_fx):].all():
            raise InputError("hedge.candidates", [i.label for i in instruments], "options first, then yen hedges")
        self.n_options = int((~is_fx).sum())
        self.market = market
        self.horizon_days = int(horizon_days)
        self.commission = None if commission is None else float(check_non_negative("commission", commission))
        self.quotes = quotes
        self.options = OptionRepricer([i for i in instruments if not isinstance(i, FxHedge)], market)
        self.fx = FxRepricer([i for i in instruments if isinstance(i, FxHedge)], market)
        self.model_value = np.concatenate([self.options.value_today() if self.n_options else np.zeros(0),
                                           self.fx.value_today()])
        option_premium, option_fees = self._costs() if self.n_options else (np.zeros(0), np.zeros(0))
        fx_spread, fx_fees = self.fx.entry_costs()
        fx_carry = self.fx.carry(self.horizon_days)
        self.premium = np.concatenate([option_premium, fx_spread])
        self.commission_cost = np.concatenate([option_fees, fx_fees])
        self.carry = np.concatenate([np.zeros(self.n_options), fx_carry])
        self.outlay = self.premium + self.commission_cost
        self.cost = self.outlay + self.carry
        self.whole = np.concatenate([np.ones(self.n_options, dtype=bool),
                                     np.array([h.spec.whole for h in self.fx.instruments], dtype=bool)])
        self.fx_notional = np.concatenate([self._option_fx_notional(), self.fx.notional_base()])
        self.minimum = np.concatenate([np.zeros(self.n_options),
                                       np.array([h.spec.minimum for h in self.fx.instruments], dtype=float)])

    def __len__(self) -> int:
        return self.n_options + len(self.fx)

    @property
    def instruments(self) -> list[Candidate]:
        """The instruments, in column order."""
        return [*self.options.instruments, *self.fx.instruments]

    @property
    def labels(self) -> list[str]:
        """Instrument labels, in column order."""
        return [*self.options.labels, *self.fx.labels]

    @property
    def cost_basis(self) -> list[str]:
        """What each candidate's cost counts: ``"premium"`` (options) or ``"carry"`` (linear yen hedges)."""
        return ["premium"] * self.n_options + ["carry"] * len(self.fx)

    @property
    def is_fx(self) -> np.ndarray:
        """True for the yen hedges: USD/JPY options and the linear hedges (those that cover dollars), shape (n,)."""
        return self.fx_notional > 0

    def expiry_days(self) -> np.ndarray:
        """Calendar days to each candidate's earliest expiry or maturity (a rolling position: never)."""
        legs = self.options.legs
        days = np.full(self.n_options, np.iinfo(np.int64).max)
        np.minimum.at(days, legs.owner, legs.expiry_days)
        return np.concatenate([days, self.fx.maturity_days])

    def _split(self, columns: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Columns, and which of them are options (local positions) and linear hedges (local positions)."""
        columns = np.arange(len(self)) if columns is None else np.asarray(columns, dtype=np.int64)
        return columns, columns[columns < self.n_options], columns[columns >= self.n_options] - self.n_options

    def value(self, scenarios: ScenarioSet, rows: np.ndarray | None = None, columns: np.ndarray | None = None,
              *, quantlib: bool = False) -> FloatArray:
        """Value at the horizon per contract or lot, base currency, shape (len(rows), len(columns)).

        ``quantlib=True`` prices with the slow twins (QuantLib per leg, QuantLib curves per lot).
        """
        columns, opt, fx = self._split(columns)
        n_rows = len(scenarios) if rows is None else np.asarray(rows).size
        out = np.empty((n_rows, columns.size))
        is_opt = columns < self.n_options
        if opt.size:
            out[:, is_opt] = (self.options.quantlib_value if quantlib else self.options.value)(scenarios, rows, opt)
        if fx.size:
            out[:, ~is_opt] = (self.fx.quantlib_value if quantlib else self.fx.value)(scenarios, rows, fx)
        return out

    def uncredited(self, scenarios: ScenarioSet, rows: np.ndarray | None = None,
                   columns: np.ndarray | None = None) -> np.ndarray:
        """True where an option expires inside a window with no recorded path (credited with nothing there)."""
        columns, opt, fx = self._split(columns)
        n_rows = len(scenarios) if rows is None else np.asarray(rows).size
        out = np.zeros((n_rows, columns.size), dtype=bool)
        if opt.size:
            out[:, columns < self.n_options] = self.options.uncredited(scenarios, rows, opt)
        return out

    def _option_fx_notional(self) -> FloatArray:
        """Long-leg notional of each USD/JPY option, base currency (0 for an index option)."""
        return np.array([fx_option_notional(i, self.market) for i in self.options.instruments], dtype=float)

    def _costs(self) -> tuple[FloatArray, FloatArray]:
        """(premium at the quotes, commission) of one contract of each option candidate, base currency.

        Vectorized over every leg of every candidate: the quote model prices all legs of a contract at once, a
        chain quote replaces it where the option or the market's listing carries one, and each leg's commission
        is its schedule's fee for a one-contract order (bought for a long leg, sold for a short one).
        """
        legs = self.options.legs
        unit, delta = self.options.legs_today()
        options = [leg.option for instrument in self.options.instruments for leg in legs_of(instrument)]
        symbols = np.array([o.symbol for o in options])
        bid, ask = np.empty(unit.size), np.empty(unit.size)
        for symbol in np.unique(symbols):
            here = symbols == symbol
            bid[here], ask[here] = self.quotes.quote(unit[here], delta[here], symbol, validate=False)
        for k, option in enumerate(options):
            quote = self.market.quote(option)
            if quote is not None:
                bid[k], ask[k] = quote.bid, quote.ask
        long = legs.quantity > 0
        paid = np.where(long, ask, bid)  # buying the package: long legs at the ask, short legs at the bid
        fx = np.array([self.market.fx_rate(c) for c in legs.currency])
        size = np.abs(legs.quantity)
        if self.commission is None:
            fee = np.empty(unit.size)
            for symbol in np.unique(symbols):
                schedule = commission_schedule(symbol)
                for side, mask in ((TradeSide.BUY, long), (TradeSide.SELL, ~long)):
                    pick = (symbols == symbol) & mask
                    fee[pick] = schedule.fee(paid[pick], legs.multiplier[pick], 1.0, side, validate=False)
            fee_base = size * fee * fx
        else:
            fee_base = size * self.commission
        premium, fees = np.zeros(self.n_options), np.zeros(self.n_options)
        np.add.at(premium, legs.owner, legs.quantity * paid * legs.multiplier * fx)
        np.add.at(fees, legs.owner, fee_base)
        return premium, fees

    def payoff(
        self, scenarios: ScenarioSet, rows: np.ndarray | None = None, columns: np.ndarray | None = None
    ) -> FloatArray:
        """Value at the horizon less what was paid today, per contract or lot, base currency.

        Shape (len(rows), len(columns)). The carry of a linear hedge is inside its value.
        """
        columns = np.arange(len(self)) if columns is None else np.asarray(columns, dtype=np.int64)
        return self.value(scenarios, rows, columns) - self.outlay[columns][None, :]


def fx_option_notional(instrument: Instrument, market: Market) -> float:
    """The dollars one contract of a USD/JPY option insures, base currency at today's spot (0 on an index).

    The long legs' notional: a dollar put spread insures the dollars of its long put.
    """
    pair = instrument.spec.underlying
    if market.fx_pair(pair) is None:
        return 0.0
    units = sum(leg.quantity * leg.option.spec.multiplier for leg in legs_of(instrument) if leg.quantity > 0)
    return units * market.spot(pair) * market.fx_rate(instrument.spec.currency)

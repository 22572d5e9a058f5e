r"""The path engine: the account lives through daily market paths, vectorized over paths and programs.

One loop over days; every state is an array over lanes, shape ``(programs, n_paths)``: one row per standing-hedge
program run side by side on the same paths (one row for an ordinary run; :class:`Simulator` ``programs``). At the
close of each trading day ``t`` (dates of the
:class:`~scenarios.paths.MarketPaths`; ``dt`` = calendar days since the last close / 365), in this order:

0. **Tax** (rows run with ``tax``, :mod:`hedgeopt.paths.aftertax.steps`; every step below feeds the ledger what
   it realises): on the first trading day of a calendar year the year just ended is settled and its listed tax
   withheld from the cash; on the first on or after 15 March the return's balance is paid (or refunded).

1. **Accrual** over the day: each MMF grows by :math:`(1 + y\,dt)` with :math:`y` = the path's short rate of
   its currency at the previous close + (configured yield − the market's 3-month rate) − fee, so the MMF
   floats with the short rate at its configured spread; foreign cash is a fund with yield 0 and no lag. A
   margin loan accrues :math:`L\,(r + s)\,dt` (spread :math:`s` = loan rate − market rate), capitalised;
   cost "funding". ETF dividends (the paths' dividend yield, else the market's, on the previous close's
   value) go to cash (cash route; an accumulating fund buys more of itself at the close) or reduce the loan
   (margin route). Other assets move by their betas and carry. A yen-hedged
   MMF class is held in the base currency (it does not move with FX) and accrues its own currency's short rate
   + spread − fee − the path's 3-month forward points a year − its ``hedge_fee`` (:class:`~.book.Fund`).
2. **Redemptions arrive**: MMF ordered ``lag`` trading days ago is converted at today's FX less ``fx_cost``
   (cost "fx_conversion").
3. **Futures**: variation margin ``contracts × multiplier × ratio × (F_t − F_{t-1})`` on the contract held
   overnight, :math:`F = S e^{(r-q)\tau}` to its quarterly expiry, paid or received in cash at today's FX; the
   contract rolls ``futures_roll_days`` before expiry (two commissions, cost "roll").
3b. **FX hedge** (``[paths.fx_hedge]``, :mod:`hedgeopt.paths.fx_steps`): a yen future's variation margin or a
   rolling position's spot move and swap points settle in cash; a forward settles at maturity; then a roll (or a
   rolling position's review) re-sizes it to ``ratio`` × the USD MMF's dollars. Costs "fx_spread", "fx_carry",
   "fx_commission".
4. **Standing hedge**: on a roll date the old options are sold (or settle at intrinsic value on or after expiry,
   without spread or commission, on the contract's settlement price: the expiry morning's open for SPX, the
   close for XSP; :meth:`~hedgeopt.paths.valuation.PathValues.settlement_level`) and new ones bought, sized to
   ``coverage`` of the index exposure (whole contracts: at least one). Route C's rolled calls or call spreads
   (:class:`~hedgeopt.config.path_settings.RolledCalls`, in a row's ``hedge`` slot: a route C row holds no
   standing put) roll the same way, sized to their index units at the day's level (the units a cash ETF of the
   target exposure would hold by buy-and-hold), and count in the exposure by delta. Options are
   priced with the Black–Scholes kernel on the market surface moved by the path's 30-day vol
   (:func:`~hedgeopt.paths.valuation.option_vol`). Each leg trades at the quote model's bid or ask on that price
   and its delta (:mod:`pricing.trading_costs.quotes`; a long leg with no bid is left to expire) and pays the
   contract's commission schedule for an order of the contracts held; ``half_spread`` and ``commission`` override
   them (``value × (1 ± half_spread)``, a flat commission per contract per leg). Costs: "premiums" (model value
   bought), "roll" (what the quotes cost beyond the model value, both ways), "commissions".
5. **Margin loan**: if (collateral + ETF − loan) / ETF < maintenance ratio, the position is sold at the close
   and the loan repaid (a forced liquidation). Collateral: configured, else cash + MMF + MMF in transit.
6. **Futures margin call**: cash below the maintenance margin (futures and FX hedge) is a call; a call unmet for
   more than ``margin_call_days`` trading days closes every contract and the FX hedge at the close (a forced
   liquidation; the FX hedge stays closed on that path).
7. **Rules** (:mod:`hedgeopt.config.rules`): staircase, re-entry, leverage-cap trim; trades at the close.
8. **Refill**: when cash + MMF in transit is below ``refill_below ×`` the initial margin of the futures and the FX
   hedge (below zero without either), MMF is redeemed up to ``refill_to ×`` (zero), fastest fund first; it
   arrives ``lag`` trading days later. Until then a negative cash balance, or cash below the maintenance margin,
   is a **shortfall day**.
9. **Record** NAV = cash + MMF + MMF in transit (today's FX) + ETFs − loans + other assets + options (model
   value) + an FX forward's mark; futures and rolling FX add nothing (settled daily).

Day 0 buys the standing hedge at its close, then deals the FX hedge. The account as configured is replayed by
value: each holding keeps its base-currency value at the path's day-0 prices (futures keep their notional,
rounded to whole contracts, with margins scaled the same way).

Every state array has shape ``(rows, n_paths)``: each row is one way to run an account on the shared paths (a
standing-hedge program, or with :meth:`Simulator.of_rows` a whole variant: its own account, rules and FX hedge),
and a row's figures are exactly those of a run of its own. Values a close needs several times (NAV, exposures,
funds, margins) are kept until a step trades; series of the paths alone (fund growth, loan carry, dividends,
futures moves, the standing hedge's legs a block of days ahead) are built once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import OptionPosition
from hedgeopt.account.routes import DEFAULT_OPTIONS
from hedgeopt.config.path_settings import Frictions, HedgeKind, RolledCalls, RolledFxHedge, StandingHedge
from hedgeopt.config.rules import Rules
from hedgeopt.config.tax_spec import TaxSettings
from hedgeopt.paths.aftertax.steps import TaxSteps
from hedgeopt.paths.book import CASH_TOLERANCE, market_inputs, merge_books, merge_inputs, open_book
from hedgeopt.paths.cash_steps import CashSteps
from hedgeopt.paths.events import Event, event_table
from hedgeopt.paths.fx_steps import FxSteps, held_fx_hedge
from hedgeopt.paths.result import PathRun
from hedgeopt.paths.trade_steps import TradeSteps
from pricing import InputError, Market, contract
from pricing._typing import FloatArray
from scenarios.paths.market_paths import MarketPaths


@dataclass(frozen=True)
class Row:
    """One way to run an account on the shared paths: a row of a :class:`Simulator`'s lanes.

    Parameters
    ----------
    account : Account
    rules : Rules or None
        None: buy and hold.
    hedge : StandingHedge or None
        None or kind "none": no options. A :class:`~hedgeopt.config.path_settings.RolledCalls` runs route C
        instead: the index held through rolled calls or call spreads (the row's account should hold no ETF or
        futures on that index; the rules, if any, trade only what it does hold, never the calls).
    fx_hedge : RolledFxHedge or None
        The FX hedge this row runs, as it is: None runs none (the held yen hedges are not read here; see
        :func:`~hedgeopt.paths.fx_steps.held_fx_hedge`).
    tax : TaxSettings or None
        The ``[tax]`` settings (year set) this row pays its tax by, in cash from the account
        (:mod:`hedgeopt.paths.aftertax.steps`); its run carries the ledger (:attr:`PathRun.tax`). None: pre-tax,
        exactly as without any taxed row beside it.
    """

    account: Account
    rules: Rules | None = None
    hedge: StandingHedge | None = None
    fx_hedge: RolledFxHedge | None = None
    tax: TaxSettings | None = None


class Simulator(CashSteps, TradeSteps, FxSteps, TaxSteps):
    """Run an account through paths (see the module docstring for the day's order).

    Parameters
    ----------
    account : Account
        The account as configured (options-route positions are not replayed: use the standing hedge).
    market : Market
        Supplies day-0 values, dividend yields, the vol surface's skew and the rates a path lacks.
    paths : MarketPaths
    rules : Rules or None
        None or inactive rules: buy and hold (only the leverage cap trims, if ``rules`` is given).
    hedge : StandingHedge or None
        None or kind "none": no options.
    frictions : Frictions
    fx_hedge : RolledFxHedge or None
        The yen hedge of the USD MMF rolled along the paths; None: the account's held yen hedges, rolled
        (:func:`~hedgeopt.paths.fx_steps.held_fx_hedge`), or none. Given, it replaces the held ones.
    programs : sequence of StandingHedge or None, optional
        Several standing hedges run side by side on the same paths, one lane per program and path (the state
        arrays have shape ``(programs, n_paths)``); replaces ``hedge``. Read the runs with :meth:`run_summary`.

    See Also
    --------
    Simulator.of_rows : rows that differ in account, rules and FX hedge too (the backtest's variants).
    """

    def __init__(self, account: Account, market: Market, paths: MarketPaths, rules: Rules | None = None,
                 hedge: StandingHedge | None = None, frictions: Frictions | None = None,
                 fx_hedge: RolledFxHedge | None = None, programs: Sequence[StandingHedge | None] | None = None
                 ) -> None:
        fx_hedge = fx_hedge if fx_hedge is not None else held_fx_hedge(account, market)
        rows = [Row(account, rules, h, fx_hedge) for h in (programs if programs is not None else (hedge,))]
        self._setup(market, paths, rows, frictions)

    @classmethod
    def of_rows(cls, market: Market, paths: MarketPaths, rows: Sequence[Row], frictions: Frictions | None = None
                ) -> Simulator:
        """Several ways to run accounts on the same paths at once, one row of lanes each (read with :meth:`runs`).

        Each row's figures are exactly those of a run of its own: the book holds every row's positions (zero on
        the rows whose account does not hold them), each row starts from its own account's day-0 holdings, and
        the rules and the FX hedge act only on the rows that have them.

        Raises
        ------
        InputError
            No rows; rows with two different rules, FX hedges or tax settings (one of each, or None, per row); a
            tax without its year; accounts driven
            by different indices; or a row :class:`Simulator` itself refuses.
        """
        sim = cls.__new__(cls)
        sim._setup(market, paths, list(rows), frictions)
        return sim

    def _setup(self, market: Market, paths: MarketPaths, rows: list[Row], frictions: Frictions | None) -> None:
        """Check the rows and open the book of every account on its rows."""
        if not rows:
            raise InputError("programs", "()", "at least one standing hedge (or None for none)")
        for row in rows:
            _check_account(row.account)
        self.market, self.rows, self.account = market, tuple(rows), rows[0].account
        self.rules = _shared("rules", [r.rules for r in rows])
        self.fx_hedge = _shared("fx_hedge", [r.fx_hedge for r in rows])
        self.ruled = np.array([[r.rules is not None] for r in rows])
        self.programs = tuple(r.hedge if r.hedge is not None and r.hedge.kind is not HedgeKind.NONE else None
                              for r in rows)
        self.frictions = (frictions or Frictions()).with_buffer(3.0)
        self._open(market, paths, rows)
        for h in self.programs:
            _check_hedge(h, paths)
        self.fx_maturity, self.fx_review = None, None
        for row in rows:
            if row.fx_hedge is not None:
                _check_fx_hedge(row.fx_hedge, row.account)
        self.state.fx_open &= np.array([[r.fx_hedge is not None] for r in rows])
        self.events: list[Event] = []
        self.opt_expiry: list[dt.date | None] = [None] * len(rows)
        self.opt_legs: list[tuple] = [()] * len(rows)
        self._priced: tuple[int, FloatArray] | None = None
        self._dirty: set[int] = set()
        self._holders: list = []
        self._legs: tuple[int, dict] = (-1, {})
        self.leg_strikes: dict = {}
        self._memo, self._surfaces, self._blocks, self._daily = {}, {}, {}, {}
        self._zero = np.zeros(paths.n_paths)
        self._zero.flags.writeable = False
        self._rv = (0, np.empty((0, paths.n_paths)))
        self.rec: dict[str, np.ndarray] = {}
        self.e_plan = np.zeros(self.lanes)
        self.call_units = np.zeros(self.lanes)
        for g, (row, h) in enumerate(zip(rows, self.programs, strict=True)):
            if h is not None and h.right == "call":
                self.call_units[g] = self._units(row.account, h)
        tax = _shared("tax", [r.tax for r in rows])
        self.ledger = None
        if tax is not None:
            if tax.year is None:
                raise InputError("rows.tax.year", None, "a tax year (TaxSettings.for_year)")
            self._tax_open(rows, tax)

    def _open(self, market: Market, paths: MarketPaths, rows: list[Row]) -> None:
        """The paths' inputs, the book and the day-0 state of every distinct account on its rows."""
        accounts: list[Account] = []
        for row in rows:
            if row.account not in accounts:
                accounts.append(row.account)
        groups = [[g for g, r in enumerate(rows) if r.account == a] for a in accounts]
        inputs = [market_inputs(a, market, paths) for a in accounts]
        self.x = merge_inputs(inputs)
        parts = [open_book(a, market, x, self.frictions, len(g)) for a, x, g in zip(accounts, inputs, groups,
                                                                                    strict=True)]
        self.book, self.state = merge_books(parts, groups)
        self.row_lag = [0] * len(rows)  # each row's longest MMF redemption lag (its own account's funds)
        for (book, _), group in zip(parts, groups, strict=True):
            for g in group:
                self.row_lag[g] = max((f.lag for f in book.funds), default=0)

    def _units(self, account: Account, calls: RolledCalls) -> FloatArray:
        """Index units route C's ``calls`` hold on every path: their exposure at the path's day-0 level and FX.

        ``calls.exposure`` (base currency), else ``account``'s own day-0 exposure to the index, replayed by value as
        every holding is.
        """
        index = contract(calls.symbol).underlying
        exposure = calls.exposure if calls.exposure is not None else account.exposures(self.market).get(index, 0.0)
        return exposure / self.base_price(index)[:, 0]

    @property
    def hedge(self) -> StandingHedge | None:
        """The standing hedge of a one-program run (the first program's)."""
        return self.programs[0]

    def _record(self, t: int) -> None:
        """Store the day's series (time-major: ``rec[name][t]`` is the close of ``t`` on every lane)."""
        s, rec = self.state, self.rec
        held, transit = self._funds_value(t)
        exposure, _ = self.exposures(t)
        nav = self.nav(t)
        required = self.required(t)
        if not rec:
            shape = (self.x.paths.n_days + 1, *self.lanes)
            rec.update({k: np.zeros(shape) for k in ("nav", "cash", "exposure", "leverage", "mmf", "options",
                                                     "required")}, shortfall=np.zeros(shape, dtype=bool))
        rec["nav"][t] = nav
        rec["cash"][t] = s.cash
        rec["exposure"][t] = exposure
        rec["leverage"][t] = self.gross(t) / nav
        rec["mmf"][t] = held + transit
        rec["options"][t] = self.options_value(t)
        rec["required"][t] = required
        rec["shortfall"][t] = (s.cash < np.maximum(required, 0.0) - CASH_TOLERANCE) | s.short_today

    def _summarise(self, t: int) -> None:
        """Keep only what a program search reads: NAV at the start and now, its running peak and worst drawdown.

        In place, one pass of arithmetic over the lanes a day (the search's hot loop).
        """
        s, rec = self.state, self.rec
        nav = self.nav(t)
        if not rec:
            rec.update(nav0=nav.copy(), peak=nav.copy(), max_drawdown=np.zeros(self.lanes),
                       shortfall_days=np.zeros(self.lanes), ruined=np.zeros(self.lanes, dtype=bool),
                       scratch=np.empty(self.lanes))
        gone = nav <= 0
        if gone.any() or rec["ruined"].any():
            rec["ruined"] |= gone
            nav = np.where(rec["ruined"], 0.0, nav)  # as PathRun.wealth: a ruined account stays at zero
        np.maximum(rec["peak"], nav, out=rec["peak"])
        dd = np.divide(nav, rec["peak"], out=rec["scratch"])
        dd -= 1.0
        np.minimum(rec["max_drawdown"], dd, out=rec["max_drawdown"])
        rec["nav"] = nav
        if self.book.futures or self.fx_margined:
            short = (s.cash < np.maximum(self.required(t), 0.0) - CASH_TOLERANCE) | s.short_today
        else:
            short = s.cash < -CASH_TOLERANCE
        if t > 0:  # the days after the opening close, as PathRun.shortfall_days counts them
            rec["shortfall_days"] += short

    def _live(self, record: Callable[[int], None], progress: Callable[[int], None] | None) -> None:
        """Every day of the paths in the module docstring's order, ``record`` at each close."""
        s = self.state
        nav0 = self.nav(0)
        exposure0, _ = self.exposures(0)
        self.e_plan = exposure0 / nav0
        s.peak = nav0.copy()
        steps = self.rules.derisk if self.rules is not None else ()
        s.armed = [np.ones(nav0.shape, dtype=bool) for _ in steps]
        self._levels = np.array([step.drawdown for step in steps]).reshape(-1, 1, 1)
        self._hedge(0)
        self._fx_step(0, self._fx_open)
        self.touch()
        self._refill(0)
        record(0)
        for t in range(1, self.x.paths.n_days + 1):
            self.touch()  # the day's valuations are kept until a step trades (and touches)
            if self.ledger is not None:
                self._tax_day(t)
            self._accrue(t)
            self._arrive(t)
            self._futures(t)
            self._fx_step(t, self._fx)
            self._hedge(t)
            self._margin_calls(t)
            self._futures_calls(t)
            self._rules(t)
            self._refill(t)
            record(t)
            if progress is not None:
                progress(t)

    def _fx_step(self, t: int, step: Callable[[int], None]) -> None:
        """The FX hedge's step at ``t``; with a ledger, the cash it moved is taxed (a yen future's at its roll)."""
        if self.ledger is None or self.fx_hedge is None:
            step(t)
            return
        before, maturity = self.state.cash.copy(), self.fx_maturity
        step(t)
        self.tax_fx(self.state.cash - before, rolled=t > 0 and self.fx_maturity != maturity)

    def run(self, progress: Callable[[int], None] | None = None) -> PathRun:
        """Live through every day of a one-program run; ``progress(t)`` is called after each day."""
        if len(self.programs) != 1:
            raise InputError("programs", len(self.programs), "one program for a full run",
                             hint="run_summary runs several")
        return self.runs(progress)[0]

    def runs(self, progress: Callable[[int], None] | None = None) -> list[PathRun]:
        """Live through every day keeping every series; one :class:`PathRun` per row, as a run of its own gives."""
        self._live(self._record, progress)
        return [self._result(g) for g in range(len(self.rows))]

    def run_summary(self, progress: Callable[[int], None] | None = None) -> dict[str, np.ndarray]:
        """Live through every day keeping per-lane figures only, each of shape ``(programs, n_paths)``.

        ``nav0`` and ``nav`` (NAV at the start and the end, base currency; held at zero once ruined, as
        :attr:`PathRun.wealth`), ``max_drawdown`` (negative decimal), ``ruined`` (bool), ``shortfall_days`` (after
        day 0, as :attr:`PathRun.shortfall_days`),
        ``liquidations``, ``hedge_spend`` (the standing hedge bought with fees less the time value recovered
        when sold back before expiry, base currency; payoffs never reduce it), ``time_value`` (what the options
        held at the end are worth beyond their intrinsic value: premium paid but not yet used), ``cover`` (mean
        notional bought / the index exposure hedged over the rolls, NaN without one), ``contracts`` (mean
        contracts bought per roll, NaN without one), ``rolls``, and ``cost.<kind>`` for every cost kind.
        """
        self._live(self._summarise, progress)
        s, out = self.state, dict(self.rec)
        del out["peak"], out["scratch"]
        end = self.x.paths.n_days
        out["time_value"] = np.stack([self.program_time_value(end, g) for g in range(len(self.programs))])
        out.update(liquidations=s.liquidations, hedge_spend=s.hedge_spend, rolls=s.rolls,
                   cover=np.where(s.rolls > 0, s.cover / np.where(s.rolls > 0, s.rolls, 1.0), np.nan),
                   contracts=np.where(s.rolls > 0, s.bought / np.where(s.rolls > 0, s.rolls, 1.0), np.nan),
                   **{f"cost.{k}": v for k, v in s.costs.items()})
        return out

    def _result(self, g: int) -> PathRun:
        """Row ``g``'s finished run: its series, costs, events and per-path facts."""
        x, s, row = self.x, self.state, self.rows[g]
        rec = {k: np.ascontiguousarray(v[:, g, :].T) for k, v in self.rec.items()}
        driver = x.spot[x.driver]
        worst = np.minimum(np.min(driver[:, 1:] / driver[:, :-1] - 1.0, axis=1), 0.0)
        hedge = self.programs[g]
        desc = {"rules": row.rules.describe() if row.rules is not None else "no rules",
                "hedge": hedge.describe() if hedge is not None else "no hedge",
                "fx_hedge": row.fx_hedge.describe() if row.fx_hedge is not None else "no FX hedge",
                "driver": x.driver}
        events = event_table(self._row_events(g), np.asarray(x.paths.labels, dtype=object), x.dates)
        cover = np.where(s.rolls[g] > 0, s.cover[g] / np.maximum(s.rolls[g], 1.0), np.nan)
        return PathRun(x.paths, rec["nav"], rec["cash"], rec["exposure"], rec["leverage"], rec["mmf"],
                       rec["options"], rec["required"], rec["shortfall"], {k: v[g] for k, v in s.costs.items()},
                       s.liquidations[g], events, worst, self.row_lag[g], x.rate[row.account.base_currency], desc,
                       s.hedge_spend[g], cover, self.tax_result(g, rec["nav"]) if row.tax is not None else None)

    def _row_events(self, g: int) -> list[Event]:
        """The events logged on row ``g``, indexed by path."""
        n = self.lanes[1]
        if len(self.rows) == 1:
            return self.events
        out = []
        for kind, idx, t, value, detail, before, after in self.events:
            on = idx // n == g
            if on.any():
                out.append((kind, idx[on] - g * n, t, value[on], detail, before[on], after[on]))
        return out


def _check_account(account: Account) -> None:
    """Options held are not replayed on paths."""
    for i, pos in enumerate(account.satellite):
        if isinstance(pos, OptionPosition):
            raise InputError(f"account.satellite[{i}].route", "options", "cash, margin or futures on paths",
                             hint="options held are not replayed on paths; the [paths.hedge] standing hedge is")


def _shared(name: str, values: list) -> object:
    """The one value (rules, FX hedge) the rows that have one share; None when no row has one."""
    held = [v for v in values if v is not None]
    if any(v != held[0] for v in held[1:]):
        raise InputError(f"rows.{name}", f"{len(set(map(repr, held)))} different", f"one {name} (or None) per row",
                         hint=f"run rows with different {name} in separate simulators")
    return held[0] if held else None


def _check_hedge(hedge: StandingHedge | None, paths: MarketPaths) -> None:
    """The standing hedge (or route C's calls) is on an index the paths carry."""
    if hedge is not None and contract(hedge.symbol).underlying not in paths.equity:
        fits = [DEFAULT_OPTIONS[i] for i in paths.equity if i in DEFAULT_OPTIONS]
        raise InputError(f"{hedge.table}.symbol", hedge.symbol, "an option on an index the paths carry ("
                         + ", ".join(paths.equity) + ")", hint=(f'set [hedge] symbol = "{fits[0]}", or '
                         if fits else "set ") + '[paths.hedge] kind = "none"')


def _check_fx_hedge(fx_hedge: RolledFxHedge, account: Account) -> None:
    """The FX hedge sells the currency of a USD MMF the account holds for its base currency.

    The paths carry its pair: the book refuses paths without a series for every currency the account holds.
    """
    spec = fx_hedge.spec
    if spec.domestic != account.base_currency:
        raise InputError("paths.fx_hedge.instrument", fx_hedge.instrument, f"a hedge into the account's base "
                         f"currency {account.base_currency}: {spec.pair} buys {spec.domestic}")
    if not any(f.currency == spec.foreign and not f.hedged for f in account.mmf):
        raise InputError("paths.fx_hedge", fx_hedge.instrument, f"an account with an MMF in {spec.foreign} to "
                         "hedge", hint="the hedge is sized to ratio x the MMF's dollars")


def simulate(account: Account, market: Market, paths: MarketPaths, rules: Rules | None = None,
             hedge: StandingHedge | None = None, frictions: Frictions | None = None,
             progress: Callable[[int], None] | None = None, fx_hedge: RolledFxHedge | None = None) -> PathRun:
    """Run ``account`` through ``paths`` with ``rules``, a standing ``hedge`` and an ``fx_hedge`` (:class:`Simulator`).

    Returns
    -------
    PathRun
        NAV, cash, exposure, leverage, drawdown paths; costs by kind; events; metrics per path.

    Examples
    --------
    The strategy's account through a 1987-style crash: the one-day fall costs the 30% satellite about 6% of NAV.

    >>> from hedgeopt.account.holdings import MMF, Cash, MarginPosition
    >>> from pricing import default_market
    >>> from scenarios.paths.stylised import stylised_path
    >>> acct = Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
    ...                satellite=(MarginPosition("SPX", 3_000_000, 0.06, value_currency="JPY"),))
    >>> m = default_market()
    >>> run = simulate(acct, m, stylised_path("crash_1987", m))
    >>> bool(-0.15 < run.max_drawdown[0] < -0.05)
    True
    """
    return Simulator(account, market, paths, rules, hedge, frictions, fx_hedge).run(progress)



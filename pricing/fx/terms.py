"""Contract terms of the linear yen hedges: a bank forward, CME yen futures, くりっく365 and retail OTC FX.

Every route sells dollars for yen (a yen investor hedging a dollar holding); they differ in lot size, in how the
rate gap is paid (forward points locked at the trade, or swap points paid daily), in trading costs and in margin.
The figures below are the published ones, each with its source; where none was found, the stand-in says so.

===============  ==============================  ==========================  ================  ==================
symbol           lot                             carry                       cost per trade    margin per lot
===============  ==============================  ==========================  ================  ==================
USDJPY_FWD       any amount from 10,000 USD      forward points at the trade  TTM ± 1 yen/USD   none (bank line)
6J               12,500,000 JPY (CME)            futures basis (quarterly)   1 tick + fees     2.12% of notional
MJY              1,250,000 JPY (CME micro)       futures basis (quarterly)   1 tick + fees     2.12% of notional
CLICK365         10,000 USD (くりっく365)          daily swap, one value        1 tick (0.5 sen)  4% of notional
OTC_FX           1,000 USD (店頭FX)                daily swap, broker's cut     0.1 sen           4% of notional
===============  ==============================  ==========================  ================  ==================

Sources and stand-ins:

* **USDJPY_FWD** — a bank's outright forward (為替予約) to an individual is dealt at the bank's customer rate:
  TTS/TTB = TTM ± 1.00 yen per dollar at the Japanese megabanks (MUFG Bank, 外国為替相場一覧表, the published
  daily TTS/TTB), plus the forward points. One yen is 0.67% of the dollar at 150: the cost that makes a bank
  forward the dearest route for a small account. Any amount from a minimum deal, assumed 10,000 USD (no
  published minimum was found; banks set their own); no margin (the bank sets a credit line).
* **6J** — CME Japanese Yen futures: 12,500,000 JPY, quoted in USD per JPY, outright tick 0.0000005 = 6.25 USD,
  quarterly March cycle, last trade two business days before the third Wednesday, physical delivery
  (CME contract specifications, via marketswiki.com "CME Group Japanese Yen"). Margin: the only published figure
  found is CME's of 8 Feb 2013 (Bloomberg, "CME Group Increases Futures Margin Requirements on Yen Contracts"):
  initial 2,860 USD, maintenance 2,600 USD on a contract then worth 134,815 USD, i.e. 2.12% and 1.93% of
  notional; applied here as fractions of today's notional (CME changes margins often: set your broker's).
  Commission: Interactive Brokers' US futures commission of 0.85 USD a contract (≤ 1,000 a month,
  interactivebrokers.com/en/pricing/commissions-futures.php, stored copy) plus CME's exchange fee and the NFA
  fee, passed through; no exchange-fee table was readable, so 1.60 USD and 0.02 USD are stand-ins (stated as
  such); a half-spread of one tick is paid on each trade.
* **MJY** — CME Micro JPY/USD futures: 1,250,000 JPY (1/10 of 6J), tick 0.000001 USD/JPY = 1.25 USD, cash
  settled (cmegroup.com/markets/microsuite/fx.html); margin the 6J fractions (CME: micros at 1/10 size);
  commission 0.15 USD (Interactive Brokers, "Globex e-micro FX Futures", same page) + exchange and NFA fees at a
  tenth of the standard contract's stand-ins (0.16 + 0.02 USD); half-spread one tick.
* **CLICK365** — Tokyo Financial Exchange くりっく365 USD/JPY: 10,000 USD a lot, price step 0.005 yen (0.5 sen,
  50 yen a lot); the swap point is one value a day for buyer and seller alike ("売り・買いの区別はなく1本値",
  岡三オンライン), set by the exchange from the interest differential, so it carries no broker margin; margin for
  individuals is the HV method capped at 25x, about 4% of notional (41,930 JPY a lot in the week of 22 Feb 2021,
  岡三オンライン 証拠金基準額); commission 0 JPY at most brokers (GMO クリック証券, auカブコム, 岡三). No published
  spread was found: a half-spread of one price step (0.5 sen) is assumed.
* **OTC_FX** — retail OTC FX (店頭FX): 1,000 USD a lot (GMO クリック証券 FXネオ: 10,000 units a lot, 1,000 at
  least; SBI FXトレード from 1 unit), USD/JPY spread 0.2 sen "原則固定" (GMO クリック証券), so 0.1 sen a side;
  leverage for individuals capped at 25x, 4% margin (Cabinet Office ordinance, in force 1 Aug 2011); no
  commission. The broker publishes separate swap points for buyers and sellers and keeps the difference; no
  quoted pair was found, so the seller of dollars is assumed to pay the interest differential plus 15% of it
  (``swap_markup``, a stand-in, stated as one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from pricing.errors import InputError


class FxRoute(StrEnum):
    """How a linear yen hedge carries the rate gap."""

    FORWARD = "forward"
    """Outright forward: the points are locked at the trade; delivered (or rolled) at maturity."""
    FUTURE = "future"
    """Exchange future: the basis is in the price; settled daily; quarterly expiries, rolled before them."""
    ROLLING = "rolling"
    """Spot position rolled every night: the gap is paid daily as swap points (くりっく365, 店頭FX)."""


@dataclass(frozen=True)
class FxContractSpec:
    """Terms of one linear yen hedge; every figure per lot, with its currency.

    Parameters
    ----------
    symbol : str
        Catalogue key (``"6J"``, ``"CLICK365"``).
    description : str
        Human-readable name.
    pair : str
        The pair it trades, foreign then domestic (``"USDJPY"``).
    route : FxRoute
        Forward, future or rolling spot.
    lot : float
        Size of one lot in ``lot_currency`` (12,500,000 JPY for 6J, 10,000 USD for くりっく365).
    lot_currency : str
        The pair's foreign currency (a lot of dollars sold) or its domestic one (a lot of yen bought: CME).
    whole : bool
        Whole lots only (False: any amount, in units of ``lot``, from ``minimum``).
    half_spread : float
        Paid on each trade, in the contract's own quote (yen per dollar; dollars per yen for CME futures): one lot
        pays ``lot × half_spread`` in ``settlement_currency``.
    commission : float
        Per lot per trade, in ``fee_currency``.
    fee_currency : str
        Currency of commissions and margins.
    initial_margin, maintenance_margin : float
        Fractions of notional (0.04 = 4%), >= 0.
    swap_markup : float
        Rolling positions: what the seller pays beyond the interest differential, as a fraction of it (0.15).
    settlement_currency : str
        Currency the position's gains and losses are paid in (USD for CME futures, JPY for the others).
    tick : float
        Price step, in the contract's own quote (USD per JPY for CME futures, yen per dollar otherwise).
    source : str
        Where the figures come from (the module docstring has them in full).
    minimum : float, default 0.0
        Least amount of one deal, in lots, for a contract that is not traded in whole lots (0: none).
    """

    symbol: str
    description: str
    pair: str
    route: FxRoute
    lot: float
    lot_currency: str
    whole: bool
    half_spread: float
    commission: float
    fee_currency: str
    initial_margin: float
    maintenance_margin: float
    swap_markup: float
    settlement_currency: str
    tick: float
    source: str
    minimum: float = 0.0

    @property
    def foreign(self) -> str:
        """The currency sold (USD in USDJPY)."""
        return self.pair[:3]

    @property
    def domestic(self) -> str:
        """The currency bought (JPY in USDJPY)."""
        return self.pair[3:]

    @property
    def quoted_in_foreign(self) -> bool:
        """True when the contract is quoted in foreign units per domestic unit (CME: dollars per yen)."""
        return self.lot_currency == self.domestic

    def dollars(self, forward: float) -> float:
        """Foreign units sold by one lot at ``forward`` (domestic per foreign): a yen lot is ``lot / forward``."""
        return self.lot if self.lot_currency == self.foreign else self.lot / forward

    def margin(self, spot: float, *, maintenance: bool = False) -> float:
        """Margin one lot needs at the pair's ``spot``, in ``fee_currency``: a fraction of the lot's notional.

        Examples
        --------
        >>> round(fx_contract("6J").margin(150.0), 2)  # 2,860 / 134,815 of 83,333 USD
        1767.85
        >>> fx_contract("OTC_FX").margin(150.0)  # 4% of 150,000 JPY
        6000.0
        """
        rate = self.maintenance_margin if maintenance else self.initial_margin
        dollars = self.dollars(spot)
        notional = dollars if self.fee_currency == self.foreign else dollars * spot
        return rate * notional

    def expiry(self, date: dt.date, after_days: int = 0) -> dt.date | None:
        """The expiry a new lot of a future has when bought on ``date``; None for other routes.

        The first quarterly expiry more than ``after_days`` away (two business days before the third Wednesday);
        a forward's maturity is chosen by its user, a rolling position has none.
        """
        if self.route is not FxRoute.FUTURE:
            return None
        year, month = date.year, date.month
        while True:
            if month % 3 == 0:
                last = cme_fx_last_trade(year, month)
                if (last - date).days > after_days:
                    return last
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def cme_fx_last_trade(year: int, month: int) -> dt.date:
    """Last trading day of a CME FX future: two business days (Mon–Fri) before the third Wednesday of the month.

    Examples
    --------
    >>> cme_fx_last_trade(2027, 3)
    datetime.date(2027, 3, 15)
    """
    first = dt.date(year, month, 1)
    wednesday = first + dt.timedelta(days=(2 - first.weekday()) % 7 + 14)
    return wednesday - dt.timedelta(days=2)


_IBKR_FUT = "Interactive Brokers, commissions-futures (tiered), stored copy"
_FX_CATALOGUE = (
    FxContractSpec("USDJPY_FWD", "USD/JPY outright forward, bank (為替予約)", "USDJPY", FxRoute.FORWARD, 1_000.0, "USD",
                   False, 1.00, 0.0, "JPY", 0.0, 0.0, 0.0, "JPY", 0.01,
                   "MUFG Bank TTS/TTB = TTM ± 1.00 yen per dollar (published daily rates); 10,000 USD minimum assumed",
                   minimum=10.0),
    FxContractSpec("6J", "CME Japanese Yen future, 12,500,000 JPY", "USDJPY", FxRoute.FUTURE, 12_500_000.0, "JPY",
                   True, 0.0000005, 0.85 + 1.60 + 0.02, "USD", 2_860 / 134_815, 2_600 / 134_815, 0.0, "USD", 0.0000005,
                   f"CME specification (marketswiki); margin Bloomberg 8 Feb 2013; {_IBKR_FUT}"),
    FxContractSpec("MJY", "CME Micro JPY/USD future, 1,250,000 JPY", "USDJPY", FxRoute.FUTURE, 1_250_000.0, "JPY",
                   True, 0.000001, 0.15 + 0.16 + 0.02, "USD", 2_860 / 134_815, 2_600 / 134_815, 0.0, "USD", 0.000001,
                   f"cmegroup.com microsuite fx; margin as 6J; {_IBKR_FUT}"),
    FxContractSpec("CLICK365", "くりっく365 USD/JPY (Tokyo Financial Exchange), 10,000 USD", "USDJPY", FxRoute.ROLLING,
                   10_000.0, "USD", True, 0.005, 0.0, "JPY", 0.04, 0.04, 0.0, "JPY", 0.005,
                   "TFX くりっく365 (岡三オンライン, GMO クリック証券): 0.5 sen step, one swap value, 4% margin, "
                   "0 JPY fee"),
    FxContractSpec("OTC_FX", "Retail OTC FX USD/JPY (店頭FX), 1,000 USD", "USDJPY", FxRoute.ROLLING, 1_000.0, "USD",
                   True, 0.001, 0.0, "JPY", 0.04, 0.04, 0.15, "JPY", 0.001,
                   "GMO クリック証券 FXネオ: 0.2 sen spread, 1,000-unit minimum; 25x cap (2011); swap markup assumed"),
)
FX_CATALOGUE: dict[str, FxContractSpec] = {spec.symbol: spec for spec in _FX_CATALOGUE}
"""Every linear yen hedge, by symbol."""


def fx_contract(symbol: str) -> FxContractSpec:
    """Look up a linear yen hedge by symbol (case-insensitive).

    Raises
    ------
    InputError
        For an unknown symbol; the message lists the known ones.
    """
    key = str(symbol).strip().upper()
    if key not in FX_CATALOGUE:
        raise InputError("hedge.fx.instruments", symbol, "one of " + ", ".join(FX_CATALOGUE))
    return FX_CATALOGUE[key]

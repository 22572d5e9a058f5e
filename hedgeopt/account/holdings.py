"""What an account holds: the MMF core, cash, and satellite positions by route.

Money amounts are in the currency named beside them. Rates, yields and fees are decimals per year. Each class
validates itself on construction, so a bad value fails where it was given.

The four satellite routes of the strategy are four classes: :class:`EtfPosition` (``cash``: the ETF bought
outright), :class:`MarginPosition` (``margin``: the ETF bought on a loan), :class:`FuturesPosition`
(``futures``) and :class:`OptionPosition` (``options``: long puts, calls, spreads). :class:`LinearAsset` holds
anything else with index betas (gold, a short-credit fund) for the advanced template. :class:`FxHedgePosition`
holds linear yen hedges (a bank forward, CME yen futures, くりっく365, 店頭FX) beside the satellite.

An :class:`MMF` may be a currency-hedged share class (``hedged=True``, Japanese 為替ヘッジあり): its value in the
base currency does not move with the exchange rate, and it yields the fund's yield less the hedge cost
(:meth:`hedgeopt.account.account.Account.mmf_hedge_cost`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from pricing import CATALOGUE, InputError, Instrument
from pricing.catalogue import listed
from pricing.fx.instruments import FxHedge
from pricing.validation import as_float_array, check_amount, check_non_negative, check_positive, check_rate


class Route(StrEnum):
    """The four ways the satellite holds the index."""

    CASH = "cash"
    MARGIN = "margin"
    FUTURES = "futures"
    OPTIONS = "options"


def _check_cost(field_name: str, value: object) -> None:
    """A cost basis: None, or a number > 0 (a boolean or text is an error, not a guess)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(field_name, value, "a number of the base currency (without quotes)")
    check_amount(field_name, value, check_positive)


def _currency(field_name: str, value: str) -> str:
    code = str(value).strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise InputError(field_name, value, "a three-letter ISO currency code such as USD or JPY")
    return code


MAX_CONTRACTS = 1_000_000
"""Most contracts one position may hold: more is a typo (the whole open interest of SPX options is ~20 million)."""

DEFAULT_HEDGE_FEE = 0.0025
"""A hedged share class's cost beyond covered interest parity, decimal per year (0.0025): a stand-in.

No Japanese fund's published figure was found. It is read off the cross-currency basis, which a fund pays on its
rolled forwards: the 3-month USD->JPY hedge cost was 5.54% a year on 5 Dec 2023 (Rakuten Securities) with the
policy rates 5.33% (fed funds effective) and -0.10% (BoJ), 0.11% over the gap; 4.56% on 13 Nov 2024 (Bloomberg)
with 4.58% and 0.25%, 0.23% over it; the 3-month dollar-yen basis reached -53.5 bp on 3 Oct 2024, its widest
since Nov 2023 (Bloomberg via The Japan Times, 5 Oct 2024). 0.25% sits in that range; set your fund's own.
"""


@dataclass(frozen=True)
class MMF:
    """A money-market fund holding (the core).

    Parameters
    ----------
    amount : float
        Value held, in ``amount_currency`` (>= 0).
    currency : str, default "USD"
        Currency of the fund (a US Treasury MMF is USD).
    yield_ : float, default 0.04
        Gross yield, decimal per year (0.04 = 4%); config key ``yield``.
    fee : float, default 0.0
        Annual fee (expense ratio), decimal per year, deducted from the yield.
    redemption_days : int, default 1
        Business days from a redemption order to cash (T+n).
    amount_currency : str, optional
        Currency ``amount`` is stated in; default the fund's. ``amount=7_000_000, amount_currency="JPY"`` on a
        USD fund means 7,000,000 JPY worth of the fund at today's USDJPY.
    name : str, default "USD Treasury MMF"
    hedged : bool, default False
        A share class hedged into the account's base currency (為替ヘッジあり): forwards at the 3-month points,
        reset monthly, sell the fund's currency, so its base-currency value does not move with the exchange rate
        (the month's own gain or loss, unhedged until the reset, is ignored), and its yield is
        ``yield - fee`` less the hedge cost (the forward points plus ``hedge_fee``).
    hedge_fee : float, default :data:`DEFAULT_HEDGE_FEE`
        What a hedged class pays a year beyond the forward points of covered interest parity, decimal (0.0025 =
        0.25%): the cross-currency basis and the fund's dealing spread. Ignored when ``hedged`` is False.
    cost : float, optional
        What the holding cost, in the account's base currency (取得価額, yen for a yen account), > 0: the tax
        model's basis for the redemption gain, exchange gain included (7,000,000 JPY of fund bought for
        5,600,000 JPY when USDJPY was 120 carries a 1,400,000 JPY gain). Default: today's value (no gain yet).
    """

    amount: float
    currency: str = "USD"
    yield_: float = 0.04
    fee: float = 0.0
    redemption_days: int = 1
    amount_currency: str | None = None
    name: str = "USD Treasury MMF"
    hedged: bool = False
    hedge_fee: float = DEFAULT_HEDGE_FEE
    cost: float | None = None

    def __post_init__(self) -> None:
        check_amount("mmf.amount", self.amount, check_non_negative)
        _check_cost("mmf.cost", self.cost)
        object.__setattr__(self, "currency", _currency("mmf.currency", self.currency))
        object.__setattr__(self, "amount_currency", _currency("mmf.amount_currency",
                                                              self.amount_currency or self.currency))
        check_rate("mmf.yield", self.yield_)
        check_rate("mmf.fee", self.fee)
        if int(self.redemption_days) != self.redemption_days or self.redemption_days < 0:
            raise InputError("mmf.redemption_days", self.redemption_days, "a whole number of days >= 0")
        if not isinstance(self.hedged, bool):
            raise InputError("mmf.hedged", self.hedged, "true or false (without quotes)")
        check_rate("mmf.hedge_fee", self.hedge_fee)

    @property
    def net_yield(self) -> float:
        """Yield less fee, decimal per year (before any hedge cost: see ``Account.mmf_net_yield``)."""
        return self.yield_ - self.fee


@dataclass(frozen=True)
class Cash:
    """A cash balance; earns nothing (hold the MMF for yield). ``amount`` may be negative (an overdraft)."""

    amount: float
    currency: str = "JPY"

    def __post_init__(self) -> None:
        check_amount("cash.amount", self.amount)
        object.__setattr__(self, "currency", _currency("cash.currency", self.currency))


@dataclass(frozen=True)
class EtfPosition:
    """Route ``cash``: an index ETF bought outright; FX applies to the whole position.

    Parameters
    ----------
    index : str
        Index the ETF tracks (``"SPX"``), a key of ``Market.spots``.
    value : float
        Market value, in ``value_currency``, > 0.
    value_currency : str, optional
        Currency ``value`` is stated in; default the index's currency.
    accumulating : bool, default False
        True: the fund reinvests its dividends (an accumulating share class, as most index funds sold in Japan:
        eMAXIS Slim, 楽天・S&P500), so on paths they buy more of it; False: they are paid into cash.
    nisa : bool, default False
        Held in a NISA account (成長投資枠): its gains and dividends are free of Japanese tax and its losses are
        deemed not to exist (no offset, no carry-forward). NISA holds no margin positions or derivatives.
    cost : float, optional
        What the holding cost, base currency (取得価額), > 0; default today's value (no gain yet).
    """

    index: str
    value: float
    value_currency: str | None = None
    accumulating: bool = False
    nisa: bool = False
    cost: float | None = None

    route = Route.CASH

    def __post_init__(self) -> None:
        check_amount(f"{self.index}.value", self.value, check_positive)
        for name in ("accumulating", "nisa"):
            if not isinstance(getattr(self, name), bool):
                raise InputError(f"{self.index}.{name}", getattr(self, name), "true or false (without quotes)")
        _check_cost(f"{self.index}.cost", self.cost)
        if self.value_currency is not None:
            object.__setattr__(self, "value_currency", _currency("value_currency", self.value_currency))


@dataclass(frozen=True)
class MarginPosition:
    """Route ``margin``: an index ETF bought on a margin loan.

    Parameters
    ----------
    index : str
        Index the ETF tracks.
    value : float
        Market value of the ETF, in ``value_currency``, > 0.
    loan_rate : float
        Interest on the loan, decimal per year (0.06 = 6%).
    value_currency : str, optional
        Currency ``value`` is stated in; default the index's currency.
    loan_currency : str, optional
        Currency of the loan; default the asset's (index) currency, so FX applies to the loan-netted value.
    loan_fraction : float, default 1.0
        Fraction of the purchase financed by the loan (1.0: fully borrowed, the strategy's "on margin").
    maintenance_ratio : float, default 0.25
        Margin call when (collateral + ETF value − loan) / ETF value falls below this, decimal.
    collateral : float, optional
        Own funds posted at the broker, base currency; default all the account's cash and MMF.
    cost : float, optional
        What the ETF cost, base currency (取得価額 of the 信用買い), > 0; default today's value (no gain yet).
    """

    index: str
    value: float
    loan_rate: float
    value_currency: str | None = None
    loan_currency: str | None = None
    loan_fraction: float = 1.0
    maintenance_ratio: float = 0.25
    collateral: float | None = None
    cost: float | None = None

    route = Route.MARGIN

    def __post_init__(self) -> None:
        check_amount(f"{self.index}.value", self.value, check_positive)
        _check_cost(f"{self.index}.cost", self.cost)
        check_rate(f"{self.index}.loan_rate", self.loan_rate)
        for name in ("value_currency", "loan_currency"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, _currency(name, getattr(self, name)))
        if not 0.0 < self.loan_fraction <= 1.0:
            raise InputError("loan_fraction", self.loan_fraction, "a decimal fraction in (0, 1]")
        if not 0.0 <= self.maintenance_ratio < 1.0:
            raise InputError("maintenance_ratio", self.maintenance_ratio, "a decimal fraction in [0, 1), such as 0.25")
        if self.collateral is not None:
            check_amount("collateral", self.collateral, check_non_negative)


@dataclass(frozen=True)
class FuturesPosition:
    """Route ``futures``: long index futures; only the variation margin moves cash.

    Parameters
    ----------
    symbol : str
        Catalogue future (``"MES"``, ``"ES"``, ``"NK225M_FUT"``, ``"NK225U_FUT"``).
    contracts : int
        Number of contracts, a whole number > 0.
    initial_margin : float
        Initial margin per contract, in the contract currency (exchange and broker set it; check yours).
    maintenance_margin : float, optional
        Maintenance margin per contract; default ``initial_margin``.
    """

    symbol: str
    contracts: int
    initial_margin: float
    maintenance_margin: float | None = None

    route = Route.FUTURES

    def __post_init__(self) -> None:
        spec = listed("futures.symbol", self.symbol, lambda c: not c.is_option, "a futures contract")
        object.__setattr__(self, "symbol", spec.symbol)
        if int(self.contracts) != self.contracts or not 0 < self.contracts <= MAX_CONTRACTS:
            raise InputError("futures.contracts", self.contracts, f"a whole number of contracts > 0 and at most "
                             f"{MAX_CONTRACTS:,}")
        object.__setattr__(self, "contracts", int(self.contracts))
        check_amount("futures.initial_margin", self.initial_margin, check_positive)
        if self.maintenance_margin is not None:
            check_positive("futures.maintenance_margin", self.maintenance_margin)

    @property
    def index(self) -> str:
        """Index the future is on."""
        return CATALOGUE[self.symbol].underlying


@dataclass(frozen=True)
class OptionPosition:
    """Route ``options``: long options or packages (spreads, collars) held, in whole contracts.

    Parameters
    ----------
    instrument : Option or Package
    contracts : int
        Number of contracts (packages), > 0: options are only held long.
    """

    instrument: Instrument
    contracts: int

    route = Route.OPTIONS

    def __post_init__(self) -> None:
        if int(self.contracts) != self.contracts or not 0 < self.contracts <= MAX_CONTRACTS:
            raise InputError("options.contracts", self.contracts, f"a whole number of contracts > 0 and at most "
                             f"{MAX_CONTRACTS:,}")

    @property
    def index(self) -> str:
        """Index the option is on."""
        return self.instrument.spec.underlying


@dataclass(frozen=True)
class LinearAsset:
    """Any other holding whose return is linear in the index returns (gold, a short-credit fund).

    Parameters
    ----------
    name : str
    value : float
        Market value in ``currency``, > 0.
    currency : str
    betas : mapping of str to float
        Return per unit return of each index (``{"SPX": -0.2}`` for an asset that gains 2% when the S&P 500
        falls 10%). An asset with no betas moves only with FX.
    carry : float, default 0.0
        Yield or expected drift, decimal per year.
    """

    name: str
    value: float
    currency: str
    betas: Mapping[str, float] = field(default_factory=dict)
    carry: float = 0.0

    def __post_init__(self) -> None:
        check_amount(f"{self.name}.value", self.value, check_positive)
        object.__setattr__(self, "currency", _currency(f"{self.name}.currency", self.currency))
        for index, beta in self.betas.items():
            as_float_array(f"{self.name}.betas.{index}", beta)
        check_rate(f"{self.name}.carry", self.carry)
        object.__setattr__(self, "betas", MappingProxyType(dict(self.betas)))


@dataclass(frozen=True)
class FxHedgePosition:
    """Lots of a linear yen hedge held: dollars sold forward, on futures or on a rolling FX account.

    Parameters
    ----------
    hedge : FxHedge
        The contract and its maturity (:class:`pricing.fx.instruments.FxHedge`).
    lots : float
        Lots held, > 0; a whole number where the contract trades whole lots (6J, MJY, CLICK365, OTC_FX), any
        amount of its 1,000-dollar unit for a bank forward (USDJPY_FWD: ``lots = 7.5`` sells 7,500 USD).

    Notes
    -----
    Held lots are valued at today's mid (worth 0 today: gains and losses made before today are in cash) and
    under scenarios by :class:`scenarios.fx_repricing.FxRepricer`.
    """

    hedge: FxHedge
    lots: float

    def __post_init__(self) -> None:
        if not isinstance(self.hedge, FxHedge):
            raise InputError("fx_hedge.symbol", self.hedge, "a linear yen hedge (FxHedge)")
        lots = check_positive("fx_hedge.lots", self.lots)
        if lots.ndim:
            raise InputError("fx_hedge.lots", self.lots, "one number of lots > 0")
        if self.hedge.spec.whole and int(self.lots) != self.lots:
            raise InputError("fx_hedge.lots", self.lots, f"a whole number of lots: {self.hedge.symbol} trades "
                             "whole lots")
        object.__setattr__(self, "lots", float(self.lots))


Satellite = EtfPosition | MarginPosition | FuturesPosition | OptionPosition
"""A satellite position on one of the four routes."""

"""What a broker and an exchange charge per order, from published schedules, in the contract's currency.

US index and ETF options (SPX, XSP, SPY) follow Interactive Brokers' tiered schedule for up to 10,000 contracts a
month plus the pass-through fees it lists and the Cboe customer fee of the class; Nikkei 225 options follow
Rakuten Securities (楽天証券), a Japanese online broker. Each rule is data (:class:`CommissionSchedule`) with its
source, and :meth:`CommissionSchedule.fee` charges one order of ``contracts`` at one premium, vectorized.

US options (USD), Interactive Brokers, "Commissions Options", tiered, <= 10,000 contracts a month (stored copy of
interactivebrokers.ca/en/pricing/commissions-options.php):

* broker commission per contract: 0.25 for a premium below 0.05, 0.50 from 0.05 to below 0.10, 0.65 from 0.10;
  at least 1.00 per order (the page's examples: 1 contract at 2.00 costs 1.00; 2 at 5.00, 1.30; 3 at 0.075,
  1.50; 5 at 0.03, 1.25);
* regulatory and clearing fees per contract, both sides: Options Regulatory Fee 0.02685, OCC clearing 0.02
  (orders of 1 to 2,750 contracts);
* on sales only: SEC transaction fee 0.000008 x the value sold, FINRA Trading Activity Fee 0.00279 per contract;
* Cboe customer transaction fee per contract (Cboe U.S. Options fee codes, Cboe Options, effective 1 Nov 2024):
  SPX (incl. SPXW) 0.36 for a premium below 1.00 and 0.45 from 1.00 (codes CS, CT); XSP 0.07 for orders of 10
  contracts or more (CC) and none below 10 (code XC, Cboe Fees Schedule of 1 Sep 2021); SPY (an ETF class)
  none for orders under 100 contracts removing liquidity (CD), 0.18 from 100 (CA).

Nikkei 225 options (JPY), Rakuten Securities, 先物・オプションの手数料 (stored copy of
rakuten-sec.co.jp/web/fop/), consumption tax included:

* 日経225オプション: 売買代金の0.198% (0.198% of the premium value, premium x 1,000 x contracts), at least
  198 yen per order;
* 日経225ミニオプション: 19.8 yen per contract;
* 手数料合計額に1円未満の端数が発生した場合は、当該端数は切り捨て: the total is rounded down to a whole yen.

Not modelled: cent rounding of the SEC and FINRA fees, volume tiers above 10,000 contracts a month, exercise and
settlement fees at expiry (held options settle without commission), and the OCC's per-trade cap above 2,750.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from pricing._typing import ArrayLike, FloatArray
from pricing.catalogue import ContractSpec, contract
from pricing.errors import InputError
from pricing.validation import as_float_array, check_non_negative


class TradeSide(StrEnum):
    """Buying or selling a leg; sales pay the US transaction fees."""

    BUY = "buy"
    SELL = "sell"

    @classmethod
    def parse(cls, value: str | TradeSide) -> TradeSide:
        """Convert ``"buy"`` or ``"sell"`` (any case) or raise :class:`InputError`."""
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            raise InputError("side", value, "'buy' or 'sell'") from None


@dataclass(frozen=True)
class PremiumTiers:
    """An amount per contract that steps with the premium.

    Parameters
    ----------
    levels : tuple of float
        Premiums (points) where the amount changes, strictly increasing; a premium at a level takes the upper
        amount ("premium >= USD 0.10: 0.65").
    amounts : tuple of float
        Currency per contract in each band, one more than ``levels``, >= 0.

    Examples
    --------
    >>> PremiumTiers((0.05, 0.10), (0.25, 0.50, 0.65)).at([0.04, 0.05, 0.10]).tolist()
    [0.25, 0.5, 0.65]
    """

    levels: tuple[float, ...] = ()
    amounts: tuple[float, ...] = (0.0,)

    def __post_init__(self) -> None:
        levels = tuple(float(v) for v in check_non_negative("levels", list(self.levels)))
        amounts = tuple(float(v) for v in check_non_negative("amounts", list(self.amounts)))
        if any(b <= a for a, b in zip(levels, levels[1:], strict=False)) or len(amounts) != len(levels) + 1:
            raise InputError("amounts", amounts, f"{len(levels) + 1} amounts over strictly increasing levels")
        object.__setattr__(self, "levels", levels)
        object.__setattr__(self, "amounts", amounts)

    def at(self, premium: ArrayLike) -> FloatArray:
        """Amount per contract at ``premium`` (points)."""
        band = np.searchsorted(np.asarray(self.levels), np.asarray(premium, dtype=float), side="right")
        return np.asarray(self.amounts)[band]


@dataclass(frozen=True)
class CommissionSchedule:
    """A broker's commission rule plus the exchange and regulatory fees on one option class, per order.

    Parameters
    ----------
    name : str
        Broker and class, for reports.
    currency : str
        Currency the fees are charged in (the contract's).
    per_contract : PremiumTiers
        Broker commission per contract, by premium.
    of_value : float, default 0.0
        Broker commission as a fraction of the premium value (premium x multiplier x contracts), decimal.
    minimum : float, default 0.0
        Least broker commission per order (not applied to an order of zero contracts).
    exchange : PremiumTiers
        Exchange fee per contract, by premium.
    exchange_from : int, default 1
        The exchange fee applies to orders of at least this many contracts (1: to every order, a fraction of a
        contract, as the path engine may hold, paying its share).
    fees_per_contract : float, default 0.0
        Regulatory and clearing fees per contract, both sides.
    sale_per_contract, sale_of_value : float, default 0.0
        Fees on sales only: per contract, and as a fraction of the premium value sold.
    whole_units : bool, default False
        Round the order's total down to a whole currency unit.
    source : str
        Where the figures were read.
    """

    name: str
    currency: str
    per_contract: PremiumTiers = PremiumTiers()
    of_value: float = 0.0
    minimum: float = 0.0
    exchange: PremiumTiers = PremiumTiers()
    exchange_from: int = 1
    fees_per_contract: float = 0.0
    sale_per_contract: float = 0.0
    sale_of_value: float = 0.0
    whole_units: bool = False
    source: str = ""

    def __post_init__(self) -> None:
        for field_name in ("of_value", "minimum", "fees_per_contract", "sale_per_contract", "sale_of_value"):
            object.__setattr__(self, field_name, float(check_non_negative(field_name, getattr(self, field_name))))
        if isinstance(self.exchange_from, bool) or not isinstance(self.exchange_from, int) or self.exchange_from < 1:
            raise InputError("exchange_from", self.exchange_from, "a whole number of contracts >= 1")

    def broker_commission(self, premium: ArrayLike, multiplier: float, contracts: ArrayLike = 1) -> FloatArray:
        """The broker's part alone for one order (contract currency): per contract and of value, with the minimum."""
        n = np.asarray(contracts, dtype=float)
        p = np.asarray(premium, dtype=float)
        raw = n * self.per_contract.at(p) + self.of_value * p * multiplier * n
        return np.where(n > 0, np.maximum(raw, self.minimum), 0.0)

    def fee(self, premium: ArrayLike, multiplier: float, contracts: ArrayLike = 1,
            side: TradeSide | str = TradeSide.BUY, *, validate: bool = True) -> FloatArray:
        """Everything one order costs, contract currency; vectorized over premiums and order sizes.

        Parameters
        ----------
        premium : array_like
            Execution price per unit, points of the contract's underlying (>= 0).
        multiplier : float
            Currency units per point (100 for SPX, 1,000 for Nikkei 225 options).
        contracts : array_like, default 1
            Contracts in the order (>= 0; 0 is no order and costs nothing; fractions are charged pro rata).
        side : {"buy", "sell"}, default "buy"
            Sales also pay the SEC and FINRA fees.
        validate : bool, default True
            Check the inputs; the path engine passes False on arrays it built itself.

        Returns
        -------
        ndarray of float
            Broker commission + exchange fee + regulatory and clearing fees for the order.

        Examples
        --------
        >>> float(COMMISSIONS["NK225_OPT"].fee(50.0, 1000.0))  # 0.198% of 50,000 yen is 99 yen: minimum 198
        198.0
        """
        side = TradeSide.parse(side)
        if validate:
            premium, contracts = check_non_negative("premium", premium), check_non_negative("contracts", contracts)
            multiplier = float(as_float_array("multiplier", multiplier))
        n = np.asarray(contracts, dtype=float)
        p = np.asarray(premium, dtype=float)
        total = self.broker_commission(p, multiplier, n)
        charged = (n >= self.exchange_from) | ((self.exchange_from <= 1) & (n > 0))  # fractions pay pro rata
        total = total + np.where(charged, n * self.exchange.at(p), 0.0)
        total = total + n * self.fees_per_contract
        if side is TradeSide.SELL:
            total = total + n * self.sale_per_contract + self.sale_of_value * p * multiplier * n
        return np.asarray(np.floor(total + 1e-9) if self.whole_units else total, dtype=float)


_IBKR = ("Interactive Brokers, 'Commissions Options', United States, tiered <= 10,000 contracts a month, with "
         "its listed regulatory, transaction and clearing fees (interactivebrokers.ca/en/pricing/"
         "commissions-options.php, stored copy)")
_CBOE = "Cboe U.S. Options fee codes, Cboe Options, effective 1 Nov 2024 (customer)"
_IB_TIERS = PremiumTiers((0.05, 0.10), (0.25, 0.50, 0.65))
_US = {"currency": "USD", "per_contract": _IB_TIERS, "minimum": 1.00, "fees_per_contract": 0.02685 + 0.02,
       "sale_per_contract": 0.00279, "sale_of_value": 0.000008}
_RAKUTEN = ("Rakuten Securities (楽天証券), 先物・オプションの手数料, tax included, totals rounded down to the yen "
            "(rakuten-sec.co.jp/web/fop/, stored copy)")

COMMISSIONS: dict[str, CommissionSchedule] = {
    "SPX": CommissionSchedule("Interactive Brokers + Cboe SPX", exchange=PremiumTiers((1.00,), (0.36, 0.45)),
                              source=f"{_IBKR}; {_CBOE}: SPX codes CS 0.36 (premium < 1.00), CT 0.45", **_US),
    "XSP": CommissionSchedule("Interactive Brokers + Cboe XSP", exchange=PremiumTiers((), (0.07,)), exchange_from=10,
                              source=f"{_IBKR}; {_CBOE}: XSP code CC 0.07 for >= 10 contracts, none below 10 "
                              "(code XC, Cboe Fees Schedule 1 Sep 2021)", **_US),
    "SPY": CommissionSchedule("Interactive Brokers + Cboe (ETF options)", exchange=PremiumTiers((), (0.18,)),
                              exchange_from=100, source=f"{_IBKR}; {_CBOE}: ETF codes CD free < 100 contracts "
                              "removing liquidity, CA 0.18 from 100", **_US),
    "NK225_OPT": CommissionSchedule("Rakuten Securities, 日経225オプション", "JPY", of_value=0.00198, minimum=198.0,
                                    whole_units=True, source=f"{_RAKUTEN}: 売買代金の0.198%, 最低手数料198円"),
    "NK225M_OPT": CommissionSchedule("Rakuten Securities, 日経225ミニオプション", "JPY",
                                     per_contract=PremiumTiers((), (19.8,)), whole_units=True,
                                     source=f"{_RAKUTEN}: 19.8円/1枚"),
    "USDJPY_OPT": CommissionSchedule("OTC dealer, USD/JPY options", "JPY",
                                     source="no separate commission: an OTC dealer is paid through the bid/ask "
                                     "spread of the quote model"),
}
"""The default commission schedule of each option contract of the catalogue."""


def commission_schedule(symbol: str | ContractSpec) -> CommissionSchedule:
    """The default schedule of an option contract (catalogue symbol or spec).

    Raises
    ------
    InputError
        For a contract without a schedule (futures, unknown symbols).
    """
    spec = symbol if isinstance(symbol, ContractSpec) else contract(symbol)
    if spec.symbol not in COMMISSIONS:
        raise InputError("contract", spec.symbol, "an option contract with a commission schedule: "
                         + ", ".join(COMMISSIONS))
    return COMMISSIONS[spec.symbol]


def commission(symbol: str | ContractSpec, premium: ArrayLike, contracts: ArrayLike = 1,
               side: TradeSide | str = TradeSide.BUY) -> FloatArray:
    """What one order of ``contracts`` at ``premium`` (points) costs on ``symbol``, in the contract's currency.

    Examples
    --------
    >>> float(commission("SPX", 12.30))  # 1.00 minimum + Cboe 0.45 + ORF 0.02685 + OCC 0.02
    1.49685
    >>> float(commission("NK225M_OPT", 40.0, contracts=3))  # 3 x 19.8 = 59.4, rounded down to the yen
    59.0
    """
    spec = symbol if isinstance(symbol, ContractSpec) else contract(symbol)
    return commission_schedule(spec).fee(premium, spec.multiplier, contracts, side)

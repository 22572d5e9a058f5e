"""The account: base currency, MMF core, cash, satellite positions; every figure derived, none stored.

Definitions (one place, used everywhere):

* **NAV** = MMF + cash + ETF values − margin loans + option values (model mid) + other assets, base currency.
  Futures have no value of their own: their gains and losses are settled into cash.
* **Index exposure** of a position, base currency: ETF market value (cash and margin routes), futures notional,
  option delta × underlying notional (negative for puts), asset value × beta.
* **Gross exposure** = MMF + cash + Σ over indices |net index exposure of the satellite| + other assets; loans
  are not subtracted. The exposure to an index is netted across its positions before the absolute value: ETFs
  and futures count at 1, options at their delta, so a protective put *lowers* it.
  **Leverage** = gross exposure / NAV. With the strategy's example (10,000,000 JPY = 7,000,000 MMF + 3,000,000
  cash, plus 3,000,000 of S&P 500 on margin) gross exposure is 13,000,000 and leverage 1.3×; the same exposure
  through futures gives the same 1.3×, and an ETF bought with the cash gives 1.0×.
* **FX share** of a currency = value held in it, net of loans in it, over NAV (a USD loan against a USD ETF
  leaves no USD exposure; a futures position exposes only its variation margin, zero today). A hedged MMF
  share class counts in the base currency, and a yen hedge held subtracts the dollars it sells.
* **Hedge cost** of a hedged MMF share class, decimal per year: the forward points of a 3-month forward
  annualised, ``hedge_carry(market, pair, 91) * 365 / 91`` (:func:`pricing.fx.forwards.hedge_carry`, covered
  interest parity on the market's curves), plus the class's ``hedge_fee``. Its net yield is
  ``yield - fee - hedge cost``: at 4%, 0.5% and the default fee, 4% - 3.48% - 0.25% = 0.27%.
* **Yen hedges** held (:class:`FxHedgePosition`) are worth 0 today (at mid) and add nothing to gross exposure
  (they hold no index); the CME futures, くりっく365 and 店頭FX lots tie up margin (:meth:`Account.fx_hedge_margin`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from hedgeopt.account.holdings import (
    MMF,
    Cash,
    EtfPosition,
    FuturesPosition,
    FxHedgePosition,
    LinearAsset,
    MarginPosition,
    OptionPosition,
    Satellite,
)
from pricing import InputError, Market, contract
from pricing.fx.forwards import hedge_carry

FUTURES_FINANCING_YEARS = 0.25
"""Tenor (years) of the zero rate in the futures basis: a quarterly contract's typical remaining life."""

HEDGE_TENOR_DAYS = 91
"""Tenor of the forwards a hedged share class rolls (3 months), calendar days."""


def yearly_forward_points(market: Market, pair: str) -> float:
    """What selling the pair's foreign currency forward gives up a year, rolled at 3 months, decimal.

    ``hedge_carry(market, pair, 91) * 365 / 91``: about the rate gap (4.0% - 0.5%: 0.0348).
    """
    return float(hedge_carry(market, pair, HEDGE_TENOR_DAYS)) * 365.0 / HEDGE_TENOR_DAYS


@dataclass(frozen=True)
class Account:
    """An investor's account.

    Parameters
    ----------
    base_currency : str, default "JPY"
        Currency every result is reported in.
    mmf : sequence of MMF
        Money-market fund holdings (the core).
    cash : sequence of Cash
        Cash balances by currency.
    satellite : sequence of EtfPosition, MarginPosition, FuturesPosition or OptionPosition
        Index positions, by route.
    other : sequence of LinearAsset
        Other linear holdings (gold, short credit).
    fx_hedges : sequence of FxHedgePosition
        Linear yen hedges held (forwards, CME yen futures, くりっく365, 店頭FX).

    Examples
    --------
    The strategy's example: 7,000,000 JPY in a USD Treasury MMF, 3,000,000 JPY cash, and 3,000,000 JPY of
    S&P 500 bought on a 6% USD margin loan.

    >>> from pricing import default_market
    >>> acct = Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
    ...                satellite=(MarginPosition("SPX", 3_000_000, 0.06, value_currency="JPY"),))
    >>> m = default_market()
    >>> round(acct.nav(m)), round(acct.leverage(m), 6)
    (10000000, 1.3)
    """

    base_currency: str = "JPY"
    mmf: Sequence[MMF] = field(default_factory=tuple)
    cash: Sequence[Cash] = field(default_factory=tuple)
    satellite: Sequence[Satellite] = field(default_factory=tuple)
    other: Sequence[LinearAsset] = field(default_factory=tuple)
    fx_hedges: Sequence[FxHedgePosition] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        for name in ("mmf", "cash", "satellite", "other", "fx_hedges"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        for i, fund in enumerate(self.mmf):
            if fund.hedged and fund.currency == self.base_currency:
                raise InputError(f"mmf[{i}].hedged", True, f"false: the fund is in the base currency "
                                 f"{self.base_currency}, there is no exchange rate to hedge")

    # -- conversions -----------------------------------------------------------------------------------------
    def _check_market(self, market: Market) -> None:
        if market.base_currency != self.base_currency:
            raise InputError("market.base_currency", market.base_currency,
                             f"the account's base currency {self.base_currency}")

    @staticmethod
    def to_base(market: Market, amount: float, currency: str) -> float:
        """Convert ``amount`` of ``currency`` to the base currency at today's FX."""
        return amount * market.fx_rate(currency)

    def mmf_units(self, market: Market, fund: MMF) -> float:
        """Value of ``fund`` in its own currency."""
        return fund.amount * market.fx_rate(fund.amount_currency) / market.fx_rate(fund.currency)

    def mmf_currency(self, fund: MMF) -> str:
        """The currency ``fund``'s value moves with: the base currency for a hedged share class."""
        return self.base_currency if fund.hedged else fund.currency

    def mmf_hedge_cost(self, market: Market, fund: MMF) -> float:
        """Yearly hedge cost of a hedged share class, decimal (0 when unhedged); see the module docstring.

        Examples
        --------
        >>> from pricing import default_market
        >>> fund = MMF(1.0, hedged=True)
        >>> round(Account(mmf=(fund,)).mmf_hedge_cost(default_market(), fund), 5)  # 3.48% + 0.25%
        0.03735
        """
        if not fund.hedged:
            return 0.0
        return yearly_forward_points(market, fund.currency + self.base_currency) + fund.hedge_fee

    def mmf_net_yield(self, market: Market, fund: MMF) -> float:
        """Yield less fee less hedge cost, decimal per year (``fund.net_yield`` for an unhedged fund)."""
        return fund.net_yield - self.mmf_hedge_cost(market, fund)

    def position_value(self, market: Market, pos: EtfPosition | MarginPosition) -> float:
        """ETF market value in the index currency."""
        ccy = market.index_currency[pos.index]
        stated = pos.value_currency or ccy
        return pos.value * market.fx_rate(stated) / market.fx_rate(ccy)

    def loan(self, market: Market, pos: MarginPosition) -> tuple[float, str]:
        """Margin loan amount and currency (default: the index currency)."""
        ccy = pos.loan_currency or market.index_currency[pos.index]
        value_ccy = market.index_currency[pos.index]
        amount = pos.loan_fraction * self.position_value(market, pos) * market.fx_rate(value_ccy) / market.fx_rate(ccy)
        return amount, ccy

    def option_value(self, market: Market, pos: OptionPosition) -> float:
        """Model value of an option position, base currency (QuantLib, surface vols)."""
        from pricing.quantlib_engine import price  # only accounts with options load QuantLib

        return price(pos.instrument, market).contract_value_base * pos.contracts

    def futures_rate(self, market: Market, pos: FuturesPosition) -> float:
        """Financing rate in the futures basis (decimal): the contract currency's 3-month zero rate."""
        return float(market.curve(contract(pos.symbol).currency).zero_rate(FUTURES_FINANCING_YEARS))

    def futures_notional(self, market: Market, pos: FuturesPosition) -> float:
        """Notional of a futures position, base currency."""
        spec = contract(pos.symbol)
        return pos.contracts * spec.notional(market.spot(spec.underlying)) * market.fx_rate(spec.currency)

    def holding_value(self, market: Market, holding: MMF | EtfPosition | MarginPosition) -> float:
        """Market value of a fund or an ETF (its loan not deducted), base currency."""
        if isinstance(holding, MMF):
            return self.to_base(market, self.mmf_units(market, holding), holding.currency)
        return self.to_base(market, self.position_value(market, holding), market.index_currency[holding.index])

    # -- derived figures -------------------------------------------------------------------------------------
    def mmf_value(self, market: Market) -> float:
        """Total MMF value, base currency."""
        return sum(self.holding_value(market, f) for f in self.mmf)

    def cash_value(self, market: Market) -> float:
        """Total cash, base currency."""
        return sum(self.to_base(market, c.amount, c.currency) for c in self.cash)

    def index_exposure(self, market: Market, pos: Satellite | LinearAsset) -> dict[str, float]:
        """Delta-adjusted exposure of one position to each index, base currency."""
        if isinstance(pos, EtfPosition | MarginPosition):
            ccy = market.index_currency[pos.index]
            return {pos.index: self.to_base(market, self.position_value(market, pos), ccy)}
        if isinstance(pos, FuturesPosition):
            return {pos.index: self.futures_notional(market, pos)}
        if isinstance(pos, OptionPosition):
            from pricing.quantlib_engine import price

            val = price(pos.instrument, market)
            return {pos.index: val.delta_notional * val.fx_to_base * pos.contracts}
        value = self.to_base(market, pos.value, pos.currency)
        return {index: value * beta for index, beta in pos.betas.items()}

    def exposures(self, market: Market) -> dict[str, float]:
        """Net delta-adjusted exposure to each index across all positions, base currency."""
        total: dict[str, float] = {}
        for pos in (*self.satellite, *self.other):
            for index, amount in self.index_exposure(market, pos).items():
                total[index] = total.get(index, 0.0) + amount
        return total

    def nav(self, market: Market) -> float:
        """Net asset value, base currency."""
        self._check_market(market)
        total = self.mmf_value(market) + self.cash_value(market)
        for pos in self.satellite:
            if isinstance(pos, EtfPosition | MarginPosition):
                total += self.to_base(market, self.position_value(market, pos), market.index_currency[pos.index])
            if isinstance(pos, MarginPosition):
                amount, ccy = self.loan(market, pos)
                total -= self.to_base(market, amount, ccy)
            if isinstance(pos, OptionPosition):
                total += self.option_value(market, pos)
        total += sum(self.to_base(market, a.value, a.currency) for a in self.other)
        if total <= 0:
            raise InputError("account", round(total), "a positive net asset value")
        return total

    def satellite_exposures(self, market: Market) -> dict[str, float]:
        """Net delta exposure of the satellite to each index (other assets left out), base currency."""
        net: dict[str, float] = {}
        for pos in self.satellite:
            for index, amount in self.index_exposure(market, pos).items():
                net[index] = net.get(index, 0.0) + amount
        return net

    def gross_exposure(self, market: Market) -> float:
        """MMF + cash + Σ over indices |net delta exposure of the satellite| + other assets, base currency."""
        satellite = sum(abs(v) for v in self.satellite_exposures(market).values())
        other = sum(self.to_base(market, a.value, a.currency) for a in self.other)
        return self.mmf_value(market) + self.cash_value(market) + satellite + other

    def leverage(self, market: Market) -> float:
        """Gross exposure over NAV (1.3 means 1.3×)."""
        return self.gross_exposure(market) / self.nav(market)

    def fx_shares(self, market: Market) -> dict[str, float]:
        """Net value held in each foreign currency as a fraction of NAV."""
        held: dict[str, float] = {}

        def add(ccy: str, amount_ccy: float) -> None:
            if ccy != self.base_currency:
                held[ccy] = held.get(ccy, 0.0) + self.to_base(market, amount_ccy, ccy)

        for fund in self.mmf:
            if not fund.hedged:
                add(fund.currency, self.mmf_units(market, fund))
        for c in self.cash:
            add(c.currency, c.amount)
        for pos in self.satellite:
            if isinstance(pos, EtfPosition | MarginPosition):
                add(market.index_currency[pos.index], self.position_value(market, pos))
            if isinstance(pos, MarginPosition):
                amount, ccy = self.loan(market, pos)
                add(ccy, -amount)
            if isinstance(pos, OptionPosition):
                add(pos.instrument.spec.currency, self.option_value(market, pos) / market.fx_rate(
                    pos.instrument.spec.currency))
        for a in self.other:
            add(a.currency, a.value)
        for position in self.fx_hedges:
            add(position.hedge.spec.foreign, -position.lots * self.fx_hedge_dollars(market, position))
        nav = self.nav(market)
        return {ccy: value / nav for ccy, value in held.items()}

    def futures_initial_margin(self, market: Market) -> float:
        """Initial margin of all futures positions, base currency."""
        return sum(
            self.to_base(market, p.initial_margin * p.contracts, contract(p.symbol).currency)
            for p in self.satellite if isinstance(p, FuturesPosition)
        )

    def fx_hedge_dollars(self, market: Market, held: FxHedgePosition) -> float:
        """Foreign units (dollars) one lot of ``held`` sells: a yen-sized CME lot at its forward today."""
        from scenarios.fx_repricing import FxRepricer  # only accounts with yen hedges load the repricer

        return float(FxRepricer([held.hedge], market).dollars()[0])

    def fx_hedge_margin(self, market: Market, *, maintenance: bool = False) -> float:
        """Margin the yen hedges held tie up, base currency (a bank forward needs none: the bank's credit line).

        ``lots × FxContractSpec.margin(spot)`` for each position, converted from the contract's fee currency.
        """
        total = 0.0
        for held in self.fx_hedges:
            spec = held.hedge.spec
            per_lot = spec.margin(market.spot(spec.pair), maintenance=maintenance)
            total += self.to_base(market, held.lots * per_lot, spec.fee_currency)
        return total

    def cash_buffer_multiple(self, market: Market) -> float | None:
        """Cash over the futures initial margin (the strategy wants 3–5×); None without futures."""
        margin = self.futures_initial_margin(market)
        return self.cash_value(market) / margin if margin > 0 else None

    def margin_call_fall(self, market: Market, pos: MarginPosition) -> float | None:
        r"""Index return at which ``pos`` hits its maintenance ratio (FX unchanged); None if no fall does.

        Notes
        -----
        With collateral :math:`C`, ETF value :math:`V` and loan :math:`L` (base currency) and maintenance
        ratio :math:`m`, the call comes when :math:`(C + V(1+e) - L) / (V(1+e)) = m`, i.e.

        .. math:: e^* = \frac{L - C}{V (1 - m)} - 1

        A result at or below -1 means no fall of the index can trigger it: None.
        """
        ccy = market.index_currency[pos.index]
        value = self.to_base(market, self.position_value(market, pos), ccy)
        amount, loan_ccy = self.loan(market, pos)
        loan = self.to_base(market, amount, loan_ccy)
        collateral = pos.collateral if pos.collateral is not None else self.mmf_value(market) + self.cash_value(
            market)
        fall = (loan - collateral) / (value * (1.0 - pos.maintenance_ratio)) - 1.0
        return fall if fall > -1.0 else None

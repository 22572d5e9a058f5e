r"""Each holding of an account valued today and at a scenario's date, in plain code: the reference's ledger.

A holding's P&L under a scenario is its value at the scenario's date less its value today, both in the base
currency: ``X (1 + f) · end − X · start`` with ``X`` today's FX rate of the holding's currency and ``f`` its
return over the window. Every amount below is in the holding's currency, ``τ = h / 365`` the window in years,
``Δr̄`` the average change of the currency's short rate over it (``rate_avg``), ``e`` the index return:

================  =====================================================================================
MMF               units ``U`` (``amount`` in its stated currency, converted at today's FX): end
                  ``U (1 + (yield − fee + Δr̄) τ)``; the fund floats with its currency's short rate
hedged MMF        held in the base currency (the share class sells the fund's currency forward, reset
                  monthly): ``V = U X``; end ``V (1 + (yield − fee − hedge cost + Δr̄_base) τ)``, the hedge
                  cost the 3-month (91-day) forward points on the pair a year, ``(1 − e^{(r_base −
                  r_fund) t}) · 365/91`` with ``t = 91/365``, plus the class's ``hedge_fee``
cash              end = start (no interest; FX only)
ETF               value ``V`` in the index currency; end ``V (1 + e + dividend yield · τ)``
margin loan       loan ``L = loan_fraction · V`` in the loan currency; end ``L (1 + (loan rate + Δr̄) τ)``
                  owed (subtracted)
futures           worth 0 today; end ``N (e + (dividend yield − r − Δr̄) τ)`` of variation margin, ``N`` the
                  notional (contracts × multiplier × index level × price ratio) and ``r`` the contract
                  currency's zero rate at 3 months, the futures basis converging over the window
option position   contracts × (value at the scenario's date − model value today), QuantLib
                  (:mod:`hedgeopt.reference.options`)
other asset       end ``V (1 + Σ β e + carry · τ)``
yen hedge lots    lots × value at the scenario's date (entered at mid: worth 0 today),
                  :mod:`hedgeopt.reference.fx_hedges`
================  =====================================================================================
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import (
    MMF,
    Cash,
    EtfPosition,
    FuturesPosition,
    FxHedgePosition,
    LinearAsset,
    MarginPosition,
    OptionPosition,
)
from hedgeopt.reference.fx_hedges import lot_value
from hedgeopt.reference.options import OptionReference
from hedgeopt.reference.scenario import Moves
from pricing import Market, contract, legs_of

HEDGED_CLASS_TENOR = 91
"""A hedged MMF class rolls 3-month forwards: 91 calendar days (the share class's stated hedge)."""

FUTURES_BASIS_YEARS = 0.25
"""The zero rate in an index future's basis is read at 3 months: a quarterly contract's typical remaining life."""

Holding = MMF | Cash | EtfPosition | MarginPosition | FuturesPosition | OptionPosition | LinearAsset | FxHedgePosition


@dataclass(frozen=True)
class Line:
    """One holding as a ledger line: what it is worth today and how to value it at a scenario's date.

    Attributes
    ----------
    name : str
        The holding (``mmf USD Treasury MMF``, ``loan SPX``, ...).
    currency : str
        The currency its value moves with against the base (the base itself for a hedged MMF class, an option
        or a yen hedge, whose values are in the base currency already).
    start : float
        Value today, in ``currency``.
    end : callable
        Value at a scenario's date, in ``currency``, from the scenario's :class:`Moves`.
    """

    name: str
    currency: str
    start: float
    end: Callable[[Moves], float]


class Ledger:
    """The holdings of an account as ledger lines, valued today and under scenarios, base currency.

    Parameters
    ----------
    account : Account
    market : Market
        Today's market.
    options : OptionReference
        The QuantLib valuer of option legs (and the reader of today's zero rates).
    """

    def __init__(self, account: Account, market: Market, options: OptionReference) -> None:
        self.account, self.market, self.options = account, market, options
        self.base = market.base_currency
        self.lines = [self._line(name, h) for name, h in self._holdings()]
        self._fx = {line.currency: market.fx_rate(line.currency) for line in self.lines}

    def options_held(self) -> list:
        """Every option leg the account holds (for :meth:`OptionReference.prepare`)."""
        return [leg.option for pos in self.account.satellite if isinstance(pos, OptionPosition)
                for leg in legs_of(pos.instrument)]

    def _holdings(self) -> list[tuple[str, Holding]]:
        """Every holding with a label, in the account's order: MMF, cash, satellite, other assets, yen hedges."""
        acct = self.account
        out: list[tuple[str, Holding]] = [(f"mmf {f.name}", f) for f in acct.mmf]
        out += [(f"cash {c.currency}", c) for c in acct.cash]
        for pos in acct.satellite:
            out.append((f"{pos.route.value} {getattr(pos, 'symbol', None) or pos.index}", pos))
            if isinstance(pos, MarginPosition):
                out.append((f"loan {pos.index}", _Loan(pos)))
        out += [(f"other {a.name}", a) for a in acct.other]
        out += [(f"fx hedge {h.hedge.label}", h) for h in acct.fx_hedges]
        return out

    def today(self, line: Line) -> float:
        """Value today, base currency (0 for a future and a yen hedge: only margin moves)."""
        return line.start * self._fx[line.currency]

    def pnl(self, line: Line, moves: Moves) -> float:
        """Value at the scenario's date less value today, base currency."""
        fx = self._fx[line.currency]
        return line.end(moves) * fx * (1.0 + moves.fx(line.currency, self.base)) - line.start * fx

    def _in(self, amount: float, stated: str, currency: str) -> float:
        """``amount`` of ``stated`` expressed in ``currency`` at today's FX."""
        return amount * self.market.fx_rate(stated) / self.market.fx_rate(currency)

    def _line(self, name: str, holding: Holding | _Loan) -> Line:
        """The ledger line of a holding (see the module docstring for each rule)."""
        market = self.market
        if isinstance(holding, MMF):
            return self._mmf(name, holding)
        if isinstance(holding, Cash):
            return Line(name, holding.currency, holding.amount, lambda m, a=holding.amount: a)
        if isinstance(holding, EtfPosition | MarginPosition):
            currency = market.index_currency[holding.index]
            value = self._in(holding.value, holding.value_currency or currency, currency)
            index, dividend = holding.index, market.dividend_yield(holding.index)
            return Line(name, currency, value, lambda m: value * (1.0 + m.equity(index) + dividend * m.years))
        if isinstance(holding, _Loan):
            return self._loan(name, holding.position)
        if isinstance(holding, FuturesPosition):
            return self._futures(name, holding)
        if isinstance(holding, OptionPosition):
            instrument, contracts = holding.instrument, holding.contracts
            return Line(name, self.base, self.options.value(instrument) * contracts,
                        lambda m: self.options.value(instrument, m) * contracts)
        if isinstance(holding, LinearAsset):
            value, betas, carry = holding.value, dict(holding.betas), holding.carry
            return Line(name, holding.currency, value, lambda m: value * (
                1.0 + sum(b * m.equity(i) for i, b in betas.items()) + carry * m.years))
        if isinstance(holding, FxHedgePosition):
            hedge, lots = holding.hedge, holding.lots
            return Line(name, self.base, 0.0, lambda m: lot_value(hedge, market, m) * lots)
        raise TypeError(f"no reference value for {holding!r}")

    def _mmf(self, name: str, fund: MMF) -> Line:
        units = self._in(fund.amount, fund.amount_currency or fund.currency, fund.currency)
        if not fund.hedged:
            currency, net = fund.currency, fund.yield_ - fund.fee
            return Line(name, currency, units, lambda m: units * (1.0 + (net + m.rate_average(currency)) * m.years))
        value = units * self.market.fx_rate(fund.currency)  # the class is held in the base currency
        t = HEDGED_CLASS_TENOR / 365.0
        gap = self.options.zero_rate(self.base, t) - self.options.zero_rate(fund.currency, t)
        net = fund.yield_ - fund.fee - (1.0 - math.exp(gap * t)) * 365.0 / HEDGED_CLASS_TENOR - fund.hedge_fee
        base = self.base
        return Line(name, base, value, lambda m: value * (1.0 + (net + m.rate_average(base)) * m.years))

    def _loan(self, name: str, pos: MarginPosition) -> Line:
        index_ccy = self.market.index_currency[pos.index]
        currency = pos.loan_currency or index_ccy
        value = self._in(pos.value, pos.value_currency or index_ccy, index_ccy)
        owed, rate = pos.loan_fraction * self._in(value, index_ccy, currency), pos.loan_rate
        return Line(name, currency, -owed, lambda m: -owed * (1.0 + (rate + m.rate_average(currency)) * m.years))

    def _futures(self, name: str, pos: FuturesPosition) -> Line:
        spec = contract(pos.symbol)
        index, currency = spec.underlying, spec.currency
        notional = pos.contracts * spec.multiplier * self.market.spot(index) * spec.price_ratio
        basis = self.market.dividend_yield(index) - self.options.zero_rate(currency, FUTURES_BASIS_YEARS)
        return Line(name, currency, 0.0, lambda m: notional * (
            m.equity(index) + (basis - m.rate_average(currency)) * m.years))


class _Loan:
    """The loan side of a margin position: its own ledger line."""

    def __init__(self, position: MarginPosition) -> None:
        self.position = position

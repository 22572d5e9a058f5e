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


class Ledger:
    """Values of an account's holdings today and under scenarios, base currency, one holding at a time.

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

    def options_held(self) -> list:
        """Every option leg the account holds (for :meth:`OptionReference.prepare`)."""
        return [leg.option for pos in self.account.satellite if isinstance(pos, OptionPosition)
                for leg in legs_of(pos.instrument)]

    def holdings(self) -> list[tuple[str, Holding]]:
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

    def _fx(self, currency: str) -> float:
        return self.market.fx_rate(currency)

    def _in(self, amount: float, stated: str, currency: str) -> float:
        """``amount`` of ``stated`` expressed in ``currency`` at today's FX."""
        return amount * self._fx(stated) / self._fx(currency)

    def today(self, holding: Holding) -> float:
        """Value today, base currency (0 for a future and a yen hedge: only margin moves)."""
        currency, start, _ = self._local(holding, None)
        return start * self._fx(currency)

    def pnl(self, holding: Holding, moves: Moves) -> float:
        """Value at the scenario's date less value today, base currency."""
        currency, start, end = self._local(holding, moves)
        fx = self._fx(currency)
        return end * fx * (1.0 + moves.fx(currency, self.base)) - start * fx

    def _local(self, holding: Holding | _Loan, moves: Moves | None) -> tuple[str, float, float]:
        """(currency, value today, value at the scenario's date) of a holding, in that currency."""
        tau = 0.0 if moves is None else moves.years
        market = self.market
        if isinstance(holding, MMF):
            return self._mmf(holding, moves)
        if isinstance(holding, Cash):
            return holding.currency, holding.amount, holding.amount
        if isinstance(holding, EtfPosition | MarginPosition):
            currency = market.index_currency[holding.index]
            value = self._in(holding.value, holding.value_currency or currency, currency)
            e = 0.0 if moves is None else moves.equity(holding.index)
            return currency, value, value * (1.0 + e + market.dividend_yield(holding.index) * tau)
        if isinstance(holding, _Loan):
            return self._loan(holding.position, moves)
        if isinstance(holding, FuturesPosition):
            return self._futures(holding, moves)
        if isinstance(holding, OptionPosition):
            today = self.options.value(holding.instrument) * holding.contracts
            end = today if moves is None else self.options.value(holding.instrument, moves) * holding.contracts
            # already in base currency at the scenario's FX: expressed here so that pnl() leaves it as it is
            return self.base, today, end
        if isinstance(holding, LinearAsset):
            e = 0.0 if moves is None else sum(b * moves.equity(i) for i, b in holding.betas.items())
            return holding.currency, holding.value, holding.value * (1.0 + e + holding.carry * tau)
        if isinstance(holding, FxHedgePosition):
            end = 0.0 if moves is None else lot_value(holding.hedge, market, moves) * holding.lots
            return self.base, 0.0, end
        raise TypeError(f"no reference value for {holding!r}")

    def _mmf(self, fund: MMF, moves: Moves | None) -> tuple[str, float, float]:
        units = self._in(fund.amount, fund.amount_currency or fund.currency, fund.currency)
        tau = 0.0 if moves is None else moves.years
        if not fund.hedged:
            drift = 0.0 if moves is None else moves.rate_average(fund.currency)
            return fund.currency, units, units * (1.0 + (fund.yield_ - fund.fee + drift) * tau)
        value = units * self._fx(fund.currency)  # the class is held in the base currency
        t = HEDGED_CLASS_TENOR / 365.0
        gap = self.options.zero_rate(self.base, t) - self.options.zero_rate(fund.currency, t)
        hedge_cost = (1.0 - math.exp(gap * t)) * 365.0 / HEDGED_CLASS_TENOR + fund.hedge_fee
        drift = 0.0 if moves is None else moves.rate_average(self.base)
        return self.base, value, value * (1.0 + (fund.yield_ - fund.fee - hedge_cost + drift) * tau)

    def _loan(self, pos: MarginPosition, moves: Moves | None) -> tuple[str, float, float]:
        index_ccy = self.market.index_currency[pos.index]
        currency = pos.loan_currency or index_ccy
        value = self._in(pos.value, pos.value_currency or index_ccy, index_ccy)
        owed = pos.loan_fraction * self._in(value, index_ccy, currency)
        if moves is None:
            return currency, -owed, -owed
        return currency, -owed, -owed * (1.0 + (pos.loan_rate + moves.rate_average(currency)) * moves.years)

    def _futures(self, pos: FuturesPosition, moves: Moves | None) -> tuple[str, float, float]:
        spec = contract(pos.symbol)
        if moves is None:
            return spec.currency, 0.0, 0.0
        notional = pos.contracts * spec.multiplier * self.market.spot(spec.underlying) * spec.price_ratio
        rate = self.options.zero_rate(spec.currency, FUTURES_BASIS_YEARS)
        drift = self.market.dividend_yield(spec.underlying) - rate - moves.rate_average(spec.currency)
        return spec.currency, 0.0, notional * (moves.equity(spec.underlying) + drift * moves.years)


class _Loan:
    """The loan side of a margin position: its own ledger line."""

    def __init__(self, position: MarginPosition) -> None:
        self.position = position

r"""The account's P&L under scenarios, decomposed into carry, index, FX, options and funding.

Every holding is a *ledger line* in one currency: the value exposed to FX (``V``), and over the horizon ``h``
its carry, index and funding P&L in that currency. A line's P&L in base currency, with today's FX ``X`` and the
scenario's FX return ``f``, is

.. math:: X\,(c + i + u) + X f\,(V + c + i + u)

with the first term split into carry ``c``, index ``i`` and funding ``u`` and the second reported as FX, so the
parts always sum to the total. Options are repriced with the scenario engine and reported whole (their FX
effect included) in the options column.

Ledger lines per route, with :math:`\tau = h/365` and :math:`\bar{\Delta r}` the average change of the line
currency's short rate over the scenario's window (``ScenarioSet.rate_average``: the recorded T-bill path for the
1999-2018 episodes, else a straight line to the scenario's end rate):

=================  ==================================================================================
MMF                ``V`` = units; carry = units × (yield − fee + Δr̄) × τ — the fund floats with the short rate
hedged MMF         a line in the base currency: ``V`` = value today in base (no FX move: the hedge is rolled
                   monthly, and the residual on the month's gain or loss, left unhedged until the roll, is
                   ignored); carry = V × (yield − fee − hedge cost + Δr̄_base) × τ — the forward points move with
                   the rate gap, so a dollar T-bill fund hedged into yen floats with the *yen* short rate
cash               ``V`` = amount; no carry (hold the MMF for yield)
ETF (cash route)   ``V`` = value; index = value × e; carry = value × dividend yield × τ
margin             the ETF line, plus a loan line: ``V`` = −loan; funding = −loan × (loan rate + Δr̄) × τ
                   (a broker's margin rate floats over its benchmark)
futures            ``V`` = 0 (only variation margin); index = notional × e; funding = −notional × (r + Δr̄) × τ;
                   carry = notional × q × τ — the futures basis (r − q) converging over the horizon
other assets       ``V`` = value; index = value × Σ β e; carry = value × carry × τ (fixed)
=================  ==================================================================================

Rates are not floored: a fall larger than today's yield gives a negative yield over the window.

Yen hedges held (:class:`~hedgeopt.account.holdings.FxHedgePosition`) are valued per lot by
:class:`scenarios.fx_repricing.FxRepricer` (worth 0 today, at mid) and reported whole in the **fx** column: the
spot move and the forward or swap points they give up over the window together, so that the fx column of a
hedged account shows the hedge netting the dollar holdings' move.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import EtfPosition, FuturesPosition, MarginPosition, OptionPosition
from pricing import Market, contract
from pricing._typing import FloatArray
from scenarios import ScenarioSet

if TYPE_CHECKING:
    from pricing import Instrument
    from scenarios.repricing import OptionRepricer

COMPONENTS = ("carry", "index", "fx", "options", "funding")
"""The P&L decomposition's columns, in report order."""


@dataclass(frozen=True)
class _Line:
    """A holding in one currency: FX-exposed value, yearly carry and funding, index exposures (all local)."""

    currency: str
    value: float
    carry: float = 0.0
    index_exposure: tuple[tuple[str, float], ...] = ()
    funding: float = 0.0
    floating: float = 0.0
    """Amount whose rate floats with the currency's short rate: + earns it (MMF), − pays it (loan, futures)."""


def _lines(account: Account, market: Market) -> list[_Line]:
    """Every holding of ``account`` as ledger lines (see the module docstring); options excluded."""
    lines = []
    for fund in account.mmf:
        units = account.mmf_units(market, fund)
        if fund.hedged:
            units = account.to_base(market, units, fund.currency)
        lines.append(_Line(account.mmf_currency(fund), units, carry=units * account.mmf_net_yield(market, fund),
                           floating=units))
    lines += [_Line(c.currency, c.amount) for c in account.cash]
    for pos in account.satellite:
        if isinstance(pos, EtfPosition | MarginPosition):
            value = account.position_value(market, pos)
            dividends = value * market.dividend_yield(pos.index)
            lines.append(_Line(market.index_currency[pos.index], value, dividends, ((pos.index, value),)))
        if isinstance(pos, MarginPosition):
            amount, ccy = account.loan(market, pos)
            lines.append(_Line(ccy, -amount, funding=-pos.loan_rate * amount, floating=-amount))
        if isinstance(pos, FuturesPosition):
            spec = contract(pos.symbol)
            notional = pos.contracts * spec.notional(market.spot(spec.underlying))
            rate = account.futures_rate(market, pos)
            dividends = notional * market.dividend_yield(spec.underlying)
            lines.append(_Line(spec.currency, 0.0, dividends, ((spec.underlying, notional),), -rate * notional,
                               floating=-notional))
    for asset in account.other:
        exposure = tuple((i, asset.value * b) for i, b in asset.betas.items())
        lines.append(_Line(asset.currency, asset.value, asset.value * asset.carry, exposure))
    return lines


def _line_pnl(line: _Line, market: Market, scenarios: ScenarioSet, rows: np.ndarray) -> dict[str, FloatArray]:
    tau = scenarios.horizon_days[rows] / 365.0
    moved = line.floating * scenarios.rate_average(line.currency)[rows] * tau if line.floating else 0.0
    carry = line.carry * tau + (moved if line.floating > 0 else 0.0)
    funding = line.funding * tau + (moved if line.floating < 0 else 0.0)
    index = np.zeros(rows.size)
    for idx, notional in line.index_exposure:
        index = index + notional * scenarios.equity(idx)[rows]
    if line.currency == market.base_currency:
        f = np.zeros(rows.size)
    else:
        f = scenarios.fx(line.currency)[rows]
    x = market.fx_rate(line.currency)
    return {
        "carry": x * carry,
        "index": x * index,
        "funding": x * funding,
        "fx": x * f * (line.value + carry + index + funding),
    }


def account_pnl(
    account: Account, market: Market, scenarios: ScenarioSet, rows: np.ndarray | None = None
) -> pd.DataFrame:
    """P&L of ``account`` under each scenario, decomposed, base currency.

    Parameters
    ----------
    account : Account
    market : Market
        Today's market.
    scenarios : ScenarioSet
    rows : ndarray of int, optional
        Scenario positions (all when None).

    Returns
    -------
    pandas.DataFrame
        One row per scenario: ``label``, ``horizon_days``, the components ``carry``, ``index``, ``fx``,
        ``options``, ``funding`` and ``pnl`` (their sum) in base currency, ``pnl_pct`` (fraction of NAV),
        ``margin_call`` (True where a margin loan breaches its maintenance ratio) and ``uncredited`` (True where
        an option held expires inside the window with no recorded path, so it is credited with nothing there).

    Examples
    --------
    The strategy's numbers: an instantaneous 30% fall costs the 1.3× example account 900,000 JPY, 9.0% of NAV.

    >>> from pricing import default_market
    >>> from hedgeopt.account.holdings import MMF, Cash, MarginPosition
    >>> acct = Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
    ...                satellite=(MarginPosition("SPX", 3_000_000, 0.06, value_currency="JPY"),))
    >>> crash = ScenarioSet.from_records([{"label": "SPX -30%", "horizon_days": 0, "equity.SPX": -0.30}])
    >>> row = account_pnl(acct, default_market(), crash).iloc[0]
    >>> round(float(row["pnl"])), round(float(row["pnl_pct"]), 4)
    (-900000, -0.09)
    """
    rows = np.arange(len(scenarios)) if rows is None else np.asarray(rows, dtype=np.int64)
    parts = pnl_components(account, market, scenarios, rows)
    table = pd.DataFrame({"label": np.asarray(scenarios.labels, dtype=object)[rows],
                          "horizon_days": scenarios.horizon_days[rows]})
    for name in COMPONENTS:
        table[name] = parts[name]
    table["pnl"] = sum(parts[name] for name in COMPONENTS)
    table["pnl_pct"] = table["pnl"] / account.nav(market)
    table["margin_call"] = margin_calls(account, market, scenarios, rows)
    options = [p.instrument for p in account.satellite if isinstance(p, OptionPosition)]
    table["uncredited"] = (_repricer(options, market).uncredited(scenarios, rows).any(axis=1) if options
                           else np.zeros(rows.size, dtype=bool))
    return table


def pnl_components(
    account: Account, market: Market, scenarios: ScenarioSet, rows: np.ndarray
) -> dict[str, FloatArray]:
    """The decomposition of :func:`account_pnl` as arrays, base currency, shape (len(rows),) each.

    Needs no NAV, so it also gives the P&L of a single position (an account holding only that position).
    """
    parts = {name: np.zeros(rows.size) for name in COMPONENTS}
    for line in _lines(account, market):
        for name, values in _line_pnl(line, market, scenarios, rows).items():
            parts[name] += values
    options = [p for p in account.satellite if isinstance(p, OptionPosition)]
    if options:
        repricer = _repricer([p.instrument for p in options], market)
        contracts = np.array([p.contracts for p in options], dtype=float)
        parts["options"] = repricer.pnl(scenarios, rows) @ contracts
    if account.fx_hedges:
        parts["fx"] = parts["fx"] + fx_hedge_pnl(account, market, scenarios, rows)
    return parts


def fx_hedge_pnl(account: Account, market: Market, scenarios: ScenarioSet, rows: np.ndarray) -> FloatArray:
    """P&L of the yen hedges held under each scenario, base currency, shape (len(rows),) (0 without any)."""
    if not account.fx_hedges:
        return np.zeros(rows.size)
    from scenarios.fx_repricing import FxRepricer  # only accounts with yen hedges load the repricer

    repricer = FxRepricer([held.hedge for held in account.fx_hedges], market)
    lots = np.array([held.lots for held in account.fx_hedges])
    return (repricer.value(scenarios, rows) - repricer.value_today()[None, :]) @ lots


def _repricer(instruments: list[Instrument], market: Market) -> OptionRepricer:
    """The options' repricer, imported here: an account without options never loads the kernels (scipy)."""
    from scenarios.repricing import OptionRepricer

    return OptionRepricer(instruments, market)


def margin_calls(account: Account, market: Market, scenarios: ScenarioSet, rows: np.ndarray) -> np.ndarray:
    """True where any margin position's equity ratio falls below its maintenance ratio, shape (len(rows),).

    The collateral (all cash and MMF unless the position states its own) moves with FX — a hedged MMF class
    does not — and gains the yen hedges' P&L, settled into cash.
    """
    calls = np.zeros(rows.size, dtype=bool)
    mmf_ccy = [(account.to_base(market, account.mmf_units(market, f), f.currency), account.mmf_currency(f))
               for f in account.mmf]
    cash_ccy = [(account.to_base(market, c.amount, c.currency), c.currency) for c in account.cash]
    hedges = fx_hedge_pnl(account, market, scenarios, rows) if any(
        isinstance(p, MarginPosition) for p in account.satellite) else 0.0  # settled into cash: collateral

    def moved(amount: float, ccy: str) -> FloatArray:
        return amount * (1.0 + (0.0 if ccy == market.base_currency else scenarios.fx(ccy)[rows]))

    for pos in account.satellite:
        if not isinstance(pos, MarginPosition):
            continue
        ccy = market.index_currency[pos.index]
        value = moved(account.to_base(market, account.position_value(market, pos), ccy), ccy) * (
            1.0 + scenarios.equity(pos.index)[rows])
        amount, loan_ccy = account.loan(market, pos)
        loan = moved(account.to_base(market, amount, loan_ccy), loan_ccy)
        if pos.collateral is not None:
            collateral = np.full(rows.size, float(pos.collateral))
        else:
            collateral = sum((moved(a, c) for a, c in (*mmf_ccy, *cash_ccy)), np.zeros(rows.size)) + hedges
        calls |= (collateral + value - loan) < pos.maintenance_ratio * value
    return calls

"""The holdings of an account, one line each, as a user lists them: what is held, in which currency, worth what.

The lines add up to the NAV (:meth:`Account.nav`): a margin position and its loan are two lines (the loan
negative); futures are worth nothing on the line (their margin sits in cash) but carry their notional as exposure.
A hedged MMF share class is its own kind of line (``mmf_hedged``: "USD Treasury MMF (yen-hedged)"), its rate net
of the hedge cost; yen hedges held (``fx_hedge``) come last, worth 0 at mid, their amount the lots held.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, EtfPosition, FuturesPosition, FxHedgePosition, MarginPosition, OptionPosition
from pricing import Market


class HoldingKind(StrEnum):
    """What a line of the holdings list is."""

    MMF = "mmf"
    MMF_HEDGED = "mmf_hedged"
    CASH = "cash"
    ETF = "etf"
    MARGIN_POSITION = "margin_position"
    MARGIN_LOAN = "margin_loan"
    FUTURES = "futures"
    OPTION = "option"
    OTHER = "other"
    FX_HEDGE = "fx_hedge"


@dataclass(frozen=True)
class Holding:
    """One line of the holdings list.

    Attributes
    ----------
    kind : HoldingKind
    name : str
        The fund's name, the index, the futures symbol, the option's label or the yen hedge's symbol (with its
        maturity: ``6J 2027-03-15``).
    currency : str
        The currency the holding is in (a yen hedge: the currency it sells).
    amount : float
        Value in ``currency`` (for futures and options: the number of contracts; for a yen hedge: its lots).
    value : float
        Value in the base currency (negative for a loan; 0 for futures and yen hedges).
    exposure : float
        Delta exposure to the index, base currency (0 for MMF, cash, loans and yen hedges).
    rate : float or None
        Yearly rate, decimal: the MMF's yield net of fees (and of the hedge cost for a hedged class), the loan's
        interest rate.
    """

    kind: HoldingKind
    name: str
    currency: str
    amount: float
    value: float
    exposure: float = 0.0
    rate: float | None = None

    def as_dict(self) -> dict[str, object]:
        """The line as plain values."""
        return {**asdict(self), "kind": self.kind.value}


def holdings(account: Account, market: Market) -> tuple[Holding, ...]:
    """Every holding of ``account`` at ``market``, core first: MMF, cash, then the satellite and other assets.

    Examples
    --------
    >>> from hedgeopt.config.config import load_config  # doctest: +SKIP
    >>> c = load_config("examples/seed_10m.toml")  # doctest: +SKIP
    >>> [(h.kind.value, round(h.value)) for h in holdings(c.account, c.market)]  # doctest: +SKIP
    [('mmf', 7000000), ('cash', 3000000), ('margin_position', 3000000), ('margin_loan', -3000000)]
    """
    lines = [_mmf_line(account, market, f) for f in account.mmf]
    lines += [Holding(HoldingKind.CASH, c.currency, c.currency, c.amount, account.to_base(market, c.amount, c.currency))
              for c in account.cash]
    for pos in account.satellite:
        lines += _satellite_lines(account, market, pos)
    lines += [Holding(HoldingKind.OTHER, a.name, a.currency, a.value, account.to_base(market, a.value, a.currency),
                      sum(account.index_exposure(market, a).values()), a.carry or None) for a in account.other]
    lines += [_fx_hedge_line(h) for h in account.fx_hedges]
    return tuple(lines)


def _mmf_line(account: Account, market: Market, fund: MMF) -> Holding:
    units = account.mmf_units(market, fund)
    kind = HoldingKind.MMF_HEDGED if fund.hedged else HoldingKind.MMF
    return Holding(kind, fund.name, fund.currency, units, account.to_base(market, units, fund.currency),
                   rate=account.mmf_net_yield(market, fund))


def _fx_hedge_line(held: FxHedgePosition) -> Holding:
    hedge = held.hedge
    return Holding(HoldingKind.FX_HEDGE, hedge.label, hedge.spec.foreign, held.lots, 0.0)


def _satellite_lines(account: Account, market: Market, pos: object) -> list[Holding]:
    exposure = sum(account.index_exposure(market, pos).values())
    if isinstance(pos, EtfPosition | MarginPosition):
        ccy = market.index_currency[pos.index]
        own = account.position_value(market, pos)
        kind = HoldingKind.MARGIN_POSITION if isinstance(pos, MarginPosition) else HoldingKind.ETF
        lines = [Holding(kind, pos.index, ccy, own, account.to_base(market, own, ccy), exposure)]
        if isinstance(pos, MarginPosition):
            loan, loan_ccy = account.loan(market, pos)
            lines.append(Holding(HoldingKind.MARGIN_LOAN, pos.index, loan_ccy, -loan,
                                 -account.to_base(market, loan, loan_ccy), rate=pos.loan_rate))
        return lines
    if isinstance(pos, FuturesPosition):
        return [Holding(HoldingKind.FUTURES, pos.symbol, market.index_currency[pos.index], pos.contracts, 0.0,
                        exposure)]
    if isinstance(pos, OptionPosition):
        return [Holding(HoldingKind.OPTION, pos.instrument.label, market.base_currency, pos.contracts,
                        account.option_value(market, pos), exposure)]
    raise TypeError(f"not a satellite position: {pos!r}")

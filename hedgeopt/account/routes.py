"""The same index exposure on another route: the satellite held as cash ETF, margin ETF or futures.

Terms come from a position of that route already in the account; without one, from stated defaults: a margin
loan at the index currency's 3-month rate + :data:`DEFAULT_LOAN_SPREAD` with maintenance 0.25, and futures
(:data:`DEFAULT_FUTURES`) with an initial margin of :data:`DEFAULT_MARGIN_SHARE` of one contract's notional and a
maintenance margin of 90% of that — illustrative; brokers and exchanges set the real figures.
"""

from __future__ import annotations

from dataclasses import replace

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, Cash, EtfPosition, FuturesPosition, MarginPosition, Route
from pricing import InputError, Market, contract

DEFAULT_LOAN_SPREAD = 0.02
"""Margin-loan rate over the short rate when the account has no margin position (4% + 2% = the seed's 6%)."""

DEFAULT_FUTURES = {"SPX": "MES", "NKY": "NK225M_FUT"}
"""Futures used for an index when the account has none on it (micro/mini contracts suit small accounts)."""

DEFAULT_OPTIONS = {"SPX": "XSP", "NKY": "NK225M_OPT"}
"""Options used on an index when none is named for it (the mini contracts: one covers about 9,000,000 JPY of SPX
(XSP) or 5,000,000 JPY of the Nikkei 225 (NK225M_OPT), sizes a small account can hold)."""

DEFAULT_MARGIN_SHARE = 0.08
"""Initial margin as a fraction of one contract's notional when none is configured (about CME's MES level)."""

Position = EtfPosition | MarginPosition | FuturesPosition


def route_template(account: Account, market: Market, route: Route | str, index: str) -> Position:
    """A position on ``route`` and ``index`` whose terms to use: the account's own, else the defaults.

    Raises
    ------
    InputError
        For the options route (options are the hedge, not the route) or an index without default futures.
    """
    route = Route(route)
    kinds = {Route.CASH: EtfPosition, Route.MARGIN: MarginPosition, Route.FUTURES: FuturesPosition}
    if route not in kinds:
        raise InputError("route", route.value, "cash, margin or futures (options are the hedge, not the route)")
    for pos in account.satellite:
        if isinstance(pos, kinds[route]) and pos.index == index:
            return pos
    if route is Route.CASH:
        return EtfPosition(index, 1.0, account.base_currency)
    if route is Route.MARGIN:
        ccy = market.index_currency[index]
        rate = float(market.curve(ccy).zero_rate(0.25)) + DEFAULT_LOAN_SPREAD
        return MarginPosition(index, 1.0, rate, value_currency=account.base_currency)
    if index not in DEFAULT_FUTURES:
        raise InputError("route", "futures", f"an index with default futures ({', '.join(DEFAULT_FUTURES)})",
                         hint=f"add a futures position on {index} to [[account.satellite]]")
    spec = contract(DEFAULT_FUTURES[index])
    margin = DEFAULT_MARGIN_SHARE * spec.notional(market.spot(index))
    return FuturesPosition(spec.symbol, 1, margin, 0.9 * margin)


def with_exposure(account: Account, market: Market, route: Route | str, index: str, exposure: float) -> Account:
    """The account with every cash/margin/futures position on ``index`` replaced by one on ``route``.

    Parameters
    ----------
    exposure : float
        Index exposure to hold, base currency (>= 0). Futures round to whole contracts (at least one when
        ``exposure > 0``). The cash route pays for the ETF from cash, then from the MMFs in order; what is sold
        on the way out (an ETF, or a margin ETF less its loan) comes back as cash, so NAV is unchanged.
    """
    template = route_template(account, market, route, index)
    kept, freed = [], 0.0
    for pos in account.satellite:
        if isinstance(pos, EtfPosition | MarginPosition | FuturesPosition) and pos.index == index:
            if isinstance(pos, EtfPosition | MarginPosition):  # sold: its own equity comes back as cash
                freed += account.index_exposure(market, pos)[index]
            if isinstance(pos, MarginPosition):
                amount, ccy = account.loan(market, pos)
                freed -= account.to_base(market, amount, ccy)
            continue
        kept.append(pos)
    base = account.base_currency
    cash = [*account.cash, Cash(freed, base)] if freed else list(account.cash)
    mmf = list(account.mmf)
    if isinstance(template, FuturesPosition):
        one = account.futures_notional(market, replace(template, contracts=1))
        n = max(round(exposure / one), 1) if exposure > 0 else 0
        new = (replace(template, contracts=n),) if n else ()
    else:
        new = (replace(template, value=exposure, value_currency=base),) if exposure > 0 else ()
    if isinstance(template, EtfPosition) and exposure > 0:
        cash, mmf = _pay(account, market, cash, mmf, exposure)
    return replace(account, cash=tuple(cash), mmf=tuple(mmf), satellite=(*kept, *new))


def _pay(account: Account, market: Market, cash: list[Cash], mmf: list[MMF], amount: float
         ) -> tuple[list[Cash], list[MMF]]:
    """Take ``amount`` (base currency) from base cash, then from the MMFs in order."""
    base = account.base_currency
    have = sum(c.amount for c in cash if c.currency == base)
    take = min(max(have, 0.0), amount)
    cash = [*cash, Cash(-take, base)]
    rest = amount - take
    funds = []
    for fund in mmf:
        value = account.to_base(market, account.mmf_units(market, fund), fund.currency)
        sold = min(value, rest)
        rest -= sold
        funds.append(replace(fund, amount=value - sold, amount_currency=base))
    if rest > 1e-6:
        raise InputError("route", "cash", f"cash and MMF worth the exposure ({amount:,.0f} {base})",
                         hint="the cash route buys the ETF outright")
    return cash, funds

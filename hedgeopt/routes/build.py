"""The same index exposure built four ways on one account, and what each costs to open.

Every route starts from the **core**: the config's account with its cash, margin and futures positions on the index
sold back into cash (:func:`~hedgeopt.account.routes.with_exposure` to zero; NAV unchanged). Then:

====  =========  ==============================================================================================
A     margin     the index ETF on a margin loan (the account's loan terms, else the short rate + 2%)
B     futures    index futures, whole contracts (at least one: one MES is about 4,500,000 JPY)
C     calls      calls and call spreads chosen by the optimizer (:mod:`hedgeopt.optimizer.participation`)
D     cash       the ETF bought outright from cash, then the MMF: the carry route, no leverage
====  =========  ==============================================================================================

Opening costs are paid once and come off every figure of the route (fraction of today's NAV): the ETF's trading cost
(``[paths] etf_cost``: commission and half the spread), a futures contract's commission (``[paths]
futures_commission`` a side) and half its tick, and the conversion of yen into the index currency (``[paths]
fx_cost``) for what must be paid in it: the ETF bought with yen cash, the futures' initial margin. The margin route
converts nothing (the loan is in the index currency). Route C's spread and commissions are in its premium
(:class:`~hedgeopt.optimizer.candidates.Candidates`: long legs at the ask, short legs at the bid).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import Cash, EtfPosition, FuturesPosition, MarginPosition, OptionPosition, Route
from hedgeopt.account.routes import with_exposure
from hedgeopt.config.config import Config
from hedgeopt.config.path_settings import Frictions
from pricing import InputError, Market, contract
from pricing.validation import check_amount


class RouteName(StrEnum):
    """The four routes, in the strategy's order (A, B, C, D)."""

    MARGIN = "margin"
    FUTURES = "futures"
    CALLS = "calls"
    CASH = "cash"

    @property
    def letter(self) -> str:
        """The strategy's letter for the route."""
        return "ABCD"[list(RouteName).index(self)]


LINEAR = {RouteName.MARGIN: Route.MARGIN, RouteName.FUTURES: Route.FUTURES, RouteName.CASH: Route.CASH}
"""The routes an account position holds (route C is sized by the optimizer)."""


@dataclass(frozen=True)
class Built:
    """One route's account and what opening it costs.

    Attributes
    ----------
    route : RouteName
    account : Account
        The core plus the route's position (route C: its options, the premium paid from cash).
    exposure : float
        Index exposure the route holds, base currency: the ETF's value, the futures' notional, the options'
        delta today (route C).
    opening : float
        Paid once to open it, base currency (>= 0; see the module docstring).
    fx_conversion : float
        The part of ``opening`` that converts yen into the index currency, base currency.
    contracts : int or None
        Futures contracts (route B), or the options' contracts (route C).
    options : tuple of (OptionPosition, float)
        Route C: each option held and what one contract cost (ask, commissions and the yen converted), base
        currency.
    """

    route: RouteName
    account: Account
    exposure: float
    opening: float
    fx_conversion: float = 0.0
    contracts: int | None = None
    options: tuple[tuple[OptionPosition, float], ...] = ()


def core_account(config: Config, index: str) -> Account:
    """The config's account with its cash, margin and futures positions on ``index`` sold into cash (NAV unchanged)."""
    return with_exposure(config.account, config.market, Route.CASH, index, 0.0)


def _foreign(market: Market, account: Account, index: str) -> bool:
    return market.index_currency[index] != account.base_currency


def linear_route(config: Config, route: RouteName, index: str, exposure: float) -> Built:
    """Route A, B or D on the core at ``exposure`` (base currency), with its opening costs.

    Raises
    ------
    InputError
        Route D with less cash and MMF than the exposure, or an index without default futures (route B).
    """
    market, frictions = config.market, config.paths.frictions
    account = with_exposure(config.account, market, LINEAR[route], index, exposure)
    held = [p for p in account.satellite if isinstance(p, EtfPosition | MarginPosition | FuturesPosition)
            and p.index == index]
    if route is RouteName.FUTURES:
        pos = held[0]
        spec = contract(pos.symbol)
        fx = market.fx_rate(spec.currency)
        side = pos.contracts * futures_side(pos.symbol, frictions) * fx
        margin = account.futures_initial_margin(market)
        conversion = frictions.fx_cost * margin if _foreign(market, account, index) else 0.0
        return Built(route, account, account.futures_notional(market, pos), side + conversion, conversion,
                     pos.contracts)
    trade = frictions.etf_cost * exposure
    conversion = 0.0
    if route is RouteName.CASH and _foreign(market, account, index):
        base_cash = sum(c.amount for c in config.account.cash if c.currency == account.base_currency)
        conversion = frictions.fx_cost * min(max(base_cash, 0.0), exposure)
    return Built(route, account, exposure, trade + conversion, conversion)


def futures_side(symbol: str, frictions: Frictions) -> float:
    """One side of one futures contract: ``[paths] futures_commission`` and half a tick, contract currency."""
    spec = contract(symbol)
    return frictions.futures_commission + 0.5 * spec.tick * spec.multiplier


def paid_from_cash(account: Account, amount: float) -> Account:
    """``account`` with ``amount`` (base currency) paid out of its base-currency cash (an overdraft if short)."""
    return replace(account, cash=(*account.cash, Cash(-amount, account.base_currency)))


def route_index(config: Config) -> str:
    """``[routes] index``, else the index of the account's largest satellite position, else SPX."""
    if config.routes.index is not None:
        return config.routes.index
    exposures = config.account.satellite_exposures(config.market)
    return max(exposures, key=lambda i: abs(exposures[i])) if exposures else "SPX"


def target_exposure(config: Config, index: str, exposure: float | None = None, leverage: float | None = None
                    ) -> float:
    """The exposure to compare the routes on, base currency.

    ``exposure``, else ``leverage`` (``(leverage − 1) × NAV``), else ``[routes]``'s, else what the account's ETFs
    and futures on ``index`` hold (options it holds, a standing put, are not the satellite), else 0.3 × NAV (the
    strategy's 1.3×).
    """
    if exposure is not None and leverage is not None:
        raise InputError("exposure", exposure, "either an exposure or a leverage, not both")
    spec = config.routes
    exposure = exposure if exposure is not None or leverage is not None else spec.exposure
    leverage = leverage if leverage is not None else spec.leverage
    nav = config.account.nav(config.market)
    if exposure is None and leverage is not None:
        if not 1.0 < leverage <= 10.0:
            raise InputError("leverage", leverage, "a leverage above 1 and at most 10, such as 1.3")
        exposure = (leverage - 1.0) * nav
    if exposure is None:
        held = sum(config.account.index_exposure(config.market, p)[index] for p in config.account.satellite
                   if isinstance(p, EtfPosition | MarginPosition | FuturesPosition) and p.index == index)
        exposure = held if held > 0 else 0.3 * nav
    if exposure <= 0:
        raise InputError("exposure", exposure, "an index exposure > 0, base currency")
    check_amount("exposure", exposure)
    return float(exposure)

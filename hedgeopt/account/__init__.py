"""The account: MMF core, cash and the satellite by route; leverage, carry and the P&L under scenarios.

Offers :class:`Account` and its holdings (a yen-hedged MMF class and yen hedges held among them),
:func:`yearly_carry`, :func:`account_pnl`, route templates.
Imports ``pricing`` and ``scenarios`` only: the bottom room of ``hedgeopt``.
"""

from hedgeopt.account.account import Account
from hedgeopt.account.carry import Carry, yearly_carry
from hedgeopt.account.holdings import (
    MMF,
    Cash,
    EtfPosition,
    FuturesPosition,
    FxHedgePosition,
    LinearAsset,
    MarginPosition,
    OptionPosition,
    Route,
    Satellite,
)
from hedgeopt.account.pnl import COMPONENTS, account_pnl, pnl_components
from hedgeopt.account.routes import route_template, with_exposure

__all__ = [
    "Account",
    "account_pnl",
    "Carry",
    "Cash",
    "COMPONENTS",
    "EtfPosition",
    "FuturesPosition",
    "FxHedgePosition",
    "LinearAsset",
    "MarginPosition",
    "MMF",
    "OptionPosition",
    "pnl_components",
    "Route",
    "route_template",
    "Satellite",
    "with_exposure",
    "yearly_carry",
]

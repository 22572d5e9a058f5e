"""The account: MMF core, cash and the satellite by route; leverage, carry and the P&L under scenarios.

Offers :class:`Account` and its holdings, :func:`yearly_carry`, :func:`account_pnl`, route templates.
Imports ``pricing`` and ``scenarios`` only: the bottom room of ``hedgeopt``.
"""

"""A linear yen hedge as an instrument: which contract, and when it matures.

One :class:`FxHedge` is one lot of a contract of :mod:`pricing.fx.terms` that sells the pair's foreign currency
(dollars) for its domestic one (yen): a bank forward for a delivery date, a CME yen future of a quarterly expiry
(bought: long yen is short dollars), or a rolling くりっく365 / 店頭FX position with no maturity.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pricing.contracts import parse_date
from pricing.errors import InputError
from pricing.fx.terms import FxContractSpec, FxRoute, fx_contract


@dataclass(frozen=True)
class FxHedge:
    """One lot of a linear yen hedge (short the pair's foreign currency).

    Parameters
    ----------
    symbol : str
        A symbol of :data:`~pricing.fx.terms.FX_CATALOGUE` (``"USDJPY_FWD"``, ``"6J"``, ``"MJY"``, ``"CLICK365"``,
        ``"OTC_FX"``).
    maturity : date or str, optional
        Delivery date of a forward, last trading day of a future; None (the only choice) for a rolling position.

    Examples
    --------
    >>> FxHedge("6J", "2027-03-15").label
    '6J 2027-03-15 yen future (sell USD)'
    >>> FxHedge("OTC_FX").label
    'OTC_FX USDJPY (sell USD)'
    """

    symbol: str
    maturity: dt.date | None = None

    def __post_init__(self) -> None:
        spec = fx_contract(self.symbol)
        object.__setattr__(self, "symbol", spec.symbol)
        rolling = spec.route is FxRoute.ROLLING
        if rolling and self.maturity is not None:
            raise InputError("maturity", self.maturity, f"none: {spec.symbol} is rolled daily, it has no maturity")
        if not rolling:
            if self.maturity is None:
                raise InputError("maturity", None, f"a delivery or expiry date for {spec.symbol}")
            object.__setattr__(self, "maturity", parse_date("maturity", self.maturity))

    @property
    def spec(self) -> FxContractSpec:
        """The contract's terms."""
        return fx_contract(self.symbol)

    @property
    def label(self) -> str:
        """Short label such as ``USDJPY_FWD 2027-01-04 forward (sell USD)``."""
        spec = self.spec
        sold = f"(sell {spec.foreign})"
        if spec.route is FxRoute.ROLLING:
            return f"{spec.symbol} {spec.pair} {sold}"
        what = "forward" if spec.route is FxRoute.FORWARD else "yen future"
        return f"{spec.symbol} {self.maturity.isoformat()} {what} {sold}"

    def days(self, valuation_date: dt.date) -> int | None:
        """Calendar days from ``valuation_date`` to maturity; None for a rolling position."""
        return None if self.maturity is None else (self.maturity - valuation_date).days

"""The ``[routes.calls]`` table: the long calls and call spreads route C may buy to hold the index.

Route C holds the index through options instead of an ETF or futures: leverage with the loss fixed in advance
(the premium). :class:`CallCandidateSpec` says which calls and call spreads the optimizer may choose from
(:func:`hedgeopt.optimizer.participation.size_calls`), on listed strikes and standard expiries, like the put
candidates of ``[hedge]`` (:class:`~hedgeopt.config.hedge_spec.CandidateSpec`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from hedgeopt.config.hedge_spec import index_option, months_of, standard_expiries
from hedgeopt.config.keys import boolean, build, check_keys, fractions, number
from pricing import InputError, Instrument, Market, Option, OptionKind, call_spread, contract
from pricing.standard_hedges import listed_strike
from pricing.validation import as_float_array, check_non_negative

PATH = "routes.calls"
"""Key path of the table in the config."""


@dataclass(frozen=True)
class CallCandidateSpec:
    """Which calls and call spreads route C may buy (the ``[routes.calls]`` table).

    Parameters
    ----------
    symbol : str, default "XSP"
        Index option contract; XSP (Mini-SPX, 100 × the index / 10 ≈ 60,000 USD of index a contract) suits
        accounts of a few ten-million yen.
    months : tuple of int, default (3, 6, 12)
        Standard monthly expiries this many months out (beyond 12: the next June or December LEAPS).
    call_moneyness : tuple of float, default 0.90 to 1.10 by 0.025
        Call strikes as fractions of spot (0.95: 5% in the money), rounded down to the listed strike grid.
    spread_widths : tuple of float, default (0.05, 0.10, 0.20)
        Call spreads: long at each call strike, short ``width × spot`` HIGHER (0.10 keeps the rise up to 10% of
        spot above the long strike). Fractions of spot below 1.
    calls, spreads : bool, default True
        Include each family.
    commission : float or None, default None
        Flat commission per contract per leg, base currency, in place of the contract's published schedule
        (None: the schedule of :mod:`pricing.trading_costs.commissions`, converted at the market's FX).

    Examples
    --------
    >>> from pricing import default_market
    >>> spec = CallCandidateSpec(months=(3,), call_moneyness=(1.0,), spread_widths=(0.10,))
    >>> [i.label for i in spec.instruments(default_market())]  # doctest: +ELLIPSIS
    ['XSP ... 600 call', 'XSP ... 600/660 call spread']
    """

    symbol: str = "XSP"
    months: tuple[int, ...] = (3, 6, 12)
    call_moneyness: tuple[float, ...] = tuple(np.round(np.arange(0.90, 1.1001, 0.025), 4))
    spread_widths: tuple[float, ...] = (0.05, 0.10, 0.20)
    calls: bool = True
    spreads: bool = True
    commission: float | None = None

    def __post_init__(self) -> None:
        index_option(f"{PATH}.symbol", self.symbol)
        if not self.months or any(int(m) != m or m < 1 for m in self.months):
            raise InputError(f"{PATH}.months", self.months, "whole numbers of months >= 1")
        for name in ("call_moneyness", "spread_widths"):
            values = as_float_array(f"{PATH}.{name}", getattr(self, name))
            if values.size and (np.any(values <= 0) or np.any(values > 2)):
                raise InputError(f"{PATH}.{name}", getattr(self, name), "fractions of spot such as 0.9")
        if self.spread_widths and max(self.spread_widths) >= 1.0:
            raise InputError(f"{PATH}.spread_widths", max(self.spread_widths),
                             "widths as fractions of spot below 1, such as 0.10")
        if self.commission is not None:
            check_non_negative(f"{PATH}.commission", self.commission)
        if not (self.calls or self.spreads):
            raise InputError(f"{PATH}.calls", False, "at least one of calls or spreads")

    def instruments(self, market: Market, min_days: int = 0) -> list[Instrument]:
        """The candidate calls and call spreads on ``market`` (duplicates after strike rounding removed).

        Parameters
        ----------
        market : Market
        min_days : int, default 0
            Leave out expiries less than this many days away: a call must still be alive at the horizon at which
            its participation is measured.

        Raises
        ------
        InputError
            If no expiry is left (``routes.calls.months``).
        """
        spec = contract(self.symbol)
        spot = market.spot(spec.underlying) * spec.price_ratio
        out: dict[str, Instrument] = {}
        for expiry in standard_expiries(f"{PATH}.months", market, spec.underlying, self.months, min_days):
            for m in self.call_moneyness:
                strike = listed_strike(spec.symbol, m * spot)
                if self.calls:
                    call = Option(spec.symbol, OptionKind.CALL, strike, expiry)
                    out.setdefault(call.label, call)
                for width in self.spread_widths if self.spreads else ():
                    high = listed_strike(spec.symbol, strike + width * spot)
                    if high > strike:
                        package = call_spread(spec.symbol, strike, high, expiry)
                        out.setdefault(package.label, package)
        return list(out.values())


_KEYS = {"symbol", "months", "call_moneyness", "spread_widths", "calls", "spreads", "commission"}


def calls_from_table(table: Mapping) -> CallCandidateSpec:
    """Validate a ``[routes.calls]`` table into :class:`CallCandidateSpec`.

    Every key is optional (the defaults of :class:`CallCandidateSpec`); ``call_moneyness`` and ``spread_widths``
    take a list or a ``{start, stop, step}`` range. A TOML string or boolean is never read as a number.

    Raises
    ------
    InputError
        Naming the key path (``routes.calls.call_moneyness``): an unknown key, a value of the wrong type, a
        moneyness or width outside (0, 2], a width of 1 or more, months that are not whole numbers >= 1.

    Examples
    --------
    >>> calls_from_table({"months": [6], "spreads": False}).months
    (6,)
    >>> calls_from_table({"call_moneyness": "1"})
    Traceback (most recent call last):
    ...
    pricing.errors.InputError: routes.calls.call_moneyness='1': expected a number (without quotes) (a quoted \
value is text, never read as a number)
    """
    t = check_keys(PATH, table, _KEYS)
    fields_: dict = {k: t[k] for k in ("symbol",) if k in t}
    if "months" in t:
        fields_["months"] = months_of(f"{PATH}.months", t["months"])
    for key in ("call_moneyness", "spread_widths"):
        if key in t:
            fields_[key] = fractions(f"{PATH}.{key}", t[key])
    for key in ("calls", "spreads"):
        if key in t:
            fields_[key] = boolean(f"{PATH}.{key}", t[key])
    if t.get("commission") is not None:
        fields_["commission"] = number(f"{PATH}.commission", t["commission"])
    return build(PATH, CallCandidateSpec, fields_)

"""The contract catalogue: real terms of the listed contracts a small account uses.

Small accounts live or die by contract sizes: one XSP put covers about ten times the S&P 500 level in dollars
(about 60,000 USD at SPX 6,000), one SPX put ten times that. The terms below are the exchanges' published
specifications (Cboe for SPX/XSP/SPY options, CME for ES/MES, Osaka Exchange/JPX for the Nikkei 225 contracts).

``USDJPY_OPT`` is an over-the-counter European USD/JPY option on the pair ``"USDJPY"`` (yen per dollar): one
contract is 10,000 USD of notional, its premium is in yen per dollar, and it is priced by Garman–Kohlhagen (the
dollar's rate plays the dividend yield). The listed yen options (CME, one 12,500,000 JPY future each, about
83,000 USD) are ten times too large for the accounts hedgeopt is written for; a dealer's ticket size and terms
may differ, so the contract is stated here rather than hidden. The linear yen hedges (forwards, futures, retail
FX) are in :mod:`pricing.fx.terms`.

``price_ratio`` is the contract's underlying level per index point: XSP is the Mini-SPX index, 1/10 of the S&P
500, and SPY trades at about 1/10 of it (the ETF's NAV per share drifts slightly below SPX/10 with its expense
ratio; we use exactly 0.1 and say so). A contract's notional is ``multiplier * price_ratio * index level`` in the
contract's currency.

``settles_at_open`` says when an expiring contract's final settlement value is struck (all from the exchanges'
published specifications):

==============  ======================================================================================
SPX             AM: the Special Opening Quotation (SOQ), from each component's opening price on the
                expiration day (Cboe, "S&P 500 Index Options" product specifications, standard
                third-Friday monthlies; the PM-settled SPXW weeklies are not in the catalogue)
XSP             PM: the index's closing value on the expiration day, since 2013-11-05 (Cboe, "Mini-SPX
                Index Options (XSP)" product specifications; Cboe options hub, 2013-11-17). The XSP
                monthlies were AM-settled before; the catalogue follows today's spec
SPY             PM: physical delivery of 100 shares, American exercise at the close (Cboe/OCC SPY spec)
ES, MES         AM: final settlement at the SOQ of the S&P 500 on the third Friday (CME Group, E-mini
                and Micro E-mini S&P 500 contract specifications, "Final Settlement Procedure")
NK225 options   AM: the Special Quotation (SQ), computed from each component's opening price on the
and futures     second Friday's business day (JPX/Osaka Exchange, "Nikkei 225 Options" and "Nikkei 225
                Futures" contract specifications, "Final Settlement Price"); mini options and
                micro futures likewise
USDJPY_OPT      no: an OTC option expires at its cut (New York 10:00 or Tokyo 15:00), not at an open
==============  ======================================================================================
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pricing.errors import InputError


class ExerciseStyle(StrEnum):
    """When an option can be exercised."""

    EUROPEAN = "european"
    AMERICAN = "american"


class Settlement(StrEnum):
    """How a contract settles."""

    CASH = "cash"
    PHYSICAL = "physical"


class ContractType(StrEnum):
    """Option or future."""

    OPTION = "option"
    FUTURE = "future"


@dataclass(frozen=True)
class ContractSpec:
    """Terms of one listed contract.

    Parameters
    ----------
    symbol : str
        Catalogue key, such as ``"SPX"``, ``"XSP"``, ``"NK225M_OPT"``.
    description : str
        Human-readable name.
    underlying : str
        The index whose level drives the contract (``"SPX"`` or ``"NKY"``), a key of ``Market.spots``.
    contract_type : ContractType
        Option or future.
    multiplier : float
        Currency units per point of the contract's underlying (100 USD for SPX options).
    currency : str
        ISO currency of premiums, margins and settlement.
    price_ratio : float
        Contract underlying level per index point (0.1 for XSP and SPY, 1 otherwise).
    exercise : ExerciseStyle or None
        Exercise style for options, None for futures.
    settlement : Settlement
        Cash or physical.
    tick : float
        Minimum price increment, in points of the contract's underlying.
    settles_at_open : bool, default False
        True when the final settlement value is struck from the expiration morning's opening prices (AM:
        SOQ for SPX, ES, MES; SQ for the Nikkei 225 contracts), False when it is the close (PM: XSP, SPY).
    """

    symbol: str
    description: str
    underlying: str
    contract_type: ContractType
    multiplier: float
    currency: str
    price_ratio: float = 1.0
    exercise: ExerciseStyle | None = None
    settlement: Settlement = Settlement.CASH
    tick: float = 0.01
    settles_at_open: bool = False

    @property
    def is_option(self) -> bool:
        """True for options, False for futures."""
        return self.contract_type is ContractType.OPTION

    def notional(self, index_level: float) -> float:
        """Notional of one contract in the contract's currency at ``index_level`` (index points)."""
        return self.multiplier * self.price_ratio * index_level


_O, _F = ContractType.OPTION, ContractType.FUTURE
_EU, _AM = ExerciseStyle.EUROPEAN, ExerciseStyle.AMERICAN
_CASH, _PHYS = Settlement.CASH, Settlement.PHYSICAL
_OPEN = True  # settles at the expiration morning's opening quotation (SOQ / SQ); see the module docstring

CATALOGUE: dict[str, ContractSpec] = {
    spec.symbol: spec
    for spec in (
        ContractSpec("SPX", "S&P 500 index option (Cboe)", "SPX", _O, 100.0, "USD", 1.0, _EU, _CASH, 0.05, _OPEN),
        ContractSpec("XSP", "Mini-SPX index option, 1/10 SPX (Cboe)", "SPX", _O, 100.0, "USD", 0.1, _EU, _CASH),
        ContractSpec("SPY", "SPDR S&P 500 ETF option, 100 shares", "SPX", _O, 100.0, "USD", 0.1, _AM, _PHYS),
        ContractSpec("ES", "E-mini S&P 500 future (CME)", "SPX", _F, 50.0, "USD", 1.0, None, _CASH, 0.25, _OPEN),
        ContractSpec("MES", "Micro E-mini S&P 500 future (CME)", "SPX", _F, 5.0, "USD", 1.0, None, _CASH, 0.25, _OPEN),
        ContractSpec("NK225_OPT", "Nikkei 225 option (OSE)", "NKY", _O, 1000.0, "JPY", 1.0, _EU, _CASH, 1.0, _OPEN),
        ContractSpec("NK225M_OPT", "Nikkei 225 mini option (OSE)",
                     "NKY", _O, 100.0, "JPY", 1.0, _EU, _CASH, 1.0, _OPEN),
        ContractSpec("NK225_FUT", "Nikkei 225 future, large (OSE)",
                     "NKY", _F, 1000.0, "JPY", 1.0, None, _CASH, 10.0, _OPEN),
        ContractSpec("NK225M_FUT", "Nikkei 225 mini future (OSE)",
                     "NKY", _F, 100.0, "JPY", 1.0, None, _CASH, 5.0, _OPEN),
        ContractSpec("NK225U_FUT", "Nikkei 225 micro future (OSE)",
                     "NKY", _F, 10.0, "JPY", 1.0, None, _CASH, 5.0, _OPEN),
        ContractSpec("USDJPY_OPT", "USD/JPY option, OTC, 10,000 USD notional (Garman-Kohlhagen)", "USDJPY", _O,
                     10_000.0, "JPY", 1.0, _EU, _CASH, 0.01),
    )
}
"""Every contract hedgeopt knows, by symbol."""


def contract(symbol: str) -> ContractSpec:
    """Look up a contract by symbol (case-insensitive).

    Raises
    ------
    InputError
        If the symbol is not in :data:`CATALOGUE`; the message lists the known symbols.

    Examples
    --------
    >>> contract("xsp").notional(6000.0)
    60000.0
    """
    key = str(symbol).strip().upper()
    if key not in CATALOGUE:
        raise InputError("contract", symbol, "one of " + ", ".join(CATALOGUE))
    return CATALOGUE[key]


def listed(field: str, symbol: Any, accept: Callable[[ContractSpec], bool], what: str) -> ContractSpec:
    """The contract ``symbol`` (case-insensitive, as :func:`contract`) when ``accept`` takes it.

    Parameters
    ----------
    field : str
        Name of the input, for the error (``"hedge.symbol"``).
    symbol : Any
        What the user gave.
    accept : callable
        Which contracts fit here (``lambda c: not c.is_option`` for a futures position).
    what : str
        Those contracts as a phrase ("a futures contract").

    Raises
    ------
    InputError
        Not text, or not a symbol ``accept`` takes; the message lists those it takes and the nearest.

    Examples
    --------
    >>> listed("futures.symbol", "xsp", lambda c: not c.is_option, "a futures contract")
    Traceback (most recent call last):
    ...
    pricing.errors.InputError: futures.symbol='xsp': expected a futures contract, one of ES, MES, NK225_FUT, \
NK225M_FUT, NK225U_FUT
    """
    names = [s for s, c in CATALOGUE.items() if accept(c)]
    key = symbol.strip().upper() if isinstance(symbol, str) else ""
    if key in names:
        return CATALOGUE[key]
    near = difflib.get_close_matches(key, names, n=1)
    raise InputError(field, symbol, f"{what}, one of {', '.join(names)}",
                     hint=f"did you mean '{near[0]}'?" if near else None)

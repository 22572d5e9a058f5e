"""The ``[routes]`` section: the exposure the four routes are compared on, and the rate regimes.

``hedgeopt routes`` builds the same index exposure four ways (A an ETF on a margin loan, B futures, C calls or call
spreads, D the ETF bought outright: the carry route) and compares them today and under each rate regime;
``hedgeopt checklist`` reads the regime named by ``regime`` in its funding item.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hedgeopt.account.account import Account
from hedgeopt.config.call_spec import CallCandidateSpec, calls_from_table
from hedgeopt.config.keys import build, check_keys, fractions, name_in, number
from pricing import InputError, Market
from pricing.validation import check_amount, check_positive, check_return
from scenarios import ScenarioSet
from scenarios.sets.rates import YEAR_DAYS, RatePath, regime_changes, regime_year, with_regime

BASE = "base"
"""The name of today's rates held flat (no regime)."""

DEFAULT_UP = (0.10, 0.20)
"""Index rises the upside is measured at and route C must take part in (the issue's +10% and +20%)."""


@dataclass(frozen=True)
class RateRegime:
    """Short rates moving over a year (:mod:`scenarios.sets.rates`).

    Parameters
    ----------
    name : str
        What the regime is called (``"rising"``); not ``"base"``.
    change : float
        The full change of the short rates, decimal (0.02 = +2 points; -0.02 = 2 points lower).
    path : {"ramp", "step"}, default "ramp"
        ``ramp``: a straight line to the change over ``days`` (a hiking cycle: a year's average rate moves by half
        the change); ``step``: at once (the year's average moves by the whole change).
    days : int, default 365
        Days to the full change.
    equity : float, default 0.0
        The index's return over ``days`` that comes with the regime (the equity response), decimal. 0 by
        default: the sign is not stable (the S&P 500 fell 19.4% in 2022 while the fed funds target rose 4.25
        points; it rose 28.9% in 2019 while the target fell 0.75), so the regime measures the rates alone unless
        you set one.
    currencies : tuple of str, default ()
        Whose short rates move; () : the currencies of the MMFs (a hedged class: the base currency) and of the
        index (the seed: USD). The MMF yield, floating loans and the futures financing in them move; a loan in
        another currency (a yen margin loan) keeps its rate unless its currency is named.
    """

    name: str
    change: float
    path: RatePath = RatePath.RAMP
    days: int = YEAR_DAYS
    equity: float = 0.0
    currencies: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip() or self.name == BASE:
            raise InputError("regime.name", self.name, f"a name other than '{BASE}' (today's rates)")
        regime_changes(self.change, self.days, self.path, [0])  # checks change, days and path
        object.__setattr__(self, "path", RatePath(self.path))
        check_return("regime.equity", self.equity)
        object.__setattr__(self, "currencies", tuple(self.currencies))

    def moved(self, account: Account, market: Market, index: str | None = None) -> tuple[str, ...]:
        """The currencies whose short rates the regime moves for ``account`` (see ``currencies``)."""
        if self.currencies:
            return self.currencies
        held = {account.mmf_currency(f) for f in account.mmf}
        indices = {index} if index else set(account.satellite_exposures(market))
        held |= {market.index_currency[i] for i in indices}
        return tuple(sorted(held))

    def average(self, days: int = YEAR_DAYS) -> float:
        """The average rate change over the first ``days``, decimal (a +2-point ramp over a year: +0.01)."""
        return float(regime_changes(self.change, self.days, self.path, [days])[1][0])

    def over(self, scenarios: ScenarioSet, currencies: tuple[str, ...]) -> ScenarioSet:
        """``scenarios`` with this regime's rate path over every row (:func:`scenarios.sets.rates.with_regime`)."""
        return with_regime(scenarios, currencies, self.change, self.days, self.path,
                           name=f"{scenarios.name} ({self.name} rates)")

    def year(self, currencies: tuple[str, ...], index: str | None = None) -> ScenarioSet:
        """The regime's own ``days``: one row, the index moved by ``equity`` (unchanged by default)."""
        return regime_year(f"{self.name} rates", currencies, self.change, self.days, self.path,
                           {index: self.equity} if index and self.equity else None)


def a_year(regime: RateRegime | None, currencies: tuple[str, ...]) -> ScenarioSet:
    """A year with the index and FX unchanged: today's rates held (``regime`` None), or the regime's rate path.

    The regime's equity response is left out: this is the year its carry and funding are measured on.
    """
    if regime is None:
        return regime_year("today's rates", currencies, 0.0)
    return regime.year(currencies)


DEFAULT_REGIMES = (RateRegime("rising", 0.02), RateRegime("falling", -0.02))
"""Short rates 2 points higher and 2 points lower over a year, on a ramp (the issue's ±2 points)."""


@dataclass(frozen=True)
class RoutesSpec:
    """The ``[routes]`` section.

    Parameters
    ----------
    exposure : float or None
        Index exposure to compare the routes on, base currency (> 0); None: ``leverage``, else the exposure the
        account holds on ``index`` (the seed's 3,000,000 JPY), else 0.3 × NAV.
    leverage : float or None
        Instead of ``exposure``: the leverage the levered routes would reach, gross / NAV (1.3 puts 0.3 × NAV on
        the index beside the core).
    index : str or None
        The index; None: that of the account's largest satellite position, else SPX.
    up : tuple of float, default (0.10, 0.20)
        Index rises (decimals) the upside kept is measured at, and route C must take part in.
    budget : float or None
        Most premium route C may spend, base currency (None: no limit; the loss cap still holds).
    regimes : tuple of RateRegime, default rising and falling by 2 points over a year
    regime : str, default "base"
        The regime ``hedgeopt checklist`` reads in its funding item: ``"base"`` (today's rates) or a regime's name.
    calls : CallCandidateSpec
        Route C's candidates (``[routes.calls]``): XSP calls at 90% to 110% of spot and call spreads 5, 10 or 20
        points wide, 3, 6 and 12 months out.
    """

    exposure: float | None = None
    leverage: float | None = None
    index: str | None = None
    up: tuple[float, ...] = DEFAULT_UP
    budget: float | None = None
    regimes: tuple[RateRegime, ...] = DEFAULT_REGIMES
    regime: str = BASE
    calls: CallCandidateSpec = field(default_factory=CallCandidateSpec)

    def __post_init__(self) -> None:
        if self.exposure is not None and self.leverage is not None:
            raise InputError("routes.exposure", self.exposure, "either exposure or leverage, not both")
        if self.exposure is not None:
            check_amount("routes.exposure", self.exposure, check_positive)
        if self.leverage is not None and not 1.0 < self.leverage <= 10.0:
            raise InputError("routes.leverage", self.leverage, "a leverage above 1 and at most 10, such as 1.3",
                             hint="130 for 1.3x looks like a percentage" if self.leverage >= 100 else None)
        if not self.up or any(not 0.0 < u <= 1.0 for u in self.up):
            raise InputError("routes.up", self.up, "index rises as decimals in (0, 1], such as [0.10, 0.20]")
        if self.budget is not None:
            check_amount("routes.budget", self.budget, check_positive)
        names = [r.name for r in self.regimes]
        if len(set(names)) != len(names):
            raise InputError("routes.regimes", names, "regimes with different names")
        name_in("routes.regime", self.regime, [BASE, *names], "a regime")

    def chosen(self, name: str | None = None) -> RateRegime | None:
        """The regime named ``name`` (default: ``regime``); None for ``"base"``.

        Raises
        ------
        InputError
            No regime has that name.
        """
        name = self.regime if name is None else name
        if name == BASE:
            return None
        name_in("regime", name, [BASE, *(r.name for r in self.regimes)], "a regime")
        return next(r for r in self.regimes if r.name == name)


_ROUTES_KEYS = {"exposure", "leverage", "index", "up", "budget", "regimes", "regime", "calls"}
_REGIME_KEYS = {"name", "change", "path", "days", "equity", "currencies"}


def _regime(path: str, table: Any) -> RateRegime:
    t = check_keys(path, table, _REGIME_KEYS, {"name", "change"})
    if "path" in t:
        t["path"] = name_in(f"{path}.path", t["path"], [p.value for p in RatePath], "a rate path")
    if "currencies" in t:
        given = t["currencies"]
        if not isinstance(given, list) or not all(isinstance(c, str) and len(c) == 3 and c.isupper()
                                                  for c in given):
            raise InputError(f"{path}.currencies", given, 'three-letter currency codes such as ["USD"]')
        t["currencies"] = tuple(given)
    if "days" in t and (isinstance(t["days"], bool) or not isinstance(t["days"], int)):
        raise InputError(f"{path}.days", t["days"], "a whole number of days > 0")
    return build(path, RateRegime, t)


def routes_from_table(table: Mapping, market: Market) -> RoutesSpec:
    """Validate a ``[routes]`` table into :class:`RoutesSpec`; errors name the key path (``routes.up``).

    ``[[routes.regimes]]`` replaces the default regimes (rising and falling by 2 points); an empty list keeps
    today's rates only.
    """
    t = check_keys("routes", table, _ROUTES_KEYS)
    if "index" in t:
        t["index"] = name_in("routes.index", t["index"], market.index_currency, "an index of the market")
    if "up" in t:
        t["up"] = fractions("routes.up", t["up"])
    for key in ("exposure", "leverage", "budget"):
        if key in t:
            number(f"routes.{key}", t[key])
    if "regimes" in t:
        given = t["regimes"]
        if not isinstance(given, list):
            raise InputError("routes.regimes", given, "a list of [[routes.regimes]] tables")
        t["regimes"] = tuple(_regime(f"routes.regimes[{i}]", r) for i, r in enumerate(given))
    if "calls" in t:
        t["calls"] = calls_from_table(t["calls"])
    if "regime" in t and not isinstance(t["regime"], str):
        raise InputError("routes.regime", t["regime"], f"a regime's name in quotes, or \"{BASE}\"")
    return build("routes", RoutesSpec, t)

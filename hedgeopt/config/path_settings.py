"""How the account trades on a path: the standing hedge it rolls, its rolled FX hedge and the frictions it pays.

The ``[paths]`` section, with ``[paths.hedge]`` (the standing put), ``[paths.calls]`` (route C: the index held
through rolled calls or call spreads) and ``[paths.fx_hedge]`` (the yen hedge of the dollar MMF).

Defaults are stated here once; ``docs/config.md`` documents the keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, ClassVar

from hedgeopt.config.keys import boolean, check_keys, number
from pricing import InputError, contract
from pricing.catalogue import ExerciseStyle
from pricing.fx.terms import FxContractSpec, FxRoute, fx_contract
from pricing.validation import check_fraction, check_non_negative, check_positive, check_share


class HedgeKind(StrEnum):
    """What the standing hedge holds."""

    NONE = "none"
    PUT = "put"
    SPREAD = "spread"


class CallKind(StrEnum):
    """What the route C program holds: a long call, or a call spread (long call, short call above it)."""

    CALL = "call"
    SPREAD = "spread"


@dataclass(frozen=True)
class StandingHedge:
    """The standing put (the "常備薬") or put spread, rolled by rule along a path.

    The path engine's rolled option program: :class:`RolledCalls` (route C) is the same program with calls.

    Parameters
    ----------
    kind : {"none", "put", "spread"}, default "put"
    symbol : str, default "XSP"
        A European-exercise option contract of the catalogue (SPX, XSP, NK225_OPT, NK225M_OPT).
    moneyness : float, default 0.90
        Long strike / index level at each roll (rounded down to a listed strike).
    width : float, default 0.10
        Spread only: the short strike is ``moneyness - width`` of the index level.
    tenor_days : int, default 91
        Each new option expires on the first standard monthly expiry at least this many calendar days after the
        roll date.
    roll_days : int, default 21
        Roll when this many calendar days or fewer remain (0: hold to expiry and settle at intrinsic value).
    coverage : float, default 1.0
        Notional covered / the satellite's index exposure at each roll.
    integer : bool, default True
        Whole contracts (rounded to the nearest, at least one while there is exposure); False: exact fractions.
    half_spread : float or None, default None
        None: every leg trades at the quote model's bid and ask on the day's model price and delta
        (:mod:`pricing.trading_costs.quotes`: a half-spread that widens into the wings, on the contract's tick
        grid); a long leg whose bid is zero is left to expire rather than sold. A number overrides it: half the
        bid/ask spread as a fraction of the package's model price, buy at ``value × (1 + h)``, sell at
        ``value × (1 − h)``. Expiring options settle at intrinsic value without a spread either way.
    commission : float or None, default None (``[hedge] commission``)
        None: each leg traded pays the contract's published schedule (:mod:`pricing.trading_costs.commissions`)
        for an order of the contracts held, converted at the path's FX. A number overrides it: base currency per
        contract per leg.
    """

    kind: HedgeKind = HedgeKind.PUT
    symbol: str = "XSP"
    moneyness: float = 0.90
    width: float = 0.10
    tenor_days: int = 91
    roll_days: int = 21
    coverage: float = 1.0
    integer: bool = True
    half_spread: float | None = None
    commission: float | None = None

    table: ClassVar[str] = "paths.hedge"
    """The config table the program is read from (the key paths its errors name)."""
    right: ClassVar[str] = "put"
    """The options it holds: puts."""
    kinds: ClassVar[type[StrEnum]] = HedgeKind
    """The kinds it accepts."""

    def __post_init__(self) -> None:
        table = self.table
        try:
            object.__setattr__(self, "kind", self.kinds(str(self.kind).lower()))
        except ValueError:
            raise InputError(f"{table}.kind", self.kind, "one of " + ", ".join(k.value for k in self.kinds)) from None
        spec = contract(self.symbol)
        if not spec.is_option or spec.exercise is not ExerciseStyle.EUROPEAN:
            raise InputError(f"{table}.symbol", self.symbol, "a European index option (SPX, XSP, NK225_OPT, "
                             "NK225M_OPT)", hint="SPY options are American; paths roll European index options")
        object.__setattr__(self, "symbol", spec.symbol)
        check_fraction(f"{table}.moneyness", self.moneyness, low=0.3, high=1.5)
        if self.spread and not 0.0 < self.width < self.widest:
            raise InputError(f"{table}.width", self.width, f"a fraction of the index in (0, {self.widest:g})")
        for name, low in (("tenor_days", 1), ("roll_days", 0)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise InputError(f"{table}.{name}", value, f"a whole number of calendar days >= {low}")
        if self.roll_days >= self.tenor_days:
            raise InputError(f"{table}.roll_days", self.roll_days, f"fewer days than tenor_days "
                             f"({self.tenor_days})")
        check_positive(f"{table}.coverage", self.coverage)
        if self.half_spread is not None:
            check_share(f"{table}.half_spread", self.half_spread, 0.5)
        if self.commission is not None:
            check_non_negative(f"{table}.commission", self.commission)

    @property
    def spread(self) -> bool:
        """True for a spread (a long leg and a short one further out of the money)."""
        return self.kind == "spread"

    @property
    def widest(self) -> float:
        """The widest spread allowed, fraction of the index: the short put's strike stays above zero."""
        return self.moneyness

    @property
    def short_moneyness(self) -> float:
        """A spread's short strike / index level at each roll: ``moneyness - width`` (below the long put)."""
        return self.moneyness - self.width

    @property
    def strikes(self) -> str:
        """The strikes as fractions of the index at each roll: ``"90%"``, or a spread's ``"90%/80%"``."""
        return f"{self.moneyness:.0%}/{self.short_moneyness:.0%}" if self.spread else f"{self.moneyness:.0%}"

    @property
    def legs(self) -> int:
        """Option legs per contract (1 for a put, 2 for a spread)."""
        return 2 if self.spread else 1

    def describe(self) -> str:
        """One line: what is held and how it rolls."""
        if self.kind is HedgeKind.NONE:
            return "no hedge"
        return (f"{self.symbol} {self.strikes} {self.kind.value}, {self.tenor_days}-day tenor rolled {self.roll_days} "
                f"days before expiry, coverage {self.coverage:g}")


@dataclass(frozen=True)
class RolledCalls(StandingHedge):
    r"""Route C: the index held through long calls or call spreads rolled along a path (``[paths.calls]``).

    Leverage with the loss fixed in advance: the most a roll can lose is the premium paid for it; time decay is how
    the route fails. The row that runs it holds no ETF or futures on the index (the route replaces them), and the
    rules do not trade the calls. It rolls, prices, settles and pays its costs as the standing hedge does
    (:class:`StandingHedge`, whose keys it shares), with calls instead of puts.

    Parameters
    ----------
    kind : {"call", "spread"}, default "call"
        A long call; or a call spread: the long call and a short call ``width`` higher, which caps the rise kept
        at the width and costs less.
    symbol : str, default "XSP"
        A European index option (``[hedge] symbol`` when read from a config); on the index the satellite holds.
    moneyness : float, default 1.00
        Long strike / index level at each roll (at the money; rounded down to a listed strike).
    width : float, default 0.10
        Spread only: the short call's strike is ``moneyness + width`` of the index level, in (0, 1).
    tenor_days : int, default 182
        Each new call expires on the first standard monthly expiry at least this many calendar days after the roll.
        Six months: a long call's daily decay falls as its tenor grows (about :math:`1/\sqrt{\tau}`), so a
        longer call pays less theta a day and fewer spreads and commissions a year, while the semi-annual
        expiries of XSP and SPX are still liquid (LEAPS beyond a year trade wider).
    roll_days : int, default 30
        Roll when this many calendar days or fewer remain: before the last month, when an at-the-money call's
        decay is steepest and its delta swings most, so the route keeps a steady exposure.
    coverage : float, default 1.0
        Notional bought / the target exposure at each roll (not read from ``[paths.calls]``).
    integer, half_spread, commission
        As :class:`StandingHedge` (``[hedge] lots`` and ``commission`` when read from a config): whole contracts,
        at least one.
    exposure : float or None, default None
        The index exposure to hold, base currency at day-0 prices; None: the row's account's own exposure to the
        index at day 0. It is converted to index units at each path's day-0 level and FX (the units a cash ETF
        would hold by buy-and-hold) and each roll buys the contracts whose notional is those units at the day's
        level: the same count at every roll (notional = contracts × multiplier × level × FX moves with the index
        as the ETF does).

    Examples
    --------
    >>> RolledCalls(kind="spread").describe()
    'XSP 100%/110% call spread, 182-day tenor rolled 30 days before expiry'
    """

    kind: CallKind = CallKind.CALL
    moneyness: float = 1.00
    tenor_days: int = 182
    roll_days: int = 30
    exposure: float | None = None

    table: ClassVar[str] = "paths.calls"
    right: ClassVar[str] = "call"
    kinds: ClassVar[type[StrEnum]] = CallKind

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.exposure is not None:
            check_non_negative(f"{self.table}.exposure", number(f"{self.table}.exposure", self.exposure))

    @property
    def widest(self) -> float:
        """The widest call spread allowed, fraction of the index: the short call within one index level above."""
        return 1.0

    @property
    def short_moneyness(self) -> float:
        """The short call's strike / index level at each roll: ``moneyness + width`` (above the long call)."""
        return self.moneyness + self.width

    def describe(self) -> str:
        """One line: what is held and how it rolls."""
        return (f"{self.symbol} {self.strikes} {'call spread' if self.spread else 'call'}, {self.tenor_days}-day tenor "
                f"rolled {self.roll_days} days before expiry")


class Rebalance(StrEnum):
    """When a rolled FX hedge is re-sized to ``ratio`` × the dollar MMF."""

    ROLL = "roll"
    """At each roll (a forward's maturity, a future's roll) or review (a rolling position, every ``tenor_days``)."""
    NONE = "none"
    """Never: the day-0 size is kept, rolled as it is."""


@dataclass(frozen=True)
class RolledFxHedge:
    """The yen hedge of the dollar MMF rolled along a path (``[paths.fx_hedge]``): sells dollars for yen.

    Parameters
    ----------
    instrument : str
        A symbol of :data:`pricing.fx.terms.FX_CATALOGUE`: ``"USDJPY_FWD"`` (bank forward), ``"6J"`` or ``"MJY"``
        (CME yen futures), ``"CLICK365"`` or ``"OTC_FX"`` (rolling retail FX).
    ratio : float, default 1.0
        Dollars hedged / the dollars held in the account's USD MMFs, decimal in [0, 1.5] (0.5 = half of them).
    tenor_days : int, default 30
        A forward's tenor in calendar days (30: rolled monthly); a rolling position is re-sized every this many
        calendar days. Futures ignore it (they hold the quarterly expiry).
    roll_days : int, default 5
        Futures: roll this many calendar days before the quarterly expiry (the CME last trading day).
    rebalance : {"roll", "none"}, default "roll"
        ``"roll"``: at each roll (or review) the hedge is re-sized to ``ratio`` × the MMF dollars held then, whole
        lots where the contract has them (nearest lot); ``"none"``: the day-0 size is rolled unchanged.

    Examples
    --------
    >>> RolledFxHedge("otc_fx", 0.5).describe()
    'OTC_FX, 50% of the USD MMF, re-sized every 30 days'
    """

    instrument: str
    ratio: float = 1.0
    tenor_days: int = 30
    roll_days: int = 5
    rebalance: Rebalance = Rebalance.ROLL

    def __post_init__(self) -> None:
        try:
            spec = fx_contract(self.instrument)
        except InputError as exc:
            raise InputError("paths.fx_hedge.instrument", self.instrument, exc.expected) from None
        object.__setattr__(self, "instrument", spec.symbol)
        ratio = self.ratio
        if isinstance(ratio, bool) or not isinstance(ratio, int | float) or not 0.0 <= ratio <= 1.5:
            raise InputError("paths.fx_hedge.ratio", ratio, "a decimal in [0, 1.5] (0.5 hedges half the MMF's "
                             "dollars)", hint=f"{ratio:g} looks like a percentage" if isinstance(ratio, int | float)
                             and not isinstance(ratio, bool) and ratio > 2 else None)
        object.__setattr__(self, "ratio", float(ratio))
        for name, low in (("tenor_days", 1), ("roll_days", 0)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise InputError(f"paths.fx_hedge.{name}", value, f"a whole number of calendar days >= {low}")
        if self.roll_days >= 60:
            raise InputError("paths.fx_hedge.roll_days", self.roll_days, "fewer than 60 calendar days (a quarterly "
                             "future would roll again at once)")
        try:
            object.__setattr__(self, "rebalance", Rebalance(str(self.rebalance).lower()))
        except ValueError:
            raise InputError("paths.fx_hedge.rebalance", self.rebalance, "one of roll, none") from None

    @property
    def spec(self) -> FxContractSpec:
        """The contract's terms."""
        return fx_contract(self.instrument)

    def describe(self) -> str:
        """One line: what is held, how much and how it rolls."""
        route = self.spec.route
        how = (f"rolled every {self.tenor_days} days" if route is FxRoute.FORWARD
               else f"rolled {self.roll_days} days before each quarterly expiry" if route is FxRoute.FUTURE
               else f"re-sized every {self.tenor_days} days")
        if self.rebalance is Rebalance.NONE:
            how += " (day-0 size kept)"
        return f"{self.instrument}, {self.ratio:.0%} of the USD MMF, {how}"


@dataclass(frozen=True)
class Frictions:
    """What trading and funding cost on a path, and how the cash buffer is refilled.

    Parameters
    ----------
    fx_cost : float, default 0.001
        Cost of converting a foreign-currency MMF redemption into base cash, fraction of the amount (0.001 =
        0.15 yen per dollar at 150). Other foreign flows (variation margin, premiums, dividends, loan trades)
        convert at the day's rate without cost.
    futures_commission : float, default 1.0
        Per futures contract per side, contract currency; a quarterly roll pays two sides.
    etf_cost : float, default 0.0005
        ETF trading cost, fraction of the traded value (commission plus half the spread).
    margin_call_days : int, default 1
        Trading days a futures margin call (cash below the maintenance margin) may stay unmet before the broker
        closes the contracts at that day's close.
    refill_below : float or None
        Redeem MMF when cash plus redemptions in transit falls below this multiple of the futures initial margin
        (default: ``[risk] futures_buffer``, the strategy's 3×); without futures, when cash falls below zero.
    refill_to : float or None
        Redeem up to this multiple of the initial margin (default ``refill_below + 1``); without futures, to zero.
    futures_roll_days : int, default 7
        Roll a futures contract this many calendar days before its quarterly expiry.
    """

    fx_cost: float = 0.001
    futures_commission: float = 1.0
    etf_cost: float = 0.0005
    margin_call_days: int = 1
    refill_below: float | None = None
    refill_to: float | None = None
    futures_roll_days: int = 7

    def __post_init__(self) -> None:
        check_share("paths.fx_cost", self.fx_cost, 0.1)
        check_non_negative("paths.futures_commission", self.futures_commission)
        check_share("paths.etf_cost", self.etf_cost, 0.1)
        for name in ("margin_call_days", "futures_roll_days"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InputError(f"paths.{name}", value, "a whole number of days >= 0")
        if self.refill_below is not None:
            check_non_negative("paths.refill_below", self.refill_below)
        if self.refill_to is not None:
            check_non_negative("paths.refill_to", self.refill_to)
            if self.refill_below is not None and self.refill_to < self.refill_below:
                raise InputError("paths.refill_to", self.refill_to, f"at least refill_below ({self.refill_below})")

    def with_buffer(self, futures_buffer: float) -> Frictions:
        """Fill the refill multiples from ``[risk] futures_buffer`` where not set."""
        below = self.refill_below if self.refill_below is not None else futures_buffer
        return replace(self, refill_below=below, refill_to=self.refill_to if self.refill_to is not None
                       else below + 1.0)


@dataclass(frozen=True)
class PathSettings:
    """The ``[paths]`` section: frictions, the standing hedge, the FX hedge (None: none), the Monte Carlo defaults.

    ``calls`` is the route C program (``[paths.calls]``) the side-by-side's "route: calls" and "route: call spread"
    rows run, each with its own kind (:func:`hedgeopt.paths.backtest.standard_variants`).

    ``variance_premium`` is the share of each index's implied variance its Monte Carlo paths do not realise
    (0: realised equals implied); None: the paths' default, :data:`scenarios.paths.monte_carlo.VARIANCE_PREMIUM`.
    """

    frictions: Frictions = Frictions()
    hedge: StandingHedge = StandingHedge()
    n_paths: int = 10_000
    n_days: int = 252
    seed: int | None = 1
    fx_hedge: RolledFxHedge | None = None
    variance_premium: float | None = None
    calls: RolledCalls = RolledCalls()


_PATH_KEYS = {"fx_cost", "futures_commission", "etf_cost", "margin_call_days", "refill_below", "refill_to",
              "futures_roll_days", "hedge", "fx_hedge", "n_paths", "n_days", "seed", "variance_premium", "calls"}
_HEDGE_KEYS = {"kind", "symbol", "moneyness", "width", "tenor_days", "roll_days", "coverage", "integer",
               "half_spread", "commission"}
_CALLS_KEYS = {"kind", "symbol", "moneyness", "width", "tenor_days", "roll_days", "integer", "half_spread",
               "commission"}
_FX_HEDGE_KEYS = {"instrument", "ratio", "tenor_days", "roll_days", "rebalance"}


def _whole(path: str, value: Any, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise InputError(path, value, f"a whole number >= {low}")
    return value


def _variance_premium(value: Any) -> float | None:
    """``[paths] variance_premium`` checked as the paths check it; None: not given (the paths' default).

    The paths module is imported only when the key is given, so account commands stay light.
    """
    if value is None:
        return None
    from scenarios.paths.monte_carlo import MAX_VARIANCE_PREMIUM

    return check_share("paths.variance_premium", value, MAX_VARIANCE_PREMIUM)


def path_settings_from_table(table: Mapping[str, Any], futures_buffer: float = 3.0, symbol: str = "XSP",
                             commission: float | None = None, integer: bool = True) -> PathSettings:
    """Validate a ``[paths]`` table; the standing hedge and the calls take the ``[hedge]`` symbol, commission, lots.

    Raises
    ------
    InputError
        Naming the key path (``paths.hedge.moneyness``), the value and what was expected.
    """
    t = check_keys("paths", table, _PATH_KEYS)
    h = check_keys("paths.hedge", t.pop("hedge", {}), _HEDGE_KEYS)
    c = check_keys("paths.calls", t.pop("calls", {}), _CALLS_KEYS)
    fx = t.pop("fx_hedge", None)
    for prefix, table in (("paths", t), ("paths.hedge", h), ("paths.calls", c)):
        for key, value in table.items():
            if key not in ("kind", "symbol", "integer", "seed"):
                number(f"{prefix}.{key}", value)
        for key in ("kind", "symbol"):
            if key in table and not isinstance(table[key], str):
                raise InputError(f"{prefix}.{key}", table[key], "a quoted name such as \"spread\" or \"XSP\"")
        if "integer" in table:
            boolean(f"{prefix}.integer", table["integer"])
    settings = PathSettings()
    n_paths = _whole("paths.n_paths", t.pop("n_paths", settings.n_paths), 1)
    n_days = _whole("paths.n_days", t.pop("n_days", settings.n_days), 1)
    seed = t.pop("seed", settings.seed)
    if seed is not None:
        _whole("paths.seed", seed, 0)
    premium = _variance_premium(t.pop("variance_premium", None))
    defaults = {"symbol": symbol, "commission": commission, "integer": integer}
    hedge = StandingHedge(**{**defaults, **h})
    calls = RolledCalls(**{**defaults, **c})
    return PathSettings(Frictions(**t).with_buffer(futures_buffer), hedge, n_paths, n_days, seed,
                        None if fx is None else fx_hedge_from_table(fx), premium, calls)


def fx_hedge_from_table(table: Mapping[str, Any]) -> RolledFxHedge:
    """Validate a ``[paths.fx_hedge]`` table (``instrument`` required; numbers as TOML numbers, never text).

    Raises
    ------
    InputError
        Naming the key path (``paths.fx_hedge.ratio``), the value and what was expected.
    """
    f = check_keys("paths.fx_hedge", table, _FX_HEDGE_KEYS, {"instrument"})
    for key in ("ratio", "tenor_days", "roll_days"):
        if key in f:
            number(f"paths.fx_hedge.{key}", f[key])
    for key in ("instrument", "rebalance"):
        if key in f and not isinstance(f[key], str):
            raise InputError(f"paths.fx_hedge.{key}", f[key], "a quoted name such as \"OTC_FX\"")
    return RolledFxHedge(**f)

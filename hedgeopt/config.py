"""The TOML config: market, account and scenarios, validated into typed objects.

Every key is documented in ``docs/config.md``. Errors name the key path (``account.satellite[0].loan_rate``),
the value, what was expected, and for an unknown key the nearest valid one.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from hedgeopt.account import Account
from hedgeopt.candidates import CandidateSpec
from hedgeopt.comparison import DEFAULT_CAPS
from hedgeopt.holdings import (
    MMF,
    Cash,
    EtfPosition,
    FuturesPosition,
    LinearAsset,
    MarginPosition,
    OptionPosition,
    Route,
    Satellite,
)
from hedgeopt.instruments import parse_instrument
from hedgeopt.keys import check_keys
from hedgeopt.path_settings import PathSettings, path_settings_from_table
from hedgeopt.problem import CVaRCap
from hedgeopt.rules import Rules, rules_from_table
from pricing import InputError, Market, ParametricVolSurface, RateCurve, default_market
from pricing.validation import (
    check_fraction,
    check_non_negative,
    check_positive,
    check_rate,
    check_return,
    check_vol_shift,
)
from scenarios import FactorModel, ScenarioSet, VolResponse, episode, grid, grid_values


@dataclass(frozen=True)
class GridSpec:
    """The ``[scenarios.grid]`` axes, decimals; each a list of values."""

    equity: tuple[float, ...] = tuple(grid_values("equity", -0.40, 0.20, 0.05).round(10))
    fx: tuple[float, ...] = (-0.10, 0.0, 0.10)
    vol_shift: tuple[float, ...] = (0.0,)
    rate_shift: tuple[float, ...] = (0.0,)


@dataclass(frozen=True)
class ScenarioSpec:
    """The ``[scenarios]`` section: which sets to build and how factors move together."""

    horizon_days: int = 30
    currency: str = "USD"
    grid: GridSpec | None = field(default_factory=GridSpec)
    historical: tuple[str, ...] | None = ("all",)
    instantaneous_history: bool = False
    monte_carlo: Mapping[str, Any] | None = None
    model: FactorModel = field(default_factory=FactorModel)
    extra_responses: tuple[VolResponse, ...] = ()


@dataclass(frozen=True)
class RiskSpec:
    """The ``[risk]`` section: the limits every answer is held to.

    Parameters
    ----------
    cap : float, default 0.20
        Worst-case loss cap, positive fraction of NAV (0.20: never lose more than 20%).
    cvar : CVaRCap or None
        Optional CVaR cap (``{ level = 0.95, cap = 0.15 }``).
    leverage_cap : float, default 1.3
        Hard cap on gross exposure / NAV.
    futures_buffer : float, default 3.0
        Cash must be at least this multiple of the futures initial margin.
    min_buffer_share : float, default 0.30
        With margin or futures, cash + MMF must be at least this fraction of NAV (the strategy's 30–50%).
    adverse_day : float, default 0.05
        The index fall of one bad day, positive fraction, for the days of variation margin the buffer survives.
    max_funding_drag : float, default 0.02
        Largest acceptable (loan rate − MMF yield), decimal per year; a negative carry is a warning, beyond this
        a failure.
    """

    cap: float = 0.20
    cvar: CVaRCap | None = None
    leverage_cap: float = 1.3
    futures_buffer: float = 3.0
    min_buffer_share: float = 0.30
    adverse_day: float = 0.05
    max_funding_drag: float = 0.02


@dataclass(frozen=True)
class HedgeSpec:
    """The ``[hedge]`` section: candidates and how to buy them.

    Parameters
    ----------
    candidates : CandidateSpec
        Symbol, expiries (months), put strikes (moneyness), spread widths, families, commission.
    budget : float or None
        Most premium for one hedge, base currency.
    max_contracts : float, default 1000
        Most contracts of one candidate.
    integer : bool, default True
        Whole contracts.
    yearly_budget : float or None
        The standing put's premium per year, base currency.
    frontier_caps : tuple of float
        Caps of the cost-versus-cap frontier.
    """

    candidates: CandidateSpec = field(default_factory=lambda: CandidateSpec(months=(2, 3, 6)))
    budget: float | None = None
    max_contracts: float = 1000.0
    integer: bool = True
    yearly_budget: float | None = None
    frontier_caps: tuple[float, ...] = DEFAULT_CAPS


@dataclass(frozen=True)
class Config:
    """A validated config: the market, the account, the scenarios, the limits and the hedge candidates."""

    market: Market
    account: Account
    scenarios: ScenarioSpec
    source: str = "<python>"
    risk: RiskSpec = field(default_factory=RiskSpec)
    hedge: HedgeSpec = field(default_factory=HedgeSpec)
    rules: Rules = field(default_factory=Rules)
    paths: PathSettings = field(default_factory=PathSettings)

    def scenario_set(self, include_history: bool = False) -> ScenarioSet:
        """Build the scenario set the config asks for (grid + historical episodes + Monte Carlo).

        Parameters
        ----------
        include_history : bool, default False
            Add every named historical episode even when the config leaves them out.
        """
        from scenarios.historical import historical_episodes
        from scenarios.monte_carlo import monte_carlo

        spec, sets = self.scenarios, []
        if spec.grid is not None:
            g = spec.grid
            responses = (spec.model.vol_response, *spec.extra_responses)
            sets.append(grid(g.equity, g.fx, g.vol_shift, g.rate_shift, (spec.horizon_days,),
                             currency=spec.currency, model=spec.model, vol_responses=responses))
        history = spec.historical or (("all",) if include_history else None)
        if history:
            names = None if "all" in history else list(history)
            sets.append(historical_episodes(names, instantaneous=spec.instantaneous_history,
                                            currency=spec.currency))
        if spec.monte_carlo:
            sets.append(monte_carlo(horizon_days=spec.horizon_days, currency=spec.currency,
                                    vol_response=spec.model.vol_response, **spec.monte_carlo))
        if not sets:
            raise InputError("scenarios", "{}", "at least one of grid, historical or monte_carlo")
        out = sets[0]
        for extra in sets[1:]:
            out = out + extra
        return out

    def hedge_scenarios(self) -> ScenarioSet:
        """The scenario set for hedging: every scenario, historical episodes included, over the config horizon.

        An episode's window can outlast any listed option (929 days for 2000–02); a hedge is judged on the
        episode's move happening within the horizon, while the options are alive.
        """
        return self.scenario_set().with_horizon(self.scenarios.horizon_days)


# -- key checking ---------------------------------------------------------------------------------------------
def _table(path: str, value: Any) -> dict:
    """``value`` when it is a TOML table (a mapping), else an InputError naming ``path``."""
    if not isinstance(value, Mapping):
        raise InputError(path, value, "a table such as { SPX = 1.0 }")
    return dict(value)


@contextmanager
def _at(path: str) -> Iterator[None]:
    """Re-raise an InputError from a constructor with the config key path in front of its field."""
    try:
        yield
    except InputError as exc:
        leaf = exc.field.split(".")[-1]
        raise InputError(f"{path}.{leaf}", exc.value, exc.expected, hint=exc.hint) from None
    except TypeError as exc:
        raise InputError(path, None, "the documented keys", hint=str(exc)) from None


def _build(path: str, cls: Callable[..., Any], table: Mapping, renames: Mapping[str, str] = {}) -> Any:  # noqa: B006
    with _at(path):
        return cls(**{renames.get(k, k): v for k, v in table.items()})


# -- market ---------------------------------------------------------------------------------------------------
_MARKET_KEYS = {"valuation_date", "spots", "fx", "rates", "dividend_yields", "vol"}
_VOL_KEYS = {"atm_short", "atm_long", "term_decay", "skew", "curvature", "skew_power", "floor"}


def _market(table: Mapping) -> Market:
    t = check_keys("market", table, _MARKET_KEYS)
    tables = {k: _table(f"market.{k}", t.get(k, {})) for k in ("spots", "fx", "rates", "dividend_yields", "vol")}
    base = default_market(t.get("valuation_date"))
    surfaces = dict(base.vol_surfaces)
    for index, vol in check_keys("market.vol", tables["vol"], set(base.spots) | set(tables["spots"])).items():
        check_keys(f"market.vol.{index}", vol, _VOL_KEYS)
        current = surfaces.get(index)
        merged = {**(current.__dict__ if isinstance(current, ParametricVolSurface) else {}), **vol}
        surfaces[index] = _build(f"market.vol.{index}", ParametricVolSurface, merged)
    with _at("market"):
        return replace(
            base,
            spots={**base.spots, **tables["spots"]},
            fx={**base.fx, **tables["fx"]},
            curves={**base.curves, **{c: RateCurve.flat(r) for c, r in tables["rates"].items()}},
            dividend_yields={**base.dividend_yields, **tables["dividend_yields"]},
            vol_surfaces=surfaces,
            label=base.label if set(t) <= {"valuation_date"} else base.label + ", with config inputs",
        )


# -- account --------------------------------------------------------------------------------------------------
_MMF_KEYS = {"amount", "currency", "yield", "fee", "redemption_days", "amount_currency", "name"}
_CASH_KEYS = {"amount", "currency"}
_OTHER_KEYS = {"name", "value", "currency", "betas", "carry"}
_ROUTE_KEYS = {
    Route.CASH: ({"index", "value", "value_currency"}, {"index", "value"}),
    Route.MARGIN: ({"index", "value", "value_currency", "loan_rate", "loan_currency", "loan_fraction",
                    "maintenance_ratio", "collateral"}, {"index", "value", "loan_rate"}),
    Route.FUTURES: ({"symbol", "contracts", "initial_margin", "maintenance_margin"},
                    {"symbol", "contracts", "initial_margin"}),
    Route.OPTIONS: ({"contract", "kind", "strike", "spread", "collar", "expiry", "contracts"},
                    {"contract", "contracts"}),
}
_ROUTE_CLASS = {Route.CASH: EtfPosition, Route.MARGIN: MarginPosition, Route.FUTURES: FuturesPosition}


def _satellite(path: str, table: Mapping, market: Market) -> Satellite:
    if "route" not in table:
        raise InputError(f"{path}.route", None, "one of " + ", ".join(r.value for r in Route))
    try:
        route = Route(str(table["route"]).lower())
    except ValueError:
        near = difflib.get_close_matches(str(table["route"]).lower(), [r.value for r in Route], n=1)
        raise InputError(f"{path}.route", table["route"], "one of " + ", ".join(r.value for r in Route),
                         hint=f"did you mean '{near[0]}'?" if near else None) from None
    allowed, required = _ROUTE_KEYS[route]
    body = check_keys(path, {k: v for k, v in table.items() if k != "route"}, allowed, required)
    if route is not Route.OPTIONS:
        return _build(path, _ROUTE_CLASS[route], body)
    with _at(path):
        instrument = parse_instrument(market, body["contract"], body.get("kind", "put"), strike=body.get("strike"),
                                      spread=body.get("spread"), collar_strikes=body.get("collar"),
                                      expiry=body.get("expiry"))
        return OptionPosition(instrument, body["contracts"])


def _list(path: str, value: Any) -> list:
    if not isinstance(value, list):
        raise InputError(path, value, "an array of tables ([[...]] in TOML)")
    return value


def _account(table: Mapping, market: Market) -> Account:
    t = check_keys("account", table, {"base_currency", "mmf", "cash", "satellite", "other"})
    base = t.get("base_currency", market.base_currency)
    if base != market.base_currency:
        raise InputError("account.base_currency", base, f"the market's base currency {market.base_currency}")
    mmf = [_build(f"account.mmf[{i}]", MMF, check_keys(f"account.mmf[{i}]", m, _MMF_KEYS, {"amount"}),
                  {"yield": "yield_"}) for i, m in enumerate(_list("account.mmf", t.get("mmf", [])))]
    cash = [_build(f"account.cash[{i}]", Cash, check_keys(f"account.cash[{i}]", c, _CASH_KEYS, {"amount"}))
            for i, c in enumerate(_list("account.cash", t.get("cash", [])))]
    sat = [_satellite(f"account.satellite[{i}]", s, market)
           for i, s in enumerate(_list("account.satellite", t.get("satellite", [])))]
    other = []
    for i, o in enumerate(_list("account.other", t.get("other", []))):
        body = check_keys(f"account.other[{i}]", o, _OTHER_KEYS, {"name", "value", "currency"})
        body["betas"] = _table(f"account.other[{i}].betas", body.get("betas", {}))
        other.append(_build(f"account.other[{i}]", LinearAsset, body))
    for i, pos in enumerate(sat):
        index = getattr(pos, "index", None)
        if index is not None:
            with _at(f"account.satellite[{i}]"):
                market.spot(index)
    currencies = [(f"account.mmf[{i}]", ("currency", "amount_currency"), m) for i, m in enumerate(mmf)]
    currencies += [(f"account.cash[{i}]", ("currency",), c) for i, c in enumerate(cash)]
    currencies += [(f"account.other[{i}]", ("currency",), o) for i, o in enumerate(other)]
    currencies += [(f"account.satellite[{i}]", ("value_currency", "loan_currency"), p) for i, p in enumerate(sat)]
    for path, fields, holding in currencies:
        for name in fields:
            ccy = getattr(holding, name, None)
            if ccy is not None and ccy != market.base_currency and ccy not in market.fx:
                raise InputError(f"{path}.{name}", ccy, f"a currency with an FX rate in [market] fx (have: "
                                 f"{', '.join(market.fx) or 'none'})", hint=f"add fx = {{ {ccy} = ... }} in "
                                 f"{market.base_currency} per {ccy} under [market]")
    account = Account(base, mmf, cash, sat, other)
    account.nav(market)
    return account


# -- scenarios ------------------------------------------------------------------------------------------------
_SCEN_KEYS = {"horizon_days", "currency", "grid", "historical", "monte_carlo", "factor_model"}


_AXIS_CHECK = {"equity": check_return, "fx": check_return, "vol_shift": check_vol_shift, "rate_shift": check_rate}


def _axis(path: str, value: Any) -> tuple[float, ...]:
    """A grid axis: a list of decimals or a ``{start, stop, step}`` range, checked like the factor it moves."""
    if isinstance(value, Mapping):
        r = check_keys(path, value, {"start", "stop", "step"}, {"start", "stop", "step"})
        values = grid_values(path, r["start"], r["stop"], r["step"]).round(10)
    else:
        values = value if isinstance(value, list) else [value]
        if not values:
            raise InputError(path, value, "at least one value", hint="the range is empty")
    return tuple(float(v) for v in _AXIS_CHECK[path.rsplit(".", 1)[-1]](path, values))


def _scenarios(table: Mapping, market: Market) -> ScenarioSpec:
    t = check_keys("scenarios", table, _SCEN_KEYS)
    currency = t.get("currency", "USD")
    if currency not in market.fx:
        raise InputError("scenarios.currency", currency, "a currency with an FX rate in [market] fx (have: "
                         + ", ".join(market.fx) + ")")
    defaults = ScenarioSpec()
    days = t.get("horizon_days", defaults.horizon_days)
    if not isinstance(days, int) or days < 0:
        raise InputError("scenarios.horizon_days", days, "a whole number of days >= 0")
    g = t.get("grid", {})
    grid_spec = None
    if g is not False:
        g = check_keys("scenarios.grid", g, {"equity", "fx", "vol_shift", "rate_shift"})
        grid_spec = GridSpec(**{k: _axis(f"scenarios.grid.{k}", v) for k, v in g.items()})
    hist = t.get("historical", {})
    names: tuple[str, ...] | None = None
    instantaneous = False
    if hist is not False:
        hist = check_keys("scenarios.historical", hist, {"episodes", "instantaneous"})
        episodes = hist.get("episodes", "all")
        names = tuple(episodes) if isinstance(episodes, list) else (episodes,)
        for i, name in enumerate(names):
            if name != "all":
                try:
                    episode(name)
                except InputError as exc:
                    raise InputError(f"scenarios.historical.episodes[{i}]", name, exc.expected) from None
        instantaneous = bool(hist.get("instantaneous", False))
    mc = t.get("monte_carlo")
    if mc is not None:
        mc = check_keys("scenarios.monte_carlo", mc, {"n", "seed", "dist", "dof", "vols", "corr", "vol_of_vol"},
                         {"n"})
    fm = check_keys("scenarios.factor_model", t.get("factor_model", {}), {"driver", "betas", "vol_response"})
    if "betas" in fm:
        fm["betas"] = _table("scenarios.factor_model.betas", fm["betas"])
    given = fm.pop("vol_response", {})
    tables = given if isinstance(given, list) and given else [given]
    path = "scenarios.factor_model.vol_response"
    responses = [_build(f"{path}[{i}]" if len(tables) > 1 else path, VolResponse,
                        check_keys(f"{path}[{i}]" if len(tables) > 1 else path, r, {"down_beta", "up_beta"}))
                 for i, r in enumerate(tables)]
    model = _build("scenarios.factor_model", FactorModel, {**fm, "vol_response": responses[0]})
    return ScenarioSpec(days, currency, grid_spec, names, instantaneous, mc, model, tuple(responses[1:]))


# -- risk and hedge -------------------------------------------------------------------------------------------
_RISK_KEYS = {"cap", "cvar", "leverage_cap", "futures_buffer", "min_buffer_share", "adverse_day",
              "max_funding_drag"}
_HEDGE_KEYS = {"symbol", "months", "put_moneyness", "spread_widths", "puts", "spreads", "commission", "budget",
               "max_contracts", "integer", "yearly_budget", "frontier_caps"}


MAX_LEVERAGE_CAP = 10.0
"""Largest ``[risk] leverage_cap`` accepted (gross exposure / NAV); above it, ``130`` for 130% is suspected."""


def _number(path: str, value: Any) -> float:
    """A TOML number (integer or float); a string or a boolean is an error, not a guess."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(path, value, "a number (without quotes)")
    return float(value)


def _boolean(path: str, value: Any) -> bool:
    """A TOML boolean: ``true`` or ``false`` (a string such as ``"no"`` is an error)."""
    if not isinstance(value, bool):
        raise InputError(path, value, "true or false (without quotes)")
    return value


def _fractions(path: str, value: Any) -> tuple[float, ...]:
    """A list of positive numbers or a ``{start, stop, step}`` range (inclusive)."""
    if isinstance(value, Mapping):
        r = check_keys(path, value, {"start", "stop", "step"}, {"start", "stop", "step"})
        values = grid_values(path, *(_number(f"{path}.{k}", r[k]) for k in ("start", "stop", "step"))).round(10)
    else:
        values = value if isinstance(value, list) else [value]
        for i, v in enumerate(values):
            _number(f"{path}[{i}]" if len(values) > 1 else path, v)
    arr = check_positive(path, values) if len(values) else None
    if arr is None:
        raise InputError(path, value, "at least one value", hint="the range is empty")
    return tuple(float(v) for v in arr)


def _risk(table: Mapping) -> RiskSpec:
    t = check_keys("risk", table, _RISK_KEYS)
    cvar = None
    if "cvar" in t:
        c = check_keys("risk.cvar", t["cvar"], {"level", "cap"}, {"level", "cap"})
        for key, value in c.items():
            _number(f"risk.cvar.{key}", value)
        cvar = _build("risk.cvar", CVaRCap, c)
    d = RiskSpec()
    n = {k: _number(f"risk.{k}", t[k]) if k in t else getattr(d, k) for k in _RISK_KEYS - {"cvar"}}
    with _at("risk"):
        spec = RiskSpec(check_fraction("cap", n["cap"]), cvar,
                        float(check_positive("leverage_cap", n["leverage_cap"])),
                        float(check_positive("futures_buffer", n["futures_buffer"])),
                        check_fraction("min_buffer_share", n["min_buffer_share"]),
                        check_fraction("adverse_day", n["adverse_day"]),
                        float(check_rate("max_funding_drag", n["max_funding_drag"])))
    if spec.leverage_cap > MAX_LEVERAGE_CAP:
        raise InputError("risk.leverage_cap", spec.leverage_cap, f"a multiple of NAV up to {MAX_LEVERAGE_CAP:g}, "
                         "such as 1.3", hint=f"{spec.leverage_cap:g} looks like a percentage"
                         if spec.leverage_cap >= 100 else None)
    return spec


def _months(value: Any) -> tuple[int, ...]:
    months = value if isinstance(value, list | tuple) else [value]
    if not months or any(isinstance(m, bool) or not isinstance(m, int) or m < 1 for m in months):
        raise InputError("hedge.months", value, "whole numbers of months >= 1, such as [2, 3, 6]")
    return tuple(months)


def _hedge(table: Mapping) -> HedgeSpec:
    t = check_keys("hedge", table, _HEDGE_KEYS)
    defaults = HedgeSpec()
    c = defaults.candidates
    symbol = t.get("symbol", c.symbol)
    if not isinstance(symbol, str):
        raise InputError("hedge.symbol", symbol, "an option contract such as XSP, SPX or NK225M_OPT")
    widths = _fractions("hedge.spread_widths", t["spread_widths"]) if "spread_widths" in t else c.spread_widths
    if max(widths) >= 1.0:
        raise InputError("hedge.spread_widths", max(widths), "widths as fractions of spot below 1, such as 0.10")
    fields_ = {
        "symbol": symbol,
        "months": _months(t["months"]) if "months" in t else c.months,
        "put_moneyness": _fractions("hedge.put_moneyness", t["put_moneyness"]) if "put_moneyness" in t
        else c.put_moneyness,
        "spread_widths": widths,
        "puts": _boolean("hedge.puts", t.get("puts", True)),
        "spreads": _boolean("hedge.spreads", t.get("spreads", True)),
        "commission": _number("hedge.commission", t.get("commission", 0.0)),
    }
    candidates = _build("hedge", CandidateSpec, fields_)
    n = {k: None if t.get(k) is None else _number(f"hedge.{k}", t[k])
         for k in ("budget", "yearly_budget", "max_contracts")}
    with _at("hedge"):
        budget = None if n["budget"] is None else float(check_non_negative("budget", n["budget"]))
        yearly = None if n["yearly_budget"] is None else float(check_non_negative("yearly_budget",
                                                                                   n["yearly_budget"]))
        most = defaults.max_contracts if n["max_contracts"] is None else float(
            check_positive("max_contracts", n["max_contracts"]))
    caps = _fractions("hedge.frontier_caps", t["frontier_caps"]) if "frontier_caps" in t else DEFAULT_CAPS
    if max(caps) > 1.0:
        raise InputError("hedge.frontier_caps", max(caps), "caps as fractions of NAV in (0, 1]")
    integer = _boolean("hedge.integer", t.get("integer", defaults.integer))
    return HedgeSpec(candidates, budget, most, integer, yearly, caps)


# -- entry points ---------------------------------------------------------------------------------------------
_TOP_KEYS = {"market", "account", "scenarios", "risk", "hedge", "rules", "paths"}


def config_from_dict(data: Mapping, source: str = "<dict>") -> Config:
    """Validate a parsed config (a dict as ``tomllib`` returns it) into a :class:`Config`.

    Raises
    ------
    InputError
        On any bad key or value; the message names the key path.
    """
    t = check_keys("", data, _TOP_KEYS, {"account"})
    market = _market(t.get("market", {}))
    risk, hedge = _risk(t.get("risk", {})), _hedge(t.get("hedge", {}))
    paths = path_settings_from_table(t.get("paths", {}), risk.futures_buffer, hedge.candidates.symbol,
                                     hedge.candidates.commission, hedge.integer)
    return Config(market, _account(t["account"], market), _scenarios(t.get("scenarios", {}), market), source,
                  risk, hedge, rules_from_table(t.get("rules", {}), risk.leverage_cap), paths)


def load_config(path: str | Path) -> Config:
    """Read and validate a TOML config file.

    Raises
    ------
    InputError
        The file is missing or not valid TOML, or a key or value is bad.
    """
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("config", str(p), "an existing TOML file") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError("config", str(p), "valid TOML", hint=str(exc)) from None
    return config_from_dict(data, str(p))

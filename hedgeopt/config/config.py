"""The TOML config: market, account and scenarios, validated into typed objects.

Every key is documented in ``docs/config.md``. Errors name the key path (``account.satellite[0].loan_rate``),
the value, what was expected, and for an unknown key the nearest valid one.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hedgeopt.account.account import Account
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
from hedgeopt.config.hedge_spec import HedgeSpec, hedge_from_table
from hedgeopt.config.instruments import parse_instrument
from hedgeopt.config.keys import at_path, boolean, build, check_keys, name_in, number, table_of, whole
from hedgeopt.config.limits import check_scenario_rows
from hedgeopt.config.market_spec import MarketSnapshot, market_from_table
from hedgeopt.config.path_settings import PathSettings, path_settings_from_table
from hedgeopt.config.risk_spec import RiskSpec, risk_from_table
from hedgeopt.config.routes_spec import RoutesSpec, routes_from_table
from hedgeopt.config.rules import Rules, rules_from_table
from hedgeopt.config.tax_spec import TaxSettings, tax_from_table
from pricing import InputError, Market
from pricing.files import read_toml
from pricing.fx.instruments import FxHedge
from pricing.validation import (
    check_move,
    check_rate,
    check_vol_shift,
)
from scenarios import FactorModel, FxVolResponse, ScenarioSet, VolResponse, episode, grid, grid_values


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
    extra_fx_responses: tuple[FxVolResponse, ...] = ()

    def row_count(self) -> int:
        """Rows of the scenario set this spec builds (grid combinations + episodes + Monte Carlo draws)."""
        from scenarios.sets.historical import EPISODES

        rows = 0
        if self.grid is not None:
            g = self.grid
            rows += (len(g.equity) * len(g.fx) * len(g.vol_shift) * len(g.rate_shift)
                     * (1 + len(self.extra_responses)) * (1 + len(self.extra_fx_responses)))
        if self.historical:
            rows += len(EPISODES) if "all" in self.historical else len(self.historical)
        return rows + (int(self.monte_carlo["n"]) if self.monte_carlo else 0)


@dataclass(frozen=True, eq=False)
class Prebuilt:
    """What depends only on the market and the ``[scenarios]`` and ``[hedge]`` sections, built once for many accounts.

    ``hedgeopt batch`` builds one per distinct market, scenario and hedge context and hands it to every account's
    config (``Config.prebuilt``), so that a worker builds the scenario set and prices the candidates once, not once
    per account. A config uses it only while its own market and sections equal those it was built from.

    Attributes
    ----------
    market : Market
    scenarios : ScenarioSpec
    hedge : HedgeSpec
    scenario_set : ScenarioSet
        :meth:`Config.scenario_set` of that context.
    candidates : object
        The priced hedge candidates (``hedgeopt.optimizer.Candidates``, a room above this one builds them).
    """

    market: Market
    scenarios: ScenarioSpec
    hedge: HedgeSpec
    scenario_set: ScenarioSet
    candidates: object

    def serves(self, config: Config) -> bool:
        """True when ``config`` has the market, scenarios and hedge sections this was built from."""
        return all(mine is theirs or mine == theirs for mine, theirs in
                   ((self.market, config.market), (self.scenarios, config.scenarios), (self.hedge, config.hedge)))


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
    tax: TaxSettings = field(default_factory=TaxSettings)
    """The ``[tax]`` section with its year filled in (:meth:`TaxSettings.for_year`)."""
    routes: RoutesSpec = field(default_factory=RoutesSpec)
    """The ``[routes]`` section: the route comparison's exposure and the rate regimes."""
    snapshot: MarketSnapshot | None = field(default=None, compare=False, repr=False)
    """The ``[market]`` section as read: the chains, what their checks found, the inputs left at embedded values."""
    prebuilt: Prebuilt | None = field(default=None, compare=False, repr=False)
    """The scenario set and candidates built once for many accounts (:class:`Prebuilt`); None: built on demand."""

    def shared(self) -> Prebuilt | None:
        """:attr:`prebuilt` when it serves this config's market and sections, else None."""
        return self.prebuilt if self.prebuilt is not None and self.prebuilt.serves(self) else None

    def scenario_set(self) -> ScenarioSet:
        """The one scenario set every command judges the account on: grid + historical episodes + Monte Carlo.

        Grid and Monte Carlo scenarios run over the config horizon; each historical episode over its own window
        (517 days for the 2007-09 bear), with its recorded path where one ships, so that an option is valued at
        its own expiry on the episode's path (:mod:`scenarios.repricing`). ``stress``, ``checklist``, ``hedge``,
        ``compare``, ``frontier``, ``standing-put``, ``max-leverage`` and ``pnl`` all read this set, so they
        report one unhedged worst case for an account. A :attr:`prebuilt` set is returned as it is.
        """
        if (built := self.shared()) is not None:
            return built.scenario_set
        check_scenario_rows(self.scenarios.row_count(), "a scenario set")
        from scenarios.sets.historical import historical_episodes
        from scenarios.sets.monte_carlo import monte_carlo

        spec, sets = self.scenarios, []
        if spec.grid is not None:
            g = spec.grid
            responses = (spec.model.vol_response, *spec.extra_responses)
            fx_responses = (spec.model.fx_vol_response, *spec.extra_fx_responses)
            sets.append(grid(g.equity, g.fx, g.vol_shift, g.rate_shift, (spec.horizon_days,),
                             currency=spec.currency, base=self.market.base_currency, model=spec.model,
                             vol_responses=responses, fx_vol_responses=fx_responses))
        history = spec.historical
        if history:
            names = None if "all" in history else list(history)
            sets.append(historical_episodes(names, instantaneous=spec.instantaneous_history,
                                            currency=spec.currency))
        if spec.monte_carlo:
            drawn = {k: v for k, v in spec.monte_carlo.items() if k != "shard_rows"}  # how to run, not what to draw
            sets.append(monte_carlo(horizon_days=spec.horizon_days, currency=spec.currency,
                                    base=self.market.base_currency, vol_response=spec.model.vol_response,
                                    fx_vol_response=spec.model.fx_vol_response, **drawn))
        if not sets:
            raise InputError("scenarios", "{}", "at least one of grid, historical or monte_carlo")
        out = sets[0]
        for extra in sets[1:]:
            out = out + extra
        return out


# -- account --------------------------------------------------------------------------------------------------
_MMF_KEYS = {"amount", "currency", "yield", "fee", "redemption_days", "amount_currency", "name", "hedged",
             "hedge_fee", "cost"}
_FX_HEDGE_KEYS = {"symbol", "lots", "maturity"}
_CASH_KEYS = {"amount", "currency"}
_OTHER_KEYS = {"name", "value", "currency", "betas", "carry"}
_ROUTE_KEYS = {
    Route.CASH: ({"index", "value", "value_currency", "accumulating", "nisa", "cost"}, {"index", "value"}),
    Route.MARGIN: ({"index", "value", "value_currency", "loan_rate", "loan_currency", "loan_fraction",
                    "maintenance_ratio", "collateral", "cost"}, {"index", "value", "loan_rate"}),
    Route.FUTURES: ({"symbol", "contracts", "initial_margin", "maintenance_margin"},
                    {"symbol", "contracts", "initial_margin"}),
    Route.OPTIONS: ({"contract", "kind", "strike", "spread", "collar", "expiry", "contracts"},
                    {"contract", "contracts"}),
}
_ROUTE_CLASS = {Route.CASH: EtfPosition, Route.MARGIN: MarginPosition, Route.FUTURES: FuturesPosition}


def _satellite(path: str, table: Mapping, market: Market) -> Satellite:
    table = check_keys(path, table, set(table) if isinstance(table, Mapping) else set())
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
        return build(path, _ROUTE_CLASS[route], body)
    with at_path(path):
        instrument = parse_instrument(market, body["contract"], body.get("kind", "put"), strike=body.get("strike"),
                                      spread=body.get("spread"), collar_strikes=body.get("collar"),
                                      expiry=body.get("expiry"))
        return OptionPosition(instrument, body["contracts"])


def _mmf(path: str, table: Mapping) -> MMF:
    """One ``[[account.mmf]]``: ``hedged`` a TOML boolean, ``hedge_fee`` a TOML number (never read from text)."""
    body = check_keys(path, table, _MMF_KEYS, {"amount"})
    if "hedged" in body:
        boolean(f"{path}.hedged", body["hedged"])
    if "hedge_fee" in body:
        number(f"{path}.hedge_fee", body["hedge_fee"])
    return build(path, MMF, body, {"yield": "yield_"})


def _fx_hedge(path: str, table: Mapping, market: Market) -> FxHedgePosition:
    """One ``[[account.fx_hedge]]``: a catalogue symbol, ``lots`` a TOML number, ``maturity`` for a forward/future."""
    body = check_keys(path, table, _FX_HEDGE_KEYS, {"symbol", "lots"})
    symbol = body["symbol"]
    if not isinstance(symbol, str):
        raise InputError(f"{path}.symbol", symbol, "a yen hedge symbol in quotes, such as \"CLICK365\"")
    try:
        hedge = FxHedge(symbol, body.get("maturity"))
    except InputError as exc:
        key = "maturity" if exc.field == "maturity" else "symbol"
        raise InputError(f"{path}.{key}", exc.value, exc.expected, hint=exc.hint) from None
    if hedge.maturity is not None and hedge.maturity <= market.valuation_date:
        raise InputError(f"{path}.maturity", hedge.maturity.isoformat(),
                         f"a date after the valuation date {market.valuation_date}")
    if market.fx_pair(hedge.spec.pair) is None:
        raise InputError(f"{path}.symbol", symbol, f"a hedge of a pair this market quotes ({hedge.spec.pair} needs "
                         "both currencies in [market] fx)")
    lots = number(f"{path}.lots", body["lots"])
    return build(path, FxHedgePosition, {"hedge": hedge, "lots": lots})


def _list(path: str, value: Any) -> list:
    if not isinstance(value, list):
        raise InputError(path, value, "an array of tables ([[...]] in TOML)")
    return value


def _account(table: Mapping, market: Market) -> Account:
    t = check_keys("account", table, {"base_currency", "mmf", "cash", "satellite", "other", "fx_hedge"})
    base = t.get("base_currency", market.base_currency)
    if base != market.base_currency:
        raise InputError("account.base_currency", base, f"the market's base currency {market.base_currency}")
    mmf = [_mmf(f"account.mmf[{i}]", m) for i, m in enumerate(_list("account.mmf", t.get("mmf", [])))]
    hedges = [_fx_hedge(f"account.fx_hedge[{i}]", h, market)
              for i, h in enumerate(_list("account.fx_hedge", t.get("fx_hedge", [])))]
    cash = [build(f"account.cash[{i}]", Cash, check_keys(f"account.cash[{i}]", c, _CASH_KEYS, {"amount"}))
            for i, c in enumerate(_list("account.cash", t.get("cash", [])))]
    sat = [_satellite(f"account.satellite[{i}]", s, market)
           for i, s in enumerate(_list("account.satellite", t.get("satellite", [])))]
    other = []
    for i, o in enumerate(_list("account.other", t.get("other", []))):
        body = check_keys(f"account.other[{i}]", o, _OTHER_KEYS, {"name", "value", "currency"})
        body["betas"] = table_of(f"account.other[{i}].betas", body.get("betas", {}))
        for index in body["betas"]:
            name_in(f"account.other[{i}].betas.{index}", index, market.spots, "an index of the market")
        other.append(build(f"account.other[{i}]", LinearAsset, body))
    for i, pos in enumerate(sat):
        index = getattr(pos, "index", None)
        if index is not None:
            with at_path(f"account.satellite[{i}]"):
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
    try:
        account = Account(base, mmf, cash, sat, other, hedges)
    except InputError as exc:  # a hedged fund in the base currency: mmf[i].hedged
        raise InputError(f"account.{exc.field}", exc.value, exc.expected, hint=exc.hint) from None
    account.nav(market)
    return account


# -- scenarios ------------------------------------------------------------------------------------------------
MAX_HORIZON_DAYS = 3_650
"""Longest one-period scenario horizon, calendar days (ten years)."""

_SCEN_KEYS = {"horizon_days", "currency", "grid", "historical", "monte_carlo", "factor_model"}


_AXIS_CHECK = {"equity": check_move, "fx": check_move, "vol_shift": check_vol_shift, "rate_shift": check_rate}


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
    days = whole("scenarios.horizon_days", t.get("horizon_days", defaults.horizon_days))
    if not 0 <= days <= MAX_HORIZON_DAYS:
        raise InputError("scenarios.horizon_days", days, f"a whole number of days from 0 to {MAX_HORIZON_DAYS:,}",
                         hint="a one-period scenario beyond ten years is not a hedge horizon; simulate runs paths")
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
        mc = check_keys("scenarios.monte_carlo", mc,
                        {"n", "seed", "dist", "dof", "vols", "corr", "vol_of_vol", "shard_rows"}, {"n"})
        _check_monte_carlo(mc, days, currency, market)
    fm = check_keys("scenarios.factor_model", t.get("factor_model", {}),
                    {"driver", "betas", "vol_response", "fx_vol_response"})
    if "betas" in fm:
        fm["betas"] = table_of("scenarios.factor_model.betas", fm["betas"])
    responses = _responses("scenarios.factor_model.vol_response", fm.pop("vol_response", {}), VolResponse,
                           {"down_beta", "up_beta"})
    fx_responses = _responses("scenarios.factor_model.fx_vol_response", fm.pop("fx_vol_response", {}),
                              FxVolResponse, {"yen_up_beta", "yen_down_beta"})
    _factor_names(fm, market)
    model = build("scenarios.factor_model", FactorModel,
                  {**fm, "vol_response": responses[0], "fx_vol_response": fx_responses[0]})
    return ScenarioSpec(days, currency, grid_spec, names, instantaneous, mc, model, tuple(responses[1:]),
                        tuple(fx_responses[1:]))


def _check_monte_carlo(mc: Mapping, days: int, currency: str, market: Market) -> None:
    """Draw one row of ``[scenarios.monte_carlo]`` now, so that a bad value fails naming its key path."""
    from scenarios.sets.monte_carlo import monte_carlo

    whole("scenarios.monte_carlo.n", mc["n"])
    for key in ("seed", "shard_rows"):
        if key in mc:
            whole(f"scenarios.monte_carlo.{key}", mc[key])
    drawn = {k: v for k, v in mc.items() if k not in ("n", "shard_rows")}
    with at_path("scenarios.monte_carlo", mc):
        monte_carlo(1, days, currency=currency, base=market.base_currency, **drawn)


def _factor_names(fm: Mapping, market: Market) -> None:
    """The driver and every beta key name an index of the market; a beta never names the driver itself."""
    indices = sorted(market.spots)
    driver = name_in("scenarios.factor_model.driver", fm.get("driver", FactorModel.driver), indices,
                     "an index of the market")
    for index in fm.get("betas", {}):
        name_in(f"scenarios.factor_model.betas.{index}", index, set(indices) - {driver},
                "an index of the market other than the driver")


def _responses(path: str, given: Any, cls: type, keys: set[str]) -> list:
    """A response table, or a non-empty list of them (the worst case is taken over all), each built as ``cls``.

    Keys are named ``path`` for one table and ``path[i]`` for the i-th of a list.
    """
    tables = given if isinstance(given, list) and given else [given]
    named = [f"{path}[{i}]" if len(tables) > 1 else path for i in range(len(tables))]
    return [build(name, cls, check_keys(name, table, keys)) for name, table in zip(named, tables, strict=True)]


# -- entry points ---------------------------------------------------------------------------------------------
_TOP_KEYS = {"market", "account", "scenarios", "risk", "hedge", "rules", "paths", "tax", "routes"}


def config_from_dict(data: Mapping, source: str = "<dict>", *, base_dir: Path | None = None,
                     chains: Mapping[str, str | Path] | None = None) -> Config:
    """Validate a parsed config (a dict as ``tomllib`` returns it) into a :class:`Config`.

    Parameters
    ----------
    data : mapping
        The parsed TOML.
    source : str, default "<dict>"
        Where it came from, for messages.
    base_dir : pathlib.Path, optional
        Folder the ``[market.chains]`` paths are relative to; default the working directory.
    chains : mapping of str to path, optional
        Option chains by contract symbol replacing the config's (the command line's ``--chain``).

    Raises
    ------
    InputError
        On any bad key or value; the message names the key path.
    """
    t = check_keys("", data, _TOP_KEYS, {"account"})
    snapshot = market_from_table(t.get("market", {}), base_dir, chains)
    market = snapshot.market
    risk, hedge = risk_from_table(t.get("risk", {})), hedge_from_table(t.get("hedge", {}))
    paths = path_settings_from_table(t.get("paths", {}), risk.futures_buffer, hedge.candidates.symbol,
                                     hedge.candidates.commission, hedge.integer)
    account = _account(t["account"], market)
    tax = tax_from_table(t.get("tax", {}), account.base_currency)
    if tax.applies:
        tax = tax.for_year(market.valuation_date)
    return Config(market, account, _scenarios(t.get("scenarios", {}), market), source,
                  risk, hedge, rules_from_table(t.get("rules", {}), risk.leverage_cap), paths, tax,
                  routes_from_table(t.get("routes", {}), market), snapshot=snapshot)


def load_config(path: str | Path, *, market: str | Path | None = None,
                chains: Mapping[str, str | Path] | None = None) -> Config:
    """Read and validate a TOML config file, its market replaced by a snapshot file or chains when given.

    The file is read by :func:`pricing.files.read_toml`: a regular file of at most 16 MiB
    (:data:`~pricing.files.MAX_TOML_BYTES`), UTF-8 with or without a byte-order mark.

    Parameters
    ----------
    path : str or pathlib.Path
        The config.
    market : str or pathlib.Path, optional
        A market snapshot file (the command line's ``--market``): a TOML file holding the keys of ``[market]`` at
        its top level, used instead of the config's ``[market]``; its chain paths are relative to it.
    chains : mapping of str to path, optional
        Option chains by contract symbol (``--chain XSP=xsp.csv``), replacing those the market names.

    Raises
    ------
    InputError
        The file is missing, a folder, a pipe or a device, unreadable, larger than 16 MiB, not UTF-8 (the line and
        column named), not valid TOML or empty, or a key or value is bad.
    """
    data = read_toml(path, "config")
    if not data:
        raise InputError("config", str(path), "a TOML config with an [account] section", hint="the file holds no key")
    base_dir = Path(path).parent
    if market is not None:
        data = {**data, "market": read_toml(market, "--market")}
        base_dir = Path(market).parent
    return config_from_dict(data, str(path), base_dir=base_dir, chains=chains)

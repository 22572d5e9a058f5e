"""The ``[market]`` section: the embedded market, or a snapshot of today's levels and the chains a user downloads.

Every key is optional; what is not given keeps the embedded illustrative value and the market's label names it::

    [market]
    valuation_date = 2026-11-27        # default: the date the chains state, else the embedded 2026-11-25
    source = "close of 27 Nov 2026"    # free text, printed with the market on every page
    spots = { SPX = 6032.5 }           # default: the level a chain file states, else the embedded one
    fx = { USD = 156.2 }               # JPY per USD
    rates = { USD = 0.0375, JPY = { days = [30, 91, 182, 365], rates = [0.004, 0.0045, 0.005, 0.0055] } }
    dividend_yields = { SPX = 0.012 }  # default: implied by the chain's put-call parity, else the embedded one
    chains = { XSP = "xsp_quotedata.csv" }   # or { XSP = { path = "...", on_bad_row = "error" } }

A chain path is relative to the file that names it (the config, or the ``--market`` file); ``--chain SYMBOL=FILE``
on the command line is relative to the working directory. One chain per underlying index: its fitted surface
becomes the index's vol surface (:class:`pricing.smiles.SSVISlices`), its quotes price the options it lists
(:attr:`pricing.market.Market.listings`). Bad rows of a chain are **skipped** by default (a downloaded file is not
the user's to mend; ``hedgeopt market`` lists every one with its line, column and reason); ``on_bad_row =
"error"`` refuses the file at its first bad row instead.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hedgeopt.config.keys import at_path, build, check_keys, number, table_of
from pricing import InputError, Market, ParametricVolSurface, RateCurve, default_market
from pricing.catalogue import contract, listed
from pricing.chains.formats import ChainTable, read_chain_table
from pricing.contracts import parse_date
from pricing.market import PARAMETRIC_SURFACES, recentred
from pricing.ssvi import SSVISurface
from pricing.validation import check_choice, check_fx_level, check_rate

if TYPE_CHECKING:  # the chains' module loads QuantLib: imported when a chain is given, not for every config
    from pricing.chains.chain import OptionChain
    from pricing.chains.checks import Finding

_MARKET_KEYS = {"valuation_date", "source", "spots", "fx", "rates", "dividend_yields", "vol", "chains"}
_CHAIN_KEYS = {"path", "on_bad_row"}
_VOL_MODELS = {
    "ssvi": (SSVISurface, {"atm_short", "atm_long", "rho", "eta", "gamma", "mean_reversion", "carry"}),
    "parametric": (ParametricVolSurface, {"atm_short", "atm_long", "term_decay", "skew", "curvature", "skew_power",
                                          "floor"}),
}
IMPLIED_YIELD_RANGE = (-0.05, 0.15)
"""Dividend yields a chain's parity may set, decimal; outside it the embedded yield is kept and the gap reported."""


@dataclass(frozen=True)
class ChainSpec:
    """One ``[market.chains]`` entry: the contract, its file and what to do with its bad rows."""

    symbol: str
    path: Path
    on_bad_row: str = "skip"


@dataclass(frozen=True, eq=False)
class MarketSnapshot:
    """The market a config builds, with the chains it read and what the user must be told about them.

    Attributes
    ----------
    market : Market
    chains : mapping of str to OptionChain
        The loaded chains by contract symbol.
    findings : mapping of str to tuple of Finding
        What :func:`pricing.chains.checks.chain_findings` reported, by contract symbol.
    defaults : tuple of str
        The market inputs left at the embedded illustrative values (``"fx.USD"``, ``"rates.JPY"``...).
    taken : tuple of str
        Inputs taken from the chains: ``"valuation_date"``, ``"spots.SPX"``, ``"dividend_yields.SPX"``.
    """

    market: Market
    chains: Mapping[str, OptionChain] = field(default_factory=dict)
    findings: Mapping[str, tuple[Finding, ...]] = field(default_factory=dict)
    defaults: tuple[str, ...] = ()
    taken: tuple[str, ...] = ()


def _surface(path: str, index: str, current: object, table: Mapping) -> object:
    """The surface of ``[market.vol.<INDEX>]``: its ``model`` (default: the current surface's), that model's keys."""
    default_model = "parametric" if isinstance(current, ParametricVolSurface) else "ssvi"
    model = check_choice(f"{path}.model", table.get("model", default_model), {m: m for m in _VOL_MODELS})
    cls, keys = _VOL_MODELS[model]
    body = {k: v for k, v in table.items() if k != "model"}
    other = next(m for m in _VOL_MODELS if m != model)
    for key in body:
        if key in _VOL_MODELS[other][1] - keys:
            raise InputError(f"{path}.{key}", body[key], f'a key of model = "{model}": ' + ", ".join(sorted(keys)),
                             hint=f'{key} is a key of model = "{other}"; set model = "{other}" to use it')
    check_keys(path, body, keys)
    if isinstance(current, cls):
        start = dict(current.__dict__)
    else:
        start = dict(PARAMETRIC_SURFACES[index].__dict__) if model == "parametric" and index in PARAMETRIC_SURFACES \
            else {}
    return build(path, cls, {**start, **body})


def _fx_levels(table: Mapping, base: Market) -> None:
    """Each ``[market] fx`` key a three-letter currency (not the base), its level the right way round."""
    unit = base.base_currency
    for ccy, level in table.items():
        if not (len(ccy) == 3 and ccy.isalpha() and ccy.isupper()) or ccy == unit:
            pair = f"write {ccy[:3]} = ... ({ccy[3:]} per {ccy[:3]})" if len(ccy) == 6 else None
            raise InputError(f"market.fx.{ccy}", level, f"a key naming a three-letter currency other than the base "
                             f"{unit}, such as USD = 150.0 ({unit} per USD)", hint=pair)
        check_fx_level(f"market.fx.{ccy}", number(f"market.fx.{ccy}", level), base.fx.get(ccy), unit, ccy)


def _curve(path: str, value: Any) -> RateCurve:
    """A flat rate (a TOML number, decimal) or a curve ``{ days = [...], rates = [...] }``."""
    if not isinstance(value, Mapping):
        return RateCurve.flat(float(check_rate(path, number(path, value))))
    body = check_keys(path, value, {"days", "rates"}, {"days", "rates"})
    for key in ("days", "rates"):
        if not isinstance(body[key], list):
            raise InputError(f"{path}.{key}", body[key], "an array of numbers")
        for i, x in enumerate(body[key]):
            number(f"{path}.{key}[{i}]", x)
    with at_path(path):
        return RateCurve(tuple(body["days"]), tuple(body["rates"]))


def _chain_specs(table: Mapping, base_dir: Path, overrides: Mapping[str, str | Path]) -> dict[str, ChainSpec]:
    """``[market.chains]`` (paths relative to ``base_dir``) with the command line's ``--chain`` entries on top."""
    out: dict[str, ChainSpec] = {}
    given = {**{k: (v, base_dir, f"market.chains.{k}") for k, v in table.items()},
             **{k: (str(v), Path.cwd(), f"--chain {k}") for k, v in overrides.items()}}
    for key, (value, root, path) in given.items():
        spec = listed(path, key, lambda c: c.is_option and c.underlying in ("SPX", "NKY"), "an index option contract")
        body = check_keys(path, value, _CHAIN_KEYS, {"path"}) if isinstance(value, Mapping) else {"path": value}
        if not isinstance(body["path"], str) or not body["path"]:
            raise InputError(f"{path}.path" if isinstance(value, Mapping) else path, body["path"],
                             'a file name in quotes, such as "xsp_quotedata.csv"')
        policy = check_choice(f"{path}.on_bad_row", body.get("on_bad_row", "skip"), {"skip": "skip", "error": "error"})
        out[spec.symbol] = ChainSpec(spec.symbol, root / Path(body["path"]).expanduser(), policy)
    by_index: dict[str, str] = {}
    for symbol in out:
        index = contract(symbol).underlying
        if index in by_index:
            raise InputError("market.chains", sorted(out), f"one chain per underlying index ({by_index[index]} and "
                             f"{symbol} are both on {index})")
        by_index[index] = symbol
    return out


def _valuation_date(t: Mapping, tables: Mapping[str, ChainTable]) -> tuple[dt.date | None, bool]:
    """The given date; else the one date the dated chains state (and True: taken from the chains).

    Chains none of which says its date need a given one: the embedded market's date would be silently wrong.
    """
    if "valuation_date" in t:
        return parse_date("market.valuation_date", t["valuation_date"]), False
    dates = {s: tb.quote_date for s, tb in tables.items() if tb.quote_date is not None}
    if len(set(dates.values())) > 1:
        listing = ", ".join(f"{s} {d}" for s, d in sorted(dates.items()))
        raise InputError("market.valuation_date", None, "a valuation date: the chains state different dates "
                         f"({listing})", hint="download the chains at one time, or give valuation_date")
    if tables and not dates:
        raise InputError("market.valuation_date", None, "the date the quotes were taken: the chain files do not "
                         "say it", hint="write valuation_date = YYYY-MM-DD under [market], or in the --market file")
    return (next(iter(dates.values())), True) if dates else (None, False)


def _chain_spots(tables: Mapping[str, ChainTable], given: Mapping[str, Any]) -> dict[str, float]:
    """Spots of the indices the config leaves out, from the level each chain file states (index points)."""
    out = {}
    for symbol, tb in tables.items():
        spec = contract(symbol)
        if spec.underlying not in given and tb.underlying_price is not None:
            out[spec.underlying] = tb.underlying_price / spec.price_ratio
    return out


def _base_market(t: Mapping, tables: Mapping[str, ChainTable]) -> tuple[Market, list[str]]:
    """The market of the given keys, spots and date from the chains where not given; and what was taken."""
    parts = {k: table_of(f"market.{k}", t.get(k, {})) for k in ("spots", "fx", "rates", "dividend_yields", "vol")}
    date, dated = _valuation_date(t, tables)
    base = default_market(date)
    _fx_levels(parts["fx"], base)
    for key in ("spots", "dividend_yields"):
        for name, value in parts[key].items():
            number(f"market.{key}.{name}", value)
    curves = {c: _curve(f"market.rates.{c}", r) for c, r in parts["rates"].items()}
    from_chains = _chain_spots(tables, parts["spots"])
    taken = (["valuation_date"] if dated else []) + [f"spots.{i}" for i in from_chains]
    surfaces = dict(base.vol_surfaces)
    pairs = {name for name in base.vol_surfaces if base.fx_pair(name) is not None}  # USDJPY
    vols = check_keys("market.vol", parts["vol"], set(base.spots) | set(parts["spots"]) | pairs)
    for index, vol in vols.items():
        if index in {contract(s).underlying for s in tables}:
            raise InputError(f"market.vol.{index}", vol, "no vol model for an index whose chain is given",
                             hint="the chain's fitted smile is its surface: drop one of the two")
        surfaces[index] = _surface(f"market.vol.{index}", index, surfaces.get(index),
                                   table_of(f"market.vol.{index}", vol))
    with at_path("market", _MARKET_KEYS):
        market = replace(base, spots={**base.spots, **from_chains, **parts["spots"]}, fx={**base.fx, **parts["fx"]},
                         curves={**base.curves, **curves},
                         dividend_yields={**base.dividend_yields, **parts["dividend_yields"]}, vol_surfaces=surfaces)
    # An SSVI smile sits on the forward: unless [market.vol.<INDEX>] gives its carry, it is the market's own r - q.
    return recentred(market, [i for i in (*market.spots, *pairs) if "carry" not in vols.get(i, {})]), taken


def _defaults(t: Mapping, market: Market, taken: list[str]) -> tuple[str, ...]:
    """The inputs still at the embedded values: spots, FX, rates and yields neither given nor taken from a chain."""
    out = []
    for key, names in (("spots", market.spots), ("fx", market.fx), ("rates", market.curves),
                       ("dividend_yields", market.dividend_yields)):
        given = t.get(key, {}) if isinstance(t.get(key, {}), Mapping) else {}
        out += [f"{key}.{n}" for n in names if n not in given and f"{key}.{n}" not in taken]
    return tuple(out)


def _with_chain(market: Market, symbol: str, spec: ChainSpec, table: ChainTable, yield_given: bool
                ) -> tuple[Market, OptionChain, bool]:
    """Load one chain on ``market``; without a given dividend yield, re-load on the one its parity implies.

    Returns the market (its yield possibly replaced), the chain, and whether the yield was taken from it.
    """
    from pricing.chains.chain import chain_from_table

    name = spec.path.name
    chain = chain_from_table(table, symbol, market, on_bad_row=spec.on_bad_row, name=name)
    index = chain.spec.underlying
    carry = chain.carry
    if yield_given or carry is None or math.isnan(carry.carry):  # NaN: one expiry gives no slope
        return market, chain, False
    implied = float(market.curve(chain.spec.currency).zero_rate(1.0)) - carry.carry
    if not IMPLIED_YIELD_RANGE[0] < implied < IMPLIED_YIELD_RANGE[1]:
        return market, chain, False
    moved = recentred(replace(market, dividend_yields={**market.dividend_yields, index: implied}), [index])
    return moved, chain_from_table(table, symbol, moved, on_bad_row=spec.on_bad_row, name=name), True


FORMAT_NAMES = {"generic": "generic CSV", "cboe": "Cboe delayed quotes", "jpx": "JPX settlement prices",
                "ibkr": "IBKR option chain export"}
"""How each chain format is named in the market's label."""


def chain_label(symbol: str, chain: OptionChain) -> str:
    """``XSP chain xsp.csv (Cboe delayed quotes of 2026-11-27 16:15 ET)``: the file, its format, the time it states."""
    table = chain.table
    name = chain.source.split(" (", 1)[0]
    if table is None:
        return f"{symbol} chain {name}"
    when = "undated" if table.quote_date is None else f"of {table.quote_date}" + (
        f" {table.quote_time}" if table.quote_time else "")
    return f"{symbol} chain {name} ({FORMAT_NAMES[table.format]} {when})"


def _label(t: Mapping, chains: Mapping[str, OptionChain], defaults: tuple[str, ...], base: Market) -> str:
    """The market's label: the given source, else the chains' sources; the inputs left at embedded values."""
    source = t.get("source")
    if source is not None and not isinstance(source, str):
        raise InputError("market.source", source, "a text in quotes saying where the numbers come from")
    parts = [source] if source else [chain_label(s, c) for s, c in chains.items()]
    if defaults:
        parts.append("embedded illustrative values for " + ", ".join(defaults))
    if not chains and not source:
        return base.label if set(t) <= {"valuation_date"} else base.label + ", with config inputs"
    return "; ".join(parts)


def anchor_chains(data: Mapping[str, Any], folder: Path) -> dict[str, Any]:
    """``data`` (a config or a shared file) with its ``[market.chains]`` paths made relative to ``folder``.

    ``hedgeopt batch`` reads configs in one place and builds them in another (a Dask worker): the paths are fixed
    where the file that names them is known. Anything that is not a path is left for the checks to refuse.
    """
    market = data.get("market")
    chains = market.get("chains") if isinstance(market, Mapping) else None
    if not isinstance(chains, Mapping):
        return dict(data)

    def anchored(value: Any) -> Any:
        if isinstance(value, str) and value:
            return str(folder / Path(value).expanduser())
        if isinstance(value, Mapping) and isinstance(value.get("path"), str) and value["path"]:
            return {**value, "path": anchored(value["path"])}
        return value

    return {**data, "market": {**market, "chains": {k: anchored(v) for k, v in chains.items()}}}


def _cache_key(t: Mapping, specs: Mapping[str, ChainSpec]) -> tuple | None:
    """What a snapshot depends on: the section as written and each chain file's identity (None: not cacheable)."""
    try:
        files = tuple((s, str(c.path.resolve()), c.on_bad_row, c.path.stat().st_mtime_ns, c.path.stat().st_size)
                      for s, c in sorted(specs.items()))
        return repr(sorted((k, repr(v)) for k, v in t.items() if k != "chains")), files
    except OSError:
        return None  # a missing file: read_chain_table says so


_SNAPSHOTS: dict[tuple, MarketSnapshot] = {}
"""Snapshots already built in this process, by :func:`_cache_key`: a batch of accounts sharing one market (and a
Dask worker serving many of them) reads and fits each chain once."""

MAX_CACHED = 8
"""Snapshots kept in :data:`_SNAPSHOTS` at most (the oldest is dropped)."""


def market_from_table(table: Mapping, base_dir: Path | None = None,
                      chains: Mapping[str, str | Path] | None = None) -> MarketSnapshot:
    """Validate ``[market]`` and read its chains into a :class:`MarketSnapshot` (see the module docstring).

    Parameters
    ----------
    table : mapping
        The ``[market]`` table (or a ``--market`` file's top-level table).
    base_dir : pathlib.Path, optional
        Folder that chain paths are relative to (the config's); default the working directory.
    chains : mapping of str to path, optional
        ``--chain SYMBOL=FILE`` entries, replacing the table's entry for that contract.

    Raises
    ------
    InputError
        A bad key or value (named by its key path), an unreadable chain or one refused by the sanity checks.
    """
    t = check_keys("market", table, _MARKET_KEYS)
    specs = _chain_specs(table_of("market.chains", t.get("chains", {})), base_dir or Path.cwd(), chains or {})
    key = _cache_key(t, specs) if specs else None
    if key is not None and key in _SNAPSHOTS:
        return _SNAPSHOTS[key]
    snapshot = _snapshot(t, specs)
    if key is not None:
        while len(_SNAPSHOTS) >= MAX_CACHED:
            _SNAPSHOTS.pop(next(iter(_SNAPSHOTS)))
        _SNAPSHOTS[key] = snapshot
    return snapshot


def _snapshot(t: Mapping, specs: Mapping[str, ChainSpec]) -> MarketSnapshot:
    """The market of the checked section ``t`` with its chains ``specs`` read, fitted and checked."""
    tables = {s: read_chain_table(spec.path, s) for s, spec in specs.items()}
    market, taken = _base_market(t, tables)
    loaded, findings = {}, {}
    yields = table_of("market.dividend_yields", t.get("dividend_yields", {}))
    for symbol, spec in specs.items():
        index = contract(symbol).underlying
        market, chain, implied = _with_chain(market, symbol, spec, tables[symbol], index in yields)
        taken += [f"dividend_yields.{index}"] if implied else []
        loaded[symbol] = chain
    if loaded:
        from pricing.chains.checks import chain_findings
    for symbol, chain in loaded.items():
        findings[symbol] = chain_findings(chain, market, f"market.chains.{symbol}")
        market = replace(market, vol_surfaces={**market.vol_surfaces, chain.spec.underlying: chain.surface()},
                         listings={**market.listings, symbol: chain.options()})
    defaults = _defaults(t, market, taken)
    market = replace(market, label=_label(t, loaded, defaults, market), illustrative=market.illustrative and not loaded)
    return MarketSnapshot(market, loaded, findings, defaults, tuple(taken))

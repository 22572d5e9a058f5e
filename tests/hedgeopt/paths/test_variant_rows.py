"""The backtest's variants as the rows of one simulator (:meth:`hedgeopt.paths.engine.Simulator.of_rows`).

Each row's run must be exactly what the variant gives run on its own (:func:`hedgeopt.paths.backtest.run_variant`,
a simulator of its own): held to 1e-12 relative (measured: bit for bit) on the seed account and on a futures-route
account with a margined yen future, over a history window, Monte Carlo paths and a stylised path. Every row is also
held to the per-path loop twin (:func:`hedgeopt.paths.loop.simulate_loop`) at its 1e-9, so rows that differ in
account (route), rules, standing hedge and FX hedge are each run as the loop runs them.
"""

from __future__ import annotations

import functools
from dataclasses import fields, replace

import numpy as np
import pandas as pd
import pytest

from hedgeopt.account.routes import with_exposure
from hedgeopt.config.config import load_config
from hedgeopt.config.path_settings import RolledFxHedge
from hedgeopt.config.rules import Rules
from hedgeopt.paths.backtest import (
    history_paths,
    run_variant,
    side_by_side,
    simulated_paths,
    standard_variants,
    stylised_paths,
    variant_row,
)
from hedgeopt.paths.engine import Row, Simulator
from hedgeopt.paths.loop import simulate_loop
from hedgeopt.paths.result import PathRun
from pricing import InputError

SEED = load_config("examples/seed_10m.toml")

EXACT = 1e-12
"""Rows against runs of their own: relative tolerance (the brief's; the runs measured identical)."""

LOOP = 1e-9
"""Rows against the per-path loop twin: the twin's own tolerance (:mod:`tests.hedgeopt.paths.test_path_loop`)."""


def futures_config():
    """The seed's 3,000,000 JPY of S&P 500 held as MES futures, its USD MMF hedged by micro yen futures (MJY)."""
    account = with_exposure(SEED.account, SEED.market, "futures", "SPX", 3_000_000)
    return replace(SEED, account=account, paths=replace(SEED.paths, fx_hedge=RolledFxHedge("MJY", 1.0)))


CONFIGS = {"seed": lambda: SEED, "futures": futures_config}
PATHS = {"history": lambda c: history_paths(c, "2007-06-01", "2010-06-30"),
         "monte_carlo": lambda c: simulated_paths(c, 6, 180, seed=11),
         "stylised": lambda c: stylised_paths(c, "crash_1987")}


@functools.cache
def together(config: str, paths: str):
    c = CONFIGS[config]()
    p = PATHS[paths](c)
    table, runs = side_by_side(c, p)
    return c, p, table, runs


def assert_same_run(ours: PathRun, alone: PathRun, name: str) -> None:
    """Every series, cost, count, figure and event of ``ours`` equals ``alone``'s to :data:`EXACT`."""
    for f in fields(PathRun):
        a, b = getattr(ours, f.name), getattr(alone, f.name)
        if f.name == "paths":
            assert a is b
        elif a is None or b is None:  # the tax ledger of a pre-tax run
            assert a is None and b is None, f"{name}.{f.name}"
        elif f.name == "events":
            pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=EXACT, atol=0.0, obj=f"{name} events")
        elif isinstance(a, dict):
            assert a.keys() == b.keys(), f"{name}.{f.name}"
            for k in a:
                if isinstance(a[k], str):
                    assert a[k] == b[k], f"{name}.{f.name}[{k}]"
                else:
                    np.testing.assert_allclose(a[k], b[k], rtol=EXACT, atol=0.0, err_msg=f"{name}.{f.name}[{k}]")
        elif isinstance(a, np.ndarray) and a.dtype == bool:
            np.testing.assert_array_equal(a, b, err_msg=f"{name}.{f.name}")
        else:
            np.testing.assert_allclose(a, b, rtol=EXACT, atol=0.0, err_msg=f"{name}.{f.name}")


@pytest.mark.parametrize("paths", list(PATHS))
@pytest.mark.parametrize("config", list(CONFIGS))
def test_each_row_is_the_variant_run_alone(config: str, paths: str):
    c, p, table, runs = together(config, paths)
    variants = standard_variants(c)
    assert list(runs) == [v.name for v in variants]
    for v in variants:
        alone = run_variant(c, p, v)
        assert_same_run(runs[v.name], alone, v.name)
    alone_table, _ = side_by_side(c, p, [variants[0]])
    pd.testing.assert_series_equal(table.iloc[0], alone_table.iloc[0], check_exact=False, rtol=EXACT)


def test_the_futures_config_varies_every_axis():
    """The rows differ in route (account), rules, standing hedge and FX hedge: each axis is exercised."""
    c = futures_config()
    names = [v.name for v in standard_variants(c)]
    assert names == ["as configured", "fx hedge: none", "no rules", "hedge: none", "hedge: spread", "route: cash",
                     "route: margin", "route: calls", "route: call spread"]
    _, _, table, runs = together("futures", "history")
    assert runs["as configured"].costs["fx_spread"].sum() > 0.0
    assert runs["fx hedge: none"].costs["fx_spread"].sum() == 0.0
    assert table.loc["route: margin", "cost_funding"] > 0.0 == table.loc["as configured", "cost_funding"]
    rule_events = {"derisk", "reentry", "leverage_cap"}
    assert rule_events & set(runs["as configured"].events.event)  # the cap trims whole MES contracts
    assert not rule_events & set(runs["no rules"].events.event)


@pytest.mark.parametrize("paths", ["history", "monte_carlo"])
@pytest.mark.parametrize("config", list(CONFIGS))
def test_each_row_matches_the_loop_twin(config: str, paths: str):
    c, p, _, runs = together(config, paths)
    for v in standard_variants(c):
        row = variant_row(c, v)
        slow = simulate_loop(row.account, c.market, p, row.rules, row.hedge, c.paths.frictions, row.fx_hedge)
        fast = runs[v.name]
        scale = LOOP * float(np.abs(fast.nav[:, 0]).max())  # where a series crosses zero: 1e-9 of the NAV
        for name in ("nav", "leverage", "cash", "exposure"):
            np.testing.assert_allclose(getattr(fast, name), [getattr(s, name) for s in slow], rtol=LOOP,
                                       atol=scale if name in ("cash", "exposure") else 0.0, err_msg=f"{v.name} {name}")
        for kind, values in fast.costs.items():
            np.testing.assert_allclose(values, [s.costs[kind] for s in slow], rtol=LOOP, atol=scale,
                                       err_msg=f"{v.name} costs[{kind}]")
        np.testing.assert_array_equal(fast.shortfall, [s.shortfall for s in slow], err_msg=v.name)
        np.testing.assert_array_equal(fast.liquidations, [s.liquidations for s in slow], err_msg=v.name)
        ours = sorted(zip(fast.events.path, fast.events.day.astype(int), fast.events.event, strict=True))
        theirs = sorted((p.labels[i], int(t), kind) for i, s in enumerate(slow) for kind, t in s.events)
        assert ours == theirs, v.name


def test_progress_ticks_once_per_variant_and_day():
    c, p = SEED, stylised_paths(SEED, "crash_1987")
    ticks = []
    side_by_side(c, p, progress=ticks.append)
    assert len(ticks) == len(standard_variants(c)) * p.n_days


def test_rows_share_one_rules_and_one_fx_hedge():
    p = stylised_paths(SEED, "crash_1987")
    other = replace(SEED.rules, leverage_cap=2.0)
    with pytest.raises(InputError, match=r"rows\.rules.*one rules"):
        Simulator.of_rows(SEED.market, p, [Row(SEED.account, SEED.rules), Row(SEED.account, other)])
    with pytest.raises(InputError, match=r"rows\.fx_hedge"):
        Simulator.of_rows(SEED.market, p, [Row(SEED.account, fx_hedge=RolledFxHedge("MJY", 1.0)),
                                           Row(SEED.account, fx_hedge=RolledFxHedge("CLICK365", 1.0))])
    with pytest.raises(InputError, match="at least one"):
        Simulator.of_rows(SEED.market, p, [])
    # None beside one rules object is the per-row switch: both rows run
    runs = Simulator.of_rows(SEED.market, p, [Row(SEED.account, Rules()), Row(SEED.account, None)]).runs()
    assert len(runs) == 2

"""The program choice against brute force, and the answers when nothing meets the goal.

Brute force runs each program on its own through the one-program engine (:func:`hedgeopt.paths.engine.simulate`),
computes the share of paths beyond the cap and the yearly outlay with plain loops, and picks by hand; the
search (one vectorized pass, then a filter and a sort) must pick the same program with the same figures.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hedgeopt.config.config import load_config
from hedgeopt.paths.engine import Simulator
from hedgeopt.program.choose import cheapest_under, frontier, safest_within
from hedgeopt.program.grid import program_grid, program_label
from hedgeopt.program.runs import simulate_programs
from pricing import InputError
from scenarios.paths.monte_carlo import monte_carlo_paths

CONFIG = load_config(Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml")
MARKET, ACCOUNT, FRICTIONS = CONFIG.market, CONFIG.account, CONFIG.paths.frictions
PATHS = monte_carlo_paths(MARKET, 300, 189, seed=5, indices=["SPX"], currency="USD")
GRID = program_grid("XSP", moneyness=(0.85, 0.95), widths=(0.10,), schedules=((35, 0), (91, 21)),
                    coverages=(1.0,))
CAP = 0.10
RUNS = simulate_programs(ACCOUNT, MARKET, PATHS, GRID, None, FRICTIONS)
TABLE = RUNS.table(CAP)
YEARS = (PATHS.dates[-1] - PATHS.dates[0]).days / 365.0


def brute_force() -> list[dict]:
    """Each program alone: its label, share of paths beyond the cap and yearly outlay, by plain loops."""
    rows = []
    level = PATHS.equity["SPX"][:, -1] / 10.0  # XSP points at the last close
    for program in GRID:
        sim = Simulator(ACCOUNT, MARKET, PATHS, None, program, FRICTIONS)
        run = sim.run()
        beyond = sum(1 for dd in run.max_drawdown if dd < -CAP) / PATHS.n_paths
        spend = 0.0
        if program is not None:  # outlay less the time value still held: the options' value beyond intrinsic
            s = sim.state
            intrinsic = np.maximum(s.strike_long[0] - level, 0) - np.maximum(s.strike_short[0] - level, 0) * (
                s.strike_short[0] > 0)
            held = intrinsic * 100.0 * s.opt_contracts[0] * PATHS.fx["USD"][:, -1]
            spend = sum(run.hedge_spend - (run.options[:, -1] - held)) / PATHS.n_paths / YEARS
        rows.append({"program": program_label(program), "p": beyond, "cost": spend})
    return rows


BRUTE = brute_force()


def test_the_table_equals_one_run_per_program():
    np.testing.assert_allclose(TABLE["p_beyond"], [r["p"] for r in BRUTE], atol=1e-15)
    np.testing.assert_allclose(TABLE["cost_per_year"], [r["cost"] for r in BRUTE], rtol=1e-9)


@pytest.mark.parametrize("level", [0.10, 0.17, 0.21, 0.25, 0.30, 0.33, 0.5])
def test_cheapest_under_a_target_is_the_brute_force_pick(level: float):
    ok = [r for r in BRUTE if r["p"] <= level]
    expected = min(ok, key=lambda r: (r["cost"], r["p"]))["program"] if ok else None
    choice = cheapest_under(TABLE, CAP, level)
    got = None if choice.index is None else choice.chosen["program"]
    assert got == expected
    assert choice.verdict == ("unreachable" if expected is None else "none_needed" if expected == "none"
                              else "chosen")


@pytest.mark.parametrize("budget", [100_000.0, 148_000.0, 150_000.0, 200_000.0, 400_000.0, 1e9])
def test_safest_within_a_budget_is_the_brute_force_pick(budget: float):
    fits = [r for r in BRUTE if r["cost"] <= budget]
    expected = min(fits, key=lambda r: (r["p"], r["cost"]))["program"]
    choice = safest_within(TABLE, CAP, budget)
    if all(r["program"] == "none" for r in fits):
        assert choice.verdict == "budget_buys_nothing" and choice.index is None
    else:
        assert choice.chosen["program"] == expected


def test_a_budget_that_buys_nothing_says_so_and_names_the_cheapest():
    choice = safest_within(TABLE, CAP, 1.0)
    hedged = [r for r in BRUTE if r["program"] != "none"]
    assert choice.verdict == "budget_buys_nothing" and choice.chosen is None
    assert choice.closest["program"] == min(hedged, key=lambda r: r["cost"])["program"]
    assert choice.closest["cost_per_year"] > 1.0


def test_the_history_check_removes_programs_that_miss_it():
    table = TABLE.assign(history_holds=[False] * len(TABLE))
    assert cheapest_under(table, CAP, 1.0).verdict == "unreachable"
    holds = TABLE["kind"] == "spread"
    choice = cheapest_under(TABLE.assign(history_holds=holds), CAP, 1.0)
    assert choice.chosen["kind"] == "spread"
    assert choice.chosen["cost_per_year"] == TABLE[holds]["cost_per_year"].min()


def test_the_frontier_only_keeps_programs_nothing_cheaper_beats():
    front = frontier(TABLE)
    assert set(front["family"]) == {"put", "spread", "best"}
    for family, rows in front.groupby("family"):
        assert rows["program"].iloc[0] == "none"
        assert np.all(np.diff(rows["cost_per_year"]) >= 0) and np.all(np.diff(rows["p_beyond"]) < 0)
        kinds = {"put": {"none", "put"}, "spread": {"none", "spread"}, "best": {"none", "put", "spread"}}[family]
        members = TABLE[TABLE["kind"].isin(kinds)]
        for _, row in members.iterrows():  # every program is matched or beaten by a frontier point no dearer
            cheaper = rows[rows["cost_per_year"] <= row["cost_per_year"] + 1e-9]
            assert cheaper["p_beyond"].min() <= row["p_beyond"] + 1e-12


@pytest.mark.parametrize(("call", "field"), [
    (lambda: cheapest_under(TABLE, CAP, 5), "target_probability"),
    (lambda: cheapest_under(TABLE, CAP, -0.1), "target_probability"),
    (lambda: safest_within(TABLE, CAP, -1.0), "budget_per_year"),
    (lambda: safest_within(TABLE, CAP, "lots"), "budget_per_year"),
    (lambda: frontier(pd.DataFrame({"x": [1]})), "table"),
])
def test_bad_goals_are_named(call, field):
    with pytest.raises(InputError) as err:
        call()
    assert err.value.field == field

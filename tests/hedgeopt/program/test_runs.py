"""Many programs at once against one program at a time and against the per-path loop twin.

:func:`hedgeopt.program.runs.simulate_programs` runs every program as a lane of one vectorized pass, sharing the
paths and pricing a leg two programs hold alike once a day. Each lane must be exactly the account the
one-program engine runs, and the loop twin (:mod:`hedgeopt.paths.loop`, plain floats, one path at a time) holds
any program, drawn at random, to 1e-9.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hedgeopt.config.config import load_config
from hedgeopt.config.path_settings import HedgeKind, StandingHedge
from hedgeopt.config.rules import DeriskStep, Reentry, Rules
from hedgeopt.paths.engine import Simulator, simulate
from hedgeopt.paths.loop import LoopPath, simulate_loop
from hedgeopt.program.grid import program_grid, program_label
from hedgeopt.program.runs import ProgramRuns, simulate_programs
from scenarios.paths.monte_carlo import monte_carlo_paths

CONFIG = load_config(Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml")
MARKET, ACCOUNT, FRICTIONS = CONFIG.market, CONFIG.account, CONFIG.paths.frictions
PATHS = monte_carlo_paths(MARKET, 6, 130, seed=11, indices=["SPX"], currency="USD")
RULES = Rules((DeriskStep(-0.03, 0.25), DeriskStep(-0.08, 0.60)), Reentry(realised_vol_below=0.25, days=2, window=5),
              leverage_step=0.1, min_days_between_steps=2, leverage_cap=1.3, drift_band=0.02)
RTOL = 1e-9


def loop_figures(lanes: list[LoopPath]) -> dict[str, np.ndarray]:
    """The summary figures of the loop's paths: end NAV (wealth), worst drawdown, outlay, mean cover."""
    end, worst = [], []
    for p in lanes:
        nav = np.array(p.nav)
        wealth = np.where(np.maximum.accumulate(nav <= 0), 0.0, nav)
        end.append(wealth[-1])
        worst.append(np.min(wealth / np.maximum.accumulate(wealth) - 1.0))
    return {"nav": np.array(end), "max_drawdown": np.array(worst),
            "hedge_spend": np.array([p.hedge_spend for p in lanes]),
            "cover": np.array([p.cover / p.rolls if p.rolls else np.nan for p in lanes]),
            "contracts": np.array([p.contracts / p.rolls if p.rolls else np.nan for p in lanes])}


programs = st.builds(
    StandingHedge,
    kind=st.sampled_from([HedgeKind.PUT, HedgeKind.SPREAD]),
    symbol=st.sampled_from(["XSP", "SPX"]),
    moneyness=st.floats(0.75, 1.02),
    width=st.floats(0.03, 0.3),
    tenor_days=st.integers(20, 200),
    roll_days=st.integers(0, 19),
    coverage=st.floats(0.2, 3.0),
    integer=st.booleans(),
    half_spread=st.one_of(st.none(), st.floats(0.0, 0.1)),
    commission=st.one_of(st.none(), st.floats(0.0, 500.0)),
)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(programs, min_size=1, max_size=3), st.booleans())
def test_every_lane_equals_the_loop_twin(drawn: list[StandingHedge], with_rules: bool):
    rules = RULES if with_rules else None
    runs = simulate_programs(ACCOUNT, MARKET, PATHS, [None, *drawn], rules, FRICTIONS)
    for g, program in enumerate([None, *drawn]):
        slow = loop_figures(simulate_loop(ACCOUNT, MARKET, PATHS, rules, program, FRICTIONS))
        scale = runs.figures["nav0"][g]
        np.testing.assert_allclose(runs.figures["nav"][g], slow["nav"], rtol=RTOL, err_msg=program_label(program))
        np.testing.assert_allclose(runs.figures["max_drawdown"][g], slow["max_drawdown"], rtol=RTOL, atol=RTOL)
        np.testing.assert_allclose(runs.figures["hedge_spend"][g], slow["hedge_spend"], atol=RTOL * scale.max())
        np.testing.assert_allclose(runs.figures["cover"][g], slow["cover"], rtol=RTOL)
        np.testing.assert_allclose(runs.figures["contracts"][g], slow["contracts"], rtol=RTOL)


def test_a_lane_does_not_feel_its_neighbours():
    """A program run alone and beside others that share its legs (same strikes, same days) gives the same lane."""
    grid = program_grid("XSP", moneyness=(0.90,), widths=(0.10,), schedules=((35, 0), (91, 21)), coverages=(1.0,))
    alone = simulate_programs(ACCOUNT, MARKET, PATHS, grid[-1:], RULES, FRICTIONS)
    together = simulate_programs(ACCOUNT, MARKET, PATHS, grid, RULES, FRICTIONS)
    for key in ("nav", "max_drawdown", "hedge_spend", "cost.premiums", "cost.roll"):
        np.testing.assert_array_equal(alone.figures[key][0], together.figures[key][-1], err_msg=key)


def test_the_one_program_engine_reports_the_same_lane():
    program = StandingHedge(kind=HedgeKind.SPREAD, moneyness=0.92, width=0.12, tenor_days=60, roll_days=10)
    runs = simulate_programs(ACCOUNT, MARKET, PATHS, [None, program], None, FRICTIONS)
    run = simulate(ACCOUNT, MARKET, PATHS, None, program, FRICTIONS)
    np.testing.assert_allclose(runs.figures["nav"][1], run.wealth[:, -1], rtol=1e-12)
    np.testing.assert_allclose(runs.figures["max_drawdown"][1], run.max_drawdown, rtol=1e-12)
    np.testing.assert_allclose(runs.figures["hedge_spend"][1], run.hedge_spend, rtol=1e-12)
    np.testing.assert_allclose(runs.figures["cover"][1], run.cover, rtol=1e-12)


def test_whole_contracts_buy_three_times_the_seed_exposure():
    """One XSP (about 60,000 USD at 6,000) against 3,000,000 JPY (20,000 USD at 150): cover about 3.0, not 1."""
    runs = simulate_programs(ACCOUNT, MARKET, PATHS, [StandingHedge(coverage=1.0)], None, FRICTIONS)
    assert runs.figures["cover"][0] == pytest.approx(3.0, rel=0.05)
    np.testing.assert_array_equal(runs.figures["contracts"][0], 1.0)  # one whole contract at every roll
    exact = simulate_programs(ACCOUNT, MARKET, PATHS, [StandingHedge(coverage=1.0, integer=False)], None, FRICTIONS)
    np.testing.assert_allclose(exact.figures["cover"][0], 1.0, rtol=1e-12)


def test_the_table_reads_the_figures():
    grid = program_grid("XSP", kinds=("put",), moneyness=(0.85, 0.95), schedules=((91, 21),), coverages=(1.0,))
    runs = simulate_programs(ACCOUNT, MARKET, PATHS, grid, None, FRICTIONS)
    table = runs.table(0.05)
    years = (PATHS.dates[-1] - PATHS.dates[0]).days / 365.0
    assert list(table["program"]) == ["none", "put 85% 91d/21 x1", "put 95% 91d/21 x1"]
    spent = runs.figures["hedge_spend"] - runs.figures["time_value"]
    np.testing.assert_allclose(table["cost_per_year"], spent.mean(axis=1) / years)
    assert np.all(runs.figures["time_value"][1:] > 0)  # 91-day puts bought within the last 91 days
    np.testing.assert_allclose(table["p_beyond"], np.mean(runs.figures["max_drawdown"] < -0.05, axis=1))
    np.testing.assert_allclose(table["p_beyond_se"], np.sqrt(table["p_beyond"] * (1 - table["p_beyond"]) / 6))
    assert table.loc[0, "cost_per_year"] == 0.0 and np.isnan(table.loc[0, "cover"])
    # the nearer strike costs more a year and gives up more of the terminal NAV than no hedge
    assert table.loc[2, "cost_per_year"] > table.loc[1, "cost_per_year"] > 0.0
    assert table.loc[2, "drag_per_year"] > table.loc[1, "drag_per_year"]


def test_lanes_that_part_ways_still_equal_the_loop_twin():
    """Futures on a thin buffer with a T+2 MMF, a yen future hedging the MMF, and the rules: margin calls,
    refills in transit, forced closes and rule trades set the programs' holdings apart (each lane then carries
    its own row); every lane must still be the loop twin's account."""
    from hedgeopt.account.account import Account
    from hedgeopt.account.holdings import MMF, Cash, FuturesPosition
    from hedgeopt.config.path_settings import Frictions, RolledFxHedge

    account = Account(mmf=(MMF(7_000_000, amount_currency="JPY", redemption_days=2),), cash=(Cash(1_200_000),),
                      satellite=(FuturesPosition("MES", 3, initial_margin=2_500.0, maintenance_margin=2_200.0),))
    frictions = Frictions(futures_commission=1.5, margin_call_days=1, refill_below=1.0, refill_to=1.5)
    rules = Rules((DeriskStep(-0.03, 0.25), DeriskStep(-0.08, 0.60)),
                  Reentry(realised_vol_below=0.25, days=2, window=5), leverage_step=0.1,
                  min_days_between_steps=2, leverage_cap=2.63, drift_band=0.02)
    fx = RolledFxHedge("MJY", 0.5, roll_days=5)
    programs = [None, StandingHedge(moneyness=0.95, tenor_days=45, roll_days=10),
                StandingHedge(kind=HedgeKind.SPREAD, moneyness=0.9, width=0.1, tenor_days=30, roll_days=0,
                              coverage=2.0)]
    sim = Simulator(account, MARKET, PATHS, rules, None, frictions, fx, programs=programs)
    runs = ProgramRuns(sim.programs, PATHS, sim.run_summary(), 1.0)
    # the holdings took a row per program (refills in transit, rule trades on each program's own NAV)
    assert sim.state.units[0].shape == sim.state.futures[0].shape == (3, PATHS.n_paths)
    assert sim.state.pending[0].shape == (3, 3, PATHS.n_paths)
    assert runs.figures["shortfall_days"].sum() > 0
    for g, program in enumerate(programs):
        slow = loop_figures(simulate_loop(account, MARKET, PATHS, rules, program, frictions, fx))
        np.testing.assert_allclose(runs.figures["nav"][g], slow["nav"], rtol=RTOL, err_msg=program_label(program))
        np.testing.assert_allclose(runs.figures["max_drawdown"][g], slow["max_drawdown"], rtol=RTOL, atol=RTOL)
    assert runs.figures["nav"].shape == (3, PATHS.n_paths)

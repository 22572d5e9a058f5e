"""The path engine's program search and its refusals, held to the full run: :meth:`Simulator.run_summary` (the
summary a program search reads, kept in place day by day) against :meth:`Simulator.runs` (every series kept) on
the same lanes, a ruined lane included; the rows of :meth:`Simulator.of_rows`; and each refusal word for word.
Written to kill the mutants ``make mutation`` found unreached or alive in :mod:`hedgeopt.paths.engine`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from test_simulator import flat_market, paths_of

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, Cash, EtfPosition, FuturesPosition, MarginPosition, OptionPosition
from hedgeopt.config.config import load_config
from hedgeopt.config.path_settings import Frictions, HedgeKind, RolledFxHedge, StandingHedge
from hedgeopt.config.rules import DeriskStep, Reentry, Rules
from hedgeopt.config.tax_spec import TaxSettings
from hedgeopt.paths.engine import Row, Simulator, simulate
from hedgeopt.paths.loop import simulate_loop
from pricing import InputError
from pricing.contracts import Option
from scenarios.paths.monte_carlo import monte_carlo_paths
from scenarios.paths.stylised import stylised_path

CONFIG = load_config(Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml")
MARKET, ACCOUNT, FRICTIONS = CONFIG.market, CONFIG.account, CONFIG.paths.frictions
PATHS = monte_carlo_paths(MARKET, 5, 60, seed=3, indices=["SPX"], currency="USD", vols={"SPX": 0.35})
RULES = Rules((DeriskStep(-0.03, 0.25), DeriskStep(-0.08, 0.60)), Reentry(realised_vol_below=0.25, days=2, window=5),
              leverage_step=0.1, min_days_between_steps=2, leverage_cap=1.3, drift_band=0.02)
PUT = StandingHedge(kind=HedgeKind.PUT, symbol="XSP", moneyness=0.95, tenor_days=30, roll_days=5)
SPREAD = StandingHedge(kind=HedgeKind.SPREAD, symbol="XSP", moneyness=1.0, width=0.1, tenor_days=45, roll_days=10)


def assert_summary_is_the_full_run(account: Account, paths, programs, rules=None) -> dict[str, np.ndarray]:
    """Every figure of ``run_summary`` equal to what each lane's full run (its series kept) says of it."""
    fast = Simulator(account, MARKET, paths, rules, frictions=FRICTIONS, programs=programs).run_summary()
    runs = Simulator(account, MARKET, paths, rules, frictions=FRICTIONS, programs=programs).runs()
    assert set(fast) == {"nav0", "nav", "max_drawdown", "shortfall_days", "ruined", "time_value", "liquidations",
                         "hedge_spend", "rolls", "cover", "contracts"} | {f"cost.{k}" for k in runs[0].costs}
    for g, run in enumerate(runs):
        np.testing.assert_array_equal(fast["nav0"][g], run.nav[:, 0])
        np.testing.assert_allclose(fast["nav"][g], run.wealth[:, -1], rtol=1e-12, atol=1e-6)
        np.testing.assert_allclose(fast["max_drawdown"][g], run.max_drawdown, rtol=1e-12, atol=1e-15)
        np.testing.assert_array_equal(fast["ruined"][g], run.ruined)
        np.testing.assert_array_equal(fast["shortfall_days"][g], run.shortfall_days)
        np.testing.assert_array_equal(fast["liquidations"][g], run.liquidations)
        np.testing.assert_allclose(fast["hedge_spend"][g], run.hedge_spend, rtol=1e-12, atol=1e-6)
        np.testing.assert_allclose(fast["cover"][g], run.cover, rtol=1e-12)
        for kind, value in run.costs.items():
            np.testing.assert_allclose(fast[f"cost.{kind}"][g], value, rtol=1e-12, atol=1e-6, err_msg=kind)
        if programs[g] is None:
            assert np.isnan(fast["cover"][g]).all() and np.isnan(fast["contracts"][g]).all()
            assert (fast["rolls"][g] == 0).all() and (fast["time_value"][g] == 0).all()
    return fast


def test_the_summary_of_three_programs_under_the_rules_is_their_full_runs():
    fast = assert_summary_is_the_full_run(ACCOUNT, PATHS, [None, PUT, SPREAD], RULES)
    assert (fast["rolls"][1] >= 2).all() and (fast["contracts"][1] >= 1).all()
    assert (fast["time_value"][1] > 0).all()  # the put held at the end still has time to run
    assert (fast["max_drawdown"] < 0).all() and (fast["nav"] > 0).all()


def test_the_summary_of_a_ruined_futures_account_holds_it_at_zero():
    """Ten MES on 4,000,000 JPY through a 1987-style crash (see test_simulator): ruined on the crash day."""
    account = Account(cash=(Cash(4_000_000),), satellite=(FuturesPosition("MES", 10, 2500.0, 1000.0),))
    fast = assert_summary_is_the_full_run(account, stylised_path("crash_1987", MARKET), [None, PUT])
    assert fast["ruined"].all() and (fast["nav"] == 0).all() and (fast["max_drawdown"] == -1).all()
    assert (fast["shortfall_days"] > 0).all()


def test_the_summary_counts_a_negative_cash_day_without_futures():
    """Without futures a shortfall day is cash below zero: a margin account whose put roll overdraws the cash.

    Regression: the summary counted the opening close too (one day more than the run it summarises).
    """
    account = Account(mmf=(MMF(9_000_000, amount_currency="JPY", redemption_days=3),), cash=(Cash(10_000),),
                      satellite=ACCOUNT.satellite)
    fast = assert_summary_is_the_full_run(account, PATHS, [PUT])
    assert (fast["shortfall_days"] > 0).all()


def test_of_rows_runs_each_row_as_its_own_run():
    other = Account(mmf=ACCOUNT.mmf, cash=(Cash(5_000_000),), satellite=ACCOUNT.satellite)
    rows = [Row(ACCOUNT, RULES, PUT), Row(other, RULES, None)]
    both = Simulator.of_rows(MARKET, PATHS, rows, FRICTIONS).runs()
    for row, run in zip(rows, both, strict=True):
        alone = Simulator(row.account, MARKET, PATHS, row.rules, row.hedge, FRICTIONS).run()
        np.testing.assert_allclose(run.nav, alone.nav, rtol=1e-12)
    assert both[1].description["hedge"] == "no hedge" and both[0].description["rules"] == RULES.describe()


def refusal(call) -> str:
    with pytest.raises(InputError) as info:
        call()
    return str(info.value)


def test_each_refusal_names_its_field_and_what_it_expected():
    assert refusal(lambda: Simulator(ACCOUNT, MARKET, PATHS, programs=[])) == (
        "programs='()': expected at least one standing hedge (or None for none)")
    assert refusal(lambda: Simulator(ACCOUNT, MARKET, PATHS, programs=[None, PUT]).run()) == (
        "programs=2: expected one program for a full run (run_summary runs several)")
    held = Account(cash=(Cash(1e6),), satellite=(ACCOUNT.satellite[0], OptionPosition(
        Option("XSP", "put", 540.0, "2027-03-19"), 1)))
    assert refusal(lambda: Simulator(held, MARKET, PATHS)) == (
        "account.satellite[1].route='options': expected cash, margin or futures on paths (options held are not "
        "replayed on paths; the [paths.hedge] standing hedge is)")
    nikkei = StandingHedge(kind=HedgeKind.PUT, symbol="NK225M_OPT", moneyness=0.95, tenor_days=30, roll_days=5)
    assert refusal(lambda: Simulator(ACCOUNT, MARKET, PATHS, hedge=nikkei)) == (
        "paths.hedge.symbol='NK225M_OPT': expected an option on an index the paths carry (SPX) (set [hedge] "
        'symbol = "XSP", or [paths.hedge] kind = "none")')
    rows = [Row(ACCOUNT, RULES), Row(ACCOUNT, None), Row(ACCOUNT, Rules(leverage_cap=1.5))]
    assert refusal(lambda: Simulator.of_rows(MARKET, PATHS, rows)) == (
        "rows.rules='2 different': expected one rules (or None) per row (run rows with different rules in "
        "separate simulators)")
    assert refusal(lambda: Simulator.of_rows(MARKET, PATHS, [Row(ACCOUNT, tax=TaxSettings())])) == (
        "rows.tax.year=None: expected a tax year (TaxSettings.for_year)")


def test_the_fx_hedge_refusals():
    jpy_only = Account(mmf=(MMF(7_000_000, currency="JPY"),), cash=(Cash(3e6),), satellite=ACCOUNT.satellite)
    forward = RolledFxHedge("USDJPY_FWD")
    assert refusal(lambda: Simulator(jpy_only, MARKET, PATHS, fx_hedge=forward)) == (
        "paths.fx_hedge='USDJPY_FWD': expected an account with an MMF in USD to hedge (the hedge is sized to "
        "ratio x the MMF's dollars)")
    no_fx = monte_carlo_paths(MARKET, 2, 10, seed=1, indices=["SPX"], currency=None)
    assert refusal(lambda: Simulator(ACCOUNT, MARKET, no_fx, fx_hedge=forward)) == (
        "paths.fx='USD': expected an FX series for every currency the account holds; the paths have none")
    usd_account = Account(mmf=(MMF(70_000, currency="USD"),), cash=(Cash(30_000, "USD"),),
                          satellite=ACCOUNT.satellite, base_currency="USD")
    in_dollars = replace(PATHS, base_currency="USD")
    assert refusal(lambda: Simulator(usd_account, MARKET, in_dollars, fx_hedge=forward)) == (
        "paths.fx_hedge.instrument='USDJPY_FWD': expected a hedge into the account's base currency USD: USDJPY "
        "buys JPY")


# -- the rules' trades on hand-made paths (test_simulator's: USDJPY 150, rates 0, no dividends) ---------------

FLAT = flat_market(100.0)


def test_the_leverage_cap_sells_the_borrowed_position_alone_and_pays_the_etf_cost_in_yen():
    """9,000,000 cash, 3,000,000 on margin and 1,000,000 in a cash ETF; SPX 100 -> 110 and a 1.2x cap.

    Day 1: margin 3,300,000 (loan 3,000,000), ETF 1,100,000, cash 9,000,000: NAV 10,400,000, gross 13,400,000;
    over = 13,400,000 - 1.2 x 10,400,000 = 920,000, all sold from the margin position (the cash ETF is not
    borrowed): fee 0.05% x 920,000 = 460 JPY.
    """
    account = Account(cash=(Cash(9_000_000),), satellite=(
        MarginPosition("SPX", 3_000_000, 0.0, value_currency="JPY"), EtfPosition("SPX", 1_000_000,
                                                                                 value_currency="JPY")))
    run = Simulator(account, FLAT, paths_of([100.0, 110.0]), Rules(leverage_cap=1.2, drift_band=0.0),
                    frictions=Frictions(etf_cost=0.0005)).run()
    assert run.events.event.tolist() == ["leverage_cap"]
    assert run.events.traded.iloc[0] == pytest.approx(-920_000.0, rel=1e-12)
    assert run.costs["commissions"][0] == pytest.approx(460.0, rel=1e-12)
    assert run.exposure[0, 1] == pytest.approx(4_400_000 - 920_000, rel=1e-12)
    assert run.nav[0, 1] == pytest.approx(10_400_000 - 460, rel=1e-12)


def test_a_cut_sells_every_position_and_pays_each_fee():
    """The same account, a -10% step cutting 50% on SPX 100 -> 70: the margin and the cash ETF both halve.

    Day 1: margin 2,100,000, ETF 700,000: sells of 1,050,000 (repays the loan) and 350,000 (to cash), fees 0.05%
    each: 525 + 175 = 700 JPY.
    """
    account = Account(cash=(Cash(9_000_000),), satellite=(
        MarginPosition("SPX", 3_000_000, 0.0, value_currency="JPY"), EtfPosition("SPX", 1_000_000,
                                                                                 value_currency="JPY")))
    run = Simulator(account, FLAT, paths_of([100.0, 70.0]), Rules((DeriskStep(-0.10, 0.50),)),
                    frictions=Frictions(etf_cost=0.0005)).run()
    ev = run.events
    assert ev.event.tolist() == ["derisk"] and ev.traded.iloc[0] == pytest.approx(-1_400_000.0, rel=1e-12)
    assert run.costs["commissions"][0] == pytest.approx(0.0005 * 1_400_000, rel=1e-12)
    assert run.cash[0, 1] == pytest.approx(9_000_000 + 350_000 - 0.0005 * 1_400_000, rel=1e-12)


@pytest.mark.parametrize("order", ["in turn", "at random"])
def test_the_realised_vol_is_the_window_of_log_returns_on_every_day(order):
    """The re-entry's realised vol: infinite before two returns, then the sample deviation (ddof 1) of the last
    ``window`` log returns (fewer at the start), times sqrt(252); asked in turn or in any order."""
    paths = monte_carlo_paths(FLAT, 3, 90, seed=5, indices=["SPX"], currency="USD")
    sim = Simulator(ACCOUNT, FLAT, paths, Rules((DeriskStep(-0.1, 0.2),), Reentry(0.2, days=2, window=6)))
    levels = paths.equity["SPX"]
    days = np.arange(paths.n_days + 1)
    if order == "at random":
        days = np.random.default_rng(0).permutation(days)
    for t in days:
        got = sim._realised_vol(int(t))
        if t < 2:
            assert np.isinf(got).all(), t
            continue
        returns = np.diff(np.log(levels[:, max(0, t - 6): t + 1]), axis=1)
        np.testing.assert_allclose(got, returns.std(axis=1, ddof=1) * np.sqrt(252.0), rtol=1e-12, err_msg=str(t))


def test_the_cap_event_says_the_leverage_it_saw():
    account = Account(cash=(Cash(9_000_000),), satellite=(MarginPosition("SPX", 3_000_000, 0.0,
                                                                         value_currency="JPY"),))
    run = Simulator(account, FLAT, paths_of([100.0, 110.0]), Rules(leverage_cap=1.2, drift_band=0.0),
                    frictions=Frictions(etf_cost=0.0)).run()
    ev = run.events.iloc[0]
    # gross 9,000,000 + 3,300,000 on a NAV of 9,300,000: 1.3226x against the 1.2x cap; sells 1,140,000
    assert (ev.event, ev.day) == ("leverage_cap", 1)
    assert ev.observed == pytest.approx(12_300_000 / 9_300_000, rel=1e-12) and ev.threshold == 1.2
    assert (ev.exposure_before, ev.exposure_after) == pytest.approx((3_300_000, 3_300_000 - 1_140_000), rel=1e-12)


def test_the_cap_sells_whole_futures_rounding_down():
    """Four MES at 5,000 (3,750,000 JPY each) on 12,000,000 of cash: 2.25x against a 1.3x cap.

    over = 27,000,000 - 1.3 x 12,000,000 = 11,400,000: keep 1 - 11.4/15 = 0.24 of 4 = 0.96 contracts, rounded
    down (the cap must hold): none left, not one.
    """
    market = flat_market(5000.0)
    account = Account(cash=(Cash(12_000_000),), satellite=(FuturesPosition("MES", 4, 2000.0, 1800.0),))
    run = Simulator(account, market, paths_of([5000.0, 5000.0]), Rules(leverage_cap=1.3, drift_band=0.0),
                    frictions=Frictions(futures_commission=0.0)).run()
    assert run.events.event.tolist() == ["leverage_cap"]
    assert run.exposure[0, 1] == 0.0 and run.events.exposure_before.iloc[0] == pytest.approx(15_000_000.0)


def test_the_cap_trims_the_levered_row_beside_a_row_with_nothing_borrowed():
    """Rows of one simulator under one cap: the margin row trims, the cash-ETF row (nothing borrowed) is untouched
    and equals its run alone."""
    levered = Account(cash=(Cash(9_000_000),), satellite=(MarginPosition("SPX", 3_000_000, 0.0,
                                                                         value_currency="JPY"),))
    cash = Account(cash=(Cash(9_000_000),), satellite=(EtfPosition("SPX", 3_000_000, value_currency="JPY"),))
    rules, paths = Rules(leverage_cap=1.2, drift_band=0.0), paths_of([100.0, 110.0, 120.0])
    both = Simulator.of_rows(FLAT, paths, [Row(levered, rules), Row(cash, rules)], Frictions(etf_cost=0.0)).runs()
    alone = [Simulator(a, FLAT, paths, rules, frictions=Frictions(etf_cost=0.0)).run() for a in (levered, cash)]
    for run, one in zip(both, alone, strict=True):
        np.testing.assert_allclose(run.nav, one.nav, rtol=1e-12)
        np.testing.assert_allclose(run.exposure, one.exposure, rtol=1e-12)
    assert both[0].events.event.tolist()[:1] == ["leverage_cap"] and both[1].events.empty


def test_the_summary_counts_days_below_the_futures_maintenance_margin():
    """One MES on 300,000 JPY of cash (maintenance 1,800 USD = 270,000 JPY): short while cash is still positive."""
    account = Account(mmf=(MMF(7_000_000, amount_currency="JPY", redemption_days=2),), cash=(Cash(300_000),),
                      satellite=(FuturesPosition("MES", 1, 2000.0, 1800.0),))
    fast = assert_summary_is_the_full_run(account, PATHS, [None])
    assert (fast["shortfall_days"] > 0).any()


def test_a_lane_ruined_then_recovering_stays_ruined():
    """Ten MES on 4,000,000 JPY: SPX 5,000 -> 3,500 takes NAV to -7,250,000; 5,500 the next day brings it back
    above zero, and the lane stays ruined (held at zero)."""
    market = flat_market(5000.0)
    account = Account(cash=(Cash(4_000_000),), satellite=(FuturesPosition("MES", 10, 2500.0, 1000.0),))
    paths = paths_of([5000.0, 3500.0, 5500.0])
    run = Simulator(account, market, paths, frictions=FRICTIONS).run()
    assert run.nav[0, 1] < 0 < run.nav[0, 2]
    fast = Simulator(account, market, paths, frictions=FRICTIONS, programs=[None]).run_summary()
    assert fast["ruined"].all() and (fast["nav"] == 0).all() and (fast["max_drawdown"] == -1).all()


def test_contracts_and_cover_are_per_roll_once_rolled():
    """A put that outlives the paths is bought once (one roll); the monthly put rolls twice or more."""
    once = StandingHedge(kind=HedgeKind.PUT, symbol="XSP", moneyness=0.95, tenor_days=180, roll_days=5)
    sim = Simulator(ACCOUNT, MARKET, PATHS, frictions=FRICTIONS, programs=[once, PUT])
    fast = sim.run_summary()
    s = sim.state
    np.testing.assert_array_equal(fast["rolls"][0], 1.0)
    np.testing.assert_allclose(fast["contracts"], s.bought / s.rolls, rtol=1e-12)
    np.testing.assert_allclose(fast["cover"], s.cover / s.rolls, rtol=1e-12)
    assert (fast["rolls"][1] >= 2).all()


def test_progress_is_called_after_each_day():
    days: list[int] = []
    Simulator(ACCOUNT, MARKET, PATHS, frictions=FRICTIONS).run(days.append)
    assert days == list(range(1, PATHS.n_days + 1))
    days.clear()
    Simulator(ACCOUNT, MARKET, PATHS, frictions=FRICTIONS, programs=[None, PUT]).run_summary(days.append)
    assert days == list(range(1, PATHS.n_days + 1))
    days.clear()
    simulate(ACCOUNT, MARKET, PATHS, frictions=FRICTIONS, progress=days.append)
    assert days == list(range(1, PATHS.n_days + 1))


def test_contracts_per_roll_against_the_loop_when_a_cut_leaves_nothing_to_hedge():
    """A staircase that sells everything at -3%: the rolls after it buy nothing, and the per-roll figures count
    only the rolls that bought (the independent loop's own count)."""
    rules = Rules((DeriskStep(-0.03, 1.0),))
    fast = Simulator(ACCOUNT, MARKET, PATHS, rules, frictions=FRICTIONS, programs=[PUT]).run_summary()
    slow = simulate_loop(ACCOUNT, MARKET, PATHS, rules, PUT, FRICTIONS)
    rolls = np.array([p.rolls for p in slow], dtype=float)
    assert (rolls >= 1).all() and (rolls < fast["rolls"].max() + 1).all()
    np.testing.assert_array_equal(fast["rolls"][0], rolls)
    np.testing.assert_allclose(fast["contracts"][0], [p.contracts / p.rolls for p in slow], rtol=1e-12)
    np.testing.assert_allclose(fast["cover"][0], [p.cover / p.rolls for p in slow], rtol=1e-12)


def test_an_account_with_nothing_to_hedge_buys_no_put():
    bare = Account(mmf=ACCOUNT.mmf, cash=(Cash(3_000_000),))
    run = Simulator(bare, MARKET, PATHS, hedge=PUT, frictions=FRICTIONS).run()
    assert run.costs["premiums"].sum() == 0.0 and run.events.empty and np.isnan(run.cover).all()


def test_an_spx_put_and_spread_are_struck_on_the_five_point_grid():
    """SPX at 6,003: 95% is 5,702.85, rounded down to 5,700 on the SPX grid of 5 points (XSP's 1 point: 5,702)."""
    market = flat_market(6003.0)
    spx = StandingHedge(kind=HedgeKind.PUT, symbol="SPX", moneyness=0.95, tenor_days=30, roll_days=5)
    run = Simulator(ACCOUNT, market, paths_of([6003.0] * 3), hedge=spx, frictions=FRICTIONS).run()
    roll = run.events[run.events.event == "roll"].iloc[0]
    assert roll.observed == 5700.0
    spread = StandingHedge(kind=HedgeKind.SPREAD, symbol="SPX", moneyness=0.95, width=0.1, tenor_days=30,
                           roll_days=5)
    sim = Simulator(ACCOUNT, market, paths_of([6003.0] * 3), hedge=spread, frictions=FRICTIONS)
    sim.run()
    # the short leg at 85%: 5,102.55 listed at 5,100
    assert sim.state.strike_short[0, 0] == 5100.0 and sim.state.strike_long[0, 0] == 5700.0


def test_a_run_describes_what_it_ran_and_its_worst_day():
    fx = RolledFxHedge("OTC_FX", 0.5)
    levels = [100.0, 97.0, 99.0, 95.0]  # daily moves -3%, +2.06%, -4.04%: the worst -4.04%
    run = Simulator(ACCOUNT, FLAT, paths_of(levels), RULES, PUT, FRICTIONS, fx_hedge=fx).run()
    assert run.description == {"rules": RULES.describe(), "hedge": PUT.describe(), "fx_hedge": fx.describe(),
                               "driver": "SPX"}
    np.testing.assert_allclose(run.worst_move, [95.0 / 99.0 - 1.0], rtol=1e-12)
    bare = Simulator(ACCOUNT, FLAT, paths_of([100.0, 101.0]), frictions=FRICTIONS, fx_hedge=None).run()
    assert bare.description == {"rules": "no rules", "hedge": "no hedge", "fx_hedge": "no FX hedge",
                                "driver": "SPX"}
    np.testing.assert_array_equal(bare.worst_move, [0.0])  # a rise: no fall at all


def test_a_standing_hedge_of_kind_none_is_no_hedge():
    none = StandingHedge(kind=HedgeKind.NONE)
    with_none = Simulator(ACCOUNT, MARKET, PATHS, hedge=none, frictions=FRICTIONS).run()
    without = Simulator(ACCOUNT, MARKET, PATHS, frictions=FRICTIONS).run()
    np.testing.assert_array_equal(with_none.nav, without.nav)
    assert with_none.description["hedge"] == "no hedge" and with_none.costs["premiums"].sum() == 0.0


def test_a_row_with_the_fx_hedge_beside_a_row_without():
    fx = RolledFxHedge("OTC_FX", 1.0)
    rows = [Row(ACCOUNT, fx_hedge=fx), Row(ACCOUNT)]
    both = Simulator.of_rows(MARKET, PATHS, rows, FRICTIONS).runs()
    alone = [Simulator(ACCOUNT, MARKET, PATHS, frictions=FRICTIONS, fx_hedge=h).run() for h in (fx, None)]
    for run, one in zip(both, alone, strict=True):
        np.testing.assert_allclose(run.nav, one.nav, rtol=1e-12)
    assert both[0].costs["fx_carry"].sum() != 0.0 and both[1].costs["fx_carry"].sum() == 0.0


def test_rows_with_two_fx_hedges_or_two_tax_settings_are_refused():
    rows = [Row(ACCOUNT, fx_hedge=RolledFxHedge("OTC_FX", 1.0)), Row(ACCOUNT, fx_hedge=RolledFxHedge("OTC_FX", 0.5))]
    assert refusal(lambda: Simulator.of_rows(MARKET, PATHS, rows)) == (
        "rows.fx_hedge='2 different': expected one fx_hedge (or None) per row (run rows with different fx_hedge in "
        "separate simulators)")
    taxed = [Row(ACCOUNT, tax=TaxSettings(year=2026)), Row(ACCOUNT, tax=TaxSettings(year=2027))]
    assert refusal(lambda: Simulator.of_rows(MARKET, PATHS, taxed)).startswith("rows.tax='2 different': expected one "
                                                                              "tax (or None) per row")

"""The rolled FX hedge on paths (``[paths.fx_hedge]``, :mod:`hedgeopt.paths.fx_steps`).

Hand calculations on flat and stepped USDJPY paths (the carry a rolling position, a monthly forward and a yen
future pay over a year at 4% / 0.5%; the gain when USDJPY falls 150 -> 135), the engine against its per-path loop
twin on random paths for every instrument, a margin call that closes the hedge, and the seed's backtest with the
variant beside the unhedged run.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, Cash, FuturesPosition, FxHedgePosition
from hedgeopt.config.config import load_config
from hedgeopt.config.path_settings import Frictions, RolledFxHedge, StandingHedge
from hedgeopt.config.rules import DeriskStep, Reentry, Rules
from hedgeopt.paths import backtest
from hedgeopt.paths.engine import simulate
from hedgeopt.paths.fx_steps import held_fx_hedge
from hedgeopt.paths.loop import simulate_loop
from pricing import InputError, default_market
from pricing.fx.instruments import FxHedge
from pricing.fx.terms import FX_CATALOGUE, fx_contract
from scenarios.paths.market_paths import MarketPaths
from scenarios.paths.monte_carlo import monte_carlo_paths

SEED = Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml"
MARKET = default_market()
R_USD, R_JPY = 0.04, 0.005
GAP = R_USD - R_JPY
"""The rate gap a yen investor hedging dollars gives up: 3.5% a year (the issue's own figure)."""

N_USD = 100_000.0
"""Dollars in the MMF and hedged: 15,000,000 JPY at 150."""

YEAR = pd.bdate_range("2027-01-04", "2028-01-04")  # Mon 4 Jan 2027 .. Tue 4 Jan 2028: 365 calendar days
NO_COST = Frictions(fx_cost=0.0)


def mmf_account(cash: float = 5_000_000.0, lag: int = 1) -> Account:
    """100,000 USD of MMF (15,000,000 JPY at 150) and yen cash; no satellite."""
    return Account(mmf=(MMF(N_USD * 150.0, amount_currency="JPY", redemption_days=lag),), cash=(Cash(cash),))


def fx_paths(usdjpy, dates=YEAR) -> MarketPaths:
    """One path: SPX flat, USDJPY as given (a number: flat), dollar and yen rates constant at 4% and 0.5%."""
    cols = len(dates)
    fx = np.broadcast_to(np.asarray(usdjpy, dtype=float), (cols,))[None, :]
    return MarketPaths(dates, {"SPX": np.full((1, cols), 6000.0)}, {"USD": fx}, {"SPX": np.full((1, cols), 0.15)},
                       {"USD": np.full((1, cols), R_USD), "JPY": np.full((1, cols), R_JPY)})


def nav_gain(paths: MarketPaths, hedge: RolledFxHedge, account: Account | None = None,
             frictions: Frictions = NO_COST):
    """(hedged run, NAV hedged − NAV unhedged per day on path 0, JPY)."""
    account = account or mmf_account()
    bare = simulate(account, MARKET, paths, frictions=frictions)
    run = simulate(account, MARKET, paths, frictions=frictions, fx_hedge=hedge)
    return run, run.nav[0] - bare.nav[0]


# ----------------------------------------------------------------------------------------------------------------
# A flat USDJPY over a year at 4% / 0.5%: what each route pays for the hedge
# ----------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("symbol", "markup", "lots"), [("CLICK365", 0.0, 10), ("OTC_FX", 0.15, 100)])
def test_a_rolling_hedge_pays_the_rate_gap_times_the_markup(symbol, markup, lots):
    """Swap points on 100,000 USD at 150 for 365 days: 15,000,000 × 3.5% × (1 + markup) JPY, by hand."""
    run, gain = nav_gain(fx_paths(150.0), RolledFxHedge(symbol, 1.0, rebalance="none"))
    swap = N_USD * 150.0 * GAP * 365 / 365 * (1.0 + markup)  # 525,000 JPY (くりっく365), 603,750 JPY (店頭FX)
    spread = lots * fx_contract(symbol).lot * fx_contract(symbol).half_spread  # opened once: 50 or 100 JPY
    assert run.costs["fx_carry"][0] == pytest.approx(swap, rel=1e-12)
    assert run.costs["fx_spread"][0] == pytest.approx(spread, rel=1e-12)
    assert gain[-1] == pytest.approx(-(swap + spread), rel=1e-12)
    assert run.costs["fx_carry"][0] / (N_USD * 150.0) == pytest.approx(0.035 * (1.0 + markup), rel=1e-12)
    assert run.liquidations[0] == 0 and run.shortfall_days[0] == 0  # 600,000 JPY of margin, 5,000,000 of cash


def forward_schedule(dates, tenor: int) -> list[int]:
    """Trading days on which a forward dealt on day 0 and re-dealt at each maturity is rolled (first close >=)."""
    rolls, maturity = [], dates[0].date() + dt.timedelta(days=tenor)
    for t, d in enumerate(dates):
        if t > 0 and d.date() >= maturity:
            rolls.append(t)
            maturity = d.date() + dt.timedelta(days=tenor)
    return rolls


def test_a_monthly_forward_pays_about_the_rate_gap_and_two_half_spreads_a_roll():
    """Each 30-day forward locks K = 150 e^(-3.5% × 30/365): 12 rolls pay about 1 − e^(−3.5%) ≈ 3.44% a year.

    On a flat 150 each settled forward pays N (150 − K); the one open at the end is marked at N (K − F_t) e^(−r τ).
    The spread is the bank's TTM ± 1 yen on every leg: the day-0 deal, then a settlement and a new deal per roll.
    """
    run, gain = nav_gain(fx_paths(150.0), RolledFxHedge("USDJPY_FWD", 1.0, tenor_days=30, rebalance="none"))
    rolls = forward_schedule(YEAR, 30)
    assert len(rolls) == 12  # 30-day forwards rolled on the first close on or after maturity (a weekend delays it)
    k = 150.0 * math.exp(-GAP * 30 / 365)
    settled = len(rolls) * N_USD * (150.0 - k)
    left = (YEAR[rolls[-1]].date() + dt.timedelta(days=30) - YEAR[-1].date()).days / 365
    marked = N_USD * (k - 150.0 * math.exp(-GAP * left)) * math.exp(-R_JPY * left)
    legs = 1 + 2 * len(rolls)  # 25 half-spreads of 1 yen on 100,000 USD
    assert run.costs["fx_spread"][0] == pytest.approx(legs * N_USD * 1.0, rel=1e-12)
    assert gain[-1] == pytest.approx(-settled + marked - legs * N_USD, rel=1e-12)
    carry = (settled - marked) / (N_USD * 150.0)
    assert carry == pytest.approx(1.0 - math.exp(-GAP), abs=0.0005)  # 3.44% a year, give or take the weekends
    assert run.costs["fx_carry"][0] == pytest.approx((len(rolls) + 1) * N_USD * (150.0 - k), rel=1e-12)
    assert run.required.max() == 0.0  # a bank forward needs no margin


def test_a_yen_future_loses_its_basis_as_it_converges():
    """12 MJY lots (100,000 USD × F₀ / 1,250,000 JPY, nearest) bought and rolled 5 days before each CME expiry.

    A lot of L yen held from τ₀ to τ₁ years before expiry settles L (e^(g τ₁) − e^(g τ₀)) JPY on a flat 150
    (its price 1/F = e^(g τ)/150 dollars per yen, the variation margin converted at 150); g = 3.5%.
    """
    spec = fx_contract("MJY")
    hedge = RolledFxHedge("MJY", 1.0, roll_days=5, rebalance="none")
    run, gain = nav_gain(fx_paths(150.0), hedge)
    start = YEAR[0].date()
    expiry = spec.expiry(start, 5)
    f0 = 150.0 * math.exp(-GAP * (expiry - start).days / 365)
    lots = round(N_USD * f0 / spec.lot)
    assert lots == 12
    held, vm, trades, opened_at = expiry, 0.0, 1, start
    for d in (x.date() for x in YEAR[1:]):
        if (held - d).days <= 5:  # rolled: the contract held since opened_at settles, the next is bought
            vm += lots * spec.lot * (math.exp(GAP * (held - d).days / 365) - math.exp(GAP * (held - opened_at).days
                                                                                      / 365))
            held, opened_at, trades = spec.expiry(d, 5), d, trades + 2
    end = YEAR[-1].date()
    vm += lots * spec.lot * (math.exp(GAP * (held - end).days / 365) - math.exp(GAP * (held - opened_at).days / 365))
    fees = trades * lots * (spec.lot * spec.half_spread + spec.commission) * 150.0
    assert trades == 9  # bought, then rolled in March, June, September and December 2027
    assert gain[-1] == pytest.approx(vm - fees, rel=1e-12)
    assert -vm / (lots * spec.lot) == pytest.approx(0.035, abs=0.002)  # about the rate gap over the year
    margin = lots * spec.maintenance_margin * spec.lot / 150.0 * 150.0  # 1.93% of 12 × 1,250,000 JPY = 289,285
    assert run.required[0, 0] == pytest.approx(margin, rel=1e-12)  # the maintenance margin, in dollars at 150


# ----------------------------------------------------------------------------------------------------------------
# USDJPY falls 150 -> 135 and stays: the hedge gains 15 yen per dollar less the carry
# ----------------------------------------------------------------------------------------------------------------

FALL = pd.bdate_range("2027-01-04", periods=21)
FALL_FX = np.r_[150.0, np.full(20, 135.0)]


def test_a_rolling_hedge_gains_fifteen_yen_a_dollar_less_its_swap():
    run, gain = nav_gain(fx_paths(FALL_FX, FALL), RolledFxHedge("OTC_FX", 1.0, rebalance="none"))
    days = np.asarray((FALL[1:] - FALL[:-1]).days)
    swap = N_USD * GAP * 1.15 * (150.0 * days[0] + 135.0 * days[1:].sum()) / 365  # paid on the previous close
    assert run.costs["fx_carry"][0] == pytest.approx(swap, rel=1e-12)
    assert (gain[-1] + swap + 100.0) / N_USD == pytest.approx(15.0, rel=1e-12)  # 100 JPY: the opening spread
    # the unhedged account lost 15 yen a dollar on its MMF; hedged, the NAV barely moved
    assert run.nav[0, -1] / run.nav[0, 0] - 1.0 == pytest.approx(0.0, abs=0.002)


def test_a_forward_gains_fifteen_yen_a_dollar_less_its_points():
    run, gain = nav_gain(fx_paths(FALL_FX, FALL), RolledFxHedge("USDJPY_FWD", 1.0))
    k = 150.0 * math.exp(-GAP * 30 / 365)
    tau = (FALL[0].date() + dt.timedelta(days=30) - FALL[-1].date()).days / 365
    marked = N_USD * (k - 135.0 * math.exp(-GAP * tau)) * math.exp(-R_JPY * tau)
    assert gain[-1] == pytest.approx(marked - N_USD * 1.0, rel=1e-12)
    assert 14.5 < (gain[-1] + N_USD) / N_USD < 15.0  # 15 yen less the points of the days held


@pytest.mark.parametrize("symbol", ["6J", "MJY"])
def test_yen_futures_gain_when_the_yen_rises(symbol):
    spec = fx_contract(symbol)
    run, gain = nav_gain(fx_paths(FALL_FX, FALL), RolledFxHedge(symbol, 1.0))
    expiry = spec.expiry(FALL[0].date(), 5)
    tau0, tau1 = ((expiry - d.date()).days / 365 for d in (FALL[0], FALL[-1]))
    lots = round(N_USD * 150.0 * math.exp(-GAP * tau0) / spec.lot)
    vm = lots * spec.lot * (math.exp(GAP * tau1) - 135.0 / 150.0 * math.exp(GAP * tau0))
    fee = lots * (spec.lot * spec.half_spread + spec.commission) * 150.0
    assert gain[-1] == pytest.approx(vm - fee, rel=1e-12)
    dollars = lots * spec.lot / (150.0 * math.exp(-GAP * tau0))
    assert 14.5 < vm / dollars < 15.5  # about 15 yen per dollar hedged (a lot's dollars at F₀)


# ----------------------------------------------------------------------------------------------------------------
# Margin: a call unmet closes the hedge; one met in time does not
# ----------------------------------------------------------------------------------------------------------------

SPIKE = np.r_[150.0, np.full(8, 160.0)]
SPIKE_DATES = pd.bdate_range("2027-01-04", periods=9)


@pytest.mark.parametrize(("lag", "closed"), [(3, True), (1, False)])
def test_a_margin_call_unmet_closes_the_fx_hedge(lag, closed):
    """店頭FX on 100,000 USD with 300,000 JPY of cash: margin 600,000 JPY; USDJPY 150 -> 160 loses 1,000,000.

    The refill on day 0 (to 4 × the margin) arrives ``lag`` days later: T+3 is too late for a one-day call
    (closed at day 2's close), T+1 is in time.
    """
    paths = fx_paths(SPIKE, SPIKE_DATES)
    account = mmf_account(cash=300_000.0, lag=lag)
    hedge = RolledFxHedge("OTC_FX", 1.0, rebalance="none")
    frictions = Frictions(fx_cost=0.0, margin_call_days=1)
    run = simulate(account, MARKET, paths, frictions=frictions, fx_hedge=hedge)
    slow = simulate_loop(account, MARKET, paths, frictions=frictions, fx_hedge=hedge)
    np.testing.assert_allclose(run.nav[0], slow[0].nav, rtol=1e-12)
    assert run.liquidations[0] == slow[0].liquidations == (1 if closed else 0)
    assert run.shortfall[0, 1] == closed  # day 1: cash 300,000 − 1,000,000 − the swap, below the margin
    if closed:
        ev = run.events
        assert ev.event.tolist() == ["fx_liquidation"] and ev.day.tolist() == [2]
        assert ev.exposure_before[0] == pytest.approx(N_USD * 160.0) and ev.exposure_after[0] == 0.0
        assert slow[0].events == [("fx_liquidation", 2)]
        assert run.required[0, 2:].max() == 0.0  # closed for good: no margin, no swap after day 2
        # swap for Mon-Tue on Monday's 150 and Tue-Wed on Tuesday's 160, then nothing: 3,418.49 JPY
        assert run.costs["fx_carry"][0] == pytest.approx(N_USD * GAP * 1.15 * (150.0 + 160.0) / 365, rel=1e-12)
    else:
        assert run.events.empty and run.required[0, -1] == pytest.approx(0.04 * N_USD * 160.0)


# ----------------------------------------------------------------------------------------------------------------
# The engine against the loop twin on random paths, every instrument
# ----------------------------------------------------------------------------------------------------------------


def random_rate_paths(seed: int, n: int = 6, days: int = 130) -> MarketPaths:
    """Monte Carlo SPX and USDJPY with random-walk dollar and yen rates from random starts in [0, 5%].

    The forward points move, and on some paths and days the yen rate is the higher one (the gap is earned).
    """
    base = monte_carlo_paths(MARKET, n, days, seed=seed)
    rng = np.random.default_rng(seed)
    steps = rng.normal(0.0, 0.0015, (2, n, days + 1))
    steps[:, :, 0] = rng.uniform(0.0, 0.05, (2, n))
    usd = np.clip(steps[0].cumsum(axis=1), -0.01, 0.1)
    jpy = np.clip(steps[1].cumsum(axis=1), -0.01, 0.1)
    return MarketPaths(base.dates, base.equity, base.fx, base.vol, {"USD": usd, "JPY": jpy}, labels=base.labels)


def assert_twins(account: Account, paths: MarketPaths, rules, hedge, frictions, fx_hedge) -> None:
    fast = simulate(account, MARKET, paths, rules, hedge, frictions, fx_hedge=fx_hedge)
    slow = simulate_loop(account, MARKET, paths, rules, hedge, frictions, fx_hedge=fx_hedge)
    scale = np.abs(fast.nav[:, :1])
    np.testing.assert_allclose(fast.nav, [s.nav for s in slow], rtol=1e-9)
    np.testing.assert_allclose(fast.cash, [s.cash for s in slow], rtol=1e-9, atol=1e-9 * scale.max())
    for kind, values in fast.costs.items():
        np.testing.assert_allclose(values, [s.costs[kind] for s in slow], rtol=1e-9, atol=1e-9 * scale.max(),
                                   err_msg=kind)
    np.testing.assert_array_equal(fast.shortfall, [s.shortfall for s in slow])
    np.testing.assert_array_equal(fast.liquidations, [s.liquidations for s in slow])
    events = sorted(zip(fast.events.path, fast.events.day.astype(int), fast.events.event, strict=True))
    assert events == sorted((paths.labels[i], int(t), k) for i, s in enumerate(slow) for k, t in s.events)
    return fast


RULES = Rules((DeriskStep(-0.03, 0.25),), Reentry(realised_vol_below=0.25, days=2, window=5), leverage_step=0.1,
              min_days_between_steps=2, leverage_cap=1.3, drift_band=0.02)


@pytest.mark.parametrize("symbol", list(FX_CATALOGUE))
@pytest.mark.parametrize("rebalance", ["roll", "none"])
def test_the_engine_matches_the_loop_on_the_seed(symbol, rebalance):
    config = load_config(SEED)
    hedge = StandingHedge(tenor_days=45, roll_days=10, commission=50.0)
    fx_hedge = RolledFxHedge(symbol, 1.2, tenor_days=21, roll_days=5, rebalance=rebalance)  # 6J: 1 lot
    paths = random_rate_paths(7)
    gap = paths.rates["USD"] - paths.rates["JPY"]
    assert (gap > 0).any() and (gap < 0).any()  # swap points paid and received: the markup's sign is exercised
    fast = assert_twins(config.account, paths, RULES, hedge, config.paths.frictions, fx_hedge)
    assert fast.costs["fx_spread"].min() > 0.0 and np.abs(fast.costs["fx_carry"]).min() > 0.0


@pytest.mark.parametrize("symbol", ["MJY", "CLICK365", "OTC_FX", "USDJPY_FWD"])
def test_the_engine_matches_the_loop_with_index_futures_and_margin_calls(symbol):
    """MES futures on thin cash and a T+2 MMF at 60% vol: futures and FX margin share the cash; calls close both."""
    account = Account(mmf=(MMF(7_000_000, amount_currency="JPY", redemption_days=2),), cash=(Cash(900_000),),
                      satellite=(FuturesPosition("MES", 3, initial_margin=2_500.0, maintenance_margin=2_200.0),))
    frictions = Frictions(futures_commission=1.5, margin_call_days=0, refill_below=1.0, refill_to=1.5)
    paths = monte_carlo_paths(MARKET, 12, 90, seed=4, vols={"SPX": 0.6})
    fast = assert_twins(account, paths, None, None, frictions, RolledFxHedge(symbol, 1.2, tenor_days=20))
    assert fast.liquidations.sum() > 0
    kinds = set(fast.events.event)
    assert "futures_liquidation" in kinds
    assert ("fx_liquidation" in kinds) == (symbol != "USDJPY_FWD")  # a bank forward needs no margin


# ----------------------------------------------------------------------------------------------------------------
# Re-sizing, inputs, the seed's backtest
# ----------------------------------------------------------------------------------------------------------------


def test_the_hedge_is_resized_to_the_mmf_at_each_review():
    """At 0.5 the 店頭FX hedge starts at 50 lots of 1,000 USD and follows the MMF's 4% accrual at each review."""
    paths = fx_paths(150.0)
    run = simulate(mmf_account(), MARKET, paths, frictions=NO_COST, fx_hedge=RolledFxHedge("OTC_FX", 0.5))
    fixed = simulate(mmf_account(), MARKET, paths, frictions=NO_COST,
                     fx_hedge=RolledFxHedge("OTC_FX", 0.5, rebalance="none"))
    assert fixed.required[0, -1] == pytest.approx(0.04 * 50 * 1000 * 150.0)
    assert run.required[0, -1] == pytest.approx(0.04 * 52 * 1000 * 150.0)  # 50,000 × (1 + 4%) ≈ 52,000 USD
    assert run.costs["fx_spread"][0] == pytest.approx(52 * 1000 * 0.001)  # only the changes trade: 50 + 2 lots


def test_inputs_the_fx_hedge_cannot_take():
    no_dollars = Account(mmf=(MMF(1_000_000, currency="JPY", yield_=0.0),), cash=(Cash(100_000),))
    with pytest.raises(InputError, match=r"paths\.fx_hedge.*an MMF in USD"):
        simulate(no_dollars, MARKET, fx_paths(150.0), fx_hedge=RolledFxHedge("OTC_FX"))


@pytest.fixture(scope="module")
def seed_side_by_side():
    config = load_config(SEED)
    config = replace(config, paths=replace(config.paths, fx_hedge=RolledFxHedge("CLICK365", 1.0)))
    paths = backtest.history_paths(config, "2008-01-01", "2008-12-31")
    return backtest.side_by_side(config, paths)


def test_the_seed_backtest_gains_the_unhedged_variant(seed_side_by_side):
    frame, runs = seed_side_by_side
    assert list(frame.index[:2]) == ["as configured", "fx hedge: none"]
    hedged, bare = frame.loc["as configured"], frame.loc["fx hedge: none"]
    assert bare.fx_costs == 0.0 and hedged.cost_fx_carry > 0.0
    # 2008 on the beta proxy: USDJPY falls with the S&P 500, so the hedged MMF holds its yen value
    assert hedged.max_drawdown > bare.max_drawdown + 0.03
    assert hedged.fx_costs == pytest.approx(hedged.cost_fx_spread + hedged.cost_fx_carry + hedged.cost_fx_commission)
    assert runs["as configured"].description["fx_hedge"].startswith("CLICK365, 100% of the USD MMF")
    assert runs["fx hedge: none"].description["fx_hedge"] == "no FX hedge"


# ----------------------------------------------------------------------------------------------------------------
# The yen-hedged MMF share class (MMF.hedged): yield less the hedge cost, in yen, not moving with USDJPY
# ----------------------------------------------------------------------------------------------------------------


def test_a_yen_hedged_mmf_class_earns_its_net_yield_and_ignores_usdjpy():
    """15,000,000 JPY in the hedged class through a year with USDJPY 150 -> 135 on day 1: it grows by
    (1 + y dt) a day, y = 4% + (4% − the market's 3-month USD rate) − the 3-month points a year − 0.25%, by hand."""
    fund = MMF(N_USD * 150.0, amount_currency="JPY", yield_=0.04, hedged=True)
    account = Account(mmf=(fund,), cash=(Cash(1_000_000.0),))
    paths = fx_paths(np.r_[150.0, np.full(len(YEAR) - 1, 135.0)])
    run = simulate(account, MARKET, paths)
    slow = simulate_loop(account, MARKET, paths)
    tenor = 91 / 365
    points = (1.0 - math.exp(-GAP * tenor)) / tenor  # 3.48%: what rolling 3-month forwards gives up a year
    spread = 0.04 - float(MARKET.curve("USD").zero_rate(0.25))
    y = R_USD + spread - points - fund.hedge_fee
    growth = np.cumprod(np.r_[1.0, 1.0 + y * paths.year_fractions])
    np.testing.assert_allclose(run.nav[0], N_USD * 150.0 * growth + 1_000_000.0, rtol=1e-12)
    np.testing.assert_allclose(slow[0].nav, run.nav[0], rtol=1e-12)
    assert y == pytest.approx(account.mmf_net_yield(MARKET, fund), abs=1e-5)  # the account's own figure, ≈ 0.27%
    unhedged = simulate(mmf_account(cash=1_000_000.0), MARKET, paths)
    assert unhedged.nav[0, 1] < run.nav[0, 1] - 1_400_000  # the dollar class lost 10% of 15,000,000 JPY overnight


def test_the_fx_hedge_leaves_a_hedged_class_alone():
    hedged = MMF(N_USD * 150.0, amount_currency="JPY", hedged=True)
    with pytest.raises(InputError, match=r"an MMF in USD to hedge"):
        simulate(Account(mmf=(hedged,), cash=(Cash(1e6),)), MARKET, fx_paths(150.0), fx_hedge=RolledFxHedge("OTC_FX"))
    both = Account(mmf=(hedged, MMF(N_USD * 150.0, amount_currency="JPY")), cash=(Cash(5e6),))
    run = simulate(both, MARKET, fx_paths(150.0), frictions=NO_COST, fx_hedge=RolledFxHedge("CLICK365", 1.0))
    assert run.required[0, 0] == pytest.approx(0.04 * 10 * 10_000 * 150.0)  # 10 lots: the unhedged 100,000 USD only


def test_the_engine_matches_the_loop_with_a_hedged_class_on_moving_rates():
    """Half the MMF in the hedged class (T+3), half in dollars (T+1) under a rolled forward; rates cross."""
    account = Account(mmf=(MMF(4e6, amount_currency="JPY", yield_=0.045, fee=0.001, redemption_days=3, hedged=True,
                               hedge_fee=0.004),
                           MMF(4e6, amount_currency="JPY")), cash=(Cash(600_000.0),),
                      satellite=(FuturesPosition("MES", 2, initial_margin=2_500.0),))
    frictions = Frictions(margin_call_days=1)
    fast = assert_twins(account, random_rate_paths(11), RULES, None, frictions, RolledFxHedge("MJY", 1.0))
    assert fast.costs["fx_conversion"].max() > 0.0  # the dollar class was redeemed (with its conversion cost)


# ----------------------------------------------------------------------------------------------------------------
# Yen hedges held in the account ([[account.fx_hedge]]): rolled on paths as the same contract and dollars
# ----------------------------------------------------------------------------------------------------------------


def test_held_yen_hedges_are_rolled_on_paths_as_the_same_contract_and_dollars():
    """5 くりっく365 lots held (50,000 USD) against 100,000 USD of MMF: a rolled CLICK365 hedge at ratio 0.5."""
    held = Account(mmf=mmf_account().mmf, cash=(Cash(5e6),), fx_hedges=(FxHedgePosition(FxHedge("CLICK365"), 5),))
    assert held_fx_hedge(held, MARKET) == RolledFxHedge("CLICK365", 0.5)
    paths = fx_paths(np.r_[150.0, np.full(20, 140.0)], FALL)
    run = simulate(held, MARKET, paths, frictions=NO_COST)
    same = simulate(mmf_account(), MARKET, paths, frictions=NO_COST, fx_hedge=RolledFxHedge("CLICK365", 0.5))
    np.testing.assert_allclose(run.nav, same.nav, rtol=1e-12)
    assert run.description["fx_hedge"] == "CLICK365, 50% of the USD MMF, re-sized every 30 days"
    # a forward held keeps its days to maturity as its tenor; [paths.fx_hedge] replaces what is held
    forward = FxHedgePosition(FxHedge("USDJPY_FWD", MARKET.valuation_date + dt.timedelta(days=91)), 30)
    assert held_fx_hedge(replace(held, fx_hedges=(forward,)), MARKET) == RolledFxHedge("USDJPY_FWD", 0.3, 91)
    given = simulate(held, MARKET, paths, frictions=NO_COST, fx_hedge=RolledFxHedge("OTC_FX", 1.0))
    assert given.description["fx_hedge"].startswith("OTC_FX, 100%")
    with pytest.raises(InputError, match=r"account\.fx_hedge='CLICK365': expected an unhedged MMF in USD"):
        held_fx_hedge(replace(held, mmf=(MMF(1e6, currency="JPY", yield_=0.0),)), MARKET)


def test_the_held_hedges_have_their_unhedged_variant():
    config = load_config(SEED)
    config = replace(config, account=replace(config.account, fx_hedges=(FxHedgePosition(FxHedge("OTC_FX"), 20),)))
    rolled = backtest.fx_hedge_of(config)  # 20 lots of 1,000 USD over 7,000,000 JPY of MMF at 150: 0.4286
    assert rolled.instrument == "OTC_FX" and rolled.ratio == pytest.approx(20_000 / (7e6 / 150.0), rel=1e-12)
    paths = backtest.history_paths(config, "2008-09-01", "2008-10-31")
    frame, runs = backtest.side_by_side(config, paths, backtest.standard_variants(config)[:2])
    assert list(frame.index) == ["as configured", "fx hedge: none"]
    assert frame.loc["as configured", "fx_costs"] > 0.0 and frame.loc["fx hedge: none", "fx_costs"] == 0.0
    assert runs["fx hedge: none"].description["fx_hedge"] == "no FX hedge"

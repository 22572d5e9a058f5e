"""Route C on paths: the index held through rolled calls or call spreads (:class:`RolledCalls`, ``[paths.calls]``).

The first roll by hand (contracts from the index units a cash ETF would hold, the call's price from the engine's
kernel against QuantLib for the same inputs, the quote model's ask and bid, the commission schedule), a call that
expires in the money settling at its intrinsic value on the settlement level, the loss over a crash bounded by
the premiums paid plus the core's own move, and most of a rise kept net of decay. The vectorized rows against
the per-path loop twin are held in :mod:`tests.hedgeopt.paths.test_variant_rows` (every standard variant, route C's
two rows included, on a history window and Monte Carlo paths).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, Cash, Route
from hedgeopt.account.routes import with_exposure
from hedgeopt.config.config import load_config
from hedgeopt.config.path_settings import CallKind, RolledCalls, path_settings_from_table
from hedgeopt.paths.backtest import (
    Variant,
    history_paths,
    side_by_side,
    standard_variants,
    stylised_paths,
    variant_row,
)
from hedgeopt.paths.book import round_half_up
from hedgeopt.paths.engine import Row, Simulator, simulate
from hedgeopt.paths.valuation import option_vol
from pricing import InputError, contract, default_market
from pricing.black_scholes import bs_greeks
from pricing.contracts import Option
from pricing.market import with_inputs
from pricing.quantlib_engine import price as ql_price
from pricing.standard_hedges import listed_strike, option_expiry
from pricing.trading_costs import DEFAULT_QUOTE_MODEL, TradeSide, commission_schedule
from scenarios.paths.market_paths import MarketPaths

SEED = load_config("examples/seed_10m.toml")
XSP = contract("XSP")
CALLS = Variant("route: calls", rules=False, route=Route.OPTIONS, calls=CallKind.CALL)
SPREAD = Variant("route: call spread", rules=False, route=Route.OPTIONS, calls=CallKind.SPREAD)


def first_days(paths: MarketPaths, days: int = 3) -> MarketPaths:
    """The first ``days`` + 1 closes of ``paths``: one roll (day 0), none after."""
    return paths.window(end=str(paths.dates[days].date()))


def run_row(row: Row, paths: MarketPaths):
    """Row ``row`` run alone on ``paths``, and its simulator (for the paths' series as the engine reads them)."""
    sim = Simulator.of_rows(SEED.market, paths, [row], SEED.paths.frictions)
    return sim.runs()[0], sim


class TestConfig:
    def test_defaults_and_the_hedge_symbol(self):
        calls = SEED.paths.calls
        assert (calls.kind, calls.symbol, calls.moneyness, calls.width, calls.tenor_days, calls.roll_days) == (
            CallKind.CALL, "XSP", 1.0, 0.10, 182, 30)
        assert (calls.right, calls.short_moneyness, calls.strikes) == ("call", pytest.approx(1.10), "100%")
        assert RolledCalls(kind="spread", width=0.2).describe() == (
            "XSP 100%/120% call spread, 182-day tenor rolled 30 days before expiry")
        read = path_settings_from_table({"calls": {"kind": "spread", "tenor_days": 365, "roll_days": 60}},
                                        symbol="SPX", commission=150.0)
        assert (read.calls.kind, read.calls.symbol, read.calls.tenor_days, read.calls.commission) == (
            CallKind.SPREAD, "SPX", 365, 150.0)

    @pytest.mark.parametrize(("table", "key"), [
        ({"kind": "put"}, "paths.calls.kind"),
        ({"kind": 1}, "paths.calls.kind"),
        ({"symbol": "SPY"}, "paths.calls.symbol"),
        ({"moneyness": "1.0"}, "paths.calls.moneyness"),
        ({"moneyness": True}, "paths.calls.moneyness"),
        ({"width": 1.5, "kind": "spread"}, "paths.calls.width"),
        ({"tenor_days": 30, "roll_days": 30}, "paths.calls.roll_days"),
        ({"tenor_days": 90.5}, "paths.calls.tenor_days"),
        ({"integer": "yes"}, "paths.calls.integer"),
        ({"coverage": 2.0}, "paths.calls"),
    ])
    def test_errors_name_the_key(self, table, key):
        with pytest.raises(InputError, match=key.replace(".", r"\.")):
            path_settings_from_table({"calls": table})


class TestFirstRollByHand:
    """Day 0 of route C on the seed: 3,000,000 JPY of S&P 500 as whole XSP calls bought at the quote model's ask."""

    @staticmethod
    def by_hand(paths: MarketPaths, kind: CallKind):
        """(contracts, model value, ask beyond it, commission) of the day-0 purchase, JPY, from first principles."""
        _, sim = run_row(variant_row(SEED, CALLS), first_days(paths))
        x, date = sim.x, sim.x.dates[0]
        s0, fx0 = float(x.spot["SPX"][0, 0]), float(x.fx["USD"][0, 0])
        r, q, path_vol = float(x.rate["USD"][0, 0]), float(x.div["SPX"][0, 0]), float(x.vol["SPX"][0, 0])
        exposure = SEED.account.exposures(SEED.market)["SPX"]  # 3,000,000 JPY
        units = exposure / (s0 * fx0)  # the index units a cash ETF of the exposure buys on day 0
        n = max(float(round_half_up(units / (XSP.multiplier * XSP.price_ratio))), 1.0)
        level = s0 * XSP.price_ratio
        expiry = option_expiry(date, "SPX", 182)
        tau = (expiry - date).days / 365.0
        market = with_inputs(default_market(date), "SPX", spot=s0, rate=r, dividend_yield=q)
        surface = SEED.market.surface("SPX")
        legs = [(listed_strike("XSP", level), 1)]
        if kind is CallKind.SPREAD:
            legs.append((listed_strike("XSP", 1.10 * level), -1))
        model = extra = fee = 0.0
        for strike, qty in legs:
            vol = float(option_vol(surface, np.array(strike / level), tau, np.array(path_vol)))
            kernel = bs_greeks("call", level, strike, tau, r, q, vol)
            reference = ql_price(Option("XSP", "call", strike, expiry), market, vol=vol)
            assert float(kernel.price) == pytest.approx(reference.price, rel=1e-9)  # the kernel is QuantLib's
            quote = DEFAULT_QUOTE_MODEL.quote_one(float(kernel.price), abs(float(kernel.delta)), "XSP")
            px = quote.ask if qty > 0 else quote.bid
            model += qty * float(kernel.price)
            extra += qty * (px - float(kernel.price))
            side = TradeSide.BUY if qty > 0 else TradeSide.SELL
            fee += float(commission_schedule(XSP).fee(px, XSP.multiplier, n, side)) * fx0
        per_point = XSP.multiplier * n * fx0
        return n, model * per_point, extra * per_point, fee

    @pytest.mark.parametrize("kind", [CallKind.CALL, CallKind.SPREAD])
    @pytest.mark.parametrize("where", ["stylised", "history"])
    def test_premium_commission_and_contracts(self, where, kind):
        paths = (stylised_paths(SEED, "crash_1987") if where == "stylised"
                 else history_paths(SEED, "2003-03-12", "2003-03-31"))
        n, model, extra, fee = self.by_hand(paths, kind)
        run, sim = run_row(variant_row(SEED, CALLS if kind is CallKind.CALL else SPREAD), first_days(paths))
        # the stylised path starts at SPX 6,000 and USDJPY 150: one XSP is 6,000 x 10 x 150 = 9,000,000 JPY of
        # notional, so the 3,000,000 JPY exposure rounds to the one contract the route must hold at least;
        # on 12 March 2003 (SPX 804.19, the proxy USDJPY 150 at the window's start) one is 1,206,285 JPY: 2.49
        # rounds to two
        assert n == {"stylised": 1.0, "history": 2.0}[where]
        assert sim.state.opt_contracts[0, 0] == n
        np.testing.assert_allclose(run.costs["premiums"][0], model, rtol=1e-9)
        np.testing.assert_allclose(run.costs["roll"][0], extra, rtol=1e-9)
        np.testing.assert_allclose(run.costs["commissions"][0], fee, rtol=1e-9)
        assert extra > 0 and fee > 0
        # paid from the cash: the seed's margin ETF is all loan, so its sale freed nothing and the cash is the
        # seed's 3,000,000 JPY, which covers the purchase (no MMF redeemed)
        row = variant_row(SEED, CALLS)
        start = Simulator.of_rows(SEED.market, first_days(paths), [row], SEED.paths.frictions)
        assert float(start.state.cash[0, 0]) == pytest.approx(3_000_000.0, rel=1e-12)
        np.testing.assert_allclose(run.cash[0, 0], 3_000_000.0 - model - extra - fee, rtol=1e-12)
        # NAV carries the calls at model value: day 0 loses exactly what the quotes and the commission cost
        core = run_row(Row(row.account), first_days(paths))[0]
        np.testing.assert_allclose(run.nav[0, 0], core.nav[0, 0] - extra - fee, rtol=1e-12)

    def test_exposure_counts_the_calls_by_delta(self):
        paths = first_days(stylised_paths(SEED, "crash_1987"))
        run, sim = run_row(variant_row(SEED, CALLS), paths)
        x = sim.x
        level = float(x.spot["SPX"][0, 0]) * XSP.price_ratio
        strike = listed_strike("XSP", level)
        expiry = option_expiry(x.dates[0], "SPX", 182)
        tau = (expiry - x.dates[0]).days / 365.0
        vol = float(option_vol(SEED.market.surface("SPX"), np.array(strike / level), tau,
                               np.array(float(x.vol["SPX"][0, 0]))))
        delta = float(bs_greeks("call", level, strike, tau, float(x.rate["USD"][0, 0]), float(x.div["SPX"][0, 0]),
                                vol).delta)
        fx0 = float(x.fx["USD"][0, 0])
        # one contract: delta (about 0.57) x 100 x 600 points x 150 JPY
        np.testing.assert_allclose(run.exposure[0, 0], delta * XSP.multiplier * level * fx0, rtol=1e-12)
        assert 0.5 < delta < 0.65


class TestSettlement:
    """Ten XSP calls struck at the money on a flat-rate market, held to expiry (``roll_days`` 0) on a rising path."""

    DATES = pd.bdate_range("2026-12-07", periods=40)  # the first monthly expiry 20+ days on: Friday 15 Jan 2027

    @staticmethod
    def run(days: int):
        market = with_inputs(default_market("2026-12-07"), "SPX", spot=600.0, rate=0.0, dividend_yield=0.0, fx=150.0)
        levels = np.linspace(600.0, 678.0, 40)[None, : days + 1]
        paths = MarketPaths(TestSettlement.DATES[: days + 1], {"SPX": levels}, {"USD": np.full_like(levels, 150.0)},
                            {"SPX": np.full_like(levels, 0.2)}, {"USD": np.zeros_like(levels),
                                                                 "JPY": np.zeros_like(levels)})
        calls = RolledCalls(tenor_days=20, roll_days=0, half_spread=0.0, commission=0.0, exposure=9_000_000.0)
        account = Account(cash=(Cash(10_000_000.0),), mmf=(MMF(1_000_000.0, amount_currency="JPY", yield_=0.0),))
        return simulate(account, market, paths, hedge=calls), levels[0]

    def test_an_in_the_money_call_settles_at_intrinsic_on_the_close(self):
        expiry = option_expiry(self.DATES[0].date(), "SPX", 20)
        assert expiry == pd.Timestamp("2027-01-15").date()
        t = int(np.flatnonzero(self.DATES.date == expiry)[0])
        run, levels = self.run(39)
        before, _ = self.run(t - 1)
        # 9,000,000 JPY / (600 x 150) = 100 index units = 10 XSP (100 x SPX / 10 each), struck at 60.0 points
        n, strike = 10, listed_strike("XSP", 60.0)
        assert strike == 60.0
        # XSP settles on the expiry day's close (PM-settled): 10 x 100 x (level / 10 - 60) x 150 JPY
        settled = n * XSP.multiplier * (levels[t] * XSP.price_ratio - strike) * 150.0
        assert settled > 0
        second = run.costs["premiums"][0] - before.costs["premiums"][0]  # the next calls, bought the same close
        assert second > 0 and run.costs["roll"][0] == 0.0 == run.costs["commissions"][0]
        np.testing.assert_allclose(run.cash[0, t] - run.cash[0, t - 1], settled - second, rtol=1e-12)
        # the day before, the options were worth their model value, more than intrinsic at that close
        assert run.nav[0, t - 1] - run.cash[0, t - 1] - 1_000_000.0 > n * 100 * (levels[t - 1] / 10 - 60) * 150


class TestLossFixedInAdvance:
    """The seed through the 1987-style crash: route C loses at most what its options cost plus the core's own move."""

    def test_crash_loss_is_bounded_by_the_premiums_and_the_margin_route_loses_more(self):
        paths = stylised_paths(SEED, "crash_1987")
        calls, spread = variant_row(SEED, CALLS), variant_row(SEED, SPREAD)
        rows = [calls, spread, Row(calls.account), Row(SEED.account)]  # core: the satellite sold into cash
        runs = Simulator.of_rows(SEED.market, paths, rows, SEED.paths.frictions).runs()
        core, margin = runs[2], runs[3]
        start = 10_000_000.0  # the seed's NAV at the path's day-0 prices, every row
        assert core.nav[0, 0] == pytest.approx(start, rel=1e-12) == margin.nav[0, 0]
        for run in runs[:2]:
            spent = run.hedge_spend[0] + run.costs["fx_conversion"][0]  # premiums paid, less time value sold back
            # at every close the calls are worth >= 0: the row is never below the core less what the options cost
            assert np.all(run.nav[0] >= core.nav[0] - spent - 1e-6)
            assert start - run.nav[0].min() <= spent + start - core.nav[0].min()
        # measured: calls -575,690, spread -499,445, core -194,357, margin -683,236 JPY at their lowest
        assert start - runs[0].nav[0].min() < start - margin.nav[0].min()
        assert start - runs[1].nav[0].min() < start - margin.nav[0].min()
        # the calls' loss is the premium: one 6-month at-the-money XSP call, about 577,000 JPY with its costs
        assert runs[0].hedge_spend[0] == pytest.approx(577_207, rel=1e-3)


class TestRise:
    """12 March 2003 to 12 March 2004 (S&P 500 804 -> 1,121): route C keeps most of the rise, net of its decay."""

    def test_most_of_the_rise_net_of_decay(self):
        paths = history_paths(SEED, "2003-03-12", "2004-03-12")
        calls, spread = variant_row(SEED, CALLS), variant_row(SEED, SPREAD)
        etf = with_exposure(SEED.account, SEED.market, "cash", "SPX", 3_000_000.0)
        sim = Simulator.of_rows(SEED.market, paths, [calls, spread, Row(calls.account), Row(etf)],
                                SEED.paths.frictions)
        runs = sim.runs()
        core = runs[2].nav[0, -1]
        gain = {name: run.nav[0, -1] - core for name, run in zip(("calls", "spread", "core", "etf"), runs,
                                                                   strict=True)}
        # two contracts a roll (3,000,000 JPY / 1,206,285 JPY a contract = 2.49): 80.4% of the ETF's units
        assert sim.state.bought[0, 0] / sim.state.rolls[0, 0] == 2.0
        cover = 2.0 * XSP.multiplier * XSP.price_ratio * paths.equity["SPX"][0, 0] * 150.0 / 3_000_000.0
        assert cover == pytest.approx(0.804, abs=1e-3)
        same = cover * gain["etf"]  # the ETF's gain on the calls' notional
        # measured: calls 750,253 JPY over the core, 63% of the same notional in the ETF (1,195,700 JPY)
        assert gain["calls"] > 0.55 * same
        # what they gave up is the time value they paid for (the ETF's dividends aside): within 10% of it
        assert gain["calls"] + runs[0].hedge_spend[0] == pytest.approx(same, rel=0.10)
        # the spread is cheaper and caps the rise at 10% a roll: it keeps less of a 39% rise
        assert runs[1].hedge_spend[0] < runs[0].hedge_spend[0] and 0 < gain["spread"] < gain["calls"]


def test_route_c_rows_run_without_the_rules_and_the_put():
    variants = {v.name: v for v in standard_variants(SEED)}
    assert variants["route: calls"] == CALLS and variants["route: call spread"] == SPREAD
    row = variant_row(SEED, variants["route: call spread"])
    assert row.rules is None and isinstance(row.hedge, RolledCalls) and row.hedge.kind is CallKind.SPREAD
    assert row.hedge.exposure == pytest.approx(3_000_000.0) and row.account.exposures(SEED.market) == {}
    # the rules never fire on the rows: no trigger but the rolls
    table, runs = side_by_side(SEED, history_paths(SEED, "2007-06-01", "2009-06-30"))
    for name in ("route: calls", "route: call spread"):
        assert set(runs[name].events.event) == {"roll"} and table.loc[name, "events"] == 0.0
    assert table.attrs["calls"] == SEED.paths.calls
    assert table.loc["route: calls", "cost_funding"] == 0.0 < table.loc["as configured", "cost_funding"]


def test_calls_on_another_index_are_left_out_with_the_reason():
    config = replace(SEED, paths=replace(SEED.paths, calls=replace(SEED.paths.calls, symbol="NK225_OPT")))
    with pytest.raises(InputError, match="paths.calls.symbol"):
        variant_row(config, CALLS)

"""The loop twin pinned by hand, and the planted bugs of issue 20 it now catches.

The per-path loop (:func:`hedgeopt.paths.loop.simulate_loop`) derives its calendars, rounding and margins from the
exchanges' rules itself (:mod:`hedgeopt.paths.loop_book`). Here small futures accounts live through short hand-made
paths across a roll: the roll day is worked out from the exchange's rule in a comment, each day's variation margin
is ``contracts x multiplier x price change x FX`` written out, the margin per contract is the user's scaled to the
path's level; both the loop and the engine must give exactly those numbers. Then the bugs a reviewer planted in the
engine's day-0 book, which the loop used to share (a roll calendar shifted by three days, a wrong margin per
contract, a wrong accrual calendar, contracts rounded down, an option expiry a week late), are planted again with
``monkeypatch`` and the engine-against-loop comparison must fail on each.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

import hedgeopt.paths.aftertax.loop as tax_loop
import hedgeopt.paths.book as engine_book
import hedgeopt.paths.engine as engine
import hedgeopt.paths.fx_loop as fx_loop
import hedgeopt.paths.loop as loop
import hedgeopt.paths.loop_book as loop_book
import hedgeopt.paths.trade_steps as trade_steps
from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, Cash, FuturesPosition
from hedgeopt.config.path_settings import Frictions, StandingHedge
from hedgeopt.paths.engine import simulate
from hedgeopt.paths.loop import LoopPath, simulate_loop
from hedgeopt.paths.loop_book import futures_held, open_loop_book, option_expiry, path_series
from hedgeopt.paths.result import PathRun
from pricing import default_market
from pricing.catalogue import CATALOGUE
from pricing.market import with_inputs
from pricing.standard_hedges import option_expiry as engine_option_expiry
from pricing.standard_hedges import quarterly_expiry
from scenarios.paths.market_paths import MarketPaths

DEC = pd.bdate_range("2026-12-07", periods=6)
"""Mon 7, Tue 8, Wed 9, Thu 10, Fri 11, Mon 14 Dec 2026 (days 0-5)."""

NOV = pd.bdate_range("2026-11-30", periods=6)
"""Mon 30 Nov, Tue 1, Wed 2, Thu 3, Fri 4, Mon 7 Dec 2026 (days 0-5)."""

FX = 150.0
"""USDJPY on every day, yen per dollar."""


def spx_market():
    """SPX 5,000, USD rate 0, no dividends, USDJPY 150: the futures price is the index."""
    m = with_inputs(default_market("2026-12-07"), "SPX", spot=5000.0, rate=0.0, dividend_yield=0.0, fx=FX)
    return with_inputs(m, "NKY", rate=0.0)


def nky_market():
    """Nikkei 225 at 40,000, JPY rate 0, no dividends: the futures price is the index."""
    return with_inputs(default_market("2026-11-30"), "NKY", spot=40_000.0, rate=0.0, dividend_yield=0.0)


def spx_paths(levels, dates=DEC) -> MarketPaths:
    cols = len(levels)
    return MarketPaths(dates[:cols], {"SPX": np.array([levels], dtype=float)}, {"USD": np.full((1, cols), FX)},
                       {"SPX": np.full((1, cols), 0.2)}, {"USD": np.zeros((1, cols)), "JPY": np.zeros((1, cols))})


def nky_paths(levels) -> MarketPaths:
    cols = len(levels)
    return MarketPaths(NOV[:cols], {"NKY": np.array([levels], dtype=float)}, {}, {"NKY": np.full((1, cols), 0.2)},
                       {"JPY": np.zeros((1, cols))})


def frictions(commission: float) -> Frictions:
    """Rolled 7 calendar days before expiry; no other cost."""
    return Frictions(fx_cost=0.0, futures_commission=commission, etf_cost=0.0, margin_call_days=1,
                     refill_below=3.0, refill_to=4.0, futures_roll_days=7)


def differences(fast: PathRun, slow: list[LoopPath]) -> list[str]:
    """What differs between the engine and the loop beyond 1e-9 (of the value, or of the starting NAV)."""
    out = []
    nav0 = np.abs(fast.nav[:, :1])
    for name in ("nav", "cash", "exposure", "leverage", "required", "options"):
        a, b = getattr(fast, name), np.array([getattr(s, name) for s in slow])
        if not np.all(np.abs(a - b) <= 1e-9 * (np.abs(b) + nav0)):
            out.append(name)
    for kind, values in fast.costs.items():
        if not np.all(np.abs(values - [s.costs[kind] for s in slow]) <= 1e-9 * nav0[:, 0]):
            out.append(f"costs[{kind}]")
    if not np.array_equal(fast.shortfall, [s.shortfall for s in slow]):
        out.append("shortfall")
    ours = sorted((int(d), e) for d, e in zip(fast.events.day, fast.events.event, strict=True))
    if ours != sorted((t, e) for s in slow for e, t in s.events):
        out.append("events")
    return out


# ----------------------------------------------------------------------------------------------------------------
# The loop's calendars from the exchanges' rules
# ----------------------------------------------------------------------------------------------------------------


class TestCalendars:
    def test_cme_quarterly_expiry_and_roll(self):
        """CME: MES expires on the 3rd Friday of Mar/Jun/Sep/Dec. 1 Dec 2026 is a Tuesday: Fridays 4, 11, 18 Dec;
        the December contract expires Fri 18 Dec. 1 Mar 2027 is a Monday: Fridays 5, 12, 19 Mar; March expires
        19 Mar 2027. Rolled 7 calendar days before: held while more than 7 days remain."""
        assert futures_held(dt.date(2026, 12, 10), "MES", 7) == dt.date(2026, 12, 18)  # 8 days left
        assert futures_held(dt.date(2026, 12, 11), "MES", 7) == dt.date(2027, 3, 19)  # 7 days left: rolled
        assert futures_held(dt.date(2026, 10, 1), "ES", 7) == dt.date(2026, 12, 18)  # no October contract
        assert futures_held(dt.date(2026, 12, 30), "MES", 0) == dt.date(2027, 3, 19)  # across the year end

    def test_ose_second_friday_expiry_and_roll(self):
        """JPX/OSE: the Nikkei 225 futures settle at the SQ of the 2nd Friday of the contract month: Fri 11 Dec
        2026 and Fri 12 Mar 2027. Rolled 7 days before: Thu 3 Dec holds December (8 days), Fri 4 Dec March."""
        assert futures_held(dt.date(2026, 12, 3), "NK225M_FUT", 7) == dt.date(2026, 12, 11)
        assert futures_held(dt.date(2026, 12, 4), "NK225M_FUT", 7) == dt.date(2027, 3, 12)

    def test_option_expiries(self):
        """Cboe: XSP monthlies expire on the 3rd Friday; JPX: Nikkei 225 options on the 2nd Friday (SQ).

        7 Dec + 10 days = 17 Dec: XSP's next monthly is Fri 18 Dec. 18 Dec + 10 = 28 Dec is past December's third
        Friday; 1 Jan 2027 is a Friday: Fridays 1, 8, 15 Jan, so 15 Jan 2027. 7 Dec + 10 = 17 Dec is past December's
        second Friday (11 Dec): the Nikkei option of 8 Jan 2027.
        """
        assert option_expiry(dt.date(2026, 12, 7), "XSP", 10) == dt.date(2026, 12, 18)
        assert option_expiry(dt.date(2026, 12, 18), "XSP", 10) == dt.date(2027, 1, 15)
        assert option_expiry(dt.date(2026, 12, 18), "XSP", 0) == dt.date(2026, 12, 18)  # on the day itself
        assert option_expiry(dt.date(2026, 12, 7), "NK225_OPT", 10) == dt.date(2027, 1, 8)

    def test_listed_strikes_and_whole_contracts(self):
        """Cboe: SPX strikes every 5 points, XSP every 1; JPX: Nikkei 225 options every 125 yen. Rounded down."""
        assert loop_book.listed_strike("SPX", 4_749.99) == 4_745.0
        assert loop_book.listed_strike("XSP", 474.99) == 474.0
        assert loop_book.listed_strike("NK225_OPT", 36_100.0) == 36_000.0
        assert [loop_book.whole(x) for x in (0.49, 0.5, 1.5, 2.4999999999999996, 2.51)] == [0.0, 1.0, 2.0, 3.0, 3.0]

    def test_every_listed_contract_has_its_rule(self):
        """Every listed contract of the catalogue has its expiry Friday in the loop, every listed option its strike
        grid (the OTC USD/JPY option has neither: it is never a standing hedge on paths)."""
        listed = {s: c for s, c in CATALOGUE.items() if c.underlying in ("SPX", "NKY")}
        assert set(listed) == set(loop_book.EXPIRY_FRIDAY)
        assert {s for s, c in listed.items() if c.is_option} == set(loop_book.STRIKE_STEP)

    def test_the_same_calendar_as_the_pricing_layer(self):
        """Over three years, the loop's own calendar equals the pricing layer's on every day (two codes, one rule:
        a change to either shows here)."""
        for day in pd.date_range("2026-01-01", "2028-12-31"):
            d = day.date()
            assert futures_held(d, "MES", 7) == quarterly_expiry(d, "SPX", 7), d
            assert futures_held(d, "NK225_FUT", 3) == quarterly_expiry(d, "NKY", 3), d
            assert option_expiry(d, "XSP", 91) == engine_option_expiry(d, "SPX", 91), d
            assert option_expiry(d, "NK225_OPT", 30) == engine_option_expiry(d, "NKY", 30), d


def test_the_loop_imports_nothing_of_the_engines_day0_book():
    """The loop and its helpers import no module of the fast engine's day-0 book, steps or calendars.

    ``fx_steps.held_fx_hedge`` (which rolled hedge the account's held yen hedges are: the holdings as the user gave
    them, read once) is the one name they take from the engine's modules.
    """
    engine_modules = {"hedgeopt.paths.book", "hedgeopt.paths.engine", "hedgeopt.paths.cash_steps",
                      "hedgeopt.paths.trade_steps", "hedgeopt.paths.valuation", "hedgeopt.paths.aftertax.steps",
                      "pricing.standard_hedges"}
    for module in (loop, loop_book, fx_loop, tax_loop):
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if isinstance(node, ast.ImportFrom):
                assert node.module not in engine_modules, f"{module.__name__} imports {node.module}"
                if node.module == "hedgeopt.paths.fx_steps":
                    assert [a.name for a in node.names] == ["held_fx_hedge"]


# ----------------------------------------------------------------------------------------------------------------
# Futures accounts across a roll, by hand
# ----------------------------------------------------------------------------------------------------------------


def mes_account() -> Account:
    """2 MES at SPX 5,000 (50,000 USD of notional), initial margin 2,000 USD, maintenance 1,800 USD a contract."""
    return Account(cash=(Cash(3_000_000),),
                   satellite=(FuturesPosition("MES", 2, initial_margin=2_000.0, maintenance_margin=1_800.0),))


MES_LEVELS = [4000.0, 3990.0, 4010.0, 4005.0, 4030.0, 4020.0]


class TestMesAcrossARoll:
    """2 MES on a path starting at 4,000 (the market's 5,000 x 0.8), commission 2 USD a contract a side.

    Replayed by value, the position keeps its notional: 2 x 5,000 / 4,000 = 2.5 contracts, rounded half up to 3.
    Margins scale with the level: initial 2,000 x 0.8 = 1,600 USD, maintenance 1,800 x 0.8 = 1,440 USD a contract.
    Each index point moves 3 contracts x 5 USD x 150 JPY = 2,250 JPY of variation margin.
    """

    @pytest.fixture(scope="class")
    @classmethod
    def runs(cls):
        paths = spx_paths(MES_LEVELS)
        return (simulate(mes_account(), spx_market(), paths, frictions=frictions(2.0)),
                simulate_loop(mes_account(), spx_market(), paths, frictions=frictions(2.0))[0])

    def test_contracts_and_margin_per_contract(self):
        series = path_series(mes_account(), spx_market(), spx_paths(MES_LEVELS), 0)
        book = open_loop_book(mes_account(), spx_market(), series, loop_book.buffered(frictions(2.0)))
        assert book.contracts == [3.0]
        assert book.fut_init == [pytest.approx(1_600.0, abs=1e-9)]
        assert book.fut_maint == [pytest.approx(1_440.0, abs=1e-9)]

    def test_required_margin_each_day(self, runs):
        """3 contracts x 1,440 USD x 150 = 648,000 JPY of maintenance margin at every close."""
        fast, slow = runs
        np.testing.assert_allclose(slow.required, [648_000.0] * 6, rtol=0, atol=1e-6)
        np.testing.assert_allclose(fast.required[0], [648_000.0] * 6, rtol=0, atol=1e-6)

    def test_roll_day(self, runs):
        """CME: the December MES expires Fri 18 Dec 2026 (3rd Friday); rolled 7 calendar days before, the last day
        holding December is Thu 10 Dec (8 days left) and the roll is on Fri 11 Dec, day 4, into March 2027."""
        series = path_series(mes_account(), spx_market(), spx_paths(MES_LEVELS), 0)
        held = open_loop_book(mes_account(), spx_market(), series, loop_book.buffered(frictions(2.0))).fut_held[0]
        assert held == [dt.date(2026, 12, 18)] * 4 + [dt.date(2027, 3, 19)] * 2
        roll_days = [series.dates[t] for t in range(1, 6) if held[t] != held[t - 1]]
        assert roll_days == [dt.date(2026, 12, 11)]
        fast, slow = runs
        assert fast.costs["roll"][0] == pytest.approx(1_800.0)  # 2 sides x 3 contracts x 2 USD x 150
        assert slow.costs["roll"] == pytest.approx(1_800.0)

    def test_variation_margin_each_day(self, runs):
        """Day by day: 3 x 5 x (price change) x 150; the roll's 1,800 JPY comes off on day 4 only."""
        vm = [3 * 5 * (-10.0) * FX, 3 * 5 * 20.0 * FX, 3 * 5 * (-5.0) * FX, 3 * 5 * 25.0 * FX, 3 * 5 * (-10.0) * FX]
        assert vm == [-22_500.0, 45_000.0, -11_250.0, 56_250.0, -22_500.0]
        roll = [0.0, 0.0, 0.0, -1_800.0, 0.0]
        fast, slow = runs
        expected = np.add(vm, roll)
        np.testing.assert_allclose(np.diff(slow.cash), expected, rtol=0, atol=1e-6)
        np.testing.assert_allclose(np.diff(fast.cash[0]), expected, rtol=0, atol=1e-6)
        assert slow.cash[-1] == pytest.approx(3_000_000 + sum(vm) - 1_800.0, abs=1e-6)


class TestNikkeiMiniAcrossARoll:
    """1 Nikkei 225 mini (100 JPY a point) on a path starting at 38,000 (the market's 40,000 x 0.95).

    1 / 0.95 = 1.05 contracts: 1. Margins (the user's 200,000 / 180,000 JPY) x 0.95 = 190,000 / 171,000 JPY.
    Commission 50 JPY a contract a side.
    """

    LEVELS = [38_000.0, 37_800.0, 37_650.0, 37_900.0, 38_100.0, 37_700.0]

    @staticmethod
    def account() -> Account:
        return Account(cash=(Cash(2_000_000),), satellite=(
            FuturesPosition("NK225M_FUT", 1, initial_margin=200_000.0, maintenance_margin=180_000.0),))

    def test_roll_day_margin_and_variation_margin(self):
        """JPX: the December mini settles at the SQ of Fri 11 Dec 2026 (2nd Friday); rolled 7 days before, the last
        day holding it is Thu 3 Dec (8 days) and the roll is on Fri 4 Dec, day 4, into March (Fri 12 Mar 2027)."""
        paths = nky_paths(self.LEVELS)
        series = path_series(self.account(), nky_market(), paths, 0)
        book = open_loop_book(self.account(), nky_market(), series, loop_book.buffered(frictions(50.0)))
        assert book.contracts == [1.0]
        assert book.fut_init == [pytest.approx(190_000.0)] and book.fut_maint == [pytest.approx(171_000.0)]
        assert book.fut_held[0] == [dt.date(2026, 12, 11)] * 4 + [dt.date(2027, 3, 12)] * 2
        vm = [100 * -200.0, 100 * -150.0, 100 * 250.0, 100 * 200.0, 100 * -400.0]
        assert vm == [-20_000.0, -15_000.0, 25_000.0, 20_000.0, -40_000.0]
        expected = np.add(vm, [0.0, 0.0, 0.0, -2 * 50.0, 0.0])
        fast = simulate(self.account(), nky_market(), paths, frictions=frictions(50.0))
        slow = simulate_loop(self.account(), nky_market(), paths, frictions=frictions(50.0))[0]
        for cash in (fast.cash[0], slow.cash):
            np.testing.assert_allclose(np.diff(cash), expected, rtol=0, atol=1e-6)
        np.testing.assert_allclose(slow.required, [171_000.0] * 6, rtol=0, atol=1e-6)
        np.testing.assert_allclose(fast.required[0], [171_000.0] * 6, rtol=0, atol=1e-6)


class TestStandingPutExpiry:
    """1 MES (25,000 USD at SPX 5,000) hedged by XSP puts at 95%, 10 days, held to expiry (roll_days 0), at the model
    value (no spread, no commission). Wanted: 25,000 / (100 x 500) = 0.5 contract, rounded half up: 1.

    Bought Mon 7 Dec at strike 475 (0.95 x 500, on the 1-point grid); Cboe: XSP monthlies expire on the 3rd
    Friday, Fri 18 Dec 2026, day 9, PM-settled on that day's close. The path falls to 4,600 on 18 Dec: XSP 460, the
    put pays (475 - 460) x 100 x 150 = 225,000 JPY; the next put expires 15 Jan 2027 (18 Dec + 10 = 28 Dec).
    """

    LEVELS = [5000.0] * 9 + [4600.0]

    def runs(self):
        account = Account(cash=(Cash(3_000_000),), satellite=(FuturesPosition("MES", 1, initial_margin=2_000.0),))
        hedge = StandingHedge(moneyness=0.95, tenor_days=10, roll_days=0, half_spread=0.0, commission=0.0)
        paths = spx_paths(self.LEVELS, pd.bdate_range("2026-12-07", periods=10))
        fr = frictions(0.0)
        return (simulate(account, spx_market(), paths, hedge=hedge, frictions=fr),
                simulate_loop(account, spx_market(), paths, hedge=hedge, frictions=fr)[0])

    def test_expiry_day_and_settlement(self):
        fast, slow = self.runs()
        assert [t for kind, t in slow.events if kind == "roll"] == [0, 9]
        assert fast.events[fast.events.event == "roll"].day.tolist() == [0, 9]
        for cash, premiums in ((fast.cash[0], fast.costs["premiums"][0]), (slow.cash, slow.costs["premiums"])):
            first = 3_000_000 - cash[0]  # the first put, bought at its model value
            second = premiums - first
            vm = 1 * 5 * (4600.0 - 5000.0) * FX
            assert cash[9] - cash[8] == pytest.approx(vm + 225_000.0 - second, abs=1e-6)
            np.testing.assert_allclose(np.diff(cash[:9]), 0.0, atol=1e-9)  # nothing moves before the expiry


# ----------------------------------------------------------------------------------------------------------------
# The planted bugs, planted again in the engine: the loop no longer shares them
# ----------------------------------------------------------------------------------------------------------------


def mes_pair(account: Account | None = None, fr: Frictions | None = None, hedge: StandingHedge | None = None,
             dates=DEC, levels=MES_LEVELS) -> tuple[PathRun, list[LoopPath]]:
    account = account or mes_account()
    fr = fr or frictions(2.0)
    paths = spx_paths(levels, dates)
    return (simulate(account, spx_market(), paths, hedge=hedge, frictions=fr),
            simulate_loop(account, spx_market(), paths, hedge=hedge, frictions=fr))


def test_the_unplanted_engine_equals_the_loop():
    """Without a planted bug the comparison the regressions rely on passes."""
    assert differences(*mes_pair()) == []


def test_regression_roll_calendar_shifted_three_days(monkeypatch):
    """Issue 20's planted bug: the engine's roll calendar shifted by 3 days (it rolls Tue 8 Dec, not Fri 11 Dec).

    It survived 143 tests while the loop read the engine's calendar; the loop's own calendar now disagrees.
    """
    def shifted(date: dt.date, underlying: str, roll_days: int) -> dt.date:
        return quarterly_expiry(date + dt.timedelta(days=3), underlying, roll_days)

    monkeypatch.setattr(engine_book, "quarterly_expiry", shifted)
    fast, slow = mes_pair()
    assert np.diff(fast.cash[0])[0] == pytest.approx(-22_500.0 - 1_800.0)  # the engine now rolls on day 1
    assert "cash" in differences(fast, slow)


def test_regression_margin_per_contract(monkeypatch):
    """A planted bug in the engine's margin per contract (maintenance 10% too high) fails the comparison."""
    def wrong(*args, **kwargs):
        book, state = engine_book.open_book(*args, **kwargs)
        return replace(book, fut_maint=[m * 1.1 for m in book.fut_maint]), state

    monkeypatch.setattr(engine, "open_book", wrong)
    fast, slow = mes_pair()
    assert fast.required[0, 0] == pytest.approx(648_000.0 * 1.1)
    assert "required" in differences(fast, slow)


def test_regression_accrual_calendar(monkeypatch):
    """A planted bug in the engine's accrual calendar (every day one day long, the weekend too) fails the comparison:
    the MMF accrues 1 day from Fri 11 to Mon 14 Dec instead of 3."""
    def one_day_each(*args, **kwargs):
        x = engine_book.market_inputs(*args, **kwargs)
        return replace(x, dt=np.full_like(x.dt, 1 / 365))

    monkeypatch.setattr(engine, "market_inputs", one_day_each)
    account = Account(mmf=(MMF(7_000_000, amount_currency="JPY", yield_=0.05),), cash=mes_account().cash,
                      satellite=mes_account().satellite)
    assert {"nav", "cash"} & set(differences(*mes_pair(account)))


def test_regression_contracts_rounded_down(monkeypatch):
    """A planted bug in the engine's contract rounding (2.5 contracts rounded down to 2) fails the comparison."""
    monkeypatch.setattr(engine_book, "round_half_up", lambda x: np.floor(np.asarray(x, dtype=float) + 1e-9))
    fast, slow = mes_pair()
    assert np.diff(fast.cash[0])[0] == pytest.approx(2 * 5 * -10.0 * FX)
    assert "cash" in differences(fast, slow)


def test_regression_option_expiry_a_week_late(monkeypatch):
    """A planted bug in the engine's option expiries (a week late) fails the comparison: the put held to its expiry
    settles on Fri 18 Dec (day 9) in the loop, and not at all in the engine."""
    monkeypatch.setattr(trade_steps, "option_expiry",
                        lambda d, u, days: engine_option_expiry(d, u, days) + dt.timedelta(days=7))
    hedge = StandingHedge(moneyness=0.95, tenor_days=10, roll_days=0, half_spread=0.0, commission=0.0)
    account = Account(cash=(Cash(3_000_000),), satellite=(FuturesPosition("MES", 1, initial_margin=2_000.0),))
    fast, slow = mes_pair(account, frictions(0.0), hedge, pd.bdate_range("2026-12-07", periods=10),
                          TestStandingPutExpiry.LEVELS)
    assert "events" in differences(fast, slow)

"""The path engine on hand-computed paths: variation margin, the MMF's redemption lag, shortfall days, forced
liquidations, each rule firing on the right day, carry accruals, and the standing hedge's roll."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, Cash, EtfPosition, FuturesPosition, MarginPosition, OptionPosition
from hedgeopt.config.path_settings import Frictions, StandingHedge
from hedgeopt.config.rules import DeriskStep, Reentry, Rules
from hedgeopt.paths.engine import simulate
from hedgeopt.paths.valuation import option_vol
from pricing import InputError, default_market
from pricing.contracts import Option
from pricing.market import with_inputs
from pricing.standard_hedges import option_expiry, quarterly_expiry
from scenarios.paths.market_paths import MarketPaths
from scenarios.paths.stylised import stylised_path

DATES = pd.bdate_range("2026-12-07", periods=6)  # Mon 7 Dec .. Mon 14 Dec 2026; a quarterly MES expiry is 2026-12-18


def flat_market(spot: float = 5000.0):
    """USD and JPY rates 0, no dividends, USDJPY 150: the futures price equals the index."""
    m = with_inputs(default_market("2026-12-07"), "SPX", spot=spot, rate=0.0, dividend_yield=0.0, fx=150.0)
    return with_inputs(m, "NKY", rate=0.0)


def paths_of(levels, fx=150.0, rate=0.0, vol=0.2, dates=DATES) -> MarketPaths:
    levels = np.atleast_2d(np.asarray(levels, dtype=float))
    cols = levels.shape[1]
    return MarketPaths(dates[:cols], {"SPX": levels}, {"USD": np.full((1, cols), fx)},
                       {"SPX": np.full((1, cols), vol)}, {"USD": np.full((1, cols), rate),
                                                          "JPY": np.zeros((1, cols))})


def futures_account(cash: float = 1_000_000.0, lag: int = 2) -> Account:
    return Account(mmf=(MMF(7_000_000, amount_currency="JPY", yield_=0.0, redemption_days=lag),),
                   cash=(Cash(cash),),
                   satellite=(FuturesPosition("MES", 1, initial_margin=2_000.0, maintenance_margin=1_800.0),))


NO_COMMISSION = Frictions(fx_cost=0.001, futures_commission=0.0, etf_cost=0.0, margin_call_days=1,
                          refill_below=3.0, refill_to=4.0, futures_roll_days=7)


class TestFiveDayFuturesPath:
    """One MES contract (5 USD per point), USDJPY 150: each index point is 750 JPY of variation margin.

    Initial margin 2,000 USD = 300,000 JPY (refill below 3x = 900,000, up to 4x = 1,200,000); maintenance
    1,800 USD = 270,000 JPY. The MMF pays out two trading days after the order, less 0.1%.
    """

    LEVELS = [5000.0, 4900.0, 4700.0, 4000.0, 3900.0, 4100.0]

    def test_cash_by_hand(self):
        run = simulate(futures_account(), flat_market(), paths_of(self.LEVELS), frictions=NO_COMMISSION)
        # day 1: -100 pts x 750 = -75,000 -> 925,000 (>= 900,000: no order)
        # day 2: -200 x 750 = -150,000 -> 775,000 < 900,000: order 1,200,000 - 775,000 = 425,000, arrives day 4
        # day 3: -700 x 750 = -525,000 -> 250,000 < 270,000 maintenance: a margin call, a shortfall day;
        #        cash + in transit 675,000 < 900,000: order 525,000 more, arrives day 5
        # day 4: +425,000 arrives -> 675,000, then -100 x 750 = -75,000 -> 600,000: call met
        # day 5: +525,000 arrives -> 1,125,000, then +200 x 750 = +150,000 -> 1,275,000
        expected = [1_000_000.0, 925_000.0, 775_000.0, 250_000.0, 600_000.0, 1_275_000.0]
        np.testing.assert_allclose(run.cash[0], expected, rtol=0, atol=1e-6)
        assert run.shortfall[0].tolist() == [False, False, False, True, False, False]
        assert run.shortfall_days[0] == 1
        assert run.liquidations[0] == 0
        fx_cost = (425_000 + 525_000) / 0.999 * 0.001
        assert run.costs["fx_conversion"][0] == pytest.approx(fx_cost, abs=1e-6)
        # NAV: start 8,000,000; the index lost 900 points = 675,000 of margin; the conversion cost is gone
        assert run.nav[0, -1] == pytest.approx(8_000_000 - 675_000 - fx_cost, abs=1e-6)
        # the MMF held plus in transit keeps its value until the yen arrives; after day 5 it is all paid out
        assert run.mmf[0, 3] == pytest.approx(7_000_000, abs=1e-6)
        assert run.mmf[0, 5] == pytest.approx(7_000_000 - 950_000 / 0.999, abs=1e-6)

    def test_a_longer_lag_breaks_the_account(self):
        """With T+3 the first order lands on day 5: the call of day 3 is still unmet at the close of day 4."""
        run = simulate(futures_account(lag=3), flat_market(), paths_of(self.LEVELS), frictions=NO_COMMISSION)
        # day 4: nothing arrives, -75,000 -> 175,000 < 270,000 for a second day: contracts closed at the close
        np.testing.assert_allclose(run.cash[0, :5], [1_000_000, 925_000, 775_000, 250_000, 175_000], atol=1e-6)
        assert run.liquidations[0] == 1
        assert run.exposure[0, 4] == 0.0
        # day 5: the 425,000 ordered on day 2 arrives; no contract, no variation margin
        assert run.cash[0, 5] == pytest.approx(175_000 + 425_000, abs=1e-6)
        events = run.events[run.events.event == "futures_liquidation"]
        assert events.day.tolist() == [4]
        assert run.shortfall[0].tolist() == [False, False, False, True, True, False]

    def test_margin_call_days_zero_liquidates_on_the_day(self):
        fr = Frictions(**{**NO_COMMISSION.__dict__, "margin_call_days": 0})
        run = simulate(futures_account(), flat_market(), paths_of(self.LEVELS), frictions=fr)
        assert run.events[run.events.event == "futures_liquidation"].day.tolist() == [3]

    def test_commission_and_quarterly_roll(self):
        """The MES contract held rolls 7 days before the 18 Dec 2026 expiry: on Friday 11 Dec (day 4)."""
        assert quarterly_expiry(DATES[3].date(), "SPX", 7) == pd.Timestamp("2026-12-18").date()
        assert quarterly_expiry(DATES[4].date(), "SPX", 7) == pd.Timestamp("2027-03-19").date()
        fr = Frictions(**{**NO_COMMISSION.__dict__, "futures_commission": 2.0})
        run = simulate(futures_account(), flat_market(), paths_of([5000.0] * 6), frictions=fr)
        assert run.costs["roll"][0] == pytest.approx(2 * 2.0 * 150.0)  # two sides, one contract, 150 JPY/USD
        # the day itself: on a flat path only the roll moves cash, 600 JPY on day 4 (Fri 11 Dec) and no other day
        np.testing.assert_allclose(np.diff(run.cash[0]), [0.0, 0.0, 0.0, -600.0, 0.0], rtol=0, atol=1e-9)
        assert DATES[1 + int(np.flatnonzero(np.diff(run.cash[0]))[0])] == pd.Timestamp("2026-12-11")


class TestCarry:
    def test_mmf_accrues_at_the_path_rate_plus_its_spread(self):
        """Configured 4.5% against a 4% market rate: the fund pays the path's 2% + 0.5% - 0.1% fee."""
        market = with_inputs(default_market("2026-12-07"), "SPX", rate=0.04)
        acct = Account(mmf=(MMF(1_500_000, amount_currency="JPY", yield_=0.045, fee=0.001),))
        run = simulate(acct, market, paths_of([100.0] * 6, rate=0.02))
        days = np.array([1, 1, 1, 1, 3]) / 365  # Mon..Fri then the weekend to Monday
        assert run.nav[0, -1] == pytest.approx(1_500_000 * np.prod(1 + 0.024 * days), rel=1e-12)

    def test_margin_loan_interest_capitalised_and_dividends_repay_it(self):
        market = with_inputs(default_market("2026-12-07"), "SPX", spot=100.0, rate=0.04, dividend_yield=0.02,
                             fx=150.0)
        acct = Account(cash=(Cash(10_000_000),), satellite=(MarginPosition("SPX", 1_500_000, 0.06,
                                                                            value_currency="JPY"),))
        run = simulate(acct, market, paths_of([100.0] * 6, rate=0.04))
        loan = 10_000.0  # USD
        for d in np.array([1, 1, 1, 1, 3]) / 365:
            loan = loan + loan * 0.06 * d - 10_000.0 * 0.02 * d
        assert run.nav[0, -1] == pytest.approx(10_000_000 + (10_000 - loan) * 150, rel=1e-12)
        assert run.costs["funding"][0] > 0


class TestRulesFireOnTheRightDay:
    """A cash-route ETF of the whole account: NAV moves with the index, so drawdowns are read off the levels."""

    @staticmethod
    def account(value: float = 10_000_000.0) -> Account:
        return Account(cash=(Cash(1.0),), satellite=(EtfPosition("SPX", value, value_currency="JPY"),))

    @staticmethod
    def market():
        return with_inputs(flat_market(100.0), "SPX", spot=100.0)

    def run(self, levels, rules, dates=None):
        dates = dates if dates is not None else pd.bdate_range("2026-01-05", periods=len(levels))
        return simulate(self.account(), self.market(), paths_of(levels, dates=dates), rules,
                        frictions=Frictions(etf_cost=0.0))

    def test_staircase(self):
        """Each step sells its cut of the exposure held when it fires (cash 1 JPY beside 10,000,000 of ETF)."""
        levels = [100, 105, 99, 95.0, 94, 90, 80, 79, 78]
        # day 3: NAV 9,500,001 / peak 10,500,001 - 1 = -9.5%: no step
        # day 4: 9,400,001 / 10,500,001 - 1 = -10.5% -> first step: sell 20% of 9,400,000 = 1,880,000 -> 7,520,000
        # day 5: 1,880,001 + 7,520,000 x 90/94 = 9,080,001 (-13.5%): nothing
        # day 6: 7,520,000 x 80/94 = 6,400,000 held, NAV 8,280,001 (-21.1%) -> second step: sell 50% of it,
        #        3,200,000 -> 3,200,000 held (0.8 x 0.5 = 40% of the units bought at day 0)
        rules = Rules((DeriskStep(-0.10, 0.20), DeriskStep(-0.20, 0.50)))
        run = self.run(levels, rules)
        ev = run.events[run.events.event == "derisk"]
        assert ev.day.tolist() == [4, 6]
        np.testing.assert_allclose(ev.observed, [9_400_001 / 10_500_001 - 1, 8_280_001 / 10_500_001 - 1], rtol=1e-12)
        np.testing.assert_allclose(ev.threshold, [-0.10, -0.20])
        np.testing.assert_allclose(ev.cut, [0.20, 0.50])
        np.testing.assert_allclose(ev.exposure_before, [9_400_000, 6_400_000], rtol=1e-12)
        np.testing.assert_allclose(ev.exposure_after, [7_520_000, 3_200_000], rtol=1e-12)
        np.testing.assert_allclose(ev.traded, [-1_880_000, -3_200_000], rtol=1e-12)
        # what is held after the last cut follows the index: 3,200,000 x 78/80 on day 8
        assert run.exposure[0, -1] == pytest.approx(3_200_000 * 78 / 80, rel=1e-12)

    def test_one_day_crash_through_both_steps_fires_each_in_turn(self):
        """-25% in a day crosses -10% and -20%: 20% then 50% of what is held, as on two separate days."""
        run = self.run([100, 100, 75, 74], Rules((DeriskStep(-0.10, 0.20), DeriskStep(-0.20, 0.50))))
        ev = run.events[run.events.event == "derisk"]
        assert ev.day.tolist() == [2, 2]
        # 7,500,000 held -> sell 1,500,000 -> 6,000,000 -> sell 3,000,000 -> 3,000,000 = 0.8 x 0.5 of 7,500,000
        np.testing.assert_allclose(ev.exposure_before, [7_500_000, 6_000_000], rtol=1e-12)
        np.testing.assert_allclose(ev.traded, [-1_500_000, -3_000_000], rtol=1e-12)
        assert run.exposure[0, 2] == pytest.approx(3_000_000, rel=1e-12)
        assert run.nav[0, 2] == pytest.approx(7_500_001, rel=1e-12)  # no cost: a cut changes the exposure only

    def test_a_step_that_fired_waits_for_reentry(self):
        """Down 11%, back to -9%, down to -12%: the -10% step sold once; without re-entry it never sells again."""
        run = self.run([100, 89, 91, 88, 91, 87], Rules((DeriskStep(-0.10, 0.20),)))
        ev = run.events[run.events.event == "derisk"]
        assert ev.day.tolist() == [1]
        # 8,900,000 -> 7,120,000; then the units just follow the index: 7,120,000 x 87/89 at the end
        assert run.exposure[0, -1] == pytest.approx(7_120_000 * 87 / 89, rel=1e-12)

    def test_reentry_rearms_the_staircase(self):
        """A cut at day 2, three re-entry steps back to the plan (day 13), then a new 10% fall: the step sells again."""
        levels = [100.0, 100.0, 88.0] + [88.0] * 12 + [100.0, 100.0, 89.0]
        rules = Rules((DeriskStep(-0.10, 0.30),), Reentry(0.15, days=3, window=3), leverage_step=0.1,
                      min_days_between_steps=2)
        run = self.run(levels, rules)
        ev = run.events
        assert ev[ev.event == "derisk"].day.tolist() == [2, 17]
        assert ev[ev.event == "reentry"].day.tolist() == [7, 10, 13]
        # day 17: 100 -> 89 with the plan's exposure (all of NAV) held: dd -11%; sell 30% of what is held
        last = ev[ev.event == "derisk"].iloc[-1]
        assert last.traded == pytest.approx(-0.30 * last.exposure_before, rel=1e-12)
        assert last.exposure_before / run.nav[0, 17] == pytest.approx(1.0, rel=1e-6)

    def test_futures_round_and_the_log_says_so(self):
        """One MES: a 20% cut of one contract rounds back to one and trades nothing; the log shows 0 traded."""
        acct = Account(cash=(Cash(3_000_000),), satellite=(FuturesPosition("MES", 1, 2000.0, 1800.0),))
        run = simulate(acct, flat_market(), paths_of([5000.0, 4000.0, 4000.0]), Rules((DeriskStep(-0.10, 0.20),)),
                       frictions=NO_COMMISSION)
        ev = run.events[run.events.event == "derisk"]
        assert ev.day.tolist() == [1]
        # -1,000 points x 5 x 150 = -750,000 of variation margin on a NAV of 3,000,000 (cash): -25%
        assert ev.traded.iloc[0] == 0.0
        assert ev.exposure_before.iloc[0] == pytest.approx(5 * 4000.0 * 150.0, rel=1e-12)

    def test_reentry_after_calm_days_in_steps(self):
        """A cut at day 2, then a flat market: realised vol 0 < 15% from the first window with no big move."""
        levels = [100.0, 100.0, 88.0] + [88.0] * 12
        rules = Rules((DeriskStep(-0.10, 0.30),), Reentry(0.15, days=3, window=3), leverage_step=0.1,
                      min_days_between_steps=2)
        run = self.run(levels, rules)
        ev = run.events
        assert ev[ev.event == "derisk"].day.tolist() == [2]
        # window 3: the -12% day leaves the window on day 5 (returns of days 3, 4, 5 are all 0) -> calm from day 5;
        # 3 calm days -> day 7; then a step every 2 days while calm days accumulate from 0 again: day 10, 13
        assert ev[ev.event == "reentry"].day.tolist() == [7, 10, 13]
        e = run.exposure[0] / run.nav[0] / (run.exposure[0, 0] / run.nav[0, 0])
        np.testing.assert_allclose(e[[6, 7, 10, 13]], [0.7, 0.8, 0.9, 1.0], rtol=1e-6)

    def test_leverage_cap_trims_drift_and_blocks_reentry(self):
        market = flat_market(100.0)
        acct = Account(cash=(Cash(10_000_000),), satellite=(MarginPosition("SPX", 3_000_000, 0.0,
                                                                            value_currency="JPY"),))
        levels = [100.0, 110.0, 120.0, 130.0]
        rules = Rules(leverage_cap=1.3, drift_band=0.05)
        run = simulate(acct, market, paths_of(levels), rules, frictions=Frictions(etf_cost=0.0))
        lev = run.leverage[0]
        # day 1: (13,000,000 + 300,000) / (10,000,000 + 300,000) = 1.291; day 2: 13.6/10.6 = 1.283 ... the loan-
        # financed ETF raises NAV and gross by the same amount: leverage falls, never trims
        assert lev[1] == pytest.approx(13.3 / 10.3, rel=1e-9)
        assert run.events.empty
        # a cap below the starting 1.3x + band trims on day 1 to exactly the cap
        run = simulate(acct, market, paths_of(levels), Rules(leverage_cap=1.2, drift_band=0.0),
                       frictions=Frictions(etf_cost=0.0))
        assert run.events.day.tolist()[:1] == [1]
        assert run.leverage[0, 1] == pytest.approx(1.2, rel=1e-12)

    def test_cap_check_flags_the_worst_and_the_ending_drawdown(self):
        """Two paths of an account that is all index: NAV follows the levels (cash 1 JPY aside)."""
        run = self.run(np.array([[100.0, 75.0, 90.0], [100.0, 75.0, 78.0]]), None,
                       dates=pd.bdate_range("2026-01-05", periods=3))
        np.testing.assert_allclose(run.max_drawdown, [-0.25, -0.25], atol=1e-7)
        np.testing.assert_allclose(run.end_drawdown, [-0.10, -0.22], atol=1e-7)
        check = run.cap_check(0.20)
        assert check.beyond and check.ends_beyond
        assert (check.p_beyond, check.p_end_beyond, check.n_paths) == (1.0, 0.5, 2)
        assert check.worst_drawdown == pytest.approx(-0.25, abs=1e-7)
        assert check.worst_end_drawdown == pytest.approx(-0.22, abs=1e-7)
        check = run.cap_check(0.25)  # -25% to the yen is not beyond a 25% cap (1 JPY of cash keeps it -24.99999%)
        assert not check.beyond and not check.ends_beyond
        s = run.summary(0.20)
        assert (s["p_breach"], s["p_breach_end"], s["beyond_cap"]) == (1.0, 0.5, 1.0)
        with pytest.raises(InputError, match="cap=20"):
            run.cap_check(20)

    def test_no_rules_is_buy_and_hold(self):
        run = self.run([100, 80, 60, 90], None)
        np.testing.assert_allclose(run.exposure[0] / run.exposure[0, 0], [1.0, 0.8, 0.6, 0.9], rtol=1e-12)
        assert run.events.empty


class TestMarginLiquidation:
    def test_sold_on_the_day_the_maintenance_ratio_is_breached(self):
        # collateral 1,000,000 of own cash; ETF 3,000,000 on a full loan; maintenance 25%:
        # (C + V - L) / V < 0.25  <=>  V < (L - C) / 0.75 = 2,666,667  <=>  index below 88.89
        acct = Account(cash=(Cash(1_000_000),), satellite=(MarginPosition(
            "SPX", 3_000_000, 0.0, value_currency="JPY", maintenance_ratio=0.25, collateral=1_000_000),))
        run = simulate(acct, flat_market(100.0), paths_of([100.0, 95.0, 89.0, 88.0, 70.0]),
                       frictions=Frictions(etf_cost=0.0))
        assert run.events[run.events.event == "margin_liquidation"].day.tolist() == [3]
        assert run.liquidations[0] == 1
        # sold at 88: cash 1,000,000 + 2,640,000 - 3,000,000; nothing moves after
        assert run.nav[0, 3] == pytest.approx(640_000, rel=1e-12)
        assert run.nav[0, 4] == pytest.approx(640_000, rel=1e-12)


class TestStandingHedge:
    def test_expiry_schedule(self):
        assert option_expiry(pd.Timestamp("2026-12-07").date(), "SPX", 91) == pd.Timestamp("2027-03-19").date()
        assert option_expiry(pd.Timestamp("2026-12-07").date(), "NKY", 30) == pd.Timestamp("2027-01-08").date()

    def test_put_pays_in_a_fall_and_costs_in_a_flat_market(self):
        acct = Account(cash=(Cash(1_000_000),), satellite=(EtfPosition("SPX", 9_000_000, value_currency="JPY"),))
        market = flat_market(600.0)
        hedge = StandingHedge(symbol="SPX", moneyness=0.95, tenor_days=30, roll_days=5, half_spread=0.0)
        dates = pd.bdate_range("2026-12-07", periods=40)
        fall = np.linspace(600.0, 420.0, 40)
        flat = np.full(40, 600.0)
        runs = {name: (simulate(acct, market, paths_of(lv, dates=dates)),
                       simulate(acct, market, paths_of(lv, dates=dates), hedge=hedge))
                for name, lv in (("fall", fall), ("flat", flat))}
        bare, hedged = runs["fall"]
        assert hedged.max_drawdown[0] > bare.max_drawdown[0] + 0.05  # the put cut the drawdown
        bare, hedged = runs["flat"]
        assert hedged.nav[0, -1] < bare.nav[0, -1]  # insurance costs when nothing happens
        assert hedged.costs["premiums"][0] > 0
        assert (hedged.events.event == "roll").sum() >= 2

    def test_options_route_is_refused(self):
        m = default_market()
        opt = Option("XSP", "put", 540.0, "2027-03-19")
        with pytest.raises(InputError, match="options held are not replayed"):
            simulate(Account(cash=(Cash(1e6),), satellite=(OptionPosition(opt, 1),)), m, paths_of([6000, 6000]))


class TestOptionVol:
    """The surface moved by the path's 30-day vol, damped by the square root of time for longer tenors."""

    def test_day_zero_of_a_monte_carlo_path_is_the_surface(self):
        surface = default_market().surface("SPX")
        atm30 = float(surface.vol(1.0, 30 / 365))
        m = np.array([0.8, 0.9, 1.0])
        np.testing.assert_allclose(option_vol(surface, m, 91 / 365, np.full(3, atm30)),
                                   surface.vol(m, 91 / 365), rtol=1e-15)

    def test_spike_reaches_a_30_day_option_fully_and_a_120_day_one_by_half(self):
        surface = default_market().surface("SPX")
        atm30 = float(surface.vol(1.0, 30 / 365))
        spike = np.array([atm30 + 0.40])
        assert option_vol(surface, np.ones(1), 30 / 365, spike)[0] == pytest.approx(atm30 + 0.40, abs=1e-12)
        base = float(surface.vol(1.0, 120 / 365))
        assert option_vol(surface, np.ones(1), 120 / 365, spike)[0] == pytest.approx(base + 0.20, abs=1e-12)
        # shorter than 30 days: no amplification
        short = float(surface.vol(1.0, 7 / 365))
        assert option_vol(surface, np.ones(1), 7 / 365, spike)[0] == pytest.approx(short + 0.40, abs=1e-12)


def test_a_ruined_account_reports_minus_100_percent_and_its_debt():
    """Ten MES on 4,000,000 JPY through a 1987-style crash: the variation margin takes the NAV below zero."""
    market = default_market()
    acct = Account(cash=(Cash(4_000_000),), satellite=(FuturesPosition("MES", 10, 2500.0, 1000.0),))
    run = simulate(acct, market, stylised_path("crash_1987", market))
    m = run.metrics().iloc[0]
    # the crash day: 10 x 5 x 6000 x -20.5% x 150 = -9,225,000 JPY of variation margin on about 4,000,000
    assert m.ruined == 1.0 and m.worst_nav < -5_000_000
    assert m.cagr == -1.0 and m.max_drawdown == -1.0 and np.isnan(m.vol) and np.isnan(m.sharpe)
    assert run.summary(0.2)["p_ruin"] == 1.0
    assert (run.wealth[0, 11:] == 0).all() and run.wealth[0, 10] > 0

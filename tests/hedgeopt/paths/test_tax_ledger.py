"""The path engine's tax ledger (hedgeopt.paths.aftertax): hand-computed years, the loop twin, the after-tax NAV.

Constructed paths keep the arithmetic by hand: USD and JPY short rates of 0 and no dividends, so a future's price is
the index (F = S e^{(r - q) tau} = S) and an MMF whose yield is the market's 3-month rate grows by nothing (its
spread over the path's rate is 0); USDJPY at 150; no commissions or conversion costs unless said. The S&P 500 starts
at the market's level, so the account's futures keep their contract count on the path.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, Cash, EtfPosition, FuturesPosition, LinearAsset
from hedgeopt.config.config import load_config
from hedgeopt.config.path_settings import Frictions, RolledFxHedge, StandingHedge
from hedgeopt.config.rules import DeriskStep, Reentry, Rules
from hedgeopt.config.tax_spec import Category, ForeignDerivatives, TaxSettings
from hedgeopt.paths.engine import Row, Simulator
from hedgeopt.paths.loop import simulate_loop
from hedgeopt.paths.result import PathRun
from hedgeopt.tax import TaxRules
from scenarios.paths.market_paths import MarketPaths
from scenarios.paths.monte_carlo import monte_carlo_paths

CONFIG = load_config(Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml")
MARKET = CONFIG.market
S0 = MARKET.spot("SPX")
RATE = TaxRules(2026).separate_rate  # 0.20315: 15% x 1.021 + 5% (租税特別措置法 37条の11, 41条の14; No.1463, No.1522)
FLAT_MMF = float(MARKET.curve("USD").zero_rate(0.25))  # an MMF yield that is the market's 3-month rate: no growth
SEPARATE = TaxSettings(year=2026, foreign_derivatives=ForeignDerivatives.SEPARATE)
NO_COSTS = Frictions(fx_cost=0.0, futures_commission=0.0, etf_cost=0.0)


def constructed(dates: pd.DatetimeIndex, level: np.ndarray) -> MarketPaths:
    """One path of ``level`` on ``dates``: USDJPY 150, vol 20%, rates and dividends 0."""
    n = len(dates)
    return MarketPaths(dates, {"SPX": level}, fx={"USD": np.full(n, 150.0)}, vol={"SPX": np.full(n, 0.2)},
                       rates={"USD": np.zeros(n), "JPY": np.zeros(n)}, dividends={"SPX": np.zeros(n)})


def run_taxed(account: Account, paths: MarketPaths, tax: TaxSettings, rules: Rules | None = None,
              hedge: StandingHedge | None = None, frictions: Frictions = NO_COSTS) -> tuple[PathRun, PathRun, list]:
    """(pre-tax run, the same row paying its tax, the taxed row's hedge outlay at each close) on one simulator."""
    row = Row(account, rules, hedge)
    sim = Simulator.of_rows(MARKET, paths, [row, replace(row, tax=tax)], frictions)
    spend = [0.0]
    pre, post = sim.runs(progress=lambda t: spend.append(float(sim.state.hedge_spend[1, 0])))
    return pre, post, spend


# ----------------------------------------------------------------------------------------------------------------
# An MMF redemption whose whole gain is the exchange gain
# ----------------------------------------------------------------------------------------------------------------


def test_an_mmf_redemption_realises_its_exchange_gain_at_20_315_percent():
    """租税特別措置法 37条の11 第2項 (特定公社債等 since 2016), 所得税法 57条の3: the gain is reckoned in yen.

    7,000,000 JPY of a USD MMF bought for 6,000,000 JPY (at 128.57 yen a dollar); the fund does not grow. An
    overdraft of 1,000,000 JPY redeems 1,000,000 / 150 dollars on day 0: their cost is 6,000,000 x 1/7 =
    857,142.86, the gain 142,857.14, all of it exchange gain; listed tax 20.315% = 29,021.43, withheld in the
    特定口座 on the first trading day of 2027. Paying it overdraws the cash again: the refill redeems 29,021.43 JPY
    more, realising its 1/7 gain (4,145.92) in 2027. The rest is realised at the horizon: (7,000,000 - 1,000,000 -
    29,021.43) / 7 = 852,996.94 gain.
    """
    dates = pd.bdate_range("2026-12-01", "2027-01-08")
    account = Account(mmf=(MMF(7_000_000, amount_currency="JPY", yield_=FLAT_MMF, cost=6_000_000),),
                      cash=(Cash(-1_000_000),))
    pre, post, _ = run_taxed(account, constructed(dates, np.full(len(dates), S0)), TaxSettings(year=2026))
    ledger = post.tax.ledger()
    gain = 1_000_000 - 6_000_000 / 7
    assert ledger.loc["2026", "realised_listed"] == pytest.approx(gain, abs=1e-6)
    assert ledger.loc["2026", "tax_listed"] == pytest.approx(gain * RATE, abs=1e-6)  # 29,021.43
    assert ledger.loc["2026", "paid"] == pytest.approx(29_021.43, abs=0.01)
    withheld = gain * RATE
    assert ledger.loc["2027", "realised_listed"] == pytest.approx(withheld / 7, abs=1e-6)
    rest = (7_000_000 - 1_000_000 - withheld) / 7
    assert ledger.loc["liquidation", "realised_listed"] == pytest.approx(rest, abs=1e-6)
    assert ledger.loc["2027", "tax_listed"] + ledger.loc["liquidation", "tax_listed"] == pytest.approx(
        (rest + withheld / 7) * RATE, abs=1e-6)
    assert pre.nav[0, -1] - post.nav[0, -1] == pytest.approx(gain * RATE, abs=1e-6)  # paid from the cash


# ----------------------------------------------------------------------------------------------------------------
# Put premiums in the futures category: they offset a futures gain, not an ETF gain
# ----------------------------------------------------------------------------------------------------------------

DATES_2026 = pd.bdate_range("2026-10-01", "2027-01-08")
ROLL = pd.Timestamp("2026-12-11")   # MES rolls 7 days before the 18 December expiry
DROP = pd.Timestamp("2026-12-21")   # after the last 2026 expiry of the 30-day puts (18 December)


def rising_then_falling() -> MarketPaths:
    """The index rises 20% in a line to the December roll, stays there, then falls 10% on 21 December."""
    level = np.full(len(DATES_2026), 1.2 * S0)
    rise = DATES_2026 <= ROLL
    level[rise] = S0 * (1.0 + 0.2 * np.arange(rise.sum()) / (rise.sum() - 1))
    level[DATES_2026 >= DROP] = 1.08 * S0
    return constructed(DATES_2026, level)


PUTS = StandingHedge(symbol="XSP", moneyness=0.95, tenor_days=30, roll_days=0, integer=False, commission=0.0)


def premiums_lapsed_in_2026(run: PathRun, spend: list) -> float:
    """What the puts that expired in 2026 cost: the hedge's outlay before the last 2026 roll.

    Every put expires out of the money in 2026 on this path (the index only rises until after the 18 December
    expiry) and none is sold back, so the outlay (premium and fees, :attr:`PathRun.hedge_spend`) before the roll
    that follows the last 2026 expiry is exactly their premiums.
    """
    rolls = run.events[run.events.event == "roll"]
    last = int(rolls[pd.to_datetime(rolls.date) < pd.Timestamp("2027-01-01")].day.max())
    return spend[last - 1]


def test_put_premiums_lapse_against_futures_gains_in_the_same_category():
    """租税特別措置法 41条の14 第1項 (先物取引に係る雑所得等): the puts' lapsed premiums offset the futures' gain.

    With ``foreign_derivatives = "separate"`` XSP options and MES futures share the futures category. Two MES
    (5 x index) held from 6,000-ish to the roll at 1.2 x: variation margin 2 x 5 x 0.2 S0 x 150 yen, realised at
    the roll (差金等決済); the puts' premiums P lapse in the same year. Tax = 20.315% x (gain - P), nothing carried.
    """
    account = Account(mmf=(MMF(7_000_000, amount_currency="JPY", yield_=FLAT_MMF),), cash=(Cash(3_000_000),),
                      satellite=(FuturesPosition("MES", 2, initial_margin=2_500.0),))
    _, post, spend = run_taxed(account, rising_then_falling(), SEPARATE, hedge=PUTS)
    gain = 2 * 5 * 0.2 * S0 * 150.0
    premiums = premiums_lapsed_in_2026(post, spend)
    ledger = post.tax.ledger()
    assert premiums > 0
    assert ledger.loc["2026", "realised_futures"] == pytest.approx(gain - premiums, rel=1e-9)
    assert ledger.loc["2026", "tax_futures"] == pytest.approx(RATE * (gain - premiums), rel=1e-9)
    assert ledger.loc["2026", "carry_created"] == 0.0
    assert ledger.loc["2026", "realised_listed"] == pytest.approx(0.0, abs=1e-6)


def test_put_premiums_do_not_offset_an_etf_gain():
    """租税特別措置法 37条の11 and 41条の14: a listed gain and a futures-category loss do not offset; the loss carries.

    An ETF of 8,000,000 JPY on 10,400,000 JPY, a de-risk step at -3% that sells half. The fall of 10% on 21
    December takes NAV below -3%: half the ETF is sold at 1.08 S0 against a cost of S0 a unit: gain 0.5 x
    8,000,000 x 0.08 = 320,000 JPY in the listed category, taxed 20.315% = 65,008; the puts' premiums P (futures
    category) are carried forward in full (41条の15).
    """
    account = Account(mmf=(MMF(2_000_000, amount_currency="JPY", yield_=FLAT_MMF),), cash=(Cash(400_000),),
                      satellite=(EtfPosition("SPX", 8_000_000, value_currency="JPY"),))
    rules = Rules((DeriskStep(-0.03, 0.5),), None, leverage_cap=2.0)
    _, post, spend = run_taxed(account, rising_then_falling(), SEPARATE, rules=rules, hedge=PUTS)
    assert (post.events.event == "derisk").sum() == 1
    ledger = post.tax.ledger()
    premiums = premiums_lapsed_in_2026(post, spend)
    assert ledger.loc["2026", "realised_listed"] == pytest.approx(320_000.0, rel=1e-9)
    assert ledger.loc["2026", "tax_listed"] == pytest.approx(65_008.0, rel=1e-9)
    assert ledger.loc["2026", "realised_futures"] == pytest.approx(-premiums, rel=1e-9)
    assert ledger.loc["2026", "tax_futures"] == 0.0
    assert ledger.loc["2026", "carry_created"] == pytest.approx(premiums, rel=1e-9)


# ----------------------------------------------------------------------------------------------------------------
# A loss carried three years and expiring in the fourth
# ----------------------------------------------------------------------------------------------------------------


def test_a_futures_loss_carries_three_years_and_lapses_in_the_fourth():
    """租税特別措置法 41条の15 第1項: a futures-category loss is deducted over the next 3 years, then lapses.

    Two MES lose 10% of the index before the December 2026 roll: 2 x 5 x 0.1 S0 x 150 yen, carried. The index is
    flat through 2027-2029 (nothing realised), the loss lapses at the end of 2029 unused; in 2030 the index rises
    10% before the June roll: the gain is taxed in full, no carried loss left to use.
    """
    dates = pd.bdate_range("2026-10-01", "2030-07-31")
    level = np.full(len(dates), 0.9 * S0)
    level[dates <= ROLL] = S0 * (1.0 - 0.1 * (dates[dates <= ROLL] >= pd.Timestamp("2026-11-02")))
    level[dates >= pd.Timestamp("2030-05-01")] = 0.99 * S0
    account = Account(mmf=(MMF(5_000_000, amount_currency="JPY", yield_=FLAT_MMF),), cash=(Cash(5_000_000),),
                      satellite=(FuturesPosition("MES", 2, initial_margin=2_500.0),))
    _, post, _ = run_taxed(account, constructed(dates, level), SEPARATE)
    ledger = post.tax.ledger()
    loss = 2 * 5 * 0.1 * S0 * 150.0
    assert ledger.loc["2026", "realised_futures"] == pytest.approx(-loss, rel=1e-9)
    assert ledger.loc["2026", "carry_created"] == pytest.approx(loss, rel=1e-9)
    for year in ("2027", "2028"):
        assert ledger.loc[year, "carry_expired"] == 0.0
        assert ledger.loc[year, "realised_futures"] == pytest.approx(0.0, abs=1e-6)
    assert ledger.loc["2029", "carry_expired"] == pytest.approx(loss, rel=1e-9)
    gain = 2 * 5 * 0.09 * S0 * 150.0
    assert ledger.loc["2030", "realised_futures"] == pytest.approx(gain, rel=1e-9)
    assert ledger.loc["2030", "carry_used"] == 0.0
    assert ledger.loc["2030", "tax_futures"] == pytest.approx(RATE * gain, rel=1e-9)


# ----------------------------------------------------------------------------------------------------------------
# The after-tax figures and the ledger add up
# ----------------------------------------------------------------------------------------------------------------


def test_the_after_tax_nav_is_the_pre_tax_nav_less_the_tax_paid_and_due():
    """The taxed lane's NAV is the pre-tax lane's less every yen paid (cash earns nothing: no lost carry here).

    Buy and hold with 4,000,000 JPY of cash, so every payment comes out of the cash and no MMF is redeemed for it:
    pre-tax NAV - taxed NAV = the tax paid, to 1e-6 yen; the after-tax terminal NAV is the taxed NAV less ``due``;
    the ledger's tax (Japanese and withheld abroad) = paid + due.
    """
    account = Account(mmf=(MMF(5_000_000, amount_currency="JPY"),), cash=(Cash(4_000_000),),
                      satellite=(EtfPosition("SPX", 3_000_000, value_currency="JPY"),))
    paths = monte_carlo_paths(MARKET, 6, 600, seed=4)
    pre, post, _ = run_taxed(account, paths, TaxSettings(year=2026), frictions=Frictions())
    tax = post.tax
    assert tax.years == (2026, 2027, 2028, 2029)  # to 14 March 2029: the 2028 return is still due
    assert (tax.total_paid > 0).all()
    np.testing.assert_allclose(pre.nav[:, -1] - post.nav[:, -1], tax.total_paid, rtol=0, atol=1e-6)
    np.testing.assert_allclose(tax.nav[:, -1], post.nav[:, -1] - tax.due, rtol=0, atol=1e-9)
    for i in range(paths.n_paths):
        ledger = tax.ledger(i)
        assert ledger["tax"].sum() + ledger["tax_abroad"].sum() == pytest.approx(ledger["paid"].sum() + tax.due[i],
                                                                                  rel=1e-12)
        assert ledger["paid"].sum() == pytest.approx(tax.total_paid[i], rel=1e-12)


def test_a_taxed_row_leaves_the_pre_tax_row_exactly_as_alone():
    account = CONFIG.account
    paths = monte_carlo_paths(MARKET, 4, 300, seed=5)
    alone = Simulator.of_rows(MARKET, paths, [Row(account, CONFIG.rules, CONFIG.paths.hedge)]).runs()[0]
    pre, post, _ = run_taxed(account, paths, CONFIG.tax, CONFIG.rules, CONFIG.paths.hedge, Frictions())
    np.testing.assert_array_equal(pre.nav, alone.nav)
    assert pre.tax is None and post.tax is not None
    assert (post.nav[:, -1] < pre.nav[:, -1]).all()


def test_a_row_with_tax_needs_its_year():
    with pytest.raises(ValueError, match="tax year"):
        Simulator.of_rows(MARKET, monte_carlo_paths(MARKET, 1, 5, seed=1),
                          [Row(CONFIG.account, tax=TaxSettings())])


# ----------------------------------------------------------------------------------------------------------------
# The loop twin keeps the same ledger
# ----------------------------------------------------------------------------------------------------------------


def settled_years(tax) -> slice:  # noqa: ANN001
    """The years settled on the path (the horizon's partial year last is left out)."""
    return slice(0, len(tax.years) - 1)

TWIN_ACCOUNT = Account(
    mmf=(MMF(4_000_000, amount_currency="JPY", redemption_days=2),), cash=(Cash(300_000),),
    satellite=(EtfPosition("SPX", 3_000_000, value_currency="JPY"),
               FuturesPosition("MES", 2, initial_margin=2_500.0, maintenance_margin=2_200.0)),
    other=(LinearAsset("gold", 10_000, "USD", {"SPX": -0.2}, carry=0.02),))
TWIN_RULES = Rules((DeriskStep(-0.03, 0.25), DeriskStep(-0.08, 0.5)),
                   Reentry(realised_vol_below=0.25, days=2, window=5), min_days_between_steps=2, leverage_cap=3.0)
TWIN_PUTS = StandingHedge(moneyness=0.95, tenor_days=30, roll_days=0, integer=False)


@pytest.mark.parametrize(("settings", "fx_hedge"), [
    (SEPARATE, None), (TaxSettings(year=2026, account="specified"), None),
    (SEPARATE, RolledFxHedge("MJY", ratio=0.5)), (TaxSettings(year=2026), RolledFxHedge("USDJPY_FWD", ratio=0.8)),
    (TaxSettings(year=2026), RolledFxHedge("CLICK365", ratio=0.5)),
    (TaxSettings(year=2026, foreign_tax_credit=True), None)],
    ids=["separate", "comprehensive-no-withholding", "yen-future", "bank-forward", "click365", "foreign-credit"])
def test_the_loop_keeps_the_same_ledger(settings: TaxSettings, fx_hedge: RolledFxHedge | None):
    """Engine and loop agree on the taxes paid per year and the after-tax NAV (1e-9), with trades in every category.

    An ETF cut by the de-risk steps, MMF redemptions to refill the futures' margin, a put program held to expiry
    (most expire worthless), futures rolled quarterly; 560 days from the market's date cross two year ends. With a
    yen hedge: a future's P&L realised at its rolls, a forward's at maturity, a rolling position's daily.
    """
    paths = monte_carlo_paths(MARKET, 4, 560, seed=7, vols={"SPX": 0.3})
    frictions = Frictions(refill_below=1.0, refill_to=2.0)
    sim = Simulator.of_rows(MARKET, paths, [Row(TWIN_ACCOUNT, TWIN_RULES, TWIN_PUTS, fx_hedge, settings)], frictions)
    transit = []
    fast = sim.runs(progress=lambda t: transit.append(float(sum(p.sum() for p in sim.state.pending))))[0]
    slow = simulate_loop(TWIN_ACCOUNT, MARKET, paths, TWIN_RULES, TWIN_PUTS, frictions, fx_hedge, tax=settings)
    scale = fast.nav[:, :1]
    np.testing.assert_allclose(fast.nav, [s.nav for s in slow], rtol=1e-9)
    tax = fast.tax
    assert tax.years == tuple(y.year for y in slow[0].tax.years) + (paths.dates[-1].year,)
    for i, s in enumerate(slow):
        np.testing.assert_allclose(tax.paid[:-1, i], [y.paid for y in s.tax.years], rtol=0, atol=1e-9 * scale[i, 0])
        for c in Category:
            np.testing.assert_allclose(tax.realised[c][:-1, i], [y.realised[c] for y in s.tax.years], rtol=0,
                                       atol=1e-9 * scale[i, 0], err_msg=str(c))
        np.testing.assert_allclose(tax.abroad[:-1, i], [y.abroad for y in s.tax.years], rtol=0,
                                   atol=1e-9 * scale[i, 0])
        assert tax.due[i] == pytest.approx(s.tax.due_at_end, rel=0, abs=1e-9 * scale[i, 0])
        assert tax.nav[i, -1] == pytest.approx(s.nav[-1] - s.tax.due_at_end, rel=1e-9)
    assert (tax.abroad[settled_years(tax)] > 0).all()  # the US fund's dividends lost 10% abroad every year
    kinds = set(fast.events.event)
    assert {"derisk", "roll"} <= kinds  # the ETF was cut, the puts rolled
    assert sum(x > 0 for x in transit) > 10  # MMF redeemed (T+2) on many days
    settled = settled_years(tax)  # the horizon's year (a few days of 2028) realises little
    assert (tax.paid > 0).any() and (tax.realised[Category.LISTED][settled] != 0).all()
    assert (np.abs(tax.realised[Category.FUTURES if settings is SEPARATE else Category.MISC][settled]) > 0).all()


# ----------------------------------------------------------------------------------------------------------------
# Dividends: the 10% withheld abroad, a fund that distributes and one that accumulates
# ----------------------------------------------------------------------------------------------------------------


def _dividend_run(accumulating: bool, credit: bool = False) -> tuple[pd.DataFrame, float]:
    """A 1,500,000 JPY S&P 500 fund on a flat index yielding 2%, December 2026 to early January 2027."""
    dates = pd.bdate_range("2026-12-01", "2027-01-08")
    paths = constructed(dates, np.full(len(dates), S0))
    paths = replace(paths, dividends={"SPX": np.full(len(dates), 0.02)})
    account = Account(cash=(Cash(100_000),), satellite=(EtfPosition("SPX", 1_500_000, "JPY", accumulating),))
    _, post, _ = run_taxed(account, paths, TaxSettings(year=2026, foreign_tax_credit=credit))
    days_2026 = sum((b - a).days for a, b in zip(dates[:-1], dates[1:], strict=True) if b.year == 2026)
    return post.tax.ledger(), 1_500_000 * 0.02 * days_2026 / 365


def test_a_distributing_us_fund_loses_10_percent_abroad_then_20_315_percent_on_the_rest():
    """日米租税条約 10条2項(b): 10% of a US dividend is withheld abroad; the Japanese 20.315% (租税特別措置法 8条の4)
    falls on the rest. 1,500,000 JPY x 2% x 30/365 = 2,465.75 of dividends in December 2026: 246.58 abroad,
    2,219.18 listed income, 450.83 Japanese tax; both paid on the first trading day of 2027."""
    ledger, dividends = _dividend_run(accumulating=False)
    assert dividends == pytest.approx(2_465.75, abs=0.01)
    assert ledger.loc["2026", "tax_abroad"] == pytest.approx(0.10 * dividends, rel=1e-9)
    assert ledger.loc["2026", "realised_listed"] == pytest.approx(0.90 * dividends, rel=1e-9)
    assert ledger.loc["2026", "tax"] == pytest.approx(0.90 * dividends * RATE, rel=1e-9)
    assert ledger.loc["2026", "paid"] == pytest.approx(0.10 * dividends + 0.90 * dividends * RATE, rel=1e-9)


def test_the_foreign_tax_credit_comes_off_the_japanese_tax():
    """タックスアンサー No.1240 in outline: the 246.58 withheld abroad is credited against the year's 450.83, which
    leaves 204.25; the 特定口座 withheld 450.83 at the year end, so the return refunds 246.58 on 15 March."""
    ledger, dividends = _dividend_run(accumulating=False, credit=True)
    assert ledger.loc["2026", "foreign_credit"] == pytest.approx(0.10 * dividends, rel=1e-9)
    assert ledger.loc["2026", "tax"] == pytest.approx(0.90 * dividends * RATE - 0.10 * dividends, rel=1e-9)


def test_an_accumulating_fund_realises_nothing_until_it_is_sold():
    """A 投資信託 that distributes nothing (accumulating = true) has no dividend income: its reinvested dividends,
    net of the 10% paid inside the fund abroad, are in its value and taxed as gain at the sale (the horizon)."""
    ledger, dividends = _dividend_run(accumulating=True)
    assert ledger.loc["2026", "realised_listed"] == 0.0
    assert ledger.loc["2026", "tax_abroad"] == pytest.approx(0.10 * dividends, rel=1e-3)  # units grow as it reinvests
    assert ledger.loc["liquidation", "realised_listed"] > 0.9 * dividends


@pytest.mark.parametrize("accumulating", [True, False], ids=["accumulating", "distributing"])
def test_the_loop_twin_treats_fund_dividends_alike(accumulating: bool):
    """Engine and loop agree on a fund's dividends over two year ends: income and tax abroad, or only tax abroad."""
    paths = monte_carlo_paths(MARKET, 3, 400, seed=11)
    account = Account(cash=(Cash(500_000),), satellite=(EtfPosition("SPX", 3_000_000, "JPY", accumulating),))
    settings = TaxSettings(year=2026, foreign_tax_credit=True)
    fast = Simulator.of_rows(MARKET, paths, [Row(account, tax=settings)]).runs()[0]
    slow = simulate_loop(account, MARKET, paths, tax=settings)
    for i, s in enumerate(slow):
        np.testing.assert_allclose(fast.tax.abroad[:-1, i], [y.abroad for y in s.tax.years], rtol=1e-9)
        np.testing.assert_allclose(fast.tax.paid[:-1, i], [y.paid for y in s.tax.years], rtol=1e-9)
        assert fast.tax.nav[i, -1] == pytest.approx(s.nav[-1] - s.tax.due_at_end, rel=1e-9)
    listed_income = fast.tax.realised[Category.LISTED][:-1]  # no MMF: the fund's dividends are the only income
    assert (listed_income == 0).all() if accumulating else (listed_income > 0).all()

"""account_pnl per route: the strategy's stress numbers, FX handling, carry over a horizon, margin calls, options.

Reference values are hand arithmetic on the embedded default market (SPX 6,000, USDJPY 150, USD 4% flat,
SPX dividend 1.3%), written beside each assertion. A full-revaluation twin (each holding's value at the horizon
minus today's, computed independently of the ledger-line formula) checks random grids.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import (
    MMF,
    Cash,
    EtfPosition,
    FuturesPosition,
    LinearAsset,
    MarginPosition,
    OptionPosition,
)
from hedgeopt.account.pnl import COMPONENTS, account_pnl, margin_calls
from pricing import Option, default_market, put_spread
from pricing.market import with_inputs
from scenarios import ScenarioSet
from scenarios.repricing import OptionRepricer

X = 150.0  # USDJPY of the default market
TAU30 = 30 / 365  # Act/365 year fraction of a 30-day horizon
MMF_USD = 7_000_000 / X  # 46,666.67 USD of MMF units
ETF_USD = 3_000_000 / X  # 20,000 USD of ETF (and of loan)


@pytest.fixture
def market():
    return default_market()


@pytest.fixture
def mes_market():
    # One MES contract = SPX 4000 × 5 USD × 150 = 3,000,000 JPY.
    return with_inputs(default_market(), "SPX", spot=4000.0)


def seed(value: float = 3_000_000.0, **margin) -> Account:
    return Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
                   satellite=(MarginPosition("SPX", value, 0.06, value_currency="JPY", **margin),))


def futures_account() -> Account:
    return Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
                   satellite=(FuturesPosition("MES", 1, 1_500.0),))


def cash_route_account() -> Account:
    return Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), satellite=(EtfPosition("SPX", 3_000_000, "JPY"),))


def one(**factors) -> ScenarioSet:
    """A single scenario; ``horizon_days`` defaults to 0, factor keys use '_' for '.' (equity_SPX)."""
    record = {"label": "s", "horizon_days": factors.pop("horizon_days", 0)}
    record.update({k.replace("_", ".", 1): v for k, v in factors.items()})
    return ScenarioSet.from_records([record])


def row(account: Account, market, scenarios: ScenarioSet) -> pd.Series:
    return account_pnl(account, market, scenarios).iloc[0]


# -- the strategy's numbers -------------------------------------------------------------------------------------
def test_seed_minus_30_percent(market):
    r = row(seed(), market, one(equity_SPX=-0.30))
    assert r["pnl"] == pytest.approx(-900_000.0, rel=1e-12)  # 3,000,000 × −0.30
    assert r["pnl_pct"] == pytest.approx(-0.09, rel=1e-12)  # / 10,000,000
    assert r["index"] == pytest.approx(-900_000.0, rel=1e-12)
    for name in ("carry", "fx", "options", "funding"):  # horizon 0, no FX move, no options
        assert r[name] == 0.0
    assert not r["margin_call"]


def test_doubled_exposure_minus_30_percent(market):
    r = row(seed(6_000_000), market, one(equity_SPX=-0.30))
    assert r["pnl"] == pytest.approx(-1_800_000.0, rel=1e-12)  # 6,000,000 × −0.30
    assert r["pnl_pct"] == pytest.approx(-0.18, rel=1e-12)


def test_futures_route_minus_30_percent(mes_market):
    r = row(futures_account(), mes_market, one(equity_SPX=-0.30))
    # 20,000 USD notional × −0.30 × 150 = −900,000; horizon 0: funding and dividend carry are 0.
    assert r["pnl"] == pytest.approx(-900_000.0, rel=1e-12)
    assert r["pnl_pct"] == pytest.approx(-0.09, rel=1e-12)
    assert r["funding"] == 0.0 and r["carry"] == 0.0


def test_cash_route_minus_30_percent(market):
    r = row(cash_route_account(), market, one(equity_SPX=-0.30))
    assert r["pnl"] == pytest.approx(-900_000.0, rel=1e-12)  # 3,000,000 × −0.30
    assert r["pnl_pct"] == pytest.approx(-0.09, rel=1e-12)


def test_doctest_table_columns(market):
    table = account_pnl(seed(), market, one(equity_SPX=-0.30))
    assert list(table.columns) == ["label", "horizon_days", *COMPONENTS, "pnl", "pnl_pct", "margin_call", "uncredited"]


# -- FX ---------------------------------------------------------------------------------------------------------
def test_margin_route_fx_is_loan_netted(market):
    r = row(seed(), market, one(equity_SPX=-0.30, fx_USD=-0.10))
    # MMF: 7,000,000 × −0.10 = −700,000.
    # Margin: ETF 20,000 USD and loan −20,000 USD net to V = 0; index i = −6,000 USD.
    #   index = 150 × −6,000 = −900,000; FX = 150 × −0.10 × (0 − 6,000) = +90,000.
    # FX column = −700,000 + 90,000 = −610,000; total = −1,510,000.
    assert r["index"] == pytest.approx(-900_000.0, rel=1e-12)
    assert r["fx"] == pytest.approx(-610_000.0, rel=1e-12)
    assert r["pnl"] == pytest.approx(-1_510_000.0, rel=1e-12)
    assert r["pnl_pct"] == pytest.approx(-0.151, rel=1e-12)


def test_cash_route_fx_on_whole_position(market):
    r = row(cash_route_account(), market, one(equity_SPX=-0.30, fx_USD=-0.10))
    # MMF −700,000; ETF: 150 × −0.10 × (20,000 − 6,000) = −210,000; index −900,000 → −1,810,000.
    assert r["fx"] == pytest.approx(-910_000.0, rel=1e-12)
    assert r["pnl"] == pytest.approx(-1_810_000.0, rel=1e-12)


def test_futures_fx_only_on_variation_margin(mes_market):
    r = row(futures_account(), mes_market, one(equity_SPX=-0.30, fx_USD=-0.10))
    # MMF −700,000; futures V = 0, variation margin −6,000 USD: 150 × −0.10 × −6,000 = +90,000.
    assert r["fx"] == pytest.approx(-610_000.0, rel=1e-12)
    assert r["pnl"] == pytest.approx(-1_510_000.0, rel=1e-12)
    # With no index move the futures have no FX exposure at all: only the MMF's −700,000.
    assert row(futures_account(), mes_market, one(fx_USD=-0.10))["pnl"] == pytest.approx(-700_000.0, rel=1e-12)


def test_jpy_cash_and_yen_future_have_no_fx(market):
    acct = Account(cash=(Cash(3_000_000),), satellite=(FuturesPosition("NK225M_FUT", 1, 250_000.0),))
    r = row(acct, market, one(equity_NKY=-0.10, fx_USD=-0.10))
    # 100 JPY × 38,000 × −0.10 = −380,000; nothing in USD.
    assert r["index"] == pytest.approx(-380_000.0, rel=1e-12)
    assert r["fx"] == 0.0
    assert r["pnl_pct"] == pytest.approx(-380_000 / 3_000_000, rel=1e-12)


def test_usd_cash_moves_with_fx(market):
    acct = Account(cash=(Cash(1_000_000), Cash(10_000, "usd")))
    # 10,000 USD × 150 × 0.05 = 75,000.
    assert row(acct, market, one(fx_USD=0.05))["fx"] == pytest.approx(75_000.0, rel=1e-12)


def test_other_asset_betas(market):
    acct = Account(cash=(Cash(1_000_000),), other=(LinearAsset("short credit", 10_000.0, "USD", {"SPX": -0.2}),))
    r = row(acct, market, one(equity_SPX=-0.30, fx_USD=-0.10))
    # index: 10,000 × (−0.2 × −0.30) = +600 USD = +90,000 JPY; FX: 150 × −0.10 × (10,000 + 600) = −159,000.
    assert r["index"] == pytest.approx(90_000.0, rel=1e-12)
    assert r["fx"] == pytest.approx(-159_000.0, rel=1e-12)


# -- carry over a horizon ---------------------------------------------------------------------------------------
def test_seed_carry_over_30_days(market):
    r = row(seed(), market, one(horizon_days=30))
    mmf = 7_000_000 * 0.04 * TAU30  # 23,013.70
    dividends = 3_000_000 * 0.013 * TAU30  # 3,205.48
    funding = -3_000_000 * 0.06 * TAU30  # −14,794.52
    assert mmf == pytest.approx(23_013.70, abs=0.005)
    assert funding == pytest.approx(-14_794.52, abs=0.005)
    assert r["carry"] == pytest.approx(mmf + dividends, rel=1e-12)
    assert r["funding"] == pytest.approx(funding, rel=1e-12)
    assert r["index"] == 0.0 and r["fx"] == 0.0
    assert r["pnl"] == pytest.approx(mmf + dividends + funding, rel=1e-12)  # 11,424.66


def test_mmf_fee_reduces_carry(market):
    acct = Account(mmf=(MMF(7_000_000, amount_currency="JPY", fee=0.001),))
    # 7,000,000 × (0.04 − 0.001) × 30/365.
    assert row(acct, market, one(horizon_days=30))["carry"] == pytest.approx(7_000_000 * 0.039 * TAU30, rel=1e-12)


def test_futures_carry_over_30_days(mes_market):
    r = row(futures_account(), mes_market, one(horizon_days=30))
    # Basis convergence: funding −3,000,000 × 0.04(r at 0.25y) × τ; dividends +3,000,000 × 0.013 × τ.
    assert r["funding"] == pytest.approx(-3_000_000 * 0.04 * TAU30, rel=1e-12)  # −9,863.01
    assert r["carry"] == pytest.approx(7_000_000 * 0.04 * TAU30 + 3_000_000 * 0.013 * TAU30, rel=1e-12)


def test_carry_also_moves_with_fx(market):
    r = row(Account(mmf=(MMF(7_000_000, amount_currency="JPY"),)), market, one(horizon_days=30, fx_USD=-0.10))
    carry = 7_000_000 * 0.04 * TAU30
    # FX applies to value + carry: −0.10 × (7,000,000 + 23,013.70).
    assert r["carry"] == pytest.approx(carry, rel=1e-12)
    assert r["fx"] == pytest.approx(-0.10 * (7_000_000 + carry), rel=1e-12)


# -- decomposition sums and full revaluation ---------------------------------------------------------------------
PUT = Option("XSP", "put", 540.0, "2027-03-19")
SPREAD = put_spread("SPX", 5700.0, 5100.0, "2027-03-19")
NK_PUT = Option("NK225M_OPT", "put", 36000.0, "2027-03-12")


def everything() -> Account:
    return Account(
        mmf=(MMF(7_000_000, amount_currency="JPY", fee=0.0005), MMF(1_000_000, currency="JPY", yield_=0.003)),
        cash=(Cash(3_000_000), Cash(5_000, "USD")),
        satellite=(
            MarginPosition("SPX", 3_000_000, 0.06, value_currency="JPY"),
            EtfPosition("SPX", 10_000.0),
            EtfPosition("NKY", 1_000_000.0),
            FuturesPosition("MES", 2, 1_500.0),
            FuturesPosition("NK225M_FUT", 1, 250_000.0),
            OptionPosition(PUT, 3),
            OptionPosition(SPREAD, 1),
            OptionPosition(NK_PUT, 2),
        ),
        other=(LinearAsset("gold", 8_000.0, "USD", {"SPX": -0.1}, carry=-0.004),),
    )


@pytest.fixture
def random_set(rng) -> ScenarioSet:
    n = 200
    return ScenarioSet(pd.DataFrame({
        "label": [f"r{i}" for i in range(n)],
        "horizon_days": rng.integers(0, 90, n),
        "equity.SPX": rng.uniform(-0.5, 0.3, n),
        "equity.NKY": rng.uniform(-0.5, 0.3, n),
        "fx.USD": rng.uniform(-0.2, 0.2, n),
        "vol.SPX": rng.uniform(-0.05, 0.3, n),
        "vol.NKY": rng.uniform(-0.05, 0.3, n),
        "rate.USD": rng.uniform(-0.01, 0.01, n),
    }))


def revalue(account: Account, market, s: ScenarioSet) -> np.ndarray:
    """Independent twin: value of each linear holding at the horizon minus today, base currency, per scenario."""
    tau = s.horizon_days / 365.0
    f = s.fx("USD")
    move = {"USD": X * (1 + f), "JPY": np.ones(len(s))}
    today = {"USD": X, "JPY": 1.0}
    ccy = {"SPX": "USD", "NKY": "JPY"}
    q = {"SPX": 0.013, "NKY": 0.018}
    r = {"USD": 0.04, "JPY": 0.005}
    # floating rates move by their average change over the window: the rate_avg column, else a straight line
    # from today's rate to the scenario's end rate (half the end change)
    dr = {c: (s.table[f"rate_avg.{c}"].to_numpy() if f"rate_avg.{c}" in s.table else 0.5 * s.rate(c))
          for c in ("USD", "JPY")}
    total = np.zeros(len(s))
    for fund in account.mmf:
        units = account.mmf_units(market, fund)
        total += (units * (1 + (fund.net_yield + dr[fund.currency]) * tau) * move[fund.currency]
                  - units * today[fund.currency])
    for c in account.cash:
        total += c.amount * (move[c.currency] - today[c.currency])
    for pos in account.satellite:
        if isinstance(pos, EtfPosition | MarginPosition):
            c, v = ccy[pos.index], account.position_value(market, pos)
            total += v * (1 + s.equity(pos.index) + q[pos.index] * tau) * move[c] - v * today[c]
        if isinstance(pos, MarginPosition):
            loan, c = account.loan(market, pos)
            total += -loan * (1 + (pos.loan_rate + dr[c]) * tau) * move[c] + loan * today[c]
        if isinstance(pos, FuturesPosition):
            c = ccy[pos.index]
            notional = account.futures_notional(market, pos) / today[c]
            total += notional * (s.equity(pos.index) + (q[pos.index] - r[c] - dr[c]) * tau) * move[c]
    for a in account.other:
        beta = sum(b * s.equity(i) for i, b in a.betas.items())
        total += a.value * (1 + beta + a.carry * tau) * move[a.currency] - a.value * today[a.currency]
    return total


def test_components_sum_to_pnl(market, random_set):
    table = account_pnl(everything(), market, random_set)
    parts = table[list(COMPONENTS)].sum(axis=1).to_numpy()
    np.testing.assert_allclose(parts, table["pnl"].to_numpy(), rtol=0, atol=1e-9)
    np.testing.assert_allclose(table["pnl_pct"], table["pnl"] / everything().nav(market), rtol=1e-12)


def test_linear_pnl_equals_full_revaluation(market, random_set):
    acct = everything()
    table = account_pnl(acct, market, random_set)
    linear = (table["pnl"] - table["options"]).to_numpy()
    np.testing.assert_allclose(linear, revalue(acct, market, random_set), rtol=1e-12, atol=1e-6)


def test_recorded_rate_averages_drive_carry_and_floating_funding(market, random_set, rng):
    """With a rate_avg column (a recorded path), carry and funding follow it, not the end change."""
    table = random_set.table.copy()
    table["rate_avg.USD"] = rng.uniform(-0.03, 0.01, len(table))
    table["rate.JPY"] = rng.uniform(-0.005, 0.005, len(table))
    s = ScenarioSet(table)
    acct = everything()
    got = account_pnl(acct, market, s)
    np.testing.assert_allclose((got["pnl"] - got["options"]).to_numpy(), revalue(acct, market, s), rtol=1e-12,
                               atol=1e-6)
    plain = account_pnl(acct, market, random_set)
    assert not np.allclose(got["carry"], plain["carry"])  # the column is read: the test could fail


def test_options_column_is_repricer_pnl_times_contracts(market, random_set):
    table = account_pnl(everything(), market, random_set)
    repricer = OptionRepricer([PUT, SPREAD, NK_PUT], market)
    expected = repricer.pnl(random_set) @ np.array([3.0, 1.0, 2.0])
    np.testing.assert_allclose(table["options"], expected, rtol=1e-12, atol=1e-6)


def test_options_column_zero_without_moves(market):
    acct = Account(cash=(Cash(1_000_000),), satellite=(OptionPosition(PUT, 3),))
    # Today's kernel value equals QuantLib's, so no move at horizon 0 is no P&L (to rounding of 66,140 × 3).
    assert row(acct, market, one())["options"] == pytest.approx(0.0, abs=1e-6)


def test_option_value_today_matches_account_nav(market):
    acct = Account(cash=(Cash(1_000_000),), satellite=(OptionPosition(PUT, 3), OptionPosition(SPREAD, 1)))
    repricer = OptionRepricer([PUT, SPREAD], market)
    # NAV = 1,000,000 + QuantLib values; the repricer's today values are the kernel's: equal to 1e-8.
    kernel = repricer.value_today() @ np.array([3.0, 1.0])
    assert acct.nav(market) - 1_000_000 == pytest.approx(kernel, rel=1e-8)


def test_rows_subset(market, random_set):
    full = account_pnl(everything(), market, random_set)
    rows = np.array([5, 0, 17])
    part = account_pnl(everything(), market, random_set, rows)
    pd.testing.assert_frame_equal(part.reset_index(drop=True), full.iloc[rows].reset_index(drop=True))


# -- margin calls -----------------------------------------------------------------------------------------------
def test_margin_call_flag_switches_at_the_fall(market):
    acct = seed(collateral=1_500_000.0)
    fall = acct.margin_call_fall(market, acct.satellite[0])  # −1/3 (test_account: (3.0 − 1.5)/(3.0 × 0.75) − 1)
    assert fall == pytest.approx(-1 / 3, rel=1e-12)
    s = ScenarioSet.from_records([
        {"label": "just beyond", "horizon_days": 0, "equity.SPX": fall - 1e-6},
        {"label": "just short", "horizon_days": 0, "equity.SPX": fall + 1e-6},
        {"label": "none", "horizon_days": 0, "equity.SPX": 0.0},
    ])
    assert account_pnl(acct, market, s)["margin_call"].tolist() == [True, False, False]


def test_no_margin_call_for_seed(market):
    s = ScenarioSet.from_records([{"label": "crash", "horizon_days": 0, "equity.SPX": -0.99, "fx.USD": -0.5}])
    # Collateral 10,000,000 vs loan 3,000,000: no fall triggers (margin_call_fall is None).
    assert not row(seed(), market, s)["margin_call"]


def test_margin_call_default_collateral_moves_with_fx(market):
    # 6,000,000 of ETF on a loan with maintenance 0.5: collateral today 10,000,000 (7 MMF in USD + 3 cash).
    acct = seed(6_000_000, maintenance_ratio=0.5)
    # At e = −0.5 with no FX move: equity = 10.0 + 3.0 − 6.0 = 7.0 >= 0.5 × 3.0: no call.
    # With fx −0.9: MMF 0.7, cash 3.0, ETF 0.3, loan 0.6 (millions): 0.7 + 3.0 + 0.3 − 0.6 = 3.4 >= 0.15: no call.
    s = one(equity_SPX=-0.5, fx_USD=-0.9)
    assert not margin_calls(acct, market, s, np.array([0]))[0]
    # A JPY loan does not shrink with the yen: collateral 0.7 + 3.0 + ETF 0.3 − loan 6.0 = −2.0 < 0.15: call.
    yen_loan = seed(6_000_000, maintenance_ratio=0.5, loan_currency="JPY")
    assert margin_calls(yen_loan, market, s, np.array([0]))[0]


def test_margin_calls_without_margin_positions(market):
    assert not margin_calls(cash_route_account(), market, one(equity_SPX=-0.9), np.array([0])).any()


def test_an_option_expiring_inside_a_window_without_a_path_is_flagged_and_credited_nothing(market):
    """The 282-day 2022 bear has no recorded path offline: a put expiring on day 114 is worth nothing there."""
    from pricing import Option
    from scenarios import historical_episodes

    put = OptionPosition(Option("XSP", "put", 570.0, "2027-03-19"), 1)  # 114 days
    acct = Account(cash=(Cash(10_000_000),), satellite=(put,))
    s = historical_episodes(["2022 Rate-hike bear", "2008-09 Lehman"])
    table = account_pnl(acct, market, s)
    assert table["uncredited"].tolist() == [True, False]  # Lehman lasts 69 days: the put is alive at its end
    today = acct.option_value(market, put)
    assert table.loc[0, "options"] == pytest.approx(-today, rel=1e-12)  # the premium is lost, nothing credited

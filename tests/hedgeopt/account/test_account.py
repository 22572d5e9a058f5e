"""Holdings validation, the account's derived figures (NAV, exposure, leverage, FX share, buffers) and carry.

Reference values are the strategy's seed arithmetic, written out beside each assertion. The market is the
embedded default: SPX 6,000, NKY 38,000, USDJPY 150, USD 4% and JPY 0.5% flat, dividends SPX 1.3% / NKY 1.8%.
"""

from __future__ import annotations

import dataclasses

import pytest

from hedgeopt.account.account import Account
from hedgeopt.account.carry import yearly_carry
from hedgeopt.account.holdings import (
    MMF,
    Cash,
    EtfPosition,
    FuturesPosition,
    LinearAsset,
    MarginPosition,
    OptionPosition,
    Route,
)
from pricing import InputError, Option, default_market, price
from pricing.market import with_inputs

USDJPY = 150.0  # default_market fx["USD"]
SEED_NAV = 10_000_000.0  # 7,000,000 MMF + 3,000,000 cash + 3,000,000 ETF − 3,000,000 loan


@pytest.fixture
def market():
    return default_market()


@pytest.fixture
def mes_market():
    # One MES contract = SPX 4000 × 5 USD × 150 JPY/USD = 3,000,000 JPY.
    return with_inputs(default_market(), "SPX", spot=4000.0)


def seed(value: float = 3_000_000.0, **margin) -> Account:
    """The strategy's seed: 7,000,000 JPY USD MMF + 3,000,000 JPY cash + ``value`` JPY of SPX on a 6% USD loan."""
    return Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
                   satellite=(MarginPosition("SPX", value, 0.06, value_currency="JPY", **margin),))


def futures_account(contracts: int = 1, initial_margin: float = 1_500.0) -> Account:
    return Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
                   satellite=(FuturesPosition("MES", contracts, initial_margin),))


def cash_route_account() -> Account:
    # The 3,000,000 JPY cash spent on the ETF: MMF 7,000,000 + ETF 3,000,000, no cash left.
    return Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), satellite=(EtfPosition("SPX", 3_000_000, "JPY"),))


# -- holdings validation ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda: MMF(-1.0), r"mmf\.amount=-1\.0: expected a number >= 0"),
        (lambda: MMF(1.0, currency="US"), r"mmf\.currency='US': expected a three-letter ISO"),
        (lambda: MMF(1.0, amount_currency="YEN1"), r"mmf\.amount_currency='YEN1'"),
        (lambda: MMF(1.0, yield_=4.0), r"mmf\.yield=4\.0: .*looks like a percentage"),
        (lambda: MMF(1.0, fee=0.6), r"mmf\.fee=0\.6: expected a decimal such as 0\.04"),
        (lambda: MMF(1.0, redemption_days=-1), r"mmf\.redemption_days=-1: expected a whole number of days"),
        (lambda: MMF(1.0, redemption_days=1.5), r"mmf\.redemption_days=1\.5"),
        (lambda: Cash(float("nan")), r"cash\.amount=nan: expected a finite number"),
        (lambda: Cash(1.0, currency="¥¥¥"), r"cash\.currency='¥¥¥'"),
        (lambda: EtfPosition("SPX", 0.0), r"SPX\.value=0\.0: expected a number > 0"),
        (lambda: EtfPosition("SPX", 1.0, "JP"), r"value_currency='JP'"),
        (lambda: MarginPosition("SPX", 1.0, 6.0), r"SPX\.loan_rate=6\.0: .*looks like a percentage"),
        (lambda: MarginPosition("SPX", -5.0, 0.06), r"SPX\.value=-5\.0"),
        (lambda: MarginPosition("SPX", 1.0, 0.06, loan_currency="DOLLAR"), r"loan_currency='DOLLAR'"),
        (lambda: MarginPosition("SPX", 1.0, 0.06, loan_fraction=0.0), r"loan_fraction=0\.0: .*\(0, 1\]"),
        (lambda: MarginPosition("SPX", 1.0, 0.06, loan_fraction=1.5), r"loan_fraction=1\.5"),
        (lambda: MarginPosition("SPX", 1.0, 0.06, maintenance_ratio=1.0), r"maintenance_ratio=1\.0: .*\[0, 1\)"),
        (lambda: MarginPosition("SPX", 1.0, 0.06, maintenance_ratio=-0.1), r"maintenance_ratio=-0\.1"),
        (lambda: MarginPosition("SPX", 1.0, 0.06, collateral=-1.0), r"collateral=-1\.0: expected a number >= 0"),
        (lambda: FuturesPosition("XSP", 1, 1_500.0), r"futures\.symbol='XSP': expected a futures contract"),
        (lambda: FuturesPosition("NOPE", 1, 1_500.0), r"futures\.symbol='NOPE': expected a futures contract, one of"),
        (lambda: FuturesPosition("MES", 0, 1_500.0), r"futures\.contracts=0: expected a whole number"),
        (lambda: FuturesPosition("MES", 1.5, 1_500.0), r"futures\.contracts=1\.5"),
        (lambda: FuturesPosition("MES", 1, 0.0), r"futures\.initial_margin=0\.0: expected a number > 0"),
        (lambda: FuturesPosition("MES", 1, 1.0, maintenance_margin=-1.0), r"futures\.maintenance_margin=-1\.0"),
        (lambda: OptionPosition(Option("XSP", "put", 540.0, "2027-03-19"), 0), r"options\.contracts=0"),
        (lambda: OptionPosition(Option("XSP", "put", 540.0, "2027-03-19"), 2.5), r"options\.contracts=2\.5"),
        (lambda: LinearAsset("gold", 0.0, "USD"), r"gold\.value=0\.0"),
        (lambda: LinearAsset("gold", 1.0, "GOLD"), r"gold\.currency='GOLD'"),
        (lambda: LinearAsset("gold", 1.0, "USD", {"SPX": float("nan")}), r"gold\.betas\.SPX=nan"),
        (lambda: LinearAsset("gold", 1.0, "USD", carry=5.0), r"gold\.carry=5\.0: .*looks like a percentage"),
    ],
)
def test_holding_rejects_bad_input(build, match):
    with pytest.raises(InputError, match=match):
        build()


def test_holdings_normalise_codes_and_routes():
    assert MMF(1.0, currency="usd").currency == "USD"  # upper-cased
    assert MMF(1.0).amount_currency == "USD"  # defaults to the fund's currency
    assert FuturesPosition("mes", 2, 1_500.0).symbol == "MES"
    assert FuturesPosition("NK225M_FUT", 1, 100_000.0).index == "NKY"
    assert OptionPosition(Option("XSP", "put", 540.0, "2027-03-19"), 1).index == "SPX"
    assert [EtfPosition.route, MarginPosition.route, FuturesPosition.route, OptionPosition.route] == list(Route)
    assert MMF(1.0, yield_=0.04, fee=0.001).net_yield == pytest.approx(0.039, abs=1e-15)  # 4% − 0.1%


# -- NAV, exposure, leverage ------------------------------------------------------------------------------------
def test_seed_nav_leverage_and_exposure(market):
    acct = seed()
    # NAV = 7,000,000 + 3,000,000 + 3,000,000 (ETF) − 3,000,000 (loan) = 10,000,000.
    assert acct.nav(market) == pytest.approx(SEED_NAV, rel=1e-12)
    # Gross = 7,000,000 + 3,000,000 + 3,000,000 = 13,000,000; leverage 13/10 = 1.3.
    assert acct.gross_exposure(market) == pytest.approx(13_000_000.0, rel=1e-12)
    assert acct.leverage(market) == pytest.approx(1.3, rel=1e-12)
    assert acct.exposures(market) == pytest.approx({"SPX": 3_000_000.0}, rel=1e-12)
    # MMF units: 7,000,000 JPY / 150 = 46,666.67 USD; ETF 3,000,000 / 150 = 20,000 USD; loan the same.
    assert acct.mmf_units(market, acct.mmf[0]) == pytest.approx(7_000_000 / 150, rel=1e-12)
    assert acct.position_value(market, acct.satellite[0]) == pytest.approx(20_000.0, rel=1e-12)
    amount, currency = acct.loan(market, acct.satellite[0])
    assert (amount, currency) == (pytest.approx(20_000.0, rel=1e-12), "USD")


def test_doubled_exposure_gives_leverage_1_6(market):
    # 6,000,000 of SPX on margin: NAV still 10,000,000, gross 16,000,000 → 1.6.
    acct = seed(6_000_000)
    assert acct.nav(market) == pytest.approx(SEED_NAV, rel=1e-12)
    assert acct.leverage(market) == pytest.approx(1.6, rel=1e-12)


def test_futures_route_same_leverage(mes_market):
    acct = futures_account()
    # Futures carry no value: NAV = 7,000,000 + 3,000,000. Notional 4000 × 5 × 150 = 3,000,000 → 13/10 = 1.3.
    assert acct.futures_notional(mes_market, acct.satellite[0]) == pytest.approx(3_000_000.0, rel=1e-12)
    assert acct.nav(mes_market) == pytest.approx(SEED_NAV, rel=1e-12)
    assert acct.leverage(mes_market) == pytest.approx(1.3, rel=1e-12)
    assert acct.futures_rate(mes_market, acct.satellite[0]) == pytest.approx(0.04, abs=1e-15)  # flat USD curve


def test_cash_route_leverage_is_one(market):
    acct = cash_route_account()
    # NAV = 7,000,000 + 3,000,000 (ETF), gross the same: 1.0.
    assert acct.nav(market) == pytest.approx(SEED_NAV, rel=1e-12)
    assert acct.leverage(market) == pytest.approx(1.0, rel=1e-12)


def test_etf_value_in_index_currency(market):
    # 20,000 USD stated in USD (the default) equals 3,000,000 JPY stated in JPY.
    in_usd = Account(satellite=(EtfPosition("SPX", 20_000.0),), cash=(Cash(1.0),))
    in_jpy = Account(satellite=(EtfPosition("SPX", 3_000_000.0, "JPY"),), cash=(Cash(1.0),))
    assert in_usd.exposures(market)["SPX"] == pytest.approx(in_jpy.exposures(market)["SPX"], rel=1e-12)


def test_loan_fraction_and_loan_currency(market):
    acct = Account(cash=(Cash(3_000_000),), satellite=(
        MarginPosition("SPX", 3_000_000, 0.02, value_currency="JPY", loan_currency="JPY", loan_fraction=0.5),))
    # Half of 3,000,000 JPY borrowed in yen: 1,500,000 JPY; NAV = 3,000,000 + 3,000,000 − 1,500,000.
    amount, currency = acct.loan(market, acct.satellite[0])
    assert (amount, currency) == (pytest.approx(1_500_000.0, rel=1e-12), "JPY")
    assert acct.nav(market) == pytest.approx(4_500_000.0, rel=1e-12)
    # A yen loan leaves the whole ETF in USD: 3,000,000 / 4,500,000 = 2/3.
    assert acct.fx_shares(market) == pytest.approx({"USD": 2 / 3}, rel=1e-12)


def test_options_in_nav_and_exposure(market):
    put = Option("XSP", "put", 540.0, "2027-03-19")
    acct = Account(mmf=seed().mmf, cash=seed().cash, satellite=(*seed().satellite, OptionPosition(put, 2)))
    val = price(put, market)
    # NAV gains 2 × the QuantLib contract value (price × 100 USD × 150).
    assert acct.nav(market) == pytest.approx(SEED_NAV + 2 * val.contract_value_base, rel=1e-12)
    # A put's exposure is negative: delta × 600 points × 100 USD × 150 JPY × 2 contracts.
    expected = val.delta * 600.0 * 100.0 * 150.0 * 2
    assert expected < 0
    assert acct.exposures(market)["SPX"] == pytest.approx(3_000_000.0 + expected, rel=1e-12)
    # Gross = MMF + cash + |net SPX exposure| (the docstring's definition): the puts' delta nets the ETF's.
    assert acct.gross_exposure(market) == pytest.approx(10_000_000.0 + abs(3_000_000.0 + expected), rel=1e-12)


@pytest.mark.parametrize("strike", [480.0, 540.0, 600.0])
def test_a_long_put_lowers_exposure_and_leverage(market, strike):
    """A protective put lowers leverage (issue 12): one XSP put on the seed account, three strikes.

    Exposure nets an index's positions before the absolute value, so a put lowers it unless it over-hedges by
    more than twice the exposure it protects (net short beyond the original long).
    """
    base = seed()
    hedged = Account(mmf=base.mmf, cash=base.cash, satellite=(*base.satellite,
                                                              OptionPosition(Option("XSP", "put", strike,
                                                                                    "2027-03-19"), 1)))
    val = price(Option("XSP", "put", strike, "2027-03-19"), market)
    delta_notional = val.delta * 600.0 * 100.0 * 150.0  # < 0: delta x XSP level x multiplier x USDJPY
    assert hedged.satellite_exposures(market)["SPX"] == pytest.approx(3_000_000.0 + delta_notional, rel=1e-12)
    # MMF + cash + |net SPX|: one XSP covers 9,000,000 JPY, so the ATM put (delta about -0.45) over-hedges the
    # 3,000,000 satellite and the account is net short 1,100,000 - still less exposed than the 3,000,000 long
    assert hedged.gross_exposure(market) == pytest.approx(10_000_000.0 + abs(3_000_000.0 + delta_notional),
                                                          rel=1e-12)
    assert hedged.gross_exposure(market) < base.gross_exposure(market)
    assert hedged.leverage(market) < base.leverage(market) == pytest.approx(1.3, rel=1e-12)


def test_other_asset_exposure_by_beta(market):
    gold = LinearAsset("short credit", 10_000.0, "USD", {"SPX": -0.2})
    acct = Account(cash=(Cash(1_000_000),), other=(gold,))
    # 10,000 USD × 150 = 1,500,000 JPY; exposure −0.2 × 1,500,000 = −300,000.
    assert acct.exposures(market) == pytest.approx({"SPX": -300_000.0}, rel=1e-12)
    assert acct.nav(market) == pytest.approx(2_500_000.0, rel=1e-12)
    # Other assets count at value in gross (not via the satellite sum): 1,000,000 + 1,500,000.
    assert acct.gross_exposure(market) == pytest.approx(2_500_000.0, rel=1e-12)


def test_nav_must_be_positive(market):
    acct = Account(cash=(Cash(-1.0),))
    with pytest.raises(InputError, match=r"account=-1: expected a positive net asset value"):
        acct.nav(market)


def test_market_base_currency_must_match(market):
    usd_market = dataclasses.replace(market, base_currency="USD", fx={"JPY": 1 / 150})
    with pytest.raises(InputError, match=r"market\.base_currency='USD': expected the account's base currency JPY"):
        seed().nav(usd_market)


def test_currency_without_fx_rate_fails(market):
    acct = Account(mmf=(MMF(1_000_000, currency="EUR"),))
    with pytest.raises(InputError, match=r"fx\.EUR=None: expected an FX rate in JPY per EUR"):
        acct.nav(market)


# -- FX shares --------------------------------------------------------------------------------------------------
def test_fx_shares_seed(market):
    # MMF 7,000,000 in USD; ETF 3,000,000 USD − loan 3,000,000 USD = 0: 7/10.
    assert seed().fx_shares(market) == pytest.approx({"USD": 0.7}, rel=1e-12)


def test_fx_shares_cash_route_adds_etf(market):
    # 7,000,000 MMF + 3,000,000 ETF, both USD: 0.7 + 0.3 = 1.0.
    assert cash_route_account().fx_shares(market) == pytest.approx({"USD": 1.0}, rel=1e-12)


def test_fx_shares_futures_add_nothing(mes_market):
    assert futures_account().fx_shares(mes_market) == pytest.approx({"USD": 0.7}, rel=1e-12)


def test_fx_shares_usd_cash_and_options(market):
    put = Option("XSP", "put", 540.0, "2027-03-19")
    acct = Account(cash=(Cash(1_000_000), Cash(10_000, "USD")), satellite=(OptionPosition(put, 3),))
    option_jpy = 3 * price(put, market).contract_value_base
    # USD held: 10,000 × 150 = 1,500,000 plus the options; NAV 1,000,000 + 1,500,000 + options.
    nav = 2_500_000.0 + option_jpy
    assert acct.fx_shares(market) == pytest.approx({"USD": (1_500_000.0 + option_jpy) / nav}, rel=1e-12)


# -- buffers and margin calls -----------------------------------------------------------------------------------
def test_cash_buffer_multiple(mes_market):
    # 2 MES × 2,000 USD × 150 = 600,000 JPY of initial margin; 3,000,000 / 600,000 = 5.0.
    acct = futures_account(contracts=2, initial_margin=2_000.0)
    assert acct.futures_initial_margin(mes_market) == pytest.approx(600_000.0, rel=1e-12)
    assert acct.cash_buffer_multiple(mes_market) == pytest.approx(5.0, rel=1e-12)


def test_cash_buffer_multiple_yen_future(market):
    acct = Account(cash=(Cash(3_000_000),), satellite=(FuturesPosition("NK225M_FUT", 2, 250_000.0),))
    # Yen contract, no FX: 3,000,000 / (2 × 250,000) = 6.0.
    assert acct.cash_buffer_multiple(market) == pytest.approx(6.0, rel=1e-12)


def test_cash_buffer_multiple_none_without_futures(market):
    assert seed().cash_buffer_multiple(market) is None


def test_margin_call_fall_none_for_seed(market):
    # e* = (L − C)/(V(1 − m)) − 1 = (3,000,000 − 10,000,000)/(3,000,000 × 0.75) − 1 = −4.11 <= −1: no fall does.
    assert seed().margin_call_fall(market, seed().satellite[0]) is None


def test_margin_call_fall_with_small_collateral(market):
    acct = seed(collateral=1_500_000.0)
    # e* = (3,000,000 − 1,500,000)/(3,000,000 × 0.75) − 1 = 1,500,000/2,250,000 − 1 = −1/3.
    assert acct.margin_call_fall(market, acct.satellite[0]) == pytest.approx(-1 / 3, rel=1e-12)


def test_margin_call_fall_with_maintenance_and_leverage(market):
    acct = seed(6_000_000, maintenance_ratio=0.5, collateral=2_000_000.0)
    # e* = (6,000,000 − 2,000,000)/(6,000,000 × 0.5) − 1 = 4/3 − 1 = +1/3 (already below maintenance today).
    assert acct.margin_call_fall(market, acct.satellite[0]) == pytest.approx(1 / 3, rel=1e-12)


# -- carry ------------------------------------------------------------------------------------------------------
def test_yearly_carry_seed(market):
    c = yearly_carry(seed(), market)
    assert c.mmf_yield == pytest.approx(280_000.0, rel=1e-12)  # 7,000,000 × 0.04
    assert c.mmf_fees == 0.0
    assert c.funding == pytest.approx(-180_000.0, rel=1e-12)  # −3,000,000 × 0.06
    assert c.dividends == pytest.approx(39_000.0, rel=1e-12)  # 3,000,000 × 0.013
    assert c.other == 0.0
    assert c.borrowed_spreads == {"SPX": pytest.approx(-0.02, abs=1e-15)}  # 4% − 6%
    assert c.net == pytest.approx(280_000.0 + 39_000.0 - 180_000.0, rel=1e-12)  # 139,000
    d = c.as_dict()
    assert d["net"] == pytest.approx(139_000.0, rel=1e-12)
    assert d["borrowed_spreads"] == {"SPX": pytest.approx(-0.02, abs=1e-15)}


def test_yearly_carry_fee_reduces(market):
    acct = Account(mmf=(MMF(7_000_000, amount_currency="JPY", fee=0.001),), cash=(Cash(3_000_000),),
                   satellite=seed().satellite)
    c = yearly_carry(acct, market)
    assert c.mmf_yield == pytest.approx(280_000.0, rel=1e-12)  # gross yield unchanged
    assert c.mmf_fees == pytest.approx(-7_000.0, rel=1e-12)  # 7,000,000 × 0.001
    assert c.net == pytest.approx(139_000.0 - 7_000.0, rel=1e-12)
    assert c.borrowed_spreads == {"SPX": pytest.approx(0.039 - 0.06, abs=1e-12)}  # net 3.9% − 6%


def test_yearly_carry_futures(mes_market):
    c = yearly_carry(futures_account(), mes_market)
    # Notional 3,000,000 JPY: financing −3,000,000 × 0.04 = −120,000; dividends 3,000,000 × 0.013 = 39,000.
    assert c.funding == pytest.approx(-120_000.0, rel=1e-12)
    assert c.dividends == pytest.approx(39_000.0, rel=1e-12)
    assert c.borrowed_spreads == {}
    assert c.net == pytest.approx(280_000.0 - 120_000.0 + 39_000.0, rel=1e-12)


def test_yearly_carry_other_asset(market):
    acct = Account(cash=(Cash(1_000_000),), other=(LinearAsset("gold", 10_000.0, "USD", carry=-0.005),))
    # 10,000 USD × −0.005 × 150 = −7,500 JPY.
    assert yearly_carry(acct, market).other == pytest.approx(-7_500.0, rel=1e-12)

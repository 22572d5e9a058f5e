"""Tests of the contract catalogue (pricing.catalogue) and option/package terms (pricing.contracts).

Reference terms are the exchanges' published contract specifications, cited on each line:
Cboe (SPX, XSP, SPY options), CME (ES, MES), Osaka Exchange / JPX (Nikkei 225 options and futures).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from pricing.catalogue import CATALOGUE, ContractType, ExerciseStyle, Settlement, contract
from pricing.contracts import (
    Leg,
    Option,
    OptionKind,
    Package,
    Quote,
    call_spread,
    collar,
    legs_of,
    parse_date,
    put_spread,
    year_fraction,
)
from pricing.errors import InputError

EXPIRY = "2027-03-19"

# --------------------------------------------------------------------------------------------------------------
# Catalogue terms
# --------------------------------------------------------------------------------------------------------------

# symbol: (underlying, type, multiplier, currency, price_ratio, exercise, settlement)   source
TERMS = {
    "SPX": ("SPX", "option", 100.0, "USD", 1.0, "european", "cash"),  # Cboe SPX spec: $100 x index, AM/PM cash
    "XSP": ("SPX", "option", 100.0, "USD", 0.1, "european", "cash"),  # Cboe Mini-SPX: $100 x (SPX/10), cash
    "SPY": ("SPX", "option", 100.0, "USD", 0.1, "american", "physical"),  # Cboe SPY: 100 shares, American
    "ES": ("SPX", "future", 50.0, "USD", 1.0, None, "cash"),  # CME E-mini S&P 500: $50 x index
    "MES": ("SPX", "future", 5.0, "USD", 1.0, None, "cash"),  # CME Micro E-mini S&P 500: $5 x index
    "NK225_OPT": ("NKY", "option", 1000.0, "JPY", 1.0, "european", "cash"),  # JPX Nikkei 225 options: x1,000
    "NK225M_OPT": ("NKY", "option", 100.0, "JPY", 1.0, "european", "cash"),  # JPX Nikkei 225 mini options: x100
    "NK225_FUT": ("NKY", "future", 1000.0, "JPY", 1.0, None, "cash"),  # JPX Nikkei 225 futures (large): x1,000
    "NK225M_FUT": ("NKY", "future", 100.0, "JPY", 1.0, None, "cash"),  # JPX Nikkei 225 mini futures: x100
    "NK225U_FUT": ("NKY", "future", 10.0, "JPY", 1.0, None, "cash"),  # JPX Nikkei 225 micro futures: x10
    "USDJPY_OPT": ("USDJPY", "option", 10_000.0, "JPY", 1.0, "european", "cash"),  # OTC: 10,000 USD, yen premium
}


def test_catalogue_holds_exactly_the_documented_symbols() -> None:
    assert set(CATALOGUE) == set(TERMS), f"catalogue {sorted(CATALOGUE)}, expected {sorted(TERMS)}"
    for symbol, spec in CATALOGUE.items():
        assert spec.symbol == symbol, f"key {symbol!r} holds spec for {spec.symbol!r}"


@pytest.mark.parametrize("symbol", sorted(TERMS))
def test_catalogue_terms(symbol: str) -> None:
    underlying, ctype, multiplier, currency, ratio, exercise, settlement = TERMS[symbol]
    spec = contract(symbol)
    calculated = (spec.underlying, spec.contract_type, spec.multiplier, spec.currency, spec.price_ratio,
                  spec.exercise, spec.settlement)
    expected = (underlying, ContractType(ctype), multiplier, currency, ratio,
                None if exercise is None else ExerciseStyle(exercise), Settlement(settlement))
    assert calculated == expected, f"{symbol}: calculated {calculated}, expected {expected}"
    assert spec.is_option is (ctype == "option"), f"{symbol}: is_option={spec.is_option}"


# symbol: settles on the expiration morning's opening quotation?   source (pricing.catalogue module docstring)
SETTLES_AT_OPEN = {
    "SPX": True,  # Cboe SPX spec: standard monthlies AM-settled, Special Opening Quotation (SOQ)
    "XSP": False,  # Cboe XSP spec: PM-settled (closing value) since 2013-11-05
    "SPY": False,  # physical delivery of shares, American exercise
    "ES": True,  # CME E-mini S&P 500: final settlement at the SOQ
    "MES": True,  # CME Micro E-mini S&P 500: final settlement at the SOQ
    "NK225_OPT": True,  # JPX: Special Quotation (SQ) from the second Friday's opening prices
    "NK225M_OPT": True,  # JPX: SQ
    "NK225_FUT": True,  # JPX: SQ
    "NK225M_FUT": True,  # JPX: SQ
    "NK225U_FUT": True,  # JPX: SQ
    "USDJPY_OPT": False,  # OTC: expires at its cut, not an open
}


def test_catalogue_settlement_timing() -> None:
    assert set(SETTLES_AT_OPEN) == set(CATALOGUE)
    calculated = {symbol: spec.settles_at_open for symbol, spec in CATALOGUE.items()}
    assert calculated == SETTLES_AT_OPEN, f"calculated {calculated}, expected {SETTLES_AT_OPEN}"


# (symbol, index level, notional, source of the arithmetic)
NOTIONALS = [
    ("XSP", 6000.0, 60_000.0),  # 100 x 0.1 x 6,000 (catalogue module docstring: "about 60,000 USD")
    ("SPX", 6000.0, 600_000.0),  # 100 x 1 x 6,000: ten XSP
    ("SPY", 6000.0, 60_000.0),  # 100 shares x 600
    ("ES", 6000.0, 300_000.0),  # 50 x 6,000
    ("MES", 6000.0, 30_000.0),  # 5 x 6,000
    ("NK225U_FUT", 38000.0, 380_000.0),  # micro: 10 x 38,000 JPY
    ("NK225M_FUT", 38000.0, 3_800_000.0),  # mini: 100 x 38,000 JPY
    ("NK225_OPT", 38000.0, 38_000_000.0),  # 1,000 x 38,000 JPY
]


@pytest.mark.parametrize(("symbol", "level", "expected"), NOTIONALS)
def test_notional(symbol: str, level: float, expected: float) -> None:
    calculated = contract(symbol).notional(level)
    assert calculated == pytest.approx(expected, rel=1e-15), (
        f"{symbol} at {level}: calculated {calculated}, expected {expected}"
    )


@pytest.mark.parametrize("spelling", ["xsp", "Xsp", " XSP ", "nk225m_opt"])
def test_contract_lookup_is_case_insensitive(spelling: str) -> None:
    assert contract(spelling) is CATALOGUE[spelling.strip().upper()]


def test_contract_unknown_symbol_lists_known_symbols() -> None:
    listed = "contract='SPXW': expected one of SPX, XSP, SPY, ES, MES, NK225_OPT"
    with pytest.raises(InputError, match=f"^{re.escape(listed)}") as info:
        contract("SPXW")
    for symbol in CATALOGUE:
        assert symbol in str(info.value), f"{symbol} missing from {info.value}"


def test_contract_spec_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        contract("SPX").multiplier = 50.0  # type: ignore[misc]


# --------------------------------------------------------------------------------------------------------------
# Option
# --------------------------------------------------------------------------------------------------------------


def test_option_normalises_inputs() -> None:
    opt = Option("xsp", "PUT", 540, EXPIRY)
    assert opt.symbol == "XSP" and opt.kind is OptionKind.PUT
    assert isinstance(opt.strike, float) and opt.strike == 540.0
    assert opt.expiry == dt.date(2027, 3, 19)
    assert opt.spec is CATALOGUE["XSP"]
    assert opt.label == "XSP 2027-03-19 540 put", opt.label


def test_option_label_keeps_fractional_strike() -> None:
    assert Option("SPX", "call", 5412.5, dt.date(2027, 3, 19)).label == "SPX 2027-03-19 5412.5 call"


def test_option_datetime_expiry_becomes_date() -> None:
    opt = Option("SPX", "put", 5400.0, dt.datetime(2027, 3, 19, 16, 0))
    assert type(opt.expiry) is dt.date and opt.expiry == dt.date(2027, 3, 19)


def test_option_on_a_future_is_rejected() -> None:
    with pytest.raises(InputError, match=r"^symbol='ES': expected an option contract, not a future$"):
        Option("ES", "put", 5400.0, EXPIRY)


def test_option_unknown_symbol() -> None:
    with pytest.raises(InputError, match=r"^contract='FOO': expected one of"):
        Option("FOO", "put", 5400.0, EXPIRY)


@pytest.mark.parametrize("bad", [0.0, -540.0])
def test_option_non_positive_strike(bad: float) -> None:
    with pytest.raises(InputError, match=f"^{re.escape(f'strike={bad!r}: expected a number > 0')}$"):
        Option("XSP", "put", bad, EXPIRY)


def test_option_nan_strike() -> None:
    with pytest.raises(InputError, match=r"^strike=nan: expected a finite number$"):
        Option("XSP", "put", float("nan"), EXPIRY)


def test_option_bad_kind() -> None:
    with pytest.raises(InputError, match=r"^kind='straddle': expected 'put' or 'call'$"):
        Option("XSP", "straddle", 540.0, EXPIRY)


@pytest.mark.parametrize("bad", ["2027-02-30", "19/03/2027", "next march"])
def test_option_bad_expiry_string(bad: str) -> None:
    with pytest.raises(InputError, match=rf"^expiry='{bad}': expected an ISO date such as 2027-03-19$"):
        Option("XSP", "put", 540.0, bad)


def test_option_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Option("XSP", "put", 540.0, EXPIRY).strike = 1.0  # type: ignore[misc]


def test_option_kind_parse() -> None:
    assert OptionKind.parse(" Call ") is OptionKind.CALL
    assert OptionKind.parse(OptionKind.PUT) is OptionKind.PUT
    with pytest.raises(InputError, match=r"^side='p': expected 'put' or 'call'$"):
        OptionKind.parse("p", "side")


# --------------------------------------------------------------------------------------------------------------
# Quote
# --------------------------------------------------------------------------------------------------------------


def test_quote_mid() -> None:
    q = Quote(5.0, 5.5)
    assert q.mid == 5.25, f"mid of 5.0/5.5: calculated {q.mid}, expected 5.25"  # (5.0 + 5.5) / 2
    assert Quote(0.0, 0.0).mid == 0.0  # a zero bid (worthless wing) is legal


def test_quote_bid_above_ask() -> None:
    with pytest.raises(InputError, match=r"^bid=5\.6: expected bid <= ask \(ask=5\.5\)$"):
        Quote(5.6, 5.5)


def test_quote_negative_bid() -> None:
    with pytest.raises(InputError, match=r"^bid=-0\.05: expected a number >= 0$"):
        Quote(-0.05, 1.0)


def test_quote_negative_ask() -> None:
    with pytest.raises(InputError, match=r"^ask=-1\.0: expected a number >= 0$"):
        Quote(0.0, -1.0)


def test_quote_nan_ask() -> None:
    with pytest.raises(InputError, match=r"^ask=nan: expected a finite number$"):
        Quote(1.0, float("nan"))


# --------------------------------------------------------------------------------------------------------------
# Leg, Package, spreads and collars
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [0, 1.0, 0.5, "1"])
def test_leg_quantity_must_be_non_zero_int(bad: object) -> None:
    with pytest.raises(InputError, match=r"^quantity=.*: expected a non-zero whole number of contracts per package$"):
        Leg(Option("XSP", "put", 540.0, EXPIRY), bad)  # type: ignore[arg-type]


def test_legs_of_option_is_one_long_leg() -> None:
    opt = Option("XSP", "put", 540.0, EXPIRY)
    assert legs_of(opt) == (Leg(opt, 1),)


def test_put_spread_terms() -> None:
    pkg = put_spread("spx", 5400, 4800, EXPIRY)
    assert pkg.name == pkg.label == "SPX 2027-03-19 5400/4800 put spread", pkg.name
    (long_leg, short_leg) = pkg.legs
    assert (long_leg.quantity, long_leg.option.kind, long_leg.option.strike) == (1, OptionKind.PUT, 5400.0)
    assert (short_leg.quantity, short_leg.option.kind, short_leg.option.strike) == (-1, OptionKind.PUT, 4800.0)
    assert pkg.spec is CATALOGUE["SPX"] and pkg.expiry == dt.date(2027, 3, 19)
    assert legs_of(pkg) == pkg.legs


@pytest.mark.parametrize("short_strike", [5400.0, 5500.0])
def test_put_spread_long_strike_must_be_above_short(short_strike: float) -> None:
    message = f"short_strike={short_strike!r}: expected a strike below the long strike 5400"
    with pytest.raises(InputError, match=f"^{re.escape(message)}$"):
        put_spread("SPX", 5400.0, short_strike, EXPIRY)


def test_call_spread_terms() -> None:
    pkg = call_spread("XSP", 600, 650, EXPIRY)
    assert pkg.name == "XSP 2027-03-19 600/650 call spread", pkg.name
    assert [(leg.quantity, leg.option.kind, leg.option.strike) for leg in pkg.legs] == [
        (1, OptionKind.CALL, 600.0), (-1, OptionKind.CALL, 650.0)]


@pytest.mark.parametrize("short_strike", [600.0, 550.0])
def test_call_spread_inverted(short_strike: float) -> None:
    message = f"short_strike={short_strike!r}: expected a strike above the long strike 600"
    with pytest.raises(InputError, match=f"^{re.escape(message)}$"):
        call_spread("XSP", 600.0, short_strike, EXPIRY)


def test_collar_terms() -> None:
    pkg = collar("NK225M_OPT", 36000, 40000, EXPIRY)
    assert pkg.name == "NK225M_OPT 2027-03-19 36000/40000 collar", pkg.name
    assert [(leg.quantity, leg.option.kind, leg.option.strike) for leg in pkg.legs] == [
        (1, OptionKind.PUT, 36000.0), (-1, OptionKind.CALL, 40000.0)]


@pytest.mark.parametrize("call_strike", [36000.0, 35000.0])
def test_collar_inverted(call_strike: float) -> None:
    message = f"call_strike={call_strike!r}: expected a strike above the put strike 36000"
    with pytest.raises(InputError, match=f"^{re.escape(message)}$"):
        collar("NK225M_OPT", 36000.0, call_strike, EXPIRY)


def test_package_legs_on_two_contracts() -> None:
    legs = (Leg(Option("SPX", "put", 5400.0, EXPIRY), 1), Leg(Option("XSP", "put", 480.0, EXPIRY), -1))
    with pytest.raises(InputError, match=r"^legs=\['SPX', 'XSP'\]: expected legs on one contract$"):
        Package("mixed", legs)


def test_package_without_legs() -> None:
    with pytest.raises(InputError, match=r"^legs=\(\): expected at least one leg$"):
        Package("empty")


def test_package_legs_given_as_list_are_frozen() -> None:
    leg = Leg(Option("SPX", "put", 5400.0, EXPIRY), 1)
    pkg = Package("one leg", [leg])  # type: ignore[arg-type]
    assert isinstance(pkg.legs, tuple), f"legs stored as {type(pkg.legs).__name__}, expected tuple"
    assert hash(pkg) == hash(Package("one leg", (leg,)))


def test_package_expiry_is_earliest_leg() -> None:
    near, far = Option("SPX", "put", 5400.0, "2027-03-19"), Option("SPX", "put", 5000.0, "2027-06-18")
    pkg = Package("calendar", (Leg(far, 1), Leg(near, -1)))
    assert pkg.expiry == dt.date(2027, 3, 19), pkg.expiry


# --------------------------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------------------------


def test_parse_date_accepts_date_and_iso_string() -> None:
    assert parse_date("d", "2027-03-19") == dt.date(2027, 3, 19)
    assert parse_date("d", dt.date(2027, 3, 19)) == dt.date(2027, 3, 19)


def test_parse_date_rejects_bad_string_naming_field() -> None:
    with pytest.raises(InputError, match=r"^valuation_date='2026-11-31': expected an ISO date"):
        parse_date("valuation_date", "2026-11-31")


def test_year_fraction_is_act_365() -> None:
    # 2026-11-25 -> 2027-03-19: 5 (rest of Nov) + 31 + 31 + 28 + 19 = 114 days; 114 / 365
    calculated = year_fraction(dt.date(2026, 11, 25), dt.date(2027, 3, 19))
    assert calculated == 114 / 365, f"calculated {calculated}, expected {114 / 365}"
    # a leap year still divides by 365: 2028-01-01 -> 2029-01-01 is 366 days
    assert year_fraction(dt.date(2028, 1, 1), dt.date(2029, 1, 1)) == 366 / 365


def test_leg_quantity_bool_rejected() -> None:
    with pytest.raises(InputError, match=r"^quantity=True: expected a non-zero whole number"):
        Leg(Option("SPX", "put", 5400.0, EXPIRY), True)


@pytest.mark.parametrize("make", [put_spread, call_spread, collar])
def test_package_strikes_validated_before_comparison(make) -> None:
    # A string strike used to compare as text ("900" > "4800"); a NaN used to blame the other strike.
    with pytest.raises(InputError, match=r"=nan: expected a finite number"):
        make("SPX", float("nan"), 5000.0, EXPIRY)
    with pytest.raises(InputError, match=r"expected a number"):
        make("SPX", "x", 5000.0, EXPIRY)


def test_parse_date_rejects_integers() -> None:
    with pytest.raises(InputError, match=r"^expiry=20270319: expected an ISO date"):
        parse_date("expiry", 20270319)

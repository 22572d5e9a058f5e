"""The checks before use, held to their exact words and figures: every finding's key and values, every refusal's
field, value, expectation and hint (what the mutation run of ``pricing/chains/checks.py`` showed untested)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math

import pytest

from pricing.black_scholes import bs_price
from pricing.chains.chain import chain_from_table
from pricing.chains.checks import MAX_QUOTE_AGE_DAYS, Finding, chain_findings
from pricing.chains.formats import read_chain_table
from pricing.errors import InputError
from pricing.market import RateCurve, default_market

MARKET = default_market()  # 2026-11-25, SPX 6000, USD 4% flat, q 1.3%
EXPIRIES = ("2027-01-15", "2027-03-19", "2027-06-18")


def _text(symbol: str = "SPX", spot: float = 6000.0) -> str:
    """A generic chain of ``symbol`` (SPX points, or XSP's tenth) priced at the default surface, spread 1%."""
    ratio = 0.1 if symbol == "XSP" else 1.0
    rows = ["expiry,strike,type,bid,ask"]
    for expiry in EXPIRIES:
        t = (dt.date.fromisoformat(expiry) - MARKET.valuation_date).days / 365
        for k in range(5400, 6601, 100):
            vol = float(MARKET.surface("SPX").vol(k / spot, t))
            for kind in ("call", "put"):
                p = float(bs_price(kind == "call", spot * ratio, k * ratio, t, 0.04, 0.013, vol))
                rows.append(f"{expiry},{k * ratio:g},{kind},{round(p * 0.995, 2)},{round(p * 1.005, 2)}")
    return "\n".join(rows)


def _chain(text: str, symbol: str = "SPX", market=MARKET, **table_changes):
    table = dataclasses.replace(read_chain_table(io.StringIO(text), symbol), **table_changes)
    return chain_from_table(table, symbol, market, on_bad_row="skip")


def _refusal(chain, market=MARKET) -> InputError:
    with pytest.raises(InputError) as info:
        chain_findings(chain, market, "market.chains.X")
    return info.value


def test_every_counted_finding_with_its_exact_values():
    extra = ["2026-11-25,6000,put,1,2",  # expires today
             "2027-03-19,3000,put,0,0",  # nobody quotes it
             "2027-03-19,3100,put,0,0.05",  # a zero bid
             "2027-03-19,5450,put,200,210",  # asked above the put struck 50 higher: inconsistent, stale
             "2027-03-19,5403,put,1,2",  # off the grid: a bad row
             "2027-12-17,5000,put,80,82"]  # one quote: too thin to fit
    chain = _chain(_text() + "\n" + "\n".join(extra), format="ibkr", other=((3, "SPXW weekly"), (9, "SPXW")),
                   quote_date=MARKET.valuation_date)
    found = chain_findings(chain, MARKET, "market.chains.X")
    assert [f.key for f in found] == ["layout_assumed", "other_rows", "expiring_today", "unquoted", "zero_bids",
                                      "inconsistent", "skipped", "unfitted", "fit_error"]
    values = {f.key: f.values for f in found}
    assert values["layout_assumed"] == {"format": "ibkr"}
    assert values["other_rows"] == {"rows": 2, "first": "SPXW weekly"}
    assert values["expiring_today"] == {"rows": 1}
    assert values["unquoted"] == {"rows": 1} and values["zero_bids"] == {"rows": 1}
    assert values["inconsistent"] == {"rows": 1}
    assert values["skipped"] == {"rows": 1, "first": "row 84 strike=5403.0: expected a listed SPX strike, a "
                                                      "multiple of 5 points"}
    assert values["unfitted"] == {"expiries": ["2027-12-17"]}


def test_the_worst_fitted_expiry_is_the_one_named():
    chain = _chain(_text(), quote_date=MARKET.valuation_date)
    by = chain.fit.by_expiry
    worst = by.loc[by["max_abs_error"].idxmax()]
    (fit,) = [f for f in chain_findings(chain, MARKET) if f.key == "fit_error"]
    assert fit.values == {"max_abs_error": float(worst["max_abs_error"]), "rms_error": float(by["rms_error"].max()),
                          "t": float(worst["t"])}
    assert by["max_abs_error"].nunique() == len(by) == 3  # a distinct worst: iloc[-1] is the only right pick


def test_undated_and_settled_findings_carry_their_figures():
    chain = _chain(_text())
    assert chain_findings(chain, MARKET)[0] == Finding("undated", {"valuation_date": "2026-11-25"})
    settled = dataclasses.replace(chain, quotes=chain.quotes.assign(settled=True))
    assert Finding("settled", {"rows": len(chain.quotes)}) in chain_findings(settled, MARKET)


def test_a_chain_without_its_table_or_carry_is_still_checked():
    chain = _chain(_text())
    bare = dataclasses.replace(chain, table=None, carry=None, forwards=None, fit=None)
    found = chain_findings(bare, MARKET)
    assert [f.key for f in found] == ["undated", "unfitted"]


def test_refusals_name_field_value_expectation_and_hint():
    late = _refusal(_chain(_text(), quote_date=dt.date(2026, 11, 26)))
    assert (late.field, late.value, late.expected, late.hint) == (
        "market.chains.X date", "2026-11-26", "quotes of the valuation date 2026-11-25 or before",
        "quotes from after the valuation date: set [market] valuation_date to their date")
    old = MARKET.valuation_date - dt.timedelta(days=MAX_QUOTE_AGE_DAYS + 1)
    stale = _refusal(_chain(_text(), quote_date=old))
    assert (stale.field, stale.value, stale.expected, stale.hint) == (
        "market.chains.X date", old.isoformat(), "quotes at most 4 days older than the valuation date 2026-11-25",
        "stale quotes: download the chain again")
    spot = _refusal(_chain(_text(), underlying_price=6222.123456))
    assert (spot.field, spot.value, spot.expected) == (
        "market.chains.X underlying", 6222.1235, "an underlying level within 2% of the market's spot 6,000")
    assert spot.hint.startswith("the spot and the quotes are not of the same moment (or not in the same unit): give "
                                "[market] spots of the chain's time, or leave the spot out to take the chain's")


def test_a_parity_refusal_names_the_chain():
    moved = dataclasses.replace(MARKET, spots={**MARKET.spots, "SPX": 5800.0})
    refused = _refusal(_chain(_text(), market=moved), moved)
    assert refused.field == "market.chains.X underlying"
    assert refused.value == pytest.approx(6000.0, rel=3e-4)  # where the quotes sit
    assert refused.expected == "an underlying level within 2% of the market's spot 5,800"


def test_quotes_exactly_four_days_old_are_accepted():
    edge = MARKET.valuation_date - dt.timedelta(days=MAX_QUOTE_AGE_DAYS)
    assert chain_findings(_chain(_text(), quote_date=edge), MARKET)[0] == Finding(
        "stale", {"date": edge.isoformat(), "days": MAX_QUOTE_AGE_DAYS})


def test_an_xsp_chain_is_compared_with_a_tenth_of_the_index():
    chain = _chain(_text("XSP"), "XSP", underlying_price=602.0)
    found = {f.key: f.values for f in chain_findings(chain, MARKET)}
    assert found["spot"] == {"implied": 602.0, "spot": 600.0, "gap": pytest.approx(602.0 / 600.0 - 1.0, abs=1e-15)}
    assert "parity_spot" not in found  # the quotes sit on 600: parity agrees with the market


def test_the_parity_spot_and_the_carry_values():
    moved = dataclasses.replace(MARKET, spots={**MARKET.spots, "SPX": 5970.0})
    found = {f.key: f.values for f in chain_findings(_chain(_text(), market=moved), moved)}
    gap = found["parity_spot"]["gap"]
    assert gap == pytest.approx(6000.0 / 5970.0 - 1.0, abs=3e-4)
    assert found["parity_spot"]["implied"] == pytest.approx(5970.0 * (1.0 + gap), rel=1e-12)
    curve = RateCurve((182, 365, 730), (0.03, 0.04, 0.05))  # zero rate 4% at one year, 5% at two
    market = dataclasses.replace(MARKET, curves={**MARKET.curves, "USD": curve},
                                 dividend_yields={**MARKET.dividend_yields, "SPX": 0.04})
    chain = _chain(_text(), market=market)
    (carry,) = [f for f in chain_findings(chain, market) if f.key == "carry"]
    assert carry.values == {"carry": chain.carry.carry, "model": market.carry("SPX"),
                            "implied_yield": 0.04 - chain.carry.carry, "yield": 0.04}


def test_an_american_chain_has_no_parity_to_check():
    text = "expiry,strike,type,bid,ask\n2027-03-19,600,put,19,19.5\n2027-03-19,600,call,24,24.5\n"
    chain = _chain(text, "SPY", quote_date=MARKET.valuation_date)
    assert chain.carry is None
    assert [f.key for f in chain_findings(chain, MARKET)] == ["unfitted"]
    assert not math.isnan(chain.quotes["iv"].iloc[0])

"""Sanity before use: stale quotes, spots from another moment, parity gaps, and the counts a user must be told."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest

from pricing.black_scholes import bs_price
from pricing.chains.chain import chain_from_table
from pricing.chains.checks import MAX_QUOTE_AGE_DAYS, Finding, chain_findings
from pricing.chains.formats import read_chain_table
from pricing.errors import InputError
from pricing.market import default_market, with_inputs

MARKET = default_market()  # 2026-11-25, SPX 6000, USD 4% flat, q 1.3%
EXPIRIES = ("2027-01-15", "2027-03-19", "2027-06-18")


def _text(spot: float = 6000.0, q: float = 0.013, zero_bid: bool = False) -> str:
    """Generic CSV priced on ``spot`` and dividend yield ``q`` at the default surface's vols, spread 1%."""
    surface = MARKET.surface("SPX")
    rows = ["expiry,strike,type,bid,ask"]
    for expiry in EXPIRIES:
        t = (dt.date.fromisoformat(expiry) - MARKET.valuation_date).days / 365
        for k in range(5400, 6601, 100):
            for kind in ("call", "put"):
                p = float(bs_price(kind == "call", spot, k, t, 0.04, q, float(surface.vol(k / spot, t))))
                bid = 0.0 if zero_bid and k == 6600 and kind == "call" else round(p * 0.995, 2)
                rows.append(f"{expiry},{k},{kind},{bid},{round(p * 1.005, 2)}")
    return "\n".join(rows)


def _chain(text: str, market=MARKET, **table_changes):
    table = dataclasses.replace(read_chain_table(io.StringIO(text), "SPX"), **table_changes)
    return chain_from_table(table, "SPX", market, on_bad_row="skip")


def _keys(findings: tuple[Finding, ...]) -> list[str]:
    return [f.key for f in findings]


def test_a_clean_dated_chain_reports_only_its_fit():
    found = chain_findings(_chain(_text(), quote_date=MARKET.valuation_date), MARKET)
    assert _keys(found) == ["fit_error"]
    assert found[0].values["max_abs_error"] < 0.002  # quotes rounded to cents: fit within 0.2 vol point


def test_an_undated_file_says_so():
    assert _keys(chain_findings(_chain(_text()), MARKET))[0] == "undated"


def test_quotes_a_weekend_old_are_reported_older_refused_and_future_refused():
    friday = MARKET.valuation_date - dt.timedelta(days=2)
    found = chain_findings(_chain(_text(), quote_date=friday), MARKET)
    assert found[0] == Finding("stale", {"date": friday.isoformat(), "days": 2})
    old = MARKET.valuation_date - dt.timedelta(days=MAX_QUOTE_AGE_DAYS + 1)
    with pytest.raises(InputError, match=r"stale quotes: download the chain again"):
        chain_findings(_chain(_text(), quote_date=old), MARKET)
    with pytest.raises(InputError, match=r"quotes from after the valuation date"):
        chain_findings(_chain(_text(), quote_date=MARKET.valuation_date + dt.timedelta(days=1)), MARKET)


def test_stated_underlying_far_from_the_spot_is_refused_near_it_reported():
    with pytest.raises(InputError, match=r"within 2% of the market's spot 6,000"):
        chain_findings(_chain(_text(), underlying_price=6200.0), MARKET)
    found = chain_findings(_chain(_text(), underlying_price=6030.0), MARKET)
    spot = next(f for f in found if f.key == "spot")
    assert spot.values["gap"] == pytest.approx(0.005)


def test_quotes_of_another_spot_are_refused_by_parity():
    # The quotes are priced on 6,180 (3% above the market's spot): parity puts the underlying there.
    with pytest.raises(InputError, match=r"the spot and the quotes are not of the same moment"):
        chain_findings(_chain(_text(spot=6180.0)), MARKET)
    found = chain_findings(_chain(_text(spot=6030.0)), MARKET)
    gap = next(f for f in found if f.key == "parity_spot")
    assert gap.values["gap"] == pytest.approx(0.005, abs=3e-4)


def test_a_dividend_yield_the_forwards_disagree_with_is_reported():
    found = chain_findings(_chain(_text(q=0.03)), MARKET)
    carry = next(f for f in found if f.key == "carry")
    assert carry.values["implied_yield"] == pytest.approx(0.03, abs=5e-4)
    assert carry.values["yield"] == 0.013
    moved = with_inputs(MARKET, "SPX", dividend_yield=0.03)
    assert "carry" not in _keys(chain_findings(_chain(_text(q=0.03), moved), moved))


def test_zero_bids_bad_rows_and_other_contracts_are_counted():
    text = _text(zero_bid=True) + "\n2027-03-19,5403,put,1,2\n2027-03-19,5500,put,9,8"
    chain = _chain(text, other=((7, "SPXW: weekly"),))
    found = {f.key: f.values for f in chain_findings(chain, MARKET)}
    assert found["zero_bids"] == {"rows": 3}  # the 6600 call of each expiry
    assert found["skipped"]["rows"] == 2 and "multiple of 5" in found["skipped"]["first"]
    assert found["other_rows"] == {"rows": 1, "first": "SPXW: weekly"}


def test_thin_expiries_are_named():
    text = _text() + "\n2027-12-17,5000,put,80,82\n2027-12-17,7000,call,40,42"
    found = {f.key: f.values for f in chain_findings(_chain(text), MARKET)}
    assert found["unfitted"] == {"expiries": ["2027-12-17"]}


def test_a_fit_that_did_not_converge_is_said(monkeypatch):
    import pricing.smiles.fit as fit

    real = fit.minimize

    def stuck(*args, **kwargs):
        result = real(*args, **kwargs)
        result.success = False  # as SLSQP reports "Iteration limit reached"
        return result

    monkeypatch.setattr(fit, "minimize", stuck)
    chain = _chain(_text(), quote_date=MARKET.valuation_date)
    assert not chain.fit.by_expiry["converged"].any() and chain.fit.arbitrage.empty
    found = {f.key: f.values for f in chain_findings(chain, MARKET)}
    assert found["not_converged"] == {"expiries": list(EXPIRIES)}


def test_options_expiring_today_are_counted():
    chain = _chain(_text() + "\n2026-11-25,6000,put,10,11\n2026-11-25,6000,call,10,11")
    assert {f.key: f.values for f in chain_findings(chain, MARKET)}["expiring_today"] == {"rows": 2}

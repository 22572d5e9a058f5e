"""The ``[hedge.fx]`` section: strict parsing, and the yen hedges it offers on a market."""

from __future__ import annotations

import datetime as dt

import pytest

from hedgeopt.config.fx_hedge_spec import FxCandidateSpec, fx_from_table
from hedgeopt.config.hedge_spec import hedge_from_table
from pricing import InputError, Option, Package, default_market
from pricing.fx.instruments import FxHedge
from pricing.market import Market

MARKET = default_market()  # valuation 2026-11-25, USDJPY 150


def test_defaults_offer_every_route_and_dollar_puts() -> None:
    found = FxCandidateSpec().candidates(MARKET, 30)
    linear = [c for c in found if isinstance(c, FxHedge)]
    options = [c for c in found if isinstance(c, Option | Package)]
    assert [h.label for h in linear] == [
        "OTC_FX USDJPY (sell USD)", "CLICK365 USDJPY (sell USD)",
        "MJY 2027-03-15 yen future (sell USD)", "MJY 2027-06-14 yen future (sell USD)",  # first after 30 days
        "6J 2027-03-15 yen future (sell USD)", "6J 2027-06-14 yen future (sell USD)",
        "USDJPY_FWD 2026-12-25 forward (sell USD)", "USDJPY_FWD 2027-02-25 forward (sell USD)",
    ]
    # 1, 3, 6 months (the 1-month expiry, 2026-12-18, is 23 days away: left out at a 30-day horizon) x 3 strikes
    # x (put + one spread)
    assert {o.expiry for o in options} == {dt.date(2027, 2, 19), dt.date(2027, 5, 21)}
    assert len(options) == 2 * 3 * 2
    assert {o.legs[0].option.strike if isinstance(o, Package) else o.strike for o in options} == {135.0, 142.5,
                                                                                                   150.0}
    assert options == [c for c in found[: len(options)]]  # options first, then the linear hedges


def test_no_yen_hedges_for_a_dollar_account_or_when_disabled() -> None:
    from dataclasses import replace

    dollar_based = replace(MARKET, base_currency="USD", fx={"JPY": 1 / 150})
    assert isinstance(dollar_based, Market)
    assert FxCandidateSpec().candidates(dollar_based, 30) == []
    assert FxCandidateSpec(enabled=False).candidates(MARKET, 30) == []


def test_parsing_reads_every_key() -> None:
    spec = fx_from_table({"instruments": ["otc_fx"], "forward_months": 2, "futures": 1, "options": False,
                          "option_months": [3], "put_moneyness": [0.95], "spread_widths": [0.05, 0.1],
                          "carry_days": 30, "enabled": True})
    assert spec.instruments == ("OTC_FX",) and spec.forward_months == (2,) and spec.futures == 1
    assert not spec.options and spec.carry_days == 30 and spec.spread_widths == (0.05, 0.1)
    assert hedge_from_table({"fx": {"carry_days": 91}}).fx.carry_days == 91
    assert hedge_from_table({}).fx == FxCandidateSpec()


@pytest.mark.parametrize(("table", "message"), [
    ({"carry_days": "365"}, r"^hedge\.fx\.carry_days='365': expected a number"),
    ({"carry_days": True}, r"^hedge\.fx\.carry_days=True: expected a number"),
    ({"carry_days": 0}, r"^hedge\.fx\.carry_days=0: expected a whole number of days >= 1"),
    ({"carry_days": 30.5}, r"^hedge\.fx\.carry_days=30\.5: expected a whole number"),
    ({"enabled": "yes"}, r"^hedge\.fx\.enabled='yes': expected true or false"),
    ({"instruments": ["EURJPY"]}, r"^hedge\.fx\.instruments='EURJPY': expected one of USDJPY_FWD, 6J, MJY, "
                                  r"CLICK365, OTC_FX"),
    ({"instruments": [3]}, r"^hedge\.fx\.instruments=\[3\]"),
    ({"futures": 9}, r"^hedge\.fx\.futures=9: expected a whole number of quarterly expiries"),
    ({"forward_months": [0]}, r"^hedge\.fx\.forward_months=\(0,\): expected whole numbers of months >= 1"),
    ({"put_moneyness": [95]}, r"^hedge\.fx\.put_moneyness=\(95\.0,\): expected fractions of spot"),
    ({"strikes": [0.9]}, r"^hedge\.fx\.strikes=\[0\.9\]: expected one of the keys"),
])
def test_bad_values_name_the_key(table: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        fx_from_table(table)

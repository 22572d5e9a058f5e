"""``[routes.calls]``: the call and call-spread candidates of route C, and the errors that name their key."""

from __future__ import annotations

import datetime as dt

import pytest

from hedgeopt.config.call_spec import CallCandidateSpec, calls_from_table
from hedgeopt.face.cli.exits import Exit, code_of
from pricing import InputError, OptionKind, default_market

MARKET = default_market()  # SPX 6,000: XSP 600, strikes every 5 points (listed_strike rounds down)


def test_defaults_are_the_documented_grid():
    spec = CallCandidateSpec()
    assert spec.symbol == "XSP" and spec.months == (3, 6, 12)
    assert spec.call_moneyness == (0.9, 0.925, 0.95, 0.975, 1.0, 1.025, 1.05, 1.075, 1.1)
    assert spec.spread_widths == (0.05, 0.10, 0.20) and spec.calls and spec.spreads and spec.commission is None


def test_instruments_are_calls_and_spreads_short_higher_on_listed_strikes():
    spec = CallCandidateSpec(months=(3,), call_moneyness=(0.95, 1.0, 1.025), spread_widths=(0.05, 0.10))
    got = spec.instruments(MARKET)
    expiry = dt.date(2027, 2, 19)  # the standard monthly expiry 3 months after the default market's 2026-11-25
    # 0.95 x 600 = 570, 1.025 x 600 = 615 (listed: every 5 points); short legs 5% (30 points) and 10% (60) higher
    assert [i.label for i in got] == [
        f"XSP {expiry} 570 call", f"XSP {expiry} 570/600 call spread", f"XSP {expiry} 570/630 call spread",
        f"XSP {expiry} 600 call", f"XSP {expiry} 600/630 call spread", f"XSP {expiry} 600/660 call spread",
        f"XSP {expiry} 615 call", f"XSP {expiry} 615/645 call spread", f"XSP {expiry} 615/675 call spread",
    ]
    spread = got[1]
    assert [(leg.option.kind, leg.option.strike, leg.quantity) for leg in spread.legs] == [
        (OptionKind.CALL, 570.0, 1), (OptionKind.CALL, 600.0, -1)]


def test_families_and_expiries_can_be_left_out():
    only_calls = CallCandidateSpec(months=(3, 6), spreads=False).instruments(MARKET)
    assert len(only_calls) == 2 * 9 and all("spread" not in i.label for i in only_calls)
    only_spreads = CallCandidateSpec(months=(3,), calls=False).instruments(MARKET)
    assert len(only_spreads) == 9 * 3 and all("spread" in i.label for i in only_spreads)
    # the 3-month expiry is 86 days away: a 100-day horizon keeps only the 6- and 12-month ones
    longer = CallCandidateSpec(spreads=False).instruments(MARKET, min_days=100)
    assert {i.expiry for i in longer} == {dt.date(2027, 5, 21), dt.date(2027, 11, 19)}
    with pytest.raises(InputError, match=r"routes\.calls\.months.*at least one expiry 400 days"):
        CallCandidateSpec(months=(3, 6)).instruments(MARKET, min_days=400)


def test_table_reads_lists_ranges_and_booleans():
    spec = calls_from_table({"symbol": "XSP", "months": [6, 12], "spreads": False, "commission": 150,
                             "call_moneyness": {"start": 0.95, "stop": 1.05, "step": 0.05},
                             "spread_widths": [0.1]})
    assert spec.months == (6, 12) and spec.call_moneyness == (0.95, 1.0, 1.05)
    assert spec.spread_widths == (0.1,) and spec.calls and not spec.spreads and spec.commission == 150.0
    assert calls_from_table({}) == CallCandidateSpec()


@pytest.mark.parametrize(("table", "match"), [
    ({"call_moneyness": "1"}, r"routes\.calls\.call_moneyness='1': expected a number \(without quotes\)"),
    ({"call_moneyness": True}, r"routes\.calls\.call_moneyness=True: expected a number.*true and false"),
    ({"call_moneyness": [20]}, r"routes\.calls\.call_moneyness=\(20\.0,\): expected fractions of spot"),
    ({"call_moneyness": [0.9, "1"]}, r"routes\.calls\.call_moneyness\[1\]='1'"),
    ({"spread_widths": [1.0]}, r"routes\.calls\.spread_widths=1\.0: expected widths as fractions of spot below 1"),
    ({"spread_widths": -0.1}, r"routes\.calls\.spread_widths"),
    ({"months": [0]}, r"routes\.calls\.months=\[0\]: expected whole numbers of months >= 1"),
    ({"months": [3.5]}, r"routes\.calls\.months"),
    ({"calls": "yes"}, r"routes\.calls\.calls='yes': expected true or false"),
    ({"calls": False, "spreads": False}, r"routes\.calls\.calls=False: expected at least one of calls or spreads"),
    ({"commission": "150"}, r"routes\.calls\.commission='150': expected a number"),
    ({"commission": -1}, r"routes\.calls\.commission"),
    ({"symbol": "MES"}, r"routes\.calls\.symbol='MES': expected an index option contract"),
    ({"moneyness": [1.0]}, r"routes\.calls\.moneyness.*did you mean 'call_moneyness'\?"),
])
def test_bad_values_name_their_key_and_exit_2(table, match):
    with pytest.raises(InputError, match=match) as info:
        calls_from_table(table)
    assert code_of(info.value) is Exit.INPUT and int(code_of(info.value)) == 2


def test_not_a_table():
    with pytest.raises(InputError, match=r"routes\.calls=\[1\]: expected a table of keys"):
        calls_from_table([1])

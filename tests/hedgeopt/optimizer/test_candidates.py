"""Hedge candidates: which instruments CandidateSpec generates, what each costs, and its payoff under scenarios."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from hedgeopt.config.hedge_spec import CandidateSpec
from hedgeopt.optimizer.candidates import Candidates
from pricing import InputError, Leg, Option, Package, Quote, default_market, price, put_spread, trade_quote
from pricing.trading_costs import DEFAULT_QUOTE_MODEL
from scenarios import grid
from scenarios.sets.scenario_set import ScenarioSet

MARKET = default_market()  # valuation 2026-11-25, SPX 6,000 (XSP 600), NKY 38,000, USDJPY 150
XSP_SPOT = 600.0  # SPX 6,000 x XSP price ratio 0.1
USDJPY = 150.0
# Third Fridays after 2026-11-25: +1 month 2026-12-18 (23 days), +3 2027-02-19 (86), +6 2027-05-21 (177).
DEC, FEB, MAY = dt.date(2026, 12, 18), dt.date(2027, 2, 19), dt.date(2027, 5, 21)


def quoted(option: Option, bid: float, ask: float) -> Option:
    return Option(option.symbol, option.kind, option.strike, option.expiry, Quote(bid, ask))


def quoted_spread(long_strike: float, short_strike: float, expiry, long_q: Quote, short_q: Quote) -> Package:
    plain = put_spread("XSP", long_strike, short_strike, expiry)
    legs = tuple(Leg(quoted(leg.option, *((long_q if leg.quantity > 0 else short_q).bid,
                                          (long_q if leg.quantity > 0 else short_q).ask)), leg.quantity)
                 for leg in plain.legs)
    return Package(plain.name, legs)


# -- which instruments ---------------------------------------------------------------------------------------

def test_default_spec_generates_every_strike_and_spread_once():
    spec = CandidateSpec()
    instruments = spec.instruments(MARKET)
    labels = [i.label for i in instruments]
    assert len(labels) == len(set(labels))
    # 3 expiries x 11 put strikes (0.75 .. 1.00 by 0.025 of 600: 450, 465, ..., 600) x (1 put + 3 spreads);
    # every short strike (strike - 30, 60 or 90) stays above 0, and no two moneyness round to one strike.
    assert len(instruments) == 3 * 11 * 4
    assert {i.expiry for i in instruments} == {DEC, FEB, MAY}
    puts = sorted({i.strike for i in instruments if isinstance(i, Option)})
    assert puts == [450.0 + 15.0 * k for k in range(11)]
    assert all(i.kind == "put" and i.symbol == "XSP" for i in instruments if isinstance(i, Option))
    spreads = [i for i in instruments if isinstance(i, Package)]
    widths = {i.legs[0].option.strike - i.legs[1].option.strike for i in spreads}
    assert widths == {30.0, 60.0, 90.0}  # 0.05, 0.10, 0.15 x 600
    for s in spreads:
        (long_leg, short_leg) = s.legs
        assert (long_leg.quantity, short_leg.quantity) == (1, -1)
        assert long_leg.option.expiry == short_leg.option.expiry == s.expiry
        assert long_leg.option.strike in puts


def test_strikes_round_down_to_the_listed_grid():
    # XSP strikes every 1 point: 0.913 x 600 = 547.8 -> 547. SPX every 5: 0.913 x 6,000 = 5,478 -> 5,475.
    # Nikkei mini every 125 yen points: 0.913 x 38,000 = 34,694 -> 34,625, second-Friday expiries.
    xsp = CandidateSpec(months=(3,), put_moneyness=(0.913,), spreads=False).instruments(MARKET)
    assert [i.strike for i in xsp] == [547.0]
    spx = CandidateSpec("SPX", months=(3,), put_moneyness=(0.913,), spreads=False).instruments(MARKET)
    assert [i.strike for i in spx] == [5475.0]
    nk = CandidateSpec("NK225M_OPT", months=(3,), put_moneyness=(0.913,), spread_widths=(0.05,)).instruments(MARKET)
    assert nk[0].strike == 34625.0 and nk[0].expiry == dt.date(2027, 2, 12)  # 2nd Friday of February 2027
    # Spread short strike 34,625 - 0.05 x 38,000 = 32,725 -> 32,625.
    assert [leg.option.strike for leg in nk[1].legs] == [34625.0, 32625.0]


def test_duplicates_after_rounding_are_dropped():
    # 0.9 and 0.9001 both give strike 540 (540.06 rounds down); widths 0.05 and 0.0499 both give 510
    # (540 - 29.94 = 510.06 rounds down).
    spec = CandidateSpec(months=(3,), put_moneyness=(0.9, 0.9001), spread_widths=(0.05, 0.0499))
    assert [i.label for i in spec.instruments(MARKET)] == [
        "XSP 2027-02-19 540 put", "XSP 2027-02-19 540/510 put spread"]


def test_families_can_be_switched_off_and_spreads_below_zero_are_skipped():
    only_puts = CandidateSpec(months=(3,), spreads=False).instruments(MARKET)
    assert only_puts and all(isinstance(i, Option) for i in only_puts)
    only_spreads = CandidateSpec(months=(3,), puts=False).instruments(MARKET)
    assert only_spreads and all(isinstance(i, Package) for i in only_spreads)
    assert len(only_puts) == 11 and len(only_spreads) == 33
    # Long strike 0.9 x 600 = 540, width 0.95 x 600 = 570: the short strike would be -30, so no spread.
    assert CandidateSpec(months=(3,), put_moneyness=(0.9,), spread_widths=(0.95,), puts=False).instruments(
        MARKET) == []


def test_min_days_drops_expiries_before_the_horizon():
    spec = CandidateSpec()
    by_days = {d: {i.expiry for i in spec.instruments(MARKET, d)} for d in (0, 23, 24, 86, 87, 177)}
    assert by_days[0] == by_days[23] == {DEC, FEB, MAY}  # December expiry is exactly 23 days away: kept
    assert by_days[24] == by_days[86] == {FEB, MAY}
    assert by_days[87] == by_days[177] == {MAY}
    with pytest.raises(InputError, match=r"hedge\.months=\(1, 3, 6\): expected at least one expiry 178 days or "
                                         r"more away \(the scenario horizon is longer than every candidate expiry\)"):
        spec.instruments(MARKET, 178)


# -- validation ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("kwargs", "message"), [
    ({"symbol": "MES"}, r"hedge\.symbol='MES': expected an index option contract, one of SPX, XSP, SPY, NK225_OPT, "
                        r"NK225M_OPT"),
    ({"months": ()}, r"hedge\.months=\(\): expected whole numbers of months >= 1"),
    ({"months": (0, 3)}, r"hedge\.months=\(0, 3\): expected whole numbers of months >= 1"),
    ({"months": (1.5,)}, r"hedge\.months=\(1\.5,\): expected whole numbers of months >= 1"),
    ({"put_moneyness": (0.9, 0.0)}, r"hedge\.put_moneyness=\(0\.9, 0\.0\): expected fractions of spot such as 0\.9"),
    ({"put_moneyness": (90,)}, r"hedge\.put_moneyness=\(90,\): expected fractions of spot"),
    ({"spread_widths": (-0.05,)}, r"hedge\.spread_widths=\(-0\.05,\): expected fractions of spot"),
    ({"spread_widths": (2.5,)}, r"hedge\.spread_widths=\(2\.5,\): expected fractions of spot"),
    ({"commission": -1.0}, r"hedge\.commission=-1\.0: expected a number >= 0"),
    ({"commission": math.nan}, r"hedge\.commission=nan: expected a finite number"),
    ({"puts": False, "spreads": False}, r"hedge\.puts=False: expected at least one of puts or spreads"),
])
def test_spec_validation(kwargs, message):
    with pytest.raises(InputError, match=message):
        CandidateSpec(**kwargs)


def test_unknown_symbol_is_an_input_error():
    with pytest.raises(InputError, match=r"FOO"):
        CandidateSpec("FOO")


@pytest.mark.parametrize("name", ["put_moneyness", "spread_widths"])
def test_nan_fractions_are_rejected_where_given(name):
    with pytest.raises(InputError, match=rf"hedge\.{name}\[1\]=nan: expected a finite number"):
        CandidateSpec(**{name: (0.9, math.nan)})


def test_candidates_validation():
    with pytest.raises(InputError, match=r"hedge\.candidates=\[\]: expected at least one candidate instrument"):
        Candidates([], MARKET)
    put = Option("XSP", "put", 540, FEB)
    with pytest.raises(InputError, match=r"commission=-5\.0: expected a number >= 0"):
        Candidates([put], MARKET, commission=-5.0)


# -- costs ---------------------------------------------------------------------------------------------------

def model_quote(option: Option) -> Quote:
    """The quote model's bid/ask on the QuantLib price and delta of ``option`` (the reference)."""
    v = price(option, MARKET)
    return DEFAULT_QUOTE_MODEL.quote_one(v.price, abs(v.delta), option.symbol)


IBKR_ONE_LOT = 1.00 + 0.02685 + 0.02  # IBKR order minimum + ORF + OCC clearing, USD, one contract bought


def test_unquoted_cost_is_the_quote_models_ask_plus_commission_per_leg():
    put, spread = Option("XSP", "put", 540, FEB), put_spread("XSP", 540, 480, FEB)
    cands = Candidates([put, spread], MARKET, commission=70.0)
    long_q, short_q = model_quote(put), model_quote(Option("XSP", "put", 480, FEB))
    # ask x multiplier x USDJPY + commission x legs, by hand from the quote model on the QuantLib price
    assert cands.cost[0] == pytest.approx(long_q.ask * 100 * USDJPY + 70.0, abs=1e-6)
    assert cands.cost[1] == pytest.approx((long_q.ask - short_q.bid) * 100 * USDJPY + 2 * 70.0, abs=1e-6)
    # the model value stays beside the cost: QuantLib vs the fast kernel, ~1e-10 (tests/scenarios/test_repricing)
    ql_put, ql_spread = price(put, MARKET).contract_value_base, price(spread, MARKET).contract_value_base
    assert cands.model_value.tolist() == pytest.approx([ql_put, ql_spread], rel=1e-9)
    assert np.all(cands.premium > cands.model_value)  # bought above the model, at the ask
    assert 0 < cands.cost[1] - 140.0 < cands.cost[0] - 70.0  # a spread costs less than its long leg


def test_the_default_commission_is_the_published_schedule_in_yen():
    put, spread = Option("XSP", "put", 540, FEB), put_spread("XSP", 540, 480, FEB)
    cands = Candidates([put, spread], MARKET)
    short_bid = model_quote(Option("XSP", "put", 480, FEB)).bid
    # the put: one contract bought, IBKR minimum 1.00 + ORF 0.02685 + OCC 0.02 = 1.04685 USD x 150
    assert cands.commission_cost[0] == pytest.approx(IBKR_ONE_LOT * USDJPY, abs=1e-9)
    # the spread: the short leg is sold, adding FINRA TAF 0.00279 and SEC 0.000008 x its value sold
    sold = IBKR_ONE_LOT + 0.00279 + 0.000008 * short_bid * 100
    assert cands.commission_cost[1] == pytest.approx((IBKR_ONE_LOT + sold) * USDJPY, abs=1e-9)
    assert cands.cost.tolist() == pytest.approx((cands.premium + cands.commission_cost).tolist(), abs=1e-9)


def test_vectorized_costs_equal_the_per_instrument_quantlib_quotes():
    # The twin: Candidates prices every leg at once on the fast kernel; trade_quote one instrument at a time on
    # QuantLib (1e-10 apart), through package_quote. Same ticks, same schedules, every European contract.
    nk = dt.date(2027, 2, 12)
    instruments = [put_spread("XSP", 540, 480, FEB), Option("SPX", "put", 5100, MAY), Option("XSP", "put", 450, DEC),
                   Option("NK225_OPT", "put", 34_000, nk), put_spread("NK225M_OPT", 36_000, 33_000, nk),
                   quoted_spread(560, 520, FEB, Quote(4.90, 5.10), Quote(2.00, 2.20))]
    cands = Candidates(instruments, MARKET)
    for j, instrument in enumerate(instruments):
        t = trade_quote(instrument, MARKET)
        assert cands.premium[j] == pytest.approx(t.quote.ask * t.multiplier * t.fx_to_base, abs=1e-6), instrument
        assert cands.commission_cost[j] == pytest.approx(t.quote.commission_buy * t.fx_to_base, abs=1e-9)
        assert cands.model_value[j] == pytest.approx(t.quote.model * t.multiplier * t.fx_to_base, rel=1e-9)


def test_quoted_put_costs_the_ask():
    # Ask 5.10 points x 100 USD x 150 JPY = 76,500 JPY, plus one leg of 50 JPY commission. The bid is irrelevant.
    put = quoted(Option("XSP", "put", 560, FEB), 4.90, 5.10)
    assert Candidates([put], MARKET, commission=50.0).cost.tolist() == pytest.approx([76_500.0 + 50.0], abs=1e-9)
    wide = quoted(Option("XSP", "put", 560, FEB), 0.0, 5.10)
    # the default commission: IBKR's 1.00 order minimum + ORF + OCC = 1.04685 USD = 157.0275 JPY at 150
    assert Candidates([wide], MARKET).cost[0] == pytest.approx(5.10 * 100 * USDJPY + 157.0275, abs=1e-9)


def test_quoted_spread_pays_the_long_ask_and_receives_the_short_bid():
    # Long 560 at ask 5.10, short 520 at bid 2.00 (its ask 2.20 is irrelevant): 3.10 x 100 x 150 = 46,500 JPY,
    # plus 2 legs x 50 JPY.
    spread = quoted_spread(560, 520, FEB, Quote(4.90, 5.10), Quote(2.00, 2.20))
    cost = Candidates([spread], MARKET, commission=50.0).cost[0]
    assert cost == pytest.approx((5.10 - 2.00) * 100 * USDJPY + 100.0, abs=1e-9)


def test_an_unquoted_leg_of_a_quoted_spread_trades_at_the_quote_model():
    # Each leg on its own: the quoted long leg at its chain ask 5.10, the unquoted short leg at the model's bid.
    plain = put_spread("XSP", 560, 520, FEB)
    half = Package(plain.name, (Leg(quoted(plain.legs[0].option, 4.9, 5.1), 1), plain.legs[1]))
    cands = Candidates([half, plain], MARKET, commission=50.0)
    long_q, short_q = model_quote(plain.legs[0].option), model_quote(plain.legs[1].option)
    assert cands.cost[0] == pytest.approx((5.10 - short_q.bid) * 100 * USDJPY + 100.0, abs=1e-6)
    assert cands.cost[1] == pytest.approx((long_q.ask - short_q.bid) * 100 * USDJPY + 100.0, abs=1e-6)


def test_quoted_nikkei_option_needs_no_fx():
    # NK225 mini: multiplier 100 JPY per point, so ask 300 points costs 30,000 JPY at FX 1; Rakuten charges
    # 19.8 yen a contract, rounded down to the yen: 19 yen.
    put = quoted(Option("NK225M_OPT", "put", 34_000, dt.date(2027, 2, 12)), 280.0, 300.0)
    assert Candidates([put], MARKET).cost[0] == pytest.approx(30_000.0 + 19.0, abs=1e-9)


# -- payoff --------------------------------------------------------------------------------------------------

SCEN = grid([-0.3, -0.1, 0.0, 0.1], [-0.1, 0.0], [0.0], [0.0], [30])


def test_payoff_is_value_at_the_horizon_less_cost():
    instruments = CandidateSpec(months=(3,), put_moneyness=(0.85, 0.95), spread_widths=(0.1,)).instruments(MARKET)
    cands = Candidates(instruments, MARKET, commission=25.0)
    payoff = cands.payoff(SCEN)
    assert payoff.shape == (len(SCEN), len(cands)) == (8, 4)
    np.testing.assert_allclose(payoff, cands.value(SCEN) - cands.cost[None, :], rtol=0, atol=1e-9)
    # Rows and columns select the same numbers (lazy pricing prices only what it is asked for).
    rows, cols = np.array([5, 0, 3]), np.array([3, 1])
    np.testing.assert_allclose(cands.payoff(SCEN, rows, cols), payoff[np.ix_(rows, cols)], rtol=1e-13, atol=1e-9)
    # A put gains in the crash and loses at most its cost: -cost <= payoff.
    assert np.all(payoff >= -cands.cost[None, :] - 1e-9)
    crash = SCEN.labels.index("SPX -30% / USD +0% / vol +0 / 30d")
    assert np.all(payoff[crash] > 0)


def test_payoff_now_with_no_move_is_minus_the_spread_paid():
    # Horizon 0, nothing moves: a candidate is worth its model value, so it loses ask - model (plus commission)
    # the moment it is bought, whether the ask is the quote model's or the chain's.
    now = ScenarioSet.from_records([{"label": "now", "horizon_days": 0, "equity.SPX": 0.0, "fx.USD": 0.0}])
    model_put = Option("XSP", "put", 560, FEB)
    model = price(model_put, MARKET).contract_value_base
    cands = Candidates([model_put, quoted(model_put, 0.0, 20.0)], MARKET, commission=10.0)
    payoff = cands.payoff(now)[0]
    assert payoff[0] == pytest.approx(model - (model_quote(model_put).ask * 100 * USDJPY + 10.0), abs=1e-6)
    assert payoff[1] == pytest.approx(model - (20.0 * 100 * USDJPY + 10.0), rel=1e-9)


def test_labels_and_instruments_keep_column_order():
    instruments = [put_spread("XSP", 560, 520, FEB), Option("XSP", "put", 540, MAY)]
    cands = Candidates(instruments, MARKET)
    assert len(cands) == 2 and cands.instruments == instruments
    assert cands.labels == ["XSP 2027-02-19 560/520 put spread", "XSP 2027-05-21 540 put"]

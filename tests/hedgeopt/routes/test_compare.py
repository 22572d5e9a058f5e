"""The four routes side by side on the seed account: every figure by hand where arithmetic gives it.

Market: SPX 6,000, USDJPY 150, USD 3-month 4.00%, SPX dividends 1.30%; the config horizon is 30 days.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from hedgeopt.config.config import config_from_dict, load_config
from hedgeopt.face.cli import main
from hedgeopt.risk.checklist import checklist
from hedgeopt.routes.build import RouteName
from hedgeopt.routes.compare import compare_routes
from hedgeopt.routes.costs import expiry_payoff

SEED = Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml"
A, B, C, D = RouteName.MARGIN, RouteName.FUTURES, RouteName.CALLS, RouteName.CASH
TAU = 30 / 365


@pytest.fixture(scope="module")
def seed():
    return load_config(SEED)


@pytest.fixture(scope="module")
def comparison(seed):
    return compare_routes(seed)


def by(c, route):
    return next(f for f in c.routes if f.route is route)


def test_the_seed_exposure_four_ways(comparison):
    c = comparison
    assert c.target == pytest.approx(3_000_000) and c.nav == pytest.approx(10_000_000) and not c.unavailable
    assert [f.route for f in c.routes] == [A, B, C, D]
    assert [f.cost["base"].cost_year for f in (by(c, A), by(c, B), by(c, D))] == pytest.approx(
        [141_000, 123_450, -39_000])
    assert c.ranking() == [D, B, A, C]


def test_worst_case_is_the_checklists_plus_the_opening_costs(seed, comparison):
    worst = checklist(seed).checks[1]  # the margin route is the seed as it is
    a = by(comparison, A).worst["base"]
    assert a.loss == pytest.approx(worst.value + 1_500 / 10_000_000, abs=1e-9)
    assert a.scenario == "2007-10 GFC bear" and not a.margin_call and a.reference_rows == 88 and a.gap < 1e-6


def test_upside_by_hand(comparison):
    # +10% over 30 days, beside the core: the index's gain, less the loan's or the futures' financing, plus the
    # dividends, less the opening costs
    loan = 3e6 * 0.06 * TAU
    div = 3e6 * 0.013 * TAU
    assert by(comparison, A).upside[0]["gain"] == pytest.approx(300_000 - loan + div - 1_500)
    assert by(comparison, D).upside[0]["gain"] == pytest.approx(300_000 + div - 4_500)
    futures = 450_000 - 4.5e6 * 0.04 * TAU + 4.5e6 * 0.013 * TAU - 603.75
    assert by(comparison, B).upside[0]["gain"] == pytest.approx(futures)
    assert by(comparison, B).upside[1]["share"] == pytest.approx((futures + 450_000) / 600_000)


def test_the_fall_that_calls_each_route(comparison):
    # futures: the cash 3,000,000 less the maintenance margin (90% of 8% of 4,500,000) paid away by a fall of
    # 2,676,000 / 4,500,000; the margin loan posts all the cash and MMF: no fall calls it
    assert by(comparison, B).trigger.fall == pytest.approx(-(3_000_000 - 324_000) / 4_500_000)
    assert by(comparison, A).trigger.fall is None and by(comparison, C).trigger.fall is None
    assert by(comparison, B).buffer.cash_multiple == pytest.approx(3_000_000 / 360_000)
    assert by(comparison, D).buffer.share == pytest.approx(0.7) and by(comparison, D).buffer.tied_up == 3e6


def test_route_c_holds_the_participation_with_the_loss_fixed(seed, comparison):
    f = by(comparison, C)
    answer = f.calls.answer
    assert answer.optimal and answer.required == pytest.approx((300_000, 600_000))
    assert all(a >= r for a, r in zip(answer.achieved_quantlib, answer.required, strict=True))
    # the premium, ask and commissions, is the most the options lose; the worst case holds the cap
    assert f.buffer.tied_up == pytest.approx(answer.cost * 1.001)  # with the yen converted at 0.1%
    assert f.worst["base"].loss <= seed.risk.cap and f.worst["base"].reference_rows == 88
    # a year of decay: each option's cost less its payoff with the index unchanged, per year of its life
    m = seed.market
    decay = sum(p.contracts * (cost - expiry_payoff(p.instrument, m)) * 365 / (p.instrument.expiry
                                                                               - m.valuation_date).days
                for p, cost in f.built.options)
    assert f.cost["base"].decay == pytest.approx(decay) and f.cost["base"].funding == pytest.approx(0.0)
    # regimes move the others' funding, not a premium already paid
    assert f.cost["rising"].cost_year == pytest.approx(f.cost["base"].cost_year)


def test_regimes(comparison):
    a, b = by(comparison, A), by(comparison, B)
    assert a.cost["rising"].funding == pytest.approx(3e6 * 0.07) and b.cost["falling"].funding == pytest.approx(
        4.5e6 * 0.03)
    # rising dollar rates lift the 7,000,000 MMF more than the 3,000,000 loan: a smaller worst case
    assert a.worst["rising"].loss < a.worst["base"].loss < a.worst["falling"].loss
    assert comparison.reordered() == {}


def test_the_ranking_changes_where_the_arithmetic_says(seed):
    # A fixed 3.5% yen margin loan against USD futures on one MES's 4,500,000 JPY: margin 99,000 a year in every
    # regime; futures 123,450 today, 78,450 when dollar rates fall (tests/hedgeopt/routes/test_costs.py)
    data = tomllib.loads(SEED.read_text())
    data["account"]["satellite"][0].update(loan_rate=0.035, loan_currency="JPY")
    c = compare_routes(config_from_dict(data), exposure=4_500_000)
    assert c.ranking().index(A) < c.ranking().index(B)
    assert c.ranking("falling").index(B) < c.ranking("falling").index(A)
    assert list(c.reordered()) == ["falling"]


def test_routes_left_out_say_why(seed):
    c = compare_routes(seed, exposure=12_000_000)  # more than the cash and MMF: no ETF outright
    assert "cash" in c.unavailable and c.unavailable["cash"].error is not None
    data = tomllib.loads(SEED.read_text())
    data["routes"] = {"budget": 1_000}
    c = compare_routes(config_from_dict(data))
    assert c.unavailable["calls"].limit == "budget"
    assert c.unavailable["calls"].fields["least_premium"] > 1_000


def test_leverage_instead_of_exposure(seed):
    c = compare_routes(seed, leverage=1.5)
    assert c.target == pytest.approx(5_000_000)
    with pytest.raises(ValueError, match="either an exposure or a leverage"):
        compare_routes(seed, exposure=1e6, leverage=1.5)


def test_cli_json_carries_every_figure(capsys):
    assert main(["routes", str(SEED), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["target"] == pytest.approx(3e6) and [r["letter"] for r in out["routes"]] == list("ABCD")
    margin = out["routes"][0]
    assert margin["cost"]["base"]["cost_year"] == pytest.approx(141_000)
    assert set(margin["cost"]) == {"base", "rising", "falling"} and margin["trigger"]["fall"] is None
    assert out["ranking"]["base"] == ["cash", "futures", "margin", "calls"]
    assert out["routes"][2]["calls"]["status"] == "optimal" and out["market"]["illustrative"] is True
    assert margin["holds"][0]["loan_rate"] == 0.06 and out["routes"][1]["holds"][0]["symbol"] == "MES"
    assert out["routes"][2]["holds"][0]["instrument"].endswith("call spread")


@pytest.mark.parametrize("argv", [["--exposure", "-5"], ["--exposure", "1e6", "--leverage", "1.3"],
                                  ["--leverage", "1.0"], ["--leverage", "130"],
                                  ["--leverage", "abc"], ["--exposure", "nan"]])
def test_cli_bad_flags_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        code = main(["routes", str(SEED), *argv])
        raise SystemExit(code)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_another_index_takes_its_own_options_and_futures():
    data = tomllib.loads(SEED.read_text())
    data["account"]["satellite"][0]["index"] = "NKY"
    data["risk"]["cap"] = 0.30
    c = compare_routes(config_from_dict(data))
    assert c.index == "NKY" and c.index_currency == "JPY" and not c.unavailable
    calls = by(c, C)
    assert {p.instrument.spec.symbol for p, _ in calls.built.options} == {"NK225M_OPT"}
    futures = next(p for p in by(c, B).built.account.satellite if p.route.value == "futures")
    assert futures.symbol == "NK225M_FUT"
    data["routes"] = {"calls": {"symbol": "SPX"}}  # an S&P 500 option named for a Nikkei comparison: refused
    c = compare_routes(config_from_dict(data))
    assert c.unavailable["calls"].error.field == "routes.calls.symbol"


def test_a_held_put_stays_and_is_not_the_exposure_compared(tmp_path):
    # the seed with one XSP put held: the satellite is still the 3,000,000 JPY ETF, and every route keeps the put
    text = SEED.read_text().replace('maintenance_ratio = 0.25\n', 'maintenance_ratio = 0.25\n\n[[account.satellite]]\n'
                                    'route = "options"\ncontract = "XSP"\ncontracts = 1\nstrike = 540\n'
                                    'expiry = "2027-06-18"\n', 1)
    c = compare_routes(config_from_dict(tomllib.loads(text)))
    assert c.target == pytest.approx(3_000_000)
    for f in c.routes:
        puts = [p for p in f.built.account.satellite if p.route.value == "options" and p.instrument.label.endswith(
            "540 put")]
        assert len(puts) == 1
    assert by(c, A).worst["base"].reference_rows == 88  # the route re-valued by the reference, its put with QuantLib


def test_a_steep_hiking_regime_puts_the_calls_ahead_of_the_borrowed_routes():
    # 2022-like: +4.25 points at once, the index -19% over the year. The borrowed routes pay the whole change:
    # margin 3,000,000 x 10.25% - 39,000 = 268,500; futures 4,500,000 x 8.25% - 58,500 + 1,950 = 314,700; the
    # calls' premium is paid at today's rates, so C (205,323 today, dearest) moves ahead of both.
    data = tomllib.loads(SEED.read_text())
    data["routes"] = {"regimes": [{"name": "hikes", "change": 0.0425, "path": "step", "equity": -0.19}]}
    c = compare_routes(config_from_dict(data))
    assert by(c, A).cost["hikes"].cost_year == pytest.approx(268_500)
    assert by(c, B).cost["hikes"].cost_year == pytest.approx(314_700)
    assert c.ranking() == [D, B, A, C] and c.ranking("hikes") == [D, C, A, B]
    assert c.reordered() == {"hikes": [D, C, A, B]}
    # the regime's own year joins the worst-case set: with the index -90% over it, it sets the margin route's
    # worst case, by hand: the ETF -2,700,000, the loan at 10.25% -307,500, the MMF at 8.25% +577,500, dividends
    # +39,000, the opening 1,500: -2,392,500
    data["routes"]["regimes"][0]["equity"] = -0.90
    worst = by(compare_routes(config_from_dict(data)), A).worst["hikes"]
    assert worst.scenario == "hikes rates"
    assert worst.loss == pytest.approx((2_700_000 + 307_500 - 577_500 - 39_000 + 1_500) / 1e7, abs=1e-12)

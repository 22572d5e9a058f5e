"""Verification: the figures the mutation run found unchecked (``make mutation``): the sample beyond the size checked
in full, the American legs' stated error, and each condition exactly at its bound."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, Cash, MarginPosition, OptionPosition
from hedgeopt.config.hedge_spec import CandidateSpec
from hedgeopt.optimizer import verification as v
from hedgeopt.optimizer.candidates import Candidates
from hedgeopt.optimizer.problem import HedgeProblem
from hedgeopt.optimizer.result import Verification
from pricing import HedgeoptError, Option, default_market
from scenarios import monte_carlo

NAV = 1_000_000.0


def test_up_to_the_stated_size_every_scenario_is_re_evaluated() -> None:
    rows, sample = v.sample_rows(np.zeros(v.REFERENCE_ALL), np.array([3]))
    assert sample == "all"
    np.testing.assert_array_equal(rows, np.arange(11_000))


def test_beyond_it_the_sample_is_the_near_rows_the_1000_worst_and_the_seeded_10000() -> None:
    n = 20_000
    total = np.random.default_rng(7).permutation(n) / n - 0.5  # hedged P&L, fraction of NAV, all different
    near = np.array([17, 19_999])
    rows, sample = v.sample_rows(total, near)
    worst = np.argsort(total)[:1_000]
    expected = np.unique(np.concatenate([near, worst, v.random_rows(n)]))
    np.testing.assert_array_equal(rows, expected)
    assert sample == v.SAMPLE and set(worst) <= set(rows) and set(near) <= set(rows)


def test_the_random_sample_is_10000_distinct_rows_the_same_every_time() -> None:
    first = v.random_rows(50_000)
    assert first.size == 10_000 == np.unique(first).size
    assert first.min() >= 0 and first.max() < 50_000
    np.testing.assert_array_equal(first, v.random_rows(50_000))


def _american_problem() -> SimpleNamespace:
    """A hedge of 3 SPY 500 puts (American, 100 shares) beside an XSP put (European); the account holds 2 more."""
    market = default_market()
    spy = Option("SPY", "put", 500.0, "2027-03-19")
    xsp = Option("XSP", "put", 540.0, "2027-03-19")
    return SimpleNamespace(
        candidates=SimpleNamespace(instruments=[xsp, spy], outlay=np.array([1_000.0, 2_000.0])),
        account=SimpleNamespace(satellite=(OptionPosition(spy, 2),)), market=market, nav=NAV)


def test_american_legs_widen_the_tolerance_and_the_band_by_their_stated_error() -> None:
    # 7.5e-3 x 500 strike x 100 shares x (3 + 2) contracts x 150 JPY x 2 (FX headroom) = 562,500 JPY
    problem = _american_problem()
    q = np.array([4.0, 3.0])
    assert v.american_error(problem, q) == pytest.approx(562_500.0, rel=1e-12)
    assert v.tolerance(problem, q) == pytest.approx(1e-6 + 0.5625, rel=1e-12)
    assert v.near_band(problem, q) == pytest.approx(1e-3 + 0.5625, rel=1e-12)
    assert v.american_error(problem, np.array([4.0, 0.0])) == pytest.approx(225_000.0, rel=1e-12)  # the account's


def _check(**figures: float) -> Verification:
    base = dict(n_scenarios=10, worst_case_fast=0.01, n_reference=10, worst_case_reference=0.01, max_abs_diff=0.0,
                sample="all", passed=True, tolerance=1.0, n_fast=10)
    return Verification(**{**base, **figures})


def _problem(cvar_cap: float | None = None, objective: str = "cost") -> SimpleNamespace:
    cvar = None if cvar_cap is None else SimpleNamespace(cap=cvar_cap)
    return SimpleNamespace(nav=NAV, cvar=cvar, objective=SimpleNamespace(value=objective))


def _result(cvar_after: float | None = None) -> SimpleNamespace:
    return SimpleNamespace(cap=0.05, base_currency="JPY", cvar_after=cvar_after)


def test_each_figure_exactly_at_its_bound_passes() -> None:
    # cap 5%, tolerance 1 JPY = 1e-6 of NAV: fast worst case at cap + FAST_TOL, reference at cap + 1e-6, the
    # difference at the tolerance, the CVaR at its cap + FAST_TOL
    check = _check(worst_case_fast=0.05 + v.FAST_TOL, worst_case_reference=0.05 + 1.0 / NAV, max_abs_diff=1.0)
    assert v.assess(_problem(0.03), _result(0.03 + v.FAST_TOL), check).passed
    assert v.assess(_problem(0.03), _result(None), _check()).passed  # no CVaR figure: nothing to break


def test_a_cvar_above_its_cap_fails_a_cost_objective_only() -> None:
    failed = v.assess(_problem(0.03), _result(0.04), _check())
    assert failed.failures == ("the CVaR 4.000000% breaks its cap 3.0000%",)
    assert v.assess(_problem(0.03, objective="risk"), _result(0.04), _check()).passed


def test_judge_names_every_failure() -> None:
    check = _check(n_fast=9, max_abs_diff=2.5)
    with pytest.raises(HedgeoptError) as caught:
        v.judge(_problem(), _result(), check)
    assert str(caught.value) == ("the hedge failed its own verification: the fast P&L has 9 values for 10 scenarios; "
                                 "the fast and the reference P&L differ by 2.5 JPY, beyond 1")


def _unhedged(n: int) -> tuple:
    """The seed account (10M JPY, SPX on a 6% loan) unhedged on ``n`` fat-tailed 30-day scenarios: problem, q, P&L."""
    account = Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
                      satellite=(MarginPosition("SPX", 6_000_000, 0.06, value_currency="JPY"),))
    market = default_market()
    candidates = Candidates(CandidateSpec(months=(3,), put_moneyness=(0.9,)).instruments(market, 30), market)
    p = HedgeProblem(account, market, monte_carlo(n, 30, seed=5, dist="student_t"), candidates, cap=1.0)
    return p, np.zeros(len(candidates.instruments)), np.asarray(p.base_pnl, dtype=float)


def _stated(cap: float | None, worst: float) -> SimpleNamespace:
    return SimpleNamespace(cap=cap, worst_case_after=worst, cvar_after=None, base_currency="JPY")


def test_on_a_large_set_the_reference_re_evaluates_the_rows_near_the_cap_too() -> None:
    # 12,000 scenarios: beyond the 11,000 checked in full. The bound is the cap when there is one, else the
    # worst case: every row whose fast loss is within 0.1% of NAV of it is re-evaluated, with the worst 1,000 and
    # the seeded 10,000.
    p, q, total = _unhedged(12_000)
    loss = -total
    for cap, worst in ((float(np.quantile(loss, 0.5)), float(loss.max())), (None, float(np.quantile(loss, 0.4)))):
        bound = worst if cap is None else cap
        near = np.flatnonzero(loss >= bound - v.NEAR_CAP)
        expected = np.unique(np.concatenate([near, np.argsort(total)[:1_000], v.random_rows(12_000)]))
        check = v.verify(p, q, total, _stated(cap, worst))
        assert check.n_reference == expected.size > 11_000 and check.sample == v.SAMPLE
        assert check.worst_case_reference == pytest.approx(loss.max(), abs=1e-6)


def test_a_fast_pnl_of_the_wrong_length_is_checked_in_full_and_reported() -> None:
    p, q, total = _unhedged(300)
    short = v.verify(p, q, total[:-1], _stated(1.0, 0.5))
    assert (short.worst_case_fast, short.n_reference, short.sample) == (float(-total[:-1].min()), 300, "all")
    empty = v.verify(p, q, np.array([]), _stated(1.0, 0.5))
    assert (empty.worst_case_fast, empty.n_fast, empty.passed) == (0.0, 0, False)


@pytest.mark.parametrize("seed", [14, 210])
def test_the_worst_1000_are_the_worst_on_draws_a_partial_selection_gets_wrong(seed) -> None:
    """Normal P&L on 20,000 rows: a partition around the 999th or 1,002nd row leaves another row in the 1,000 on
    these draws; the sample must hold exactly the 1,000 worst."""
    total = np.random.default_rng(seed).normal(size=20_000)
    rows, _ = v.sample_rows(total, np.array([], dtype=np.int64))
    worst = set(np.argsort(total)[:1_000])
    assert worst <= set(rows) and len(set(rows) - worst - set(v.random_rows(20_000))) == 0


def test_a_ratio_package_counts_each_unit_of_its_american_legs() -> None:
    # A 1x2 SPY put ratio held in the account: 7.5e-3 x strike x 100 x |quantity| per package, 150 JPY x 2:
    # (500 x 1 + 450 x 2) x 0.75 x 300 = 315,000 JPY for one package
    from pricing.contracts import Leg, Package

    market = default_market()
    ratio = Package("ratio", (Leg(Option("SPY", "put", 500.0, "2027-03-19"), 1),
                              Leg(Option("SPY", "put", 450.0, "2027-03-19"), -2)))
    problem = SimpleNamespace(candidates=SimpleNamespace(instruments=[], outlay=np.zeros(0)),
                              account=SimpleNamespace(satellite=(OptionPosition(ratio, 1),)), market=market, nav=NAV)
    assert v.american_error(problem, np.zeros(0)) == pytest.approx(315_000.0, rel=1e-12)

"""Verification can fail: planted wrong totals, wrong legs and dropped scenarios are caught.

``verify`` re-values the account and the hedge with the reference evaluator (hedgeopt.reference), which shares
none of the fast path's helpers, and recomputes the worst case from the positions. Each test below hands it
something wrong — the optimizer's total off by a funding term, a hedge whose leg is not the one priced, a scenario
missing from the fast P&L or hidden from the check — and sees ``passed`` go False, then plants the same faults in
the code the way a reviewer would (named ``test_regression_...``) and sees the whole solve refuse to answer.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

import hedgeopt.account.pnl as pnl_module
import hedgeopt.optimizer.solve as solve_module
from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, Cash, MarginPosition
from hedgeopt.config.hedge_spec import CandidateSpec
from hedgeopt.optimizer import verification
from hedgeopt.optimizer.candidates import Candidates
from hedgeopt.optimizer.problem import HedgeProblem
from hedgeopt.optimizer.solve import generate, held_positions, initial_rows, solve_hedge
from pricing import HedgeoptError, Option, default_market
from scenarios import grid, monte_carlo

MARKET = default_market()
CANDIDATES = CandidateSpec(months=(3, 6), put_moneyness=(0.8, 0.85, 0.9, 0.95), spread_widths=(0.1,)).instruments(
    MARKET, 30)


def seed_account() -> Account:
    return Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
                   satellite=(MarginPosition("SPX", 6_000_000, 0.06, value_currency="JPY"),))


def problem(n: int = 400, seed: int = 3, cap_share: float = 0.7) -> HedgeProblem:
    loose = HedgeProblem(seed_account(), MARKET, monte_carlo(n, 30, seed=seed, dist="student_t"),
                         Candidates(CANDIDATES, MARKET), cap=1.0)
    return replace(loose, cap=round(cap_share * float(-loose.base_pnl.min()), 6))


@pytest.fixture(scope="module")
def solved():
    p = problem()
    sol, total, _, _ = generate(p)
    q, _ = held_positions(p, sol.q)
    result = solve_hedge(p, extras=False)
    assert result.optimal and result.cost > 0 and result.verification.passed
    return p, q, total, result


def test_an_honest_hedge_passes_with_both_worst_cases_and_a_tiny_difference(solved):
    p, q, total, result = solved
    v = verification.verify(p, q, total, result)
    assert v.passed and not v.failures
    assert v.n_reference == v.n_scenarios == len(p.scenarios) == 400 and v.sample == "all"
    assert v.worst_case_reference == pytest.approx(v.worst_case_fast, abs=1e-9)
    assert v.worst_case_fast <= p.cap + verification.FAST_TOL
    assert v.max_abs_diff < 1e-3  # yen, on a 10M yen account: the fast path and the reference agree
    assert v.tolerance == pytest.approx(1e-6 * p.nav)  # European legs only: no American allowance


def test_a_total_missing_the_funding_term_fails(solved):
    """The optimizer's P&L without the loan's 6% over 30 days (about -0.15% of NAV): caught as a difference."""
    p, q, total, result = solved
    funding = 6_000_000 * 0.06 * 30 / 365 / p.nav
    v = verification.verify(p, q, total + funding, result)
    assert not v.passed and v.max_abs_diff == pytest.approx(funding * p.nav, rel=1e-3)
    assert any("differ" in f for f in v.failures)
    with pytest.raises(HedgeoptError, match="failed its own verification"):
        verification.judge(p, result, v)


def test_a_difference_within_the_tolerance_passes_and_one_just_beyond_fails(solved):
    p, q, total, result = solved
    assert verification.verify(p, q, total + 0.5e-6, result).passed
    assert not verification.verify(p, q, total + 2e-6, result).passed


def test_a_wrong_leg_fails(solved):
    """The hedge reported holds a put 5% further out of the money than the one the optimizer priced."""
    p, q, total, result = solved
    held = int(np.flatnonzero(q)[0])
    swapped = list(p.candidates.instruments)
    leg = swapped[held]
    options = [leg] if isinstance(leg, Option) else [x.option for x in leg.legs]
    moved = Option(options[0].symbol, "put", round(options[0].strike * 0.95), options[0].expiry)
    swapped[held] = moved
    wrong = replace(p, candidates=Candidates(swapped, MARKET))
    v = verification.verify(wrong, q, total, result)
    assert not v.passed and v.max_abs_diff > 1_000  # yen


def test_a_total_with_a_scenario_dropped_fails(solved):
    p, q, total, result = solved
    v = verification.verify(p, q, total[:-1], result)
    assert not v.passed and v.n_fast == 399 and v.n_reference == 400
    assert any("399 values for 400 scenarios" in f for f in v.failures)


def test_a_hidden_breach_on_the_last_scenario_fails_on_the_reference_worst_case(solved):
    """The last scenario's fast P&L planted at zero while the hedge loses more than the cap there: the reference
    recomputes it from the positions and the check fails on both the difference and the cap."""
    p, q, total, result = solved
    rows = np.append(np.delete(np.arange(400), np.argmin(total)), np.argmin(total))  # the binding scenario last
    last = replace(p, scenarios=p.scenarios.subset(rows))
    worse = replace(last, cap=float(-total.min()) - 0.01)  # the hedge breaks this cap on the last scenario
    planted = total[rows].copy()
    planted[-1] = 0.0
    v = verification.verify(worse, q, planted, replace(result, cap=worse.cap))
    assert not v.passed
    assert v.worst_case_reference == pytest.approx(float(-total.min()), abs=1e-9)
    assert any("reference worst case" in f for f in v.failures)


def test_regression_verification_skipping_the_last_scenario_is_caught(solved, monkeypatch):
    """Planted bug: the check's rows leave out the last scenario. The hidden breach there is then missed, so the
    check must cover it: the rows it re-evaluates are all of them."""
    p, q, total, result = solved
    assert np.array_equal(verification.sample_rows(total, np.arange(0))[0], np.arange(400))
    real = verification.sample_rows
    monkeypatch.setattr(verification, "sample_rows", lambda t, near: (real(t, near)[0][:-1], "all"))
    v = verification.verify(p, q, total, result)
    assert v.n_reference == 399  # the planted bug shows in the figures the report prints
    rows = np.append(np.delete(np.arange(400), np.argmin(total)), np.argmin(total))
    worse = replace(p, scenarios=p.scenarios.subset(rows), cap=float(-total.min()) - 0.01)
    planted = total[rows].copy()
    planted[-1] = 0.0
    skipped = verification.verify(worse, q, planted, replace(result, cap=worse.cap))
    assert skipped.passed  # the planted bug hides the breach ...
    monkeypatch.undo()
    assert not verification.verify(worse, q, planted, replace(result, cap=worse.cap)).passed  # ... the real check not


def test_regression_account_pnl_without_its_funding_term_is_caught(monkeypatch):
    """Planted bug: the fast account P&L drops its funding term. The hedge is sized on a P&L 0.3% of NAV too good
    and the solve refuses to answer."""
    real = pnl_module._line_pnl

    def no_funding(*args, **kwargs):
        parts = real(*args, **kwargs)
        return {**parts, "funding": 0.0 * parts["funding"]}

    monkeypatch.setattr(pnl_module, "_line_pnl", no_funding)
    with pytest.raises(HedgeoptError, match="differ by"):
        solve_hedge(problem(n=200), extras=False)


def test_regression_generation_never_adding_the_last_scenario_is_caught(monkeypatch):
    """Planted bug: constraint generation never adds the last scenario. On a grid whose binding scenario (SPX -21%
    with the yen up 10% and vols down 5 points: the puts' strikes sit below it) is not among the first active rows
    and is placed last, the hedge found breaks the cap there and the solve refuses to answer."""
    g = grid(np.round(np.arange(-0.4, 0.101, 0.01), 4), [-0.1, 0.0, 0.1], [-0.05, 0.0, 0.1], [0.0], [30])
    loose = HedgeProblem(seed_account(), MARKET, g, Candidates(CANDIDATES, MARKET), cap=1.0)
    p = replace(loose, cap=round(0.5 * float(-loose.base_pnl.min()), 6))
    honest = solve_hedge(p, extras=False)
    binding = p.scenarios.labels.index(honest.binding_scenarios["label"].iloc[0])
    assert p.scenarios.labels[binding] == "SPX -21% / USD -10% / vol -5 / 30d"
    assert binding not in initial_rows(p.base_pnl, p.scenarios.table)  # the bug can bite here
    last = replace(p, scenarios=p.scenarios.subset(np.append(np.delete(np.arange(len(g)), binding), binding)))
    again = solve_hedge(last, extras=False)
    assert again.cost == pytest.approx(honest.cost, rel=1e-9)  # the order does not matter
    real = solve_module._violations

    def never_last(total, bound, active):
        found = real(total, bound, active)
        return found[found != total.size - 1]

    monkeypatch.setattr(solve_module, "_violations", never_last)
    with pytest.raises(HedgeoptError, match="failed its own verification"):
        solve_hedge(last, extras=False)


def test_an_american_leg_widens_the_tolerance_by_its_one_stated_bound():
    """7.5e-3 x strike x 100 shares x contracts x 2 (FX headroom) x USDJPY per SPY put held, by hand."""
    cands = Candidates([Option("XSP", "put", 540.0, "2027-03-19"), Option("SPY", "put", 560.0, "2027-03-19")], MARKET)
    p = HedgeProblem(seed_account(), MARKET, monte_carlo(50, 30, seed=3), cands, cap=0.2)
    assert verification.tolerance(p, np.array([3.0, 0.0])) == verification.AGREEMENT
    spy = 7.5e-3 * 560.0 * 100.0 * 2.0 * 150.0  # JPY per contract
    assert verification.tolerance(p, np.array([3.0, 2.5])) == pytest.approx(
        verification.AGREEMENT + 2.5 * spy / p.nav, rel=1e-12)

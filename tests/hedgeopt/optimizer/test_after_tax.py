"""The after-tax cost of a hedge and its after-tax re-check, against hand arithmetic, the dense LP and brute force.

The rules checked (see :mod:`hedgeopt.optimizer.after_tax`): a lapsed hedge's cost is a loss in its contract's
category (Osaka Nikkei 225 options: 先物取引に係る雑所得等, 租税特別措置法 41条の14 第1項; Cboe XSP: 雑所得 under
総合課税 by default, futures with ``foreign_derivatives = "separate"``); it offsets only that category's gains this
year (41条の14 第1項, 37条の12の2 第1項; 所得税法 69条), after the carried losses (41条の15 第1項), at 20.315%
(15% × 1.021 + 5%) or at the marginal progressive rate (所得税法 89条; 20% band × 1.021 + 住民税 10% = 30.42%).
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, Cash, MarginPosition
from hedgeopt.config.hedge_spec import CandidateSpec
from hedgeopt.config.tax_spec import CarriedLoss, Category, ForeignDerivatives, TaxSettings
from hedgeopt.optimizer import after_tax, lp
from hedgeopt.optimizer.candidates import Candidates
from hedgeopt.optimizer.problem import HedgeProblem
from hedgeopt.optimizer.solve import solve_dense, solve_hedge
from hedgeopt.tax import tax_effect
from pricing import InputError, default_market
from scenarios import grid

MARKET = default_market()
NAV = 10_000_000.0
SEPARATE = 0.15 * 1.021 + 0.05  # 20.315%: 租税特別措置法 37条の11, 41条の14; 復興特別所得税 2.1%
BAND_20 = 0.20 * 1.021 + 0.10  # 30.42%: 所得税法 89条 20% band (3,300,000-6,949,000), surtax, 住民税 10%
BAND_23 = 0.23 * 1.021 + 0.10  # 33.483%: the 23% band (6,950,000-8,999,000)

SPEC = dict(months=(2, 3), put_moneyness=(0.8, 0.85, 0.9, 0.95), spread_widths=(0.1,))
NK = CandidateSpec(symbol="NK225M_OPT", **SPEC).instruments(MARKET, 30)
XSP = CandidateSpec(**SPEC).instruments(MARKET, 30)
SCENARIOS = grid(np.round(np.arange(-0.4, 0.21, 0.05), 4), [-0.1, 0.0], [0.0], [0.0], [30])


def account(exposure: float = 6_000_000.0) -> Account:
    """7M JPY of USD MMF, 3M JPY cash and ``exposure`` JPY of S&P 500 on margin (a listed position)."""
    return Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
                   satellite=(MarginPosition("SPX", exposure, 0.06, value_currency="JPY"),))


def settings(**kw) -> TaxSettings:
    return TaxSettings(year=2026, **kw)


def problem(instruments, tax: TaxSettings, *, after: bool = True, cap: float = 0.15, **kw) -> HedgeProblem:
    return HedgeProblem(account(), MARKET, SCENARIOS, Candidates(instruments, MARKET), cap=cap, tax=tax,
                        after_tax=after, **kw)


# -- the shield's pieces by hand ----------------------------------------------------------------------------------

def test_a_futures_gain_is_one_piece_at_the_separate_rate():
    shield = after_tax.shield(Candidates(NK[:2], MARKET), settings(year_to_date={Category.FUTURES: 1_000_000}), NAV)
    assert shield.rate.tolist() == pytest.approx([SEPARATE])
    assert shield.width.tolist() == pytest.approx([0.1])  # 1,000,000 / NAV
    assert shield.group.tolist() == [0] and shield.cost.shape == (1, 2)


def test_carried_losses_shrink_what_a_premium_can_offset():
    # 41条の15: a carried futures loss of 400,000 absorbs that much of this year's 1,000,000 first.
    tax = settings(year_to_date={Category.FUTURES: 1_000_000},
                   carried_losses=(CarriedLoss(Category.FUTURES, 2025, 400_000),))
    assert after_tax.available(tax)[Category.FUTURES] == pytest.approx(600_000)
    assert after_tax.saving(tax, {Category.FUTURES: 700_000})[Category.FUTURES] == pytest.approx(600_000 * SEPARATE)


def test_misc_gains_across_a_bracket_are_two_pieces_highest_first():
    # 雑所得 of 100,000 on other income of 6,900,000: 50,000 in the 23% band above 6,950,000, 50,000 in the 20% one.
    tax = settings(other_income=6_900_000, year_to_date={Category.MISC: 100_000})
    shield = after_tax.shield(Candidates(XSP[:1], MARKET), tax, NAV)
    assert shield.rate.tolist() == pytest.approx([BAND_23, BAND_20])
    assert shield.width.tolist() == pytest.approx([0.005, 0.005])
    # a loss of 60,000 takes the 23% band first: 50,000 x 33.483% + 10,000 x 30.42% (the core's marginal tax)
    assert after_tax.saving(tax, {Category.MISC: 60_000})[Category.MISC] == pytest.approx(
        50_000 * BAND_23 + 10_000 * BAND_20)


def test_the_shield_is_capped_by_the_available_gain_by_hand():
    # ytd futures 10,000 yen, a premium of 50,000: the loss saves 10,000 x 20.315% = 2,031.5 and carries 40,000.
    tax = settings(year_to_date={Category.FUTURES: 10_000})
    assert after_tax.saving(tax, {Category.FUTURES: 50_000})[Category.FUTURES] == pytest.approx(2_031.5)
    # the LP: one scenario that needs exactly one contract of 50,000 (loss 0.3 - 0.1 q <= 0.2)
    shield = lp.TaxShield(np.array([[0.005]]), np.array([0]), np.array([SEPARATE]), np.array([10_000 / NAV]))
    sol = lp.solve(np.array([[0.1]]), np.array([-0.3]), np.array([0.005]), np.array([10.0]), cap=0.2, shield=shield)
    assert sol.q.tolist() == pytest.approx([1.0])
    assert sol.value * NAV == pytest.approx(50_000 - 2_031.5)


# -- the after-tax cost of a hedge, rule by rule ------------------------------------------------------------------

def test_nikkei_premium_offsets_a_futures_gain_but_not_a_listed_gain():
    # 41条の14: Osaka options are futures-category; their lapsed premium offsets futures gains (20.315% back) ...
    r = solve_hedge(problem(NK, settings(year_to_date={Category.FUTURES: 1_000_000})))
    assert r.optimal and 0 < r.cost < 1_000_000
    assert r.after_tax.after_tax_cost == pytest.approx(r.cost * (1 - SEPARATE))
    assert r.after_tax.saved == {Category.FUTURES: pytest.approx(r.cost * SEPARATE)}
    # ... but not the listed gains of an ETF: categories never offset (37条の12の2, 41条の14 "deemed not to exist")
    listed = solve_hedge(problem(NK, settings(year_to_date={Category.LISTED: 1_000_000})))
    assert listed.cost == pytest.approx(r.cost)
    assert listed.after_tax.after_tax_cost == pytest.approx(listed.cost)


def test_xsp_premium_is_misc_by_default_and_futures_when_separate():
    gains = {Category.FUTURES: 1_000_000}
    comprehensive = solve_hedge(problem(XSP, settings(year_to_date=gains)))
    separate = solve_hedge(problem(XSP, settings(year_to_date=gains, foreign_derivatives=ForeignDerivatives.SEPARATE)))
    assert comprehensive.cost == pytest.approx(separate.cost) and comprehensive.cost > 0
    assert list(comprehensive.after_tax.cost) == [Category.MISC]
    assert comprehensive.after_tax.after_tax_cost == pytest.approx(comprehensive.cost)  # no 雑所得 to offset
    assert list(separate.after_tax.cost) == [Category.FUTURES]
    assert separate.after_tax.after_tax_cost == pytest.approx(separate.cost * (1 - SEPARATE))
    # with 1,000,000 of 雑所得 on 5,000,000 of other income the comprehensive premium saves 30.42%
    misc = solve_hedge(problem(XSP, settings(year_to_date={Category.MISC: 1_000_000})))
    assert misc.after_tax.after_tax_cost == pytest.approx(misc.cost * (1 - BAND_20))
    assert misc.after_tax.rates[Category.MISC] == pytest.approx(BAND_20)


def test_after_tax_objective_moves_to_the_category_with_gains():
    # XSP (雑所得, nothing to offset) is the cheaper pre-tax hedge; with futures gains the Nikkei puts cost
    # 79.685% of their premium and win after tax.
    tax = settings(year_to_date={Category.FUTURES: 1_000_000})
    pre = solve_hedge(problem(NK + XSP, tax, after=False))
    post = solve_hedge(problem(NK + XSP, tax))
    assert {p.instrument.spec.symbol for p in pre.positions} == {"XSP"}
    assert {p.instrument.spec.symbol for p in post.positions} == {"NK225M_OPT"}
    assert post.cost > pre.cost
    assert post.after_tax.after_tax_cost == pytest.approx(post.cost * (1 - SEPARATE))
    assert post.after_tax.after_tax_cost < pre.after_tax.after_tax_cost == pytest.approx(pre.cost)
    assert (pre.after_tax.objective, post.after_tax.objective) == ("pre_tax", "after_tax")
    assert set(post.seconds) == {"solve", "verification", "after_tax"} and 0 < post.seconds["after_tax"] < 60


def test_after_tax_needs_the_japanese_model():
    with pytest.raises(InputError, match="after_tax"):
        HedgeProblem(account(), MARKET, SCENARIOS, Candidates(XSP[:2], MARKET), cap=0.15, after_tax=True)
    with pytest.raises(InputError, match="after_tax"):
        problem(XSP[:2], TaxSettings(regime="none"))


# -- the after-tax re-check ---------------------------------------------------------------------------------------

def test_breach_fires_when_the_puts_payoff_is_taxed_and_the_etf_loss_only_carries():
    # No gains this year: at the worst scenario the margin ETF's loss is a listed loss that carries forward (no tax
    # back now) while the XSP puts' payoff is 雑所得 taxed at 30.42% on top of 5,000,000: after tax the hedged
    # worst case is the pre-tax one less 30.42% of the puts' payoff there.
    r = solve_hedge(problem(XSP, settings(), after=False))
    t = r.after_tax
    assert r.worst_case_after == pytest.approx(0.15, abs=1e-7)
    rows = {row["category"]: row for row in t.at_worst}
    misc, listed = rows[Category.MISC], rows[Category.LISTED]
    assert misc["hedge_pnl"] > 0 and misc["tax"] == pytest.approx(BAND_20 * misc["hedge_pnl"])
    assert listed["pnl"] < 0 and listed["tax"] == 0.0 and listed["carried"] == pytest.approx(-listed["pnl"])
    pre_tax = (listed["pnl"] + misc["pnl"] + rows[Category.FUTURES]["pnl"]) / NAV
    assert t.worst_case_after == pytest.approx(-(pre_tax - misc["tax"] / NAV))
    assert t.worst_case_after > 0.15 + 0.01 and t.breach
    assert t.as_dict()["breach"] is True


def test_no_breach_when_no_hedge_is_needed_and_the_unhedged_figures_match():
    r = solve_hedge(problem(XSP, settings(), after=False, cap=0.5))
    assert r.positions == [] and not r.after_tax.breach
    assert r.after_tax.worst_case_after == pytest.approx(r.after_tax.worst_case_before)
    assert r.after_tax.after_tax_cost == 0.0


def test_listed_gains_this_year_soften_the_after_tax_worst_case():
    # With 5,000,000 of listed gains realised, the ETF's loss saves 20.315% now: the after-tax worst case improves.
    bare = solve_hedge(problem(XSP, settings(), after=False)).after_tax
    gains = solve_hedge(problem(XSP, settings(year_to_date={Category.LISTED: 5_000_000}), after=False)).after_tax
    assert gains.worst_case_after < bare.worst_case_after
    listed = next(row for row in gains.at_worst if row["category"] is Category.LISTED)
    assert listed["tax"] == pytest.approx(SEPARATE * listed["pnl"])


# -- the dense twin and brute force -------------------------------------------------------------------------------

def random_tax(rng: np.random.Generator) -> TaxSettings:
    return settings(other_income=float(rng.choice([3_000_000, 6_900_000])),
                    year_to_date={Category.FUTURES: float(rng.choice([0, 5_000, 20_000, 1_000_000])),
                                  Category.MISC: float(rng.choice([0, 10_000, 100_000]))})


@pytest.mark.parametrize("seed", range(6))
def test_generation_equals_dense_after_tax(seed):
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(NK) + len(XSP), size=12, replace=False)
    instruments = [(NK + XSP)[i] for i in sorted(picks)]
    p = replace(problem(instruments, random_tax(rng), cap=float(rng.uniform(0.12, 0.2))),
                account=account(float(rng.uniform(4e6, 8e6))))
    r = solve_hedge(p, extras=False)
    status, _, objective = solve_dense(p)
    assert r.optimal == (status == "optimal")
    if r.optimal:
        # the LP's pieces and the core's year bill (marginal_tax) give the same after-tax cost
        assert r.after_tax.after_tax_cost / NAV == pytest.approx(objective, rel=1e-6, abs=1e-9)


def brute_force(p: HedgeProblem, most: int) -> float:
    """Least after-tax cost over every whole-contract hedge meeting the cap (the core's tax), base currency."""
    payoff, base, cost = p.payoff(), p.base_pnl, p.candidates.cost
    cats = after_tax.categories(p.candidates, p.tax)
    best = np.inf
    for q in itertools.product(range(most + 1), repeat=len(cost)):
        q = np.array(q, dtype=float)
        if (base + payoff @ q).min() >= -p.cap - 1e-12:
            spent = {c: float(sum(q[j] * cost[j] for j in range(len(q)) if cats[j] is c)) for c in set(cats)}
            best = min(best, float(cost @ q) - sum(after_tax.saving(p.tax, spent).values()))
    return best


@pytest.mark.parametrize("seed", range(4))
def test_integer_after_tax_equals_brute_force(seed):
    rng = np.random.default_rng(50 + seed)
    instruments = [NK[i] for i in rng.choice(len(NK), 2, replace=False)] + [XSP[i] for i in rng.choice(len(XSP), 1)]
    tax = settings(year_to_date={Category.FUTURES: float(rng.choice([5_000, 30_000, 1_000_000]))})
    loose = problem(instruments, tax, integer=True, max_contracts=4, cap=1.0)
    p = replace(loose, cap=float(rng.uniform(0.55, 0.9)) * float(-loose.base_pnl.min()))
    expected = brute_force(p, 4)
    r = solve_hedge(p, extras=False)
    if np.isinf(expected):
        assert not r.optimal
        return
    assert r.optimal and r.after_tax.after_tax_cost == pytest.approx(expected, rel=1e-9, abs=1e-6)


# -- the cap after tax ----------------------------------------------------------------------------------------------

TAXES = [settings(),
         settings(year_to_date={Category.LISTED: 800_000, Category.MISC: 100_000}, other_income=6_900_000),
         settings(year_to_date={Category.FUTURES: 300_000},
                  carried_losses=(CarriedLoss(Category.LISTED, 2024, 500_000),
                                  CarriedLoss(Category.FUTURES, 2025, 100_000))),
         settings(year_to_date={Category.LISTED: 400_000}, carried_losses=(CarriedLoss(Category.LISTED, 2024, 1e5),),
                  file_return=False)]


@pytest.mark.parametrize("tax", TAXES)
def test_tax_pieces_reproduce_the_core_bill_on_every_scenario(tax):
    # The epigraph's pieces (separate rate above the carried losses, the progressive scale band by band) give the
    # core's tax of realising each scenario (settle_year via tax_effect), with and without a hedge.
    cands = Candidates(NK[:2] + XSP[:2], MARKET)
    cap = after_tax.tax_cap(account(), MARKET, SCENARIOS, cands, tax)
    bare = cap.tax(np.zeros((len(SCENARIOS), cap.member.shape[0])))
    assert bare == pytest.approx(tax_effect(account(), MARKET, tax, SCENARIOS).tax / NAV, abs=1e-12)
    q = np.array([3.0, 1.0, 2.0, 0.5])
    pay = cands.payoff(SCENARIOS) * q
    cats = after_tax.categories(cands, tax)
    extra = {c: pay[:, [k is c for k in cats]].sum(axis=1) for c in set(cats)}
    held = np.column_stack([pay[:, cap.member[g]].sum(axis=1) for g in range(cap.member.shape[0])]) / NAV
    hedged = tax_effect(account(), MARKET, tax, SCENARIOS, extra=extra).tax / NAV
    assert cap.tax(held) == pytest.approx(hedged, abs=1e-12)


def test_the_cap_after_tax_holds_after_tax_and_costs_more():
    # The breach case above, asked to hold 15% after tax as well: a bigger hedge, no breach, the cap binding.
    pre = solve_hedge(problem(XSP, settings(), after=False))
    held = solve_hedge(replace(problem(XSP, settings(), after=False), cap_after_tax=True))
    assert held.optimal and held.cost > pre.cost
    assert held.after_tax.worst_case_after == pytest.approx(0.15, abs=1e-7) and not held.after_tax.breach
    assert held.worst_case_after < 0.15 - 0.01  # before tax it now holds with room


@pytest.mark.parametrize("seed", range(4))
def test_generation_equals_dense_with_the_cap_after_tax(seed):
    rng = np.random.default_rng(200 + seed)
    picks = rng.choice(len(NK) + len(XSP), size=10, replace=False)
    p = replace(problem([(NK + XSP)[i] for i in sorted(picks)], TAXES[seed], cap=float(rng.uniform(0.15, 0.25)),
                        after=bool(seed % 2)), account=account(float(rng.uniform(4e6, 8e6))), cap_after_tax=True)
    r = solve_hedge(p, extras=False)
    status, _, objective = solve_dense(p)
    assert r.optimal == (status == "optimal")
    if r.optimal:
        value = r.after_tax.after_tax_cost if p.after_tax else r.cost
        assert value / NAV == pytest.approx(objective, rel=1e-6, abs=1e-9)
        assert r.after_tax.worst_case_after <= p.cap + 1e-7


def test_an_unreachable_cap_after_tax_is_infeasible_and_says_so():
    # Puts whose payoff is taxed cannot hold a cap the pre-tax puts just reach: the diagnosis names the tax.
    least = solve_hedge(problem(XSP, settings(), after=False, cap=0.01)).diagnosis["min_achievable_cap"]
    reachable = problem(XSP, settings(), after=False, cap=least + 1e-4)
    assert solve_hedge(reachable, extras=False).optimal
    r = solve_hedge(replace(reachable, cap_after_tax=True), extras=False)
    assert r.status == "infeasible" and r.diagnosis["limit"] == "after tax"


def test_generation_adds_the_rows_that_break_the_cap_after_tax(monkeypatch):
    # From one starting row and one row a round, the loop must find the scenarios that break the cap after tax only.
    import hedgeopt.optimizer.solve as optimizer

    monkeypatch.setattr(optimizer, "_initial_rows", lambda problem, size=50: np.array([problem.base_pnl.argmax()]))
    monkeypatch.setattr(optimizer, "BATCH", 1)
    p = replace(problem(XSP, TAXES[1], after=False), cap_after_tax=True)
    r = solve_hedge(p, extras=False)
    assert r.iterations >= 3 and r.active_rows < len(SCENARIOS)
    assert r.cost / NAV == pytest.approx(solve_dense(p)[2], rel=1e-6)
    assert r.after_tax.worst_case_after == pytest.approx(0.15, abs=1e-7)

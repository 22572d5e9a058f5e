"""The standing put against brute force over lines and whole contracts; put vs spread and the frontier."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, Cash, MarginPosition
from hedgeopt.config.hedge_spec import CandidateSpec
from hedgeopt.config.risk_spec import CVaRCap
from hedgeopt.optimizer.candidates import Candidates
from hedgeopt.optimizer.comparison import compare, frontier
from hedgeopt.optimizer.problem import HedgeProblem
from hedgeopt.optimizer.standing_put import standing_put
from pricing import InputError, default_market
from scenarios import grid

MARKET = default_market()
SCEN = grid(np.round(np.arange(-0.40, 0.201, 0.05), 4), [-0.10, 0.0, 0.10], [0.0], [0.0], [30])
ACCOUNT = Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
                  satellite=(MarginPosition("SPX", 6_000_000, 0.06, value_currency="JPY"),))
SPEC = CandidateSpec(months=(2, 3), put_moneyness=(0.85, 0.90, 0.95), spread_widths=(0.10,))


def brute_force_line(instrument, budget_per_roll=None, cap=None, most=60):
    """Whole contracts n = 0, 1, ...: worst loss of each (budget mode) or the first n meeting the cap."""
    one = Candidates([instrument], MARKET)
    p = HedgeProblem(ACCOUNT, MARKET, SCEN, one, cap=1.0)
    payoff, base, cost = p.payoff()[:, 0], p.base_pnl, float(one.cost[0])
    if budget_per_roll is not None:
        n_max = min(most, math.floor(budget_per_roll / cost + 1e-12))
        return min(float(-(base + n * payoff).min()) for n in range(n_max + 1))
    for n in range(most + 1):
        if -(base + n * payoff).min() <= cap + 1e-12:
            return n * cost
    return math.inf


def test_budget_mode_matches_brute_force_on_every_line():
    result = standing_put(ACCOUNT, MARKET, SCEN, SPEC, yearly_budget=150_000)
    instruments = {i.label: i for i in SPEC.instruments(MARKET, 30) if not hasattr(i, "legs")}
    for row in result.table.itertuples():
        budget_per_roll = 150_000 / row.rolls_per_year
        assert row.worst_case_after == pytest.approx(brute_force_line(instruments[row.instrument],
                                                                      budget_per_roll=budget_per_roll), abs=1e-9)
        assert row.yearly_cost <= 150_000 + 1e-6
        assert row.yearly_cost == pytest.approx(row.cost_per_roll * 365.0 / row.tenor_days, rel=1e-12)
    assert result.table["worst_case_after"].iloc[0] == result.table["worst_case_after"].min()
    assert result.best is not None and result.best.worst_case_after == pytest.approx(
        result.table["worst_case_after"].iloc[0], abs=1e-12)
    assert result.best.verification.passed


def test_cap_mode_matches_brute_force_and_picks_the_cheapest_year():
    result = standing_put(ACCOUNT, MARKET, SCEN, SPEC, cap=0.15)
    instruments = {i.label: i for i in SPEC.instruments(MARKET, 30) if not hasattr(i, "legs")}
    for row in result.table.itertuples():
        expected = brute_force_line(instruments[row.instrument], cap=0.15)
        if math.isinf(expected):
            assert row.status == "infeasible"
        else:
            assert row.cost_per_roll == pytest.approx(expected, rel=1e-9)
    feasible = result.table[result.table["status"] == "optimal"]
    assert result.table["yearly_cost"].iloc[0] == feasible["yearly_cost"].min()
    assert result.best.worst_case_after <= 0.15 + 1e-9


def test_standing_put_needs_exactly_one_target():
    with pytest.raises(InputError, match=r"exactly one of a yearly budget or a cap"):
        standing_put(ACCOUNT, MARKET, SCEN, SPEC)
    with pytest.raises(InputError, match=r"exactly one of a yearly budget or a cap"):
        standing_put(ACCOUNT, MARKET, SCEN, SPEC, yearly_budget=1.0, cap=0.1)
    with pytest.raises(InputError, match=r"yearly_budget=-1"):
        standing_put(ACCOUNT, MARKET, SCEN, SPEC, yearly_budget=-1.0)


def test_mix_is_never_dearer_than_either_family():
    table = compare(ACCOUNT, MARKET, SCEN, SPEC, cap=0.15, integer=False).table().set_index("family")
    assert table.loc["mix", "cost"] <= min(table.loc["puts", "cost"], table.loc["spreads", "cost"]) + 1e-6


def test_frontier_is_monotone_per_family_and_reports_unreachable_caps():
    caps = (0.04, 0.08, 0.10, 0.12, 0.15, 0.20)
    table = frontier(ACCOUNT, MARKET, SCEN, SPEC, caps=caps)
    for family, rows in table.groupby("family"):
        costs = rows.sort_values("cap")["cost"].to_numpy()
        feasible = costs[~np.isnan(costs)]
        assert np.all(np.diff(feasible) <= 1e-6), f"{family}: a tighter cap cost less: {costs}"
        assert np.all(rows.loc[rows["status"] == "optimal", "worst_case_after"] <= rows.loc[
            rows["status"] == "optimal", "cap"] + 1e-7)
    # The yen +10% alone costs the USD MMF 7% (no put pays for that): a 4% cap is out of reach for all.
    assert (table.loc[table["cap"] == 0.04, "status"] == "infeasible").all()
    assert len(table) == 3 * len(caps)


def test_progress_is_called_once_per_line():
    calls = []
    result = standing_put(ACCOUNT, MARKET, SCEN, SPEC, cap=0.15, progress=lambda: calls.append(1))
    assert len(calls) == len(result.table) == 6  # 3 strikes x 2 tenors (puts only)


def test_compare_and_frontier_hold_a_cvar_cap_too():
    """With a CVaR cap that binds, every family meets it, pays at least as much, and the frontier holds it."""
    plain = compare(ACCOUNT, MARKET, SCEN, SPEC, cap=0.20, integer=False)
    cvar = CVaRCap(0.90, 0.08)
    tight = compare(ACCOUNT, MARKET, SCEN, SPEC, cap=0.20, integer=False, cvar=cvar)
    for family, r in tight.results.items():
        assert r.optimal and r.cvar_after <= 0.08 + 1e-7
        assert r.cost >= plain.results[family].cost - 1e-6
    assert any(r.cost > plain.results[f].cost + 1.0 for f, r in tight.results.items())  # it binds somewhere
    rows = frontier(ACCOUNT, MARKET, SCEN, SPEC, caps=(0.20,), cvar=cvar).set_index("family")
    for family, r in tight.results.items():
        assert rows.loc[family, "cost"] == pytest.approx(r.cost, rel=1e-6)

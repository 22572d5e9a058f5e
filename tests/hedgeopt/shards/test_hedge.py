"""The sharded hedge equals the optimizer's on the whole set in one memory: serial, on 1 and 2 Dask workers, with the
binding row planted in the last shard, over many rounds, infeasible, and with a sampled QuantLib re-check."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

import hedgeopt.optimizer.solve as optimizer
import hedgeopt.optimizer.verification as verification
import hedgeopt.shards.hedge as shard_hedge
from hedgeopt.cluster import Engine, open_client
from hedgeopt.config.config import Config, load_config
from hedgeopt.config.risk_spec import CVaRCap
from hedgeopt.optimizer.hedging import hedge_problem
from hedgeopt.optimizer.problem import HedgeProblem
from hedgeopt.optimizer.result import HedgeResult
from hedgeopt.optimizer.solve import solve_hedge
from hedgeopt.shards import worker
from hedgeopt.shards.hedge import ShardRun, hedge_sharded
from hedgeopt.shards.sharded_set import ShardedSet, memory_part
from pricing import InputError
from scenarios import ScenarioSet

MC = {"n": 3_000, "seed": 7, "dof": 4, "vols": {"SPX": 0.5, "USD": 0.2}}
"""Fat, wide Monte Carlo rows, so that a Monte Carlo row binds (``mc 002699``, in the third and last shard)."""


@pytest.fixture(scope="module")
def config() -> Config:
    seed = load_config("examples/seed_10m.toml")
    return replace(seed, scenarios=replace(seed.scenarios, monte_carlo=MC))


@pytest.fixture(scope="module")
def sharded(config: Config) -> ShardedSet:
    return replace(ShardedSet.from_config(config), block=1_000, shard_rows=1_000)  # three shards of 1,000 rows


def _problem(config: Config, **kwargs: object) -> HedgeProblem:
    """The seed account's problem on the grid and the episodes (the in-memory part), pre-tax."""
    return replace(hedge_problem(config, **kwargs), scenarios=memory_part(config), tax=None)


def _whole(problem: HedgeProblem, sharded: ShardedSet) -> HedgeProblem:
    """The same problem on the whole set in one memory: the in-memory part, then every shard's rows."""
    return replace(problem, scenarios=problem.scenarios + sharded.whole())


def _same(run: ShardRun, ref: HedgeResult) -> None:
    """The sharded answer is the in-memory one: positions, cost, worst cases and binding scenarios."""
    got = run.result
    assert got.status == ref.status == "optimal"
    assert [(p.instrument.label, p.quantity) for p in got.positions] == \
        [(p.instrument.label, p.quantity) for p in ref.positions]
    assert got.cost == pytest.approx(ref.cost, rel=0, abs=1e-6)
    assert got.worst_case_after == pytest.approx(ref.worst_case_after, rel=0, abs=1e-9)
    assert got.worst_case_before == pytest.approx(ref.worst_case_before, rel=0, abs=1e-9)
    assert got.binding_scenarios["label"].tolist() == ref.binding_scenarios["label"].tolist()
    assert (got.iterations, got.active_rows, got.uncredited) == (ref.iterations, ref.active_rows, ref.uncredited)
    assert run.worst_label == ref.binding_scenarios["label"].iloc[0]
    v, w = got.verification, ref.verification
    assert (v.n_scenarios, v.n_reference, v.sample, v.passed) == (w.n_scenarios, w.n_reference, w.sample, True)
    assert v.worst_case_reference == pytest.approx(w.worst_case_reference, rel=0, abs=1e-9)


@pytest.fixture(scope="module")
def whole_answer(config: Config, sharded: ShardedSet) -> HedgeResult:
    return solve_hedge(_whole(_problem(config, cap=0.12), sharded), extras=False)


def test_serial_shards_equal_the_whole_set_in_memory(config, sharded, whole_answer):
    run = hedge_sharded(_problem(config, cap=0.12), sharded)
    _same(run, whole_answer)
    assert whole_answer.binding_scenarios["label"].iloc[0] == "mc 002699"  # a row of the last shard binds
    assert (run.n_rows, run.n_shards, run.memory_rows, run.workers) == (3_088, 3, 88, 0)
    assert run.tasks == 4 * (1 + run.rounds + 1)  # 4 parts: first rows, each round, the check
    assert not worker._CACHE  # the run's cached parts are forgotten


def test_one_and_two_dask_workers_give_the_serial_answer(config, sharded, whole_answer):
    runs = []
    for workers in (1, 2):
        with open_client(Engine(workers=workers)) as client:
            runs.append(hedge_sharded(_problem(config, cap=0.12), sharded, client))
    for run in runs:
        _same(run, whole_answer)
    one, two = (r.as_dict() for r in runs)
    for d in (one, two):
        d.pop("seconds"), d.pop("workers"), d.pop("bytes_back"), d["hedge"].pop("seconds")
    assert one == two
    assert (runs[0].workers, runs[1].workers) == (1, 2)


def test_many_rounds_from_one_first_row(config, sharded, monkeypatch):
    """From the single worst row, one row a round: the rounds add violated rows as the optimizer does on the whole."""
    monkeypatch.setattr(optimizer, "BATCH", 1)  # most_violated's, in this process (the serial engine)
    monkeypatch.setattr(shard_hedge, "initial_rows", lambda base, table, size=50: np.array([np.argmin(base)]))
    monkeypatch.setattr(optimizer, "_initial_rows", lambda problem, size=50: np.array([problem.base_pnl.argmin()]))
    problem = _problem(config, cap=0.10, integer=False)
    ref = solve_hedge(_whole(problem, sharded), extras=False)
    run = hedge_sharded(problem, sharded, cache=0)  # no cache: every round draws its shards again
    assert ref.iterations >= 4
    _same(run, ref)
    assert run.rows_added == ref.active_rows - 1


class _Planted(ShardedSet):
    """The set with its very last row replaced by a crash with the yen up 43% (USD -30%)."""

    CRASH = {"equity.SPX": -0.30, "fx.USD": -0.30}

    def draw(self, i: int) -> ScenarioSet:
        shard = super().draw(i)
        return self._plant(shard) if i == len(self.shards) - 1 else shard

    def whole(self) -> ScenarioSet:
        return self._plant(super().whole())

    def _plant(self, s: ScenarioSet) -> ScenarioSet:
        table = s.table.copy()
        for col, value in self.CRASH.items():
            table.loc[len(table) - 1, col] = value
        return ScenarioSet(table, s.name)


def test_a_binding_row_planted_in_the_last_shard_is_found_without_an_in_memory_part(config, sharded):
    planted = _Planted(sharded.n, sharded.seed, sharded.params, sharded.shard_rows, sharded.block)
    problem = replace(hedge_problem(config, cap=0.15), tax=None)
    ref = solve_hedge(replace(problem, scenarios=planted.whole()), extras=False)
    stand_in = replace(problem, scenarios=planted.draw(0).subset([0]))  # never evaluated: memory=False
    run = hedge_sharded(stand_in, planted, memory=False)
    assert ref.binding_scenarios["label"].iloc[0] == "mc 003000"
    _same(run, ref)
    assert run.worst_label == run.worst_label_reference == "mc 003000"
    assert (run.n_rows, run.memory_rows) == (3_000, 0)


def test_a_cap_no_hedge_reaches_is_diagnosed_as_on_the_whole_set(config, sharded):
    problem = _problem(config, cap=0.10, budget=20_000.0)  # 0.2% of NAV cannot buy a 10% cap
    ref = solve_hedge(_whole(problem, sharded), extras=False)
    run = hedge_sharded(problem, sharded)
    assert run.result.status == ref.status == "infeasible"
    got, want = run.result.diagnosis, ref.diagnosis
    assert got["min_achievable_cap"] == pytest.approx(want["min_achievable_cap"], rel=0, abs=1e-9)
    assert got["limiting_scenario"] == want["limiting_scenario"]
    assert got["remedies"] == want["remedies"]
    assert run.result.worst_case_before == pytest.approx(ref.worst_case_before, rel=0, abs=1e-12)


def test_the_sampled_quantlib_check_picks_the_rows_the_optimizer_would(config, sharded, whole_answer, monkeypatch):
    """Above REFERENCE_ALL rows: the binding rows, the worst and a seeded random sample of the whole set."""
    for module in (verification, shard_hedge):
        monkeypatch.setattr(module, "REFERENCE_ALL", 1_000)
        monkeypatch.setattr(module, "WORST_SAMPLE", 100)
    monkeypatch.setattr(verification, "RANDOM_SAMPLE", 300)
    ref = solve_hedge(_whole(_problem(config, cap=0.12), sharded), extras=False)
    run = hedge_sharded(_problem(config, cap=0.12), sharded)
    assert 300 < ref.verification.n_reference < 3_088
    _same(run, ref)


@pytest.mark.parametrize("field, kwargs", [
    ("risk.cvar", {"cvar": CVaRCap(0.95, 0.15)}),
    ("hedge.after_tax", {"after_tax": True}),
    ("hedge.cap_after_tax", {"cap_after_tax": True}),
])
def test_what_the_sharded_solve_does_not_do_is_refused_by_name(config, sharded, field, kwargs):
    problem = replace(hedge_problem(config, **kwargs), scenarios=memory_part(config))
    with pytest.raises(InputError, match=rf"^{field}="):
        hedge_sharded(problem, sharded)

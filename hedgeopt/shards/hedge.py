"""The cheapest hedge on a Monte Carlo set larger than memory: constraint generation with the rows on the workers.

The optimizer's own method (:mod:`hedgeopt.optimizer.solve`), cut where the rows live. The client holds the
active set — a few hundred rows with every candidate's payoff — and solves the LP on it
(:func:`hedgeopt.optimizer.lp.solve`). Each round it sends the LP's contracts to every part of the set (the shards,
and the in-memory grid and episodes); each worker evaluates the hedge on its rows and sends back its most violated
ones (:mod:`hedgeopt.shards.worker`). The client keeps the most violated of those, exactly as the optimizer picks
them on the whole set, and repeats until no row of any shard is violated: the answer is the whole set's optimum,
the same one :func:`~hedgeopt.optimizer.solve.solve_hedge` finds when the set fits in one memory.

The reported hedge is then re-checked on every row of every shard (the fast kernel's worst case and its scenario),
with the reference evaluator re-valuing the account and the hedge on the rows
:mod:`hedgeopt.optimizer.verification` states: all up to 11,000 rows, beyond that every row near the cap
(:func:`~hedgeopt.optimizer.verification.near_band`), the worst 1,000 and a seeded random 10,000 of the whole set.

Scope: the worst-case cap with the cost objective (or the least worst case for a budget), whole or fractional
contracts, a budget and the yen hedges' notional limit. A CVaR cap and the after-tax objective and cap are refused
(:class:`~pricing.errors.InputError` naming the field); the after-tax re-check of a hedge is not run.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import cloudpickle
import numpy as np
import pandas as pd

from hedgeopt.cluster import run_tasks, share
from hedgeopt.optimizer import lp
from hedgeopt.optimizer.lp import Objective
from hedgeopt.optimizer.problem import HedgeProblem
from hedgeopt.optimizer.result import HedgeResult, Verification
from hedgeopt.optimizer.solve import (
    MAX_ROUNDS,
    binding_table,
    held_positions,
    initial_rows,
    most_violated,
    what_would_hold,
)
from hedgeopt.optimizer.verification import (
    REFERENCE_ALL,
    SAMPLE,
    WORST_SAMPLE,
    judge,
    near_band,
    random_rows,
    tolerance,
)
from hedgeopt.shards.sharded_set import ShardedSet
from hedgeopt.shards.worker import MEMORY, Check, Evaluation, Job, Rows, check_rows, first_rows, forget, violated_rows
from pricing import InputError, SolverError
from pricing._typing import FloatArray
from scenarios import ScenarioSet

if TYPE_CHECKING:
    from distributed import Client


@dataclass(frozen=True, eq=False)
class ShardRun:
    """A hedge found and verified on a sharded set, and how the run went.

    Attributes
    ----------
    result : HedgeResult
        The answer, as :func:`~hedgeopt.optimizer.solve.solve_hedge` reports it (``after_tax`` None).
    n_rows : int
        Scenarios of the whole set (in-memory part and every shard).
    n_shards : int
        Monte Carlo shards.
    shard_rows : int
        Rows of the largest shard.
    memory_rows : int
        In-memory scenarios (grid and episodes) beside the shards.
    workers : int
        Dask workers that ran the tasks (0: in this process).
    rounds : int
        Rounds of constraint generation (LP solves).
    rows_added : int
        Rows added to the first active set over the rounds.
    worst_label : str or None
        Scenario of the hedged worst case on every row, by the fast kernel (None when infeasible or not checked).
    worst_label_reference : str or None
        Scenario of the hedged worst case among the rows the reference evaluator re-evaluated.
    tasks : int
        Tasks run on the workers.
    bytes_out, bytes_back : int
        Bytes of the tasks' inputs sent and of their answers returned, pickled (the shared job not included:
        ``bytes_shared`` is sent once to each worker).
    bytes_shared : int
    seconds : dict
        Wall time of ``solve`` and ``verification``.
    """

    result: HedgeResult
    n_rows: int
    n_shards: int
    shard_rows: int
    memory_rows: int
    workers: int
    rounds: int
    rows_added: int
    worst_label: str | None
    worst_label_reference: str | None
    tasks: int
    bytes_out: int
    bytes_back: int
    bytes_shared: int
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Every figure under stable keys (for JSON): the run's, and the hedge's under ``hedge``."""
        return {"hedge": self.result.as_dict(), "n_rows": self.n_rows, "n_shards": self.n_shards,
                "shard_rows": self.shard_rows, "memory_rows": self.memory_rows, "workers": self.workers,
                "rounds": self.rounds, "rows_added": self.rows_added, "worst_label": self.worst_label,
                "worst_label_reference": self.worst_label_reference, "tasks": self.tasks, "bytes_out": self.bytes_out,
                "bytes_back": self.bytes_back, "bytes_shared": self.bytes_shared, "seconds": dict(self.seconds)}


@dataclass
class _Active:
    """The active set on the client: the rows' payoffs and unhedged P&L, and where each row lives."""

    payoff: FloatArray
    base: FloatArray
    part: np.ndarray
    row: np.ndarray
    table: pd.DataFrame

    def add(self, rows: _Joined, pick: np.ndarray) -> None:
        self.payoff = np.vstack([self.payoff, rows.payoff[pick]])
        self.base = np.concatenate([self.base, rows.base[pick]])
        self.part = np.concatenate([self.part, rows.part[pick]])
        self.row = np.concatenate([self.row, rows.row[pick]])
        self.table = pd.concat([self.table, rows.table.iloc[pick]], ignore_index=True)

    def local(self, part: int) -> np.ndarray:
        """Positions in ``part`` of its active rows."""
        return self.row[self.part == part]


@dataclass(frozen=True, eq=False)
class _Joined:
    """The rows the parts sent, joined in row order (part by part)."""

    payoff: FloatArray
    base: FloatArray
    part: np.ndarray
    row: np.ndarray
    table: pd.DataFrame
    score: FloatArray

    @classmethod
    def of(cls, answers: list[Rows], n_candidates: int) -> _Joined:
        answers = sorted(answers, key=lambda a: a.part)
        return cls(np.vstack([a.payoff.reshape(-1, n_candidates) for a in answers]),
                   np.concatenate([a.base for a in answers]),
                   np.concatenate([np.full(a.rows.size, a.part) for a in answers]),
                   np.concatenate([a.rows for a in answers]),
                   pd.concat([a.table for a in answers], ignore_index=True),
                   np.concatenate([a.score for a in answers]))

    def active(self, pick: np.ndarray) -> _Active:
        return _Active(self.payoff[pick], self.base[pick], self.part[pick], self.row[pick],
                       self.table.iloc[pick].reset_index(drop=True))


class _Runner:
    """Runs one kind of task over every part of ``job`` and counts what moves (pickled bytes)."""

    def __init__(self, client: Client | None, job: Job) -> None:
        self.client, self.job = client, job
        self.shared = share(client, {"job": job})
        self.bytes_shared = len(cloudpickle.dumps(job))
        self.tasks = self.bytes_out = self.bytes_back = 0
        self.backwards = False
        workers = sorted(client.scheduler_info()["workers"]) if client is not None else []
        self.home = {part: workers[i % len(workers)] for i, part in enumerate(job.parts)} if workers else {}

    def map(self, fn: Callable[..., Any], items: Iterable[tuple[int, Any]]) -> list[Any]:
        """``fn(item, job=job)`` for each ``(part, item)``; the answers in part order.

        Each part has a home worker (part ``i`` on worker ``i mod W``), where its task runs when it can: the worker
        that drew it keeps it in its cache. The parts are sent forwards and backwards in turn, so that a round starts
        with the parts the last one ended with, still in the cache (a least-recently-used cache misses every part of
        a cycle longer than itself).
        """
        items = list(items)[::-1 if self.backwards else 1]
        self.backwards = not self.backwards
        keyed = [(f"{fn.__name__}-{part}", item) for part, item in items]
        placement = {f"{fn.__name__}-{part}": self.home[part] for part, _ in items if part in self.home}
        self.tasks += len(keyed)
        self.bytes_out += sum(len(cloudpickle.dumps(item)) for _, item in keyed)
        answers = [answer for _, answer in run_tasks(self.client, fn, keyed, self.shared, placement=placement)]
        self.bytes_back += sum(len(cloudpickle.dumps(answer)) for answer in answers)
        return sorted(answers, key=lambda a: a.part)

    def again(self, problem: HedgeProblem) -> _Runner:
        """A runner for ``problem`` on the same rows: the workers' cached parts still serve (same token)."""
        other = _Runner(self.client, replace(self.job, problem=problem))
        other.tasks, other.bytes_out, other.bytes_back = self.tasks, self.bytes_out, self.bytes_back
        other.backwards = self.backwards
        return other


def _check_scope(problem: HedgeProblem) -> None:
    """Refuse what the sharded solve does not do, naming the field."""
    if problem.cvar is not None:
        raise InputError("risk.cvar", f"{problem.cvar.level}:{problem.cvar.cap}",
                         "no CVaR cap on a sharded Monte Carlo set (worst-case cap)")
    if problem.after_tax:
        raise InputError("hedge.after_tax", True, "false on a sharded Monte Carlo set (the pre-tax cost)")
    if problem.cap_after_tax:
        raise InputError("hedge.cap_after_tax", True, "false on a sharded Monte Carlo set (the pre-tax cap)")


def _lp(problem: HedgeProblem, active: _Active) -> lp.LPSolution:
    risk = problem.objective is Objective.RISK
    return lp.solve(active.payoff, active.base, problem.cost, problem.upper, objective=problem.objective,
                    cap=None if risk else problem.cap, budget=problem.budget_fraction, integer=problem.whole,
                    coef=problem.objective_coef, limits=problem.limits, minimum=problem.minimum)


def _generate(problem: HedgeProblem, runner: _Runner) -> tuple[lp.LPSolution, list[Evaluation], int, _Active, int]:
    """Constraint generation over the parts (:func:`hedgeopt.optimizer.solve.generate`, the rows on the workers).

    Returns the last LP solution (``q`` None: infeasible), the parts' last evaluations (empty when infeasible), the
    rounds, the active set and the number of rows in the first one.
    """
    n_cand = len(problem.candidates)
    first = _Joined.of(runner.map(first_rows, [(p, p) for p in runner.job.parts]), n_cand)
    active = first.active(initial_rows(first.score, first.table))
    initial = active.base.size
    risk = problem.objective is Objective.RISK
    for rounds in range(1, MAX_ROUNDS + 1):
        sol = _lp(problem, active)
        if sol.q is None:
            return sol, [], rounds, active, initial
        bound = sol.value if risk else problem.cap
        evaluations = runner.map(violated_rows, [(p, (p, sol.q, bound, active.local(p))) for p in runner.job.parts])
        joined = _Joined.of([e.violated for e in evaluations], n_cand)
        new = most_violated(joined.score)
        if new.size == 0:
            return sol, evaluations, rounds, active, initial
        active.add(joined, new)
    raise SolverError(lp.SOLVER, "no convergence", f"{MAX_ROUNDS} rounds of constraint generation")


def _lowest(evaluations: list[Evaluation]) -> tuple[FloatArray, np.ndarray]:
    """The parts' lowest hedged P&L joined in row order, with the labels of each part's first ones."""
    values = np.concatenate([e.lowest[:len(e.lowest_labels)] for e in evaluations])
    labels = np.concatenate([np.asarray(e.lowest_labels, dtype=object) for e in evaluations])
    return values, labels


def _verify(problem: HedgeProblem, runner: _Runner, q_lp: FloatArray, q: FloatArray, evaluations: list[Evaluation],
            result: HedgeResult, n_rows: int, reference: bool) -> tuple[Verification, list[Check]]:
    """Re-check the hedge on every row of every part; the reference evaluator on all rows or the stated sample."""
    job = runner.job
    if not reference:
        threshold, sample, how = -np.inf, {p: np.zeros(0, dtype=np.int64) for p in job.parts}, "none"
    elif n_rows <= REFERENCE_ALL:
        threshold, sample, how = None, {p: np.zeros(0, dtype=np.int64) for p in job.parts}, "all"
    else:
        tail = np.sort(np.concatenate([e.lowest for e in evaluations]))
        bound = result.worst_case_after if result.cap is None else result.cap
        threshold = max(float(tail[WORST_SAMPLE - 1]), -bound + near_band(problem, q))  # the worst, all near the cap
        offsets = np.cumsum([0] + [job.size(p) for p in job.parts])
        random = np.sort(random_rows(n_rows))
        sample = {p: random[(random >= offsets[i]) & (random < offsets[i + 1])] - offsets[i]
                  for i, p in enumerate(job.parts)}
        how = SAMPLE
    checks = runner.map(check_rows, [(p, (p, q_lp, q, threshold, sample[p])) for p in job.parts])
    worst = min(checks, key=lambda c: (c.worst_fast, c.part))
    worst_ref = min(checks, key=lambda c: (c.worst_reference, c.part))
    verification = Verification(sum(c.n for c in checks), -worst.worst_fast, sum(c.n_reference for c in checks),
                                -worst_ref.worst_reference, max(c.max_abs_diff for c in checks), how, True,
                                tolerance=tolerance(problem, q) * problem.nav)
    return judge(problem, result, verification), checks


def _infeasible(problem: HedgeProblem, runner: _Runner) -> tuple[HedgeResult, _Runner]:
    """The answer when no hedge meets the cap: the least worst case the candidates reach, and where."""
    budget = problem.budget if problem.budget is not None else problem.nav
    least = replace(problem, objective=Objective.RISK, cap=None, budget=budget)
    runner = runner.again(least)
    _, least_evals, rounds, active, _ = _generate(least, runner)
    values, labels = _lowest(least_evals)
    worst = int(np.argmin(values))
    row = active.table[active.table["label"] == labels[worst]]
    one = ScenarioSet(row.reset_index(drop=True)) if len(row) else None
    diagnosis = {"min_achievable_cap": float(-values[worst]), "limiting_scenario": str(labels[worst]),
                 "budget_used_for_diagnosis": budget,
                 **(what_would_hold(replace(problem, scenarios=one), 0) if one is not None else {}),
                 "limit": "worst case"}
    before = min(e.worst_before for e in least_evals)
    return HedgeResult("infeasible", problem.nav, problem.account.base_currency, problem.cap,
                       worst_case_before=float(-before), diagnosis=diagnosis, iterations=rounds,
                       active_rows=active.base.size), runner


def hedge_sharded(
    problem: HedgeProblem, sharded: ShardedSet, client: Client | None = None, *, memory: bool = True,
    check: bool = True, extras: bool = False, cache: int | None = None,
) -> ShardRun:
    """The cheapest hedge of ``problem`` on its scenarios and every row of ``sharded``, verified on every row.

    Parameters
    ----------
    problem : HedgeProblem
        The account, market, candidates and limits; its ``scenarios`` are the in-memory part of the set (the grid
        and the episodes), held to the cap with the shards. ``cvar``, ``after_tax`` and ``cap_after_tax`` must be
        unset; ``tax`` is ignored (no after-tax re-check).
    sharded : ShardedSet
        The Monte Carlo rows, drawn on the workers shard by shard.
    client : distributed.Client, optional
        Where the shards run (:func:`hedgeopt.cluster.open_client`); None: in this process, one shard at a time.
    memory : bool, default True
        False when ``problem.scenarios`` is only a stand-in (a config without grid or episodes): it is then not
        part of the set.
    check : bool, default True
        Re-evaluate the account and the hedge with the reference evaluator on the stated rows (the fast kernel's
        worst case on every row is always computed); a hedge that fails raises
        :class:`~pricing.errors.HedgeoptError`.
    extras : bool, default False
        For whole contracts, also solve the continuous problem and the problem at cap + 0.01 (two more sharded
        runs on the same cached shards), as :func:`~hedgeopt.optimizer.solve.solve_hedge` does.
    cache : int, optional
        Bytes of parts each worker keeps between rounds (0: none); None: :data:`hedgeopt.shards.worker.CACHE_BYTES`.

    Returns
    -------
    ShardRun
        The :class:`~hedgeopt.optimizer.result.HedgeResult` (``"optimal"`` or ``"infeasible"``) and the run's
        figures.

    Raises
    ------
    InputError
        Naming ``risk.cvar``, ``hedge.after_tax`` or ``hedge.cap_after_tax`` when set.
    """
    _check_scope(problem)
    job = Job(problem, sharded, uuid.uuid4().hex[:12], memory, **({} if cache is None else {"cache": cache}))
    try:
        return _solve(_Runner(client, job), check, extras)
    finally:
        if client is None:
            forget(job.token)
        else:
            client.run(forget, job.token)


def _solve(runner: _Runner, check: bool, extras: bool) -> ShardRun:
    start = time.perf_counter()
    problem, job = runner.job.problem, runner.job
    n_rows = sum(job.size(p) for p in job.parts)
    sol, evaluations, rounds, active, initial = _generate(problem, runner)
    if sol.q is None:
        result, runner = _infeasible(problem, runner)
        return _run(runner, result, n_rows, rounds, active.base.size - initial, (None, None), start)
    values, labels = _lowest(evaluations)
    q, positions = held_positions(problem, sol.q)
    worst_after = float(-values.min())
    cost = sum(p.cost for p in positions)
    result = HedgeResult(
        status="optimal", nav=problem.nav, base_currency=problem.account.base_currency, cap=problem.cap,
        positions=positions, worst_case_before=float(-min(e.worst_before for e in evaluations)),
        worst_case_after=worst_after, binding_scenarios=binding_table(labels, values, worst_after, problem.nav),
        iterations=rounds, active_rows=active.base.size,
        cap_dual=None if sol.row_duals is None or problem.objective is Objective.RISK
        else float(sol.row_duals.sum() * 0.01 * problem.nav),
        shadow_price=_shadow_price(runner, cost, extras), continuous_cost=_continuous_cost(runner, extras),
        seconds={"solve": time.perf_counter() - start},
    )
    checked = time.perf_counter()
    verification, checks = _verify(problem, runner, sol.q, q, evaluations, result, n_rows, check)
    worst = min(checks, key=lambda c: (c.worst_fast, c.part))
    worst_ref = min(checks, key=lambda c: (c.worst_reference, c.part))
    result = replace(result, verification=verification if check else None,
                     uncredited=tuple(label for c in checks for label in c.uncredited),
                     seconds={**result.seconds, "verification": time.perf_counter() - checked})
    return _run(runner, result, n_rows, rounds, active.base.size - initial,
                (worst.worst_fast_label, worst_ref.worst_reference_label if check else None), start)


def _run(runner: _Runner, result: HedgeResult, n_rows: int, rounds: int, added: int,
         labels: tuple[str | None, str | None], start: float) -> ShardRun:
    job = runner.job
    workers = 0 if runner.client is None else len(runner.client.scheduler_info()["workers"])
    return ShardRun(result, n_rows, len(job.sharded.shards), min(job.sharded.shard_rows, job.sharded.n),
                    job.size(MEMORY) if job.memory else 0, workers, rounds, added, labels[0], labels[1],
                    runner.tasks, runner.bytes_out, runner.bytes_back, runner.bytes_shared,
                    {**result.seconds, "total": time.perf_counter() - start})


def _shadow_price(runner: _Runner, cost: float, extras: bool) -> float | None:
    """Premium saved by a cap one point looser (as :func:`hedgeopt.optimizer.solve.solve_hedge` reports it)."""
    problem = runner.job.problem
    if problem.objective is Objective.RISK or problem.cap is None or not extras or problem.cap + 0.01 > 1.0:
        return None
    looser = _solve(runner.again(replace(problem, cap=problem.cap + 0.01)), False, False).result
    return float(cost - looser.cost) if looser.optimal else None


def _continuous_cost(runner: _Runner, extras: bool) -> float | None:
    """Cost of the continuous optimum of a whole-contract problem, base currency."""
    problem = runner.job.problem
    if not (problem.integer and extras and problem.objective is Objective.COST):
        return None
    relaxed = _solve(runner.again(replace(problem, integer=False)), False, False).result
    return relaxed.cost if relaxed.optimal else None

"""The standing-put program search (``hedgeopt program``) over a Monte Carlo path set in shards.

:class:`OnShards` is a :data:`hedgeopt.program.answer.Runner`: each shard runs every program on its own blocks of
paths (:func:`hedgeopt.program.runs.simulate_programs`, one lane per program and path) and sends back the per-lane
figures (``programs x shard paths`` arrays of NAV, drawdown, outlay, cover, ...). Put end to end in the set's
order they are the figures of one run on the whole set, so the table, the choice, the frontier and who does the
work are the same (:func:`program_answer_sharded`). The crisis replay runs in this process: a few short windows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hedgeopt.config.config import Config
from hedgeopt.config.path_settings import StandingHedge
from hedgeopt.config.rules import Rules
from hedgeopt.paths.backtest import fx_hedge_of
from hedgeopt.program.answer import ProgramAnswer, program_answer
from hedgeopt.program.runs import ProgramRuns, simulate_programs
from hedgeopt.shards.path_sets import PathShards, over_shards

if TYPE_CHECKING:
    from distributed import Client


def _programs_on_shard(blocks: range, *, plan: PathShards, config: Config,
                       programs: tuple[StandingHedge | None, ...], rules: Rules | None
                       ) -> tuple[tuple[StandingHedge | None, ...], dict[str, np.ndarray]]:
    """Every program on the shard's paths: the programs as run and their per-lane figures."""
    runs = simulate_programs(config.account, config.market, plan.draw(config, blocks), programs, rules,
                             config.paths.frictions, fx_hedge_of(config))
    return runs.programs, runs.figures


@dataclass(frozen=True)
class OnShards:
    """Run programs on a path set in shards (a :data:`~hedgeopt.program.answer.Runner`).

    Attributes
    ----------
    config : Config
    plan : PathShards
    client : distributed.Client or None
        Where the shards run; None: in this process, one after another.
    """

    config: Config
    plan: PathShards
    client: Any = None

    def __call__(self, programs: tuple[StandingHedge | None, ...], rules: Rules | None,
                 tick: Callable[[int], None] | None = None) -> ProgramRuns:
        """Every program on every shard, merged; ``tick(day)`` moves through the days as shards finish."""
        total, days = len(self.plan.shards()), self.plan.n_days
        done = None if tick is None else (lambda k: tick(round(k / total * days)))
        shared = {"config": self.config, "programs": tuple(programs), "rules": rules}
        parts = [part for _, part in over_shards(self.client, self.plan, _programs_on_shard, shared, done)]
        figures = {key: np.concatenate([f[key] for _, f in parts], axis=1) for key in parts[0][1]}
        header = self.plan.header(self.config)
        years = (header.dates[-1] - header.dates[0]).days / 365.0
        return ProgramRuns(parts[0][0], header, figures, years)


def program_answer_sharded(client: Client | None, config: Config, plan: PathShards, **options: Any
                           ) -> ProgramAnswer:
    """:func:`hedgeopt.program.answer.program_answer` on ``plan``'s path set, its programs run over the shards.

    ``options``: ``cap``, ``target``, ``budget``, ``grid``, ``history``, ``progress`` as there. Equal to
    ``program_answer`` on the same set in memory (``n_paths``, ``n_days``, ``seed`` of the plan, its block size).
    """
    return program_answer(config, n_paths=plan.n_paths, n_days=plan.n_days, seed=plan.seed,
                          runner=OnShards(config, plan, client), **options)

"""``hedgeopt program``: the standing put (常備薬) as a rolled program, chosen on Monte Carlo paths and history."""

from __future__ import annotations

import argparse

from hedgeopt.face.cli.args import (
    config_arg,
    engine_args,
    engine_given,
    engine_of,
    fraction_arg,
    load,
    number_arg,
    whole_arg,
)

FAILED_VERDICTS = ("unreachable", "budget_buys_nothing")
"""Verdicts that exit with code 1: an answer with its diagnosis, not an error."""


def add_program(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt program``."""
    p = sub.add_parser("program", help="the standing put as a rolled program: the cheapest put or spread program "
                       "that keeps the drawdown under the cap on Monte Carlo paths and through the crises",
                       description="Search rolled put and put-spread programs (strike, width, tenor, roll timing, "
                       "cover) on shared Monte Carlo paths and replay them through the shipped S&P 500 crises; "
                       "print the chosen program and its price first, then who does the work (the program or the "
                       "rules), the crisis replay and the frontier of yearly cost against P(drawdown > cap). Exit "
                       "code 1 when no program meets the goal or the budget buys none.")
    config_arg(p)
    goal = p.add_mutually_exclusive_group()
    goal.add_argument("--budget-per-year", type=number_arg, metavar="N", help="yearly premium budget in the base "
                      "currency: the program with the lowest P(drawdown > cap) it pays for")
    goal.add_argument("--target-probability", type=fraction_arg, metavar="P", help="largest share of paths "
                      "beyond the cap, a decimal (default 0.05): the cheapest program meeting it")
    p.add_argument("--cap", type=fraction_arg, help="drawdown cap, fraction of NAV (default [risk] cap)")
    p.add_argument("--paths", type=whole_arg(1), help="number of paths (default [paths] n_paths, 10,000); "
                   "above 50,000, or with --workers, --scheduler or --memory-limit, they run in shards of 10,000 "
                   "on Dask")
    p.add_argument("--days", type=whole_arg(1), help="trading days per path (default [paths] n_days, 252)")
    p.add_argument("--seed", type=whole_arg(0), help="seed (default [paths] seed, 1)")
    p.add_argument("--no-history", action="store_true", help="skip the crisis replay (judge on the paths alone)")
    engine_args(p)
    p.set_defaults(func=_cmd_program)


def _cmd_program(args: argparse.Namespace) -> int:
    from hedgeopt.cluster import open_client
    from hedgeopt.face import render, render_paths
    from hedgeopt.face.program import tables, words
    from hedgeopt.face.terminal import console, print_json, stage_bars
    from hedgeopt.program.answer import program_answer
    from hedgeopt.shards.path_sets import PathShards, wants_shards
    from hedgeopt.shards.programs import program_answer_sharded

    config = load(args)
    lang, base = render.language(), config.account.base_currency
    n = args.paths if args.paths is not None else config.paths.n_paths

    def describe(stage: str) -> str:
        if stage == "monte carlo":
            return render.text("prog_stage_mc", paths=f"{n:,}")
        return render.text("prog_stage_replay", window=words.window_name(stage, lang))

    options = {"cap": args.cap, "target": args.target_probability, "budget": args.budget_per_year,
               "history": not args.no_history}
    plan = PathShards.of(config, args.paths, args.days, args.seed) if wants_shards(n, engine_given(args)) else None
    with stage_bars(describe, quiet=args.json) as progress:
        if plan is None:
            answer = program_answer(config, n_paths=args.paths, n_days=args.days, seed=args.seed, progress=progress,
                                    **options)
        else:
            with open_client(engine_of(args)) as client:
                answer = program_answer_sharded(client, config, plan, progress=progress, **options)
    where = None if plan is None else render_paths.where_line(plan, engine_of(args))
    if args.json:
        sharded = {} if plan is None else {"sharded": {"shards": len(plan.shards()), "shard_paths": plan.shard_paths,
                                                       "seed": plan.seed, "where": where}}
        print_json({**tables.payload(answer, base, lang), **sharded,
                    "market": render.market_json(config.market, config.snapshot)})
    else:
        render.market_note(config.market, config.snapshot)
        tables.show(answer, base, lang)
        if where is not None:
            console().print(where, markup=False)
    return 1 if answer.choice.verdict in FAILED_VERDICTS else 0

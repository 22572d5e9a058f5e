"""``hedgeopt advise``: the verdict and the action first, with its price; then the evidence on request."""

from __future__ import annotations

import argparse

from hedgeopt.face.cli.args import config_arg, fraction_arg, load

PROGRAM_PATHS = 300
"""Monte Carlo paths of advise's quick program search for the standing put (``hedgeopt program`` runs the full
one); the sentence says how many."""


def add_advise(sub: argparse._SubParsersAction) -> None:
    """Register ``hedgeopt advise``."""
    p = sub.add_parser("advise", help="the verdict: what the account can lose, and what to do (hedge or cut)",
                       description="What the account can lose in its scenarios and the named stresses (index "
                       "-20%%/-30%% with USDJPY -10%%), whether that breaks the cap, and the ways back within it: "
                       "the cheapest whole-contract hedge (cost now and a year if rolled), puts vs spreads, and the "
                       "largest exposure in 0.1x steps without a hedge. Exit code 1 when no way reaches the cap.")
    config_arg(p)
    p.add_argument("--cap", type=fraction_arg, help="worst-case loss cap (default [risk] cap)")
    p.add_argument("--evidence", action="store_true", help="also print the stress table, the hedge in detail and "
                   "the checklist")
    p.add_argument("--program-paths", type=int, metavar="N", help="paths of the quick standing-put program search "
                   "(default 300; 0 leaves it out)")
    p.set_defaults(func=_cmd_advise)


def _cmd_advise(args: argparse.Namespace) -> int:
    from hedgeopt.advice import Verdict, advise
    from hedgeopt.face import render
    from hedgeopt.face.terminal import working

    config = load(args)
    with working(render.text("working_advise"), quiet=args.json):
        result = advise(config, cap=args.cap)
    n = PROGRAM_PATHS if args.program_paths is None else args.program_paths
    with working(render.text("working_program"), quiet=args.json or n == 0):
        program = _program(config, result.cap, n)
    if args.json:  # every figure, and the verdict's sentences in the chosen language
        from hedgeopt.face import render_advice
        from hedgeopt.face.terminal import print_json

        print_json({**result.as_dict(), "verdict_text": render_advice.verdict_lines(result, dict(config.market.fx)),
                    "standing_put_program": program, "market": render.market_json(config.market, config.snapshot)})
    else:
        render.market_note(config.market, config.snapshot)
        _show(result, config, args.evidence, [] if program is None else [program["sentence"]])
    return 1 if result.verdict is Verdict.UNREACHABLE else 0


def _program(config, cap: float, n_paths: int) -> dict[str, object] | None:  # noqa: ANN001 - Config
    """The quick program search's sentence and figures (None: left out with 0 paths)."""
    if n_paths == 0:
        return None
    from hedgeopt.face import render
    from hedgeopt.face.program import words
    from hedgeopt.program.answer import program_answer

    answer = program_answer(config, cap=cap, n_paths=n_paths)
    chosen = answer.choice.chosen
    return {"sentence": words.advise_line(answer, config.account.base_currency, render.language()),
            "verdict": answer.choice.verdict, "n_paths": n_paths,
            "program": None if answer.program is None else words.program_words(answer.program, render.language()),
            "chosen": None if answer.program is None else chosen.to_dict()}


def _show(result, config, evidence: bool, extra: list[str]) -> None:  # noqa: ANN001 - Advice, Config
    from hedgeopt.face import render_advice

    render_advice.advice(result, dict(config.market.fx), extra)
    if evidence:
        render_advice.evidence(result)

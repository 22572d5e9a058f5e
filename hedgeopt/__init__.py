"""hedgeopt: hedge an MMF core plus a thin, possibly leveraged equity-index satellite against ruin.

Rooms by concept, imported in one order (a room imports only those before it):
``account`` -> ``config`` -> ``tax`` -> ``risk``, ``optimizer``, ``paths`` (side by side) -> ``program`` ->
``advice``, ``cluster`` -> ``batch``, ``shards`` -> ``face``.
``files`` (below them all) writes every file: the output path checked before any work, the output built in a hidden
temporary sibling and renamed into place, in the umask's mode.
The public API is re-exported here, lazily (PEP 562, through ``lazy_loader``): ``from hedgeopt import stress``
imports what ``stress`` needs and no more, which keeps the command line quick to start. See the README's Python
API section and docs/architecture.md.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "_version": ("__version__",),
    "advice": ("Advice", "advise"),
    "batch": ("BatchResult", "read_accounts", "run_batch"),
    "cluster": ("Engine",),
    "account.account": ("Account",),
    "account.carry": ("yearly_carry",),
    "account.holdings": ("MMF", "Cash", "EtfPosition", "FuturesPosition", "FxHedgePosition", "LinearAsset",
                         "MarginPosition", "OptionPosition"),
    "account.pnl": ("account_pnl",),
    "config.config": ("Config", "load_config"),
    "optimizer": ("Candidates", "HedgeProblem", "HedgeResult", "LeverageResult", "StandingPutResult", "YenLeg",
                  "hedging", "solve_dense", "solve_hedge", "yen_leg"),
    "paths": ("PathRun", "backtest", "put_roll_study", "simulate", "simulate_loop"),
    "program.answer": ("ProgramAnswer", "program_answer"),
    "program.grid": ("ProgramGrid", "program_grid"),
    "program.runs": ("ProgramRuns", "simulate_programs"),
    "risk": ("Checklist", "StressResult", "checklist", "stress", "what_if"),
    "tax": ("Category", "TaxEffect", "TaxRules", "TaxSettings", "YearBill", "placements", "settle_year",
            "tax_effect"),
})

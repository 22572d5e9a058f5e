"""The standing put as a program: the rolled put or spread that keeps the drawdown under the cap at least cost a year.

Which kind, strike, tenor, roll timing and cover.

:mod:`~hedgeopt.program.grid` names the programs searched, :mod:`~hedgeopt.program.runs` runs them all at once on
shared paths (:class:`~hedgeopt.paths.engine.Simulator` with one lane per program and path),
:mod:`~hedgeopt.program.replay` replays them through the shipped crises, :mod:`~hedgeopt.program.choose` picks the
answer and traces the frontier, and :mod:`~hedgeopt.program.answer` is the config-to-answer glue the CLI reads.

Imports ``pricing``, ``scenarios`` and ``hedgeopt.config``/``account``/``paths``; the face imports it.
"""

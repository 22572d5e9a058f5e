"""From a config to the standing-put program.

Search on Monte Carlo paths, replay through the shipped crises, choose, trace the frontier and say whether the
program or the staircase rules do the work.

Every number the ``hedgeopt program`` command prints comes from :func:`program_answer`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from hedgeopt.account.routes import DEFAULT_OPTIONS
from hedgeopt.config.config import Config
from hedgeopt.config.path_settings import StandingHedge
from hedgeopt.config.rules import Rules
from hedgeopt.paths.backtest import fx_hedge_of, history_paths, main_route, simulated_paths, stylised_paths
from hedgeopt.program.choose import ProgramChoice, cheapest_under, frontier, safest_within
from hedgeopt.program.grid import ProgramGrid, program_label
from hedgeopt.program.runs import ProgramRuns, simulate_programs
from hedgeopt.tax.insurance import InsuranceCost, premium_after_tax
from pricing import InputError, contract
from pricing.validation import check_fraction, check_non_negative, check_share
from scenarios.paths.market_paths import MarketPaths, Note
from scenarios.sets.historical import EPISODES

DEFAULT_TARGET = 0.05
"""Share of Monte Carlo paths allowed beyond the cap when no goal is given (5%)."""

HISTORY_FIRST, HISTORY_LAST = "1999-01-04", "2018-12-31"
"""The span of the S&P 500 history shipped by ``arch``."""

STYLISED_REPLAYS = ("crash_1987", "v_2020")
"""Stylised crashes replayed beside the history (the 2020 crash is after the shipped history ends)."""

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, day, days)`` while a stage runs."""


@dataclass(frozen=True)
class ProgramAnswer:
    """The program search's answer and its evidence (base currency unless named).

    Attributes
    ----------
    choice : ProgramChoice
        The goal, the verdict, the chosen row and the table of every program.
    frontier : DataFrame
        :func:`~hedgeopt.program.choose.frontier` of the table.
    history : DataFrame
        Worst drawdown (negative decimal) of each program (rows, by label) in each replay window (columns: the
        shipped episodes within 1999–2018, then the stylised crashes); empty without S&P 500 history.
    work : DataFrame
        Who does the work, on the Monte Carlo paths: rows ``nothing``, ``rules only``, ``program only``,
        ``program + rules`` (the rules rows only when ``[rules]`` are active); columns ``p_beyond``, ``median``,
        ``worst_5pct``, ``cost_per_year``. Empty when no program was chosen.
    runs : ProgramRuns
        The search's per-lane figures.
    nav : float
        The account's NAV today.
    notes : tuple of str
        The paths' provenance and proxies, and what the replay could not cover.
    after_tax : InsuranceCost or None
        The chosen program's yearly cost after tax in a year like ``[tax] year`` (its lapsed premiums offset
        only gains of their own category: :func:`hedgeopt.tax.premium_after_tax`); None without a program or
        without the Japanese tax model.
    """

    choice: ProgramChoice
    frontier: pd.DataFrame
    history: pd.DataFrame
    work: pd.DataFrame
    runs: ProgramRuns
    nav: float
    notes: tuple[str, ...]
    after_tax: InsuranceCost | None = None

    @property
    def program(self) -> StandingHedge | None:
        """The chosen program (None: none chosen, or no hedge needed)."""
        return None if self.choice.index is None else self.runs.programs[self.choice.index]


Runner = Callable[[tuple[StandingHedge | None, ...], Rules | None, Callable[[int], None] | None], ProgramRuns]
"""Runs programs on the search's Monte Carlo paths: ``runner(programs, rules, tick)`` with the config's account,
market, frictions and FX hedge (:class:`OnPaths`; :mod:`hedgeopt.shards` runs them over path shards)."""


@dataclass(frozen=True)
class OnPaths:
    """Run programs on Monte Carlo paths held in memory (a :data:`Runner`).

    Attributes
    ----------
    config : Config
    paths : MarketPaths
    """

    config: Config
    paths: MarketPaths

    def __call__(self, programs: tuple[StandingHedge | None, ...], rules: Rules | None,
                 tick: Callable[[int], None] | None = None) -> ProgramRuns:
        """:func:`simulate_programs` of ``programs`` under ``rules`` on the paths; ``tick(day)`` after each day."""
        config = self.config
        return simulate_programs(config.account, config.market, self.paths, programs, rules, config.paths.frictions,
                                 fx_hedge_of(config), tick)


def replay_windows(config: Config) -> dict[str, MarketPaths]:
    """The crisis windows replayed: the shipped S&P 500 episodes (peak to trough), then the stylised crashes.

    Nothing for an account on another index (the shipped history is the S&P 500's).
    """
    windows: dict[str, MarketPaths] = {}
    for ep in EPISODES:
        if HISTORY_FIRST <= ep.start and ep.end <= HISTORY_LAST:
            try:
                windows[ep.name] = history_paths(config, ep.start, ep.end)
            except InputError:
                return {}
    for name in STYLISED_REPLAYS:
        windows[f"stylised {name}"] = stylised_paths(config, name)
    return windows


def replay(config: Config, programs: tuple[StandingHedge | None, ...], windows: dict[str, MarketPaths],
           progress: Progress | None = None) -> pd.DataFrame:
    """Worst drawdown of every program in every window (a fresh account bought on the window's first date)."""
    columns = {}
    for name, paths in windows.items():
        tick = None if progress is None else (lambda t, n=name, d=paths.n_days: progress(n, t, d))
        runs = simulate_programs(config.account, config.market, paths, programs, _rules(config),
                                 config.paths.frictions, fx_hedge_of(config), tick)
        columns[name] = runs.figures["max_drawdown"][:, 0]
    return pd.DataFrame(columns, index=[program_label(p) for p in programs])


def _rules(config: Config) -> Rules | None:
    """The config's rules when active, else None (buy and hold)."""
    return config.rules if config.rules.active else None


def _grid_symbol(config: Config) -> tuple[str, tuple[Note, ...]]:
    """The option the programs buy, and a note when it is not the configured one.

    ``[paths.hedge] symbol``, unless it is on another index than the account's largest exposure: then that
    index's option of :data:`~hedgeopt.account.routes.DEFAULT_OPTIONS`.
    """
    symbol = contract(config.paths.hedge.symbol).symbol
    _, index = main_route(config)
    if index is None or contract(symbol).underlying == index or index not in DEFAULT_OPTIONS:
        return symbol, ()
    chosen = DEFAULT_OPTIONS[index]
    return chosen, (Note("program_symbol", f"Programs buy {chosen}: the configured {symbol} is on "
                         f"{contract(symbol).underlying}, the account's exposure is on {index}.",
                         chosen=chosen, configured=symbol, index=index),)


def _distinct(table: pd.DataFrame) -> pd.DataFrame:
    """The table without programs that bought exactly what a later one bought (same terms, same figures).

    Whole contracts make coverage 0.5 and 1.0 the same one contract on a small satellite; the row kept is the
    last (the larger coverage asked), and its ``cover`` says what was bought.
    """
    keys = ["kind", "moneyness", "width", "tenor_days", "roll_days", "cost_per_year", "p_beyond", "median",
            "worst_5pct", "cover"]
    return table.drop_duplicates(subset=keys, keep="last")


def _history_columns(table: pd.DataFrame, history: pd.DataFrame, cap: float) -> pd.DataFrame:
    """The table with ``history_worst`` (the deepest drawdown over the shipped windows) and ``history_holds``."""
    shipped = [c for c in history.columns if not c.startswith("stylised")]
    if not shipped:
        return table
    worst = history.loc[table["program"], shipped].min(axis=1).to_numpy()
    return table.assign(history_worst=worst, history_holds=worst >= -cap - 1e-12)


def _work(config: Config, runner: Runner, program: StandingHedge, cap: float) -> pd.DataFrame:
    """P(beyond the cap), median and worst-5% outcomes for nothing, the rules, the program and both."""
    rows = {}
    variants = [(False, "nothing", "program only")]
    if config.rules.active:
        variants.append((True, "rules only", "program + rules"))
    for with_rules, bare, hedged in variants:
        runs = runner((None, program), config.rules if with_rules else None, None)
        table = runs.table(cap)
        for name, i in ((bare, 0), (hedged, 1)):
            rows[name] = table.loc[i, ["p_beyond", "median", "worst_5pct", "cost_per_year"]]
    order = [n for n in ("nothing", "rules only", "program only", "program + rules") if n in rows]
    return pd.DataFrame(rows).T.loc[order].astype(float)


def program_answer(config: Config, *, cap: float | None = None, target: float | None = None,
                   budget: float | None = None, n_paths: int | None = None, n_days: int | None = None,
                   seed: int | None = None, grid: ProgramGrid | None = None, history: bool = True,
                   progress: Progress | None = None, runner: Runner | None = None) -> ProgramAnswer:
    """Search the standing-put programs for the config's account.

    Parameters
    ----------
    config : Config
    cap : float, optional
        Loss cap, a positive fraction of NAV; default ``[risk] cap``.
    target : float, optional
        Share of Monte Carlo paths allowed beyond the cap (0.05 = 5%): the cheapest program meeting it (and
        holding the cap through the shipped crises) is chosen. Default 0.05 when no ``budget`` is given.
    budget : float, optional
        Yearly premium budget, base currency: the program with the lowest share of paths beyond the cap among
        those it pays for. Exclusive with ``target``.
    n_paths, n_days, seed : int, optional
        Monte Carlo paths; default ``[paths]``.
    grid : ProgramGrid, optional
        The programs searched; default :class:`ProgramGrid` on ``[paths.hedge] symbol`` with its trading costs.
    history : bool, default True
        Replay every program through the crisis windows (:func:`replay_windows`).
    progress : callable, optional
        ``progress(stage, day, days)``.
    runner : Runner, optional
        Runs the programs on the Monte Carlo paths; default :class:`OnPaths` on
        :func:`~hedgeopt.paths.backtest.simulated_paths` ``(config, n_paths, n_days, seed)``. A runner over path
        shards (:mod:`hedgeopt.shards`) gives the same answer on the same paths without holding them in one memory;
        ``n_paths``, ``n_days`` and ``seed`` then only name the paths (one path is drawn, for its notes).

    Raises
    ------
    InputError
        Both ``target`` and ``budget`` given, or any input out of range (named).
    """
    if target is not None and budget is not None:
        raise InputError("budget_per_year", budget, "either a budget or a target probability, not both")
    cap = check_fraction("cap", config.risk.cap if cap is None else cap)
    if target is not None:  # checked before any path is run: a bad goal fails at once, not after the search
        check_share("target_probability", target, 1.0)
    if budget is not None:
        check_non_negative("budget_per_year", budget)
    hedge = config.paths.hedge
    symbol, symbol_note = _grid_symbol(config)
    grid = grid or ProgramGrid(symbol, commission=hedge.commission, half_spread=hedge.half_spread)
    programs = grid.programs()
    paths = simulated_paths(config, n_paths if runner is None else 1, n_days, seed)
    runner = runner or OnPaths(config, paths)
    tick = None if progress is None else (lambda t: progress("monte carlo", t, paths.n_days))
    runs = runner(programs, _rules(config), tick)
    table = _distinct(runs.table(cap))
    windows = replay_windows(config) if history else {}
    hist = replay(config, runs.programs, windows, progress) if windows else pd.DataFrame(index=runs.labels)
    table = _history_columns(table, hist, cap)
    choice = (safest_within(table, cap, budget) if budget is not None
              else cheapest_under(table, cap, DEFAULT_TARGET if target is None else target))
    program = None if choice.index is None else runs.programs[choice.index]
    work = _work(config, runner, program, cap) if program is not None else pd.DataFrame()
    notes = tuple(paths.notes) + symbol_note
    if history and not windows:
        notes += (Note("program_no_history", "No crisis replay: the shipped history is the S&P 500 only."),)
    after_tax = (premium_after_tax(config.tax, symbol, float(choice.chosen["cost_per_year"]))
                 if program is not None and config.tax.applies else None)
    return ProgramAnswer(choice, frontier(table), hist, work, runs, config.account.nav(config.market), notes,
                         after_tax)

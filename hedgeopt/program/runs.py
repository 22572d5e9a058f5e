"""Many standing-hedge programs through the same paths at once, and the figures a search reads off them.

:func:`simulate_programs` runs the account under every program in one vectorized pass
(:class:`~hedgeopt.paths.engine.Simulator` with one lane per program and path: the paths, the account's day-0
book and everything but the standing hedge are shared; option legs two programs hold alike are priced once a
day). Each lane is the same account the one-program engine runs (the loop twin,
:mod:`hedgeopt.paths.loop`, checks any of them to 1e-9). :class:`ProgramRuns` keeps per-lane figures only:
NAV at the start and the end, the worst drawdown, the program's outlay and its cover.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hedgeopt.account.account import Account
from hedgeopt.config.path_settings import Frictions, RolledFxHedge, StandingHedge
from hedgeopt.config.rules import Rules
from hedgeopt.paths.engine import Simulator
from hedgeopt.program.grid import program_label
from pricing import Market
from pricing._typing import FloatArray
from pricing.validation import check_fraction
from scenarios.paths.market_paths import MarketPaths

WORST_SHARE = 0.05
"""The share of paths the "worst outcomes" figure is taken over (the 5th percentile of the terminal return)."""


@dataclass(frozen=True)
class ProgramRuns:
    """Per-lane figures of a run of several programs on shared paths, arrays of shape ``(programs, n_paths)``.

    Attributes
    ----------
    programs : tuple of StandingHedge or None
    paths : MarketPaths
        The paths run; for a run merged from shards (:mod:`hedgeopt.shards`), one path of the set, for its name,
        notes and dates: :attr:`n_paths` counts the paths run.
    figures : dict of str to ndarray
        :meth:`~hedgeopt.paths.engine.Simulator.run_summary`'s figures (``nav0``, ``nav``, ``max_drawdown``,
        ``hedge_spend``, ``cover``, ``rolls``, ``cost.<kind>``, ...), base currency.
    years : float
        Calendar length of the paths, Act/365.
    """

    programs: tuple[StandingHedge | None, ...]
    paths: MarketPaths
    figures: dict[str, np.ndarray]
    years: float

    @property
    def n_paths(self) -> int:
        """Number of paths each program ran on (the figures' second axis)."""
        return self.figures["nav"].shape[1]

    @property
    def labels(self) -> list[str]:
        """:func:`program_label` of each program."""
        return [program_label(p) for p in self.programs]

    def p_beyond(self, cap: float) -> FloatArray:
        """Share of paths whose drawdown went beyond ``cap`` (a positive fraction of NAV), per program."""
        cap = check_fraction("cap", cap)
        return np.mean(self.figures["max_drawdown"] < -cap, axis=1)

    def yearly_cost(self) -> FloatArray:
        """Mean yearly cost of each program, base currency.

        The premium the program consumes: its options bought with fees, less the time value recovered when they
        are sold back before expiry and the time value still held at the end (a one-year option bought a month
        before the horizon is mostly not the year's cost). Payoffs, the intrinsic value at expiry or in a sale,
        never reduce it: they are in the outcomes. A program held to expiry and one sold early are charged
        alike.
        """
        spent = self.figures["hedge_spend"] - self.figures["time_value"]
        return spent.mean(axis=1) / self.years

    def terminal_return(self) -> FloatArray:
        """NAV at the end / NAV at the start − 1, per lane (decimal)."""
        return self.figures["nav"] / self.figures["nav0"] - 1.0

    def table(self, cap: float) -> pd.DataFrame:
        """One row per program: what it is, what it costs a year, and what it did on the paths.

        Columns: ``program`` (label), ``kind``, ``moneyness``, ``width``, ``tenor_days``, ``roll_days``,
        ``coverage``; ``cost_per_year`` (base currency) and ``cost_share`` (of the starting NAV);
        ``p_beyond`` (share of paths beyond ``cap``) and ``p_beyond_se`` (its Monte Carlo standard error,
        sqrt(p (1 - p) / n_paths)); ``median`` and ``worst_5pct`` (terminal return at the
        median and at the 5th percentile); ``worst_drawdown`` (negative decimal); ``cover`` (mean notional
        bought / exposure hedged, NaN for none); ``contracts`` (mean contracts bought per roll, NaN for none);
        ``drag_per_year`` (mean terminal NAV given up against no hedge a year, a share of the starting NAV, when
        "none" is among the programs, else NaN).
        """
        f, ret = self.figures, self.terminal_return()
        nav0 = f["nav0"].mean(axis=1)
        cost = self.yearly_cost()
        rows = {
            "program": self.labels,
            "kind": [p.kind.value if p is not None else "none" for p in self.programs],
            "moneyness": [p.moneyness if p is not None else np.nan for p in self.programs],
            "width": [p.width if p is not None and p.legs == 2 else np.nan for p in self.programs],
            "tenor_days": [p.tenor_days if p is not None else 0 for p in self.programs],
            "roll_days": [p.roll_days if p is not None else 0 for p in self.programs],
            "coverage": [p.coverage if p is not None else 0.0 for p in self.programs],
            "cost_per_year": cost,
            "cost_share": cost / nav0,
            "p_beyond": self.p_beyond(cap),
            "p_beyond_se": np.sqrt(self.p_beyond(cap) * (1.0 - self.p_beyond(cap)) / self.n_paths),
            "median": np.median(ret, axis=1),
            "worst_5pct": np.quantile(ret, WORST_SHARE, axis=1),
            "worst_drawdown": f["max_drawdown"].min(axis=1),
            "cover": _mean_over_rolls(f["cover"]),
            "contracts": _mean_over_rolls(f["contracts"]),
        }
        none = [i for i, p in enumerate(self.programs) if p is None]
        if none:
            base = ret[none[0]]
            rows["drag_per_year"] = (base[None, :] - ret).mean(axis=1) / self.years
        else:
            rows["drag_per_year"] = np.full(len(self.programs), np.nan)
        return pd.DataFrame(rows)


def _mean_over_rolls(values: np.ndarray) -> FloatArray:
    """Per program, the mean over the paths that bought anything (NaN for a program that never did)."""
    return np.array([np.nanmean(v) if np.isfinite(v).any() else np.nan for v in values])


def simulate_programs(account: Account, market: Market, paths: MarketPaths,
                      programs: Sequence[StandingHedge | None], rules: Rules | None = None,
                      frictions: Frictions | None = None, fx_hedge: RolledFxHedge | None = None,
                      progress: Callable[[int], None] | None = None) -> ProgramRuns:
    """Run ``account`` through ``paths`` under every program at once (one lane per program and path).

    Parameters
    ----------
    account, market, paths, rules, frictions, fx_hedge
        As :func:`hedgeopt.paths.engine.simulate`; shared by every program.
    programs : sequence of StandingHedge or None
        The standing hedges; None (or kind "none") runs the account unhedged.
    progress : callable, optional
        Called with each day done.

    Examples
    --------
    The seed account through the stylised 2008 bleed, unhedged, with the default 90% XSP put in whole contracts
    (one contract: three times the satellite) and with exactly the exposure's cover:

    >>> from hedgeopt.account.holdings import MMF, Cash, MarginPosition
    >>> from pricing import default_market
    >>> from scenarios.paths.stylised import stylised_path
    >>> acct = Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),),
    ...                satellite=(MarginPosition("SPX", 3_000_000, 0.06, value_currency="JPY"),))
    >>> m = default_market()
    >>> progs = [None, StandingHedge(), StandingHedge(integer=False)]
    >>> runs = simulate_programs(acct, m, stylised_path("slow_bleed_2008", m), progs)
    >>> runs.figures["max_drawdown"][:, 0].round(3).tolist(), runs.figures["cover"][1:, 0].round(1).tolist()
    ([-0.317, -0.242, -0.292], [3.0, 1.0])
    """
    sim = Simulator(account, market, paths, rules, None, frictions, fx_hedge, programs=programs)
    figures = sim.run_summary(progress)
    years = (paths.dates[-1] - paths.dates[0]).days / 365.0
    return ProgramRuns(sim.programs, paths, figures, years)

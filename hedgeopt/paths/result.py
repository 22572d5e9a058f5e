"""What a run of the path engine produced: daily series per path, costs, events and the figures on them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from hedgeopt.paths.aftertax.ledger import PathTax
from hedgeopt.paths.metrics import annual_vol, cagr, calmar, drawdown, max_drawdown, min_survival_days, sharpe
from pricing._typing import FloatArray
from pricing.errors import InputError
from scenarios.paths.market_paths import MarketPaths


@dataclass(frozen=True)
class CapCheck:
    """A run's drawdowns against a loss cap: how deep they went, and on what share of the paths beyond it.

    Attributes
    ----------
    cap : float
        The cap, a positive fraction of NAV (0.20: a drawdown deeper than −20% is beyond it).
    worst_drawdown, worst_end_drawdown : float
        The most negative maximum drawdown and the most negative drawdown on the last day, over the paths
        (decimals, −0.209 = 20.9% below the peak).
    p_beyond, p_end_beyond : float
        Shares of paths whose maximum drawdown went beyond the cap, and that end beyond it (0 or 1 for one path).
    n_paths : int
    """

    cap: float
    worst_drawdown: float
    worst_end_drawdown: float
    p_beyond: float
    p_end_beyond: float
    n_paths: int

    @property
    def beyond(self) -> bool:
        """True when any path's drawdown went beyond the cap."""
        return self.p_beyond > 0.0

    @property
    def ends_beyond(self) -> bool:
        """True when any path ends beyond the cap."""
        return self.p_end_beyond > 0.0


@dataclass(frozen=True)
class PathRun:
    """Daily series of one run, shape ``(n_paths, n_days + 1)``, base currency unless said otherwise.

    Attributes
    ----------
    paths : MarketPaths
    nav, cash, exposure, mmf, options, required : ndarray
        NAV; cash (negative = shortfall); index exposure; MMF held plus in transit; standing hedge value;
        futures maintenance margin.
    leverage : ndarray
        Gross exposure / NAV.
    shortfall : ndarray of bool
        Cash below zero or below the futures maintenance margin at the close.
    costs : dict of str to ndarray
        Per path, by kind: funding, premiums, commissions, fx_conversion, roll.
    liquidations : ndarray
        Forced liquidations per path.
    events : DataFrame
        One row per trigger: path, date, day, event, reason, exposure_before, exposure_after (base currency).
    worst_move : ndarray
        The worst daily return of the driving index per path (negative decimal).
    lag_days : int
        Longest MMF redemption lag (for survival days).
    base_rate : ndarray
        The base currency's short rate per path and day (for the Sharpe ratio).
    description : dict of str to str
        The rules, the hedge and the frictions, as run.
    hedge_spend : ndarray or None
        Per path, base currency: the standing hedge bought (with its commissions) less the time value recovered
        when it was sold back before expiry (the proceeds after fees less the options' intrinsic value): the
        premium the program consumed; payoffs, at expiry or in a sale, never reduce it.
    cover : ndarray or None
        Per path: the notional bought at each roll / the index exposure it hedged, averaged over the rolls (1.0 =
        exactly the exposure; whole contracts can buy 3x a small satellite); NaN where nothing was bought.
    tax : PathTax or None
        The yearly tax ledger and the after-tax NAV, CAGR and drawdown of a row run with ``tax``
        (:class:`~hedgeopt.paths.aftertax.ledger.PathTax`, where the after-tax figures are defined); None: pre-tax.
    """

    paths: MarketPaths
    nav: FloatArray
    cash: FloatArray
    exposure: FloatArray
    leverage: FloatArray
    mmf: FloatArray
    options: FloatArray
    required: FloatArray
    shortfall: np.ndarray
    costs: dict[str, FloatArray]
    liquidations: FloatArray
    events: pd.DataFrame
    worst_move: FloatArray
    lag_days: int
    base_rate: FloatArray
    description: dict[str, str]
    hedge_spend: FloatArray | None = None
    cover: FloatArray | None = None
    tax: PathTax | None = None

    # -- per-path figures ------------------------------------------------------------------------------------
    @property
    def ruined(self) -> np.ndarray:
        """True on paths whose NAV reached zero or below (the account owes more than it holds)."""
        return (self.nav <= 0).any(axis=1)

    @property
    def wealth(self) -> FloatArray:
        """NAV, held at zero from the first close it is zero or below (a ruined account has nothing left to lose)."""
        gone = np.maximum.accumulate(self.nav <= 0, axis=1)
        return np.where(gone, 0.0, self.nav)

    @property
    def drawdown(self) -> FloatArray:
        """:attr:`wealth` / running peak − 1, per path and day (in [−1, 0]; −1 once ruined)."""
        return drawdown(self.wealth)

    @property
    def max_drawdown(self) -> FloatArray:
        """Most negative drawdown per path (−0.25 = a 25% fall from the peak; −1 for a ruined path)."""
        return max_drawdown(self.wealth)

    @property
    def end_drawdown(self) -> FloatArray:
        """Drawdown on the last day per path (decimal, <= 0): how far below its peak the path ends."""
        return self.drawdown[:, -1]

    def cap_check(self, cap: float) -> CapCheck:
        """The drawdowns against ``cap`` (a positive fraction of NAV, such as ``[risk] cap``)."""
        return cap_check(self.max_drawdown, self.end_drawdown, cap)

    @property
    def shortfall_days(self) -> FloatArray:
        """Days with cash below zero or below the futures maintenance margin, per path."""
        return self.shortfall[:, 1:].sum(axis=1).astype(float)

    @property
    def survival_days(self) -> FloatArray:
        """Fewest days, over the path, that cash + redeemable MMF would last at the path's worst daily move."""
        return min_survival_days(self.cash, self.mmf, self.exposure, self.worst_move, self.lag_days)

    def metrics(self) -> pd.DataFrame:
        """One row per path of figures.

        Final NAV, total return, CAGR, vol, Sharpe, max drawdown, the drawdown on the last day
        (``end_drawdown``), Calmar, shortfall days, forced liquidations, survival days and costs by kind (base
        currency); ``ruined`` and ``worst_nav`` (the lowest NAV, negative
        when the account ended up owing). Return figures use :attr:`wealth`, so a ruined path shows a CAGR and a
        drawdown of −100%; its vol and Sharpe are NaN (no returns after nothing).
        """
        dates = self.paths.dates
        alive = ~self.ruined
        vol, ratio = np.full(self.paths.n_paths, np.nan), np.full(self.paths.n_paths, np.nan)
        if alive.any():
            vol[alive] = annual_vol(self.nav[alive])
            rate = np.broadcast_to(self.base_rate, self.nav.shape)[alive]
            ratio[alive] = sharpe(self.nav[alive], dates, rate)
        with np.errstate(divide="ignore", invalid="ignore"):
            table = pd.DataFrame({
                "final_nav": self.nav[:, -1],
                "total_return": self.nav[:, -1] / self.nav[:, 0] - 1.0,
                "cagr": cagr(self.wealth, dates),
                "vol": vol,
                "sharpe": ratio,
                "max_drawdown": self.max_drawdown,
                "end_drawdown": self.end_drawdown,
                "calmar": calmar(self.wealth, dates),
                "ruined": self.ruined.astype(float),
                "worst_nav": self.nav.min(axis=1),
                "shortfall_days": self.shortfall_days,
                "liquidations": self.liquidations,
                "survival_days": self.survival_days,
                **{f"cost_{k}": v for k, v in self.costs.items()},
            }, index=pd.Index(self.paths.labels, name="path"))
        return table

    def summary(self, cap: float | None = None) -> dict[str, Any]:
        """Figures across paths: :func:`summarise` of :meth:`metrics`."""
        return summarise(self.metrics(), self.paths.n_days, cap)


def hedge_bought(cover: FloatArray | None, hedge_spend: FloatArray | None, dates: pd.DatetimeIndex
                 ) -> dict[str, float] | None:
    """What a standing hedge really bought, from per-path figures (:attr:`PathRun.cover`, ``hedge_spend``).

    ``cover`` is the notional bought / the index exposure hedged, averaged over the rolls and the paths (whole
    contracts can buy 3x a small satellite); ``outlay_per_year`` the hedge bought with its fees less what was sold
    back before expiry, mean over the paths, per year (Act/365 over ``dates``, the paths' dates), base currency.
    None when it bought nothing.
    """
    if hedge_spend is None or cover is None or not np.isfinite(cover).any():
        return None
    years = max((dates[-1] - dates[0]).days / 365.0, 1.0 / 365.0)
    return {"cover": float(np.nanmean(cover)), "outlay_per_year": float(np.mean(hedge_spend)) / years}


def cap_check(max_drawdown: FloatArray, end_drawdown: FloatArray, cap: float) -> CapCheck:
    """Per-path maximum and last-day drawdowns (decimals, <= 0) against ``cap`` (a positive fraction of NAV)."""
    if not 0.0 < cap < 1.0:
        raise InputError("cap", cap, "a positive fraction of NAV in (0, 1), such as 0.20")
    worst, end = np.asarray(max_drawdown, dtype=float), np.asarray(end_drawdown, dtype=float)
    return CapCheck(cap, float(worst.min()), float(end.min()), float(np.mean(worst < -cap)),
                    float(np.mean(end < -cap)), len(worst))


def summarise(metrics: pd.DataFrame, n_days: int, cap: float | None = None) -> dict[str, Any]:
    """Figures across paths from the per-path figures of :meth:`PathRun.metrics`: medians and 5% quantiles.

    ``metrics`` may be the rows of several runs on parts of one path set put end to end (a sharded run,
    :mod:`hedgeopt.shards`): the figures are those of one run on the whole set. With ``cap`` (positive fraction of
    NAV), also the shares of paths whose drawdown breached it (``p_breach``) and that end beyond it
    (``p_breach_end``), the worst drawdown and ending drawdown over the paths (``worst_drawdown``,
    ``worst_end_drawdown``) and ``beyond_cap`` (1.0 when any path breached it, else 0.0; :func:`cap_check`);
    always the shares of paths that were force-liquidated (``p_liquidation``) and ruined (``p_ruin``).
    """
    out: dict[str, Any] = {"n_paths": len(metrics), "n_days": n_days}
    for col in metrics.columns.drop("ruined"):
        values = metrics[col].to_numpy(dtype=float)
        finite = values[np.isfinite(values)]
        out[col] = float(np.median(finite)) if finite.size else float(np.median(values))
        if len(metrics) > 1 and finite.size:
            out[f"{col}_p05"] = float(np.quantile(finite, 0.05))
    if cap is not None:
        check = cap_check(metrics["max_drawdown"], metrics["end_drawdown"], cap)
        out.update(p_breach=check.p_beyond, p_breach_end=check.p_end_beyond, worst_drawdown=check.worst_drawdown,
                   worst_end_drawdown=check.worst_end_drawdown, beyond_cap=float(check.beyond))
    out["p_liquidation"] = float(np.mean(metrics["liquidations"].to_numpy() > 0))
    out["p_ruin"] = float(np.mean(metrics["ruined"].to_numpy() > 0))
    return out

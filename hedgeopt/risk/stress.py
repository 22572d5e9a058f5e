"""Account summary, stress table and single what-if scenario: the numbers behind ``stress`` and ``what-if``."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from hedgeopt.account.account import Account
from hedgeopt.account.carry import Carry, yearly_carry
from hedgeopt.account.holdings import MarginPosition
from hedgeopt.account.pnl import account_pnl
from hedgeopt.config.config import Config
from pricing import Market
from pricing.validation import check_move, check_vol_shift
from scenarios import grid


@dataclass(frozen=True)
class AccountSummary:
    """Derived figures of an account on a market, base currency unless stated.

    Attributes
    ----------
    base_currency : str
    nav, gross_exposure : float
    leverage : float
        Gross exposure / NAV (1.3 = 1.3×).
    exposures : dict of str to float
        Net delta-adjusted exposure per index.
    fx_shares : dict of str to float
        Net value held per foreign currency, fraction of NAV.
    carry : Carry
        Yearly carry decomposition.
    cash_buffer_multiple : float or None
        Cash over futures initial margin; None without futures.
    margin_call_falls : dict of str to float or None
        Index return that triggers each margin loan's call (None: no fall does).
    fx_rates : dict of str to float
        Today's rate of each foreign currency, base currency per unit (USD: 150.0), to read FX moves as levels.
    fx_hedge_margin : float
        Initial margin the yen hedges held tie up (CME futures, くりっく365, 店頭FX), base currency; 0 without.
    """

    base_currency: str
    nav: float
    gross_exposure: float
    leverage: float
    exposures: dict[str, float]
    fx_shares: dict[str, float]
    carry: Carry
    cash_buffer_multiple: float | None
    margin_call_falls: dict[str, float | None]
    fx_rates: dict[str, float] = field(default_factory=dict)
    fx_hedge_margin: float = 0.0

    def as_dict(self) -> dict:
        """Every figure as a plain dict (for JSON)."""
        return {
            "base_currency": self.base_currency, "nav": self.nav, "gross_exposure": self.gross_exposure,
            "leverage": self.leverage, "exposures": self.exposures, "fx_shares": self.fx_shares,
            "carry": self.carry.as_dict(), "cash_buffer_multiple": self.cash_buffer_multiple,
            "margin_call_falls": self.margin_call_falls, "fx_rates": self.fx_rates,
            "fx_hedge_margin": self.fx_hedge_margin,
        }


def summarize(account: Account, market: Market) -> AccountSummary:
    """Compute the :class:`AccountSummary` of ``account`` on ``market``."""
    falls = {p.index: account.margin_call_fall(market, p) for p in account.satellite if isinstance(p, MarginPosition)}
    return AccountSummary(
        base_currency=account.base_currency,
        nav=account.nav(market),
        gross_exposure=account.gross_exposure(market),
        leverage=account.leverage(market),
        exposures=account.exposures(market),
        fx_shares=account.fx_shares(market),
        carry=yearly_carry(account, market),
        cash_buffer_multiple=account.cash_buffer_multiple(market),
        margin_call_falls=falls,
        fx_rates=dict(market.fx),
        fx_hedge_margin=account.fx_hedge_margin(market),
    )


@dataclass(frozen=True)
class StressResult:
    """The account summary and its P&L over every scenario, worst first.

    Attributes
    ----------
    summary : AccountSummary
    table : pandas.DataFrame
        One row per scenario, sorted by ``pnl`` ascending: ``label``, ``horizon_days``, ``carry``, ``index``,
        ``fx``, ``options``, ``funding``, ``pnl`` (base currency), ``pnl_pct`` (fraction of NAV), ``margin_call``.
    """

    summary: AccountSummary
    table: pd.DataFrame

    def __repr__(self) -> str:
        s = self.summary
        worst = self.table.iloc[0]
        return (f"StressResult(nav={s.nav:,.0f} {s.base_currency}, leverage={s.leverage:.2f}x, "
                f"{len(self.table)} scenarios, worst {worst['pnl_pct']:.1%} in {worst['label']!r})")

    def _repr_html_(self) -> str:
        """HTML for notebooks: the summary line and the worst 15 scenarios."""
        return f"<p>{self!r}</p>" + self.table.head(15).to_html(index=False, float_format=lambda x: f"{x:,.4g}")

    def as_dict(self) -> dict:
        """``{"summary": {...}, "scenarios": [...]}`` with one record per scenario."""
        return {"summary": self.summary.as_dict(), "scenarios": self.table.to_dict(orient="records")}


def stress(config: Config) -> StressResult:
    """P&L of the config's account over its scenario set (:meth:`Config.scenario_set`), worst first."""
    scenarios = config.scenario_set()
    table = account_pnl(config.account, config.market, scenarios)
    table = table.sort_values("pnl", kind="stable").reset_index(drop=True)
    return StressResult(summarize(config.account, config.market), table)


def what_if(config: Config, equity: float, fx: float = 0.0, vol: float = 0.0, days: int = 0) -> StressResult:
    """One scenario on the config's account, with its decomposition.

    Parameters
    ----------
    config : Config
    equity : float
        Return of the driver index (``scenarios.sets.factor_model.driver``, the S&P 500 by default), decimal.
    fx : float, default 0.0
        Return of the config's scenario currency against the base, decimal (-0.10: USDJPY -10%, the yen up
        1/0.9 - 1 = 11.1%).
    vol : float, default 0.0
        Explicit implied-vol shift, decimal, added to the model's spot-linked response.
    days : int, default 0
        Horizon in calendar days (0: the shock happens now; carry and time decay are nil).
    """
    equity = float(check_move("equity", equity))
    fx = float(check_move("fx", fx))
    vol_shift = float(check_vol_shift("vol", vol))
    spec = config.scenarios
    scenario = grid([equity], [fx], [vol_shift], [0.0], [days], currency=spec.currency,
                    base=config.market.base_currency, model=spec.model)
    table = account_pnl(config.account, config.market, scenario)
    table["label"] = "what-if: " + table["label"]
    return StressResult(summarize(config.account, config.market), table)

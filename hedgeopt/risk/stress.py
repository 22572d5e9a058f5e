"""Account summary, stress table and single what-if scenario: the numbers behind ``stress`` and ``what-if``.

When ``[tax]`` applies (a yen account, ``regime = "japan"``), every scenario also carries its after-tax P&L
(:func:`hedgeopt.tax.tax_effect`): the tax of realising everything at the scenario's horizon, in this tax year,
against realising it today. The pre-tax columns are the same with or without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from hedgeopt.account.account import Account
from hedgeopt.account.carry import Carry, yearly_carry
from hedgeopt.account.holdings import MarginPosition
from hedgeopt.account.pnl import account_pnl
from hedgeopt.config.config import Config
from hedgeopt.config.tax_spec import Category
from hedgeopt.tax import tax_effect
from pricing import Market
from pricing.validation import check_move, check_vol_shift
from scenarios import ScenarioSet, grid

TAX_COLUMNS = ("tax", "after_tax", "after_tax_pct")
"""The after-tax columns of a stress table (base currency; the last a fraction of NAV)."""


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
class TaxBasis:
    """What the after-tax columns of a stress table start from.

    Attributes
    ----------
    year : int
        The tax year whose rules apply.
    year_to_date : dict of str to float
        Net gains realised this year so far per category (``[tax] year_to_date``), yen.
    embedded : dict of str to float
        Gains held today per category (value less ``cost``), yen: realised by selling today as well.
    foreign_derivatives : str
        How derivatives listed abroad are read (``"comprehensive"`` or ``"separate"``).
    """

    year: int
    year_to_date: dict[str, float]
    embedded: dict[str, float]
    foreign_derivatives: str

    def as_dict(self) -> dict:
        """Every figure as a plain dict (for JSON)."""
        return {"year": self.year, "year_to_date": self.year_to_date, "embedded": self.embedded,
                "foreign_derivatives": self.foreign_derivatives}


@dataclass(frozen=True)
class StressResult:
    """The account summary and its P&L over every scenario, worst first.

    Attributes
    ----------
    summary : AccountSummary
    table : pandas.DataFrame
        One row per scenario, sorted by ``pnl`` ascending: ``label``, ``horizon_days``, ``carry``, ``index``,
        ``fx``, ``options``, ``funding``, ``pnl`` (base currency), ``pnl_pct`` (fraction of NAV), ``margin_call``.
        With ``tax`` also, per scenario: ``pnl_<category>`` (the P&L falling in each income category: listed,
        futures, misc, nisa; they sum to ``pnl``), ``tax_<category>`` and ``tax`` (what realising it adds to the
        year's tax; negative: it saves tax), ``after_tax`` (``pnl - tax``) and ``after_tax_pct`` (fraction of NAV).
    tax : TaxBasis or None
        What the after-tax columns start from; None when ``[tax]`` does not apply (no tax columns).
    """

    summary: AccountSummary
    table: pd.DataFrame
    tax: TaxBasis | None = None

    def __repr__(self) -> str:
        s = self.summary
        worst = self.table.iloc[0]
        return (f"StressResult(nav={s.nav:,.0f} {s.base_currency}, leverage={s.leverage:.2f}x, "
                f"{len(self.table)} scenarios, worst {worst['pnl_pct']:.1%} in {worst['label']!r})")

    def _repr_html_(self) -> str:
        """HTML for notebooks: the summary line and the worst 15 scenarios."""
        return f"<p>{self!r}</p>" + self.table.head(15).to_html(index=False, float_format=lambda x: f"{x:,.4g}")

    def as_dict(self) -> dict:
        """``{"summary": {...}, "scenarios": [...], "tax": {...} or None}`` with one record per scenario."""
        return {"summary": self.summary.as_dict(), "scenarios": self.table.to_dict(orient="records"),
                "tax": None if self.tax is None else self.tax.as_dict()}

    def worst_after_tax(self) -> pd.Series | None:
        """The scenario row with the largest after-tax loss (None without tax columns)."""
        if self.tax is None:
            return None
        return self.table.loc[self.table["after_tax"].idxmin()]


def _after_tax(config: Config, scenarios: ScenarioSet, table: pd.DataFrame, nav: float) -> tuple[pd.DataFrame,
                                                                                                  TaxBasis | None]:
    """``table`` (in scenario order) with the after-tax columns of :class:`StressResult`, and their basis."""
    settings = config.tax
    if not settings.applies:
        return table, None
    effect = tax_effect(config.account, config.market, settings, scenarios)
    out = table.copy()
    for c in Category:
        out[f"pnl_{c.value}"] = effect.by_category[c]
    for c in Category:
        out[f"tax_{c.value}"] = effect.tax_by_category[c]
    out["tax"] = effect.tax
    out["after_tax"] = out["pnl"] - effect.tax
    out["after_tax_pct"] = out["after_tax"] / nav
    basis = TaxBasis(int(settings.year), {c.value: settings.ytd(c) for c in Category if c is not Category.NISA},
                     {c.value: float(v) for c, v in effect.embedded.items()}, settings.foreign_derivatives.value)
    return out, basis


def _result(config: Config, scenarios: ScenarioSet, table: pd.DataFrame) -> StressResult:
    summary = summarize(config.account, config.market)
    table, basis = _after_tax(config, scenarios, table, summary.nav)
    return StressResult(summary, table.sort_values("pnl", kind="stable").reset_index(drop=True), basis)


def stress(config: Config) -> StressResult:
    """P&L of the config's account over its scenario set (:meth:`Config.scenario_set`), worst first."""
    scenarios = config.scenario_set()
    return _result(config, scenarios, account_pnl(config.account, config.market, scenarios))


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
    return _result(config, scenario, table)

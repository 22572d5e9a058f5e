"""What the tax ledger of a run holds: each tax year's realisations, tax, carry and cash paid; the after-tax NAV.

The after-tax figures of a run, stated once here (the docstrings of the face point to it):

* **After-tax NAV** on every day before the horizon is the NAV of the run that pays its tax in cash from the
  account (its own lane of the simulator: the pre-tax run beside it is untouched): the listed tax withheld at each
  year end, the return's balance (futures, misc, refunds from carried losses) on the first trading day on or after
  15 March.
* **At the horizon** it is that NAV less what is still owed: a return not yet due (the horizon falls before
  15 March), and the tax of the horizon's partial year with every open position realised at the horizon at the
  value the NAV counts (no sale costs): one :func:`hedgeopt.tax.settle_year` on the year's realisations plus the
  liquidation gains, with the losses carried in. This is the liquidation value after tax (手取り).
* **After-tax CAGR and max drawdown** are :func:`~hedgeopt.paths.metrics.cagr` and
  :func:`~hedgeopt.paths.metrics.max_drawdown` of that series (held at zero once it reaches zero).

The ledger's rows add up: the sum of ``tax`` over the years and the liquidation row equals the cash ``paid`` plus
``due`` (owed at the horizon), and the after-tax terminal NAV is the taxed lane's terminal NAV less ``due``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from hedgeopt.config.tax_spec import Category
from hedgeopt.paths.metrics import cagr, max_drawdown
from pricing._typing import FloatArray

LIQUIDATION = "liquidation"
"""The ledger row of the open positions realised at the horizon."""

QUANTILES = (0.05, 0.5, 0.95)
"""Quantiles across paths of the yearly tax paid and the after-tax figures (:meth:`PathTax.summary`)."""

TAXED = (Category.LISTED, Category.FUTURES, Category.MISC)
"""The categories that pay tax (NISA is realised but never taxed)."""


@dataclass(frozen=True)
class PathTax:
    """The tax ledger of one row of a run, per path (see the module docstring for the after-tax definitions).

    Attributes
    ----------
    years : tuple of int
        The tax years on the path, calendar years of its dates, the horizon's (partial) year last.
    realised : dict of Category to ndarray, shape (n_years, n_paths)
        Net realised per year and category, yen: gains less losses, dividends and distributions received, less
        the margin loan's interest (a cost of the sale it is paid at). The last year: so far.
    tax : dict of Category to ndarray, shape (n_years, n_paths)
        The year's tax per category after offsets and carried losses, yen (the last: on what is realised so far).
    carry_used, carry_created, carry_expired : ndarray, shape (n_years, n_paths)
        Carried losses deducted, losses carried out, and carried losses lapsed unused at the year's end, yen,
        both separate categories together.
    paid : ndarray, shape (n_years, n_paths)
        Cash paid from the account for the year's tax (withheld at its end with the tax abroad, and the return's
        balance once 15 March came on the path), yen; a refund is negative.
    abroad : ndarray, shape (n_years, n_paths)
        Tax withheld abroad on the year's dividends (10% of a US fund's), yen.
    credit : ndarray, shape (n_years + 1, n_paths)
        外国税額控除 taken against each year's Japanese tax (``[tax] foreign_tax_credit``), the liquidation's
        change of it last, yen.
    liquidation : dict of Category to ndarray, shape (n_paths,)
        Gains of realising every open position at the horizon, yen.
    liquidation_tax : dict of Category to ndarray, shape (n_paths,)
        What those gains add to the horizon year's tax, yen.
    due : ndarray, shape (n_paths,)
        Tax owed at the horizon and not yet paid, yen (a return not yet due, the horizon year's tax with the
        liquidation).
    nav : ndarray, shape (n_paths, n_days + 1)
        After-tax NAV, yen: the taxed lane's NAV, less ``due`` on the last day.
    dates : DatetimeIndex
        The paths' dates.
    rules_year : int
        The tax year whose rules applied to every year of the path (``[tax] year``).
    """

    years: tuple[int, ...]
    realised: dict[Category, FloatArray]
    tax: dict[Category, FloatArray]
    carry_used: FloatArray
    carry_created: FloatArray
    carry_expired: FloatArray
    paid: FloatArray
    abroad: FloatArray
    credit: FloatArray
    liquidation: dict[Category, FloatArray]
    liquidation_tax: dict[Category, FloatArray]
    due: FloatArray
    nav: FloatArray
    dates: pd.DatetimeIndex
    rules_year: int

    @property
    def wealth(self) -> FloatArray:
        """After-tax NAV held at zero from the first day it is zero or below."""
        gone = np.maximum.accumulate(self.nav <= 0, axis=1)
        return np.where(gone, 0.0, self.nav)

    @property
    def cagr(self) -> FloatArray:
        """After-tax CAGR per path, decimal a year (the module docstring's after-tax NAV)."""
        return np.atleast_1d(cagr(self.wealth, self.dates))

    @property
    def max_drawdown(self) -> FloatArray:
        """After-tax maximum drawdown per path, negative decimal."""
        return np.atleast_1d(max_drawdown(self.wealth))

    @property
    def total_paid(self) -> FloatArray:
        """Tax paid in cash over the path, per path, yen."""
        return self.paid.sum(axis=0)

    def ledger(self, path: int = 0) -> pd.DataFrame:
        """The yearly ledger of path ``path``: one row per tax year, then the liquidation at the horizon.

        Columns ``realised_<category>`` and ``tax_<category>`` (yen; NISA realised, never taxed), ``tax`` (the
        Japanese tax, after any foreign tax credit), ``tax_abroad`` (withheld abroad on dividends), ``carry_used``,
        ``carry_created``, ``carry_expired``, ``paid`` (cash paid for that year's tax on the path) and ``due`` (owed
        at the horizon: the horizon year's and the liquidation's tax, a return not yet paid); ``tax + tax_abroad =
        paid + due`` on every row.
        """
        n = len(self.years)
        rows: dict[str, list[float]] = {}
        for c in Category:
            rows[f"realised_{c.value}"] = [*self.realised[c][:, path], float(self.liquidation[c][path])]
        for c in TAXED:
            rows[f"tax_{c.value}"] = [*self.tax[c][:, path], float(self.liquidation_tax[c][path])]
        rows["foreign_credit"] = list(self.credit[:, path])
        rows["tax"] = [sum(rows[f"tax_{c.value}"][k] for c in TAXED) - rows["foreign_credit"][k] for k in range(n + 1)]
        rows["tax_abroad"] = [*self.abroad[:, path], 0.0]
        rows["carry_used"] = [*self.carry_used[:, path], 0.0]
        rows["carry_created"] = [*self.carry_created[:, path], 0.0]
        rows["carry_expired"] = [*self.carry_expired[:, path], 0.0]
        rows["paid"] = [*self.paid[:, path], 0.0]
        owed = [rows["tax"][k] + rows["tax_abroad"][k] - rows["paid"][k] for k in range(n + 1)]
        rows["due"] = owed
        table = pd.DataFrame(rows, index=pd.Index([str(y) for y in self.years] + [LIQUIDATION], name="tax_year"))
        return table.astype(float)

    def summary(self) -> dict[str, Any]:
        """Figures across paths: the after-tax CAGR and max drawdown (mean and quantiles), tax paid per year.

        ``paid_by_year`` maps each settled tax year (the horizon's partial year is owed, not paid) to the mean and
        the :data:`QUANTILES` of the cash paid for it over the paths; ``due`` the same of what is owed at the horizon.
        """
        def spread(values: FloatArray) -> dict[str, float]:
            v = np.asarray(values, dtype=float)
            return {"mean": float(v.mean()), **{f"p{round(q * 100):02d}": float(np.quantile(v, q))
                                               for q in QUANTILES}}

        return {"cagr": spread(self.cagr), "max_drawdown": spread(self.max_drawdown),
                "paid_by_year": {str(y): spread(self.paid[k]) for k, y in enumerate(self.years[:-1])},
                "total_paid": spread(self.total_paid), "due": spread(self.due)}

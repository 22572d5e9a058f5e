"""One tax year settled: offsets inside each category, losses carried forward, the tax due.

The rules, for each category (see :mod:`hedgeopt.tax.rules` for the rates and :mod:`hedgeopt.tax.placement` for
what falls where):

1. **Offset inside a category only** (損益通算). The year's gains and losses of one category net to one figure:
   listed sale gains with listed losses and with the dividends and distributions received (租税特別措置法
   37条の12の2 第1項); futures-category gains with futures-category losses (41条の14 第1項); 雑所得 with 雑所得.
   Nothing crosses: a futures loss never reduces a listed gain, a listed loss never a futures gain (each is
   "deemed not to exist" for other income), and a 雑所得 loss offsets no other kind of income (所得税法 69条
   lists only 不動産, 事業, 山林 and 譲渡所得).
2. **Carry-forward** (繰越控除), separate categories only: a net loss is carried 3 years and deducted from the same
   category's net gain, oldest year first (37条の12の2 第5項, 41条の15 第1項; 租税特別措置法施行令 25条の11の2
   第8項), and lapses unused at the end of its third year. It needs a return each year (``file_return``).
3. **Tax**: a separate category's taxable income × 20.315%; 雑所得 at the progressive rate on top of
   ``other_income`` (marginal: the tax with it less the tax without); NISA nothing.

Every function takes numpy arrays of any one shape (one value per scenario, per path, per program and path) and
returns arrays of that shape: the same arithmetic decides one account and ten thousand paths.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from hedgeopt.config.tax_spec import CARRIED, Category, TaxSettings
from hedgeopt.tax.rules import TaxRules
from pricing._typing import FloatArray

SEPARATE = CARRIED
"""The two 申告分離課税 categories (listed, futures): 20.315%, losses carried forward."""


@dataclass(frozen=True)
class YearBill:
    """The tax of one year, per category, and what carries into the next.

    Attributes
    ----------
    tax : ndarray
        Tax due for the year, yen (after any foreign tax credit).
    by_category : dict of Category to ndarray
        Tax per category, yen.
    taxable : dict of Category to ndarray
        Income taxed per category after offsets and carry-forward, yen (>= 0).
    carry_used : dict of Category to ndarray
        Carried losses deducted this year, yen (separate categories).
    carry_next : dict of Category to ndarray
        Losses carried into next year, shape ``(carry_years, *shape)``, oldest first, yen (>= 0).
    expired : dict of Category to ndarray
        Carried losses that lapse unused at this year's end, yen.
    credit : ndarray
        Foreign tax credited, yen.
    """

    tax: FloatArray
    by_category: dict[Category, FloatArray]
    taxable: dict[Category, FloatArray]
    carry_used: dict[Category, FloatArray]
    carry_next: dict[Category, FloatArray]
    expired: dict[Category, FloatArray]
    credit: FloatArray


def no_carry(rules: TaxRules, shape: tuple[int, ...] = ()) -> dict[Category, FloatArray]:
    """Empty carried losses, ``(carry_years, *shape)`` zeros per separate category."""
    return {c: np.zeros((rules.carry_years, *shape)) for c in SEPARATE}


def carried_from(settings: TaxSettings, rules: TaxRules, shape: tuple[int, ...] = ()) -> dict[Category, FloatArray]:
    """The config's carried losses as arrays: slot 0 is the loss from ``year - 3`` (the oldest), the last last year's.

    ``settings.year`` must be set (:meth:`TaxSettings.for_year`).
    """
    carried = no_carry(rules, shape)
    for loss in settings.carried_losses:
        slot = loss.year - (rules.year - rules.carry_years)
        carried[loss.category][slot] += loss.amount
    return carried


def _separate(net: FloatArray, carried: FloatArray, use: bool) -> tuple[FloatArray, FloatArray, FloatArray,
                                                                      FloatArray]:
    """(taxable, used, carry_next, expired) of one separate category; ``use`` False: no carry at all."""
    gain = np.maximum(net, 0.0)
    remaining = carried.copy() if use else np.zeros_like(carried)
    left = gain.copy()
    for k in range(remaining.shape[0]):  # oldest first
        take = np.minimum(remaining[k], left)
        remaining[k] -= take
        left -= take
    used = gain - left
    new_loss = np.maximum(-net, 0.0) if use else np.zeros_like(net)
    nxt = np.concatenate([remaining[1:], new_loss[None, ...]], axis=0)
    return left, used, nxt, remaining[0]


def settle_year(rules: TaxRules, net: Mapping[Category, FloatArray | float], carried: Mapping[Category, FloatArray],
                other_income: float, *, file_return: bool = True, foreign_withheld: FloatArray | float = 0.0,
                foreign_tax_credit: bool = False) -> YearBill:
    """The year's tax from its net result per category and the losses carried in.

    Parameters
    ----------
    rules : TaxRules
    net : mapping of Category to array
        The year's net gain per category (losses negative), yen; a missing category is 0. The listed figure
        counts the dividends and distributions received (they offset listed losses).
    carried : mapping of Category to array
        Losses carried in, ``(carry_years, *shape)`` per separate category, oldest first (:func:`carried_from`).
    other_income : float
        Taxable income from other sources, yen: sets the marginal rate of 雑所得.
    file_return : bool, default True
        False: no carry-forward is used or made (it needs a return each year).
    foreign_withheld : array, default 0
        US tax withheld on dividends this year, yen; credited up to the year's tax when ``foreign_tax_credit``.

    Examples
    --------
    A listed gain of 1,000,000 yen and a futures loss of 400,000 yen do not offset; the loss carries:

    >>> rules = TaxRules(2026)
    >>> bill = settle_year(rules, {Category.LISTED: 1_000_000.0, Category.FUTURES: -400_000.0},
    ...                    no_carry(rules), 5_000_000.0)
    >>> round(float(bill.tax)), [float(x) for x in bill.carry_next[Category.FUTURES]]
    (203150, [0.0, 0.0, 400000.0])
    """
    shape = np.broadcast(*(np.asarray(v) for v in net.values()), np.asarray(foreign_withheld)).shape if net else ()
    value = {c: np.broadcast_to(np.asarray(net.get(c, 0.0), dtype=float), shape) for c in Category}
    by_category, taxable, used, nxt, expired = {}, {}, {}, {}, {}
    for c in SEPARATE:
        carry_in = np.asarray(carried[c], dtype=float)
        carry_in = np.broadcast_to(carry_in.reshape(carry_in.shape + (1,) * (len(shape) + 1 - carry_in.ndim)),
                                   (rules.carry_years, *shape))
        taxable[c], used[c], nxt[c], expired[c] = _separate(value[c], carry_in, file_return)
        by_category[c] = taxable[c] * rules.separate_rate
    taxable[Category.MISC] = np.maximum(value[Category.MISC], 0.0)
    by_category[Category.MISC] = rules.comprehensive_marginal(other_income, taxable[Category.MISC])
    taxable[Category.NISA], by_category[Category.NISA] = np.zeros(shape), np.zeros(shape)
    gross = sum(by_category.values())
    withheld = np.broadcast_to(np.asarray(foreign_withheld, dtype=float), shape)
    credit = np.minimum(withheld, gross) if foreign_tax_credit else np.zeros(shape)
    return YearBill(gross - credit, by_category, taxable, used, nxt, expired, credit)


def year_to_date(settings: TaxSettings) -> dict[Category, float]:
    """The config's realised net per category this year so far, yen."""
    return {c: settings.ytd(c) for c in Category if c is not Category.NISA}


def realisation_tax_by_category(settings: TaxSettings, start: Mapping[Category, float],
                                moves: Mapping[Category, FloatArray]) -> dict[Category, FloatArray]:
    """:func:`realisation_tax` per category, yen: what ``moves`` add to each category's tax of the year."""
    rules = TaxRules(settings.year)
    carried = carried_from(settings, rules)
    kw = {"file_return": settings.file_return}
    before = settle_year(rules, start, carried, settings.other_income, **kw).by_category
    after = settle_year(rules, {c: start.get(c, 0.0) + moves.get(c, 0.0) for c in Category}, carried,
                        settings.other_income, **kw).by_category
    return {c: after[c] - before[c] for c in Category}


def realisation_tax(settings: TaxSettings, start: Mapping[Category, float],
                    moves: Mapping[Category, FloatArray]) -> FloatArray:
    """Tax that ``moves`` (per category, arrays of one shape) add to a year at ``start`` (ytd + embedded), yen."""
    return sum(realisation_tax_by_category(settings, start, moves).values())


def marginal_tax(settings: TaxSettings, extra: Mapping[Category, FloatArray | float]) -> FloatArray:
    """Tax that realising ``extra`` (yen per category, arrays of one shape) adds to this year's bill.

    :func:`realisation_tax` from the year-to-date results, with the config's carried losses: a loss in a category
    with gains this year saves tax at 20.315%, the same loss in an empty category saves nothing this year (it
    carries forward, valued here at 0).
    """
    return realisation_tax(settings, year_to_date(settings), extra)

"""After tax on the paths: the yearly Japanese tax ledger the path engine keeps (issue 16).

:mod:`~hedgeopt.paths.aftertax.steps` is the engine's part (realisations per category on every lane, the year's
bill at the first trading day of the next year, tax paid in cash from the account), :mod:`.ledger` the result
(:class:`PathTax`: the ledger table, the after-tax NAV, CAGR and drawdown), :mod:`.loop` the per-path twin's part.
The rates, offsets and carry-forward are :mod:`hedgeopt.tax`'s; nothing here re-states a rule.
Imports ``hedgeopt.tax``, ``hedgeopt.config`` and the path engine's valuation; the engine imports it.
"""

from hedgeopt.paths.aftertax.ledger import PathTax

__all__ = ["PathTax"]

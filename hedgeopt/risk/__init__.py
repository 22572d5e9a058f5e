"""The account under the config's scenarios: the stress table, one what-if, and the five checks before an order.

Offers :func:`stress`, :func:`what_if` (-> :class:`StressResult`) and :func:`checklist` (-> :class:`Checklist`).
Imports ``hedgeopt.account`` and ``hedgeopt.config``; beside ``optimizer`` and ``paths``, importing neither.
"""

from hedgeopt.risk.checklist import Check, Checklist, Status, checklist
from hedgeopt.risk.stress import AccountSummary, StressResult, stress, summarize, what_if

__all__ = [
    "AccountSummary",
    "Check",
    "Checklist",
    "checklist",
    "Status",
    "stress",
    "StressResult",
    "summarize",
    "what_if",
]

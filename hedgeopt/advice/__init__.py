"""The answer first: what the account can lose, whether that breaks the cap, and what to do about it.

Offers :func:`advise` and :class:`Advice`, built from the other rooms' answers (stress, the cheapest hedge, put
vs spread, the largest leverage, the checklist). Imports ``risk`` and ``optimizer`` (and those below them);
only ``face`` sits above it. Every number is data: the face words the verdict in English or Japanese.
"""

from hedgeopt.advice.advise import Advice, Alternative, NamedStress, Verdict, advise

__all__ = ["Advice", "Alternative", "NamedStress", "Verdict", "advise"]

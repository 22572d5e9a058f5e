"""What a chain's checks found, in the reader's language: one line per chain under the market's label.

Every sentence comes from :data:`hedgeopt.face.i18n.CATALOGUE` (keys ``finding:<key>``); the figures of a
:class:`pricing.chains.checks.Finding` are formatted here, so that a Japanese page has no English in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from hedgeopt.face import i18n
from hedgeopt.face.i18n import Lang

if TYPE_CHECKING:
    from pricing.chains.checks import Finding

ON_EVERY_PAGE = ("stale", "undated", "spot", "parity_spot", "carry", "layout_assumed", "inconsistent", "skipped",
                 "unfitted", "settled", "not_converged")
"""The findings repeated under the market's label on every page; ``hedgeopt market`` shows them all."""


def _fields(finding: Finding) -> dict[str, object]:
    """The finding's figures as text: levels with separators, gaps and yields as percentages, vols in points."""
    v = dict(finding.values)
    for key in ("implied", "spot"):
        if key in v:
            v[key] = f"{v[key]:,.2f}"
    if "gap" in v:
        v["gap"] = f"{v['gap']:+.2%}"
    for key in ("implied_yield", "yield"):
        if key in v:
            v[key] = f"{v[key]:.2%}"
    for key in ("max_abs_error", "rms_error"):
        if key in v:
            v[key.replace("_abs", "")] = f"{100 * v[key]:.2f}"
    if "expiries" in v:
        v["expiries"] = ", ".join(v["expiries"])
    return v


def finding(f: Finding, lang: Lang | str) -> str:
    """One finding as a phrase in ``lang``."""
    return i18n.t(f"finding:{f.key}", lang, **_fields(f))


def findings_lines(findings: Mapping[str, Iterable[Finding]], lang: Lang | str,
                   keys: Iterable[str] = ON_EVERY_PAGE) -> list[str]:
    """``XSP chain: quotes of 2026-11-24, 1 days before ...; 3 bad rows left out ...``, one line per chain."""
    wanted = set(keys)
    out = []
    for symbol, found in findings.items():
        phrases = [finding(f, lang) for f in found if f.key in wanted]
        if phrases:
            out.append(i18n.t("findings_line", lang, symbol=symbol, findings=i18n.t("finding_sep", lang).join(phrases)))
    return out

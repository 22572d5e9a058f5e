"""The ``[risk]`` section: the limits every answer is held to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hedgeopt.config.keys import at_path, build, check_keys, number
from pricing import InputError
from pricing.validation import check_fraction, check_positive, check_rate


@dataclass(frozen=True)
class CVaRCap:
    """Conditional value at risk cap: the mean loss in the worst ``1 − level`` of scenarios ≤ ``cap`` × NAV.

    Parameters
    ----------
    level : float
        Confidence level in (0, 1), e.g. 0.95 (the mean of the worst 5%).
    cap : float
        Loss cap, positive fraction of NAV (0.15 = lose at most 15% on average in the tail).
    """

    level: float
    cap: float

    def __post_init__(self) -> None:
        if not 0.0 < float(self.level) < 1.0:
            raise InputError("cvar.level", self.level, "a confidence level in (0, 1), such as 0.95")
        check_fraction("cvar.cap", self.cap)

    @classmethod
    def parse(cls, text: str) -> CVaRCap:
        """Parse ``"0.95:0.15"`` (level:cap) as given on the command line."""
        try:
            level, cap = (float(x) for x in str(text).split(":"))
        except ValueError:
            raise InputError("cvar", text, "LEVEL:CAP in decimals, such as 0.95:0.15") from None
        return cls(level, cap)


_RISK_KEYS = {"cap", "cvar", "leverage_cap", "futures_buffer", "min_buffer_share", "adverse_day",
              "max_funding_drag"}

MAX_LEVERAGE_CAP = 10.0
"""Largest ``[risk] leverage_cap`` accepted (gross exposure / NAV); above it, ``130`` for 130% is suspected."""


@dataclass(frozen=True)
class RiskSpec:
    """The ``[risk]`` section: the limits every answer is held to.

    Parameters
    ----------
    cap : float, default 0.20
        Worst-case loss cap, positive fraction of NAV (0.20: never lose more than 20%).
    cvar : CVaRCap or None
        Optional CVaR cap (``{ level = 0.95, cap = 0.15 }``).
    leverage_cap : float, default 1.3
        Hard cap on gross exposure / NAV.
    futures_buffer : float, default 3.0
        Cash must be at least this multiple of the futures initial margin.
    min_buffer_share : float, default 0.30
        With margin or futures, cash + MMF must be at least this fraction of NAV (the strategy's 30–50%).
    adverse_day : float, default 0.05
        The index fall of one bad day, positive fraction, for the days of variation margin the buffer survives.
    max_funding_drag : float, default 0.02
        Largest acceptable (loan rate − MMF yield), decimal per year; a negative carry is a warning, beyond this
        a failure.
    """

    cap: float = 0.20
    cvar: CVaRCap | None = None
    leverage_cap: float = 1.3
    futures_buffer: float = 3.0
    min_buffer_share: float = 0.30
    adverse_day: float = 0.05
    max_funding_drag: float = 0.02


def risk_from_table(table: Mapping) -> RiskSpec:
    """Validate a ``[risk]`` table into :class:`RiskSpec`; errors name the key path (``risk.cap``)."""
    t = check_keys("risk", table, _RISK_KEYS)
    cvar = None
    if "cvar" in t:
        c = check_keys("risk.cvar", t["cvar"], {"level", "cap"}, {"level", "cap"})
        for key, value in c.items():
            number(f"risk.cvar.{key}", value)
        cvar = build("risk.cvar", CVaRCap, c)
    d = RiskSpec()
    n = {k: number(f"risk.{k}", t[k]) if k in t else getattr(d, k) for k in _RISK_KEYS - {"cvar"}}
    with at_path("risk"):
        spec = RiskSpec(check_fraction("cap", n["cap"]), cvar,
                        float(check_positive("leverage_cap", n["leverage_cap"])),
                        float(check_positive("futures_buffer", n["futures_buffer"])),
                        check_fraction("min_buffer_share", n["min_buffer_share"]),
                        check_fraction("adverse_day", n["adverse_day"]),
                        float(check_rate("max_funding_drag", n["max_funding_drag"])))
    if spec.leverage_cap > MAX_LEVERAGE_CAP:
        raise InputError("risk.leverage_cap", spec.leverage_cap, f"a multiple of NAV up to {MAX_LEVERAGE_CAP:g}, "
                         "such as 1.3", hint=f"{spec.leverage_cap:g} looks like a percentage"
                         if spec.leverage_cap >= 100 else None)
    return spec

r"""The strategy's rules over time: staircase de-risking, re-entry when calm, leverage steps and a hard cap.

The rules are written down before any order (the ``[rules]`` section; checklist item 5) and applied day by
day by the path engine (:mod:`hedgeopt.paths.engine`). Exactly what each rule does, at the close of each day:

* **Staircase** (``derisk``): step ``k`` with level :math:`d_k < 0` and cut :math:`c_k` fires on the day the
  drawdown from the running NAV peak crosses :math:`d_k` downwards (:math:`dd_t \le d_k < dd_{t-1}`) and sells
  :math:`c_k` of the satellite exposure held at that close: exposure :math:`E \to E\,(1 - c_k)` ("cut 20%" sells
  a fifth of what is held). A one-day crash through several levels fires each of them in turn, shallowest
  first, so the result does not depend on how fast the fall came: -10% → cut 20% and -20% → cut 50% keep
  :math:`0.8 \times 0.5 = 40\%` of the exposure whether the two levels are crossed on one day or on two. A step
  that has fired is disarmed: a drawdown that recovers above its level and falls through it again does not cut
  again, until a re-entry step (a purchase, or the day the re-entry rule finds the exposure back at the plan)
  re-arms every step. Without ``reentry`` each step fires at most once. ``cut = 1`` sells everything, and
  nothing is left to scale back up.
* **Re-entry** (``reentry``): after a cut, when the index's realised vol (``window`` trading days,
  annualised with :math:`\sqrt{252}`) has stayed below ``realised_vol_below`` for ``days`` consecutive days
  (or, if given, the drawdown has recovered to ``drawdown_above``), the target exposure rises by one
  ``leverage_step`` (0.1 of NAV) and the account buys back to it, never above the plan's exposure / NAV
  :math:`e_{plan}` (the exposure / NAV the account starts with) nor above the leverage cap; again after
  ``min_days_between_steps``, until the plan's exposure is restored.
* **Leverage cap**: no trade takes leverage (gross exposure / NAV, as :meth:`Account.leverage`) above
  ``leverage_cap``; when the market drifts it above ``leverage_cap + drift_band`` the borrowed positions
  (margin, futures) are trimmed back to the cap.

Exposure moves in proportion across the satellite's positions; futures round to the nearest whole contract (a
20% cut of one contract trades nothing, and the log says so: ``traded`` 0). Every trigger is logged with the
exposure before and after and the amount traded (:mod:`hedgeopt.paths.events`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hedgeopt.config.keys import check_keys, number
from pricing import InputError
from pricing.validation import check_fraction, check_share, check_vol

_RULE_KEYS = {"derisk", "reentry", "leverage_step", "min_days_between_steps", "leverage_cap", "drift_band"}
_REENTRY_KEYS = {"realised_vol_below", "days", "window", "drawdown_above"}


@dataclass(frozen=True)
class DeriskStep:
    """One step of the staircase: at ``drawdown`` (negative decimal) sell ``cut`` (a fraction) of the exposure held."""

    drawdown: float
    cut: float

    def __post_init__(self) -> None:
        if not -1.0 < self.drawdown < 0.0:
            raise InputError("rules.derisk.drawdown", self.drawdown, "a negative decimal drawdown such as -0.10",
                             hint="-10 looks like a percentage: write -0.10" if self.drawdown <= -1.0 else None)
        check_fraction("rules.derisk.cut", self.cut, low=0.0, high=1.0)
        if self.cut <= 0.0:
            raise InputError("rules.derisk.cut", self.cut, "a fraction of the exposure in (0, 1], such as 0.20")


@dataclass(frozen=True)
class Reentry:
    """Back up the staircase when volatility has calmed (or the drawdown has recovered).

    Parameters
    ----------
    realised_vol_below : float
        Threshold of the index's realised vol, decimal per year (0.15 = 15%).
    days : int
        Consecutive trading days the realised vol must stay below the threshold, >= 1.
    window : int, default 20
        Trading days of the realised-vol estimate, >= 2.
    drawdown_above : float or None
        Also re-enter once the drawdown has recovered to this level (negative decimal, e.g. -0.05); None: no.
    """

    realised_vol_below: float
    days: int
    window: int = 20
    drawdown_above: float | None = None

    def __post_init__(self) -> None:
        check_vol("rules.reentry.realised_vol_below", self.realised_vol_below)
        for name, low in (("days", 1), ("window", 2)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise InputError(f"rules.reentry.{name}", value, f"a whole number of trading days >= {low}")
        if self.drawdown_above is not None and not -1.0 < self.drawdown_above <= 0.0:
            raise InputError("rules.reentry.drawdown_above", self.drawdown_above,
                             "a drawdown as a decimal in (-1, 0], such as -0.05")


@dataclass(frozen=True)
class Rules:
    """The ``[rules]`` section, validated.

    Parameters
    ----------
    derisk : tuple of DeriskStep
        Staircase steps, shallowest first, levels strictly deeper step by step; each ``cut`` is a fraction of the
        exposure held when its step fires (the cuts compound: 0.20 then 0.50 keep 40%).
    reentry : Reentry or None
        The re-entry rule; None: exposure cut stays cut.
    leverage_step : float, default 0.1
        Size of one re-entry step, exposure as a multiple of NAV (0.1 = 0.1×).
    min_days_between_steps : int, default 5
        Trading days between two steps of the staircase (down or up) before a re-entry step.
    leverage_cap : float, default 1.3
        Hard cap on leverage; from ``[risk] leverage_cap`` unless ``[rules]`` sets it.
    drift_band : float, default 0.05
        Leverage may drift this far above the cap with the market before the borrowed positions are trimmed
        (0: trim every day the cap is exceeded).
    """

    derisk: tuple[DeriskStep, ...] = ()
    reentry: Reentry | None = None
    leverage_step: float = 0.1
    min_days_between_steps: int = 5
    leverage_cap: float = 1.3
    drift_band: float = 0.05

    def __post_init__(self) -> None:
        steps = tuple(self.derisk)
        object.__setattr__(self, "derisk", steps)
        for i, (a, b) in enumerate(zip(steps, steps[1:], strict=False)):
            if not b.drawdown < a.drawdown:
                raise InputError(f"rules.derisk[{i + 1}]", f"{{ drawdown = {b.drawdown}, cut = {b.cut} }}",
                                 f"a deeper drawdown than {a.drawdown} (steps shallowest first)")
        if not 0.0 < self.leverage_step <= 1.0:
            raise InputError("rules.leverage_step", self.leverage_step, "a multiple of NAV in (0, 1], such as 0.1")
        if isinstance(self.min_days_between_steps, bool) or not isinstance(self.min_days_between_steps, int) or \
                self.min_days_between_steps < 0:
            raise InputError("rules.min_days_between_steps", self.min_days_between_steps,
                             "a whole number of trading days >= 0")
        if not 1.0 <= self.leverage_cap <= 10.0:
            raise InputError("rules.leverage_cap", self.leverage_cap, "a multiple of NAV in [1, 10], such as 1.3")
        check_share("rules.drift_band", self.drift_band, 1.0)

    @property
    def active(self) -> bool:
        """True when any rule trades (a staircase step or a re-entry)."""
        return bool(self.derisk) or self.reentry is not None

    def describe(self) -> str:
        """One line: the staircase and the re-entry rule as written."""
        steps = ", ".join(f"{s.drawdown:+.0%} -> sell {s.cut:.0%} of exposure held" for s in self.derisk
                          ) or "no staircase"
        r = self.reentry
        back = (f"re-enter in {self.leverage_step:g}x steps when {r.window}-day vol < {r.realised_vol_below:.0%} "
                f"for {r.days} days" + (f" or drawdown > {r.drawdown_above:.0%}" if r.drawdown_above is not None
                                        else "")) if r else "no re-entry"
        return f"{steps}; {back}; leverage cap {self.leverage_cap:g}x"


def rules_from_table(table: Mapping[str, Any], leverage_cap: float = 1.3) -> Rules:
    """Validate a ``[rules]`` table (as ``tomllib`` returns it) into :class:`Rules`.

    Parameters
    ----------
    table : mapping
        Keys ``derisk`` (array of ``{ drawdown, cut }``), ``reentry`` (``{ realised_vol_below, days, window,
        drawdown_above }``), ``leverage_step``, ``min_days_between_steps``, ``leverage_cap``, ``drift_band``.
    leverage_cap : float, default 1.3
        The ``[risk]`` leverage cap, used unless the table sets its own.

    Raises
    ------
    InputError
        Naming the key path (``rules.derisk[1].cut``), the value and what was expected.
    """
    t = check_keys("rules", table, _RULE_KEYS, set())
    raw_steps = t.get("derisk", [])
    if not isinstance(raw_steps, list):
        raise InputError("rules.derisk", raw_steps, "an array of { drawdown = -0.10, cut = 0.20 } tables")
    steps = []
    for i, s in enumerate(raw_steps):
        s = check_keys(f"rules.derisk[{i}]", s, {"drawdown", "cut"}, {"drawdown", "cut"})
        try:
            steps.append(DeriskStep(number(f"rules.derisk[{i}].drawdown", s["drawdown"]),
                                    number(f"rules.derisk[{i}].cut", s["cut"])))
        except InputError as exc:
            raise InputError(f"rules.derisk[{i}].{exc.field.rsplit('.', 1)[-1]}", exc.value, exc.expected,
                             hint=exc.hint) from None
    reentry = None
    if "reentry" in t:
        r = check_keys("rules.reentry", t["reentry"], _REENTRY_KEYS, {"realised_vol_below", "days"})
        reentry = Reentry(number("rules.reentry.realised_vol_below", r["realised_vol_below"]), r["days"],
                          r.get("window", 20), None if r.get("drawdown_above") is None else
                          number("rules.reentry.drawdown_above", r["drawdown_above"]))
    numbers = {k: number(f"rules.{k}", t[k]) for k in ("leverage_step", "leverage_cap", "drift_band") if k in t}
    return Rules(tuple(steps), reentry, numbers.get("leverage_step", 0.1), t.get("min_days_between_steps", 5),
                 numbers.get("leverage_cap", leverage_cap), numbers.get("drift_band", 0.05))

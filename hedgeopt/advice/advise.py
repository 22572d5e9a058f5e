"""The verdict and the action: one call that reads the account like a careful adviser would.

:func:`advise` answers, in numbers, four questions in order:

1. *What can the account lose?* The worst scenario of the config's set, and the strategy's named stresses (the
   index −20% and −30% with the yen up: USDJPY −10%, at once).
2. *Does that break the cap?* (``[risk] cap``, a positive fraction of NAV.)
3. *What to do?* The cheapest whole-contract hedge that keeps every scenario within the cap (its premium now, and
   per year if rolled at today's prices; for a yen account it may hold yen hedges, whose yen leg says what they
   sell, insure and cost a year in carry), and the largest exposure that stays within the cap without a hedge
   (in the strategy's 0.1× leverage steps): the two ways to the cap, side by side, with the yen hedges alone.
4. *What is the trade-off?* Puts only against put spreads only: premium, worst case in the set, and the loss in
   a fall deeper than any scenario of the set (the index −50% with the yen up), where a spread stops paying.

Nothing here prints; :mod:`hedgeopt.face.render` words the answer in English or Japanese.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from hedgeopt.account.carry import yearly_carry
from hedgeopt.account.listing import Holding, holdings
from hedgeopt.account.routes import with_exposure
from hedgeopt.config.config import Config
from hedgeopt.optimizer import hedging
from hedgeopt.optimizer.comparison import Comparison
from hedgeopt.optimizer.leverage import LeverageResult
from hedgeopt.optimizer.result import HedgeResult, Position
from hedgeopt.optimizer.yen_leg import YenLeg, yen_leg
from hedgeopt.risk.checklist import Checklist, checklist
from hedgeopt.risk.stress import StressResult, stress, what_if
from pricing import InfeasibleHedgeError

NAMED_EQUITY = (-0.20, -0.30)
"""Index moves of the strategy's named stresses (decimal), each with :data:`NAMED_FX` at the same time."""
NAMED_FX = -0.10
"""Move of the scenario currency against the base in the named stresses: −0.10 = USDJPY 150 → 135 (円高)."""
DEEP_EQUITY = -0.50
"""A fall deeper than the default grid's −40%: where a put spread's short leg stops the protection."""
DAYS_PER_YEAR = 365.0


class Verdict(StrEnum):
    """The answer in one word."""

    WITHIN_CAP = "within_cap"
    """Every scenario stays within the cap: nothing to buy."""
    HEDGE = "hedge"
    """The cap is broken; a whole-contract hedge restores it (and so does less exposure, shown beside it)."""
    REDUCE = "reduce"
    """The cap is broken and no hedge from the candidates restores it; less exposure does."""
    UNREACHABLE = "unreachable"
    """Neither a hedge nor less index exposure reaches the cap: the loss comes from elsewhere (the currency)."""


@dataclass(frozen=True)
class NamedStress:
    """One named stress: the index and the currency moving at once, now (no carry, no time decay).

    Attributes
    ----------
    equity : float
        Index move, decimal (−0.30 = −30%).
    fx : float
        Move of ``currency`` against the base, decimal (−0.10: USDJPY −10%, the yen up 11.1%).
    currency : str
    fx_before, fx_after : float
        The rate before and after, base currency per unit of ``currency`` (150 → 135).
    pnl : float
        Account P&L, fraction of NAV (negative: a loss).
    pnl_hedged : float or None
        The same with the recommended hedge held (None when there is none).
    label : str
        The scenario's label (``SPX -30% / USD -10% / vol +0 / 0d``).
    """

    equity: float
    fx: float
    currency: str
    fx_before: float
    fx_after: float
    pnl: float
    pnl_hedged: float | None = None
    label: str = ""


@dataclass(frozen=True)
class Alternative:
    """One way to keep the worst case within the cap.

    Attributes
    ----------
    kind : str
        ``"hedge"`` (the recommended mix), ``"puts"``, ``"spreads"``, ``"fx"`` (the yen hedges alone, a yen
        account) or ``"reduce"`` (less exposure, no hedge).
    cost : float
        What the optimizer counts, base currency: premium paid now, and for a linear yen hedge its carry over
        ``[hedge.fx] carry_days`` plus spread and commission (0 for ``reduce``).
    cost_per_year : float
        ``cost`` spread over each option's life: Σ cost × 365 / days to its expiry, base currency; the yearly
        bill of rolling the same hedge at today's prices (0 for ``reduce``). A linear yen hedge: its cost × 365
        / ``carry_days``.
    worst_case : float
        Worst loss over the scenario set, fraction of NAV (positive).
    deep_pnl : float
        Account P&L if the index falls 50% with USDJPY −10% now, fraction of NAV.
    exposure : float
        Index exposure of the satellite kept, base currency (a hedge keeps today's: its puts are not netted).
    leverage : float
        The account's leverage with this alternative, before any hedge.
    carry_change : float
        Change in the account's yearly carry against today (less exposure on margin: less loan interest), base
        currency per year.
    hedge : HedgeResult or None
        The positions, for the hedges.
    """

    kind: str
    cost: float
    cost_per_year: float
    worst_case: float
    deep_pnl: float
    exposure: float
    leverage: float
    carry_change: float = 0.0
    hedge: HedgeResult | None = None

    def as_dict(self) -> dict[str, object]:
        """Every figure under stable keys (for JSON)."""
        out = {k: v for k, v in self.__dict__.items() if k != "hedge"}
        out["positions"] = [] if self.hedge is None else [p.as_dict() for p in self.hedge.positions]
        return out


@dataclass(frozen=True)
class Advice:
    """The answer first, then the evidence.

    Attributes
    ----------
    verdict : Verdict
    cap : float
        Worst-case loss cap, fraction of NAV.
    nav : float
        Base currency.
    base_currency : str
    holdings : tuple of Holding
        The account as held today.
    worst_case : float
        Worst loss over the scenario set and the named stresses, fraction of NAV (positive).
    worst_scenario : str
        Label of the scenario (or named stress) behind ``worst_case``.
    worst_days : int
        Its length in calendar days (0 for an instantaneous stress).
    named : tuple of NamedStress
    alternatives : tuple of Alternative
        The ways to the cap that exist, recommended first (empty when within the cap or unreachable).
    hedge : HedgeResult
        The cheapest whole-contract hedge at the cap (status ``infeasible`` with a diagnosis when none exists).
    leverage : LeverageResult or None
        The largest exposure within the cap without a hedge (None when even none breaks it).
    unreachable : dict
        When even zero exposure breaks the cap: ``min_achievable_cap`` and ``limiting_scenario``.
    stress : StressResult
    comparison : Comparison
    checklist : Checklist
    yen : YenLeg or None
        The recommended hedge's yen leg when it holds yen hedges (what it sells and insures, its carry a year,
        margin and the MMF's yield net of it), else None.
    """

    verdict: Verdict
    cap: float
    nav: float
    base_currency: str
    holdings: tuple[Holding, ...]
    worst_case: float
    worst_scenario: str
    worst_days: int
    named: tuple[NamedStress, ...]
    alternatives: tuple[Alternative, ...]
    hedge: HedgeResult
    leverage: LeverageResult | None
    unreachable: dict[str, object]
    stress: StressResult
    comparison: Comparison
    checklist: Checklist
    yen: YenLeg | None = None

    @property
    def recommended(self) -> Alternative | None:
        """The first alternative (the action the verdict names), or None."""
        return self.alternatives[0] if self.alternatives else None

    @property
    def smallest_reachable(self) -> tuple[float, str]:
        """The smallest worst case (fraction of NAV) a hedge or an exposure cut can reach, and its scenario.

        Meaningful when the cap is out of reach: the smaller of the hedge's diagnosis and the loss with no index
        exposure at all.
        """
        options = [(float(d["min_achievable_cap"]), str(d.get("limiting_scenario", "")))
                   for d in (self.hedge.diagnosis, self.unreachable) if "min_achievable_cap" in d]
        return min(options) if options else (self.worst_case, self.worst_scenario)

    def alternative(self, kind: str) -> Alternative | None:
        """The alternative of ``kind`` (``hedge``, ``puts``, ``spreads``, ``fx``, ``reduce``), or None."""
        return next((a for a in self.alternatives if a.kind == kind), None)

    def as_dict(self) -> dict[str, object]:
        """Every figure under stable keys (for JSON)."""
        return {
            "verdict": self.verdict.value, "cap": self.cap, "nav": self.nav, "base_currency": self.base_currency,
            "holdings": [h.as_dict() for h in self.holdings], "worst_case": self.worst_case,
            "worst_scenario": self.worst_scenario, "worst_days": self.worst_days,
            "named_stresses": [n.__dict__ for n in self.named],
            "alternatives": [a.as_dict() for a in self.alternatives],
            "hedge": self.hedge.as_dict(), "leverage": None if self.leverage is None else self.leverage.as_dict(),
            "unreachable": self.unreachable, "smallest_reachable": self.smallest_reachable[0],
            "checklist": self.checklist.as_dict(), "yen_leg": None if self.yen is None else self.yen.as_dict(),
        }


def advise(config: Config, *, cap: float | None = None) -> Advice:
    """What the account can lose, whether it breaks the cap, and the cheapest ways back within it.

    Parameters
    ----------
    config : Config
    cap : float, optional
        Worst-case loss cap, positive fraction of NAV; default ``[risk] cap``.

    Returns
    -------
    Advice

    Examples
    --------
    >>> from hedgeopt.config.config import load_config
    >>> a = advise(load_config("examples/seed_10m.toml"))  # doctest: +SKIP
    >>> a.verdict.value, round(a.worst_case, 3), a.recommended.kind  # doctest: +SKIP
    ('hedge', 0.246, 'hedge')
    """
    cap = config.risk.cap if cap is None else cap
    account, market = config.account, config.market
    result = stress(config)
    worst_row = result.table.iloc[0]
    hedge = hedging.hedge(config, cap=cap, integer=True)
    named = _named(config, hedge if hedge.optimal and hedge.positions else None)
    worst, label, days = -float(worst_row["pnl_pct"]), str(worst_row["label"]), int(worst_row["horizon_days"])
    named_worst = min(named, key=lambda n: n.pnl)
    if -named_worst.pnl > worst:
        worst, label, days = -named_worst.pnl, named_worst.label, 0
    comparison = hedging.compare_for(config, cap=cap)
    leverage, unreachable = _leverage(config, cap)
    alternatives = () if worst <= cap else _alternatives(config, hedge, comparison, leverage)
    verdict = (Verdict.WITHIN_CAP if worst <= cap else Verdict.HEDGE if hedge.optimal
               else Verdict.REDUCE if leverage is not None else Verdict.UNREACHABLE)
    leg = yen_leg(account, market, hedge) if hedge.optimal else None
    return Advice(verdict, cap, account.nav(market), account.base_currency, holdings(account, market), worst, label,
                  days, named, alternatives, hedge, leverage, unreachable, result, comparison, checklist(config),
                  leg if leg is not None and leg.hedged else None)


def _named(config: Config, hedge: HedgeResult | None) -> tuple[NamedStress, ...]:
    ccy = config.scenarios.currency
    before = config.market.fx_rate(ccy)
    hedged = hedging.with_hedge(config, hedge) if hedge is not None else None
    out = []
    for move in NAMED_EQUITY:
        row = what_if(config, equity=move, fx=NAMED_FX).table.iloc[0]
        out.append(NamedStress(move, NAMED_FX, ccy, before, before * (1.0 + NAMED_FX), float(row["pnl_pct"]),
                               None if hedged is None else _pnl_now(hedged, move),
                               str(row["label"]).removeprefix("what-if: ")))
    return tuple(out)


def _pnl_now(config: Config, equity: float) -> float:
    """Account P&L, fraction of NAV, for ``equity`` with :data:`NAMED_FX` at once."""
    return float(what_if(config, equity=equity, fx=NAMED_FX).table["pnl_pct"].iloc[0])


def _leverage(config: Config, cap: float) -> tuple[LeverageResult | None, dict[str, object]]:
    try:
        return hedging.max_leverage_for(config, cap=cap), {}
    except InfeasibleHedgeError as exc:
        return None, dict(exc.diagnosis)


def _alternatives(
    config: Config, hedge: HedgeResult, comparison: Comparison, leverage: LeverageResult | None,
) -> tuple[Alternative, ...]:
    """The ways to the cap that exist: the recommended hedge, puts, spreads, yen hedges only, then less exposure."""
    out = [_hedged(config, kind, r) for kind, r in
           (("hedge", hedge), *((f, comparison.results.get(f)) for f in ("puts", "spreads", "fx")))
           if r is not None and r.optimal]
    if leverage is not None:
        out.append(_reduced(config, leverage))
    return tuple(out)


def _hedged(config: Config, kind: str, result: HedgeResult) -> Alternative:
    market = config.market
    per_year = sum(p.cost * DAYS_PER_YEAR / _days_counted(config, p) for p in result.positions)
    exposure = sum(config.account.satellite_exposures(market).values())
    return Alternative(kind, result.cost, per_year, result.worst_case_after, _deep(hedging.with_hedge(config, result)),
                       exposure, config.account.leverage(market), hedge=result)


def _days_counted(config: Config, p: Position) -> int:
    """Days the cost of ``p`` pays for: an option's life to expiry, a linear yen hedge's ``carry_days``."""
    if p.cost_basis == "carry":
        return config.hedge.fx.carry_days
    return max((p.instrument.expiry - config.market.valuation_date).days, 1)


def _reduced(config: Config, leverage: LeverageResult) -> Alternative:
    account, market = config.account, config.market
    cut = with_exposure(account, market, leverage.route, leverage.index, leverage.exposure_step)
    smaller = replace(config, account=cut)
    worst = -float(stress(smaller).table["pnl_pct"].iloc[0])
    carry = yearly_carry(cut, market).net - yearly_carry(account, market).net
    return Alternative("reduce", 0.0, 0.0, worst, _deep(smaller), leverage.exposure_step, cut.leverage(market),
                       carry)


def _deep(config: Config) -> float:
    """Account P&L, fraction of NAV, if the index falls :data:`DEEP_EQUITY` with :data:`NAMED_FX`, now."""
    return _pnl_now(config, DEEP_EQUITY)

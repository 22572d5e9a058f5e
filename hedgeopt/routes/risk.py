"""What a route risks: its worst case, the fall that calls it, the buffer it keeps, the upside it keeps.

Every loss and gain is the route's account P&L less its opening costs, as a fraction of today's NAV (the same for
every route: building a route moves money, not value).

* **Worst case** on a scenario set (the config's, or the config's under a rate regime), with the scenario that sets
  it. The route's account (its options priced with QuantLib) is re-evaluated by the reference evaluator
  (:mod:`hedgeopt.reference`) on every scenario of a set of at most
  :data:`~hedgeopt.optimizer.verification.REFERENCE_ALL` rows, else on the worst
  :data:`~hedgeopt.optimizer.verification.WORST_SAMPLE` by the fast kernel; the figure reported is the worse of
  the two.
* **Trigger**: the index fall (the exchange rate unchanged) at which the route is called: the margin loan's
  maintenance ratio (A: :meth:`~hedgeopt.account.account.Account.margin_call_fall`); for futures (B), the fall
  whose variation margin leaves the cash below the maintenance margin, :math:`-(C - M)/N` with cash :math:`C`,
  maintenance margin :math:`M` and notional :math:`N` — past it the MMF must be sold to meet calls. Route C and
  D have none: an option's loss is its premium, an ETF bought outright owes nothing.
* **Buffer**: what the strategy asks: cash + MMF at least ``[risk] min_buffer_share`` of NAV with a loan or
  futures; cash at least ``[risk] futures_buffer`` × the futures' initial margin.
* **Upside kept** at each ``[routes] up`` rise of the index over the config's horizon (the exchange rate
  unchanged, vols by the factor model's response): the route's gain beside the core's, net of its opening costs,
  and as a share of what the exposure itself gains there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import FuturesPosition, MarginPosition
from hedgeopt.account.pnl import COMPONENTS, margin_calls, pnl_components
from hedgeopt.config.config import Config
from hedgeopt.optimizer.verification import REFERENCE_ALL, WORST_SAMPLE
from hedgeopt.reference import ReferenceEvaluator
from hedgeopt.routes.build import Built
from pricing._typing import FloatArray
from scenarios import ScenarioSet, grid


@dataclass(frozen=True)
class Worst:
    """A route's worst case on a scenario set.

    Attributes
    ----------
    loss : float
        Worst loss, positive fraction of today's NAV (the worse of the fast and the reference figure).
    scenario : str
        The scenario that sets it.
    reference_rows : int
        Scenarios the reference evaluator re-valued (its options with QuantLib).
    gap : float
        Largest difference between the fast and the reference P&L there, base currency.
    margin_call : bool
        True when some scenario breaches a margin loan's maintenance ratio.
    """

    loss: float
    scenario: str
    reference_rows: int = 0
    gap: float = 0.0
    margin_call: bool = False

    def as_dict(self) -> dict[str, object]:
        """Every figure (for JSON)."""
        return dict(self.__dict__)


def route_pnl(account: Account, config: Config, scenarios: ScenarioSet, opening: float) -> FloatArray:
    """The account's P&L under every scenario less its opening costs, base currency, shape (n,)."""
    parts = pnl_components(account, config.market, scenarios, np.arange(len(scenarios)))
    return sum(parts[name] for name in COMPONENTS) - opening


def worst_case(built: Built, config: Config, scenarios: ScenarioSet, nav: float) -> Worst:
    """The route's worst case on ``scenarios``, re-checked by the reference evaluator (see the module docstring)."""
    total = route_pnl(built.account, config, scenarios, built.opening)
    n = len(scenarios)
    rows = np.arange(n) if n <= REFERENCE_ALL else np.argpartition(total, WORST_SAMPLE - 1)[:WORST_SAMPLE]
    reference = ReferenceEvaluator(built.account, config.market).pnl(scenarios, rows) - built.opening
    gap = float(np.max(np.abs(reference - total[rows])))
    total = total.copy()
    total[rows] = np.minimum(total[rows], reference)
    worst = int(np.argmin(total))
    calls = margin_calls(built.account, config.market, scenarios, np.arange(n))
    return Worst(float(-total[worst] / nav), scenarios.labels[worst], int(rows.size), gap, bool(calls.any()))


@dataclass(frozen=True)
class Trigger:
    """The index fall that calls a route (decimal, negative), and what it triggers; ``fall`` None: none does."""

    fall: float | None
    kind: str | None

    def as_dict(self) -> dict[str, object]:
        """Every figure (for JSON)."""
        return dict(self.__dict__)


def trigger(built: Built, config: Config, index: str) -> Trigger:
    """The fall of ``index`` that calls the route's margin loan or empties its futures' cash above maintenance.

    The account's positions on other indices are left as they are.
    """
    account, market = built.account, config.market
    for pos in account.satellite:
        if isinstance(pos, MarginPosition) and pos.index == index:
            return Trigger(account.margin_call_fall(market, pos), "margin call")
    futures = [p for p in account.satellite if isinstance(p, FuturesPosition) and p.index == index]
    if futures:
        notional = sum(account.futures_notional(market, p) for p in futures)
        maintenance = sum(account.to_base(market, (p.maintenance_margin or p.initial_margin) * p.contracts,
                                          market.index_currency[p.index]) for p in futures)
        fall = -(account.cash_value(market) - maintenance) / notional
        return Trigger(fall if fall > -1.0 else None, "cash below maintenance margin")
    return Trigger(None, None)


@dataclass(frozen=True)
class Buffer:
    """The buffer the strategy asks of a route and what it keeps.

    Attributes
    ----------
    share : float
        Cash + MMF over NAV after the route is built.
    share_floor : float or None
        ``[risk] min_buffer_share`` when the route borrows (A, B), else None (not asked).
    cash_multiple : float or None
        Cash over the futures' initial margin (B), else None.
    cash_floor : float or None
        ``[risk] futures_buffer`` (B), else None.
    tied_up : float
        What the route ties up, base currency: the loan's maintenance requirement (A: ratio × ETF value), the
        initial margin (B), the premium (C), the cash and MMF spent (D).
    """

    share: float
    share_floor: float | None
    cash_multiple: float | None
    cash_floor: float | None
    tied_up: float

    @property
    def kept(self) -> bool:
        """True when every floor asked is met."""
        return ((self.share_floor is None or self.share >= self.share_floor)
                and (self.cash_floor is None or (self.cash_multiple or 0.0) >= self.cash_floor))

    def as_dict(self) -> dict[str, object]:
        """Every figure (for JSON), with ``kept``."""
        return {**self.__dict__, "kept": self.kept}


def buffer(built: Built, config: Config, tied_up: float) -> Buffer:
    """The buffer of ``built`` against ``[risk]``'s floors (see :class:`Buffer`)."""
    account, market, risk = built.account, config.market, config.risk
    nav = account.nav(market)
    share = (account.cash_value(market) + account.mmf_value(market)) / nav
    borrows = any(isinstance(p, MarginPosition | FuturesPosition) for p in account.satellite)
    multiple = account.cash_buffer_multiple(market)
    return Buffer(share, risk.min_buffer_share if borrows else None, multiple,
                  risk.futures_buffer if multiple is not None else None, tied_up)


def up_set(config: Config, index: str, moves: tuple[float, ...]) -> ScenarioSet:
    """The index up by each of ``moves`` over the config's horizon, the exchange rate unchanged."""
    spec = config.scenarios
    model = spec.model
    if model.driver != index:
        model = replace(model, driver=index, betas={})
    return grid(list(moves), (0.0,), (0.0,), (0.0,), (spec.horizon_days,), currency=spec.currency,
                base=config.market.base_currency, model=model)


def upside(built: Built, core: Account, config: Config, ups: ScenarioSet, moves: tuple[float, ...], target: float
           ) -> list[dict[str, float]]:
    """At each rise: the route's gain beside the core's, net of opening costs (base currency), and its share.

    The share is of what ``target`` (the exposure asked, base currency) gains there.
    """
    gain = route_pnl(built.account, config, ups, built.opening) - route_pnl(core, config, ups, 0.0)
    return [{"move": move, "gain": float(g), "share": float(g / (target * move))}
            for move, g in zip(moves, gain, strict=True)]

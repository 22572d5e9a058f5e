"""Maximum leverage: the closed form against a brute-force scan of the real account P&L, and every bound."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from hedgeopt.account.account import Account
from hedgeopt.account.holdings import MMF, Cash, EtfPosition, FuturesPosition, MarginPosition
from hedgeopt.account.pnl import account_pnl
from hedgeopt.config.hedge_spec import CandidateSpec
from hedgeopt.optimizer.candidates import Candidates
from hedgeopt.optimizer.leverage import max_leverage
from pricing import InfeasibleHedgeError, InputError, default_market
from scenarios import grid

MARKET = default_market()
SCEN = grid(np.round(np.arange(-0.40, 0.201, 0.05), 4), [-0.10, 0.0, 0.10], [0.0], [0.0], [30])
NAV = 10_000_000.0


def seed(position) -> Account:
    return Account(mmf=(MMF(7_000_000, amount_currency="JPY"),), cash=(Cash(3_000_000),), satellite=(position,))


def worst_loss(account: Account) -> float:
    """Worst loss over SCEN as a fraction of NAV, from the full account P&L (the slow, obvious way)."""
    return float(-account_pnl(account, MARKET, SCEN)["pnl_pct"].min())


def test_margin_closed_form_sits_exactly_on_the_cap():
    r = max_leverage(seed(MarginPosition("SPX", 1.0, 0.06, value_currency="JPY")), MARKET, SCEN, route="margin",
                     cap=0.15, leverage_cap=3.0)
    assert r.limit == "loss cap"
    at = seed(MarginPosition("SPX", r.exposure, 0.06, value_currency="JPY"))
    above = seed(MarginPosition("SPX", r.exposure * (1 + 1e-6), 0.06, value_currency="JPY"))
    assert worst_loss(at) == pytest.approx(0.15, abs=1e-10)
    assert worst_loss(above) > 0.15
    assert r.worst_case == pytest.approx(0.15, abs=1e-10)
    # Leverage = (MMF 7M + cash 3M + exposure) / NAV 10M; the step rounds it down to 0.1x.
    assert r.leverage == pytest.approx((NAV + r.exposure) / NAV, rel=1e-12)
    assert r.leverage_step == pytest.approx(np.floor(r.leverage * 10 + 1e-9) / 10, abs=1e-12)
    assert r.exposure_step == pytest.approx(r.leverage_step * NAV - NAV, rel=1e-12)
    assert r.limiting_scenario in SCEN.labels


def test_leverage_cap_binds_when_the_loss_cap_is_loose():
    r = max_leverage(seed(MarginPosition("SPX", 3_000_000, 0.06, value_currency="JPY")), MARKET, SCEN,
                     route="margin", cap=0.90, leverage_cap=1.3)
    assert r.limit == "leverage cap"
    assert r.leverage == pytest.approx(1.3, abs=1e-12) and r.leverage_step == pytest.approx(1.3)
    assert r.exposure == pytest.approx(3_000_000, rel=1e-12)  # 1.3 x 10M - 10M gross without the satellite


def test_tighter_cap_never_allows_more_exposure():
    pos = seed(MarginPosition("SPX", 1.0, 0.06, value_currency="JPY"))
    exposures = [max_leverage(pos, MARKET, SCEN, route="margin", cap=c, leverage_cap=5.0).exposure
                 for c in (0.10, 0.12, 0.15, 0.20, 0.25)]
    assert np.all(np.diff(exposures) >= 0)


def test_margin_call_bound_from_small_collateral():
    # Collateral 600,000 JPY (fixed, in yen) and maintenance 0.25. The binding row is SPX -40% with USD +10%
    # (the yen weakens, so the USD loan grows in yen): per unit of exposure the ETF is worth 0.6 * 1.1 = 0.66,
    # the loan 1.1, and the call needs 600,000 + x * (0.66 - 1.1) >= 0.25 * 0.66 * x, i.e. x <= 600,000 / 0.605.
    # (With the yen up 10% instead: 0.54 vs 0.9, x <= 600,000 / 0.495, a looser bound.)
    pos = MarginPosition("SPX", 1.0, 0.06, value_currency="JPY", collateral=600_000)
    r = max_leverage(seed(pos), MARKET, SCEN, route="margin", cap=0.90, leverage_cap=5.0)
    assert r.limit == "margin call"
    assert r.exposure == pytest.approx(600_000 / 0.605, rel=1e-12)
    sized = seed(replace(pos, value=r.exposure * 0.999))
    assert not account_pnl(sized, MARKET, SCEN)["margin_call"].any()
    sized = seed(replace(pos, value=r.exposure * 1.001))
    assert account_pnl(sized, MARKET, SCEN)["margin_call"].any()


def test_futures_buffer_and_whole_contracts():
    # MES notional at SPX 6,000: 5 x 6,000 x 150 = 4,500,000 JPY. Initial margin 2,000 USD = 300,000 JPY.
    # Cash 3,000,000 must be >= 3 x total margin: margin <= 1,000,000 = 3.33 contracts = 15,000,000 JPY.
    # Leverage (10M + 15M) / 10M = 2.5 exactly; in whole contracts 3, i.e. 13,500,000.
    pos = FuturesPosition("MES", 1, 2_000.0)
    r = max_leverage(seed(pos), MARKET, SCEN, route="futures", cap=0.90, leverage_cap=10.0, buffer_multiple=3.0)
    assert r.limit == "futures buffer"
    assert r.exposure == pytest.approx(1_000_000 / 300_000 * 4_500_000, rel=1e-12)
    assert r.contracts == 3 and r.exposure_step == pytest.approx(13_500_000)
    r = max_leverage(seed(pos), MARKET, SCEN, route="futures", cap=0.15, leverage_cap=1.3)
    assert r.contracts == int(r.exposure_step // 4_500_000) and r.exposure_step <= r.exposure + 1e-6


def test_cash_route_is_bounded_by_cash_and_keeps_leverage_one():
    acct = seed(EtfPosition("SPX", 1_000_000, value_currency="JPY"))
    r = max_leverage(acct, MARKET, SCEN, route="cash", cap=0.90)
    assert r.limit == "cash"
    assert r.exposure == pytest.approx(3_000_000 + 1_000_000, rel=1e-12)  # cash plus the ETF already held
    assert r.leverage == pytest.approx(1.0, abs=1e-12)


def test_joint_hedge_allows_at_least_the_unhedged_exposure_and_holds_the_cap():
    acct = seed(MarginPosition("SPX", 1.0, 0.06, value_currency="JPY"))
    cands = Candidates(CandidateSpec(months=(3,), put_moneyness=(0.8, 0.9), spread_widths=(0.1,))
                       .instruments(MARKET, 30), MARKET)
    none = max_leverage(acct, MARKET, SCEN, route="margin", cap=0.15, leverage_cap=2.0)
    joint = max_leverage(acct, MARKET, SCEN, route="margin", cap=0.15, leverage_cap=2.0, hedge="joint",
                         candidates=cands, budget=300_000)
    assert joint.exposure >= none.exposure - 1e-6
    assert joint.hedge is not None and joint.hedge.optimal
    assert joint.hedge.worst_case_after <= 0.15 + 1e-7 and joint.hedge.cost <= 300_000 + 1e-6


def test_a_route_the_account_does_not_use_takes_the_default_terms():
    """The seed on margin, asked about futures: the exposure moves to MES at 8% initial margin, whole contracts."""
    acct = seed(MarginPosition("SPX", 3_000_000, 0.06, value_currency="JPY"))
    r = max_leverage(acct, MARKET, SCEN, route="futures", cap=0.30)
    one = 5 * MARKET.spot("SPX") * MARKET.fx_rate("USD")  # one MES in yen
    assert r.route == "futures" and r.contracts is not None
    assert r.exposure_step == pytest.approx(r.contracts * one, rel=1e-12)
    margin = max_leverage(acct, MARKET, SCEN, route="margin", cap=0.30)
    # the same index risk either way; futures add no loan to the gross, margin does not either: same exact answer
    assert r.exposure == pytest.approx(margin.exposure, rel=1e-6)


def test_errors():
    acct = seed(MarginPosition("SPX", 1.0, 0.06, value_currency="JPY"))
    with pytest.raises(InputError, match=r"route='options': expected cash, margin or futures"):
        max_leverage(acct, MARKET, SCEN, route="options")
    with pytest.raises(ValueError, match=r"'levered' is not a valid Route"):
        max_leverage(acct, MARKET, SCEN, route="levered")
    # Without any index exposure the yen +10% alone costs the USD MMF 700,000 (7%): a 5% cap is out of reach.
    with pytest.raises(InfeasibleHedgeError, match=r"already loses") as info:
        max_leverage(acct, MARKET, SCEN, route="margin", cap=0.05)
    assert info.value.diagnosis["min_achievable_cap"] > 0.05
    with pytest.raises(InputError, match=r"candidates"):
        max_leverage(acct, MARKET, SCEN, route="margin", cap=0.15, hedge="joint")

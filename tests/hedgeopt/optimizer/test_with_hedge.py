"""with_hedge: the optimizer's positions added to the account — options as OptionPosition, yen hedges as
FxHedgePosition (whole lots rounded where the contract trades whole lots, a bank forward's fraction kept)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from types import SimpleNamespace

from hedgeopt.account.pnl import account_pnl
from hedgeopt.config.config import config_from_dict, load_config
from hedgeopt.optimizer.hedging import hedge, with_hedge
from pricing import Option
from pricing.fx.instruments import FxHedge

SEED = Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml"


def test_with_hedge_adds_yen_hedges_as_positions_and_keeps_a_forwards_fraction():
    config = load_config(SEED)
    put = Option("XSP", "put", 540.0, "2027-06-18")
    forward = FxHedge("USDJPY_FWD", "2027-01-04")
    result = SimpleNamespace(positions=[SimpleNamespace(instrument=put, quantity=1.6),
                                        SimpleNamespace(instrument=FxHedge("OTC_FX"), quantity=45.6),
                                        SimpleNamespace(instrument=forward, quantity=7.25),
                                        SimpleNamespace(instrument=FxHedge("CLICK365"), quantity=0.4)])
    held = with_hedge(config, result).account
    assert [(p.instrument, p.contracts) for p in held.satellite[1:]] == [(put, 2)]
    assert [(p.hedge.symbol, p.lots) for p in held.fx_hedges] == [("OTC_FX", 46.0), ("USDJPY_FWD", 7.25)]
    assert held.mmf == config.account.mmf and held.cash == config.account.cash


def test_the_seeds_yen_hedge_held_keeps_the_cap_the_optimizer_promised():
    """The seed at a 5% cap with 店頭FX and bank forwards as its yen hedges: held as found, it keeps the cap.

    The account values what it holds at mid (options at model value, yen lots at 0 today) while the optimizer
    charged the ask and the half-spread, so the held account's worst case is at most the optimizer's.
    """
    data = tomllib.loads(SEED.read_text())
    data["hedge"]["fx"].update(options=False, instruments=["OTC_FX", "USDJPY_FWD"])
    config = config_from_dict(data)
    result = hedge(config, cap=0.05, integer=True)
    held = with_hedge(config, result)
    lots = {p.hedge.symbol: p.lots for p in held.account.fx_hedges}
    assert result.status == "optimal" and lots == {"OTC_FX": 33.0}  # 33,000 of the MMF's 46,667 USD sold
    table = account_pnl(held.account, held.market, held.scenario_set())
    assert -table["pnl_pct"].min() <= result.worst_case_after + 1e-9 <= 0.05 + 1e-9

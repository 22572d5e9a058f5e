"""with_hedge: the optimizer's positions added to the account — options as OptionPosition, yen hedges as
FxHedgePosition (whole lots rounded where the contract trades whole lots, a bank forward's fraction kept)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from hedgeopt.config.config import load_config
from hedgeopt.optimizer.hedging import with_hedge
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

"""A hedge on a real chain: every candidate is a listed contract, every chosen one bought at its quoted ask."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import numpy as np
import pytest

from hedgeopt.config.config import config_from_dict
from hedgeopt.config.hedge_spec import CandidateSpec
from hedgeopt.face.cli.main import main
from hedgeopt.optimizer import hedging
from pricing import legs_of
from pricing.trading_costs import commission_schedule

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "examples" / "seed_10m.toml"
CHAINS = ROOT / "examples" / "chains"


def _config(chain: str, symbol: str = "XSP", **hedge):
    data = tomllib.loads(SEED.read_text(encoding="utf-8"))
    data["market"] = {"valuation_date": "2026-11-25", "chains": {symbol: str(CHAINS / chain)}}  # IBKR: undated
    data["hedge"] = {"symbol": symbol, **hedge}
    return config_from_dict(data, str(SEED))


def _quotes(config, symbol: str) -> dict[tuple, tuple[float, float]]:
    q = config.snapshot.chains[symbol].quotes
    return {(e, k, kind): (b, a) for e, k, kind, b, a in q[["expiry", "strike", "kind", "bid", "ask"]].itertuples(
        index=False)}


@pytest.mark.parametrize("chain", ["xsp_cboe_sample.csv", "xsp_ibkr_sample.csv"])
def test_every_candidate_is_a_listed_contract(chain):
    config = _config(chain)
    quotes = _quotes(config, "XSP")
    instruments = config.hedge.candidates.instruments(config.market, config.scenarios.horizon_days)
    assert len(instruments) > 10
    for instrument in instruments:
        for leg in legs_of(instrument):
            o = leg.option
            assert (o.expiry, o.strike, o.kind.value) in quotes, instrument.label
            assert config.market.quote(o) is not None


def test_the_chosen_hedge_is_bought_at_the_chains_asks_and_bids():
    config = _config("xsp_cboe_sample.csv")
    result = hedging.hedge(config, cap=0.08)
    assert result.optimal and result.verification.passed
    quotes, fx = _quotes(config, "XSP"), config.market.fx_rate("USD")
    options = [p for p in result.positions if p.cost_basis == "premium"]
    assert options and result.worst_case_after >= -0.08 - 1e-9
    schedule = commission_schedule("XSP")
    for p in options:
        paid, fees = 0.0, 0.0
        for leg in legs_of(p.instrument):
            o = leg.option
            bid, ask = quotes[o.expiry, o.strike, o.kind.value]
            price = ask if leg.quantity > 0 else bid
            paid += leg.quantity * price * 100.0 * fx
            side = "buy" if leg.quantity > 0 else "sell"
            fees += float(schedule.fee(price, 100.0, 1.0, side)) * fx
        assert p.quoted_per_contract == pytest.approx(paid, rel=1e-12), p.instrument.label
        assert p.commission_per_contract == pytest.approx(fees, rel=1e-12)
        assert float(p.quantity).is_integer()


def test_the_command_line_hedge_names_only_listed_contracts(tmp_path, capsys):
    cfg = tmp_path / "cfg.toml"
    cfg.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["hedge", str(cfg), "--cap", "0.08", "--json", "--chain",
                 f"XSP={CHAINS / 'xsp_cboe_sample.csv'}"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["market"]["illustrative"] is False and "xsp_cboe_sample.csv" in out["market"]["label"]
    labels = [p["instrument"] for p in out["positions"] if p.get("cost_basis") == "premium"]
    listed = {f"XSP {e.isoformat()} {k:g}" for e, k, _ in _quotes(_config("xsp_cboe_sample.csv"), "XSP")}
    for label in labels:
        expiry, strikes = label.split()[1], label.split()[2].split("/")
        assert all(f"XSP {expiry} {k}" in listed for k in strikes), label


def test_expiries_are_the_listed_ones_nearest_each_month():
    config = _config("xsp_cboe_sample.csv")
    listed = sorted(set(config.snapshot.chains["XSP"].quotes["expiry"]))  # 12-18, 01-15, 03-19, 06-18
    spec = CandidateSpec("XSP", months=(1, 2, 3, 4, 12), put_moneyness=(0.9,), spreads=False)
    expiries = sorted({i.expiry for i in spec.instruments(config.market)})
    # standard expiries 2026-12-18, 2027-01-15, 2027-02-19, 2027-03-19, 2027-11-19 -> nearest listed, each once
    assert expiries == [listed[0], listed[1], listed[2], listed[3]]
    assert [i.strike for i in spec.instruments(config.market)] == [540.0] * 4  # 0.9 x 600, on the chain's grid


def test_a_chain_of_another_contract_leaves_standard_candidates_on_its_surface():
    config = _config("spx_cboe_sample.csv", symbol="SPX")
    data = tomllib.loads(SEED.read_text(encoding="utf-8"))
    data["market"] = {"chains": {"SPX": str(CHAINS / "spx_cboe_sample.csv")}}
    xsp = config_from_dict(data, str(SEED))  # hedge.symbol is XSP: not in the SPX chain
    instruments = xsp.hedge.candidates.instruments(xsp.market, 30)
    assert all(xsp.market.quote(leg.option) is None for i in instruments for leg in legs_of(i))
    assert np.isfinite([xsp.market.surface("SPX").vol(0.9, 0.25)]).all()
    assert config.snapshot.chains["SPX"].fit is not None

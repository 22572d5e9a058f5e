"""The ``[market]`` section with option chains: what is taken from the files, what is refused, what is said."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from hedgeopt.config.config import config_from_dict, load_config
from pricing import InputError
from pricing.smiles import SSVISlices

ROOT = Path(__file__).resolve().parents[3]
CHAINS = ROOT / "examples" / "chains"
ACCOUNT = {"cash": [{"currency": "JPY", "amount": 10_000_000}]}


def _config(market: dict, **kw):
    return config_from_dict({"account": ACCOUNT, "market": market}, **kw)


def _write(folder: Path, market_toml: str) -> Path:
    path = folder / "cfg.toml"
    path.write_text(f'[account]\ncash = [{{ currency = "JPY", amount = 10_000_000 }}]\n\n[market]\n{market_toml}\n',
                    encoding="utf-8")
    return path


def test_a_cboe_chain_sets_date_spot_yield_surface_and_listing():
    config = _config({"chains": {"XSP": str(CHAINS / "xsp_cboe_sample.csv")}})
    snap, market = config.snapshot, config.market
    assert market.valuation_date.isoformat() == "2026-11-25"  # the file's "Date:" line
    assert market.spots["SPX"] == 6000.0  # "Last: 600" on XSP, a tenth of the index
    # The sample is priced at q = 1.3%: parity gives it back to 1e-4 (prices rounded to the cent).
    assert market.dividend_yields["SPX"] == pytest.approx(0.013, abs=1e-4)
    assert snap.taken == ("valuation_date", "spots.SPX", "dividend_yields.SPX")
    assert "fx.USD" in snap.defaults and "spots.SPX" not in snap.defaults
    assert isinstance(market.surface("SPX"), SSVISlices) and not market.illustrative
    assert market.label.startswith("XSP chain xsp_cboe_sample.csv (Cboe delayed quotes of 2026-11-25 16:15 EST); "
                                   "embedded illustrative values for ")
    listed = market.listings["XSP"]
    assert len(listed) == len(snap.chains["XSP"].quotes) and all(o.symbol == "XSP" for o in listed)
    put = next(o for o in listed if o.kind.value == "put" and o.strike == 540.0)
    assert market.quote(put.__class__(put.symbol, put.kind, put.strike, put.expiry)) == put.quote


def test_given_inputs_win_over_the_chain_and_are_checked_against_it():
    config = _config({"spots": {"SPX": 6030.0}, "dividend_yields": {"SPX": 0.013},
                      "chains": {"XSP": str(CHAINS / "xsp_cboe_sample.csv")}})
    assert config.market.spots["SPX"] == 6030.0 and config.market.dividend_yields["SPX"] == 0.013
    found = {f.key: f.values for f in config.snapshot.findings["XSP"]}
    assert found["spot"]["gap"] == pytest.approx(600.0 / 603.0 - 1.0)  # the file's "Last: 600"
    assert found["parity_spot"]["gap"] == pytest.approx(600.0 / 603.0 - 1.0, abs=2e-4)  # its quotes agree
    refused = r"market\.chains\.XSP underlying=600\.0: expected an underlying level within 2% of the market's spot 630 "
    with pytest.raises(InputError, match=refused):
        _config({"spots": {"SPX": 6300.0}, "chains": {"XSP": str(CHAINS / "xsp_cboe_sample.csv")}})


def test_chain_paths_are_relative_to_the_config(tmp_path):
    shutil.copy(CHAINS / "spx_cboe_sample.csv", tmp_path / "spx.csv")
    config = load_config(_write(tmp_path, 'chains = { SPX = "spx.csv" }'))
    assert set(config.snapshot.chains) == {"SPX"}
    other = config.snapshot.chains["SPX"].table.other
    assert other and all("SPXW" in reason for _, reason in other)  # the weeklies of an SPX download


def test_chain_option_replaces_the_configs_and_reads_from_the_working_directory(tmp_path, monkeypatch):
    path = _write(tmp_path, 'chains = { XSP = "missing.csv" }')
    monkeypatch.chdir(CHAINS)
    with pytest.raises(InputError, match=r"market\.valuation_date=None: expected the date the quotes were taken"):
        load_config(path, chains={"XSP": "xsp_ibkr_sample.csv"})  # an IBKR export does not say when
    path = _write(tmp_path, 'valuation_date = 2026-11-25\nchains = { XSP = "missing.csv" }')
    config = load_config(path, chains={"XSP": "xsp_ibkr_sample.csv"})
    assert config.snapshot.chains["XSP"].table.format == "ibkr"
    assert [f.key for f in config.snapshot.findings["XSP"]][:2] == ["undated", "layout_assumed"]


def test_market_file_replaces_the_section_and_anchors_its_paths(tmp_path):
    folder = tmp_path / "snap"
    folder.mkdir()
    shutil.copy(CHAINS / "nk225_jpx_sample.csv", folder / "ose20261125tp.csv")
    (folder / "market.toml").write_text('valuation_date = 2026-11-25\nsource = "close of 25 Nov"\n'
                                        'chains = { NK225_OPT = "ose20261125tp.csv" }\n', encoding="utf-8")
    config = load_config(_write(tmp_path, "spots = { SPX = 1.0 }"), market=folder / "market.toml")
    assert config.market.spots["SPX"] == 6000.0  # the config's [market] is replaced, not merged
    assert config.market.label.startswith("close of 25 Nov; embedded illustrative values for")
    chain = config.snapshot.chains["NK225_OPT"]
    assert chain.quotes["settled"].all()  # JPX: settlement prices, bid and ask modelled around them
    assert (chain.quotes["bid"] < chain.quotes["mid"]).all() and (chain.quotes["mid"] < chain.quotes["ask"]).all()
    assert "settled" in [f.key for f in config.snapshot.findings["NK225_OPT"]]


def test_rates_take_a_curve_and_refuse_percentages():
    config = _config({"rates": {"USD": {"days": [30, 365], "rates": [0.04, 0.045]}, "JPY": 0.005}})
    assert config.market.curve("USD").days == (30, 365)
    assert float(config.market.curve("USD").zero_rate(1.0)) == 0.045
    with pytest.raises(InputError, match=r"market\.rates\.USD=4\.0: .*looks like a percentage"):
        _config({"rates": {"USD": 4.0}})
    with pytest.raises(InputError, match=r"market\.rates\.USD\.rates\[1\]='x'"):
        _config({"rates": {"USD": {"days": [30, 365], "rates": [0.04, "x"]}}})
    with pytest.raises(InputError, match=r"market\.rates\.USD\.days=\(30, 365\): expected one pillar per rate"):
        _config({"rates": {"USD": {"days": [30, 365], "rates": [0.04]}}})


@pytest.mark.parametrize(("market", "match"), [
    ({"chains": {"XSP": str(CHAINS / "xsp_cboe_sample.csv"), "SPX": str(CHAINS / "spx_cboe_sample.csv")}},
     r"one chain per underlying index \(XSP and SPX are both on SPX\)"),
    ({"chains": {"XSP": str(CHAINS / "xsp_cboe_sample.csv")}, "vol": {"SPX": {"atm_short": 0.2}}},
     r"market\.vol\.SPX=.*no vol model for an index whose chain is given"),
    ({"chains": {"ES": "x.csv"}}, r"market\.chains\.ES='ES': expected an index option contract"),
    ({"chains": {"XSP": 3}}, r"market\.chains\.XSP=3: expected a file name in quotes"),
    ({"chains": {"XSP": {"path": "x.csv", "on_bad_row": "ignore"}}}, r"market\.chains\.XSP\.on_bad_row='ignore'"),
    ({"chains": {"XSP": {"file": "x.csv"}}}, r"market\.chains\.XSP\.file"),
    ({"source": 3}, r"market\.source=3: expected a text in quotes"),
    ({"valuation_date": "2026-12-10", "chains": {"XSP": str(CHAINS / "xsp_cboe_sample.csv")}},
     r"market\.chains\.XSP date='2026-11-25': expected quotes at most 4 days older .* \(stale quotes"),
    ({"valuation_date": "2026-11-20", "chains": {"XSP": str(CHAINS / "xsp_cboe_sample.csv")}},
     r"quotes from after the valuation date"),
])
def test_bad_market_sections_are_refused_naming_the_key(market, match):
    with pytest.raises(InputError, match=match):
        _config(market)


def test_chains_of_different_dates_need_a_valuation_date(tmp_path):
    (tmp_path / "ose20261124tp.csv").write_text((CHAINS / "nk225_jpx_sample.csv").read_text(), encoding="utf-8")
    chains = {"XSP": str(CHAINS / "xsp_cboe_sample.csv"), "NK225_OPT": str(tmp_path / "ose20261124tp.csv")}
    with pytest.raises(InputError, match=r"the chains state different dates \(NK225_OPT 2026-11-24, XSP 2026-11-25"):
        _config({"chains": chains})
    config = _config({"valuation_date": "2026-11-25", "chains": chains})
    stale = next(f for f in config.snapshot.findings["NK225_OPT"] if f.key == "stale")
    assert stale.values == {"date": "2026-11-24", "days": 1}


def test_bad_rows_are_skipped_and_listed_or_refused(tmp_path):
    text = (CHAINS / "xsp_cboe_sample.csv").read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(text) if line.startswith("Fri Dec 18 2026"))
    cells = text[n].split(",")
    cells[15], cells[16] = "9.9", "9.1"  # the put's bid above its ask
    text[n] = ",".join(cells)
    (tmp_path / "xsp.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    config = _config({"chains": {"XSP": str(tmp_path / "xsp.csv")}})
    skipped = config.snapshot.chains["XSP"].skipped
    assert [s.row for s in skipped] == [n + 1]
    assert skipped[0].reason == f"row {n + 1} Puts Bid=9.9: expected bid <= ask (ask=9.1) (a crossed quote)"
    with pytest.raises(InputError, match=rf"xsp\.csv row {n + 1} Puts Bid=9\.9"):
        _config({"chains": {"XSP": {"path": str(tmp_path / "xsp.csv"), "on_bad_row": "error"}}})


def test_without_chains_the_market_is_the_embedded_one():
    config = _config({})
    assert config.market.illustrative and config.snapshot.chains == {} and not config.market.listings
    assert math.isclose(config.market.spots["SPX"], 6000.0)


def test_a_snapshot_is_built_once_per_file_version(tmp_path):
    path = tmp_path / "xsp.csv"
    shutil.copy(CHAINS / "xsp_cboe_sample.csv", path)
    first = _config({"chains": {"XSP": str(path)}}).snapshot
    assert _config({"chains": {"XSP": str(path)}}).snapshot is first  # a batch of accounts fits the chain once
    path.write_text(path.read_text(encoding="utf-8").replace("Last: 600", "Last: 600.5"), encoding="utf-8")
    again = _config({"chains": {"XSP": str(path)}}).snapshot
    assert again is not first and again.market.spots["SPX"] == 6005.0
    assert _config({"source": "x", "chains": {"XSP": str(path)}}).snapshot is not again


def test_a_snapshot_file_with_fx_the_wrong_way_round_is_refused(tmp_path):
    (tmp_path / "snap.toml").write_text("fx = { USD = 0.0064 }\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"market\.fx\.USD=0\.0064: .* \(it looks inverted: 1 / 0\.0064 = 156\.25\)"):
        load_config(_write(tmp_path, ""), market=tmp_path / "snap.toml")

"""``hedgeopt market``: the snapshot, each chain's checks, parity, fit and smile; in English, Japanese and JSON."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from hedgeopt.config.config import load_config
from hedgeopt.face.cli.help_ja import width
from hedgeopt.face.market import tables

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "examples" / "seed_10m.toml"
CHAINS = ROOT / "examples" / "chains"


@pytest.fixture
def config_with_chain(tmp_path: Path) -> Path:
    shutil.copy(CHAINS / "xsp_cboe_sample.csv", tmp_path / "xsp.csv")
    path = tmp_path / "cfg.toml"
    path.write_text(SEED.read_text(encoding="utf-8") + '\n[market]\nchains = { XSP = "xsp.csv" }\n', encoding="utf-8")
    return path


def test_market_shows_every_input_and_where_it_comes_from(cli, config_with_chain):
    code, out, err = cli("market", str(config_with_chain))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("Market: XSP chain xsp.csv (Cboe delayed quotes of 2026-11-25 16:15 EST)")
    assert re.search(r"│ SPX spot +│ +6,000\.00 │ +chain │", out)
    assert re.search(r"│ JPY per USD +│ +150\.0000 │ embedded, illustrative │", out)
    assert re.search(r"│ SPX dividend yield +│ +1\.29\d% │ +chain │", out)
    assert "64 quotes used in 4 expiries; 0 bad rows; 0 rows of other contracts" in out
    assert "XSP: put-call parity by expiry" in out and "XSP: SSVI fit by expiry (errors in vol points)" in out
    assert re.search(r"│ 2027-03-19 │ +114 │ +5 │ +605\.08 │ +605\.08 │ +[-+]0\.000% │", out)
    assert out.count("fitted smile against the quotes (vols in %)") == 4


def test_market_without_a_chain_says_how_to_give_one(cli):
    code, out, _ = cli("market", str(SEED))
    assert code == 0 and "ILLUSTRATIVE" in out
    assert "No option chain is loaded: give one in [market] chains or with --chain SYMBOL=FILE." in out


def test_market_json_carries_every_quote_and_the_fit(cli, config_with_chain):
    code, out, _ = cli("market", str(config_with_chain), "--json")
    assert code == 0
    got = json.loads(out)
    chain = got["chains"]["XSP"]
    assert got["market"]["taken"] == ["valuation_date", "spots.SPX", "dividend_yields.SPX"]
    assert chain["format"] == "cboe" and chain["quote_date"] == "2026-11-25" and len(chain["quotes"]) == 64
    assert len(chain["fit"]["by_expiry"]) == 4 and chain["fit"]["arbitrage"] == []
    config = load_config(config_with_chain)
    assert got["chains"]["XSP"]["carry"] == config.snapshot.chains["XSP"].carry._asdict()
    assert set(tables.payload(config.snapshot)) == {"market", "chains"}
    first = config.snapshot.chains["XSP"].quotes.iloc[0]
    assert chain["quotes"][0]["ask"] == float(first["ask"]) and chain["quotes"][0]["expiry"] == "2026-12-18"


def test_market_in_japanese_has_no_english_and_fits_80_columns(cli, config_with_chain, monkeypatch, english_words):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = cli("market", str(config_with_chain), "--lang", "ja")
    assert code == 0
    assert "市場スナップショット" in out and "満期ごとのプット・コール・パリティ" in out
    assert max(width(line) for line in out.splitlines()) <= 80
    text = re.sub(r"[\w.-]+\.csv", " ", out)
    assert not english_words(text) - {"EST"}, english_words(text)


def test_a_stale_chain_is_one_line_and_exit_2(cli, config_with_chain):
    text = config_with_chain.read_text(encoding="utf-8")
    text = text.replace("[market]\n", "[market]\nvaluation_date = 2026-12-10\n")
    config_with_chain.write_text(text, encoding="utf-8")
    code, out, err = cli("market", str(config_with_chain))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "market.chains.XSP date='2026-11-25': expected quotes at most 4 days older" in err


def test_a_malformed_chain_option_is_refused_by_the_parser(cli):
    code, _, err = cli("market", str(SEED), "--chain", "xsp.csv")
    assert code == 2 and "'xsp.csv' is not SYMBOL=FILE, such as XSP=xsp_quotedata.csv" in err


def test_the_chain_on_every_page(cli, config_with_chain, tmp_path):
    friday = config_with_chain.read_text(encoding="utf-8").replace("[market]\n",
                                                                   "[market]\nvaluation_date = 2026-11-27\n")
    config_with_chain.write_text(friday, encoding="utf-8")
    for command in (["stress"], ["checklist"], ["hedge", "--cap", "0.1"]):
        code, out, _ = cli(command[0], str(config_with_chain), *command[1:])
        assert code in (0, 1)
        assert "valuation date 2026-11-27" in out.splitlines()[1] + out.splitlines()[0]
        assert "XSP chain: quotes of 2026-11-25, 2 days before the valuation date" in out


def test_price_reads_the_chains_bid_and_ask(cli):
    chain = load_config(SEED, chains={"XSP": str(CHAINS / "xsp_cboe_sample.csv")}).snapshot.chains["XSP"]
    q = chain.quotes.set_index(["expiry", "strike", "kind"])
    row = q.loc[(dt.date(2027, 3, 19), 540.0, "put")]
    code, out, _ = cli("price", "--strike", "540", "--expiry", "2027-03-19", "--json", "--chain",
                       f"XSP={CHAINS / 'xsp_cboe_sample.csv'}")
    got = json.loads(out)
    assert code == 0 and got["market_illustrative"] is False
    (v,) = got["valuations"]
    assert (v["bid"], v["ask"]) == (row["bid"], row["ask"])  # the chain's quote, not the quote model's
    assert v["vols"] == [pytest.approx(float(chain.surface().vol(540.0 / 600.0, row["t"])), abs=1e-12)]

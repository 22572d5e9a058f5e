"""`hedgeopt advise`: the verdict first, in words and numbers, in English and Japanese; exit 1 when unreachable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hedgeopt.face.cli import main
from hedgeopt.face.names import instrument_name

SEED = "examples/seed_10m.toml"


def test_advise_states_verdict_action_and_trade_offs(capsys):
    assert main(["advise", SEED]) == 0
    out = capsys.readouterr().out
    verdict = out.index("The account breaks its 20% cap: it can lose 24.6% of NAV (2007-10 GFC bear, over 517 days)")
    assert verdict < out.index("Do this: buy 2 × XSP 2027-11-19 450/420 put spread for 88,231 JPY now")
    assert "Or: cut the SPX satellite from 3,000,000 JPY to 2,000,000 JPY (1.2×)" in out
    assert "yearly carry +47,000 JPY" in out
    assert "Put or spread: the put (1 × XSP 2027-11-19 480 put) costs 105,426 JPY more" in out
    assert "hedgeopt max-leverage --paths asks another question" in out
    # after tax the spread's payoff is 雑所得 at 30.42% while the ETF's loss only carries forward: said beside it
    do = out.index("Do this:")
    assert do < out.index("After tax the worst case is -21.2% (2007-10 GFC bear), beyond the 20.0% cap") < out.index(
        "Or: cut")
    assert "hedgeopt hedge --cap-after-tax holds the cap after tax too." in out.replace("\n", " ")
    assert out.index("Holdings") < out.index("Ways to the 20% cap")
    assert "SPX -30% with USDJPY 150→135" in out and "-15.1%" in out


def test_advise_in_japanese_reads_the_yen_with_levels(capsys):
    assert main(["advise", SEED, "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    assert "上限 20% を超えます" in out and "2007年10月〜 世界金融危機の下落相場、517日間" in out
    assert "対策: 2 × XSP 2027-11-19満期 450/420 プットスプレッド を 8.8万円 で買う" in out
    assert "SPX -30%、同時に円高 150→135円" in out and "信用買いの借入(SPX)" in out


def test_advise_unreachable_cap_is_an_answer_with_exit_1(capsys, tmp_path):
    index_only = tmp_path / "index_only.toml"  # the yen hedges switched off: index options only
    index_only.write_text(Path(SEED).read_text().replace("[hedge.fx]\n", "[hedge.fx]\nenabled = false\n", 1))
    assert main(["advise", str(index_only), "--cap", "0.05"]) == 1
    out = capsys.readouterr().out
    assert "Neither a hedge from the candidates nor less index exposure reaches the cap" in out
    assert "the smallest worst case either reaches is 7.58% (SPX +0% / USD -10%" in out
    assert "hold less in USD, offer more yen hedges in [hedge.fx] (instruments, option_months, put_moneyness), or " \
           "accept a cap of at least 7.58%" in out
    assert main(["advise", str(index_only), "--cap", "0.05", "--lang", "ja"]) == 1
    assert "[hedge.fx] で為替ヘッジの候補" in capsys.readouterr().out


SEED_LINEAR = 'instruments = ["OTC_FX", "CLICK365", "MJY", "6J", "USDJPY_FWD"]'
OFFERED = {"dollar-puts": (SEED_LINEAR, "instruments = []"), "linear-only": ("options = true ", "options = false "),
           "both": ("", "")}


@pytest.mark.parametrize("offered", sorted(OFFERED))
def test_advise_with_yen_hedges_says_what_it_buys_sells_and_its_carry(capsys, monkeypatch, tmp_path, offered):
    """At the 5% cap the seed's hedge holds dollar puts and sells dollars (its puts may cover no more dollars than
    it holds); offered only dollar puts it buys them alone, offered only linear hedges it sells dollars alone."""
    from hedgeopt.advice import advise
    from hedgeopt.config.config import load_config

    path = tmp_path / "seed.toml"
    path.write_text(Path(SEED).read_text().replace(*OFFERED[offered], 1))
    monkeypatch.setenv("COLUMNS", "200")
    a = advise(load_config(path), cap=0.05)
    linear = offered != "dollar-puts"
    assert a.yen is not None and (a.yen.sold > 0) == linear and (a.yen.insured > 0) == (offered != "linear-only")
    assert main(["advise", str(path), "--cap", "0.05"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # sentences unfolded
    options = [p for p in a.hedge.positions if p.cost_basis == "premium"]
    listed = "; ".join(f"{p.quantity:,.0f} × {instrument_name(p.instrument.label)}" for p in options)
    linear_lines = [p for p in a.hedge.positions if p.cost_basis == "carry"]
    if linear:
        premium = sum(p.cost for p in options)
        sold = "; ".join(f"{p.quantity:,.0f} × {instrument_name(p.instrument.label)}" for p in linear_lines)
        assert f"Do this: buy {listed} for {premium:,.0f} JPY now and open {sold}, selling " \
               f"{a.yen.sold / 150:,.0f} USD ({a.yen.sold:,.0f} JPY) of the dollars held, at about " \
               f"{a.yen.carry_per_year:,.0f} JPY a year in carry and {a.yen.margin:,.0f} JPY of margin." in out
        assert f"Counted cost {a.hedge.cost:,.0f} JPY" in out
        assert f"the MMF then yields {a.yen.mmf_yield_hedged:.2%} net of the hedge's carry, instead of 4.00%" in out
    else:  # the index-only sentence, the dollar puts among the positions, and what they insure
        assert f"Do this: buy {listed} for {a.hedge.cost:,.0f} JPY now" in out
        assert f"dollar puts insure {a.yen.insured:,.0f} JPY against the yen's rise" in out
        assert "nothing is sold, so the MMF keeps its 4.00%" in out
    assert main(["advise", str(path), "--cap", "0.05", "--lang", "ja"]) == 0
    out = capsys.readouterr().out.replace("\n", "")
    assert "為替部分: USD 建て資産 700万円" in out
    if linear:
        sold_ja = "、".join(f"{p.quantity:,.0f} × {instrument_name(p.instrument.label, 'ja')}" for p in linear_lines)
        assert f"{sold_ja} を建てて保有ドルのうち {a.yen.sold / 150:,.0f} USD" in out


def test_advise_json_and_evidence(capsys):
    assert main(["advise", SEED, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["verdict"] == "hedge" and payload["market"]["illustrative"] is True
    assert payload["verdict_text"][0].startswith("The account breaks its 20% cap")
    assert main(["advise", SEED, "--json", "--lang", "ja"]) == 0
    said = json.loads(capsys.readouterr().out)["verdict_text"]
    assert said[0].startswith("上限 20% を超えます") and said[1].startswith("対策: 2 × XSP")
    assert main(["advise", SEED, "--cap", "0.30", "--evidence"]) == 0
    out = capsys.readouterr().out
    assert "Within the cap: the account loses at most 24.6% of NAV in any scenario (2007-10 GFC bear), inside " \
           "your 30% cap." in out
    assert "Leverage: 1.3× is the most the leverage cap allows" in out
    assert "Before any order: the five checks" in out


def test_a_cash_route_account_gets_no_leverage_sentence_and_japanese_lists_use_commas(capsys, tmp_path):
    """The defensive template holds its index with cash (always 1.0x) and needs two spreads for its 10% cap."""
    path = tmp_path / "defensive.toml"
    assert main(["init", str(path), "--template", "defensive"]) == 0
    capsys.readouterr()
    assert main(["advise", str(path), "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    assert "レバレッジ:" not in out  # no 0.1x steps to speak of on a cash ETF
    assert "465/435 プットスプレッド、1 × XSP" in out and "プットスプレッド; 1" not in out


def test_a_futures_account_is_told_what_whole_contracts_allow(capsys, tmp_path):
    """One MES is about 4,500,000 JPY: the 1.2x step rounds down to no contract at all."""
    text = Path(SEED).read_text(encoding="utf-8").replace(
        'route = "margin"\nindex = "SPX"\nvalue = 3_000_000\nvalue_currency = "JPY"\n', 'route = "futures"\n'
        'symbol = "MES"\ncontracts = 1\ninitial_margin = 2_500\n').replace(
        "loan_rate = 0.06             # the margin loan costs 6%: the borrowed part starts at 4% - 6% = -2% a year\n"
        "maintenance_ratio = 0.25\n", "")
    path = tmp_path / "futures.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["advise", str(path)]) == 0
    out = capsys.readouterr().out
    assert "In whole futures contracts that is 0 contract(s) (1.00×)." in out
    assert "to 0 JPY (1.0×)" in out


def test_the_yen_hedged_mmf_and_held_yen_hedges_are_lines_of_their_own(capsys, tmp_path):
    """The seed with its MMF hedged into yen, then with 46 店頭FX lots and a bank forward held instead."""
    text = Path(SEED).read_text()
    hedged = tmp_path / "hedged.toml"
    hedged.write_text(text.replace("redemption_days = 1\n", "redemption_days = 1\nhedged = true\n", 1))
    assert main(["advise", str(hedged)]) == 0
    out = capsys.readouterr().out
    # 4% − 3.48% forward points − 0.25% fee; the yen alone now costs nothing, so the worst case falls to 19.0%.
    assert "USD Treasury MMF (yen-hedged)" in out and "0.27%" in out
    assert "loses at most 19.0% of NAV" in out
    held = tmp_path / "held.toml"
    held.write_text(text.replace("[scenarios]\n", '[[account.fx_hedge]]\nsymbol = "OTC_FX"\nlots = 46\n\n'
                                 '[[account.fx_hedge]]\nsymbol = "USDJPY_FWD"\nmaturity = "2027-01-04"\n'
                                 "lots = 0.5\n\n[scenarios]\n", 1))
    assert main(["advise", str(held), "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    assert "店頭FX ドル売り" in out and "46枚" in out  # as the hedge's own tables name it
    assert "為替予約(ドル売り) 2027-01-04受渡" in out and "0.50枚" in out

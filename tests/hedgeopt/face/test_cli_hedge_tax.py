"""The hedging commands after tax: the after-tax cost and worst case beside the pre-tax ones, in JSON, English and
Japanese; ``--after-tax`` and ``[hedge] after_tax``.

The seed holds 3,000,000 JPY of S&P 500 on margin (listed: 租税特別措置法 37条の11) and buys Cboe XSP options
(雑所得 under 総合課税 by default: 41条の14 第1項 names only Japanese exchanges); with no gains this year the
premium saves no tax, and the puts' payoff is taxed at 30.42% (所得税法 89条, 20% band on 5,000,000 of other
income, × 1.021 + 住民税 10%) while the ETF's loss only carries forward (37条の12の2 第5項).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hedgeopt.config.config import load_config
from hedgeopt.optimizer import hedging

SEED = Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml"
SEPARATE = 0.15 * 1.021 + 0.05


def variant(tmp_path: Path, *, hedge: str = "", tax: str = "") -> str:
    """The seed with lines added under ``[hedge]`` and a ``[tax]`` table appended, under ``tmp_path``."""
    text = SEED.read_text().replace("[hedge]\n", f"[hedge]\n{hedge}\n", 1) + f"\n[tax]\n{tax}\n"
    path = tmp_path / "taxed.toml"
    path.write_text(text)
    return str(path)




def test_hedge_json_reports_the_after_tax_figures_of_the_library(cli, capsys):
    code, out, _ = cli("hedge", str(SEED), "--json")
    got = json.loads(out)["after_tax"]
    ref = hedging.hedge(load_config(SEED)).after_tax
    assert code == 0 and got["objective"] == "pre_tax"
    assert got["cost"] == pytest.approx(ref.total_cost) and got["after_tax_cost"] == pytest.approx(got["cost"])
    assert got["cost_by_category"] == {"misc": pytest.approx(got["cost"])}
    assert got["worst_case_after"] == pytest.approx(ref.worst_case_after)
    assert got["breach"] is True and got["worst_case_after"] > got["pre_tax_worst_case"]
    misc = next(row for row in got["at_worst"] if row["category"] == "misc")
    assert misc["tax"] == pytest.approx((0.20 * 1.021 + 0.10) * misc["hedge_pnl"])


def test_hedge_text_says_the_after_tax_cost_and_the_breach_in_english(cli, capsys):
    code, out, _ = cli("hedge", str(SEED))
    flat = " ".join(out.split())
    assert code == 0
    assert "after-tax cost" in flat and "worst case after tax" in flat
    assert ("the premium is a loss in misc. income, comprehensive (雑所得), with no gains there this year to offset"
            in flat)
    assert re.search(r"After tax the worst case is -2\d\.\d% .* taxed at 30\.42%; the loss of [\d,]+ JPY in listed "
                     r"\(上場株式等\) only carries forward", flat)


def test_hedge_text_in_japanese_has_no_english_words_of_its_own(cli, capsys):
    code, out, _ = cli("--lang", "ja", "hedge", str(SEED))
    flat = "".join(out.split())
    assert code == 0
    for words in ("税引後コスト", "税引後の最大損失", "雑所得（総合課税）の損失", "30.42%で課税",
                  "繰越控除に回るだけです"):
        assert words in flat, words
    assert not re.search(r"(?<![-\w])(after|premium|loss|carries|miscellaneous)", out)  # --cap-after-tax is a flag


def test_after_tax_flag_uses_the_futures_gains_of_the_year(cli, capsys, tmp_path):
    # XSP reported in the futures category ("separate") with 1,000,000 of futures gains: the premium saves 20.315%.
    path = variant(tmp_path, tax='foreign_derivatives = "separate"\nyear_to_date = { futures = 1_000_000 }')
    code, out, _ = cli("hedge", path, "--after-tax", "--json")
    got = json.loads(out)
    assert code == 0 and got["after_tax"]["objective"] == "after_tax"
    taxed = got["after_tax"]
    index = sum(p["cost"] for p in got["positions"] if p["cost_basis"] == "premium")
    assert taxed["saved_by_category"]["futures"] == pytest.approx(SEPARATE * index)
    code, out, _ = cli("hedge", path, "--pre-tax", "--json")
    assert json.loads(out)["after_tax"]["objective"] == "pre_tax"


def test_after_tax_key_needs_the_japanese_model(cli, capsys, tmp_path):
    code, _, err = cli("hedge", variant(tmp_path, hedge="after_tax = true", tax='regime = "none"'))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "hedge.after_tax" in err
    code, out, _ = cli("hedge", variant(tmp_path, tax='regime = "none"'), "--json")
    assert code == 0 and json.loads(out)["after_tax"] is None


def test_compare_and_standing_put_carry_the_after_tax_figures(cli, capsys):
    code, out, _ = cli("compare", str(SEED), "--json")
    families = json.loads(out)["families"]
    assert code == 0 and all(f["after_tax"] is not None for f in families.values() if f["status"] == "optimal")
    code, out, _ = cli("standing-put", str(SEED), "--json")
    got = json.loads(out)
    # XSP lapsed premiums are 雑所得 with no 雑所得 this year: the yearly cost is the same after tax
    assert code == 0 and got["lines"][0]["yearly_after_tax"] == pytest.approx(got["lines"][0]["yearly_cost"])
    assert got["best"]["after_tax"]["worst_case_after"] >= got["best"]["worst_case_after"]


def test_cap_after_tax_flag_holds_the_cap_after_tax(cli, capsys):
    code, out, _ = cli("hedge", str(SEED), "--cap-after-tax", "--json")
    got = json.loads(out)
    ref = hedging.hedge(load_config(SEED), cap_after_tax=True)
    assert code == 0 and got["cost"] == pytest.approx(ref.cost)
    assert got["after_tax"]["worst_case_after"] <= got["cap"] + 1e-7 and got["after_tax"]["breach"] is False
    code, out, _ = cli("--lang", "ja", "hedge", str(SEED), "--cap-after-tax")
    assert code == 0 and "税引後の最大損失" in out and "上限を超えます" not in "".join(out.split())

"""`hedgeopt tax [--explain]` and after tax in `stress` / `what-if` on the command line: the answer first, every
holding of the config with its category and rule, --json keys, Japanese without English, one-line errors (exit 2)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hedgeopt.face.i18n import CATALOGUE

ROOT = Path(__file__).resolve().parents[3]
SEED = str(ROOT / "examples" / "seed_10m.toml")




def write_seed(tmp_path: Path, tax: str = "", satellite: str = "") -> str:
    """The seed with a ``[tax]`` section (TOML text) and extra satellite positions appended."""
    path = tmp_path / "mine.toml"
    path.write_text(Path(SEED).read_text(encoding="utf-8") + satellite + tax, encoding="utf-8")
    return str(path)


XSP_PUT = '\n[[account.satellite]]\nroute = "options"\ncontract = "XSP"\nkind = "put"\nstrike = 540\ncontracts = 1\n'
NISA_ETF = ('\n[[account.satellite]]\nroute = "cash"\nindex = "SPX"\nvalue = 1_000_000\nvalue_currency = "JPY"\n'
            'nisa = true\n')
CARRIED = ('\n[tax]\nyear_to_date = { listed = 1_200_000, futures = -300_000, misc = 0 }\n'
           '[[tax.carried_losses]]\ncategory = "futures"\nyear = 2024\namount = 400_000\n')


# -- hedgeopt tax --explain ----------------------------------------------------------------------------------------
def test_explain_answers_first_then_lists_every_holding_and_the_boundary(cli, capsys):
    code, out, err = cli("tax", "--explain", SEED)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == ("Tax year 2026: 特定口座 with withholding (tax taken in the account); a return is filed "
                        "every year, so losses carry forward 3 years.")
    assert lines[1].startswith("Derivatives listed abroad (Cboe's SPX and XSP options, CME futures) are read as 雑所得")
    assert "30.42% at the margin" in lines[1]  # 20% × 1.021 + 10% at other_income 5,000,000 (所得税法 89条)
    # every holding of the seed, with its category, rule and source
    for holding, source in (("USD Treasury MMF", "租税特別措置法 37条の11 第2項; 所得税法 57条の3"),
                            ("SPX margin ETF", "租税特別措置法 37条の11 第1項; 所得税法 33条3項")):
        assert re.search(rf"│ {holding}\s+│ gain\s+│ listed \(上場株式等\)", out), holding
        assert source in out
    assert "20.315% = 15% income tax × 1.021 + 5% local" in out
    assert "30.42% = 20% income tax × 1.021 + 10% local" in out
    assert "A simplification for planning, not for filing a return." in out
    for left_out in ("国税通則法 118条", "住民税 均等割", "租税特別措置法 41条の19", "外国税額控除 beyond an outline",
                     "deductions (所得控除)", "the rules before 2016", "ask your broker and adviser"):
        assert left_out in out, left_out
    assert out.index("Tax year 2026") < out.index("Every holding's income") < out.index("Rates, tax year 2026") \
        < out.index("What the model is")


def test_tax_without_explain_prints_the_same(cli, capsys):
    assert cli("tax", SEED)[1] == cli("tax", "--explain", SEED)[1]


def test_explain_json_has_every_figure(cli, capsys):
    code, out, _ = cli("tax", SEED, "--json")
    payload = json.loads(out)
    assert code == 0 and payload["applies"] is True
    assert {"year", "account", "file_return", "foreign_derivatives", "foreign_tax_credit", "other_income",
            "placements", "year_to_date", "carried_losses", "rates", "rules_applied", "leaves_out",
            "base_currency"} <= set(payload)
    assert payload["year"] == 2026 and payload["account"] == "specified_withholding"
    assert [(p["holding"], p["income"], p["category"]) for p in payload["placements"]] == [
        ("USD Treasury MMF", "distributions", "listed"), ("USD Treasury MMF", "gain", "listed"),
        ("SPX margin ETF", "gain", "listed"), ("SPX margin ETF", "dividends", "listed")]
    assert payload["rates"]["separate"] == pytest.approx(0.20315)  # 0.15 × 1.021 + 0.05
    assert payload["rates"]["comprehensive_marginal"] == pytest.approx(0.3042)  # 0.20 × 1.021 + 0.10
    assert {x["key"] for x in payload["leaves_out"]} >= {"rounding", "per_capita", "minimum_tax", "broker"}


def test_explain_shows_this_year_and_carried_losses_with_their_last_year(cli, tmp_path, capsys):
    path = write_seed(tmp_path, CARRIED, XSP_PUT + NISA_ETF)
    out = cli("tax", "--explain", path)[1]
    assert re.search(r"│ listed \(上場株式等\)\s+│\s+1,200,000 │ —", out)
    # a 2024 loss is usable in 2025-2027 (租税特別措置法 41条の15 第1項: 3 years)
    assert re.search(r"│ futures \(先物取引に係る雑所得等\)\s+│\s+-300,000 │ 2024: 400,000 JPY \(usable to 2027\)", out)
    assert re.search(r"│ XSP options\s+│ gain\s+│ misc\. income, comprehensive \(雑所得\)", out)
    assert re.search(r"│ SPX ETF \(NISA\)\s+│ gain\s+│ NISA, tax-free", out)
    data = json.loads(cli("tax", path, "--json")[1])
    assert data["carried_losses"] == [{"category": "futures", "year": 2024, "amount": 400_000.0, "last_year": 2027}]
    assert data["year_to_date"] == {"listed": 1_200_000.0, "futures": -300_000.0, "misc": 0.0}


@pytest.mark.parametrize("extra", ["", CARRIED])
def test_explain_in_japanese_has_no_english(cli, extra, tmp_path, capsys, english_words):
    out = cli("tax", "--explain", write_seed(tmp_path, extra, XSP_PUT + NISA_ETF), "--lang", "ja")[1]
    for word in ("2026年分: 特定口座（源泉徴収あり）", "米ドル建て米国債MMF", "SPX ETF(信用買い)", "XSP オプション",
                 "SPX ETF(NISA)", "上場株式等", "雑所得（総合課税）", "非課税（NISA）", "先物取引に係る雑所得等",
                 "20.315% = 所得税 15% × 1.021 + 住民税 5%", "このモデルの範囲", "住民税の均等割"):
        assert word in out, word
    if extra:
        assert "2024年分 400万円" not in out and "2024年分 40万円(2027年まで)" in out
    assert english_words(out) == set()


def test_regime_none_says_so_and_has_no_tax(cli, tmp_path, capsys):
    path = write_seed(tmp_path, '\n[tax]\nregime = "none"\n')
    code, out, _ = cli("tax", "--explain", path)
    assert code == 0 and out.strip() == CATALOGUE["tax_off"]["en"]
    assert json.loads(cli("tax", path, "--json")[1]) == {"applies": False, "base_currency": "JPY",
                                                               "regime": "none"}
    stress = json.loads(cli("what-if", path, "--equity", "-0.3", "--json")[1])
    assert stress["tax"] is None and "after_tax" not in stress["scenarios"][0]


@pytest.mark.parametrize(("tax", "lang", "pattern"), [
    ('\n[tax]\nyeer = 2026\n', "en", r"tax\.yeer=2026: expected one of the keys .* \(did you mean 'year'\?\)"),
    ('\n[tax]\nyeer = 2026\n', "ja",
     r"tax\.yeer=2026: .*のいずれかのキーを指定してください\('year' の誤りではありませんか\?\)"),
    ('\n[tax]\naccount = "nisa"\n', "ja", r"tax\.account='nisa': .*のいずれかを指定してください"),
    ('\n[tax]\n[[tax.carried_losses]]\ncategory = "misc"\nyear = 2024\namount = 1\n', "ja",
     r"\"listed\" か \"futures\"\(損失を繰り越せるのは申告分離課税の区分だけです\)を指定してください"),
    ('\n[tax]\n[[tax.carried_losses]]\ncategory = "listed"\nyear = 2020\namount = 1\n', "ja",
     r"tax\.carried_losses\[0\]\.year=2020: 2023年から2025年までの年\(損失の繰越しは3年間\)を指定してください"),
    ('\n[tax]\nyear = "2026"\n', "en", r"tax\.year='2026': expected a year as a whole number without quotes"),
])
def test_bad_tax_section_is_one_line_exit_2(cli, tax, lang, pattern, tmp_path, capsys, english_words):
    path = write_seed(tmp_path, tax)
    for command in (["tax", "--explain", path], ["what-if", path, "--equity", "-0.3"]):
        code, out, err = cli(*command, "--lang", lang)
        assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err
        assert re.search(pattern, err), err
        if lang == "ja":
            assert english_words(err.split("エラー: ", 1)[1].split("=", 1)[1]) <= {"yeer", "nisa"}, err


# -- stress and what-if ---------------------------------------------------------------------------------------------
def test_what_if_json_carries_every_after_tax_number(cli, tmp_path, capsys):
    path = write_seed(tmp_path, "")
    text = Path(path).read_text(encoding="utf-8")  # the MMF bought at USDJPY 120: a 1,400,000 yen gain held
    Path(path).write_text(text.replace("redemption_days = 1", "redemption_days = 1\ncost = 5_600_000"),
                          encoding="utf-8")
    payload = json.loads(cli("what-if", path, "--equity", "-0.3", "--fx", "-0.1", "--json")[1])
    r = payload["scenarios"][0]
    for key in ("tax", "after_tax", "after_tax_pct", "pnl_listed", "pnl_futures", "pnl_misc", "pnl_nisa",
                "tax_listed", "tax_futures", "tax_misc", "tax_nisa"):
        assert key in r, key
    # -1,510,000 listed against the 1,400,000 held: selling today pays 284,410 (20.315%), at the horizon nothing
    assert r["pnl"] == pytest.approx(-1_510_000) and r["tax"] == pytest.approx(-284_410)
    assert r["after_tax"] == pytest.approx(-1_225_590) and r["after_tax_pct"] == pytest.approx(-0.122559)
    assert payload["tax"] == {"year": 2026, "year_to_date": {"listed": 0.0, "futures": 0.0, "misc": 0.0},
                              "embedded": {"listed": 1_400_000.0, "futures": 0.0, "misc": 0.0, "nisa": 0.0},
                              "foreign_derivatives": "comprehensive"}


def test_what_if_prints_the_split_by_category_and_the_rule(cli, tmp_path, capsys):
    path = write_seed(tmp_path, '\n[tax]\nforeign_derivatives = "separate"\nyear_to_date = { futures = -500_000 }\n',
                      XSP_PUT)
    out = cli("what-if", path, "--equity", "-0.3", "--fx", "-0.1")[1]
    assert "After tax by income category, tax year 2026, JPY" in out
    put = json.loads(cli("what-if", path, "--equity", "-0.3", "--fx", "-0.1", "--json")[1])["scenarios"][0]
    x = put["options"]
    # the put's payoff in the futures category, offset by the 500,000 futures loss of this year (41条の14 第1項)
    assert put["tax_futures"] == pytest.approx((x - 500_000) * 0.20315)
    assert re.search(rf"│ futures \(先物取引に係る雑所得等\)\s+│\s+0 │\s+{x:,.0f} │\s+{put['tax_futures']:,.0f} │", out)
    assert ("After tax: as if every holding were sold at the horizon, in this tax year (2026), against selling today; "
            "losses that only carry forward count 0.") in out
    assert f"Worst after tax: what-if: SPX -30% / USD -10% / vol +0 / 0d: {put['after_tax']:,.0f} JPY" in out


def test_what_if_in_japanese_names_every_category(cli, tmp_path, capsys, english_words):
    path = write_seed(tmp_path, "", XSP_PUT + NISA_ETF)
    out = cli("what-if", path, "--equity", "-0.3", "--fx", "-0.1", "--lang", "ja")[1]
    for word in ("課税区分別の税引後損益(2026年分)", "上場株式等", "先物取引に係る雑所得等", "雑所得（総合課税）",
                 "非課税（NISA）", "税引後", "繰越控除に回るだけの損失は0として数えます", "税引後で最悪のシナリオ"):
        assert word in out, word
    assert english_words(out) == set()


def test_stress_names_the_worst_after_tax(cli, capsys):
    out = cli("stress", SEED)[1]
    assert "after tax, JPY" in out and "% NAV after tax" in out
    # the seed has no gains this year: every loss only carries forward, so the worst is the same before and after
    assert "Worst after tax: 2007-10 GFC bear: -2,457,660 JPY (-24.6% of NAV; -2,457,660 JPY before tax)." in out

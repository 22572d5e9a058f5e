"""Japanese and English output: 万円/億円 amounts, the catalogue, the language choice, the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from hedgeopt.face import i18n, render
from hedgeopt.face.cli import main
from hedgeopt.face.i18n import CATALOGUE, Lang, default_lang, money, parse_lang, t
from pricing import InputError

SEED = str(Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml")


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (4_582, "4,582円"),  # under 1万: yen
        (9_999.4, "9,999円"),
        (9_999.6, "1万円"),  # rounds to 10,000: the 万 branch, 1.0 -> "1"
        (66_140, "6.6万円"),  # under 100万: one decimal
        (900_000, "90万円"),  # trailing .0 dropped
        (-900_000, "-90万円"),
        (1_510_000, "151万円"),  # from 100万: whole 万
        (10_000_000, "1,000万円"),
        (100_000_000, "1億円"),
        (123_456_789, "1億2,346万円"),  # 12,345.6789万 -> 12,346万 = 1億2,346万
        (-2_500_000_000, "-25億円"),
        (0.0, "0円"),
    ],
)
def test_japanese_yen_amounts(amount, expected):
    assert money(amount, "JPY", Lang.JA) == expected


def test_english_and_foreign_amounts():
    assert money(1_510_000, "JPY", "en") == "1,510,000 JPY"
    assert money(1234.567, "USD", "en") == "1,234.57 USD"
    assert money(1234.567, "USD", "ja") == "1,234.57 USD"  # dollars are not written in 万
    assert money(float("nan"), "JPY", "ja") == "—"


def test_catalogue_has_both_languages_for_every_key():
    for key, texts in CATALOGUE.items():
        assert set(texts) == {"en", "ja"}, key
        assert all(texts.values()), key
    assert t("verified", "ja", n=88, fast="1%", nq=88, sample="all", ql="1%", diff="0", tol="10",
                verdict="合格").startswith(
        "全88シナリオで検証")
    with pytest.raises(KeyError):
        t("no such key", "en")


def test_language_choice(monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert default_lang() is Lang.EN
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert default_lang() is Lang.JA and parse_lang(None) is Lang.JA
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # LC_ALL wins over LANG
    assert default_lang() is Lang.EN
    assert parse_lang("JA") is Lang.JA
    with pytest.raises(InputError, match=r"lang='fr': expected 'ja' or 'en'"):
        parse_lang("fr")


def test_cli_speaks_japanese(capsys):
    try:
        assert main(["stress", SEED, "--top", "3", "--lang", "ja"]) == 0
        out = capsys.readouterr().out
        assert "純資産" in out and "1,000万円" in out and "シナリオ別損益" in out
        assert "(万円)" in out and " -246 │" in out  # the GFC bear's -2,457,660 JPY, the unit in the header
        assert main(["checklist", SEED, "--lang", "ja"]) == 1
        out = capsys.readouterr().out
        assert "発注前の5つの確認" in out and "不合格" in out
    finally:
        render.use_language(i18n.Lang.EN)


def test_cli_rejects_an_unknown_language(capsys):
    assert main(["stress", SEED, "--lang", "fr"]) == 2
    assert "lang='fr'" in capsys.readouterr().err


def test_progress_is_silent_off_a_terminal(capsys):
    from hedgeopt.face.terminal import progress_bar, working

    with working("busy"):
        pass
    with progress_bar(3, "steps") as advance:
        advance()
    assert capsys.readouterr() == ("", "")  # pytest's capture is not a terminal

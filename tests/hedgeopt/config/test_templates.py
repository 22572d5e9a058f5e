"""`hedgeopt init`: every template loads and has the shape its name promises; nothing is overwritten."""

from __future__ import annotations

import re
import tomllib

import pytest

from hedgeopt.account.holdings import EtfPosition, FuturesPosition, MarginPosition
from hedgeopt.config.config import config_from_dict, load_config
from hedgeopt.config.templates import TEMPLATES, template_text
from hedgeopt.face.cli import main
from hedgeopt.face.export import write_template
from pricing import InputError


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_loads_and_fits_its_description(name):
    config = config_from_dict(tomllib.loads(template_text(name)))
    account, market = config.account, config.market
    nav, mmf = account.nav(market), account.mmf_value(market) / account.nav(market)
    assert nav == pytest.approx(10_000_000)
    assert account.leverage(market) <= config.risk.leverage_cap + 1e-12
    routes = {type(p) for p in account.satellite}
    if name == "defensive":  # MMF 70-90%, index 10-30% bought outright, leverage <= 1.1
        assert 0.70 <= mmf <= 0.90 and routes == {EtfPosition} and config.risk.leverage_cap == 1.1
    if name == "balanced":  # MMF 60-80%, index 20-40% on margin, 1.3x: the strategy's example
        assert 0.60 <= mmf <= 0.80 and routes == {MarginPosition} and account.leverage(market) == pytest.approx(1.3)
    if name == "advanced":  # MMF about 70%, futures, gold and short credit
        assert mmf == pytest.approx(0.70) and routes == {FuturesPosition} and len(account.other) == 2
    assert config.rules.derisk and config.rules.reentry


def test_init_writes_once_and_never_overwrites(tmp_path, capsys):
    path = tmp_path / "mine.toml"
    assert main(["init", str(path), "--template", "defensive"]) == 0
    assert load_config(path).risk.cap == 0.10
    before = path.read_text()
    assert main(["init", str(path)]) == 2
    assert "init never overwrites" in capsys.readouterr().err and path.read_text() == before


def test_unknown_template_suggests_the_nearest(tmp_path):
    with pytest.raises(InputError, match=r"template='balnced': expected one of .* \(did you mean 'balanced'\?\)"):
        write_template("balnced", tmp_path / "x.toml")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", TEMPLATES)
def test_japanese_template_is_the_same_config_with_japanese_comments(name):
    english, japanese = template_text(name), template_text(name, "ja")
    assert tomllib.loads(japanese) == tomllib.loads(english)
    comments = [line.partition("#")[2] for line in japanese.splitlines() if "#" in line]
    assert len(comments) == len([line for line in english.splitlines() if "#" in line])  # every comment translated
    assert all(re.search(r"[ぁ-んァ-ン一-龥]", c) for c in comments), [c for c in comments if not re.search(
        r"[ぁ-んァ-ン一-龥]", c)]


def test_init_lang_ja_writes_the_japanese_template(tmp_path, capsys):
    path = tmp_path / "mine.toml"
    assert main(["init", str(path), "--template", "advanced", "--lang", "ja"]) == 0
    assert path.read_text(encoding="utf-8") == template_text("advanced", "ja")
    assert capsys.readouterr().out == f"{path} を書き出しました(advanced のひな形)。次は: hedgeopt stress {path}\n"
    with pytest.raises(InputError, match=r"lang='fr': expected 'ja' or 'en'"):
        template_text("advanced", "fr")

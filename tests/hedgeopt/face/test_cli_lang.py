"""``--lang ja`` on the command line itself: ``--help``, spinners and progress bars in Japanese; English unchanged."""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

import pytest

from hedgeopt.face.cli import help_ja, main
from hedgeopt.face.cli.main import build_parser
from hedgeopt.face.i18n import CATALOGUE, Lang

CLI = Path(__file__).resolve().parents[3] / "hedgeopt" / "face" / "cli"
COMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)

def _help_texts(parser: argparse.ArgumentParser) -> set[str]:
    """Every description and help text of ``parser`` and its commands (what ``--help`` can print)."""
    texts = {parser.description}
    for action in parser._actions:
        texts.add(action.help)
        if isinstance(action, argparse._SubParsersAction):
            texts |= {choice.help for choice in action._choices_actions}
            for command in action.choices.values():
                texts |= _help_texts(command)
    return {t for t in texts if t}


def test_every_help_text_has_japanese():
    missing = sorted(_help_texts(build_parser()) - set(help_ja.table()))
    assert not missing, "no Japanese help for:\n" + "\n".join(missing)


def _help(capsys, argv: list[str]) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_in_japanese_fits_80_columns(command, capsys, monkeypatch, english_words):
    monkeypatch.setenv("COLUMNS", "80")
    text = _help(capsys, [*([command] if command else []), "--help", "--lang", "ja"])
    assert text.startswith("使い方: hedgeopt") and "オプション:" in text and "このヘルプを表示して終了します" in text
    prose = [line for line in text.splitlines() if re.search(r"[ぁ-んァ-ン一-龥]", line)]
    assert len(prose) >= 2 and max(help_ja.width(line) for line in prose) <= 80
    body = text.split("\n\n", 1)[1]  # after the usage lines (option names and metavars)
    body = re.sub(r"(?m)^    [a-z-]+ ", " ", body)  # the command names in the list of commands
    body = re.sub(r"[\w./<>-]+\.(toml|csv|md|html|parquet)\b", " ", body)  # file names
    assert not english_words(body) - {"label", "base", "date"}, body  # CSV columns


def test_locale_ja_gives_japanese_help(capsys, monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert "最大損失の上限、純資産に対する割合" in _help(capsys, ["hedge", "--help"])


def test_english_help_is_unchanged(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    text = _help(capsys, ["hedge", "--help"])
    assert text.startswith("usage: hedgeopt hedge [-h] [--market FILE] [--chain SYMBOL=FILE] [--json] [--cap CAP]")
    assert re.search(r"\n  --cap CAP +worst-case loss cap, fraction of NAV \(default \[risk\] cap\)\n", text)
    assert re.search(r"\noptions:\n  -h, --help +show this help message and exit\n", text)
    assert build_parser(Lang.EN).formatter_class is argparse.HelpFormatter


def test_wrap_keeps_latin_words_and_punctuation():
    # 「、」 never starts a line; "[risk]" and "cap)" are not split
    lines = help_ja.wrap("最大損失の上限、純資産に対する割合(既定は [risk] cap)", 14)
    assert lines == ["最大損失の上限、", "純資産に対する", "割合(既定は", "[risk] cap)"]
    assert all(help_ja.width(line) <= 16 for line in lines)


def _spinner_texts(path: Path) -> list[ast.expr]:
    """The description argument of every ``working(...)`` and ``progress_bar(...)`` call in ``path``."""
    calls = [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Call)
             and isinstance(n.func, ast.Name) and n.func.id in ("working", "progress_bar")]
    return [c.args[0] if c.func.id == "working" else c.args[1] for c in calls]


@pytest.mark.parametrize("path", sorted(CLI.glob("*.py")), ids=lambda p: p.name)
def test_spinners_come_from_the_catalogue(path, english_words):
    for text in _spinner_texts(path):
        assert isinstance(text, ast.Call) and ast.unparse(text.func) == "render.text", ast.unparse(text)
        key = text.args[0].value
        assert re.search(r"[ぁ-んァ-ン一-龥]", CATALOGUE[key]["ja"]) and not english_words(CATALOGUE[key]["ja"])


def test_stress_spins_in_japanese(monkeypatch, capsys):
    seen = []
    import hedgeopt.face.terminal as terminal  # the command imports working from here when it runs

    original = terminal.working
    monkeypatch.setattr(terminal, "working", lambda text, **kw: (seen.append(text), original(text, **kw))[1])
    seed = Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml"
    assert main(["stress", str(seed), "--lang", "ja"]) == 0
    assert seen == ["口座のストレステスト中"]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_top_level_help_fits_80_columns_every_line(lang, capsys, monkeypatch):
    """The usage names COMMAND, not the seventeen commands on one unbreakable line; each is listed below."""
    monkeypatch.setenv("COLUMNS", "80")
    text = _help(capsys, ["--help", "--lang", lang])
    assert max(help_ja.width(line) for line in text.splitlines()) <= 80
    assert "COMMAND ..." in text.splitlines()[0] and re.search(r"(?m)^    advise ", text)


def test_lang_before_the_command_is_read_and_after_it_wins(capsys):
    seed = str(Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml")
    assert main(["--lang", "ja", "checklist", seed]) == 1  # the seed fails one check: an answer
    assert "発注前の5つの確認" in capsys.readouterr().out
    assert main(["--lang", "ja", "checklist", seed, "--lang", "en"]) == 1
    assert "Before any order: the five checks" in capsys.readouterr().out
    assert main(["--lang", "ja", "stress", "no/such.toml"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "エラー" in err

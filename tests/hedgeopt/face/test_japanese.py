"""`--lang ja`: every word a user reads is Japanese (codes, keys, commands and file names aside)."""

from __future__ import annotations

import pytest

from hedgeopt.face.cli import main

SEED = "examples/seed_10m.toml"
COMMANDS = {
    "advise": ["advise", SEED, "--evidence"],
    "advise-yen": ["advise", SEED, "--cap", "0.05", "--evidence"],
    "compare": ["compare", SEED, "--cap", "0.05"],
    "stress": ["stress", SEED, "--top", "0"],
    "what-if": ["what-if", SEED, "--equity", "-0.3", "--fx", "-0.1"],
    "hedge-yen": ["hedge", SEED, "--cap", "0.05"],
    "frontier": ["frontier", SEED, "--caps", "0.1:0.2:0.05"],
    "standing-put": ["standing-put", SEED],
    "max-leverage": ["max-leverage", SEED],
    "checklist": ["checklist", SEED],
    "price": ["price", "--contract", "XSP", "--spread", "540/480"],
}


@pytest.mark.parametrize("name", COMMANDS)
def test_no_english_left_in_japanese_output(name, capsys, english_words):
    main([*COMMANDS[name], "--lang", "ja"])
    out = capsys.readouterr().out
    assert out.strip()
    assert english_words(out) == set(), name


def test_the_detector_finds_english(english_words):
    assert english_words("最大損失 worst case 19.7%") == {"worst", "case"}
    assert english_words("SPX -30%、円高 150→135円。hedgeopt backtest、[hedge] months、XSP") == set()

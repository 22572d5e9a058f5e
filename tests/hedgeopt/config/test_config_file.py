"""Reading the config file itself (issue 18): a BOM, bytes that are not UTF-8, not a regular file, too large, empty.

The section parsers are tested in test_config.py; here only :func:`load_config`'s reading, through
:func:`pricing.files.read_toml`.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

import pricing.files.text
from hedgeopt.config.config import load_config
from pricing import InputError

SEED = Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml"


def test_a_byte_order_mark_gives_the_same_config(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(codecs.BOM_UTF8 + SEED.read_bytes())
    assert load_config(path).account == load_config(SEED).account
    assert load_config(path).source == str(path)


def test_latin1_names_the_file_the_line_and_the_column(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b"[account]\n# caf\xe9\n")  # what a latin-1 editor writes for "café"
    with pytest.raises(InputError) as exc:
        load_config(path)
    assert str(exc.value) == f"{path} line 2 column 6=b'\\xe9': expected UTF-8 text (save the file as UTF-8)"


@pytest.mark.parametrize(("make", "what"), [("folder", "a folder"), ("device", "a device"),
                                            ("fifo", "a named pipe (FIFO)")])
def test_not_a_regular_file(tmp_path: Path, make: str, what: str) -> None:
    path = tmp_path / "c.toml"
    if make == "folder":
        path.mkdir()
    elif make == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes")
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")
        if not path.exists():
            pytest.skip("no /dev/zero")
    with pytest.raises(InputError) as exc:
        load_config(path)
    assert str(exc.value) == f"config='{path}': expected a regular TOML file (this is {what})"


def test_a_file_over_the_limit(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pricing.files.text, "MAX_TOML_BYTES", 4096)
    path = tmp_path / "c.toml"
    path.write_bytes(SEED.read_bytes()[:4097].ljust(4097, b"\n"))
    too_large = r"expected a TOML file of at most 0.00391 MiB \(this one has 4,097 bytes, more than 4,096\)"
    with pytest.raises(InputError, match=too_large):
        load_config(path)


@pytest.mark.parametrize("text", ["", "# only a comment\n\n"])
def test_an_empty_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(InputError) as exc:
        load_config(path)
    assert str(exc.value) == (f"config='{path}': expected a TOML config with an [account] section (the file holds "
                              "no key)")

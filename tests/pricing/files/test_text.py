"""Tests of pricing.files.text: a user's file read as text, every refusal one InputError naming the file."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from pricing.errors import InputError
from pricing.files import MAX_TABLE_BYTES, MAX_TOML_BYTES, check_file, decode, read_text, read_toml

ROOT_CAN_READ_ANYTHING = hasattr(os, "geteuid") and os.geteuid() == 0


def test_the_limits_are_the_documented_ones():
    assert MAX_TOML_BYTES == 16 * 2**20 and MAX_TABLE_BYTES == 512 * 2**20


def test_a_byte_order_mark_is_dropped(tmp_path: Path):
    file = tmp_path / "c.toml"
    file.write_bytes(codecs.BOM_UTF8 + b"[risk]\ncap = 0.2\n")
    assert read_text(file, "config", "TOML file") == "[risk]\ncap = 0.2\n"
    assert read_toml(file, "config") == {"risk": {"cap": 0.2}}


def test_latin1_names_the_file_line_and_column(tmp_path: Path):
    file = tmp_path / "c.toml"
    file.write_bytes("# ok\n# né\n".encode("latin-1"))  # é is byte 0xe9 at line 2, character 4
    with pytest.raises(InputError) as exc:
        read_text(file, "config", "TOML file")
    assert str(exc.value) == f"{file} line 2 column 4=b'\\xe9': expected UTF-8 text (save the file as UTF-8)"


def test_columns_count_characters_not_bytes():
    with pytest.raises(InputError, match=r"^x\.csv line 2 column 3="):
        decode("日本\n日本".encode() + b"\xff", "x.csv")  # two 3-byte characters before the bad byte


def test_a_nul_character_is_a_binary_file(tmp_path: Path):
    with pytest.raises(InputError, match=r"^x\.csv line 1 column 3='\\x00': expected text, not binary data"):
        decode(b"ab\0cd", "x.csv")


@pytest.mark.parametrize("make", ["folder", "fifo", "device"])
def test_what_is_not_a_regular_file_is_refused_before_reading(tmp_path: Path, make: str):
    if make == "folder":
        path, what = tmp_path / "c.toml", "a folder"
        path.mkdir()
    elif make == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes here")
        path, what = tmp_path / "c.toml", "a named pipe (FIFO)"
        os.mkfifo(path)  # opened without blocking: nobody writes to it
    else:
        path, what = Path(os.devnull), "a device"
    expected = f"config='{path}': expected a regular TOML file (this is {what})"
    with pytest.raises(InputError) as exc:
        read_text(path, "config", "TOML file")
    assert str(exc.value) == expected
    with pytest.raises(InputError) as exc:
        check_file(path, "config", "TOML file")
    assert str(exc.value) == expected


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused_at_once():
    with pytest.raises(InputError, match=r"this is a device"):
        read_text("/dev/zero", "config", "TOML file")


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path: Path):
    file = tmp_path / "big.csv"
    file.write_bytes(b"x" * 3 * 2**20)
    too_large = r"expected a CSV table of at most 1 MiB \(this one has 3,145,728 bytes, more than 1,048,576\)"
    with pytest.raises(InputError, match=too_large):
        read_text(file, "accounts", "CSV table", limit=2**20)
    with pytest.raises(InputError, match=r"of at most 1 MiB"):
        check_file(file, "accounts", "CSV table", limit=2**20)
    assert len(read_text(file, "accounts", "CSV table", limit=3 * 2**20)) == 3 * 2**20  # the limit itself is fine


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="no /proc")
def test_a_file_that_does_not_know_its_size_is_still_bounded():
    assert os.stat("/proc/self/status").st_size == 0  # the kernel says 0 bytes, and then gives more
    with pytest.raises(InputError, match=r"of at most 9.54e-06 MiB \(this one has more\)"):
        read_text("/proc/self/status", "config", "TOML file", limit=10)


def test_a_missing_file(tmp_path: Path):
    with pytest.raises(InputError, match=r"config='.*nope\.toml': expected an existing TOML file \(no such file\)"):
        read_text(tmp_path / "nope.toml", "config", "TOML file")
    with pytest.raises(InputError, match=r"a part of the path is a file, not a folder"):
        (tmp_path / "f").write_text("x")
        read_text(tmp_path / "f" / "c.toml", "config", "TOML file")


@pytest.mark.parametrize("path", ["", "   ", None, 3])
def test_not_a_path(path):
    with pytest.raises(InputError, match=r"expected the path of a TOML file"):
        read_text(path, "config", "TOML file")


@pytest.mark.skipif(ROOT_CAN_READ_ANYTHING, reason="root reads a file of mode 000")
def test_an_unreadable_file(tmp_path: Path):
    file = tmp_path / "c.toml"
    file.write_text("a = 1")
    file.chmod(0)
    with pytest.raises(InputError, match=r"expected a readable TOML file \(permission denied\)"):
        read_text(file, "config", "TOML file")


def test_permission_denied_even_as_root(tmp_path: Path, monkeypatch):
    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    file = tmp_path / "c.toml"
    file.write_text("a = 1")
    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(InputError) as exc:
        read_text(file, "config", "TOML file")
    assert str(exc.value) == f"config='{file}': expected a readable TOML file (permission denied)"


def test_invalid_toml_keeps_tomllib_line_and_column(tmp_path: Path):
    file = tmp_path / "c.toml"
    file.write_text("a = 1\nb = = 2\n")
    with pytest.raises(InputError, match=r"expected valid TOML \(Invalid value \(at line 2, column 5\)\)"):
        read_toml(file, "config")

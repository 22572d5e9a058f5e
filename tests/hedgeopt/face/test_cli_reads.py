"""Hostile files coming in (issue 18): one stderr line naming the file, exit 2, nothing on stdout.

Every case runs ``main`` in process. A config, a ``--shared`` TOML, a history ``--csv`` and a batch table each get
a folder, a named pipe, a device, latin-1 bytes, binary garbage, a file over the size limit, a wrong separator, a
repeated column, a 1 MB line or an implausible level; each answer is exactly one line, in Japanese with ``--lang ja``.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

import pytest

import pricing.files.text
from hedgeopt.face.cli.main import main

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "examples" / "seed_10m.toml"
SHARED = ROOT / "examples" / "book" / "shared.toml"
HISTORY = "date,equity.SPX,fx.USD\n" + "".join(f"2024-01-{d:02d},{5000 + 10 * d},{150 + d / 10:.1f}\n"
                                              for d in range(2, 12))


def _file(folder: Path, name: str, data: bytes | str | None) -> str:
    path = folder / name
    if data is None:
        os.mkfifo(path)
    elif isinstance(data, str):
        path.mkdir()
    else:
        path.write_bytes(data)
    return str(path)


def _backtest(folder: Path, old: str, new: str) -> list[str]:
    return ["backtest", str(SEED), "--csv", _file(folder, "h.csv", HISTORY.replace(old, new).encode())]


CASES = {  # name: function of the tmp folder giving the arguments, and the file the line must name
    "config latin-1": lambda d: ["stress", _file(d, "c.toml", SEED.read_bytes().replace(b"\n", b"\n# caf\xe9\n", 1))],
    "config folder": lambda d: ["stress", _file(d, "c.toml", "folder")],
    "config fifo": lambda d: ["stress", _file(d, "c.toml", None)],
    "config dev zero": lambda d: ["stress", "/dev/zero"],
    "config garbage": lambda d: ["stress", _file(d, "c.toml", bytes(range(256)) * 16)],
    "config too large": lambda d: ["stress", _file(d, "c.toml", SEED.read_bytes() + b"#" * 2**20)],
    "history latin-1": lambda d: ["backtest", str(SEED), "--csv", _file(d, "h.csv", HISTORY.encode() + b"\xe9")],
    "history fifo": lambda d: ["backtest", str(SEED), "--csv", _file(d, "h.csv", None)],
    "history jump": lambda d: _backtest(d, "5050", "505"),
    "history huge": lambda d: _backtest(d, "5050", "1e300"),
    "history 1 MB cell": lambda d: _backtest(d, "5050", "5" * 2**20),
    "history semicolons": lambda d: _backtest(d, ",", ";"),
    "batch repeated column": lambda d: ["batch", _file(d, "b.csv", b"id,risk.cap,risk.cap\nx,0.1,0.1\n"),
                                        "--shared", str(SHARED), "--out", str(d / "out")],
    "batch parquet that is not": lambda d: ["batch", _file(d, "b.parquet", b"id,risk.cap\nx,0.1\n"),
                                            "--shared", str(SHARED), "--out", str(d / "out")],
    "batch table fifo": lambda d: ["batch", _file(d, "b.csv", None), "--shared", str(SHARED), "--out", str(d / "out")],
    "shared dev zero": lambda d: ["batch", _file(d, "b.csv", b"id,risk.cap\nx,0.1\n"), "--shared", "/dev/zero",
                                  "--out", str(d / "out")],
    "shared latin-1": lambda d: ["batch", _file(d, "b.csv", b"id,risk.cap\nx,0.1\n"),
                                 "--shared", _file(d, "s.toml", b"# caf\xe9\n"), "--out", str(d / "out")],
}
NAMED = {"config dev zero": "/dev/zero", "shared dev zero": "/dev/zero", "shared latin-1": "s.toml"}
"""The file each line names, when not the first file argument's name."""


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _small_toml_limit(monkeypatch):
    monkeypatch.setattr(pricing.files.text, "MAX_TOML_BYTES", 2**20)  # "config too large" writes 1 MiB and a bit


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="POSIX files")
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_hostile_file_is_one_line_naming_it(case, tmp_path, capsys):
    argv = CASES[case](tmp_path)
    code, out, err = _run(argv, capsys)
    name = NAMED.get(case) or Path(next(a for a in argv[1:] if a.startswith(str(tmp_path)))).name
    assert code == 2 and out == "", err
    assert err.count("\n") == 1 and err.startswith(f"hedgeopt {argv[0]}: error: ") and name in err, err
    assert len(err) < 700 and "Traceback" not in err and "Warning" not in err


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="POSIX files")
@pytest.mark.parametrize("case", ["config latin-1", "config fifo", "config dev zero", "config too large",
                                  "history jump", "history semicolons", "batch repeated column",
                                  "batch parquet that is not"])
def test_in_japanese(case, tmp_path, capsys, english_words):
    argv = [*CASES[case](tmp_path), "--lang", "ja"]
    code, out, err = _run(argv, capsys)
    assert code == 2 and out == "" and err.count("\n") == 1 and err.startswith(f"hedgeopt {argv[0]}: エラー: ")
    body = re.sub(r"^hedgeopt \S+: エラー: .*?=(b?'[^']*'|\S+): ", "", err)  # the file, line, column and value
    assert re.search(r"[ぁ-んァ-ン一-龥]", body) and not english_words(body), err


def test_a_config_with_a_byte_order_mark_is_read(tmp_path, capsys):
    path = _file(tmp_path, "c.toml", codecs.BOM_UTF8 + SEED.read_bytes())
    assert main(["what-if", path, "--equity", "-0.3", "--json"]) == 0
    plain = capsys.readouterr().out
    assert main(["what-if", str(SEED), "--equity", "-0.3", "--json"]) == 0
    assert capsys.readouterr().out == plain  # the same answer as without the mark

"""Every command that writes, through the command line in-process: nothing half-written, anywhere (issue 18).

``report``, ``demo``, ``init``, ``pnl --out`` and ``batch``: a bad output path is one line naming it, exit 2, before
any work and with nothing created; a failure or Ctrl-C while writing leaves the previous output byte-identical and
no temporary file or folder; files take the umask's mode; a link is refused and left as it was; ``--lang ja``
says it in Japanese.
"""

from __future__ import annotations

import errno
import functools
import os
from pathlib import Path

import pandas as pd
import pytest

from hedgeopt.face import report as report_module

ROOT = Path(__file__).resolve().parents[3]
SEED = str(ROOT / "examples" / "seed_10m.toml")


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """``tmp_path`` as the current folder, holding a file ``f.txt``, a link ``link.csv`` to it, a previous report
    ``r`` (report.html and a figure), a folder ``mine`` of the user's, and previous tables ``p.csv``."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f.txt").write_text("the user's")
    (tmp_path / "link.csv").symlink_to("f.txt")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "report.html").write_bytes(b"<p>previous report</p>")
    (tmp_path / "r" / "frontier.png").write_bytes(b"\x89PNG previous")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("the user's")
    (tmp_path / "p.csv").write_bytes(b"previous,matrix\n")
    (tmp_path / "p.candidates.csv").write_bytes(b"previous,candidates\n")
    return tmp_path


@pytest.fixture
def quick_report(monkeypatch):
    """``hedgeopt report`` without the 2007-09 replay and the program search (the folder handling is the same)."""
    monkeypatch.setattr(report_module, "write_report",
                        functools.partial(report_module.write_report, backtest_window=None, program_paths=None))


COMMANDS = {  # how each command takes its output path
    "report": lambda out: ["report", SEED, "--out", out],
    "demo": lambda out: ["demo", "--out", out],
    "pnl": lambda out: ["pnl", SEED, "--out", out],
    "init": lambda out: ["init", out],
    "batch": lambda out: ["batch", "accounts", "--out", out],
}
FIELD = {"report": "--out", "demo": "--out", "pnl": "--out", "init": "path", "batch": "--out"}
BAD = [  # (command, path, what the line says)
    *[(c, "", "expected a file or folder name (an empty one would mean the current folder)") for c in COMMANDS],
    *[(c, " ", "expected a file or folder name") for c in COMMANDS],
    *[(c, "x ", "without spaces or line breaks at its ends") for c in COMMANDS],
    *[(c, ".", "expected a name of its own, not the current, parent or root folder") for c in COMMANDS],
    *[(c, "f.txt/x", "(f.txt is a file)") for c in COMMANDS],  # a path inside a file
    *[(c, "no/such/x", "expected a ") for c in COMMANDS],
    *[(c, "link.csv", "expected a path that is not a symbolic link (hedgeopt neither follows nor replaces a link: "
       "remove it or give the path it points to)") for c in COMMANDS],
    ("report", "f.txt", "expected a folder (this is a file)"),
    ("demo", "f.txt", "expected a folder (this is a file)"),
    ("batch", "f.txt", "expected a folder (this is a file)"),
    ("report", "mine", "one holding only report.html, *.png (it holds notes.txt, not written by hedgeopt"),
    ("demo", "mine", "(it holds notes.txt"),
    ("pnl", "mine", "expected a file name (this is a folder)"),
    ("pnl", "mine/", "expected a file name (this is a folder)"),
    ("pnl", "/dev/null", "expected a new file name or a regular file (this is a device, a FIFO or a socket)"),
    ("init", "f.txt", "expected a file that does not exist yet (init never overwrites)"),
]


@pytest.mark.parametrize(("command", "out", "says"), BAD)
def test_a_bad_output_path_is_one_line_exit_2_and_nothing_is_made(cli, here, command, out, says, listing):
    before = listing(here)
    code, text, err = cli(*COMMANDS[command](out))
    assert code == 2 and text == "" and err.count("\n") == 1, err
    assert err.startswith(f"hedgeopt {command}: error: {FIELD[command]}={out!r}: ") and says in err, err
    assert listing(here) == before


@pytest.mark.parametrize(("command", "out", "says"), [
    ("report", "link.csv", "シンボリックリンクではないパスを指定してください(hedgeopt はリンクをたどることも"),
    ("pnl", "", "ファイル名またはフォルダー名(空のままでは現在のフォルダーを指してしまいます)を指定してください"),
    ("init", "f.txt/x", "既存のフォルダー内のパスを指定してください(f.txt はファイルです)"),
    ("demo", "mine", "(hedgeopt が書いたものではない notes.txt が入っています。"),
    ("batch", "f.txt", "フォルダー(これはファイルです)を指定してください"),
    ("pnl", "/dev/null", "(これはデバイス、名前付きパイプまたはソケットです)"),
])
def test_in_japanese(cli, here, english_words, command, out, says, listing):
    before = listing(here)
    code, text, err = cli(*COMMANDS[command](out), "--lang", "ja")
    assert code == 2 and err.count("\n") == 1 and says in err, err
    message = err.split("=", 1)[1]
    for path in filter(None, (out, "f.txt", "notes.txt")):
        message = message.replace(path, " ")
    assert english_words(message) == set()
    assert listing(here) == before


def test_a_read_only_folder_is_one_line_before_any_work(cli, here, monkeypatch):
    """As a user who is not root sees it (root may write anywhere): refused before the config is read."""
    (here / "ro").mkdir()
    monkeypatch.setattr(os, "access", lambda path, how: Path(path).name != "ro")
    for command in COMMANDS:
        code, _, err = cli(*COMMANDS[command]("ro/x"))
        assert code == 2 and err.count("\n") == 1, err
        assert "expected a path in a folder you can write to (ro is read-only)" in err, err
    code, _, err = cli(*COMMANDS["pnl"]("ro/x.csv"), "--lang", "ja")
    assert "書き込みできるフォルダー内のパスを指定してください(ro は読み取り専用です)" in err


@pytest.mark.parametrize("command", ["report", "demo"])
def test_a_bad_cap_leaves_no_folder(cli, here, command, listing):
    """Issue 18: ``report --cap 1.5`` exited 2 but left an empty folder (made before the cap was checked)."""
    before = listing(here)
    code, text, err = cli(*COMMANDS[command]("new"), "--cap", "1.5")
    assert code == 2 and err.count("\n") == 1 and "cap=1.5: expected a decimal fraction in (0, 1]" in err, err
    assert listing(here) == before


def test_pnl_does_not_replace_a_link(cli, here, listing):
    code, _, err = cli("pnl", SEED, "--out", "link.csv")
    assert code == 2 and "link.csv" in err
    assert os.readlink(here / "link.csv") == "f.txt" and (here / "f.txt").read_text() == "the user's"
    (here / "q.candidates.csv").symlink_to("f.txt")  # the second file pnl writes
    before = listing(here)
    code, _, err = cli("pnl", SEED, "--out", "q.csv")
    assert code == 2 and "--out='q.candidates.csv': expected a path that is not a symbolic link" in err, err
    assert listing(here) == before and os.readlink(here / "q.candidates.csv") == "f.txt"


def test_batch_does_not_replace_a_link_in_its_folder(cli, here, listing):
    (here / "out").mkdir()
    (here / "out" / "summary.json").symlink_to("../f.txt")
    before = listing(here)
    code, _, err = cli("batch", "accounts", "--out", "out")
    assert code == 2 and "--out='out/summary.json': expected a path that is not a symbolic link" in err, err
    assert listing(here) == before


@pytest.mark.parametrize(("mask", "expected"), [(0o077, 0o600), (0o022, 0o644)])
def test_pnl_and_init_take_the_umask(cli, here, umask, mask, expected, mode):
    umask(mask)
    assert cli("pnl", SEED, "--out", "p.csv")[0] == 0
    assert cli("init", "new.toml")[0] == 0
    assert {name: mode(here / name) for name in ("p.csv", "p.candidates.csv", "new.toml")} == dict.fromkeys(
        ("p.csv", "p.candidates.csv", "new.toml"), expected)
    assert (here / "p.csv").read_bytes() != b"previous,matrix\n"
    assert not [p for p in here.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(("failure", "code", "says"), [
    (OSError(errno.ENOSPC, "No space left on device"), 2, "[Errno 28] No space left on device: 'p.csv'"),
    (KeyboardInterrupt(), 130, "interrupted; files already in place were left as they were"),
])
def test_pnl_failing_while_writing_leaves_the_previous_tables(cli, here, monkeypatch, failure, code, says, listing):
    """The matrix written, the candidates' table failing (the disk full, or Ctrl-C): neither file is replaced."""
    before, write = listing(here), pd.DataFrame.to_csv

    def second_fails(frame, path, **kwargs):
        if Path(path).name.startswith(".p.candidates.csv."):
            raise failure
        return write(frame, path, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", second_fails)
    got, text, err = cli("pnl", SEED, "--out", "p.csv")
    assert got == code and err.count("\n") == 1 and says in err, err
    assert listing(here) == before


@pytest.mark.parametrize(("failure", "code", "says"), [
    (OSError(errno.ENOSPC, "No space left on device"), 2, "hedgeopt report: error: [Errno 28] No space left on "
     "device: 'r'"),
    (KeyboardInterrupt(), 130, "hedgeopt report: interrupted; files already in place were left as they were"),
])
def test_report_failing_mid_write_leaves_the_previous_report(cli, here, monkeypatch, quick_report, failure, code,
                                                              says, listing):
    """Two figures written into the new folder, the third fails: the previous report is untouched, nothing left."""
    before, write, calls = listing(here), Path.write_bytes, []

    def third_fails(path, data):
        calls.append(path.name)
        if len(calls) == 3:
            raise failure
        return write(path, data)

    monkeypatch.setattr(Path, "write_bytes", third_fails)
    got, _, err = cli("report", SEED, "--out", "r")
    assert calls[:3] == ["pnl_vs_index.png", "heatmap_index_fx.png", "frontier.png"]
    assert got == code and err == says + "\n"
    assert listing(here) == before


def test_report_replaces_the_previous_one_whole_in_the_umasks_mode(cli, here, umask, quick_report, mode):
    umask(0o077)
    code, text, _ = cli("report", SEED, "--out", "r")
    assert code == 0 and "report.html" in text
    names = sorted(p.name for p in (here / "r").iterdir())
    assert names == ["decomposition.png", "frontier.png", "heatmap_index_fx.png", "pnl_vs_index.png", "report.html"]
    assert b"previous" not in (here / "r" / "frontier.png").read_bytes()
    assert mode(here / "r") == 0o700 and {mode(here / "r" / n) for n in names} == {0o600}
    assert sorted(p.name for p in here.iterdir()) == ["f.txt", "link.csv", "mine", "p.candidates.csv", "p.csv", "r"]

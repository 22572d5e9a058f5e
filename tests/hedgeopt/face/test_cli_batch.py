"""`hedgeopt batch` on the command line: the answer first, the files written, JSON, Japanese without English,
one-line errors (exit 2), and a real cluster started with Dask's own `dask scheduler` and `dask worker` commands."""

from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from hedgeopt.batch.store import ResultStore

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "examples" / "seed_10m.toml"
SHARED = str(ROOT / "examples" / "book" / "shared.toml")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The seed account and a broken one (a loan rate of 6 for 6%), as a folder of configs."""
    accounts = tmp_path / "accounts"
    accounts.mkdir()
    seed = SEED.read_text(encoding="utf-8")
    (accounts / "1001.toml").write_text(seed, encoding="utf-8")
    (accounts / "1002.toml").write_text(seed.replace("loan_rate = 0.06", "loan_rate = 6"), encoding="utf-8")
    return accounts


def test_batch_answers_first_and_writes_parts_summary_and_report(cli, folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, text, err = cli("batch", str(folder), "--out", str(out), "--workers", "0")
    assert code == 0 and err == ""
    lines = text.splitlines()
    assert lines[0] == ("1 of 1 accounts break their cap; a whole-contract hedge restores 1 of them for 88,231 JPY in "
                        "all; 0 are out of reach of the hedges.")
    assert "1 fail at least one of the five checks before an order; 1 could not be answered." in lines
    assert "Most common worst case: 2007-10 GFC bear (1 accounts)." in lines
    assert any(line.startswith("│ 1002") and "loan_rate=6" in line for line in lines)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["summary"]["hedge_cost"]["JPY"] == pytest.approx(88_231, abs=1)
    assert summary["computed"] == 2 and summary["reused"] == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<h1>hedgeopt batch: 2 accounts</h1>" in page and "88,231" in page and "loan_rate=6" in page
    assert list(ResultStore(out).read()["id"]) == ["1001", "1002"]
    code, text, _ = cli("batch", str(folder), "--out", str(out), "--workers", "0", "--json")
    payload = json.loads(text)
    assert code == 0 and (payload["computed"], payload["reused"]) == (0, 2)
    assert payload["summary"]["errors_by_kind"] == {"input": 1} and payload["files"]["parts"] == str(out / "parts")


def test_batch_in_japanese_has_no_english(cli, folder: Path, tmp_path: Path, english_words) -> None:
    code, text, err = cli("batch", str(folder), "--out", str(tmp_path / "out"), "--workers", "0", "--lang", "ja")
    assert code == 0 and err == ""
    assert text.splitlines()[0] == ("1口座のうち1口座が損失上限を超えます。うち1口座は整数枚のヘッジで上限内に戻せます"
                                    "(費用合計 8.8万円)。0口座はヘッジでは届きません。")
    assert "0.04 のような小数を指定してください" in text
    assert english_words(text.replace(str(tmp_path / "out" / "parts"), " ").replace(str(tmp_path), " ")) == set()
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in page and "上限を超える口座" in page


@pytest.mark.parametrize(("args", "needle"), [
    (["nowhere"], "accounts='nowhere'"),
    (["{folder}", "--out", "{seed}"], "--out="),
    (["{folder}", "--workers", "-1"], "argument --workers: '-1' is not a whole number >= 0"),
    (["{folder}", "--scheduler", "localhost:8786"], "scheduler='localhost:8786'"),
    (["{folder}", "--shared", "{seed}"], "shared.account"),
    (["{folder}", "--partition-size", "0"], "partition_size=0"),
])
def test_bad_input_is_one_line_and_exit_2(cli, folder: Path, tmp_path: Path, args: list[str], needle: str) -> None:
    argv = [a.format(folder=folder, seed=SEED) for a in args]
    code, text, err = cli("batch", *argv, "--out", str(tmp_path / "o")) if "--out" not in argv else \
        cli("batch", *argv)
    assert code == 2 and text == "" and len(err.splitlines()) == 1 and needle in err, err
    assert not (tmp_path / "o").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_cluster_of_dask_scheduler_and_two_dask_workers_gives_the_serial_answers(cli, tmp_path: Path) -> None:
    from distributed import Client

    spec = importlib.util.spec_from_file_location("make_book", ROOT / "examples" / "book" / "make_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.make_book(6, seed=2).to_csv(tmp_path / "book.csv", index=False)
    dask = str(Path(sys.executable).parent / "dask")
    address = f"tcp://127.0.0.1:{_free_port()}"
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                               "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        time.sleep(1.0)
        procs += [subprocess.Popen([dask, "worker", address, "--nthreads", "1", "--no-dashboard", "--name", f"w{k}"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for k in range(2)]
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=120)
        code, _, err = cli("batch", str(tmp_path / "book.csv"), "--shared", SHARED, "--out", str(tmp_path / "remote"),
                           "--scheduler", address, "--partition-size", "2", "--json")
        assert code == 0, err
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=30)
    code, _, err = cli("batch", str(tmp_path / "book.csv"), "--shared", SHARED, "--out", str(tmp_path / "serial"),
                       "--workers", "0", "--json")
    assert code == 0, err
    remote, serial = ResultStore(tmp_path / "remote").read(), ResultStore(tmp_path / "serial").read()
    assert len(remote) == 6 and (remote["status"] == "ok").all()
    pd.testing.assert_frame_equal(remote, serial)


def test_an_output_folder_that_cannot_be_written_is_one_line_before_any_work(cli, folder: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "parts").write_text("a file where the parts folder goes", encoding="utf-8")
    code, text, err = cli("batch", str(folder), "--out", str(locked), "--workers", "0")
    assert code == 2 and text == "" and len(err.splitlines()) == 1 and "parts" in err, err

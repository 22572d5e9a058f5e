"""The report: self-contained HTML whose images decode, numbers equal the library's, and a real browser loads it."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from hedgeopt import hedging
from hedgeopt.cli import main
from hedgeopt.config import load_config
from hedgeopt.report import write_report

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed_10m.toml"
PNG = b"\x89PNG\r\n\x1a\n"
CHROMIUM = shutil.which("chromium")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    return write_report(load_config(SEED), out / "r")


def test_report_is_self_contained_and_its_images_decode(report):
    text = report.html.read_text(encoding="utf-8")
    payloads = re.findall(r"src='data:image/png;base64,([A-Za-z0-9+/=]+)'", text)
    assert len(payloads) == 4
    assert all(base64.b64decode(p).startswith(PNG) for p in payloads)
    assert "http://" not in text and "https://" not in text
    assert len(report.figures) == 4 and all(p.read_bytes().startswith(PNG) for p in report.figures)
    assert oct(report.html.stat().st_mode & 0o777) == "0o644"


def test_report_numbers_are_the_library_numbers(report):
    text = report.html.read_text(encoding="utf-8")
    hedge = hedging.hedge(load_config(SEED), cap=0.20)
    assert f"Total {hedge.cost:,.0f} JPY" in text
    for position in hedge.positions:
        assert position.instrument.label in text
        assert f"<td>{position.cost:,.0f} JPY</td>" in text  # the positions table, in money format
    cells = re.findall(r"<td>([^<]*)</td>", text)
    assert cells and not any(re.search(r"\de[+-]\d", c) for c in cells)  # no scientific notation in any table
    assert "10,000,000 JPY" in text and "the five checks" in text


def test_report_in_japanese(tmp_path):
    report = write_report(load_config(SEED), tmp_path / "ja", lang="ja")
    text = report.html.read_text(encoding="utf-8")
    assert '<html lang="ja">' in text and "1,000万円" in text and "発注前の5つの確認" in text
    assert "最大損失 20% 以内に抑える最も安いヘッジ(整数枚)" in text
    assert text.count("data:image/png;base64,") == 4


def test_report_command_and_bad_folder(tmp_path, capsys):
    assert main(["report", str(SEED), "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "report.html").exists()
    capsys.readouterr()
    assert main(["report", str(SEED), "--out", str(tmp_path / "no" / "such" / "dir")]) == 2
    assert "expected a folder whose parent exists" in capsys.readouterr().err


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium not installed (make test installs it where it can)")
def test_report_loads_in_headless_chromium(report, tmp_path):
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", "--disable-sync", f"--user-data-dir={tmp_path / 'p'}"]
    url = report.html.resolve().as_uri()
    shot = tmp_path / "report.png"
    done = subprocess.run([*flags, f"--screenshot={shot}", "--window-size=1280,2400", url], capture_output=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes().startswith(PNG) and shot.stat().st_size > 50_000
    artefacts = Path(__file__).resolve().parents[2] / "test-artifacts"
    artefacts.mkdir(exist_ok=True)
    shutil.copy(shot, artefacts / "report.png")
    # Every image decoded: after load, each <img> has a natural width (chromium runs the check on the DOM).
    check = ("<script>window.onload=()=>{document.title=[...document.images].every(i=>i.complete&&"
             "i.naturalWidth>0)?'IMAGES-OK':'IMAGES-BROKEN'}</script>")
    probe = tmp_path / "probe.html"
    probe.write_text(report.html.read_text(encoding="utf-8").replace("</body>", check + "</body>"),
                     encoding="utf-8")
    done = subprocess.run([*flags, "--enable-logging=stderr", "--v=0", "--dump-dom", "--virtual-time-budget=5000",
                           probe.as_uri()], capture_output=True, timeout=120, text=True)
    assert "<title>IMAGES-OK</title>" in done.stdout
    assert done.stdout.count("<img") == 4
    console_errors = [line for line in done.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console_errors == []

"""The report: self-contained HTML whose images decode, numbers equal the library's, and a real browser loads it.

The 2007–2009 paths section: its figure marks the rule triggers where the backtest put them, its table holds
every variant, and the paths' proxy notes are printed.
"""

from __future__ import annotations

import base64
import html
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hedgeopt.config.config import load_config
from hedgeopt.face import i18n
from hedgeopt.face import report as report_module
from hedgeopt.face.cli import main
from hedgeopt.face.export import write_template
from hedgeopt.face.report import PATHS_FIGURE, write_report
from hedgeopt.optimizer import hedging

SEED = Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml"
PNG = b"\x89PNG\r\n\x1a\n"
CHROMIUM = shutil.which("chromium")


def rows(text: str) -> list[list[str]]:
    """The cells of every table row of the report (header rows give none), unescaped."""
    return [[html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", text, flags=re.S)]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One English report, with the backtest's (frame, runs) and the paths figure it drew caught on the way."""
    out = tmp_path_factory.mktemp("report")
    caught = {}
    run_variants, draw = report_module.side_by_side, report_module.figures.paths_figure

    def side_by_side(*args, **kwargs):
        caught["frame"], caught["runs"] = result = run_variants(*args, **kwargs)
        return result

    def paths_figure(*args, **kwargs):
        caught["figure"] = fig = draw(*args, **kwargs)
        return fig

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(report_module, "side_by_side", side_by_side)
        mp.setattr(report_module.figures, "paths_figure", paths_figure)
        caught["report"] = write_report(load_config(SEED), out / "r")
    return caught


@pytest.fixture(scope="module")
def report(built):
    return built["report"]


@pytest.fixture(scope="module")
def report_ja(tmp_path_factory):
    """The Japanese report, written through the command line."""
    out = tmp_path_factory.mktemp("report_ja") / "ja"
    assert main(["report", str(SEED), "--out", str(out), "--lang", "ja"]) == 0
    return out / "report.html"


def test_report_is_self_contained_and_its_images_decode(report):
    text = report.html.read_text(encoding="utf-8")
    payloads = re.findall(r"src='data:image/png;base64,([A-Za-z0-9+/=]+)'", text)
    assert len(payloads) == 5
    assert all(base64.b64decode(p).startswith(PNG) for p in payloads)
    assert "http://" not in text and "https://" not in text
    assert len(report.figures) == 5 and all(p.read_bytes().startswith(PNG) for p in report.figures)
    assert report.figures[-1].name == PATHS_FIGURE
    assert base64.b64decode(payloads[-1]) == report.figures[-1].read_bytes()  # the paths figure, embedded
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
    for position in hedge.positions:  # model, quotes and commission per contract beside the cost
        assert f"<td>{position.commission_per_contract:,.0f} JPY</td>" in text
        assert f"<td>{position.model_per_contract:,.0f} JPY</td>" in text
    assert "ILLUSTRATIVE market data, not live prices" in text and "not live data" in text


def test_report_in_japanese(report_ja, built):
    text = report_ja.read_text(encoding="utf-8")
    assert '<html lang="ja">' in text and "1,000万円" in text and "発注前の5つの確認" in text
    assert "例示用の市場データで、実際の相場ではありません" in text and "1枚あたり手数料" in text
    assert "最大損失 20% 以内に抑える最も安いヘッジ(整数枚)" in text
    assert text.count("data:image/png;base64,") == 5
    assert text.count("<figcaption>") == 5 and "見方: 色は為替の動き" in text  # every figure explained, in Japanese
    assert "<h2>2007〜2009年を通して: ルールとヘッジの推移</h2>" in text
    assert "<h3>同じパスでの比較</h3>" in text and "<h3>ルールの発動(設定どおり)</h3>" in text
    assert "<th>最終純資産</th>" in text and "<td>リスク削減</td>" in text
    frame = built["frame"]
    assert f"<td>{i18n.money(frame.loc['as configured', 'final_nav'], 'JPY', 'ja')}</td>" in text  # 万円
    assert "proxy" in text  # the notes come from the data, in English


def test_report_command_and_bad_folder(report_ja, tmp_path, capsys):
    assert report_ja.exists() and (report_ja.parent / PATHS_FIGURE).exists()  # written by `hedgeopt report`
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
    artefacts = Path(__file__).resolve().parents[3] / "test-artifacts"
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
    assert done.stdout.count("<img") == 5
    console_errors = [line for line in done.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console_errors == []


def test_report_paths_section(built):
    text = built["report"].html.read_text(encoding="utf-8")
    frame, runs = built["frame"], built["runs"]
    assert "<h2>Through 2007–2009: the rules and the hedge over time</h2>" in text
    assert f"<img alt='{PATHS_FIGURE}' src='data:image/png;base64," in text
    assert text.index("<h2>Through 2007") < text.index(PATHS_FIGURE) < text.index("Sources and proxies")
    assert {"as configured", "no rules", "hedge: none"} <= set(frame.index)
    table = rows(text)
    for name, row in frame.iterrows():  # one row per variant in each of the two tables, in the report's formats
        mine = [cells for cells in table if cells and cells[0] == name]
        assert len(mine) == 2, name
        main_row, costs_row = mine
        assert main_row[1:5] == [f"{row['cagr']:.1%}", f"{row['vol']:.1%}", f"{row['sharpe']:.2f}",
                                 f"{row['max_drawdown']:.1%}"]
        assert main_row[-2:] == [f"{row['total_costs']:,.0f} JPY", f"{row['final_nav']:,.0f} JPY"]
        assert costs_row[1] == f"{row['cost_funding']:,.0f} JPY" and costs_row[-1] == main_row[-2]
    paths = runs["as configured"].paths
    assert paths.notes and any("proxy" in note for note in paths.notes)
    for note in paths.notes:  # every note, under the figure
        assert f"<li>{html.escape(note)}</li>" in text
    events = runs["as configured"].events
    triggers = events[events["event"] != "roll"]
    assert len(triggers) > 0 and set(triggers["event"]) == {"derisk"}  # the seed's 2008 steps
    listed = [cells for cells in table if len(cells) == 5 and cells[1] == "derisk"]
    assert listed == [[str(pd.Timestamp(r.date).date()), "derisk", r.reason, f"{r.exposure_before:,.0f} JPY",
                       f"{r.exposure_after:,.0f} JPY"] for r in triggers.itertuples()]
    rolls = int((events["event"] == "roll").sum())
    assert f"The standing hedge rolled {rolls} times" in text


def test_paths_figure_marks_the_triggers_where_they_fired(built):
    fig, runs = built["figure"], built["runs"]
    run = runs["as configured"]
    top, bottom = fig.axes[:2]
    events = run.events
    derisk = events[events["event"] == "derisk"]
    days = derisk["day"].to_numpy()
    assert days.size > 0
    expected = pd.DatetimeIndex(derisk["date"])
    assert (run.paths.dates[days] == expected).all()

    def marked(ax, marker):
        lines = [line for line in ax.get_lines() if line.get_marker() == marker and line.get_linestyle() == "None"]
        if not lines:
            return pd.DatetimeIndex([]), np.array([])
        return (pd.DatetimeIndex(np.concatenate([line.get_xdata() for line in lines])),
                np.concatenate([line.get_ydata() for line in lines]))

    x, y = marked(top, "v")
    assert (x == expected).all() and np.allclose(y, run.nav[0, days])  # on the as-configured NAV
    x, y = marked(bottom, "v")
    assert (x == expected).all() and np.allclose(y, run.drawdown[0, days] * 100)
    assert all(marked(ax, m)[0].size == 0 for ax in (top, bottom) for m in ("^", "s", "X"))  # none fired
    drawn = sum(len(marked(ax, m)[0]) for ax in (top, bottom) for m in ("v", "^", "s", "X"))
    assert drawn == 2 * len(days)  # rolls are not marked
    labels = [line.get_label() for line in top.get_lines()]
    assert {"as configured", "no rules", "hedge: none"} <= set(labels)
    assert "derisk (as configured)" in [t.get_text() for t in top.get_legend().get_texts()]
    cap = [line for line in bottom.get_lines() if line.get_label() == "cap −20%"]
    assert len(cap) == 1 and np.allclose(cap[0].get_ydata(), -20.0)
    assert "2007-01-03 to 2009-12-31" in top.get_title()
    nav = next(line for line in top.get_lines() if line.get_label() == "as configured")
    assert np.allclose(nav.get_ydata(), run.nav[0]) and len(nav.get_xdata()) == len(run.paths.dates)


def test_report_without_the_backtest(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("backtest_window=None must not run the backtest")

    monkeypatch.setattr(report_module, "history_paths", refuse)
    report = write_report(load_config(SEED), tmp_path / "r", backtest_window=None)
    text = report.html.read_text(encoding="utf-8")
    assert "Through 2007" not in text and PATHS_FIGURE not in text and "could not run" not in text
    assert text.count("data:image/png;base64,") == 4 and len(report.figures) == 4
    assert not (tmp_path / "r" / PATHS_FIGURE).exists()


def test_a_cap_broken_before_any_exposure_is_reported_not_raised(tmp_path):
    """All in dollars, a 10% cap is broken by the yen on the MMF alone in 2007-09: the report says so."""
    path = tmp_path / "defensive.toml"
    write_template("defensive", path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("amount = 7_000_000", "amount = 8_500_000").replace("amount = 1_500_000", "amount = 0")
    path.write_text(text, encoding="utf-8")  # the template's yen cash moved into the dollar MMF
    report = write_report(load_config(path), tmp_path / "out", backtest_window=None)
    html = report.html.read_text(encoding="utf-8")
    assert "No leverage meets the cap: without any SPX exposure the account already loses" in html

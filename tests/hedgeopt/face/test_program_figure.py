"""The program search's frontier figure, and the cover a standing hedge really buys in ``simulate`` and ``backtest``.

A three-program grid (none, a 90% put, a 90/80% spread; quarterly, sold with 21 days left, cover 1 asked) on 100
paths keeps the figure's search quick. The seed's satellite (3,000,000 JPY of SPX) is hedged by one whole XSP: 100
× SPX / 10 = 60,000 USD = 9,000,000 JPY of notional at SPX 6,000 and USDJPY 150, 3x the exposure (the issue's "3x
cover"), a little off it as the index moves between rolls.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np
import pytest

from hedgeopt.config.config import load_config
from hedgeopt.face import render
from hedgeopt.face.cli import main
from hedgeopt.face.program.figure import frontier_figure
from hedgeopt.paths.backtest import run_variant, simulated_paths
from hedgeopt.program.answer import program_answer
from hedgeopt.program.grid import ProgramGrid

SEED = str(Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml")
GRID = ProgramGrid(moneyness=(0.90,), widths=(0.10,), schedules=((91, 21),), coverages=(1.0,))


@pytest.fixture(scope="module")
def answer():
    """The safest of the three programs within a budget that buys any of them."""
    return program_answer(load_config(SEED), budget=1e9, n_paths=100, history=False, grid=GRID)


def _texts(fig) -> list[str]:
    ax = fig.axes[0]
    return [ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), *(t.get_text() for t in ax.get_legend().get_texts())]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_frontier_figure_marks_the_chosen_program_at_its_numbers(answer, lang, english_words):
    fig = frontier_figure(answer, "JPY", lang)
    ax = fig.axes[0]
    star = next(c for c in ax.collections if c.get_gid() == "chosen")
    row = answer.choice.chosen
    assert list(star.get_offsets()[0]) == pytest.approx([row["cost_per_year"], row["p_beyond"] * 100])
    families = {line.get_gid() for line in ax.lines if line.get_gid()}
    assert families == {"frontier put", "frontier spread", "frontier best"}
    texts = " ".join(_texts(fig))
    if lang == "ja":
        assert not english_words(texts), english_words(texts)
        assert "年間費用(万円)" in texts and ax.title.get_fontname() == "IPAexGothic"
    else:
        assert "cost a year (JPY)" in texts and "on 100 paths" in texts


def _run(argv: list[str]) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(argv) == 0
    render.use_language("en")
    return out.getvalue()


def test_simulate_shows_the_cover_bought_and_the_outlay():
    config = load_config(SEED)
    run = run_variant(config, simulated_paths(config, 20, 60))
    cover = float(np.nanmean(run.cover))
    years = (run.paths.dates[-1] - run.paths.dates[0]).days / 365.0
    outlay = float(np.mean(run.hedge_spend)) / years
    assert 2.5 < cover < 3.5  # one whole XSP against 3,000,000 JPY of SPX: about 3x (the "3x cover")
    text = _run(["simulate", SEED, "--paths", "20", "--days", "60"])
    assert f"standing hedge as bought: cover {cover:.1f}× the exposure hedged" in text
    assert f"outlay {outlay:,.0f} JPY a year" in text
    data = json.loads(_run(["simulate", SEED, "--paths", "20", "--days", "60", "--json"]))
    bought = data["variants"][0]["hedge_bought"]
    assert bought["cover"] == pytest.approx(cover) and bought["outlay_per_year"] == pytest.approx(outlay)
    assert data["described"]["hedge_bought"].startswith("standing hedge as bought: cover")
    assert next(v for v in data["variants"] if v["name"] == "hedge: none")["hedge_bought"] is None
    ja = _run(["simulate", SEED, "--paths", "20", "--days", "60", "--lang", "ja"])
    assert f"常設ヘッジの実際: カバー率はヘッジ対象エクスポージャーの {cover:.1f}倍" in ja

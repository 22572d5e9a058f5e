"""The config-to-answer glue: search, crisis replay, the choice, who does the work."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hedgeopt.config.config import load_config
from hedgeopt.program.answer import program_answer, replay_windows
from hedgeopt.program.grid import ProgramGrid
from pricing import InputError

CONFIG = load_config(Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml")
GRID = ProgramGrid("XSP", moneyness=(0.85, 0.95), widths=(0.10,), schedules=((35, 0), (182, 21)), coverages=(1.0,))


@pytest.fixture(scope="module")
def answer():
    return program_answer(CONFIG, n_paths=150, n_days=126, grid=GRID, target=0.5)


def test_the_replay_covers_the_shipped_crises_and_the_stylised_ones(answer):
    windows = list(replay_windows(CONFIG))
    assert windows[:2] == ["2000-03 Dot-com bear", "2007-10 GFC bear"]
    assert windows[-2:] == ["stylised crash_1987", "stylised v_2020"]
    assert list(answer.history.columns) == windows
    assert list(answer.history.index) == answer.runs.labels
    # unhedged, the seed loses about 21% from the 2007-10-09 peak to the 2009-03-09 trough (1.3x of an index down
    # 57%, less the MMF and the yen proxy): beyond a 20% cap
    assert answer.history.loc["none", "2007-10 GFC bear"] == pytest.approx(-0.21, abs=0.02)


def test_the_choice_holds_the_cap_through_history(answer):
    chosen = answer.choice.chosen
    assert answer.choice.verdict == "chosen" and chosen["history_holds"]
    assert chosen["history_worst"] >= -CONFIG.risk.cap
    assert chosen["p_beyond"] <= 0.5
    held = answer.choice.table[answer.choice.table["history_holds"]]
    assert chosen["cost_per_year"] == held["cost_per_year"].min()
    assert answer.program is not None and answer.program.moneyness == chosen["moneyness"]


def test_who_does_the_work(answer):
    """The seed's [rules] are active: four rows; the search ran under the rules, so "program + rules" is the
    chosen row's own figures, and the program alone costs the same a year."""
    work, chosen = answer.work, answer.choice.chosen
    assert list(work.index) == ["nothing", "rules only", "program only", "program + rules"]
    assert work.loc["nothing", "cost_per_year"] == work.loc["rules only", "cost_per_year"] == 0.0
    assert work.loc["program + rules", "p_beyond"] == pytest.approx(chosen["p_beyond"], abs=1e-15)
    assert work.loc["program + rules", "median"] == pytest.approx(chosen["median"], rel=1e-12)
    assert work.loc["program + rules", "cost_per_year"] == pytest.approx(chosen["cost_per_year"], rel=1e-12)
    assert work.loc["rules only", "p_beyond"] == answer.choice.table.loc[0, "p_beyond"]  # "none", under the rules
    assert np.isfinite(work.to_numpy()).all()


def test_a_budget_and_a_target_together_are_refused():
    with pytest.raises(InputError) as err:
        program_answer(CONFIG, n_paths=10, n_days=10, grid=GRID, target=0.05, budget=100_000, history=False)
    assert err.value.field == "budget_per_year"


def test_without_history_nothing_is_replayed():
    a = program_answer(CONFIG, n_paths=50, n_days=40, grid=GRID, budget=1e9, history=False)
    assert a.history.empty and "history_holds" not in a.choice.table
    assert a.choice.goal == "budget" and a.choice.verdict == "chosen"


def test_programs_that_buy_the_same_contract_appear_once():
    """On the seed (3,000,000 JPY against one XSP of about 9,000,000), coverage 0.5 and 1.0 both buy one contract:
    one row is kept, the larger coverage asked, and its cover says 3x."""
    grid = ProgramGrid("XSP", kinds=("put",), moneyness=(0.90,), schedules=((91, 21),), coverages=(0.5, 1.0))
    a = program_answer(CONFIG, n_paths=40, n_days=60, grid=grid, budget=1e9, history=False)
    assert list(a.choice.table["program"]) == ["none", "put 90% 91d/21 x1"]
    assert a.choice.table["cover"].iloc[1] == pytest.approx(3.0, rel=0.05)

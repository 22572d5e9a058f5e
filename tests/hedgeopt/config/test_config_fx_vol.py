"""``[scenarios.factor_model] fx_vol_response``: USDJPY implied vol in the config's scenario set, and its errors."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import numpy as np
import pytest

from hedgeopt.config.config import Config, config_from_dict
from pricing import InputError
from scenarios import FxVolResponse

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "examples" / "seed_10m.toml"
KEY = r"scenarios\.factor_model\.fx_vol_response"


@pytest.fixture
def seed_dict() -> dict:
    return tomllib.loads(SEED.read_text(encoding="utf-8"))


def load(data: dict) -> Config:
    return config_from_dict(copy.deepcopy(data))


def test_seed_gives_the_pair_vol_in_every_set(seed_dict):
    seed_dict["scenarios"]["monte_carlo"] = {"n": 200, "seed": 1}
    cfg = load(seed_dict)
    assert cfg.market.base_currency == "JPY"
    s = cfg.scenario_set()
    model = cfg.scenarios.model.fx_vol_response
    # Every row: grid and Monte Carlo through the model's response, episodes as recorded or modelled.
    grid_rows = np.array(["/ 30d" in label for label in s.labels])
    mc_rows = np.array([label.startswith("mc ") for label in s.labels])
    np.testing.assert_allclose(s.vol("USDJPY")[grid_rows | mc_rows],
                               model.shift(s.fx("USD")[grid_rows | mc_rows]), rtol=1e-12, atol=0)
    lehman = s.labels.index("2008-09 Lehman")
    assert s.vol("USDJPY")[lehman] == pytest.approx(0.1555, abs=1e-12)  # recorded: about 10% -> 25.55%
    assert (s.vol("USDJPY")[s.fx("USD") < 0] > 0).all()  # the yen up: its vol up, in every scenario


def test_one_table_sets_the_model_response(seed_dict):
    seed_dict["scenarios"]["factor_model"]["fx_vol_response"] = {"yen_up_beta": 0.8}
    cfg = load(seed_dict)
    assert cfg.scenarios.model.fx_vol_response == FxVolResponse(0.8, 0.15)  # yen_down_beta keeps its default
    assert cfg.scenarios.extra_fx_responses == ()
    s = cfg.scenario_set()
    row = s.labels.index("SPX -40% / USD -10% / vol +0 / 30d / resp 0.8")
    assert s.vol("USDJPY")[row] == pytest.approx(0.08, abs=1e-12)  # 0.8 × 0.10


def test_a_list_takes_the_worst_case_over_fx_responses(seed_dict):
    seed_dict["scenarios"]["factor_model"]["fx_vol_response"] = [{"yen_up_beta": 0.5}, {"yen_up_beta": 0.2,
                                                                                         "yen_down_beta": 0.0}]
    cfg = load(seed_dict)
    assert cfg.scenarios.model.fx_vol_response == FxVolResponse(0.5, 0.15)
    assert cfg.scenarios.extra_fx_responses == (FxVolResponse(0.2, 0.0),)
    labels = cfg.scenario_set().labels
    # The seed's grid: 13 equity x 3 fx x 2 equity vol responses, now x 2 FX vol responses = 156 rows.
    assert sum(label.endswith("/ fx resp 0.2") for label in labels) == 78
    assert sum("/ 30d" in label for label in labels) == 156


@pytest.mark.parametrize(
    ("value", "match"),
    [
        ({"yen_up_beta": "0.5"}, KEY + r"\.yen_up_beta='0\.5': expected a number"),
        ({"yen_up_beta": True}, KEY + r"\.yen_up_beta=True: expected a number"),
        ({"yen_down_beta": -0.1}, KEY + r"\.yen_down_beta=-0\.1: expected a number >= 0"),
        ({"yen_up_beta": 20}, KEY + r"\.yen_up_beta=20\.0: expected vol points per unit of \|FX return\| in "
                                    r"\[0, 5\]"),
        ({"yen_up_bta": 0.5}, KEY + r"\.yen_up_bta=0\.5: .*did you mean 'yen_up_beta'"),
        ("0.5", KEY + r"='0\.5': expected a table of keys"),
        ([{"yen_up_beta": 0.5}, {"yen_down_beta": 20}], KEY + r"\[1\]\.yen_down_beta=20\.0: expected vol points"),
        ([], KEY + r"=\[\]: expected a table of keys"),
    ],
)
def test_a_bad_fx_vol_response_names_the_key(seed_dict, value, match):
    seed_dict["scenarios"]["factor_model"]["fx_vol_response"] = value
    with pytest.raises(InputError, match=match):
        load(seed_dict)

"""The ``[routes]`` section: defaults, regimes, and bad input named by its key path."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from hedgeopt.config.config import config_from_dict
from hedgeopt.config.routes_spec import DEFAULT_REGIMES, RateRegime
from pricing import InputError

SEED = Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml"


def config(**routes):
    data = tomllib.loads(SEED.read_text())
    data["routes"] = routes
    return config_from_dict(data)


def test_defaults():
    spec = config().routes
    assert spec.exposure is None and spec.up == (0.10, 0.20) and spec.regime == "base"
    assert [(r.name, r.change, r.path.value, r.days) for r in spec.regimes] == [
        ("rising", 0.02, "ramp", 365), ("falling", -0.02, "ramp", 365)]
    assert spec.regimes == DEFAULT_REGIMES and spec.chosen() is None


def test_regimes_replace_the_defaults_and_move_the_named_currencies():
    spec = config(regimes=[{"name": "hikes", "change": 0.0425, "path": "step", "equity": -0.19,
                            "currencies": ["USD", "JPY"]}], regime="hikes").routes
    assert spec.chosen() == RateRegime("hikes", 0.0425, "step", 365, -0.19, ("USD", "JPY"))
    assert spec.chosen().average() == pytest.approx(0.0425)
    assert config(regimes=[]).routes.regimes == ()


def test_default_currencies_are_the_mmf_and_the_index():
    c = config()
    assert DEFAULT_REGIMES[0].moved(c.account, c.market) == ("USD",)
    assert DEFAULT_REGIMES[0].moved(c.account, c.market, "NKY") == ("JPY", "USD")


@pytest.mark.parametrize(("routes", "field"), [
    ({"exposure": "3000000"}, "routes.exposure"),
    ({"exposure": True}, "routes.exposure"),
    ({"exposure": -1}, "routes.exposure"),
    ({"exposure": 3e6, "leverage": 1.3}, "routes.exposure"),
    ({"leverage": 130}, "routes.leverage"),
    ({"leverage": 0.9}, "routes.leverage"),
    ({"up": [10, 20]}, "routes.up"),
    ({"up": ["0.1"]}, "routes.up"),
    ({"index": "spx"}, "routes.index"),
    ({"budget": 0}, "routes.budget"),
    ({"regime": "risng"}, "routes.regime"),
    ({"regime": 1}, "routes.regime"),
    ({"regimes": {"name": "x"}}, "routes.regimes"),
    ({"regimes": [{"name": "x"}]}, "routes.regimes[0].change"),
    ({"regimes": [{"name": "x", "change": 2}]}, "routes.regimes[0].change"),
    ({"regimes": [{"name": "x", "change": "0.02"}]}, "routes.regimes[0].change"),
    ({"regimes": [{"name": "x", "change": 0.02, "path": "jump"}]}, "routes.regimes[0].path"),
    ({"regimes": [{"name": "x", "change": 0.02, "days": 365.5}]}, "routes.regimes[0].days"),
    ({"regimes": [{"name": "x", "change": 0.02, "equity": -1.5}]}, "routes.regimes[0].equity"),
    ({"regimes": [{"name": "x", "change": 0.02, "currencies": ["usd"]}]}, "routes.regimes[0].currencies"),
    ({"regimes": [{"name": "base", "change": 0.02}]}, "routes.regimes[0].name"),
    ({"regimes": [{"name": "x", "change": 0.02}, {"name": "x", "change": -0.02}]}, "routes.regimes"),
    ({"regimes": [{"name": "x", "change": 0.02, "shape": "ramp"}]}, "routes.regimes[0].shape"),
    ({"exposre": 1}, "routes.exposre"),
])
def test_bad_input_names_its_key(routes, field):
    with pytest.raises(InputError) as info:
        config(**routes)
    assert info.value.field == field

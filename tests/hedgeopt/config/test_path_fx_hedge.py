"""``[paths.fx_hedge]``: defaults, every key's checks (named by key path, TOML text and booleans never numbers)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from hedgeopt.config.config import config_from_dict
from hedgeopt.config.path_settings import Rebalance, RolledFxHedge, fx_hedge_from_table
from pricing import InputError

SEED = Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml"


def seed_with(fx_hedge: dict | None) -> dict:
    data = tomllib.loads(SEED.read_text(encoding="utf-8"))
    if fx_hedge is not None:
        data["paths"]["fx_hedge"] = fx_hedge
    return data


def test_the_seed_has_no_fx_hedge_and_a_table_gives_one_with_defaults():
    assert config_from_dict(seed_with(None)).paths.fx_hedge is None
    h = config_from_dict(seed_with({"instrument": "click365"})).paths.fx_hedge
    assert h == RolledFxHedge("CLICK365", 1.0, 30, 5, Rebalance.ROLL)
    assert h.describe() == "CLICK365, 100% of the USD MMF, re-sized every 30 days"


def test_every_key_is_read():
    h = fx_hedge_from_table({"instrument": "6J", "ratio": 0.5, "tenor_days": 28, "roll_days": 7, "rebalance": "none"})
    assert (h.instrument, h.ratio, h.tenor_days, h.roll_days, h.rebalance) == ("6J", 0.5, 28, 7, Rebalance.NONE)
    assert h.describe() == "6J, 50% of the USD MMF, rolled 7 days before each quarterly expiry (day-0 size kept)"
    assert RolledFxHedge("USDJPY_FWD", 1.5).describe() == "USDJPY_FWD, 150% of the USD MMF, rolled every 30 days"
    assert RolledFxHedge("OTC_FX", 0).ratio == 0.0  # 0: the hedge is sized to nothing (allowed)


@pytest.mark.parametrize(("table", "match"), [
    ({}, r"paths\.fx_hedge\.instrument=None: expected a value"),
    ({"instrument": "EURUSD"}, r"paths\.fx_hedge\.instrument='EURUSD': expected one of USDJPY_FWD, 6J, MJY"),
    ({"instrument": 6}, r"paths\.fx_hedge\.instrument=6: expected a quoted name"),
    ({"instrument": "6J", "ratio": True}, r"paths\.fx_hedge\.ratio=True.*true and false are never read as numbers"),
    ({"instrument": "6J", "ratio": "0.5"}, r"paths\.fx_hedge\.ratio='0\.5'.*a quoted value is text"),
    ({"instrument": "6J", "ratio": 1.6}, r"paths\.fx_hedge\.ratio=1\.6: expected a decimal in \[0, 1\.5\]"),
    ({"instrument": "6J", "ratio": 50}, r"paths\.fx_hedge\.ratio=50.*50 looks like a percentage"),
    ({"instrument": "6J", "ratio": -0.1}, r"paths\.fx_hedge\.ratio=-0\.1"),
    ({"instrument": "6J", "tenor_days": 0}, r"paths\.fx_hedge\.tenor_days=0: expected a whole number of calendar"),
    ({"instrument": "6J", "tenor_days": 30.5}, r"paths\.fx_hedge\.tenor_days=30\.5"),
    ({"instrument": "6J", "roll_days": False}, r"paths\.fx_hedge\.roll_days=False"),
    ({"instrument": "6J", "roll_days": 60}, r"paths\.fx_hedge\.roll_days=60: expected fewer than 60"),
    ({"instrument": "6J", "rebalance": "daily"}, r"paths\.fx_hedge\.rebalance='daily': expected one of roll, none"),
    ({"instrument": "6J", "rebalance": True}, r"paths\.fx_hedge\.rebalance=True: expected a quoted name"),
    ({"instrument": "6J", "ratoi": 1.0}, r"paths\.fx_hedge\.ratoi.*did you mean 'ratio'"),
])
def test_errors_name_the_key(table, match):
    with pytest.raises(InputError, match=match):
        config_from_dict(seed_with(table))


def test_not_a_table():
    with pytest.raises(InputError, match=r"paths\.fx_hedge='OTC_FX': expected a table"):
        config_from_dict(seed_with("OTC_FX"))


def uncommented(text: str) -> str:
    """``text`` with its commented ``[paths.fx_hedge]`` block (up to the next blank line) switched on."""
    lines, on = [], False
    for line in text.splitlines():
        if line.startswith("# [paths.fx_hedge]"):
            on = True
        elif not line.strip():
            on = False
        if on and line.startswith("# ") and "=" in line or on and line.startswith("# [paths.fx_hedge]"):
            line = line[2:]
        lines.append(line)
    return "\n".join(lines)


@pytest.mark.parametrize("name", ["seed", "defensive", "balanced", "advanced", "balanced.ja"])
def test_the_commented_example_loads_when_switched_on(name):
    root = Path(__file__).resolve().parents[3]
    path = SEED if name == "seed" else root / "hedgeopt" / "config" / "templates" / f"{name}.toml"
    config = config_from_dict(tomllib.loads(uncommented(path.read_text(encoding="utf-8"))))
    assert config.paths.fx_hedge is not None and config.paths.fx_hedge.instrument == "CLICK365"

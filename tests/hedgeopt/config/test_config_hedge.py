"""The [risk] and [hedge] config sections: defaults, values, and every error with its key path."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from hedgeopt.config.config import HedgeSpec, RiskSpec, config_from_dict
from pricing import InputError

SEED = Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml"


@pytest.fixture
def seed_dict():
    return tomllib.loads(SEED.read_text())


def test_defaults_without_sections(seed_dict):
    del seed_dict["risk"], seed_dict["hedge"]
    cfg = config_from_dict(seed_dict)
    assert cfg.risk == RiskSpec() and cfg.hedge == HedgeSpec()
    assert cfg.risk.cap == 0.20 and cfg.risk.leverage_cap == 1.3 and cfg.hedge.candidates.months == (2, 3, 6, 12, 24)


def test_seed_values(seed_dict):
    cfg = config_from_dict(seed_dict)
    assert cfg.hedge.yearly_budget == 100_000 and cfg.hedge.integer
    # put_moneyness = { start = 0.75, stop = 1.0, step = 0.025 }: 11 strikes.
    assert len(cfg.hedge.candidates.put_moneyness) == 11
    assert cfg.hedge.candidates.put_moneyness[0] == 0.75 and cfg.hedge.candidates.put_moneyness[-1] == 1.0


def test_cvar_section(seed_dict):
    seed_dict["risk"]["cvar"] = {"level": 0.95, "cap": 0.15}
    cvar = config_from_dict(seed_dict).risk.cvar
    assert (cvar.level, cvar.cap) == (0.95, 0.15)


@pytest.mark.parametrize(
    ("section", "key", "value", "match"),
    [
        ("risk", "cap", 20, r"risk\.cap=20\.0: expected a decimal fraction in \(0, 1\]"),
        ("risk", "capp", 0.2, r"risk\.capp=0\.2: .*did you mean 'cap'"),
        ("risk", "cvar", {"level": 95, "cap": 0.1}, r"risk\.cvar\.level=95: expected a confidence level"),
        ("risk", "leverage_cap", -1, r"risk\.leverage_cap=-1\.0: expected a number > 0"),
        ("hedge", "symbol", "ES", r"hedge\.symbol='ES': expected an index option contract"),
        ("hedge", "months", [0], r"hedge\.months=\[0\]: expected whole numbers of months >= 1"),
        ("hedge", "put_moneyness", [0.9, -0.1], r"hedge\.put_moneyness\[1\]=-0\.1: expected a number > 0"),
        ("hedge", "budget", -5, r"hedge\.budget=-5\.0: expected a number >= 0"),
        ("hedge", "frontier_caps", [0.1, 5], r"hedge\.frontier_caps=5\.0: expected caps as fractions"),
        ("hedge", "spred_widths", [0.1], r"did you mean 'spread_widths'"),
        ("hedge", "symbol", 5, r"hedge\.symbol=5: expected an index option contract"),
        ("hedge", "months", [True], r"hedge\.months=\[True\]: expected whole numbers"),
        ("hedge", "spread_widths", [0.1, 1.0], r"hedge\.spread_widths=1\.0: expected widths .* below 1"),
        ("hedge", "puts", "no", r"hedge\.puts='no': expected true or false"),
        ("hedge", "integer", 1, r"hedge\.integer=1: expected true or false"),
        ("hedge", "budget", "50000", r"hedge\.budget='50000': expected a number \(without quotes\)"),
        ("hedge", "commission", -1, r"hedge\.commission=-1\.0: expected a number >= 0"),
        ("risk", "cap", "0.2", r"risk\.cap='0\.2': expected a number"),
        ("risk", "cvar", {"level": 0.95}, r"risk\.cvar\.cap=None: expected a value"),
        ("risk", "leverage_cap", 130, r"risk\.leverage_cap=130\.0: .*up to 10.*looks like a percentage"),
    ],
)
def test_errors_name_the_key(seed_dict, section, key, value, match):
    seed_dict[section][key] = value
    with pytest.raises(InputError, match=match):
        config_from_dict(seed_dict)

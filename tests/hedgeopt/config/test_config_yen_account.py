"""Config of the account's yen: ``[[account.mmf]] hedged / hedge_fee`` and ``[[account.fx_hedge]]``.

Every bad value fails with an InputError naming its key; TOML strings and booleans are never read as numbers.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from hedgeopt.config.config import config_from_dict
from hedgeopt.config.templates import template_text
from hedgeopt.face.cli import main
from pricing import InputError

SEED = Path(__file__).resolve().parents[3] / "examples" / "seed_10m.toml"


@pytest.fixture
def seed():
    return tomllib.loads(SEED.read_text())


def with_mmf(data: dict, **keys) -> dict:
    data["account"]["mmf"][0].update(keys)
    return data


def with_hedges(data: dict, *tables: dict) -> dict:
    data["account"]["fx_hedge"] = list(tables)
    return data


def test_hedged_mmf_and_held_hedges_load(seed):
    config = config_from_dict(with_hedges(with_mmf(seed, hedged=True, hedge_fee=0.004),
                                          {"symbol": "click365", "lots": 3},
                                          {"symbol": "6J", "lots": 1, "maturity": dt.date(2027, 3, 15)},
                                          {"symbol": "USDJPY_FWD", "lots": 7.5, "maturity": "2027-01-04"}))
    fund = config.account.mmf[0]
    assert fund.hedged is True and fund.hedge_fee == 0.004
    assert [(h.hedge.symbol, h.hedge.maturity, h.lots) for h in config.account.fx_hedges] == [
        ("CLICK365", None, 3.0), ("6J", dt.date(2027, 3, 15), 1.0), ("USDJPY_FWD", dt.date(2027, 1, 4), 7.5)]
    unhedged = config_from_dict(tomllib.loads(SEED.read_text()))
    assert unhedged.account.mmf[0].hedged is False and unhedged.account.fx_hedges == ()


@pytest.mark.parametrize(("keys", "match"), [
    ({"hedged": "yes"}, r"account\.mmf\[0\]\.hedged='yes': expected true or false \(without quotes\)"),
    ({"hedged": 1}, r"account\.mmf\[0\]\.hedged=1: expected true or false"),
    ({"hedged": True, "hedge_fee": "0.003"}, r"account\.mmf\[0\]\.hedge_fee='0\.003': expected a number .*quoted"),
    ({"hedged": True, "hedge_fee": True}, r"account\.mmf\[0\]\.hedge_fee=True: expected a number .*never read"),
    ({"hedged": True, "hedge_fee": 0.5 * 20}, r"account\.mmf\[0\]\.hedge_fee=10\.0: expected a decimal"),
    ({"hedged": True, "currency": "JPY", "amount_currency": "JPY"},
     r"account\.mmf\[0\]\.hedged=True: expected false: the fund is in the base currency JPY"),
])
def test_bad_mmf_hedge_values_name_their_key(seed, keys, match):
    with pytest.raises(InputError, match=match):
        config_from_dict(with_mmf(seed, **keys))


@pytest.mark.parametrize(("table", "match"), [
    ({"symbol": "OTC_FX", "lots": -1}, r"account\.fx_hedge\[0\]\.lots=-1(\.0)?: expected a number > 0"),
    ({"symbol": "OTC_FX", "lots": "3"}, r"account\.fx_hedge\[0\]\.lots='3': expected a number \(without quotes\)"),
    ({"symbol": "OTC_FX", "lots": True}, r"account\.fx_hedge\[0\]\.lots=True: expected a number"),
    ({"symbol": "CLICK365", "lots": 2.5}, r"account\.fx_hedge\[0\]\.lots=2\.5: expected a whole number of lots"),
    ({"symbol": "USDJPY_FUT", "lots": 1}, r"account\.fx_hedge\[0\]\.symbol='USDJPY_FUT': expected one of "
                                          r"USDJPY_FWD, 6J, MJY, CLICK365, OTC_FX"),
    ({"symbol": 6, "lots": 1}, r"account\.fx_hedge\[0\]\.symbol=6: expected a yen hedge symbol"),
    ({"symbol": "6J", "lots": 1}, r"account\.fx_hedge\[0\]\.maturity=None: expected a delivery or expiry date"),
    ({"symbol": "OTC_FX", "lots": 1, "maturity": "2027-03-15"}, r"account\.fx_hedge\[0\]\.maturity=.*OTC_FX is "
                                                                r"rolled daily"),
    ({"symbol": "MJY", "lots": 1, "maturity": "2026-09-14"}, r"account\.fx_hedge\[0\]\.maturity='2026-09-14': "
                                                             r"expected a date after the valuation date"),
    ({"symbol": "OTC_FX"}, r"account\.fx_hedge\[0\]\.lots=None: expected a value \(this key is required\)"),
    ({"symbol": "OTC_FX", "lot": 3}, r"account\.fx_hedge\[0\]\.lot=3: .*did you mean 'lots'"),
])
def test_bad_fx_hedge_values_name_their_key(seed, table, match):
    with pytest.raises(InputError, match=match):
        config_from_dict(with_hedges(seed, table))


def test_fx_hedge_must_be_an_array_of_tables(seed):
    seed["account"]["fx_hedge"] = {"symbol": "OTC_FX", "lots": 3}
    with pytest.raises(InputError, match=r"account\.fx_hedge=.*expected an array of tables"):
        config_from_dict(seed)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_defensive_template_shows_both_and_they_load_uncommented(lang):
    text = template_text("defensive", lang)
    assert "# hedged = true" in text and "# [[account.fx_hedge]]" in text
    opened = (text.replace("# hedged = true", "hedged = true").replace("# hedge_fee", "hedge_fee")
              .replace("# [[account.fx_hedge]]", "[[account.fx_hedge]]").replace('# symbol = "CLICK365"',
                                                                                'symbol = "CLICK365"')
              .replace("# lots = 4", "lots = 4"))
    account = config_from_dict(tomllib.loads(opened)).account
    assert account.mmf[0].hedged and account.mmf[0].hedge_fee == 0.0025
    assert [(h.hedge.symbol, h.lots) for h in account.fx_hedges] == [("CLICK365", 4.0)]


def test_cli_reads_a_yen_hedge_and_rejects_a_bad_one(tmp_path, capsys):
    text = SEED.read_text().replace("[scenarios]\n", '[[account.fx_hedge]]\nsymbol = "OTC_FX"\nlots = 46\n\n'
                                    "[scenarios]\n", 1)
    good = tmp_path / "good.toml"
    good.write_text(text)
    assert main(["what-if", str(good), "--equity", "-0.30", "--fx", "-0.10"]) == 0
    assert "yen hedges: margin required" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("lots = 46", 'lots = "46"'))
    assert main(["stress", str(bad)]) == 2
    assert "account.fx_hedge[0].lots='46'" in capsys.readouterr().err

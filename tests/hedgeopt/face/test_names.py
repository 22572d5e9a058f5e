"""Scenario, episode, instrument and market names in Japanese: every shipped episode has its name."""

from __future__ import annotations

from hedgeopt.face.i18n import CATALOGUE
from hedgeopt.face.names import currency_move, instrument_name, scenario_name
from scenarios import EPISODES


def test_every_shipped_episode_has_a_japanese_name_and_no_other_does():
    shipped = {e.name for e in EPISODES}
    assert {k.removeprefix("episode:") for k in CATALOGUE if k.startswith("episode:")} == shipped
    for name in shipped:
        assert scenario_name(name, "ja") != name and scenario_name(name, "en") == name


def test_a_grid_label_reads_the_yen_with_its_levels():
    label = "SPX -40% / USD +10% / vol +5 / 91d / rate +50bp / resp 0.2"
    assert scenario_name(label, "ja", {"USD": 150.0}) == \
        "SPX -40% / 円安 150→165円 / IV +5pt / 91日後 / 金利 +50bp / IV感応度 0.2"
    assert scenario_name("what-if: SPX -30% / USD -10% / vol +0 / 0d", "ja", {"USD": 150.0}) == \
        "想定: SPX -30% / 円高 150→135円 / IV +0pt / 0日後"
    # a base other than the yen keeps the currency's own move
    assert currency_move("USD", -0.10, "EUR", 0.9) == "USD -10%"


def test_a_users_own_label_passes_through():
    assert scenario_name("my own crash", "ja") == "my own crash"
    assert instrument_name("NK225M_OPT 2027-03-12 36000 put", "ja") == "NK225M_OPT 2027-03-12満期 36000 プット"

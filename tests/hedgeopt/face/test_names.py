"""Scenario, episode, instrument and market names in Japanese: every shipped episode has its name."""

from __future__ import annotations

import pytest

from hedgeopt.config.config import load_config
from hedgeopt.config.fx_hedge_spec import FxCandidateSpec
from hedgeopt.face.i18n import CATALOGUE
from hedgeopt.face.names import currency_move, instrument_name, scenario_name
from pricing.fx.instruments import FxHedge
from pricing.fx.terms import FX_CATALOGUE
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


def test_every_yen_hedge_has_a_name_in_both_languages_and_no_english_in_japanese(english_words):
    assert {k.removeprefix("fx_name:") for k in CATALOGUE if k.startswith("fx_name:")} == set(FX_CATALOGUE)
    market = load_config("examples/seed_10m.toml").market
    labels = [i.label for i in FxCandidateSpec().candidates(market)]
    assert len(labels) == 26  # 18 USD/JPY options (3 expiries × 3 strikes, put and spread), 8 linear: OTC_FX,
    # CLICK365, two expiries of MJY and of 6J, forwards 1 and 3 months out
    for label in labels:
        en, ja = instrument_name(label), instrument_name(label, "ja")
        assert en != label and ja != label and ja != en, label
        assert english_words(ja) == set(), (label, ja)


@pytest.mark.parametrize(("label", "en", "ja"), [
    ("OTC_FX USDJPY (sell USD)", "OTC FX, sell USD", "店頭FX ドル売り"),
    ("CLICK365 USDJPY (sell USD)", "Click 365, sell USD", "くりっく365 ドル売り"),
    ("6J 2027-03-15 yen future (sell USD)", "CME yen future 2027-03 (6J), sell USD",
     "CME 円先物 2027年3月限(ドル売り)"),
    ("MJY 2027-06-14 yen future (sell USD)", "CME micro yen future 2027-06 (MJY), sell USD",
     "CME マイクロ円先物 2027年6月限(ドル売り)"),
    ("USDJPY_FWD 2026-12-25 forward (sell USD)", "bank forward for 2026-12-25, sell USD",
     "為替予約(ドル売り) 2026-12-25受渡"),
    ("USDJPY_OPT 2027-02-19 135 put", "USD/JPY 2027-02-19 135 put",
     "ドル/円 2027-02-19満期 135 プット(ドルプット・円コール)"),
    ("USDJPY_OPT 2027-02-19 135/127.5 put spread", "USD/JPY 2027-02-19 135/127.5 put spread",
     "ドル/円 2027-02-19満期 135/127.5 プットスプレッド"),
])
def test_yen_hedge_names(label, en, ja):
    assert (instrument_name(label), instrument_name(label, "ja")) == (en, ja)


def test_the_names_follow_the_library_labels():
    """The parser reads the labels FxHedge writes (a label format change fails here, not on a user's screen)."""
    assert instrument_name(FxHedge("6J", "2027-03-15").label, "ja") == "CME 円先物 2027年3月限(ドル売り)"
    assert instrument_name(FxHedge("OTC_FX").label) == "OTC FX, sell USD"

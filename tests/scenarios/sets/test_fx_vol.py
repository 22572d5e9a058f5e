"""FX implied vol in scenarios: the FxVolResponse by hand, and ``vol.USDJPY`` in grid, Monte Carlo and episodes.

Sign convention held throughout: ``fx.USD`` < 0 is USDJPY down, the yen up (risk-off), and it lifts USDJPY vol.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from pricing import InputError
from scenarios import FactorModel, FxVolResponse, grid, historical_episodes, monte_carlo
from scenarios.sets.historical import EPISODES, episode

# First three draws of monte_carlo(3, seed=1) (Student-t, dof 6, default vols and corr), computed with the code
# as it was before the FX vol column existed (commit eb3f91b): adding vol.USDJPY must not move them.
SEED1_SPX = [0.014251631399821673, 0.03182637611760644, 0.01565724624200249]
SEED1_NKY = [-0.04093711109823323, 0.058372121752804165, 0.03242823296391291]
SEED1_USD = [-0.016808936029443933, 0.02197947042219226, 0.01459962578696442]


# -- FxVolResponse --------------------------------------------------------------------------------------------------
def test_response_by_hand():
    r = FxVolResponse(yen_up_beta=0.5, yen_down_beta=0.15)
    # USDJPY -10%: 0.5 × 0.10 = 0.05; flat: 0; +20%: 0.15 × 0.20 = 0.03; -30%: 0.5 × 0.30 = 0.15.
    np.testing.assert_allclose(r.shift([-0.10, 0.0, 0.20, -0.30]), [0.05, 0.0, 0.03, 0.15], rtol=0, atol=1e-15)
    assert FxVolResponse(1.0, 0.0).shift(0.25) == 0.0  # no yen-down response: a yen fall leaves vol alone
    assert FxVolResponse(0.0, 0.4).shift(-0.10) == 0.0  # no yen-up response
    assert FxVolResponse(0.0, 0.4).shift(0.10) == pytest.approx(0.04, abs=1e-15)


def test_defaults_are_the_low_end_of_the_episodes():
    r = FxVolResponse()
    assert (r.yen_up_beta, r.yen_down_beta) == (0.5, 0.15)
    assert FactorModel().fx_vol_response == r
    # Implied betas of the recorded episodes (FxVolResponse docstring table): 2024-08 at least 5.4 / 11.0 = 0.49,
    # 2008-10 about 15.5 / 6.9 = 2.2; the yen-up default sits at the low one. Yen down: 2022 about 0.25 > 0.15.
    assert r.yen_up_beta <= 0.054 / 0.110 + 0.01
    assert r.yen_down_beta < 0.25 and r.yen_down_beta < r.yen_up_beta


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"yen_up_beta": -0.1}, r"fx_vol_response\.yen_up_beta=-0\.1: expected a number >= 0"),
        ({"yen_down_beta": 20.0}, r"fx_vol_response\.yen_down_beta=20\.0: expected vol points per unit"),
        ({"yen_up_beta": "0.5"}, r"fx_vol_response\.yen_up_beta='0\.5': expected a number"),
        ({"yen_up_beta": True}, r"fx_vol_response\.yen_up_beta=True: expected a number"),
        ({"yen_up_beta": float("nan")}, r"fx_vol_response\.yen_up_beta=nan: expected a finite number"),
        ({"yen_up_beta": [0.5, 0.6]}, r"fx_vol_response\.yen_up_beta=\[0\.5, 0\.6\]: expected a single number"),
    ],
)
def test_response_rejects(kwargs, match):
    with pytest.raises(InputError, match=match):
        FxVolResponse(**kwargs)


def test_response_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        FxVolResponse().yen_up_beta = 1.0  # type: ignore[misc]


# -- grid -----------------------------------------------------------------------------------------------------------
def test_grid_pair_vol_rises_most_when_the_yen_rises():
    g = grid([-0.2], fx=[-0.10, 0.0, 0.10], vol_shift=[0.05])
    # 0.5 × 0.10 = 0.05 (yen up), 0, 0.15 × 0.10 = 0.015 (yen down); vol_shift moves index vols only.
    np.testing.assert_allclose(g.vol("USDJPY"), [0.05, 0.0, 0.015], rtol=0, atol=1e-15)
    assert g.vol("SPX")[0] == pytest.approx(0.8 * 0.2 + 0.05, abs=1e-15)


def test_grid_names_the_pair_by_currency_and_base():
    g = grid([0.0], fx=[-0.1], currency="EUR", base="USD")
    assert "vol.EURUSD" in g.table.columns and g.vol("EURUSD")[0] == pytest.approx(0.05, abs=1e-15)


def test_grid_fx_vol_responses_are_an_axis():
    weak, strong = FxVolResponse(0.3, 0.1), FxVolResponse(1.5, 0.3)
    g = grid([-0.3], fx=[-0.1, 0.1], fx_vol_responses=[weak, strong])
    assert len(g) == 4
    assert [label.rsplit("/ ", 1)[-1] for label in g.labels] == ["fx resp 0.3", "fx resp 1.5"] * 2
    # fx -0.1: 0.3 × 0.1 = 0.03 and 1.5 × 0.1 = 0.15; fx +0.1: 0.1 × 0.1 = 0.01 and 0.3 × 0.1 = 0.03.
    np.testing.assert_allclose(g.vol("USDJPY"), [0.03, 0.15, 0.01, 0.03], rtol=0, atol=1e-15)
    np.testing.assert_allclose(g.vol("SPX"), [0.24] * 4, rtol=0, atol=1e-15)  # index vols unchanged by the axis


def test_grid_uses_the_model_response():
    g = grid([0.0], fx=[-0.2], model=FactorModel(fx_vol_response=FxVolResponse(1.0, 0.0)))
    assert g.vol("USDJPY")[0] == pytest.approx(0.20, abs=1e-15)


# -- Monte Carlo ----------------------------------------------------------------------------------------------------
def test_monte_carlo_seed_still_draws_the_same_returns():
    s = monte_carlo(3, seed=1)
    np.testing.assert_array_equal(s.equity("SPX"), SEED1_SPX)
    np.testing.assert_array_equal(s.equity("NKY"), SEED1_NKY)
    np.testing.assert_array_equal(s.fx("USD"), SEED1_USD)
    # vol.USDJPY by hand from the drawn fx: yen up 1.68% → 0.5 × 0.0168; yen down → 0.15 × the rise.
    expected = [0.5 * -SEED1_USD[0], 0.15 * SEED1_USD[1], 0.15 * SEED1_USD[2]]
    np.testing.assert_allclose(s.vol("USDJPY"), expected, rtol=1e-15, atol=0)


def test_monte_carlo_response_changes_vols_only():
    a = monte_carlo(20_000, seed=5)
    b = monte_carlo(20_000, seed=5, fx_vol_response=FxVolResponse(2.0, 1.0))
    for col in ("equity.SPX", "equity.NKY", "fx.USD", "vol.SPX", "vol.NKY"):
        np.testing.assert_array_equal(a.table[col], b.table[col])
    np.testing.assert_allclose(b.vol("USDJPY"), FxVolResponse(2.0, 1.0).shift(b.fx("USD")), rtol=1e-15, atol=0)


def test_monte_carlo_pair_vol_is_high_where_the_yen_rose():
    s = monte_carlo(50_000, seed=2)
    fx, vol = s.fx("USD"), s.vol("USDJPY")
    assert (vol >= 0).all()
    # Same-size moves: the yen-up side carries 0.5 / 0.15 = 3.3x the vol change of the yen-down side.
    yen_up, yen_down = fx < -0.03, fx > 0.03
    assert vol[yen_up].mean() > 3 * vol[yen_down].mean()
    assert np.corrcoef(s.equity("SPX"), vol)[0, 1] < 0  # SPX-USD corr 0.3: equity falls come with yen rallies


def test_monte_carlo_without_currency_has_no_pair_vol():
    s = monte_carlo(10, seed=1, currency=None)
    assert not [c for c in s.table.columns if c.startswith("vol.") and c not in ("vol.SPX", "vol.NKY")]


# -- historical episodes --------------------------------------------------------------------------------------------
def test_every_episode_has_a_pair_vol_and_its_source():
    for ep in EPISODES:
        source = ep.sources["usdjpy_vol"]
        assert source.strip(), ep.name
        if source.startswith("modelled"):
            assert ep.usdjpy_vol == pytest.approx(float(FxVolResponse().shift(ep.usdjpy)), abs=1e-10), ep.name
            assert f"{ep.usdjpy:+.2%}" in source, ep.name
        else:
            assert "approximate" in source, ep.name


def test_recorded_episode_figures():
    lehman, carry = episode("2008-09 Lehman"), episode("2024-08 Yen carry unwind")
    assert lehman.usdjpy_vol == pytest.approx(0.2555 - 0.10, abs=1e-12)  # about 10% -> 25.55% (Bloomberg 10-08)
    assert "25.55%" in lehman.sources["usdjpy_vol"] and "Bloomberg" in lehman.sources["usdjpy_vol"]
    assert carry.usdjpy_vol == pytest.approx(0.160 - 0.106, abs=1e-12)  # below 10.6% -> 16.0% (Tickmill)
    assert "16.0%" in carry.sources["usdjpy_vol"] and "Tickmill" in carry.sources["usdjpy_vol"]
    # Both are risk-off windows in which the yen rose: vol up with it.
    assert lehman.usdjpy < 0 < lehman.usdjpy_vol and carry.usdjpy < 0 < carry.usdjpy_vol


def test_episodes_carry_pair_vol_with_the_right_sign():
    s = historical_episodes()
    fx, vol = s.fx("USD"), s.vol("USDJPY")
    assert (vol >= 0).all()
    assert vol[fx < -0.10].min() > vol[fx > 0.10].max()  # big yen rallies lift vol more than big yen falls
    row = historical_episodes("2022 Rate-hike bear").table.iloc[0]
    assert row["vol.USDJPY"] == pytest.approx(0.15 * (146.87 / 115.27 - 1), abs=1e-10)  # modelled: +4.1 points


def test_episodes_under_a_given_response():
    r = FxVolResponse(1.0, 0.5)
    s = historical_episodes(["2008-09 Lehman", "2022 Rate-hike bear"], fx_vol_response=r)
    # Lehman: 1.0 × 11.65% = 0.1165; 2022: 0.5 × 27.41% = 0.1371 (FRED DEXJPUS closes as typed).
    np.testing.assert_allclose(s.vol("USDJPY"), [1.0 * (1 - 94.98 / 107.51), 0.5 * (146.87 / 115.27 - 1)],
                               rtol=0, atol=1e-12)


def test_episode_pair_vol_is_validated():
    with pytest.raises(InputError, match=r"x\.usdjpy_vol=15\.5: expected a vol change in decimals"):
        dataclasses.replace(episode("2008-09 Lehman"), name="x", usdjpy_vol=15.5)

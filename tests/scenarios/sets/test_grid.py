"""Grid scenarios: inclusive ranges, cartesian size, labels, betas and the vol response, every input check."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from pricing import InputError
from scenarios import FactorModel, VolResponse, grid, grid_values


# -- grid_values ----------------------------------------------------------------------------------------------------
def test_grid_values_inclusive_and_robust_to_rounding():
    # −0.40 to 0.20 by 0.05: (0.20 + 0.40) / 0.05 + 1 = 13 values, the stop included despite binary rounding.
    values = grid_values("equity", -0.40, 0.20, 0.05)
    assert values.size == 13
    np.testing.assert_allclose(values, np.arange(-8, 5) * 0.05, atol=1e-15)
    assert grid_values("equity", 0.0, 0.3, 0.1).size == 4  # 0.3 / 0.1 = 2.9999999999999996 in floating point
    assert grid_values("equity", 0.0, 0.0, 0.05).tolist() == [0.0]  # start = stop: one value
    assert grid_values("equity", 0.0, 0.29, 0.1).size == 3  # stop not on the grid: not exceeded


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((-0.1, 0.1, 0.0), r"equity\.step=0\.0: expected a step > 0"),
        ((-0.1, 0.1, -0.05), r"equity\.step=-0\.05: expected a step > 0"),
        ((0.1, -0.1, 0.05), r"equity\.stop=-0\.1: expected a value >= start \(0\.1\) \(the range is empty\)"),
    ],
)
def test_grid_values_rejects(args, match):
    with pytest.raises(InputError, match=match):
        grid_values("equity", *args)


# -- grid ----------------------------------------------------------------------------------------------------------
def test_grid_size_is_product_of_axes():
    g = grid([-0.3, -0.1, 0.1], [-0.1, 0.0], [0.0, 0.05], [0.0, 0.01], [0, 30])
    assert len(g) == 3 * 2 * 2 * 2 * 2  # 48
    assert g.name == "grid"
    assert len(grid([-0.3, 0.0, 0.2], [-0.1, 0.0])) == 6  # defaults: one vol, rate and horizon value


def test_grid_rows_cover_every_combination():
    eq, fx, vs, rs, hd = [-0.3, 0.1], [-0.1, 0.0], [0.0, 0.05], [0.0, 0.01], [0, 30]
    g = grid(eq, fx, vs, rs, hd)
    got = set(zip(g.equity("SPX"), g.fx("USD"), g.rate("USD"), g.horizon_days, strict=True))
    assert got == set(itertools.product(eq, fx, rs, hd))


def test_grid_factors_by_hand():
    g = grid([-0.30], [-0.10], [0.05], [0.01], [30])
    assert g.labels == ["SPX -30% / USD -10% / vol +5 / 30d / rate +100bp"]
    assert g.equity("SPX")[0] == -0.30
    assert g.equity("NKY")[0] == pytest.approx(-0.33, abs=1e-15)  # default beta 1.1 × −0.30
    # vol: response 0.8 × 0.30 = 0.24 plus the explicit 0.05 → 0.29; NKY: 0.8 × 0.33 + 0.05 = 0.314.
    assert g.vol("SPX")[0] == pytest.approx(0.29, abs=1e-15)
    assert g.vol("NKY")[0] == pytest.approx(0.314, abs=1e-15)
    assert g.fx("USD")[0] == -0.10 and g.rate("USD")[0] == 0.01
    assert g.horizon_days.tolist() == [30]
    assert sorted(c for c in g.table.columns if "." in c) == [
        "equity.NKY", "equity.SPX", "fx.USD", "rate.USD", "vol.NKY", "vol.SPX", "vol.USDJPY"]
    assert g.vol("USDJPY")[0] == pytest.approx(0.05, abs=1e-15)  # FX vol: yen-up beta 0.5 × 0.10, no vol_shift


def test_grid_rally_lowers_vol():
    g = grid([0.10], vol_shift=[0.0])
    # Up move: −0.2 × 0.10 = −0.02 (SPX); NKY +0.11 → −0.022. No rate label when the rate shift is 0.
    assert g.vol("SPX")[0] == pytest.approx(-0.02, abs=1e-15)
    assert g.vol("NKY")[0] == pytest.approx(-0.022, abs=1e-15)
    assert g.labels == ["SPX +10% / USD +0% / vol +0 / 30d"]


def test_grid_with_custom_model_and_currency():
    model = FactorModel(driver="NKY", betas={"SPX": 0.5}, vol_response=VolResponse(1.0, 0.0))
    g = grid([-0.20], [0.05], currency="EUR", model=model, horizon_days=[7])
    assert g.labels == ["NKY -20% / EUR +5% / vol +0 / 7d"]
    assert g.equity("NKY")[0] == -0.20 and g.equity("SPX")[0] == pytest.approx(-0.10, abs=1e-15)
    assert g.vol("NKY")[0] == pytest.approx(0.20, abs=1e-15) and g.vol("SPX")[0] == pytest.approx(0.10, abs=1e-15)
    assert g.fx("EUR")[0] == 0.05 and g.fx("USD")[0] == 0.0


def test_grid_concatenates_with_other_sets():
    a, b = grid([-0.3]), grid([0.1], horizon_days=[0])
    c = a + b
    assert len(c) == 2 and c.horizon_days.tolist() == [30, 0]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"equity": []}, r"equity=\[\]: expected at least one value \(the range is empty\)"),
        ({"equity": [0.0], "fx": []}, r"fx=\[\]: expected at least one value"),
        ({"equity": [0.0], "horizon_days": []}, r"horizon_days=\[\]: expected at least one value"),
        ({"equity": [np.nan]}, r"equity=nan: expected a finite number"),
        ({"equity": [-1.0]}, r"equity\.SPX=-1\.0: expected a decimal return > -1"),
        ({"equity": [-30.0]}, r"equity\.SPX=-30\.0: expected a decimal return > -1"),
        ({"equity": [0.0], "fx": [-2.0]}, r"fx\.USD=-2\.0: expected a decimal return > -1"),
        ({"equity": [0.0], "rate_shift": [1.0]}, r"rate\.USD=1\.0: .*looks like a percentage"),
        ({"equity": [0.0], "vol_shift": [5.0]}, r"vol\.SPX=5\.0: .*looks like a percentage"),
        ({"equity": [0.0], "horizon_days": [1.5]}, r"horizon_days=.*1\.5.*: expected a whole number of days"),
        ({"equity": [0.0], "horizon_days": [-1]}, r"horizon_days=.*-1.*: expected a whole number of days"),
    ],
)
def test_grid_rejects(kwargs, match):
    with pytest.raises(InputError, match=match):
        grid(**kwargs)


def test_vol_responses_are_an_axis_and_each_row_uses_its_own():
    # SPX -30% under responses 0.3 and 1.5: vol.SPX = 0.3 * 0.30 = 0.09 and 1.5 * 0.30 = 0.45 (hand arithmetic).
    s = grid([-0.3, 0.1], vol_responses=[VolResponse(0.3, 0.0), VolResponse(1.5, 0.1)])
    assert len(s) == 4
    assert s.labels[0].endswith("/ resp 0.3") and s.labels[1].endswith("/ resp 1.5")
    np.testing.assert_allclose(s.vol("SPX"), [0.09, 0.45, 0.0, -0.01], atol=1e-15)

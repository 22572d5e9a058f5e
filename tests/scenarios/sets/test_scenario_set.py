"""ScenarioSet validation, accessors, concatenation and subsets; FactorModel betas; VolResponse by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pricing import InputError
from scenarios import FactorModel, ScenarioSet, VolResponse, equity_col, fx_col, rate_col, vol_col


def table(**cols) -> pd.DataFrame:
    n = len(next(iter(cols.values()))) if cols else 1
    base = {"label": [f"s{i}" for i in range(n)], "horizon_days": [0] * n}
    base.update({k.replace("_", ".", 1) if k not in ("label", "horizon_days") else k: v for k, v in cols.items()})
    return pd.DataFrame(base)


# -- validation ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("frame", "match"),
    [
        (pd.DataFrame({"horizon_days": [0]}), r"scenarios\.columns=\['horizon_days'\]: expected columns 'label'"),
        (pd.DataFrame({"label": ["a"]}), r"scenarios\.columns=\['label'\]: expected columns 'label' and"),
        (pd.DataFrame({"label": [], "horizon_days": []}), r"scenarios='0 rows': expected at least one scenario"),
        (table(spx=[0.1]), r"scenarios\.columns=\['spx'\]: expected factor columns named equity\.X"),
        (table(horizon_days=[0, -3]), r"horizon_days=.*-3.*: expected a whole number of days >= 0"),
        (table(horizon_days=[1.5]), r"horizon_days=.*1\.5.*: expected a whole number of days >= 0"),
        (table(horizon_days=[np.nan]), r"horizon_days=nan: expected a finite number"),
        (table(equity_SPX=[0.1, -30.0]), r"equity\.SPX\[1\]=-30\.0: expected a decimal return > -1"),
        (table(equity_SPX=[-1.0]), r"equity\.SPX=-1\.0: expected a decimal return > -1"),
        (table(equity_SPX=[np.nan]), r"equity\.SPX=nan: expected a finite number"),
        (table(fx_USD=[-1.0]), r"fx\.USD=-1\.0: expected a decimal return > -1"),
        (table(rate_USD=[1.0]), r"rate\.USD=1\.0: expected a decimal such as 0\.04 \(1\.0 looks like a percentage\)"),
        (table(vol_SPX=[10.0]), r"vol\.SPX=10\.0: expected a vol change in decimals.*looks like a percentage"),
        (table(vol_SPX=[-2.5]), r"vol\.SPX=-2\.5: expected a vol change in decimals"),
    ],
)
def test_invalid_tables_rejected(frame, match):
    with pytest.raises(InputError, match=match):
        ScenarioSet(frame)


def test_non_numeric_factor_rejected():
    with pytest.raises(InputError, match=r"equity\.SPX='x': expected a number"):
        ScenarioSet(table(equity_SPX=["x"]))


def test_negative_horizon_message_shows_plain_number():
    with pytest.raises(InputError, match=r"horizon_days=-3(\.0)?: expected"):
        ScenarioSet(table(horizon_days=[0, -3]))


def test_negative_vol_shift_allowed():
    # A vol shift is additive and may be negative (vols falling in a rally).
    assert ScenarioSet(table(vol_SPX=[-0.05])).vol("SPX")[0] == -0.05


def test_from_records_empty():
    with pytest.raises(InputError, match=r"scenarios\.columns=\[\]: expected columns"):
        ScenarioSet.from_records([])


# -- accessors ------------------------------------------------------------------------------------------------------
def test_accessors_and_missing_factors_are_zero():
    s = ScenarioSet.from_records([
        {"label": "crash", "horizon_days": 30, "equity.SPX": -0.3, "fx.USD": -0.1},
        {"label": 7, "horizon_days": 0.0, "vol.SPX": 0.2, "rate.USD": 0.01},
    ], name="two")
    assert len(s) == 2 and s.name == "two"
    assert s.labels == ["crash", "7"]  # labels made str
    assert s.horizon_days.dtype == np.int64 and s.horizon_days.tolist() == [30, 0]
    # Missing entries of present columns are filled with 0 by from_records; absent columns read 0.
    np.testing.assert_array_equal(s.equity("SPX"), [-0.3, 0.0])
    np.testing.assert_array_equal(s.fx("USD"), [-0.1, 0.0])
    np.testing.assert_array_equal(s.vol("SPX"), [0.0, 0.2])
    np.testing.assert_array_equal(s.rate("USD"), [0.0, 0.01])
    np.testing.assert_array_equal(s.equity("NKY"), [0.0, 0.0])
    np.testing.assert_array_equal(s.fx("EUR"), [0.0, 0.0])
    assert repr(s) == "ScenarioSet(name='two', n=2, factors=['equity.SPX', 'fx.USD', 'vol.SPX', 'rate.USD'])"


def test_column_names():
    assert (equity_col("SPX"), fx_col("USD"), vol_col("NKY"), rate_col("JPY")) == (
        "equity.SPX", "fx.USD", "vol.NKY", "rate.JPY")


def test_table_is_copied():
    frame = table(equity_SPX=[-0.1, -0.2])
    s = ScenarioSet(frame)
    frame.loc[0, "equity.SPX"] = -0.9
    assert s.equity("SPX")[0] == -0.1


# -- concatenation and subsets --------------------------------------------------------------------------------------
def test_concat_fills_missing_factors_with_zero():
    a = ScenarioSet.from_records([{"label": "a", "horizon_days": 0, "equity.SPX": -0.2}], name="grid")
    b = ScenarioSet.from_records([{"label": "b", "horizon_days": 10, "fx.USD": 0.05, "vol.NKY": 0.1}], name="hist")
    c = a + b
    assert len(c) == 2 and c.name == "grid + hist"
    assert c.labels == ["a", "b"] and c.horizon_days.tolist() == [0, 10]
    np.testing.assert_array_equal(c.equity("SPX"), [-0.2, 0.0])
    np.testing.assert_array_equal(c.fx("USD"), [0.0, 0.05])
    np.testing.assert_array_equal(c.vol("NKY"), [0.0, 0.1])
    assert not c.table.isna().any().any()
    assert len(a + b + a) == 3


def test_subset_keeps_order():
    s = ScenarioSet(table(equity_SPX=[-0.1, -0.2, -0.3, -0.4]), name="four")
    sub = s.subset([3, 0, 2])
    assert sub.labels == ["s3", "s0", "s2"] and sub.name == "four"
    np.testing.assert_array_equal(sub.equity("SPX"), [-0.4, -0.1, -0.3])
    assert sub.table.index.tolist() == [0, 1, 2]
    np.testing.assert_array_equal(s.subset(np.array([1])).equity("SPX"), [-0.2])


# -- factor model ---------------------------------------------------------------------------------------------------
def test_factor_model_betas():
    moves = FactorModel().index_returns([-0.3, 0.0, 0.1])
    assert set(moves) == {"SPX", "NKY"}
    np.testing.assert_array_equal(moves["SPX"], [-0.3, 0.0, 0.1])
    np.testing.assert_allclose(moves["NKY"], [-0.33, 0.0, 0.11], rtol=1e-15)  # 1.1 × SPX


def test_factor_model_caps_followers_at_minus_99_percent():
    moves = FactorModel().index_returns([-0.95])
    # 1.1 × −0.95 = −1.045 is impossible: capped at −0.99. The driver itself is not capped.
    assert moves["NKY"][0] == -0.99 and moves["SPX"][0] == -0.95


def test_factor_model_custom_driver_and_betas():
    model = FactorModel(driver="NKY", betas={"SPX": 0.8, "NKY": 5.0})
    moves = model.index_returns(-0.2)
    assert float(moves["NKY"]) == -0.2  # the driver's own beta entry is ignored
    assert float(moves["SPX"]) == pytest.approx(-0.16, abs=1e-15)  # 0.8 × −0.2
    assert dict(model.betas) == {"SPX": 0.8, "NKY": 5.0}
    with pytest.raises(TypeError):
        model.betas["SPX"] = 1.0  # read-only after construction


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda: FactorModel(betas={"NKY": "x"}), r"betas\.NKY='x': expected a number"),
        (lambda: FactorModel(betas={"NKY": float("nan")}), r"betas\.NKY=nan: expected a finite number"),
        (lambda: FactorModel().index_returns([np.inf]), r"driver_return=inf: expected a finite number"),
        (lambda: VolResponse(down_beta=-0.1), r"vol_response\.down_beta=-0\.1: expected a number >= 0"),
        (lambda: VolResponse(up_beta=-1.0), r"vol_response\.up_beta=-1\.0: expected a number >= 0"),
        (lambda: VolResponse(up_beta=float("nan")), r"vol_response\.up_beta=nan: expected a finite number"),
        (lambda: VolResponse().shift("x"), r"index_return='x': expected a number"),
    ],
)
def test_factor_model_rejects_bad_input(build, match):
    with pytest.raises(InputError, match=match):
        build()


# -- vol response ---------------------------------------------------------------------------------------------------
def test_vol_response_default_by_hand():
    shift = VolResponse().shift([-0.30, -0.10, 0.0, 0.10, 0.25])
    # Falls: −0.8 × r (0.8 × 0.30 = 0.24, 0.8 × 0.10 = 0.08); rises: −0.2 × r (−0.02, −0.05).
    np.testing.assert_allclose(shift, [0.24, 0.08, 0.0, -0.02, -0.05], rtol=1e-14, atol=1e-17)


def test_vol_response_custom_by_hand():
    resp = VolResponse(down_beta=2.0, up_beta=0.0)
    # The March 2020 reading, about 2 vol points per 1% fall: −34% → +0.68; rallies leave vols unchanged.
    np.testing.assert_allclose(resp.shift([-0.34, 0.2]), [0.68, 0.0], rtol=1e-14)
    assert float(VolResponse(0.0, 0.0).shift(-0.5)) == 0.0

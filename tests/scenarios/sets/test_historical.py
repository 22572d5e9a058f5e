"""Tests of scenarios.historical: the recorded moves against real data, and the ScenarioSet they make.

Reference data: ``arch.data.sp500`` (S&P 500 daily OHLC 1999-01-04 .. 2018-12-31; the ``Close`` column, a price
index, so ``Close`` equals ``Adj Close``) and ``arch.data.vix`` (VIX closes 2014-01-03 .. 2019-01-03), both
shipped inside the ``arch`` package, so these tests run offline. The six episodes inside the S&P 500 data are
held to it close to close; 1987, 2020, 2022 and 2024 lie outside it and are checked for sign, plausible
magnitude and a source only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest

from pricing.errors import InputError
from scenarios.sets import historical
from scenarios.sets.factor_model import VolResponse
from scenarios.sets.historical import EPISODES, MOVES, Episode, episode, historical_episodes
from scenarios.sets.scenario_set import ScenarioSet

pytest.importorskip("arch")
from arch.data import sp500, vix  # noqa: E402

SPX_CLOSE = sp500.load()["Close"]
VIX_CLOSE = vix.load()["vix"].dropna()

IN_ARCH_SP500 = ["2000-03 Dot-com bear", "2007-10 GFC bear", "2008-09 Lehman", "2011-08 US downgrade",
                 "2015-08 China devaluation", "2018-Q4 Fed selloff"]
IN_ARCH_VIX = ["2015-08 China devaluation", "2018-Q4 Fed selloff"]

# Outside the arch data: (name, lowest plausible SPX return, highest), from the widely reported closes
# (1987: -20.5% in one day; 2020: about -34%; 2022: about -25%; 2024: about -8%), +-5 points of slack.
OUTSIDE_DATA = [
    ("1987-10 Black Monday", -0.25, -0.15),
    ("2020-03 COVID crash", -0.39, -0.29),
    ("2022 Rate-hike bear", -0.30, -0.20),
    ("2024-08 Yen carry unwind", -0.13, -0.03),
]

SPX_TOL = 1e-6  # the typed closes are arch's closes rounded to the cent: relative error < 1e-7
VIX_TOL = 1e-4  # one hundredth of a vol point (0.01 = 1e-4 as a decimal), the precision of the quotes


def _inside(series: pd.Series, ep: Episode) -> bool:
    return series.index[0] <= pd.Timestamp(ep.start) and pd.Timestamp(ep.end) <= series.index[-1]


# --------------------------------------------------------------------------------------------------------------
# The recorded numbers against the data shipped with arch


def test_episodes_inside_the_arch_data_are_the_expected_six():
    assert [ep.name for ep in EPISODES if _inside(SPX_CLOSE, ep)] == IN_ARCH_SP500
    assert [ep.name for ep in EPISODES if _inside(VIX_CLOSE, ep)] == IN_ARCH_VIX


@pytest.mark.parametrize("name", IN_ARCH_SP500)
def test_spx_move_matches_arch_sp500_close_to_close(name):
    ep = episode(name)
    start, end = pd.Timestamp(ep.start), pd.Timestamp(ep.end)
    assert start in SPX_CLOSE.index and end in SPX_CLOSE.index, f"{name}: window ends must be trading days"
    expected = SPX_CLOSE[end] / SPX_CLOSE[start] - 1.0
    assert abs(ep.spx - expected) < SPX_TOL, (
        f"{name}: {ep.start}..{ep.end} closes {SPX_CLOSE[start]:.4f} -> {SPX_CLOSE[end]:.4f}, "
        f"expected {expected:.8f}, typed {ep.spx:.8f}, error {ep.spx - expected:.2e}")
    assert "arch.data.sp500, close to close" in ep.sources["spx"]


def test_arch_close_is_the_price_index():
    # An index pays no dividend of its own: Adj Close must equal Close, so "close to close" is unambiguous.
    data = sp500.load()
    assert np.allclose(data["Close"], data["Adj Close"], rtol=0, atol=1e-9)


@pytest.mark.parametrize("name", IN_ARCH_VIX)
def test_vix_change_matches_arch_vix(name):
    ep = episode(name)
    start, end = pd.Timestamp(ep.start), pd.Timestamp(ep.end)
    expected = (VIX_CLOSE[end] - VIX_CLOSE[start]) / 100.0
    assert abs(ep.vix - expected) <= VIX_TOL, (
        f"{name}: VIX {VIX_CLOSE[start]} -> {VIX_CLOSE[end]}, expected {expected:+.4f}, typed {ep.vix:+.4f}")
    assert "arch.data.vix" in ep.sources["vix"]


def test_spx_peaks_and_troughs_are_where_the_episodes_say():
    # The 2000-02 and 2018-Q4 windows are the highest and lowest closes of their spans in the data.
    assert SPX_CLOSE["2000"].idxmax() == pd.Timestamp(episode("2000-03 Dot-com bear").start)
    assert SPX_CLOSE["2002"].idxmin() == pd.Timestamp(episode("2000-03 Dot-com bear").end)
    assert SPX_CLOSE["2007"].idxmax() == pd.Timestamp(episode("2007-10 GFC bear").start)
    assert SPX_CLOSE["2009"].idxmin() == pd.Timestamp(episode("2007-10 GFC bear").end)
    assert SPX_CLOSE["2018-09":"2018-12"].idxmax() == pd.Timestamp(episode("2018-Q4 Fed selloff").start)
    assert SPX_CLOSE["2018-09":"2018-12"].idxmin() == pd.Timestamp(episode("2018-Q4 Fed selloff").end)


@pytest.mark.parametrize(("name", "low", "high"), OUTSIDE_DATA)
def test_episodes_outside_the_data_are_plausible(name, low, high):
    ep = episode(name)
    assert not _inside(SPX_CLOSE, ep)
    assert low <= ep.spx <= high, f"{name}: spx={ep.spx:+.4f} outside [{low}, {high}]"
    assert ep.nky < 0 and ep.vix > 0
    assert "widely reported closes" in ep.sources["spx"]


def test_yen_direction_per_episode():
    # The yen rose (USD/JPY fell) in the 2008 crash and the 2024 carry unwind, and fell in 2000-02 and 2022.
    assert episode("2008-09 Lehman").usdjpy < -0.10
    assert episode("2024-08 Yen carry unwind").usdjpy < -0.10
    assert episode("2000-03 Dot-com bear").usdjpy > 0.10
    assert episode("2022 Rate-hike bear").usdjpy > 0.20
    # 2022 in yen: (1 - 25.4%) * (1 + 27.4%) - 1, about -5%: the weak yen hid most of the loss.
    ep = episode("2022 Rate-hike bear")
    assert (1 + ep.spx) * (1 + ep.usdjpy) - 1 == pytest.approx(-0.050, abs=0.002)


def test_1987_vol_is_the_vxo_and_says_so():
    ep = episode("1987-10 Black Monday")
    assert ep.vix == pytest.approx((150.19 - 36.37) / 100)  # FRED VXOCLS, 1987-10-16 -> 1987-10-19
    assert "VXO" in ep.sources["vix"]


# --------------------------------------------------------------------------------------------------------------
# The episode table itself


def test_every_move_has_a_source_and_windows_are_consistent():
    for ep in EPISODES:
        assert set(MOVES) <= set(ep.sources), ep.name
        assert all(ep.sources[m].strip() for m in MOVES), ep.name
        days = (dt.date.fromisoformat(ep.end) - dt.date.fromisoformat(ep.start)).days
        assert ep.horizon_days == days > 0, ep.name
    assert [ep.start for ep in EPISODES] == sorted(ep.start for ep in EPISODES)
    assert len({ep.name.lower() for ep in EPISODES}) == len(EPISODES)


def test_module_docstring_table_matches_the_episodes():
    doc = historical.__doc__
    for ep in EPISODES:
        row = next(line for line in doc.splitlines() if line.startswith(ep.name + "  "))
        cells = re.split(r"\s{2,}", row.strip())
        assert cells[1] == f"{ep.start} .. {ep.end}" and int(cells[2]) == ep.horizon_days, row
        moves = [f"{ep.spx:+.1%}", f"{ep.nky:+.1%}", f"{ep.usdjpy:+.1%}", f"{ep.vix * 100:+.1f}"]
        assert cells[3:7] == moves[:3] + [moves[3] + ("*" if "VXO" in ep.sources["vix"] else "")], row
        assert cells[7:9] == [f"{ep.usd_rate * 100:+.2f}", f"{ep.jpy_rate * 100:+.2f}"], row
        modelled = ep.sources["usdjpy_vol"].startswith("modelled")
        assert cells[9] == f"{ep.usdjpy_vol * 100:+.1f}" + ("m" if modelled else ""), row


def test_episode_is_frozen_and_validated():
    ep = episode("2008-09 Lehman")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ep.spx = 0.0  # type: ignore[misc]
    with pytest.raises(InputError, match=r"x\.end='2008-09-01': expected a date after start"):
        dataclasses.replace(ep, name="x", end="2008-09-01")
    with pytest.raises(InputError, match=r"x\.start='12/09/2008': expected an ISO date"):
        dataclasses.replace(ep, name="x", start="12/09/2008")
    with pytest.raises(InputError, match=r"x\.spx=-40\.0: expected a decimal return > -1"):
        dataclasses.replace(ep, name="x", spx=-40.0)
    with pytest.raises(InputError, match=r"x\.vix=55\.2: expected a vol change in decimals"):
        dataclasses.replace(ep, name="x", vix=55.2)
    with pytest.raises(InputError, match=r"x\.sources=\['jpy_rate'\]: expected a source string"):
        dataclasses.replace(ep, name="x", sources={m: "s" for m in MOVES if m != "jpy_rate"})


# --------------------------------------------------------------------------------------------------------------
# historical_episodes -> ScenarioSet


def test_all_episodes_as_a_scenario_set():
    s = historical_episodes()
    assert isinstance(s, ScenarioSet) and s.name == "historical"
    assert s.labels == [ep.name for ep in EPISODES]
    assert list(s.table.columns) == ["label", "horizon_days", "equity.SPX", "vol.SPX", "equity.NKY", "vol.NKY",
                                     "fx.USD", "vol.USDJPY", "rate.USD", "rate.JPY", "path.SPX", "rate_avg.USD"]
    ScenarioSet(s.table)  # validates again without complaint
    np.testing.assert_array_equal(s.horizon_days, [ep.horizon_days for ep in EPISODES])
    np.testing.assert_array_equal(s.equity("SPX"), [ep.spx for ep in EPISODES])
    np.testing.assert_array_equal(s.equity("NKY"), [ep.nky for ep in EPISODES])
    np.testing.assert_array_equal(s.fx("USD"), [ep.usdjpy for ep in EPISODES])
    np.testing.assert_array_equal(s.vol("SPX"), [ep.vix for ep in EPISODES])
    np.testing.assert_array_equal(s.vol("NKY"), [ep.vix for ep in EPISODES])  # the VIX change for both
    np.testing.assert_array_equal(s.rate("USD"), [ep.usd_rate for ep in EPISODES])
    np.testing.assert_array_equal(s.rate("JPY"), [ep.jpy_rate for ep in EPISODES])
    np.testing.assert_array_equal(s.vol("USDJPY"), [ep.usdjpy_vol for ep in EPISODES])


def test_lehman_row_by_hand():
    row = historical_episodes("2008-09 Lehman").table.iloc[0]
    assert row["horizon_days"] == 69  # 2008-09-12 -> 2008-11-20
    assert row["equity.SPX"] == pytest.approx(752.44 / 1251.70 - 1, abs=1e-12)  # -39.89%
    assert row["equity.NKY"] == pytest.approx(7703.04 / 12214.76 - 1, abs=1e-12)  # -36.94%
    assert row["fx.USD"] == pytest.approx(94.98 / 107.51 - 1, abs=1e-12)  # -11.65%, the yen rose
    assert row["vol.SPX"] == pytest.approx(0.5520, abs=1e-12)  # VIX 25.66 -> 80.86
    assert row["rate.USD"] == pytest.approx(-0.0146, abs=1e-12)  # 3m bill 1.49% -> 0.03%
    assert row["rate.JPY"] == pytest.approx(-0.002, abs=1e-12)  # BoJ 0.5% -> 0.3%


def test_vol_response_replaces_the_recorded_vol_change():
    names = ["2008-09 Lehman", "2024-08 Yen carry unwind"]
    s = historical_episodes(names, vol_response=VolResponse(down_beta=0.5, up_beta=0.25))
    # Hand: both indices fell, so the shift is 0.5 * fall.
    # Lehman SPX 0.5 * (1 - 752.44/1251.70) = 0.19943; NKY 0.5 * (1 - 7703.04/12214.76) = 0.18468.
    # 2024 SPX 0.5 * (1 - 5186.33/5633.91) = 0.03972; NKY 0.5 * (1 - 31458.42/41831.99) = 0.12399.
    np.testing.assert_allclose(s.vol("SPX"), [0.199433, 0.039722], atol=5e-7)
    np.testing.assert_allclose(s.vol("NKY"), [0.184683, 0.123991], atol=5e-7)
    recorded = historical_episodes(names)
    np.testing.assert_array_equal(s.equity("SPX"), recorded.equity("SPX"))  # only the vol columns change
    np.testing.assert_array_equal(s.fx("USD"), recorded.fx("USD"))


def test_instantaneous_sets_horizon_zero_and_keeps_the_moves():
    now, over = historical_episodes(instantaneous=True), historical_episodes()
    assert (now.horizon_days == 0).all()
    # no window, so no path and no rate average: the moves are the same
    pd.testing.assert_frame_equal(now.table.drop(columns="horizon_days"),
                                  over.table.drop(columns=["horizon_days", "path.SPX", "rate_avg.USD"]))


# -- paths and rates over the window (issue 12) ---------------------------------------------------------------------
@pytest.mark.parametrize("name", IN_ARCH_SP500)
def test_recorded_path_is_the_sp500_closes_by_calendar_day(name):
    ep = episode(name)
    path = historical_episodes(name).path("SPX")[0]
    assert path.size == ep.horizon_days + 1 and path[0] == 1.0
    assert path[-1] == pytest.approx(1.0 + ep.spx, abs=1e-7)
    start = pd.Timestamp(ep.start)
    for d in (1, ep.horizon_days // 3, ep.horizon_days // 2, ep.horizon_days - 1):  # any day: the last close
        day = start + pd.Timedelta(days=d)
        assert path[d] == pytest.approx(SPX_CLOSE.asof(day) / SPX_CLOSE[start], rel=1e-12), day


@pytest.mark.parametrize("column", ["spx", "usd"])
def test_window_equals_the_reindex_and_carry_forward_twin(column):
    """The window (searchsorted on trading days) is exactly the plain pandas twin: reindex on the union of trading
    and calendar days, carry the last close forward, keep the calendar days."""
    from scenarios.history_data import sp500_daily

    history = sp500_daily()[column]
    for name in IN_ARCH_SP500:
        ep = episode(name)
        days = pd.date_range(ep.start, ep.end, freq="D")
        twin = history.reindex(history.index.union(days)).ffill().reindex(days)
        pd.testing.assert_series_equal(historical._window(ep, column), twin, check_exact=True, check_freq=False)


def test_gfc_day_51_is_2007_11_29():
    """The issue's own number: a 51-day option sees 2007-11-29, 1469.72 / 1565.15 - 1 = -6.1%."""
    path = historical_episodes("2007-10 GFC bear").path("SPX")[0]
    assert path[51] == pytest.approx(1469.72 / 1565.15, rel=1e-6)


@pytest.mark.parametrize("name", ["1987-10 Black Monday", "2020-03 COVID crash", "2022 Rate-hike bear",
                                  "2024-08 Yen carry unwind"])
def test_episodes_outside_the_data_have_no_path_and_a_straight_line_rate(name):
    s = historical_episodes(name)
    assert s.path("SPX") == [None] and s.path("NKY") == [None]
    assert s.rate_average("USD")[0] == pytest.approx(0.5 * episode(name).usd_rate, abs=1e-15)
    assert s.rate_average("JPY")[0] == pytest.approx(0.5 * episode(name).jpy_rate, abs=1e-15)


def test_gfc_usd_rate_average_from_the_t_bill_series():
    """Fama-French RF (12 x RF / 100) over every calendar day of 2007-10-09 .. 2009-03-08, less Oct 2007's."""
    from arch.data import frenchdata

    ff = frenchdata.load()
    codes = np.asarray(ff.index.asi8 if isinstance(ff.index, pd.DatetimeIndex) else ff.index, dtype=np.int64)
    rf = pd.Series(12.0 * ff["RF"].to_numpy(dtype=float) / 100.0,
                   index=[f"{c // 100:04d}-{c % 100:02d}" for c in codes])
    days = pd.date_range("2007-10-09", "2009-03-08", freq="D")
    # the rate on a calendar day is its month's, except that a weekend or holiday keeps the last close's month
    closes = SPX_CLOSE.index[(SPX_CLOSE.index >= "2007-10-09") & (SPX_CLOSE.index <= "2009-03-09")]
    last_close = pd.Series(closes, index=closes).reindex(days, method="ffill")
    rates = np.array([rf[f"{d.year:04d}-{d.month:02d}"] for d in last_close])
    expected = rates.mean() - rf["2007-10"]
    got = historical_episodes("2007-10 GFC bear").rate_average("USD")[0]
    assert got == pytest.approx(expected, abs=1e-12)
    assert -0.0383 < got < -0.0383 / 4  # fell, by less than the end-to-end 3.83 points on average


def test_names_order_case_and_indices():
    s = historical_episodes(["2024-08 YEN CARRY UNWIND", "1987-10 black monday"], indices=("NKY",))
    assert s.labels == ["2024-08 Yen carry unwind", "1987-10 Black Monday"]
    assert "equity.SPX" not in s.table and "vol.SPX" not in s.table
    assert s.equity("NKY")[1] == pytest.approx(21910.08 / 26366.74 - 1)  # Tokyo 1987-10-16 -> 10-20


def test_sets_concatenate_with_other_sets():
    both = historical_episodes("2008-09 Lehman") + historical_episodes("2022 Rate-hike bear", indices=("SPX",))
    assert len(both) == 2 and both.equity("NKY")[1] == 0.0


def test_unknown_episode_lists_valid_names():
    with pytest.raises(InputError, match=r"episode='1929 crash': expected one of .*'2008-09 Lehman'"):
        historical_episodes(["1929 crash"])
    with pytest.raises(InputError, match=r"'2024-08 Yen carry unwind'"):
        episode("nope")


def test_bad_arguments():
    with pytest.raises(InputError, match=r"indices=\['DAX'\]: expected a non-empty subset of SPX, NKY"):
        historical_episodes(indices=("SPX", "DAX"))
    with pytest.raises(InputError, match=r"indices=\[\]: expected a non-empty subset"):
        historical_episodes(indices=())
    with pytest.raises(InputError, match=r"currency='EUR': expected 'USD' \(the episodes record USD/JPY"):
        historical_episodes(currency="EUR")
    with pytest.raises(InputError, match=r"names=\[\]: expected at least one episode name"):
        historical_episodes([])

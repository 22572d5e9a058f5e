"""Stylised crash paths: the stated sizes hold exactly, paths start at the market, and names are checked."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from pricing.errors import InputError
from pricing.market import default_market, with_inputs
from scenarios.paths.market_paths import MarketPaths
from scenarios.paths.stylised import STYLISED, Segment, StylisedPath, stylised_names, stylised_path

MARKET = default_market()


def spx(name: str) -> np.ndarray:
    return stylised_path(name, MARKET).equity["SPX"][0]


def usd(name: str) -> np.ndarray:
    return stylised_path(name, MARKET).fx["USD"][0]


def vol(name: str) -> np.ndarray:
    return stylised_path(name, MARKET).vol["SPX"][0]


def test_names():
    assert stylised_names() == ["crash_1987", "slow_bleed_2008", "v_2020"] == list(STYLISED)
    assert all(STYLISED[n].name == n for n in STYLISED)


@pytest.mark.parametrize("name", ["crash_1987", "slow_bleed_2008", "v_2020"])
def test_one_deterministic_path_from_the_market(name):
    p = stylised_path(name, MARKET)
    assert isinstance(p, MarketPaths)
    assert p.n_paths == 1 and p.labels == (name,) and p.n_days == STYLISED[name].n_days
    assert p.equity["SPX"][0, 0] == 6000.0 and p.fx["USD"][0, 0] == 150.0
    assert p.vol["SPX"][0, 0] == STYLISED[name].start_vol
    assert p.dates[0].date() == MARKET.valuation_date
    assert np.all(p.dates[1:].day_of_week < 5)
    assert {k: float(a[0, 0]) for k, a in p.rates.items()} == pytest.approx({"USD": 0.04, "JPY": 0.005})
    assert all(a.shape == (1, p.n_days + 1) for a in p.rates.values())
    assert p.notes[0].startswith("Stylised path, not a replay") and "not a replay" in p.notes[1]
    again = stylised_path(name, MARKET)
    np.testing.assert_array_equal(p.equity["SPX"], again.equity["SPX"])


def test_starts_at_another_market():
    market = with_inputs(MARKET, "SPX", spot=5000.0, fx=140.0, rate=0.02, valuation_date="2027-01-04")
    p = stylised_path("v_2020", market)
    assert p.equity["SPX"][0, 0] == 5000.0 and p.fx["USD"][0, 0] == 140.0
    assert p.rates["USD"][0, 0] == pytest.approx(0.02)
    assert str(p.dates[0].date()) == "2027-01-04"
    assert p.equity["SPX"][0, 23] / 5000.0 - 1 == pytest.approx(-0.34, abs=1e-9)


def test_default_market_when_none():
    np.testing.assert_array_equal(stylised_path("crash_1987").equity["SPX"][0], spx("crash_1987"))


def test_crash_1987():
    e, f, v = spx("crash_1987"), usd("crash_1987"), vol("crash_1987")
    assert len(e) == 72
    assert np.all(e[:11] == 6000.0) and np.all(v[:11] == 0.20)  # ten calm days
    daily = e[1:] / e[:-1] - 1
    assert int(np.argmin(daily)) == 10  # the crash is day 11
    assert daily[10] == pytest.approx(-0.205, abs=1e-9)
    assert v[11] == pytest.approx(1.50, abs=1e-12)
    assert np.all(np.delete(daily, 10) > -0.001)  # no other falls
    assert f[15] / f[10] - 1 == pytest.approx(-0.03, abs=1e-9)  # USD/JPY -3% over the crash week
    assert f[11] / f[10] - 1 == pytest.approx(-0.01, abs=1e-9)
    assert np.all(f[15:] == pytest.approx(f[15]))
    assert e[-1] / e[11] - 1 == pytest.approx(0.15, abs=1e-9)  # +15% from the low after 60 days
    assert v[-1] == pytest.approx(0.30, abs=1e-12)
    assert np.all(np.diff(v[11:]) < 0)  # vol decays after the crash


def test_slow_bleed_2008():
    e, f, v = spx("slow_bleed_2008"), usd("slow_bleed_2008"), vol("slow_bleed_2008")
    assert len(e) == 356
    trough = e.min()
    assert trough / e.max() - 1 == pytest.approx(-0.568, abs=1e-9)  # peak to trough
    assert e[-1] == trough and e[0] == e.max()
    assert f[-1] / f[0] - 1 == pytest.approx(-0.30, abs=1e-9)  # the yen 30% stronger
    assert f[-1] == f.min()
    week = e[5:] / e[:-5] - 1
    worst = int(np.argmin(week))
    assert week[worst] == pytest.approx(-0.09, abs=1e-9) and worst == 175  # the crash week, mid-path
    assert v.max() == pytest.approx(0.80, abs=1e-12) and int(np.argmax(v)) == 180
    assert v[0] == 0.18 and v[-1] == pytest.approx(0.45, abs=1e-12)


def test_v_2020():
    e, f, v = spx("v_2020"), usd("v_2020"), vol("v_2020")
    assert len(e) == 124
    assert int(np.argmin(e)) == 23
    assert e[23] / e[0] - 1 == pytest.approx(-0.34, abs=1e-9)  # -34% in 23 trading days
    assert np.all(np.diff(e[:24]) < 0) and np.all(np.diff(e[23:]) > 0)  # fall, then rise
    assert e[-1] / e[23] - 1 == pytest.approx(0.45, abs=1e-9)  # +45% over the next 100 days
    assert v[0] == 0.14 and v[23] == pytest.approx(0.82, abs=1e-12) and v.max() == v[23]
    assert f[23] / f[0] - 1 == pytest.approx(0.05, abs=1e-9)  # the yen weakens in the fall
    assert f[-1] == pytest.approx(f[0], abs=1e-9)  # and drifts back


def test_unknown_name_raises_listing_the_names():
    with pytest.raises(InputError) as info:
        stylised_path("crash_1929", MARKET)
    assert info.value.field == "path"
    assert "crash_1987, slow_bleed_2008, v_2020" in str(info.value)


def test_name_is_case_insensitive():
    assert stylised_path(" V_2020 ", MARKET).labels == ("v_2020",)


def test_market_without_spx_raises():
    bare = replace(MARKET, spots={"NKY": 30000.0}, index_currency={"NKY": "JPY"},
                   vol_surfaces={"NKY": MARKET.surface("NKY")})
    with pytest.raises(InputError):
        stylised_path("v_2020", bare)


def test_segments_are_checked():
    with pytest.raises(InputError, match="segment.days"):
        Segment(0, -0.1, 0.0, 0.2, "nothing")
    with pytest.raises(InputError, match="segment.equity"):
        Segment(5, -20.0, 0.0, 0.2, "a percentage")
    with pytest.raises(InputError, match="segment.vol"):
        Segment(5, -0.2, 0.0, 80.0, "a percentage")
    with pytest.raises(InputError, match="segments"):
        StylisedPath("x", "x", 0.2, (), "none")

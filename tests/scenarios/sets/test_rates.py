"""Rate regimes: the end and average changes over a window, by hand, and a regime laid over a set."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import quad

from pricing import InputError
from scenarios import ScenarioSet
from scenarios.sets.rates import regime_changes, regime_year, with_regime


@pytest.mark.parametrize("h", [0, 30, 182, 365, 517, 1000])
def test_ramp_average_is_the_integral_of_the_path(h: int) -> None:
    end, avg = regime_changes(0.02, 365, "ramp", [h])
    path = lambda t: 0.02 * min(t / 365, 1.0)  # noqa: E731
    assert end[0] == pytest.approx(path(h), abs=1e-15)
    expected = quad(path, 0, h, points=[365])[0] / h if h else 0.0
    assert avg[0] == pytest.approx(expected, abs=1e-12)


def test_a_year_of_the_two_shapes() -> None:
    # a +2-point ramp over a year averages +1 point; a step the whole +2 points; a fall mirrors it
    assert regime_changes(0.02, 365, "ramp", [365])[1][0] == pytest.approx(0.01)
    assert regime_changes(0.02, 365, "step", [365])[1][0] == pytest.approx(0.02)
    assert regime_changes(-0.02, 365, "ramp", [365])[1][0] == pytest.approx(-0.01)


def test_regime_over_a_set_adds_to_its_own_rate_moves() -> None:
    s = ScenarioSet.from_records([{"label": "grid", "horizon_days": 30, "equity.SPX": -0.2, "rate.USD": 0.01}]) + \
        ScenarioSet.from_records([{"label": "episode", "horizon_days": 730, "equity.SPX": -0.3, "rate.USD": -0.03,
                                   "rate_avg.USD": -0.02}])
    moved = with_regime(s, ["USD"], 0.02, 365, "ramp")
    # the grid row's average was half its end change (0.005), the episode's its recorded -0.02
    assert moved.rate("USD").tolist() == pytest.approx([0.01 + 0.02 * 30 / 365, -0.03 + 0.02])
    assert moved.rate_average("USD").tolist() == pytest.approx([0.005 + 0.02 * 30 / 730,
                                                                 -0.02 + 0.02 * (1 - 365 / 1460)])
    assert moved.equity("SPX").tolist() == [-0.2, -0.3]  # nothing else moves
    assert moved.rate("JPY").tolist() == [0.0, 0.0]


def test_regime_year_row() -> None:
    row = regime_year("rising", ["USD"], 0.02, 365, "step", {"SPX": -0.1})
    assert len(row) == 1 and row.horizon_days.tolist() == [365]
    assert row.rate_average("USD")[0] == pytest.approx(0.02) and row.equity("SPX")[0] == pytest.approx(-0.1)


@pytest.mark.parametrize(("change", "days", "path"), [(2.0, 365, "ramp"), (0.02, 0, "ramp"), (0.02, 365, "jump"),
                                                       (float("nan"), 365, "ramp"), (0.02, True, "ramp")])
def test_bad_regimes(change: float, days: int, path: str) -> None:
    with pytest.raises(InputError):
        regime_changes(change, days, path, np.array([30]))

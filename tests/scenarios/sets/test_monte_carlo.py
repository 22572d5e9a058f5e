"""Monte Carlo scenarios: moments, correlation, fat tails, the spot-vol link, reproducibility and input checks.

Statistical tolerances are 5 standard errors of the estimator at the sample size used (N = 200,000 unless
stated), written out next to each assertion; with seeded generators the tests are deterministic, and 5 se
means a correct model would fail with probability below 1e-6 for any other seed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.special import gammaln

from pricing.errors import InputError
from scenarios.sets.factor_model import VolResponse
from scenarios.sets.monte_carlo import (
    DEFAULT_VOLS,
    check_corr,
    default_corr,
    mc_labels,
    monte_carlo,
    student_t_scale,
)
from scenarios.sets.scenario_set import ScenarioSet

N = 200_000
H30 = 30 / 365
FACTORS = ("SPX", "NKY", "USD")
COLS = ("equity.SPX", "equity.NKY", "fx.USD")


def log_returns(s: ScenarioSet) -> np.ndarray:
    """Log-returns of SPX, NKY, USD as an (n, 3) array."""
    return np.log1p(s.table[list(COLS)].to_numpy())


def t_moment(nu: float, k: int) -> float:
    """E[T^(2k)] of a standard Student-t with nu degrees of freedom (finite for nu > 2k)."""
    return float(np.exp(k * np.log(nu) + gammaln(k + 0.5) + gammaln(nu / 2 - k) - 0.5 * np.log(np.pi)
                        - gammaln(nu / 2)))


@pytest.fixture(scope="module")
def gbm() -> ScenarioSet:
    return monte_carlo(N, seed=11, dist="gbm")


@pytest.fixture(scope="module")
def t10() -> ScenarioSet:
    return monte_carlo(N, seed=12, dist="student_t", dof=10.0)


# ---- shape, labels, schema ----------------------------------------------------------------------------------


def test_columns_labels_and_horizon():
    s = monte_carlo(5, horizon_days=7, seed=1)
    assert list(s.table.columns) == ["label", "horizon_days", "equity.SPX", "equity.NKY", "fx.USD",
                                     "vol.SPX", "vol.NKY", "vol.USDJPY"]
    assert s.labels == [f"mc {i:06d}" for i in range(1, 6)]
    assert s.horizon_days.tolist() == [7] * 5
    assert s.name == "monte carlo (student_t dof 6, seed 1)"
    assert monte_carlo(3, seed=2, dist="GBM").name == "monte carlo (gbm, seed 2)"


def test_labels_match_fstring_twin_and_widen_past_a_million():
    assert mc_labels(12_345) == [f"mc {i:06d}" for i in range(1, 12_346)]  # the plain-Python twin
    assert mc_labels(1) == ["mc 000001"]
    big = mc_labels(1_000_000)  # 7 digits: every label has the same width, so sorting keeps row order
    assert (len(big), big[0], big[-1]) == (1_000_000, "mc 0000001", "mc 1000000")


def test_currency_none_and_custom_indices():
    s = monte_carlo(10, seed=1, indices=("SPX",), currency=None)
    assert [c for c in s.table.columns if "." in c] == ["equity.SPX", "vol.SPX"]
    s = monte_carlo(10, seed=1, indices=("NKY",), currency="USD", corr=[[1.0, 0.4], [0.4, 1.0]])
    assert [c for c in s.table.columns if "." in c] == ["equity.NKY", "fx.USD", "vol.NKY", "vol.USDJPY"]
    s = monte_carlo(10, seed=1, indices=("SPX",), currency="EUR", base="USD", vols={"EUR": 0.08},
                    corr=[[1.0, 0.0], [0.0, 1.0]])
    assert [c for c in s.table.columns if "." in c] == ["equity.SPX", "fx.EUR", "vol.SPX", "vol.EURUSD"]


def test_zero_horizon_moves_nothing():
    s = monte_carlo(100, horizon_days=0, seed=1)
    assert np.all(s.table[list(COLS) + ["vol.SPX", "vol.NKY"]].to_numpy() == 0.0)


# ---- GBM: moments and correlation -----------------------------------------------------------------------------


def test_gbm_log_return_mean_and_std(gbm):
    x = log_returns(gbm)
    target = np.array([DEFAULT_VOLS[f] for f in FACTORS]) * np.sqrt(H30)  # std = vol * sqrt(h)
    # se of the sample mean = std / sqrt(N); of the sample std = std / sqrt(2N) (normal data)
    np.testing.assert_allclose(x.mean(axis=0), 0.0, atol=5 * target.max() / np.sqrt(N))
    np.testing.assert_allclose(x.std(axis=0), target, rtol=5 / np.sqrt(2 * N))


def test_gbm_sample_correlation_matches_default(gbm):
    # se of a sample correlation of normals = (1 - rho^2) / sqrt(N) <= 0.0022, so 0.01 is > 4.5 se
    np.testing.assert_allclose(np.corrcoef(log_returns(gbm), rowvar=False), default_corr(FACTORS), atol=0.01)
    np.testing.assert_allclose(default_corr(FACTORS), [[1, 0.6, 0.3], [0.6, 1, 0.4], [0.3, 0.4, 1]])


def test_custom_correlation_including_negative():
    corr = np.array([[1.0, -0.5, 0.0], [-0.5, 1.0, 0.2], [0.0, 0.2, 1.0]])
    s = monte_carlo(N, seed=3, dist="gbm", corr=corr)
    np.testing.assert_allclose(np.corrcoef(log_returns(s), rowvar=False), corr, atol=0.01)  # as above


def test_risk_off_sign_spx_down_means_usd_down_in_yen(gbm):
    x = log_returns(gbm)
    assert x[x[:, 0] < -0.05, 2].mean() < 0  # SPX -5% and worse: the yen has on average risen


def test_drift_is_a_log_drift_median_unaffected_by_dist():
    for dist in ("gbm", "student_t"):
        s = monte_carlo(N, horizon_days=365, seed=4, dist=dist, dof=6.0, drifts={"SPX": 0.10},
                        indices=("SPX",), currency=None)
        median = np.median(s.equity("SPX"))
        # median of x = mu h = 0.10; se of a sample median = 1 / (2 f(0) sqrt(N)), f(0) >= normal density
        # of std 0.18 (the t is more peaked), so se <= 0.18 * sqrt(pi / 2) / sqrt(N) = 5.0e-4
        assert abs(np.log1p(median) - 0.10) < 5 * 0.18 * np.sqrt(np.pi / 2 / N), (dist, median)
    # GBM mean log-return = mu h = 0.10 exactly in the model; se = 0.18 / sqrt(N) = 4.0e-4
    x = np.log1p(monte_carlo(N, horizon_days=365, seed=5, dist="gbm", drifts={"SPX": 0.10}).equity("SPX"))
    assert abs(x.mean() - 0.10) < 5 * 0.18 / np.sqrt(N)


def test_singular_corr_of_one_gives_identical_standardised_moves():
    corr = [[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]  # PSD but not positive definite
    x = log_returns(monte_carlo(1000, seed=6, corr=corr))
    np.testing.assert_allclose(x[:, 0] / 0.18, x[:, 1] / 0.22, atol=1e-12)


def test_corr_dataframe_is_aligned_by_labels():
    frame = pd.DataFrame(default_corr(FACTORS), index=FACTORS, columns=FACTORS).loc[::-1, ::-1]
    a = monte_carlo(1000, seed=7, corr=frame)
    b = monte_carlo(1000, seed=7, corr=default_corr(FACTORS))
    pd.testing.assert_frame_equal(a.table, b.table)


# ---- Student-t: same covariance, heavier tails ----------------------------------------------------------------


def test_student_t_std_matches_gbm_std(t10):
    x = log_returns(t10)
    target = np.array([DEFAULT_VOLS[f] for f in FACTORS]) * np.sqrt(H30)
    # sample std: relative se = sqrt(kurtosis - 1) / (2 sqrt(N)); kurtosis of t10 = 3 + 6/6 = 4 -> 0.0019
    np.testing.assert_allclose(x.std(axis=0), target, rtol=5 * np.sqrt(3) / (2 * np.sqrt(N)))


def test_student_t_sample_correlation_matches(t10):
    # elliptical data: se of a sample corr = sqrt(1 + kappa) (1 - rho^2) / sqrt(N), kappa = excess kurtosis / 3
    # = 1/3 for t10, so se <= 0.0026 and 0.01 is > 3.8 se
    np.testing.assert_allclose(np.corrcoef(log_returns(t10), rowvar=False), default_corr(FACTORS), atol=0.01)


def test_student_t_marginal_is_the_scaled_t_and_not_normal():
    s = monte_carlo(N, seed=8, dof=4.0, indices=("SPX",), currency=None)
    z = np.log1p(s.equity("SPX")) / (0.18 * np.sqrt(H30))  # unit variance in the model
    scale = student_t_scale(4.0)  # sqrt(2/4)
    assert stats.kstest(z, stats.t(4.0, scale=scale).cdf).pvalue > 1e-3
    assert stats.kstest(z, stats.norm.cdf).pvalue < 1e-12
    # 0.1% quantile: t4 scaled is -7.173 * 0.7071 = -5.07 against the normal's -3.09. se of a sample
    # p-quantile = sqrt(p (1 - p) / N) / f(q) = 0.0707e-3 / 0.00087 ≈ 0.08
    p = 1e-3
    q = stats.t(4.0, scale=scale).ppf(p)
    se = np.sqrt(p * (1 - p) / N) / stats.t(4.0, scale=scale).pdf(q)
    assert abs(np.quantile(z, p) - q) < 5 * se
    assert np.quantile(z, p) < stats.norm.ppf(p) - 1.5


def test_student_t_kurtosis():
    dof = 12.0  # the 8th moment exists (dof > 8), so the sample kurtosis has a finite standard error
    s = monte_carlo(N, seed=9, dof=dof, indices=("SPX",), currency=None)
    kurt = stats.kurtosis(np.log1p(s.equity("SPX")), fisher=False)
    m2, m4, m6, m8 = (t_moment(dof, k) for k in (1, 2, 3, 4))
    assert m4 / m2**2 == pytest.approx(3 + 6 / (dof - 4))  # 3.75
    # delta method: Var(b2) = (m8/m2^4 - 4 m4 m6/m2^5 + 4 m4^3/m2^6 - m4^2/m2^4) / N -> se = 0.037
    se = np.sqrt((m8 / m2**4 - 4 * m4 * m6 / m2**5 + 4 * m4**3 / m2**6 - m4**2 / m2**4) / N)
    assert abs(kurt - 3.75) < 5 * se, (kurt, se)


def test_student_t_factors_crash_together_even_when_uncorrelated():
    eye = np.eye(3)
    t = log_returns(monte_carlo(N, seed=10, dof=10.0, corr=eye))
    g = log_returns(monte_carlo(N, seed=10, dist="gbm", corr=eye))
    # shared chi-square: corr(x1^2, x2^2) = (2/(nu-4)) / (3(nu-2)/(nu-4) - 1) = 1/9 for nu = 10; 0 for normals.
    # se of the normal case = 1/sqrt(N) = 0.0022; the t case's (8th moments, barely finite) measured over 30
    # seeds is 0.006, hence 0.03 = 5 se
    assert np.corrcoef(t[:, 0] ** 2, t[:, 1] ** 2)[0, 1] == pytest.approx(1 / 9, abs=0.03)
    assert abs(np.corrcoef(g[:, 0] ** 2, g[:, 1] ** 2)[0, 1]) < 5 / np.sqrt(N)


# ---- vols, bounds, precision ---------------------------------------------------------------------------------


def test_vol_change_is_the_spot_linked_response_exactly():
    response = VolResponse(down_beta=1.5, up_beta=0.3)
    s = monte_carlo(10_000, seed=13, vol_response=response)
    for index in ("SPX", "NKY"):
        np.testing.assert_array_equal(s.vol(index), response.shift(s.equity(index)))
    default = monte_carlo(10_000, seed=13)
    np.testing.assert_array_equal(default.vol("SPX"), VolResponse().shift(default.equity("SPX")))


def test_vol_of_vol_is_one_parallel_shock_and_leaves_returns_alone():
    # gbm: a t4 draw of N rows can hold a +1000% NKY month whose response is clipped at -2.0 (see the next test)
    plain = monte_carlo(N, seed=14, dist="gbm")
    shocked = monte_carlo(N, seed=14, dist="gbm", vol_of_vol=0.05)
    np.testing.assert_array_equal(plain.equity("SPX"), shocked.equity("SPX"))
    extra = shocked.vol("SPX") - VolResponse().shift(shocked.equity("SPX"))
    np.testing.assert_allclose(extra, shocked.vol("NKY") - VolResponse().shift(shocked.equity("NKY")), atol=1e-15)
    assert abs(extra.mean()) < 5 * 0.05 / np.sqrt(N)  # se of the mean = 0.05 / sqrt(N)
    assert extra.std() == pytest.approx(0.05, rel=5 / np.sqrt(2 * N))  # se of a normal std: 1/sqrt(2N) rel.


def test_returns_stay_above_minus_one_and_vols_in_bounds_under_extreme_tails():
    s = monte_carlo(N, horizon_days=3650, seed=15, dof=2.05, vols={"SPX": 1.5, "NKY": 2.0, "USD": 1.0})
    for col in COLS:
        assert s.table[col].min() > -1.0
    assert s.table[["vol.SPX", "vol.NKY"]].abs().max().max() <= 2.0
    clipped = s.vol("SPX") == -2.0  # rallies above +900%: the response -0.2 r is clipped at the bound
    assert clipped.any() and np.all(s.equity("SPX")[clipped] >= 10.0)
    np.testing.assert_array_equal(s.vol("SPX")[~clipped], VolResponse().shift(s.equity("SPX")[~clipped]))


def test_float32_draws():
    s = monte_carlo(N, seed=16, dist="gbm", dtype=np.float32)
    x = np.log1p(s.equity("SPX"))
    assert x.std() == pytest.approx(0.18 * np.sqrt(H30), rel=5 / np.sqrt(2 * N))
    assert s.equity("SPX").min() > -1.0


# ---- reproducibility -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("dist", ["gbm", "student_t"])
def test_same_seed_same_scenarios_other_seed_others(dist):
    a = monte_carlo(1000, seed=42, dist=dist, vol_of_vol=0.02)
    b = monte_carlo(1000, seed=42, dist=dist, vol_of_vol=0.02)
    c = monte_carlo(1000, seed=43, dist=dist, vol_of_vol=0.02)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert not np.any(a.equity("SPX") == c.equity("SPX"))
    assert not np.array_equal(a.table["vol.SPX"], c.table["vol.SPX"])


def test_student_t_scale_values():
    assert student_t_scale(4.0) == pytest.approx(np.sqrt(0.5))  # sqrt((4-2)/4)
    assert student_t_scale(1e9) == pytest.approx(1.0)  # the normal limit


# ---- input checks --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, -5, 1.5, "10", None])
def test_n_must_be_a_positive_integer(n):
    with pytest.raises(InputError, match=r"^n=.*an integer >= 1"):
        monte_carlo(n)


@pytest.mark.parametrize("days", [-1, 1.5])
def test_horizon_days_must_be_whole_and_non_negative(days):
    with pytest.raises(InputError, match=r"^horizon_days=.*whole number of days >= 0"):
        monte_carlo(10, days)


@pytest.mark.parametrize("dof", [2.0, 1.5, -3])
def test_dof_must_exceed_two(dof):
    with pytest.raises(InputError, match=r"^dof=.*degrees of freedom > 2"):
        monte_carlo(10, dof=dof)
    with pytest.raises(InputError, match=r"^dof="):
        student_t_scale(dof)


def test_dof_is_ignored_by_gbm():
    assert len(monte_carlo(10, dist="gbm", dof=1.0)) == 10


def test_vol_as_percentage_is_rejected():
    with pytest.raises(InputError, match=r"^vols.SPX=18.0: expected a decimal .*looks like a percentage"):
        monte_carlo(10, vols={"SPX": 18.0})


def test_negative_vol_is_rejected():
    with pytest.raises(InputError, match=r"^vols.USD=-0.1: expected a volatility >= 0"):
        monte_carlo(10, vols={"USD": -0.1})


def test_index_without_a_vol_is_rejected():
    with pytest.raises(InputError, match=r"^vols.TPX=None: .*no default"):
        monte_carlo(10, indices=("SPX", "TPX"))


def test_non_finite_drift_is_rejected():
    with pytest.raises(InputError, match=r"^drifts.SPX="):
        monte_carlo(10, drifts={"SPX": float("nan")})


def test_corr_wrong_shape():
    with pytest.raises(InputError, match=r"^corr='shape \(2, 2\)': expected a 3x3 matrix over \['SPX', 'NKY', 'USD'\]"):
        monte_carlo(10, corr=np.eye(2))


def test_corr_not_symmetric():
    corr = default_corr(FACTORS)
    corr[0, 1] = 0.5
    with pytest.raises(InputError, match=r"^corr\[0, 1\]=0.5: expected a symmetric matrix"):
        monte_carlo(10, corr=corr)


def test_corr_diagonal_not_one():
    with pytest.raises(InputError, match=r"^corr=\[2.0, 1.0, 1.0\]: expected a unit diagonal"):
        monte_carlo(10, corr=np.diag([2.0, 1.0, 1.0]))


def test_corr_entry_outside_minus_one_one():
    corr = np.eye(3)
    corr[0, 2] = corr[2, 0] = 1.2
    with pytest.raises(InputError, match=r"^corr=1.2: expected correlations in \[-1, 1\]"):
        monte_carlo(10, corr=corr)


def test_corr_not_positive_semi_definite():
    corr = [[1.0, 0.9, -0.9], [0.9, 1.0, 0.9], [-0.9, 0.9, 1.0]]  # pairwise fine, jointly impossible
    with pytest.raises(InputError, match=r"^corr='smallest eigenvalue -0.8': expected a positive semi-definite"):
        monte_carlo(10, corr=corr)
    with pytest.raises(InputError, match=r"^corr="):
        check_corr(np.array(corr), FACTORS)


def test_corr_not_numeric():
    with pytest.raises(InputError, match=r"^corr"):
        monte_carlo(10, corr=[[1.0, "x", 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])


def test_negative_vol_of_vol_is_rejected():
    with pytest.raises(InputError, match=r"^vol_of_vol=-0.01: expected a number >= 0"):
        monte_carlo(10, vol_of_vol=-0.01)


def test_unknown_dist_is_rejected():
    with pytest.raises(InputError, match=r"^dist='normal': expected one of gbm, student_t"):
        monte_carlo(10, dist="normal")


def test_unknown_dtype_is_rejected():
    with pytest.raises(InputError, match=r"^dtype=.*np.float64 or np.float32"):
        monte_carlo(10, dtype=np.int64)


# ---- blocks: a set drawn shard by shard -----------------------------------------------------------------------


@pytest.mark.parametrize("dist, vol_of_vol", [("student_t", 0.0), ("gbm", 0.05)])
def test_a_set_is_the_concatenation_of_its_blocks_drawn_alone(dist, vol_of_vol):
    whole = monte_carlo(1_050, seed=21, dist=dist, vol_of_vol=vol_of_vol, block=200)  # 5 blocks + 50 rows
    parts = [monte_carlo(1_050, seed=21, dist=dist, vol_of_vol=vol_of_vol, block=200, rows=rows)
             for rows in [(0, 400), (400, 600), (600, 1_050)]]
    joined = pd.concat([p.table for p in parts], ignore_index=True)
    pd.testing.assert_frame_equal(joined, whole.table, check_exact=True)
    assert parts[1].labels[0] == "mc 000401" and parts[2].labels[-1] == "mc 001050"
    title = "gbm" if dist == "gbm" else "student_t dof 6"
    assert parts[2].name == f"monte carlo ({title}, seed 21, rows 601-1050 of 1050)"


def test_the_first_block_is_the_one_generator_draw_and_later_blocks_are_other_streams():
    one = monte_carlo(200, seed=22)  # a set within one block: np.random.default_rng(22) exactly as before blocks
    whole = monte_carlo(1_000, seed=22, block=200)
    pd.testing.assert_frame_equal(whole.table.iloc[:200], one.table, check_exact=True)
    first, second = whole.table["equity.SPX"].to_numpy()[:200], whole.table["equity.SPX"].to_numpy()[200:400]
    assert not np.any(first == second)
    pd.testing.assert_frame_equal(monte_carlo(150, seed=22, block=200).table, monte_carlo(150, seed=22).table)


def test_block_streams_take_any_seed_and_none():
    seq = np.random.SeedSequence(23)
    a = monte_carlo(500, seed=seq, block=200)
    b = monte_carlo(500, seed=np.random.SeedSequence(23), block=200)
    pd.testing.assert_frame_equal(a.table, b.table)
    pd.testing.assert_frame_equal(a.table, monte_carlo(500, seed=23, block=200).table)  # same entropy, same set
    fresh = monte_carlo(500, block=200)  # seed None: fresh entropy shared by the blocks
    assert len(fresh) == 500 and fresh.name == "monte carlo (student_t dof 6, seed None)"


@pytest.mark.parametrize("rows", [(100, 400), (0, 300), (200, 1_001), (400, 400), (-200, 200)])
def test_rows_off_the_blocks_are_refused(rows):
    with pytest.raises(InputError, match="^rows="):
        monte_carlo(1_000, seed=1, block=200, rows=rows)


def test_block_must_be_a_whole_number():
    with pytest.raises(InputError, match="^block="):
        monte_carlo(10, seed=1, block=0)


def test_shard_labels_equal_the_whole_sets():
    whole = mc_labels(12_000_000 // 1000, total=12_000_000)[:3]
    assert whole == ["mc 00000001", "mc 00000002", "mc 00000003"]
    assert mc_labels(3, start=9_999_997, total=12_000_000) == ["mc 09999998", "mc 09999999", "mc 10000000"]
    assert mc_labels(5, start=10) == mc_labels(15)[10:]

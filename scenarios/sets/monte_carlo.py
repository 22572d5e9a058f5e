r"""Monte Carlo scenarios: correlated log-returns of the indices and the currency, normal or Student-t.

Factors, in this fixed order: the indices (``indices``, e.g. SPX then NKY), then the currency (``currency``,
e.g. USD, whose column ``fx.USD`` is the return of one USD in the JPY base). ``corr`` and the columns of every
internal array follow that order.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from pricing._typing import ArrayLike, FloatArray
from pricing.errors import InputError
from pricing.validation import MAX_VOL, as_float_array, check_choice, check_non_negative, check_vol
from scenarios.sets.factor_model import FxVolResponse, VolResponse
from scenarios.sets.scenario_set import HORIZON, LABEL, ScenarioSet, equity_col, fx_col, fx_vol_col, vol_col


class Distribution(StrEnum):
    """Distribution of the horizon log-returns."""

    GBM = "gbm"
    STUDENT_T = "student_t"


DEFAULT_VOLS: Mapping[str, float] = {"SPX": 0.18, "NKY": 0.22, "USD": 0.10}
"""Annualised vols (decimal) of the default factors: S&P 500, Nikkei 225, USD in JPY."""

DEFAULT_CORR: Mapping[tuple[str, str], float] = {("SPX", "NKY"): 0.6, ("SPX", "USD"): 0.3, ("NKY", "USD"): 0.4}
"""Pairwise log-return correlations; pairs absent here are 0. SPX–USD is positive because risk-off days
bring equities down and the yen up (USD falls in JPY); NKY–USD because a weak yen lifts Japanese exporters."""

_CORR_TOL = 1e-10

MC_BLOCK = 1_000_000
"""Rows per block. A set of ``n`` rows is the concatenation of ``ceil(n / MC_BLOCK)`` blocks, block ``i`` drawn from
its own stream (:func:`block_seed`): block 0 from ``np.random.default_rng(seed)``, so a set of at most
``MC_BLOCK`` rows is what one generator draws (every such set is unchanged from before blocks), and any block can be
drawn alone — on a Dask worker, say (:mod:`hedgeopt.shards`) — equal to the same rows of the whole set."""


def student_t_scale(dof: float) -> float:
    r"""Factor that gives a Student-t variable of ``dof`` degrees of freedom unit variance: :math:`\sqrt{(\nu-2)/\nu}`.

    Raises
    ------
    InputError
        If ``dof <= 2`` (the variance is infinite).

    Examples
    --------
    >>> round(student_t_scale(4.0) ** 2, 12)
    0.5
    """
    nu = float(as_float_array("dof", dof))
    if nu <= 2.0:
        raise InputError("dof", nu, "degrees of freedom > 2", hint="the t variance dof/(dof-2) is infinite at <= 2")
    return float(np.sqrt((nu - 2.0) / nu))


def default_corr(factors: Sequence[str]) -> FloatArray:
    """Correlation matrix over ``factors`` from :data:`DEFAULT_CORR` (0 for unknown pairs), shape (k, k)."""
    k = len(factors)
    corr = np.eye(k)
    for i in range(k):
        for j in range(i + 1, k):
            rho = DEFAULT_CORR.get((factors[i], factors[j]), DEFAULT_CORR.get((factors[j], factors[i]), 0.0))
            corr[i, j] = corr[j, i] = rho
    return corr


def check_corr(corr: ArrayLike | pd.DataFrame, factors: Sequence[str]) -> FloatArray:
    """Check a correlation matrix over ``factors`` and return a factor ``A`` with ``A @ A.T == corr``.

    A ``DataFrame`` is reordered by its labels; anything else is taken in the order of ``factors``.

    Raises
    ------
    InputError
        Naming ``corr`` if the matrix is not k x k, not finite, not symmetric, has a diagonal other than 1, an
        entry outside [-1, 1], or is not positive semi-definite (smallest eigenvalue < -1e-10).
    """
    if isinstance(corr, pd.DataFrame):
        corr = corr.loc[list(factors), list(factors)].to_numpy()
    c = as_float_array("corr", corr)
    k = len(factors)
    if c.shape != (k, k):
        raise InputError("corr", f"shape {c.shape}", f"a {k}x{k} matrix over {list(factors)}")
    if not np.allclose(c, c.T, rtol=0.0, atol=_CORR_TOL):
        i, j = np.argwhere(np.abs(c - c.T) > _CORR_TOL)[0]
        raise InputError(f"corr[{i}, {j}]", c[i, j].item(), f"a symmetric matrix (corr[{j}, {i}] = {c[j, i]!r})")
    if not np.allclose(np.diag(c), 1.0, rtol=0.0, atol=_CORR_TOL):
        raise InputError("corr", np.diag(c).tolist(), "a unit diagonal")
    if np.any(np.abs(c) > 1.0):
        raise InputError("corr", c[np.abs(c) > 1.0][0].item(), "correlations in [-1, 1]")
    eigenvalues, vectors = np.linalg.eigh(c)
    if eigenvalues[0] < -_CORR_TOL:
        raise InputError("corr", f"smallest eigenvalue {eigenvalues[0]:.3g}", "a positive semi-definite matrix",
                         hint="the pairwise correlations are inconsistent with one another")
    try:
        return np.linalg.cholesky(c)
    except np.linalg.LinAlgError:  # singular but PSD (a correlation of exactly 1): use the eigen square root
        return vectors * np.sqrt(np.clip(eigenvalues, 0.0, None))


def mc_labels(n: int, prefix: str = "mc ", *, start: int = 0, total: int | None = None) -> list[str]:
    """Labels of rows ``start + 1`` ... ``start + n`` (``mc 000001`` ...), padded to ``max(6, len(str(total)))``.

    ``total`` (default ``start + n``) is the size of the whole set, so that a shard's labels equal the whole set's
    labels for the same rows. The digits are written as ASCII bytes, one place value at a time by integer division
    over the whole column, decoded once and split: about 0.15 s for a million labels against 0.4 s for an f-string
    comprehension.

    Examples
    --------
    >>> mc_labels(3)
    ['mc 000001', 'mc 000002', 'mc 000003']
    >>> mc_labels(2, start=999_998, total=10_000_000)
    ['mc 00999999', 'mc 01000000']
    """
    width = max(6, len(str(start + n if total is None else total)))
    head = np.frombuffer(prefix.encode("ascii"), np.uint8)
    buf = np.empty((n, head.size + width + 1), np.uint8)
    buf[:, : head.size] = head
    buf[:, -1] = ord("\n")
    number = np.arange(start + 1, start + n + 1, dtype=np.int64)
    for j in range(width):  # the last digit, then the tens, ...
        number, digit = np.divmod(number, 10)
        buf[:, head.size + width - 1 - j] = digit + ord("0")
    return buf.tobytes().decode("ascii").split("\n")[:-1]


def monte_carlo(
    n: int,
    horizon_days: int = 30,
    *,
    seed: int | np.random.SeedSequence | None = None,
    dist: Distribution | str = Distribution.STUDENT_T,
    dof: float = 6.0,
    vols: Mapping[str, float] | None = None,
    drifts: Mapping[str, float] | None = None,
    corr: ArrayLike | pd.DataFrame | None = None,
    vol_response: VolResponse | None = None,
    fx_vol_response: FxVolResponse | None = None,
    vol_of_vol: float = 0.0,
    currency: str | None = "USD",
    base: str = "JPY",
    indices: Sequence[str] = ("SPX", "NKY"),
    dtype: type[np.floating] = np.float64,
    rows: tuple[int, int] | None = None,
    block: int = MC_BLOCK,
) -> ScenarioSet:
    r"""Draw ``n`` scenarios of correlated index and currency returns over one horizon.

    Parameters
    ----------
    n : int
        Number of scenarios, >= 1 (1,000,000 takes well under 2 s).
    horizon_days : int, default 30
        Calendar days to the scenario date, >= 0; the horizon in years is ``h = horizon_days / 365``.
    seed : int or SeedSequence, optional
        Seed of ``np.random.default_rng`` for the first :data:`MC_BLOCK` rows, and of the child streams of the
        blocks after them (:func:`block_seed`); the same seed gives identical scenarios. None: fresh entropy.
    dist : {"student_t", "gbm"}, default "student_t"
        Multivariate Student-t (fat tails, joint crashes) or normal log-returns (geometric Brownian motion).
    dof : float, default 6.0
        Degrees of freedom of the Student-t, > 2 (6 gives a kurtosis of 6; large values approach the normal).
        Ignored for ``"gbm"``. The default 6 suits monthly horizons: with 4, one million 30-day scenarios
        held Nikkei moves from -99.8% to +1054%, with 6 from -77% to +539%.
    vols : mapping of str to float, optional
        Annualised vols, decimal (0.18 = 18%), >= 0, by factor name; they override :data:`DEFAULT_VOLS`
        entry by entry, so ``{"SPX": 0.25}`` changes SPX only. Every factor needs a vol from one or the other.
    drifts : mapping of str to float, optional
        Annual log drifts (decimal, ``{"SPX": 0.05}``) by factor; None or a missing factor: 0 (see Notes).
    corr : array_like of shape (k, k) or DataFrame, optional
        Log-return correlations over the factors in order ``(*indices, currency)``, e.g. SPX, NKY, USD; a
        DataFrame is aligned by its labels. None: :func:`default_corr` (SPX–NKY 0.6, SPX–USD 0.3, NKY–USD 0.4).
    vol_response : VolResponse, optional
        Spot-linked implied-vol response of each index to its own return; None: ``VolResponse()``.
    fx_vol_response : FxVolResponse, optional
        Response of the currency pair's implied vols (``vol.<currency><base>``) to the drawn ``fx.<currency>``;
        None: ``FxVolResponse()``. It adds no random draw, so a seed gives the same returns with or without it.
    vol_of_vol : float, default 0.0
        Std (decimal vol points) of an extra parallel vol shock, one N(0, 1) draw per scenario added to every
        index's vol change, independent of the returns. 0: none, and no draws, so the returns do not change.
    currency : str or None, default "USD"
        The foreign currency whose return against the base (JPY) is drawn as ``fx.<currency>``; None: no FX
        (and no pair vol).
    base : str, default "JPY"
        The base currency, naming the pair's vol column ``vol.<currency><base>`` (``vol.USDJPY``).
    indices : sequence of str, default ("SPX", "NKY")
        Indices drawn as ``equity.<INDEX>`` and ``vol.<INDEX>``, each in its own currency.
    dtype : {np.float64, np.float32}, default np.float64
        Precision of the draws. ScenarioSet validation currently stores float64 columns whatever is drawn.
    rows : (int, int), optional
        Only rows ``start`` to ``stop - 1`` (0-based) of the set of ``n``, drawn block by block: ``start`` a
        multiple of ``block``, ``stop`` a multiple of it or ``n``. They equal the same rows of the whole set, labels
        included (``mc 1000001`` ...). None: all ``n`` rows.
    block : int, default :data:`MC_BLOCK`
        Rows per block (1,000,000); another value draws another set once ``n`` exceeds it (tests use small blocks).

    Returns
    -------
    ScenarioSet
        ``n`` rows labelled ``mc 000001``, ..., with columns ``equity.<INDEX>``, ``vol.<INDEX>``,
        ``fx.<currency>`` and ``vol.<currency><base>``, named ``"monte carlo (student_t dof 6, seed 1)"``.

    Raises
    ------
    InputError
        For ``n`` not an integer >= 1, ``horizon_days`` not a whole number >= 0, ``dof <= 2``, a vol that is
        negative or looks like a percentage (18 for 0.18), a missing vol, a bad ``corr`` (not symmetric, unit
        diagonal and positive semi-definite), ``vol_of_vol < 0``, an unknown ``dist`` or ``dtype``, ``rows`` off
        the blocks or outside ``n``, ``block < 1``.

    Notes
    -----
    With :math:`h` the horizon in years, :math:`D = \mathrm{diag}(\sigma_i\sqrt{h})` and :math:`C = AA^\top`
    the correlation, the log-returns are

    .. math:: x = \mu h + D A z\,s, \qquad z \sim N(0, I_k),

    with :math:`s = 1` for ``"gbm"`` and :math:`s = \sqrt{(\nu-2)/W}`, :math:`W \sim \chi^2_\nu` (one draw
    per scenario, shared by all factors) for ``"student_t"``. A t variable has variance :math:`\nu/(\nu-2)`,
    so the factor :math:`\sqrt{(\nu-2)/\nu}` (:func:`student_t_scale`) is folded in: both distributions have
    the covariance :math:`DCD`, and the t adds excess kurtosis :math:`6/(\nu-4)` (:math:`\nu > 4`) and tail
    dependence (factors crash together even when uncorrelated). :math:`\nu \le 2` has no variance.

    Simple returns are :math:`e^x - 1 > -1` (floored at the float just above -1). ``drifts`` are *log* drifts:
    the median return is :math:`e^{\mu h}-1` under both distributions. Under GBM the mean is
    :math:`e^{(\mu + \sigma^2/2)h}-1`, so pass :math:`\mu = m - \sigma^2/2` for an expected growth rate
    :math:`m`; under the t, :math:`E[e^x]` is infinite (no moment generating function), so no such
    correction exists and sample means of simple returns are unstable: use medians or quantiles.

    Vol changes are ``vol_response.shift(r)`` plus ``vol_of_vol`` times a normal draw, clipped to
    :math:`\pm` :data:`~pricing.validation.MAX_VOL` (2.0, the ScenarioSet bound); only a rally of hundreds of
    percent (heavy t tails) reaches the clip, and a cut of 2.0 already takes every vol to the repricer's floor.
    The pair's vol change is ``fx_vol_response.shift(fx)``, clipped likewise, without ``vol_of_vol``.

    Examples
    --------
    >>> s = monte_carlo(1000, seed=1)
    >>> len(s), s.labels[:2]
    (1000, ['mc 000001', 'mc 000002'])
    >>> bool((s.equity("SPX") > -1).all()), bool(np.allclose(s.vol("SPX"), VolResponse().shift(s.equity("SPX"))))
    (True, True)
    >>> part = monte_carlo(1000, seed=1, rows=(400, 1000), block=200)  # blocks 2 to 4 of 200 rows
    >>> part.labels[0], bool(part.table.iloc[0, 2] == monte_carlo(1000, seed=1, block=200).table.iloc[400, 2])
    ('mc 000401', True)
    """
    n = _count(n)
    model = _Model.of(horizon_days, dist, dof, vols, drifts, corr, vol_response, fx_vol_response, vol_of_vol,
                      currency, base, indices, dtype)
    start, stop = block_rows(n, rows, block)
    entropy = np.random.SeedSequence() if seed is None else seed  # one entropy for every block
    data = np.empty((model.width, stop - start), model.dtype)
    for i in range(start // block, -(-stop // block)):
        first = i * block
        rng = np.random.default_rng(block_seed(entropy, i))
        data[:, first - start:min(first + block, stop) - start] = model.draw(rng, min(block, stop - first))
    table = pd.DataFrame(data.T, columns=model.columns, copy=False)
    table.insert(0, LABEL, mc_labels(stop - start, start=start, total=n))
    table.insert(1, HORIZON, np.full(stop - start, int(model.days), dtype=np.int64))
    part = "" if (start, stop) == (0, n) else f", rows {start + 1}-{stop} of {n}"
    return ScenarioSet(table, f"monte carlo ({model.title}, seed {seed}{part})")


def _count(n: int) -> int:
    """``n`` as an int >= 1, or an InputError naming ``n``."""
    try:
        n = operator.index(n)
    except TypeError:
        raise InputError("n", n, "an integer >= 1, such as 100_000") from None
    if n < 1:
        raise InputError("n", n, "an integer >= 1, such as 100_000")
    return n


def block_rows(n: int, rows: tuple[int, int] | None, block: int = MC_BLOCK) -> tuple[int, int]:
    """``rows`` as ``(start, stop)`` checked against ``n`` rows in blocks of ``block``: the whole set when None.

    Raises
    ------
    InputError
        Naming ``block`` if it is not an integer >= 1, or ``rows`` unless ``0 <= start < stop <= n`` with
        ``start`` on a block boundary and ``stop`` on one or at ``n``.
    """
    if isinstance(block, bool) or not isinstance(block, int | np.integer) or block < 1:
        raise InputError("block", block, "a whole number of rows >= 1, such as MC_BLOCK = 1,000,000")
    if rows is None:
        return 0, n
    start, stop = (operator.index(r) for r in rows)
    if not (0 <= start < stop <= n and start % block == 0 and (stop % block == 0 or stop == n)):
        raise InputError("rows", (start, stop), f"0 <= start < stop <= {n} on blocks of {block} rows "
                         f"(start a multiple of {block}, stop a multiple or {n})")
    return start, stop


def block_seed(seed: int | np.random.SeedSequence, i: int) -> int | np.random.SeedSequence:
    """The seed of block ``i`` of a set seeded ``seed``: ``seed`` itself for block 0, a child stream after it.

    Block ``i >= 1`` draws from ``SeedSequence(entropy, spawn_key=(*spawn_key, i))`` of the set's seed — the
    ``i``-th child that ``SeedSequence(seed).spawn`` would give, built without spawning the ones before it, so
    that a worker draws any block alone. The children are independent streams of the set's seed.

    Examples
    --------
    >>> block_seed(7, 0), block_seed(7, 2).spawn_key
    (7, (2,))
    """
    if i == 0:
        return seed
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, i), pool_size=root.pool_size)


@dataclass(frozen=True)
class _Model:
    """The validated parameters of :func:`monte_carlo`, and the draw of one block of rows."""

    days: float
    dist: Distribution
    nu: float
    sigma: FloatArray
    mu: FloatArray
    root: FloatArray
    vol_of_vol: float
    vol_response: VolResponse
    fx_vol_response: FxVolResponse
    indices: tuple[str, ...]
    currency: str | None
    base: str
    dtype: type[np.floating]

    @classmethod
    def of(cls, horizon_days: int, dist: Distribution | str, dof: float, vols: Mapping[str, float] | None,
           drifts: Mapping[str, float] | None, corr: ArrayLike | pd.DataFrame | None,
           vol_response: VolResponse | None, fx_vol_response: FxVolResponse | None, vol_of_vol: float,
           currency: str | None, base: str, indices: Sequence[str], dtype: type[np.floating]) -> _Model:
        """Check the parameters (the errors of :func:`monte_carlo`)."""
        days = float(as_float_array("horizon_days", horizon_days))
        if days < 0 or days != round(days):
            raise InputError("horizon_days", horizon_days, "a whole number of days >= 0")
        dist = check_choice("dist", dist, {d.value: d for d in Distribution})
        if np.dtype(dtype) not in (np.dtype(np.float32), np.dtype(np.float64)):
            raise InputError("dtype", dtype, "np.float64 or np.float32")
        nu = float(as_float_array("dof", dof))
        if dist is Distribution.STUDENT_T:
            student_t_scale(nu)
        factors = [*indices, currency] if currency else list(indices)
        all_vols = {**DEFAULT_VOLS, **(vols or {})}
        missing = [f for f in factors if f not in all_vols]
        if missing:
            raise InputError(f"vols.{missing[0]}", None, "an annualised vol such as 0.18", hint="no default for it")
        sigma = np.array([float(check_vol(f"vols.{f}", all_vols[f], allow_zero=True)) for f in factors])
        mu = np.array([float(as_float_array(f"drifts.{f}", (drifts or {}).get(f, 0.0))) for f in factors])
        root = check_corr(default_corr(factors) if corr is None else corr, factors)
        return cls(days, dist, nu, sigma, mu, root, float(check_non_negative("vol_of_vol", vol_of_vol)),
                   VolResponse() if vol_response is None else vol_response,
                   FxVolResponse() if fx_vol_response is None else fx_vol_response, tuple(indices), currency, base,
                   np.dtype(dtype).type)

    @property
    def columns(self) -> list[str]:
        """Columns of a block: the factors' returns, then the vol changes of the indices and the pair."""
        currency = self.currency
        return ([equity_col(i) for i in self.indices] + ([fx_col(currency)] if currency else [])
                + [vol_col(i) for i in self.indices] + ([fx_vol_col(currency, self.base)] if currency else []))

    @property
    def width(self) -> int:
        """Number of columns of a block."""
        return len(self.columns)

    @property
    def title(self) -> str:
        """``gbm`` or ``student_t dof 6``, for the set's name."""
        return "gbm" if self.dist is Distribution.GBM else f"student_t dof {self.nu:g}"

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` rows from ``rng``, shape (:attr:`width`, n): returns, then vol changes (see :func:`monte_carlo`)."""
        dtype, k, m = self.dtype, self.sigma.size, len(self.indices)
        h = self.days / 365.0
        x = (self.root * (self.sigma * np.sqrt(h))[:, None]).astype(dtype) @ rng.standard_normal((k, n), dtype=dtype)
        if self.dist is Distribution.STUDENT_T:
            chi2 = 2.0 * rng.standard_gamma(self.nu / 2.0, n, dtype=dtype)
            x *= (student_t_scale(self.nu) * np.sqrt(self.nu / chi2)).astype(dtype)  # = sqrt((nu - 2) / W)
        x += (self.mu * h).astype(dtype)[:, None]
        block = np.empty((self.width, n), dtype)
        np.maximum(np.expm1(x, out=block[:k]), -1.0 + np.finfo(dtype).epsneg, out=block[:k])
        del x
        shock = self.vol_of_vol * rng.standard_normal(n, dtype=dtype) if self.vol_of_vol > 0 else 0.0
        for i in range(m):
            block[k + i] = np.clip(self.vol_response.shift(block[i]) + shock, -MAX_VOL, MAX_VOL)
        if self.currency:
            block[k + m] = np.clip(self.fx_vol_response.shift(block[m]), -MAX_VOL, MAX_VOL)
        return block

"""Monte Carlo path sets in blocks: the set is its blocks end to end, block 0 is the old single stream, any block
can be drawn alone with the labels it has in the set."""

from __future__ import annotations

import numpy as np
import pytest

from pricing.errors import InputError
from pricing.market import default_market
from scenarios.paths.market_paths import MarketPaths
from scenarios.paths.monte_carlo import PATH_BLOCK, block_rng, monte_carlo_paths, n_blocks

MARKET = default_market()
KW = {"indices": ("SPX", "NKY"), "currency": "USD"}


def series(p: MarketPaths) -> np.ndarray:
    """Every simulated series of ``p``, stacked: (4, n_paths, n_days + 1)."""
    return np.stack([p.equity["SPX"], p.equity["NKY"], p.fx["USD"], p.vol["SPX"]])


@pytest.mark.parametrize("dist", ["student_t", "gbm"])
def test_the_set_is_its_blocks_end_to_end_the_last_one_short(dist):
    whole = monte_carlo_paths(MARKET, 250, 12, seed=4, dist=dist, block_size=60, **KW)  # 60+60+60+60+10
    parts = [monte_carlo_paths(MARKET, 250, 12, seed=4, dist=dist, block_size=60, blocks=range(b, b + 1), **KW)
             for b in range(5)]
    assert [p.n_paths for p in parts] == [60, 60, 60, 60, 10]
    assert np.array_equal(series(whole), np.concatenate([series(p) for p in parts], axis=1))
    assert sum((p.labels for p in parts), ()) == whole.labels
    assert parts[4].labels[-1] == "mc 250"
    middle = monte_carlo_paths(MARKET, 250, 12, seed=4, dist=dist, block_size=60, blocks=range(1, 4), **KW)
    assert np.array_equal(series(middle), series(whole)[:, 60:240]) and middle.labels[0] == "mc 61"


def test_block_zero_is_the_single_stream_of_earlier_versions():
    # A set within one block is drawn from default_rng(seed) as before blocks; it is the first block of a larger set
    small = monte_carlo_paths(MARKET, 40, 3, seed=9, block_size=40)
    large = monte_carlo_paths(MARKET, 100, 3, seed=9, block_size=40)
    assert np.array_equal(small.equity["SPX"], large.equity["SPX"][:40])
    default = monte_carlo_paths(MARKET, 40, 3, seed=9)
    assert np.array_equal(small.equity["SPX"], default.equity["SPX"])
    assert PATH_BLOCK == 10_000


def test_blocks_are_independent_streams_of_the_seed():
    whole = monte_carlo_paths(MARKET, 90, 5, seed=2, block_size=30)
    returns = np.diff(np.log(whole.equity["SPX"]), axis=1)
    assert not np.array_equal(returns[:30], returns[30:60])  # not the same stream restarted
    assert block_rng(2, 1).integers(1 << 30) == np.random.default_rng(np.random.SeedSequence(2).spawn(2)[1]) \
        .integers(1 << 30)
    seq = np.random.SeedSequence(2)
    assert np.array_equal(series_of(seq), series_of(2))  # a SeedSequence seed gives what its integer gives


def series_of(seed) -> np.ndarray:
    return monte_carlo_paths(MARKET, 50, 4, seed=seed, block_size=20).equity["SPX"]


def test_seed_none_draws_one_fresh_set():
    p = monte_carlo_paths(MARKET, 50, 4, seed=None, block_size=20)
    returns = np.diff(np.log(p.equity["SPX"]), axis=1)
    assert p.n_paths == 50 and np.isfinite(returns).all() and returns.std() > 0


def test_block_counts_and_bad_blocks():
    assert (n_blocks(1), n_blocks(PATH_BLOCK), n_blocks(PATH_BLOCK + 1), n_blocks(7, 3)) == (1, 1, 2, 3)
    for bad in (range(0, 4), range(3, 3), range(-1, 1), range(0, 3, 2), (0, 1)):
        with pytest.raises(InputError, match="blocks"):
            monte_carlo_paths(MARKET, 7, 2, seed=1, block_size=3, blocks=bad)
    with pytest.raises(InputError, match="block_size"):
        monte_carlo_paths(MARKET, 7, 2, seed=1, block_size=0)

"""The engine: serial in-process, a real LocalCluster, and bad addresses refused with the field named."""

from __future__ import annotations

import os

import pytest

from hedgeopt.cluster import ClusterError, Engine, open_client, run_tasks, share
from pricing import InputError


def _scaled(item: int, *, factor: int) -> tuple[int, int]:
    return item * factor, os.getpid()


def test_serial_engine_runs_in_this_process_in_order() -> None:
    engine = Engine(workers=0)
    assert engine.serial and engine.describe() == "serial (no Dask)"
    with open_client(engine) as client:
        assert client is None
        out = list(run_tasks(client, _scaled, [(f"k{i}", i) for i in range(4)], {"factor": 3}))
    assert [k for k, _ in out] == ["k0", "k1", "k2", "k3"]
    assert [r[0] for _, r in out] == [0, 3, 6, 9]
    assert {r[1] for _, r in out} == {os.getpid()}


def test_local_cluster_gives_the_serial_results_from_other_processes() -> None:
    items = [(f"k{i}", i) for i in range(12)]
    serial = dict(run_tasks(None, _scaled, items, {"factor": 7}))
    with open_client(Engine(workers=2)) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        spread = dict(run_tasks(client, _scaled, items, {"factor": 7}))
        again = dict(run_tasks(client, _scaled, items, {"factor": 5}))  # same keys, new call: never a stale result
    assert {k: v[0] for k, v in spread.items()} == {k: v[0] for k, v in serial.items()}
    assert {k: v[0] for k, v in again.items()} == {k: 5 * i for k, i in items}
    assert os.getpid() not in {v[1] for v in spread.values()}


@pytest.mark.parametrize("bad", ["localhost:8786", "", 8786])
def test_a_scheduler_address_without_a_scheme_is_refused(bad: object) -> None:
    with pytest.raises(InputError, match="scheduler"):
        Engine(scheduler=bad)


@pytest.mark.parametrize("bad", [-1, True, 1.5, "2"])
def test_workers_must_be_a_whole_number(bad: object) -> None:
    with pytest.raises(InputError, match="workers"):
        Engine(workers=bad)


@pytest.mark.parametrize("bad", ["lots", "-1GiB", "0", 4])
def test_memory_limit_is_a_size_dask_reads(bad: object) -> None:
    with pytest.raises(InputError, match="memory_limit"):
        Engine(memory_limit=bad)
    assert Engine(memory_limit="4GiB").memory_limit == "4GiB"


def test_a_scheduler_that_does_not_answer_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hedgeopt.cluster.client.CONNECT_TIMEOUT", "1s")
    with pytest.raises(ClusterError, match=r"scheduler='tcp://127.0.0.1:9'"):
        with open_client(Engine(scheduler="tcp://127.0.0.1:9")):
            pass


def _malloc_trim() -> str | None:
    return os.environ.get("MALLOC_TRIM_THRESHOLD_")


def test_local_workers_keep_glibcs_dynamic_mmap_threshold() -> None:
    # Dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536, which makes numpy-heavy tasks ~4x slower; hedgeopt unsets it
    with open_client(Engine(workers=1)) as client:
        seen = client.run(_malloc_trim)
    assert list(seen.values()) == [None]


def test_inputs_shared_once_serve_several_calls() -> None:
    items = [(f"k{i}", i) for i in range(4)]
    assert share(None, {"factor": 2}) == {"factor": 2}
    with open_client(Engine(workers=1)) as client:
        shared = share(client, {"factor": 3})
        first = dict(run_tasks(client, _scaled, items, shared))
        second = dict(run_tasks(client, _scaled, items, shared))  # the same future, not scattered again
        assert len(client.who_has(list(shared.values()))) == 1
    assert {k: v[0] for k, v in first.items()} == {k: v[0] for k, v in second.items()} == {k: 3 * i for k, i in items}


def _where(item: int) -> str:
    from distributed import get_worker

    return get_worker().address


def test_placement_sends_each_task_to_its_worker() -> None:
    import dask

    # a loose restriction may be stolen by an idle worker; without stealing, each task runs where it was placed
    with dask.config.set({"distributed.scheduler.work-stealing": False}), open_client(Engine(workers=2)) as client:
        workers = sorted(client.scheduler_info()["workers"])
        items = [(f"k{i}", i) for i in range(6)]
        home = {f"k{i}": workers[i % 2] for i in range(6)}
        ran = dict(run_tasks(client, _where, items, placement=home))
    assert ran == home
    assert dict(run_tasks(None, _scaled, items[:2], {"factor": 1}, placement=home))["k1"][0] == 1  # serial: ignored


def _count(item: int, *, contexts: dict) -> int:
    return item + len(contexts)


def test_an_empty_shared_mapping_is_not_scattered() -> None:
    """A batch whose accounts share no context passes ``contexts={}``: Dask's scatter raised on it (exit 70)."""
    with open_client(Engine(workers=1)) as client:
        assert share(client, {"contexts": {}}) == {"contexts": {}}
        assert dict(run_tasks(client, _count, [("a", 1), ("b", 2)], {"contexts": {}})) == {"a": 1, "b": 2}

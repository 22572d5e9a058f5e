"""A batch against the plain loop over the single-account commands; serial, one and two workers alike; faults.

The twin: for each account, its config read on its own (no shared scenario set, no shared candidates) and the
library's single-account answers — ``stress``, ``what_if``, ``checklist``, ``hedge``, ``max_leverage_for``.
"""

from __future__ import annotations

import os
import signal
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from hedgeopt.account.routes import with_exposure
from hedgeopt.batch import AccountInput, read_accounts, run_batch
from hedgeopt.batch.store import ResultStore
from hedgeopt.cluster import Engine
from hedgeopt.config.config import config_from_dict
from hedgeopt.optimizer import hedging
from hedgeopt.risk import checklist, stress, what_if
from pricing import InfeasibleHedgeError

from .conftest import SEED, SHARED


def _twin(item: AccountInput) -> dict:
    config = config_from_dict(item.data, item.source)
    worst = stress(config).table.iloc[0]
    hedge = hedging.hedge(config, integer=True)
    try:
        r = hedging.max_leverage_for(config)
        with_step = replace(config, account=with_exposure(config.account, config.market, r.route, r.index,
                                                           r.exposure_step))
        lev = with_step.account.leverage(config.market)  # the leverage of the account cut to that exposure
    except InfeasibleHedgeError:
        lev = float("nan")
    return {"worst_case": -float(worst["pnl_pct"]), "worst_scenario": worst["label"],
            "named_stress": float(what_if(config, equity=-0.30, fx=-0.10).table["pnl_pct"].iloc[0]),
            "checks_passed": checklist(config).passed, "hedge_status": hedge.status,
            "hedge_cost": hedge.cost if hedge.optimal else float("nan"),
            "hedge_worst_case": hedge.worst_case_after if hedge.optimal else float("nan"),
            "hedge_positions": "; ".join(f"{p.quantity:g} x {p.instrument.label}" for p in hedge.positions),
            "max_leverage": lev}


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[AccountInput], pd.DataFrame]:
    from .conftest import make_book

    folder = tmp_path_factory.mktemp("book")
    make_book(8, seed=2).to_csv(folder / "book.csv", index=False)
    accounts = read_accounts(folder / "book.csv", SHARED)
    return accounts, run_batch(accounts, folder / "serial", Engine(workers=0), partition_size=3).table


def test_every_account_equals_the_single_account_commands(serial: tuple[list[AccountInput], pd.DataFrame]) -> None:
    accounts, table = serial
    assert list(table["id"]) == [a.id for a in accounts] and (table["status"] == "ok").all()
    twins = pd.DataFrame([_twin(a) for a in accounts])
    for column in ("worst_case", "named_stress", "hedge_cost", "hedge_worst_case", "max_leverage"):
        pd.testing.assert_series_equal(table[column], twins[column], check_names=False, rtol=1e-12, atol=1e-9)
    for column in ("worst_scenario", "hedge_status", "hedge_positions"):
        assert list(table[column].fillna("")) == list(twins[column]), column
    assert list(table["checks_passed"]) == list(twins["checks_passed"])
    assert table["breaks_cap"].any() and (~table["breaks_cap"]).any()  # the book has both kinds
    assert table.loc[table["breaks_cap"], "hedge_verified"].all()


def test_the_seed_account_in_a_batch_gives_the_worked_example(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "seed.toml").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    row = run_batch(read_accounts(tmp_path / "in"), tmp_path / "out", Engine(workers=0)).table.iloc[0]
    assert row["nav"] == pytest.approx(10_000_000) and row["leverage"] == pytest.approx(1.3)
    assert row["named_stress"] == pytest.approx(-0.151, abs=1e-12)  # -900,000 index, -610,000 yen on the MMF
    assert row["worst_scenario"] == "2007-10 GFC bear" and row["worst_case"] == pytest.approx(0.24577, abs=1e-5)
    assert row["hedge_positions"].startswith("2 x XSP") and row["hedge_cost"] == pytest.approx(88_231, abs=1)
    assert row["hedge_worst_case"] <= 0.20 and bool(row["hedge_verified"])


def test_a_local_cluster_of_one_and_of_two_workers_gives_the_serial_table(
    serial: tuple[list[AccountInput], pd.DataFrame], tmp_path: Path,
) -> None:
    accounts, expected = serial
    for workers in (1, 2):
        got = run_batch(accounts, tmp_path / f"w{workers}", Engine(workers=workers), partition_size=3).table
        pd.testing.assert_frame_equal(got, expected)


def test_a_broken_account_is_an_error_row_and_the_rest_finish(
    serial: tuple[list[AccountInput], pd.DataFrame], tmp_path: Path,
) -> None:
    accounts, expected = serial
    broken = AccountInput("acct-bad", "book.csv row 9", {**accounts[2].data, "account": {
        **accounts[2].data["account"], "satellite": [{"route": "margin", "index": "SPX", "value": 1e6,
                                                      "loan_rate": 6}]}})
    unreadable = AccountInput("acct-unreadable", "x.toml", {}, "config='x.toml': expected valid TOML")
    result = run_batch([*accounts, broken, unreadable], tmp_path / "out", Engine(workers=0), partition_size=4)
    table = result.table.set_index("id")
    assert table.loc["acct-bad", "status"] == "error" and table.loc["acct-bad", "error_kind"] == "input"
    assert table.loc["acct-bad", "error"].startswith("account.satellite[0].loan_rate=6")
    assert table.loc["acct-unreadable", "error"].endswith("expected valid TOML")
    ok = result.table[result.table["status"] == "ok"].reset_index(drop=True)
    pd.testing.assert_frame_equal(ok, expected, check_dtype=False)  # blank cells of the error rows: object columns
    assert result.summary.errors == 2 and result.summary.answered == len(accounts)


def test_an_interrupted_batch_resumes_with_nothing_recomputed_or_lost(
    serial: tuple[list[AccountInput], pd.DataFrame], tmp_path: Path,
) -> None:
    accounts, expected = serial
    out = tmp_path / "out"

    def stop(done: int, total: int) -> None:
        if done >= 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(accounts, out, Engine(workers=0), partition_size=2, progress=stop)
    store = ResultStore(out)
    first = {p.name: p.stat().st_mtime_ns for _, p in store.files()}
    assert len(first) == 2 and not list((out / "parts").glob("*.tmp"))  # two whole parts, nothing half-written
    resumed = run_batch(accounts, out, Engine(workers=0), partition_size=2)
    assert (resumed.computed, resumed.reused) == (len(accounts) - 4, 4)
    assert {p.name: p.stat().st_mtime_ns for _, p in store.files()}.items() >= first.items()  # parts untouched
    pd.testing.assert_frame_equal(resumed.table, expected)
    again = run_batch(accounts, out, Engine(workers=0), partition_size=2)
    assert (again.computed, again.reused) == (0, len(accounts))
    forced = run_batch(accounts, out, Engine(workers=0), partition_size=2, force=True)
    assert forced.computed == len(accounts) and len(store.files()) == 4
    pd.testing.assert_frame_equal(forced.table, expected)


def test_a_changed_account_is_answered_again_and_its_latest_answer_kept(
    serial: tuple[list[AccountInput], pd.DataFrame], tmp_path: Path,
) -> None:
    accounts, expected = serial
    run_batch(accounts, tmp_path / "out", Engine(workers=0))
    first = accounts[0]
    tighter = AccountInput(first.id, first.source, {**first.data, "risk": {**first.data["risk"], "cap": 0.05}})
    result = run_batch([tighter, *accounts[1:]], tmp_path / "out", Engine(workers=0))
    assert (result.computed, result.reused) == (1, len(accounts) - 1)
    assert result.table.loc[0, "cap"] == 0.05 and result.table.loc[0, "fingerprint"] != expected.loc[0, "fingerprint"]
    pd.testing.assert_frame_equal(result.table.iloc[1:].reset_index(drop=True),
                                  expected.iloc[1:].reset_index(drop=True))


def test_a_worker_killed_mid_run_loses_no_finished_result(
    serial: tuple[list[AccountInput], pd.DataFrame], tmp_path: Path,
) -> None:
    from distributed import LocalCluster

    accounts, expected = serial
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster:
        pids = [nanny.process.pid for nanny in cluster.workers.values()]  # the worker processes under the nannies
        killed: list[int] = []

        def kill_one(done: int, total: int) -> None:
            if not killed:
                os.kill(pids[0], signal.SIGKILL)  # the nanny restarts it; its task runs again elsewhere
                killed.append(pids[0])

        result = run_batch(accounts, tmp_path / "out", Engine(scheduler=cluster.scheduler_address),
                           partition_size=1, progress=kill_one)
    assert killed and result.computed == len(accounts)
    pd.testing.assert_frame_equal(result.table, expected)

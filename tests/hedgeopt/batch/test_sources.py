"""Reading a book: a folder of TOML configs, or a CSV or Parquet table with a shared TOML."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pytest

from hedgeopt.batch import from_folder, from_table, read_accounts
from hedgeopt.batch.sources import merged, read_shared, toml_cell
from pricing import InputError

from .conftest import SEED, SHARED, make_book


def test_a_csv_cell_is_read_as_a_toml_value_and_text_stays_text() -> None:
    assert toml_cell("3_000_000") == 3_000_000 and isinstance(toml_cell("3_000_000"), int)
    assert toml_cell("0.06") == 0.06 and toml_cell("true") is True and toml_cell("false") is False
    assert toml_cell("USD") == "USD" and toml_cell('"1"') == "1" and toml_cell("[0.1, 0.2]") == [0.1, 0.2]


def test_tables_merge_key_by_key_and_arrays_are_replaced() -> None:
    base = {"risk": {"cap": 0.2, "leverage_cap": 1.3}, "hedge": {"months": [2, 3]}}
    top = {"risk": {"cap": 0.1}, "hedge": {"months": [6]}}
    assert merged(base, top) == {"risk": {"cap": 0.1, "leverage_cap": 1.3}, "hedge": {"months": [6]}}
    assert base["risk"]["cap"] == 0.2  # the shared sections are not changed


def test_a_row_becomes_the_config_a_toml_file_would_give(tmp_path: Path) -> None:
    book = make_book(8, seed=2)
    book.to_csv(tmp_path / "b.csv", index=False)
    accounts = read_accounts(tmp_path / "b.csv", SHARED)
    assert [a.id for a in accounts] == [f"acct-000000{k}" for k in range(1, 9)]
    cash = accounts[1].data["account"]  # acct-0000002 holds an ETF bought with cash
    assert cash["satellite"] == [{"route": "cash", "index": "SPX", "value": book.loc[1, "account.satellite[0].value"],
                                  "value_currency": "JPY"}]
    assert cash["mmf"][0]["yield"] == 0.04 and accounts[1].data["risk"]["cap"] == 0.25
    assert "satellite" not in accounts[0].data["account"]  # acct-0000001 holds none: a blank cell leaves its key unset
    assert accounts[0].data["hedge"]["symbol"] == "XSP" and accounts[0].source == "b.csv row 1"


def test_parquet_and_csv_give_the_same_accounts(tmp_path: Path) -> None:
    book = make_book(6, seed=2)
    book.to_csv(tmp_path / "b.csv", index=False)
    book.to_parquet(tmp_path / "b.parquet", index=False)
    csv, pq = from_table(tmp_path / "b.csv"), from_table(tmp_path / "b.parquet")
    assert [a.data for a in csv] == [a.data for a in pq]
    assert [a.fingerprint for a in csv] == [a.fingerprint for a in pq]


def test_a_csv_with_a_byte_order_mark_reads(tmp_path: Path) -> None:
    (tmp_path / "b.csv").write_text("id,risk.cap\nx,0.1\n", encoding="utf-8-sig")
    assert from_table(tmp_path / "b.csv")[0].data == {"risk": {"cap": 0.1}}


@pytest.mark.parametrize(("text", "field"), [
    ("name,risk.cap\nx,0.1\n", "accounts"),
    ("id,risk.cap\nx,0.1\nx,0.2\n", "b.csv.id"),
    ("id,risk.cap\n,0.1\n", "b.csv row 1.id"),
    ("id,risk.cap\n", "accounts"),
    ("id,market.spots.SPX\nx,6000\n", "column 'market.spots.SPX'"),
    ("id,account.mmf[a].amount\nx,1\n", "column 'account.mmf[a].amount'"),
])
def test_a_table_that_cannot_be_read_is_refused_naming_what(tmp_path: Path, text: str, field: str) -> None:
    (tmp_path / "b.csv").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        from_table(tmp_path / "b.csv")
    assert err.value.field == field


def test_a_folder_gives_one_account_per_file_and_a_bad_file_is_an_error_row(tmp_path: Path) -> None:
    (tmp_path / "clients").mkdir()
    (tmp_path / "clients" / "tanaka.toml").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "suzuki.toml").write_text("[account\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not an account", encoding="utf-8")
    accounts = from_folder(tmp_path, {"risk": {"cap": 0.15}})
    assert [a.id for a in accounts] == ["clients/tanaka", "suzuki"]
    assert accounts[0].data["risk"]["cap"] == 0.20  # the file's own key wins over the shared one
    assert accounts[0].data["account"] == tomllib.loads(SEED.read_text(encoding="utf-8"))["account"]
    assert accounts[1].error is not None and "valid TOML" in accounts[1].error and accounts[1].data == {}


def test_a_shared_file_with_an_account_and_an_empty_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="shared.account"):
        read_shared(SEED)
    with pytest.raises(InputError, match="at least one .toml"):
        from_folder(tmp_path)
    with pytest.raises(InputError, match=".csv or .parquet"):
        read_accounts(tmp_path / "book.xlsx")


def test_the_fingerprint_moves_with_the_input_and_the_context_only_with_shared_sections() -> None:
    a, b = (from_table_rows({"id": ["x"], "risk.cap": [cap]}) for cap in (0.1, 0.2))
    assert a.fingerprint != b.fingerprint and a.context == b.context


def from_table_rows(columns: dict) -> object:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.parquet"
        pd.DataFrame(columns).to_parquet(path, index=False)
        return from_table(path, read_shared(SHARED))[0]

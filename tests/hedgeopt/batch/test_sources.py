"""Reading a book: a folder of TOML configs, or a CSV or Parquet table with a shared TOML."""

from __future__ import annotations

import codecs
import os
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


# -- hostile files (issue 18): one InputError naming the file, or the account's own error in a folder ----------
def _csv(tmp_path: Path, text: bytes, name: str = "b.csv") -> Path:
    (tmp_path / name).write_bytes(text)
    return tmp_path / name


@pytest.mark.parametrize(("text", "match"), [
    (b"", r"^accounts='.*b\.csv': expected a CSV table with a header line \(the file is empty\)"),
    (b"id,risk.cap,risk.cap\nx,0.1,0.2\n", r"^b\.csv line 1 header='risk\.cap': expected one column of each name"),
    (b"id;risk.cap\nx;0.1\n", r"expected a table with an 'id' column .*\(the header is one cell: save the file"),
    (b"id,risk.cap\ncaf\xe9,0.1\n", r"^.*b\.csv line 2 column 4=b'\\xe9': expected UTF-8 text"),
    (b"id,risk.cap\nx,0\x00.1\n", r"^.*b\.csv line 2 column 4='\\x00': expected text, not binary data"),
    (b"id,risk." + b"c" * 2**18 + b"\n", r"^b\.csv line 1 header='id,risk\.ccc.*expected a line of at most 131,072"),
])
def test_a_bad_csv_table_is_one_error_naming_it(tmp_path: Path, text: bytes, match: str) -> None:
    with pytest.raises(InputError, match=match) as exc:
        from_table(_csv(tmp_path, text))
    assert len(str(exc.value)) < 600


@pytest.mark.parametrize("text", [b"id,risk.cap\nx,0.1\n", b"\x00" * 64])
def test_a_parquet_name_on_something_else(tmp_path: Path, text: bytes) -> None:
    with pytest.raises(InputError, match=r"^accounts='.*b\.parquet': expected a Parquet file \(it does not start "
                       r"with PAR1"):
        from_table(_csv(tmp_path, text, "b.parquet"))


def test_a_shared_toml_with_a_bom_and_one_in_latin1(tmp_path: Path) -> None:
    (tmp_path / "s.toml").write_bytes(codecs.BOM_UTF8 + b"[risk]\ncap = 0.2\n")
    assert read_shared(tmp_path / "s.toml") == {"risk": {"cap": 0.2}}
    (tmp_path / "s.toml").write_bytes(b"# caf\xe9\n")
    with pytest.raises(InputError, match=r"s\.toml line 1 column 6=b'\\xe9': expected UTF-8 text"):
        read_shared(tmp_path / "s.toml")
    for bad in (tmp_path, Path(os.devnull)):
        with pytest.raises(InputError, match=r"^shared='.*': expected a regular TOML file \(this is a"):
            read_shared(bad)


def test_a_pipe_in_the_folder_is_that_accounts_error_not_a_hang(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_bytes(codecs.BOM_UTF8 + SEED.read_bytes())
    (tmp_path / "b.toml").write_bytes(b"# caf\xe9\n")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "c.toml")
    accounts = {a.id: a for a in from_folder(tmp_path)}
    assert accounts["a"].error is None and "account" in accounts["a"].data
    assert accounts["b"].error.endswith("b.toml line 1 column 6=b'\\xe9': expected UTF-8 text (save the file as UTF-8)")
    if hasattr(os, "mkfifo"):
        pipe = f"config='{tmp_path / 'c.toml'}': expected a regular TOML file (this is a named pipe (FIFO))"
        assert accounts["c"].error == pipe


@pytest.mark.parametrize("text", ["[[market]]\nvaluation_date = 2026-01-05\n", "market = 3\n"])
def test_a_shared_section_that_is_not_a_table_is_refused_once(tmp_path: Path, text: str) -> None:
    (tmp_path / "s.toml").write_text(text)
    with pytest.raises(InputError, match=r"^shared\.market=.*: expected a table of keys \(in s\.toml: write \[market"):
        read_shared(tmp_path / "s.toml")


def test_chain_paths_are_anchored_where_the_file_that_names_them_is(tmp_path: Path, monkeypatch) -> None:
    chains = Path(__file__).resolve().parents[3] / "examples" / "chains"
    (tmp_path / "snap").mkdir()
    (tmp_path / "snap" / "xsp.csv").write_bytes((chains / "xsp_cboe_sample.csv").read_bytes())
    shared = tmp_path / "snap" / "shared.toml"
    shared.write_text('[market]\nchains = { XSP = "xsp.csv" }\n', encoding="utf-8")
    folder = tmp_path / "accounts"
    folder.mkdir()
    (folder / "a.toml").write_text('[account]\ncash = [{ currency = "JPY", amount = 1_000_000 }]\n', encoding="utf-8")
    (folder / "b.toml").write_text('[account]\ncash = [{ currency = "JPY", amount = 1_000_000 }]\n'
                                   '[market]\nchains = { SPX = { path = "spx.csv", on_bad_row = "error" } }\n',
                                   encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # neither file's folder: a relative path would miss
    a, b = from_folder(folder, read_shared(shared))
    assert a.data["market"]["chains"] == {"XSP": str(tmp_path / "snap" / "xsp.csv")}
    assert b.data["market"]["chains"] == {"XSP": str(tmp_path / "snap" / "xsp.csv"),
                                          "SPX": {"path": str(folder / "spx.csv"), "on_bad_row": "error"}}

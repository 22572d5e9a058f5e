"""Fuzzing the command line: mutated configs and history files, run in process, give only the documented answers.

Hypothesis mutates the example configs (a value swapped for a boolean, a string, an array, a table, a huge or
negative number, NaN or infinity; a key deleted, misspelt or duplicated) and a daily-history CSV (cells, columns,
lines, encodings). Whatever it makes, the command must end with a documented code and say so properly:

- 0 or 1 (an answer): nothing on stderr;
- 2 (bad input) or 3 (a refused resource): nothing on stdout, exactly one line on stderr, ``hedgeopt CMD: error:``;
- never 70 (a bug) or a traceback; no file left behind beside the input.

The seeds are fixed (``derandomize``) so that CI is repeatable; a failure prints the mutation that caused it.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[3]
CONFIGS = {name: tomllib.loads((ROOT / "examples" / name).read_text(encoding="utf-8"))
           for name in ("seed_10m.toml", "book/shared.toml")}
TEMPLATES = ("defensive", "balanced", "advanced")

ODD_VALUES = [True, False, "", "text", "-0.30", "SPX ", "spx", "1", [], [1, 2], ["a"], {}, {"x": 1}, 0, -1, 0.5,
              1e308, -1e308, math.nan, math.inf, -math.inf, 1e13, 9_999_999_999, 0.0067, 20, -0.3, 1.5, 2**63 - 1]
"""What a mutation puts where a value was: every type TOML has, and magnitudes at and beyond every bound."""

FUZZ = settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path of a parsed TOML document: tables, their keys, array elements."""
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


def _parent(doc: Any, path: tuple) -> tuple[Any, Any]:
    for key in path[:-1]:
        doc = doc[key]
    return doc, path[-1]


def _mutate(doc: dict, kind: str, path: tuple, value: Any) -> None:
    """Apply one mutation in place; a path that an earlier mutation removed is skipped."""
    try:
        parent, key = _parent(doc, path)
        parent[key]
    except (KeyError, IndexError, TypeError):
        return
    if kind == "set":
        parent[key] = copy.deepcopy(value)  # never share (and later mutate) an ODD_VALUES list
    elif kind == "delete":
        del parent[key]
    elif kind == "rename" and isinstance(parent, dict):
        parent[str(key) + value if isinstance(value, str) and value else str(key).upper() + "x"] = parent.pop(key)
    elif kind == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[key]))


def _template(name: str) -> dict:
    from hedgeopt.config.templates import template_text

    return tomllib.loads(template_text(name, "en"))


@st.composite
def mutated_configs(draw: st.DrawFn) -> tuple[dict, list]:
    """A parsed example config (or starter template) and one to three mutations applied to it."""
    source = draw(st.sampled_from([*CONFIGS, *TEMPLATES]))
    doc = _template(source) if source in TEMPLATES else copy.deepcopy(CONFIGS[source])
    if "account" not in doc:  # the shared file of a batch: give it the seed's account
        doc["account"] = copy.deepcopy(CONFIGS["seed_10m.toml"]["account"])
    mutations = []
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        kind = draw(st.sampled_from(["set", "set", "set", "delete", "rename", "duplicate"]))
        value = draw(st.sampled_from(ODD_VALUES)) if kind == "set" else draw(st.sampled_from(["", "_", "s"]))
        _mutate(doc, kind, path, value)
        mutations.append((source, kind, path, value))
    return doc, mutations


def assert_documented(code: int, out: str, err: str, command: str) -> None:
    """The answer is one of the documented ones, said properly."""
    assert code in (0, 1, 2, 3), (code, err)
    assert "Traceback" not in err and "Traceback" not in out
    if code in (0, 1):
        assert err == "", err
    else:
        assert out == "", out
        assert err.count("\n") == 1 and err.endswith("\n"), err
        assert err.startswith(f"hedgeopt {command}: error: "), err
        assert len(err) < 2_500, len(err)


@pytest.mark.parametrize("command", [("checklist",), ("what-if", "--equity", "-0.2", "--fx", "-0.1")])
@FUZZ
@given(case=mutated_configs())
def test_mutated_configs_give_documented_answers(cli, tmp_path_factory, command, case):
    doc, mutations = case
    folder = tmp_path_factory.mktemp("fuzz")
    config = folder / "config.toml"
    config.write_text(tomli_w.dumps(doc), encoding="utf-8")
    code, out, err = cli(command[0], str(config), *command[1:], "--max-memory", "2GiB")
    assert_documented(code, out, err, command[0])
    assert [p.name for p in folder.iterdir()] == ["config.toml"], mutations


# -- history files --------------------------------------------------------------------------------------------
def _history(rows: int = 30) -> list[str]:
    """A clean daily history of SPX and USDJPY: a header and ``rows`` trading days."""
    rng = np.random.default_rng(7)
    lines, day, spx, usd = ["date,equity.SPX,fx.USD"], dt.date(2024, 1, 2), 4_700.0, 142.0
    while len(lines) <= rows:
        if day.weekday() < 5:
            lines.append(f"{day.isoformat()},{spx:.2f},{usd:.3f}")
            spx, usd = spx * math.exp(rng.normal(0, 0.01)), usd * math.exp(rng.normal(0, 0.005))
        day += dt.timedelta(days=1)
    return lines


ODD_CELLS = ["", "nan", "inf", "-inf", "-1", "0", "1e308", "abc", "20", "0.0067", "2024-13-45", "1,000", " 5 ",
             "NaN", "1e-300", "２０", "4700.00.1", "#", '"4700"']


@st.composite
def mutated_histories(draw: st.DrawFn) -> tuple[bytes, list]:
    """A history CSV with one to four mutations: a cell, a header, a line dropped or doubled, bytes added."""
    lines = _history()
    mutations = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cell", "cell", "header", "drop", "double", "column", "garbage"]))
        row = draw(st.integers(0, len(lines) - 1))
        cells = lines[row].split(",")
        if kind == "cell":
            cells[draw(st.integers(0, len(cells) - 1))] = draw(st.sampled_from(ODD_CELLS))
            lines[row] = ",".join(cells)
        elif kind == "header":
            names = lines[0].split(",")
            names[draw(st.integers(0, len(names) - 1))] = draw(st.sampled_from(
                ["Date", "equity.spx", "equity.FOO", "fx.JPY", "vol.SPX", "rate.USD", "price", "", "date"]))
            lines[0] = ",".join(names)
        elif kind == "drop" and len(lines) > 1:
            lines.pop(row)
        elif kind == "double":
            lines.insert(row, lines[row])
        elif kind == "column":
            lines = [line + ("," + draw(st.sampled_from(ODD_CELLS)) if i else ",extra") for i, line in
                     enumerate(lines)]
        elif kind == "garbage":
            lines.insert(row, draw(st.sampled_from(["\x00\x01\x02", ";;;", "a" * 10_000, "2024-01-02;4700;142"])))
        mutations.append((kind, row))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "bom", "latin-1", "utf-16"]))
    if encoding == "bom":
        data = b"\xef\xbb\xbf" + data
    elif encoding != "utf-8":
        data = data.decode("utf-8").encode(encoding, errors="replace") + ("é".encode(encoding))
    return data, [*mutations, encoding]


@FUZZ
@given(case=mutated_histories())
def test_mutated_histories_give_documented_answers(cli, tmp_path_factory, case):
    data, mutations = case
    folder = tmp_path_factory.mktemp("fuzzcsv")
    history = folder / "history.csv"
    history.write_bytes(data)
    code, out, err = cli("backtest", str(ROOT / "examples" / "seed_10m.toml"), "--csv", str(history))
    assert_documented(code, out, err, "backtest")
    if code == 2:
        assert "history.csv" in err, (err, mutations)
    assert [p.name for p in folder.iterdir()] == ["history.csv"], mutations


# -- flags ---------------------------------------------------------------------------------------------------------
ODD_FLAGS = ["nan", "inf", "-inf", "1e308", "-1e308", "-1", "0", "30", "-0.3", "abc", "", " ", "0x10", "1_0",
             "--json", "9999999999", "-0", "1e-320", "２"]


@FUZZ
@given(flags=st.lists(st.tuples(st.sampled_from(["--equity", "--fx", "--vol", "--days"]),
                                st.sampled_from(ODD_FLAGS)), min_size=1, max_size=4))
def test_odd_what_if_flags_give_documented_answers(cli, flags):
    argv = [a for pair in flags for a in pair]
    code, out, err = cli("what-if", str(ROOT / "examples" / "seed_10m.toml"), *argv)
    if code == 2 and err.startswith("usage:"):  # argparse's own: a usage line, then its one error line
        assert err.strip().splitlines()[-1].startswith("hedgeopt what-if: error: ")
        return
    assert_documented(code, out, err, "what-if")


# -- batch tables ----------------------------------------------------------------------------------------------------
BOOK = (ROOT / "examples" / "book" / "book.csv").read_text(encoding="utf-8").splitlines()[:4]
"""The example book's header and its first three accounts."""

ODD_HEADERS = ["id", "account.mmf[0].amount", "account.mmf[9].amount", "account.foo", "market.spots.SPX", "risk.cap",
               "", "account.satellite[0].route.x", "ID"]


@st.composite
def mutated_books(draw: st.DrawFn) -> tuple[str, list]:
    """The book's first three accounts with one to three mutations: a cell, a header name, a row doubled."""
    rows = [line.split(",") for line in BOOK]
    mutations = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["cell", "cell", "header", "double"]))
        row, col = draw(st.integers(1, len(rows) - 1)), draw(st.integers(0, len(rows[0]) - 1))
        if kind == "cell":
            rows[row][col] = draw(st.sampled_from([*ODD_CELLS, "true", "margin", "futures", "XSP", "[1, 2]", "{}"]))
        elif kind == "header":
            rows[0][col] = draw(st.sampled_from(ODD_HEADERS))
        else:
            rows.append(list(rows[row]))
        mutations.append((kind, row, col))
    return "\n".join(",".join(r) for r in rows) + "\n", mutations


@settings(FUZZ, max_examples=25)
@given(case=mutated_books())
def test_mutated_batch_tables_give_documented_answers(cli, tmp_path_factory, case):
    table, mutations = case
    folder = tmp_path_factory.mktemp("fuzzbook")
    (folder / "book.csv").write_text(table, encoding="utf-8")
    code, out, err = cli("batch", str(folder / "book.csv"), "--shared", str(ROOT / "examples" / "book" / "shared.toml"),
                         "--out", str(folder / "out"), "--workers", "0", "--json")
    assert_documented(code, out, err, "batch")
    made = sorted(p.name for p in folder.iterdir())
    if code == 2:
        assert made == ["book.csv"], mutations
    else:
        assert sorted(p.name for p in (folder / "out").iterdir()) == ["parts", "report.html", "summary.json"]

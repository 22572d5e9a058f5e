"""Fixtures of the face tests: ``english_words`` finds English left in Japanese output.

A word is a run of two or more ASCII letters. Allowed: tickers and codes (SPX, XSP, JPY, USD, MMF, ETF, CVaR,
IV ..., data series such as FRED's VIXCLS, the source keys of docs/cboe_reference.md, the log and dt of a
formula), every config key and section name of the shipped configs and docs/config.md (a user types them), every
command, option, option value and stylised path name of the command line, file names (mine.csv), dotted module or
column names (arch.data.sp500, vol.SPX), and the names an error may quote (packages, types, column names).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from hedgeopt.config.tax_spec import AccountType, Category, ForeignDerivatives
from hedgeopt.config.templates import TEMPLATES
from hedgeopt.face.cli.main import build_parser
from pricing.catalogue import CATALOGUE
from pricing.fx.terms import FX_CATALOGUE
from scenarios.paths.stylised import STYLISED

ROOT = Path(__file__).resolve().parents[3]
CODES = {"SPX", "XSP", "SPY", "NKY", "ES", "MES", "JPY", "USD", "EUR", "MMF", "ETF", "CVaR", "IV", "PUT", "PPUT",
         "SSVI", "CSV", "TOML", "PNG", "HTML", "JSON", "USDJPY", "pt", "bp", "hedgeopt", "QuantLib", "LEAPS", "OPT",
         "NK", "Cboe", "IBKR", "GARCH", "VIX", "md", "html", "toml", "csv", "png", "json", "docs", "examples",
         "report", "NaN", "IT", "ATM", "RF", "FRED", "VXO", "VXOCLS", "VIXCLS", "DEXJPUS", "CB17", "CP", "IP", "B19",
         "log", "dt",
         "DD", "OP",  # 最大DD, 日経225OP: the abbreviations Japanese brokers print
         "CME", "FX",  # CME 円先物, 店頭FX: the exchange and the retail route by the names Japanese brokers use
         "NISA", "No",  # 非課税（NISA）, 国税庁 タックスアンサー No.1463: the account and the page by their own names
         "Dask", "Parquet",  # hedgeopt batch: the engine and the file format by their own names
         "JPX", "SPXW"}  # the exchange group and the weekly S&P 500 options by their own names
NAMES_IN_ERRORS = {  # what an error or --help may name: languages, formats, packages, types, columns, authors
    "ja", "en", "ISO", "UTF", "None", "np", "float32", "float64", "pandas", "DatetimeIndex", "parquet", "pyarrow",
    "arch", "pip", "install", "theta", "phi", "rho", "gamma", "dof", "iv", "yyyymm", "n_expiries", "n_nodes",
    "n_paths", "n_days", "is_call", "bid", "ask", "rate_avg", "UTF-8", "INDEX", "NAME", "CCY", "DIR", "Gatheral",
    "Jacquier", "HIGHS", "Hendriks", "Martini", "psi", "SSVISlice",
    # the column headers of the Cboe and IBKR chain files, quoted as the files print them
    "Expiration", "Date", "Calls", "Last", "Sale", "Net", "Bid", "Ask", "Strike", "Puts", "Financial", "Instrument",
    "Local", "Symbol", "OOP", "TWS",
    # the chain layouts by their names, and the generic file's column names and aliases
    "generic", "cboe", "jpx", "ibkr", "expiry", "strike", "type", "exp", "cp", "right",
    # where it runs: the engine, a scheduler's address (tcp://HOST:PORT), a worker's memory, a size
    "Dask", "tcp", "GiB", "MiB", "KiB", "TiB"}


def _toml_keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _toml_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _toml_keys(v)}
    return set()


@cache
def allowed_words() -> frozenset[str]:
    """Codes, config keys (split at underscores too), commands and options, contract symbols (FX ones too)."""
    words = set(CODES) | NAMES_IN_ERRORS | set(CATALOGUE) | set(FX_CATALOGUE) | set(TEMPLATES) | set(STYLISED)
    for path in [*ROOT.glob("examples/*.toml"), *ROOT.glob("hedgeopt/config/templates/*.toml")]:
        words |= _toml_keys(tomllib.loads(path.read_text(encoding="utf-8")))
    words |= set(re.findall(r"`\[?([a-z_][a-z0-9_.]*)\]?", (ROOT / "docs" / "config.md").read_text(encoding="utf-8")))
    words |= {c.value for kind in (Category, AccountType, ForeignDerivatives) for c in kind} | {"japan", "none"}
    parser = build_parser()
    words |= {opt for action in parser._actions for opt in action.option_strings}  # --version
    words |= {action.metavar for action in parser._actions if isinstance(action.metavar, str)}  # COMMAND
    for name, command in parser._subparsers._group_actions[0].choices.items():
        words.add(name)
        words |= {opt for action in command._actions for opt in action.option_strings}
        words |= {str(c) for action in command._actions for c in action.choices or ()}  # values a user types
        words |= {action.dest for action in command._actions}
        words |= {action.metavar or action.dest.upper() for action in command._actions}
    return frozenset({part for w in words for part in re.split(r"[-_.\[\]/= ]+", w) if part} | words)


def find_english(text: str) -> set[str]:
    """ASCII words of two letters or more in ``text`` that :func:`allowed_words` does not allow."""
    allowed = allowed_words()
    text = re.sub(r"[\w./-]+\.(md|toml|csv|py|html|png|json)\b", " ", text)  # file names
    text = re.sub(r"\b[a-z_]+(\.[A-Za-z0-9_]+)+\b", " ", text)  # arch.data.sp500, the CSV column vol.SPX
    found = set(re.findall(r"[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*", text))
    return {w for w in found if len(re.sub(r"[^A-Za-z]", "", w)) >= 2 and w not in allowed
            and not all(part in allowed for part in re.split(r"[-_]", w))}


@pytest.fixture
def english_words() -> Callable[[str], set[str]]:
    """:func:`find_english`: the English words left in a Japanese text (empty when none)."""
    return find_english


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch):
    """Sentences are asserted whole: print 1,000 columns wide unless a test chooses (test_width.py does)."""
    monkeypatch.setenv("COLUMNS", "1000")


@pytest.fixture(autouse=True)
def _english_again():
    """A command run with ``--lang ja`` leaves Japanese chosen in ``render``: give the next test English back."""
    yield
    from hedgeopt.face import render

    render.use_language("en")


@pytest.fixture(autouse=True)
def _advise_without_program_search(monkeypatch):
    """``hedgeopt advise``'s quick standing-put program search (half a minute) is left out of the face tests; the
    tests of that sentence ask for :func:`advise_program_search`."""
    from hedgeopt.face.cli import advise

    monkeypatch.setattr(advise, "PROGRAM_PATHS", 0)


@pytest.fixture
def advise_program_search(monkeypatch):
    """``hedgeopt advise`` with its program search, on 200 paths (the default is 300)."""
    from hedgeopt.face.cli import advise

    monkeypatch.setattr(advise, "PROGRAM_PATHS", 200)


@pytest.fixture
def cli(capsys) -> Callable[..., tuple[int, str, str]]:  # noqa: ANN001
    """Run the command line: ``cli("stress", CONFIG)`` gives (exit code, stdout, stderr); argparse exits are codes."""
    from hedgeopt.face.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return run

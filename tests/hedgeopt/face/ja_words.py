"""The test of "no English left" in Japanese output, shared by the tests of ``--lang ja``."""

from __future__ import annotations

import re

# Words a Japanese line may contain in Latin letters: codes and tickers, config keys and values, command and
# package names, the names of a theorem's authors and of maths symbols. Anything else is English left behind.
ALLOWED = set("""
    CSV TOML ISO UTF ETF MMF USD JPY USDJPY CVaR SPX XSP SPY NKY ES MES NK225_OPT NK225M_OPT NK225M_FUT VIX
    DatetimeIndex None QuantLib Gatheral Jacquier INDEX START STOP STEP LEVEL CAP NAME HIGHS
    hedgeopt init backtest simulate stylised pip install arch pyarrow pandas np float64 float32 parquet csv toml
    put call puts spreads spread collar strike kind spot vol fx grid historical monte_carlo none cash margin futures
    model symbol start step ask bid buy sell ja en true false is_call theta phi rho gamma dof corr iv yyyymm
    drawdown cut equity rate path market account satellite hedge paths spots docs config md examples integer
""".split())


def english_words(text: str, allowed: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Latin-letter words of ``text`` that are not codes, keys or values: quoted text, keys with dots, brackets
    or underscores, a key after its ``[table]``, and ``{placeholders}`` are skipped."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"|\{[^}]*\}|\[[^\]]*\]( [a-z_]+\b)?", " ", text)  # [table] key
    text = re.sub(r"\w+(, \w+)+", " ", text)  # a list of choices: keys, names, tickers
    words = re.findall(r"[A-Za-z][A-Za-z0-9_.]*", text)
    return [w for w in words if w not in ALLOWED | set(allowed) and len(w) > 1
            and not re.search(r"[._0-9]", w) and not w.isupper()]

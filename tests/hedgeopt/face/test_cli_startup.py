"""Start-up of the command line: ``--version``, and which libraries each command loads (``--help`` none of the heavy
ones; ``stress``, ``what-if`` and ``checklist`` on an account without options neither QuantLib, scipy, cvxpy nor
matplotlib). Timings are in ``bench/bench_startup.py``; these tests hold the cause, which does not depend on load."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from hedgeopt.face.cli import main

ROOT = Path(__file__).resolve().parents[3]
SEED = str(ROOT / "examples" / "seed_10m.toml")
HEAVY = ("QuantLib", "cvxpy", "highspy", "matplotlib", "scipy", "pandas", "arch", "statsmodels", "rich")


def loaded_by(argv: list[str]) -> tuple[int, list[str]]:
    """Exit code of ``hedgeopt *argv`` run in a fresh interpreter, and the heavy libraries it imported."""
    probe = (
        "import contextlib, io, json, sys\n"
        "from hedgeopt.face.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        code = main({argv!r})\n"
        "    except SystemExit as exc:\n"
        "        code = exc.code\n"
        f"print(json.dumps([code, sorted(m for m in {HEAVY!r} if m in sys.modules)]))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    code, loaded = json.loads(out.splitlines()[-1])
    return code, loaded


def test_version_is_the_installed_one(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert exc.value.code == 0
    assert capsys.readouterr().out == f"hedgeopt {version}\n"


def test_importing_the_command_line_loads_no_heavy_library():
    probe = f"import sys, hedgeopt.face.cli.main; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["stress", "--help"], ["hedge", "--help"]])
def test_help_and_version_load_no_heavy_library(argv):
    assert loaded_by(argv) == (0, [])


@pytest.mark.parametrize("argv", [["stress", SEED], ["what-if", SEED, "--equity", "-0.3", "--fx", "-0.1"],
                                  ["checklist", SEED]])
def test_account_commands_load_only_numpy_pandas_and_rich(argv):
    """The seed holds no options: its stress, what-if and checklist price nothing with QuantLib or the kernels."""
    code, loaded = loaded_by(argv)
    assert code in (0, 1)  # 1 is an answer: a failed check
    assert loaded == ["pandas", "rich"]

"""Issue 18's hostile cases, each a named regression: one line naming the key, the documented exit code, no traceback.

The codes (hedgeopt.face.cli.exits): 0 an answer, 1 an answer that says no, 2 bad input, 3 a resource limit refused
before any work, 70 a bug (one line and a saved log), 130 Ctrl-C.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
import tomli_w

from hedgeopt.face.cli import exits

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "examples" / "seed_10m.toml"


def seed() -> dict:
    return tomllib.loads(SEED.read_text(encoding="utf-8"))


def one_line(err: str, command: str, pattern: str) -> None:
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err
    assert err.startswith(f"hedgeopt {command}: ")
    assert re.search(pattern, err), err


@pytest.fixture
def config(tmp_path: Path) -> Callable[[Callable[[dict], object]], str]:
    """Write the seed changed by ``edit`` to a file; return its path."""
    def write(edit: Callable[[dict], object]) -> str:
        data = seed()
        edit(data)
        path = tmp_path / "hostile.toml"
        path.write_text(tomli_w.dumps(data), encoding="utf-8")
        return str(path)
    return write


# -- 1. nonsense silently accepted ----------------------------------------------------------------------------
def _factor(**changes: object) -> Callable[[dict], None]:
    return lambda d: d["scenarios"]["factor_model"].update(changes)


@pytest.mark.parametrize(("edit", "pattern"), [
    pytest.param(_factor(driver="spx"), r"scenarios\.factor_model\.driver='spx': .*did you mean 'SPX'", id="lower"),
    pytest.param(_factor(driver="SPX "), r"scenarios\.factor_model\.driver='SPX ': .*did you mean 'SPX'",
                 id="trailing-space"),
    pytest.param(_factor(driver="FOO"), r"scenarios\.factor_model\.driver='FOO': expected an index of the market, "
                 r"one of NKY, SPX", id="unknown"),
    pytest.param(_factor(driver=True), r"scenarios\.factor_model\.driver=True", id="bool"),
    pytest.param(_factor(betas={"FOO": 1.1}), r"scenarios\.factor_model\.betas\.FOO", id="beta-unknown-index"),
    pytest.param(_factor(betas={"SPX": 1.1}), r"scenarios\.factor_model\.betas\.SPX: .*other than the driver"
                 .replace(": ", "='SPX': "), id="beta-on-driver"),
    pytest.param(lambda d: d["scenarios"]["grid"].update(equity=True), r"scenarios\.grid\.equity=\[True\]",
                 id="grid-bool"),
    pytest.param(lambda d: d["scenarios"]["grid"].update(equity="1"), r"scenarios\.grid\.equity=\['1'\]",
                 id="grid-string-one"),
    pytest.param(lambda d: d["scenarios"]["grid"].update(equity="-0.30"), r"scenarios\.grid\.equity",
                 id="grid-string"),
    pytest.param(lambda d: d["account"]["mmf"][0].update({"yield": False}), r"account\.mmf\[0\]\.yield=False: "
                 r"expected a number", id="yield-false"),
    pytest.param(lambda d: d["account"]["cash"][0].update(amount=True), r"account\.cash\[0\]\.amount=True",
                 id="amount-true"),
    pytest.param(lambda d: d["scenarios"].update(horizon_days=True), r"scenarios\.horizon_days=True",
                 id="horizon-true"),
    pytest.param(lambda d: d["account"]["cash"][0].update(amount=1e308), r"account\.cash\[0\]\.amount=1e\+308: "
                 r"expected an amount of at most 10,000,000,000,000", id="amount-1e308"),
    pytest.param(lambda d: d["scenarios"].update(horizon_days=9_999_999_999), r"scenarios\.horizon_days="
                 r"9999999999: expected a whole number of days from 0 to 3,650", id="horizon-huge"),
    pytest.param(lambda d: d.update(market={"fx": {"USD": 0.0067}}), r"market\.fx\.USD=0\.0067: .*looks inverted: "
                 r"1 / 0\.0067 = 149\.254", id="usdjpy-inverted"),
    pytest.param(lambda d: d.update(market={"fx": {"USDJPY": 150.0}}), r"market\.fx\.USDJPY=150\.0: .*write USD = "
                 r"\.\.\. \(JPY per USD\)", id="fx-key-a-pair"),
])
def test_nonsense_is_refused_naming_the_key(cli, config, edit, pattern):
    code, out, err = cli("checklist", config(edit))
    assert (code, out) == (2, "")
    one_line(err, "checklist", pattern)


def test_what_if_reads_the_driver_the_config_names(cli, config):
    """With the driver checked, the seed's -30% costs 900,000 JPY whatever else the factor model says."""
    code, out, _ = cli("what-if", config(_factor(betas={"NKY": 1.2})), "--equity", "-0.3", "--json")
    assert code == 0
    row = json.loads(out)["scenarios"][0]
    assert (row["index"], row["pnl_pct"]) == (-900_000.0, -0.09)


# -- 2. type errors become one line -----------------------------------------------------------------------------
@pytest.mark.parametrize(("edit", "pattern"), [
    pytest.param(lambda d: d["account"]["cash"][0].update(amount="3000000"), r"account\.cash\[0\]\.amount='3000000'"
                 r": expected a number \(without quotes\) \(a quoted value is text", id="amount-string"),
    pytest.param(lambda d: d["account"]["cash"][0].update(amount=[1]), r"account\.cash\[0\]\.amount=\[1\]",
                 id="amount-array"),
    pytest.param(lambda d: d["account"]["cash"][0].update(currency=[1]), r"account\.cash\[0\]\.currency=\[1\]",
                 id="currency-array"),
    pytest.param(lambda d: d["account"]["satellite"][0].update(value={"a": 1}), r"account\.satellite\[0\]\.value",
                 id="value-table"),
    pytest.param(lambda d: d["account"]["mmf"][0].update(redemption_days="1"), r"account\.mmf\[0\]"
                 r"\.redemption_days='1'", id="days-string"),
])
def test_wrong_types_are_one_line(cli, config, edit, pattern):
    code, _, err = cli("checklist", config(edit))
    assert code == 2
    one_line(err, "checklist", pattern)


# -- 4. size limits before any work -------------------------------------------------------------------------------
def _monte_carlo(n: int) -> Callable[[dict], None]:
    return lambda d: d["scenarios"].update(monte_carlo={"n": n, "seed": 1})


def test_a_monte_carlo_beyond_memory_is_refused_before_any_draw(cli, config):
    code, out, err = cli("stress", config(_monte_carlo(100_000_000)))
    assert (code, out) == (3, "")
    one_line(err, "stress", r"a scenario set of 100,000,088 scenarios needs about 102\.\d GiB of memory, more than "
             r"the limit .* of memory \(fewer scenarios")


def test_max_memory_sets_the_limit(cli, config):
    code, _, err = cli("stress", config(_monte_carlo(1_000_000)), "--max-memory", "512MiB")
    assert code == 3
    one_line(err, "stress", r"1,000,088 scenarios needs about 1\.3 GiB of memory, more than the limit 512 MiB")


def test_a_grid_of_a_hundred_million_rows_is_refused(cli, config):
    def edit(d: dict) -> None:
        d["scenarios"]["grid"].update(equity={"start": -0.4, "stop": 0.2, "step": 0.00001},
                                      vol_shift={"start": 0.0, "stop": 0.1, "step": 0.0001})
    code, _, err = cli("stress", config(edit))
    assert code == 3
    one_line(err, "stress", r"a scenario set of 360,366,016 scenarios")


def test_a_range_step_that_is_a_typo_is_bad_input(cli, config):
    edit = lambda d: d["scenarios"]["grid"].update(equity={"start": -0.4, "stop": 0.2, "step": 1e-7})  # noqa: E731
    code, _, err = cli("stress", config(edit))
    assert code == 2
    one_line(err, "stress", r"scenarios\.grid\.equity\.step=1e-07: expected a step giving at most 100,000 values "
             r"from -0\.4 to 0\.2 \(this one gives 6,000,001\)")


def test_huge_days_are_refused_before_any_path(cli):
    code, _, err = cli("simulate", str(SEED), "--days", "100000000", "--paths", "1000")
    assert code == 3
    one_line(err, "simulate", r"a path set of 1,000 paths x 100,000,000 days needs about")


def test_a_frontier_of_too_many_caps_is_refused_with_its_time(cli):
    code, _, err = cli("frontier", str(SEED), "--caps", "0.05:0.40:0.0001")
    assert code == 3
    one_line(err, "frontier", r"a frontier of 3,501 caps x 5 families \(about 88 minutes\) needs about 17,505 "
             r"solves, more than the limit 2,000 solves")


def test_max_memory_itself_is_checked(cli):
    code, _, err = cli("stress", str(SEED), "--max-memory", "lots")
    assert code == 2
    one_line(err, "stress", r"--max-memory='lots': expected a size such as 4GiB")


# -- 5. exit codes -------------------------------------------------------------------------------------------
def test_compare_exits_1_when_no_family_holds_the_cap(cli, config):
    code, out, err = cli("compare", config(lambda d: d["hedge"]["fx"].update(enabled=False)), "--cap", "0.01",
                         "--json")
    assert code == 1 and err == ""
    assert '"optimal": true' not in out


def test_max_leverage_under_an_impossible_cap_is_an_answer(cli):
    code, _, err = cli("max-leverage", str(SEED), "--cap", "0.01")
    assert code == 1
    one_line(err, "max-leverage", r"already loses 9\.25% in '2007-10 GFC bear', more than the cap 1\.00%")


@pytest.mark.parametrize(("raised", "code", "pattern"), [
    (TypeError("can't multiply sequence"), 70, r"internal error \(a bug in hedgeopt, please report it\): TypeError: "
     r"can't multiply sequence; the details are in (?P<log>\S+crash-\S+\.log)$"),
    (KeyboardInterrupt(), 130, r"interrupted; files already in place were left as they were$"),
    (MemoryError(), 3, r"error: the machine ran out of memory"),
])
def test_every_failure_has_its_code_and_one_line(cli, monkeypatch, tmp_path, raised, code, pattern):
    from hedgeopt.face.cli import account

    def boom(_: object) -> int:
        raise raised

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setattr(account, "_cmd_stress", boom)
    got, out, err = cli("stress", str(SEED))
    assert (got, out) == (code, "")
    one_line(err, "stress", pattern)
    if code == 70:
        log = Path(re.search(pattern, err.strip())["log"])
        assert log.parent == tmp_path / "hedgeopt" and log.stat().st_mode & 0o777 == 0o600
        text = log.read_text(encoding="utf-8")
        assert "Traceback" in text and "can't multiply sequence" in text and "'stress'" in text


def test_the_exit_codes_are_the_documented_ones():
    assert {c.name: int(c) for c in exits.Exit} == {"ANSWER": 0, "NO": 1, "INPUT": 2, "RESOURCE": 3,
                                                     "INTERNAL": 70, "INTERRUPTED": 130}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in (0, 1, 2, 3, 70, 130):
        assert re.search(rf"^\| `{code}` \|", readme, re.M), f"exit code {code} is not in the README's table"


# -- 6. messages name the right key and keep lines short ----------------------------------------------------
@pytest.mark.parametrize(("edit", "pattern"), [
    pytest.param(lambda d: d.update(market={"dividend_yields": {"SPX": 5}}), r"market\.dividend_yields\.SPX=5\.0: "
                 r"expected a decimal such as 0\.04", id="dividend-yield-path"),
    pytest.param(lambda d: d["hedge"].update(symbol="XXX"), r"hedge\.symbol='XXX': expected an index option "
                 r"contract, one of SPX, XSP", id="symbol-not-contract"),
    pytest.param(lambda d: d["hedge"].update(symbol="xsp "), None, id="symbol-case-insensitive"),
    pytest.param(lambda d: d["scenarios"].update(monte_carlo={"n": "1000"}), r"scenarios\.monte_carlo\.n='1000'",
                 id="monte-carlo-n-path"),
    pytest.param(lambda d: d["scenarios"].update(monte_carlo={"n": 10, "vols": {"SPX": 18}}),
                 r"scenarios\.monte_carlo\.vols\.SPX=18", id="monte-carlo-vol-path"),
    pytest.param(_factor(driver="A" * 1_000_000), r"driver='AAAA.*… \(1,000,002 characters\)", id="huge-value"),
])
def test_messages_name_the_key_and_stay_short(cli, config, edit, pattern):
    code, _, err = cli("checklist", config(edit))
    if pattern is None:
        assert code in (0, 1) and err == ""
        return
    assert code == 2
    one_line(err, "checklist", pattern)
    assert len(err) < 600


def test_a_percentage_flag_is_named_itself(cli):
    code, _, err = cli("what-if", str(SEED), "--equity", "30")
    assert code == 2
    one_line(err, "what-if", r"equity=30\.0: expected a decimal return")


# -- 7. user text is never markup ---------------------------------------------------------------------------
def test_a_config_path_with_markup_is_printed_as_written(cli, tmp_path):
    path = tmp_path / "[bold]x[-bold].toml"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = cli("demo", "--config", str(path), "--out", str(tmp_path / "out"))
    assert code == 0
    assert "[bold]x[-bold].toml" in out


@pytest.mark.parametrize("argv", [
    ["backtest", str(SEED), "--from", "-1"], ["put-study", "--to", "2024-13-01"],
    ["simulate", str(SEED), "--seed", "-1"], ["program", str(SEED), "--seed", "-1"],
    ["stress", str(SEED), "--top", "-1"], ["hedge", str(SEED), "--workers", "-1"],
    ["max-leverage", str(SEED), "--level", "nan"], ["max-leverage", str(SEED), "--level", "1.5"],
    ["what-if", str(SEED), "--equity", "inf"], ["hedge", str(SEED), "--budget", "nan"],
    ["simulate", str(SEED), "--paths", "0"],
], ids=lambda a: " ".join(x for x in a if x != str(SEED)))
def test_odd_flags_are_one_line_before_any_work(cli, argv):
    code, out, err = cli(*argv)
    assert (code, out) == (2, "")
    one_line(err, argv[0], re.escape(argv[-2]) if argv[-2].startswith("--") else "")


def test_names_and_file_names_with_markup_are_printed_as_written(cli, config, tmp_path):
    def edit(d: dict) -> None:
        d["account"]["mmf"][0]["name"] = "[blink]MMF[/blink]"
        d["account"]["other"] = [{"name": "[bold red]EVIL[/bold red]", "value": 100_000, "currency": "JPY"}]
    code, out, _ = cli("advise", config(edit))
    assert code in (0, 1)
    assert "[blink]MMF[/blink]" in out and "[bold red]EVIL[/bold red]" in out
    history = tmp_path / "[red]h[-red].csv"
    rows = ["date,equity.SPX,fx.USD"] + [f"2024-01-{d:02d},{4700 + d},{142 + d / 10:.1f}" for d in range(2, 31)]
    history.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = cli("backtest", str(SEED), "--csv", str(history))
    assert code == 0, err
    assert "Paths: [red]h[-red].csv" in out

"""Errors in Japanese (``--lang ja``): every phrase the code can raise has a translation, and the command line
prints one Japanese line with exit code 2 for real bad inputs.

The phrases are collected from the source with :mod:`ast`: a string literal is kept exactly; an f-string or a
concatenation keeps its literal text and writes each computed part as ``{}`` (``f"a strike below the long strike
{k:g}"`` gives ``"a strike below the long strike {}"``). A name is followed to its assignments in the same function
(loops over literal rows and lists built with ``append`` included) and a parameter to the arguments of the calls in
the same module; ``exc.expected`` re-raises an error collected where it was made, and ``str(exc)`` is another
library's message (``FOREIGN``). A new English phrase without a Japanese entry in ``errors_ja.toml`` fails here.
"""

from __future__ import annotations

import ast
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from hedgeopt.face import errors_ja
from hedgeopt.face.cli import main
from pricing import InfeasibleHedgeError, InputError, PricingError, SolverError

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("pricing", "scenarios", "hedgeopt")
FOREIGN = "<foreign>"
"""The phrase of an argument that is another library's message (``str(exc)``)."""

# the exception: which of its arguments are phrases (position, keyword)
RAISES = {
    "InputError": {"expected": (2, "expected"), "hint": (None, "hint")},
    "ImpliedVolError": {"expected": (2, "expected"), "hint": (None, "hint")},
    "InfeasibleHedgeError": {"message": (0, "message")},
    "SolverError": {"context": (2, "context")},
    "PricingError": {"message": (0, None)},
    "HedgeoptError": {"message": (0, None)},
    "ArgumentTypeError": {"message": (0, None)},
}


@dataclass(frozen=True)
class Site:
    """One phrase argument of one raise: where, which argument, and its phrases."""

    where: str
    argument: str
    phrases: tuple[str, ...]


def _argument(call: ast.Call, position: int | None, keyword: str | None) -> ast.expr | None:
    if position is not None and len(call.args) > position:
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def _name(func: ast.expr) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


class _Module:
    def __init__(self, path: Path) -> None:
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node
        self.functions = {n.name: n for n in ast.walk(self.tree) if isinstance(n, ast.FunctionDef)}

    def function_of(self, node: ast.AST) -> ast.FunctionDef | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef):
                return node
        return None

    def phrases(self, node: ast.expr | None, scope: ast.FunctionDef | None, depth: int = 0) -> set[str]:
        """The phrases ``node`` can evaluate to (``{}`` for a computed part)."""
        if node is None or depth > 6:
            return set()
        if isinstance(node, ast.Constant):
            return {node.value} if isinstance(node.value, str) else set()
        if isinstance(node, ast.JoinedStr):
            parts = [[v.value] if isinstance(v, ast.Constant) else ["{}"] for v in node.values]
            return {"".join(p) for p in itertools.product(*parts)}
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.phrases(node.left, scope, depth), self.phrases(node.right, scope, depth)
            return {a + b for a in left or {"{}"} for b in right or {"{}"}}
        if isinstance(node, ast.IfExp):
            return self.phrases(node.body, scope, depth) | self.phrases(node.orelse, scope, depth)
        if isinstance(node, ast.BoolOp):
            return {"{}"}
        if isinstance(node, ast.Name):
            return self._name(node.id, scope, depth)
        if isinstance(node, ast.Attribute) and node.attr in ("expected", "hint", "reason"):
            return set()  # a re-raise of an error collected where it was made
        if isinstance(node, ast.Call) and _name(node.func) == "str" and node.args:
            return {FOREIGN}
        if isinstance(node, ast.Call) and _name(node.func) in self.functions:
            function = self.functions[_name(node.func)]
            returns = [n.value for n in ast.walk(function) if isinstance(n, ast.Return)]
            return set().union(*(self.phrases(r, function, depth + 1) for r in returns)) or {"{}"}
        return {"{}"}

    def _name(self, name: str, scope: ast.FunctionDef | None, depth: int) -> set[str]:
        if scope is None:
            return {"{}"}
        found: set[str] = set()
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    found |= self._assigned(name, target, node.value, scope, depth)
            if isinstance(node, ast.For):
                for row in self._rows(node.iter, scope):
                    found |= self._assigned(name, node.target, row, scope, depth)
        params = [a.arg for a in scope.args.args + scope.args.kwonlyargs]
        if name in params:
            found |= self._arguments(scope, params.index(name), name, depth)
        return found or {"{}"}

    @staticmethod
    def _rows(iterable: ast.expr, scope: ast.FunctionDef) -> list[ast.expr]:
        """The rows a loop runs over: a literal sequence, or a list built by assignment and ``append``."""
        if isinstance(iterable, ast.Tuple | ast.List):
            return list(iterable.elts)
        if not isinstance(iterable, ast.Name):
            return []
        rows: list[ast.expr] = []
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.List):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and t.id == iterable.id for t in targets):
                    rows += node.value.elts
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == iterable.id):
                rows += node.args
        return rows

    def _assigned(self, name: str, target: ast.expr, value: ast.expr, scope, depth: int) -> set[str]:
        if isinstance(target, ast.Name) and target.id == name:
            return self.phrases(value, scope, depth + 1)
        if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple):
            pairs = zip(target.elts, value.elts, strict=True)
            return set().union(*(self._assigned(name, t, v, scope, depth) for t, v in pairs))
        return set()

    def _arguments(self, function: ast.FunctionDef, position: int, name: str, depth: int) -> set[str]:
        found: set[str] = set()
        for call in ast.walk(self.tree):
            if isinstance(call, ast.Call) and _name(call.func) == function.name:
                argument = _argument(call, position, name)
                found |= self.phrases(argument, self.function_of(call), depth + 1)
        return found


def sites() -> list[Site]:
    """Every phrase argument of every raise of a hedgeopt error in the three packages and the command line."""
    out = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            module = _Module(path)
            for call in ast.walk(module.tree):
                if not (isinstance(call, ast.Call) and _name(call.func) in RAISES):
                    continue
                for argument, (position, keyword) in RAISES[_name(call.func)].items():
                    node = _argument(call, position, keyword)
                    if node is None:
                        continue
                    phrases = module.phrases(node, module.function_of(call))
                    where = f"{path.relative_to(ROOT)}:{call.lineno}"
                    out.append(Site(where, argument, tuple(sorted(phrases))))
    return out


SITES = sites()
FOREIGN_MODULES = {"pricing/quantlib_engine.py", "scenarios/paths/csv_file.py", "pricing/files/text.py",
                   "hedgeopt/config/keys.py", "hedgeopt/face/cli/args.py", "hedgeopt/batch/sources.py"}
"""Where another library's message (``str(exc)``) becomes a hint: translated when known, else shown as 原文."""


def test_every_phrase_raised_has_japanese():
    known = errors_ja.english_phrases()
    missing = sorted({f"{s.where} {s.argument}: {p!r}" for s in SITES for p in s.phrases
                      if p != FOREIGN and p not in known})
    assert len(SITES) > 300  # about 270 InputError calls, their hints, and the other errors' messages
    assert not missing, "no Japanese for:\n" + "\n".join(missing)


def test_foreign_messages_come_only_from_the_known_places():
    places = {s.where.rsplit(":", 1)[0] for s in SITES if FOREIGN in s.phrases}
    assert places == FOREIGN_MODULES


def _values_removed(text: str) -> str:
    """``text`` without what a user gave or a table names: quoted values, ``{placeholders}``, ``[tables]``."""
    return re.sub(r"'[^']*'|\"[^\"]*\"|\{[^}]*\}|\[[^\]]*\]", " ", text)


@pytest.mark.parametrize("section", errors_ja.SECTIONS)
def test_the_japanese_has_no_english_words(section, english_words):
    left = {en: english_words(_values_removed(ja)) for en, ja in errors_ja.entries(section).items()}
    assert not {en: words for en, words in left.items() if words}


def test_a_phrase_with_parts_is_translated_with_its_values():
    # f"a strike below the long strike {long_strike:g}" with 570 (pricing/contracts.py)
    assert errors_ja.translate("a strike below the long strike 570") == "買いの権利行使価格 570 より低い権利行使価格"
    assert errors_ja.translate("one of the keys cap, leverage_cap") == "cap, leverage_cap のいずれかのキー"
    assert errors_ja.translate("one of SPX, XSP") == "SPX, XSP のいずれか"  # the less specific pattern
    assert errors_ja.translate("not a phrase of ours") is None


@pytest.mark.parametrize(("exc", "expected"), [
    (InputError("vol", 20.0, "a decimal such as 0.20", hint="20.0 looks like a percentage"),
     "vol=20.0: 0.20 のような小数を指定してください(20.0 はパーセント表記のようです)"),
    (InputError("risk.cap", True, "a number (without quotes)", hint="true and false are never read as numbers"),
     "risk.cap=True: 数値(引用符なし)を指定してください(true と false は数値として読みません)"),
    (InputError("config", "a.toml", "valid TOML", hint="Invalid value (at line 3, column 7)"),
     "config='a.toml': TOML として読めません(3 行目 7 列目: 正しくない値です)"),
    (InputError("rows", 2, "at least one usable quote",
                hint="2 bad rows; first: row 3 bid=-1.0: expected a price >= 0 in points"),
     "rows=2: 1つ以上の使える気配値を指定してください(不正な行が 2 行。最初の行: row 3 bid=-1.0: "
     "0 以上の価格(ポイント)を指定してください)"),
    (InputError("x", 1, "a phrase nobody wrote"), "x=1: 値が正しくありません(原文: expected a phrase nobody wrote)"),
    (SolverError("HIGHS", "no convergence", "50 rounds of constraint generation"),
     "ソルバー HIGHS が解けませんでした(状態 「収束せず」)。制約生成を 50 回繰り返しても収束しません"),
    (InfeasibleHedgeError("no hedge from the candidates keeps the rest of the account within 5.00%"),
     "どの候補のヘッジでも、口座の残りの損失を 5.00% 以内に抑えられません"),
    (PricingError("QuantLib failed on XSP put 540: negative time"), "QuantLib が XSP put 540 の計算に失敗しました"),
    (FileNotFoundError(2, "No such file or directory", "out/x.csv"), "out/x.csv: ファイルまたはフォルダーがありません"),
    (PermissionError(13, "Permission denied", "/report"), "/report: アクセスが許可されていません"),
])
def test_messages(exc, expected):
    assert errors_ja.message(exc) == expected


SEED = ROOT / "examples" / "seed_10m.toml"


def _config(tmp_path: Path, old: str, new: str) -> str:
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path)


BAD = {  # name: (argv after the command's config, or a function of tmp_path giving the argv)
    "vol as a percentage": lambda d: ["what-if", str(SEED), "--equity", "-0.3", "--vol", "20"],
    "cap above 1": lambda d: ["hedge", str(SEED), "--cap", "3"],
    "cap not a number": lambda d: ["hedge", str(SEED), "--cap", "abc"],
    "missing file": lambda d: ["stress", str(d / "nofile.toml")],
    "bad date": lambda d: ["price", "--strike", "540", "--expiry", "2027-13-01"],
    "unknown contract": lambda d: ["price", "--contract", "FOO"],
    "unknown key": lambda d: ["stress", _config(d, "cap = 0.20", "cpa = 0.20")],
    "TOML true as a number": lambda d: ["stress", _config(d, "cap = 0.20", "cap = true")],
    "quoted number": lambda d: ["stress", _config(d, "cap = 0.20", 'cap = "0.20"')],
    "invalid TOML": lambda d: ["stress", _config(d, "cap = 0.20", "cap = = 0.20")],
    "missing argument": lambda d: ["stress"],
    "invalid choice": lambda d: ["max-leverage", str(SEED), "--route", "loan"],
    "unknown command": lambda d: ["stres", str(SEED)],
    "template typo": lambda d: ["init", str(d / "x.toml"), "--template", "balancd"],
    "caps range": lambda d: ["frontier", str(SEED), "--caps", "0.3:0.1:0.05"],
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_cli_errors_are_one_japanese_line(case, tmp_path, capsys, english_words):
    argv = [*BAD[case](tmp_path), "--lang", "ja"]
    try:
        code = main(argv)
    except SystemExit as exc:  # the parser's own errors
        code = exc.code
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.endswith("\n") and err.count("\n") == 1
    assert re.match(r"hedgeopt( [a-z-]+)?: エラー: ", err) and re.search(r"[ぁ-んァ-ン一-龥]", err)
    given = set(re.findall(r"[A-Za-z_]+", " ".join(argv)))  # what the user typed: file names, values
    line = re.sub(r"エラー: \S+?=\S*?: ", "エラー: ", err)  # field=value, as the user wrote them
    assert not english_words(_values_removed(line)) - given, err


def test_a_bad_lang_falls_back_to_the_locale(monkeypatch, capsys):
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert main(["stress", str(SEED), "--lang", "jp"]) == 2
    assert capsys.readouterr().err == "hedgeopt stress: エラー: lang='jp': 'ja' か 'en' を指定してください\n"


def test_english_errors_are_unchanged(capsys):
    assert main(["hedge", str(SEED), "--cap", "3", "--lang", "en"]) == 2
    assert capsys.readouterr().err == "hedgeopt hedge: error: cap=3.0: expected a decimal fraction in (0, 1]\n"

"""Every English phrase the library can put in an error, collected from the source with :mod:`ast`.

A phrase is a string literal (kept exactly) or an f-string / concatenation, whose computed parts become ``{}``
wildcards: ``f"a strike below the long strike {k:g}"`` gives ``"a strike below the long strike {}"``. Names are
followed to their assignments in the same function, and parameters to the arguments of the calls in the same
module; ``exc.expected`` re-raises an error already collected at its own site, and ``str(exc)`` is a foreign
message (``FOREIGN``).
"""

from __future__ import annotations

import ast
import itertools
from dataclasses import dataclass
from pathlib import Path

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

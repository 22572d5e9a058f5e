"""The layout is the architecture: rooms by concept, imports in one direction, no circles.

Reads every module's imports with :mod:`ast` (``TYPE_CHECKING`` blocks and function-level imports included) and
holds them to the order documented in the README and docs/architecture.md:
``pricing`` <- ``scenarios`` <- ``hedgeopt``; inside ``scenarios``, ``sets`` <- ``paths``; inside ``hedgeopt``,
``account`` <- ``config`` <- ``tax`` <- ``risk``, ``optimizer``, ``paths`` (side by side) <- ``program`` <-
``advice``, ``cluster`` <- ``batch``, ``shards`` <- ``face``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pricing", "scenarios", "hedgeopt")

# rank of each room; a module may import rooms of a lower rank, or its own room
RANKS = {
    "pricing": 0,
    "scenarios": 1, "scenarios.history_data": 1, "scenarios.sets": 2, "scenarios.repricing": 3,
    "scenarios.fx_repricing": 4, "scenarios.paths": 3,
    "hedgeopt": 10, "hedgeopt.account": 11, "hedgeopt.config": 12, "hedgeopt.tax": 13,
    "hedgeopt.reference": 13,
    "hedgeopt.risk": 14, "hedgeopt.optimizer": 14, "hedgeopt.paths": 14, "hedgeopt.program": 15, "hedgeopt.advice": 16,
    "hedgeopt.routes": 16,
    "hedgeopt.cluster": 16, "hedgeopt.batch": 17, "hedgeopt.shards": 17, "hedgeopt.face": 18,
}
MAX_MODULES = 15


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def _imports(path: Path) -> set[str]:
    """Every project module ``path`` imports, as dotted names (``from a import b`` gives ``a.b`` when b is one)."""
    modules = _modules()
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                     for a in node.names]
        else:
            continue
        out.update(n for n in names if n.split(".")[0] in PACKAGES)
    return out


def _room(module: str) -> str:
    """The most specific room in RANKS that holds ``module``."""
    parts = module.split(".")
    for k in range(len(parts), 0, -1):
        if ".".join(parts[:k]) in RANKS:
            return ".".join(parts[:k])
    raise AssertionError(module)


MODULES = _modules()


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m not in PACKAGES))
def test_imports_run_one_way(module: str) -> None:
    here = _room(module)
    for target in _imports(MODULES[module]):
        there = _room(target)
        if here == there or MODULES[module].name == "__init__.py" and target.startswith(module + "."):
            continue  # inside one room, or a package re-exporting what lives inside it
        assert RANKS[there] < RANKS[here], f"{module} ({here}) imports {target} ({there}): upwards or sideways"


def test_no_import_circles() -> None:
    graph = {m: {t for t in _imports(p) if t in MODULES} - {m} for m, p in MODULES.items()}
    # a package's __init__ re-exports its own modules: only edges between modules count
    graph = {m: {t for t in ts if not m.startswith(t + ".")} for m, ts in graph.items() if m not in PACKAGES}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in sorted(graph.get(m, ())):
            if state.get(t) == 1:
                cycle = stack[stack.index(t):] + [t]
                raise AssertionError("import circle: " + " -> ".join(cycle))
            if t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)


def test_the_checker_sees_a_circle_and_an_upward_import() -> None:
    """The two tests above can fail: an upward import is caught, and so would a circle be."""
    assert _room("hedgeopt.paths.engine") == "hedgeopt.paths"
    assert RANKS[_room("hedgeopt.face.cli.main")] > RANKS[_room("hedgeopt.optimizer.lp")]
    assert "hedgeopt.paths.result" in _imports(MODULES["hedgeopt.paths.engine"])
    assert "hedgeopt.paths.engine" not in _imports(MODULES["hedgeopt.paths.result"])


@pytest.mark.parametrize("folder", sorted({p.parent for p in MODULES.values()}))
def test_no_folder_is_a_flat_list(folder: Path) -> None:
    modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
    assert len(modules) <= MAX_MODULES, f"{folder.relative_to(ROOT)} holds {len(modules)} modules"


@pytest.mark.parametrize("folder", sorted({p.parent for p in MODULES.values()}))
def test_every_package_says_what_lives_there(folder: Path) -> None:
    init = folder / "__init__.py"
    assert init.exists(), f"{folder.relative_to(ROOT)} has no __init__.py"
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    assert doc and "import" in doc.lower(), f"{init.relative_to(ROOT)}: say what lives here and what it may import"


@pytest.mark.parametrize("package", ["hedgeopt", "hedgeopt.account", "hedgeopt.config", "hedgeopt.risk",
                                     "hedgeopt.optimizer", "hedgeopt.paths", "scenarios", "scenarios.paths",
                                     "pricing"])
def test_public_names_import_from_the_package(package: str) -> None:
    module = __import__(package, fromlist=["__all__"])
    for name in getattr(module, "__all__", ()):
        assert getattr(module, name) is not None, f"{package}.{name}"


def test_tests_mirror_the_tree() -> None:
    rooms = {p.parent.relative_to(ROOT) for p in MODULES.values() if p.name == "__init__.py"}
    rooms = {r for r in rooms if len(r.parts) == 2 and r.parts[1] not in ("cli", "templates")}
    for room in rooms:
        assert (ROOT / "tests" / room).is_dir(), f"tests/{room} is missing"

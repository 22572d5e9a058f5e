"""The lazy re-exports of ``pricing``, ``scenarios`` and ``hedgeopt`` (``lazy_loader``, PEP 562): every public name
resolves, to the object its module defines, and importing a package loads none of the heavy libraries until a name
that needs them is used."""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import os
import subprocess
import sys

import pytest

PACKAGES = ("pricing", "scenarios", "hedgeopt")
HEAVY = ("QuantLib", "cvxpy", "matplotlib", "scipy", "pandas", "arch", "statsmodels", "highspy", "rich")


def loaded_after(code: str, env: dict[str, str] | None = None) -> list[str]:
    """Heavy libraries in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env).stdout
    return json.loads(out.splitlines()[-1])


@pytest.mark.parametrize("package", PACKAGES)
def test_importing_a_package_loads_no_heavy_library(package):
    assert loaded_after(f"import {package}") == []


def test_every_public_name_resolves_in_a_fresh_interpreter():
    """``from <package> import <name>`` for every name of every ``__all__``, all in one fresh process."""
    code = "\n".join(f"import {p}\nfor n in {p}.__all__: exec(f'from {p} import {{n}}')" for p in PACKAGES)
    assert {"QuantLib", "pandas", "scipy"} <= set(loaded_after(code))


def test_eager_import_resolves_everything_at_import():
    """``EAGER_IMPORT=1`` (lazy_loader's switch) imports every re-exported module when the package is imported."""
    env = {**os.environ, "EAGER_IMPORT": "1"}
    assert {"QuantLib", "pandas", "scipy"} <= set(loaded_after("import hedgeopt, pricing, scenarios", env))


@pytest.mark.parametrize("package", PACKAGES)
def test_names_are_the_modules_own_objects(package):
    """Each re-exported class or function is the very object of the module that defines it; ``dir`` lists all."""
    module = importlib.import_module(package)
    assert module.__all__ == sorted(module.__all__) and len(module.__all__) >= 18  # scenarios has 18
    for name in module.__all__:
        value = getattr(module, name)
        assert value is not None and name in dir(module), f"{package}.{name}"
        home = getattr(value, "__module__", None)
        if home is not None and hasattr(sys.modules[home], name):  # classes and functions (not constants)
            assert getattr(sys.modules[home], name) is value, f"{package}.{name}"


def test_known_objects_and_star_import():
    import hedgeopt
    import pricing
    import scenarios
    from hedgeopt.risk.stress import stress
    from pricing.market import Market
    from scenarios.sets.grid import grid

    assert (hedgeopt.stress, pricing.Market, scenarios.grid) == (stress, Market, grid)
    namespace: dict[str, object] = {}
    exec("from hedgeopt import *", namespace)
    assert set(hedgeopt.__all__) <= set(namespace)
    assert namespace["__version__"] == hedgeopt.__version__ == importlib.metadata.version("hedgeopt")


def test_an_unknown_name_is_an_attribute_error():
    import pricing

    with pytest.raises(AttributeError, match="Markte"):
        pricing.Markte  # noqa: B018
    with pytest.raises(ImportError, match="cannot import name 'Markte'"):
        exec("from pricing import Markte")

"""The installed version of hedgeopt, read from the package's metadata (``version`` in pyproject.toml).

Imports nothing of the project; ``hedgeopt.__version__`` and ``hedgeopt --version`` read it.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("hedgeopt")
except PackageNotFoundError:  # a source tree on sys.path that was never installed (pip install -e .)
    __version__ = "0+unknown"

"""The command line, one module per group of commands; :func:`main` is the ``hedgeopt`` entry point.

A thin shell over the library: each command parses, calls one library function and formats its result.
Imports anything in ``hedgeopt``; nothing imports it.
"""

from hedgeopt.face.cli.main import build_parser, main

__all__ = ["build_parser", "main"]

"""Copy the benchmark table of the latest runs (``bench/results.json``) into the README, between its markers.

Run from the repository root, after ``make bench``::

    python bench/readme_table.py              # rewrite README.md between <!-- bench:start --> and <!-- bench:end -->
    python bench/readme_table.py --print      # print the block instead

Only the lines between the two marker lines change; the README must hold each marker once, in that order.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from _results import between_markers, render

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    parser.add_argument("--print", action="store_true", help="print the block, change nothing")
    args = parser.parse_args(argv)
    block = render(json.loads(args.results.read_text(encoding="utf-8")))
    if args.print:
        print(block, end="")
        return
    args.readme.write_text(between_markers(args.readme.read_text(encoding="utf-8"), block), encoding="utf-8")
    print(f"{args.readme}: benchmark table rewritten from {args.results}")


if __name__ == "__main__":
    main()

"""A batch's answers on disk: Parquet parts, each written whole or not at all, read back as one table.

``OUT/parts/part-000001.parquet``, ``part-000002.parquet``, ...: one part per finished partition of accounts,
written to a hidden temporary file in the same folder, flushed to disk and renamed over its final name
(:func:`hedgeopt.files.atomic_path`: ``os.replace``, atomic on POSIX and Windows; the mode the umask gives), so
that a part is either complete or absent — whatever kills the run. A later run reads what is there and skips every
account whose stored ``fingerprint`` equals its input's
(:attr:`~hedgeopt.batch.sources.AccountInput.fingerprint`); an account answered twice (its input changed) keeps
the answer of the latest part. One batch at a time per folder.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from hedgeopt.batch.evaluate import SCHEMA
from hedgeopt.files import atomic_path, check_out
from pricing import InputError

PARTS = "parts"
_PART = re.compile(r"^part-(\d{6,})\.parquet$")


class ResultStore:
    """The parts folder of one batch output folder.

    Parameters
    ----------
    out : str or Path
        The batch's output folder (made when the first part is written).
    """

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        self.parts = self.out / PARTS
        if self.out.exists() and not self.out.is_dir():
            raise InputError("out", str(out), "a folder for the batch's results (this is a file)")

    def files(self) -> list[tuple[int, Path]]:
        """The finished parts, as (sequence number, path), in order."""
        if not self.parts.is_dir():
            return []
        found = ((_PART.match(p.name), p) for p in self.parts.iterdir())
        return sorted((int(m.group(1)), p) for m, p in found if m is not None)

    def next_number(self) -> int:
        """The number of the next part."""
        files = self.files()
        return files[-1][0] + 1 if files else 1

    def prepare(self) -> None:
        """Check the output folder and make the parts folder, before any work.

        :func:`hedgeopt.files.check_out`: its parent exists, neither it nor ``parts`` is a link or a file, and it
        can be written to.
        """
        check_out(self.out, "out", folder=True)
        self.out.mkdir(exist_ok=True)
        check_out(self.parts, "out", folder=True)
        self.parts.mkdir(exist_ok=True)

    def write(self, number: int, rows: list[dict[str, Any]]) -> Path:
        """Write ``rows`` as part ``number``, whole or not at all (:func:`hedgeopt.files.atomic_path`); its path."""
        self.parts.mkdir(parents=True, exist_ok=True)
        target = self.parts / f"part-{number:06d}.parquet"
        with atomic_path(target) as tmp:
            pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), tmp)
        return target

    def clear(self) -> None:
        """Remove every part and leftover temporary file (``--force``)."""
        if self.parts.is_dir():
            for p in self.parts.iterdir():
                if _PART.match(p.name) or p.name.endswith(".tmp"):
                    p.unlink()

    def finished(self) -> dict[str, str]:
        """The fingerprint of every account answered so far, by id (the latest answer's)."""
        out: dict[str, str] = {}
        for _, path in self.files():
            table = pq.read_table(path, columns=["id", "fingerprint"]).to_pydict()
            out.update(zip(table["id"], table["fingerprint"], strict=True))
        return out

    def read(self) -> pd.DataFrame:
        """Every answer on disk, the latest per account, sorted by id (columns of :data:`SCHEMA`)."""
        files = self.files()
        if not files:
            return SCHEMA.empty_table().to_pandas()
        frame = pd.concat([pq.read_table(p, schema=SCHEMA).to_pandas() for _, p in files], ignore_index=True)
        frame = frame.drop_duplicates("id", keep="last")
        return frame.sort_values("id", kind="stable").reset_index(drop=True)

"""CSV tables from other tools, read with the line of every row kept for error messages."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from egonet.errors import Problem, SourceError

__all__ = ["MISSING", "Table", "read_table"]

MISSING = frozenset({"", "NA", "N/A", "NaN", "nan", "NULL", "null", "."})
"""Cells that mean "no value" in the files researchers' tools write (R's ``NA``, SPSS's ``.``)."""


@dataclass(frozen=True, slots=True)
class Table:
    """A CSV file: its header, and each row as ``(where, cells)`` with missing cells left out."""

    path: Path
    header: tuple[str, ...]
    rows: tuple[tuple[str, dict[str, str]], ...]

    def column(self, *names: str) -> str:
        """The first of ``names`` that is a column of the table."""
        for name in names:
            if name in self.header:
                return name
        raise SourceError([Problem(str(self.path), "", f"no column {names[0]!r} (columns: {', '.join(self.header)})")])


def read_table(path: Path) -> Table:
    """Read a CSV file (UTF-8, with or without a byte-order mark).

    A row with more cells than the header, a repeated column name or a file that is not text
    is a :class:`SourceError` naming the file and line.
    """
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle, strict=True)
            header = tuple(h.strip() for h in next(reader, []))
            if not header or not any(header):
                raise SourceError([Problem(f"{path}:1", "", "the file is empty or has no header row")])
            repeated = sorted({h for h in header if header.count(h) > 1})
            if repeated:
                raise SourceError([Problem(f"{path}:1", "", f"column {repeated[0]!r} appears twice in the header")])
            rows = []
            for cells in reader:
                where = f"{path}:{reader.line_num}"
                if not cells:
                    continue
                if len(cells) > len(header):
                    raise SourceError(
                        [Problem(where, "", f"{len(cells)} cells, but the header has {len(header)} columns")]
                    )
                values = {h: c.strip() for h, c in zip(header, cells, strict=False) if c.strip() not in MISSING}
                rows.append((where, values))
    except UnicodeDecodeError as exc:
        raise SourceError([Problem(str(path), "", f"not UTF-8 text (byte {exc.start})")]) from None
    except csv.Error as exc:
        raise SourceError([Problem(f"{path}:{reader.line_num}", "", f"not a CSV table: {exc}")]) from None
    except OSError as exc:
        raise SourceError([Problem(str(path), "", f"cannot read the file: {exc.strerror or exc}")]) from None
    return Table(path, header, tuple(rows))

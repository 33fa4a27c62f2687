"""Writing rows of measures as JSON Lines or CSV, streaming."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Mapping
from typing import IO

from egonet.errors import UsageError

__all__ = ["write_rows"]

Row = Mapping[str, object]


def _cell(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return repr(value)  # shortest exact form: 0.1 stays 0.1, nothing is rounded away
    return value


def write_rows(rows: Iterable[Row], output: IO[str], fmt: str) -> int:
    """Write ``rows`` as ``json`` (one object a line, null for undefined) or ``csv`` (empty cell
    for undefined); CSV columns are those of the first row.  Returns the number of rows."""
    count = 0
    writer: csv.DictWriter[str] | None = None
    for row in rows:
        if fmt == "json":
            output.write(json.dumps(row, ensure_ascii=False, allow_nan=False) + "\n")
        else:
            if writer is None:
                writer = csv.DictWriter(output, fieldnames=list(row), lineterminator="\n")
                writer.writeheader()
            if list(row) != writer.fieldnames:
                raise UsageError("these documents use different protocols, so their columns differ: use --format json")
            writer.writerow({k: _cell(v) for k, v in row.items()})
        count += 1
    output.flush()
    return count

"""egor's three tables as Parquet files (``egos.parquet``, ``alters.parquet``, ``aaties.parquet``),
and the support plan's (``goals.parquet``, ``goal_people.parquet``), typed from the codebook,
written in row groups of ``BATCH`` interviews (memory stays flat).

Needs pyarrow (``pip install 'egonet[research]'``).  Quasi-identifiers are strings (once
generalised, a date is a quarter such as ``2026-Q1`` and an age a band such as ``30-34``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from egonet.errors import UsageError
from egonet.exports.anonymise import AnonymousInterview, Row
from egonet.exports.goals import GOAL_COLUMNS, GOAL_PEOPLE_COLUMNS

__all__ = ["ParquetWriter"]

BATCH = 2000
TABLES = ("egos", "alters", "aaties", "goals", "goal_people")


def _arrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa  # type: ignore[import-untyped]  # noqa: PLC0415  (an optional dependency)
        import pyarrow.parquet as pq  # type: ignore[import-untyped]  # noqa: PLC0415
    except ImportError:
        raise UsageError("Parquet exports need pyarrow: pip install 'egonet[research]'") from None
    return pa, pq


class ParquetWriter:
    def __init__(
        self,
        out: Path,
        ego_columns: Sequence[str],
        alter_columns: Sequence[str],
        types: Mapping[str, Mapping[str, str]],
    ) -> None:
        pa, self._pq = _arrow()
        arrow = {"string": pa.string(), "integer": pa.int64(), "numeric": pa.float64(), "boolean": pa.bool_()}
        arrow |= {"categorical": pa.string(), "ordinal": pa.int64()}
        columns = {
            "egos": list(ego_columns),
            "alters": list(alter_columns),
            "aaties": ["egoID", "Source", "Target", "weight"],
            "goals": GOAL_COLUMNS,
            "goal_people": GOAL_PEOPLE_COLUMNS,
        }
        self._schemas = {
            table: pa.schema(
                [(c, arrow.get(types.get(table, {}).get(c, "string"), pa.string())) for c in columns[table]]
            )
            for table in TABLES
        }
        self.files = [out / f"{table}.parquet" for table in TABLES]
        self._writers = {
            t: self._pq.ParquetWriter(f, self._schemas[t]) for t, f in zip(TABLES, self.files, strict=True)
        }
        self._pending: dict[str, list[Row]] = {t: [] for t in TABLES}
        self._count = 0
        self._pa = pa

    def write(self, interview: AnonymousInterview) -> None:
        self._pending["egos"].append(interview.ego)
        self._pending["alters"] += interview.alters
        self._pending["aaties"] += interview.ties
        self._pending["goals"] += interview.goals
        self._pending["goal_people"] += interview.goal_people
        self._count += 1
        if self._count % BATCH == 0:
            self._flush()

    def _flush(self) -> None:
        for table, rows in self._pending.items():
            if rows:
                schema = self._schemas[table]
                data = {f.name: [_fit(r.get(f.name), str(f.type)) for r in rows] for f in schema}
                self._writers[table].write_table(self._pa.table(data, schema=schema))
                rows.clear()

    def close(self) -> None:
        self._flush()
        for writer in self._writers.values():
            writer.close()


def _fit(value: object, arrow_type: str) -> object:
    """A value as its column's type (strings stay strings: a generalised quasi-identifier)."""
    if value is None:
        return None
    if arrow_type == "string":
        return str(value)
    return value

"""The local store: interviews kept durably in one SQLite file, with an outbox for sync.

Every :meth:`Store.save` is one transaction committed with ``synchronous=FULL`` before it
returns: once a call returns, the change survives a crash, a kill or a power cut.  A save is
refused if the stored revision moved on (the interview was changed elsewhere), so two windows
can never overwrite each other's answers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any
from uuid import UUID

from egonet.errors import DirectoryError, NotFoundError, StoreError
from egonet.model import Directory, Interview, InterviewStatus, Protocol
from egonet.protocol import builtin_protocol, builtin_protocol_text, check_protocol_text
from egonet.store.opening import Database, open_database
from egonet.wire import dumps, format_time, loads
from egonet.wire.resources import check_directory_text, directory_text

__all__ = ["ImportResult", "InterviewRow", "PatientRow", "Store"]


@dataclass(frozen=True, slots=True)
class PatientRow:
    code: str
    service: str
    n_interviews: int
    last_wave: str | None


@dataclass(frozen=True, slots=True)
class InterviewRow:
    id: UUID
    patient_code: str
    wave_index: int
    wave_label: str
    status: InterviewStatus
    revision: int
    started_at: str
    updated_at: str | None
    n_alters: int


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_older: int = 0


def _now() -> datetime:
    return datetime.now(UTC)


def _scalar(con: sqlite3.Connection, sql: str, *params: object) -> Any:
    """The first column of the first row, or ``None`` if there is no row."""
    row = con.execute(sql, params).fetchone()
    return None if row is None else row[0]


class Store:
    """The interviews of this machine.  Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: Database = open_database(path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    # -- writing ---------------------------------------------------------------------------

    def save(self, interview: Interview, now: datetime | None = None) -> Interview:
        """Write ``interview`` as its next revision, durably, and queue it for sync.

        The stored revision must be ``interview.revision`` (or the interview new, at 0);
        returns the interview as saved (revision + 1, ``updated_at`` set) and updates it.
        """
        moment = now or _now()
        saved = replace(interview, revision=interview.revision + 1, updated_at=moment)
        text = dumps(saved)
        try:
            with self._db.begin() as con:
                stored = _scalar(con, "SELECT revision FROM interviews WHERE id = ?", str(saved.id))
                if (stored or 0) != interview.revision:
                    raise StoreError(
                        f"the interview was changed elsewhere (stored revision {stored}, "
                        f"this one {interview.revision}); reopen it",
                        str(saved.id),
                    )
                self._write(con, saved, text, new=stored is None)
                self._queue(con, saved.id, saved.revision, moment)
        except sqlite3.Error as exc:
            raise _store_error(exc, self.path) from None
        interview.revision, interview.updated_at = saved.revision, saved.updated_at
        return interview

    def _write(self, con: sqlite3.Connection, iv: Interview, text: str, *, new: bool) -> None:
        service = _scalar(con, "SELECT service FROM patients WHERE code = ?", iv.patient.code)
        if service is None:
            con.execute(
                "INSERT INTO patients (code, service, created_at) VALUES (?, ?, ?)",
                (iv.patient.code, iv.patient.service, format_time(_now())),
            )
        elif service != iv.patient.service:
            con.execute("UPDATE patients SET service = ? WHERE code = ?", (iv.patient.service, iv.patient.code))
        row = {
            "patient_code": iv.patient.code,
            "wave_index": iv.wave.index,
            "wave_label": iv.wave.label,
            "status": iv.status.value,
            "revision": iv.revision,
            "protocol_id": iv.protocol_id,
            "protocol_version": iv.protocol_version,
            "started_at": format_time(iv.started_at),
            "updated_at": format_time(iv.updated_at) if iv.updated_at else None,
            "completed_at": format_time(iv.completed_at) if iv.completed_at else None,
            "n_alters": len(iv.active_alters()),
            "document": text,
        }
        if new:
            columns = ", ".join(["id", *row])
            con.execute(
                f"INSERT INTO interviews ({columns}) VALUES ({', '.join('?' * (len(row) + 1))})",
                (str(iv.id), *row.values()),
            )
        else:
            columns = ", ".join(f"{name} = ?" for name in row)
            con.execute(f"UPDATE interviews SET {columns} WHERE id = ?", (*row.values(), str(iv.id)))

    def _queue(self, con: sqlite3.Connection, interview_id: UUID, revision: int, moment: datetime) -> None:
        con.execute(
            "INSERT INTO outbox (interview_id, revision, queued_at) VALUES (?, ?, ?)"
            " ON CONFLICT (interview_id) DO UPDATE SET revision = ?",
            (str(interview_id), revision, format_time(moment), revision),
        )

    def import_interviews(
        self, items: Iterable[Interview], protocols: Iterable[tuple[Protocol, str]] = ()
    ) -> ImportResult:
        """Add or update many interviews in one transaction: all of them, or none.

        ``protocols`` (custom protocols and their files) are kept in the same transaction.  An
        interview already stored at a higher revision is left as it is (never overwritten by an
        older copy); an equal revision is left unchanged.
        """
        counts = {"added": 0, "updated": 0, "unchanged": 0, "skipped_older": 0}
        try:
            with self._db.begin() as con:
                for protocol, text in protocols:
                    self._keep_protocol(con, protocol, text)
                for iv in items:
                    stored = _scalar(con, "SELECT revision FROM interviews WHERE id = ?", str(iv.id))
                    if stored is not None and stored >= iv.revision:
                        counts["unchanged" if stored == iv.revision else "skipped_older"] += 1
                        continue
                    try:  # a failed statement undoes itself; the whole import is then rolled back
                        self._write(con, iv, dumps(iv), new=stored is None)
                    except sqlite3.IntegrityError:
                        raise StoreError(
                            f"patient {iv.patient.code} already has another interview for wave {iv.wave.index}; "
                            "nothing was imported",
                            str(iv.id),
                        ) from None
                    self._queue(con, iv.id, iv.revision, _now())
                    counts["added" if stored is None else "updated"] += 1
        except sqlite3.Error as exc:
            raise _store_error(exc, self.path) from None
        return ImportResult(**counts)

    def save_protocol(self, protocol: Protocol, text: str) -> None:
        """Keep a custom protocol's file, so its interviews can be resumed and checked later."""
        try:
            with self._db.begin() as con:
                self._keep_protocol(con, protocol, text)
        except sqlite3.Error as exc:
            raise _store_error(exc, self.path) from None

    def _keep_protocol(self, con: sqlite3.Connection, protocol: Protocol, text: str) -> None:
        con.execute(
            "INSERT INTO protocols (id, version, text) VALUES (?, ?, ?)"
            " ON CONFLICT (id, version) DO UPDATE SET text = ?",
            (protocol.id, protocol.version, text, text),
        )

    def mark_synced(self, interview_id: UUID, revision: int) -> None:
        """The server holds ``revision``: drop the outbox entry, unless the interview changed
        again since; ``revision`` is the base of the next upload."""
        key = str(interview_id)
        try:
            with self._db.begin() as con:
                con.execute("DELETE FROM outbox WHERE interview_id = ? AND revision <= ?", (key, revision))
                con.execute(
                    "INSERT INTO synced (interview_id, revision) VALUES (?, ?)"
                    " ON CONFLICT (interview_id) DO UPDATE SET revision = ?",
                    (key, revision, revision),
                )
        except sqlite3.Error as exc:
            raise _store_error(exc, self.path) from None

    def server_revision(self, interview_id: UUID) -> int:
        """The revision of this interview the server is known to hold (0: none)."""
        with self._read() as con:
            found = _scalar(con, "SELECT revision FROM synced WHERE interview_id = ?", str(interview_id))
        return found or 0

    def save_place(self, interview_id: UUID, step: str) -> None:
        """Bookmark the step the interview screen is on, for resuming there."""
        try:
            with self._db.begin() as con:
                con.execute(
                    "INSERT INTO places (interview_id, step, updated_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (interview_id) DO UPDATE SET step = ?",
                    (str(interview_id), step, format_time(_now()), step),
                )
        except sqlite3.Error as exc:
            raise _store_error(exc, self.path) from None

    def save_directory(self, service: str, text: str) -> Directory:
        """Keep ``service``'s directory of local resources (its CSV file), replacing the one kept;
        a file with problems is refused with :class:`DirectoryError`, and nothing changes."""
        directory, problems = check_directory_text(text, f"directory of {service}", service)
        if directory is None:
            raise DirectoryError(problems)
        written = directory_text(directory)
        try:
            with self._db.begin() as con:
                con.execute(
                    "INSERT INTO directories (service, text, updated_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (service) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                    (service, written, format_time(_now())),
                )
        except sqlite3.Error as exc:
            raise _store_error(exc, self.path) from None
        return directory

    def directory(self, service: str) -> Directory:
        """``service``'s directory of local resources (empty if none is kept)."""
        with self._read() as con:
            text = _scalar(con, "SELECT text FROM directories WHERE service = ?", service)
        if text is None:
            return Directory(service)
        directory, problems = check_directory_text(text, f"{self.path}: directory of {service}", service)
        if directory is None:
            raise StoreError(str(problems[0]))
        return directory

    def directory_services(self) -> list[str]:
        """The services whose directory of local resources is kept, by name."""
        with self._read() as con:
            return [row[0] for row in con.execute("SELECT service FROM directories ORDER BY service")]

    def revision(self, interview_id: UUID) -> int | None:
        """The stored revision of an interview (``None``: not in the store): one small read, to
        follow an interview as it is saved."""
        with self._read() as con:
            return _scalar(con, "SELECT revision FROM interviews WHERE id = ?", str(interview_id))  # type: ignore[no-any-return]

    def place(self, interview_id: UUID) -> str | None:
        """The bookmarked step of an interview, if any."""
        with self._read() as con:
            return _scalar(con, "SELECT step FROM places WHERE interview_id = ?", str(interview_id))  # type: ignore[no-any-return]

    # -- reading ---------------------------------------------------------------------------

    def load(self, interview_id: UUID) -> Interview:
        with self._read() as con:
            text = _scalar(con, "SELECT document FROM interviews WHERE id = ?", str(interview_id))
        if text is None:
            raise NotFoundError("no interview with this id in the store", str(interview_id))
        return loads(text, f"{self.path}: interview {interview_id}", trusted=True)

    def protocol_text(self, protocol_id: str, version: str) -> str:
        """The file of the protocol an interview was made with: built-in, or kept in the store."""
        builtin = builtin_protocol_text(protocol_id, version)
        if builtin is not None:
            return builtin
        with self._read() as con:
            text = _scalar(con, "SELECT text FROM protocols WHERE id = ? AND version = ?", protocol_id, version)
        if text is None:
            raise NotFoundError(
                f"protocol {protocol_id} {version} is neither built in nor in the store", str(self.path)
            )
        return str(text)

    def protocol(self, protocol_id: str, version: str) -> Protocol:
        """The protocol an interview was made with: built-in, or kept in the store."""
        builtin = builtin_protocol(protocol_id, version)
        if builtin is not None:
            return builtin
        text = self.protocol_text(protocol_id, version)
        found, problems = check_protocol_text(text, f"{self.path}: protocol {protocol_id} {version}")
        if found is None:
            raise StoreError(str(problems[0]))
        return found

    def patients(self) -> list[PatientRow]:
        query = (
            "SELECT patients.code, patients.service, count(interviews.id), max(interviews.wave_index)"
            " FROM patients LEFT OUTER JOIN interviews ON patients.code = interviews.patient_code"
            " GROUP BY patients.code ORDER BY patients.code"
        )
        with self._read() as con:
            rows = con.execute(query).fetchall()
        return [PatientRow(code, service, count, None if w is None else str(w)) for code, service, count, w in rows]

    def patient_service(self, code: str) -> str | None:
        with self._read() as con:
            return _scalar(con, "SELECT service FROM patients WHERE code = ?", code)  # type: ignore[no-any-return]

    def interviews(self, patient_code: str | None = None) -> list[InterviewRow]:
        """Interviews, by patient then wave."""
        columns = "id, patient_code, wave_index, wave_label, status, revision, started_at, updated_at, n_alters"
        where, params = ("", ()) if patient_code is None else (" WHERE patient_code = ?", (patient_code,))
        with self._read() as con:
            rows = con.execute(
                f"SELECT {columns} FROM interviews{where} ORDER BY patient_code, wave_index", params
            ).fetchall()
        return [InterviewRow(UUID(r[0]), r[1], r[2], r[3], InterviewStatus(r[4]), r[5], r[6], r[7], r[8]) for r in rows]

    def documents(self, patient_code: str | None = None) -> Iterator[Interview]:
        """Every interview, parsed, one at a time (memory stays flat)."""
        for row in self.interviews(patient_code):
            yield self.load(row.id)

    def outbox(self) -> list[tuple[UUID, int]]:
        """Interviews whose latest revision is not yet on the server."""
        with self._read() as con:
            rows = con.execute("SELECT interview_id, revision FROM outbox ORDER BY queued_at").fetchall()
        return [(UUID(i), r) for i, r in rows]

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A connection for reading (each read is one SELECT: one consistent snapshot);
        database failures become :class:`StoreError`."""
        try:
            yield self._db.connection()
        except sqlite3.Error as exc:
            raise _store_error(exc, self.path) from None


def _store_error(exc: sqlite3.Error, path: Path) -> StoreError:
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return StoreError("the store is busy (another Egonet is writing); try again", str(path))
    detail = (str(exc) or type(exc).__name__).splitlines()[0]
    return StoreError(f"the store could not be written or read ({detail})", str(path))

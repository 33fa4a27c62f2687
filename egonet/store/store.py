"""The local store: interviews kept durably in one SQLite file, with an outbox for sync.

Every :meth:`Store.save` is one transaction committed with ``synchronous=FULL`` before it
returns: once a call returns, the change survives a crash, a kill or a power cut.  A save is
refused if the stored revision moved on (the interview was changed elsewhere), so two windows
can never overwrite each other's answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from uuid import UUID

from sqlalchemy import Connection, Engine, delete, func, select, update
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from egonet.errors import NotFoundError, StoreError
from egonet.model import Interview, InterviewStatus, Protocol
from egonet.protocol import builtin_protocol, check_protocol_text, default_protocol_text
from egonet.store.opening import open_engine
from egonet.store.tables import interviews, outbox, patients, places, protocols, synced
from egonet.wire import dumps, format_time, loads

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


class Store:
    """The interviews of this machine.  Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._engine: Engine = open_engine(path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._engine.dispose()

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
            with self._engine.begin() as con:
                stored = con.execute(select(interviews.c.revision).where(interviews.c.id == str(saved.id))).scalar()
                if (stored or 0) != interview.revision:
                    raise StoreError(
                        f"the interview was changed elsewhere (stored revision {stored}, "
                        f"this one {interview.revision}); reopen it",
                        str(saved.id),
                    )
                self._write(con, saved, text, new=stored is None)
                self._queue(con, saved.id, saved.revision, moment)
        except SQLAlchemyError as exc:
            raise _store_error(exc, self.path) from None
        interview.revision, interview.updated_at = saved.revision, saved.updated_at
        return interview

    def _write(self, con: Connection, iv: Interview, text: str, *, new: bool) -> None:
        service = con.execute(select(patients.c.service).where(patients.c.code == iv.patient.code)).scalar()
        if service is None:
            con.execute(
                patients.insert().values(
                    code=iv.patient.code, service=iv.patient.service, created_at=format_time(_now())
                )
            )
        elif service != iv.patient.service:
            con.execute(update(patients).where(patients.c.code == iv.patient.code).values(service=iv.patient.service))
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
            con.execute(interviews.insert().values(id=str(iv.id), **row))
        else:
            con.execute(update(interviews).where(interviews.c.id == str(iv.id)).values(**row))

    def _queue(self, con: Connection, interview_id: UUID, revision: int, moment: datetime) -> None:
        stmt = insert(outbox).values(interview_id=str(interview_id), revision=revision, queued_at=format_time(moment))
        con.execute(stmt.on_conflict_do_update(index_elements=["interview_id"], set_={"revision": revision}))

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
            with self._engine.begin() as con:
                for protocol, text in protocols:
                    self._keep_protocol(con, protocol, text)
                for iv in items:
                    stored = con.execute(select(interviews.c.revision).where(interviews.c.id == str(iv.id))).scalar()
                    if stored is not None and stored >= iv.revision:
                        counts["unchanged" if stored == iv.revision else "skipped_older"] += 1
                        continue
                    try:
                        with con.begin_nested():
                            self._write(con, iv, dumps(iv), new=stored is None)
                    except IntegrityError:
                        raise StoreError(
                            f"patient {iv.patient.code} already has another interview for wave {iv.wave.index}; "
                            "nothing was imported",
                            str(iv.id),
                        ) from None
                    self._queue(con, iv.id, iv.revision, _now())
                    counts["added" if stored is None else "updated"] += 1
        except SQLAlchemyError as exc:
            raise _store_error(exc, self.path) from None
        return ImportResult(**counts)

    def save_protocol(self, protocol: Protocol, text: str) -> None:
        """Keep a custom protocol's file, so its interviews can be resumed and checked later."""
        with self._engine.begin() as con:
            self._keep_protocol(con, protocol, text)

    def _keep_protocol(self, con: Connection, protocol: Protocol, text: str) -> None:
        stmt = insert(protocols).values(id=protocol.id, version=protocol.version, text=text)
        con.execute(stmt.on_conflict_do_update(index_elements=["id", "version"], set_={"text": text}))

    def mark_synced(self, interview_id: UUID, revision: int) -> None:
        """The server holds ``revision``: drop the outbox entry, unless the interview changed
        again since; ``revision`` is the base of the next upload."""
        key = str(interview_id)
        stmt = insert(synced).values(interview_id=key, revision=revision)
        try:
            with self._engine.begin() as con:
                con.execute(delete(outbox).where(outbox.c.interview_id == key, outbox.c.revision <= revision))
                con.execute(stmt.on_conflict_do_update(index_elements=["interview_id"], set_={"revision": revision}))
        except SQLAlchemyError as exc:
            raise _store_error(exc, self.path) from None

    def server_revision(self, interview_id: UUID) -> int:
        """The revision of this interview the server is known to hold (0: none)."""
        with self._read() as con:
            found = con.execute(select(synced.c.revision).where(synced.c.interview_id == str(interview_id))).scalar()
        return found or 0

    def save_place(self, interview_id: UUID, step: str) -> None:
        """Bookmark the step the interview screen is on, for resuming there."""
        stmt = insert(places).values(interview_id=str(interview_id), step=step, updated_at=format_time(_now()))
        try:
            with self._engine.begin() as con:
                con.execute(stmt.on_conflict_do_update(index_elements=["interview_id"], set_={"step": step}))
        except SQLAlchemyError as exc:
            raise _store_error(exc, self.path) from None

    def place(self, interview_id: UUID) -> str | None:
        """The bookmarked step of an interview, if any."""
        with self._read() as con:
            return con.execute(select(places.c.step).where(places.c.interview_id == str(interview_id))).scalar()

    # -- reading ---------------------------------------------------------------------------

    def load(self, interview_id: UUID) -> Interview:
        with self._read() as con:
            text = con.execute(select(interviews.c.document).where(interviews.c.id == str(interview_id))).scalar()
        if text is None:
            raise NotFoundError("no interview with this id in the store", str(interview_id))
        return loads(text, f"{self.path}: interview {interview_id}", trusted=True)

    def protocol_text(self, protocol_id: str, version: str) -> str:
        """The file of the protocol an interview was made with: built-in, or kept in the store."""
        if builtin_protocol(protocol_id, version) is not None:
            return default_protocol_text()
        with self._read() as con:
            text = con.execute(
                select(protocols.c.text).where(protocols.c.id == protocol_id, protocols.c.version == version)
            ).scalar()
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
        n = func.count(interviews.c.id)
        last = func.max(interviews.c.wave_index)
        query = (
            select(patients.c.code, patients.c.service, n, last)
            .select_from(patients.outerjoin(interviews))
            .group_by(patients.c.code)
            .order_by(patients.c.code)
        )
        with self._read() as con:
            rows = con.execute(query).all()
        return [PatientRow(code, service, count, None if w is None else str(w)) for code, service, count, w in rows]

    def patient_service(self, code: str) -> str | None:
        with self._read() as con:
            return con.execute(select(patients.c.service).where(patients.c.code == code)).scalar()

    def interviews(self, patient_code: str | None = None) -> list[InterviewRow]:
        """Interviews, by patient then wave."""
        c = interviews.c
        query = select(
            c.id,
            c.patient_code,
            c.wave_index,
            c.wave_label,
            c.status,
            c.revision,
            c.started_at,
            c.updated_at,
            c.n_alters,
        ).order_by(c.patient_code, c.wave_index)
        if patient_code is not None:
            query = query.where(c.patient_code == patient_code)
        with self._read() as con:
            rows = con.execute(query).all()
        return [InterviewRow(UUID(r[0]), r[1], r[2], r[3], InterviewStatus(r[4]), r[5], r[6], r[7], r[8]) for r in rows]

    def documents(self, patient_code: str | None = None) -> Iterator[Interview]:
        """Every interview, parsed, one at a time (memory stays flat)."""
        for row in self.interviews(patient_code):
            yield self.load(row.id)

    def outbox(self) -> list[tuple[UUID, int]]:
        """Interviews whose latest revision is not yet on the server."""
        with self._read() as con:
            rows = con.execute(select(outbox.c.interview_id, outbox.c.revision).order_by(outbox.c.queued_at)).all()
        return [(UUID(i), r) for i, r in rows]

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A connection for reading; database failures become :class:`StoreError`."""
        try:
            with self._engine.connect() as con:
                yield con
        except SQLAlchemyError as exc:
            raise _store_error(exc, self.path) from None


def _store_error(exc: SQLAlchemyError, path: Path) -> StoreError:
    if isinstance(exc, OperationalError) and "locked" in str(exc.orig):
        return StoreError("the store is busy (another Egonet is writing); try again", str(path))
    detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    return StoreError(f"the store could not be written or read ({detail})", str(path))

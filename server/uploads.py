"""Uploads of interview documents: every check that needs no lock first, then stored in batches.

Who owns what is read from the database, never from the uploaded document: an interview
belongs to the service its patient was stored under, and only that service's clinicians read
or change it.  Patient codes are each service's own (two services may use the same code).  An
upload cannot move an interview to another patient or service (an admin moves a patient:
``egonet-server admin move-patient``).  An unknown interview and another service's get the same
answer, so nothing tells which ids exist.

Every upload is checked as ``egonet validate`` checks it: strict JSON, the JSON Schema, the
model's rules, then the answers against the interview's protocol (built-in, or the service's
own, uploaded first), and the support plan's reviews and carried goals against the goals of the
wave it follows when the server has that wave (a follow-up may arrive before it: it is taken, as
its laptop checked it, and a review of no goal the server knows counts in no figure); a refused
upload stores nothing and answers 422 with the problems.

An upload names the revision its changes are based on (``base``: the revision the device last
had from or gave to the server, 0 for a new interview).  The server applies it only on top of
that revision, so two devices that changed the same interview never overwrite each other: the
second gets a conflict.  Uploading the same revision with the same content again is answered as
done, so a retry after a lost answer is harmless (idempotent).

An upload goes in two steps.  :func:`prepare_upload` does what needs no lock: the caller is a
clinician of the document's service, the document is valid, it conforms to its protocol (which
never changes once stored), its stored text, digest and rows.  :func:`store_uploads` then stores
a batch of prepared uploads in one transaction, deciding each, in order, exactly as if each had
a transaction of its own after the ones before it (:mod:`server.group_commit` gathers them): the
stored copies are read once for the batch, each decision updates what the next one sees, and the
accepted ones are written together, one executemany per table.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, cast
from uuid import UUID

from sqlalchemy import Connection, Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from egonet.model import Interview, Protocol, interview_problems, reference_problems
from egonet.wire import DocumentError, dumps, loads
from server.auth import Account
from server.db import Alter, InterviewRow, Patient, Tie
from server.db.upsert import insert_if_absent_many
from server.errors import Conflict, Forbidden, Invalid, ServerError
from server.interviews import NOT_YOURS, clinician_services
from server.people import now
from server.protocols import service_protocol
from server.stored import Result, Stored

__all__ = ["MAX_PROBLEMS", "ProtocolOf", "Upload", "prepare_upload", "put_interview", "store_uploads"]

MAX_PROBLEMS = 100
"""A refusal lists at most this many problems (the answer stays small whatever was sent)."""

ProtocolOf = Callable[[int, str, str], Protocol | None]
"""The protocol a service's interview names (service id, protocol id, version): built-in or the service's own."""

_ANSWERS = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


@dataclass(frozen=True, slots=True)
class Upload:
    """An upload :func:`prepare_upload` accepted, ready to be stored on top of revision ``base``:
    what storing it needs of the document, as plain values (it is sent between processes)."""

    user: Account
    id: str
    base: int
    service_id: int
    """The caller's service the document names (a stored interview is only ever changed within its own)."""
    service: str
    code: str
    wave: int
    revision: int
    status: str
    protocol: str
    """``"<id> <version>"``."""
    previous_id: str | None
    text: str
    """The document as stored (:func:`egonet.wire.dumps`)."""
    digest: str
    alters: list[dict[str, object]]
    ties: list[dict[str, object]]
    goals: frozenset[UUID]
    """The plan's goals (a follow-up in the same batch may review them)."""
    reviews: tuple[UUID, ...]
    """The goals the plan reviews."""
    carried: tuple[tuple[UUID, UUID], ...]
    """The plan's goals carried from the previous wave, each with the goal it was carried from."""
    refusal: Invalid | None = None
    """The protocol's verdict, raised where an upload stored alone would meet it (after the revision checks)."""

    @property
    def resource(self) -> str:
        """What the audit log names."""
        return f"interview:{self.id}"


def _problems(problems: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"field": f, "message": m} for f, m in problems[:MAX_PROBLEMS]]


def _parse(body: bytes, interview_id: str) -> Interview:
    try:
        document = loads(body, "upload", quick=True)  # parsed and schema-checked once, quickly
    except DocumentError as exc:
        raise Invalid(
            "the document is not a valid interview", problems=_problems([(p.field, p.message) for p in exc.problems])
        ) from None
    if str(document.id) != interview_id:
        raise Invalid("the document's id is not the one in the address")
    return document


def _protocol_refusal(document: Interview, protocol: Protocol | None) -> Invalid | None:
    if protocol is None:
        return Invalid(
            f"protocol {document.protocol_id} {document.protocol_version} is not on the server for this "
            "service: upload it first (egonet sync does)",
        )
    problems = interview_problems(document, protocol)
    if problems:
        return Invalid("the document does not conform to its protocol", problems=_problems([("", p) for p in problems]))
    return None


def prepare_upload(
    protocol_of: ProtocolOf, user: Account, interview_id: str, body: bytes, base: int, *, max_ties: int = 5000
) -> Upload:
    """The checks of an upload that need no lock (run before its transaction, so that none is held
    while a document is parsed): the caller is a clinician, the document is valid and has this id,
    at most ``max_ties`` ties (measuring more would hold the server: found, 500 alters and 17,500
    ties took 15 s each), names one of the caller's services, and conforms to its protocol."""
    services = clinician_services(user)
    document = _parse(body, interview_id)
    if len(document.ties) > max_ties:
        raise Invalid(f"the network has {len(document.ties)} ties; this server measures at most {max_ties}")
    if document.patient.service not in services:  # before any lookup: the answer says nothing of the id
        raise Forbidden(f"service {document.patient.service!r} is not one of yours")
    service_id = services[document.patient.service]
    protocol = protocol_of(service_id, document.protocol_id, document.protocol_version)
    text = dumps(document)
    alters: list[dict[str, object]] = [
        {
            "interview_id": interview_id,
            "alter_id": str(alter.id),
            "presence": alter.presence.value,
            "generators": ",".join(alter.generators),
            "answers": _ANSWERS(alter.answers),
        }
        for alter in document.alters.values()
    ]
    ties: list[dict[str, object]] = [
        {"interview_id": interview_id, "a": str(t.a), "b": str(t.b), "value": None if t.value is None else str(t.value)}
        for t in document.ties.values()
    ]
    plan = document.plan
    return Upload(
        user=user,
        id=interview_id,
        base=base,
        service_id=service_id,
        service=document.patient.service,
        code=document.patient.code,
        wave=document.wave.index,
        revision=document.revision,
        status=document.status.value,
        protocol=f"{document.protocol_id} {document.protocol_version}",
        previous_id=None if document.previous_id is None else str(document.previous_id),
        text=text,
        digest=hashlib.sha256(text.encode()).hexdigest(),
        alters=alters,
        ties=ties,
        goals=frozenset(g.id for g in plan.goals),
        reviews=tuple(r.goal for r in plan.reviews),
        carried=tuple((g.id, g.carried_from) for g in plan.goals if g.carried_from is not None),
        refusal=_protocol_refusal(document, protocol),
    )


def put_interview(db: Session, user: Account, interview_id: str, body: bytes, base: int) -> Stored:
    """Check and store one upload in ``db``'s transaction (not committed); what was done."""

    def protocol_of(service_id: int, protocol_id: str, version: str) -> Protocol | None:
        return service_protocol(db, service_id, protocol_id, version)

    done = store_uploads(db.connection(), [prepare_upload(protocol_of, user, interview_id, body, base)])[0]
    if isinstance(done, ServerError):
        raise done
    return done


class _Row(NamedTuple):
    """An interview as the batch sees it: stored before it, or accepted earlier in it."""

    service_id: int
    patient_code: str
    wave_index: int
    revision: int
    digest: str


_I = cast(Table, InterviewRow.__table__).c
_STORED = (
    select(_I.id, _I.service_id, _I.patient_code, _I.wave_index, _I.revision, _I.digest)
    .where(_I.id.in_(bindparam("ids", expanding=True)))
    .order_by(_I.id)  # PostgreSQL locks the rows in one order in every batch: no deadlock between workers
    .with_for_update()
)
_WAVES = select(_I.id, _I.service_id, _I.patient_code, _I.wave_index).where(
    _I.service_id.in_(bindparam("services", expanding=True)), _I.patient_code.in_(bindparam("codes", expanding=True))
)
_PREVIOUS = select(_I.document).where(
    _I.id == bindparam("id"), _I.service_id == bindparam("service_id"), _I.patient_code == bindparam("code")
)
_INTERVIEWS = cast(Table, InterviewRow.__table__)
_INSERT = insert(_INTERVIEWS)
_UPDATE = update(_INTERVIEWS).where(_I.id == bindparam("key"))
_ALTERS, _TIES = cast(Table, Alter.__table__), cast(Table, Tie.__table__)
_DELETE_ALTERS = delete(_ALTERS).where(_ALTERS.c.interview_id.in_(bindparam("ids", expanding=True)))
_DELETE_TIES = delete(_TIES).where(_TIES.c.interview_id.in_(bindparam("ids", expanding=True)))
_INSERT_ALTERS, _INSERT_TIES = insert(_ALTERS), insert(_TIES)
"""The statements of a batch, built once (Core rows: an upload makes no ORM objects)."""


class _Batch:
    """What a batch's decisions see: the stored interviews it names and their patients' waves, as
    changed by the uploads accepted so far."""

    def __init__(self, connection: Connection, uploads: Sequence[Upload]) -> None:
        self.connection = connection
        ids = sorted({u.id for u in uploads})
        self.rows = {r.id: _Row(*r[1:]) for r in connection.execute(_STORED, {"ids": ids})}
        self.existed = set(self.rows)
        found = connection.execute(
            _WAVES,
            {
                "services": sorted({u.service_id for u in uploads}),
                "codes": sorted({u.code for u in uploads}),
            },
        )
        self.waves = {(r.service_id, r.patient_code, r.wave_index): r.id for r in found}
        self.accepted: dict[str, Upload] = {}

    def previous_goals(self, upload: Upload) -> frozenset[UUID] | None:
        """The goals of the wave ``upload`` follows, as stored for the same patient of the same
        service (None: not on the server)."""
        key = upload.previous_id
        assert key is not None
        if key in self.accepted:
            earlier = self.accepted[key]
            return earlier.goals if (earlier.service_id, earlier.code) == (upload.service_id, upload.code) else None
        text = self.connection.execute(
            _PREVIOUS, {"id": key, "service_id": upload.service_id, "code": upload.code}
        ).scalar()
        return None if text is None else frozenset(g.id for g in loads(text, "server", trusted=True).plan.goals)

    def decide(self, upload: Upload) -> Stored:
        """What storing ``upload`` now does (a :class:`ServerError` if refused); an accepted one
        changes what the next decisions see."""
        services = {s.id: s.name for s in upload.user.services}
        stored = self.rows.get(upload.id)
        if (stored is None and upload.base != 0) or (stored is not None and stored.service_id not in services):
            raise Conflict(NOT_YOURS)
        if stored is not None:
            service = services[stored.service_id]
            if (upload.code, upload.service) != (stored.patient_code, service):
                raise Conflict(
                    f"this interview is of patient {stored.patient_code} of service {service!r}: an upload "
                    "cannot move it to another patient or service (an admin moves patients)",
                )
            if stored.revision == upload.revision and stored.digest == upload.digest:
                return Stored(upload.id, Result.UNCHANGED, revision=stored.revision)
            if stored.revision != upload.base or upload.revision <= stored.revision:
                raise Conflict(
                    f"the interview changed on the server (revision {stored.revision}) since this device's "
                    f"revision {upload.base}; neither copy was overwritten",
                    stored_revision=stored.revision,
                )
        if upload.refusal is not None:
            raise upload.refusal
        self._check_plan(upload)
        wave = (upload.service_id, upload.code, upload.wave)
        if self.waves.get(wave, upload.id) != upload.id:
            raise Conflict(f"patient {upload.code} already has another interview for wave {upload.wave}")
        if stored is not None:
            self.waves.pop((stored.service_id, stored.patient_code, stored.wave_index), None)
        self.waves[wave] = upload.id
        self.rows[upload.id] = _Row(upload.service_id, upload.code, upload.wave, upload.revision, upload.digest)
        self.accepted[upload.id] = upload
        return Stored(upload.id, Result.CREATED if stored is None else Result.UPDATED, revision=upload.revision)

    def _check_plan(self, upload: Upload) -> None:
        if not (upload.reviews or upload.carried):
            return
        goals = self.previous_goals(upload) if upload.previous_id is not None else None
        if goals is None and upload.previous_id is not None and upload.wave != 0:
            return  # the wave it follows is not here (yet): taken as its laptop checked it
        problems = reference_problems(upload.reviews, upload.carried, goals or frozenset())  # a baseline: none
        if problems:
            raise Invalid(
                "the plan reviews goals that the previous wave did not set",
                problems=_problems([("plan", p) for p in problems]),
            )

    def write(self) -> None:
        """The accepted uploads' rows: each interview as last accepted, one executemany per table."""
        if not self.accepted:
            return
        moment = now()
        final = list(self.accepted.values())
        patients = sorted({(u.service_id, u.code) for u in final})
        insert_if_absent_many(
            self.connection,
            cast(Table, Patient.__table__),
            [{"service_id": s, "code": c} for s, c in patients],
            ["service_id", "code"],
        )
        rows = [(u, self._values(u, moment)) for u in final]
        changed = [u.id for u in final if u.id in self.existed]
        if changed:
            self.connection.execute(_DELETE_ALTERS, {"ids": changed})
            self.connection.execute(_DELETE_TIES, {"ids": changed})
            self.connection.execute(_UPDATE, [{"key": u.id, **values} for u, values in rows if u.id in self.existed])
        new = [{"id": u.id, "service_id": u.service_id, **values} for u, values in rows if u.id not in self.existed]
        if new:
            self.connection.execute(_INSERT, new)
        alters = [a for u in final for a in u.alters]
        ties = [t for u in final for t in u.ties]
        if alters:
            self.connection.execute(_INSERT_ALTERS, alters)
        if ties:
            self.connection.execute(_INSERT_TIES, ties)

    @staticmethod
    def _values(upload: Upload, moment: str) -> dict[str, Any]:
        return {
            "patient_code": upload.code,
            "wave_index": upload.wave,
            "revision": upload.revision,
            "status": upload.status,
            "digest": upload.digest,
            "document": upload.text,
            "protocol": upload.protocol,
            "received_at": moment,
            "received_from": upload.user.id,
        }


def store_uploads(connection: Connection, uploads: Sequence[Upload]) -> list[Stored | ServerError]:
    """Store prepared uploads in ``connection``'s transaction, each decided in order as if stored
    alone after the ones before it: what each did, or why it was refused.  An
    :class:`~sqlalchemy.exc.IntegrityError` (another process stored the same interview or wave at
    the same moment) leaves the transaction to be rolled back and the uploads to be stored again."""
    batch = _Batch(connection, uploads)
    done: list[Stored | ServerError] = []
    for upload in uploads:
        try:
            done.append(batch.decide(upload))
        except ServerError as exc:
            done.append(exc)
    batch.write()
    return done

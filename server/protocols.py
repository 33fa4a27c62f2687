"""Protocol files on the server, kept per service; the built-in protocols, which nobody replaces.

The server checks and measures each interview with the protocol it was made with: a built-in
one (:mod:`egonet.protocol`, never stored), or one a clinician of the interview's service uploaded
(``PUT /v1/protocols/{id}/{version}``, the TOML text, kept for each of the clinician's services).
Within a service a protocol id and version name one text for ever: the same text again is
answered as done, another text is a conflict (409).  Ids starting with ``egonet-`` are reserved
for built-in protocols: only a built-in's own text is accepted under one.  A service never sees,
replaces or blocks another service's protocols: each has its own.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from egonet.model import Protocol
from egonet.protocol import builtin_protocol, builtin_protocol_text
from egonet.wire import check_protocol_text
from server.auth import Account
from server.db import ProtocolFile, Role
from server.errors import Conflict, Forbidden, Invalid, NotFound
from server.people import now
from server.stored import Result, Stored

__all__ = ["RESERVED_PREFIX", "ProtocolCache", "get_protocol", "put_protocol", "service_protocol"]

RESERVED_PREFIX = "egonet-"
READERS = (Role.CLINICIAN, Role.SERVICE_LEAD, Role.RESEARCHER)


def _builtin_text(protocol_id: str, version: str) -> str | None:
    return builtin_protocol_text(protocol_id, version)


def put_protocol(db: Session, user: Account, protocol_id: str, version: str, text: str) -> Stored:
    """Keep an uploaded protocol file for each of the clinician's services; what was done."""
    if user.role != Role.CLINICIAN:
        raise Forbidden("only clinicians upload protocols (with their interviews)")
    builtin = _builtin_text(protocol_id, version)
    if builtin is not None or protocol_id.startswith(RESERVED_PREFIX):
        if builtin is not None and text == builtin:
            return Stored(protocol_id, Result.UNCHANGED, version=version)
        raise Conflict(
            f"protocol ids starting with {RESERVED_PREFIX!r} are Egonet's built-in protocols: "
            "give a protocol of your own another id",
        )
    protocol, problems = check_protocol_text(text, "upload")
    if protocol is None:
        detail = [{"field": p.field, "message": p.message} for p in problems]
        raise Invalid("the protocol file is not valid", problems=detail)
    if (protocol.id, protocol.version) != (protocol_id, version):
        raise Invalid(f"the file is protocol {protocol.id} {protocol.version}, not the one in the address")
    digest = hashlib.sha256(text.encode()).hexdigest()
    created = False
    for service in sorted(user.services, key=lambda s: s.id):
        stored = db.get(ProtocolFile, (service.id, protocol_id, version), with_for_update=True)
        if stored is None:
            db.add(
                ProtocolFile(
                    service_id=service.id, id=protocol_id, version=version, text=text, digest=digest, received_at=now()
                )
            )
            created = True
        elif stored.digest != digest:
            raise Conflict(
                f"service {service.name!r} has another text for protocol {protocol_id} {version}: give the "
                "changed protocol a new version",
            )
    return Stored(protocol_id, Result.CREATED if created else Result.UNCHANGED, version=version)


def get_protocol(db: Session, user: Account, protocol_id: str, version: str) -> str:
    """The text of a built-in protocol or of one of the caller's services' (any role but admin);
    404 alike for an unknown protocol and another service's."""
    if user.role not in READERS:
        raise Forbidden("admins manage users, not interviews or protocols")
    builtin = _builtin_text(protocol_id, version)
    if builtin is not None:
        return builtin
    text = db.scalar(
        select(ProtocolFile.text).where(
            ProtocolFile.service_id.in_([s.id for s in user.services]),
            ProtocolFile.id == protocol_id,
            ProtocolFile.version == version,
        )
    )
    if text is None:
        raise NotFound(f"no protocol {protocol_id} {version} on the server for your services")
    return text


def service_protocol(db: Session, service_id: int, protocol_id: str, version: str) -> Protocol | None:
    """The protocol an interview of this service names: built-in, or the service's own."""
    builtin = builtin_protocol(protocol_id, version)
    if builtin is not None:
        return builtin
    stored = db.get(ProtocolFile, (service_id, protocol_id, version))
    return None if stored is None else check_protocol_text(stored.text, f"{protocol_id} {version}")[0]


class ProtocolCache:
    """Parsed protocols by service and ``"<id> <version>"`` (the interviews' ``protocol`` column)."""

    def __init__(self, db: Session) -> None:
        self.db = db
        self._found: dict[tuple[int, str], Protocol | None] = {}

    def __call__(self, service_id: int, key: str) -> Protocol | None:
        if (service_id, key) not in self._found:
            protocol_id, _, version = key.partition(" ")
            self._found[service_id, key] = service_protocol(self.db, service_id, protocol_id, version)
        return self._found[service_id, key]

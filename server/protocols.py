"""Protocol files on the server: clients upload the protocol of the interviews they send.

The server has no protocol of its own: it computes an interview's measures with the protocol
the interview was made with, as a client uploaded it (``PUT /v1/protocols/{id}/{version}``, the
TOML text).  A protocol id and version name one text for ever: uploading the same text again
is answered as done; a different text under the same id and version is a conflict (409).
"""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from egonet.model import Protocol
from egonet.wire import check_protocol_text
from server.db import ProtocolFile, Role, User
from server.errors import ServerError
from server.people import now

__all__ = ["ProtocolCache", "get_protocol", "put_protocol"]

READERS = (Role.CLINICIAN, Role.SERVICE_LEAD, Role.RESEARCHER)


def put_protocol(db: Session, user: User, protocol_id: str, version: str, text: str) -> tuple[int, dict[str, str]]:
    """Keep an uploaded protocol file; returns (HTTP status, answer)."""
    if user.role != Role.CLINICIAN:
        raise ServerError("only clinicians upload protocols (with their interviews)", 403)
    protocol, problems = check_protocol_text(text, "upload")
    if protocol is None:
        detail = [{"field": p.field, "message": p.message} for p in problems]
        raise ServerError("the protocol file is not valid", 422, problems=detail)
    if (protocol.id, protocol.version) != (protocol_id, version):
        raise ServerError(f"the file is protocol {protocol.id} {protocol.version}, not the one in the address", 422)
    digest = hashlib.sha256(text.encode()).hexdigest()
    stored = db.get(ProtocolFile, (protocol_id, version), with_for_update=True)
    answer = {"id": protocol_id, "version": version}
    if stored is not None:
        if stored.digest != digest:
            raise ServerError(
                f"the server has another text for protocol {protocol_id} {version}: give the changed "
                "protocol a new version",
                409,
            )
        return 200, {**answer, "result": "unchanged"}
    db.add(ProtocolFile(id=protocol_id, version=version, text=text, digest=digest, received_at=now()))
    return 201, {**answer, "result": "created"}


def get_protocol(db: Session, user: User, protocol_id: str, version: str) -> str:
    """The text of a protocol (not patient data: any role but admin reads it)."""
    if user.role not in READERS:
        raise ServerError("admins manage users, not interviews or protocols", 403)
    stored = db.get(ProtocolFile, (protocol_id, version))
    if stored is None:
        raise ServerError(f"no protocol {protocol_id} {version} on the server", 404)
    return stored.text


class ProtocolCache:
    """Parsed protocols by ``"<id> <version>"`` (the interviews' ``protocol`` column)."""

    def __init__(self, db: Session) -> None:
        self.db = db
        self._found: dict[str, Protocol | None] = {}

    def __call__(self, key: str) -> Protocol | None:
        if key not in self._found:
            protocol_id, _, version = key.partition(" ")
            stored = self.db.get(ProtocolFile, (protocol_id, version))
            self._found[key] = None if stored is None else check_protocol_text(stored.text, key)[0]
        return self._found[key]

"""Each service's directory of local resources (a CSV file), kept on the server for its laptops.

A service lead of the service, or an admin, uploads the file (``PUT
/v1/services/{service}/resources``); the server checks it as a laptop does
(:func:`egonet.wire.resources.check_directory_text`) and keeps it as :func:`directory_text`
writes it, replacing the one it kept.  Clinicians and leads of the service download it (``GET``),
which ``egonet sync`` does for each of the clinician's services.  Who may do either is read from
the stored user and their services, never from the request; another service's directory is
refused alike (403) whether that service exists or not.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from egonet.wire.resources import check_directory_text, directory_text
from server.auth import Account
from server.db import ResourceDirectory, Role, Service
from server.errors import Forbidden, Invalid, NotFound
from server.people import now
from server.stored import Result, Stored

__all__ = ["get_directory", "put_directory"]

READERS = (Role.CLINICIAN, Role.SERVICE_LEAD, Role.ADMIN)


def _service_id(db: Session, user: Account, service: str, *, write: bool) -> int:
    """The id of ``service`` if ``user`` may read it (``write``: change it); 403 or 404 otherwise.

    Admins name any service (and learn whether it exists: they create services); others only
    their own, with the same refusal for another service and for none."""
    if write and user.role not in (Role.SERVICE_LEAD, Role.ADMIN):
        raise Forbidden("only the service's leads (or an admin) change its directory of local resources")
    if not write and user.role not in READERS:
        raise Forbidden("researchers do not read services' directories of local resources")
    if user.role == Role.ADMIN:
        found = db.scalar(select(Service.id).where(Service.name == service))
        if found is None:
            raise NotFound(f"no service {service!r} on the server")
        return found
    mine = {s.name: s.id for s in user.services}
    if service not in mine:
        raise Forbidden(f"you do not {'lead' if write else 'work in'} service {service!r}")
    return mine[service]


def put_directory(db: Session, user: Account, service: str, text: str) -> Stored:
    """Check and keep ``service``'s directory file (422 with every problem if it has any)."""
    service_id = _service_id(db, user, service, write=True)
    directory, problems = check_directory_text(text, "upload", service)
    if directory is None:
        detail = [{"field": p.field, "message": p.message} for p in problems]
        raise Invalid("the directory of local resources is not valid", problems=detail)
    kept = directory_text(directory)
    digest = hashlib.sha256(kept.encode()).hexdigest()
    stored = db.get(ResourceDirectory, service_id, with_for_update=True)
    if stored is None:
        db.add(ResourceDirectory(service_id=service_id, text=kept, digest=digest, updated_at=now(), updated_by=user.id))
        return Stored(service, Result.CREATED)
    if stored.digest == digest:
        return Stored(service, Result.UNCHANGED)
    stored.text, stored.digest, stored.updated_at, stored.updated_by = kept, digest, now(), user.id
    return Stored(service, Result.UPDATED)


def get_directory(db: Session, user: Account, service: str) -> str:
    """``service``'s directory file; 404 if none was uploaded."""
    service_id = _service_id(db, user, service, write=False)
    text = db.scalar(select(ResourceDirectory.text).where(ResourceDirectory.service_id == service_id))
    if text is None:
        raise NotFound(f"service {service!r} has no directory of local resources on the server")
    return text

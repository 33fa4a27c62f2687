"""The server's own secret key, and the keyed pseudonyms made with it.

The key (32 random bytes) is generated the first time it is needed and kept in the database
(table ``server_keys``), so every server process on the same database uses the same one.
A pseudonym is HMAC-SHA-256(key, ``kind:value``): stable, and not reversible without the key;
different kinds (``patient`` for researchers, ``audit-patient`` for the audit log) give
unlinkable pseudonyms of the same value.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy.orm import Session

from server.db import ServerKey
from server.db.upsert import insert_if_absent

__all__ = ["pseudonym", "server_key"]

KEY_NAME = "research-pseudonyms"


def server_key(db: Session) -> bytes:
    """The server's key, generated on first use (two processes racing agree on one).

    Call it as the first statement of a transaction (on SQLite it writes)."""
    values = {"name": KEY_NAME, "value": secrets.token_hex(32)}
    insert_if_absent(db, ServerKey.__table__, values, ["name"])  # type: ignore[arg-type]
    stored = db.get(ServerKey, KEY_NAME)
    assert stored is not None  # inserted just above, or already there
    return bytes.fromhex(stored.value)


def pseudonym(key: bytes, kind: str, value: str) -> str:
    """``<kind initial>_`` and the first 20 hex digits (80 bits) of HMAC-SHA-256(key, kind:value)."""
    mac = hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"{kind[0]}_{mac[:20]}"

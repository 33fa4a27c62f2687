"""The tables of the local store, as SQL (the store speaks to SQLite through :mod:`sqlite3`).

The interview document is the truth (``interviews.document``); the other columns copy a few
of its fields so that patients and waves can be listed without parsing every document.

The statements are, word for word, those the store created when it was written with SQLAlchemy
Core, so a store keeps one schema whichever Egonet made it.  ``places`` was added after store
version 1 was released: opening an older store creates it, and an older Egonet ignores it, so
the store version is unchanged.  ``synced`` holds the revision of each interview the server is
known to hold: the base of the next upload.  ``directories`` (added like ``places``) holds each
service's directory of local resources, as its CSV file (:mod:`egonet.wire.resources`).
"""

from __future__ import annotations

__all__ = ["APPLICATION_ID", "META", "STORE_VERSION", "TABLES"]

STORE_VERSION = 1
APPLICATION_ID = 0x45474F4E
"""SQLite ``application_id`` of an Egonet store ("EGON"), so a foreign database is told apart."""

META = "egonet_meta"
"""The table of the store's own facts (``store_version``, ``format``)."""


def _table(name: str, *lines: str) -> str:
    return f"{name} (\n\t" + ", \n\t".join(lines) + "\n)"


TABLES: dict[str, str] = {
    META: _table(
        "egonet_meta",
        '"key" VARCHAR NOT NULL',
        "value VARCHAR NOT NULL",
        'PRIMARY KEY ("key")',
    ),
    "patients": _table(
        "patients",
        "code VARCHAR NOT NULL",
        "service VARCHAR NOT NULL",
        "created_at VARCHAR NOT NULL",
        "PRIMARY KEY (code)",
    ),
    "interviews": _table(
        "interviews",
        "id VARCHAR NOT NULL",
        "patient_code VARCHAR NOT NULL",
        "wave_index INTEGER NOT NULL",
        "wave_label VARCHAR NOT NULL",
        "status VARCHAR NOT NULL",
        "revision INTEGER NOT NULL",
        "protocol_id VARCHAR NOT NULL",
        "protocol_version VARCHAR NOT NULL",
        "started_at VARCHAR NOT NULL",
        "updated_at VARCHAR",
        "completed_at VARCHAR",
        "n_alters INTEGER NOT NULL",
        "document TEXT NOT NULL",
        "PRIMARY KEY (id)",
        "CONSTRAINT one_interview_per_wave UNIQUE (patient_code, wave_index)",
        "FOREIGN KEY(patient_code) REFERENCES patients (code)",
    ),
    "outbox": _table(
        "outbox",
        "interview_id VARCHAR NOT NULL",
        "revision INTEGER NOT NULL",
        "queued_at VARCHAR NOT NULL",
        "PRIMARY KEY (interview_id)",
        "FOREIGN KEY(interview_id) REFERENCES interviews (id)",
    ),
    "protocols": _table(
        "protocols",
        "id VARCHAR NOT NULL",
        "version VARCHAR NOT NULL",
        "text TEXT NOT NULL",
        "PRIMARY KEY (id, version)",
    ),
    "places": _table(
        "places",
        "interview_id VARCHAR NOT NULL",
        "step VARCHAR NOT NULL",
        "updated_at VARCHAR NOT NULL",
        "PRIMARY KEY (interview_id)",
        "FOREIGN KEY(interview_id) REFERENCES interviews (id) ON DELETE CASCADE",
    ),
    "synced": _table(
        "synced",
        "interview_id VARCHAR NOT NULL",
        "revision INTEGER NOT NULL",
        "PRIMARY KEY (interview_id)",
        "FOREIGN KEY(interview_id) REFERENCES interviews (id) ON DELETE CASCADE",
    ),
    "directories": _table(
        "directories",
        "service VARCHAR NOT NULL",
        "text TEXT NOT NULL",
        "updated_at VARCHAR NOT NULL",
        "PRIMARY KEY (service)",
    ),
}
"""Each table's ``CREATE TABLE`` statement after the words ``CREATE TABLE``, in creation order."""

"""The local store: one SQLite file in the data directory (``EGONET_HOME``)."""

from __future__ import annotations

from egonet.store.store import ImportResult, InterviewRow, PatientRow, Store

__all__ = ["ImportResult", "InterviewRow", "PatientRow", "Store"]

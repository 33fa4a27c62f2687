"""Syncing the local store with an Egonet server (the only part of Egonet that imports httpx)."""

from __future__ import annotations

from egonet.sync.client import Conflict, SyncClient, SyncError, SyncReport, check_address
from egonet.sync.credentials import Credentials, load_credentials, save_credentials

__all__ = [
    "Conflict",
    "Credentials",
    "SyncClient",
    "SyncError",
    "SyncReport",
    "check_address",
    "load_credentials",
    "save_credentials",
]

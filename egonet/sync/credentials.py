"""The server address and device token, stored once by ``egonet login`` (file mode 0600)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from egonet.errors import UsageError

__all__ = ["Credentials", "load_credentials", "save_credentials"]

FILE = "server.json"


@dataclass(frozen=True, slots=True)
class Credentials:
    server: str
    token: str


def save_credentials(home: Path, credentials: Credentials) -> Path:
    path = home / FILE
    home.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump({"server": credentials.server, "token": credentials.token}, out)
    os.chmod(path, 0o600)
    return path


def load_credentials(home: Path) -> Credentials:
    path = home / FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Credentials(str(data["server"]), str(data["token"]))
    except FileNotFoundError:
        raise UsageError("not logged in to a server: run `egonet login --server URL --token TOKEN` first") from None
    except (ValueError, KeyError, TypeError):
        raise UsageError("the saved server login is damaged: run `egonet login` again", str(path)) from None

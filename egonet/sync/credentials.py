"""The server address and device token, stored once by ``egonet login`` (file mode 0600, folder 0700)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from egonet.errors import UsageError
from egonet.wire import private_file, private_folder

__all__ = ["Credentials", "load_credentials", "save_credentials"]

FILE = "server.json"


@dataclass(frozen=True, slots=True)
class Credentials:
    server: str
    token: str


def save_credentials(home: Path, credentials: Credentials) -> Path:
    """Write ``home/server.json``, mode 0600 before the token is in it, in a 0700 ``home``."""
    path = home / FILE
    try:
        private_file(private_folder(home) / FILE)
        with path.open("w", encoding="utf-8") as out:
            json.dump({"server": credentials.server, "token": credentials.token}, out)
    except OSError as exc:
        raise UsageError(f"cannot save the server login: {exc.strerror}", str(path)) from None
    return path


def load_credentials(home: Path) -> Credentials:
    path = home / FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Credentials(str(data["server"]), str(data["token"]))
    except FileNotFoundError:
        raise UsageError("not logged in to a server: run `egonet login --server URL` first") from None
    except (ValueError, KeyError, TypeError):
        raise UsageError("the saved server login is damaged: run `egonet login` again", str(path)) from None

"""The server's SQLite database (and its -wal and -shm) is 0600 in a 0700 folder (ARCHITECTURE.md).

``egonet-server`` runs as a real process with umask 000, so the modes come from the server itself;
the -wal and -shm files (deleted when the last connection closes) are watched while it runs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.test_file_modes import mode, run_watching

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def server_watching(home: Path, *args: str, watch: tuple[Path, ...] = ()) -> tuple[int, dict[Path, int]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGONET_SERVER_")}
    env["EGONET_SERVER_HOME"] = str(home)
    return run_watching([sys.executable, "-c", "from server.cli import main; main()", *args], env, watch)


def test_the_server_database_its_wal_and_shm_and_its_folder_are_private(tmp_path: Path) -> None:
    home = tmp_path / "server"
    sides = (home / "server.sqlite3-wal", home / "server.sqlite3-shm")
    code, seen = server_watching(home, "admin", "create-service", "CGG Leuven", watch=sides)
    assert code == 0
    assert mode(home) == 0o700
    assert mode(home / "server.sqlite3") == 0o600
    assert seen == dict.fromkeys(sides, 0o600)


def test_an_existing_open_server_folder_and_database_are_tightened(tmp_path: Path) -> None:
    home = tmp_path / "server"
    assert server_watching(home, "admin", "create-service", "A")[0] == 0
    home.chmod(0o755)
    (home / "server.sqlite3").chmod(0o644)  # as an older server left them
    assert server_watching(home, "admin", "create-service", "B")[0] == 0
    assert mode(home) == 0o700
    assert mode(home / "server.sqlite3") == 0o600

"""Files that hold patients' data or keys are 0600 in 0700 folders, on the laptop and on the server
(ARCHITECTURE.md).

The commands run as real processes with umask 000, so the modes come from Egonet itself, not
from a careful umask.  SQLite deletes a store's -wal and -shm files when the last connection
closes, so their modes are read while the command runs.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from egonet.cli.errors import EXIT_INTERNAL, report_errors
from tests.helpers import isolated

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def run_watching(command: list[str], env: dict[str, str], watch: tuple[Path, ...]) -> tuple[int, dict[Path, int]]:
    """Run ``command`` with umask 000; the modes of the ``watch`` files, seen while it ran."""
    process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, umask=0)
    seen: dict[Path, int] = {}
    while process.poll() is None:
        for path in watch:
            with suppress(FileNotFoundError):  # not (yet, or any more) there
                seen[path] = mode(path)
    return process.returncode, seen


def egonet_watching(home: Path, *args: str, watch: tuple[Path, ...] = ()) -> tuple[int, dict[Path, int]]:
    """``egonet *args`` on ``home`` through :func:`run_watching`."""
    return run_watching([sys.executable, "-m", "egonet", *args], isolated("EGONET_HOME", home), watch)


def server_watching(home: Path, *args: str, watch: tuple[Path, ...] = ()) -> tuple[int, dict[Path, int]]:
    """``egonet-server *args`` on ``home`` through :func:`run_watching`."""
    command = [sys.executable, "-c", "from server.cli import main; main()", *args]
    return run_watching(command, isolated("EGONET_SERVER_HOME", home), watch)


def test_a_new_store_its_wal_and_shm_and_the_data_folder_are_private(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = home / "egonet.sqlite3"
    sides = (home / "egonet.sqlite3-wal", home / "egonet.sqlite3-shm")
    code, seen = egonet_watching(home, "demo", "--patients", "30", "--seed", "3", watch=sides)
    assert code == 0
    assert mode(home) == 0o700
    assert mode(store) == 0o600
    assert seen == dict.fromkeys(sides, 0o600)  # SQLite gives them the store's mode


def test_an_existing_open_data_folder_and_store_of_ours_are_tightened(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert egonet_watching(home, "demo", "--patients", "2")[0] == 0
    home.chmod(0o755)
    (home / "egonet.sqlite3").chmod(0o644)  # as an older Egonet left them
    assert egonet_watching(home, "show")[0] == 0
    assert mode(home) == 0o700
    assert mode(home / "egonet.sqlite3") == 0o600


def test_a_store_in_a_folder_the_user_chose_is_private_but_the_folder_is_left_alone(tmp_path: Path) -> None:
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    chosen.chmod(0o755)
    assert egonet_watching(tmp_path / "home", "--store", str(chosen / "s.sqlite3"), "demo", "--patients", "2")[0] == 0
    assert mode(chosen / "s.sqlite3") == 0o600
    assert mode(chosen) == 0o755


@contextmanager
def umask(value: int) -> Iterator[None]:
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


def test_a_crash_file_is_private_in_a_private_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def bug() -> None:
        raise RuntimeError("a bug, with a patient's name in its message")

    home = tmp_path / "home"
    with umask(0):
        assert report_errors(bug, lambda: home) == EXIT_INTERNAL
    assert "internal error" in capsys.readouterr().err
    (crash,) = (home / "crashes").iterdir()
    assert "RuntimeError" in crash.read_text(encoding="utf-8")
    assert mode(crash) == 0o600
    assert mode(home / "crashes") == 0o700
    assert mode(home) == 0o700


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

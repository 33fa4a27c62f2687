"""``egonet login`` and ``egonet sync`` against a real ``egonet-server`` process on loopback:
a full push, repeats, the server or the client killed mid-sync, pulling onto another laptop,
and a conflict between two laptops.  Every check compares the server's database with the stores."""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from egonet.model import Patient
from egonet.protocol import default_protocol_text, load_protocol
from egonet.store import Store
from egonet.wire import dumps
from tests.helpers import egonet
from tests.server.helpers import PATIENCE, ServerProcess, local, server_cli


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path / "server")
    yield process
    process.kill()


def laptop(tmp_path: Path, server: ServerProcess, name: str) -> Path:
    """An empty client home, logged in as the same clinician."""
    home = tmp_path / name
    token = server_cli(server.home, "admin", "issue-token", "anna", "--device", name).stdout.strip()
    assert egonet(home, "login", "--server", server.url, stdin=token + "\n").returncode == 0
    return home


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Made once for the module, copied for each test: a laptop with demo patients, and a server
    home that knows their services and a clinician of all of them."""
    root = tmp_path_factory.mktemp("prepared")
    home, server_home = root / "laptop-1", root / "server"
    assert egonet(home, "demo", "--patients", "25", "--seed", "4").returncode == 0
    with Store(home / "egonet.sqlite3") as store:
        services = sorted({p.service for p in store.patients()})
    for service in services:
        assert server_cli(server_home, "admin", "create-service", service).returncode == 0
    extra = [arg for s in services for arg in ("--service", s)]
    assert server_cli(server_home, "admin", "create-user", "anna", "--role", "clinician", *extra).returncode == 0
    return home, server_home


@pytest.fixture
def clinic(tmp_path: Path, server: ServerProcess, prepared: tuple[Path, Path]) -> Path:
    """The first laptop, with demo patients, logged in to a running server that knows them."""
    home = tmp_path / "laptop-1"
    shutil.copytree(prepared[0], home)
    shutil.copytree(prepared[1], server.home)
    server.start()
    token = server_cli(server.home, "admin", "issue-token", "anna", "--device", "laptop-1").stdout.strip()
    assert egonet(home, "login", "--server", server.url, stdin=token + "\n").returncode == 0
    return home


def test_a_sync_sends_everything_once_and_a_repeat_sends_nothing(clinic: Path, server: ServerProcess) -> None:
    first = egonet(clinic, "sync")
    assert first.returncode == 0, first.stderr
    mine = local(clinic)
    assert f"sent {len(mine)}," in first.stdout
    assert server.interviews() == mine
    again = egonet(clinic, "sync")
    assert again.returncode == 0 and "sent 0, already there 0, received 0" in again.stdout
    with Store(clinic / "egonet.sqlite3") as store:
        assert store.outbox() == []


@pytest.mark.parametrize("victim", ["server", "client"])
def test_killing_either_side_mid_sync_loses_and_duplicates_nothing(
    clinic: Path, server: ServerProcess, victim: str, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGONET_")}
    env["EGONET_HOME"] = str(clinic)
    syncing = subprocess.Popen(
        [sys.executable, "-m", "egonet", "sync", "--no-pull"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + PATIENCE
    while not server.interviews() and time.monotonic() < deadline:
        time.sleep(0.01)
    if victim == "server":
        server.kill()
        server.start()
    else:
        syncing.send_signal(signal.SIGKILL)
    syncing.wait()
    partial = len(server.interviews())
    mine = local(clinic)
    assert 0 < partial <= len(mine)
    final = egonet(clinic, "sync", "--no-pull")
    assert final.returncode == 0, final.stderr
    assert server.interviews() == mine  # every interview exactly once, as on the laptop


def test_another_laptop_pulls_the_waves_and_a_change_on_both_is_a_conflict(
    clinic: Path, server: ServerProcess, tmp_path: Path
) -> None:
    assert egonet(clinic, "sync").returncode == 0
    other = laptop(tmp_path, server, "laptop-2")
    pulled = egonet(other, "sync")
    assert pulled.returncode == 0, pulled.stderr
    assert local(other) == local(clinic)  # the same documents, revisions included
    with Store(other / "egonet.sqlite3") as store:
        assert store.outbox() == []
    some = next(iter(local(clinic)))
    for home, label in ((clinic, "from laptop 1"), (other, "from laptop 2")):
        with Store(home / "egonet.sqlite3") as store:
            iv = store.load(uuid.UUID(some))
            first = next(iter(iv.alters.values()))
            first.label = label
            store.save(iv)
    assert egonet(clinic, "sync").returncode == 0
    clash = egonet(other, "sync")
    assert clash.returncode == 1 and "conflict:" in clash.stderr and "both copies are kept" in clash.stderr
    assert "from laptop 1" in server.interviews()[some][1]
    with Store(other / "egonet.sqlite3") as store:
        assert "from laptop 2" in dumps(store.load(uuid.UUID(some)))  # kept, still waiting
        assert [str(i) for i, _ in store.outbox()] == [some]


def test_protocols_travel_with_the_interviews(clinic: Path, server: ServerProcess, tmp_path: Path) -> None:
    text = default_protocol_text().replace('id = "egonet-ssmi"', 'id = "custom-ssmi"', 1)
    custom = load_protocol(tmp_path / "custom.toml", read=lambda _path: text)
    with Store(clinic / "egonet.sqlite3") as store:
        some = store.load(uuid.UUID(next(iter(local(clinic)))))
        store.save_protocol(custom, text)
        moved = dataclasses.replace(
            some, id=uuid.uuid4(), patient=Patient("NEW-001", some.patient.service), protocol_id="custom-ssmi"
        )
        store.import_interviews([moved])
    assert egonet(clinic, "sync").returncode == 0
    with sqlite3.connect(server.home / "server.sqlite3") as con:
        on_server = dict(con.execute("SELECT id, text FROM protocols"))
    assert on_server == {"custom-ssmi": text}  # the built-in one the server has already
    other = laptop(tmp_path, server, "laptop-2")
    assert egonet(other, "sync").returncode == 0
    with Store(other / "egonet.sqlite3") as store:
        assert store.protocol("custom-ssmi", custom.version) == custom  # a follow-up can start on this laptop
        assert store.load(moved.id).protocol_id == "custom-ssmi"

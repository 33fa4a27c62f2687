"""PostgreSQL as ``deploy/`` sets it up: the role and database of ``deploy/postgres/create.sql``
(the server migrates and runs as that role alone), a dump by ``deploy/bin/egonet-backup`` (0600
in a 0700 folder, rotated, an older dump kept when one fails), restored by
``deploy/bin/egonet-restore`` into a fresh database, and ``egonet-server`` serving the same
documents from it, with the same key (the same pseudonyms)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, make_url, text

from egonet.wire import dumps
from tests.deploy.helpers import DEPLOY
from tests.helpers import isolated
from tests.server.helpers import TunedServer, interview

POSTGRES = os.environ.get("EGONET_TEST_POSTGRES_URL")


@dataclass
class Cluster:
    """A fresh role and database on the test server, made by the shipped SQL."""

    name: str
    libpq: dict[str, str]
    host: str
    port: str

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.name}@/{database}?host={self.host}&port={self.port}"

    def env(self, **extra: str) -> dict[str, str]:
        return {**os.environ, **self.libpq, **extra}

    def script(self, name: str, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(DEPLOY / "bin" / name), *args],
            check=False,
            capture_output=True,
            text=True,
            env=self.env(**extra),
            timeout=120,
        )

    def server(self, home: Path, *args: str, database: str) -> subprocess.CompletedProcess[str]:
        env = isolated("EGONET_SERVER_HOME", home) | {"EGONET_SERVER_DATABASE_URL": self.url(database)}
        command = [sys.executable, "-c", "from server.cli import main; main()", *args]
        return subprocess.run(command, check=False, capture_output=True, text=True, env=env, timeout=120)

    def rows(self, database: str, query: str) -> list[tuple[object, ...]]:
        engine = create_engine(self.url(database))
        try:
            with engine.connect() as con:
                return [tuple(row) for row in con.execute(text(query))]
        finally:
            engine.dispose()


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    if not POSTGRES:
        if os.environ.get("CI"):
            pytest.fail("EGONET_TEST_POSTGRES_URL is not set: .ci/run starts PostgreSQL and sets it")
        pytest.skip("no PostgreSQL server (set EGONET_TEST_POSTGRES_URL, as .ci/run does)")
    url = make_url(POSTGRES)
    host, port = str(url.query.get("host", url.host or "")), str(url.query.get("port", url.port or 5432))
    libpq = {"PGHOST": host, "PGPORT": port, "PGUSER": url.username or "postgres", "PGDATABASE": "postgres"}
    name = f"egonet_deploy_{uuid.uuid4().hex[:10]}"
    made = subprocess.run(
        [
            "psql",
            "--no-psqlrc",
            "-v",
            f"role={name}",
            "-v",
            f"database={name}",
            "-f",
            str(DEPLOY / "postgres" / "create.sql"),
        ],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ, **libpq},
    )
    assert made.returncode == 0, made.stderr
    try:
        yield Cluster(name, libpq, host, port)
    finally:
        admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        with admin.connect() as con:
            for database in (name, f"{name}_restored"):
                con.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            con.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
        admin.dispose()


def test_a_dump_restored_into_a_fresh_database_serves_the_same_documents(cluster: Cluster, tmp_path: Path) -> None:
    name = cluster.name
    home = tmp_path / "server"
    assert cluster.server(home, "admin", "create-service", "CGG Leuven", database=name).returncode == 0
    made = cluster.server(
        home, "admin", "create-user", "anna", "--role", "clinician", "--service", "CGG Leuven", database=name
    )
    assert made.returncode == 0, made.stderr
    token = cluster.server(home, "admin", "issue-token", "anna", "--device", "laptop", database=name).stdout.strip()
    iv = interview(code="BACKUP-1")
    worker = TunedServer(home, {"EGONET_SERVER_DATABASE_URL": cluster.url(name)})
    worker.start()  # as the role alone: create.sql gave it what migrations and serving need
    try:
        headers = {
            "Authorization": f"Bearer {token}",
            "X-Egonet-Base-Revision": "0",
            "Content-Type": "application/json",
        }
        assert (
            httpx.put(f"{worker.url}/v1/interviews/{iv.id}", content=dumps(iv).encode(), headers=headers).status_code
            == 201
        )
    finally:
        worker.kill()
    key = cluster.rows(name, "SELECT name, value FROM server_keys")
    assert len(key) == 1

    backups = tmp_path / "backups"
    backups.mkdir(mode=0o755)
    older = [backups / f"{name}-2020010{day}T000000.000000000Z.dump" for day in (1, 2)]
    for path in [*older, backups / "unrelated.dump"]:
        path.write_bytes(b"old")
    env = {"PGUSER": name, "PGDATABASE": name, "EGONET_BACKUP_DIR": str(backups), "EGONET_BACKUP_KEEP": "2"}
    failed = cluster.script("egonet-backup", **env | {"PGDATABASE": f"{name}_missing"})
    assert failed.returncode != 0
    backed = cluster.script("egonet-backup", **env)
    assert backed.returncode == 0, backed.stderr
    dump = Path(backed.stdout.strip())
    assert sorted(p.name for p in backups.iterdir()) == sorted([older[1].name, dump.name, "unrelated.dump"])
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600 and stat.S_IMODE(backups.stat().st_mode) == 0o700

    restored = f"{name}_restored"
    done = cluster.script("egonet-restore", str(dump), restored, EGONET_DB_ROLE=name)
    assert done.returncode == 0, done.stderr
    assert "1 key(s)" in done.stdout
    again = cluster.script("egonet-restore", str(dump), restored, EGONET_DB_ROLE=name)
    assert again.returncode == 1 and "exists" in again.stderr  # never over a database
    assert cluster.rows(restored, "SELECT name, value FROM server_keys") == key  # the same pseudonyms
    owners = cluster.rows(restored, "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
    assert owners == [(name,)]

    worker = TunedServer(tmp_path / "restored", {"EGONET_SERVER_DATABASE_URL": cluster.url(restored)})
    worker.start()
    try:
        got = httpx.get(f"{worker.url}/v1/interviews/{iv.id}", headers={"Authorization": f"Bearer {token}"})
    finally:
        worker.kill()
    assert got.status_code == 200 and got.json() == json.loads(dumps(iv))

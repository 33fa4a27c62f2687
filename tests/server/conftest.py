"""The server under test: its ASGI app through httpx.ASGITransport, on a fresh SQLite file and,
when ``EGONET_TEST_POSTGRES_URL`` names a PostgreSQL server (``.ci/run`` starts one), on a fresh
PostgreSQL database too.  The schema is built by the Alembic migrations, as in production."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from server.api import create_app
from server.db import make_engine
from server.people import create_service, create_user, issue_token
from server.settings import ServerSettings
from tests.server.helpers import Client

POSTGRES = os.environ.get("EGONET_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgresql"]


def fresh_postgres() -> Iterator[str]:
    if not POSTGRES:
        if os.environ.get("CI"):
            pytest.fail("EGONET_TEST_POSTGRES_URL is not set: .ci/run starts PostgreSQL and sets it")
        pytest.skip("no PostgreSQL server (set EGONET_TEST_POSTGRES_URL, as .ci/run does)")
    name = f"egonet_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as con:
        con.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, query = POSTGRES.partition("?")
    yield f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
    with admin.connect() as con:
        con.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.sqlite3'}"
    else:
        yield from fresh_postgres()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    built = make_engine(database_url)
    yield built
    built.dispose()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> ServerSettings:
    return ServerSettings(home=tmp_path, database_url=database_url, max_failed_auth=8, max_document_bytes=200_000)


@pytest.fixture
def client(settings: ServerSettings, engine: Engine) -> Iterator[Client]:
    app = create_app(settings, engine=engine)
    c = Client(app)
    yield c
    c.close()


@pytest.fixture
def people(client: Client, engine: Engine) -> dict[str, str]:
    """Two services and a user of every role; returns each user's token by name."""
    tokens = {}
    with Session(engine) as db, db.begin():
        for service in ("CGG Leuven", "CSM Namur"):
            create_service(db, service)
        for name, role, services in (
            ("clin_leuven", "clinician", ["CGG Leuven"]),
            ("clin_namur", "clinician", ["CSM Namur"]),
            ("lead_leuven", "service_lead", ["CGG Leuven"]),
            ("lead_namur", "service_lead", ["CSM Namur"]),
            ("researcher", "researcher", ["CGG Leuven"]),
            ("admin", "admin", []),
        ):
            create_user(db, name, role, services)
            tokens[name] = issue_token(db, name, "test-device")
    return tokens


Make = Callable[..., dict[str, Any]]

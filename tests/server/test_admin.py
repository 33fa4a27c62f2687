"""``egonet-server admin`` in a real process, and the schema as the migrations build it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.orm import Session

from server.db import Base, Token, migrate
from server.people import digest
from tests.server.helpers import server_cli


def test_admin_commands_create_people_and_tokens_stored_only_as_digests(tmp_path: Path) -> None:
    assert server_cli(tmp_path, "admin", "create-service", "CGG Leuven").returncode == 0
    made = server_cli(tmp_path, "admin", "create-user", "anna", "--role", "clinician", "--service", "CGG Leuven")
    assert made.returncode == 0, made.stderr
    issued = server_cli(tmp_path, "admin", "issue-token", "anna", "--device", "laptop-3")
    token = issued.stdout.strip()
    assert issued.returncode == 0 and len(token) >= 40
    database = (tmp_path / "server.sqlite3").read_bytes()
    assert token.encode() not in database and digest(token).encode() in database
    listed = server_cli(tmp_path, "admin", "users")
    assert listed.stdout.strip() == "anna\tclinician\tCGG Leuven"
    assert "1 token(s) revoked" in server_cli(tmp_path, "admin", "revoke-token", "anna").stdout


def test_admin_mistakes_get_one_line_errors(tmp_path: Path) -> None:
    for args, expected in (
        (("admin", "create-user", "bob", "--role", "clinician", "--service", "Nope"), "no such service"),
        (("admin", "create-user", "bob", "--role", "clinician"), "belongs to at least one service"),
        (("admin", "create-user", "bob", "--role", "king"), "Invalid value"),
        (("admin", "issue-token", "nobody", "--device", "x"), "no such user"),
    ):
        result = server_cli(tmp_path, *args)
        assert result.returncode != 0 and "Traceback" not in result.stderr
        assert result.stderr.startswith("error: ") and expected in result.stderr, result.stderr


def test_the_migrations_build_the_schema_the_code_expects(engine: Engine) -> None:
    migrate(engine)
    migrate(engine)  # a second run is a no-op
    found = inspect(engine)
    for table in Base.metadata.sorted_tables:
        columns = {c["name"] for c in found.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name
    with Session(engine) as db:
        assert list(db.scalars(select(Token))) == []


def test_migration_0003_keeps_every_interview_and_gives_each_service_its_protocols(engine: Engine) -> None:
    """A database of the schema before ownership by service (0002), with data, brought to head."""
    migrate(engine, "0002")
    document = '{"doc": 1}'
    with engine.begin() as con:
        con.execute(text("INSERT INTO services (id, name) VALUES (1, 'A'), (2, 'B')"))
        con.execute(text("INSERT INTO users (id, name, role, created_at) VALUES (1, 'c', 'clinician', 'now')"))
        con.execute(text("INSERT INTO patients (code, service_id) VALUES ('P-1', 1), ('P-2', 2)"))
        for number, (code, protocol) in enumerate((("P-1", "mine 1"), ("P-1", "egonet-ssmi 1.0.0"), ("P-2", "mine 1"))):
            con.execute(
                text(
                    "INSERT INTO interviews (id, patient_code, wave_index, revision, status, protocol, digest, "
                    "document, received_at, received_from) VALUES (:id, :code, :wave, 1, 'completed', :protocol, "
                    "'d', :document, 'now', 1)"
                ),
                {"id": f"iv-{number}", "code": code, "wave": number, "protocol": protocol, "document": document},
            )
        con.execute(
            text(
                "INSERT INTO alters (interview_id, alter_id, presence, generators, answers) "
                "VALUES ('iv-0', 'a', 'present', '', '{}')"
            )
        )
        con.execute(
            text(
                "INSERT INTO protocols (id, version, text, digest, received_at) VALUES "
                "('mine', '1', 'TOML', 'x', 'now'), ('unused', '1', 'TOML', 'y', 'now')"
            )
        )
    migrate(engine)
    with engine.connect() as con:
        rows = con.execute(text("SELECT id, service_id, patient_code, document FROM interviews ORDER BY id")).all()
        assert [tuple(r) for r in rows] == [
            ("iv-0", 1, "P-1", document),
            ("iv-1", 1, "P-1", document),
            ("iv-2", 2, "P-2", document),
        ]
        assert con.execute(text("SELECT count(*) FROM alters")).scalar_one() == 1  # not cascaded away
        protocols = con.execute(text("SELECT service_id, id FROM protocols ORDER BY service_id")).all()
        assert [tuple(p) for p in protocols] == [(1, "mine"), (2, "mine")]
        con.execute(text("DELETE FROM interviews WHERE id = 'iv-0'"))  # the alters' key follows the new table
        assert con.execute(text("SELECT count(*) FROM alters")).scalar_one() == 0

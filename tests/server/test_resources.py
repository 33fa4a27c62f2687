"""Services' directories of local resources on the server: who may upload and read them, a bad
file refused with its problems (and audited), the migration, and ``egonet sync`` bringing a
directory to every laptop of the service and to no laptop of another service (a real server)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.orm import Session

from egonet.model import Directory
from egonet.store import Store
from egonet.sync import SyncClient, SyncReport
from egonet.wire.resources import directory_text, load_directory
from server.db import AuditEvent, migrate
from tests.helpers import egonet
from tests.server.helpers import Client, ServerProcess, refused, server_cli

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "resources.example.csv"
LEUVEN = "/v1/services/CGG%20Leuven/resources"
NAMUR = "/v1/services/CSM%20Namur/resources"
CSV = {"Content-Type": "text/csv; charset=utf-8"}
HEADER = "id,kind,name,support,interests,languages,contact,description\n"


def put(
    client: Client, token: str | None, url: str, body: str | bytes, headers: dict[str, str] = CSV
) -> httpx.Response:
    content = body.encode() if isinstance(body, str) else body
    return client.request("PUT", url, token, content=content, headers=headers)


def test_a_lead_uploads_the_directory_and_the_service_reads_it(client: Client, people: dict[str, str]) -> None:
    example = EXAMPLE.read_text(encoding="utf-8")
    first = put(client, people["lead_leuven"], LEUVEN, "\ufeff" + example)
    assert first.status_code == 201 and first.json() == {"id": "CGG Leuven", "result": "created"}
    assert put(client, people["lead_leuven"], LEUVEN, example).json()["result"] == "unchanged"
    for reader in ("clin_leuven", "lead_leuven", "admin"):
        got = client.request("GET", LEUVEN, people[reader])
        assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
        assert got.text == example  # as the laptop writes it
    changed = put(client, people["admin"], LEUVEN, HEADER + "x,activity,X,,,,,\n")
    assert changed.status_code == 200 and changed.json()["result"] == "updated"
    assert client.request("GET", LEUVEN, people["clin_leuven"]).text == HEADER + "x,activity,X,,,,,\n"


def test_only_the_services_leads_and_admins_change_it_and_only_its_people_read_it(
    client: Client, people: dict[str, str]
) -> None:
    example = EXAMPLE.read_text(encoding="utf-8")
    assert "only the service's leads" in refused(put(client, people["clin_leuven"], LEUVEN, example), 403)["error"]
    assert refused(put(client, people["researcher"], LEUVEN, example), 403)
    other = refused(put(client, people["lead_namur"], LEUVEN, example), 403)["error"]
    none = refused(put(client, people["lead_namur"], "/v1/services/Nowhere/resources", example), 403)["error"]
    assert other.replace("CGG Leuven", "X") == none.replace("Nowhere", "X")  # whether it exists: not told
    assert refused(put(client, people["admin"], "/v1/services/Nowhere/resources", example), 404)
    assert refused(client.request("GET", LEUVEN, people["clin_leuven"]), 404)  # none uploaded yet
    assert put(client, people["lead_leuven"], LEUVEN, example).status_code == 201
    for outsider in ("clin_namur", "lead_namur", "researcher"):
        refused(client.request("GET", LEUVEN, people[outsider]), 403)
    seen = refused(client.request("GET", LEUVEN, people["clin_namur"]), 403)["error"]
    unknown = refused(client.request("GET", "/v1/services/Nowhere/resources", people["clin_namur"]), 403)["error"]
    assert seen.replace("CGG Leuven", "X") == unknown.replace("Nowhere", "X")
    assert refused(client.request("GET", NAMUR, people["clin_namur"]), 404)  # Namur's own: none yet


CALLERS = ["clin_leuven", "clin_namur", "lead_leuven", "lead_namur", "researcher", "admin", None]


def test_the_access_matrix_of_both_endpoints(client: Client, people: dict[str, str]) -> None:
    """As tests/server/test_access.py lists every other endpoint (callers in its order)."""
    tokens = [people[c] if c else None for c in CALLERS]
    reads = [client.request("GET", LEUVEN, t).status_code for t in tokens]
    assert reads == [404, 403, 404, 403, 403, 404, 401]  # none uploaded yet: 404 for those who may read
    writes = [put(client, t, LEUVEN, HEADER).status_code for t in tokens]
    assert writes == [403, 403, 201, 403, 403, 200, 401]
    reads = [client.request("GET", LEUVEN, t).status_code for t in tokens]
    assert reads == [200, 403, 200, 403, 403, 200, 401]


def test_a_bad_file_is_a_422_with_every_problem_and_changes_nothing(
    client: Client, people: dict[str, str], engine: Engine
) -> None:
    assert put(client, people["lead_leuven"], LEUVEN, HEADER + "x,activity,X,,,,,\n").status_code == 201
    body = refused(put(client, people["lead_leuven"], LEUVEN, HEADER + "Bad,club,,,,,,\n"), 422)
    assert [p["field"] for p in body["problems"]] == ["line 2, id", "line 2, kind", "line 2, name"]
    refused(put(client, people["lead_leuven"], LEUVEN, b"id,kind\n\xff\n"), 422)  # not UTF-8
    refused(put(client, people["lead_leuven"], LEUVEN, HEADER, {"Content-Type": "application/json"}), 415)
    refused(put(client, people["lead_leuven"], LEUVEN, HEADER + "x," * 150_000), 413)  # over the body limit
    assert client.request("GET", LEUVEN, people["clin_leuven"]).text == HEADER + "x,activity,X,,,,,\n"
    with Session(engine) as db:
        rows = [(e.action, e.resource, e.outcome) for e in db.query(AuditEvent).order_by(AuditEvent.id)]
    writes = [r for r in rows if r[1] == "resources:CGG Leuven" and r[0] == "write"]
    assert [outcome for *_, outcome in writes] == [201, 422, 422, 415, 413]


def test_migration_0008_adds_the_directories_and_keeps_the_services(engine: Engine) -> None:
    migrate(engine, "0007")
    with engine.begin() as con:
        con.execute(text("INSERT INTO services (id, name) VALUES (1, 'A')"))
    assert "resource_directories" not in inspect(engine).get_table_names()
    migrate(engine)
    found = {c["name"] for c in inspect(engine).get_columns("resource_directories")}
    assert found == {"service_id", "text", "digest", "updated_at", "updated_by"}
    with engine.connect() as con:
        assert con.execute(text("SELECT name FROM services")).scalars().all() == ["A"]


def test_a_failed_directory_never_stops_the_sync(tmp_path: Path) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/me":
            return httpx.Response(200, json={"name": "anna", "role": "clinician", "services": ["A", "B", "C"]})
        if request.url.path == "/v1/services/A/resources":
            return httpx.Response(200, text=HEADER + "x,club,X,,,,,\n")  # a kind this Egonet does not know
        if request.url.path == "/v1/services/B/resources":
            return httpx.Response(503)
        return httpx.Response(200, text=HEADER + "c,activity,C,,,,,\n")

    client = SyncClient("http://127.0.0.1:1", "t", transport=httpx.MockTransport(answer), attempts=1)
    report = SyncReport()
    with Store(tmp_path / "s.sqlite3") as store:
        store.save_directory("A", HEADER + "kept,activity,Kept,,,,,\n")
        client.pull_directories(store, report)
        assert [r.id for r in store.directory("A").resources] == ["kept"]  # unchanged
        assert store.directory("B") == Directory("B")
        assert [r.id for r in store.directory("C").resources] == ["c"]
    assert report.directories == 1 and [line.split(":")[0] for line in report.directories_failed] == ["A", "B"]


# -- with a real server and laptops -----------------------------------------------------------


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path / "server")
    yield process
    process.kill()


def _laptop(tmp_path: Path, server: ServerProcess, user: str, name: str) -> Path:
    home = tmp_path / name
    token = server_cli(server.home, "admin", "issue-token", user, "--device", name).stdout.strip()
    assert egonet(home, "login", "--server", server.url, stdin=token + "\n").returncode == 0
    return home


def test_sync_brings_the_directory_to_every_laptop_of_the_service_and_no_other(
    tmp_path: Path, server: ServerProcess
) -> None:
    for service in ("CGG Leuven", "CSM Namur"):
        assert server_cli(server.home, "admin", "create-service", service).returncode == 0
    for user, role, service in (
        ("anna", "clinician", "CGG Leuven"),
        ("lea", "service_lead", "CGG Leuven"),
        ("bob", "clinician", "CSM Namur"),
    ):
        assert (
            server_cli(server.home, "admin", "create-user", user, "--role", role, "--service", service).returncode == 0
        )
    server.start()
    lead = server_cli(server.home, "admin", "issue-token", "lea", "--device", "office").stdout.strip()
    anna = server_cli(server.home, "admin", "issue-token", "anna", "--device", "browser").stdout.strip()
    example = EXAMPLE.read_bytes()
    with httpx.Client(base_url=server.url, headers=CSV) as http:
        clinician = http.put(LEUVEN, content=example, headers={"Authorization": f"Bearer {anna}"})
        assert clinician.status_code == 403  # a clinician cannot change it
        uploaded = http.put(LEUVEN, content=example, headers={"Authorization": f"Bearer {lead}"})
        assert uploaded.status_code == 201, uploaded.text
    expected = load_directory(EXAMPLE, "CGG Leuven")
    laptops = [_laptop(tmp_path, server, "anna", f"laptop-{n}") for n in (1, 2)]
    elsewhere = _laptop(tmp_path, server, "bob", "namur-laptop")
    for home in laptops:
        synced = egonet(home, "sync")
        assert synced.returncode == 0, synced.stderr
        assert "directories of local resources updated: 1" in synced.stdout and synced.stderr == ""
        with Store(home / "egonet.sqlite3") as store:
            assert store.directory("CGG Leuven") == expected
        shown = egonet(home, "resources", "show")
        assert shown.stdout.startswith("CGG Leuven: 9 resources")
    again = egonet(laptops[0], "sync")
    assert again.returncode == 0 and "directories" not in again.stdout  # nothing changed
    other = egonet(elsewhere, "sync")
    assert other.returncode == 0 and other.stderr == "", other.stderr  # Namur has none: nothing to say
    with Store(elsewhere / "egonet.sqlite3") as store:
        assert store.directory_services() == [] and store.directory("CGG Leuven") == Directory("CGG Leuven")
    assert directory_text(expected) == EXAMPLE.read_text(encoding="utf-8")

"""The server's doors against an attacker with a valid token, on SQLite and PostgreSQL: failed
authentication slowed down without locking out the innocent, forwarded headers believed only from
trusted proxies, tokens that expire, security headers, and an audit log with every refusal.
The documents and bodies such an attacker sends are in ``test_hostile.py``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from server.api import create_app
from server.db import AuditEvent, Token
from server.errors import ServerError
from server.people import expiry
from server.settings import ServerSettings
from tests.server.helpers import LEUVEN, Client, interview, put, refused


def test_failures_never_lock_out_a_valid_token_and_are_slowed_with_growing_delays(
    client: Client, people: dict[str, str], engine: Engine
) -> None:
    """Found: ten wrong tokens from an address locked every valid token of that address out for
    300 s (one person behind a hospital's NAT locked out the hospital), with no ``Retry-After``."""
    waits = []
    for attempt in range(14):
        response = client.request("GET", "/v1/me", f"wrong-{attempt}")
        if response.status_code == 429:
            assert int(response.headers["Retry-After"]) == response.json()["retry_after"] >= 1
            waits.append(int(response.headers["Retry-After"]))
        else:
            refused(response, 401)
        assert client.request("GET", "/v1/me", people[LEUVEN]).status_code == 200  # the innocent, same address
    assert len(waits) == 14 - 8 and waits == sorted(waits) and waits[-1] > waits[0]
    with Session(engine) as db:
        events = list(db.scalars(select(AuditEvent).where(AuditEvent.action == "authenticate")))
    assert len(events) == 14 and {e.outcome for e in events} == {401, 429}
    assert all("address:127.0.0.1" in e.resource and "unknown token" in e.resource for e in events)
    assert not any("wrong-" in e.resource for e in events)  # never the token


def test_one_credential_is_limited_from_any_address_and_forwarded_headers_only_from_trusted_proxies(
    settings: ServerSettings, engine: Engine, people: dict[str, str]
) -> None:
    proxied = Client(create_app(settings.model_copy(update={"trusted_proxies": ["127.0.0.1"]}), engine=engine))
    try:
        statuses = [
            proxied.request(
                "GET", "/v1/me", "the-same-wrong-token", headers={"X-Forwarded-For": f"10.0.0.{i}"}
            ).status_code
            for i in range(10)
        ]
        assert statuses == [401] * 8 + [429] * 2  # each address failed once; the credential ten times
        again = proxied.request("GET", "/v1/me", "another", headers={"X-Forwarded-For": "10.0.0.1"})
        assert again.status_code == 401  # that address, with another credential, is not blocked
    finally:
        proxied.close()
    with Session(engine) as db:
        resources = list(db.scalars(select(AuditEvent.resource).where(AuditEvent.action == "authenticate")))
    assert any("address:10.0.0.3 " in r for r in resources)


def test_the_limits_are_shared_by_every_server_process(
    settings: ServerSettings, engine: Engine, client: Client, people: dict[str, str]
) -> None:
    other = Client(create_app(settings, engine=engine))  # another worker on the same database
    try:
        for attempt in range(8):
            refused(client.request("GET", "/v1/me", f"wrong-{attempt}"), 401)
        refused(other.request("GET", "/v1/me", "wrong-8"), 429)
    finally:
        other.close()


def test_an_expired_token_is_refused(client: Client, people: dict[str, str], engine: Engine) -> None:
    assert client.request("GET", "/v1/me", people[LEUVEN]).status_code == 200
    with Session(engine) as db, db.begin():
        for token in db.scalars(select(Token)):
            token.expires_at = "2026-01-01T00:00:00+00:00"
    answer = refused(client.request("GET", "/v1/me", people[LEUVEN]), 401)
    assert "expired" in answer["error"]
    with Session(engine) as db, db.begin():  # the admin's token, the only one not expired
        admin = db.scalar(select(Token).where(Token.device == "test-device").order_by(Token.id.desc()))
        assert admin is not None
        admin.expires_at = None
    users = client.request("GET", "/v1/admin/users", people["admin"]).json()
    assert {u["name"]: u["active_tokens"] for u in users}["clin_leuven"] == 0
    with Session(engine) as db:
        assert "expired token" in str(db.scalar(select(AuditEvent.resource).where(AuditEvent.action == "authenticate")))


def test_expiry_reads_durations_and_dates() -> None:
    moment = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert expiry("90d", moment) == moment + timedelta(days=90)
    assert expiry("12h", moment) == moment + timedelta(hours=12)
    assert expiry("2027-06-30", moment) == datetime(2027, 6, 30, 23, 59, 59, tzinfo=UTC)
    assert expiry("2027-06-30T08:00:00+02:00", moment) == datetime(2027, 6, 30, 6, 0, tzinfo=UTC)
    for bad in ("0d", "soon", "-5d", "2027-13-01"):
        with pytest.raises(ServerError, match="--expires"):
            expiry(bad, moment)


def test_me_is_audited_and_uploads_with_the_status_they_got(
    client: Client, people: dict[str, str], engine: Engine
) -> None:
    assert client.request("GET", "/v1/me", people[LEUVEN]).status_code == 200
    iv = interview()
    assert put(client, people[LEUVEN], iv)[0] == 201
    assert put(client, people[LEUVEN], iv)[0] == 200  # a repeat
    with Session(engine) as db:
        rows = [(e.resource, e.outcome) for e in db.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert rows == [("me", 200), (f"interview:{iv.id}", 201), (f"interview:{iv.id}", 200)]  # found: 201 logged as 200


def test_answers_carry_security_headers_and_hsts_only_over_tls(
    client: Client, people: dict[str, str], settings: ServerSettings, engine: Engine
) -> None:
    iv = interview()
    assert put(client, people[LEUVEN], iv)[0] == 201
    for response in (
        client.request("GET", f"/v1/interviews/{iv.id}", people[LEUVEN]),
        client.request("GET", "/v1/me", None),
        client.request("GET", "/openapi.json"),
    ):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-store"
        assert "default-src 'none'" in response.headers["content-security-policy"]
        assert "strict-transport-security" not in response.headers  # plain HTTP here
    spoofed = client.request("GET", "/v1/me", people[LEUVEN], headers={"X-Forwarded-Proto": "https"})
    assert "strict-transport-security" not in spoofed.headers  # not from a trusted proxy
    proxied = Client(create_app(settings.model_copy(update={"trusted_proxies": ["127.0.0.1"]}), engine=engine))
    try:
        behind = proxied.request("GET", "/v1/me", people[LEUVEN], headers={"X-Forwarded-Proto": "https"})
        assert behind.headers["strict-transport-security"].startswith("max-age=")
    finally:
        proxied.close()


def test_uploads_refused_before_the_service_runs_are_audited(
    client: Client, people: dict[str, str], engine: Engine
) -> None:
    """Found by the attacker probe: 415, 413, a protocol that is not UTF-8 and FastAPI's own 422s
    left no row in the audit log."""
    iv = interview()
    url, token = f"/v1/interviews/{iv.id}", people[LEUVEN]
    refused(client.request("PUT", url, token, content=b"{}", headers={"Content-Type": "text/plain"}), 415)
    refused(client.request("PUT", url, token, content=b" " * 300_000), 413)
    refused(client.request("PUT", "/v1/protocols/p/1", token, content=b"\xff\xfe"), 422)
    refused(client.request("PUT", url, token, content=b"{}", headers={"X-Egonet-Base-Revision": "x"}), 422)
    refused(client.request("GET", "/v1/patients/NOT A CODE/interviews", token), 422)
    with Session(engine) as db:
        rows = [(e.action, e.resource, e.outcome) for e in db.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert rows == [
        ("write", f"interview:{iv.id}", 415),
        ("write", f"interview:{iv.id}", 413),
        ("write", "protocol:p 1", 422),
        ("invalid-request", "PUT /v1/interviews/{interview_id}", 422),
        ("invalid-request", "GET /v1/patients/{code}/interviews", 422),  # the template, not the code
    ]

"""HTTPS: ``egonet-server serve --cert --key`` with a real certificate, and a client that trusts it
only through ``SSL_CERT_FILE``; plain HTTP to another machine is refused before anything is sent."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from egonet.store import Store
from tests.helpers import assert_clean_error, egonet
from tests.server.helpers import ServerProcess, certificate, local, server_cli


@pytest.fixture
def https_server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A server over HTTPS that knows the services of a laptop's demo patients, and a clinician of them."""
    assert egonet(tmp_path / "laptop", "demo", "--patients", "3", "--seed", "2").returncode == 0
    with Store(tmp_path / "laptop" / "egonet.sqlite3") as store:
        services = sorted({p.service for p in store.patients()})
    home = tmp_path / "server"
    for service in services:
        assert server_cli(home, "admin", "create-service", service).returncode == 0
    extra = [arg for s in services for arg in ("--service", s)]
    assert server_cli(home, "admin", "create-user", "anna", "--role", "clinician", *extra).returncode == 0
    process = ServerProcess(home, tls=certificate(tmp_path))
    process.start()
    yield process
    process.kill()


def test_the_server_speaks_only_tls_and_a_client_trusting_its_ca_syncs(
    https_server: ServerProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert https_server.tls is not None
    trusted = ssl.create_default_context(cafile=https_server.tls[0])
    refused = httpx.get(f"{https_server.url}/v1/me", verify=trusted)
    assert refused.status_code == 401 and refused.headers["strict-transport-security"].startswith("max-age=")
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{https_server.port}/v1/me", timeout=5)  # no plain HTTP on that port
    token = server_cli(https_server.home, "admin", "issue-token", "anna", "--device", "laptop").stdout.strip()
    home = tmp_path / "laptop"

    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    untrusted = egonet(home, "login", "--server", https_server.url, stdin=token + "\n")
    assert_clean_error(untrusted, "certificate is not trusted", "SSL_CERT_FILE")

    monkeypatch.setenv("SSL_CERT_FILE", str(https_server.tls[0]))
    assert egonet(home, "login", "--server", https_server.url, stdin=token + "\n").returncode == 0
    synced = egonet(home, "sync")
    assert synced.returncode == 0, synced.stderr
    assert https_server.interviews() == local(home)
    with Store(home / "egonet.sqlite3") as store:
        assert store.outbox() == []


@pytest.mark.parametrize("address", ["http://egonet.example.org", "ftp://egonet.example.org", "egonet.example.org"])
def test_an_unencrypted_or_odd_address_is_refused_before_anything_is_sent(tmp_path: Path, address: str) -> None:
    refused = egonet(tmp_path, "login", "--server", address, stdin="whatever\n")
    assert_clean_error(refused, "egonet.example.org")
    assert not (tmp_path / "server.json").exists()

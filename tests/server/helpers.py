"""Helpers the server's tests share (imported from here, never from another test module): the
app through ``httpx.ASGITransport`` (``Client``), a test interview and its upload, demo cohorts
re-homed in the two test services, and ``egonet-server`` as a real process on loopback."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import resource
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from egonet.model import Alter, Interview, Patient, Wave
from egonet.protocol import default_protocol, default_protocol_text
from egonet.store import Store
from egonet.wire import dumps
from tests.helpers import demo_cohort, run

__all__ = [
    "BUILTIN",
    "LEUVEN",
    "MOMENT",
    "NAMUR",
    "PATIENCE",
    "PROTOCOL",
    "SERVER_FD_LIMIT",
    "Client",
    "ServerProcess",
    "TunedServer",
    "certificate",
    "clinician",
    "cohort",
    "free_port",
    "interview",
    "leuven",
    "local",
    "put",
    "refused",
    "server_cli",
    "upload",
]


class Client:
    """Synchronous calls to the app through httpx.ASGITransport (no network, the real app)."""

    def __init__(self, app: Any) -> None:
        self.loop = asyncio.new_event_loop()
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://egonet.test")

    def request(
        self, method: str, url: str, token: str | None = None, *, raw: bool = False, **kwargs: Any
    ) -> httpx.Response:
        """``method url`` with ``token``; a body gets the media type its endpoint takes, as
        ``egonet sync`` sends it, unless the headers name one or ``raw``."""
        headers = dict(kwargs.pop("headers", {}))
        if "content" in kwargs and not raw and not any(h.lower() == "content-type" for h in headers):
            headers["Content-Type"] = "text/plain; charset=utf-8" if "/protocols/" in url else "application/json"
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return self.loop.run_until_complete(self.http.request(method, url, headers=headers, **kwargs))

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())
        self.loop.close()


MOMENT = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
BUILTIN = default_protocol().version
"""The built-in protocol's current version (its text is ``default_protocol_text()``)."""


def interview(service: str = "CGG Leuven", code: str = "P-001", wave: int = 0, revision: int = 1) -> Interview:
    iv = Interview(
        uuid.uuid4(), Patient(code, service), Wave.numbered(wave), "clin", "egonet-ssmi", BUILTIN, "en", MOMENT
    )
    marie = iv.add_alter(Alter(uuid.uuid4(), "Marie Dupont", ["emotional"], {"relationship": "family"}))
    jan = iv.add_alter(Alter(uuid.uuid4(), "Jan", ["practical"], {"relationship": "friend"}))
    iv.set_tie(marie.id, jan.id, 2)
    iv.revision = revision
    return iv


def put(client: Client, token: str, iv: Interview, base: int = 0) -> tuple[int, dict[str, object]]:
    response = client.request(
        "PUT",
        f"/v1/interviews/{iv.id}",
        token,
        content=dumps(iv).encode(),
        headers={"X-Egonet-Base-Revision": str(base), "Content-Type": "application/json"},
    )
    return response.status_code, response.json()


PROTOCOL = f"/v1/protocols/egonet-ssmi/{BUILTIN}"


def cohort(n_leuven: int, n_namur: int = 2) -> list[Interview]:
    """Demo interviews (completed baselines and follow-ups) re-homed in the two test services."""
    out = []
    for iv in demo_cohort(n_leuven + n_namur, 7):
        number = int(iv.patient.code.rsplit("-", 1)[1])
        service = "CGG Leuven" if number <= n_leuven else "CSM Namur"
        out.append(dataclasses.replace(iv, patient=Patient(iv.patient.code, service)))
    return out


def upload(client: Client, people: dict[str, str], interviews: list[Interview]) -> None:
    text = default_protocol_text().encode()  # the built-in: the server has it already
    assert client.request("PUT", PROTOCOL, people["clin_leuven"], content=text).status_code == 200
    for iv in interviews:
        token = people["clin_leuven" if iv.patient.service == "CGG Leuven" else "clin_namur"]
        assert put(client, token, iv)[0] == 201


def leuven(interviews: list[Interview], wave: int) -> list[Interview]:
    return [iv for iv in interviews if iv.patient.service == "CGG Leuven" and iv.wave.index == wave]


def server_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``egonet-server *args`` in a new process with ``EGONET_SERVER_HOME=home``."""
    return run([sys.executable, "-c", "from server.cli import main; main()", *args], "EGONET_SERVER_HOME", home)


PATIENCE = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """``egonet-server serve`` on a free loopback port; over HTTPS with ``tls`` (certificate, key)."""

    def __init__(self, home: Path, tls: tuple[Path, Path] | None = None) -> None:
        self.home, self.port, self.tls = home, free_port(), tls
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("EGONET_SERVER_")}
        env["EGONET_SERVER_HOME"] = str(self.home)
        tls = ["--cert", str(self.tls[0]), "--key", str(self.tls[1])] if self.tls else []
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from server.cli import main; main()", "serve", "--port", str(self.port), *tls],
            env=env,
            stdin=subprocess.DEVNULL,
        )
        verify = ssl.create_default_context(cafile=self.tls[0]) if self.tls else True
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/v1/me", timeout=1, verify=verify).status_code == 401:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise AssertionError("the server did not start")

    def kill(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def interviews(self) -> dict[str, tuple[int, str]]:
        """id -> (revision, document) as the server's database holds them."""
        with sqlite3.connect(self.home / "server.sqlite3") as con:
            return {i: (r, d) for i, r, d in con.execute("SELECT id, revision, document FROM interviews")}


def local(home: Path) -> dict[str, tuple[int, str]]:
    with Store(home / "egonet.sqlite3") as store:
        return {str(iv.id): (iv.revision, dumps(iv)) for iv in store.documents()}


SERVER_FD_LIMIT = 1024


class TunedServer(ServerProcess):
    """``ServerProcess`` with ``EGONET_SERVER_*`` settings, its stderr kept in ``log``, and a soft
    file-descriptor limit of ``SERVER_FD_LIMIT``."""

    def __init__(self, home: Path, settings: dict[str, str]) -> None:
        super().__init__(home)
        self.settings, self.log = settings, home.parent / f"{home.name}-stderr.log"

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("EGONET_SERVER_")}
        env |= {"EGONET_SERVER_HOME": str(self.home), **self.settings}
        hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
        soft = SERVER_FD_LIMIT if hard == resource.RLIM_INFINITY else min(SERVER_FD_LIMIT, hard)
        limited = f"import resource; resource.setrlimit(resource.RLIMIT_NOFILE, ({soft}, {hard}))"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    f"{limited}; from server.cli import main; main()",
                    "serve",
                    "--port",
                    str(self.port),
                ],
                env=env,
                stdin=subprocess.DEVNULL,
                stderr=log,
            )
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/v1/me", timeout=1).status_code == 401:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        raise AssertionError(f"the server did not start: {self.stderr()}")

    def stderr(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def clinician(home: Path) -> str:
    """A token of a clinician, in a new server home."""
    assert server_cli(home, "admin", "create-service", "CGG Leuven").returncode == 0
    assert (
        server_cli(home, "admin", "create-user", "anna", "--role", "clinician", "--service", "CGG Leuven").returncode
        == 0
    )
    return server_cli(home, "admin", "issue-token", "anna", "--device", "laptop").stdout.strip()


LEUVEN, NAMUR = "clin_leuven", "clin_namur"
"""The clinicians of the two test services (``people`` in conftest.py gives their tokens)."""


def refused(response: httpx.Response, status: int) -> dict[str, Any]:
    """The JSON error of a refused request: ``status``, and one line of error."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert isinstance(body.get("error"), str) and "\n" not in body["error"]
    return body


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost (what a hospital's own CA would
    issue), and its key: ``(fullchain.pem, privkey.pem)`` in ``folder``."""
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    request = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"]
    subprocess.run(
        [*request, "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key

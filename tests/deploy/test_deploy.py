"""``deploy/`` as an operator runs it, as far as one machine allows: the shipped nginx
configuration (ports and paths substituted) on loopback over HTTPS, in front of two
``egonet-server serve`` workers on one database, with the settings of the shipped environment
file; the limits of nginx and of the server agree; the systemd units pass ``systemd-analyze``.
(PostgreSQL, backups and restores: ``test_backup.py``.)"""

from __future__ import annotations

import json
import shutil
import sqlite3
import ssl
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from egonet.store import Store
from egonet.wire import dumps
from server.addresses import TrustedProxies
from server.serving import KEEP_ALIVE
from server.settings import ServerSettings
from tests.deploy.helpers import DEPLOY, Nginx, directive, env_file, nginx_binary
from tests.helpers import egonet
from tests.server.helpers import TunedServer, certificate, free_port, interview, local, server_cli

SITE = (DEPLOY / "nginx" / "egonet.conf").read_text()
SETTINGS = env_file(DEPLOY / "etc" / "server.env")
LIMIT = int(SETTINGS["EGONET_SERVER_MAX_DOCUMENT_BYTES"])
HSTS = ["max-age=31536000"]


def test_nginx_and_the_server_have_the_same_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in SETTINGS.items():
        monkeypatch.setenv(key, value)
    configured = ServerSettings()  # the shipped file is valid
    defaults = ServerSettings.model_fields
    assert configured.max_document_bytes == defaults["max_document_bytes"].default == LIMIT
    assert directive(SITE, "client_max_body_size") == [str(LIMIT)]
    assert directive(SITE, "client_body_buffer_size") == [str(LIMIT)]  # bodies never on disk
    assert directive(SITE, "client_header_timeout") == [f"{configured.header_timeout:g}s"]
    assert directive(SITE, "client_body_timeout") == [f"{configured.body_timeout:g}s"]
    # upstream keep-alive under the workers' idle close; the client side equal to it
    assert directive(SITE, "keepalive_timeout") == ["4s", f"{KEEP_ALIVE}s"]
    assert int(directive(SITE, "keepalive_timeout")[0].rstrip("s")) < KEEP_ALIVE
    workers = [line.split()[0] for line in directive(SITE, "server") if ":" in line]
    assert workers == ["127.0.0.1:8001", "127.0.0.1:8002"]
    assert all(TrustedProxies(configured.trusted_proxies).trusted(w.split(":")[0]) for w in workers)
    assert directive(SITE, "proxy_set_header").count("X-Forwarded-For $remote_addr") == 1
    assert directive(SITE, "ssl_protocols") == ["TLSv1.2 TLSv1.3"]
    assert f"{LIMIT} bytes" in SITE  # nginx's own 413 says the limit


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze (systemd) here")
def test_the_systemd_units_verify_and_are_hardened(tmp_path: Path) -> None:
    units = tmp_path / "units"
    units.mkdir()
    for shipped in (DEPLOY / "systemd").iterdir():
        text = shipped.read_text()  # the executables as this checkout has them
        text = text.replace("/opt/egonet/venv/bin/egonet-server", shutil.which("egonet-server") or "/bin/true")
        text = text.replace("/usr/local/lib/egonet/egonet-backup", str(DEPLOY / "bin" / "egonet-backup"))
        name = shipped.name.replace("@.service", "@8001.service")
        (units / name).write_text(text)
    names = sorted(str(p) for p in units.iterdir())
    verified = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *names], check=False, capture_output=True, text=True
    )
    assert verified.returncode == 0 and verified.stderr == "", verified.stderr
    for unit in ("egonet-server@8001.service", "egonet-backup.service"):
        exposure = subprocess.run(
            ["systemd-analyze", "security", "--offline=yes", "--threshold=20", str(units / unit)],
            check=False,
            capture_output=True,
            text=True,
        )
        assert exposure.returncode == 0, exposure.stdout[-300:]  # "exposure level" 2.0 or under: OK


def test_the_scripts_parse() -> None:
    for script in sorted((DEPLOY / "bin").iterdir()):
        assert script.stat().st_mode & 0o111, f"{script.name} is not executable"
        assert subprocess.run(["bash", "-n", str(script)], check=False, capture_output=True).returncode == 0, (
            script.name
        )
        if shutil.which("shellcheck"):
            checked = subprocess.run(["shellcheck", str(script)], check=False, capture_output=True, text=True)
            assert checked.returncode == 0, checked.stdout


@dataclass
class Site:
    nginx: Nginx
    workers: list[TunedServer]
    token: str
    services: list[str]

    @property
    def home(self) -> Path:
        return self.workers[0].home

    def audit(self) -> list[tuple[str, str, int]]:
        with sqlite3.connect(self.home / "server.sqlite3") as con:
            return list(con.execute("SELECT action, resource, outcome FROM audit ORDER BY id"))

    def client(self, **transport: object) -> httpx.Client:
        return httpx.Client(
            base_url=self.nginx.url,
            transport=httpx.HTTPTransport(verify=self.nginx.trusted, **transport),  # type: ignore[arg-type]
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=30,
        )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    if nginx_binary() is None:
        pytest.skip("no nginx here (apt-get install nginx; .ci/run installs it)")
    root = tmp_path_factory.mktemp("deploy")
    laptop, home = root / "laptop", root / "server"
    assert egonet(laptop, "demo", "--patients", "3", "--seed", "2").returncode == 0
    with Store(laptop / "egonet.sqlite3") as store:
        services = sorted({p.service for p in store.patients()})
    for service in services:
        assert server_cli(home, "admin", "create-service", service).returncode == 0
    extra = [arg for s in services for arg in ("--service", s)]
    assert server_cli(home, "admin", "create-user", "anna", "--role", "clinician", *extra).returncode == 0
    token = server_cli(home, "admin", "issue-token", "anna", "--device", "script").stdout.strip()
    settings = {k: v for k, v in SETTINGS.items() if k != "EGONET_SERVER_DATABASE_URL"}  # SQLite here
    workers = [TunedServer(home, settings), TunedServer(home, settings)]  # one database, two processes
    nginx = Nginx(root / "nginx", certificate(root), [w.port for w in workers], (free_port(), free_port()))
    try:
        for worker in workers:
            worker.start()
        checked = nginx.test_config()
        assert checked.returncode == 0, checked.stderr
        nginx.start()
        yield Site(nginx, workers, token, services)
    finally:
        nginx.stop()
        for worker in workers:
            worker.kill()


def test_a_laptop_syncs_through_nginx(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    laptop = site.home.parent / "laptop"
    token = server_cli(site.home, "admin", "issue-token", "anna", "--device", "laptop").stdout.strip()
    monkeypatch.setenv("SSL_CERT_FILE", str(site.nginx.cert))
    assert egonet(laptop, "login", "--server", site.nginx.url, stdin=token + "\n").returncode == 0
    synced = egonet(laptop, "sync")
    assert synced.returncode == 0, synced.stderr
    assert site.workers[0].interviews() == local(laptop)

    iv = interview(service=site.services[0], code="NGINX-1")
    with site.client() as http:
        body = dumps(iv).encode()
        headers = {"X-Egonet-Base-Revision": "0", "Content-Type": "application/json"}
        put = http.put(f"/v1/interviews/{iv.id}", content=body, headers=headers)
        assert put.status_code == 201, put.text
        got = http.get(f"/v1/interviews/{iv.id}")
        assert got.status_code == 200 and got.json() == json.loads(body)
        for answer in (put, got):  # the server's own headers, and one HSTS header (nginx's)
            assert answer.headers.get_list("strict-transport-security") == HSTS
            assert answer.headers["x-content-type-options"] == "nosniff"
        assert http.put(f"/v1/interviews/{iv.id}", content=body, headers=headers).json()["result"] == "unchanged"


def test_the_server_records_the_client_s_address_not_a_forged_header(site: Site) -> None:
    # The client connects from 127.0.0.3 and nginx from 127.0.0.1: the audit shows 127.0.0.3
    # only if the workers believe nginx's X-Forwarded-For, and 203.0.113.7 if nginx passed the
    # client's own header on.
    with site.client(local_address="127.0.0.3") as http:
        forged = {"Authorization": "Bearer not-a-token", "X-Forwarded-For": "203.0.113.7"}
        assert http.get("/v1/me", headers=forged).status_code == 401
    assert site.audit()[-1] == ("authenticate", "address:127.0.0.3 unknown token", 401)


def test_a_body_over_the_limit_is_refused_by_nginx_and_one_at_the_limit_reaches_the_server(site: Site) -> None:
    headers = {"X-Egonet-Base-Revision": "0", "Content-Type": "application/json"}
    before = len(site.audit())
    with site.client() as http:
        for body in (b"x" * (LIMIT + 1), iter([b"x" * LIMIT, b"x"])):  # with Content-Length, and chunked
            refused = http.put(f"/v1/interviews/{uuid.uuid4()}", content=body, headers=headers)
            assert refused.status_code == 413
            assert refused.json() == {"error": f"the body is over the limit of {LIMIT} bytes"}
            assert refused.headers.get_list("strict-transport-security") == HSTS
        assert len(site.audit()) == before  # no worker saw them
        at_limit = b'{"x": "' + b"x" * (LIMIT - 9) + b'"}'
        assert len(at_limit) == LIMIT
        answered = http.put(f"/v1/interviews/{uuid.uuid4()}", content=at_limit, headers=headers)
    assert answered.status_code == 422, answered.text  # the server's refusal: not a document
    assert site.audit()[-1][2] == 422


def test_both_workers_answer_and_one_down_is_not_a_failure(site: Site) -> None:
    with site.client() as http:
        before = len(site.nginx.access_log())
        for _ in range(8):
            assert http.get("/v1/me").status_code == 200
        lines = site.nginx.access_log()[before:]
        for worker in site.workers:
            assert sum(f"upstream=127.0.0.1:{worker.port} 200" in line for line in lines) >= 2, lines
        site.workers[0].kill()
        try:
            assert [http.get("/v1/me").status_code for _ in range(6)] == [200] * 6
            site.workers[1].kill()
            down = http.get("/v1/me")
            assert down.status_code == 502 and "nothing is lost" in down.json()["error"]
        finally:
            for worker in site.workers:
                worker.start()
        deadline = time.monotonic() + 10  # nginx tries a failed worker again after fail_timeout (2 s)
        while http.get("/v1/me").status_code != 200:
            assert time.monotonic() < deadline, "nginx did not go back to the restarted workers"
            time.sleep(0.2)


def test_plain_http_is_sent_to_https_and_tls_is_1_2_or_1_3(site: Site) -> None:
    moved = httpx.get(f"http://127.0.0.1:{site.nginx.http_port}/v1/me")
    assert moved.status_code == 301 and moved.headers["location"].startswith("https://")
    with site.client() as http:
        response = http.get("/v1/me")
        assert response.extensions["network_stream"].get_extra_info("ssl_object").version() == "TLSv1.3"
    old = site.nginx.trusted
    old.maximum_version = old.minimum_version = ssl.TLSVersion.TLSv1_2
    assert httpx.get(f"{site.nginx.url}/v1/me", verify=old).status_code == 401

"""Helpers of the deploy tests: the shipped files of ``deploy/`` read or rendered for this machine
(ports and paths substituted, nothing else), a self-signed certificate, and nginx as a plain
process on loopback (prefix, pid, logs and temporary files in a temp folder, never /etc)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import ssl
import subprocess
import time
from pathlib import Path

import httpx

__all__ = [
    "DEPLOY",
    "Nginx",
    "directive",
    "env_file",
    "nginx_binary",
    "render",
]

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
PATIENCE = 30.0


def nginx_binary() -> str | None:
    """nginx on the PATH, or where Debian's package puts it (/usr/sbin is not on every PATH)."""
    found = shutil.which("nginx")
    if found is None and Path("/usr/sbin/nginx").exists():
        found = "/usr/sbin/nginx"
    return found


def env_file(path: Path) -> dict[str, str]:
    """``KEY="value"`` lines of an environment file, as systemd's ``EnvironmentFile=`` reads them."""
    values = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip().strip('"')
    return values


def directive(config: str, name: str) -> list[str]:
    """The values of every ``name ...;`` line of an nginx configuration, comments left out."""
    pattern = re.compile(rf"^\s*{re.escape(name)}\s+([^;#]*);", re.MULTILINE)
    return [match.group(1).strip() for match in pattern.finditer(config)]


def render(text: str, replacements: dict[str, str]) -> str:
    """``text`` with each key replaced, every key being there (a test renders what is shipped)."""
    for old, new in replacements.items():
        assert old in text, f"the shipped file no longer has {old!r}: update the test's rendering"
        text = text.replace(old, new)
    return text


class Nginx:
    """nginx with ``deploy/nginx/egonet.conf`` rendered for loopback: HTTPS on ``https_port``,
    plain HTTP on ``http_port``, in front of the workers on ``upstreams``."""

    def __init__(self, prefix: Path, cert: tuple[Path, Path], upstreams: list[int], ports: tuple[int, int]) -> None:
        self.binary = nginx_binary()
        assert self.binary is not None
        self.prefix, self.cert = prefix, cert[0]
        self.https_port, self.http_port = ports
        for folder in ("conf.d", "logs", "temp"):
            (prefix / folder).mkdir(parents=True, exist_ok=True)
        site = render(
            (DEPLOY / "nginx" / "egonet.conf").read_text(),
            {
                "listen 80;": f"listen 127.0.0.1:{self.http_port};",
                "listen [::]:80;": "",  # loopback IPv6 is not everywhere
                "listen 443 ssl;": f"listen 127.0.0.1:{self.https_port} ssl;",
                "listen [::]:443 ssl;": "",
                "/etc/egonet/tls/fullchain.pem": str(cert[0]),
                "/etc/egonet/tls/privkey.pem": str(cert[1]),
                "server 127.0.0.1:8001 ": f"server 127.0.0.1:{upstreams[0]} ",
                "server 127.0.0.1:8002 ": f"server 127.0.0.1:{upstreams[1]} ",
                "/var/log/nginx/": f"{prefix}/logs/",
            },
        )
        (prefix / "conf.d" / "egonet.conf").write_text(site)
        temp = prefix / "temp"
        # Debian's /etc/nginx/nginx.conf, reduced to what the site needs, with paths of its own.
        # Run by root (CI), the workers stay root: the temp folder is root's alone.
        self.config = prefix / "nginx.conf"
        self.config.write_text(
            ("user root;\n" if os.geteuid() == 0 else "")
            + f"worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/logs/error.log warn;\n"
            "events { worker_connections 256; }\n"
            "http {\n"
            "    default_type application/octet-stream;\n"
            f"    access_log {prefix}/logs/access.log;\n"
            + "".join(f"    {kind}_temp_path {temp}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi"))
            + "".join(f"    {kind}_temp_path {temp}/{kind};\n" for kind in ("uwsgi", "scgi"))
            + f"    include {prefix}/conf.d/egonet.conf;\n"
            "}\n"
        )
        self.process: subprocess.Popen[bytes] | None = None

    def command(self, *args: str) -> list[str]:
        assert self.binary is not None
        return [self.binary, "-p", str(self.prefix), "-c", str(self.config), *args]

    def test_config(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.command("-t"), capture_output=True, text=True, check=False)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    @property
    def trusted(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.cert)

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command("-g", "daemon off;"), stdin=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"nginx stopped: {self.process.stderr.read() if self.process.stderr else ''!r}")
            try:
                if httpx.get(f"{self.url}/v1/me", timeout=1, verify=self.trusted).status_code == 401:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        raise AssertionError(f"nginx did not start: {self.error_log()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def access_log(self) -> list[str]:
        path = self.prefix / "logs" / "egonet-access.log"
        return path.read_text().splitlines() if path.exists() else []

    def error_log(self) -> str:
        path = self.prefix / "logs" / "egonet-error.log"
        return path.read_text(errors="replace") if path.exists() else ""

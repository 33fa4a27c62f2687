"""Pushing the outbox to the server and pulling the clinician's patients' waves from it.

Each interview waiting in the outbox is uploaded with ``PUT /v1/interviews/{id}``, naming the
revision the server was last known to hold (the base).  The server applies it only on top of that
base and answers a repeat of the same revision as done, so a sync that is cut off (client or server
killed, connection lost) and run again neither loses nor duplicates an interview.  A 409 is a
conflict (the interview changed on another device): both copies are kept and it is reported.
Network failures and 5xx answers are retried with exponential backoff.  After the interviews, the
directory of local resources of each of the user's services is brought and kept (replacing the
one kept); a directory that cannot be brought is reported and changes nothing else.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote
from uuid import UUID

import httpx

from egonet.errors import EgonetError, NotFoundError
from egonet.model import Directory
from egonet.store import Store
from egonet.wire import check_protocol_text, dumps, from_document

__all__ = ["Conflict", "SyncClient", "SyncError", "SyncReport", "check_address"]


@dataclass(frozen=True, slots=True)
class Conflict:
    interview_id: UUID
    patient: str
    local_revision: int
    server_revision: int


@dataclass
class SyncReport:
    pushed: int = 0
    unchanged: int = 0
    pulled: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    """Uploads the server refused (not a conflict): one line each, with the reason."""
    directories: int = 0
    """Services whose directory of local resources changed here."""
    directories_failed: list[str] = field(default_factory=list)
    """Directories that could not be brought: one line each (the interviews are not affected)."""


class SyncError(EgonetError):
    """The server cannot be reached, or refused the device."""


Shown = Callable[[list[tuple[UUID, int]]], Iterable[tuple[UUID, int]]]


class SyncClient:
    def __init__(
        self,
        server: str,
        token: str,
        *,
        transport: httpx.BaseTransport | None = None,
        attempts: int = 5,
        backoff: float = 0.5,
        timeout: float = 30.0,
    ) -> None:
        check_address(server)
        self.http = httpx.Client(
            base_url=server.rstrip("/"),
            headers={"Authorization": f"Bearer {token}"},
            transport=transport,
            timeout=timeout,
        )
        self.attempts, self.backoff = attempts, backoff

    def close(self) -> None:
        self.http.close()

    def _call(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        """One request, retried on network failures and 5xx; 401/403 stop the sync."""
        for attempt in range(self.attempts):
            try:
                response = self.http.request(method, url, **kwargs)  # type: ignore[arg-type]
            except httpx.TransportError as exc:
                if "CERTIFICATE_VERIFY_FAILED" in str(exc):
                    raise SyncError(
                        "the server's certificate is not trusted; if your organisation has its own certificate "
                        "authority, set SSL_CERT_FILE to its certificate (PEM)"
                    ) from None
                failure = f"cannot reach the server ({type(exc).__name__})"
            else:
                if response.status_code < 500:
                    if response.status_code in (401, 403, 429):
                        raise SyncError(f"the server refused this device: {_message(response)}")
                    return response
                failure = f"the server failed ({response.status_code})"
            if attempt + 1 < self.attempts:
                time.sleep(self.backoff * 2**attempt)
        raise SyncError(f"{failure}; nothing is lost, run the sync again later")

    def whoami(self) -> dict[str, object]:
        response = self._call("GET", "/v1/me")
        if response.status_code != 200:
            raise SyncError(f"the server refused the login: {_message(response)}")
        found: dict[str, object] = response.json()
        return found

    def push(self, store: Store, report: SyncReport, shown: Shown | None = None) -> None:
        """Upload every interview waiting in the outbox (``shown`` wraps them, e.g. in a progress bar),
        each after its protocol (the server measures an interview with the protocol it was made with)."""
        waiting = store.outbox()
        sent: set[tuple[str, str]] = set()
        for interview_id, _queued in shown(waiting) if shown else waiting:
            interview = store.load(interview_id)
            protocol = (interview.protocol_id, interview.protocol_version)
            if protocol not in sent:
                self._push_protocol(store, *protocol, report)
                sent.add(protocol)
            base = store.server_revision(interview_id)
            response = self._call(
                "PUT",
                f"/v1/interviews/{interview_id}",
                content=dumps(interview).encode(),
                headers={"X-Egonet-Base-Revision": str(base), "Content-Type": "application/json"},
            )
            if response.status_code in (200, 201):
                store.mark_synced(interview_id, interview.revision)
                if response.json().get("result") == "unchanged":
                    report.unchanged += 1
                else:
                    report.pushed += 1
            elif response.status_code == 409:
                stored = response.json().get("stored_revision")
                report.conflicts.append(
                    Conflict(interview_id, interview.patient.code, interview.revision, int(stored or 0))
                )
            else:
                report.refused.append(f"{interview.patient.code} {interview.wave.label}: {_message(response)}")

    def _push_protocol(self, store: Store, protocol_id: str, version: str, report: SyncReport) -> None:
        response = self._call(
            "PUT",
            f"/v1/protocols/{quote(protocol_id, safe='')}/{quote(version, safe='')}",
            content=store.protocol_text(protocol_id, version).encode(),
            headers={"Content-Type": "text/plain; charset=utf-8"},
        )
        if response.status_code not in (200, 201):
            report.refused.append(f"protocol {protocol_id} {version}: {_message(response)}")

    def _pull_protocol(self, store: Store, protocol_id: str, version: str) -> None:
        """Bring a protocol this device does not have (a follow-up starts from it)."""
        try:
            store.protocol(protocol_id, version)
        except NotFoundError:
            response = self._call("GET", f"/v1/protocols/{quote(protocol_id, safe='')}/{quote(version, safe='')}")
            if response.status_code == 200:
                protocol, _problems = check_protocol_text(response.text, f"server: protocol {protocol_id} {version}")
                if protocol is not None:
                    store.save_protocol(protocol, response.text)

    def pull(self, store: Store, report: SyncReport) -> None:
        """Bring the waves of the clinician's patients that this device does not have (or has older)."""
        for patient in self._call("GET", "/v1/patients").json():
            for wave in self._call("GET", f"/v1/patients/{patient['code']}/interviews").json():
                interview_id = UUID(wave["id"])
                known = {row.id: row.revision for row in store.interviews(patient["code"])}
                if interview_id in known and known[interview_id] >= wave["revision"]:
                    continue
                if interview_id in {i for i, _ in store.outbox()}:
                    continue  # local changes not yet uploaded: the push reports the conflict, if any
                document = from_document(self._call("GET", f"/v1/interviews/{interview_id}").json(), "server")
                self._pull_protocol(store, document.protocol_id, document.protocol_version)
                store.import_interviews([document])
                store.mark_synced(interview_id, document.revision)
                report.pulled += 1

    def pull_directories(self, store: Store, report: SyncReport) -> None:
        """Bring the directory of local resources of each of the user's services (those the
        server has one of); a failure is reported in ``report``, never raised."""
        try:
            me = self.whoami()
        except SyncError as exc:
            report.directories_failed.append(f"your services: {exc.message}")
            return
        if me.get("role") not in ("clinician", "service_lead"):
            return
        services = me.get("services")
        for service in services if isinstance(services, list) else []:
            try:
                response = self._call("GET", f"/v1/services/{quote(str(service), safe='')}/resources")
                if response.status_code == 404:
                    continue  # the service has none on the server: one loaded here stays
                if response.status_code != 200:
                    raise SyncError(_message(response))
                try:
                    before: Directory | None = store.directory(service)
                except EgonetError:  # the one kept here is damaged: the server's replaces it
                    before = None
                if store.save_directory(service, response.text) != before:
                    report.directories += 1
            except EgonetError as exc:  # a directory this Egonet cannot read, a store that cannot write
                report.directories_failed.append(f"{service}: {exc}")


LOOPBACK = ("127.0.0.1", "::1", "localhost")


def check_address(server: str) -> None:
    """An https:// address, or http:// only to this machine: interviews never cross a network in clear."""
    url = httpx.URL(server)
    if url.scheme not in ("http", "https") or not url.host:
        raise SyncError(f"{server!r} is not a server address such as https://egonet.example.org")
    if url.scheme == "http" and url.host not in LOOPBACK:
        raise SyncError(f"{server} is not encrypted: interviews are only sent over https://")


def _message(response: httpx.Response) -> str:
    try:
        return str(response.json().get("error", response.reason_phrase))
    except ValueError:
        return response.reason_phrase

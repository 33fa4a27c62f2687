"""The authorisation matrix: every endpoint, every role, own and other service, with the status each gets.

A patient of CGG Leuven has an interview on the server, and its protocol.  ``clin_leuven`` is a
clinician of that service, ``clin_namur`` a clinician of another; ``lead_leuven`` leads it and
``lead_namur`` leads another; the researcher works on CGG Leuven's data; the admin manages
users.  Leads, researchers and admins never read or write interviews; leads read only their own
service's figures, researchers only anonymised rows; protocols (not patient data) are read by
all but the admin; without a token everything is 401.  Another service's clinician gets what an
unknown interview or patient would get (403 for an upload naming a service not theirs, checked
before anything is looked up; 404 for a read): nothing tells which exist.
"""

from __future__ import annotations

import pytest

from egonet.protocol import default_protocol_text
from egonet.wire import dumps
from tests.server.helpers import BUILTIN, PROTOCOL, Client, interview, put

RESOURCES = b"id,kind,name,support,interests,languages,contact,description\n"
"""An empty directory of local resources (its header row)."""
CALLERS = ["clin_leuven", "clin_namur", "lead_leuven", "lead_namur", "researcher", "admin", None]

#                                           clinicians  leads     research admin  none
#                                           own  other  own other
EXPECTED: dict[str, tuple[int, ...]] = {
    "GET /v1/me": (200, 200, 200, 200, 200, 200, 401),
    "PUT /v1/interviews/{id}": (200, 403, 403, 403, 403, 403, 401),
    "GET /v1/interviews/{id}": (200, 404, 403, 403, 403, 403, 401),
    "GET /v1/patients": (200, 200, 403, 403, 403, 403, 401),
    "GET /v1/patients/{code}/interviews": (200, 404, 403, 403, 403, 403, 401),
    "PUT /v1/protocols/{protocol_id}/{version}": (200, 200, 403, 403, 403, 403, 401),
    "GET /v1/protocols/{protocol_id}/{version}": (200, 200, 200, 200, 200, 403, 401),
    "PUT /v1/services/{service}/resources": (403, 403, 201, 403, 403, 200, 401),
    "GET /v1/services/{service}/resources": (404, 403, 404, 403, 403, 404, 401),
    "GET /v1/services/{service}/summary": (403, 403, 200, 403, 403, 403, 401),
    "GET /v1/services/{service}/report": (403, 403, 404, 403, 403, 403, 401),
    "GET /v1/research/measures": (403, 403, 403, 403, 200, 403, 401),
    "GET /v1/research/export": (403, 403, 403, 403, 404, 403, 401),
    "GET /v1/admin/users": (403, 403, 403, 403, 403, 200, 401),
    "GET /v1/admin/audit": (403, 403, 403, 403, 403, 200, 401),
}


@pytest.mark.parametrize("endpoint", sorted(EXPECTED))
def test_every_endpoint_and_role_gets_the_expected_status(
    endpoint: str, client: Client, people: dict[str, str]
) -> None:
    stored = interview()
    assert put(client, people["clin_leuven"], stored)[0] == 201
    protocol = default_protocol_text().encode()
    text_plain = {"Content-Type": "text/plain"}
    assert (
        client.request("PUT", PROTOCOL, people["clin_leuven"], content=protocol, headers=text_plain).status_code == 200
    )
    method, template = endpoint.split(" ")
    url = template.format(
        id=stored.id, code=stored.patient.code, protocol_id="egonet-ssmi", version=BUILTIN, service="CGG Leuven"
    )
    got = []
    for caller in CALLERS:
        token = people[caller] if caller else None
        if method == "PUT":  # the same content again: a harmless repeat for whoever may write
            body = protocol if "protocols" in url else RESOURCES if "resources" in url else dumps(stored).encode()
            media = "text/plain" if "protocols" in url else "text/csv" if "resources" in url else "application/json"
            response = client.request(method, url, token, content=body, headers={"Content-Type": media})
        else:
            response = client.request(method, url, token)
        got.append(response.status_code)
        if response.status_code >= 400:
            assert set(response.json()) >= {"error"}, (endpoint, caller)
    assert tuple(got) == EXPECTED[endpoint], dict(zip(CALLERS, got, strict=True))


def test_the_matrix_covers_every_endpoint_of_the_api(client: Client) -> None:
    paths = client.loop.run_until_complete(client.http.get("/openapi.json")).json()["paths"]
    served = {f"{verb.upper()} {path.replace('{interview_id}', '{id}')}" for path, ops in paths.items() for verb in ops}
    assert served == set(EXPECTED)

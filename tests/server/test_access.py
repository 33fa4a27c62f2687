"""The authorisation matrix: every endpoint, every role, own and other service, with the status each gets.

A patient of CGG Leuven has an interview on the server.  ``clin_leuven`` is a clinician of that
service, ``clin_namur`` a clinician of another; the service lead, the researcher and the admin
never read or write interviews; without a token everything is 401.
"""

from __future__ import annotations

import pytest

from egonet.wire import dumps
from tests.server.conftest import Client
from tests.server.test_api import interview, put

CALLERS = ["clin_leuven", "clin_namur", "lead_leuven", "researcher", "admin", None]

#                         clin_leuven clin_namur lead researcher admin  none
EXPECTED: dict[str, tuple[int, ...]] = {
    "GET /v1/me": (200, 200, 200, 200, 200, 401),
    "PUT /v1/interviews/{id}": (200, 403, 403, 403, 403, 401),
    "GET /v1/interviews/{id}": (200, 403, 403, 403, 403, 401),
    "GET /v1/patients": (200, 200, 403, 403, 403, 401),
    "GET /v1/patients/{code}/interviews": (200, 403, 403, 403, 403, 401),
}


@pytest.mark.parametrize("endpoint", sorted(EXPECTED))
def test_every_endpoint_and_role_gets_the_expected_status(
    endpoint: str, client: Client, people: dict[str, str]
) -> None:
    stored = interview()
    assert put(client, people["clin_leuven"], stored)[0] == 201
    method, template = endpoint.split(" ")
    url = template.format(id=stored.id, code=stored.patient.code)
    got = []
    for caller in CALLERS:
        token = people[caller] if caller else None
        if method == "PUT":  # the same revision again: a harmless repeat for whoever may write
            response = client.request(method, url, token, content=dumps(stored).encode())
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

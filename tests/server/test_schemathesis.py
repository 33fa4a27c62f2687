"""The OpenAPI description matches what the server does: schemathesis generates requests from it
(valid and invalid) for every operation, on SQLite and PostgreSQL, and checks that no answer is a
5xx and that every answer (status, content type, body) is one the description allows.

Each operation is called with the token of a role that may use it (others get 403, which the
matrix in ``test_access.py`` covers), on a server holding demo interviews and their protocol.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Engine

from server.api import create_app
from server.settings import ServerSettings
from tests.server.helpers import Client, cohort, upload

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
ROLE_OF_PREFIX = {"/v1/services": "lead_leuven", "/v1/research": "researcher", "/v1/admin": "admin"}


@pytest.fixture
def seeded(settings: ServerSettings, engine: Engine, client: Client, people: dict[str, str]) -> dict[str, Any]:
    upload(client, people, cohort(5))
    return {"app": create_app(settings, engine=engine), "people": people}


@pytest.fixture
def api_schema(seeded: dict[str, Any]) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", seeded["app"])


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_is_described_and_none_is_a_server_error(case: Any, seeded: dict[str, Any]) -> None:
    role = next((r for prefix, r in ROLE_OF_PREFIX.items() if case.path.startswith(prefix)), "clin_leuven")
    case.call_and_validate(headers={"Authorization": f"Bearer {seeded['people'][role]}"}, checks=CHECKS)

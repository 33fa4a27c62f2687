"""The shapes of the API's answers (response models) and of its documented request bodies.

The OpenAPI description is built from these, so it says what the server does; schemathesis
checks every answer against it in CI.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from egonet.wire import schema

__all__ = [
    "AuditEntry",
    "ChangeSummary",
    "Difference",
    "Distribution",
    "ErrorBody",
    "Me",
    "PatientEntry",
    "Problem",
    "ServiceSummary",
    "Stored",
    "UserEntry",
    "WaveEntry",
    "WaveSummary",
    "document_components",
]

Value = float | int | str | None


class Problem(BaseModel):
    field: str
    message: str


class ErrorBody(BaseModel):
    """Every error: one line, and for a refused document the problems found in it."""

    error: str
    problems: list[Problem] | None = None
    stored_revision: int | None = None
    retry_after: int | None = None
    """Seconds to wait (also in the ``Retry-After`` header) after repeated failed authentications."""


class Me(BaseModel):
    name: str
    role: str
    services: list[str]


class Stored(BaseModel):
    """The answer to an upload: ``created``, ``updated`` or ``unchanged`` (a repeat)."""

    id: str
    result: str
    revision: int | None = None
    version: str | None = None


class PatientEntry(BaseModel):
    code: str
    service: str


class WaveEntry(BaseModel):
    id: str
    wave_index: int
    revision: int
    status: str


class Distribution(BaseModel):
    """A measure over the patients who have it (at least 5); no minimum or maximum."""

    n: int
    median: float | None
    q1: float | None
    q3: float | None
    mean: float | None
    sd: float | None


class Difference(BaseModel):
    n_pairs: int
    mean_before: float | None
    mean_after: float | None
    mean_diff: float | None
    sd_diff: float | None
    ci_low: float | None
    ci_high: float | None
    effect_size: float | None


class WaveSummary(BaseModel):
    wave_index: int
    wave_label: str
    n_patients: int | None
    suppressed: bool
    share_no_informal: float | None
    distributions: dict[str, Distribution | None]


class ChangeSummary(BaseModel):
    earlier_wave: int
    later_wave: int
    n_patients: int | None
    suppressed: bool
    changes: dict[str, Difference | None]


class ServiceSummary(BaseModel):
    service: str
    patients: int
    interviews: int
    completed: int
    not_measured: int
    small: int
    released_at: str
    """When these figures were frozen: they change only once 5 patients' interviews have."""
    waves: list[WaveSummary]
    changes: list[ChangeSummary]


class UserEntry(BaseModel):
    name: str
    role: str
    services: list[str]
    active_tokens: int
    created_at: str


class AuditEntry(BaseModel):
    id: int
    at: str
    user: str | None
    action: str
    resource: str
    outcome: int


def document_components() -> dict[str, Any]:
    """The interview document's JSON Schema as OpenAPI components (``InterviewDocument`` and its parts)."""
    document = {k: v for k, v in schema().items() if k not in ("$schema", "$id", "$defs")}
    parts = schema().get("$defs", {})
    out = {"InterviewDocument": document, **{f"InterviewDocument_{k}": v for k, v in parts.items()}}
    return _rewrite_refs(out)  # type: ignore[no-any-return]


def _rewrite_refs(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: ("#/components/schemas/InterviewDocument_" + v.rsplit("/", 1)[-1] if k == "$ref" else _rewrite_refs(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(v) for v in node]
    return node

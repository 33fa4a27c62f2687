"""The interview document: one versioned JSON object per interview, validated by a JSON Schema.

``interview.schema.json`` beside this module is the contract: the local store keeps these
documents, sync sends them, the server stores them, measures and exports read them.
"""

from __future__ import annotations

import itertools
import json
from datetime import UTC, date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any
from uuid import UUID

from egonet.errors import DocumentError, ModelError, Problem
from egonet.model import (
    Actor,
    Alter,
    AlterPresence,
    Goal,
    GoalReview,
    Interview,
    InterviewStatus,
    Outcome,
    Patient,
    Plan,
    Suggested,
    Tie,
    TieGroup,
    TieSource,
    Wave,
    tie_key,
)
from egonet.wire.schema import conforms, schema
from egonet.wire.strict import StrictJSONError, parse_strict
from egonet.wire.upgrade import SCHEMA_VERSION, upgrade

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

__all__ = [
    "FORMAT",
    "conforms",
    "document_problems",
    "dumps",
    "format_time",
    "from_document",
    "loads",
    "parse_time",
    "schema",
    "to_document",
]

FORMAT = "egonet.interview"
MAX_DOCUMENT_BYTES = 2_000_000
"""A document larger than this is refused before it is parsed (a network has at most 500 alters)."""

Document = dict[str, Any]


@cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # noqa: PLC0415  (~30 ms: only when a document is checked, not at start)

    return Draft202012Validator(schema())


def format_time(moment: datetime) -> str:
    """UTC, RFC 3339, with ``Z``."""
    if moment.tzinfo is None:
        raise ModelError("times are stored with a time zone", moment.isoformat())
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def to_document(interview: Interview) -> Document:
    """The current-version document of an interview."""
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "id": str(interview.id),
        "revision": interview.revision,
        "patient": {"code": interview.patient.code, "service": interview.patient.service},
        "wave": {"index": interview.wave.index, "label": interview.wave.label},
        "previous_interview": str(interview.previous_id) if interview.previous_id else None,
        "clinician": interview.clinician,
        "protocol": {"id": interview.protocol_id, "version": interview.protocol_version},
        "language": interview.language,
        "status": interview.status.value,
        "started_at": format_time(interview.started_at),
        "completed_at": format_time(interview.completed_at) if interview.completed_at else None,
        "updated_at": format_time(interview.updated_at) if interview.updated_at else None,
        "ego": {"answers": dict(interview.ego_answers)},
        "left_open": dict(interview.left_open),
        "alters": [
            {
                "id": str(a.id),
                "label": a.label,
                "generators": list(a.generators),
                "answers": dict(a.answers),
                "presence": a.presence.value,
                "carried": a.carried,
                "confirmed": list(a.confirmed),
            }
            for a in interview.alters.values()
        ],
        "ties": [
            {"a": str(t.a), "b": str(t.b), "value": t.value, "source": t.source.value} for t in interview.ties.values()
        ],
        "tie_census": {
            "reviewed": [str(i) for i in interview.ties_reviewed],
            "pending": {str(k): [str(i) for i in v] for k, v in interview.ties_pending.items()},
            "groups": [{"basis": g.basis, "members": [str(i) for i in g.members]} for g in interview.ties_groups],
        },
        "plan": _plan_document(interview.plan),
    }


def _id(value: UUID | None) -> str | None:
    return str(value) if value is not None else None


def _plan_document(plan: Plan) -> Document:
    return {
        "goals": [
            {
                "id": str(g.id),
                "kind": g.kind,
                "people": [str(i) for i in g.people],
                "others": list(g.others),
                "support": g.support,
                "service": g.service,
                "resource": g.resource,
                "interest": g.interest,
                "actor": g.actor.value,
                "review_on": g.review_on.isoformat() if g.review_on else None,
                "note": g.note,
                "suggestion": g.suggestion,
                "carried_from": _id(g.carried_from),
            }
            for g in plan.goals
        ],
        "reviews": [{"goal": str(r.goal), "outcome": r.outcome.value, "note": r.note} for r in plan.reviews],
        "suggested": [
            {"prompt": s.prompt, "people": [str(i) for i in s.people], "taken": _id(s.taken), "support": s.support}
            for s in plan.suggested
        ],
    }


MAX_PROBLEMS = 100
"""A document's schema problems are listed up to this many (found: a 1.8 MB upload broke the
schema 900,000 times, and the answer listing them all was 72 MB)."""


def document_problems(doc: object, where: str) -> list[Problem]:
    """How ``doc`` (already upgraded) breaks the JSON Schema, one problem each: the first
    :data:`MAX_PROBLEMS` met, in the order of their fields, then one saying there are more."""
    errors = list(itertools.islice(_validator().iter_errors(doc), MAX_PROBLEMS + 1))
    problems = []
    for error in sorted(errors[:MAX_PROBLEMS], key=lambda e: list(map(str, e.absolute_path))):
        field = ".".join(str(p) for p in error.absolute_path) or "document"
        problems.append(Problem(where, field, _short(error.message)))
    if len(errors) > MAX_PROBLEMS:
        problems.append(Problem(where, "document", f"and more problems than these {MAX_PROBLEMS}"))
    return problems


def _short(message: str, limit: int = 160) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"


def from_document(doc: object, where: str = "document", *, trusted: bool = False, quick: bool = False) -> Interview:
    """Upgrade, validate and build the interview; raise :class:`DocumentError` if broken.

    ``trusted``: the document was written by Egonet itself (the store's or the server's own
    copy), so the JSON Schema check, which costs some 40 ms on a large network, runs only if
    building the interview fails; the model's own checks still run.  Never for outside input.

    ``quick``: for outside input too.  The document is first checked by :func:`conforms`, the
    same schema compiled into the source of plain Python functions (some 150x faster than ``jsonschema``),
    which accepts only documents the schema accepts; only a document it does not accept goes
    through the full check, which says how it is broken.  The result is the same as without
    ``quick``, for every document: the same interview, or the same problems.
    """
    if not isinstance(doc, dict):
        raise DocumentError([Problem(where, "", "an interview document is a JSON object")])
    if doc.get("format", FORMAT) != FORMAT:
        raise DocumentError([Problem(where, "format", f"{doc.get('format')!r} is not an Egonet interview")])
    doc = upgrade(doc, where)
    if quick and not trusted and conforms(doc):
        try:
            return _build(doc)
        except ModelError as exc:  # as below: the schema accepts it, the model does not
            raise DocumentError([Problem(where, exc.where or "", exc.message)]) from None
    if trusted:
        try:
            _check_types(doc)
            return _build(doc)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError, ModelError):
            pass  # damaged: say how, below
    problems = document_problems(doc, where)
    if problems:
        raise DocumentError(problems)
    try:
        return _build(doc)
    except ModelError as exc:
        raise DocumentError([Problem(where, exc.where or "", exc.message)]) from None


def _day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ModelError(f"{text!r} is not a date", field) from None


def _uuid_or_none(text: str | None) -> UUID | None:
    return UUID(text) if text else None


def _build_plan(doc: Document) -> Plan:
    goals = [
        Goal(
            id=UUID(g["id"]),
            kind=g["kind"],
            people=[UUID(i) for i in g.get("people", [])],
            others=list(g.get("others", [])),
            support=g.get("support"),
            service=g.get("service"),
            resource=g.get("resource"),
            interest=g.get("interest"),
            actor=Actor(g.get("actor", "patient")),
            review_on=_day(g["review_on"], f"goal {g['id']}.review_on") if g.get("review_on") else None,
            note=g.get("note", ""),
            suggestion=g.get("suggestion"),
            carried_from=_uuid_or_none(g.get("carried_from")),
        )
        for g in doc.get("goals", [])
    ]
    reviews = [GoalReview(UUID(r["goal"]), Outcome(r["outcome"]), r.get("note", "")) for r in doc.get("reviews", [])]
    suggested = [
        Suggested(
            s["prompt"], tuple(UUID(i) for i in s.get("people", [])), _uuid_or_none(s.get("taken")), s.get("support")
        )
        for s in doc.get("suggested", [])
    ]
    return Plan(goals, reviews, suggested)


def _plan_types_ok(plan: object) -> bool:
    if not isinstance(plan, dict):
        return False
    text = (str, type(None))
    goals_ok = all(
        isinstance(g["kind"], str)
        and all(isinstance(o, str) for o in g.get("others", []))
        and all(isinstance(g.get(k), text) for k in ("support", "service", "resource", "interest", "suggestion"))
        and isinstance(g.get("note", ""), str)
        for g in plan.get("goals", [])
    )
    return goals_ok and all(isinstance(r.get("note", ""), str) for r in plan.get("reviews", []))


def _time(text: str, field: str) -> datetime:
    """A time the schema's pattern accepts but the calendar may not (``2026-02-30``, year 0)."""
    try:
        return parse_time(text)
    except (ValueError, OverflowError):
        raise ModelError(f"{text!r} is not a date and time", field) from None


_SCALAR = (str, int, float, bool)


def _answers_ok(answers: object) -> bool:
    return isinstance(answers, dict) and all(isinstance(v, _SCALAR) for v in answers.values())


def _check_types(doc: Document) -> None:
    """The types :func:`_build` takes as they are (the rest it converts, and fails on): a cheap
    guard of the trusted path; raise :class:`TypeError` so that the full check says what is wrong."""
    ok = (
        type(doc.get("revision")) is int
        and doc["revision"] >= 0
        and type(doc["wave"]["index"]) is int
        and all(isinstance(doc[k], str) for k in ("clinician", "language", "status"))
        and _answers_ok(doc["ego"]["answers"])
        and all(
            isinstance(a["label"], str)
            and isinstance(a["generators"], list)
            and all(isinstance(g, str) for g in a["generators"])
            and _answers_ok(a["answers"])
            and type(a["carried"]) is bool
            and isinstance(a.get("confirmed", []), list)
            and all(isinstance(q, str) for q in a.get("confirmed", []))
            for a in doc["alters"]
        )
        and isinstance(doc.get("left_open", {}), dict)
        and all(type(n) is int for n in doc.get("left_open", {}).values())
        and all(t.get("value") is None or isinstance(t["value"], _SCALAR) for t in doc["ties"])
        and _plan_types_ok(doc.get("plan", {}))
    )
    if not ok:
        raise TypeError("not the types of an interview document")


def _build(doc: Document) -> Interview:
    interview = Interview(
        id=UUID(doc["id"]),
        patient=Patient(doc["patient"]["code"], doc["patient"]["service"]),
        wave=Wave(doc["wave"]["index"], doc["wave"]["label"]),
        clinician=doc["clinician"],
        protocol_id=doc["protocol"]["id"],
        protocol_version=doc["protocol"]["version"],
        language=doc["language"],
        started_at=_time(doc["started_at"], "started_at"),
        status=InterviewStatus(doc["status"]),
        completed_at=_time(doc["completed_at"], "completed_at") if doc["completed_at"] else None,
        updated_at=_time(doc["updated_at"], "updated_at") if doc.get("updated_at") else None,
        revision=doc["revision"],
        previous_id=UUID(doc["previous_interview"]) if doc.get("previous_interview") else None,
        ego_answers=dict(doc["ego"]["answers"]),
        left_open=dict(doc.get("left_open", {})),
    )
    for a in doc["alters"]:
        alter = Alter(
            UUID(a["id"]),
            a["label"],
            list(a["generators"]),
            dict(a["answers"]),
            AlterPresence(a["presence"]),
            a["carried"],
            list(a.get("confirmed", [])),
        )
        interview.add_alter(alter)
    unsourced = []
    for t in doc["ties"]:
        a, b = UUID(t["a"]), UUID(t["b"])
        key = tie_key(a, b)
        if key in interview.ties:
            raise ModelError("a pair of alters has two ties", f"ties {a} {b}")
        interview.ties[key] = Tie(key[0], key[1], t.get("value"), TieSource(t.get("source", "asked")))
        if "source" not in t:
            unsourced.append(interview.ties[key])
    census = doc.get("tie_census", {})
    interview.ties_reviewed = [UUID(i) for i in census.get("reviewed", [])]
    interview.ties_pending = {UUID(k): [UUID(i) for i in v] for k, v in census.get("pending", {}).items()}
    interview.ties_groups = [
        TieGroup(tuple(UUID(i) for i in g["members"]), g["basis"]) for g in census.get("groups", [])
    ]
    interview.plan = _build_plan(doc.get("plan", {}))
    interview.check()
    for tie in unsourced:  # written before ties had a source: a copy from the previous wave not asked since
        ends = interview.alters[tie.a], interview.alters[tie.b]
        if all(e.carried for e in ends) and not interview.pair_asked(tie.a, tie.b):
            tie.source = TieSource.CARRIED
    return interview


def dumps(interview: Interview, *, indent: int | None = None) -> str:
    """The document as JSON text (UTF-8, non-ASCII kept)."""
    return json.dumps(
        to_document(interview),
        ensure_ascii=False,
        allow_nan=False,  # never write what is not JSON (NaN, Infinity)
        indent=indent,
        separators=None if indent else (",", ":"),
    )


def loads(text: str | bytes, where: str = "document", *, trusted: bool = False, quick: bool = False) -> Interview:
    """Parse JSON text into an interview; any problem is a :class:`DocumentError`.

    Outside input is parsed strictly (:func:`egonet.wire.strict.parse_strict`: no ``NaN`` or
    infinite numbers, no duplicate keys, no lone surrogates, bounded nesting); ``trusted`` and
    ``quick`` as in :func:`from_document` (``trusted``: only for documents Egonet wrote itself)."""
    if len(text) > MAX_DOCUMENT_BYTES:
        raise DocumentError([Problem(where, "", f"larger than {MAX_DOCUMENT_BYTES} bytes")])
    if trusted:
        try:
            doc = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise DocumentError([Problem(where, "", f"not valid JSON: {exc}")]) from None
    else:
        try:
            doc = parse_strict(text)
        except StrictJSONError as exc:
            raise DocumentError([Problem(where, "", str(exc))]) from None
    return from_document(doc, where, trusted=trusted, quick=quick)

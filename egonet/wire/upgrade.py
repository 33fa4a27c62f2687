"""Upgrading interview documents written by older schema versions.

Each step takes a document of version *n* and returns one of version *n + 1*; reading a
document runs every step from its version to :data:`SCHEMA_VERSION`.

Version 1 is the pre-release layout (kept so that files written by early pilots still open):
``version`` instead of ``schema_version``, alters with ``name`` and ``name_generators``, ties
as ``[a, b]`` pairs without strength, ego answers at the top level as ``ego_answers``, and no
follow-up fields (every alter present, none carried).  Version 3 adds the pairs still to ask
of alters named after the tie census began (``tie_census.pending``); version 4 what a follow-up
keeps (``confirmed``, ties' ``source``, group answers, ``left_open``); version 5 the support plan.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from egonet.errors import DocumentError, Problem

__all__ = ["SCHEMA_VERSION", "document_version", "upgrade"]

SCHEMA_VERSION = 5

Document = dict[str, Any]


def _v1_to_v2(doc: Document) -> Document:
    out = {k: v for k, v in doc.items() if k not in ("version", "ego_answers", "alters", "ties")}
    out["schema_version"] = 2
    out.setdefault("format", "egonet.interview")
    out.setdefault("previous_interview", None)
    out.setdefault("updated_at", None)
    out["ego"] = {"answers": doc.get("ego_answers", {})}
    out["alters"] = [
        {
            "id": a.get("id"),
            "label": a.get("name"),
            "generators": a.get("name_generators", []),
            "answers": a.get("answers", {}),
            "presence": "present",
            "carried": False,
        }
        if isinstance(a, dict)
        else a
        for a in doc.get("alters", [])
    ]
    out["ties"] = [
        {"a": t[0], "b": t[1], "value": None} if isinstance(t, list) and len(t) == 2 else t for t in doc.get("ties", [])
    ]
    return out


def _v2_to_v3(doc: Document) -> Document:
    """Version 3 adds ``tie_census.pending`` (optional): nothing to move."""
    return {**doc, "schema_version": 3}


def _v3_to_v4(doc: Document) -> Document:
    """Version 4 adds, all optional: ``left_open``, alters' ``confirmed``, ties' ``source`` and
    ``tie_census.groups``; a tie without a source is read as asked, or as carried when both its
    alters are carried and its pair was not asked (see :mod:`egonet.wire.document`)."""
    return {**doc, "schema_version": 4}


def _v4_to_v5(doc: Document) -> Document:
    """Version 5 adds the support plan (``plan``, optional): a document without one has no plan."""
    return {**doc, "schema_version": 5}


STEPS: dict[int, Callable[[Document], Document]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5}


def document_version(doc: Document) -> object:
    return doc.get("schema_version", doc.get("version"))


def upgrade(doc: Document, where: str) -> Document:
    """Bring ``doc`` to :data:`SCHEMA_VERSION`; raise :class:`DocumentError` if it cannot be."""
    version = document_version(doc)
    if not isinstance(version, int) or isinstance(version, bool):
        raise DocumentError([Problem(where, "schema_version", f"is missing or not an integer ({version!r})")])
    if version > SCHEMA_VERSION:
        message = f"schema version {version} is newer than this Egonet reads ({SCHEMA_VERSION}): update Egonet"
        raise DocumentError([Problem(where, "schema_version", message)])
    while version < SCHEMA_VERSION:
        step = STEPS.get(version)
        if step is None:
            raise DocumentError([Problem(where, "schema_version", f"schema version {version} is not one Egonet knows")])
        doc = step(doc)
        version += 1
    return doc

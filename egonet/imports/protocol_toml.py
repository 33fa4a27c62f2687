"""The protocol made for an import, written as a protocol file (TOML) that the store keeps.

The file is read back with Egonet's own protocol reader before anything is stored, so an
imported protocol is a protocol like any other (``egonet validate`` accepts it).  Its version
is a digest of its content: importing the same data with the same mapping again gives the same
protocol, and a different mapping a new version.
"""

from __future__ import annotations

import hashlib
import json

from egonet.errors import Problem, SourceError
from egonet.model import NameGenerator, Option, Protocol, Question, Text
from egonet.wire.protocol import FORMAT, FORMAT_VERSION, check_protocol_text

__all__ = ["imported_protocol"]


def _s(value: str) -> str:
    """A TOML basic string: JSON's escapes, and DEL escaped too (TOML forbids it raw)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _text(text: Text) -> str:
    return "{ " + ", ".join(f"{k} = {_s(v)}" for k, v in text.items()) + " }"


def _option(o: Option, header: str) -> list[str]:
    value = _s(o.value) if isinstance(o.value, str) else str(o.value)
    lines = [f"[[{header}.options]]", f"value = {value}", f"label = {_text(o.label)}"]
    return [*lines, "formal = true"] if o.formal else lines


def _question(q: Question, header: str) -> list[str]:
    lines = [f"[[{header}]]" if "." not in header else f"[{header}]", f"id = {_s(q.id)}", f"type = {_s(q.type.value)}"]
    lines += [f"text = {_text(q.text)}", f"short = {_text(q.short)}"]
    if q.role:
        lines.append(f"role = {_s(q.role)}")
    if q.integer:
        lines.append("integer = true")
    for option in q.options:
        lines += _option(option, header)
    return [*lines, ""]


def _generator(g: NameGenerator) -> list[str]:
    return [
        "[[name_generators]]",
        f"id = {_s(g.id)}",
        f"support_type = {_s(g.support_type)}",
        f"prompt = {_text(g.prompt)}",
        f"short = {_text(g.short)}",
        "",
    ]


def imported_protocol(draft: Protocol) -> tuple[Protocol, str]:
    """Write ``draft`` as a protocol file versioned by its content; return it as read back."""
    body = [f"languages = {json.dumps(list(draft.languages))}", f"default_language = {_s(draft.default_language)}"]
    body += [f"title = {_text(draft.title)}", f"description = {_text(draft.description)}"]
    body += ["alter_questions = []", ""] if not draft.alter_questions else [""]
    for generator in draft.name_generators:
        body += _generator(generator)
    for question in draft.alter_questions:
        body += _question(question, "alter_questions")
    for question in draft.ego_questions:
        body += _question(question, "ego_questions")
    tie = draft.tie_question
    body += ["[tie_question]", f"text = {_text(tie.text)}", f"short = {_text(tie.short)}", ""]
    if tie.strength is not None:
        body += _question(tie.strength, "tie_question.strength")
    digest = hashlib.sha256("\n".join(body).encode()).hexdigest()[:12]
    head = [
        f"# Made by `egonet import` from {draft.title.get(draft.default_language, draft.id)}.",
        f"format = {_s(FORMAT)}",
        f"format_version = {FORMAT_VERSION}",
        f"id = {_s(draft.id)}",
        f"version = {_s(digest)}",
    ]
    text = "\n".join([*head, *body]) + "\n"
    protocol, problems = check_protocol_text(text, f"protocol {draft.id} made for the import")
    if protocol is None:  # a bug of this module, or a mapping that asks for the impossible
        raise SourceError(problems or [Problem(draft.id, "", "the protocol made for the import is not valid")])
    return protocol, text

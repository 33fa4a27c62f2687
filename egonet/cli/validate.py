"""``egonet validate`` (a protocol or a document) and ``egonet protocol`` (the default one)."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import click

from egonet.cli.context import FILE, Env, file_option, output_option, pass_env
from egonet.errors import DocumentError, EgonetError, NotFoundError, Problem, ProtocolError
from egonet.model import interview_problems
from egonet.protocol import check_protocol_text, default_protocol_text, load_protocol
from egonet.wire import StrictJSONError, from_document, parse_strict

__all__ = ["protocol", "validate"]


@click.command(
    epilog="\b\nExamples:\n  egonet validate my-protocol.toml\n"
    "  egonet validate interview.json --protocol my-protocol.toml"
)
@click.argument("file", type=FILE)
@file_option(
    "--protocol",
    "protocol_file",
    help="Protocol to check a document's answers against (default: the built-in one, or one in the store).",
)
@pass_env
def validate(env: Env, file: Path, protocol_file: Path | None) -> None:
    """Check a protocol file (.toml) or interview documents (.json, .jsonl).

    Every problem is printed on its own line with the file, the field and what is wrong;
    the exit code is non-zero if there is any.
    """
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise EgonetError(f"cannot read the file: {exc.strerror}", str(file)) from None
    if file.suffix.lower() == ".toml" or (
        not data.lstrip().startswith(b"{") and file.suffix.lower() not in (".json", ".jsonl")
    ):
        _validate_protocol(file, data)
    else:
        _validate_documents(env, file, data, protocol_file)


def _validate_protocol(file: Path, data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError([Problem(str(file), "", "not UTF-8 text")]) from None
    found, problems = check_protocol_text(text, str(file))
    if found is None:
        raise ProtocolError(problems)
    click.echo(
        f"{file}: protocol {found.id} {found.version} is valid: {len(found.name_generators)} name generators, "
        f"{len(found.alter_questions)} alter questions, {len(found.ego_questions)} ego questions, "
        f"languages {', '.join(found.languages)}"
    )


def _validate_documents(env: Env, file: Path, data: bytes, protocol_file: Path | None) -> None:
    given = load_protocol(protocol_file) if protocol_file else None
    problems: list[Problem] = []
    count = 0
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentError([Problem(str(file), "", "not UTF-8 text")]) from None
    lines = [text] if file.suffix.lower() == ".json" else text.splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        here = f"{file}:{number}" if len(lines) > 1 else str(file)
        try:
            interview = from_document(parse_strict(line), here)
        except StrictJSONError as exc:
            problems.append(Problem(here, "", str(exc)))
            continue
        except DocumentError as exc:
            problems += exc.problems
            continue
        count += 1
        try:
            proto = given or env.protocol_of(interview)
        except NotFoundError as exc:
            problems.append(Problem(here, "protocol", f"{exc.message}; give it with --protocol"))
            continue
        problems += [Problem(here, "", p) for p in interview_problems(interview, proto)]
    if problems:
        raise DocumentError(problems)
    if count == 0:
        raise DocumentError([Problem(str(file), "", "holds no interview document")])
    click.echo(f"{file}: {count} interview document(s), all valid")


@click.command(
    epilog="\b\nExample:\n  egonet protocol -o my-protocol.toml\n"
    "  (then edit it, and check it with: egonet validate my-protocol.toml)"
)
@output_option
def protocol(output: IO[str]) -> None:
    """Print the built-in protocol (TOML), a starting point for a protocol of your own."""
    output.write(default_protocol_text())

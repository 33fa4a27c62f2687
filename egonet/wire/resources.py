"""A service's directory of local resources as a CSV file, read with every problem reported at once.

The service's secretary edits it in a spreadsheet: UTF-8 (a byte-order mark is accepted), a
header row naming the columns :data:`COLUMNS` (in any order, each once), then one resource a
row.  ``support``, ``interests`` and ``languages`` are lists separated by ``;``.  Rows whose
cells are all empty are skipped (spreadsheets add them).  The format is in the README ("Local
resources").  :func:`check_directory_text` returns the problems of a file, each with the file,
the line (the line where the row starts) and the column; :func:`load_directory` returns the
:class:`~egonet.model.Directory` or raises :class:`~egonet.errors.DirectoryError` with all of
them; :func:`directory_text` writes the file again (reading what it writes gives the same
directory, and writing that gives the same text).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from egonet.errors import DirectoryError, Problem
from egonet.model import RESOURCE_ID as RESOURCE_PATTERN
from egonet.model import RESOURCE_KINDS, SUPPORT_TYPES, Directory, Resource

__all__ = [
    "COLUMNS",
    "MAX_DIRECTORY_BYTES",
    "MAX_RESOURCES",
    "check_directory_text",
    "directory_text",
    "load_directory",
]

COLUMNS = ("id", "kind", "name", "support", "interests", "languages", "contact", "description")
MAX_RESOURCES = 2000
MAX_DIRECTORY_BYTES = 1_000_000
MAX_NAME, MAX_TEXT = 120, 500
RESOURCE_ID = re.compile(RESOURCE_PATTERN)
INTEREST = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Control characters (not tab or newline), line and paragraph separators and the bidirectional
controls (which can make a name read backwards): never in a cell."""
FORMULA = re.compile(r"^(?:[=@\t\r]|[+-][^\d\s])")
"""A cell a spreadsheet would run as a formula (``=HYPERLINK(…)``, ``@SUM``, ``+cmd``): refused, as
the secretary opens this very file (a phone number such as ``+32 81 …`` stays)."""
MAX_PROBLEMS = 100
"""A file's problems are listed up to this many, then one line says how many more."""
BOM = "\ufeff"


class _Row:
    """One row's cells by column, and the problems found in it."""

    def __init__(self, where: str, line: int, cells: dict[str, str], problems: list[Problem]) -> None:
        self.where, self.line, self.cells, self.problems = where, line, cells, problems

    def fail(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.where, f"line {self.line}, {column}", message))

    def text(self, column: str, most: int, *, required: bool = False, lines: bool = False) -> str:
        if column not in self.cells:
            return ""  # a missing column is one problem of the header, not one a row
        value = self.cells.get(column, "").replace("\r\n", "\n").replace("\r", "\n").strip()
        if required and not value:
            self.fail(column, "is empty")
        elif len(value) > most:
            self.fail(column, f"is {len(value)} characters long (at most {most})")
        elif CONTROL.search(value) or (not lines and ("\n" in value or "\t" in value)):
            self.fail(column, "holds a control character" + ("" if lines else " or a line break"))
        elif FORMULA.match(value):
            self.fail(column, "starts like a spreadsheet formula (=, @, + or - and a letter)")
        return value

    def names(self, column: str, allowed: re.Pattern[str] | tuple[str, ...], what: str) -> tuple[str, ...]:
        out: list[str] = []
        for item in (x.strip() for x in self.cells.get(column, "").split(";")):
            if not item:
                continue  # "a;b;" and an empty cell: nothing more
            if isinstance(allowed, tuple) and item not in allowed:
                self.fail(column, f"{item[:40]!r} is not a support type ({', '.join(allowed)})")
            elif isinstance(allowed, re.Pattern) and not allowed.match(item):
                self.fail(column, f"{item[:40]!r} is not {what}")
            elif item in out:
                self.fail(column, f"{item!r} is listed twice")
            else:
                out.append(item)
        return tuple(out)


def _resource(row: _Row, seen: set[str]) -> Resource | None:
    before = len(row.problems)
    rid = row.text("id", 64, required=True)
    if rid and not RESOURCE_ID.match(rid):
        row.fail("id", f"{rid[:70]!r} is not an id (1-64 lowercase letters, digits, '_' or '-')")
    elif rid in seen:
        row.fail("id", f"resource {rid!r} is listed twice")
    seen.add(rid)
    kind = row.text("kind", 40, required=True)
    if kind and kind not in RESOURCE_KINDS:
        row.fail("kind", f"{kind[:40]!r} is not a kind of resource ({', '.join(RESOURCE_KINDS)})")
    name = row.text("name", MAX_NAME, required=True)
    support = row.names("support", SUPPORT_TYPES, "a support type")
    interests = row.names("interests", INTEREST, "an interest (a lowercase id such as 'walking')")
    languages = row.names("languages", LANGUAGE, "a language code such as 'fr' (2 or 3 lowercase letters)")
    contact = row.text("contact", MAX_TEXT, lines=True)
    description = row.text("description", MAX_TEXT, lines=True)
    if len(row.problems) > before:
        return None
    return Resource(rid, name, kind, support, interests, languages, contact, description)


def _header(cells: list[str], where: str, line: int, problems: list[Problem]) -> list[str]:
    names = [c.strip().lower() for c in cells]
    known = ", ".join(COLUMNS)
    if len(names) > 2 * len(COLUMNS):
        problems.append(Problem(where, f"line {line}", f"has {len(names)} columns, not the {len(COLUMNS)} ({known})"))
        return names
    seen: set[str] = set()
    for name in names:
        if name not in COLUMNS:
            problems.append(Problem(where, f"line {line}, {name[:40] or '(empty)'}", f"is not a column ({known})"))
        elif name in seen:
            problems.append(Problem(where, f"line {line}, {name}", "is a column named twice"))
        seen.add(name)
    for name in COLUMNS:
        if name not in names:
            problems.append(Problem(where, f"line {line}", f"the column {name!r} is missing (columns: {known})"))
    return names


def check_directory_text(text: str, where: str, service: str) -> tuple[Directory | None, list[Problem]]:
    """The directory of ``service`` in ``text`` (``None`` if it has any problem) and every problem."""
    text = text.removeprefix(BOM)
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        return None, [Problem(where, "", "is not valid Unicode text")]
    if size > MAX_DIRECTORY_BYTES:
        return None, [Problem(where, "", f"the file is larger than {MAX_DIRECTORY_BYTES:,} bytes")]
    problems: list[Problem] = []
    resources: list[Resource] = []
    seen: set[str] = set()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    line, rows = 1, 0
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1  # the line this row starts on; the next one's
            if len(problems) > MAX_PROBLEMS:
                break  # enough to say what is wrong; the count of the rest would cost as much
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = _header(cells, where, start, problems)
                if len(header) > 2 * len(COLUMNS):
                    break  # rows read by such a header would only repeat it
                continue
            if len(cells) != len(header):
                problems.append(Problem(where, f"line {start}", f"has {len(cells)} cells, the header {len(header)}"))
                continue
            rows += 1
            if rows > MAX_RESOURCES:
                problems.append(Problem(where, f"line {start}", f"more than {MAX_RESOURCES:,} resources"))
                break
            row = _Row(where, start, dict(zip(header, cells, strict=True)), problems)
            found = _resource(row, seen)
            if found is not None:
                resources.append(found)
    except csv.Error as exc:
        problems.append(Problem(where, f"line {reader.line_num}", f"not valid CSV: {exc}"))
    if header is None and not problems:
        problems.append(Problem(where, "line 1", f"the header row is missing (columns: {', '.join(COLUMNS)})"))
    if len(problems) > MAX_PROBLEMS:
        problems = [*problems[:MAX_PROBLEMS], Problem(where, f"line {line}", "and more problems: fix these first")]
    if problems:
        return None, problems
    return Directory(service, tuple(resources)), []


def load_directory(path: Path, service: str) -> Directory:
    """Read and check a directory file; raise :class:`DirectoryError` listing every problem."""
    where = str(path)
    try:
        if path.stat().st_size > MAX_DIRECTORY_BYTES + len(BOM.encode()):
            raise DirectoryError([Problem(where, "", f"the file is larger than {MAX_DIRECTORY_BYTES:,} bytes")])
        data = path.read_bytes()
    except OSError as exc:
        raise DirectoryError([Problem(where, "", f"cannot read the file: {exc.strerror or exc}")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = "is not UTF-8 text (save the file as 'CSV UTF-8' from the spreadsheet)"
        raise DirectoryError([Problem(where, f"line {line}", message)]) from None
    directory, problems = check_directory_text(text, where, service)
    if directory is None:
        raise DirectoryError(problems)
    return directory


def directory_text(directory: Directory) -> str:
    """The directory as its CSV file (the columns in :data:`COLUMNS` order, ``\\n`` line ends)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in directory.resources:
        lists = (";".join(r.support), ";".join(r.interests), ";".join(r.languages))
        writer.writerow((r.id, r.kind, r.name, *lists, r.contact, r.description))
    return out.getvalue()

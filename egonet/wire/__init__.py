"""Versioned JSON interview documents and protocol files, shared by the client, the server and the exports;
and the private (0600 / 0700) files and folders they are kept in."""

from __future__ import annotations

from egonet.errors import DocumentError, Problem
from egonet.wire.document import (
    FORMAT,
    MAX_DOCUMENT_BYTES,
    document_problems,
    dumps,
    format_time,
    from_document,
    loads,
    parse_time,
    to_document,
)
from egonet.wire.private import private_file, private_folder
from egonet.wire.protocol import check_protocol_text, load_protocol, parse_protocol
from egonet.wire.schema import conforms, schema
from egonet.wire.strict import StrictJSONError, parse_strict
from egonet.wire.upgrade import SCHEMA_VERSION, upgrade

__all__ = [
    "FORMAT",
    "MAX_DOCUMENT_BYTES",
    "SCHEMA_VERSION",
    "DocumentError",
    "Problem",
    "StrictJSONError",
    "check_protocol_text",
    "conforms",
    "document_problems",
    "dumps",
    "format_time",
    "from_document",
    "load_protocol",
    "loads",
    "parse_protocol",
    "parse_strict",
    "parse_time",
    "private_file",
    "private_folder",
    "schema",
    "to_document",
    "upgrade",
]

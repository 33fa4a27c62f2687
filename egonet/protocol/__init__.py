"""Interview protocols: the built-in default protocol, and protocol files (parsed in :mod:`egonet.wire.protocol`)."""

from __future__ import annotations

from egonet.protocol.builtin import (
    DEFAULT_PROTOCOL_ID,
    builtin_protocol,
    builtin_protocol_text,
    default_protocol,
    default_protocol_text,
)
from egonet.wire.protocol import check_protocol_text, load_protocol, parse_protocol

__all__ = [
    "DEFAULT_PROTOCOL_ID",
    "builtin_protocol",
    "builtin_protocol_text",
    "check_protocol_text",
    "default_protocol",
    "default_protocol_text",
    "load_protocol",
    "parse_protocol",
]

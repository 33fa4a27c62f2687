"""The built-in protocol: mapping the social support of people with a severe mental illness.

Five name generators (emotional, practical, informational and companionship support, and care
from professionals), in English, French and Dutch; see ``default.toml`` beside this module.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from egonet.errors import ProtocolError
from egonet.model import Protocol
from egonet.wire.protocol import check_protocol_text

__all__ = ["DEFAULT_PROTOCOL_ID", "builtin_protocol", "default_protocol", "default_protocol_text"]

DEFAULT_PROTOCOL_ID = "egonet-ssmi"


def default_protocol_text() -> str:
    """The TOML text of the default protocol (a starting point for a custom one)."""
    return files("egonet.protocol").joinpath("default.toml").read_text(encoding="utf-8")


@cache
def default_protocol() -> Protocol:
    protocol, problems = check_protocol_text(default_protocol_text(), "egonet/protocol/default.toml")
    if protocol is None:  # a broken built-in is a bug, but say what is wrong
        raise ProtocolError(problems)
    return protocol


def builtin_protocol(protocol_id: str, version: str) -> Protocol | None:
    """The built-in protocol with this id and version, if there is one."""
    protocol = default_protocol()
    return protocol if (protocol.id, protocol.version) == (protocol_id, version) else None

"""The built-in protocol: mapping the social support of people with a severe mental illness.

Five name generators (emotional, practical, informational and companionship support, and care
from professionals) and the kinds of goal of the support plan, in English, French and Dutch; see
``default.toml`` beside this module.  Earlier versions stay built in, unchanged, so that
interviews asked with them open and measure as they were: ``egonet-ssmi-1.0.0.toml`` (before
the support plan).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from egonet.errors import ProtocolError
from egonet.model import Protocol
from egonet.wire.protocol import check_protocol_text

__all__ = [
    "DEFAULT_PROTOCOL_ID",
    "builtin_protocol",
    "builtin_protocol_text",
    "default_protocol",
    "default_protocol_text",
]

DEFAULT_PROTOCOL_ID = "egonet-ssmi"
_EARLIER = {"1.0.0": "egonet-ssmi-1.0.0.toml"}
"""Earlier versions of the built-in protocol, by version: their files beside this module."""


def _text(name: str) -> str:
    return files("egonet.protocol").joinpath(name).read_text(encoding="utf-8")


def default_protocol_text() -> str:
    """The TOML text of the default protocol (a starting point for a custom one)."""
    return _text("default.toml")


@cache
def _parsed(name: str) -> Protocol:
    protocol, problems = check_protocol_text(_text(name), f"egonet/protocol/{name}")
    if protocol is None:  # a broken built-in is a bug, but say what is wrong
        raise ProtocolError(problems)
    return protocol


def default_protocol() -> Protocol:
    """The current built-in protocol (new interviews use it)."""
    return _parsed("default.toml")


def _file(protocol_id: str, version: str) -> str | None:
    if protocol_id != DEFAULT_PROTOCOL_ID:
        return None
    return "default.toml" if version == default_protocol().version else _EARLIER.get(version)


def builtin_protocol(protocol_id: str, version: str) -> Protocol | None:
    """The built-in protocol with this id and version (the current one or an earlier), if any."""
    name = _file(protocol_id, version)
    return _parsed(name) if name is not None else None


def builtin_protocol_text(protocol_id: str, version: str) -> str | None:
    """The TOML text of that built-in protocol, if there is one."""
    name = _file(protocol_id, version)
    return _text(name) if name is not None else None

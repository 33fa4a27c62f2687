"""Work that depends only on the protocol, done once per protocol rather than once per interview."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from egonet.model import Protocol

__all__ = ["per_protocol"]

T = TypeVar("T")

_KEPT = 32


def per_protocol(build: Callable[[Protocol], T]) -> Callable[[Protocol], T]:
    """``build(protocol)``, kept for the last protocols seen.  A protocol is immutable, so the
    object itself is the key (held, so its ``id`` cannot be reused while kept)."""
    kept: dict[int, tuple[Protocol, T]] = {}

    def planned(protocol: Protocol) -> T:
        hit = kept.get(id(protocol))
        if hit is not None and hit[0] is protocol:
            return hit[1]
        if len(kept) >= _KEPT:
            kept.clear()
        plan = build(protocol)
        kept[id(protocol)] = (protocol, plan)
        return plan

    return planned

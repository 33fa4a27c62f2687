"""A service's directory of local resources that goals of the support plan can point to.

A resource is a generic social service, a peer-support group, an activity, an association or a
mental-health service (:data:`~egonet.model.RESOURCE_KINDS`), with the kinds of support it offers
(:data:`~egonet.model.SUPPORT_TYPES`), the interests it fits (``sport``, ``music``, ...: the
directory's own words, lowercase ids), the languages it works in, and how to reach it.  The
service edits the directory as a file (read by :mod:`egonet.wire.resources`); a server keeps
it and every laptop of the service gets it when it syncs.

Pure Python: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from egonet.model.protocol import GoalKind

__all__ = ["RESOURCE_ID", "Directory", "Resource"]

RESOURCE_ID = r"^[a-z0-9][a-z0-9_-]{0,63}$"
"""A resource's id, in the directory's file and in a goal that names it (the document's schema
says the same: a test checks)."""


@dataclass(frozen=True, slots=True)
class Resource:
    """One local resource (see the module's docstring)."""

    id: str
    name: str
    kind: str
    support: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    contact: str = ""
    """Phone, e-mail, address or opening hours, as the service writes them."""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Directory:
    """The local resources of one service, in the directory's order."""

    service: str
    resources: tuple[Resource, ...] = ()

    def resource(self, resource_id: str) -> Resource | None:
        return next((r for r in self.resources if r.id == resource_id), None)

    def fitting(
        self, kind: GoalKind, support: str | None = None, interest: str | None = None, language: str | None = None
    ) -> list[Resource]:
        """The resources a goal of ``kind`` may point to, best first: those of a kind the goal
        kind offers, then ordered by how many of ``support`` (a support type), ``interest`` and
        ``language`` they match (ties keep the directory's order)."""
        offered = [r for r in self.resources if r.kind in kind.resources]

        def score(r: Resource) -> int:
            return (support in r.support) + (interest in r.interests) + (language in r.languages)

        return sorted(offered, key=lambda r: -score(r))

    def interests(self) -> list[str]:
        """Every interest the directory names, in the order first met."""
        return list(dict.fromkeys(i for r in self.resources for i in r.interests))

"""How a goal of the support plan reads on the screens: shared by the plan step and the review of
the last plan (which reads the previous wave's goals with the previous wave's protocol)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from uuid import UUID

from egonet.errors import EgonetError
from egonet.model import Goal, Protocol
from egonet.tui.strings import t
from egonet.tui.widgets.base import localise

__all__ = ["goal_details", "goal_line", "kind_label", "parse_date", "people_names", "service_label", "support_label"]

_SHIFT = re.compile(r"\+(\d{1,3})([dwmy])")


def kind_label(protocol: Protocol, kind: str, language: str) -> str:
    try:
        return localise(protocol.goal_kind(kind).label, language, protocol)
    except EgonetError:
        return kind


def support_label(protocol: Protocol, support: str, language: str) -> str:
    try:
        return localise(protocol.generator(support).short, language, protocol)
    except EgonetError:
        return support


def service_label(protocol: Protocol, service: str, language: str) -> str:
    setting = protocol.alter_question_with_role("setting")
    option = setting.option(service) if setting is not None else None
    return localise(option.label, language, protocol) if option is not None else service


def people_names(goal: Goal, labels: Mapping[UUID, str], language: str) -> list[str]:
    """The people a goal names: alters by their label, people outside the network marked new."""
    return [labels.get(p, "?") for p in goal.people] + [t(language, "goal_other", name=o) for o in goal.others]


def goal_line(goal: Goal, protocol: Protocol, labels: Mapping[UUID, str], language: str) -> str:
    """One line: the kind, then the people (or the support or the service) it names."""
    named = people_names(goal, labels, language)
    if goal.support is not None:
        named.append(support_label(protocol, goal.support, language))
    if goal.service is not None:
        named.append(service_label(protocol, goal.service, language))
    kind = kind_label(protocol, goal.kind, language)
    return t(language, "goal_line", kind=kind, named=", ".join(named)) if named else kind


def goal_details(
    goal: Goal, protocol: Protocol, labels: Mapping[UUID, str], language: str, resource: str | None = None
) -> str:
    """What the line leaves out: who acts, the resource, when to look again, the note."""
    parts = [t(language, "goal_by", actor=t(language, f"actor_{goal.actor.value}"))]
    if resource:
        parts.append(resource)
    if goal.review_on is not None:
        parts.append(t(language, "goal_again", date=goal.review_on.isoformat()))
    if goal.carried_from is not None:
        parts.append(t(language, "goal_carried"))
    details = " · ".join(parts)
    return f"{details}\n“{goal.note}”" if goal.note else details


def parse_date(text: str, today: date) -> date | None:
    """``YYYY-MM-DD``, or a shift from ``today``: ``+10d``, ``+2w``, ``+3m`` (calendar months,
    the day kept or the month's last), ``+1y``; ``None`` if it is neither."""
    text = text.strip()
    found = _SHIFT.fullmatch(text)
    if found is None:
        try:
            return date.fromisoformat(text) if len(text) == 10 else None
        except ValueError:
            return None
    n, unit = int(found[1]), found[2]
    if unit in "dw":
        return today + timedelta(days=n * (7 if unit == "w" else 1))
    months = today.month - 1 + n * (12 if unit == "y" else 1)
    year, month = today.year + months // 12, months % 12 + 1
    for day in range(today.day, 0, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None  # pragma: no cover - day 1 always exists

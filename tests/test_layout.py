"""The map layout (egonet.layout) and its drawing in character cells (egonet.tui.drawing)."""

from __future__ import annotations

import math
import uuid

from egonet.layout import INNER, OUTER, radial_layout
from egonet.model import Alter, Protocol
from egonet.tui.drawing import MapAlter, draw_map, symbol


def person(name: str, relationship: str | None = None, closeness: int | None = None) -> Alter:
    answers: dict[str, str | int] = {}
    if relationship:
        answers["relationship"] = relationship
    if closeness:
        answers["closeness"] = closeness
    return Alter(uuid.uuid4(), name, ["emotional"], answers)


def test_closer_people_are_nearer_the_centre_and_the_unanswered_on_the_outer_ring(protocol: Protocol) -> None:
    people = [person("a", "friend", 3), person("b", "friend", 2), person("c", "friend", 1), person("d", "friend")]
    placed = radial_layout(people, protocol)
    radii = [math.hypot(placed[p.id].x, placed[p.id].y) for p in people]
    assert radii == sorted(radii) and radii[0] < radii[1] < radii[2] < radii[3]
    assert math.isclose(radii[0], INNER) and math.isclose(radii[3], OUTER)
    assert [placed[p.id].ring for p in people] == [0, 1, 2, 3]


def test_people_of_one_relationship_sit_together_in_naming_order(protocol: Protocol) -> None:
    kinds = ["friend", "family", "friend", "health_professional", "family", "friend"]
    people = [person(str(k), kind, 2) for k, kind in enumerate(kinds)]
    placed = radial_layout(people, protocol)

    def angle(p: Alter) -> float:
        return (math.atan2(placed[p.id].y, placed[p.id].x) + math.pi / 2) % (2 * math.pi)

    around = sorted(people, key=angle)
    groups = [placed[p.id].group for p in around]
    assert groups == sorted(groups)  # family (1), friend (2), health professional (6): contiguous sectors
    friends = [p.label for p in around if p.answers["relationship"] == "friend"]
    assert friends == ["0", "2", "5"]
    assert all(-1 <= placed[p.id].x <= 1 and -1 <= placed[p.id].y <= 1 for p in people)


def test_the_drawing_shows_ego_every_alter_by_symbol_and_the_ties(protocol: Protocol) -> None:
    people = [person("Anna", "family", 3), person("Bob", "friend", 1), person("Cleo", "health_professional", 2)]
    placed = radial_layout(people, protocol)
    shown = [MapAlter(placed[p.id], p.label, p.label == "Cleo") for p in people]
    text = draw_map(shown, [(people[0].id, people[1].id)], 60, 20, ego_label="YOU", rings=3).plain
    lines = text.split("\n")
    assert len(lines) == 20 and all(len(line) == 60 for line in lines)
    assert "YOU" in lines[10] or "YOU" in lines[9]
    for p in people:
        assert f"{symbol(placed[p.id].group)}{p.label}" in text
    assert any(ch in text for ch in "-|/\\")  # the tie between Anna and Bob


def test_without_ties_no_line_is_drawn(protocol: Protocol) -> None:
    people = [person("Anna", "family", 3), person("Bob", "friend", 1)]
    placed = radial_layout(people, protocol)
    text = draw_map([MapAlter(placed[p.id], p.label, False) for p in people], [], 60, 20, ego_label="YOU").plain
    assert not any(ch in text for ch in "-|/\\")

"""The live network map: ego at the centre, alters on closeness rings, grouped by relationship.

Each relationship has its own symbol (so nothing is told by colour alone); professionals are
drawn in cyan, lay people in green.  Every person has their full label beside their symbol, or,
where it does not fit, a number that the key under the map resolves ("3 Dr Martin"); a legend
under it names the symbols in use.  In the plan step the people of the selected goal are marked
(:attr:`NetworkMap.marked`): ``»`` before their label and reverse video, named in the legend.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from rich.console import Group, RenderableType
from rich.text import Text
from textual.widget import Widget

from egonet.layout import radial_layout
from egonet.model import Protocol
from egonet.session import InterviewSession
from egonet.tui.drawing import MARKED, MapAlter, MapDrawing, key_lines, plan_map, symbol
from egonet.tui.strings import t
from egonet.tui.widgets.base import localise

__all__ = ["NetworkMap", "fit_map", "map_content"]

MIN_HEIGHT = 3
"""The map keeps at least this many rows; the key under it takes what the map does not need."""


def map_content(
    session: InterviewSession, marked: frozenset[UUID] = frozenset()
) -> tuple[list[MapAlter], list[tuple[UUID, UUID]], int]:
    """The people of the session's map (those of ``marked`` marked), its ties and its number of
    closeness rings."""
    interview, protocol = session.interview, session.protocol
    alters = interview.active_alters()
    placed = radial_layout(alters, protocol)
    relationship = protocol.alter_question_with_role("relationship")
    formal_values = {o.value for o in relationship.options if o.formal} if relationship else set()
    kind = relationship.id if relationship else ""
    shown = [
        MapAlter(
            placed[a.id], a.label, (a.answers[kind] in formal_values) if kind in a.answers else None, a.id in marked
        )
        for a in alters
    ]
    closeness = protocol.alter_question_with_role("closeness")
    ties = [(tie.a, tie.b) for tie in interview.active_ties()]
    return shown, ties, len(closeness.options) if closeness else 0


def fit_map(
    shown: Sequence[MapAlter],
    ties: Sequence[tuple[UUID, UUID]],
    width: int,
    room: int,
    *,
    ego_label: str,
    rings: int,
) -> tuple[MapDrawing, list[Text]]:
    """The map and the key of its marks in ``room`` rows: the tallest map whose key fits under it
    and that leaves nobody out (the fewer rows the map has, the more people need a mark)."""
    best: tuple[tuple[int, int], MapDrawing, list[Text]] | None = None
    height, tried = max(room, MIN_HEIGHT), set()
    while height not in tried:
        tried.add(height)
        drawing = plan_map(shown, ties, width, height, ego_label=ego_label, rings=rings)
        keys = key_lines(drawing.keys, width)
        fits = keys[: max(room - height, 0)]
        unresolved = (
            len(shown) - len(drawing.spots) + len(drawing.keys) - sum(line.plain.count("  ") + 1 for line in fits)
        )
        score = (unresolved, len(drawing.keys))
        if best is None or score < best[0]:
            best = (score, drawing, fits)
        if unresolved == 0 or height == MIN_HEIGHT:
            break
        height = max(min(height - 1, room - len(keys)), MIN_HEIGHT)
    assert best is not None
    return best[1], best[2]


class NetworkMap(Widget):
    """Draws the session's interview; call :meth:`refresh` after a change."""

    DEFAULT_CSS = "NetworkMap { height: 1fr; width: 1fr; }"

    def __init__(self, session: InterviewSession, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.drawing: MapDrawing | None = None
        """The last drawing (its symbols, labels and marks), for tests."""
        self.marked: frozenset[UUID] = frozenset()
        """The people to mark (the selected goal's, in the plan step): set, then :meth:`refresh`."""

    def render(self) -> RenderableType:
        interview, protocol = self.session.interview, self.session.protocol
        language = interview.language
        shown, ties, rings = map_content(self.session, self.marked)
        width = max(self.size.width, 1)
        marking = any(a.marked for a in shown)
        legend = self._legend(protocol, language, {a.placed.group for a in shown}, max(width, 20), marking=marking)
        room = self.size.height - len(legend.split()) - 1  # rows for the map and the key under it
        drawing, keys = fit_map(shown, ties, width, room, ego_label=t(language, "you").upper(), rings=rings)
        self.drawing = drawing
        title = Text(t(language, "map_title", n=len(shown), ties=len(ties)), style="bold")
        return Group(title, drawing.text, *keys, legend)

    def _legend(
        self, protocol: Protocol, language: str, groups: set[int | None], width: int, *, marking: bool = False
    ) -> Text:
        """The symbols in use and what they mean, packed into lines of ``width`` (an entry never breaks)."""
        relationship = protocol.alter_question_with_role("relationship")
        entries: list[tuple[str, str]] = []
        if relationship is not None:
            for k, option in enumerate(relationship.options):
                if k in groups:
                    label = localise(option.label, language, protocol)
                    entries.append((f"{symbol(k)} {label}", "cyan" if option.formal else "green"))
        if None in groups:
            entries.append((f"{symbol(None)} {t(language, 'unknown')}", "yellow"))
        if marking:
            entries.append((f"{MARKED} {t(language, 'map_highlight')}", "bold reverse"))
        legend, used = Text(), 0
        for entry, style in entries:
            if used and used + 2 + len(entry) > width:
                legend.append("\n")
                used = 0
            elif used:
                legend.append("  ")
                used += 2
            legend.append(entry, style=style)
            used += len(entry)
        return legend

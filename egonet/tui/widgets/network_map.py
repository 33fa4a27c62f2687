"""The live network map: ego at the centre, alters on closeness rings, grouped by relationship.

Each relationship has its own symbol (so nothing is told by colour alone); professionals are
drawn in cyan, lay people in green.  A legend under the map names the symbols in use.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.widget import Widget

from egonet.layout import radial_layout
from egonet.model import Protocol
from egonet.session import InterviewSession
from egonet.tui.drawing import MapAlter, draw_map, symbol
from egonet.tui.strings import t
from egonet.tui.widgets.base import localise

__all__ = ["NetworkMap"]


class NetworkMap(Widget):
    """Draws the session's interview; call :meth:`refresh` after a change."""

    DEFAULT_CSS = "NetworkMap { height: 1fr; width: 1fr; }"

    def __init__(self, session: InterviewSession, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session

    def render(self) -> RenderableType:
        interview, protocol = self.session.interview, self.session.protocol
        language = interview.language
        alters = interview.active_alters()
        placed = radial_layout(alters, protocol)
        legend = self._legend(protocol, language, {p.group for p in placed.values()}, max(self.size.width, 20))
        height = max(self.size.height - len(legend.split()) - 1, 3)
        relationship = protocol.alter_question_with_role("relationship")
        formal_values = {o.value for o in relationship.options if o.formal} if relationship else set()
        kind = relationship.id if relationship else ""
        shown = [
            MapAlter(placed[a.id], a.label, (a.answers[kind] in formal_values) if kind in a.answers else None)
            for a in alters
        ]
        closeness = protocol.alter_question_with_role("closeness")
        rings = len(closeness.options) if closeness else 0
        ties = [(tie.a, tie.b) for tie in interview.active_ties()]
        drawing = draw_map(shown, ties, self.size.width, height, ego_label=t(language, "you").upper(), rings=rings)
        title = Text(t(language, "map_title", n=len(alters), ties=len(ties)), style="bold")
        return Group(title, drawing, legend)

    def _legend(self, protocol: Protocol, language: str, groups: set[int | None], width: int) -> Text:
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

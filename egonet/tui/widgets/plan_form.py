"""The form of one goal: the people it concerns, a kind of support, a kind of service, a local
resource, who acts, when to look again and a short note (the fields its kind takes).

People are named as in the naming step: while typing, people of the network are suggested
(accents and case ignored), ↓ then Enter takes one; a name that is nobody in the network is a
person outside it (``Goal.others``).  Tab moves between the fields, ←→ or a digit chooses an
option, Enter saves (through the session, which saves the interview before the form closes) and
Escape cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import date
from uuid import UUID

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from egonet.model import Actor, Alter, Directory, Goal, GoalKind
from egonet.session import InterviewSession, fold, suggestions
from egonet.tui.strings import t
from egonet.tui.widgets.base import localise
from egonet.tui.widgets.plan_fields import Choice, PersonBox
from egonet.tui.widgets.plan_text import kind_label, parse_date

__all__ = ["Draft", "GoalForm"]

SUGGESTED = 3
"""At most this many people of the network are suggested while a name is typed."""


@dataclass(slots=True)
class Draft:
    """What the form says of a goal: the keyword arguments of ``add_goal`` and ``edit_goal``."""

    people: list[UUID] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    support: str | None = None
    service: str | None = None
    resource: str | None = None
    interest: str | None = None
    actor: Actor = Actor.PATIENT
    review_on: date | None = None
    note: str = ""

    @classmethod
    def of(cls, goal: Goal) -> Draft:
        return cls(**{f.name: getattr(goal, f.name) for f in fields(cls)})

    def changes(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def fitting(self, kind: GoalKind) -> Draft:
        """Only what a goal of ``kind`` takes (a prompt's people, say, for a kind that names none)."""
        people = "people" in kind.targets
        return replace(
            self,
            people=list(self.people) if people else [],
            others=list(self.others) if people else [],
            support=self.support if "support" in kind.targets else None,
            service=self.service if "service" in kind.targets else None,
        )


class GoalForm(ModalScreen[None]):
    """A goal of ``kind``, new or edited; ``save`` applies the draft (``False``: refused, the form stays)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("enter", "save", "Save")]

    def __init__(
        self,
        session: InterviewSession,
        kind: GoalKind,
        draft: Draft,
        save: Callable[[Draft], bool],
        *,
        new: bool,
        directory: Directory | None = None,
    ) -> None:
        super().__init__()
        self.session, self.kind, self.draft, self.save, self.new = session, kind, draft, save, new
        self.directory = directory if directory is not None and directory.fitting(kind) else None
        """The service's directory, when it has resources a goal of this kind may name."""
        self.language = session.interview.language
        self._suggested: list[Alter] = []
        self._chosen = -1

    def t(self, key: str, **values: object) -> str:
        return t(self.language, key, **values)

    def compose(self) -> ComposeResult:
        protocol, targets = self.session.protocol, self.kind.targets
        title = self.t("form_new" if self.new else "form_edit", kind=kind_label(protocol, self.kind.id, self.language))
        with Vertical(classes="dialog", id="goal-form"):
            yield Static(title, classes="dialog-title", markup=False)
            if "people" in targets:
                with Horizontal(classes="form-row"):
                    yield Label(self.t("form_people"), classes="form-label")
                    yield PersonBox(self, placeholder=self.t("form_people_placeholder"), id="form-people")
                yield Static("", id="form-chosen", classes="form-line", markup=False)
                yield Static("", id="form-suggestions", classes="form-line", markup=False)
            if "support" in targets:
                supports = [(g.id, localise(g.short, self.language, protocol)) for g in protocol.name_generators]
                yield from self._choice("form_support", supports, self.draft.support, "form-support")
            setting = protocol.alter_question_with_role("setting")
            if "service" in targets and setting is not None:
                services = [(str(o.value), localise(o.label, self.language, protocol)) for o in setting.options]
                yield from self._choice("form_service", services, self.draft.service, "form-service")
            if "resource" in targets and self.directory is not None:
                interests = [(i, i) for i in self.directory.interests()]
                if interests:
                    yield from self._choice("form_interest", interests, self.draft.interest, "form-interest")
                resources = self._resources(self.draft.support, self.draft.interest)
                yield from self._choice("form_resource", resources, self.draft.resource, "form-resource")
            actors = [(a.value, self.t(f"actor_{a.value}")) for a in Actor]
            yield from self._choice("form_actor", actors, self.draft.actor.value, "form-actor", optional=False)
            when = self.draft.review_on.isoformat() if self.draft.review_on else ""
            yield from self._input("form_date", when, "form_date_placeholder", "form-date", 10)
            yield from self._input("form_note", self.draft.note, "form_note_placeholder", "form-note", 500)
            yield Static(self.t("form_hint"), classes="hint", markup=False)

    def _choice(
        self, label: str, options: list[tuple[str, str]], value: str | None, id: str, *, optional: bool = True
    ) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(self.t(label), classes="form-label")
            yield Choice(options, value, self.language, optional=optional, id=id)

    def _input(self, label: str, value: str, placeholder: str, id: str, length: int) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(self.t(label), classes="form-label")
            yield Input(value, placeholder=self.t(placeholder), id=id, max_length=length)

    def _resources(self, support: str | None, interest: str | None) -> list[tuple[str, str]]:
        """The directory's resources for this kind, those fitting the support and interest first."""
        assert self.directory is not None
        generators = {g.id: g.support_type for g in self.session.protocol.name_generators}
        fitting = self.directory.fitting(self.kind, generators.get(support or ""), interest, self.language)
        return [(r.id, r.name) for r in fitting]

    def _value(self, selector: str) -> str | None:
        found = self.query(selector)
        return found.first(Choice).value if found else None

    @on(Choice.Moved)
    def moved(self, event: Choice.Moved) -> None:
        """The support or the interest changed: the resources that fit them come first."""
        if event.choice.id in ("form-support", "form-interest") and self.query("#form-resource"):
            resources = self.query_one("#form-resource", Choice)
            resources.offer(self._resources(self._value("#form-support"), self._value("#form-interest")))

    def on_mount(self) -> None:
        self._show_people()
        self.query_one("#goal-form").query("PersonBox, Choice, Input").first().focus()

    # -- people -----------------------------------------------------------------------------

    def _show_people(self) -> None:
        if "people" not in self.kind.targets:
            return
        alters = self.session.interview.alters
        names = [alters[p].label for p in self.draft.people if p in alters]
        names += [self.t("goal_other", name=o) for o in self.draft.others]
        chosen = self.query_one("#form-chosen", Static)
        chosen.update(self.t("form_chosen", names=", ".join(names)) if names else "")
        chosen.display = bool(names)
        lines = [f"{'▶' if k == self._chosen else ' '} {a.label}" for k, a in enumerate(self._suggested)]
        box = self.query_one("#form-suggestions", Static)
        box.update("\n".join([*lines, self.t("form_people_hint")]) if lines else "")
        box.display = bool(lines)

    def typed(self, value: str) -> None:
        pool = [a for a in self.session.interview.active_alters() if a.id not in self.draft.people]
        self._suggested = suggestions(value, pool, limit=SUGGESTED) if value.strip() else []
        self._chosen = -1
        self._show_people()

    def choose(self, step: int) -> bool:
        if not self._suggested:
            return False
        self._chosen = max(-1, min(len(self._suggested) - 1, self._chosen + step))
        self._show_people()
        return True

    def add_person(self, typed: str) -> bool:
        """The suggestion chosen, else the person of the network with exactly this name (case and
        accents aside), else someone outside the network."""
        name = " ".join(typed.split())
        same = [a for a in self.session.interview.active_alters() if fold(a.label) == fold(name)]
        if 0 <= self._chosen < len(self._suggested):
            person: Alter | None = self._suggested[self._chosen]
        else:
            person = same[0] if same else None
        if person is not None:
            if person.id not in self.draft.people:
                self.draft.people.append(person.id)
        elif fold(name) not in {fold(o) for o in self.draft.others}:
            self.draft.others.append(name[:80])
        self._suggested, self._chosen = [], -1
        self._show_people()
        return True

    def drop_person(self) -> None:
        if self.draft.others:
            self.draft.others.pop()
        elif self.draft.people:
            self.draft.people.pop()
        self._show_people()

    # -- saving -----------------------------------------------------------------------------

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        draft = self.draft
        pending = self.query("#form-people")
        if pending and pending.first(PersonBox).value.strip():  # a name typed, then Tab away: it counts
            self.add_person(pending.first(PersonBox).value)
            pending.first(PersonBox).value = ""
        chosen = (("support", "#form-support"), ("service", "#form-service"), ("interest", "#form-interest"))
        for name, key in (*chosen, ("resource", "#form-resource")):
            found = self.query(key)
            if found:
                setattr(draft, name, found.first(Choice).value)
        draft.actor = Actor(self.query_one("#form-actor", Choice).value or Actor.PATIENT.value)
        typed = self.query_one("#form-date", Input).value.strip()
        when = parse_date(typed, self.session.clock().date()) if typed else None
        if typed and when is None:
            self.notify(self.t("form_bad_date", text=typed), severity="warning", timeout=6)
            self.query_one("#form-date", Input).focus()
            return
        draft.review_on = when
        draft.note = self.query_one("#form-note", Input).value.strip()
        if self.save(draft):
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

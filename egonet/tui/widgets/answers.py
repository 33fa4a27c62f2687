"""Answering questions fast with the keyboard: a grid of people by questions (or questions about the patient).

On a cell, a digit chooses that option (``1`` = first; for yes/no questions ``1``/``y`` is yes,
``2``/``n`` no), Enter opens a list of the options (or a box to type a number or a text), and
``0``, Backspace or Delete clears the answer.  After an answer the cursor moves down to the next
person, then to the top of the next question, so a question is asked of everyone in turn.  A
question that does not apply to someone (by the protocol's conditions) shows ``—`` and is skipped.

At a follow-up, a person from the previous wave shows last time's answers, dimmed, where this
wave has none yet: ``=`` keeps all of them for that person ("same as before"), ``*`` keeps this
question's for everyone; either is recorded as confirmed, and any answer can still be changed.
The legend under the grid always shows the current question in full, every option, and the
current cell's whole value.
"""

from __future__ import annotations

from uuid import UUID

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import Static

from egonet.model import Answer, Question, QuestionType
from egonet.session import InterviewSession
from egonet.tui.screens.dialogs import PickDialog, TextDialog
from egonet.tui.widgets.base import StepPanel, answer_label, set_text
from egonet.tui.widgets.grid import AnswerGrid, Column

__all__ = ["AnswerGrid", "AnswersPanel"]

EGO = "ego"
CLEAR_KEYS = ("0", "backspace", "delete")
SAME_FOR_PERSON = "="
SAME_FOR_QUESTION = "*"
NOT_ASKED = "—"
UNANSWERED = "·"
PERSON = "person"


class AnswersPanel(StepPanel):
    """``ego=False``: one row per person, one column per alter question; ``ego=True``: one row per ego question."""

    def __init__(self, session: InterviewSession, *, ego: bool = False) -> None:
        super().__init__(session, id="ego-answers" if ego else "alter-answers")
        self.ego = ego

    def compose(self) -> ComposeResult:
        yield Static(self.t("ego_prompt" if self.ego else "alters_prompt"), classes="prompt", markup=False)
        yield AnswerGrid(id="grid")
        yield Static("", id="legend", classes="legend", markup=False)

    def on_mount(self) -> None:
        self.refresh_panel()
        grid = self.query_one(AnswerGrid)
        grid.cursor_coordinate = self.first_open_cell()
        grid.focus()

    def first_open_cell(self, default: Coordinate | None = None) -> Coordinate:
        """Where to start: the first cell showing last time's answer still to keep, person by
        person (at a follow-up); else the first unanswered question that applies, question by question."""
        grid = self.query_one(AnswerGrid)
        columns = [1] if self.ego else list(range(1, len(grid.columns)))
        cells = [Coordinate(row, column) for row in range(grid.row_count) for column in columns]
        by_question = sorted(cells, key=lambda c: (c.column, c.row))
        for wanted_before, order in ((True, cells), (False, by_question)):
            for coordinate in order:
                found = self.target(coordinate)
                if found is None:
                    continue
                answers = self.answers_of(found[0])
                if not found[1].applies(answers) or found[1].id in answers:
                    continue
                if not wanted_before or self.before(*found) is not None:
                    return coordinate
        return default or Coordinate(0, 1)

    # -- cells ------------------------------------------------------------------------------

    def questions(self) -> tuple[Question, ...]:
        return self.protocol.ego_questions if self.ego else self.protocol.alter_questions

    def target(self, coordinate: Coordinate) -> tuple[UUID | None, Question] | None:
        """The person (``None`` for the patient) and question of a cell."""
        keys = self.query_one(AnswerGrid).keys_at(coordinate)
        if keys is None:
            return None
        row_key, column_key = keys
        if self.ego:
            return None, self.protocol.ego_question(row_key)
        if column_key == PERSON:
            return None  # the person's name: no question there
        return UUID(row_key), self.protocol.alter_question(column_key)

    def answers_of(self, who: UUID | None) -> dict[str, Answer]:
        return self.session.interview.ego_answers if who is None else self.session.interview.alter(who).answers

    def cell(self, who: UUID | None, question: Question) -> Text:
        answers = self.answers_of(who)
        if not question.applies(answers):
            return Text(NOT_ASKED, style="dim")
        if question.id not in answers:
            before = self.before(who, question)
            if before is not None:
                return Text(answer_label(question, before, self.language, self.protocol), style="dim italic")
            return Text(UNANSWERED, style="yellow")
        label = answer_label(question, answers[question.id], self.language, self.protocol)
        return Text(label)

    def before(self, who: UUID | None, question: Question) -> Answer | None:
        """Last wave's answer, while this wave has none (``None`` for the patient or someone new)."""
        if who is None or not self.session.interview.alter(who).carried:
            return None
        return self.session.previous_answers(who).get(question.id)

    def refresh_panel(self) -> None:
        grid = self.query_one(AnswerGrid)
        where = grid.cursor_coordinate
        if self.ego:
            columns = [Column("question", self.t("question"), 16), Column("answer", self.t("answer"), 30)]
            rows = [(q.id, [Text(self.text(q.short)), self.cell(None, q)]) for q in self.questions()]
        else:
            columns = [Column(PERSON, self.t("person"), 16)]
            for q in self.questions():
                columns.append(Column(q.id, self.text(q.short), max(8, min(len(self.text(q.short)), 14))))
            rows = [
                (str(alter.id), [Text(alter.label), *(self.cell(alter.id, q) for q in self.questions())])
                for alter in self.session.interview.active_alters()
            ]
        grid.set_rows(columns, rows)
        if grid.row_count:
            grid.cursor_coordinate = Coordinate(min(where.row, grid.row_count - 1), max(1, where.column))
        self.show_legend()

    def refresh_cells(self, who: UUID | None) -> None:
        """Redraw the answers of one person (conditions only look at that person's own answers)."""
        grid = self.query_one(AnswerGrid)
        if who is None:
            for q in self.questions():
                grid.update_row(q.id, {"answer": self.cell(None, q)})
        else:
            grid.update_row(str(who), {q.id: self.cell(who, q) for q in self.questions()})
        self.show_legend()

    @on(AnswerGrid.Highlighted)
    def show_legend(self) -> None:
        grid = self.query_one(AnswerGrid)
        found = self.target(grid.cursor_coordinate)
        legend = self.query_one("#legend", Static)
        if found is None:
            set_text(legend, self.t("no_people") if not self.ego and not grid.row_count else "")
            return
        who, question = found
        name = self.session.interview.alter(who).label if who else ""
        lines = [self.text(question.text).replace("{name}", name)]
        answers = self.answers_of(who)
        if not question.applies(answers):
            lines.append(self.t("not_asked"))
        elif question.options:
            lines.append("  ".join(f"{k + 1} {self.text(o.label)}" for k, o in enumerate(question.options)))
        elif question.type is QuestionType.BOOLEAN:
            lines.append(f"1/y {self.t('yes')}  2/n {self.t('no')}")
        else:
            lines.append(self.t("type_answer"))
        if question.id in answers:
            value = answer_label(question, answers[question.id], self.language, self.protocol)
            confirmed = who is not None and question.id in self.session.interview.alter(who).confirmed
            lines.append(self.t("answer_now_same" if confirmed else "answer_now", value=value))
        else:
            before = self.before(who, question)
            if before is not None:
                value = answer_label(question, before, self.language, self.protocol)
                lines.append(self.t("answer_before", value=value, name=name))
        set_text(legend, "\n".join(lines))

    # -- keys -------------------------------------------------------------------------------

    @on(AnswerGrid.Typed)
    def typed(self, event: AnswerGrid.Typed) -> None:
        """A key on a cell of the grid, in the order typed; the grid takes the next key after this."""
        event.stop()
        try:
            if event.key == "enter":
                self.enter(event.coordinate)
            else:
                self.key(event.key, event.character, event.coordinate)
        finally:
            event.grid.typed_done()

    def key(self, key: str, character: str | None, coordinate: Coordinate) -> bool:
        """Handle a key on a cell; ``True`` if it answered or cleared something."""
        found = self.target(coordinate)
        if found is None:
            return False
        who, question = found
        if character in (SAME_FOR_PERSON, SAME_FOR_QUESTION) and who is not None:
            self.same_as_before(who, question if character == SAME_FOR_QUESTION else None)
            return True
        if key in CLEAR_KEYS:
            self.give(who, question, None, move=False)
            return True
        value = _from_key(question, character or "")
        if value is not None:
            if question.type is QuestionType.NUMERIC:
                self.ask_text(who, question, str(value))
            else:
                self.give(who, question, value)
            return True
        return False

    def enter(self, coordinate: Coordinate) -> None:
        """Enter on a cell: a list of the options, or a box to type the answer in."""
        found = self.target(coordinate)
        if found is None:
            return
        who, question = found
        if not question.applies(self.answers_of(who)):
            self.notify(self.t("not_asked"), timeout=3)
        elif question.options or question.type is QuestionType.BOOLEAN:
            choices = [(str(k), self.text(o.label)) for k, o in enumerate(question.options)] or [
                ("1", self.t("yes")),
                ("0", self.t("no")),
            ]

            def picked(key: str | None) -> None:
                if key is None:
                    return
                value: Answer = question.options[int(key)].value if question.options else key == "1"
                self.give(who, question, value)

            self.app.push_screen(PickDialog(self.text(question.short), choices, self.language), picked)
        else:
            current = self.answers_of(who).get(question.id)
            self.ask_text(who, question, "" if current is None else str(current))

    def ask_text(self, who: UUID | None, question: Question, start: str) -> None:
        def typed(text: str | None) -> None:
            if text is None:
                return
            if not text.strip():
                self.give(who, question, None, move=False)
                return
            value: Answer = text.strip()
            if question.type is QuestionType.NUMERIC:
                try:
                    number = float(text.replace(",", "."))
                except ValueError:
                    self.notify(self.t("not_a_number", value=text), severity="warning")
                    return
                value = int(number) if number.is_integer() else number
            self.give(who, question, value)

        title = self.text(question.text).replace("{name}", self.session.interview.alter(who).label if who else "")
        self.app.push_screen(TextDialog(title, start, self.language, max_length=question.max_length), typed)

    def give(self, who: UUID | None, question: Question, value: Answer | None, *, move: bool = True) -> None:
        if value is not None and not question.applies(self.answers_of(who)):
            self.notify(self.t("not_asked"), timeout=3)
            return
        if who is None:
            done = self.change(lambda: self.session.answer_ego(question.id, value), redraw=False)
        else:
            done = self.change(lambda: self.session.answer_alter(who, question.id, value), redraw=False)
        if not done:
            return
        self.refresh_cells(who)
        if move:
            self.move_on()

    def same_as_before(self, who: UUID, question: Question | None) -> None:
        """Keep last wave's answers: all of this person's (``question`` None), or this question's
        for everyone from the previous wave; then on to the next person."""
        people = [who] if question is None else [a.id for a in self.session.interview.active_alters() if a.carried]
        only = None if question is None else [question.id]
        kept = 0
        for person in people:
            done: list[str] = []

            def keep(person: UUID = person, out: list[str] = done) -> None:
                out.extend(self.session.same_as_before(person, only))

            if not self.change(keep, redraw=False):
                break
            kept += len(done)
            if done:
                self.refresh_cells(person)
        if not kept:
            self.notify(self.t("nothing_before"), timeout=3)
        if question is None:
            self.move_on()
        elif kept:
            grid = self.query_one(AnswerGrid)
            grid.cursor_coordinate = self.first_open_cell(default=grid.cursor_coordinate)

    def move_on(self) -> None:
        """Down to the next person this question applies to; after the last, to the first open question."""
        grid = self.query_one(AnswerGrid)
        row, column = grid.cursor_coordinate
        for below in range(row + 1, grid.row_count):
            found = self.target(Coordinate(below, column))
            if found is not None and found[1].applies(self.answers_of(found[0])):
                grid.cursor_coordinate = Coordinate(below, column)
                return
        grid.cursor_coordinate = self.first_open_cell(default=grid.cursor_coordinate)


def _from_key(question: Question, character: str) -> Answer | None:
    """The answer a key stands for on this question, if any."""
    if question.type is QuestionType.BOOLEAN:
        return {"1": True, "y": True, "2": False, "n": False}.get(character.lower())
    if question.type is QuestionType.NUMERIC:
        return int(character) if character.isdigit() else None
    if character.isdigit() and 1 <= int(character) <= min(9, len(question.options)):
        return question.options[int(character) - 1].value
    return None

"""Use-cases of one interview, with no user interface: every change is saved before returning.

An :class:`InterviewSession` holds the interview, its protocol and the store.  Each method
checks the change against the protocol and the model's invariants, applies it, and saves the
new revision durably; if anything fails, the interview is reloaded from the store so memory
never holds a change that is not on disk.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from uuid import UUID

from egonet.errors import AnswerError, ModelError
from egonet.model import (
    Alter,
    AlterPresence,
    Answer,
    Interview,
    InterviewStatus,
    Protocol,
    Question,
    Tie,
)
from egonet.session import census
from egonet.session.names import likely_duplicates
from egonet.session.planning import PlanUseCases
from egonet.session.steps import Progress, Step, StepKind, interview_steps, step_progress
from egonet.store import Store

if TYPE_CHECKING:
    from egonet.analysis import GoalChange, Measures, Prompt

__all__ = ["Clock", "InterviewSession", "Snapshot", "utc_now"]

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A wave as it was when taken, with the protocol it was asked with.

    The interview is a deep copy that nothing else holds, so a thread can measure it while the
    interview goes on; treat it as read-only.
    """

    interview: Interview
    protocol: Protocol

    @classmethod
    def of(cls, interview: Interview, protocol: Protocol) -> Snapshot:
        return cls(copy.deepcopy(interview), protocol)

    def measures(self) -> Measures:
        """Every measure of the wave (loads the numeric stack when first called)."""
        from egonet.analysis import measure  # noqa: PLC0415  (heavy: the interview starts without it)

        return measure(self.interview, self.protocol)

    def prompts(self, previous: Interview | None = None) -> list[tuple[Prompt, str, str]]:
        """The support plan's prompts of this wave (:mod:`egonet.analysis.prompts`; ``previous``:
        the wave before, if any), each with its reason and its definition in the interview's language."""
        from egonet.analysis import prompt_text, prompts  # noqa: PLC0415  (heavy, as measures)

        language = self.interview.language
        found = prompts(self.interview, self.protocol, previous)
        return [(p, *prompt_text(p, self.interview, self.protocol, language)) for p in found]

    def goal_changes(self, previous: Snapshot) -> list[tuple[GoalChange, list[str]]]:
        """How each goal of ``previous`` went by this wave (:func:`egonet.analysis.goal_outcomes`),
        with what moved in the interview's language."""
        from egonet.analysis import fact_text, goal_outcomes  # noqa: PLC0415  (heavy, as measures)

        language = self.interview.language
        changes = goal_outcomes(previous.interview, self.interview, self.protocol)
        return [(c, [fact_text(f, self.protocol, language) for f in c.facts]) for c in changes]


class InterviewSession(PlanUseCases):
    """The single source of truth for one interview while it is conducted (the support plan's
    use-cases are in :mod:`egonet.session.planning`)."""

    def __init__(self, store: Store, interview: Interview, protocol: Protocol, clock: Clock = utc_now) -> None:
        self.store = store
        self.interview = interview
        self.protocol = protocol
        self.clock = clock
        self._previous: dict[UUID, dict[str, Answer]] | None = None
        self._previous_wave: Snapshot | None = None

    @classmethod
    def resume(cls, store: Store, interview_id: UUID, clock: Clock = utc_now) -> InterviewSession:
        """Open a stored interview exactly where it was left."""
        interview = store.load(interview_id)
        return cls(store, interview, store.protocol(interview.protocol_id, interview.protocol_version), clock)

    @contextmanager
    def _change(self, *, reopening: bool = False, plan: bool = False) -> Iterator[Interview]:
        """Apply a change and save it; ``plan``: a change of the support plan only, which a
        completed interview takes too."""
        if self.interview.status is InterviewStatus.COMPLETED and not (reopening or plan):
            raise ModelError("the interview is completed; reopen it to change it", str(self.interview.id))
        try:
            yield self.interview
            self.store.save(self.interview, self.clock())
        except BaseException:
            self.interview = self.store.load(self.interview.id)
            raise

    # -- alters ----------------------------------------------------------------------------

    def add_alter(self, label: str, generator: str | None = None) -> Alter:
        """Name a new person, under ``generator`` if given; returns the new alter."""
        if generator is not None:
            self._check_generator_room(generator)
        with self._change() as iv:
            alter = iv.add_alter(Alter(uuid.uuid4(), label, [generator] if generator else []))
            iv.mark_ties_pending(alter.id)
            return alter

    def add_generator(self, alter_id: UUID, generator: str) -> None:
        """Record that an alter already named also gives the support of ``generator``."""
        alter = self.interview.alter(alter_id)
        if generator in alter.generators:
            return
        self._check_generator_room(generator)
        with self._change() as iv:
            iv.alter(alter_id).generators.append(generator)

    def remove_generator(self, alter_id: UUID, generator: str) -> None:
        with self._change() as iv:
            alter = iv.alter(alter_id)
            alter.generators = [g for g in alter.generators if g != generator]

    def _check_generator_room(self, generator: str) -> None:
        limit = self.protocol.generator(generator).max_alters
        named = sum(
            generator in a.generators for a in self.interview.alters.values() if a.presence is not AlterPresence.GONE
        )
        if limit is not None and named >= limit:
            raise ModelError(f"{generator!r} takes at most {limit} people", str(self.interview.id))

    def rename_alter(self, alter_id: UUID, label: str) -> None:
        with self._change() as iv:
            iv.rename_alter(alter_id, label)

    def remove_alter(self, alter_id: UUID) -> None:
        """Remove a person named by mistake.  A carried alter who left is marked gone instead."""
        if self.interview.alter(alter_id).carried:
            raise ModelError("an alter from the previous wave is marked gone, not removed", str(alter_id))
        with self._change() as iv:
            iv.remove_alter(alter_id)

    def merge_alters(self, keep_id: UUID, other_id: UUID) -> Alter:
        """One person named twice: keep ``keep_id``, with the answers and ties of both."""
        if self.interview.alter(keep_id).carried and self.interview.alter(other_id).carried:
            raise ModelError("two alters of the previous wave cannot be merged", f"{keep_id} {other_id}")
        with self._change() as iv:
            if iv.alter(other_id).carried:  # keep the id that links to the previous wave
                keep_id, other_id = other_id, keep_id
            return iv.merge_alters(keep_id, other_id)

    def likely_duplicates(self) -> list[tuple[Alter, Alter]]:
        return likely_duplicates(a for a in self.interview.alters.values() if a.presence is not AlterPresence.GONE)

    def confirm_alter(self, alter_id: UUID) -> None:
        """A person from the previous wave is still in the network."""
        with self._change() as iv:
            alter = iv.alter(alter_id)
            if alter.presence is not AlterPresence.PRESENT:
                alter.presence = AlterPresence.PRESENT
                iv.mark_ties_pending(alter_id)

    def mark_gone(self, alter_id: UUID) -> None:
        """A person from the previous wave is no longer in the network (kept for the comparison)."""
        alter = self.interview.alter(alter_id)
        if not alter.carried:
            raise ModelError(
                "only an alter from the previous wave can be marked gone; remove it instead", str(alter_id)
            )
        with self._change() as iv:
            iv.alter(alter_id).presence = AlterPresence.GONE

    # -- answers ---------------------------------------------------------------------------

    def answer_alter(self, alter_id: UUID, question_id: str, value: Answer | None) -> None:
        """Answer (or, with ``None``, clear) an alter question."""
        question = self.protocol.alter_question(question_id)
        alter = self.interview.alter(alter_id)
        if value is not None:
            value = question.check(value)
            if not question.applies(alter.answers):
                raise AnswerError(f"{question_id!r} does not apply to this alter", str(alter_id))
        with self._change() as iv:
            changed = iv.alter(alter_id)
            _set_answer(changed.answers, question_id, value, self.protocol.alter_questions)
            changed.confirmed = [q for q in changed.confirmed if q != question_id and q in changed.answers]

    def previous_answers(self, alter_id: UUID) -> dict[str, Answer]:
        """What this person's answers were at the previous wave (empty for someone new)."""
        if self._previous is None:
            previous = self.previous_wave()
            self._previous = (
                {} if previous is None else {a.id: dict(a.answers) for a in previous.interview.alters.values()}
            )
        return self._previous.get(alter_id, {})

    def same_as_before(self, alter_id: UUID, question_ids: Iterable[str] | None = None) -> list[str]:
        """The patient confirms this person's answers are as at the previous wave: each question
        asked (all, or ``question_ids``) that applies and is not answered yet takes the previous
        answer, recorded as confirmed.  Returns the questions so answered (none: nothing saved)."""
        alter = self.interview.alter(alter_id)
        before = self.previous_answers(alter_id)
        wanted = None if question_ids is None else set(question_ids)
        answers, kept = dict(alter.answers), []
        for question in self.protocol.alter_questions:  # in order, so conditions see earlier answers
            if (wanted is not None and question.id not in wanted) or question.id not in before:
                continue
            if question.id in answers and answers[question.id] != before[question.id]:
                continue  # answered otherwise at this wave: the patient's new answer stands
            if question.applies(answers):
                answers[question.id] = question.check(before[question.id])
                kept.append(question.id)
        if not kept:
            return []
        with self._change() as iv:
            changed = iv.alter(alter_id)
            changed.answers = answers
            changed.confirmed = [*(q for q in changed.confirmed if q not in kept), *kept]
        return kept

    def answer_ego(self, question_id: str, value: Answer | None) -> None:
        """Answer (or, with ``None``, clear) a question about the patient."""
        question = self.protocol.ego_question(question_id)
        if value is not None:
            value = question.check(value)
            if not question.applies(self.interview.ego_answers):
                raise AnswerError(f"{question_id!r} does not apply", str(self.interview.id))
        with self._change() as iv:
            _set_answer(iv.ego_answers, question_id, value, self.protocol.ego_questions)

    def pending_questions(self, alter_id: UUID) -> list[Question]:
        """Alter questions that apply to this alter and are not answered yet."""
        answers = self.interview.alter(alter_id).answers
        return [q for q in self.protocol.alter_questions if q.applies(answers) and q.id not in answers]

    # -- ties ------------------------------------------------------------------------------

    def set_tie(self, a: UUID, b: UUID, value: Answer | None = None) -> Tie:
        """Two alters know each other (with a strength, if the protocol asks one)."""
        if value is not None:
            strength = self.protocol.tie_question.strength
            if strength is None:
                raise AnswerError("the protocol asks no tie strength")
            value = strength.check(value)
        with self._change() as iv:
            return iv.set_tie(a, b, value)

    def unset_tie(self, a: UUID, b: UUID) -> None:
        if self.interview.tie(a, b) is None:
            return
        with self._change() as iv:
            iv.unset_tie(a, b)

    def mark_ties_reviewed(self, alter_id: UUID) -> None:
        """The tie checklist of this alter is done."""
        with self._change() as iv:
            iv.mark_ties_reviewed(alter_id)

    def answer_group(self, members: Sequence[UUID], basis: str) -> int:
        """These people all know each other (see :meth:`Interview.answer_group`): each pair among
        them not asked yet gets a tie (of the lowest strength, if the protocol asks one) and is
        asked; a pair already asked keeps its answer.  Returns how many pairs it answered."""
        chosen = tuple(dict.fromkeys(members))
        if len(chosen) < 2:
            raise ModelError("a group answer needs two people or more")
        if any(not self.interview.alter(i).active for i in chosen):
            raise ModelError("a group answer names people in the network only")
        strength = self.protocol.tie_question.strength
        value = strength.options[0].value if strength and strength.options else None
        with self._change() as iv:
            return iv.answer_group(chosen, basis, value)

    def group_choices(self) -> list[census.GroupChoice]:
        """The groups (by relationship, by name generator) with pairs still to ask."""
        return census.group_choices(self.protocol, self.interview)

    def tie_census_progress(self) -> tuple[int, int]:
        """(pairs asked, pairs in all) among the alters in the network."""
        progress = step_progress(Step("ties", StepKind.TIES), self.protocol, self.interview)
        return progress.done, progress.total or 0

    def tie_checklist(self, alter_id: UUID) -> list[Alter]:
        """The others not yet asked about with this alter (each pair is asked once, whoever comes first)."""
        return census.tie_checklist(self.interview, alter_id)

    def next_in_census(self) -> Alter | None:
        """The first alter, in naming order, with pairs still to ask; ``None`` when every pair is asked."""
        return census.next_in_census(self.interview)

    # -- the interview ---------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        if language not in self.protocol.languages:
            raise ModelError(f"the protocol has no {language!r} version (it has {', '.join(self.protocol.languages)})")
        with self._change() as iv:
            iv.language = language

    def steps(self) -> list[Step]:
        """The steps of this interview, in order (see :func:`~egonet.session.interview_steps`)."""
        return interview_steps(self.protocol, self.interview, len(self.previous_goals()))

    def open_parts(self) -> dict[str, Progress]:
        """The steps with something still unanswered, and how far each got: ``last_plan`` (the
        previous wave's goals reviewed), ``alters`` (answers about people), ``ties`` (pairs
        asked) and ``ego`` (questions about the patient)."""
        steps = {"alters": StepKind.ALTERS, "ties": StepKind.TIES, "ego": StepKind.EGO}
        progress = {
            name: step_progress(Step(name, kind), self.protocol, self.interview) for name, kind in steps.items()
        }
        goals = len(self.previous_goals())
        if goals:
            progress = {"last_plan": Progress(goals - len(self.goals_to_review()), goals), **progress}
        return {name: p for name, p in progress.items() if p.open}

    def complete(self) -> None:
        """Close the interview; every alter of the previous wave must be confirmed or marked gone.
        What is still unanswered is recorded in ``left_open`` (see :meth:`open_parts`)."""
        pending = [a for a in self.interview.alters.values() if a.presence is AlterPresence.PENDING]
        if pending:
            raise ModelError(f"{len(pending)} people from the previous wave are neither confirmed nor marked gone")
        left_open = {name: p.open for name, p in self.open_parts().items()}
        with self._change() as iv:
            iv.status = InterviewStatus.COMPLETED
            iv.completed_at = self.clock()
            iv.left_open = left_open

    def reopen(self) -> None:
        """Open a completed interview again for changes."""
        if self.interview.status is InterviewStatus.IN_PROGRESS:
            return
        with self._change(reopening=True) as iv:
            iv.status, iv.completed_at, iv.left_open = InterviewStatus.IN_PROGRESS, None, {}

    # -- reading ---------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The interview as it is now, to measure in another thread while the interview goes on."""
        return Snapshot.of(self.interview, self.protocol)

    def previous_wave(self) -> Snapshot | None:
        """The wave this one follows (``None`` at a baseline), with the protocol *it* was asked with."""
        previous_id = self.interview.previous_id
        if previous_id is None:
            return None
        if self._previous_wave is None or self._previous_wave.interview.id != previous_id:
            previous = self.store.load(previous_id)  # a completed wave: read once
            self._previous_wave = Snapshot(
                previous, self.store.protocol(previous.protocol_id, previous.protocol_version)
            )
        return self._previous_wave

    def place(self) -> str | None:
        """The step the interview was left at (its bookmark), if any."""
        return self.store.place(self.interview.id)

    def save_place(self, step: str) -> None:
        """Bookmark the step the interview is on, so it reopens there."""
        self.store.save_place(self.interview.id, step)


def _set_answer(answers: dict[str, Answer], qid: str, value: Answer | None, questions: tuple[Question, ...]) -> None:
    """Set or clear an answer, then drop answers whose condition no longer holds."""
    if value is None:
        answers.pop(qid, None)
    else:
        answers[qid] = value
    for question in questions:  # in protocol order, so a chain of conditions is followed
        if question.id in answers and not question.applies(answers):
            del answers[question.id]

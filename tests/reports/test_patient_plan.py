"""The patient report's support plan: the plan agreed, and at the follow-up how each goal went, in
the patient's words and with the related measures for the clinician; the resources by name."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from egonet.model import Actor, Directory, Interview, Outcome, Protocol, Resource
from egonet.session import InterviewSession, start_follow_up
from egonet.store import Store
from reports import ReportSpec, patient_context, render

TODAY = date(2026, 6, 1)
CLUB = Resource("walk-club", "Les Marcheurs du Mardi", "activity", ("companionship",), contact="081 22 22 22")


@pytest.fixture
def waves(session: InterviewSession, store: Store, clock: Callable[[], datetime]) -> list[Interview]:
    """Anna seen monthly at baseline, weekly at the follow-up; Sophie (outside the network) named
    at the follow-up; a walking club to try."""
    anna = session.add_alter("Anna", "emotional")
    session.answer_alter(anna.id, "contact", 1)
    see = session.add_goal("see_more", people=[anna.id], note="Sunday lunch", review_on=date(2026, 4, 1))
    back = session.add_goal("reconnect", others=["Sophie"], actor=Actor.PATIENT)
    session.add_goal("meet_people", resource="walk-club", support="companionship")
    session.complete()
    follow = start_follow_up(store, "P-001", "clin-1", clock=clock)
    follow.confirm_alter(anna.id)
    follow.answer_alter(anna.id, "contact", 3)
    follow.add_alter("Sophie", "companionship")
    follow.review_goal(see.id, Outcome.DONE, "every Sunday now")
    follow.review_goal(back.id, Outcome.PARTLY)
    follow.complete()
    return [store.load(session.interview.id), store.load(follow.interview.id)]


def report(waves: list[Interview], protocol: Protocol, audience: str, language: str = "en") -> str:
    spec = ReportSpec(language=language, audience=audience, sections=("plan",))
    directory = Directory("CGG Leuven", (CLUB,))
    return render("patient", patient_context(waves, lambda _iv: protocol, spec, TODAY, directory), "md")


def test_the_follow_up_report_says_how_each_goal_went_and_what_moved(
    waves: list[Interview], protocol: Protocol
) -> None:
    text = report(waves, protocol, "patient")
    assert "How the last plan went" in text
    assert "**See someone more often (Anna):** Done. every Sunday now" in text
    assert "Anna: more contact than before" in text
    assert "**Reconnect with someone (Sophie):** Partly" in text
    assert "Sophie is in the network now" in text
    assert "**Meet new people" in text and "Not reviewed" in text
    assert "No goal was written down this time." in text  # the follow-up set none
    assert "Mean contact" not in text  # measures are for the clinician


def test_the_clinician_also_reads_the_related_measures(waves: list[Interview], protocol: Protocol) -> None:
    text = report(waves, protocol, "clinician")
    contact = next(line for line in text.splitlines() if "contact" in line.lower() and "→" in line)
    assert "1" in contact and "3" in contact  # Anna's contact, the only person: the mean is hers
    assert "the network moved this way" in text


def test_the_baseline_report_shows_the_plan_with_the_resource_by_name(
    waves: list[Interview], protocol: Protocol
) -> None:
    text = report(waves[:1], protocol, "patient")
    assert "How the last plan went" not in text
    see_more = "**See someone more often (Anna):** who: the patient; look again on April 1, 2026. Note: Sunday lunch"
    assert see_more in text
    assert "**Reconnect with someone (Sophie):**" in text
    assert "where: Les Marcheurs du Mardi (081 22 22 22)" in text  # from the directory, not the id


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_the_plan_is_in_the_report_language(waves: list[Interview], protocol: Protocol, language: str) -> None:
    text = report(waves, protocol, "patient", language)
    for english in ("How the last plan went", "See someone more often", "Done", "more contact", "who:"):
        assert english not in text, english

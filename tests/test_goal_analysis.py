"""Prompts from the network's shape and goals related to what changed: small networks made with
the session's use-cases, each exactly meeting or just missing a definition (known by construction)."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Sequence
from datetime import datetime
from fractions import Fraction
from uuid import UUID

import pytest

from egonet.analysis import FACTS, PROMPT_IDS, GoalFact, Prompt, fact_text, goal_outcomes, prompt_text, prompts
from egonet.analysis.prompts import BROKER_CUT_OFF, CLOSED_GROUP_SHARE, SMALLER_SHARE, plan_words
from egonet.errors import UsageError
from egonet.model import Alter, Interview, Outcome, Patient, Protocol
from egonet.session import InterviewSession, start_baseline, start_follow_up
from egonet.store import Store

Clock = Callable[[], datetime]
LANGUAGES = ("en", "fr", "nl")


def name(
    session: InterviewSession, count: int, generator: str = "emotional", relationship: str = "friend"
) -> list[Alter]:
    alters = [session.add_alter(f"Person {i}", generator) for i in range(count)]
    for alter in alters:
        session.answer_alter(alter.id, "relationship", relationship)
    return alters


def tie_all(session: InterviewSession, alters: Sequence[Alter], *, path: bool = False) -> None:
    """Tie the alters in a path (each to the next) or as a clique, then close the tie census."""
    pairs = itertools.pairwise(alters) if path else ((a, b) for i, a in enumerate(alters) for b in alters[i + 1 :])
    for a, b in pairs:
        session.set_tie(a.id, b.id)
    close_census(session)


def close_census(session: InterviewSession) -> None:
    for alter in session.interview.active_alters():
        session.mark_ties_reviewed(alter.id)


def found(interview: Interview, protocol: Protocol, previous: Interview | None = None) -> dict[str, list[Prompt]]:
    out: dict[str, list[Prompt]] = {}
    for prompt in prompts(interview, protocol, previous):
        out.setdefault(prompt.id, []).append(prompt)
    return out


def follow_up(session: InterviewSession, store: Store, clock: Clock) -> InterviewSession:
    session.complete()
    return start_follow_up(store, session.interview.patient.code, "clin-1", clock=clock)


# -- no_informal_talk ---------------------------------------------------------------------------


def test_nobody_to_talk_to_but_professionals_is_a_prompt(session: InterviewSession, protocol: Protocol) -> None:
    name(session, 1, "emotional", "health_professional")
    name(session, 2, "practical", "family")  # help, but not someone to talk to
    shown = found(session.interview, protocol)["no_informal_talk"]
    assert shown == [Prompt("no_informal_talk", "meet_people", figures={"informal_talk": 0, "talk": 1})]


@pytest.mark.parametrize("relationship", ["friend", None])
def test_one_informal_person_to_talk_to_is_enough(
    session: InterviewSession, protocol: Protocol, relationship: str | None
) -> None:
    name(session, 1, "emotional", "social_professional")
    other = session.add_alter("Anna", "emotional")
    if relationship is not None:
        session.answer_alter(other.id, "relationship", relationship)
    assert "no_informal_talk" not in found(session.interview, protocol)  # unanswered counts as informal


def test_no_informal_talk_suggests_what_the_protocol_has(session: InterviewSession, protocol: Protocol) -> None:
    without_meet = dataclasses.replace(
        protocol, goal_kinds=tuple(k for k in protocol.goal_kinds if k.id != "meet_people")
    )
    assert found(session.interview, without_meet)["no_informal_talk"][0].kind == "reconnect"
    assert found(session.interview, dataclasses.replace(protocol, goal_kinds=()))["no_informal_talk"][0].kind is None
    no_talk = dataclasses.replace(
        protocol, name_generators=tuple(g for g in protocol.name_generators if g.support_type != "emotional")
    )
    assert "no_informal_talk" not in found(session.interview, no_talk)


# -- one_closed_group ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "alone", "pair", "expected"),
    [
        (4, 1, False, True),  # 4 of 5 = 80%: the smallest network it can be given for
        (3, 1, False, False),  # 3 of 4 = 75%
        (8, 2, False, True),  # 8 of 10 = 80%
        (7, 2, False, False),  # 7 of 9 < 80%
        (8, 0, True, False),  # 8 of 10, but the other two know each other: not isolates
        (5, 0, False, False),  # one group, nobody outside it
    ],
)
def test_one_closed_group_at_its_threshold(
    session: InterviewSession, protocol: Protocol, *, group: int, alone: int, pair: bool, expected: bool
) -> None:
    members = name(session, group, "emotional", "family")
    name(session, alone, "practical", "friend")
    if pair:
        a, b = name(session, 2, "practical", "friend")
        session.set_tie(a.id, b.id)
    tie_all(session, members)
    shown = found(session.interview, protocol).get("one_closed_group")
    assert bool(shown) is expected
    n = group + alone + 2 * pair
    assert (Fraction(group, n) >= CLOSED_GROUP_SHARE and not pair and alone > 0) is expected
    if shown:
        assert shown[0].figures == {"alters": n, "largest_group": group, "outside": alone}
        assert shown[0].kind == "meet_people"


def test_no_structural_prompt_without_the_whole_tie_census(session: InterviewSession, protocol: Protocol) -> None:
    members = name(session, 5)
    for a, b in itertools.pairwise(members[:4]):  # a path of four and one isolate, census never closed
        session.set_tie(a.id, b.id)
    shown = found(session.interview, protocol)
    assert "one_closed_group" not in shown and "broker" not in shown
    close_census(session)
    assert "one_closed_group" in found(session.interview, protocol)


# -- broker -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "brokers"),
    [
        (5, [2]),  # A-B-C-D-E: without C, {A, B} and {D, E}: 2 cut off
        (4, []),  # A-B-C-D: without B (or C) only 1 is cut off
        (7, [2, 3, 4]),  # C and E cut off 2, D cuts off 3; B and F only 1
    ],
)
def test_a_broker_cuts_at_least_two_people_off(
    session: InterviewSession, protocol: Protocol, length: int, brokers: list[int]
) -> None:
    path = name(session, length)
    tie_all(session, path, path=True)
    shown = found(session.interview, protocol).get("broker", [])
    assert [p.people for p in shown] == ([tuple(path[i].id for i in brokers)] if brokers else [])
    if brokers:
        cut_off = max(min(i, length - 1 - i) for i in brokers)  # on a path, the smaller side is cut off
        assert shown[0].figures == {"brokers": len(brokers), "cut_off": cut_off} and cut_off >= BROKER_CUT_OFF


@pytest.mark.parametrize(("leaves", "is_broker"), [(3, True), (2, False)])
def test_the_centre_of_a_star_is_a_broker_from_three_leaves(
    session: InterviewSession, protocol: Protocol, leaves: int, is_broker: bool
) -> None:
    centre, *others = name(session, leaves + 1)
    for leaf in others:
        session.set_tie(centre.id, leaf.id)
    close_census(session)
    shown = found(session.interview, protocol).get("broker", [])
    assert [p.people for p in shown] == ([(centre.id,)] if is_broker else [])


def test_a_broker_is_named_in_the_reason(session: InterviewSession, protocol: Protocol) -> None:
    path = name(session, 5)
    session.rename_alter(path[2].id, "Carla")
    tie_all(session, path, path=True)
    (broker,) = found(session.interview, protocol)["broker"]
    for language in LANGUAGES:
        reason, definition = prompt_text(broker, session.interview, protocol, language)
        assert "Carla" in reason and str(BROKER_CUT_OFF) in definition


# -- support_missing ----------------------------------------------------------------------------


def test_a_kind_of_support_nobody_gives_is_a_prompt_professional_care_aside(
    session: InterviewSession, protocol: Protocol, store: Store, clock: Clock
) -> None:
    for generator in ("emotional", "practical", "informational"):
        name(session, 1, generator)
    shown = found(session.interview, protocol)["support_missing"]
    assert [(p.support, p.kind) for p in shown] == [("companionship", "ask_support")]
    (friend,) = name(session, 1, "companionship")
    assert "support_missing" not in found(session.interview, protocol)
    follow = follow_up(session, store, clock)  # pending and gone people give no support
    for alter in follow.interview.alters.values():
        if alter.id != friend.id:
            follow.confirm_alter(alter.id)
    assert [p.support for p in found(follow.interview, protocol)["support_missing"]] == ["companionship"]
    follow.mark_gone(friend.id)
    assert [p.support for p in found(follow.interview, protocol)["support_missing"]] == ["companionship"]


# -- smaller_network ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [(5, 4, True), (5, 5, False), (10, 9, False), (10, 8, True), (1, 0, True), (4, 5, False)],
)
def test_a_smaller_network_loses_a_fifth_at_least(
    session: InterviewSession,
    protocol: Protocol,
    store: Store,
    clock: Clock,
    *,
    before: int,
    after: int,
    expected: bool,
) -> None:
    earlier = name(session, before)
    follow = follow_up(session, store, clock)
    for i, alter in enumerate(earlier):
        (follow.confirm_alter if i < after else follow.mark_gone)(alter.id)
    name(follow, max(0, after - before), "practical")
    shown = found(follow.interview, protocol, session.interview).get("smaller_network", [])
    assert (before - after >= SMALLER_SHARE * before and after < before) is expected
    assert shown == (
        [Prompt("smaller_network", "reconnect", figures={"before": before, "after": after})] if expected else []
    )
    assert "smaller_network" not in found(follow.interview, protocol)  # only with the previous wave


def test_prompts_compare_two_waves_of_one_patient(
    session: InterviewSession, protocol: Protocol, store: Store, clock: Clock
) -> None:
    other = start_baseline(store, Patient("P-002", "CGG Leuven"), "clin-1", protocol, clock=clock)
    with pytest.raises(UsageError):
        prompts(session.interview, protocol, other.interview)
    assert {p.id for p in prompts(session.interview, protocol)} <= set(PROMPT_IDS)


# -- goals related to what changed --------------------------------------------------------------


@pytest.fixture
def anna_bram(session: InterviewSession) -> tuple[InterviewSession, UUID, UUID]:
    """A baseline with Anna (talk, seen every month) and Bram (help, seen every week)."""
    anna = session.add_alter("Anna", "emotional")
    bram = session.add_alter("Bram", "practical")
    session.answer_alter(anna.id, "contact", 2)
    session.answer_alter(bram.id, "contact", 3)
    return session, anna.id, bram.id


def change_of(
    before: InterviewSession, after: InterviewSession, protocol: Protocol
) -> tuple[bool | None, list[GoalFact]]:
    (only,) = goal_outcomes(before.interview, after.interview, protocol)
    assert only.goal == before.interview.plan.goals[0]
    return only.moved, list(only.facts)


@pytest.mark.parametrize(
    ("contact", "what", "moved"), [(3, "contact_up", True), (2, "contact_same", False), (1, "contact_down", False)]
)
def test_see_more_moves_when_contact_goes_up(
    anna_bram: tuple[InterviewSession, UUID, UUID],
    store: Store,
    clock: Clock,
    protocol: Protocol,
    *,
    contact: int,
    what: str,
    moved: bool,
) -> None:
    session, anna, _ = anna_bram
    session.add_goal("see_more", people=[anna])
    follow = follow_up(session, store, clock)
    follow.confirm_alter(anna)
    follow.answer_alter(anna, "contact", contact)
    assert change_of(session, follow, protocol) == (moved, [GoalFact(what, anna, "Anna", 2, contact)])


@pytest.mark.parametrize(
    ("contact", "what", "moved"),
    [(2, "contact_down", True), (3, "contact_same", False), (4, "contact_up", False), (None, "gone", True)],
)
def test_less_contact_moves_when_contact_goes_down_or_the_person_is_gone(
    anna_bram: tuple[InterviewSession, UUID, UUID],
    store: Store,
    clock: Clock,
    protocol: Protocol,
    *,
    contact: int | None,
    what: str,
    moved: bool,
) -> None:
    session, _, bram = anna_bram
    session.add_goal("less_stress", people=[bram])
    follow = follow_up(session, store, clock)
    if contact is None:
        follow.mark_gone(bram)
    else:
        follow.confirm_alter(bram)
        follow.answer_alter(bram, "contact", contact)
    assert change_of(session, follow, protocol) == (moved, [GoalFact(what, bram, "Bram", 3, contact)])


def test_see_more_with_someone_now_gone_did_not_move(
    anna_bram: tuple[InterviewSession, UUID, UUID], store: Store, clock: Clock, protocol: Protocol
) -> None:
    session, anna, _ = anna_bram
    session.add_goal("see_more", people=[anna])
    follow = follow_up(session, store, clock)
    follow.mark_gone(anna)
    assert change_of(session, follow, protocol) == (False, [GoalFact("gone", anna, "Anna", 2)])


@pytest.mark.parametrize("gives", [True, False])
def test_ask_support_moves_when_the_person_is_named_for_it(
    anna_bram: tuple[InterviewSession, UUID, UUID], store: Store, clock: Clock, protocol: Protocol, gives: bool
) -> None:
    session, _, bram = anna_bram
    session.add_goal("ask_support", people=[bram], support="emotional")
    follow = follow_up(session, store, clock)
    follow.confirm_alter(bram)
    if gives:
        follow.add_generator(bram, "emotional")
    what = "gives_support" if gives else "no_support"
    assert change_of(session, follow, protocol) == (gives, [GoalFact(what, bram, "Bram", support="emotional")])


@pytest.mark.parametrize(("match", "moved"), [("  ZOE ", True), ("Zoé Peeters", True), ("Zora", False)])
def test_reconnect_finds_someone_named_by_first_name_among_the_new_people(
    anna_bram: tuple[InterviewSession, UUID, UUID],
    store: Store,
    clock: Clock,
    protocol: Protocol,
    *,
    match: str,
    moved: bool,
) -> None:
    session, anna, _ = anna_bram
    session.add_goal("reconnect", people=[anna], others=["Zoé"])
    follow = follow_up(session, store, clock)
    follow.confirm_alter(anna)
    new = follow.add_alter(match, "companionship")
    expected = GoalFact("now_in_network", new.id, new.label) if moved else GoalFact("not_in_network", None, "Zoé")
    assert change_of(session, follow, protocol) == (moved, [GoalFact("still_in_network", anna, "Anna"), expected])


def test_reconnect_with_someone_gone_finds_them_named_again(
    anna_bram: tuple[InterviewSession, UUID, UUID], store: Store, clock: Clock, protocol: Protocol
) -> None:
    session, anna, bram = anna_bram
    wave1 = follow_up(session, store, clock)
    wave1.confirm_alter(anna)
    wave1.mark_gone(bram)  # gone at wave 1: not carried into wave 2
    wave1.add_goal("reconnect", people=[bram])
    wave2 = follow_up(wave1, store, clock)
    moved, facts = change_of(wave1, wave2, protocol)
    assert (moved, facts) == (False, [GoalFact("not_in_network", bram, "Bram")])
    again = wave2.add_alter("bram", "practical")  # a new id: the patient named him again
    assert change_of(wave1, wave2, protocol) == (True, [GoalFact("now_in_network", again.id, "bram")])


@pytest.mark.parametrize(("generator", "moved"), [("companionship", True), ("practical", False)])
def test_meet_people_counts_new_people_and_those_giving_its_support(
    anna_bram: tuple[InterviewSession, UUID, UUID],
    store: Store,
    clock: Clock,
    protocol: Protocol,
    *,
    generator: str,
    moved: bool,
) -> None:
    session, anna, bram = anna_bram
    session.add_goal("meet_people", support="companionship")
    follow = follow_up(session, store, clock)
    follow.confirm_alter(anna)
    follow.confirm_alter(bram)
    follow.add_generator(anna, "companionship")  # someone already there does not count
    follow.add_alter("Eva", generator)
    assert change_of(session, follow, protocol) == (
        moved,
        [GoalFact("new_people", count=1), GoalFact("new_people_support", count=int(moved), support="companionship")],
    )


def test_meet_people_without_a_support_moves_with_any_new_person(
    anna_bram: tuple[InterviewSession, UUID, UUID], store: Store, clock: Clock, protocol: Protocol
) -> None:
    session, anna, bram = anna_bram
    session.add_goal("meet_people")
    follow = follow_up(session, store, clock)
    follow.confirm_alter(anna)
    follow.confirm_alter(bram)
    assert change_of(session, follow, protocol) == (False, [GoalFact("new_people", count=0)])
    follow.add_alter("Eva", "practical")
    assert change_of(session, follow, protocol) == (True, [GoalFact("new_people", count=1)])


def professional(session: InterviewSession, label: str, setting: str) -> Alter:
    alter = session.add_alter(label, "professional_care")
    session.answer_alter(alter.id, "relationship", "social_professional")
    session.answer_alter(alter.id, "setting", setting)
    return alter


@pytest.mark.parametrize(
    ("before", "after", "what", "moved"),
    [(0, 1, "service_linked", True), (0, 0, "no_service", False), (1, 1, "service_linked", False)],
)
def test_link_service_moves_when_someone_of_the_service_joins(
    anna_bram: tuple[InterviewSession, UUID, UUID],
    store: Store,
    clock: Clock,
    protocol: Protocol,
    *,
    before: int,
    after: int,
    what: str,
    moved: bool,
) -> None:
    session, _, _ = anna_bram
    professional(session, "Dr Vos", "primary_care")  # another service: never counted
    kept = [professional(session, "Els", "social_services").id] if before else []
    session.add_goal("link_service", service="social_services")
    follow = follow_up(session, store, clock)
    for alter in follow.interview.alters:
        follow.confirm_alter(alter)
    if after > before:
        professional(follow, "Dirk", "social_services")
    assert len(kept) == before
    assert change_of(session, follow, protocol) == (
        moved,
        [GoalFact(what, before=before, after=after, count=after, service="social_services")],
    )


def test_a_goal_of_its_own_kind_has_no_fact_and_the_review_comes_along(
    anna_bram: tuple[InterviewSession, UUID, UUID], store: Store, clock: Clock, protocol: Protocol
) -> None:
    session, anna, _ = anna_bram
    goal = session.add_goal("other", people=[anna])
    follow = follow_up(session, store, clock)
    (change,) = goal_outcomes(session.interview, follow.interview, protocol)
    assert (change.moved, change.facts, change.review) == (None, (), None)
    follow.review_goal(goal.id, "done")
    (change,) = goal_outcomes(session.interview, follow.interview, protocol)
    assert change.review is not None and change.review.outcome is Outcome.DONE
    with pytest.raises(UsageError):
        goal_outcomes(follow.interview, session.interview, protocol)  # the wave that set the goals comes first


# -- words --------------------------------------------------------------------------------------


def test_every_prompt_and_fact_has_words_in_three_languages_not_english_ones() -> None:
    english = plan_words("en")
    assert set(english.prompts) == set(PROMPT_IDS) and set(english.facts) == set(FACTS)
    for language in LANGUAGES:
        words = plan_words(language)
        assert set(words.prompts) == set(english.prompts) and set(words.facts) == set(english.facts)
        assert set(words.words) == set(english.words)
        for prompt_id, entry in words.prompts.items():
            assert set(entry) == set(english.prompts[prompt_id]) and entry["reason"] and entry["definition"]
        if language != "en":
            for what, text in words.facts.items():
                assert text != english.facts[what], (language, what)
            for prompt_id, entry in words.prompts.items():
                assert all(text != english.prompts[prompt_id][k] for k, text in entry.items()), (language, prompt_id)
            assert words.words["and"] != english.words["and"]
    with pytest.raises(UsageError):
        plan_words("de")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_is_filled_in(session: InterviewSession, protocol: Protocol, language: str) -> None:
    anna = session.add_alter("Anna", "emotional")
    samples = [
        Prompt("no_informal_talk", None, figures={"informal_talk": 0, "talk": 0}),
        Prompt("one_closed_group", None, figures={"alters": 5, "largest_group": 4, "outside": 1}),
        Prompt("broker", None, (anna.id,), figures={"brokers": 1, "cut_off": 2}),
        Prompt("broker", None, (anna.id, anna.id), figures={"brokers": 2, "cut_off": 2}),
        Prompt("support_missing", None, support="companionship", figures={"named": 0}),
        Prompt("smaller_network", None, figures={"before": 5, "after": 4}),
    ]
    texts = {}
    for prompt in samples:
        reason, definition = prompt_text(prompt, session.interview, protocol, language)
        assert "{" not in reason + definition and reason and definition
        texts[prompt.id] = reason, definition
    assert str(int(CLOSED_GROUP_SHARE * 100)) in texts["one_closed_group"][1]
    assert str(int(SMALLER_SHARE * 100)) in texts["smaller_network"][1]
    assert protocol.generator("companionship").short[language] in texts["support_missing"][0]
    for what in FACTS:
        text = fact_text(GoalFact(what, anna.id, "Anna", 2, 3, 1, "emotional", "housing"), protocol, language)
        assert "{" not in text and text
    up = fact_text(GoalFact("contact_up", anna.id, "Anna", 2, 3), protocol, language)
    contact = protocol.alter_question("contact")
    assert all(
        label in up for label in ("Anna", contact.options[1].label[language], contact.options[2].label[language])
    )
    service = fact_text(GoalFact("no_service", before=0, after=0, count=0, service="housing"), protocol, language)
    assert protocol.alter_question("setting").options[5].label[language] in service

"""The support plan: goal kinds in the protocol, goals and their review in the session, the
document (schema 5, upgraded from 4), conformance, and the steps it adds."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable
from datetime import date, datetime

import pytest

from egonet.errors import AnswerError, ModelError
from egonet.model import Actor, GoalReview, Interview, Outcome, Protocol, interview_problems, review_problems
from egonet.protocol import builtin_protocol, check_protocol_text, default_protocol, default_protocol_text
from egonet.session import InterviewSession, StepKind, start_follow_up
from egonet.store import Store
from egonet.wire import dumps, from_document, loads, to_document
from egonet.wire.document import document_problems


def baseline_with_plan(session: InterviewSession) -> tuple[InterviewSession, list[uuid.UUID]]:
    anna = session.add_alter("Anna", "emotional")
    bram = session.add_alter("Bram", "practical")
    session.add_goal("see_more", people=[anna.id], review_on=date(2026, 4, 1), note="Sunday lunch")
    session.add_goal("ask_support", people=[bram.id], support="emotional", actor=Actor.PATIENT)
    session.add_goal("link_service", service="social_services", actor=Actor.CLINICIAN)
    return session, [anna.id, bram.id]


# -- the protocol ------------------------------------------------------------------------------


def test_the_built_in_protocol_has_goal_kinds_in_three_languages(protocol: Protocol) -> None:
    assert protocol.version == "1.1.0"
    kinds = {k.id: k for k in protocol.goal_kinds}
    assert {"reconnect", "see_more", "ask_support", "less_stress", "meet_people", "link_service", "other"} <= set(kinds)
    for kind in protocol.goal_kinds:
        assert set(kind.label) == {"en", "fr", "nl"} and all(kind.label.values())
    assert kinds["link_service"].resources == ("generic_social", "mental_health")
    assert kinds["ask_support"].expect == "gives_support" and "support" in kinds["ask_support"].targets


def test_the_earlier_built_in_version_still_opens_unchanged() -> None:
    earlier = builtin_protocol("egonet-ssmi", "1.0.0")
    assert earlier is not None and earlier.goal_kinds == ()
    current = default_protocol()
    assert earlier.alter_questions == current.alter_questions and earlier.name_generators == current.name_generators


@pytest.mark.parametrize(
    ("goal_kinds", "field", "message"),
    [
        ('[[goal_kinds]]\nid = "x"\nlabel = {en = "X"}\ntargets = ["people"]\n', "goal_kinds[0].label", "no 'fr'"),
        ('[[goal_kinds]]\nid = "x"\nlabel = {en = "X", fr = "X", nl = "X"}\n', "goal_kinds[0].targets", "missing"),
        (
            '[[goal_kinds]]\nid = "x"\nlabel = {en = "X", fr = "X", nl = "X"}\ntargets = ["friends"]\n',
            "goal_kinds[0].targets[0]",
            "'friends' is not one of",
        ),
        (
            '[[goal_kinds]]\nid = "x"\nlabel = {en = "X", fr = "X", nl = "X"}\ntargets = ["people"]\nexpect = "more"\n',
            "goal_kinds[0].expect",
            "not one of",
        ),
        (
            '[[goal_kinds]]\nid = "x"\nlabel = {en = "X", fr = "X", nl = "X"}\ntargets = []\nexpect = "in_network"\n',
            "goal_kinds[0].expect",
            "add it to 'targets'",
        ),
        (
            '[[goal_kinds]]\nid = "x"\nlabel = {en = "X", fr = "X", nl = "X"}\ntargets = ["resource"]\n',
            "goal_kinds[0].resources",
            "lists the kinds it offers",
        ),
        (
            '[[goal_kinds]]\nid = "x"\nlabel = {en = "X", fr = "X", nl = "X"}\ntargets = []\n'
            '[[goal_kinds]]\nid = "x"\nlabel = {en = "X", fr = "X", nl = "X"}\ntargets = []\n',
            "goal_kinds[1].id",
            "defined twice",
        ),
    ],
)
def test_egonet_validate_reports_what_is_wrong_with_a_goal_kind(goal_kinds: str, field: str, message: str) -> None:
    text = default_protocol_text().split("[[goal_kinds]]")[0] + goal_kinds
    protocol, problems = check_protocol_text(text, "mine.toml")
    assert protocol is None
    assert any(p.field == field and message in p.message for p in problems), problems


# -- goals in the session ----------------------------------------------------------------------


def test_goals_are_added_edited_removed_and_saved_at_once(session: InterviewSession, store: Store) -> None:
    session, (anna, bram) = baseline_with_plan(session)
    stored = store.load(session.interview.id)
    assert [g.kind for g in stored.plan.goals] == ["see_more", "ask_support", "link_service"]
    first = stored.plan.goals[0]
    assert first.people == [anna] and first.review_on == date(2026, 4, 1) and first.note == "Sunday lunch"
    session.edit_goal(first.id, people=[anna, bram], note="  every Sunday ")
    assert store.load(session.interview.id).plan.goals[0].people == [anna, bram]
    assert store.load(session.interview.id).plan.goals[0].note == "every Sunday"
    session.remove_goal(first.id)
    assert [g.kind for g in store.load(session.interview.id).plan.goals] == ["ask_support", "link_service"]


@pytest.mark.parametrize(
    ("kind", "options", "refusal"),
    [
        ("make_friends", {}, "no goal kind 'make_friends'"),
        ("see_more", {"support": "emotional"}, "names no support"),
        ("ask_support", {"support": "gossip"}, "not a name generator"),
        ("link_service", {"service": "casino"}, "not an option of the protocol's setting question"),
        ("meet_people", {"people": "anna"}, "names no people"),
        ("see_more", {"people": "stranger"}, "not in this interview"),
    ],
)
def test_a_goal_that_breaks_the_protocol_is_refused_and_nothing_is_saved(
    session: InterviewSession, store: Store, kind: str, options: dict[str, str], refusal: str
) -> None:
    anna = session.add_alter("Anna", "emotional")
    people = {"anna": [anna.id], "stranger": [uuid.uuid4()]}
    arguments: dict[str, object] = {k: v for k, v in options.items() if k != "people"}
    if "people" in options:
        arguments["people"] = people[options["people"]]
    revision = store.load(session.interview.id).revision
    with pytest.raises((AnswerError, ModelError), match=refusal):
        session.add_goal(kind, **arguments)  # type: ignore[arg-type]
    assert store.load(session.interview.id).revision == revision
    assert session.interview.plan.goals == []


def test_the_plan_can_be_written_after_the_interview_is_completed(session: InterviewSession, store: Store) -> None:
    anna = session.add_alter("Anna", "emotional")
    session.complete()
    session.add_goal("reconnect", people=[anna.id], others=["Sophie"])
    stored = store.load(session.interview.id)
    assert stored.plan.goals[0].others == ["Sophie"] and stored.status.value == "completed"
    with pytest.raises(ModelError, match="completed"):
        session.add_alter("Bram", "emotional")  # the answers stay closed


def test_removing_or_merging_a_person_updates_the_goals_that_name_them(session: InterviewSession) -> None:
    anna = session.add_alter("Anna", "emotional")
    annie = session.add_alter("Annie", "practical")
    bram = session.add_alter("Bram", "practical")
    goal = session.add_goal("see_more", people=[annie.id, bram.id])
    session.merge_alters(anna.id, annie.id)
    assert session.interview.plan.goal(goal.id).people == [anna.id, bram.id]
    session.remove_alter(bram.id)
    assert session.interview.plan.goal(goal.id).people == [anna.id]


def test_a_prompt_taken_is_recorded_and_shown_again_when_its_goal_is_removed(session: InterviewSession) -> None:
    anna = session.add_alter("Anna", "emotional")
    session.record_prompts([("broker", (anna.id,), None), ("no_informal_talk", (), None)])
    goal = session.add_goal("meet_people", suggestion="no_informal_talk")
    shown = {s.prompt: s for s in session.interview.plan.suggested}
    assert shown["no_informal_talk"].taken == goal.id and shown["broker"].taken is None
    assert shown["broker"].people == (anna.id,)
    session.record_prompts([("broker", (), None)])  # shown again: the first record stands
    assert len(session.interview.plan.suggested) == 2
    session.remove_goal(goal.id)
    assert all(s.taken is None for s in session.interview.plan.suggested)


# -- the review at the follow-up ---------------------------------------------------------------


def test_a_follow_up_reviews_the_last_plan_first_and_can_carry_a_goal(
    session: InterviewSession, store: Store, clock: Callable[[], datetime]
) -> None:
    session, (anna, _) = baseline_with_plan(session)
    session.complete()
    goals = session.interview.plan.goals
    follow = start_follow_up(store, "P-001", "clin-1", clock=clock)
    steps = follow.steps()
    assert [s.kind for s in steps[:2]] == [StepKind.LAST_PLAN, StepKind.CONFIRM] and steps[-1].kind is StepKind.PLAN
    assert [g.id for g in follow.goals_to_review()] == [g.id for g in goals]
    assert follow.open_parts()["last_plan"].open == 3
    follow.review_goal(goals[0].id, "done", note="they meet every week")
    follow.review_goal(goals[1].id, Outcome.PARTLY)
    follow.review_goal(goals[1].id, Outcome.NOT_DONE)  # changed: one review per goal
    carried = follow.carry_goal(goals[1].id)
    assert carried.carried_from == goals[1].id and carried.kind == "ask_support" and carried.support == "emotional"
    with pytest.raises(ModelError, match="already carried"):
        follow.carry_goal(goals[1].id)
    stored = store.load(follow.interview.id)
    assert [(r.goal, r.outcome) for r in stored.plan.reviews] == [
        (goals[0].id, Outcome.DONE),
        (goals[1].id, Outcome.NOT_DONE),
    ]
    assert stored.plan.reviews[0].note == "they meet every week"
    assert [g.id for g in follow.goals_to_review()] == [goals[2].id]
    with pytest.raises(AnswerError, match="not a goal of the previous wave"):
        follow.review_goal(uuid.uuid4(), "done")
    follow.clear_review(goals[0].id)
    assert store.load(follow.interview.id).plan.review_of(goals[0].id) is None
    assert anna in follow.interview.alters  # carried people keep their ids, so goals can name them again


def test_review_problems_name_reviews_and_carried_goals_of_another_wave(session: InterviewSession) -> None:
    interview = session.interview
    interview.plan.reviews.append(GoalReview(uuid.uuid4(), Outcome.DONE))
    assert review_problems(interview, None) == [
        f"review of goal {interview.plan.reviews[0].goal}: not a goal of the previous wave"
    ]


# -- the document ------------------------------------------------------------------------------


def test_the_plan_round_trips_through_the_document(session: InterviewSession) -> None:
    session, _ = baseline_with_plan(session)
    session.record_prompts([("no_informal_talk", (), None)])
    text = dumps(session.interview)
    assert document_problems(json.loads(text), "doc") == []
    for trusted in (False, True):
        back = loads(text, trusted=trusted)
        assert back.plan == session.interview.plan


def test_a_version_4_document_upgrades_to_an_empty_plan(session: InterviewSession) -> None:
    session.add_alter("Anna", "emotional")
    doc = to_document(session.interview)
    del doc["plan"]
    doc["schema_version"] = 4
    interview = from_document(doc)
    assert interview.plan.empty and interview.alters.keys() == session.interview.alters.keys()


def test_a_stored_version_4_document_opens_in_the_store(session: InterviewSession) -> None:
    """A store written before the plan: its documents are read through the upgrade."""
    session.add_alter("Anna", "emotional")
    doc = to_document(session.interview)
    del doc["plan"]
    doc["schema_version"] = 4
    with sqlite3.connect(session.store.path) as con:  # as an older Egonet left it
        con.execute("UPDATE interviews SET document = ? WHERE id = ?", (json.dumps(doc), str(session.interview.id)))
    con.close()
    assert session.store.load(session.interview.id).plan.empty


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda g: g.update(actor="mother"), "plan.goals.0.actor"),
        (lambda g: g.update(note="x" * 501), "plan.goals.0.note"),
        (lambda g: g.update(review_on="next spring"), "plan.goals.0.review_on"),
        (lambda g: g.update(people=["not-a-uuid"]), "plan.goals.0.people.0"),
        (lambda g: g.update(kind="Drop Table"), "plan.goals.0.kind"),
    ],
)
def test_a_damaged_goal_is_a_schema_problem(
    session: InterviewSession, change: Callable[[dict[str, object]], None], field: str
) -> None:
    session, _ = baseline_with_plan(session)
    doc = to_document(session.interview)
    change(doc["plan"]["goals"][0])
    assert any(p.field == field for p in document_problems(doc, "doc")), document_problems(doc, "doc")


def test_conformance_names_a_goal_kind_the_protocol_does_not_have(
    session: InterviewSession, protocol: Protocol
) -> None:
    session, _ = baseline_with_plan(session)
    doc = to_document(session.interview)
    doc["plan"]["goals"][0]["kind"] = "win_the_lottery"
    interview: Interview = from_document(doc)
    problems = interview_problems(interview, protocol)
    assert any("'win_the_lottery' is not a goal kind of the protocol" in p for p in problems)


def test_a_goal_naming_an_alter_of_another_interview_is_refused_when_read(session: InterviewSession) -> None:
    session, _ = baseline_with_plan(session)
    doc = to_document(session.interview)
    doc["plan"]["goals"][0]["people"] = [str(uuid.uuid4())]
    with pytest.raises(Exception, match="not in this interview"):
        from_document(doc)


# -- found by review and probe -------------------------------------------------------------------


def test_a_goal_the_next_wave_reviewed_cannot_be_removed(
    session: InterviewSession, store: Store, clock: Callable[[], datetime]
) -> None:
    """Found: removing it left the follow-up reviewing a goal that no longer existed, so every
    later change of the follow-up's plan, and its upload, was refused."""
    session, _ = baseline_with_plan(session)
    session.complete()
    reviewed, carried, free = session.interview.plan.goals
    follow = start_follow_up(store, "P-001", "clin-1", clock=clock)
    follow.review_goal(reviewed.id, Outcome.DONE)
    follow.carry_goal(carried.id)
    for goal in (reviewed, carried):
        with pytest.raises(ModelError, match="cannot be removed"):
            session.remove_goal(goal.id)
    session.remove_goal(free.id)  # neither reviewed nor carried: it goes
    assert [g.id for g in store.load(session.interview.id).plan.goals] == [reviewed.id, carried.id]


def test_a_suggestion_names_a_prompt_of_egonet_never_free_text(session: InterviewSession) -> None:
    """Found: any identifier was taken as a suggestion, and exports carry it."""
    with pytest.raises(AnswerError, match="not a prompt of Egonet"):
        session.add_goal("meet_people", suggestion="call_marie_dupont_at_home")
    with pytest.raises(AnswerError, match="not a prompt of Egonet"):
        session.record_prompts([("marie_dupont", (), None)])
    assert session.interview.plan.empty


def test_each_support_nobody_gives_is_its_own_record(session: InterviewSession) -> None:
    session.record_prompts([("support_missing", (), "informational"), ("support_missing", (), "companionship")])
    goal = session.add_goal("ask_support", suggestion="support_missing", support="companionship")
    shown = {s.support: s.taken for s in session.interview.plan.suggested}
    assert shown == {"informational": None, "companionship": goal.id}


def test_a_goal_s_fields_are_checked_when_edited(session: InterviewSession) -> None:
    """Found: ``edit_goal(actor="clinician")`` raised AttributeError (a traceback, not a refusal)."""
    goal = session.add_goal("link_service", service="social_services")
    assert session.edit_goal(goal.id, actor="clinician").actor is Actor.CLINICIAN
    for field, value, message in (
        ("actor", "mother", "not who acts"),
        ("review_on", "next spring", "is a date"),
        ("resource", "-walk", "resource is the id"),
        ("service", "Drop Table", "is an id"),
    ):
        with pytest.raises(ModelError, match=message):
            session.edit_goal(goal.id, **{field: value})


def test_the_resource_id_of_the_directory_is_the_one_a_document_takes() -> None:
    """Found: the directory took ``-walk``, which the document's schema refused: the interview
    naming it could not be read back, nor sent."""
    from egonet.model import RESOURCE_ID
    from egonet.wire.document import schema

    goal = schema()["properties"]["plan"]["properties"]["goals"]["items"]["properties"]
    assert goal["resource"]["anyOf"][0]["pattern"] == RESOURCE_ID


def test_a_goal_points_to_a_resource_of_the_service_s_directory_of_a_kind_it_offers(
    session: InterviewSession, store: Store
) -> None:
    kept = session.add_goal("meet_people", resource="anything")  # no directory kept: nothing to check against
    store.save_directory(
        "CGG Leuven",
        "id,kind,name,support,interests,languages,contact,description\n"
        "walk,activity,Walking group,companionship,,en,,\ncpas,generic_social,CPAS,practical,,fr,,\n",
    )
    with pytest.raises(AnswerError, match="not in the service's directory"):
        session.add_goal("meet_people", resource="choir")
    with pytest.raises(AnswerError, match="does not point to a resource of kind 'generic_social'"):
        session.add_goal("meet_people", resource="cpas")
    session.add_goal("meet_people", resource="walk")
    session.edit_goal(kept.id, note="a resource dropped since stays named")  # only the goal written is checked


def test_a_review_counts_only_for_the_goals_of_its_patient() -> None:
    """Found: a clinician uploading any interview whose plan reviewed other patients' goals set
    their outcomes in the service report."""
    from egonet.analysis.plan_figures import PlanRow, goal_figures

    goal = uuid.uuid4()
    rows = [
        PlanRow("P-1", "S", 0, ((goal, "see_more", None),), ()),
        PlanRow("P-1", "S", 1, (), ()),
        PlanRow("P-2", "S", 1, (), ((goal, "done"),)),  # another patient names P-1's goal
    ]
    [figures] = goal_figures(rows)
    assert figures.outcomes["not_reviewed"].goals == 1 and figures.outcomes["done"].goals == 0

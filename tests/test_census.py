"""The tie census without the screens: carried ties confirmed, group answers, and their document."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from uuid import UUID

import jsonschema
import pytest

from egonet.errors import DocumentError, ModelError
from egonet.model import Interview, Patient, Protocol, TieSource
from egonet.session import InterviewSession, start_baseline, start_follow_up
from egonet.store import Store
from egonet.wire import document_problems, dumps, from_document, loads, to_document
from tests.helpers import egonet

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "egonet" / "wire" / "interview.schema.json"


def people(session: InterviewSession, *names: str, relationship: str | None = None) -> list[UUID]:
    ids = []
    for name in names:
        alter = session.add_alter(name, "emotional")
        if relationship:
            session.answer_alter(alter.id, "relationship", relationship)
        ids.append(alter.id)
    return ids


def sources(iv: Interview) -> dict[frozenset[str], TieSource]:
    return {frozenset((iv.alters[t.a].label, iv.alters[t.b].label)): t.source for t in iv.ties.values()}


@pytest.fixture
def follow_up(store: Store, protocol: Protocol, clock: Callable[[], datetime]) -> InterviewSession:
    """A baseline of A-B-C-D with ties A-B, B-C (asked), completed; its follow-up, all confirmed."""
    first = start_baseline(store, Patient("P-010", "CGG Leuven"), "clin-1", protocol, language="en", clock=clock)
    a, b, c, _ = people(first, "A", "B", "C", "D")
    first.set_tie(a, b, 2)
    first.set_tie(b, c, 1)
    for alter in first.interview.active_alters():
        first.mark_ties_reviewed(alter.id)
    first.complete()
    session = start_follow_up(store, "P-010", "clin-1", clock=clock)
    for alter_id in list(session.interview.alters):
        session.confirm_alter(alter_id)
    return session


def test_a_follow_up_carries_the_ties_unconfirmed_and_a_closed_list_confirms_them(follow_up: InterviewSession) -> None:
    iv = follow_up.interview
    assert set(sources(iv).values()) == {TieSource.CARRIED}
    assert follow_up.tie_census_progress() == (0, 6)  # carried, but no pair asked at this wave
    ids = {a.label: a.id for a in iv.alters.values()}
    follow_up.mark_ties_reviewed(ids["A"])  # A's list closed as it was: A-B confirmed
    assert sources(iv) == {frozenset("AB"): TieSource.CONFIRMED, frozenset("BC"): TieSource.CARRIED}
    assert iv.tie(ids["A"], ids["B"]).value == 2  # with last time's strength
    follow_up.set_tie(ids["B"], ids["C"], 2)  # B-C changed: answered now
    follow_up.mark_ties_reviewed(ids["B"])
    assert sources(follow_up.store.load(iv.id)) == {
        frozenset("AB"): TieSource.CONFIRMED,
        frozenset("BC"): TieSource.ASKED,
    }


def test_a_wave_completed_without_the_census_keeps_its_ties_marked_carried(follow_up: InterviewSession) -> None:
    follow_up.complete()
    stored = follow_up.store.load(follow_up.interview.id)
    assert set(sources(stored).values()) == {TieSource.CARRIED}
    assert len(stored.active_ties()) == 2  # still in the network the measures read
    assert {t["source"] for t in to_document(stored)["ties"]} == {"carried"}


def test_a_group_answer_ties_every_pair_not_asked_and_counts_them_asked(session: InterviewSession) -> None:
    fam = people(session, "Mum", "Dad", "Sis", relationship="family")
    pal = people(session, "Ann", "Bob", relationship="friend")
    session.set_tie(fam[0], pal[0], 1)
    session.mark_ties_reviewed(fam[0])  # Mum's list closed: Mum-Dad, Mum-Sis asked, no tie
    assert session.answer_group(fam, "relationship:family") == 1  # only Dad-Sis was still to ask
    iv = session.interview
    assert iv.tie(fam[0], fam[1]) is None and iv.tie(fam[0], fam[2]) is None  # asked before: not overwritten
    assert iv.tie(fam[1], fam[2]).source is TieSource.GROUP and iv.tie(fam[1], fam[2]).value == 1
    assert iv.tie(fam[0], pal[0]).source is TieSource.ASKED
    assert [g.members for g in iv.ties_groups] == [tuple(fam)]
    assert session.tie_census_progress() == (5, 10)  # Mum's four + Dad-Sis
    assert [a.label for a in session.tie_checklist(fam[1])] == ["Ann", "Bob"]
    assert session.next_in_census().label == "Dad"


def test_a_group_answer_keeps_a_tick_of_an_open_list_and_takes_a_carried_tie_over(follow_up: InterviewSession) -> None:
    ids = {a.label: a.id for a in follow_up.interview.alters.values()}
    follow_up.set_tie(ids["A"], ids["C"], 2)  # ticked in A's list, which is still open
    assert follow_up.answer_group([ids["A"], ids["B"], ids["C"]], "marked") == 3
    iv = follow_up.interview
    assert sources(iv) == {
        frozenset("AB"): TieSource.GROUP,
        frozenset("BC"): TieSource.GROUP,
        frozenset("AC"): TieSource.ASKED,
    }
    assert iv.tie(ids["A"], ids["B"]).value == 2  # the carried strength, not the group's
    assert iv.tie(ids["A"], ids["C"]).value == 2
    assert follow_up.answer_group([ids["A"], ids["B"], ids["C"], ids["D"]], "marked") == 3  # only D's pairs
    assert follow_up.tie_census_progress() == (6, 6) and follow_up.next_in_census() is None


def test_a_group_answer_needs_two_people_in_the_network(follow_up: InterviewSession, session: InterviewSession) -> None:
    a, _ = people(session, "A", "B")
    with pytest.raises(ModelError, match="two people"):
        session.answer_group([a, a], "marked")
    gone = next(iter(follow_up.interview.alters))
    follow_up.mark_gone(gone)
    others = [i for i in follow_up.interview.alters if i != gone]
    with pytest.raises(ModelError, match="in the network"):
        follow_up.answer_group([gone, *others], "marked")
    assert follow_up.store.load(follow_up.interview.id).ties_groups == []


def test_group_choices_by_relationship_and_by_name_generator(session: InterviewSession) -> None:
    fam = people(session, "Mum", "Dad", relationship="family")
    people(session, "Ann", relationship="friend")  # alone: no pair, no choice
    session.add_generator(fam[0], "practical")
    helper = session.add_alter("Joe", "practical")
    choices = {c.basis: (c.members, c.unasked) for c in session.group_choices()}
    assert choices == {
        "relationship:family": (tuple(fam), 1),
        "generator:emotional": ((*fam, choices["generator:emotional"][0][2]), 3),
        "generator:practical": ((fam[0], helper.id), 1),
    }
    session.answer_group(fam, "relationship:family")
    assert "relationship:family" not in {c.basis for c in session.group_choices()}


def test_removing_someone_takes_them_out_of_the_groups(session: InterviewSession) -> None:
    a, b, c = people(session, "A", "B", "C")
    session.answer_group([a, b], "marked")
    session.answer_group([a, b, c], "marked")
    session.remove_alter(b)
    assert [g.members for g in session.interview.ties_groups] == [(a, c)]
    assert [g.members for g in session.store.load(session.interview.id).ties_groups] == [(a, c)]


def test_sources_and_groups_survive_the_document_and_the_schema_accepts_them(follow_up: InterviewSession) -> None:
    ids = {a.label: a.id for a in follow_up.interview.alters.values()}
    follow_up.mark_ties_reviewed(ids["A"])
    follow_up.answer_group([ids["C"], ids["D"]], "relationship:family")
    doc = to_document(follow_up.interview)
    assert {t["source"] for t in doc["ties"]} == {"confirmed", "carried", "group"}
    assert doc["tie_census"]["groups"] == [{"basis": "relationship:family", "members": [str(ids["C"]), str(ids["D"])]}]
    assert document_problems(doc, "d") == []
    jsonschema.validate(doc, json.loads(SCHEMA_FILE.read_text()))
    assert to_document(loads(dumps(follow_up.interview))) == doc
    assert to_document(loads(dumps(follow_up.interview), trusted=True)) == doc


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["ties"][0].update(source="guessed"), "ties.0.source"),
        (lambda d: d["tie_census"]["groups"][0].update(members=d["tie_census"]["groups"][0]["members"][:1]), "members"),
        (lambda d: d["tie_census"]["groups"][0].update(basis="by the window"), "basis"),
    ],
)
def test_a_broken_source_or_group_is_refused(
    follow_up: InterviewSession, change: Callable[..., None], field: str
) -> None:
    ids = list(follow_up.interview.alters)
    follow_up.answer_group(ids[:2], "marked")
    doc = to_document(follow_up.interview)
    change(doc)
    with pytest.raises(DocumentError, match=field):
        from_document(copy.deepcopy(doc))
    with pytest.raises(DocumentError, match=field):
        loads(json.dumps(doc), trusted=True)


def test_an_older_document_without_sources_reads_carried_where_the_pair_was_not_asked(
    follow_up: InterviewSession,
) -> None:
    ids = {a.label: a.id for a in follow_up.interview.alters.values()}
    follow_up.mark_ties_reviewed(ids["A"])
    doc = to_document(follow_up.interview)
    for tie in doc["ties"]:
        del tie["source"]
    del doc["tie_census"]["groups"]
    old = from_document(doc)
    assert sources(old) == {frozenset("AB"): TieSource.ASKED, frozenset("BC"): TieSource.CARRIED}
    assert old.ties_groups == []


def test_egonet_validate_accepts_a_document_with_sources_and_groups(
    follow_up: InterviewSession, tmp_path: Path
) -> None:
    follow_up.answer_group(list(follow_up.interview.alters)[:3], "marked")
    path = tmp_path / "interview.json"
    path.write_text(dumps(follow_up.interview))
    result = egonet(tmp_path / "home", "validate", str(path))
    assert result.returncode == 0, result.stderr

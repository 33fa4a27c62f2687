"""The server checks a support plan as it checks answers: goal kinds, supports and services
against the protocol, the people a goal names against the interview, and the reviews and carried
goals of a follow-up against the goals of the wave it follows, as the server has that wave."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from egonet.model import Goal, GoalReview, Interview, InterviewStatus, Outcome, Wave
from egonet.wire import dumps, to_document
from server.db import InterviewRow
from tests.server.helpers import LEUVEN, MOMENT, Client, interview, put, refused


def baseline_with_goal() -> tuple[Interview, Goal]:
    iv = interview()
    marie = next(iter(iv.alters))
    goal = Goal(uuid.uuid4(), "see_more", [marie], note="Sunday lunch with Marie")
    iv.plan.goals.append(goal)
    iv.status, iv.completed_at = InterviewStatus.COMPLETED, MOMENT
    return iv, goal


def follow_up(of: Interview) -> Interview:
    iv = interview(wave=1)
    iv.previous_id = of.id
    iv.started_at = MOMENT + timedelta(days=90)
    iv.wave = Wave.numbered(1)
    return iv


def stored(engine: Engine) -> int:
    with Session(engine) as db:
        return int(db.scalar(select(func.count()).select_from(InterviewRow)) or 0)


def test_a_follow_up_reviews_only_the_goals_its_previous_wave_set(
    client: Client, people: dict[str, str], engine: Engine
) -> None:
    baseline, goal = baseline_with_goal()
    assert put(client, people[LEUVEN], baseline)[0] == 201
    bogus = follow_up(baseline)
    bogus.plan.reviews.append(GoalReview(uuid.uuid4(), Outcome.DONE))
    answer = refused(client.request(
        "PUT", f"/v1/interviews/{bogus.id}", people[LEUVEN], content=dumps(bogus).encode(),
        headers={"X-Egonet-Base-Revision": "0"},
    ), 422)  # fmt: skip
    assert "not a goal of the previous wave" in str(answer)
    carried = follow_up(baseline)
    carried.plan.goals.append(Goal(uuid.uuid4(), "see_more", carried_from=uuid.uuid4()))
    assert put(client, people[LEUVEN], carried)[0] == 422
    assert stored(engine) == 1
    honest = follow_up(baseline)
    honest.plan.reviews.append(GoalReview(goal.id, Outcome.PARTLY, "they met twice"))
    honest.plan.goals.append(Goal(uuid.uuid4(), "see_more", carried_from=goal.id))
    assert put(client, people[LEUVEN], honest)[0] == 201
    assert stored(engine) == 2


def test_a_follow_up_that_arrives_before_its_previous_wave_is_kept(client: Client, people: dict[str, str]) -> None:
    """Its laptop checked it; refusing it would leave it on the laptop alone (nothing lost)."""
    baseline, goal = baseline_with_goal()  # not uploaded yet
    early = follow_up(baseline)
    early.plan.reviews.append(GoalReview(goal.id, Outcome.DONE))
    assert put(client, people[LEUVEN], early)[0] == 201
    assert put(client, people[LEUVEN], baseline)[0] == 201


def test_goals_that_break_the_protocol_or_name_strangers_are_refused(
    client: Client, people: dict[str, str], engine: Engine
) -> None:
    iv, _ = baseline_with_goal()
    iv.plan.goals[0].kind = "win_the_lottery"
    assert "not a goal kind of the protocol" in str(put(client, people[LEUVEN], iv)[1])
    iv, _ = baseline_with_goal()
    iv.plan.goals[0].support = "gossip"
    assert put(client, people[LEUVEN], iv)[0] == 422  # see_more names no support, and gossip is no generator
    iv, _ = baseline_with_goal()
    doc = to_document(iv)
    doc["plan"]["goals"][0]["people"] = [str(uuid.uuid4())]  # an alter of another interview
    response = client.request(
        "PUT", f"/v1/interviews/{iv.id}", people[LEUVEN], content=json.dumps(doc).encode(),
        headers={"X-Egonet-Base-Revision": "0"},
    )  # fmt: skip
    assert response.status_code == 422
    assert stored(engine) == 0


def test_a_baseline_reviews_no_goal(client: Client, people: dict[str, str], engine: Engine) -> None:
    """Found by the probe: an interview with no previous wave reviewing other patients' goals was
    taken, and set their outcomes in the service report."""
    _, goal = baseline_with_goal()
    for previous in (None, "absent"):
        iv = interview(code="ATTACK-1") if previous is None else follow_up(interview(code="ATTACK-1"))
        if previous is None:
            iv.plan.reviews.append(GoalReview(goal.id, Outcome.DONE))
        else:
            iv.wave, iv.previous_id = Wave.numbered(0), uuid.uuid4()  # a baseline that claims a previous wave
            iv.plan.goals.append(Goal(uuid.uuid4(), "see_more", carried_from=goal.id))
        assert "not a goal of the previous wave" in str(put(client, people[LEUVEN], iv)[1])
    assert stored(engine) == 0


def test_a_refusal_lists_a_bounded_number_of_problems(client: Client, people: dict[str, str]) -> None:
    """Found by the probe: 1.8 MB of prompts naming 18,000 non-ids each made 900,100 problems, a
    72 MB answer and 1.7 GB of server memory."""
    iv, _ = baseline_with_goal()
    doc = to_document(iv)
    doc["plan"]["suggested"] = [{"prompt": "broker", "people": [0] * 1000} for _ in range(40)]  # 40,000 problems
    response = client.request(
        "PUT", f"/v1/interviews/{iv.id}", people[LEUVEN], content=json.dumps(doc).encode(),
        headers={"X-Egonet-Base-Revision": "0"},
    )  # fmt: skip
    body = refused(response, 422)
    assert len(body["problems"]) <= 101 and len(response.content) < 50_000

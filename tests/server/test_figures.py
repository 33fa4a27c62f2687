"""What leads, researchers and admins get: aggregates computed on the server from uploaded
interviews and protocols, anonymised research rows, the users and the audit log; on both databases."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import sqlite3
import statistics
import uuid
import zipfile
from typing import Any

import pytest

from egonet import analysis
from egonet.analysis import measure, service_network
from egonet.model import Alter, Interview
from egonet.protocol import default_protocol
from server.releases import changes_by_figure
from server.settings import ServerSettings
from tests.server.helpers import Client, cohort, interview, leuven, put, upload

SUMMARY = "/v1/services/CGG Leuven/summary"


def test_a_lead_gets_counts_and_distributions_that_match_the_interviews(client: Client, people: dict[str, str]) -> None:
    interviews = cohort(7)
    upload(client, people, interviews)
    got = client.request("GET", SUMMARY, people["lead_leuven"]).json()
    baselines, follow_ups = leuven(interviews, 0), leuven(interviews, 1)
    assert (got["patients"], got["interviews"]) == (7, len(baselines) + len(follow_ups))
    assert got["completed"] == sum(iv.status.value == "completed" for iv in baselines + follow_ups)
    assert got["not_measured"] == 0
    wave0 = got["waves"][0]
    assert (wave0["wave_index"], wave0["n_patients"], wave0["suppressed"]) == (0, 7, False)
    present = [len([a for a in iv.alters.values() if a.presence.value in ("present", "confirmed")]) for iv in baselines]
    assert wave0["distributions"]["n_alters"]["median"] == pytest.approx(statistics.median(present))
    expected_density = [measure(iv, default_protocol()).structure.density for iv in baselines]
    assert wave0["distributions"]["density"]["median"] == pytest.approx(
        statistics.median([d for d in expected_density if d is not None])
    )
    text = json.dumps(got)
    assert not any(a.label in text for iv in interviews for a in iv.alters.values())
    assert not any(iv.patient.code in text for iv in interviews)


def test_a_measure_fewer_than_five_patients_have_is_not_shown(client: Client, people: dict[str, str]) -> None:
    interviews = cohort(7, 0)
    for iv in leuven(interviews, 0)[3:]:
        iv.ego_answers.pop("satisfaction", None)  # only 3 baselines keep a satisfaction answer
    upload(client, people, interviews)
    wave0 = client.request("GET", SUMMARY, people["lead_leuven"]).json()["waves"][0]
    assert wave0["n_patients"] == 7 and wave0["distributions"]["ego_satisfaction"] is None
    assert wave0["distributions"]["n_alters"]["n"] == 7 and "max" not in wave0["distributions"]["n_alters"]


def test_small_groups_are_suppressed(client: Client, people: dict[str, str]) -> None:
    upload(client, people, cohort(3))
    got = client.request("GET", SUMMARY, people["lead_leuven"]).json()
    assert got["not_measured"] == 0
    assert got["waves"] and all(
        (w["n_patients"], w["suppressed"], w["distributions"]) == (None, True, {}) for w in got["waves"]
    )
    assert all(c["suppressed"] and c["changes"] == {} for c in got["changes"])


def grown(iv: Interview, people: int) -> Interview:
    """``iv`` with ``people`` more alters, as its next revision."""
    bigger = dataclasses.replace(iv, alters=dict(iv.alters), ties=dict(iv.ties), revision=iv.revision + 1)
    for _ in range(people):
        bigger.add_alter(Alter(uuid.uuid4(), "someone", ["emotional"], {"relationship": "friend"}))
    return bigger


def renamed(iv: Interview) -> Interview:
    """``iv`` with one alter's name corrected, as its next revision (no figure can show it)."""
    first = next(iter(iv.alters.values()))
    alters = {**iv.alters, first.id: dataclasses.replace(first, label=first.label + " (corrected)")}
    return dataclasses.replace(iv, alters=alters, ties=dict(iv.ties), revision=iv.revision + 1)


def recontacted(iv: Interview) -> Interview:
    """``iv`` with every alter's ``contact`` answer moved by one, as its next revision: figures of
    contact move, the size and the composition by relationship do not."""
    alters = {
        a.id: dataclasses.replace(a, answers={**a.answers, "contact": 1 + int(a.answers.get("contact", 1)) % 3})
        for a in iv.alters.values()
    }
    return dataclasses.replace(iv, alters=alters, ties=dict(iv.ties), revision=iv.revision + 1)


def test_a_summary_cannot_be_differenced_down_to_one_patient(client: Client, people: dict[str, str]) -> None:
    """Found: a summary before and after one upload gave that patient's ``n_alters`` exactly; then
    (by the attacker probes) one real change beside four corrected names, and beside four changes
    that moved other figures.  A figure moves only with 5 patients' changes (server.releases)."""
    interviews = cohort(12, 0)
    baselines = [iv for iv in leuven(interviews, 0) if iv.status.value == "completed"]
    assert len(baselines) >= 11
    held_back, uploaded = baselines[6:11], [iv for iv in interviews if iv not in baselines[6:11]]
    upload(client, people, uploaded)
    first = client.request("GET", SUMMARY, people["lead_leuven"]).json()
    token = people["clin_leuven"]
    latest = {iv.id: iv for iv in baselines[:6]}

    def send(iv: Interview) -> None:
        assert put(client, token, iv, base=latest[iv.id].revision)[0] == 200
        latest[iv.id] = iv

    send(grown(baselines[0], 30))  # the target: 30 more people
    for iv in baselines[1:5]:
        send(renamed(latest[iv.id]))  # a name corrected: no figure moves
    assert client.request("GET", SUMMARY, people["lead_leuven"]).json() == first
    for iv in baselines[1:5]:
        send(recontacted(latest[iv.id]))  # contact moves, the size does not
    assert client.request("GET", SUMMARY, people["lead_leuven"]).json() == first  # n_alters: 1 patient
    for iv in held_back:  # five new patients: every figure moves with at least them
        assert put(client, token, iv)[0] == 201
    now = client.request("GET", SUMMARY, people["lead_leuven"]).json()
    assert now != first
    shown = now["waves"][0]["distributions"]["n_alters"]
    current = [latest.get(iv.id, iv) for iv in baselines]
    assert shown["n"] == len(current) == first["waves"][0]["distributions"]["n_alters"]["n"] + 5
    assert shown["mean"] == pytest.approx(statistics.mean(measure(iv, default_protocol()).n_alters for iv in current))
    page = client.request("GET", "/v1/services/CGG Leuven/report", people["lead_leuven"]).text
    assert client.request("GET", "/v1/services/CGG Leuven/report", people["lead_leuven"]).text == page


def revised(iv: Interview, ego: dict[str, object] | None = None, setting: str | None = None) -> Interview:
    """``iv`` as its next revision, with ``ego`` answers, or its first professional's setting changed."""
    alters = dict(iv.alters)
    if setting is not None:
        professional = next(a for a in alters.values() if "setting" in a.answers)
        alters[professional.id] = dataclasses.replace(
            professional, answers={**professional.answers, "setting": setting}
        )
    answers = {**iv.ego_answers, **(ego or {})}
    return dataclasses.replace(iv, alters=alters, ties=dict(iv.ties), ego_answers=answers, revision=iv.revision + 1)


def test_a_figure_of_one_wave_or_of_the_service_network_never_moves_with_one_patient(
    client: Client, people: dict[str, str]
) -> None:
    """Found by the third attacker probe: four patients' changes at wave 0 made a release in which
    wave 1's satisfaction moved with one patient; changes of settings at waves the service network
    does not show (it takes each patient's latest) made one in which a node moved with one patient."""
    interviews = cohort(14, 0)
    upload(client, people, interviews)
    first = client.request("GET", SUMMARY, people["lead_leuven"]).json()
    report = client.request("GET", "/v1/services/CGG Leuven/report", people["lead_leuven"]).text
    token = people["clin_leuven"]
    completed = {(iv.patient.code, iv.wave.index): iv for iv in interviews if iv.status.value == "completed"}
    both = sorted(code for code, wave in completed if wave == 1 and (code, 0) in completed)
    assert len(both) >= 5

    def send(iv: Interview) -> None:
        stored = completed[iv.patient.code, iv.wave.index]
        assert put(client, token, iv, base=stored.revision)[0] == 200
        completed[iv.patient.code, iv.wave.index] = iv

    def flipped(value: object) -> int:
        return 1 if value != 1 else 7

    for code in both[:4]:  # satisfaction at wave 0: four patients
        iv = completed[code, 0]
        send(revised(iv, ego={"satisfaction": flipped(iv.ego_answers.get("satisfaction"))}))
    target = completed[both[4], 1]  # and at wave 1: one
    send(revised(target, ego={"satisfaction": flipped(target.ego_answers.get("satisfaction"))}))
    assert client.request("GET", SUMMARY, people["lead_leuven"]).json() == first
    with_setting = [code for code in both if any("setting" in a.answers for a in completed[code, 0].alters.values())]
    for code in with_setting[:5]:  # settings at wave 0, which the network does not show for them
        send(revised(completed[code, 0], setting="day_centre"))
    assert client.request("GET", "/v1/services/CGG Leuven/report", people["lead_leuven"]).text == report
    assert client.request("GET", SUMMARY, people["lead_leuven"]).json() == first


def test_the_service_networks_centralities_are_those_of_what_is_shown() -> None:
    """Found by the third probe: a node of fewer than 5 networks, hidden, still raised the degree
    and betweenness of the nodes it was tied to."""
    protocol = default_protocol()
    interviews = [iv for iv in cohort(12, 0) if iv.wave.index == 0]
    everything = service_network(interviews, lambda _iv: protocol)
    shown = service_network(interviews, lambda _iv: protocol, at_least=5)
    rare = {n.node for n in everything.nodes if n.n_networks < 5}
    assert rare and not rare & {n.node for n in shown.nodes}
    kept = {n.node for n in shown.nodes}
    for node in shown.nodes:  # the degree counts only shown neighbours tied in 5 networks or more
        neighbours = {b if a == node.node else a for (a, b), w in shown.ties.items() if node.node in (a, b)}
        assert node.degree == len(neighbours) and neighbours <= kept
        assert all(w >= 5 for w in shown.ties.values())


def test_researchers_get_pseudonymous_rows_only_of_their_services(client: Client, people: dict[str, str]) -> None:
    interviews = cohort(6)
    upload(client, people, interviews)
    response = client.request("GET", "/v1/research/measures", people["researcher"])
    rows = response.json()
    completed = [iv for iv in leuven(interviews, 0) + leuven(interviews, 1) if iv.status.value == "completed"]
    assert len(rows) == len(completed)
    for row in rows:  # the export's quasi-identifiers, and what gives them back (found by the probe:
        # ego's gender, suppressed in the export, read off similarity_gender and the alters' counts)
        assert not {"service", "protocol", "ego_gender", "ego_age"} & row.keys(), row.keys()
        assert not [c for c in row if c.startswith(("ei_", "similarity_"))]
    assert any(c.startswith("n_gender_") for c in rows[0])  # the alters' composition stays
    assert not any(a.label in response.text for iv in interviews for a in iv.alters.values())
    assert not any(iv.patient.code in response.text or str(iv.id) in response.text for iv in interviews)
    again = client.request("GET", "/v1/research/measures", people["researcher"]).json()
    assert [r["patient"] for r in again] == [r["patient"] for r in rows]  # stable across downloads
    by_patient = {iv.patient.code: iv for iv in completed if iv.wave.index == 0}
    waves_of = {}
    for r in rows:
        waves_of.setdefault(r["patient"], set()).add(r["wave_index"])
    assert len(waves_of) == len(by_patient)  # one pseudonym per patient, across waves
    assert max(len(w) for w in waves_of.values()) == 2


def test_admins_list_users_and_read_the_audit_log_without_labels(client: Client, people: dict[str, str]) -> None:
    interviews = cohort(5)
    upload(client, people, interviews)
    client.request("GET", "/v1/research/measures", people["researcher"])
    client.request("GET", SUMMARY, people["lead_leuven"])
    users = client.request("GET", "/v1/admin/users", people["admin"]).json()
    assert {(u["name"], u["role"], u["active_tokens"]) for u in users} >= {
        ("clin_leuven", "clinician", 1),
        ("lead_leuven", "service_lead", 1),
    }
    audit = client.request("GET", "/v1/admin/audit?limit=3", people["admin"]).json()
    assert [(e["user"], e["action"]) for e in audit][1:] == [
        ("lead_leuven", "aggregate"),
        ("researcher", "export"),
    ]  # newest first; the first is the admin's own listing of users
    older = client.request("GET", f"/v1/admin/audit?before={audit[-1]['id']}", people["admin"]).json()
    assert [e["id"] for e in older] == list(range(audit[-1]["id"] - 1, 0, -1))  # every older event, in order
    code = interviews[0].patient.code
    assert client.request("GET", f"/v1/patients/{code}/interviews", people["clin_leuven"]).status_code == 200
    everything = client.request("GET", "/v1/admin/audit?limit=1000", people["admin"]).text
    assert not any(a.label in everything for iv in interviews for a in iv.alters.values())
    assert not any(iv.patient.code in everything for iv in interviews)  # codes only as pseudonyms
    assert '"resource":"patient:a_' in everything.replace(" ", "")


def test_the_answer_shapes_follow_the_mining_modules_dataclasses() -> None:
    """The OpenAPI shapes of distributions and differences mirror egonet.analysis's dataclasses."""
    from egonet.analysis import Distribution, PairedDifference
    from server import schemas

    for shape, source in ((schemas.Distribution, Distribution), (schemas.Difference, PairedDifference)):
        assert set(shape.model_fields) <= {f.name for f in dataclasses.fields(source)}
    assert not {"min", "max"} & set(schemas.Distribution.model_fields)  # each one patient's value


def test_uploads_go_on_while_a_summary_measures(
    client: Client, people: dict[str, str], settings: ServerSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite, measuring runs outside any transaction: a writer with a 1 s timeout gets the
    lock between every two measures (it would fail with "database is locked" otherwise)."""
    if not settings.url.startswith("sqlite"):
        pytest.skip("PostgreSQL locks rows, not the database")
    interviews = cohort(5)
    upload(client, people, interviews)
    path = settings.url.split("///", 1)[1]
    real, writes = analysis.measure, []

    def measuring(*args: Any) -> Any:
        con = sqlite3.connect(path, timeout=1, isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT INTO services (name) VALUES (?)", (f"written while measuring {len(writes)}",))
        con.execute("COMMIT")
        con.close()
        writes.append(args)
        return real(*args)

    monkeypatch.setattr(analysis, "measure", measuring)
    assert client.request("GET", SUMMARY, people["lead_leuven"]).status_code == 200
    assert len(writes) == sum(
        iv.patient.service == "CGG Leuven" and iv.status.value == "completed" for iv in interviews
    )


def test_a_lead_gets_the_service_report_without_labels_or_codes(client: Client, people: dict[str, str]) -> None:
    interviews = cohort(7)
    upload(client, people, interviews)
    response = client.request("GET", "/v1/services/CGG Leuven/report?lang=fr", people["lead_leuven"])
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "Les réseaux de soutien dans le service" in html and "CGG Leuven" in html
    assert not any(a.label in html for iv in interviews for a in iv.alters.values())
    assert not any(iv.patient.code in html for iv in interviews)
    completed = [iv for iv in leuven(interviews, 0) if iv.status.value == "completed"]
    assert f'<tr><td>départ</td><td class="num">{len(completed)}</td>' in html  # the baseline's patients


@pytest.mark.parametrize("fmt", ["egor", "jsonl"])
def test_a_researcher_downloads_an_anonymised_export_that_the_measure_rows_do_not_join(
    client: Client, people: dict[str, str], fmt: str
) -> None:
    interviews = cohort(6)
    upload(client, people, interviews)
    response = client.request("GET", f"/v1/research/export?format={fmt}", people["researcher"])
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as zipped:
        contents = {name: zipped.read(name).decode("utf-8") for name in zipped.namelist()}
    assert f"egonet-{fmt}/codebook.md" in contents and f"egonet-{fmt}/disclosure-risk.json" in contents
    assert json.loads(contents[f"egonet-{fmt}/disclosure-risk.json"])["k"] == 5  # the server's floor
    everything = "\n".join(contents.values())
    assert not any(iv.patient.code in everything or str(iv.id) in everything for iv in interviews)
    assert not any(re.search(rf"\b{re.escape(a.label)}\b", everything) for iv in interviews for a in iv.alters.values())
    completed = [iv for iv in leuven(interviews, 0) + leuven(interviews, 1) if iv.status.value == "completed"]
    rows = client.request("GET", "/v1/research/measures", people["researcher"]).json()
    for row in rows:  # other pseudonyms: the rows cannot bring back what the export suppressed
        assert row["patient"] not in everything and row["interview_id"] not in everything
        assert "service" not in row
    assert len(rows) == len(completed)
    if fmt == "egor":
        assert contents["egonet-egor/egos.csv"].count("\n") == len(completed) + 1


def member(patient: str, wave: int, **figures: float) -> dict[str, Any]:
    return {
        "patient": patient,
        "wave": wave,
        "fingerprint": f"{patient}{wave}{figures}",
        "figures": figures,
        "services": [],
    }


def test_every_pair_of_a_patients_waves_is_a_figure_of_its_own() -> None:
    """Found by the fourth probe: the report compares the first wave with the last, and a change at
    wave 0 beside four patients' changes elsewhere moved the wave 0 to wave 2 figures."""
    before = {f"{p}{w}": member(p, w, size=float(w)) for p in "ABCDE" for w in (0, 1, 2)}
    after = {**before, "A0": member("A", 0, size=9.0)}
    changed = changes_by_figure(before, after)
    assert changed == {("wave", 0, "size"): {"A"}, ("pair", 0, 1, "size"): {"A"}, ("pair", 0, 2, "size"): {"A"}}


def test_the_counts_are_of_the_release_not_of_work_in_progress(client: Client, people: dict[str, str]) -> None:
    """Found by the fourth probe: a patient registered with an interview in progress showed as +1
    in the counts of the next release."""
    interviews = cohort(12, 0)
    two = sorted({iv.patient.code for iv in interviews if iv.wave.index == 1 and iv.status.value == "completed"})
    later = two[-5:]  # five patients with two completed waves: every figure moves with all five
    waiting = [iv for iv in interviews if iv.patient.code in later]
    upload(client, people, [iv for iv in interviews if iv not in waiting])
    first = client.request("GET", SUMMARY, people["lead_leuven"]).json()
    started = interview(code="NEW-001")  # in progress
    assert put(client, people["clin_leuven"], started)[0] == 201
    for iv in waiting:
        assert put(client, people["clin_leuven"], iv)[0] == 201
    now = client.request("GET", SUMMARY, people["lead_leuven"]).json()
    assert now != first
    assert now["patients"] == first["patients"] + 5
    added = sum(iv.status.value == "completed" for iv in waiting)
    assert now["interviews"] == now["completed"] == first["completed"] + added

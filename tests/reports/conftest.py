"""Demo interviews (the same every run) for the reporter's tests."""

from __future__ import annotations

from datetime import date

import pytest

from egonet.model import Interview, Protocol
from egonet.protocol import default_protocol
from tests.helpers import demo_cohort

TODAY = date(2026, 11, 23)


def protocol_of(_interview: Interview) -> Protocol:
    return default_protocol()


@pytest.fixture(scope="session")
def cohort() -> list[Interview]:
    """40 demo patients, most with a baseline and a follow-up, all completed."""
    return demo_cohort(40, 11)


@pytest.fixture(scope="session")
def one_patient(cohort: list[Interview]) -> list[Interview]:
    """The first demo patient with two completed waves, someone gained and someone lost."""
    for code in sorted({iv.patient.code for iv in cohort}):
        waves = sorted((iv for iv in cohort if iv.patient.code == code), key=lambda iv: iv.wave.index)
        if len(waves) == 2 and all(iv.status.value == "completed" for iv in waves):
            before, after = ({a.id for a in iv.active_alters()} for iv in waves)
            if before - after and after - before:
                return waves
    raise AssertionError("the demo cohort has no such patient")

"""Keyed pseudonyms and coarsened dates for research exports.

A pseudonym is the first 16 hex digits (64 bits) of HMAC-SHA-256(secret, ``kind:value``),
prefixed by the kind's letter: ``P`` patient, ``I`` interview, ``A`` alter, ``G`` goal of
the support plan.  With the same
project secret, two exports give the same pseudonyms (a researcher can join them); without it,
a pseudonym cannot be linked to a code.  Alter ids are the same across a patient's waves, so
their pseudonyms are too: change between waves can be studied on the export.

Dates are coarsened to the month (``2026-03``), or, with ``shift_dates``, moved by a number of
days (-182..182) drawn from the secret and the patient code, the same for all of a patient's
waves (intervals between waves are kept exactly).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from datetime import datetime, timedelta
from pathlib import Path

from egonet.errors import UsageError
from egonet.wire import private_folder

__all__ = ["Pseudonyms", "load_or_create_secret"]


class Pseudonyms:
    def __init__(self, secret: bytes, *, shift_dates: bool = False) -> None:
        if len(secret) < 16:
            raise UsageError("the project secret is too short (at least 16 bytes)")
        self._secret, self.shift_dates = secret, shift_dates

    def _mac(self, kind: str, value: str) -> str:
        return hmac.new(self._secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()

    def patient(self, code: str) -> str:
        return "P" + self._mac("patient", code)[:16]

    def interview(self, interview_id: object) -> str:
        return "I" + self._mac("interview", str(interview_id))[:16]

    def alter(self, alter_id: object) -> str:
        return "A" + self._mac("alter", str(alter_id))[:16]

    def goal(self, goal_id: object) -> str:
        return "G" + self._mac("goal", str(goal_id))[:16]

    def date(self, patient_code: str, moment: datetime) -> str:
        """The month (``YYYY-MM``), or the day shifted by the patient's offset."""
        if not self.shift_dates:
            return f"{moment.year:04d}-{moment.month:02d}"
        offset = int(self._mac("shift", patient_code)[:8], 16) % 365 - 182
        return (moment + timedelta(days=offset)).date().isoformat()


def load_or_create_secret(path: Path) -> bytes:
    """The project secret in ``path`` (hex), created (32 random bytes, readable by the owner only)
    if the file does not exist."""
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        pass
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the project secret: {exc}", str(path)) from None
    private_folder(path.parent, tighten=False)  # a new folder is 0700; one the user chose is left as it is
    secret = secrets.token_bytes(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as f:
        f.write(secret.hex() + "\n")
    return secret

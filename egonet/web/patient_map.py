"""What the patient's screen shows: the open interview's network map, large, and its legend.

The map is the reports' own (:func:`reports.svg.network_map`: the patient at the centre, rings
by closeness, people grouped by relationship, ties as lines, each relationship with its own
marker shape as well as its colour), with every name, in the interview's language.  Nothing else
of the record: no answer, note, code or date; and an empty page when no interview is open.
"""

from __future__ import annotations

from uuid import UUID

from egonet.errors import EgonetError
from egonet.model import Interview, Protocol
from egonet.protocol import builtin_protocol
from egonet.store import Store
from reports.svg import legend_keys, network_map
from reports.words import LANGUAGES, words

__all__ = ["map_view"]


def map_view(store: Store, interview_id: UUID | None, language: str) -> dict[str, object]:
    """The page's parts as JSON-ready values: ``svg`` (``None``: nothing to show), ``legend``
    (marker SVG and label), ``title``, ``help`` and ``waiting``, in the interview's language
    (``language`` when there is none)."""
    interview = _open(store, interview_id)
    if interview is not None and interview.language in LANGUAGES:
        language = interview.language
    w = words(language if language in LANGUAGES else "en")
    view: dict[str, object] = {
        "title": w.text("patient_title"),
        "help": w.text("map_help"),
        "waiting": w.text("live_waiting"),
        "full_screen": w.text("live_full_screen"),
        "language": w.language,
        "svg": None,
        "legend": [],
    }
    if interview is not None:
        protocol = _protocol(store, interview)
        if protocol is not None:
            view["svg"] = network_map(interview, protocol, w.language, centre_label=w.text("you"))
            keys = legend_keys([interview], protocol, w.language, w.text("unknown_relationship"))
            view["legend"] = [{"marker": k.marker_svg, "label": k.label} for k in keys]
    return view


def _open(store: Store, interview_id: UUID | None) -> Interview | None:
    if interview_id is None:
        return None
    try:
        return store.load(interview_id)
    except EgonetError:
        return None


def _protocol(store: Store, interview: Interview) -> Protocol | None:
    """The interview's protocol: built in, else as the store keeps it."""
    key = (interview.protocol_id, interview.protocol_version)
    try:
        return builtin_protocol(*key) or store.protocol(*key)
    except EgonetError:
        return None

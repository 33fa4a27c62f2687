"""Follow-up waves: an import of wave N continues each patient's wave N-1 already in the store.

An alter keeps its id across waves when the source gives it the same id (the id is derived
from the service, the patient code and the source's alter id), so who was kept, lost and
gained is measured as for Egonet's own follow-ups.  The follow-up answers the questions of the
previous wave's protocol: columns are matched to questions by name (as the baseline's import
named them), or by the mapping.
"""

from __future__ import annotations

from egonet.errors import NotFoundError, Problem, SourceError
from egonet.imports.source import SourceEgo
from egonet.model import Interview, Protocol
from egonet.store import Store

__all__ = ["previous_waves"]


def previous_waves(
    store: Store, egos: list[SourceEgo], prefix: str, wave: int
) -> tuple[dict[str, Interview], Protocol]:
    """Each ego's interview of wave ``wave - 1`` (by patient code), and their one protocol."""
    found: dict[str, Interview] = {}
    problems = []
    for ego in egos:
        code = f"{prefix}{ego.id}"
        rows = [r for r in store.interviews(code) if r.wave_index == wave - 1]
        if not rows:
            problems.append(
                Problem(ego.where, "", f"patient {code} has no wave {wave - 1} in the store: import it first")
            )
            continue
        found[code] = store.load(rows[0].id)
    if problems:
        raise SourceError(problems[:20])
    used = {(iv.protocol_id, iv.protocol_version) for iv in found.values()}
    if len(used) > 1:
        listed = ", ".join(f"{p} {v}" for p, v in sorted(used))
        raise SourceError(
            [Problem("store", "", f"the previous waves use several protocols ({listed}): import them apart")]
        )
    try:
        protocol = store.protocol(*next(iter(used)))
    except NotFoundError as exc:
        raise SourceError([Problem("store", "", exc.message)]) from None
    return found, protocol

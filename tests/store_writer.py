"""A process that writes to a store without end, acknowledging each change on stdout.

Used by ``test_kill.py``: it is killed with SIGKILL at random moments.  Operation ``n`` (from
1) is fixed by ``n`` alone, so the state after any number of operations can be predicted:
``n % 3 == 1`` adds alter ``person {n // 3}``, ``== 2`` answers its relationship, ``== 0``
ties it to the alter before it (from the second alter on; else answers closeness).
"""

from __future__ import annotations

import sys
from pathlib import Path

from egonet.model import Patient
from egonet.protocol import default_protocol
from egonet.session import InterviewSession, start_baseline
from egonet.store import Store

RELATIONSHIPS = ["family", "friend", "neighbour", "health_professional"]


def apply(session: InterviewSession, n: int) -> None:
    k = (n - 1) // 3
    alters = list(session.interview.alters.values())
    if n % 3 == 1:
        session.add_alter(f"person {k}", "emotional")
    elif n % 3 == 2:
        session.answer_alter(alters[k].id, "relationship", RELATIONSHIPS[k % 4])
    elif k > 0:
        session.set_tie(alters[k - 1].id, alters[k].id)
    else:
        session.answer_alter(alters[0].id, "closeness", 2)


def main(path: Path) -> None:
    with Store(path) as store:
        rows = store.interviews("KILL-1")
        if rows:
            session = InterviewSession.resume(store, rows[0].id)
        else:
            session = start_baseline(store, Patient("KILL-1", "test"), "c", default_protocol())
        n = session.interview.revision  # revision 1 is the empty baseline; op n makes revision n + 1
        while True:
            apply(session, n)
            print(n, flush=True)
            n += 1


if __name__ == "__main__":
    main(Path(sys.argv[1]))

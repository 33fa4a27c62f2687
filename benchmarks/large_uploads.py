"""Benchmark: small uploads while one client sends large documents, with a checker process and without.

The load of ``benchmarks/upload_load.py`` (wrk at 32 connections, its Lua script, 400 demo
documents, each request a new interview) against the real server on SQLite, once alone and once
while one more client uploads large interviews back to back (each new: 300 alters and some
4,900 ties, about 0.6 MB, what a network near the server's limits looks like), with
``EGONET_SERVER_CHECKERS=1`` (the default: the documents checked in a process beside the
server's) and ``=0`` (checked in the server process, under its GIL), interleaved.  Prints, for
each round, the small uploads' rate, p50 and p99, alone and with the large ones, and the large
ones' median time; then the medians, and the ratio with the checker to without it.

    python benchmarks/large_uploads.py
    python benchmarks/large_uploads.py --rounds 3 --duration 10
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
import upload_load

from egonet.model import Alter, Interview, Patient, Wave
from egonet.protocol import default_protocol
from egonet.wire import dumps

ALTERS = 300
MOST_TIES = 4900


def large(service: str) -> bytes:
    """A new interview near the server's limits (``ALTERS`` alters, up to ``MOST_TIES`` ties)."""
    protocol = default_protocol()
    iv = Interview(
        uuid.uuid4(),
        Patient(f"BIG-{uuid.uuid4().hex[:8]}", service),
        Wave.numbered(0),
        "bench",
        protocol.id,
        protocol.version,
        "en",
        datetime(2026, 3, 1, tzinfo=UTC),
    )
    ids = [
        iv.add_alter(Alter(uuid.uuid4(), f"Person {n}", ["emotional"], {"relationship": "friend"})).id
        for n in range(ALTERS)
    ]
    ties = 0
    for i, a in enumerate(ids):
        for j in range(i + 1, len(ids)):
            if (i * 7 + j) % 9 == 0 and ties < MOST_TIES:
                iv.set_tie(a, ids[j], 1)
                ties += 1
    return dumps(iv).encode()


def one_round(checkers: int, args: argparse.Namespace, docs: list[tuple[str, str, str, str]]) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix="egonet-large-"))
    (folder / "upload.lua").write_text(upload_load.LUA, encoding="utf-8")
    home = folder / "home"
    home.mkdir(mode=0o700)
    port = upload_load.free_port()
    url = f"sqlite:///{home / 'server.sqlite3'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGONET_SERVER_")}
    env |= {"EGONET_SERVER_HOME": str(home), "EGONET_SERVER_DATABASE_URL": url, "EGONET_SERVER_CHECKERS": str(checkers)}
    tokens = upload_load.people(url, sorted({d[0] for d in docs}))
    lines = ["\t".join([tokens[service], *parts]) for service, *parts in docs]
    (folder / "docs.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    service = sorted(tokens)[0]
    bodies = [large(service) for _ in range(8)]  # made before timing; each sent with a fresh id below
    stop, took = threading.Event(), []

    def send_large() -> None:
        headers = {"Authorization": f"Bearer {tokens[service]}", "Content-Type": "application/json"}
        with httpx.Client(timeout=60) as client:
            n = 0
            while not stop.is_set():
                old = bodies[n % len(bodies)]
                fresh = str(uuid.uuid4())
                body = old.replace(old[old.index(b'"id":"') + 6 : old.index(b'"id":"') + 42], fresh.encode(), 1)
                code = f"BIG-{n:08d}".encode()  # as long as the one it replaces
                body = body.replace(body[body.index(b'"code":"') + 8 : body.index(b'"code":"') + 20], code, 1)
                started = time.perf_counter()
                answer = client.put(f"http://127.0.0.1:{port}/v1/interviews/{fresh}", content=body, headers=headers)
                if answer.status_code != 201:
                    raise SystemExit(f"a large upload was answered {answer.status_code}: {answer.text[:300]}")
                took.append(time.perf_counter() - started)
                n += 1

    target = f"http://127.0.0.1:{port}"
    with upload_load.serving(upload_load.EGONET, [str(port)], env, home / "server.log", port):
        upload_load.wrk(target, folder, 1, args.warmup, connections=args.connections, threads=2)
        alone = upload_load.wrk(target, folder, 2, args.duration, connections=args.connections, threads=2)
        sender = threading.Thread(target=send_large)
        sender.start()
        time.sleep(1)
        loaded = upload_load.wrk(target, folder, 3, args.duration, connections=args.connections, threads=2)
        stop.set()
        sender.join()
    rate = {
        name: upload_load.answered_ids([run])[1] / float(run["seconds"])
        for name, run in (("alone", alone), ("loaded", loaded))
    }
    found = {
        "alone/s": rate["alone"],
        "alone p99": float(alone["p99"]),
        "with large/s": rate["loaded"],
        "with large p50": float(loaded["p50"]),
        "with large p99": float(loaded["p99"]),
        "large median ms": 1000 * statistics.median(took),
        "large sent": float(len(took)),
    }
    print(f"  checkers={checkers}: " + ", ".join(f"{k} {v:.0f}" for k, v in found.items()), flush=True)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n    python")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  python benchmarks/large_uploads.py\n"
        "  python benchmarks/large_uploads.py --rounds 3 --duration 10",
    )
    parser.add_argument("--rounds", type=int, default=2, help="rounds of each setting, interleaved (default 2)")
    parser.add_argument("--duration", type=float, default=10, help="seconds of each load (default 10)")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of load first, not counted (default 3)")
    parser.add_argument("--connections", type=int, default=32, help="(default 32)")
    args = parser.parse_args()
    docs = upload_load.documents(400, 1)
    print(f"large documents: {len(large('S')) / 1e6:.2f} MB; {os.cpu_count()} cpus")
    rounds: dict[int, list[dict[str, float]]] = {1: [], 0: []}
    for _ in range(args.rounds):
        for checkers in (1, 0):
            rounds[checkers].append(one_round(checkers, args, docs))
    median = {c: {k: statistics.median(r[k] for r in found) for k in found[0]} for c, found in rounds.items()}
    for checkers, values in median.items():
        print(f"checkers={checkers} (medians): " + ", ".join(f"{k} {v:.0f}" for k, v in values.items()))
    with_, without = median[1], median[0]
    print(
        f"with the checker / without, small uploads beside large ones: throughput "
        f"{with_['with large/s'] / without['with large/s']:.2f}x, "
        f"p99 {with_['with large p99'] / without['with large p99']:.2f}x; "
        f"the large ones' median time {with_['large median ms'] / without['large median ms']:.2f}x"
    )


if __name__ == "__main__":
    sys.exit(main())

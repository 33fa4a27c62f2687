"""Benchmark: concurrent sync clients uploading interviews to a real ``egonet-server`` process.

For each database (SQLite in the server's home, and PostgreSQL when EGONET_TEST_POSTGRES_URL
names a server: a fresh database is created in it and dropped afterwards), an ``egonet-server
serve`` process (uvicorn) is started on loopback, with a clinician of every demo service and
one device token per client.  Then N threads, each with its own ``httpx.Client``:

1. Baseline: every client sends authenticated ``GET /v1/me`` (the cheapest authenticated call).
2. Load: every client uploads its share of the synthetic interviews (``egonet.demo``: baselines
   and follow-ups, 5-28 alters with answers and ties, generated before timing) with ``PUT
   /v1/interviews/{id}``, base revision 0, expecting 201 created.  A fraction is sent a second
   time at once (a retry after a lost answer), expecting 200 unchanged.  Shares are dealt
   round robin by interview, so a new patient's two waves are often sent by two clients at
   the same moment; with --by-patient a patient's waves go from one client, in order, as
   from a laptop.
3. Check: the server's tables are read directly and compared with what was sent: lost (sent,
   not stored), duplicated (rows beyond one per id, rows never sent, a patient's wave stored
   twice), mismatched (a stored digest not that of the sent document; alters or ties rows
   not those of the stored documents).

Throughput is requests per second of wall time over a phase; p50 (the median) and p99 are
latencies as a client sees them.  The ratios compare uploads with the /v1/me round trip on the
same server in the same process: "upload p50 is 6x a /v1/me round trip" means a median upload
costs six authenticated no-op requests.  Statuses are counted by kind of request (0: no answer,
e.g. a connection reset); unexpected ones are printed with their first answer, and the
server's log is summarised (each distinct exception).  The exit status is 1 if anything was
lost, duplicated or mismatched, or a status was not the expected one.

    python benchmarks/server_load.py                                   # 32 clients, 10,000 interviews
    python benchmarks/server_load.py --interviews 500 --clients 8 --database sqlite
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rich.progress import Progress
from sqlalchemy import create_engine, text

from egonet.demo import generate_demo
from egonet.protocol import default_protocol
from egonet.wire import dumps

SERVER = "from server.cli import main; main()"
CLINICIAN = "bench"
Job = tuple[str, Callable[[httpx.Client], httpx.Response]]
"""One request of a client: its kind ("me", "upload", "repeat") and how to send it."""


@dataclass(frozen=True)
class Upload:
    id: str
    patient: str
    wave: int
    service: str
    body: bytes
    alters: int
    ties: int


@dataclass
class Phase:
    """What the clients saw in one phase: latencies and statuses, by kind of request."""

    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    first_answer: dict[tuple[str, int], str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, latency: float, status: int, answer: str) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(latency)
            self.statuses[kind, status] += 1
            self.first_answer.setdefault((kind, status), answer[:300])


def documents(count: int, seed: int) -> list[Upload]:
    """``count`` synthetic interviews (baselines and follow-ups of distinct patients), serialised."""
    uploads = []
    for iv in generate_demo(count, seed, default_protocol()):
        body = dumps(iv).encode()
        uploads.append(
            Upload(str(iv.id), iv.patient.code, iv.wave.index, iv.patient.service, body, len(iv.alters), len(iv.ties))
        )
        if len(uploads) == count:
            break
    return uploads


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(home: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGONET_SERVER_")}
    env["EGONET_SERVER_HOME"] = str(home)
    if database_url:
        env["EGONET_SERVER_DATABASE_URL"] = database_url
    return env


def admin(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", SERVER, "admin", *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"egonet-server admin {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip()


@contextmanager
def running_server(env: dict[str, str], log: Path) -> Iterator[str]:
    """An ``egonet-server serve`` process on a free loopback port; killed on the way out."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", SERVER, "serve", "--port", str(port)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while httpx_status(f"{url}/v1/me") != 401:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the server did not start:\n{log.read_text()}")
                time.sleep(0.1)
            yield url
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def httpx_status(url: str) -> int | None:
    try:
        return httpx.get(url, timeout=1).status_code
    except httpx.TransportError:
        return None


def run_phase(url: str, tokens: list[str], jobs: list[list[Job]], label: str) -> Phase:
    """Each client (a thread with its own connection) runs its jobs in turn; all start together."""
    phase = Phase()
    start = threading.Barrier(len(tokens) + 1, timeout=120)
    show = Progress(transient=True) if sys.stdout.isatty() else None
    task = show.add_task(label, total=sum(map(len, jobs))) if show is not None else None

    def client(token: str, mine: list[Job]) -> None:
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120) as http:
            http.get("/v1/me")  # connect before the clock starts
            start.wait()
            for kind, send in mine:
                t0 = time.perf_counter()
                try:
                    answer = send(http)
                    phase.record(kind, time.perf_counter() - t0, answer.status_code, answer.text)
                except httpx.HTTPError as exc:  # status 0: no answer
                    phase.record(kind, time.perf_counter() - t0, 0, repr(exc))
                if show is not None and task is not None:
                    show.advance(task)

    with show or nullcontext(), ThreadPoolExecutor(len(tokens)) as pool:
        futures = [pool.submit(client, t, j) for t, j in zip(tokens, jobs, strict=True)]
        start.wait()
        t0 = time.perf_counter()
        for f in futures:
            f.result()
        phase.seconds = time.perf_counter() - t0
    return phase


def me_jobs(clients: int, requests: int) -> list[list[Job]]:
    me: Job = ("me", lambda http: http.get("/v1/me"))
    return [[me] * len(range(c, requests, clients)) for c in range(clients)]


def shares(uploads: list[Upload], clients: int, by_patient: bool) -> list[list[Upload]]:
    """Round robin by interview (a patient's waves go out from two clients at once), or by patient."""
    patients = {code: n for n, code in enumerate(dict.fromkeys(u.patient for u in uploads))}
    mine: list[list[Upload]] = [[] for _ in range(clients)]
    for n, u in enumerate(uploads):
        mine[(patients[u.patient] if by_patient else n) % clients].append(u)
    return mine


def upload_jobs(share: list[list[Upload]], repeat: float, seed: int) -> list[list[Job]]:
    """Each client's uploads, some sent twice in a row (the second expecting 200 unchanged)."""

    def put(u: Upload) -> Callable[[httpx.Client], httpx.Response]:
        headers = {"X-Egonet-Base-Revision": "0", "Content-Type": "application/json"}
        return lambda http: http.put(f"/v1/interviews/{u.id}", content=u.body, headers=headers)

    rng = random.Random(seed)
    jobs: list[list[Job]] = []
    for uploads in share:
        mine: list[Job] = []
        for u in uploads:
            mine.append(("upload", put(u)))
            if rng.random() < repeat:
                mine.append(("repeat", put(u)))
        jobs.append(mine)
    return jobs


def check(database_url: str, uploads: list[Upload]) -> dict[str, int]:
    """Lost, duplicated and mismatched interviews, from the server's database itself."""
    engine = create_engine(database_url)
    with engine.connect() as db:
        rows = db.execute(text("SELECT id, patient_code, wave_index, digest FROM interviews")).all()
        alters = db.execute(text("SELECT count(*) FROM alters")).scalar_one()
        ties = db.execute(text("SELECT count(*) FROM ties")).scalar_one()
    engine.dispose()
    sent = {u.id: u for u in uploads}
    stored = Counter(r.id for r in rows)
    waves = Counter((r.patient_code, r.wave_index) for r in rows)
    digests = {u.id: hashlib.sha256(u.body).hexdigest() for u in uploads}
    return {
        "stored": len(rows),
        "alters": alters,
        "ties": ties,
        "lost": len(sent.keys() - stored.keys()),
        "duplicated": sum(n - 1 for n in stored.values())
        + sum(1 for i in stored if i not in sent)
        + sum(n - 1 for n in waves.values()),
        "mismatched": sum(1 for r in rows if r.id in digests and r.digest != digests[r.id])
        + (alters != sum(sent[i].alters for i in stored if i in sent))
        + (ties != sum(sent[i].ties for i in stored if i in sent)),
    }


def ms(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] * 1e3 if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1] * 1e3


def report(base: Phase, load: Phase, result: dict[str, int], expected: dict[tuple[str, int], int]) -> bool:
    """Print the figures; True if the run is clean (nothing lost, duplicated, unexpected)."""
    me, up = base.latencies.get("me", [float("nan")]), load.latencies.get("upload", [float("nan")])
    me_rate, up_rate = sum(base.statuses.values()) / base.seconds, sum(load.statuses.values()) / load.seconds
    print(f"  baseline GET /v1/me: {len(me):,} in {base.seconds:.1f} s, {me_rate:,.0f}/s, ", end="")
    print(f"p50 {ms(me, 0.5):.1f} ms, p99 {ms(me, 0.99):.1f} ms")
    print(f"  upload PUT (new):    {len(up):,} in {load.seconds:.1f} s, {up_rate:,.0f}/s with repeats, ", end="")
    print(f"p50 {ms(up, 0.5):.1f} ms, p99 {ms(up, 0.99):.1f} ms")
    if rep := load.latencies.get("repeat"):
        print(f"  upload PUT (repeat): {len(rep):,}, p50 {ms(rep, 0.5):.1f} ms, p99 {ms(rep, 0.99):.1f} ms")
    print(f"  ratio: upload p50 is {ms(up, 0.5) / ms(me, 0.5):.1f}x a /v1/me round trip (p99 ", end="")
    print(f"{ms(up, 0.99) / ms(me, 0.99):.1f}x); upload throughput is {up_rate / me_rate:.2f}x that of /v1/me")
    seen = base.statuses + load.statuses
    print("  statuses: " + ", ".join(f"{kind} {status} x {n:,}" for (kind, status), n in sorted(seen.items())))
    answers = base.first_answer | load.first_answer
    unexpected = {k: n for k, n in seen.items() if k not in expected}
    for (kind, status), n in sorted(unexpected.items()):
        print(f"  UNEXPECTED {kind} {status} x {n:,}, the first answered: {answers[kind, status]}")
    for (kind, status), n in sorted(expected.items()):
        if seen[kind, status] != n:
            print(f"  UNEXPECTED {kind} {status}: {seen[kind, status]:,} of the {n:,} expected")
    print(
        f"  on the server: {result['stored']:,} interviews, {result['alters']:,} alters, {result['ties']:,} ties;",
        end="",
    )
    print(f" lost {result['lost']}, duplicated {result['duplicated']}, mismatched {result['mismatched']}")
    bad = result["lost"] or result["duplicated"] or result["mismatched"]
    return not bad and not unexpected and all(seen[k] == n for k, n in expected.items())


def bench(name: str, database_url: str | None, args: argparse.Namespace, uploads: list[Upload]) -> bool:
    """One database: a server, its people and tokens, the two phases, the check; True if clean."""
    with tempfile.TemporaryDirectory(prefix="egonet-bench-") as tmp:
        home = Path(tmp)
        env, log = server_env(home, database_url), home / "server.log"
        with running_server(env, log) as url:
            services = sorted({u.service for u in uploads})
            for service in services:
                admin(env, "create-service", service)
            admin(
                env, "create-user", CLINICIAN, "--role", "clinician", *(a for s in services for a in ("--service", s))
            )
            with ThreadPoolExecutor(4) as pool:
                devices = [f"client-{c}" for c in range(args.clients)]
                tokens = list(pool.map(lambda d: admin(env, "issue-token", CLINICIAN, "--device", d), devices))
            base = run_phase(url, tokens, me_jobs(args.clients, args.baseline or len(uploads)), f"{name}: /v1/me")
            jobs = upload_jobs(shares(uploads, args.clients, args.by_patient), args.repeat, args.seed)
            load = run_phase(url, tokens, jobs, f"{name}: uploads")
        repeats = sum(map(len, jobs)) - len(uploads)
        expected = {("me", 200): len(base.latencies.get("me", [])), ("upload", 201): len(uploads)}
        if repeats:
            expected["repeat", 200] = repeats
        spread = "by patient" if args.by_patient else "round robin: a patient's waves from two clients"
        print(f"{name}: {args.clients} clients, {len(uploads):,} interviews ({spread}), {repeats:,} sent twice")
        clean = report(base, load, check(database_url or f"sqlite:///{home / 'server.sqlite3'}", uploads), expected)
        print_log(log.read_text())
    return clean


def print_log(log: str) -> None:
    """The server's log, summarised: each distinct exception, and the first traceback's end."""
    if not log.strip():
        return
    exceptions = Counter(line for line in log.splitlines() if re.match(r"[\w.]+(Error|Exception)\b.*:", line))
    print(f"  server log: {log.count('Exception in ASGI application')} x 'Exception in ASGI application'")
    for line, n in exceptions.most_common():
        print(f"    {n:,} x {line[:300]}")
    first = log.split("ERROR:", 2)[1] if log.count("ERROR:") > 1 else log
    print("  the first, ending:\n" + "\n".join("    " + line for line in first.strip().splitlines()[-14:]))


@contextmanager
def fresh_postgres(server_url: str) -> Iterator[str]:
    """A new database on the PostgreSQL server of ``server_url``, dropped afterwards."""
    name = f"egonet_bench_{uuid.uuid4().hex[:12]}"
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as con:
        con.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, query = server_url.partition("?")
    try:
        yield f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
    finally:
        with engine.connect() as con:
            con.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n    python")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  python benchmarks/server_load.py\n"
        "  python benchmarks/server_load.py --interviews 500 --clients 8 --database sqlite\n"
        '  eval "$(.ci/postgres start)" && python benchmarks/server_load.py --database postgresql',
    )
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (threads) (default 32)")
    parser.add_argument("--interviews", type=int, default=10_000, help="interviews uploaded (default 10,000)")
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both", help="(default both)")
    parser.add_argument("--repeat", type=float, default=0.05, help="fraction of uploads sent twice (default 0.05)")
    parser.add_argument("--baseline", type=int, default=0, help="GET /v1/me requests (default: as many as interviews)")
    parser.add_argument(
        "--by-patient", action="store_true", help="send a patient's waves from one client, in order (as a laptop does)"
    )
    parser.add_argument("--seed", type=int, default=1, help="of the synthetic interviews and the repeats")
    args = parser.parse_args()
    postgres = os.environ.get("EGONET_TEST_POSTGRES_URL")
    if args.database == "postgresql" and not postgres:
        parser.error('EGONET_TEST_POSTGRES_URL is not set: eval "$(.ci/postgres start)" starts a server')
    t0 = time.perf_counter()
    uploads = documents(args.interviews, args.seed)
    sizes = [len(u.body) for u in uploads]
    print(
        f"{len(uploads):,} interviews generated in {time.perf_counter() - t0:.1f} s: "
        f"{min(u.alters for u in uploads)}-{max(u.alters for u in uploads)} alters, "
        f"median {statistics.median(sizes) / 1e3:.1f} kB, python {sys.version.split()[0]}, {os.cpu_count()} cpus"
    )
    clean = True
    if args.database in ("sqlite", "both"):
        clean &= bench("SQLite", None, args, uploads)
    if args.database in ("postgresql", "both"):
        if postgres:
            with fresh_postgres(postgres) as url:
                clean &= bench("PostgreSQL", url, args, uploads)
        else:
            print('PostgreSQL: skipped (EGONET_TEST_POSTGRES_URL is not set; eval "$(.ci/postgres start)" sets it)')
    if not clean:
        sys.exit(1)


if __name__ == "__main__":
    main()

"""Benchmark: ``PUT /v1/interviews/{id}`` driven by ``wrk`` against the real server and a bare upsert.

Python client threads saturate before a server does, so this drives the server with ``wrk``
(C, event loop; ``apt-get install wrk``) and a Lua script written into a temporary folder.  The
script cycles over demo interviews (``egonet.demo``, serialised before timing: 5-30 people,
median ~5.5 kB) and makes each request a new interview: a fresh id (in the address and the
document) and a fresh patient code, base revision 0, with the device token of a clinician of the
document's service.  Each answer's status is counted, and the ids answered 201 are kept.

Two servers, each an ``egonet-server serve``-style process on loopback, served by the same
``server.serving.run`` (the same uvicorn settings: h11, one process, one thread pool):

- **egonet**: the real app (``server.api.create_app``) on a fresh database, one clinician per demo
  service with one token each, with its default settings: one checker process beside it
  (``EGONET_SERVER_CHECKERS``, inherited from this command's environment: ``=0`` measures it without);
- **bare**: a FastAPI + SQLAlchemy app that reads the body and upserts it into one table
  ``(id, body)`` (``INSERT ... ON CONFLICT DO UPDATE``) in one transaction, on the same kind of
  database: SQLite in WAL mode with ``synchronous=FULL`` (durable when answered, as the server's),
  or PostgreSQL (``SHOW fsync`` must be ``on``, else the run stops: ``--allow-fsync-off``).

The rounds interleave (bare, egonet, bare, egonet, ...), each on a fresh database, each with a
short warm-up (``--warmup`` seconds, not counted) then ``--duration`` seconds of load at
``--connections`` connections.  After each round the server's database itself is read: **lost**
is an id answered 201 that is not stored; **duplicated** a stored interview never sent or sent
once and stored twice (a patient's wave twice); **wrong** (egonet) a stored interview whose
alters or ties rows are not those of its document.  Printed per database: the medians over the
rounds of uploads/s (201 answers per second), p50 and p99 (wrk's latency distribution), and the
ratio of egonet's medians to the bare upsert's; the exit status is 1 if anything was lost,
duplicated or wrong, or an answer was not 201.

    python benchmarks/upload_load.py --database sqlite                     # 3 rounds of 20 s each
    python benchmarks/upload_load.py --database postgresql --postgres-url 'postgresql+psycopg://...'
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from egonet.demo import generate_demo
from egonet.protocol import default_protocol
from egonet.wire import dumps

LUA = r"""
-- globals, not locals: wrk's setup() sets them in each thread and done() reads them back
docs, tid, n, answered, statuses, all_threads = {}, 0, 0, {}, {}, {}
phase = tonumber(os.getenv("BENCH_PHASE"))

function setup(thread)
  thread:set("tid", #all_threads)
  all_threads[#all_threads + 1] = thread
end

function init(args)
  for line in io.lines(os.getenv("BENCH_DOCS")) do
    local token, a, b, c = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$")
    docs[#docs + 1] = {token, a, b, c}
  end
end

function request()
  n = n + 1
  local d = docs[((n - 1) * 7 + tid * 101) % #docs + 1]
  local id = string.format("%08x-%04x-4000-8000-%012x", phase, tid, n)
  local body = d[2] .. '"id":"' .. id .. '"' .. d[3] .. '"code":"' .. string.format("B%d-%d-%d", phase, tid, n)
    .. '"' .. d[4]
  local headers = {["Authorization"] = "Bearer " .. d[1], ["Content-Type"] = "application/json",
    ["X-Egonet-Base-Revision"] = "0"}
  return wrk.format("PUT", "/v1/interviews/" .. id, headers, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 201 then
    answered[#answered + 1] = body:match('"id":"([^"]+)"')
  elseif (statuses[status] or 0) == 1 then
    io.stderr:write("status " .. status .. ": " .. body:sub(1, 300) .. "\n")
  end
end

function done(summary, latency, requests)
  local out = io.open(os.getenv("BENCH_OUT"), "w")
  local threads = all_threads
  out:write(string.format('{"requests":%d,"seconds":%f,"p50":%f,"p99":%f,"errors":%d,"threads":[',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  for i, t in ipairs(threads) do
    local ids, st = t:get("answered"), t:get("statuses")
    local parts = {}
    for k, v in pairs(st) do parts[#parts + 1] = string.format('"%d":%d', k, v) end
    local quoted = {}
    for _, v in ipairs(ids) do quoted[#quoted + 1] = '"' .. v .. '"' end
    out:write(string.format('%s{"tid":%d,"sent":%d,"statuses":{%s},"answered":[%s]}', i > 1 and "," or "",
      t:get("tid"), t:get("n"), table.concat(parts, ","), table.concat(quoted, ",")))
  end
  out:write("]}\n")
  out:close()
end
"""

BARE = """
import sys
from typing import Annotated
from fastapi import FastAPI, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy import Column, MetaData, String, Table, Text, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from server.serving import run
from server.settings import ServerSettings

url, port = sys.argv[1], int(sys.argv[2])
if url.startswith("sqlite"):
    engine = create_engine(url, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def pragmas(connection, _record):
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=30000"):
            connection.execute(f"PRAGMA {pragma}")
    dialect = sqlite
else:
    engine, dialect = create_engine(url, pool_pre_ping=True), postgresql
table = Table("uploads", MetaData(), Column("id", String(36), primary_key=True), Column("body", Text, nullable=False))
table.metadata.create_all(engine)
app = FastAPI()

def store(interview_id: str, body: str) -> None:
    statement = dialect.insert(table).values(id=interview_id, body=body)
    with engine.begin() as connection:
        connection.execute(statement.on_conflict_do_update(index_elements=["id"], set_={"body": body}))

@app.put("/v1/interviews/{interview_id}")
async def upload(interview_id: Annotated[str, Path(max_length=36)], request: Request) -> JSONResponse:
    body = (await request.body()).decode("utf-8")
    await run_in_threadpool(store, interview_id, body)
    return JSONResponse({"id": interview_id, "result": "created", "revision": 1}, status_code=201)

@app.get("/v1/me")
def me() -> JSONResponse:
    return JSONResponse({"error": "bare"}, status_code=401)

run(app, ServerSettings(), "127.0.0.1", port, None, None)
"""

EGONET = """
import sys
from server.api import create_app
from server.serving import run
from server.settings import ServerSettings
settings = ServerSettings()
run(create_app(settings), settings, "127.0.0.1", int(sys.argv[1]), None, None)
"""


@dataclass(frozen=True)
class Round:
    server: str
    uploads_per_s: float
    p50: float
    p99: float
    answered: int
    other: int
    lost: int
    duplicated: int
    wrong: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server did not start:\n{log.read_text()}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"the server did not start in time:\n{log.read_text()}")


@contextmanager
def serving(code: str, args: list[str], env: dict[str, str], log: Path, port: int) -> Iterator[None]:
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", code, *args], env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out
        )
    try:
        wait_up(port, process, log)
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def documents(count: int, seed: int) -> list[tuple[str, str, str, str]]:
    """Demo interviews as (service, text before the id, between the id and the code, after it)."""
    out = []
    for iv in generate_demo(count, seed, default_protocol()):
        body = dumps(iv)
        head, rest = body.split(f'"id":"{iv.id}"', 1)
        middle, tail = rest.split(f'"code":"{iv.patient.code}"', 1)
        out.append((iv.patient.service, head, middle, tail))
        if len(out) == count:
            break
    return out


def wrk(url: str, folder: Path, phase: int, seconds: float, *, connections: int, threads: int) -> dict[str, Any]:
    result = folder / f"wrk-{phase}.json"
    env = {**os.environ, "BENCH_DOCS": str(folder / "docs.tsv"), "BENCH_OUT": str(result), "BENCH_PHASE": str(phase)}
    length = f"{max(1, round(seconds))}s"
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", length, "--timeout", "30s"]
    done = subprocess.run(
        [*command, "-s", str(folder / "upload.lua"), url], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0 or not result.exists():
        raise SystemExit(f"wrk failed: {done.stdout}\n{done.stderr}")
    found: dict[str, Any] = json.loads(result.read_text())
    found["stderr"], found["phase"] = done.stderr.strip(), phase
    return found


def answered_ids(runs: list[dict[str, Any]]) -> tuple[set[str], int, int, set[str]]:
    """The ids answered 201, how many such answers, the answers other than 201, and every id sent."""
    ids: set[str] = set()
    sent: set[str] = set()
    count = other = 0
    for run in runs:
        for thread in run["threads"]:
            ids.update(thread["answered"])
            count += len(thread["answered"])
            other += sum(n for status, n in thread["statuses"].items() if status != "201")
            sent.update(
                f"{run['phase']:08x}-{thread['tid']:04x}-4000-8000-{k:012x}" for k in range(1, thread["sent"] + 1)
            )
    return ids, count, other, sent


def check(database_url: str, server: str, answered: set[str], count: int, sent: set[str]) -> tuple[int, int, int]:
    """Lost, duplicated and wrong, from the database itself."""
    engine = create_engine(database_url)
    with engine.connect() as db:
        if server == "bare":
            stored = [r[0] for r in db.execute(text("SELECT id FROM uploads"))]
            waves: list[tuple[str, int]] = []
            wrong = 0
        else:
            rows = db.execute(text("SELECT id, patient_code, wave_index, document FROM interviews")).all()
            stored = [r.id for r in rows]
            waves = [(r.patient_code, r.wave_index) for r in rows]
            alters = dict(db.execute(text("SELECT interview_id, count(*) FROM alters GROUP BY interview_id")).all())
            ties = dict(db.execute(text("SELECT interview_id, count(*) FROM ties GROUP BY interview_id")).all())
            wrong = 0
            for r in rows:
                doc = json.loads(r.document)
                wrong += (alters.get(r.id, 0), ties.get(r.id, 0)) != (len(doc["alters"]), len(doc["ties"]))
    engine.dispose()
    lost = len(answered - set(stored)) + (count - len(answered))  # an id answered 201 twice counts too
    duplicated = (len(stored) - len(set(stored))) + (len(waves) - len(set(waves)))
    duplicated += len(set(stored) - sent)  # stored, never sent
    return lost, duplicated, wrong


@contextmanager
def database(kind: str, postgres: str | None, home: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{home / 'server.sqlite3'}"
        return
    assert postgres is not None
    name = f"egonet_upload_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as con:
        con.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, query = postgres.partition("?")
    try:
        yield f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
    finally:
        with admin.connect() as con:
            con.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def people(url: str, services: list[str]) -> dict[str, str]:
    """One clinician per service, with one device token each (service -> token)."""
    from server.db import make_engine, migrate
    from server.people import create_service, create_user, issue_token

    engine = make_engine(url)
    migrate(engine)
    tokens = {}
    with Session(engine) as db, db.begin():
        for n, service in enumerate(services):
            create_service(db, service)
            create_user(db, f"clinician-{n}", "clinician", [service])
            tokens[service] = issue_token(db, f"clinician-{n}", "bench")
    engine.dispose()
    return tokens


def one_round(
    server: str,
    kind: str,
    number: int,
    args: argparse.Namespace,
    *,
    docs: list[tuple[str, str, str, str]],
    folder: Path,
) -> Round:
    home = folder / f"{server}-{number}"
    home.mkdir(mode=0o700)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGONET_SERVER_")}
    env["EGONET_SERVER_HOME"] = str(home)
    with database(kind.lower(), args.postgres_url, home) as url:
        env["EGONET_SERVER_DATABASE_URL"] = url
        tokens = people(url, sorted({d[0] for d in docs})) if server == "egonet" else {}
        lines = ["\t".join([tokens.get(service, "bare"), *parts]) for service, *parts in docs]
        (folder / "docs.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        code, extra = (EGONET, [str(port)]) if server == "egonet" else (BARE, [url, str(port)])
        phases = (2 * number + 1, 2 * number + 2)  # warm-up, then timed: their ids never meet
        with serving(code, extra, env, home / "server.log", port):
            warm = wrk(
                f"http://127.0.0.1:{port}",
                folder,
                phases[0],
                args.warmup,
                connections=args.connections,
                threads=args.threads,
            )
            timed = wrk(
                f"http://127.0.0.1:{port}",
                folder,
                phases[1],
                args.duration,
                connections=args.connections,
                threads=args.threads,
            )
        ids, count, other, sent = answered_ids([warm, timed])
        lost, duplicated, wrong = check(url, server, ids, count, sent)
    timed_count = answered_ids([timed])[1]
    if timed["stderr"]:
        print(f"    wrk: {str(timed['stderr'])[:400]}")
    log = (home / "server.log").read_text(errors="replace")
    if "Traceback" in log:
        print(
            f"    server log: {log.count('Traceback')} tracebacks, the first ending: {log.split('Traceback')[1][-600:]}"
        )
    shutil.rmtree(home, ignore_errors=True)
    rate = timed_count / float(timed["seconds"])
    return Round(server, rate, float(timed["p50"]), float(timed["p99"]), count, other, lost, duplicated, wrong)


def fsync_on(url: str) -> bool:
    engine = create_engine(url)
    with engine.connect() as con:
        value = con.execute(text("SHOW fsync")).scalar_one()
        commit = con.execute(text("SHOW synchronous_commit")).scalar_one()
    engine.dispose()
    print(f"PostgreSQL: fsync {value}, synchronous_commit {commit}")
    return value == "on" and commit != "off"


def bench(kind: str, args: argparse.Namespace, docs: list[tuple[str, str, str, str]]) -> bool:
    rounds: list[Round] = []
    with tempfile.TemporaryDirectory(prefix="egonet-upload-") as tmp:
        folder = Path(tmp)
        folder.chmod(0o700)
        (folder / "upload.lua").write_text(LUA)
        for number in range(args.rounds):
            for server in ("bare", "egonet"):
                r = one_round(server, kind, number * 2 + (server == "egonet"), args, docs=docs, folder=folder)
                print(
                    f"  {kind} round {number + 1} {server:6}: {r.uploads_per_s:7.1f} uploads/s, p50 {r.p50:7.1f} ms, "
                    f"p99 {r.p99:7.1f} ms; {r.answered:,} answered 201, {r.other} other; "
                    f"lost {r.lost}, duplicated {r.duplicated}, wrong {r.wrong}",
                    flush=True,
                )
                rounds.append(r)
    median = {
        s: {
            f: statistics.median(getattr(r, f) for r in rounds if r.server == s)
            for f in ("uploads_per_s", "p50", "p99")
        }
        for s in ("bare", "egonet")
    }
    b, e = median["bare"], median["egonet"]
    print(
        f"{kind}, {args.connections} connections, medians of {args.rounds} interleaved rounds of {args.duration:g} s:"
    )
    print("  | server | uploads/s | p50 ms | p99 ms | lost | duplicated | wrong |")
    for s in ("bare", "egonet"):
        bad = [r for r in rounds if r.server == s]
        print(
            f"  | {s} | {median[s]['uploads_per_s']:.0f} | {median[s]['p50']:.1f} | {median[s]['p99']:.1f} "
            f"| {sum(r.lost for r in bad)} | {sum(r.duplicated for r in bad)} | {sum(r.wrong for r in bad)} |"
        )
    print(
        f"  egonet / bare: throughput {e['uploads_per_s'] / b['uploads_per_s']:.2f}x, "
        f"p50 {e['p50'] / b['p50']:.2f}x, p99 {e['p99'] / b['p99']:.2f}x"
    )
    return not any(r.lost or r.duplicated or r.wrong or r.other for r in rounds)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n    python")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  python benchmarks/upload_load.py --database sqlite\n"
        "  python benchmarks/upload_load.py --rounds 5 --duration 30 --connections 32\n"
        '  eval "$(.ci/postgres start)"  # fsync=off: start one with fsync on for a fair comparison\n'
        "  python benchmarks/upload_load.py --database postgresql --postgres-url 'postgresql+psycopg://postgres@/postgres?host=/tmp/pg&port=54349'",
    )
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both", help="(default both)")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("EGONET_TEST_POSTGRES_URL"),
        help="a PostgreSQL server (default: EGONET_TEST_POSTGRES_URL); a database is created in it per round",
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each server, interleaved (default 3)")
    parser.add_argument("--duration", type=float, default=20, help="seconds of load per round (default 20)")
    parser.add_argument(
        "--warmup", type=float, default=3, help="seconds of load before each round, not counted (default 3)"
    )
    parser.add_argument("--connections", type=int, default=32, help="(default 32)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--documents", type=int, default=400, help="distinct demo documents cycled over (default 400)")
    parser.add_argument("--allow-fsync-off", action="store_true", help="run on a PostgreSQL with fsync off (not fair)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (apt-get install wrk)")
    if args.database != "sqlite" and not args.postgres_url:
        if args.database == "postgresql":
            parser.error("no PostgreSQL: --postgres-url or EGONET_TEST_POSTGRES_URL")
        print("PostgreSQL: skipped (no --postgres-url or EGONET_TEST_POSTGRES_URL)")
        args.database = "sqlite"
    docs = documents(args.documents, 1)
    sizes = sorted(len(h) + len(m) + len(t) + 60 for _, h, m, t in docs)
    print(f"{len(docs)} demo documents, median {statistics.median(sizes) / 1e3:.1f} kB; {os.cpu_count()} cpus")
    clean = True
    if args.database in ("sqlite", "both"):
        clean &= bench("SQLite", args, docs)
    if args.database in ("postgresql", "both"):
        if not fsync_on(args.postgres_url) and not args.allow_fsync_off:
            raise SystemExit(
                "PostgreSQL runs with fsync or synchronous_commit off: not a fair comparison (--allow-fsync-off)"
            )
        clean &= bench("PostgreSQL", args, docs)
    if not clean:
        sys.exit(1)


if __name__ == "__main__":
    main()

"""Benchmark: uploads/s of ``egonet-server serve --workers N`` on one PostgreSQL, N = 1 and 2.

The same load as ``benchmarks/upload_load.py`` (wrk at 32 connections, its Lua script, 400 demo
documents, each request a new interview; lost, duplicated and wrong uploads counted in the
database afterwards), against the real server started as an operator starts it, ``egonet-server
serve --workers N``, on a fresh PostgreSQL database each round (fsync on: checked), 1 and 2
workers interleaved.  Prints each round and the medians; the ratio 2 workers / 1.

    python benchmarks/workers_load.py --postgres-url "$EGONET_TEST_POSTGRES_URL"
    python benchmarks/workers_load.py --postgres-url URL --rounds 5 --duration 20 --workers 1,2,4
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import upload_load

CLI = "from server.cli import main; main()"


def one_round(
    workers: int, number: int, args: argparse.Namespace, docs: list[tuple[str, str, str, str]], folder: Path
) -> tuple[float, float, float, int]:
    """(uploads/s, p50 ms, p99 ms, lost + duplicated + wrong) of one timed run."""
    home = folder / f"w{workers}-{number}"
    home.mkdir(mode=0o700)
    port = upload_load.free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGONET_SERVER_")}
    env["EGONET_SERVER_HOME"] = str(home)
    with upload_load.database("postgresql", args.postgres_url, home) as url:
        env["EGONET_SERVER_DATABASE_URL"] = url
        tokens = upload_load.people(url, sorted({d[0] for d in docs}))
        (folder / "docs.tsv").write_text("\n".join("\t".join([tokens[s], *p]) for s, *p in docs) + "\n")
        command = ["serve", "--port", str(port), "--workers", str(workers)]
        with upload_load.serving(CLI, command, env, home / "server.log", port):
            time.sleep(3 if workers > 1 else 0)  # every worker accepting
            address = f"http://127.0.0.1:{port}"
            warm = upload_load.wrk(
                address, folder, 2 * number + 1, args.warmup, connections=args.connections, threads=2
            )
            timed = upload_load.wrk(
                address, folder, 2 * number + 2, args.duration, connections=args.connections, threads=2
            )
        ids, count, _other, sent = upload_load.answered_ids([warm, timed])
        lost, duplicated, wrong = upload_load.check(url, "egonet", ids, count, sent)
    answered = upload_load.answered_ids([timed])[1]
    result = (answered / float(timed["seconds"]), float(timed["p50"]), float(timed["p99"]), lost + duplicated + wrong)
    print(
        f"  {workers} worker(s), round {number // len(args.workers) + 1}: {result[0]:.0f} uploads/s, "
        f"p50 {result[1]:.0f} ms, p99 {result[2]:.0f} ms; lost {lost}, duplicated {duplicated}, wrong {wrong}",
        flush=True,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres-url", required=True, help="a PostgreSQL server (a fresh database is made in it)")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare, comma-separated (default 1,2)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=15.0, help="seconds of each timed run")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    args.workers = [int(n) for n in args.workers.split(",")]
    if not upload_load.fsync_on(args.postgres_url):
        parser.exit(1, "error: PostgreSQL runs with fsync off: the comparison would not be fair\n")
    docs = upload_load.documents(400, 7)
    results: dict[int, list[tuple[float, float, float, int]]] = {n: [] for n in args.workers}
    print(f"{len(docs)} demo documents; {os.cpu_count()} cpus; {args.connections} connections", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "upload.lua").write_text(upload_load.LUA)
        number = 0
        for _ in range(args.rounds):
            for workers in args.workers:
                results[workers].append(one_round(workers, number, args, docs, folder))
                number += 1
    first = statistics.median(r[0] for r in results[args.workers[0]])
    for workers, rounds in results.items():
        rate = statistics.median(r[0] for r in rounds)
        p50, p99 = statistics.median(r[1] for r in rounds), statistics.median(r[2] for r in rounds)
        print(
            f"{workers} worker(s): {rate:.0f} uploads/s ({rate / first:.2f}x {args.workers[0]}), "
            f"p50 {p50:.0f} ms, p99 {p99:.0f} ms, lost/duplicated/wrong {sum(r[3] for r in rounds)}"
        )


if __name__ == "__main__":
    main()

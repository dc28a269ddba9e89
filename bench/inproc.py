"""CPU per query in process: the gateway app driven over ASGI (no HTTP server, no load
generator) against the bench emulator at 0 ms in a child process, so the process time read
here is the gateway's own work, on the event loop the served gateway runs on. With
`--calls`, the Python calls per query under cProfile, a steadier measure on a machine whose
speed swings.

    python -m bench.inproc [--workload plp|typename|listing] [--cached] [-n 500] [--reps 3]
                           [--concurrency 1] [--pin] [--calls] [--profile-out FILE]

To compare two trees, run it from each checkout in turn (alternating, several times), or
count instructions instead with `python -m bench.instructions`, which does not drift.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import ctypes
import os
import pstats
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import orjson
import uvloop

from bench import config, processes, queries
from bench.run import EMULATOR_READY_S
from gateway import server
from gateway.app import create_app
from gateway.config import load

WARM_UP = 50

Post = Callable[[], Awaitable[bytes]]


Hook = Callable[[], object]


def poster(app: Any, query: str, on_start: Hook | None = None, on_body: Hook | None = None) -> Post:
    """One POST /graphql through the app, returning the response body. `on_start` is
    called as the request starts, `on_body` as its answer's body is sent."""
    body = orjson.dumps({"query": query})
    headers = [
        (b"host", b"127.0.0.1"),
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    scope_base = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/graphql", "raw_path": b"/graphql", "query_string": b"",
        "root_path": "", "headers": headers, "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 80),
    }  # fmt: skip

    async def post() -> bytes:
        pending = [{"type": "http.request", "body": body, "more_body": False}]
        chunks: list[bytes] = []

        async def receive() -> dict[str, Any]:
            return pending.pop() if pending else {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.body":
                if on_body is not None:
                    on_body()
                chunks.append(message.get("body", b""))

        if on_start is not None:
            on_start()
        await app(dict(scope_base), receive, send)
        return b"".join(chunks)

    return post


async def run_batch(post: Post, count: int, concurrency: int) -> None:
    async def worker(share: int) -> None:
        for _ in range(share):
            await post()

    shares = [count // concurrency + (i < count % concurrency) for i in range(concurrency)]
    await asyncio.gather(*(worker(share) for share in shares))


async def warm_up(post: Post, concurrency: int) -> None:
    """One answer that must be clean, then WARM_UP more, unmeasured."""
    check(await post())
    await run_batch(post, WARM_UP, concurrency)


def check(answer: bytes) -> None:
    parsed = orjson.loads(answer)
    if parsed.get("errors") or not parsed.get("data"):
        raise SystemExit(f"the gateway did not answer cleanly: {answer[:300]!r}")


async def measure(args: argparse.Namespace, emulator_url: str) -> None:
    spec = config.CACHED if args.cached else config.UNCACHED
    with tempfile.TemporaryDirectory(prefix="omnicanal-inproc-") as workdir:
        written = config.write_config(Path(workdir), emulator_url, spec, args.executor)
        app = create_app(load(written))
        async with app.router.lifespan_context(app):
            query = queries.WORKLOADS[args.workload]
            if args.critical:
                await _measure_critical(args, app, query)
                return
            await _measure_app(args, poster(app, query))


async def _measure_critical(args: argparse.Namespace, app: Any, query: str) -> None:
    """Under `valgrind --collect-atstart=no`: collection on from each measured request's
    start to its answer's send, one query at a time, then the counters dumped."""
    if not args.callgrind_window:
        raise SystemExit("--critical is bench.instructions' own: run python -m bench.instructions")
    window = ctypes.CDLL(args.callgrind_window)
    await warm_up(poster(app, query), 1)
    collecting = False

    def start() -> None:
        nonlocal collecting
        window.omnicanal_toggle()
        collecting = True

    def sent() -> None:  # called per body message: only the first ends the window
        nonlocal collecting
        if collecting:
            window.omnicanal_toggle()
            collecting = False

    post = poster(app, query, start, sent)
    for _ in range(args.n):
        await post()
        # A client's next request comes at least one turn of the loop later (it has to
        # read this answer first): what the gateway leaves for that turn is not waited for.
        await asyncio.sleep(0)
    window.omnicanal_dump()


async def _measure_app(args: argparse.Namespace, post: Post) -> None:
    """Warm-up, then the measured batches: instructions, calls, or CPU."""
    await warm_up(post, args.concurrency)
    if args.callgrind_window:
        # Under `valgrind --tool=callgrind` (bench/instructions.py): the counters are
        # zeroed before the measured batch and dumped after it, so the dump holds the
        # instructions of exactly `-n` queries.
        window = ctypes.CDLL(args.callgrind_window)
        window.omnicanal_zero()
        await run_batch(post, args.n, args.concurrency)
        window.omnicanal_dump()
        return
    if args.calls or args.profile_out:
        profile = cProfile.Profile(time.process_time)
        profile.enable()
        await run_batch(post, args.n, args.concurrency)
        profile.disable()
        stats = pstats.Stats(profile)
        print(f"calls/query {stats.total_calls / args.n:,.0f}")  # type: ignore[attr-defined]
        if args.profile_out:
            stats.dump_stats(args.profile_out)
        return
    for _ in range(args.reps):
        started = time.process_time()
        await run_batch(post, args.n, args.concurrency)
        used = time.process_time() - started
        print(f"CPU ms/query {used / args.n * 1000:.3f}")


def pinned(pin: bool) -> list[str]:
    """With --pin on a machine of two cores or more: this process on core 0, and the
    prefix that starts the emulator on core 1, as bench.run pins them."""
    if not pin or (os.cpu_count() or 1) < 2 or shutil.which("taskset") is None:
        return []
    os.sched_setaffinity(0, {0})
    return ["taskset", "-c", "1"]


async def main_async(args: argparse.Namespace) -> None:
    port = processes.free_port()
    argv = [*pinned(args.pin), sys.executable, "-m", "bench.emulator", "--port", str(port)]
    argv += ["--latency-ms", "0"]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        emulator = processes.spawn(argv, log, processes.child_env())
        try:
            async with aiohttp.ClientSession() as session:
                await processes.wait_ready(
                    session, f"{url}/_health", emulator, "emulator", EMULATOR_READY_S
                )
            await measure(args, url)
        finally:
            processes.stop(emulator)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.inproc")
    parser.add_argument("--workload", choices=sorted(queries.WORKLOADS), default="plp")
    parser.add_argument("--cached", action="store_true", help="connector answers cached")
    parser.add_argument("--executor", choices=config.EXECUTORS, default="planned")
    parser.add_argument("-n", type=int, default=500, help="queries per repetition")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--calls", action="store_true", help="Python calls per query")
    parser.add_argument("--profile-out", help="write the cProfile stats here")
    parser.add_argument("--pin", action="store_true", help="this on core 0, the emulator on 1")
    parser.add_argument("--callgrind-window", help=argparse.SUPPRESS)  # bench/instructions.py
    parser.add_argument("--critical", action="store_true", help=argparse.SUPPRESS)  # same
    args = parser.parse_args()
    # The event loop the served gateway runs on (uvloop where installed), not asyncio's.
    factory = uvloop.new_event_loop if server.event_loop() == "uvloop" else None
    with asyncio.Runner(loop_factory=factory) as runner:
        runner.run(main_async(args))


if __name__ == "__main__":
    main()

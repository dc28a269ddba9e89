"""Run the benchmark: emulated upstreams with latency, the gateway as its own process,
closed-loop load per workload and concurrency, a JSON report and a table.

    python -m bench.run [--latency-ms 5] [--duration 10] [--out bench/results/report.json]
    python -m bench.run --peers --workloads plp   # omnicanal, yoga and strawberry side by side

It is a benchmark, not a test: figures depend on the machine. Every answer is checked, and
the run exits with status 1 when any answer was an error.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import orjson

from bench import config, load, processes, queries
from bench.meta import environment
from bench.procstat import cpu_seconds
from bench.report import Row, build_report, format_table, make_row, write_report

DEFAULT_OUT = processes.REPO_ROOT / "bench" / "results" / "report.json"
EMULATOR_READY_S = 20.0
GATEWAY_READY_S = 60.0
REQUEST_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class Options:
    latency_ms: float
    duration_s: float
    warmup_s: float
    max_requests: int
    concurrency: tuple[int, ...]
    workloads: tuple[str, ...]
    workers: int
    cached: bool
    gateway_cmd: str | None
    out: Path
    executor: str = "planned"
    peers: bool = False


def parse_args(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--latency-ms", type=float, default=5.0, help="upstream latency (5)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per run (10)")
    parser.add_argument("--warmup", type=float, default=1.0, help="unmeasured seconds first (1)")
    parser.add_argument("--max-requests", type=int, default=100_000, help="cap per run")
    parser.add_argument("--concurrency", default="1,32", help="comma-separated (1,32)")
    parser.add_argument("--workloads", default="listing,typename", help="comma-separated")
    parser.add_argument("--workers", type=int, default=1, help="gateway worker processes (1)")
    parser.add_argument(
        "--cached",
        action="store_true",
        help="wire bench.connector:CACHED_SPEC (cache TTLs) instead of SPEC (no caching)",
    )
    parser.add_argument("--gateway-cmd", help="command before `serve` (default: omnicanal)")
    parser.add_argument(
        "--executor",
        choices=config.EXECUTORS,
        default="planned",
        help="omnicanal's [gateway] executor (planned)",
    )
    parser.add_argument(
        "--peers",
        action="store_true",
        help="also run the yoga and strawberry peers on the PLP, pinned (see bench/README.md)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    workloads = tuple(w for w in args.workloads.split(",") if w)
    unknown = sorted(set(workloads) - set(queries.WORKLOADS))
    if unknown:
        parser.error(f"unknown workload {unknown[0]!r}; known: {', '.join(queries.WORKLOADS)}")
    try:
        concurrency = tuple(int(c) for c in args.concurrency.split(",") if c.strip())
    except ValueError:
        parser.error("--concurrency takes comma-separated whole numbers")
    if not concurrency or min(concurrency) < 1 or args.workers < 1:
        parser.error("--concurrency and --workers take whole numbers of at least 1")
    if args.duration <= 0 or args.max_requests <= 0:
        parser.error("--duration and --max-requests must be positive")
    return Options(
        latency_ms=args.latency_ms,
        duration_s=args.duration,
        warmup_s=max(0.0, args.warmup),
        max_requests=args.max_requests,
        concurrency=concurrency,
        workloads=workloads,
        workers=args.workers,
        cached=args.cached,
        gateway_cmd=args.gateway_cmd,
        out=args.out,
        executor=args.executor,
        peers=args.peers,
    )


@dataclass(frozen=True, slots=True)
class Target:
    """Where the running gateway and emulator are."""

    gateway_pid: int
    gateway_url: str
    emulator_pid: int
    emulator_url: str


async def upstream_calls(session: aiohttp.ClientSession, emulator_url: str) -> int:
    async with session.get(f"{emulator_url}/_stats") as response:
        total: int = (await response.json())["total"]
        return total


async def measure(
    session: aiohttp.ClientSession,
    target: Target,
    options: Options,
    workload: str,
    concurrency: int,
) -> Row:
    query, check = queries.WORKLOADS[workload], load.CHECKS[workload]
    return await measure_query(session, target, options, workload, query, check, concurrency)


async def measure_query(
    session: aiohttp.ClientSession,
    target: Target,
    options: Options,
    workload: str,
    query: str,
    check: load.DataCheck,
    concurrency: int,
) -> Row:
    url = f"{target.gateway_url}/graphql"
    if options.warmup_s > 0:
        await load.closed_loop(
            session,
            url,
            query,
            concurrency=concurrency,
            duration_s=options.warmup_s,
            max_requests=options.max_requests,
            check=check,
        )
    calls_before = await upstream_calls(session, target.emulator_url)
    emulator_before = cpu_seconds(target.emulator_pid)
    client_before = time.process_time()
    cpu_before = cpu_seconds(target.gateway_pid)
    result = await load.closed_loop(
        session,
        url,
        query,
        concurrency=concurrency,
        duration_s=options.duration_s,
        max_requests=options.max_requests,
        check=check,
    )
    cpu_used = cpu_seconds(target.gateway_pid) - cpu_before
    client_used = time.process_time() - client_before
    emulator_used = cpu_seconds(target.emulator_pid) - emulator_before
    calls = await upstream_calls(session, target.emulator_url) - calls_before
    return make_row(
        workload,
        concurrency,
        result,
        cpu_used,
        calls,
        emulator_cpu_s=emulator_used,
        client_cpu_s=client_used,
    )


async def listing_check(session: aiohttp.ClientSession, gateway_url: str) -> dict[str, Any]:
    """One listing before the load: what it returned, so the report shows real data flowed."""
    payload = {"query": queries.LISTING}
    try:
        async with session.post(f"{gateway_url}/graphql", json=payload) as response:
            raw = await response.read()
            status = response.status
    except (aiohttp.ClientError, TimeoutError) as exc:
        return {"ok": False, "problem": f"{type(exc).__name__}: {exc}"}
    problem = load.problem_with(status, raw, load.listing_problem)
    summary: dict[str, Any] = {"ok": problem is None, "problem": problem}
    try:
        products = orjson.loads(raw)["data"]["products"]
        nodes = products["nodes"]
        summary |= {
            "total_count": products.get("totalCount"),
            "nodes": len(nodes),
            "priced": sum(1 for n in nodes if n.get("price")),
            "promoted": sum(1 for n in nodes if n.get("compareAtPrice")),
            "with_nearby_stock": sum(1 for n in nodes if n["availability"]["stores"]),
            "with_content": sum(1 for n in nodes if n.get("content")),
            "first": nodes[0] if nodes else None,
        }
    except (KeyError, TypeError, IndexError, orjson.JSONDecodeError):
        pass
    return summary


async def start_emulator(
    session: aiohttp.ClientSession, options: Options, logs: Path, prefix: Sequence[str] = ()
) -> tuple[subprocess.Popen[bytes], str]:
    port = processes.free_port()
    argv = [*prefix, sys.executable, "-m", "bench.emulator", "--port", str(port)]
    argv += ["--latency-ms", str(options.latency_ms)]
    with (logs / "emulator.log").open("wb") as log:
        emulator = processes.spawn(argv, log, processes.child_env())
    url = f"http://127.0.0.1:{port}"
    await processes.wait_ready(session, f"{url}/_health", emulator, "emulator", EMULATOR_READY_S)
    return emulator, url


def gateway_argv(options: Options, port: int, config_path: Path) -> list[str]:
    return [
        *processes.gateway_command(options.gateway_cmd),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(options.workers),
        "--config",
        str(config_path),
    ]


async def run(options: Options) -> int:
    logs = options.out.parent
    logs.mkdir(parents=True, exist_ok=True)
    meta: dict[str, Any] = {
        "latency_ms": options.latency_ms,
        "duration_s": options.duration_s,
        "warmup_s": options.warmup_s,
        "max_requests": options.max_requests,
        "gateway_workers": options.workers,
        "gateway_cache": options.cached,
        "gateway_executor": options.executor,
        **environment(processes.REPO_ROOT),
    }
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    connector = aiohttp.TCPConnector(limit=max(options.concurrency) + 4)
    emulator: subprocess.Popen[bytes] | None = None
    gateway: subprocess.Popen[bytes] | None = None
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="omnicanal-bench-") as workdir:
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
            try:
                emulator, emulator_url = await start_emulator(session, options, logs)
                spec = config.CACHED if options.cached else config.UNCACHED
                config_path = config.write_config(
                    Path(workdir), emulator_url, spec, options.executor
                )
                port = processes.free_port()
                argv = gateway_argv(options, port, config_path)
                meta["gateway_command"] = argv
                env = processes.child_env({"OMNICANAL_CONFIG": str(config_path)})
                with (logs / "gateway.log").open("wb") as log:
                    gateway = processes.spawn(argv, log, env)
                target = Target(gateway.pid, f"http://127.0.0.1:{port}", emulator.pid, emulator_url)
                await processes.wait_ready(
                    session, f"{target.gateway_url}/healthz", gateway, "gateway", GATEWAY_READY_S
                )
                meta["listing_check"] = await listing_check(session, target.gateway_url)
                for workload in options.workloads:
                    for concurrency in options.concurrency:
                        if gateway.poll() is not None:
                            meta["gateway_exit_status"] = gateway.returncode
                            break
                        print(f"… {workload} at concurrency {concurrency}", flush=True)
                        rows.append(await measure(session, target, options, workload, concurrency))
            finally:
                processes.stop(gateway)
                processes.stop(emulator)
    write_report(options.out, build_report(meta, rows))
    print(format_table(rows))
    check = meta["listing_check"]
    if not check["ok"]:
        print(f"listing check failed: {check['problem']}")
    if "gateway_exit_status" in meta:
        print(f"the gateway exited during the benchmark (status {meta['gateway_exit_status']})")
    print(f"report: {options.out}")
    failed = not check["ok"] or "gateway_exit_status" in meta or any(r.errors for r in rows)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    # Imported here: the peers' run builds on this module's pieces.
    from bench import peer_run

    try:
        return asyncio.run(peer_run.run(options) if options.peers else run(options))
    except processes.StartupError as exc:
        print(f"benchmark aborted: {exc}", file=sys.stderr)
        for name in ("emulator", "gateway", "omnicanal", "yoga", "strawberry"):
            tail = processes.log_tail(options.out.parent / f"{name}.log")
            if tail:
                print(f"--- last lines of {name}.log ---\n{tail}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("benchmark interrupted; child processes stopped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

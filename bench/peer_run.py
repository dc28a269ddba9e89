"""`python -m bench.run --peers`: omnicanal, the yoga peer and the strawberry peer on one
emulator, each gateway pinned to core 0 and the emulator and load generator to core 1; one
checked PLP per gateway (three upstream calls, the same 24 products), then two rounds that
alternate the gateways, and the upstream floor measured in each round."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import aiohttp
import orjson

from bench import config, floor, load, peer_report, plp, processes, queries
from bench.meta import environment
from bench.peers import PEERS, SHARED_WORKLOADS, Gateway
from bench.peers import processes as peer_processes
from bench.run import (
    DEFAULT_OUT,
    REQUEST_TIMEOUT_S,
    Options,
    Target,
    gateway_argv,
    measure_query,
    start_emulator,
)

ROUNDS = 2
EXPECTED_CALLS = {"/catalog/search": 1, "/inventory/stock": 1, "/pricing/prices": 1}


def omnicanal(options: Options, config_path: Path) -> Gateway:
    return Gateway(
        name="omnicanal",
        query=queries.PLP,
        read=plp.omnicanal_items,
        ready_path="/healthz",
        argv=lambda port, _emulator_url: gateway_argv(options, port, config_path),
        env={"OMNICANAL_CONFIG": str(config_path)},
    )


async def _paths(session: aiohttp.ClientSession, emulator_url: str) -> dict[str, int]:
    async with session.get(f"{emulator_url}/_stats") as response:
        paths: dict[str, int] = (await response.json())["paths"]
        return paths


async def check_answer(
    session: aiohttp.ClientSession, running: peer_processes.Running, emulator_url: str
) -> tuple[dict[str, Any], list[plp.PlpItem]]:
    """One PLP: is it plausible, and did it cost one search, one prices and one stock call?"""
    gateway = running.gateway
    before = await _paths(session, emulator_url)
    async with session.post(f"{running.url}/graphql", json={"query": gateway.query}) as response:
        raw, status = await response.read(), response.status
    after = await _paths(session, emulator_url)
    calls = {path: n - before.get(path, 0) for path, n in after.items() if n != before.get(path)}
    problem = load.problem_with(status, raw, gateway.problem)
    if problem is None and calls != EXPECTED_CALLS:
        problem = f"upstream calls {calls}, expected one search, one prices, one stock"
    items = gateway.read(orjson.loads(raw)["data"]) if problem is None else []
    return {"ok": problem is None, "problem": problem, "upstream_calls": calls}, items


def compare(answers: dict[str, list[plp.PlpItem]]) -> str | None:
    """None when every gateway showed the same products, else the first difference."""
    reference_name, reference = next(iter(answers.items()))
    for name, items in answers.items():
        for position, (theirs, ours) in enumerate(zip(items, reference, strict=False)):
            if theirs != ours:
                return f"{name} differs from {reference_name} at #{position}: {theirs} ≠ {ours}"
        if len(items) != len(reference):
            return f"{name} has {len(items)} products, {reference_name} {len(reference)}"
    return None


def shared_workloads(options: Options) -> tuple[str, ...]:
    chosen = tuple(w for w in options.workloads if w in SHARED_WORKLOADS)
    return chosen or ("plp",)


async def rounds(
    session: aiohttp.ClientSession,
    options: Options,
    running: list[peer_processes.Running],
    emulator: tuple[int, str],
) -> tuple[list[peer_report.PeerRow], list[dict[str, Any]]]:
    rows: list[peer_report.PeerRow] = []
    floors = []
    for number in range(1, ROUNDS + 1):
        print(f"… round {number}: upstream floor", flush=True)
        measured = await floor.measure(session, emulator[1], options.duration_s, 10_000)
        floors.append(peer_report.floor_figures(measured))
        for each in running:
            target = Target(each.process.pid, each.url, *emulator)
            for workload in shared_workloads(options):
                query, check = each.gateway.workload(workload)
                for concurrency in options.concurrency:
                    if each.process.poll() is not None:
                        raise processes.StartupError(f"{each.gateway.name} exited during the run")
                    print(f"… round {number}: {each.gateway.name} {workload} at {concurrency}")
                    row = await measure_query(
                        session, target, options, workload, query, check, concurrency
                    )
                    rows.append(peer_report.PeerRow(each.gateway.name, number, row))
    return rows, floors


async def run(options: Options) -> int:
    logs = options.out.parent
    logs.mkdir(parents=True, exist_ok=True)
    pin = peer_processes.pinning()
    peer_processes.install_yoga()
    meta: dict[str, Any] = {
        "latency_ms": options.latency_ms,
        "duration_s": options.duration_s,
        "warmup_s": options.warmup_s,
        "gateway_executor": options.executor,
        "gateway_cache": options.cached,
        "pinning": {"gateways": pin.gateway, "emulator_and_load": pin.other},
        # The machine may be shared: the load before the run says how quiet it was.
        "load_average_before": os.getloadavg(),
        **environment(processes.REPO_ROOT),
    }
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    connector = aiohttp.TCPConnector(limit=max(options.concurrency) + 4)
    emulator: subprocess.Popen[bytes] | None = None
    running: list[peer_processes.Running] = []
    with tempfile.TemporaryDirectory(prefix="omnicanal-bench-") as workdir:
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
            try:
                emulator, emulator_url = await start_emulator(
                    session, options, logs, pin.argv([], pin.other)
                )
                spec = config.CACHED if options.cached else config.UNCACHED
                config_path = config.write_config(
                    Path(workdir), emulator_url, spec, options.executor
                )
                for gateway in (omnicanal(options, config_path), *PEERS):
                    started = await peer_processes.start(session, gateway, emulator_url, logs, pin)
                    running.append(started)
                pin.pin_current_process()
                answers = {}
                meta["checks"] = {}
                for each in running:
                    check, answers[each.gateway.name] = await check_answer(
                        session, each, emulator_url
                    )
                    meta["checks"][each.gateway.name] = check
                meta["same_answers_problem"] = compare(answers)
                rows, floors = await rounds(session, options, running, (emulator.pid, emulator_url))
            finally:
                peer_processes.stop_all(running)
                processes.stop(emulator)
    report = peer_report.build(meta, rows, floors)
    out = options.out.with_name("peers.json") if options.out == DEFAULT_OUT else options.out
    out.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n")
    print(peer_report.format_text(report))
    return _verdict(meta, rows, out)


def _verdict(meta: dict[str, Any], rows: list[peer_report.PeerRow], out: Path) -> int:
    failed = [f"{name}: {c['problem']}" for name, c in meta["checks"].items() if not c["ok"]]
    if meta["same_answers_problem"]:
        failed.append(meta["same_answers_problem"])
    failed += [f"{r.gateway} round {r.round}: {r.row.errors} errors" for r in rows if r.row.errors]
    for line in failed:
        print(f"check failed: {line}")
    print(f"report: {out}")
    return 1 if failed else 0

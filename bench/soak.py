"""Soak and scale-out: does the gateway's memory stay flat under load, and does a second
worker on a second core serve more?

    python -m bench.soak [--minutes 10] [--workers N] [--latency-ms 5]
    python -m bench.soak --scale [--scale-seconds 30] [--scale-workload listing|typename]
                                 [--load python|wrk]

The soak runs the listing at 32 clients for `--minutes` and samples the gateway's RSS (the
process and its workers, from /proc) every `--sample-seconds`; it reports the first, last
and largest sample and the drift from the first sample after `--warmup-minutes` to the last
(target: within ±5 %). `--scale` runs the listing at 32 clients against 1 worker pinned to
core 0, then against 2 workers on cores 0 and 1, and reports the rps ratio (target ≥ 1.7x).
`--scale-workload typename` sends `{ __typename }` instead (the gateway alone: no upstream
call), and `--load wrk` makes the load with Debian's wrk (bench/wrk.py) rather than this
process, whose CPU per request is close to the gateway's own on `{ __typename }`.
A benchmark, not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import aiohttp
import orjson

from bench import config, load, processes, queries, wrk
from bench.procstat import PROC, cpu_seconds, descendants

CLIENTS = 32
MAX_REQUESTS_PER_SAMPLE = 100_000  # a bound per sample period, far above what one core serves
READY_S = 60.0
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
DEFAULT_OUT = processes.REPO_ROOT / "bench" / "results" / "soak.json"


def rss_bytes(pid: int) -> int:
    """Resident memory of `pid` and its live descendants (uvicorn's workers)."""
    total = 0
    for each in (pid, *descendants(pid)):
        try:
            resident = int((PROC / str(each) / "statm").read_text().split()[1])
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += resident * PAGE_BYTES
    return total


@dataclass(frozen=True, slots=True)
class Gateway:
    pid: int
    url: str
    emulator_pid: int


@asynccontextmanager
async def running_stack(
    session: aiohttp.ClientSession,
    logs: Path,
    latency_ms: float,
    workers: int,
    gateway_cores: str | None = None,
    other_cores: str | None = None,
) -> AsyncIterator[Gateway]:
    """The emulator and `omnicanal serve` as children, stopped by pid on the way out.
    `gateway_cores`/`other_cores`: taskset CPU lists for the gateway and the emulator."""
    emulator = gateway = None
    with tempfile.TemporaryDirectory(prefix="omnicanal-soak-") as workdir:
        try:
            port = processes.free_port()
            argv = [sys.executable, "-m", "bench.emulator", "--port", str(port)]
            argv += ["--latency-ms", str(latency_ms)]
            with (logs / "soak-emulator.log").open("wb") as log:
                emulator = processes.spawn(_pinned(argv, other_cores), log, processes.child_env())
            emulator_url = f"http://127.0.0.1:{port}"
            await processes.wait_ready(
                session, f"{emulator_url}/_health", emulator, "emulator", READY_S
            )
            config_path = config.write_config(Path(workdir), emulator_url)
            gateway_port = processes.free_port()
            argv = [*processes.gateway_command(None), "serve", "--host", "127.0.0.1"]
            argv += ["--port", str(gateway_port), "--workers", str(workers)]
            argv += ["--config", str(config_path), "--log-level", "warning"]
            env = processes.child_env({"OMNICANAL_CONFIG": str(config_path)})
            with (logs / "soak-gateway.log").open("wb") as log:
                gateway = processes.spawn(_pinned(argv, gateway_cores), log, env)
            url = f"http://127.0.0.1:{gateway_port}"
            await processes.wait_ready(session, f"{url}/healthz", gateway, "gateway", READY_S)
            if workers > 1:
                await _wait_for_workers(gateway.pid, workers)
            yield Gateway(gateway.pid, url, emulator.pid)
        finally:
            processes.stop(gateway)
            processes.stop(emulator)


def _pinned(argv: list[str], cores: str | None) -> list[str]:
    return ["taskset", "-c", cores, *argv] if cores else argv


async def _wait_for_workers(pid: int, workers: int) -> None:
    """/healthz answers as soon as one worker is up; the scale run needs them all."""
    deadline = time.monotonic() + READY_S
    while time.monotonic() < deadline:
        # The supervisor's children: the workers and multiprocessing's resource tracker.
        if len(descendants(pid)) > workers:
            await asyncio.sleep(2.0)  # the last one's lifespan
            return
        await asyncio.sleep(0.2)


async def workload_load(
    session: aiohttp.ClientSession, gateway: Gateway, seconds: float, workload: str = "listing"
) -> load.LoadResult:
    """A workload at 32 clients from this process, every answer checked."""
    return await load.closed_loop(
        session,
        f"{gateway.url}/graphql",
        queries.WORKLOADS[workload],
        concurrency=CLIENTS,
        duration_s=seconds,
        max_requests=MAX_REQUESTS_PER_SAMPLE,
        check=load.CHECKS[workload],
    )


@dataclass(frozen=True, slots=True)
class Sample:
    minute: float
    rss_mb: float
    rps: float
    errors: int


async def soak(
    session: aiohttp.ClientSession, gateway: Gateway, minutes: float, every_s: float
) -> list[Sample]:
    """The listing at 32 clients for `minutes`, the RSS read after every `every_s`."""
    samples: list[Sample] = []
    started = time.monotonic()
    end = started + minutes * 60
    while (left := end - time.monotonic()) > 0.5:
        result = await workload_load(session, gateway, min(every_s, left))
        rps = result.ok / result.elapsed_s if result.elapsed_s else 0.0
        sample = Sample(
            minute=round((time.monotonic() - started) / 60, 2),
            rss_mb=round(rss_bytes(gateway.pid) / 2**20, 1),
            rps=round(rps, 1),
            errors=result.errors,
        )
        samples.append(sample)
        print(f"  {sample.minute:6.2f} min  rss {sample.rss_mb:8.1f} MB"
              f"  {sample.rps:7.1f} rps  errors {sample.errors}", flush=True)  # fmt: skip
    return samples


def summarise(samples: Sequence[Sample], warmup_minutes: float) -> dict[str, object]:
    """Drift: from the first sample after the warm-up to the last; spread: the range of
    the samples after the warm-up, both relative to that first one."""
    warm = [s for s in samples if s.minute >= warmup_minutes] or list(samples[-1:])
    base, rss = warm[0].rss_mb, [s.rss_mb for s in warm]
    return {
        "rss_first_mb": samples[0].rss_mb,
        "rss_after_warmup_mb": base,
        "rss_last_mb": samples[-1].rss_mb,
        "rss_max_mb": max(s.rss_mb for s in samples),
        "drift_pct": round((samples[-1].rss_mb - base) / base * 100, 2),
        "spread_pct": round((max(rss) - min(rss)) / base * 100, 2),
        "mean_rps": round(sum(s.rps for s in samples) / len(samples), 1),
        "errors": sum(s.errors for s in samples),
        "samples": [asdict(s) for s in samples],
    }


@dataclass(frozen=True, slots=True)
class ScaleRun:
    workers: int
    gateway_cores: str
    rps: float
    errors: int
    gateway_cores_used: float  # gateway CPU seconds per wall second
    emulator_cores_used: float  # the upstreams, on the same cores
    client_cores_used: float  # this process, the load generator


async def scale_run(
    session: aiohttp.ClientSession, args: argparse.Namespace, workers: int, cores: str
) -> ScaleRun:
    """One worker gets core 0 and the emulator (and wrk) core 1; two workers get both
    cores and the emulator shares them, as the load generator does in both runs."""
    other = "1" if workers == 1 else None
    async with running_stack(session, args.logs, args.latency_ms, workers, cores, other) as gw:
        await scale_load(session, args, gw, args.warmup_seconds, other)
        cpu_before, emulator_before = cpu_seconds(gw.pid), cpu_seconds(gw.emulator_pid)
        result = await scale_load(session, args, gw, args.scale_seconds, other)
        cpu = cpu_seconds(gw.pid) - cpu_before
        emulator = cpu_seconds(gw.emulator_pid) - emulator_before
    elapsed = result.elapsed_s or 1.0
    return ScaleRun(
        workers=workers,
        gateway_cores=cores,
        rps=round(result.ok / elapsed, 1),
        errors=result.errors,
        gateway_cores_used=round(cpu / elapsed, 2),
        emulator_cores_used=round(emulator / elapsed, 2),
        client_cores_used=round(result.client_cpu_s / elapsed, 2),
    )


@dataclass(frozen=True, slots=True)
class ScaleLoad:
    ok: int
    errors: int
    elapsed_s: float
    client_cpu_s: float  # the load generator's own CPU


async def scale_load(
    session: aiohttp.ClientSession,
    args: argparse.Namespace,
    gateway: Gateway,
    seconds: float,
    cores: str | None,
) -> ScaleLoad:
    """The scale workload at 32 clients, from this process or from wrk (on `cores`)."""
    workload = args.scale_workload
    if args.load == "wrk":
        url, query = f"{gateway.url}/graphql", queries.WORKLOADS[workload]
        ran = await wrk.closed_loop(
            url, query, workload, connections=CLIENTS, duration_s=seconds, cores=cores
        )
        return ScaleLoad(ran.ok, ran.errors, ran.elapsed_s, ran.cpu_s)
    before = time.process_time()
    result = await workload_load(session, gateway, seconds, workload)
    client = time.process_time() - before
    return ScaleLoad(result.ok, result.errors, result.elapsed_s, client)


async def scale(session: aiohttp.ClientSession, args: argparse.Namespace) -> dict[str, object]:
    """1 worker, then 2, `--scale-rounds` times in turn: this machine's speed drifts within
    minutes, and alternating puts the drift on both sides of the ratio."""
    runs: list[ScaleRun] = []
    for _ in range(args.scale_rounds):
        for workers, cores in ((1, "0"), (2, "0,1")):
            run = await scale_run(session, args, workers, cores)
            print(f"  {workers} worker(s) on cores {cores}: {run.rps} rps", flush=True)
            runs.append(run)
    one = _mean_rps(runs, 1)
    two = _mean_rps(runs, 2)
    return {
        "workload": args.scale_workload,
        "load": args.load,
        "runs": [asdict(run) for run in runs],
        "rps_one_worker": one,
        "rps_two_workers": two,
        "ratio": round(two / one, 2) if one else None,
        "errors": sum(run.errors for run in runs),
    }


def _mean_rps(runs: Sequence[ScaleRun], workers: int) -> float:
    rps = [run.rps for run in runs if run.workers == workers]
    return round(sum(rps) / len(rps), 1)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.soak", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--minutes", type=float, default=10.0, help="soak length (10)")
    parser.add_argument("--workers", type=int, default=1, help="gateway workers in the soak (1)")
    parser.add_argument("--sample-seconds", type=float, default=10.0, help="RSS every (10)")
    parser.add_argument("--warmup-minutes", type=float, default=1.0, help="before the drift (1)")
    parser.add_argument("--latency-ms", type=float, default=5.0, help="upstream latency (5)")
    parser.add_argument("--scale", action="store_true", help="1 worker vs 2 workers instead")
    parser.add_argument("--scale-seconds", type=float, default=30.0, help="per scale run (30)")
    parser.add_argument("--warmup-seconds", type=float, default=5.0, help="per scale run (5)")
    parser.add_argument("--scale-rounds", type=int, default=2, help="1 then 2 workers, times (2)")
    parser.add_argument("--scale-workload", choices=("listing", "typename"), default="listing")
    parser.add_argument(
        "--load", choices=("python", "wrk"), default="python", help="scale load generator"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if min(args.minutes, args.sample_seconds, args.scale_seconds) <= 0 or args.workers < 1:
        parser.error("durations must be positive and --workers at least 1")
    if args.scale_rounds < 1:
        parser.error("--scale-rounds must be at least 1")
    if args.scale and (os.cpu_count() or 1) < 2:
        parser.error("--scale needs two cores")
    if args.load == "wrk" and shutil.which("wrk") is None:
        parser.error("--load wrk needs wrk (Debian: apt-get install wrk)")
    args.logs = args.out.parent
    return args


async def run(args: argparse.Namespace) -> dict[str, object]:
    args.logs.mkdir(parents=True, exist_ok=True)
    timeout = aiohttp.ClientTimeout(total=30)
    connector = aiohttp.TCPConnector(limit=CLIENTS + 4)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        if args.scale:
            return {"scale": await scale(session, args)}
        async with running_stack(session, args.logs, args.latency_ms, args.workers) as gateway:
            samples = await soak(session, gateway, args.minutes, args.sample_seconds)
    return {"soak": {"workers": args.workers, **summarise(samples, args.warmup_minutes)}}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        report = asyncio.run(run(args))
    except processes.StartupError as exc:
        print(f"soak aborted: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("soak interrupted; child processes stopped", file=sys.stderr)
        return 130
    args.out.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))
    figures = {k: v for k, v in next(iter(report.values())).items() if k != "samples"}  # type: ignore[attr-defined]
    print(orjson.dumps(figures, option=orjson.OPT_INDENT_2).decode())
    print(f"report: {args.out}")
    return 1 if figures.get("errors") else 0


if __name__ == "__main__":
    sys.exit(main())

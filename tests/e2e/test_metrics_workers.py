"""`omnicanal serve --workers 2`: /metrics, whichever worker answers it, counts the
requests of both (prometheus_client's multiprocess mode, one fresh directory per start)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from pathlib import Path

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from tests.support.spawned import SpawnedGateway, config_text, spawned_gateway, stop

PING = "query Ping { __typename }"
# A worker may still be starting (importing, building the schema) while the other answers
# every ping: rounds go on, paced, for up to ROUNDS * ROUND_PAUSE_S (30 s), until both count.
ROUNDS, PER_ROUND, ROUND_PAUSE_S = 150, 10, 0.2


def workers_of(gateway: SpawnedGateway) -> list[int]:
    """uvicorn's worker processes (its other child is multiprocessing's resource tracker)."""
    children = Path(f"/proc/{gateway.pid}/task/{gateway.pid}/children").read_text()
    pids = [int(pid) for pid in children.split()]
    return [p for p in pids if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]


def metrics_dir(worker: int) -> Path:
    """As a worker inherited it (the parent's own /proc environ predates the CLI's)."""
    environ = Path(f"/proc/{worker}/environ").read_bytes().split(b"\0")
    (entry,) = [e for e in environ if e.startswith(b"PROMETHEUS_MULTIPROC_DIR=")]
    return Path(entry.split(b"=", 1)[1].decode())


async def ping(session: aiohttp.ClientSession, url: str) -> None:
    # A connection each, so that the kernel hands them to either worker.
    headers = {"Connection": "close"}
    async with session.post(url + "/graphql", json={"query": PING}, headers=headers) as r:
        assert r.status == 200
        assert (await r.json())["data"] == {"__typename": "Query"}


async def pings_counted(session: aiohttp.ClientSession, url: str) -> float:
    async with session.get(url + "/metrics") as r:
        text = await r.text()
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == "omnicanal_requests_total" and s.labels["operation"] == "Ping":
                return s.value
    return 0.0


async def test_metrics_sum_the_requests_of_every_worker(sample_dir: Path, tmp_path: Path) -> None:
    settings = f'database = "{sample_dir / "sample.db"}"'
    async with spawned_gateway(config_text(tmp_path, "", settings=settings), tmp_path, 2) as gw:
        workers = await _workers(gw)
        try:
            directory = metrics_dir(workers[0])
            sent = 0
            async with aiohttp.ClientSession() as session:
                for _ in range(ROUNDS):  # until both workers have counted some
                    await asyncio.gather(*(ping(session, gw.base_url) for _ in range(PER_ROUND)))
                    sent += PER_ROUND
                    if all((directory / f"counter_{pid}.db").exists() for pid in workers):
                        break
                    await asyncio.sleep(ROUND_PAUSE_S)
                assert all((directory / f"counter_{pid}.db").exists() for pid in workers), (
                    workers,
                    sorted(p.name for p in directory.iterdir()),
                )
                scrapes = [await pings_counted(session, gw.base_url) for _ in range(4)]
            assert scrapes == [sent] * 4, "every scrape, from either worker, counts them all"
        finally:
            await stop(gw)
            for pid in workers_left(workers):  # never leave a worker behind the parent
                os.kill(pid, signal.SIGKILL)
        assert not directory.exists(), "the directory goes with the server"


def workers_left(workers: list[int]) -> list[int]:
    """Those still alive and still uvicorn workers (a pid may have been reused)."""
    left = []
    for pid in workers:
        with contextlib.suppress(OSError):
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                left.append(pid)
    return left


async def _workers(gateway: SpawnedGateway) -> list[int]:
    for _ in range(300):  # at most 30 s
        workers = workers_of(gateway)
        if len(workers) >= 2:
            return workers
        await asyncio.sleep(0.1)
    raise AssertionError(f"two workers expected, found {workers_of(gateway)}")

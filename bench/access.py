"""What a key costs per request: recognising it (state store behind a sub-second cache)
and drawing its budget (in-process, or one Lua script in Redis), measured in isolation.

    python -m bench.access [--requests 5000] [--redis redis://127.0.0.1:6379/15]

A benchmark, not a test: the figures depend on the machine (and Redis on loopback)."""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from redis.asyncio import Redis

from connectors.context import Channel
from gateway.keys.model import Budget, KeyKind, KeyPlan
from gateway.keys.service import KeyService
from gateway.keys.sqlite_store import SqliteKeyStore
from gateway.throttle.admission import BudgetAdmission
from gateway.throttle.buckets import Buckets, MemoryBuckets
from gateway.throttle.redis_buckets import RedisBuckets

PLAN = KeyPlan(channels=(Channel.PARTNER,), scopes=frozenset({"catalog:read"}))
BUDGET = Budget(capacity=1e12, restore_per_s=1e9)


async def per_request_us(work: Callable[[], Awaitable[object]], requests: int) -> float:
    for _ in range(min(100, requests)):
        await work()
    started = time.perf_counter()
    for _ in range(requests):
        await work()
    return (time.perf_counter() - started) / requests * 1e6


async def main(requests: int, redis_url: str | None) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        store = SqliteKeyStore(Path(scratch) / "state.db")
        await store.start()
        service = KeyService(store)
        text, key = await service.create("bench", KeyKind.SECRET, PLAN)
        rows = [("recognise a key (cached)", lambda: service.recognise(text))]
        buckets: list[tuple[str, Buckets]] = [("in-process", MemoryBuckets())]
        if redis_url:
            buckets.append(("Redis", RedisBuckets(Redis.from_url(redis_url))))
        for label, b in buckets:
            admission = BudgetAdmission(b, key.id, BUDGET)
            rows.append((f"draw and settle a budget ({label})", _draw(admission)))
        for label, work in rows:
            print(f"{label:<44} {await per_request_us(work, requests):8.1f} µs")
        for _, b in buckets:
            await b.aclose()


def _draw(admission: BudgetAdmission) -> Callable[[], Awaitable[object]]:
    async def work() -> None:
        await admission.admit(100)
        await admission.settle(60)

    return work


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.access")
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--redis", default=None, help="a Redis URL to measure its buckets")
    args = parser.parse_args()
    asyncio.run(main(args.requests, args.redis))

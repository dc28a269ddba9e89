"""Closed-loop load: `concurrency` clients each send the next query as soon as the last one
answered, until the duration or the request budget is spent. Every answer is checked: a
GraphQL `errors` entry, a non-200 or a missing `data` counts as an error, never as a fast
request."""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import orjson

from bench import plp

# A workload-specific check on `data`: None when it looks right, else what is wrong.
DataCheck = Callable[[dict[str, Any]], str | None]
MAX_ERROR_SAMPLES = 5


@dataclass
class LoadResult:
    requests: int = 0
    errors: int = 0
    elapsed_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    error_kinds: Counter[str] = field(default_factory=Counter)

    @property
    def ok(self) -> int:
        return self.requests - self.errors

    def record(self, latency_ms: float, problem: str | None) -> None:
        self.requests += 1
        if problem is None:
            self.latencies_ms.append(latency_ms)
        else:
            self.errors += 1
            self.error_kinds[problem[:200]] += 1

    def error_samples(self) -> list[str]:
        return [
            f"{count}x {kind}" for kind, count in self.error_kinds.most_common(MAX_ERROR_SAMPLES)
        ]


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def problem_with(status: int, raw: bytes, check: DataCheck | None = None) -> str | None:
    """What is wrong with one GraphQL HTTP answer, or None if it is a good answer."""
    if status != 200:
        return f"HTTP {status}"
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return "response is not JSON"
    if not isinstance(body, dict):
        return "response is not a JSON object"
    errors = body.get("errors")
    if errors:
        first = errors[0] if isinstance(errors, list) and errors else errors
        if isinstance(first, dict):
            code = (first.get("extensions") or {}).get("code", "")
            path = ".".join(str(p) for p in first.get("path") or ())
            return f"GraphQL error {code} at {path or '-'}: {first.get('message', '')}".strip()
        return f"GraphQL error: {first}"
    data = body.get("data")
    if not isinstance(data, dict):
        return "response has no data"
    return check(data) if check is not None else None


async def closed_loop(
    session: aiohttp.ClientSession,
    url: str,
    query: str,
    *,
    concurrency: int,
    duration_s: float,
    max_requests: int,
    check: DataCheck | None = None,
) -> LoadResult:
    payload = orjson.dumps({"query": query})
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    result = LoadResult()
    deadline = time.perf_counter() + duration_s
    issued = 0

    async def client() -> None:
        nonlocal issued
        while issued < max_requests and time.perf_counter() < deadline:
            issued += 1
            started = time.perf_counter()
            try:
                async with session.post(url, data=payload, headers=headers) as response:
                    raw = await response.read()
                problem = problem_with(response.status, raw, check)
            except (aiohttp.ClientError, TimeoutError) as exc:
                problem = f"{type(exc).__name__}: {exc}"
            result.record((time.perf_counter() - started) * 1000, problem)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    result.elapsed_s = time.perf_counter() - started
    return result


def listing_problem(data: dict[str, Any]) -> str | None:
    products = data.get("products")
    nodes = products.get("nodes") if isinstance(products, dict) else None
    if not nodes:
        return "listing returned no products"
    if any(node is None or node.get("price") is None for node in nodes):
        return "listing has a product without a price"
    return None


def typename_problem(data: dict[str, Any]) -> str | None:
    return None if data.get("__typename") == "Query" else "__typename is not Query"


CHECKS: dict[str, DataCheck] = {
    "listing": listing_problem,
    "typename": typename_problem,
    "plp": plp.omnicanal_problem,
}

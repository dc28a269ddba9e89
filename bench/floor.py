"""The upstream floor of the PLP: the three emulator calls it costs, made directly by the load
generator the way a gateway must (the search, then prices and stock at once), one PLP at a
time. No gateway's p50 at one client can beat it; the issue's target is floor + 1.5 ms."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp

from bench.load import LoadResult
from bench.plp import PLP_SIZE

# The context every gateway in the run answers in (omnicanal's defaults).
PRICE_CONTEXT = {"currency": "EUR", "channel": "WEB", "group": "default"}
STOCK_CONTEXT = {"channel": "WEB"}


async def _get(session: aiohttp.ClientSession, url: str, params: dict[str, str]) -> Any:
    async with session.get(url, params=params) as response:
        response.raise_for_status()
        return await response.json()


async def one_plp(session: aiohttp.ClientSession, emulator_url: str) -> str | None:
    """The three calls of one PLP; what went wrong, or None."""
    page = await _get(session, f"{emulator_url}/catalog/search", {"first": str(PLP_SIZE)})
    skus = ",".join(product["variants"][0]["sku"] for product in page["items"])
    prices, stock = await asyncio.gather(
        _get(session, f"{emulator_url}/pricing/prices", {"skus": skus, **PRICE_CONTEXT}),
        _get(session, f"{emulator_url}/inventory/stock", {"skus": skus, **STOCK_CONTEXT}),
    )
    counts = (len(page["items"]), len(prices["prices"]), len(stock["stock"]))
    return None if counts == (PLP_SIZE,) * 3 else f"the upstreams answered {counts} records"


async def measure(
    session: aiohttp.ClientSession, emulator_url: str, duration_s: float, max_requests: int
) -> LoadResult:
    """One client, back to back, for `duration_s` or `max_requests` PLPs."""
    result = LoadResult()
    started = time.perf_counter()
    deadline = started + duration_s
    while result.requests < max_requests and time.perf_counter() < deadline:
        began = time.perf_counter()
        try:
            problem = await one_plp(session, emulator_url)
        except (aiohttp.ClientError, TimeoutError, KeyError, TypeError) as exc:
            problem = f"{type(exc).__name__}: {exc}"
        result.record((time.perf_counter() - began) * 1000, problem)
    result.elapsed_s = time.perf_counter() - started
    return result

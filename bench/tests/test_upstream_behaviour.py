"""What the emulator does to a connector: latency per request, unreadable answers."""

from __future__ import annotations

import time
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bench.connector import BenchConnector, BenchSettings
from bench.emulator import serve
from connectors.base import ConnectorEnv
from connectors.context import CommerceContext
from connectors.errors import UpstreamBadResponse

CTX = CommerceContext()


async def test_latency_applies_to_every_upstream_request(
    session: aiohttp.ClientSession, tmp_path: Path
) -> None:
    slow = await serve(latency_s=0.05)
    try:
        connector = BenchConnector(
            BenchSettings(slow.base_url), ConnectorEnv("u", session, tmp_path)
        )
        started = time.perf_counter()
        await connector.prices(["SKU-0001"], CTX)
        await connector.stock(["SKU-0001"], CTX)
        elapsed = time.perf_counter() - started
        async with session.get(f"{slow.base_url}/_stats") as response:
            stats_elapsed = time.perf_counter() - started - elapsed
            assert (await response.json())["total"] == 2
    finally:
        await slow.aclose()
    assert elapsed >= 0.1
    assert stats_elapsed < 0.05  # the emulator's own endpoints are not delayed


async def test_an_unreadable_answer_is_a_bad_response(
    session: aiohttp.ClientSession, tmp_path: Path
) -> None:
    async def garbled(request: web.Request) -> web.Response:
        return web.json_response({"prices": [{"sku": "SKU-0001"}], "items": "nope"})

    app = web.Application()
    app.router.add_get("/pricing/prices", garbled)
    app.router.add_get("/catalog/products", garbled)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    base_url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    connector = BenchConnector(BenchSettings(base_url), ConnectorEnv("u", session, tmp_path))
    try:
        with pytest.raises(UpstreamBadResponse):
            await connector.prices(["SKU-0001"], CTX)
        with pytest.raises(UpstreamBadResponse):
            await connector.products(["p0001"], CTX)
    finally:
        await runner.cleanup()

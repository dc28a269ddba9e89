"""One upstream session serves every customer, so it must not keep what an upstream sets:
a cookie from one request's call riding along on the next request's calls would carry one
shopper's upstream session into another's. The upstream is the bench emulator, named
`localhost` (aiohttp's default jar keeps cookies for names, not for IP addresses), with a
middleware that sets a cookie on every answer and notes every Cookie header it is sent."""

from __future__ import annotations

import tomllib
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from aiohttp import web

from bench.config import gateway_config
from bench.emulator import build_app
from gateway.config import parse
from tests.support.server import running_gateway

LISTING = "{ products(first: 3) { nodes { title price { amount } } } }"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@pytest.fixture
async def cookie_upstream() -> AsyncIterator[tuple[str, list[str | None]]]:
    sent: list[str | None] = []

    @web.middleware
    async def set_cookie(request: web.Request, handler: Handler) -> web.StreamResponse:
        sent.append(request.headers.get("Cookie"))
        response = await handler(request)
        response.set_cookie("upstream_session", f"shopper-{len(sent)}", path="/")
        return response

    app = build_app(latency_s=0.0)
    app.middlewares.append(set_cookie)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://localhost:{port}", sent
    finally:
        await runner.cleanup()


async def test_an_upstream_cookie_is_never_sent_back(
    cookie_upstream: tuple[str, list[str | None]], tmp_path: Path
) -> None:
    base_url, sent = cookie_upstream
    raw = tomllib.loads(gateway_config(base_url))
    raw["gateway"]["data_dir"] = str(tmp_path)
    async with running_gateway(parse(raw, "cookie test")) as client:
        for _ in range(3):
            data = await client.data(LISTING)
            assert len(data["products"]["nodes"]) == 3
    assert len(sent) >= 6, "each listing calls the upstream (search, prices)"
    assert sent == [None] * len(sent), "no call carried a cookie an earlier answer set"

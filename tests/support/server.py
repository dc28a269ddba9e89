"""A real gateway for end-to-end tests: uvicorn on 127.0.0.1 on a free port, the app's
lifespan run as in production, and a small GraphQL client over aiohttp."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from typing import Any

import aiohttp
import uvicorn

from gateway.app import create_app
from gateway.config import GatewayConfig
from gateway.server import uvicorn_options

START_TIMEOUT_S = 60.0
CLIENT_KEEPALIVE_S = 1.0


@dataclass
class GraphQLClient:
    base_url: str
    session: aiohttp.ClientSession
    # Sent with every post (e.g. an API key); a call's own headers win.
    headers: dict[str, str] = field(default_factory=dict)

    def with_headers(self, headers: dict[str, str]) -> GraphQLClient:
        return replace(self, headers={**self.headers, **headers})

    async def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        sent = {**self.headers, **(headers or {})}
        async with self.session.post(self.base_url + "/graphql", json=body, headers=sent) as r:
            assert r.status == 200, await r.text()
            assert r.content_type == "application/json"
            payload: dict[str, Any] = await r.json()
            return payload

    async def data(self, query: str, **kwargs: Any) -> dict[str, Any]:
        """The `data` of a response that must have no errors."""
        payload = await self.post(query, **kwargs)
        assert "errors" not in payload, payload["errors"]
        data: dict[str, Any] = payload["data"]
        return data

    async def raw(self, method: str, path: str, **kwargs: Any) -> tuple[int, str, str]:
        async with self.session.request(method, self.base_url + path, **kwargs) as r:
            return r.status, r.content_type, await r.text()


@contextlib.asynccontextmanager
async def running_gateway(config: GatewayConfig) -> AsyncIterator[GraphQLClient]:
    options = uvicorn_options(config)  # the limits and protocol `omnicanal serve` runs with
    server = uvicorn.Server(
        uvicorn.Config(create_app(config), host="127.0.0.1", port=0, log_level="warning", **options)
    )
    task = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(START_TIMEOUT_S):
            while not server.started:
                if task.done():
                    task.result()  # surfaces the start-up error
                await asyncio.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        # A pooled connection is dropped by the client well before the server closes it
        # idle (keep_alive_timeout_s, 5 s): reusing one the server is closing at that very
        # moment is a reset, not an answer (a session fixture idles between tests).
        connector = aiohttp.TCPConnector(keepalive_timeout=CLIENT_KEEPALIVE_S)
        async with aiohttp.ClientSession(connector=connector) as session:
            yield GraphQLClient(f"http://127.0.0.1:{port}", session)
    finally:
        server.should_exit = True
        await task

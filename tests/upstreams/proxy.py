"""A counting HTTP proxy on 127.0.0.1 in front of a real upstream: a test asserts how many
calls a batch made ("150 keys, two requests"), and can make the next answers fail (a 503, a
malformed body) without touching the upstream."""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass
from types import TracebackType

import aiohttp
from aiohttp import web
from yarl import URL

# Hop-by-hop and length headers are the proxy's own business on each side.
DROPPED_HEADERS = {"host", "content-length", "transfer-encoding", "connection", "keep-alive"}


@dataclass(frozen=True, slots=True)
class Fault:
    status: int
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "application/json"),)


class CountingProxy:
    def __init__(self, target: str) -> None:
        self.target = target.rstrip("/")
        self.calls: Counter[str] = Counter()
        self.queries: list[str] = []
        self._faults: deque[Fault] = deque()
        self._session: aiohttp.ClientSession | None = None
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    def count(self, prefix: str = "/api/") -> int:
        """Requests received (faulted ones included) whose path starts with `prefix`."""
        return sum(n for path, n in self.calls.items() if path.startswith(prefix))

    def fail_next(self, fault: Fault, times: int = 1) -> None:
        self._faults.extend([fault] * times)

    def clear_faults(self) -> None:
        self._faults.clear()

    async def __aenter__(self) -> CountingProxy:
        self._session = aiohttp.ClientSession(auto_decompress=False)
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        self.calls[request.path] += 1
        self.queries.append(request.query_string)
        if self._faults:
            fault = self._faults.popleft()
            return web.Response(status=fault.status, body=fault.body, headers=dict(fault.headers))
        assert self._session is not None
        forwarded = {k: v for k, v in request.headers.items() if k.lower() not in DROPPED_HEADERS}
        async with self._session.request(
            request.method,
            URL(self.target + request.raw_path, encoded=True),
            headers=forwarded,
            data=await request.read(),
            allow_redirects=False,
        ) as upstream:
            body = await upstream.read()
            kept = {k: v for k, v in upstream.headers.items() if k.lower() not in DROPPED_HEADERS}
            return web.Response(status=upstream.status, body=body, headers=kept)

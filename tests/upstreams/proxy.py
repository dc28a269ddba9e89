"""A counting HTTP proxy on 127.0.0.1 in front of a real upstream: a test asserts how many
calls a batch made ("150 keys, two requests"), and can make the next answers fail (a 503, a
malformed body) without touching the upstream, or put the upstream into an outage until
healed (`break_with`): it hangs, answers 500 or junk, resets connections, refuses them,
or answers slowly but in time."""

from __future__ import annotations

import asyncio
import contextlib
import enum
import socket
import struct
from collections import Counter, deque
from dataclasses import dataclass
from types import TracebackType

import aiohttp
from aiohttp import web
from yarl import URL

# Hop-by-hop and length headers are the proxy's own business on each side.
DROPPED_HEADERS = {"host", "content-length", "transfer-encoding", "connection", "keep-alive"}
# A hang ends when the test heals the proxy or closes it, at the latest after this.
MAX_HANG_S = 30.0
SLOW_S = 0.4


@dataclass(frozen=True, slots=True)
class Fault:
    status: int
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "application/json"),)


class Outage(enum.Enum):
    HANG = "hang"
    ERROR_500 = "500"
    JUNK = "junk body"
    RESET = "connection reset"
    REFUSED = "connection refused"
    SLOW = "slow but in time"


class CountingProxy:
    def __init__(self, target: str, keep_host: bool = False) -> None:
        self.target = target.rstrip("/")
        # Forward the client's Host: an upstream that writes absolute links (Akeneo's
        # HAL `_links.next`) then points them at the proxy.
        self._dropped = DROPPED_HEADERS - {"host"} if keep_host else DROPPED_HEADERS
        self.calls: Counter[str] = Counter()
        self.queries: list[str] = []
        self._faults: deque[Fault] = deque()
        self._session: aiohttp.ClientSession | None = None
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._outage: Outage | None = None
        self._healed = asyncio.Event()
        self.port = 0
        self.base_url = ""

    def count(self, prefix: str = "/api/") -> int:
        """Requests received (faulted ones included) whose path starts with `prefix`."""
        return sum(n for path, n in self.calls.items() if path.startswith(prefix))

    def fail_next(self, fault: Fault, times: int = 1) -> None:
        self._faults.extend([fault] * times)

    def clear_faults(self) -> None:
        self._faults.clear()

    async def break_with(self, outage: Outage) -> None:
        """Every request from now on meets `outage`, until `heal()`."""
        await self.heal()
        self._outage = outage
        self._healed = asyncio.Event()
        if outage is Outage.REFUSED:
            await self._stop_listening()

    async def heal(self) -> None:
        if self._outage is Outage.REFUSED:
            await self._listen(self.port)
        self._outage = None
        self._healed.set()

    async def __aenter__(self) -> CountingProxy:
        self._session = aiohttp.ClientSession(auto_decompress=False)
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await self._listen(0)
        self.port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        return self

    async def _listen(self, port: int) -> None:
        assert self._runner is not None
        self._site = web.TCPSite(self._runner, "127.0.0.1", port, reuse_address=True)
        await self._site.start()

    async def _stop_listening(self) -> None:
        """Nothing listens on the port and kept-alive connections are cut: the next
        connection attempt is refused."""
        assert self._runner is not None
        assert self._site is not None
        await self._site.stop()
        server = self._runner.server
        for handler in list(server.connections if server is not None else ()):
            handler.force_close()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._healed.set()
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
        if self._outage is not None and self._outage is not Outage.SLOW:
            return await self._outage_answer(request, self._outage)
        if self._outage is Outage.SLOW:
            await asyncio.sleep(SLOW_S)
        assert self._session is not None
        forwarded = {k: v for k, v in request.headers.items() if k.lower() not in self._dropped}
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

    async def _outage_answer(self, request: web.Request, outage: Outage) -> web.StreamResponse:
        if outage is Outage.HANG:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._healed.wait(), MAX_HANG_S)
            return web.Response(status=504)
        if outage is Outage.ERROR_500:
            return web.json_response({"message": "internal error"}, status=500)
        if outage is Outage.RESET:
            _reset(request)
            return web.Response(status=500)  # never sent: the connection is gone
        # JUNK (REFUSED never gets here): a 200 that is no JSON at all
        return web.Response(status=200, body=b"<html>oops", content_type="application/json")


def _reset(request: web.Request) -> None:
    """Close the connection with a TCP RST (SO_LINGER 0), as a crashed upstream does."""
    transport = request.transport
    if transport is None:
        return
    sock = transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()

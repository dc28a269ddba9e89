"""What tests switch on and read: request counts per path, and faults served instead of
the next N answers (429 with Retry-After, 500, 503, malformed JSON), so a test can assert
"N keys, one call" and see how a connector copes with a failing PIM."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web
from aiohttp.typedefs import Middleware

from tests.emulators.akeneo.errors import json_response

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
KINDS = ("429", "500", "503", "malformed")


@dataclass(frozen=True, slots=True)
class Fault:
    kind: str
    retry_after: str
    prefix: str


@dataclass
class Faults:
    counts: Counter[str] = field(default_factory=Counter)
    _queue: deque[Fault] = field(default_factory=deque)

    def fail_next(
        self, count: int, kind: str, retry_after: str = "1", prefix: str = "/api/rest/"
    ) -> None:
        """Serve `kind` instead of the next `count` answers on paths under `prefix`."""
        if kind not in KINDS:
            raise ValueError(f"unknown fault {kind!r}; one of {KINDS}")
        self._queue.extend(Fault(kind, retry_after, prefix) for _ in range(count))

    def pending(self) -> int:
        return len(self._queue)

    def _take(self, path: str) -> Fault | None:
        if self._queue and path.startswith(self._queue[0].prefix):
            return self._queue.popleft()
        return None

    def middleware(self) -> Middleware:
        @web.middleware
        async def count_and_fail(request: web.Request, handler: Handler) -> web.StreamResponse:
            # Counted before anything else, so retried and refused requests show too.
            self.counts[request.path] += 1
            fault = self._take(request.path)
            return await handler(request) if fault is None else _serve(fault)

        return count_and_fail


def _serve(fault: Fault) -> web.Response:
    if fault.kind == "429":
        response = json_response({"code": 429, "message": "Too Many Requests"}, status=429)
        response.headers["Retry-After"] = fault.retry_after
        return response
    if fault.kind == "malformed":
        # A body cut short mid-stream, as a proxy that drops the connection leaves it.
        return web.Response(
            body=b'{"_links":{},"_embedded":{"items":[{"identif', content_type="application/json"
        )
    status = int(fault.kind)
    return json_response({"code": status, "message": "Internal Server Error"}, status=status)

"""What a public edge needs from uvicorn's HTTP/1.1 protocols and uvicorn lacks: a read
deadline for slow or half-open clients, a bound on the request head, admission control and
refusals as coded JSON instead of plain text. `EdgeGuards` holds what both protocols share;
`GatewayHTTPProtocol` here is the h11 one, only the fallback where httptools is not
installed: `gateway.http_protocol_httptools` is served otherwise, for a third less CPU a
request (see there and `gateway.server`).

Neither uvicorn protocol has a read timeout: uvicorn arms its keep-alive timer only after a
response, so a client that never finishes its request head or body holds the connection
forever. The deadline here is Go's `http.Server.ReadTimeout`: the whole request (head and
body) must arrive within `read_timeout_s` of its first byte (of the connection, for the
first request); trickling bytes does not extend it.

Nor has either a write timeout: a response's bytes go to the transport at once, and a client
that stops reading leaves them there, with its connection, for good (a send waiting on
`flow.drain()`, a close waiting to flush). The write deadline here is nginx's
`send_timeout`, and bounds both: once the transport holds more for the client than its
high-water mark (it pauses writing) the client has `write_timeout_s` to take it down to the
low-water mark (writing resumes); a connection closing with bytes unsent has
`write_timeout_s` to take them. Either missed, the connection is aborted and what it held
freed. A client that reads keeps its connection as long as each wait ends in time; on
loopback the kernel wakes a paused sender once about 1 MB of its queue has left."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import struct
from typing import Any, cast

import h11
from uvicorn._types import (
    ASGI3Application,
    ASGIReceiveCallable,
    ASGISendCallable,
    ASGISendEvent,
    Scope,
)
from uvicorn.config import Config
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from gateway.edge_refusals import send_unavailable, wire_refusal

# Their (the client's) states in which the server is still reading the current request.
STILL_READING = (h11.IDLE, h11.SEND_BODY)
# Our states in which no response has been started yet, so a refusal can still be sent.
NOT_ANSWERED = (h11.IDLE, h11.SEND_RESPONSE)
# SO_LINGER on, for 0 s: closing resets the connection (nginx's `reset_timedout_connection`),
# where a plain close leaves the kernel trying to deliver the unsent bytes for minutes.
RESET_ON_CLOSE = struct.pack("ii", 1, 0)


# The refusals of a request head, the same from either parser.
TOO_LARGE = (431, "REQUEST_HEADER_TOO_LARGE", "the request head is too large")
MALFORMED = (400, "BAD_REQUEST", "malformed HTTP request")


class EdgeGuards(asyncio.Protocol):
    """The read deadline, refusals and admission, mixed into a uvicorn protocol class (it
    comes first among the bases). Its constructor is uvicorn's, plus the guards' settings."""

    # What the uvicorn protocol provides.
    app: ASGI3Application
    limit_concurrency: int | None
    loop: asyncio.AbstractEventLoop
    logger: logging.Logger
    transport: asyncio.Transport
    connections: set[Any]
    tasks: set[asyncio.Task[None]]

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
        *,
        read_timeout_s: float,
        write_timeout_s: float,
        max_requests_per_connection: int | None = None,
    ) -> None:
        # The uvicorn protocol's constructor, next in the subclass's bases.
        super().__init__(config, server_state, app_state, _loop)  # type: ignore[call-arg]
        self.read_timeout_s = read_timeout_s
        self.write_timeout_s = write_timeout_s
        self.write_deadline: asyncio.TimerHandle | None = None
        self.max_requests = max_requests_per_connection  # None: no limit
        self.requests_admitted = 0
        self.read_deadline: asyncio.TimerHandle | None = None
        # uvicorn would answer its own plain-text 503; `_admit` applies the same limit.
        self.max_concurrency = self.limit_concurrency
        self.limit_concurrency = None
        self.gateway_app = self.app
        self.app = self._admit

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_read_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_read_deadline()
        self._disarm_write_deadline()
        super().connection_lost(exc)

    def pause_writing(self) -> None:
        """The transport holds more for the client than its high-water mark."""
        super().pause_writing()
        self._arm_write_deadline()

    def resume_writing(self) -> None:
        """The client took the transport's bytes down to its low-water mark; a closing
        connection keeps its deadline, which bounds the whole flush."""
        if not self.transport.is_closing():
            self._disarm_write_deadline()
        super().resume_writing()

    def timeout_keep_alive_handler(self) -> None:
        super().timeout_keep_alive_handler()  # type: ignore[misc]
        self._bound_closing()

    def shutdown(self) -> None:
        super().shutdown()  # type: ignore[misc]
        self._bound_closing()

    def _bound_closing(self) -> None:
        """A close waits for the unsent bytes to leave; the client has the write timeout to
        take them. Also called by each protocol's `on_response_complete` (an override here
        would cost every response a call)."""
        if self.transport.is_closing() and self.transport.get_write_buffer_size():
            self._arm_write_deadline()

    def _arm_write_deadline(self) -> None:
        if self.write_deadline is None:
            self.write_deadline = self.loop.call_later(self.write_timeout_s, self._write_timed_out)

    def _disarm_write_deadline(self) -> None:
        if self.write_deadline is not None:
            self.write_deadline.cancel()
            self.write_deadline = None

    def _write_timed_out(self) -> None:
        self.write_deadline = None
        unsent = self.transport.get_write_buffer_size()
        if unsent:
            self.logger.warning("client did not read its answer in time: %d bytes dropped", unsent)
            connection = self.transport.get_extra_info("socket")
            if connection is not None:
                with contextlib.suppress(OSError):  # a socket the peer has reset already
                    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, RESET_ON_CLOSE)
            self.transport.abort()

    def _request_unanswered(self) -> bool:
        """A request has begun arriving and no response has been started on the connection,
        so a 408 can still be its answer."""
        raise NotImplementedError

    def _arm_read_deadline(self) -> None:
        self._disarm_read_deadline()
        self.read_deadline = self.loop.call_later(self.read_timeout_s, self._read_timed_out)

    def _disarm_read_deadline(self) -> None:
        if self.read_deadline is not None:
            self.read_deadline.cancel()
            self.read_deadline = None

    def _read_timed_out(self) -> None:
        self.read_deadline = None
        if self.transport.is_closing():
            return
        if self._request_unanswered():
            self._refuse(408, "REQUEST_TIMEOUT", "the request did not arrive in time")
        else:  # nothing asked yet, or answered already (a 413 while the body kept coming)
            self.transport.close()

    def _refuse(self, status: int, code: str, message: str) -> None:
        """Written past the parser, whose state no longer matters: the connection closes."""
        self.transport.write(wire_refusal(status, code, message))
        self.transport.close()
        self._bound_closing()

    async def _admit(
        self, scope: Scope, receive: ASGIReceiveCallable, send: ASGISendCallable
    ) -> None:
        if self._overloaded():
            self.logger.warning("concurrency limit reached: 503")
            await send_unavailable(send, "OVERLOADED", "the gateway is at capacity")
            return
        answered = False
        self.requests_admitted += 1
        last = self.max_requests is not None and self.requests_admitted >= self.max_requests

        async def send_noting_answer(message: ASGISendEvent) -> None:
            nonlocal answered
            answered = True
            if last and message["type"] == "http.response.start":
                message = closing(message)
            await send(message)

        try:
            await self.gateway_app(scope, receive, send_noting_answer)
        except asyncio.CancelledError:
            # uvicorn cancels what still runs once the graceful-shutdown bound has passed;
            # the client gets a coded 503 (not uvicorn's 500), the log one line.
            self.logger.warning("request cancelled by shutdown: %s", scope.get("path"))
            if answered:
                self.transport.close()
            else:
                await send_unavailable(send, "SHUTTING_DOWN", "the gateway is shutting down")

    def _overloaded(self) -> bool:
        """uvicorn's rule (connections or running requests at the limit), counted once this
        request's own task has started."""
        limit = self.max_concurrency
        return limit is not None and (len(self.connections) > limit or len(self.tasks) > limit)


def closing(start: ASGISendEvent) -> ASGISendEvent:
    """The response's start with `Connection: close`: uvicorn (either parser) then closes
    the connection once the response is out."""
    event: dict[str, Any] = dict(start)
    given: list[tuple[bytes, bytes]] = list(event.get("headers", ()))
    headers = [(name, value) for name, value in given if name.lower() != b"connection"]
    event["headers"] = [*headers, (b"connection", b"close")]
    return cast(ASGISendEvent, event)


class GatewayHTTPProtocol(EdgeGuards, H11Protocol):
    """One client connection, parsed by h11. h11 bounds the request head itself
    (`h11_max_incomplete_event_size`), but only a head still incomplete after a read."""

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE:
            if self.read_deadline is None:
                self._arm_read_deadline()  # the next request on a kept-alive connection
            if self._head_too_large(data):
                self._refuse(*TOO_LARGE)
                return
        super().data_received(data)
        if self.conn.their_state not in STILL_READING:
            self._disarm_read_deadline()

    def handle_websocket_upgrade(self, event: h11.Request) -> None:
        self._disarm_read_deadline()  # the WebSocket protocol has its own pings
        super().handle_websocket_upgrade(event)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._bound_closing()

    def send_400_response(self, msg: str) -> None:
        """h11 refused the request head; a head over the cap is a 431."""
        cap = self.config.h11_max_incomplete_event_size
        if cap is not None and len(self.conn.trailing_data[0]) > cap:
            self._refuse(*TOO_LARGE)
        else:
            self._refuse(*MALFORMED)

    def _head_too_large(self, data: bytes) -> bool:
        """h11 bounds only a head still incomplete after a read; one that arrives whole in a
        single read (up to 256 KiB) would pass. This bounds it either way."""
        cap = self.config.h11_max_incomplete_event_size
        if cap is None:
            return False
        received = self.conn.trailing_data[0] + data
        return len(received) > cap and received.find(b"\r\n\r\n", 0, cap) == -1

    def _request_unanswered(self) -> bool:
        begun = self.conn.their_state is not h11.IDLE or bool(self.conn.trailing_data[0])
        return begun and self.conn.our_state in NOT_ANSWERED

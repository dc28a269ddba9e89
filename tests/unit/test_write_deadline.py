"""The write deadline, on the real httptools protocol over a transport whose unsent bytes
the test sets: a paused transport must resume within `write_timeout_s`, and a connection
that closes with bytes unsent must be rid of them within it, or it is aborted. The
end-to-end side (a real client that stops reading, one that reads with pauses) is in
tests/e2e/test_http_protocols.py; this is the part a real socket cannot reach on cue: a
close while the bytes left are under the high-water mark."""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.config import Config
from uvicorn.server import ServerState

from gateway.http_protocol_httptools import GatewayHttpToolsProtocol
from tests.support.transports import RecordingTransport

TIMEOUT_S = 0.05
HEALTHZ = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"


class BufferingTransport(RecordingTransport):
    """Keeps `unsent` bytes the client has not taken; records an abort."""

    def __init__(self) -> None:
        super().__init__()
        self.unsent = 0
        self.aborted = False

    def get_write_buffer_size(self) -> int:
        return self.unsent

    def abort(self) -> None:
        self.closed = self.aborted = True


async def ok(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


def _connection(keep_alive_s: float = 5.0) -> tuple[GatewayHttpToolsProtocol, BufferingTransport]:
    config = Config(ok, lifespan="off", proxy_headers=False, timeout_keep_alive=keep_alive_s)
    config.load()
    protocol = GatewayHttpToolsProtocol(
        config, ServerState(), {}, read_timeout_s=5.0, write_timeout_s=TIMEOUT_S,
        max_header_bytes=16 * 1024,
    )  # fmt: skip
    transport = BufferingTransport()
    protocol.connection_made(transport)
    return protocol, transport


async def _past_the_deadline() -> None:
    await asyncio.sleep(TIMEOUT_S * 3)


async def test_a_paused_transport_that_never_resumes_is_aborted() -> None:
    protocol, transport = _connection()
    transport.unsent = 100_000
    protocol.pause_writing()
    await _past_the_deadline()
    assert transport.aborted


async def test_a_transport_that_resumes_in_time_is_kept() -> None:
    protocol, transport = _connection()
    transport.unsent = 100_000
    protocol.pause_writing()
    await asyncio.sleep(TIMEOUT_S / 2)
    transport.unsent = 10_000
    protocol.resume_writing()
    await _past_the_deadline()
    assert not transport.aborted
    assert not transport.closed


async def test_a_closing_connection_that_resumes_keeps_its_deadline() -> None:
    """Resuming says the client reads; it does not make an endless flush acceptable."""
    protocol, transport = _connection()
    transport.unsent = 100_000
    protocol.pause_writing()
    transport.close()
    protocol.resume_writing()
    transport.unsent = 10_000
    await _past_the_deadline()
    assert transport.aborted


async def test_a_kept_alive_connection_closed_with_bytes_unsent_is_aborted() -> None:
    """Under the high-water mark, so the transport never paused: only the close waits."""
    protocol, transport = _connection(keep_alive_s=0.01)
    protocol.data_received(HEALTHZ)
    transport.unsent = 1_000  # of the answer, which the client does not take
    await asyncio.sleep(0.03)  # answered; then the keep-alive timeout closes the connection
    assert transport.closed
    assert not transport.aborted
    await _past_the_deadline()
    assert transport.aborted


async def test_a_close_with_nothing_unsent_arms_no_deadline() -> None:
    protocol, transport = _connection(keep_alive_s=0.01)
    protocol.data_received(HEALTHZ)
    await asyncio.sleep(0.05)
    assert transport.closed
    assert protocol.write_deadline is None


async def test_a_deadline_is_disarmed_when_the_connection_is_lost() -> None:
    protocol, transport = _connection()
    transport.unsent = 100_000
    protocol.pause_writing()
    protocol.connection_lost(None)
    assert protocol.write_deadline is None

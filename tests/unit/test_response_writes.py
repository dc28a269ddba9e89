"""A response's head and body reach the connection in one write; a head whose body is late
or absent still goes out, in order, and `100 Continue` is never held. The real httptools
protocol is driven over a transport that records its writes."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from uvicorn.config import Config
from uvicorn.server import ServerState

from gateway.http_protocol_httptools import GatewayHttpToolsProtocol
from gateway.response_writes import JOIN_LIMIT, CoalescedResponseWrites
from tests.support.transports import RecordingTransport

BODY = b'{"data":{"__typename":"Query"}}'


async def answer(scope: Any, receive: Any, send: Any) -> None:
    """Reads the body (so that `Expect: 100-continue` is honoured), then answers."""
    if scope["type"] != "http":
        return
    await receive()
    if scope["path"] == "/late":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await asyncio.sleep(0.05)  # a stream: its first piece comes later
        await send({"type": "http.response.body", "body": b"late", "more_body": False})
        return
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(BODY))]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": BODY})  # HEAD: uvicorn drops it


def _connection() -> tuple[GatewayHttpToolsProtocol, RecordingTransport]:
    config = Config(answer, lifespan="off", proxy_headers=False)
    config.load()
    protocol = GatewayHttpToolsProtocol(
        config,
        ServerState(),
        {},
        read_timeout_s=5.0,
        write_timeout_s=30.0,
        max_header_bytes=16 * 1024,
    )
    transport = RecordingTransport()
    protocol.connection_made(transport)
    return protocol, transport


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


def _post(path: str = "/graphql", expect: bool = False) -> bytes:
    head = f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
    return (head + ("Expect: 100-continue\r\n" if expect else "") + "\r\n").encode()


async def test_head_and_body_leave_in_one_write() -> None:
    protocol, transport = _connection()
    protocol.data_received(_post() + b"{}")
    await _settle()
    assert len(transport.writes) == 1, transport.writes
    assert transport.writes[0].startswith(b"HTTP/1.1 200 OK\r\n")
    assert transport.writes[0].endswith(b"\r\n\r\n" + BODY)


async def test_pipelined_answers_stay_whole_and_in_order() -> None:
    protocol, transport = _connection()
    protocol.data_received((_post() + b"{}") * 3)
    for _ in range(4):
        await _settle()
    assert len(transport.writes) == 3
    assert all(w.startswith(b"HTTP/1.1 200") and w.endswith(BODY) for w in transport.writes)


async def test_a_head_whose_body_is_late_goes_out_within_the_loop_iteration() -> None:
    protocol, transport = _connection()
    protocol.data_received(_post("/late") + b"{}")
    await _settle()
    assert len(transport.writes) == 1, "the head, before the body is ready"
    assert transport.writes[0].startswith(b"HTTP/1.1 200 OK\r\n")
    await asyncio.sleep(0.1)
    assert b"late" in b"".join(transport.writes[1:])


async def test_a_head_request_gets_its_head_before_the_next_answer() -> None:
    protocol, transport = _connection()
    head = b"HEAD /graphql HTTP/1.1\r\nHost: x\r\n\r\n"
    protocol.data_received(head + _post() + b"{}")
    for _ in range(4):
        await _settle()
    assert len(transport.writes) == 2
    assert transport.writes[0].startswith(b"HTTP/1.1 200")
    assert BODY not in transport.writes[0]
    assert transport.writes[1].endswith(BODY)


async def test_100_continue_is_written_at_once() -> None:
    protocol, transport = _connection()
    protocol.data_received(_post(expect=True))
    await _settle()
    assert transport.writes == [b"HTTP/1.1 100 Continue\r\n\r\n"], "the client waits for it"
    protocol.data_received(b"{}")
    await _settle()
    assert len(transport.writes) == 2
    assert transport.writes[1].startswith(b"HTTP/1.1 200")
    assert transport.writes[1].endswith(BODY)


@pytest.mark.parametrize("size", [10, 200 * 1024])
async def test_bodies_of_any_size_arrive_whole(size: int) -> None:
    transport, calls = RecordingTransport(), []
    writes = CoalescedResponseWrites(transport, asyncio.get_running_loop(), lambda: calls.append(1))
    writes.write(b"HEAD\r\n\r\n")
    writes.write(b"x" * size)
    writes.response_complete()
    assert b"".join(transport.writes) == b"HEAD\r\n\r\n" + b"x" * size
    assert len(transport.writes) == (1 if size <= JOIN_LIMIT else 2)
    assert calls == [1], "the protocol's own completion callback still runs"

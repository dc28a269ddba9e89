"""The two HTTP/1.1 protocols the gateway can run on give the same edge guarantees: the
httptools one (served wherever httptools is installed) and the h11 fallback. Over raw
sockets, where the point is what the client puts on the wire; the cases are those where
httptools, which bounds nothing by itself, could differ from h11."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import importlib.util
import socket
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

import gateway
import tests.support.server
from gateway.config import GatewayConfig, embedded_default
from gateway.config_sections import EdgeLimits
from gateway.http_protocol import GatewayHTTPProtocol
from gateway.http_protocol_httptools import GatewayHttpToolsProtocol
from gateway.server import uvicorn_options
from tests.conftest import instrumented_config
from tests.support.raw_http import code, connect, post_head, status_and_body, until_closed
from tests.support.server import GraphQLClient, running_gateway

CAP = 16 * 1024
PIECE = 1024  # a trickling client's read
QUERY = b'{"query": "{ __typename }"}'
HEALTHZ = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
CLOSE_MARGIN_S = 2.0  # scheduling slack on two shared cores


@contextlib.contextmanager
def _without_httptools() -> Iterator[None]:
    real = importlib.util.find_spec

    def no_httptools(name: str, *args: Any) -> Any:
        return None if name == "httptools" else real(name, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(importlib.util, "find_spec", no_httptools)
        yield


@pytest.fixture(params=["httptools", "h11"])
def protocol(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The gateway of each test runs on this protocol, chosen as `gateway.server` does."""
    name: str = request.param
    if name == "h11":

        def h11_options(config: GatewayConfig) -> dict[str, Any]:
            with _without_httptools():
                return uvicorn_options(config)

        monkeypatch.setattr(tests.support.server, "uvicorn_options", h11_options)
    return name


@contextlib.asynccontextmanager
async def _gateway(sample_dir: Path, **edge: float) -> AsyncIterator[int]:
    config = replace(instrumented_config(sample_dir), edge=EdgeLimits(**edge))
    async with running_gateway(config) as client:
        yield _port(client)


def _port(client: GraphQLClient) -> int:
    port = urlsplit(client.base_url).port
    assert port is not None
    return port


@contextlib.asynccontextmanager
async def _connection(
    port: int,
) -> AsyncIterator[tuple[asyncio.StreamReader, asyncio.StreamWriter]]:
    reader, writer = await connect(port)
    try:
        yield reader, writer
    finally:
        writer.close()  # also when the test fails, or the next one fails on its warning
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


async def _exchange(port: int, request: bytes) -> bytes:
    """Write `request` in one go; everything the server sends until it closes."""
    async with _connection(port) as (reader, writer):
        writer.write(request)
        return await until_closed(reader, 5)


def _refusal(received: bytes) -> tuple[int, object]:
    status, body = status_and_body(received)
    return status, code(body)


def test_the_server_runs_httptools_where_installed_else_h11() -> None:
    assert uvicorn_options(embedded_default())["http"].func is GatewayHttpToolsProtocol
    with _without_httptools():
        assert uvicorn_options(embedded_default())["http"].func is GatewayHTTPProtocol


# Request heads


async def test_a_head_of_many_small_headers_over_the_cap_is_431(
    sample_dir: Path, protocol: str
) -> None:
    """The cap is on bytes: no single header is large, 4,000 of them (≈ 36 KiB) are."""
    headers = b"".join(b"X-%d: v\r\n" % n for n in range(4000))
    async with _gateway(sample_dir, max_header_bytes=CAP) as port:
        received = await _exchange(
            port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n"
        )
    assert _refusal(received) == (431, "REQUEST_HEADER_TOO_LARGE")


async def test_a_whole_head_over_the_cap_in_one_read_is_431(
    sample_dir: Path, protocol: str
) -> None:
    """Complete, with a body behind it: nothing is left incomplete for a parser to bound."""
    head = post_head(f"X-Big: {'a' * (CAP + 100)}\r\nContent-Length: {len(QUERY)}\r\n")
    async with _gateway(sample_dir, max_header_bytes=CAP) as port:
        received = await _exchange(port, head + QUERY)
    assert _refusal(received) == (431, "REQUEST_HEADER_TOO_LARGE")


async def test_a_head_trickled_past_the_cap_is_refused_as_it_crosses_it(
    sample_dir: Path, protocol: str
) -> None:
    """1 KiB a read, never ending: the 431 comes within a read or two of the cap."""
    received, sent = await _trickled(sample_dir, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    assert _refusal(received) == (431, "REQUEST_HEADER_TOO_LARGE")
    assert sent <= CAP + 4 * PIECE


async def _trickled(sample_dir: Path, first: bytes) -> tuple[bytes, int]:
    """`first`, then 1 KiB a read of one header's value until the server answers and
    closes: what it answered, and how many bytes of the value it took first."""
    async with (
        _gateway(sample_dir, max_header_bytes=CAP, read_timeout_s=30.0) as port,
        _connection(port) as (reader, writer),
    ):
        answer = asyncio.create_task(until_closed(reader, 10))
        sent = 0
        with contextlib.suppress(ConnectionError):
            writer.write(first)
            while not answer.done() and sent < 8 * CAP:
                await asyncio.sleep(0.01)
                writer.write(b"a" * PIECE)
                await writer.drain()
                sent += PIECE
        return await answer, sent


async def test_a_head_within_the_cap_is_served(sample_dir: Path, protocol: str) -> None:
    fine = b"".join(b"X-%d: v\r\n" % n for n in range(1000))  # ≈ 9 KiB
    async with _gateway(sample_dir, max_header_bytes=CAP) as port:
        received = await _exchange(
            port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + fine + b"\r\n"
        )
    assert received.startswith(b"HTTP/1.1 200 ")


# Pipelining


async def test_pipelined_requests_in_one_read_are_all_answered_in_order(
    sample_dir: Path, protocol: str
) -> None:
    post = post_head(f"Content-Length: {len(QUERY)}\r\n") + QUERY
    last = b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    async with _gateway(sample_dir, max_header_bytes=CAP) as port:
        received = await _exchange(port, post + HEALTHZ + last)
    assert received.count(b"HTTP/1.1 200 ") == 3
    assert received.index(b'"__typename"') < received.index(b"HTTP/1.1 200 ", 1)


async def test_an_oversized_head_pipelined_behind_a_request_is_431_after_its_answer(
    sample_dir: Path,
) -> None:
    """httptools only: h11 bounds no head that arrives complete behind another."""
    oversized = f"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: {'a' * (CAP + 100)}\r\n\r\n"
    async with _gateway(sample_dir, max_header_bytes=CAP) as port:
        received = await _exchange(port, HEALTHZ + oversized.encode())
    assert received.startswith(b"HTTP/1.1 200 ")
    second = received.index(b"HTTP/1.1 ", 1)
    assert _refusal(received[second:]) == (431, "REQUEST_HEADER_TOO_LARGE")


async def test_an_oversized_head_begun_behind_a_request_and_trickled_is_431(
    sample_dir: Path, protocol: str
) -> None:
    """The second head starts inside the first read and grows over later ones."""
    first = HEALTHZ + b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: "
    received, sent = await _trickled(sample_dir, first)
    assert received.startswith(b"HTTP/1.1 200 ")
    second = received.index(b"HTTP/1.1 ", 1)
    assert _refusal(received[second:]) == (431, "REQUEST_HEADER_TOO_LARGE")
    assert sent <= CAP + 4 * PIECE


# Malformed requests


async def test_a_malformed_request_line_is_400_with_a_code(sample_dir: Path, protocol: str) -> None:
    async with _gateway(sample_dir) as port:
        received = await _exchange(port, b"GET /healthz HTTQ/1.1\r\nHost: x\r\n\r\n")
    assert _refusal(received) == (400, "BAD_REQUEST")


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n",  # no such method
        b"CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n",
    ],
    ids=["invalid-method", "connect"],
)
async def test_what_httptools_cannot_serve_is_400_with_a_code(
    sample_dir: Path, request_bytes: bytes
) -> None:
    async with _gateway(sample_dir) as port:
        received = await _exchange(port, request_bytes)
    assert _refusal(received) == (400, "BAD_REQUEST")


# An upgrade the gateway declines (`curl --http2 http://...` offers h2c on its first request)
H2C = "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAA\r\n"


async def _answer(reader: asyncio.StreamReader) -> tuple[int, dict[str, object], bytes]:
    """One response off a kept-alive connection: status, JSON body, head."""
    async with asyncio.timeout(5):
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        body = await reader.readexactly(length)
    status, payload = status_and_body(head + body)
    return status, payload, head


async def test_a_declined_upgrade_is_served_as_http_1_1_body_and_all(
    sample_dir: Path, protocol: str
) -> None:
    """llhttp stops at an upgrading head; the httptools protocol hands the connection to
    h11, which serves the request, its body, and what follows on the connection."""
    body = b'{"query": "{ __typename }"}'
    upgrading = post_head(f"{H2C}Content-Length: {len(body)}\r\n") + body
    following = post_head(f"Content-Length: {len(body)}\r\n") + body
    async with _gateway(sample_dir) as port, _connection(port) as (reader, writer):
        writer.write(upgrading)
        status, payload, head = await _answer(reader)
        assert (status, payload["data"]) == (200, {"__typename": "Query"}), payload
        assert not head.startswith(b"HTTP/1.1 101"), "no switch: HTTP/1.1 goes on"
        writer.write(following + following)  # pipelined, on the same connection
        for _ in range(2):
            status, payload, _ = await _answer(reader)
            assert (status, payload["data"]) == (200, {"__typename": "Query"}), payload


async def test_a_declined_upgrade_keeps_the_head_cap(sample_dir: Path, protocol: str) -> None:
    big = "X-Filler: " + "a" * (CAP + 100) + "\r\n"
    async with _gateway(sample_dir) as port:
        received = await _exchange(port, post_head(f"{H2C}{big}Content-Length: 2\r\n") + b"{}")
    assert _refusal(received) == (431, "REQUEST_HEADER_TOO_LARGE")


# The read deadline


async def test_a_slow_body_is_408_with_a_code(sample_dir: Path, protocol: str) -> None:
    async with (
        _gateway(sample_dir, read_timeout_s=1.0) as port,
        _connection(port) as (reader, writer),
    ):
        writer.write(post_head("Content-Length: 100\r\n") + b'{"query": ')

        async def trickle() -> None:
            with contextlib.suppress(ConnectionError):
                for _ in range(20):
                    await asyncio.sleep(0.2)
                    writer.write(b" ")
                    await writer.drain()

        sender = asyncio.create_task(trickle())
        try:
            received = await until_closed(reader, 4)
        finally:
            sender.cancel()
    assert _refusal(received) == (408, "REQUEST_TIMEOUT")


async def test_a_second_kept_alive_request_gets_its_own_deadline(
    sample_dir: Path, protocol: str
) -> None:
    """Idle for longer than the read timeout between requests; the second one, begun and
    never finished, is 408 a read timeout after its first byte."""
    async with (
        _gateway(sample_dir, read_timeout_s=1.0, keep_alive_timeout_s=5.0) as port,
        _connection(port) as (reader, writer),
    ):
        writer.write(HEALTHZ)
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
        await reader.readexactly(int(head.split(b"content-length: ")[1].split(b"\r\n")[0]))
        await asyncio.sleep(1.5)
        writer.write(b"GET /healthz HTTP/1.1\r\nHo")
        started = time.monotonic()
        received = await until_closed(reader, 4)
        took = time.monotonic() - started
    assert _refusal(received) == (408, "REQUEST_TIMEOUT")
    assert 0.8 < took < 3.0


# The write deadline

# About 1 MB, served from disk in 64 KiB pieces (GraphiQL's bundle, in development mode).
BIG_ASSET_FILE = "graphiql@3.9.0/graphiql.min.js"
BIG_ASSET = f"GET /graphiql/static/{BIG_ASSET_FILE} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
# Eight of them: more than the kernel takes for a client that does not read (≈ 2.9 MB on
# loopback towards a 4 KiB receive window), so the transport holds the rest and pauses.
PIPELINED_ASSETS = 8
SMALL_WINDOW = 4096
HEALTHZ_AND_CLOSE = b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"


async def _small_window_connection(port: int) -> socket.socket:
    """A raw socket with a small receive window, so little of what the server sends fits
    on the client's side; the test reads it only when it chooses."""
    client = socket.socket()
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SMALL_WINDOW)  # before connecting
    client.setblocking(False)
    loop = asyncio.get_running_loop()
    await loop.sock_connect(client, ("127.0.0.1", port))
    await loop.sock_sendall(client, BIG_ASSET * PIPELINED_ASSETS)
    return client


async def _reset_after(client: socket.socket, bound_s: float) -> float:
    """Seconds until the server resets the connection, never reading from it."""
    started = time.monotonic()
    while time.monotonic() - started < bound_s:
        if client.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == errno.ECONNRESET:
            return time.monotonic() - started
        await asyncio.sleep(0.02)
    raise AssertionError(f"the connection was still open after {bound_s} s")


async def test_a_client_that_stops_reading_is_reset_after_the_write_timeout(
    sample_dir: Path, protocol: str
) -> None:
    """Without the deadline the server holds its unsent megabytes, the waiting response and
    the connection for as long as the client stays connected."""
    edge = {"write_timeout_s": 1.0, "read_timeout_s": 30.0, "keep_alive_timeout_s": 30.0}
    async with _gateway(sample_dir, **edge) as port:
        client = await _small_window_connection(port)
        try:
            took = await _reset_after(client, 1.0 + CLOSE_MARGIN_S)
        finally:
            client.close()
        received = await _exchange(port, HEALTHZ_AND_CLOSE)
    assert 0.9 < took < 1.0 + CLOSE_MARGIN_S
    assert received.startswith(b"HTTP/1.1 200 ")  # the gateway serves on


async def test_a_client_that_reads_with_pauses_under_the_write_timeout_gets_everything(
    sample_dir: Path, protocol: str
) -> None:
    """The deadline bounds each wait for the client, not the whole answer: four pauses of
    0.6 s, 2.4 s in all against a 1 s timeout, and every byte of the eight answers arrives.
    Between pauses the client reads 1.2 MB: on loopback the kernel wakes a paused sender
    once about 1 MB of its queue has left (the writing resumes), not at every read."""
    asset = (Path(gateway.__file__).parent / "static" / "graphiql" / BIG_ASSET_FILE).read_bytes()
    async with _gateway(sample_dir, write_timeout_s=1.0, keep_alive_timeout_s=30.0) as port:
        client = await _small_window_connection(port)
        received = bytearray()
        try:
            async with asyncio.timeout(60):
                for pause in range(4):
                    await asyncio.sleep(0.6)  # the server's transport is paused meanwhile
                    while len(received) < (pause + 1) * 1_200_000:
                        received += await _recv(client)
                while len(_bodies(received)) < PIPELINED_ASSETS:
                    received += await _recv(client)
        finally:
            client.close()
    assert _bodies(received) == [asset] * PIPELINED_ASSETS


async def _recv(client: socket.socket) -> bytes:
    """What has arrived; an error if the server closed the connection (an empty read
    returns at once, and a loop over it would never yield)."""
    data = await asyncio.get_running_loop().sock_recv(client, 65536)
    if not data:
        raise AssertionError("the server closed the connection")
    return data


def _bodies(received: bytes | bytearray) -> list[bytes]:
    """The bodies of the complete answers at the start of `received`."""
    bodies, at = [], 0
    while (head_end := received.find(b"\r\n\r\n", at)) != -1:
        length = int(received[at:head_end].lower().split(b"content-length: ")[1].split(b"\r\n")[0])
        if len(received) < head_end + 4 + length:
            break
        bodies.append(bytes(received[head_end + 4 : head_end + 4 + length]))
        at = head_end + 4 + length
    return bodies


# Connection reuse


async def test_a_connection_is_closed_after_its_last_allowed_request(
    sample_dir: Path, protocol: str
) -> None:
    """So that long-lived connections reconnect, to whichever worker accepts first,
    instead of staying piled on one worker while another idles."""
    async with _gateway(sample_dir, max_requests_per_connection=3) as port:
        received = await _exchange(port, HEALTHZ * 4)
    answers = received.split(b"HTTP/1.1 ")[1:]
    assert [a.split(b" ", 1)[0] for a in answers] == [b"200"] * 3  # the 4th is not read
    heads = [a.split(b"\r\n\r\n", 1)[0].lower() for a in answers]
    assert [b"connection: close" in head for head in heads] == [False, False, True]

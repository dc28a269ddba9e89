"""A raw HTTP/1.1 client over asyncio streams, for tests about what a client does on the
wire (half a request head, a body that never ends) that an HTTP library will not do."""

from __future__ import annotations

import asyncio
import contextlib
import json

CHUNK = b" " * (256 * 1024)  # JSON whitespace: a body that is never a valid document


async def connect(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection("127.0.0.1", port)


async def until_closed(reader: asyncio.StreamReader, bound_s: float) -> bytes:
    """Everything the server sends until it closes the connection (EOF or reset)."""
    received = b""
    async with asyncio.timeout(bound_s):
        with contextlib.suppress(ConnectionResetError):
            while chunk := await reader.read(65536):
                received += chunk
    return received


def status_and_body(raw: bytes) -> tuple[int, dict[str, object]]:
    head, _, body = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, json.loads(body) if body else {}


def code(body: dict[str, object]) -> object:
    errors = body["errors"]
    assert isinstance(errors, list)
    return errors[0]["extensions"]["code"]


def post_head(extra: str = "") -> bytes:
    return (
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"{extra}\r\n"
    ).encode()


async def push_chunked(port: int, total: int) -> tuple[int, bytes]:
    """Send `total` bytes of chunked body, generated as it goes, whatever the server says
    meanwhile; then the server's whole answer. Returns (bytes sent, answer)."""
    reader, writer = await connect(port)
    answer = asyncio.create_task(until_closed(reader, 120))
    writer.write(post_head("Transfer-Encoding: chunked\r\n"))
    chunk = b"%x\r\n%s\r\n" % (len(CHUNK), CHUNK)
    sent = 0
    with contextlib.suppress(ConnectionError):
        while sent < total:
            writer.write(chunk)
            await writer.drain()
            sent += len(CHUNK)
        writer.write(b"0\r\n\r\n")
        await writer.drain()
        writer.write_eof()  # nothing more: the server closes after its read deadline at worst
    # The 413 arrives long before the upload ends; the reader keeps it.
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(0.5):
            await asyncio.shield(answer)
    writer.close()
    return sent, await answer

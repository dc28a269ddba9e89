"""A request body read as it streams in, refused past a cap: memory holds at most `cap`
bytes whatever the client sends, chunked or not (`request.body()` would read it all)."""

from __future__ import annotations

import contextlib

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from gateway.refusals import BadRequest, error_response


class BodyRefused(BadRequest):
    """413 over the cap, 400 when the body never arrived."""

    @property
    def response(self) -> Response:
        return error_response(self.code, self.message, self.status)


async def read_capped(request: Request, cap: int) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > cap:
        raise _too_large(cap)  # refused before reading a byte of it
    body = bytearray()
    try:
        async with contextlib.aclosing(request.stream()) as chunks:
            async for chunk in chunks:
                body += chunk
                if len(body) > cap:
                    raise _too_large(cap)
    except ClientDisconnect as exc:  # gone, or cut off by the server's read timeout
        raise BodyRefused("CLIENT_DISCONNECTED", "the request body did not arrive") from exc
    return bytes(body)


def _too_large(cap: int) -> BodyRefused:
    return BodyRefused("PAYLOAD_TOO_LARGE", f"body larger than {cap} bytes", 413)

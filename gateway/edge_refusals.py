"""What the HTTP protocol answers by itself, outside the app: coded JSON in the shape of
every other refusal (`gateway.graphql_http.error_response`), always closing the connection.

Only light imports here and in the protocol modules (`gateway.http_protocol`,
`gateway.http_protocol_httptools`): uvicorn's worker processes import them while unpickling
their options, before they answer the supervisor's health check; a heavy import there
(strawberry) made workers miss it and be restarted."""

from __future__ import annotations

from http import HTTPStatus

import orjson
from uvicorn._types import ASGISendCallable

RETRY_AFTER_S = b"1"


def wire_refusal(status: int, code: str, message: str) -> bytes:
    """A whole HTTP/1.1 response, for when there is no request cycle to answer through."""
    body = _body(code, message)
    head = b"".join(name + b": " + value + b"\r\n" for name, value in _headers(body))
    status_line = f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n".encode()
    return status_line + head + b"\r\n" + body


async def send_unavailable(send: ASGISendCallable, code: str, message: str) -> None:
    """503 with Retry-After, through ASGI: the client may come back in a moment."""
    body = _body(code, message)
    headers = [*_headers(body), (b"retry-after", RETRY_AFTER_S)]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


def _body(code: str, message: str) -> bytes:
    return orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})


def _headers(body: bytes) -> list[tuple[bytes, bytes]]:
    return [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]

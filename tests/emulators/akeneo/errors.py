"""Akeneo's error bodies: `{"code": <status>, "message": "..."}`, sometimes with a link to
the documentation. The messages are Akeneo's own where its end-to-end tests show them."""

from __future__ import annotations

from typing import Any

import orjson
from aiohttp import web

DOCS = "http://api.akeneo.com/documentation"


class ApiError(Exception):
    def __init__(self, status: int, message: str, doc: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.doc = doc

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.status, "message": self.message}
        if self.doc is not None:
            body["_links"] = {"documentation": {"href": f"{DOCS}/{self.doc}"}}
        return body


def unprocessable(message: str, doc: str | None = None) -> ApiError:
    return ApiError(422, message, doc)


def json_response(body: object, status: int = 200) -> web.Response:
    return web.Response(body=orjson.dumps(body), status=status, content_type="application/json")

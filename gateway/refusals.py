"""The shape of every refusal the app answers itself: a JSON body with a coded error."""

from __future__ import annotations

import orjson
from starlette.responses import Response

JSON = "application/json"


class BadRequest(Exception):
    def __init__(
        self, code: str, message: str, status: int = 400, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.headers = headers


def error_response(
    code: str, message: str, status: int, headers: dict[str, str] | None = None
) -> Response:
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return Response(orjson.dumps(body), status_code=status, media_type=JSON, headers=headers)

"""The HTTP layer under the commercetools client: the project's UpstreamClient with the
two things commercetools needs on top.

- 400 and 409 come back as answers carrying commercetools' error body
  (`{statusCode, message, errors: [{code, ...}]}`), for the caller to act on: a wrong
  password, a code that does not exist, a version that moved (ConcurrentModification);
  a 401 raises TokenRefused (the token, not the configuration, may be at fault).
- Form-encoded bodies, which the OAuth endpoints take (UpstreamClient sends JSON only).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp
import orjson

from connectors.errors import (
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from connectors.http import UpstreamClient, UpstreamResponse

PASSED_THROUGH = (400, 409)


class TokenRefused(UpstreamAuthError):
    """A 401: the bearer token was refused (expired or revoked), or the client was."""


@dataclass(frozen=True, slots=True)
class Form:
    """A form-encoded request body: OAuth endpoints take no JSON."""

    fields: Mapping[str, str]


class CommercetoolsHttp(UpstreamClient):
    async def _once(
        self,
        method: str,
        path: str,
        params: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
        json: Any,
    ) -> UpstreamResponse:
        if not isinstance(json, Form):
            return await super()._once(method, path, params, headers, json)
        # UpstreamClient sends JSON only; a form goes the same way, with the same mapping.
        send = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        try:
            async with self._session.request(
                method,
                self._base_url + path,
                params=params,
                headers=send,
                data=urlencode(dict(json.fields)),
                timeout=self._timeout,
            ) as response:
                return self._interpret(response, await response.read())
        except TimeoutError as exc:
            raise UpstreamTimeout(self.connector, f"{method} {path}") from exc
        except aiohttp.ClientError as exc:
            raise UpstreamUnavailable(self.connector, f"{method} {path}: {exc}") from exc

    def _interpret(self, response: aiohttp.ClientResponse, raw: bytes) -> UpstreamResponse:
        status = response.status
        where = f"{response.method} {response.url.path} -> {status}"
        if status == 401:
            raise TokenRefused(self.connector, where)
        if status in PASSED_THROUGH:
            try:
                return UpstreamResponse(status, orjson.loads(raw) if raw else None)
            except orjson.JSONDecodeError as exc:
                raise UpstreamBadResponse(self.connector, f"{where}: malformed JSON") from exc
        return super()._interpret(response, raw)


def error_codes(body: Any) -> list[str]:
    """The `errors[].code` of a commercetools error body."""
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list):
        return []
    return [str(e.get("code")) for e in errors if isinstance(e, dict)]

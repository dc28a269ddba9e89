"""OAuth as Akeneo does it: `POST /api/oauth/v1/token` with the client id and secret as HTTP
Basic and a `password` or `refresh_token` grant in a JSON or form body; bearer tokens that
expire (`expires_in`, 3600 s by default); refresh tokens used once. Failures answer 422
with Akeneo's messages; a bad bearer token answers 401."""

from __future__ import annotations

import base64
import binascii
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
from aiohttp import web

from tests.emulators.akeneo.errors import ApiError, json_response, unprocessable

_BAD_CLIENT = 'Parameter "client_id" is missing or does not match any client, or secret is invalid'
_BAD_PASSWORD_GRANT = (
    'Parameter "grant_type", "username" or "password" is missing, empty or invalid'
)
_BODY_TYPES = ("application/json", "application/x-www-form-urlencoded")


@dataclass
class TokenStore:
    client_id: str
    secret: str
    username: str
    password: str
    lifetime_s: int = 3600
    clock: Callable[[], float] = time.monotonic
    grants: list[str] = field(default_factory=list)  # grant types served, in order
    _access: dict[str, float] = field(default_factory=dict)
    _refresh: set[str] = field(default_factory=set)
    _serial: itertools.count[int] = field(default_factory=itertools.count)

    def expire_all(self) -> None:
        """Every access token issued so far expires now (refresh tokens stay valid)."""
        self._access = dict.fromkeys(self._access, self.clock() - 1)

    def revoke_refresh_tokens(self) -> None:
        self._refresh.clear()

    def authorise(self, header: str | None) -> None:
        if not header or not header.startswith("Bearer "):
            raise ApiError(401, "Authentication is required")
        expires_at = self._access.get(header.removeprefix("Bearer "))
        if expires_at is None:
            raise ApiError(401, "The access token provided is invalid.")
        if expires_at <= self.clock():
            raise ApiError(401, "The access token provided has expired.")

    def grant(self, header: str | None, body: dict[str, Any]) -> dict[str, Any]:
        if _basic(header) != (self.client_id, self.secret):
            raise unprocessable(_BAD_CLIENT)
        kind = body.get("grant_type")
        if kind == "refresh_token":
            if not body.get("refresh_token"):
                raise unprocessable('Parameter "grant_type" or "refresh_token" is missing or empty')
            if body["refresh_token"] not in self._refresh:
                raise unprocessable("Refresh token is invalid or has expired")
            self._refresh.discard(body["refresh_token"])
        elif kind != "password" or not body.get("username") or not body.get("password"):
            raise unprocessable(_BAD_PASSWORD_GRANT)
        elif (body["username"], body["password"]) != (self.username, self.password):
            raise unprocessable("No user found for the given username and password")
        self.grants.append(kind)
        return self._issue()

    def _issue(self) -> dict[str, Any]:
        serial = next(self._serial)
        access, refresh = f"access-{serial:04d}-{self.secret[:4]}", f"refresh-{serial:04d}"
        self._access[access] = self.clock() + self.lifetime_s
        self._refresh.add(refresh)
        return {
            "access_token": access,
            "expires_in": self.lifetime_s,
            "token_type": "bearer",
            "scope": None,
            "refresh_token": refresh,
        }


def _basic(header: str | None) -> tuple[str, str] | None:
    if not header or not header.startswith("Basic "):
        return None
    try:
        decoded = base64.b64decode(header.removeprefix("Basic "), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, _, secret = decoded.partition(":")
    return client_id, secret


async def token_endpoint(request: web.Request, store: TokenStore) -> web.Response:
    if request.content_type not in _BODY_TYPES:
        raise ApiError(
            415,
            f'"{request.content_type}" in "Content-Type" header is not valid. '
            'Only "application/json" or "application/x-www-form-urlencoded" are allowed.',
        )
    raw = await request.read()
    try:
        body = (
            orjson.loads(raw)
            if request.content_type == _BODY_TYPES[0]
            else dict(await request.post())
        )
    except orjson.JSONDecodeError:
        raise ApiError(400, "Invalid json message received") from None
    if not isinstance(body, dict):
        raise unprocessable(_BAD_PASSWORD_GRANT)
    return json_response(store.grant(request.headers.get("Authorization"), body))

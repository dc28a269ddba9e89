"""Bearer tokens for one Akeneo API connection (OAuth password grant, then refresh grants).

A token is renewed shortly before Akeneo says it expires, and at once when the PIM refuses
it (`discard`). Renewals are serialised by a lock, so however many requests find the token
stale at the same moment, one grant is asked for: Akeneo's refresh tokens are single-use,
and a second concurrent refresh would be refused.
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import Callable
from typing import Any

import orjson

from connectors.akeneo.settings import AkeneoSettings
from connectors.errors import UpstreamAuthError, UpstreamBadResponse
from connectors.http import UpstreamClient

TOKEN_PATH = "/api/oauth/v1/token"


class TokenSource:
    def __init__(
        self,
        http: UpstreamClient,
        settings: AkeneoSettings,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._http = http
        self._settings = settings
        self._clock = clock
        secret = f"{settings.client_id}:{settings.client_secret}".encode()
        self._basic = "Basic " + base64.b64encode(secret).decode()
        self._lock = asyncio.Lock()
        self._access: str | None = None
        self._refresh: str | None = None
        self._renew_at = 0.0

    async def bearer(self) -> str:
        access = self._access
        if access is not None and self._clock() < self._renew_at:
            return access
        async with self._lock:
            # Another task may have renewed the token while this one waited for the lock.
            if self._access is None or self._clock() >= self._renew_at:
                await self._renew()
            assert self._access is not None
            return self._access

    def discard(self, token: str) -> None:
        """The PIM refused `token`: the next `bearer()` renews it, unless already done."""
        if token == self._access:
            self._renew_at = 0.0

    async def _renew(self) -> None:
        if self._refresh is not None:
            refresh, self._refresh = self._refresh, None
            try:
                grant = {"grant_type": "refresh_token", "refresh_token": refresh}
                return self._keep(await self._grant(grant))
            except UpstreamAuthError:
                pass  # refresh token expired or revoked: the password grant still works
        settings = self._settings
        grant = {"grant_type": "password", "username": settings.username}
        self._keep(await self._grant(grant | {"password": settings.password}))

    async def _grant(self, body: dict[str, str]) -> dict[str, Any]:
        connector = self._http.connector
        headers = {"Authorization": self._basic}
        try:
            response = await self._http.request("POST", TOKEN_PATH, headers=headers, json=body)
        except UpstreamBadResponse as exc:
            if isinstance(exc.__cause__, orjson.JSONDecodeError):
                raise
            # Akeneo answers 422 to a wrong client, secret, user or password.
            raise UpstreamAuthError(connector, f"{body['grant_type']} grant refused") from exc
        token = response.body
        if response.status == 404:
            raise UpstreamAuthError(connector, f"no token endpoint at {TOKEN_PATH}: base_url?")
        if not (
            isinstance(token, dict)
            and isinstance(token.get("access_token"), str)
            and isinstance(token.get("expires_in"), int | float)
        ):
            raise UpstreamBadResponse(connector, "token response without access_token")
        return token

    def _keep(self, token: dict[str, Any]) -> None:
        lifetime = float(token["expires_in"])
        margin = min(self._settings.refresh_margin_s, lifetime / 2)
        self._access = token["access_token"]
        refresh = token.get("refresh_token")
        self._refresh = refresh if isinstance(refresh, str) else None
        self._renew_at = self._clock() + lifetime - margin

"""Bearer tokens for one commercetools API client (OAuth 2.0 client-credentials flow).

`POST {auth_url}/oauth/token`, form body `grant_type=client_credentials&scope=...`, with
the client id and secret as HTTP Basic credentials. A token is kept until shortly before
commercetools says it expires, and dropped at once when the API refuses it (`discard`). Renewals are
serialised by a lock: however many requests find the token stale at the same moment, one
grant is asked for.
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import Callable
from typing import Any

from connectors.commercetools.settings import CommercetoolsSettings
from connectors.commercetools.transport import Form
from connectors.errors import UpstreamAuthError, UpstreamBadResponse
from connectors.http import UpstreamClient

TOKEN_PATH = "/oauth/token"


class TokenSource:
    def __init__(
        self,
        http: UpstreamClient,
        settings: CommercetoolsSettings,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._http = http
        self._settings = settings
        self._clock = clock
        secret = f"{settings.client_id}:{settings.client_secret}".encode()
        self.basic = "Basic " + base64.b64encode(secret).decode()
        self._lock = asyncio.Lock()
        self._access: str | None = None
        self._renew_at = 0.0
        self.grants = 0  # tokens asked for so far (tests and logs)

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
        """The API refused `token`: the next `bearer()` asks for a new one, unless done."""
        if token == self._access:
            self._renew_at = 0.0

    async def _renew(self) -> None:
        connector = self._http.connector
        form = Form({"grant_type": "client_credentials", "scope": self._settings.scope})
        self.grants += 1
        try:
            response = await self._http.request(
                "POST", TOKEN_PATH, headers={"Authorization": self.basic}, json=form
            )
        except UpstreamAuthError as exc:
            raise UpstreamAuthError(connector, "client credentials refused") from exc
        token = response.body
        if response.status == 404:
            raise UpstreamAuthError(connector, f"no token endpoint at {TOKEN_PATH}: auth_url?")
        if response.status == 400:
            # invalid_scope, unsupported_grant_type: the configuration asks for the wrong thing.
            raise UpstreamAuthError(connector, "client-credentials grant refused (400)")
        if not _is_token(token):
            raise UpstreamBadResponse(connector, "token response without access_token")
        lifetime = float(token["expires_in"])
        margin = min(self._settings.refresh_margin_s, lifetime / 2)
        self._access = token["access_token"]
        self._renew_at = self._clock() + lifetime - margin


def _is_token(token: Any) -> bool:
    return (
        isinstance(token, dict)
        and isinstance(token.get("access_token"), str)
        and bool(token["access_token"])
        and isinstance(token.get("expires_in"), int | float)
    )

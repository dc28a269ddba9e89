"""Bearer tokens shared by connectors whose upstream speaks OAuth 2.0.

A `TokenCache` holds one access token, asks for a new one (through the connector's own
`fetch_token`, which knows the grant) shortly before the upstream says it expires, and at
once when the upstream refuses it (`discard`). Renewals are serialised by a lock, so however
many requests find the token stale at the same moment, one grant is asked for: some
upstreams (Akeneo) make refresh tokens single-use, and a second concurrent refresh would be
refused.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from connectors.errors import UpstreamAuthError, UpstreamBadResponse, UpstreamTokenRefused

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Token:
    access: str
    expires_in: float  # seconds, as the upstream said


def read_token(connector: str, body: Any) -> Token:
    """The token of a token endpoint's answer (`access_token`, `expires_in`)."""
    if not (
        isinstance(body, dict)
        and isinstance(body.get("access_token"), str)
        and body["access_token"]
        and isinstance(body.get("expires_in"), int | float)
    ):
        raise UpstreamBadResponse(connector, "token response without access_token")
    return Token(body["access_token"], float(body["expires_in"]))


class TokenCache:
    def __init__(
        self,
        fetch_token: Callable[[], Awaitable[Token]],
        margin_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetch_token = fetch_token
        self._margin_s = margin_s
        self._clock = clock
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
        """The upstream refused `token`: the next `bearer()` renews it, unless already done."""
        if token == self._access:
            self._renew_at = 0.0

    async def authorised(self, call: Callable[[str], Awaitable[T]]) -> T:
        """`call(bearer)`; a 401 renews the token and calls once more. Refused again, the
        configuration is at fault (UpstreamAuthError)."""
        token = await self.bearer()
        try:
            return await call(token)
        except UpstreamTokenRefused:
            # Expired or revoked on the upstream's side before our clock said so.
            self.discard(token)
        try:
            return await call(await self.bearer())
        except UpstreamTokenRefused as exc:
            raise UpstreamAuthError(exc.connector, f"token refused twice: {exc.detail}") from exc

    async def _renew(self) -> None:
        self.grants += 1
        token = await self._fetch_token()
        # A short-lived token is renewed halfway through its life, not after it.
        margin = min(self._margin_s, token.expires_in / 2)
        self._access = token.access
        self._renew_at = self._clock() + token.expires_in - margin

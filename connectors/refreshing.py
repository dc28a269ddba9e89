"""Reference data a connector reads whole and keeps: read at first use and again once older
than its TTL, never per batch. One re-read at a time; if a re-read fails, the copy already
held keeps serving and the next try comes after a short pause. With nothing held yet, the
failure is the caller's."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from connectors.errors import ConnectorError

log = logging.getLogger(__name__)
T = TypeVar("T")
RETRY_STALE_S = 30.0


class Refreshing(Generic[T]):
    def __init__(
        self,
        read: Callable[[], Awaitable[T]],
        ttl_s: float,
        *,
        what: str,  # for the log: "<connector>: keeping the <what> read earlier"
        connector: str,
        clock: Callable[[], float] = time.monotonic,
        retry_stale_s: float = RETRY_STALE_S,
    ) -> None:
        self._read = read
        self._ttl_s = ttl_s
        self._what = what
        self._connector = connector
        self._clock = clock
        self._retry_stale_s = retry_stale_s
        self._lock = asyncio.Lock()
        self._held: T | None = None
        self._expires_at = 0.0

    async def get(self) -> T:
        held = self._held
        if held is not None and self._clock() < self._expires_at:
            return held
        async with self._lock:
            # Another task may have re-read while this one waited for the lock.
            if self._held is None or self._clock() >= self._expires_at:
                await self._reload()
            assert self._held is not None
            return self._held

    def invalidate(self) -> None:
        """The next `get()` reads again (what is held serves if that fails)."""
        self._expires_at = 0.0

    async def _reload(self) -> None:
        try:
            self._held = await self._read()
            self._expires_at = self._clock() + self._ttl_s
        except ConnectorError as exc:
            if self._held is None:
                raise
            log.warning("%s: keeping the %s read earlier: %s", self._connector, self._what, exc)
            self._expires_at = self._clock() + self._retry_stale_s

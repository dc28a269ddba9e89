"""A shared TTL cache in front of a connector, with in-flight coalescing.

Per key, not per batch: a listing of 24 products whose 20 prices are cached asks the
upstream for 4. Concurrent requests that miss the same key share one upstream call. The
cache key always carries the commerce context (without the customer's identity for data
that is the same for a whole customer group), so a price cached for one currency, channel
or group is never served to another.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from typing import Any, TypeVar

from cachetools import TTLCache

from connectors.context import CommerceContext

V = TypeVar("V")
# (batch method, commerce context, key): the context is always part of the key.
CacheKey = tuple[str, CommerceContext, Hashable]

# Domains whose answers depend on who the customer is, not only on their group.
PERSONAL_DOMAINS = frozenset({"orders", "loyalty"})
DEFAULT_MAX_ENTRIES = 200_000


class SharedCache:
    """One TTL cache per domain, shared by every request of this process."""

    def __init__(
        self,
        ttls: Mapping[str, float],
        max_entries: int = DEFAULT_MAX_ENTRIES,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self._caches: dict[str, TTLCache[CacheKey, Any]] = {
            domain: TTLCache(maxsize=max_entries, ttl=ttl, timer=timer)
            for domain, ttl in ttls.items()
            if ttl > 0
        }
        self._in_flight: dict[CacheKey, asyncio.Future[Any]] = {}

    def enabled(self, domain: str) -> bool:
        return domain in self._caches

    def clear(self, domain: str) -> None:
        cache = self._caches.get(domain)
        if cache is not None:
            cache.clear()

    async def batch(
        self,
        domain: str,
        method: str,
        keys: Sequence[Hashable],
        ctx: CommerceContext,
        fetch: Callable[[Sequence[Any], CommerceContext], Awaitable[Sequence[V]]],
    ) -> list[V]:
        cache = self._caches.get(domain)
        if cache is None:
            return list(await fetch(keys, ctx))
        scope = ctx if domain in PERSONAL_DOMAINS else ctx.public()
        full_keys: list[CacheKey] = [(method, scope, key) for key in keys]
        found: dict[CacheKey, Any] = {}
        waiting: dict[CacheKey, asyncio.Future[Any]] = {}
        missing: list[CacheKey] = []
        for full_key in dict.fromkeys(full_keys):
            if full_key in cache:
                found[full_key] = cache[full_key]
            elif full_key in self._in_flight:
                waiting[full_key] = self._in_flight[full_key]
            else:
                missing.append(full_key)
        if missing:
            found.update(await self._fetch_missing(cache, missing, ctx, fetch))
        for full_key, future in waiting.items():
            found[full_key] = await asyncio.shield(future)
        return [found[k] for k in full_keys]

    async def _fetch_missing(
        self,
        cache: TTLCache[CacheKey, Any],
        missing: list[CacheKey],
        ctx: CommerceContext,
        fetch: Callable[[Sequence[Any], CommerceContext], Awaitable[Sequence[Any]]],
    ) -> dict[CacheKey, Any]:
        loop = asyncio.get_running_loop()
        futures = {k: loop.create_future() for k in missing}
        self._in_flight.update(futures)
        try:
            results = await fetch([k[2] for k in missing], ctx)
        except BaseException as exc:
            for future in futures.values():
                future.set_exception(exc)
                future.exception()  # retrieved here: waiters re-raise it themselves
            raise
        finally:
            for k in missing:
                self._in_flight.pop(k, None)
        fetched = dict(zip(missing, results, strict=True))
        for k, value in fetched.items():
            cache[k] = value
            futures[k].set_result(value)
        return fetched

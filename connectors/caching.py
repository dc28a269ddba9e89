"""A shared TTL cache in front of a connector, with in-flight coalescing, stale-if-error
and tag purges, optionally backed by a tier that replicas share.

Per key, not per batch: a listing of 24 products whose 20 prices are cached asks the
upstream for 4. Concurrent requests that miss the same key share one upstream call. The
cache key always carries the commerce context (without the customer's identity for data
that is the same for a whole customer group), so a price cached for one currency, channel
or group is never served to another.

An entry past its TTL is kept for a grace window: when the upstream then fails with a
sickness (STALE_SERVABLE: timeout, unavailable, unreadable, circuit open), every key of the
batch that has one is answered from it, and the operation's FreshnessLog says so. Entries
carry tags (connectors/cache_tags.py); `purge(tags)` drops them in this process, in the
shared tier and, through the tier's bus, in every other replica.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from connectors import explain
from connectors.cache_group import CacheGroup
from connectors.cache_store import CacheKey, Entry, Scope, TaggedTTLCache
from connectors.cache_tags import entry_tags
from connectors.cache_tier import SharedTier, TierLink
from connectors.context import CommerceContext
from connectors.observe import observer
from connectors.stale import STALE_SERVABLE, Freshness, current_log

log = logging.getLogger("omnicanal.cache")
V = TypeVar("V")
Fetch = Callable[[Sequence[Any], CommerceContext], Awaitable[Sequence[Any]]]

# Domains whose answers depend on who the customer is, not only on their group.
PERSONAL_DOMAINS = frozenset({"orders", "loyalty"})
DEFAULT_MAX_ENTRIES = 200_000


# Distinct commerce contexts numbered for the keys; channels x countries x groups x
# customers could grow without end, so past this the least recently used one is dropped
# (its entries are then out of reach, and expire).
MAX_CONTEXTS = 4096


class SharedCache:
    """One TTL cache per domain of one connector instance, shared by every request of
    this process (and, with a tier, by every replica)."""

    def __init__(
        self,
        ttls: Mapping[str, float],
        max_entries: int = DEFAULT_MAX_ENTRIES,
        timer: Callable[[], float] = time.monotonic,
        *,
        source: str = "",
        grace: Mapping[str, float] | None = None,
        tier: SharedTier | None = None,
        group: CacheGroup | None = None,
        wall: Callable[[], float] = time.time,
    ) -> None:
        grace = grace or {}
        self.source = source
        self._ttls = {domain: ttl for domain, ttl in ttls.items() if ttl > 0}
        self._caches: dict[str, TaggedTTLCache] = {
            domain: TaggedTTLCache(max_entries, ttl + grace.get(domain, 0.0), timer)
            for domain, ttl in self._ttls.items()
        }
        self._timer, self._wall = timer, wall
        self._in_flight: dict[CacheKey, asyncio.Future[Entry]] = {}
        # Bumped by every purge: a fetch that was under way when one happened answers its
        # request but is not stored (it may predate the write that caused the purge).
        self._generation = 0
        self._tier = TierLink(tier, source, self._ttls, grace, timer, wall) if tier else None
        self._group = group or CacheGroup()
        # One Scope per distinct context: each request builds its own, equal context, which
        # would be hashed in Python and compared field by field at every lookup. Numbers
        # are never reused, so a dropped context's entries can never answer another.
        self._contexts: OrderedDict[CommerceContext, Scope] = OrderedDict()
        self._numbers = itertools.count()
        self._group.add(self)

    def domains(self) -> list[str]:
        return list(self._caches)

    def entries(self, domain: str) -> int:
        """How many entries of `domain` this process holds (fresh or in their grace)."""
        cache = self._caches.get(domain)
        return 0 if cache is None else len(cache)

    def enabled(self, domain: str) -> bool:
        return domain in self._caches

    def clear(self, domain: str) -> None:
        cache = self._caches.get(domain)
        if cache is not None:
            self._generation += 1
            cache.clear()

    def purge_local(self, tags: Iterable[str]) -> int:
        """Drops this process's entries carrying any of `tags`; returns how many."""
        self._generation += 1
        tags = tuple(tags)
        return sum(cache.purge(tags) for cache in self._caches.values())

    async def purge(self, tags: Iterable[str]) -> None:
        """Drops the entries carrying any of `tags` in every cache of this process, in the
        shared tier, and (through the tier's bus) in every other replica."""
        await self._group.purge(tags)

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
        scope = self._canonical(ctx if domain in PERSONAL_DOMAINS else ctx.public())
        full_keys: list[CacheKey] = [(method, scope, key) for key in keys]
        found, stale, waiting, missing = self._look_up(domain, cache, full_keys)
        if missing and self._tier is not None:
            missing = await self._tier.fill(domain, cache, missing, found, stale)
        looked_up = len(found) + len(waiting) + len(missing)
        observer().cache_lookup(self.source, domain, looked_up - len(missing), len(missing))
        explained = explain.current()
        if explained is not None:
            explained.cache_lookup(self.source, domain, looked_up - len(missing), len(missing))
        if missing:
            found.update(await self._fetch_missing(domain, cache, missing, stale, ctx, fetch))
        for full_key, future in waiting.items():
            found[full_key] = await asyncio.shield(future)
        self._record(domain, found)
        return [found[k].value for k in full_keys]

    def _canonical(self, ctx: CommerceContext) -> Scope:
        contexts = self._contexts
        known = contexts.get(ctx)
        if known is not None:
            contexts.move_to_end(ctx)
            return known
        while len(contexts) >= MAX_CONTEXTS:  # bounded whatever callers send
            contexts.popitem(last=False)
        scope = contexts[ctx] = Scope(next(self._numbers), ctx)
        return scope

    def _look_up(
        self, domain: str, cache: TaggedTTLCache, full_keys: list[CacheKey]
    ) -> tuple[
        dict[CacheKey, Entry],
        dict[CacheKey, Entry],
        dict[CacheKey, asyncio.Future[Entry]],
        list[CacheKey],
    ]:
        """Fresh entries, stale ones (kept in case the upstream fails), keys another
        request is fetching, and keys to fetch."""
        now, ttl = self._timer(), self._ttls[domain]
        found: dict[CacheKey, Entry] = {}
        stale: dict[CacheKey, Entry] = {}
        waiting: dict[CacheKey, asyncio.Future[Entry]] = {}
        missing: list[CacheKey] = []
        for full_key in dict.fromkeys(full_keys):
            entry = cache.look_up(full_key, now)
            if entry is not None and now - entry.stored < ttl:
                found[full_key] = entry
            elif full_key in self._in_flight:
                waiting[full_key] = self._in_flight[full_key]
            else:
                if entry is not None:
                    stale[full_key] = entry
                missing.append(full_key)
        return found, stale, waiting, missing

    async def _fetch_missing(
        self,
        domain: str,
        cache: TaggedTTLCache,
        missing: list[CacheKey],
        stale: dict[CacheKey, Entry],
        ctx: CommerceContext,
        fetch: Fetch,
    ) -> dict[CacheKey, Entry]:
        loop = asyncio.get_running_loop()
        futures = {k: loop.create_future() for k in missing}
        self._in_flight.update(futures)
        generation = self._generation
        try:
            results = await fetch([k[2] for k in missing], ctx)
        except BaseException as exc:
            served = self._stale_instead(domain, missing, stale, exc)
            for k, future in futures.items():
                if served is not None:
                    future.set_result(served[k])
                else:
                    future.set_exception(exc)
                    future.exception()  # retrieved here: waiters re-raise it themselves
            if served is None:
                raise
            return served
        finally:
            for k in missing:
                self._in_flight.pop(k, None)
        stored, wall = self._timer(), self._wall()  # one answer, one time for all its keys
        fetched = {
            k: Entry(value, stored, wall, entry_tags(domain, k[0], k[2], value))
            for k, value in zip(missing, results, strict=True)
        }
        if generation == self._generation:
            for k, entry in fetched.items():
                cache[k] = entry
            if self._tier is not None:
                await self._tier.store(domain, fetched)
        for k, entry in fetched.items():
            futures[k].set_result(entry)
        return fetched

    def _stale_instead(
        self, domain: str, missing: list[CacheKey], stale: dict[CacheKey, Entry], exc: BaseException
    ) -> dict[CacheKey, Entry] | None:
        """The stale entries that answer for a sick upstream: all of the batch's, or none
        (a batch is one upstream answer; a partly stale one would still fail its rest)."""
        if not isinstance(exc, STALE_SERVABLE) or any(k not in stale for k in missing):
            return None
        log.warning(
            "%s: serving %d stale %s entries (%s)", self.source, len(missing), domain, exc.code
        )
        observer().stale_served(self.source, domain, len(missing))
        explained = explain.current()
        if explained is not None:
            explained.stale_served(self.source, domain, len(missing))
        return {k: stale[k] for k in missing}

    def _record(self, domain: str, served: dict[CacheKey, Entry]) -> None:
        record = current_log()
        if record is None:
            return
        now, ttl = self._timer(), self._ttls[domain]
        # The entries of one upstream answer share their times: one Freshness for them all.
        made: dict[tuple[float, bool], Freshness] = {}
        for (method, _, key), entry in served.items():
            stale = now - entry.stored >= ttl
            freshness = made.get((entry.as_of, stale))
            if freshness is None:
                as_of = datetime.fromtimestamp(entry.as_of, UTC)
                freshness = made[(entry.as_of, stale)] = Freshness(as_of, stale, self.source)
            record.record(domain, method, key, freshness)

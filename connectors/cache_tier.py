"""The shared tier behind a SharedCache: what replicas read and write (Redis, from the
gateway floor; nothing here knows Redis), and the link that turns one cache's entries into
the tier's strings and bytes (cache_codec: never pickle).

Freshness across replicas is judged on the wall clock: an entry fetched by another
replica 4 s ago is 4 s old here too. The tier keeps an entry for its TTL plus the grace
window, like the in-process tier, so a replica that starts during an outage can still
serve stale data."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from connectors import cache_codec
from connectors.cache_store import CacheKey, Entry, TaggedTTLCache

log = logging.getLogger("omnicanal.cache")


@dataclass(frozen=True, slots=True)
class TierItem:
    key: str
    data: bytes
    tags: frozenset[str]
    lifetime_s: float  # TTL plus grace: how long the tier keeps it


class SharedTier(Protocol):
    """A store every replica reads. Its failures are its own business: an unreachable
    store reads as misses and drops writes, it never fails a request."""

    async def get_many(self, keys: Sequence[str]) -> Sequence[bytes | None]: ...

    async def put_many(self, items: Sequence[TierItem]) -> None: ...


class TierLink:
    def __init__(
        self,
        tier: SharedTier,
        source: str,
        ttls: Mapping[str, float],
        grace: Mapping[str, float],
        timer: Callable[[], float],
        wall: Callable[[], float],
    ) -> None:
        self._tier, self._source = tier, source
        self._ttls, self._grace = ttls, grace
        self._timer, self._wall = timer, wall

    async def fill(
        self,
        domain: str,
        cache: TaggedTTLCache,
        missing: list[CacheKey],
        found: dict[CacheKey, Entry],
        stale: dict[CacheKey, Entry],
    ) -> list[CacheKey]:
        """Moves what the tier has fresh into `found` (and this process's cache), what it
        has stale into `stale`; returns the keys still to fetch."""
        named = {k: name for k in missing if (name := self._name(domain, k)) is not None}
        if not named:
            return missing
        blobs = await self._tier.get_many(list(named.values()))
        ttl, still = self._ttls[domain], []
        for full_key, blob in zip(named, blobs, strict=True):
            entry = self._entry(blob)
            if entry is not None and self._wall() - entry.as_of < ttl:
                cache[full_key] = found[full_key] = entry
                continue
            if entry is not None and entry.as_of > _as_of(stale.get(full_key)):
                stale[full_key] = entry
            still.append(full_key)
        return still + [k for k in missing if k not in named]

    async def store(self, domain: str, fetched: Mapping[CacheKey, Entry]) -> None:
        lifetime = self._ttls[domain] + self._grace.get(domain, 0.0)
        items = []
        for full_key, entry in fetched.items():
            name = self._name(domain, full_key)
            if name is None:
                continue
            try:
                data = cache_codec.encode((entry.as_of, tuple(sorted(entry.tags)), entry.value))
            except cache_codec.CodecError as exc:
                log.debug("%s: not shared (%s)", self._source, exc)
                continue
            items.append(TierItem(name, data, entry.tags, lifetime))
        if items:
            await self._tier.put_many(items)

    def _name(self, domain: str, full_key: CacheKey) -> str | None:
        method, scope, key = full_key
        try:
            encoded = cache_codec.encode((scope.context, key))
            digest = hashlib.blake2b(encoded, digest_size=16).hexdigest()
        except cache_codec.CodecError:
            return None
        return f"{self._source}|{domain}|{method}|{digest}"

    def _entry(self, blob: bytes | None) -> Entry | None:
        if blob is None:
            return None
        try:
            as_of, tags, value = cache_codec.decode(blob)
        except (cache_codec.CodecError, ValueError, TypeError):
            return None  # another version's entry, or junk: a miss
        if not isinstance(as_of, float | int):
            return None
        age = max(0.0, self._wall() - as_of)
        return Entry(value, self._timer() - age, float(as_of), frozenset(tags))


def _as_of(entry: Entry | None) -> float:
    return entry.as_of if entry is not None else float("-inf")

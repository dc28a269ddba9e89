"""The in-process tier: a TTL cache (cachetools) whose entries carry tags, with an index
from tag to keys so that a purge costs the entries it drops, not a scan of the cache."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from cachetools import TTLCache

from connectors.context import CommerceContext


class Scope(int):
    """The commerce context of a cache key, as a number the shared cache gave it: an int
    hashes and compares in C, where the context's dataclass hash is a Python call, made
    about eight times per key looked up (a dict and the TTL cache's bookkeeping)."""

    context: CommerceContext

    def __new__(cls, number: int, context: CommerceContext) -> Scope:
        scope = super().__new__(cls, number)
        scope.context = context
        return scope

    def __repr__(self) -> str:
        return f"Scope({int(self)}, {self.context!r})"


# (batch method, commerce context, key): the context is always part of the key.
CacheKey = tuple[str, Scope, Hashable]


@dataclass(frozen=True, slots=True)
class Entry:
    value: Any
    stored: float  # the cache's timer when fetched: freshness is judged on it
    as_of: float  # wall-clock seconds when fetched: what clients are told
    tags: frozenset[str]


class TaggedTTLCache(TTLCache[CacheKey, Entry]):
    """Entries live for the TTL plus the grace window; the index follows every way an
    entry leaves (expiry, eviction when full, deletion) so it never outgrows the cache."""

    def __init__(self, maxsize: int, ttl: float, timer: Any) -> None:
        super().__init__(maxsize=maxsize, ttl=ttl, timer=timer)
        self._keys_by_tag: dict[str, set[CacheKey]] = {}
        self._tags_by_key: dict[CacheKey, frozenset[str]] = {}
        # TTLCache's own tables, for `look_up` (an AttributeError here, at start-up, if a
        # cachetools release renames them: the tests build this class).
        self._links: Any = self._TTLCache__links  # type: ignore[attr-defined]
        self._data: dict[CacheKey, Entry] = self._Cache__data  # type: ignore[attr-defined]

    def look_up(self, key: CacheKey, now: float) -> Entry | None:
        """`get(key)` at the time `now` the caller already read from this cache's timer:
        the same answer and the same recency update, in one call where TTLCache's takes
        eight (a timer context, `__contains__`, `__getitem__`), for every key a listing
        reads."""
        link = self._links.get(key)
        if link is None or now >= link.expires:
            return None
        self._links.move_to_end(key)
        return self._data[key]

    def __setitem__(self, key: CacheKey, entry: Entry) -> None:
        self._unindex(key)
        super().__setitem__(key, entry)
        self._tags_by_key[key] = entry.tags
        for tag in entry.tags:
            self._keys_by_tag.setdefault(tag, set()).add(key)

    def __delitem__(self, key: CacheKey) -> None:
        super().__delitem__(key)
        self._unindex(key)

    def expire(self, time: Any = None) -> list[tuple[CacheKey, Entry]]:
        expired = list(super().expire(time))
        for key, _ in expired:
            self._unindex(key)
        return expired

    def clear(self) -> None:
        super().clear()
        self._keys_by_tag.clear()
        self._tags_by_key.clear()

    def purge(self, tags: Iterable[str]) -> int:
        keys = {key for tag in tags for key in self._keys_by_tag.get(tag, ())}
        for key in keys:
            self.pop(key, None)
            self._unindex(key)  # an expired entry pop() did not see
        return len(keys)

    def _unindex(self, key: CacheKey) -> None:
        for tag in self._tags_by_key.pop(key, ()):
            keys = self._keys_by_tag.get(tag)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._keys_by_tag[tag]

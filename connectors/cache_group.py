"""Every shared cache of one process, so that a purge reaches all of them (a product
event concerns the catalogue connector's entries and the pricing connector's alike), and
the bus that carries a purge to the other replicas."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from connectors.caching import SharedCache

# Deletes the tags' entries in the shared tier and tells every other replica.
RemotePurge = Callable[[frozenset[str]], Awaitable[None]]


class CacheGroup:
    def __init__(self) -> None:
        self._caches: list[SharedCache] = []
        self._remote: RemotePurge | None = None

    def add(self, cache: SharedCache) -> None:
        self._caches.append(cache)

    def connect(self, remote: RemotePurge | None) -> None:
        self._remote = remote

    def purge_local(self, tags: Iterable[str]) -> int:
        tags = frozenset(tags)
        return sum(cache.purge_local(tags) for cache in self._caches)

    def clear_local(self) -> None:
        """Forget everything (a replica that lost the bus may have missed purges)."""
        for cache in self._caches:
            for domain in list(cache.domains()):
                cache.clear(domain)

    async def purge(self, tags: Iterable[str]) -> None:
        tags = frozenset(tags)
        self.purge_local(tags)
        if self._remote is not None and tags:
            await self._remote(tags)

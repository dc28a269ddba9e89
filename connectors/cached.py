"""The caching wrapper the gateway puts around a connector at start-up: every batch
method goes through the SharedCache of its domain; a write purges what it changed, in
every replica; everything else passes through."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from connectors.cache_tags import write_tags
from connectors.caching import SharedCache
from connectors.context import CommerceContext

# Batch method -> the domain whose TTL applies.
METHOD_DOMAINS: dict[str, str] = {
    "products": "catalog",
    "products_by_handle": "catalog",
    "products_by_sku": "catalog",
    "categories": "catalog",
    "categories_by_handle": "catalog",
    "prices": "pricing",
    "stock": "inventory",
    "stores": "inventory",
    "stores_by_code": "inventory",
    "pages": "content",
    "product_content": "content",
    "customers": "orders",
    "carts": "orders",
    "orders": "orders",
    "orders_by_customer": "orders",
    "accounts": "loyalty",
    "points_for": "loyalty",
}
# Writes: after one passes through, the cached reads it changed (the SKUs a hold or a
# stock commit moves; else the domain's) are purged in every replica, so no replica
# serves stock or carts older than the last write through any of them.
WRITE_METHOD_DOMAINS: dict[str, str] = {
    "commit_stock": "inventory",
    "release_stock": "inventory",
    "reserve": "inventory",
    "cancel_reservation": "inventory",
    "create_cart": "orders",
    "update_cart": "orders",
    "place_order": "orders",
    "post": "loyalty",
}
_ALL = "all"


class CachedConnector:
    def __init__(self, inner: Any, cache: SharedCache) -> None:
        self._inner = inner
        self._cache = cache
        self.name: str = inner.name

    def __getattr__(self, attribute: str) -> Any:
        target = getattr(self._inner, attribute)
        written = WRITE_METHOD_DOMAINS.get(attribute)
        if written is not None:
            return self._invalidating(target, written)
        domain = METHOD_DOMAINS.get(attribute)
        if domain is None or not self._cache.enabled(domain):
            return target

        async def cached(keys: Sequence[Any], ctx: CommerceContext) -> list[Any]:
            return await self._cache.batch(domain, attribute, keys, ctx, target)

        return cached

    def _invalidating(self, target: Any, domain: str) -> Any:
        async def write(*args: Any) -> Any:
            try:
                return await target(*args)
            finally:
                await self._cache.purge(write_tags(domain, args))

        return write

    async def search(self, request: Any, ctx: CommerceContext) -> Any:
        async def fetch(requests: Sequence[Any], c: CommerceContext) -> list[Any]:
            return [await self._inner.search(requests[0], c)]

        return (await self._cache.batch("catalog", "search", [request], ctx, fetch))[0]

    async def all_stores(self, ctx: CommerceContext) -> Any:
        async def fetch(keys: Sequence[Any], c: CommerceContext) -> list[Any]:
            return [await self._inner.all_stores(c)]

        return (await self._cache.batch("inventory", "all_stores", [_ALL], ctx, fetch))[0]

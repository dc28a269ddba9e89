"""A typed dataloader whose keys carry the commerce context.

Each key is `(context, key)`: a price loaded for one currency, channel or customer group is
a different key from the same SKU's price in another context, so it is never served for it.
One batch becomes one connector call per distinct context (normally exactly one).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Generic, TypeVar

from aiodataloader import DataLoader

from connectors.context import CommerceContext

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

Fetch = Callable[[Sequence[K], CommerceContext], Awaitable[Sequence[V]]]


class BatchLengthMismatch(RuntimeError):
    """A connector broke the batch contract (one result per key)."""


class ContextLoader(Generic[K, V]):
    def __init__(self, name: str, fetch: Fetch[K, V], max_batch_size: int) -> None:
        self.name = name
        self._fetch = fetch
        self._loader: DataLoader[tuple[CommerceContext, K], V] = DataLoader(
            self._batch, max_batch_size=max_batch_size
        )

    async def load(self, ctx: CommerceContext, key: K) -> V:
        return await self._loader.load((ctx, key))

    async def load_many(self, ctx: CommerceContext, keys: Sequence[K]) -> list[V]:
        return await self._loader.load_many([(ctx, key) for key in keys])

    def prime(self, ctx: CommerceContext, key: K, value: V) -> None:
        self._loader.prime((ctx, key), value)

    def clear(self, ctx: CommerceContext, key: K) -> None:
        """Forget a key after a write, so a later field of the same operation reads anew."""
        self._loader.clear((ctx, key))

    async def _batch(self, keys: list[tuple[CommerceContext, K]]) -> list[V]:
        by_context: dict[CommerceContext, list[K]] = {}
        for ctx, key in keys:
            by_context.setdefault(ctx, []).append(key)
        found: dict[tuple[CommerceContext, K], V] = {}
        for ctx, group in by_context.items():
            results = await self._fetch(group, ctx)
            if len(results) != len(group):
                raise BatchLengthMismatch(f"{self.name}: {len(group)} keys, {len(results)} results")
            found.update(((ctx, key), value) for key, value in zip(group, results, strict=True))
        return [found[key] for key in keys]

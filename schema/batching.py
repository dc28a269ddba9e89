"""A typed dataloader whose keys carry the commerce context.

Each key is `(context, key)`: a price loaded for one currency, channel or customer group is
a different key from the same SKU's price in another context, so it is never served for it.
One batch becomes one connector call per distinct context (normally exactly one).

Two ways in, one cache: `load` for a resolver awaiting one key (aiodataloader gathers the
keys of a tick into a batch), `fetch_many` for the planned executor, which already holds
every key of a level and calls the connector directly. Both read and fill the same values,
so a key fetched one way is never fetched again the other way within a request.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Awaitable, Callable, Collection, Hashable, Mapping, Sequence
from typing import Generic, TypeVar

from aiodataloader import DataLoader

from connectors import explain
from connectors.context import CommerceContext

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_MISSING = object()

Fetch = Callable[[Sequence[K], CommerceContext], Awaitable[Sequence[V]]]


class BatchLengthMismatch(RuntimeError):
    """A connector broke the batch contract (one result per key)."""


class ContextLoader(Generic[K, V]):
    def __init__(self, name: str, fetch: Fetch[K, V], max_batch_size: int) -> None:
        self.name = name
        self._fetch = fetch
        self._max_batch_size = max_batch_size
        # Per context, then per key: one context hash per batch, not one per key.
        self._values: dict[CommerceContext, dict[K, V]] = {}
        # The table last asked for: a context's hash is a Python call, made per key primed.
        self._last_context: CommerceContext | None = None
        self._last_known: dict[K, V] = {}
        self._data_loader: DataLoader[tuple[CommerceContext, K], V] | None = None

    @property
    def _loader(self) -> DataLoader[tuple[CommerceContext, K], V]:
        """Made on the first `load`: the planned executor only calls `fetch_many`. It
        reaches this loader through a weak reference, so that a request's loaders, and
        every value they hold, are freed by reference counting when the request ends
        instead of waiting, as a cycle, for the garbage collector (issue 10: the whole
        request's models were cyclic garbage, and the collector took 20 % of the CPU)."""
        loader = self._data_loader
        if loader is None:
            batch = functools.partial(_load_batch, weakref.ref(self))
            loader = DataLoader(batch, max_batch_size=self._max_batch_size)
            self._data_loader = loader
        return loader

    def _known(self, ctx: CommerceContext) -> dict[K, V]:
        if ctx is self._last_context:  # nearly always: one context per request
            return self._last_known
        known = self._values.get(ctx)
        if known is None:
            known = self._values[ctx] = {}
        self._last_context, self._last_known = ctx, known
        return known

    async def load(self, ctx: CommerceContext, key: K) -> V:
        found = self._known(ctx).get(key, _MISSING)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        return await self._loader.load((ctx, key))

    async def load_many(self, ctx: CommerceContext, keys: Sequence[K]) -> list[V]:
        known = self._known(ctx)
        if all(key in known for key in keys):
            return [known[key] for key in keys]
        return await self._loader.load_many([(ctx, key) for key in keys])

    async def fetch_many(self, ctx: CommerceContext, keys: Collection[K]) -> Mapping[K, V]:
        """Every value known for the context, `keys` (distinct) among them, each fetched at
        most once per request, in batches of at most the connector's batch size. The
        request's own table is answered, not a copy of it: read it at once, before any
        further await (a write may `clear` a key)."""
        known = self._known(ctx)
        missing = [key for key in keys if key not in known]
        _explain_loaded(self.name, len(keys))
        size = self._max_batch_size
        for start in range(0, len(missing), size):
            group = missing[start : start + size]
            self._keep(known, group, await self._fetch(group, ctx))
        return known

    def prime(self, ctx: CommerceContext, key: K, value: V) -> None:
        # Only here: `load` answers known keys before the DataLoader would see them.
        self._known(ctx).setdefault(key, value)

    def clear(self, ctx: CommerceContext, key: K) -> None:
        """Forget a key after a write, so a later field of the same operation reads anew."""
        self._known(ctx).pop(key, None)
        self._loader.clear((ctx, key))

    def _keep(self, known: dict[K, V], group: Sequence[K], results: Sequence[V]) -> None:
        if len(results) != len(group):
            raise BatchLengthMismatch(f"{self.name}: {len(group)} keys, {len(results)} results")
        known.update(zip(group, results, strict=True))

    async def _batch(self, keys: list[tuple[CommerceContext, K]]) -> list[V]:
        by_context: dict[CommerceContext, list[K]] = {}
        for ctx, key in keys:
            if key not in self._known(ctx):
                by_context.setdefault(ctx, []).append(key)
        _explain_loaded(self.name, len(keys))
        for ctx, group in by_context.items():
            self._keep(self._known(ctx), group, await self._fetch(group, ctx))
        return [self._known(ctx)[key] for ctx, key in keys]


def weakly_bound(
    method: Callable[[Sequence[K], CommerceContext], Awaitable[Sequence[V]]],
) -> Fetch[K, V]:
    """A fetch that is a method of the object holding the loader (the request's `Loaders`),
    without keeping that object alive: a strong bound method would make the request's
    loaders a reference cycle, freed only by the garbage collector (see `_loader`)."""
    ref = weakref.WeakMethod(method)

    async def fetch(keys: Sequence[K], ctx: CommerceContext) -> Sequence[V]:
        bound = ref()
        if bound is None:
            raise RuntimeError("the request's loaders are gone")
        return await bound(keys, ctx)

    return fetch


async def _load_batch(
    owner: weakref.ref[ContextLoader[K, V]], keys: list[tuple[CommerceContext, K]]
) -> list[V]:
    loader = owner()
    if loader is None:  # its request is over: no one is left to read the answer
        raise RuntimeError("the request's loaders are gone")
    return await loader._batch(keys)


def _explain_loaded(loader: str, keys: int) -> None:
    explained = explain.current()
    if explained is not None:
        explained.loaded(loader, keys)

"""The cache of identity links: OMS customer id -> what it links to in another system
(a loyalty member id, an ERP customer group).

Found links live in a SharedCache (domain `identity`, the link's `ttl_s`) keyed by the
OMS customer id alone, under one neutral context: a link does not depend on the channel
or currency that asks, so every channel shares it, and a link cached for one customer
is only ever the answer for that customer's id. Entries are tagged `customer:<id>`
(cache_tags), so a purge for a customer (an email changed in the OMS) drops its link.
The cache joins the process's CacheGroup but has no shared tier: a link costs one
batched lookup to recompute, and a replica never trusts another's misses.

Missing links (no member for this email yet) are kept `miss_ttl_s` only, in a small
cache of their own: long enough that a page of non-members does not ask the loyalty
system on every query, short enough that a customer who joins at the till is linked in
the app within that time.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence

from cachetools import TTLCache

from connectors.caching import SharedCache
from connectors.context import CommerceContext
from connectors.stale import FreshnessLog, freshness_scope

LINK_DOMAIN = "identity"
# The batch method the entries are filed under: its key kind tags them `customer:<id>`.
LINK_METHOD = "customers"
LINK_SCOPE = CommerceContext()
MAX_MISSES = 100_000

Resolve = Callable[[Sequence[str]], Awaitable[Sequence[str | None]]]


class LinkCache:
    def __init__(
        self,
        shared: SharedCache | None,
        miss_ttl_s: float = 0.0,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self._shared = shared
        self._misses: TTLCache[str, bool] | None = (
            TTLCache(MAX_MISSES, miss_ttl_s, timer) if miss_ttl_s > 0 else None
        )

    async def get(self, keys: Sequence[str], resolve: Resolve) -> list[str | None]:
        """The link of each key, in key order; `resolve` is asked once, for the keys
        neither cache answers."""
        misses = self._misses
        wanted = [k for k in dict.fromkeys(keys) if misses is None or k not in misses]
        if not wanted:
            return [None] * len(keys)
        if self._shared is None:
            found = list(await resolve(wanted))
        else:
            # A link is no field's value: its freshness stays out of the operation's log,
            # where it would stand for the OMS's own `customers` read of the same key.
            with freshness_scope(FreshnessLog()):
                found = await self._shared.batch(
                    LINK_DOMAIN, LINK_METHOD, wanted, LINK_SCOPE, lambda ks, _: resolve(ks)
                )
        links = dict(zip(wanted, found, strict=True))
        self._forget_misses([k for k, link in links.items() if link is None])
        return [links.get(k) for k in keys]

    def _forget_misses(self, unlinked: list[str]) -> None:
        """A miss is not kept with the links (their TTL is long) but in the misses'."""
        if not unlinked:
            return
        if self._shared is not None:
            self._shared.purge_local(f"customer:{key}" for key in unlinked)
        if self._misses is not None:
            for key in unlinked:
                self._misses[key] = True

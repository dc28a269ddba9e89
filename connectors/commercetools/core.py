"""What every part of the commercetools connector shares: the client, the reference data,
the context in commercetools' terms, and batch reads by key."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from connectors.commercetools import normalise
from connectors.commercetools.client import CommercetoolsClient
from connectors.commercetools.query import KeyPredicate
from connectors.commercetools.reference import Reference, ReferenceCache
from connectors.commercetools.selection import Selection, selection
from connectors.commercetools.settings import MAX_LIMIT, CommercetoolsSettings
from connectors.context import CommerceContext
from connectors.errors import UpstreamBadResponse

T = TypeVar("T")
Raw = dict[str, Any]
MAX_OFFSET = 10_000  # commercetools refuses deeper offsets


def utc_now() -> datetime:
    return datetime.now(UTC)


class Core:
    name: str
    settings: CommercetoolsSettings
    client: CommercetoolsClient
    reference: ReferenceCache
    # What "now" is for price validity and discount codes; tests replace it.
    now: Callable[[], datetime]

    async def _context(self, ctx: CommerceContext) -> tuple[Selection, Reference]:
        reference = await self.reference.get()
        return selection(self.settings, reference, ctx), reference

    def _normalised(self, build: Callable[[], T]) -> T:
        try:
            return build()
        except normalise.UNREADABLE as exc:
            raise UpstreamBadResponse(self.name, f"unreadable answer: {exc!r}") from exc

    async def _batch(
        self,
        path: str,
        predicate: KeyPredicate,
        keys: Sequence[str],
        params: Mapping[str, str | Sequence[str]] | None = None,
        *,
        paged: bool = False,
    ) -> list[Raw]:
        """Every record matching `predicate` for `keys`: one request per chunk of keys, the
        chunks at once. `paged` reads every page of a chunk (when a key may match more
        than one page of records: inventory entries, orders)."""
        s = self.settings
        chunks = predicate.chunks(keys, s.max_batch, s.max_query_length)

        async def read(chunk: list[str]) -> list[Raw]:
            query = {**(params or {}), "where": predicate(chunk)}
            if paged:
                return await self._all_pages(path, query)
            query |= {"limit": str(MAX_LIMIT), "withTotal": "false"}
            return (await self.client.query(path, query)).results

        found = await asyncio.gather(*(read(chunk) for chunk in chunks))
        return [record for chunk in found for record in chunk]

    async def _all_pages(self, path: str, params: Mapping[str, str | Sequence[str]]) -> list[Raw]:
        base = {**params, "limit": str(MAX_LIMIT), "sort": "id asc"}
        first = await self.client.query(path, base | {"offset": "0"})
        total = first.total if first.total is not None else len(first.results)
        if len(first.results) < MAX_LIMIT or total <= MAX_LIMIT:
            return first.results
        if total > MAX_OFFSET:
            raise UpstreamBadResponse(
                self.name, f"{path}: {total} results, more than paging reaches"
            )
        offsets = range(MAX_LIMIT, total, MAX_LIMIT)
        rest = await asyncio.gather(
            *(self.client.query(path, base | {"offset": str(o)}) for o in offsets)
        )
        return [*first.results, *(r for page in rest for r in page.results)]

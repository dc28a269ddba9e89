"""Batch reads of products: keys in chunks of at most `max_batch` (Akeneo takes 100 values
in an identifier IN filter and 100 items a page), each chunk one filtered request, chunks in
parallel. Product models need a second request for their variant products, one per chunk
whatever its size (a third for the sub-models of two-level models); search-after pages
carry anything above 100 variants."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Collection, Sequence
from typing import Any, TypeVar

from connectors.akeneo import normalise
from connectors.akeneo.client import API, AkeneoClient
from connectors.akeneo.keys import chunks, search, where
from connectors.akeneo.values import ValueReader
from connectors.errors import UpstreamBadResponse
from connectors.models import Product

T = TypeVar("T")
Raw = dict[str, Any]
PRODUCTS = f"{API}/products"
MODELS = f"{API}/product-models"
ENABLED = where("=", True)


def value_params(reader: ValueReader) -> dict[str, str]:
    """Only the context's channel and locales travel: smaller pages, same answers."""
    return {"scope": reader.selection.scope, "locales": reader.selection.locales}


class ProductReads:
    def __init__(self, client: AkeneoClient, max_batch: int) -> None:
        self._client = client
        self._max_batch = max_batch

    async def _chunked(
        self, keys: Sequence[str], read: Callable[[list[str]], Awaitable[list[T]]]
    ) -> list[T]:
        found = await asyncio.gather(*(read(list(c)) for c in chunks(keys, self._max_batch)))
        return [item for chunk in found for item in chunk]

    async def _search(
        self, path: str, reader: ValueReader, keys: int | None, **filters: Any
    ) -> list[Raw]:
        params = value_params(reader) | {"search": search(**filters)}
        params |= {"pagination_type": "search_after", "limit": "100"}
        return await self._client.all_items(path, params, at_most=keys)

    async def raw_products(self, identifiers: Sequence[str], reader: ValueReader) -> list[Raw]:
        """Enabled products, simple or variant, by identifier, as Akeneo shows them."""

        async def read(chunk: list[str]) -> list[Raw]:
            found = where("IN", chunk)
            return await self._search(
                PRODUCTS, reader, len(chunk), identifier=found, enabled=ENABLED
            )

        return await self._chunked(identifiers, read)

    async def simple(self, identifiers: Sequence[str], reader: ValueReader) -> list[Product]:
        found = await self.raw_products(identifiers, reader)
        # A variant's identifier names a SKU of a model's product, not a product of its own.
        return self.normalised(
            lambda: [
                normalise.simple_product(raw, reader) for raw in found if raw.get("parent") is None
            ]
        )

    async def models(
        self, codes: Sequence[str], reader: ValueReader, *, from_sub_models: bool = False
    ) -> list[Product]:
        """Products of root models by code. A sub-model's code names no product, unless
        `from_sub_models` asks for its root's (the owner of a SKU below a sub-model)."""

        async def read(chunk: list[str]) -> list[Product]:
            found = await self._search(MODELS, reader, len(chunk), identifier=where("IN", chunk))
            roots = [m for m in found if not m.get("parent")]
            if from_sub_models:
                roots += await self._roots_of(found, {m.get("code") for m in roots}, reader)
            return await self.with_variants(roots, reader)

        return await self._chunked(codes, read)

    async def _roots_of(
        self, models: list[Raw], known: Collection[object], reader: ValueReader
    ) -> list[Raw]:
        wanted = list(dict.fromkeys(str(m["parent"]) for m in models if m.get("parent")))
        wanted = [code for code in wanted if code not in known]
        if not wanted:
            return []
        return await self._search(MODELS, reader, len(wanted), identifier=where("IN", wanted))

    async def with_variants(self, models: list[Raw], reader: ValueReader) -> list[Product]:
        """The products of these root models, each with its enabled variant products."""
        if not models:
            return []
        root_of = await self._variant_parents(models, reader)
        found = where("IN", list(root_of))
        variants = await self._search(PRODUCTS, reader, None, parent=found, enabled=ENABLED)
        by_root: dict[str, list[Raw]] = {}
        for variant in variants:
            root = root_of.get(str(variant.get("parent")))
            if root is not None:
                by_root.setdefault(root, []).append(variant)
        return self.normalised(lambda: _sellable(models, by_root, reader))

    async def _variant_parents(self, models: list[Raw], reader: ValueReader) -> dict[str, str]:
        """The models variant products sit under, each mapped to its root. For two-level
        family variants these are the sub-models: one more request, whatever the batch."""
        roots = self.normalised(lambda: [(str(m["code"]), m.get("family_variant")) for m in models])
        root_of = {code: code for code, _ in roots}
        two_level = [code for code, variant in roots if reader.structure.two_level(variant)]
        if two_level:
            subs = await self._search(MODELS, reader, None, parent=where("IN", two_level))
            root_of |= self.normalised(lambda: {str(s["code"]): str(s["parent"]) for s in subs})
        return root_of

    def normalised(self, build: Callable[[], T]) -> T:
        try:
            return build()
        except normalise.UNREADABLE as exc:
            raise UpstreamBadResponse(self._client.name, f"unreadable record: {exc!r}") from exc


def _sellable(
    models: list[Raw], variants: dict[str, list[Raw]], reader: ValueReader
) -> list[Product]:
    found = (normalise.model_product(m, variants.get(m["code"], []), reader) for m in models)
    return [product for product in found if product is not None]

"""The Akeneo PIM as omnicanal's catalog: products (product models with their variant
products, and simple products) and categories, in the context's channel and locale.

Key mapping (IDs, handles) is in `keys`, the batch reads in `reads`, listings in `listing`.
Every method matches Akeneo's answers to keys by value; a key Akeneo does not know, a
disabled product, or a model without an enabled variant reads as None.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import TypeVar

from connectors.akeneo import keys, normalise
from connectors.akeneo.client import API, AkeneoClient
from connectors.akeneo.listing import Listing
from connectors.akeneo.reads import ProductReads
from connectors.akeneo.settings import AkeneoSettings
from connectors.akeneo.structure import StructureCache
from connectors.akeneo.values import ValueReader
from connectors.base import ConnectorEnv
from connectors.context import CommerceContext
from connectors.errors import ConnectorError, UpstreamAuthError
from connectors.keyed import in_key_order
from connectors.models import Category, Product, ProductPage, ProductSearch

log = logging.getLogger(__name__)
T = TypeVar("T")


class AkeneoConnector:
    def __init__(self, settings: AkeneoSettings, env: ConnectorEnv) -> None:
        self.name = env.instance
        self.settings = settings
        self.client = AkeneoClient(settings, env)
        self.structure = StructureCache(self.client, settings.structure_ttl_s)
        self._reads = ProductReads(self.client, settings.max_batch)
        self._listing = Listing(self.client, self._reads)

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        """Fetch a token and the PIM structure now, so that batches cost only their own
        calls. Wrong credentials stop start-up; a PIM that is down only delays the reads."""
        try:
            await self.structure.get()
        except UpstreamAuthError:
            raise
        except ConnectorError as exc:
            log.warning("%s: Akeneo not reachable at start-up: %s", self.name, exc)

    async def check(self) -> None:
        await self.structure.get()
        for scope in sorted(self.settings.scopes()):
            if await self.client.get(f"{API}/channels/{scope}") is None:
                raise UpstreamAuthError(self.name, f"Akeneo has no channel {scope!r}")

    async def aclose(self) -> None:
        return None  # the session belongs to the gateway

    async def _reader(self, ctx: CommerceContext) -> ValueReader:
        return ValueReader(self.settings.selection(ctx), await self.structure.get())

    # --- products -----------------------------------------------------------------------------

    async def products(self, ids: Sequence[str], ctx: CommerceContext) -> Sequence[Product | None]:
        codes, identifiers = keys.split_ids(ids)
        found = await self._models_and_simple(codes, identifiers, await self._reader(ctx))
        return in_key_order(ids, found, lambda p: (p.id,))

    async def products_by_handle(
        self, handles: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Product | None]:
        codes = list(dict.fromkeys(keys.code_for(h) for h in handles))
        identifiers = keys.identifiers_for(handles)
        found = await self._models_and_simple(codes, identifiers, await self._reader(ctx))
        return in_key_order(handles, found, lambda p: (p.handle,))

    async def products_by_sku(
        self, skus: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Product | None]:
        reader = await self._reader(ctx)
        owners = await self._reads.raw_products(list(dict.fromkeys(skus)), reader)
        simple = [raw for raw in owners if raw.get("parent") is None]
        parents = list(dict.fromkeys(str(raw["parent"]) for raw in owners if raw.get("parent")))
        found = [
            *self._reads.normalised(lambda: [normalise.simple_product(r, reader) for r in simple]),
            *await self._reads.models(parents, reader, from_sub_models=True),
        ]
        return in_key_order(skus, found, lambda p: (v.sku for v in p.variants))

    async def _models_and_simple(
        self, codes: list[str], identifiers: list[str], reader: ValueReader
    ) -> list[Product]:
        models, simple = await asyncio.gather(
            self._reads.models(codes, reader), self._reads.simple(identifiers, reader)
        )
        return [*models, *simple]

    async def search(self, request: ProductSearch, ctx: CommerceContext) -> ProductPage:
        return await self._listing.page(request, await self._reader(ctx))

    # --- categories ---------------------------------------------------------------------------

    async def categories(
        self, ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Category | None]:
        found = await self._categories(list(dict.fromkeys(ids)), await self._reader(ctx))
        return in_key_order(ids, found, lambda c: (c.id,))

    async def categories_by_handle(
        self, handles: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Category | None]:
        codes = list(dict.fromkeys(keys.code_for(h) for h in handles))
        found = await self._categories(codes, await self._reader(ctx))
        return in_key_order(handles, found, lambda c: (c.handle,))

    async def _categories(self, codes: list[str], reader: ValueReader) -> list[Category]:
        async def read(chunk: Sequence[str]) -> list[Category]:
            params = {"search": keys.search(code=keys.where("IN", list(chunk))), "limit": "100"}
            raw = await self.client.all_items(f"{API}/categories", params, at_most=len(chunk))
            return self._reads.normalised(lambda: [normalise.category(r, reader) for r in raw])

        chunked = keys.chunks(codes, self.settings.max_batch)
        return [c for found in await asyncio.gather(*map(read, chunked)) for c in found]


def create_akeneo_connector(settings: AkeneoSettings, env: ConnectorEnv) -> AkeneoConnector:
    return AkeneoConnector(settings, env)

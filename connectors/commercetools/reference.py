"""The project's reference data: channels (stores, warehouses, distribution channels),
customer groups, product types (attribute labels and variant axes) and product discounts
(what a discounted price is called). A few hundred records that change rarely: read at
start-up and again once older than `reference_ttl_s`, never per batch, so that a batch of
products, prices or stock costs its own calls only. If a re-read fails, the data already
held keeps serving.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from connectors.commercetools.client import CommercetoolsClient
from connectors.commercetools.settings import MAX_LIMIT
from connectors.errors import UpstreamBadResponse
from connectors.refreshing import Refreshing

Raw = dict[str, Any]
MAX_PAGES = 20  # 10,000 records of one kind: far beyond what reference data holds


@dataclass(frozen=True, slots=True)
class Reference:
    channels: Mapping[str, Raw]  # id -> channel
    channel_ids: Mapping[str, str]  # key -> id
    group_ids: Mapping[str, str]  # customer group key -> id
    group_keys: Mapping[str, str]  # customer group id -> key
    attributes: Mapping[str, Mapping[str, Raw]]  # product type id -> name -> definition
    product_discounts: Mapping[str, Raw]  # id -> product discount

    def channel(self, channel_id: str) -> Raw | None:
        return self.channels.get(channel_id)

    def attribute(self, product_type: str, name: str) -> Raw:
        return self.attributes.get(product_type, {}).get(name, {})


def build(
    channels: list[Raw], groups: list[Raw], types: list[Raw], discounts: list[Raw]
) -> Reference:
    """Raises KeyError or TypeError on records without the fields every record has."""
    return Reference(
        channels={c["id"]: c for c in channels},
        channel_ids={c["key"]: c["id"] for c in channels if c.get("key")},
        group_ids={g["key"]: g["id"] for g in groups if g.get("key")},
        group_keys={g["id"]: g["key"] for g in groups if g.get("key")},
        attributes={t["id"]: {a["name"]: a for a in t.get("attributes") or ()} for t in types},
        product_discounts={p["id"]: p for p in discounts},
    )


class ReferenceCache:
    PATHS = ("/channels", "/customer-groups", "/product-types", "/product-discounts")

    def __init__(
        self,
        client: CommercetoolsClient,
        ttl_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._held = Refreshing(
            self._read, ttl_s, what="reference data", connector=client.name, clock=clock
        )

    async def get(self) -> Reference:
        return await self._held.get()

    def invalidate(self) -> None:
        self._held.invalidate()

    async def _read(self) -> Reference:
        lists = await asyncio.gather(*(self._all(path) for path in self.PATHS))
        try:
            return build(*lists)
        except (KeyError, TypeError, AttributeError) as exc:
            raise UpstreamBadResponse(
                self._client.name, f"unreadable reference data: {exc!r}"
            ) from exc

    async def _all(self, path: str) -> list[Raw]:
        found: list[Raw] = []
        for page in range(MAX_PAGES):
            params = {"limit": str(MAX_LIMIT), "offset": str(page * MAX_LIMIT), "sort": "id asc"}
            results = (await self._client.query(path, params)).results
            found.extend(results)
            if len(results) < MAX_LIMIT:
                return found
        raise UpstreamBadResponse(self._client.name, f"{path}: more than {len(found)} records")

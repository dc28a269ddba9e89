"""PricingConnector: the price commercetools selects for each SKU in the context.

One product-projections request per chunk of SKUs, with the price selection parameters
(currency, country, the customer group and distribution channel the context maps to).
commercetools answers its choice in `variant.price`; where an answer lacks it, the same
selection is made here from `variant.prices` (see `selection`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from connectors.commercetools import normalise
from connectors.commercetools.catalog import PROJECTIONS, projection_params
from connectors.commercetools.core import Core
from connectors.commercetools.query import SKU_IN
from connectors.commercetools.reference import Reference
from connectors.commercetools.selection import Selection, select_price
from connectors.context import Channel, CommerceContext
from connectors.models import Price

Raw = dict[str, Any]


class Pricing(Core):
    async def prices(self, skus: Sequence[str], ctx: CommerceContext) -> Sequence[Price | None]:
        sel, ref = await self._context(ctx)
        params = projection_params(sel) | sel.price_params()
        products = await self._batch(PROJECTIONS, SKU_IN, skus, params)
        now = self.now()
        found = self._normalised(lambda: priced(products, sel, ref, now, ctx.channel))
        return [found.get(sku) for sku in skus]


def priced(
    products: list[Raw], sel: Selection, ref: Reference, now: datetime, channel: Channel
) -> dict[str, Price]:
    found: dict[str, Price] = {}
    for product in products:
        for variant in (product["masterVariant"], *(product.get("variants") or ())):
            sku = variant.get("sku")
            if not sku or sku in found:
                continue
            chosen = variant.get("price") or select_price(variant.get("prices") or (), sel, now)
            if chosen is not None and chosen["value"]["currencyCode"] == sel.currency:
                found[sku] = normalise.price(sku, chosen, sel.locales, ref, channel)
    return found

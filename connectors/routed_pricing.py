"""Pricing served by one system per customer group: B2B prices from the ERP, everyone
else's from the commerce platform (`[routing.pricing]` in the configuration).

Both the price of a SKU and the price of a cart go to the same system for a context, so
the product page, the cart and the order of a pro customer all come from the ERP's
pricelist, and nobody else ever sees it: the customer group is part of every cache key
already (it is in the commerce context). A batch stays one call: every key of a batch
shares its context, hence its system.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from connectors.context import CommerceContext
from connectors.models import CartPricing, CartPricingRequest, Price
from connectors.protocols import CartPricer, PricingConnector


class CartPricingUnavailable(Exception):
    """The system pricing this customer group prices no carts (a configuration error
    start-up reports; kept as a guard)."""


class GroupRoutedPricing:
    def __init__(self, default: PricingConnector, by_group: Mapping[str, PricingConnector]) -> None:
        self.default = default
        self.by_group = dict(by_group)

    def system_for(self, ctx: CommerceContext) -> PricingConnector:
        return self.by_group.get(ctx.customer_group, self.default)

    async def prices(self, skus: Sequence[str], ctx: CommerceContext) -> Sequence[Price | None]:
        return await self.system_for(ctx).prices(skus, ctx)

    async def price_cart(self, request: CartPricingRequest, ctx: CommerceContext) -> CartPricing:
        system = self.system_for(ctx)
        if not isinstance(system, CartPricer):
            raise CartPricingUnavailable(ctx.customer_group)
        return await system.price_cart(request, ctx)

    def __getattr__(self, name: str) -> Any:
        # Anything else a pricing system offers (lifecycle, explain) is the default's.
        return getattr(self.default, name)


def prices_every_cart(systems: Sequence[object]) -> bool:
    return all(isinstance(s, CartPricer) for s in systems)

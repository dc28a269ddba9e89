"""Carts. Cost is priced by the pricing connector in the cart's own context (its channel
and currency), whichever channel reads it, so a cart shows one price everywhere."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from connectors import models
from schema.catalog.types import ProductVariant
from schema.common import Money, Node
from schema.context import Info
from schema.enums import ChannelCode
from schema.ids import to_global_id
from schema.inventory.types import Store
from schema.loyalty.types import LoyaltyReward
from schema.orders.cart_cost import CartTotals, applied_rewards, cart_totals
from schema.orders.types import Customer, load_store


@strawberry.type
class CartLineCost:
    unit_price: Money
    subtotal: Money
    total: Money


@strawberry.type
class CartCost:
    subtotal: Money
    discounts: Money
    total: Money

    @classmethod
    def of(cls, totals: CartTotals) -> CartCost:
        return cls(
            subtotal=Money.of(totals.pricing.subtotal),
            discounts=Money.of(totals.discounts),
            total=Money.of(totals.total),
        )


@strawberry.type
class CartLine:
    id: strawberry.ID
    model: strawberry.Private[models.CartLine]
    cart: strawberry.Private[models.Cart]

    @classmethod
    def of(cls, line: models.CartLine, cart: models.Cart) -> CartLine:
        return cls(id=strawberry.ID(to_global_id("CartLine", line.id)), model=line, cart=cart)

    @strawberry.field
    def quantity(self) -> int:
        return self.model.quantity

    @strawberry.field
    async def merchandise(self, info: Info) -> ProductVariant:
        ctx = info.context
        product = await ctx.loaders.product_by_sku.load(ctx.commerce, self.model.sku)
        variants = product.variants if product else ()
        variant = next((v for v in variants if v.sku == self.model.sku), None)
        return ProductVariant.of(
            variant or models.Variant(sku=self.model.sku, title=self.model.sku)
        )

    @strawberry.field
    async def cost(self, info: Info) -> CartLineCost | None:
        totals = await cart_totals(info, self.cart)
        line = totals.line(self.model.sku)
        zero = models.Money(Decimal(0), self.cart.currency)
        if line is None:
            return CartLineCost(
                unit_price=Money.of(zero), subtotal=Money.of(zero), total=Money.of(zero)
            )
        return CartLineCost(
            unit_price=Money.of(line.unit_price or zero),
            subtotal=Money.of(line.subtotal),
            total=Money.of(line.total),
        )


@strawberry.type
class Cart(Node):
    id: strawberry.ID
    model: strawberry.Private[models.Cart]

    @classmethod
    def of(cls, model: models.Cart) -> Cart:
        return cls(id=strawberry.ID(to_global_id("Cart", model.id)), model=model)

    @strawberry.field
    def channel(self) -> ChannelCode:
        return self.model.channel

    @strawberry.field
    def lines(self) -> list[CartLine]:
        return [CartLine.of(line, self.model) for line in self.model.lines]

    @strawberry.field
    def promotion_codes(self) -> list[str]:
        return list(self.model.promotion_codes)

    @strawberry.field
    async def cost(self, info: Info) -> CartCost | None:
        return CartCost.of(await cart_totals(info, self.model))

    @strawberry.field(description="Loyalty rewards applied to this cart (spent at checkout).")
    async def applied_rewards(self, info: Info) -> list[LoyaltyReward]:
        return [LoyaltyReward.of(r) for r in await applied_rewards(info, self.model)]

    @strawberry.field
    async def buyer(self, info: Info) -> Customer | None:
        if self.model.customer_id is None:
            return None
        ctx = info.context
        customer = await ctx.loaders.customer_by_id.load(ctx.commerce, self.model.customer_id)
        return None if customer is None else Customer.of(customer)

    @strawberry.field
    async def pickup_store(self, info: Info) -> Store | None:
        return await load_store(info, self.model.pickup_store_id)

"""Carts. Cost is priced by the pricing connector in the cart's own context (its channel
and currency), whichever channel reads it, so a cart shows one price everywhere."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import strawberry

from connectors import models
from connectors.context import CommerceContext
from schema.catalog.types import ProductVariant
from schema.common import Money, Node
from schema.context import Info
from schema.enums import ChannelCode
from schema.ids import to_global_id
from schema.inventory.types import Store
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


def cart_context(info: Info, cart: models.Cart) -> CommerceContext:
    return replace(info.context.commerce, channel=cart.channel, currency=cart.currency)


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
    async def cost(self, info: Info) -> CartLineCost:
        unit = await _unit_price(info, self.cart, self.model.sku)
        subtotal = Money.of(models.Money(unit.amount * self.model.quantity, unit.currency))
        return CartLineCost(unit_price=Money.of(unit), subtotal=subtotal, total=subtotal)


async def _unit_price(info: Info, cart: models.Cart, sku: str) -> models.Money:
    price = await info.context.loaders.price_by_sku.load(cart_context(info, cart), sku)
    return price.amount if price else models.Money(Decimal(0), cart.currency)


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
    async def cost(self, info: Info) -> CartCost:
        skus = [line.sku for line in self.model.lines]
        loader = info.context.loaders.price_by_sku
        prices = await loader.load_many(cart_context(info, self.model), skus)
        subtotal = sum(
            (
                p.amount.amount * line.quantity
                for p, line in zip(prices, self.model.lines, strict=True)
                if p
            ),
            Decimal(0),
        )
        money = Money.of(models.Money(subtotal, self.model.currency))
        zero = Money.of(models.Money(Decimal(0), self.model.currency))
        return CartCost(subtotal=money, discounts=zero, total=money)

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

"""Customers, orders and reservations: what the signed-in customer sees of the OMS."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from connectors import models
from schema.common import Money, Node, PageInfo
from schema.context import Info
from schema.enums import ChannelCode, OrderStatus, ReservationStatus
from schema.ids import offset_after, offset_cursor, to_global_id
from schema.inventory.types import Store
from schema.limits import check_first
from schema.loyalty.types import LoyaltyAccount


@strawberry.type
class OrderLine:
    sku: str
    title: str
    quantity: int
    total: Money
    unit_price: Money | None = strawberry.field(
        default=None,
        description="The unit price the line was sold at, before discounts; null where the"
        " orders system does not record it.",
    )

    @classmethod
    def of(cls, line: models.OrderLine) -> OrderLine:
        return cls(
            sku=line.sku,
            title=line.title,
            quantity=line.quantity,
            total=Money.of(line.total),
            unit_price=Money.maybe(line.unit_price),
        )


async def load_store(info: Info, store_id: str | None) -> Store | None:
    if store_id is None:
        return None
    ctx = info.context
    store = await ctx.loaders.store_by_id.load(ctx.commerce, store_id)
    return None if store is None else Store.of(store)


@strawberry.type
class Order(Node):
    id: strawberry.ID
    model: strawberry.Private[models.Order]

    @classmethod
    def of(cls, model: models.Order) -> Order:
        return cls(id=strawberry.ID(to_global_id("Order", model.id)), model=model)

    @strawberry.field
    def number(self) -> str:
        return self.model.number

    @strawberry.field
    def channel(self) -> ChannelCode:
        return self.model.channel

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field
    def status(self) -> OrderStatus:
        return self.model.status

    @strawberry.field
    def lines(self) -> list[OrderLine]:
        return [OrderLine.of(line) for line in self.model.lines]

    @strawberry.field
    def total(self) -> Money:
        return Money.of(self.model.total)

    @strawberry.field
    async def pickup_store(self, info: Info) -> Store | None:
        return await load_store(info, self.model.pickup_store_id)

    @strawberry.field
    def loyalty_points_earned(self) -> int | None:
        return self.model.loyalty_points_earned


@strawberry.type
class OrderEdge:
    cursor: str
    node: Order


@strawberry.type
class OrderConnection:
    edges: list[OrderEdge]
    nodes: list[Order]
    page_info: PageInfo


@strawberry.type
class PickupReservation(Node):
    id: strawberry.ID
    model: strawberry.Private[models.Reservation]

    @classmethod
    def of(cls, model: models.Reservation) -> PickupReservation:
        return cls(id=strawberry.ID(to_global_id("PickupReservation", model.id)), model=model)

    @strawberry.field
    async def store(self, info: Info) -> Store:
        store = await load_store(info, self.model.store_id)
        if store is None:
            raise LookupError(f"reservation {self.model.id} names unknown store")
        return store

    @strawberry.field
    async def lines(self, info: Info) -> list[OrderLine]:
        return await priced_lines(info, self.model.lines)

    @strawberry.field
    def status(self) -> ReservationStatus:
        return ReservationStatus(self.model.status.value)

    @strawberry.field
    def expires_at(self) -> datetime:
        return self.model.expires_at


async def priced_lines(info: Info, lines: tuple[models.LineRequest, ...]) -> list[OrderLine]:
    """Lines with their product titles and prices in the request's context."""
    c = info.context
    skus = [line.sku for line in lines]
    products = await c.loaders.product_by_sku.load_many(c.commerce, skus)
    prices = await c.loaders.price_by_sku.load_many(c.commerce, skus)
    result = []
    for line, product, price in zip(lines, products, prices, strict=True):
        amount = price.amount.amount * line.quantity if price else Decimal(0)
        money = models.Money(amount, price.amount.currency if price else c.commerce.currency)
        title = variant_title(product, line.sku)
        result.append(
            OrderLine(sku=line.sku, title=title, quantity=line.quantity, total=Money.of(money))
        )
    return result


def variant_title(product: models.Product | None, sku: str) -> str:
    if product is None:
        return sku
    variant = next((v for v in product.variants if v.sku == sku), None)
    if variant is None or len(product.variants) == 1:
        return product.title
    return f"{product.title} ({variant.title})"


@strawberry.type
class Customer(Node):
    id: strawberry.ID
    model: strawberry.Private[models.Customer]

    @classmethod
    def of(cls, model: models.Customer) -> Customer:
        return cls(id=strawberry.ID(to_global_id("Customer", model.id)), model=model)

    @strawberry.field
    def email(self) -> str:
        return self.model.email

    @strawberry.field
    def first_name(self) -> str | None:
        return self.model.first_name

    @strawberry.field
    def last_name(self) -> str | None:
        return self.model.last_name

    @strawberry.field
    async def loyalty(self, info: Info) -> LoyaltyAccount | None:
        ctx = info.context
        account = await ctx.loaders.loyalty_account_by_customer.load(ctx.commerce, self.model.id)
        return None if account is None else LoyaltyAccount.of(account)

    @strawberry.field(
        description="Orders from every channel: web, app, store, call centre, partner."
    )
    async def orders(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> OrderConnection:
        first = check_first(first)
        start = offset_after(after)
        ctx = info.context
        orders = await ctx.loaders.orders_by_customer.load(ctx.commerce, self.model.id)
        window = orders[start : start + first]
        edges = [
            OrderEdge(cursor=offset_cursor(start + i), node=Order.of(o))
            for i, o in enumerate(window)
        ]
        page_info = PageInfo(
            has_next_page=start + first < len(orders),
            has_previous_page=start > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        )
        return OrderConnection(edges=edges, nodes=[e.node for e in edges], page_info=page_info)

    @strawberry.field
    async def reservations(self, info: Info) -> list[PickupReservation] | None:
        c = info.context
        found = await c.loaders.reservations_by_customer.load(c.commerce, self.model.id)
        return [PickupReservation.of(r) for r in found]

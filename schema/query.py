"""The Query root. Each field validates its arguments, then asks loaders."""

from __future__ import annotations

import asyncio
from typing import TypeVar

import strawberry

from connectors import models
from schema.catalog.listing import empty_connection, listing_request, search_products
from schema.catalog.types import Category, Product, ProductConnection
from schema.common import GeoPointInput, Node
from schema.content.types import Page
from schema.context import Info
from schema.enums import ProductSortKey
from schema.errors import UserInputError
from schema.inventory.nearby import rank_stores
from schema.inventory.pickup import CartLineInput, pickup_options
from schema.inventory.types import PickupOption, Store
from schema.limits import check_first, check_radius
from schema.node import resolve_node, resolve_typed
from schema.orders.cart import Cart
from schema.orders.types import Customer, Order

MAX_NODES = 100


def _one_of(field: str, **given: str | None) -> tuple[str, str]:
    named = [(k, v) for k, v in given.items() if v is not None]
    if len(named) != 1:
        names = ", ".join(f"`{k}`" for k in given)
        raise UserInputError("BAD_USER_INPUT", f"`{field}` takes exactly one of {names}", [field])
    return named[0]


T = TypeVar("T")


def _as(cls: type[T], node: object) -> T | None:
    return node if isinstance(node, cls) else None


@strawberry.type
class Query:
    @strawberry.field
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await resolve_node(info, id)

    @strawberry.field
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            raise UserInputError("ARGUMENT_OUT_OF_RANGE", f"at most {MAX_NODES} ids", ["ids"])
        return list(await asyncio.gather(*(resolve_node(info, i) for i in ids)))

    @strawberry.field
    async def product(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        handle: str | None = None,
        sku: str | None = None,
    ) -> Product | None:
        kind, value = _one_of("product", id=id, handle=handle, sku=sku)
        if kind == "id":
            return _as(Product, await resolve_typed(info, value, "Product"))
        c = info.context
        by = c.loaders.product_by_handle if kind == "handle" else c.loaders.product_by_sku
        model = await by.load(c.commerce, value)
        return None if model is None else Product.of(model)

    @strawberry.field(description="Full-text and faceted listing; `first` is capped (at most 100).")
    async def products(
        self,
        info: Info,
        first: int | None = 20,
        after: str | None = None,
        query: str | None = None,
        category_handle: str | None = None,
        sort_key: ProductSortKey | None = models.ProductSort.RELEVANCE,
        reverse: bool | None = False,
    ) -> ProductConnection:
        category_id = None
        if category_handle is not None:
            c = info.context
            category = await c.loaders.category_by_handle.load(c.commerce, category_handle)
            if category is None:
                check_first(first)
                return empty_connection()
            category_id = category.id
        request = listing_request(
            first,
            after,
            query=query,
            category_id=category_id,
            sort=sort_key or models.ProductSort.RELEVANCE,
            reverse=bool(reverse),
        )
        return await search_products(info, request)

    @strawberry.field
    async def category(
        self, info: Info, id: strawberry.ID | None = None, handle: str | None = None
    ) -> Category | None:
        kind, value = _one_of("category", id=id, handle=handle)
        if kind == "id":
            return _as(Category, await resolve_typed(info, value, "Category"))
        c = info.context
        model = await c.loaders.category_by_handle.load(c.commerce, value)
        return None if model is None else Category.of(model)

    @strawberry.field
    async def store(
        self, info: Info, id: strawberry.ID | None = None, code: str | None = None
    ) -> Store | None:
        kind, value = _one_of("store", id=id, code=code)
        if kind == "id":
            return _as(Store, await resolve_typed(info, value, "Store"))
        c = info.context
        model = await c.loaders.store_by_code.load(c.commerce, value)
        return None if model is None else Store.of(model)

    @strawberry.field(
        description="Stores ordered by distance from `near`, within `radiusKm` when given."
    )
    async def stores(
        self,
        info: Info,
        near: GeoPointInput | None = None,
        radius_km: float | None = None,
        first: int | None = 10,
    ) -> list[Store]:
        first = check_first(first, 10)
        check_radius(radius_km)
        c = info.context
        stores = await c.loaders.stores(c.commerce)
        ranked = rank_stores(stores, near.to_model() if near else None, radius_km)
        return [Store.of(s) for s, _ in ranked[:first]]

    @strawberry.field(
        description="The closest stores that can hand over every line right now, nearest first: "
        'the\n"closest store that has it" answer a chat agent or a store locator needs.'
    )
    async def pickup_options(
        self,
        info: Info,
        lines: list[CartLineInput],
        near: GeoPointInput,
        radius_km: float | None = 16,
        first: int | None = 5,
    ) -> list[PickupOption]:
        return await pickup_options(info, lines, near, radius_km, first)

    @strawberry.field
    async def page(self, info: Info, handle: str) -> Page | None:
        c = info.context
        model = await c.loaders.page_by_handle.load(c.commerce, handle)
        return None if model is None else Page.of(model)

    @strawberry.field
    async def cart(self, info: Info, id: strawberry.ID) -> Cart | None:
        return _as(Cart, await resolve_typed(info, id, "Cart"))

    @strawberry.field(
        description="The signed-in customer (a customer access token is required), else null."
    )
    async def customer(self, info: Info) -> Customer | None:
        c = info.context
        if c.commerce.customer_id is None:
            return None
        model = await c.loaders.customer_by_id.load(c.commerce, c.commerce.customer_id)
        return None if model is None else Customer.of(model)

    @strawberry.field
    async def order(self, info: Info, id: strawberry.ID) -> Order | None:
        return _as(Order, await resolve_typed(info, id, "Order"))
